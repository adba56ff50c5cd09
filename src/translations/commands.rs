//! `availgen translations status`, `confirm` and `export`.

use std::collections::HashSet;
use std::path::Path;

use serde_json::json;

use super::catalog::{self, Entry, Section};
use super::lock::{self, LockEntry, State};
use super::stale::{self, Status};
use super::xliff::{self, OutFile, OutGroup, OutUnit, SegState};
use super::{diff, load_site, read_lock, target_locale, write_file, Failure};
use crate::diagnostic::Format;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::l10n::Formatters;
use icu_plurals::PluralCategory;

type Done = Result<Vec<Diagnostic>, Failure>;

/// Appends one line to `out`, like `println!`.
macro_rules! outln {
    ($out:expr) => {
        $out.push('\n')
    };
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

/// Prints `text` to standard output; a reader that went away (`| head`) is not an error.
fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// A string as shown on one line: quoted when blanks or line breaks would hide in it.
fn shown(s: &str) -> String {
    if s.contains(['\n', '\r', '\t']) || s.trim() != s || s.is_empty() {
        format!("{s:?}")
    } else {
        s.to_owned()
    }
}

fn position(entry: &Entry) -> String {
    entry.translation.as_ref().map(|(_, p)| format!("{}:{}:{}", p.file, p.line, p.column)).unwrap_or_default()
}

struct Counts {
    stale: usize,
    unconfirmed: usize,
    confirmed: usize,
    missing: usize,
}

fn counts(report: &[(Entry, Status)]) -> Counts {
    let count = |f: fn(&Status) -> bool| report.iter().filter(|(_, s)| f(s)).count();
    Counts {
        stale: count(|s| matches!(s, Status::Stale { .. })),
        unconfirmed: count(|s| *s == Status::Unconfirmed),
        confirmed: count(|s| matches!(s, Status::Confirmed(_))),
        missing: count(|s| *s == Status::Missing),
    }
}

pub fn status(root: &Path, locale: Option<&str>, format: Format) -> Done {
    let loaded = load_site(root)?;
    let source = loaded.config.source_locale();
    let lock = read_lock(root)?.unwrap_or_default();
    let tags: Vec<&str> = match locale {
        Some(tag) => vec![target_locale(&loaded, tag)?.tag.as_str()],
        None => stale::target_tags(&loaded),
    };
    let reports: Vec<(&str, Vec<(Entry, Status)>)> =
        tags.iter().map(|tag| (*tag, stale::report(&loaded, &lock, tag))).collect();
    if format == Format::Json {
        let locales: Vec<_> = reports
            .iter()
            .map(|(tag, report)| {
                let c = counts(report);
                let item = |e: &Entry, extra: serde_json::Value| {
                    let (text, place) = e.translation.as_ref().expect("only translated keys are listed");
                    let mut v = json!({
                        "key": e.key, "file": place.file, "line": place.line, "column": place.column,
                        "source": e.source.as_text(), "translation": text.as_text(),
                    });
                    if let (Some(v), Some(extra)) = (v.as_object_mut(), extra.as_object()) {
                        v.extend(extra.clone());
                    }
                    v
                };
                let stale: Vec<_> = report
                    .iter()
                    .filter_map(|(e, s)| match s {
                        Status::Stale { was } => Some(item(e, json!({ "previous_source": was }))),
                        _ => None,
                    })
                    .collect();
                let unconfirmed: Vec<_> =
                    report.iter().filter(|(_, s)| *s == Status::Unconfirmed).map(|(e, _)| item(e, json!({}))).collect();
                json!({
                    "locale": tag, "keys": report.len(), "confirmed": c.confirmed, "missing": c.missing,
                    "stale": stale, "unconfirmed": unconfirmed,
                })
            })
            .collect();
        emit(&format!("{}\n", serde_json::to_string_pretty(&locales).unwrap_or_default()));
        return Ok(Vec::new());
    }
    let mut out = String::new();
    let mut pending = Vec::new();
    for (tag, report) in &reports {
        let c = counts(report);
        let totals =
            format!("{} confirmed, {} not translated, of {} {source} keys", c.confirmed, c.missing, report.len());
        if c.stale == 0 && c.unconfirmed == 0 {
            outln!(out, "{tag}: up to date ({totals})");
            continue;
        }
        pending.push(*tag);
        outln!(out, "{tag}: {} stale, {} unconfirmed ({totals})", c.stale, c.unconfirmed);
        for (entry, status) in report {
            let Some((text, _)) = &entry.translation else { continue };
            let (text, source_text) = (text.as_text(), entry.source.as_text());
            match status {
                Status::Stale { was } => {
                    outln!(out, "\n  stale: {} at {}", entry.key, position(entry));
                    if entry.section == Section::Page {
                        outln!(out, "    {source} changes since the translation:");
                        for line in diff::lines(was, &source_text, 1) {
                            outln!(out, "      {line}");
                        }
                    } else {
                        outln!(out, "    {:<12}{}", format!("{source} then:"), shown(was));
                        outln!(out, "    {:<12}{}", format!("{source} now:"), shown(&source_text));
                        outln!(out, "    {:<12}{}", format!("{tag}:"), shown(&text));
                    }
                }
                Status::Unconfirmed => {
                    outln!(out, "\n  unconfirmed: {} at {}", entry.key, position(entry));
                    if entry.section != Section::Page {
                        outln!(out, "    {:<12}{}", format!("{source}:"), shown(&source_text));
                        outln!(out, "    {:<12}{}", format!("{tag}:"), shown(&text));
                    }
                }
                _ => {}
            }
        }
        outln!(out);
    }
    for tag in pending {
        outln!(
            out,
            "After reviewing a translation against {source}, record it: \
             availgen translations confirm --locale {tag} --key KEY (or --all)"
        );
    }
    emit(&out);
    Ok(Vec::new())
}

pub fn confirm(root: &Path, tag: &str, keys: &[String], all: bool) -> Done {
    let loaded = load_site(root)?;
    let locale = target_locale(&loaded, tag)?;
    let tag = locale.tag.as_str();
    let old = read_lock(root)?.unwrap_or_default();
    let report = stale::report(&loaded, &old, tag);
    let mut chosen: Vec<&(Entry, Status)> = Vec::new();
    let mut problems = Vec::new();
    if all {
        chosen.extend(report.iter().filter(|(e, _)| e.translation.is_some()));
    }
    for key in keys {
        match report.iter().find(|(e, _)| e.key == *key) {
            Some(item) if item.0.translation.is_some() => chosen.push(item),
            Some(_) => problems.push(format!("`{key}` has no {tag} translation to confirm")),
            None => {
                let hint = did_you_mean(key, report.iter().map(|(e, _)| e.key.as_str()))
                    .unwrap_or_else(|| "keys look like `ui.site_title`, `countries.AR` or `page.overview`".into());
                problems.push(format!("`{key}` is not a key of {}; {hint}", loaded.config.source_locale()));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Usage(problems.join("\nerror: ")));
    }
    let mut lock = old.clone();
    let (mut stale_count, mut unconfirmed_count, mut seen) = (0, 0, HashSet::new());
    for (entry, status) in chosen {
        if !seen.insert(entry.key.as_str()) {
            continue;
        }
        let state = match status {
            Status::Confirmed(state) => *state,
            Status::Stale { .. } => {
                stale_count += 1;
                State::Translated
            }
            _ => {
                unconfirmed_count += 1;
                State::Translated
            }
        };
        lock.set(tag, &entry.key, LockEntry::of(&entry.source.as_text(), state));
    }
    if all {
        // Entries for keys that are no longer translated (or no longer exist) go.
        if let Some(entries) = lock.locales.get_mut(tag) {
            entries.retain(|key, _| seen.contains(key.as_str()));
        }
    }
    let what =
        format!("{} translations of {tag} ({stale_count} were stale, {unconfirmed_count} unconfirmed)", seen.len());
    if lock == old {
        println!("Confirmed {what}; {} already says so", lock::LOCK_PATH);
    } else {
        lock::write(root, &lock).map_err(|e| Failure::Io(format!("cannot write {}: {e}", lock::LOCK_PATH)))?;
        println!("Confirmed {what} in {}", lock::LOCK_PATH);
    }
    Ok(Vec::new())
}

fn seg_state(state: State) -> SegState {
    match state {
        State::Translated => SegState::Translated,
        State::Reviewed => SegState::Reviewed,
        State::Final => SegState::Final,
    }
}

pub fn export(root: &Path, tag: &str, out: Option<&Path>) -> Done {
    let loaded = load_site(root)?;
    let locale = target_locale(&loaded, tag)?;
    let tag = locale.tag.as_str();
    let source_tag = loaded.config.source_locale();
    let source_file = format!("locales/{source_tag}.yaml");
    let lock = read_lock(root)?.unwrap_or_default();
    let report = stale::report(&loaded, &lock, tag);
    let categories: Vec<PluralCategory> = Formatters::of(tag).categories().collect();
    let units: Vec<(Section, OutUnit)> = report
        .iter()
        .flat_map(|(entry, status)| {
            let translation = entry.translation.as_ref().map(|(text, _)| text);
            let mut unit = OutUnit {
                key: entry.key.clone(),
                source: entry.source.other().to_owned(),
                target: translation.map(|t| t.other().to_owned()),
                state: SegState::Initial,
                sub_state: None,
                note: None,
            };
            match status {
                Status::Missing => {}
                Status::Confirmed(state) => unit.state = seg_state(*state),
                Status::Unconfirmed => {
                    unit.sub_state = Some("availgen:unconfirmed");
                    unit.note = Some(format!(
                        "unconfirmed: availgen has no record of the {source_tag} text this translation was made \
                             from. Check it against the source, then set the segment's state to translated."
                    ));
                }
                Status::Stale { was } => {
                    unit.sub_state = Some("availgen:stale");
                    let change = if entry.section == Section::Page {
                        format!("The changes:\n{}", diff::lines(was, &entry.source.as_text(), 1).join("\n"))
                    } else {
                        format!("It was: {was}")
                    };
                    unit.note = Some(format!(
                        "stale: the {source_tag} text changed after this translation was made. {change}\n\
                         Update the translation, then set the segment's state to translated."
                    ));
                }
            }
            // A plural string is a unit per form, each with the en-US form it translates.
            let forms = catalog::unit_forms(entry, &categories);
            let units: Vec<OutUnit> = match forms {
                None => vec![unit],
                Some(forms) => forms
                    .into_iter()
                    .map(|category| OutUnit {
                        key: catalog::form_key(&entry.key, category),
                        source: entry.source.form(category).to_owned(),
                        target: translation.map(|t| t.form(category).to_owned()),
                        ..unit.clone()
                    })
                    .collect(),
            };
            units.into_iter().map(move |u| (entry.section, u))
        })
        .collect();
    let group = |section: Section| OutGroup {
        id: Some(section.name()),
        units: units.iter().filter(|(s, _)| *s == section).map(|(_, u)| u.clone()).collect(),
    };
    let strings = OutFile {
        id: "strings",
        original: &source_file,
        groups: [Section::Ui, Section::Countries, Section::Cities, Section::Notes].into_iter().map(group).collect(),
    };
    let pages = OutFile {
        id: "pages",
        original: "content/pages",
        groups: vec![OutGroup { id: None, units: group(Section::Page).units }],
    };
    let comment = format!(
        "availgen translations export: {tag} ({}) against {source_tag}. Translate each unit's <target>; \
         set state=\"translated\" on the segments you have finished, then run \
         `availgen translations import FILE`. Units with state=\"initial\" are imported as text but not \
         confirmed. Keep the <source> texts as they are.",
        locale.rel_path
    );
    let files = if units.iter().any(|(s, _)| *s == Section::Page) { vec![strings, pages] } else { vec![strings] };
    let xml = xliff::write(source_tag, tag, &comment, &files)
        .map_err(|e| Failure::Content(vec![Diagnostic::error(&locale.rel_path, e)]))?;
    let c = counts(&report);
    let summary = format!(
        "{} units of {} keys: {} confirmed, {} stale, {} unconfirmed, {} to translate",
        units.len(),
        report.len(),
        c.confirmed,
        c.stale,
        c.unconfirmed,
        c.missing
    );
    let default = format!("{tag}.xlf");
    let out = out.unwrap_or(Path::new(&default));
    if out == Path::new("-") {
        emit(&xml);
        eprintln!("Exported {tag}: {summary}");
    } else {
        write_file(out, xml.as_bytes()).map_err(|e| Failure::Io(format!("cannot write {}: {e}", out.display())))?;
        println!("Exported {tag} to {}: {summary}", out.display());
    }
    Ok(Vec::new())
}
