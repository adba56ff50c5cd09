//! What changed, fact by fact: the versions of each country along the git history
//! ([`crate::load::history`]) compared through the schema of their commits, and the
//! sentences that say it in a locale's words.
//!
//! Values are compared by what they mean, not how they are written: a choice by its
//! value, cities and list records as sets, a record by its keys. So a renamed file, a
//! reformatted file and reordered keys or cities are no change. A section or fact that
//! the earlier schema did not have is new to the site, not a change of the country's;
//! an optional section that a country gains or loses is ("now offered"), and so is a
//! note added or removed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::dates::{display_date, Date};
use super::facts::{self, list};
use super::{Locale, Msg, Site};
use crate::load::country::FactValue;
use crate::load::history::{History, Step, Version};
use crate::load::schema::{FactDef, FactKind};

/// A fact's place in the schema of one version: indices of its section and of the fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactAt {
    pub section: usize,
    pub fact: usize,
}

/// One change of a country listed before and after: one fact, or an optional section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An optional section appears (index in the new version's schema).
    Offered(usize),
    /// An optional section is gone (index in the old version's schema).
    Withdrawn(usize),
    /// A yes/no, choice or count (or a fact whose type changed): old value → new value.
    Value { before: FactAt, after: FactAt },
    /// Cities or list records added and removed: indices into the new and old lists.
    Items { before: FactAt, after: FactAt, added: Vec<usize>, removed: Vec<usize> },
    /// Notes added and removed: indices into the new and old notes. Notes are no facts,
    /// but what they say is on the country's page ("toll numbers only on request").
    Notes { added: Vec<usize>, removed: Vec<usize> },
}

/// The key that changes of notes are grouped by, beside the sections' keys (it is a
/// key of country files, so no section has it).
pub const NOTES: &str = "notes";

/// What one commit did to one country.
#[derive(Debug)]
pub struct CountryChanges {
    pub code: String,
    pub kind: Kind,
}

#[derive(Debug)]
pub enum Kind {
    /// The country appears ("now listed").
    Listed,
    Unlisted,
    /// Its facts changed: the changes, and the versions they are read from.
    Facts {
        before: Arc<Version>,
        after: Arc<Version>,
        changes: Vec<Change>,
    },
}

/// A commit that changed some country's facts.
#[derive(Debug)]
pub struct CommitChanges {
    pub hash: String,
    /// Committer date, seconds since the Unix epoch.
    pub time: i64,
    /// By code.
    pub countries: Vec<CountryChanges>,
}

impl CommitChanges {
    pub fn date(&self) -> Date {
        Date::of_unix(self.time)
    }
}

/// When a country's facts last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastChanged {
    pub date: Date,
    /// False where the history is cut short (a shallow clone) and the country is
    /// unchanged since its first commit: the facts are as old as that, or older.
    pub exact: bool,
}

/// Everything the history says, read once per HEAD.
#[derive(Debug)]
pub struct Timeline {
    /// The commit the history was read at.
    pub head: String,
    /// Commits with changes, newest first (first parents, in the order they came).
    pub commits: Vec<CommitChanges>,
    /// The date of the first commit with countries: the history is known from then.
    pub known_from: Date,
    /// False for a shallow clone, whose history is cut short.
    pub complete: bool,
    /// The newest commit that touched a country, seconds since the Unix epoch.
    pub newest: i64,
    /// The last change of every country listed at HEAD, by code.
    pub last_changed: BTreeMap<String, LastChanged>,
}

/// The history as the site shows it: the timeline, and how far back the changes page
/// and the feed go.
#[derive(Debug)]
pub struct SiteHistory {
    pub timeline: Arc<Timeline>,
    pub since: Date,
    /// The codes of the countries with changes since `since`.
    pub changed_since: BTreeSet<String>,
}

impl PartialEq for SiteHistory {
    /// A timeline is what one HEAD's history says: the same HEAD, the same timeline.
    fn eq(&self, other: &Self) -> bool {
        self.timeline.head == other.timeline.head && self.since == other.since
    }
}

impl SiteHistory {
    /// The commits since `since`, newest first.
    pub fn shown(&self) -> impl Iterator<Item = &CommitChanges> {
        self.timeline.commits.iter().filter(|c| c.date() >= self.since)
    }
}

/// Compares every commit of `history` with the one before it. `None` when no commit
/// has countries.
pub fn timeline(history: &History) -> Option<Timeline> {
    let first = history.steps.first()?;
    let complete = !history.head.shallow;
    let mut last_changed = BTreeMap::new();
    let mut commits = Vec::new();
    for (i, step) in history.steps.iter().enumerate() {
        if step.baseline {
            // Where the history starts (in a shallow clone, the first commit of all, whose
            // countries may be older): when the facts appeared, not a change.
            let date = Date::of_unix(step.time);
            let exact = complete || i > 0;
            for t in step.touched.iter().filter(|t| t.after.is_some()) {
                last_changed.insert(t.code.clone(), LastChanged { date, exact });
            }
            continue;
        }
        let countries = compare_step(step);
        for c in &countries {
            match c.kind {
                Kind::Unlisted => last_changed.remove(&c.code),
                _ => last_changed.insert(c.code.clone(), LastChanged { date: Date::of_unix(step.time), exact: true }),
            };
        }
        if !countries.is_empty() {
            commits.push(CommitChanges { hash: step.hash.clone(), time: step.time, countries });
        }
    }
    commits.reverse();
    Some(Timeline {
        head: history.head.commit.clone(),
        commits,
        known_from: Date::of_unix(first.time),
        complete,
        newest: history.steps.last().map_or(first.time, |s| s.time),
        last_changed,
    })
}

/// Gives the site its history: each country's last change, and the changes shown since
/// `since` (default: a year before the newest commit that touched a country).
pub fn attach(site: &mut Site, timeline: Arc<Timeline>, since: Option<Date>) {
    for country in &mut site.countries {
        country.last_changed = timeline.last_changed.get(&country.code).copied();
    }
    let since = since.unwrap_or_else(|| Date::of_unix(timeline.newest).a_year_before());
    let mut history = SiteHistory { timeline, since, changed_since: BTreeSet::new() };
    history.changed_since = history.shown().flat_map(|c| &c.countries).map(|c| c.code.clone()).collect();
    site.history = Some(history);
}

/// The site's countries as changes name them: by code (some are gone), in a locale's order.
pub struct CountryIndex<'s> {
    by_code: HashMap<&'s str, usize>,
    /// Each country's place in the locale's order.
    rank: Vec<usize>,
}

impl<'s> CountryIndex<'s> {
    pub fn new(site: &'s Site, locale: &Locale) -> Self {
        let mut rank = vec![0; site.countries.len()];
        for (place, &ci) in locale.order.iter().enumerate() {
            rank[ci] = place;
        }
        CountryIndex { by_code: site.countries.iter().enumerate().map(|(i, c)| (c.code.as_str(), i)).collect(), rank }
    }

    /// The index of the country listed with `code`.
    pub fn get(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// A commit's countries in the locale's order; those no longer listed last, by code.
    pub fn sorted<'c>(&self, commit: &'c CommitChanges) -> Vec<&'c CountryChanges> {
        let mut countries: Vec<&CountryChanges> = commit.countries.iter().collect();
        countries.sort_by_key(|c| self.get(&c.code).map_or(usize::MAX, |ci| self.rank[ci]));
        countries
    }
}

/// A country's name in `locale`: the site's name for it while it is listed (`ci`, its
/// index); CLDR's, or the code, for one that is gone.
pub fn country_name(locale: &Locale, ci: Option<usize>, code: &str) -> Msg {
    match ci {
        Some(ci) => locale.country_names[ci].clone(),
        None => locale.name_for_code(code).unwrap_or_else(|| Msg::own(code.to_owned())),
    }
}

/// When a country's facts last changed, as a date in `locale`'s words: the date, or
/// "on or before" it where the history is cut short.
pub fn last_changed_date(locale: &Locale, last: LastChanged) -> Msg {
    last_changed(locale, last, display_date(locale, last.date))
}

/// [`last_changed_date`] with the date as `YYYY-MM-DD`, for the spreadsheets: it sorts,
/// and every spreadsheet program reads it, as a count there is a plain number.
pub fn last_changed_iso(locale: &Locale, last: LastChanged) -> Msg {
    last_changed(locale, last, last.date.iso())
}

fn last_changed(locale: &Locale, last: LastChanged, date: String) -> Msg {
    if last.exact {
        Msg::own(date)
    } else {
        locale.ui("on_or_before").format(&[("date", &date)])
    }
}

/// The countries of `step` whose facts changed, with their changes.
fn compare_step(step: &Step) -> Vec<CountryChanges> {
    step.touched
        .iter()
        .filter_map(|t| {
            let kind = match (&t.before, &t.after) {
                (None, Some(_)) => Kind::Listed,
                (Some(_), None) => Kind::Unlisted,
                (Some(before), Some(after)) => {
                    let changes = compare(before, after);
                    if changes.is_empty() {
                        return None;
                    }
                    Kind::Facts { before: before.clone(), after: after.clone(), changes }
                }
                (None, None) => return None,
            };
            Some(CountryChanges { code: t.code.clone(), kind })
        })
        .collect()
}

/// The changes from `before` to `after`, in the order of the newer schema, then notes.
fn compare(before: &Version, after: &Version) -> Vec<Change> {
    let mut changes = Vec::new();
    for (si, section) in after.schema.sections.iter().enumerate() {
        let Some(bsi) = before.schema.section(&section.key) else {
            continue;
        };
        let old_section = &before.schema.sections[bsi];
        match (&before.data.sections[bsi], &after.data.sections[si]) {
            (None, None) => {}
            (None, Some(_)) => changes.push(Change::Offered(si)),
            (Some(_), None) => changes.push(Change::Withdrawn(bsi)),
            (Some(old_values), Some(new_values)) => {
                for (fi, def) in section.facts.iter().enumerate() {
                    let Some(bfi) = old_section.fact(&def.key) else {
                        continue;
                    };
                    let (old, new) = (&old_values[bfi], &new_values[fi]);
                    let (b, a) = (FactAt { section: bsi, fact: bfi }, FactAt { section: si, fact: fi });
                    changes.extend(compare_fact((&old_section.facts[bfi], old), (def, new), b, a));
                }
            }
        }
    }
    let notes = |v: &Version| v.data.notes.iter().map(|n| n.value.clone()).collect::<Vec<String>>();
    let (old_notes, new_notes) = (notes(before), notes(after));
    let (added, removed) = (not_in(&new_notes, &old_notes), not_in(&old_notes, &new_notes));
    if !added.is_empty() || !removed.is_empty() {
        changes.push(Change::Notes { added, removed });
    }
    changes
}

/// A value as what it means, whatever the schema's order of choices or item keys and
/// the order of cities and records: what two values are compared as.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Plain<'a> {
    Absent,
    Bool(bool),
    Choice(&'a str),
    Count(u64),
    Cities(Vec<&'a str>),
    List(Vec<Record<'a>>),
}

/// A list record's values by key, absent ones left out (so a key the schema added, and
/// no file uses yet, changes no record).
type Record<'a> = Vec<(&'a str, Plain<'a>)>;

fn plain<'a>(def: &'a FactDef, value: &'a FactValue) -> Plain<'a> {
    match (&def.kind, value) {
        (_, FactValue::Bool(b)) => Plain::Bool(*b),
        (FactKind::Choice { values }, FactValue::Choice(i)) => Plain::Choice(&values[*i].0),
        (_, FactValue::Count(n)) => Plain::Count(*n),
        (_, FactValue::Cities(cities)) => {
            let mut cities: Vec<&str> = cities.iter().map(String::as_str).collect();
            cities.sort_unstable();
            Plain::Cities(cities)
        }
        (FactKind::List { item }, FactValue::List(records)) => {
            let mut records: Vec<Record> = records.iter().map(|r| record(item, r)).collect();
            records.sort_unstable();
            Plain::List(records)
        }
        _ => Plain::Absent,
    }
}

fn record<'a>(item: &'a [FactDef], values: &'a [FactValue]) -> Record<'a> {
    let mut fields: Record = item
        .iter()
        .zip(values)
        .map(|(d, v)| (d.key.as_str(), plain(d, v)))
        .filter(|(_, p)| *p != Plain::Absent)
        .collect();
    fields.sort_unstable();
    fields
}

fn compare_fact(
    (old_def, old): (&FactDef, &FactValue),
    (new_def, new): (&FactDef, &FactValue),
    before: FactAt,
    after: FactAt,
) -> Option<Change> {
    if plain(old_def, old) == plain(new_def, new) {
        return None;
    }
    Some(match (&old_def.kind, old, &new_def.kind, new) {
        (_, FactValue::Cities(o), _, FactValue::Cities(n)) => items(o, n, before, after),
        (FactKind::List { item: oi }, FactValue::List(o), FactKind::List { item: ni }, FactValue::List(n)) => {
            let o: Vec<Record> = o.iter().map(|r| record(oi, r)).collect();
            let n: Vec<Record> = n.iter().map(|r| record(ni, r)).collect();
            items(&o, &n, before, after)
        }
        _ => Change::Value { before, after },
    })
}

/// The items of `new` that `old` does not have, and those of `old` that `new` does not.
fn items<T: Ord>(old: &[T], new: &[T], before: FactAt, after: FactAt) -> Change {
    Change::Items { before, after, added: not_in(new, old), removed: not_in(old, new) }
}

/// Indices of the items of `from` that `other` does not have, counting repeats.
fn not_in<T: Ord>(from: &[T], other: &[T]) -> Vec<usize> {
    let mut left: BTreeMap<&T, usize> = BTreeMap::new();
    for item in other {
        *left.entry(item).or_default() += 1;
    }
    (0..from.len())
        .filter(|&i| match left.get_mut(&from[i]) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// What a commit did to a country, sentence by sentence in `locale`'s words, each
/// with the key of the section it is about ([`NOTES`] for notes; `None`: the country
/// as a whole).
pub fn sentences<'a>(locale: &Locale, country: &'a CountryChanges) -> Vec<(Option<&'a str>, Msg)> {
    match &country.kind {
        Kind::Listed => vec![(None, locale.ui("change_listed"))],
        Kind::Unlisted => vec![(None, locale.ui("change_unlisted"))],
        Kind::Facts { before, after, changes } => changes
            .iter()
            .map(|change| {
                let (version, section) = match change {
                    Change::Notes { .. } => return (Some(NOTES), sentence(locale, before, after, change)),
                    Change::Withdrawn(s) => (before, *s),
                    Change::Offered(s) => (after, *s),
                    Change::Value { after: at, .. } | Change::Items { after: at, .. } => (after, at.section),
                };
                (Some(version.schema.sections[section].key.as_str()), sentence(locale, before, after, change))
            })
            .collect(),
    }
}

/// The ui key of the title that the schema of `country`'s change gave section `key`.
pub fn section_title_key<'a>(country: &'a CountryChanges, key: &str) -> Option<&'a str> {
    let Kind::Facts { before, after, .. } = &country.kind else {
        return None;
    };
    [after, before].into_iter().find_map(|v| v.schema.section(key).map(|s| v.schema.sections[s].title.as_str()))
}

/// A change as a sentence made from the labels of the schema of its commit:
/// "Calling Plans: Available for purchase — No → Yes".
fn sentence(locale: &Locale, old: &Version, new: &Version, change: &Change) -> Msg {
    let title = |v: &Version, s: usize| locale.ui(&v.schema.sections[s].title).text;
    let label = |at: FactAt| {
        let def = &new.schema.sections[at.section].facts[at.fact];
        locale.ui(def.label.as_deref().unwrap_or(&def.key)).text
    };
    let from_to = |at: FactAt, from: &Msg, to: &Msg| {
        locale.ui("change_value").format(&[
            ("section", &title(new, at.section)),
            ("fact", &label(at)),
            ("before", &from.text),
            ("after", &to.text),
        ])
    };
    match change {
        Change::Offered(s) => locale.ui("change_offered").format(&[("section", &title(new, *s))]),
        Change::Withdrawn(s) => locale.ui("change_withdrawn").format(&[("section", &title(old, *s))]),
        Change::Value { before, after } => from_to(*after, &value(locale, old, *before), &value(locale, new, *after)),
        Change::Items { before, after, added, removed } => {
            let added: Vec<Msg> = added.iter().map(|&i| item(locale, new, *after, i)).collect();
            let removed: Vec<Msg> = removed.iter().map(|&i| item(locale, old, *before, i)).collect();
            let is_list = matches!(fact_of(new, *after).0.kind, FactKind::List { .. });
            match (&added[..], &removed[..]) {
                // One record for another reads as the record changing (a plan's minutes).
                ([to], [from]) if is_list => from_to(*after, from, to),
                _ => locale.ui("change_items").format(&[
                    ("section", &title(new, after.section)),
                    ("fact", &label(*after)),
                    ("changes", &added_and_removed(locale, &added, &removed)),
                ]),
            }
        }
        Change::Notes { added, removed } => {
            let notes = |v: &Version, indices: &[usize]| -> Vec<Msg> {
                indices.iter().map(|&i| locale.note(&v.data.notes[i].value)).collect()
            };
            let changes = added_and_removed(locale, &notes(new, added), &notes(old, removed));
            locale.ui("change_notes").format(&[("section", &locale.ui("notes").text), ("changes", &changes)])
        }
    }
}

/// "added: Ghent, Liège; removed: Namur".
fn added_and_removed(locale: &Locale, added: &[Msg], removed: &[Msg]) -> String {
    let mut parts = Vec::new();
    for (key, items) in [("change_added", added), ("change_removed", removed)] {
        if !items.is_empty() {
            parts.push(locale.ui(key).format(&[("items", &list(locale, items).text)]).text);
        }
    }
    parts.join("; ")
}

fn fact_of(version: &Version, at: FactAt) -> (&FactDef, &FactValue) {
    let def = &version.schema.sections[at.section].facts[at.fact];
    let value = version.data.value(at.section, at.fact).unwrap_or(&FactValue::Absent);
    (def, value)
}

fn value(locale: &Locale, version: &Version, at: FactAt) -> Msg {
    let (def, value) = fact_of(version, at);
    facts::value_msg(locale, def, value)
}

/// Item `i` of a cities or list fact, as the country page shows it.
fn item(locale: &Locale, version: &Version, at: FactAt, i: usize) -> Msg {
    match fact_of(version, at) {
        (_, FactValue::Cities(cities)) => Msg::own(locale.city(&cities[i]).to_owned()),
        (FactDef { kind: FactKind::List { item }, .. }, FactValue::List(records)) => {
            facts::record_text(locale, item, &records[i])
        }
        _ => Msg::own(String::new()),
    }
}
