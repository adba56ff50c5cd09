//! `availgen translations import FILE`: an XLIFF 2.0 file back into the locale file, the
//! pages and the lock.
//!
//! Nothing is written unless every unit can be imported: a unit whose `<source>` is not
//! the current en-US text (the English changed after the export) is rejected, naming the
//! unit and its line. A unit's target becomes the translation; a segment state of
//! `translated`, `reviewed` or `final` also confirms it in the lock, while `initial`
//! leaves it unconfirmed (or stale). Import never deletes a translation.

use std::collections::HashMap;
use std::path::Path;

use indexmap::IndexMap;

use super::catalog::{Entry, Section};
use super::lock::{self, LockEntry, State};
use super::xliff::{self, SegState};
use super::{load_site, locale_edit, read_lock, write_file, Failure};
use crate::diagnostic::Diagnostic;
use crate::load::locale::{self, LocaleData};
use crate::load::SourceFile;

fn lock_state(state: SegState) -> Option<State> {
    match state {
        SegState::Initial => None,
        SegState::Translated => Some(State::Translated),
        SegState::Reviewed => Some(State::Reviewed),
        SegState::Final => Some(State::Final),
    }
}

/// The strings of a locale file by section, for comparing before and after an edit.
fn sections(data: &LocaleData) -> [(&'static str, IndexMap<&str, &str>); 4] {
    fn map(s: &locale::Strings) -> IndexMap<&str, &str> {
        s.iter().map(|(k, v)| (k.as_str(), v.value.as_str())).collect()
    }
    [
        ("ui", map(&data.ui)),
        ("countries", map(&data.countries)),
        ("cities", map(&data.cities)),
        ("notes", map(&data.notes)),
    ]
}

pub fn import(root: &Path, file: &Path) -> Result<Vec<Diagnostic>, Failure> {
    let shown = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| Failure::Io(format!("cannot read {shown}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::Content(vec![
            Diagnostic::error(&shown, "the file is not UTF-8").with_hint("save the XLIFF file as UTF-8")
        ])
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let doc = xliff::read(&shown, text).map_err(Failure::Content)?;
    let loaded = load_site(root)?;
    let source_tag = loaded.config.source_locale();
    if !doc.src_lang.eq_ignore_ascii_case(source_tag) {
        return Err(Failure::Content(vec![Diagnostic::error(
            &shown,
            format!("srcLang is `{}`, but this site translates from {source_tag}", doc.src_lang),
        )]));
    }
    let Some(locale) = loaded.locales.iter().find(|l| l.tag.eq_ignore_ascii_case(&doc.trg_lang)) else {
        return Err(Failure::Content(vec![Diagnostic::error(
            &shown,
            format!("trgLang is `{}`, which has no locale file in {}/locales", doc.trg_lang, root.display()),
        )
        .with_hint("create the locale file (with its `meta:`) first, or import into the right --root")]));
    };
    if locale.tag == source_tag {
        let message = format!("trgLang is the source language {source_tag}");
        return Err(Failure::Content(vec![Diagnostic::error(&shown, message)]));
    }
    let tag = locale.tag.as_str();
    let old_lock = read_lock(root)?.unwrap_or_default();
    let entries = super::catalog::entries(&loaded, tag);
    let index: HashMap<&str, usize> = entries.iter().enumerate().map(|(i, e)| (e.key.as_str(), i)).collect();

    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut accepted: Vec<(usize, &xliff::InUnit)> = Vec::new();
    let mut seen = HashMap::new();
    for unit in &doc.units {
        let at = |d: Diagnostic| d.at(text, unit.line, unit.column, 5);
        let Some(key) = xliff::decode_id(&unit.id) else {
            problems.push(at(Diagnostic::error(&shown, format!("unit id `{}` is not one availgen writes", unit.id))));
            continue;
        };
        if let Some(first) = seen.insert(key.clone(), unit.line) {
            problems.push(at(Diagnostic::error(
                &shown,
                format!("unit `{}` appears twice (first on line {first})", unit.id),
            )));
            continue;
        }
        let Some(&i) = index.get(key.as_str()) else {
            problems.push(at(Diagnostic::error(
                &shown,
                format!("unit `{}`: {source_tag} has no key `{key}` any more", unit.id),
            )
            .with_hint(format!(
                "it was removed or renamed in {source_tag}; export again with \
                 `availgen translations export --locale {tag}`"
            ))));
            continue;
        };
        if unit.source != entries[i].source {
            let message = if entries[i].section == Section::Page || unit.source.contains('\n') {
                format!("unit `{}`: its <source> is not the current {source_tag} page", unit.id)
            } else {
                format!(
                    "unit `{}`: its <source> {:?} is not the current {source_tag} text {:?}",
                    unit.id, unit.source, entries[i].source
                )
            };
            problems.push(at(Diagnostic::error(&shown, message).with_hint(format!(
                "the {source_tag} text changed after this file was exported; export again with \
                 `availgen translations export --locale {tag}` and carry this translation over"
            ))));
            continue;
        }
        if unit.partial {
            warnings.push(at(Diagnostic::warning(
                &shown,
                format!(
                    "unit `{}` is only partly translated (some segments have no target); it was not imported",
                    unit.id
                ),
            )));
            continue;
        }
        accepted.push((i, unit));
    }
    if !problems.is_empty() {
        problems.extend(warnings);
        return Err(Failure::Content(problems));
    }
    accepted.sort_by_key(|(i, _)| *i);

    let mut changes: Vec<(&str, &str, &str)> = Vec::new();
    let mut pages: Vec<(String, &str)> = Vec::new();
    let mut lock = old_lock.clone();
    let (mut updated, mut added, mut confirmed) = (0, 0, 0);
    for (i, unit) in &accepted {
        let entry: &Entry = &entries[*i];
        let Some(target) = unit.target.as_deref() else { continue };
        let current = entry.translation.as_ref().map(|(t, _)| *t);
        if current != Some(target) {
            if current.is_some() {
                updated += 1;
            } else {
                added += 1;
            }
            match entry.section {
                Section::Page => pages.push((format!("content/pages/{}.{tag}.md", entry.name), target)),
                section => changes.push((section.name(), entry.name, target)),
            }
        }
        match lock_state(unit.state) {
            Some(state) => {
                let new = LockEntry::of(entry.source, state);
                if lock.get(tag, &entry.key) != Some(&new) {
                    confirmed += 1;
                }
                lock.set(tag, &entry.key, new);
            }
            None => {
                // Marked as not done: a confirmation of the current text no longer holds.
                if lock.get(tag, &entry.key).is_some_and(|l| l.matches(entry.source)) {
                    if let Some(entries) = lock.locales.get_mut(tag) {
                        entries.remove(&entry.key);
                    }
                }
            }
        }
    }

    let locale_text = if changes.is_empty() {
        None
    } else {
        let edited = locale_edit::edit_locale(&locale.text, &changes)
            .map_err(|e| Failure::Content(vec![Diagnostic::error(&locale.rel_path, e)]))?;
        verify(locale, &edited, &changes)?;
        Some(edited)
    };
    let mut written = Vec::new();
    if let Some(edited) = &locale_text {
        let path = root.join(&locale.rel_path);
        write_file(&path, edited.as_bytes())
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
        written.push(locale.rel_path.clone());
    }
    for (rel, target) in &pages {
        let path = root.join(rel);
        write_file(&path, target.as_bytes())
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
        written.push(rel.clone());
    }
    if lock != old_lock {
        lock::write(root, &lock).map_err(|e| Failure::Io(format!("cannot write {}: {e}", lock::LOCK_PATH)))?;
        written.push(lock::LOCK_PATH.to_owned());
    }
    println!(
        "Imported {shown} into {tag}: {} units, {updated} translations updated, {added} added, {confirmed} newly confirmed",
        doc.units.len()
    );
    if written.is_empty() {
        println!("Nothing changed.");
    }
    for rel in written {
        println!("  wrote {rel}");
    }
    Ok(warnings)
}

/// Re-parses the edited locale file and checks that exactly the intended strings changed.
fn verify(locale: &locale::LocaleFile, edited: &str, changes: &[(&str, &str, &str)]) -> Result<(), Failure> {
    let fail = |why: String| {
        Failure::Content(vec![Diagnostic::error(
            &locale.rel_path,
            format!("cannot edit this file safely ({why}); nothing was written"),
        )
        .with_hint("write the section as one `key: value` per line, or make this change by hand")])
    };
    let source = SourceFile { rel_path: locale.rel_path.clone(), text: edited.to_owned() };
    let parsed = locale::parse(&source).map_err(|d| fail(d[0].message.clone()))?;
    for ((name, before), (_, after)) in sections(&locale.data).into_iter().zip(sections(&parsed.data)) {
        let mut expected = before.clone();
        for (_, key, value) in changes.iter().filter(|c| c.0 == name) {
            expected.insert(key, value);
        }
        if expected != after {
            let differs = expected
                .iter()
                .find(|(k, v)| after.get(*k) != Some(*v))
                .map(|(k, _)| format!("`{name}.{k}` would not read back as imported"))
                .unwrap_or_else(|| format!("`{name}` would gain or lose keys"));
            return Err(fail(differs));
        }
        // Same strings: also the same order (existing keys first, new keys appended).
        if !expected.keys().eq(after.keys()) {
            return Err(fail(format!("the order of `{name}` would change")));
        }
    }
    if parsed.data.meta.name != locale.data.meta.name {
        return Err(fail("`meta` would change".into()));
    }
    Ok(())
}
