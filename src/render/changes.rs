//! `<locale>/changes/index.html`: what changed in the facts, newest first, from the
//! git history; the same entries again by section and by country, so a reader can go
//! straight to what they watch without any script.

use serde::Serialize;

use super::{base_context, render_template, LocaleView, OutputFile, PageKind, Text};
use crate::diagnostic::Diagnostic;
use crate::model::changes::{self, CommitChanges, CountryChanges, SiteHistory};
use crate::model::dates::{display_date, Date};
use crate::model::{Locale, Msg, Site};

/// The changes page's folder under `<locale>/`: no prose page may take its name.
pub const DIR: &str = "changes";

/// What one commit did to one country (or, in a group, the part of it the group is about).
#[derive(Serialize, Clone)]
struct EntryView {
    /// `YYYY-MM-DD`, for `<time datetime>`.
    iso: String,
    date: String,
    country: Text,
    /// The country page, while the country is listed.
    href: Option<String>,
    changes: Vec<Text>,
}

#[derive(Serialize)]
struct DayView {
    iso: String,
    date: String,
    entries: Vec<EntryView>,
}

/// The entries of one section or one country, newest first.
#[derive(Serialize)]
struct GroupView {
    /// The group's anchor: `section-calling-plans`, `country-be`.
    id: String,
    title: Text,
    href: Option<String>,
    entries: Vec<EntryView>,
}

/// One country's changes in one commit, in the locale's words, each sentence with the
/// key of the section it is about.
struct Said<'a> {
    commit: &'a CommitChanges,
    code: &'a str,
    sentences: Vec<(Option<&'a str>, Msg)>,
}

pub fn render(
    site: &Site,
    tera: &tera::Tera,
    view: &LocaleView,
    history: &SiteHistory,
    scratch: &mut tera::Context,
) -> Result<OutputFile, Diagnostic> {
    let locale = &site.locales[view.li];
    let index = changes::CountryIndex::new(site, locale);
    let said: Vec<Said> = history
        .shown()
        .flat_map(|commit| {
            index.sorted(commit).into_iter().map(move |c: &CountryChanges| Said {
                commit,
                code: &c.code,
                sentences: changes::sentences(locale, c),
            })
        })
        .collect();
    let entry = |s: &Said, keep: &dyn Fn(Option<&str>) -> bool| {
        let ci = index.get(s.code);
        EntryView {
            iso: s.commit.date().iso(),
            date: display_date(locale, s.commit.date()),
            country: Text::from(changes::country_name(locale, ci, s.code)),
            href: ci.map(|ci| format!("../availability-in-{}/", site.countries[ci].slug)),
            changes: s.sentences.iter().filter(|(key, _)| keep(*key)).map(|(_, m)| Text::from(m)).collect(),
        }
    };

    let mut days: Vec<DayView> = Vec::new();
    for s in &said {
        let e = entry(s, &|_| true);
        match days.last_mut() {
            Some(day) if day.iso == e.iso => day.entries.push(e),
            _ => days.push(DayView { iso: e.iso.clone(), date: e.date.clone(), entries: vec![e] }),
        }
    }

    // Sections in the order of the site's schema, then those only older schemas had;
    // the countries' listing (now listed, no longer listed) first.
    let mut sections: Vec<Option<&str>> = vec![None];
    sections.extend(site.schema.sections.iter().map(|s| Some(s.key.as_str())));
    for s in &said {
        for (key, _) in &s.sentences {
            if !sections.contains(key) {
                sections.push(*key);
            }
        }
    }
    let by_section: Vec<GroupView> = sections
        .into_iter()
        .filter_map(|key| {
            let entries: Vec<EntryView> = said
                .iter()
                .filter(|s| s.sentences.iter().any(|(k, _)| *k == key))
                .map(|s| entry(s, &|k| k == key))
                .collect();
            (!entries.is_empty()).then(|| section_group(site, locale, &said, key, entries))
        })
        .collect();

    // Countries in the locale's order, then those no longer listed by code.
    let mut codes: Vec<&str> = locale.order.iter().map(|&ci| site.countries[ci].code.as_str()).collect();
    let mut gone: Vec<&str> = said.iter().map(|s| s.code).filter(|c| index.get(c).is_none()).collect();
    gone.sort_unstable();
    gone.dedup();
    codes.extend(gone);
    let by_country: Vec<GroupView> = codes
        .into_iter()
        .filter_map(|code| {
            let entries: Vec<EntryView> = said.iter().filter(|s| s.code == code).map(|s| entry(s, &|_| true)).collect();
            let first = entries.first()?;
            Some(GroupView {
                id: country_anchor(code),
                title: first.country.clone(),
                href: first.href.clone(),
                entries,
            })
        })
        .collect();

    let timeline = &history.timeline;
    let date = |d: Date| display_date(locale, d);
    let mut ctx = base_context(site, view, PageKind::Changes, scratch);
    ctx.insert("title", &Text::from(locale.ui("changes_title")));
    ctx.insert("intro", &Text::from(locale.ui("changes_intro").format(&[("date", &date(history.since))])));
    let known_from = (!timeline.complete)
        .then(|| Text::from(locale.ui("changes_known_from").format(&[("date", &date(timeline.known_from))])));
    ctx.insert("known_from", &known_from);
    ctx.insert("nothing", &Text::from(locale.ui("changes_none").format(&[("date", &date(history.since))])));
    ctx.insert("days", &days);
    ctx.insert("by_section", &by_section);
    ctx.insert("by_country", &by_country);
    let path = format!("{}/{DIR}/index.html", locale.dir);
    let html = render_template(tera, "changes.html", &ctx, &path)?;
    Ok(OutputFile { path, bytes: html })
}

/// The anchor of a country's changes on the changes page (its country page links to it).
pub fn country_anchor(code: &str) -> String {
    format!("country-{}", code.to_lowercase())
}

/// The group of one section's entries (`None`: the countries listed and unlisted),
/// titled as the site's schema names the section, or as the schema of its last
/// commit did when the site's has it no more.
fn section_group(site: &Site, locale: &Locale, said: &[Said], key: Option<&str>, entries: Vec<EntryView>) -> GroupView {
    let Some(key) = key else {
        return GroupView {
            id: "countries-listed".into(),
            title: Text::from(locale.ui("country")),
            href: None,
            entries,
        };
    };
    let title_key = site.schema.section(key).map(|s| site.schema.sections[s].title.as_str()).or_else(|| {
        said.iter().find_map(|s| s.commit.countries.iter().find_map(|c| changes::section_title_key(c, key)))
    });
    GroupView {
        id: format!("section-{}", key.replace('_', "-")),
        title: Text::from(locale.ui(title_key.unwrap_or(key))),
        href: None,
        entries,
    }
}
