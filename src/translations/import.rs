//! `availgen translations import FILE`: an XLIFF 2.0 file back into the locale file, the
//! pages and the lock.
//!
//! Nothing is written unless every unit can be imported: a unit whose `<source>` is not
//! the current en-US text (the English changed after the export) is rejected, naming the
//! unit and its line. A unit's target becomes the translation; a segment state of
//! `translated`, `reviewed` or `final` also confirms it in the lock, while `initial`
//! leaves it unconfirmed (or stale). Import never deletes a translation.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use icu_plurals::PluralCategory;
use indexmap::IndexMap;

use super::catalog::{self, Entry, Section};
use super::lock::{self, LockEntry, State};
use super::xliff::{self, SegState};
use super::{load_site, locale_edit, read_lock, write_file, Failure};
use crate::diagnostic::Diagnostic;
use crate::load::locale::{self, category_name, Form, LocaleData, LocaleString, PluralForms};
use crate::load::SourceFile;

fn lock_state(state: SegState) -> Option<State> {
    match state {
        SegState::Initial => None,
        SegState::Translated => Some(State::Translated),
        SegState::Reviewed => Some(State::Reviewed),
        SegState::Final => Some(State::Final),
    }
}

/// A plural string of the imported forms: a plain string when they all say the same
/// (as a one-form language's `other` does); `None` without an `other` form.
fn plural_string(forms: Vec<(PluralCategory, String)>) -> Option<LocaleString> {
    if let [(_, first), rest @ ..] = forms.as_slice() {
        if rest.iter().all(|(_, text)| text == first) && forms.iter().any(|(c, _)| *c == PluralCategory::Other) {
            return Some(LocaleString::Plain(first.clone()));
        }
    }
    let forms = forms.into_iter().map(|(category, text)| Form { category, text, line: 0, column: 0 }).collect();
    PluralForms::new(forms).map(LocaleString::Plural)
}

/// The text that the units of `key` (in the XLIFF file `file`, whose text is `xliff`) give
/// it: `None` while they have no target. A plural string some of whose forms have no
/// target is not imported (a warning), nor one without an `other` form (an error).
fn imported_text(
    file: &str,
    xliff: &str,
    key: &str,
    units: &[(Option<PluralCategory>, &xliff::InUnit)],
) -> Result<Option<LocaleString>, Diagnostic> {
    let first = units[0].1;
    let at = |d: Diagnostic| d.at(xliff, first.line, first.column, 5);
    let untranslated: Vec<String> = units
        .iter()
        .filter(|(_, u)| u.target.is_none())
        .filter_map(|(c, _)| Some(format!("`{}`", category_name((*c)?))))
        .collect();
    match units {
        [(None, unit)] => Ok(unit.target.clone().map(LocaleString::Plain)),
        _ if untranslated.len() == units.len() => Ok(None),
        _ if !untranslated.is_empty() => Err(at(Diagnostic::warning(
            file,
            format!(
                "`{key}` is only partly translated (its form {} has no target); it was not imported",
                untranslated.join(", ")
            ),
        ))),
        _ => {
            let forms = units.iter().filter_map(|(c, u)| Some(((*c)?, u.target.clone()?))).collect();
            plural_string(forms).map(Some).ok_or_else(|| {
                at(Diagnostic::error(file, format!("`{key}` has no `other` form in this file")))
                    .with_hint("every plural string needs `other`; export again")
            })
        }
    }
}

/// Whether `imported` says what `current` says, for every number: importing it changes nothing.
fn same(current: &LocaleString, imported: &LocaleString) -> bool {
    let categories = |s: &LocaleString| s.categories().unwrap_or_else(|| vec![PluralCategory::Other]);
    let mut all = categories(current);
    all.extend(categories(imported));
    all.iter().all(|c| current.form(*c) == imported.form(*c))
}

/// The strings of a locale file by section, for comparing before and after an edit.
fn sections(data: &LocaleData) -> [(&'static str, IndexMap<&str, Cow<'_, str>>); 4] {
    fn names(s: &locale::Strings) -> IndexMap<&str, Cow<'_, str>> {
        s.iter().map(|(k, v)| (k.as_str(), Cow::Borrowed(v.value.as_str()))).collect()
    }
    fn messages(s: &locale::Messages) -> IndexMap<&str, Cow<'_, str>> {
        s.iter().map(|(k, v)| (k.as_str(), v.value.as_text())).collect()
    }
    [
        ("ui", messages(&data.ui)),
        ("countries", names(&data.countries)),
        ("cities", names(&data.cities)),
        ("notes", messages(&data.notes)),
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
    // Per en-US key: its units (the string whole, or one per plural form) that can be read.
    let mut accepted: BTreeMap<usize, Vec<(Option<PluralCategory>, &xliff::InUnit)>> = BTreeMap::new();
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
        let found = match index.get(key.as_str()) {
            Some(&i) => Some((i, None)),
            None => catalog::split_form_key(&key).and_then(|(base, c)| index.get(base).map(|&i| (i, Some(c)))),
        };
        let Some((i, category)) = found else {
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
        let expected = match category {
            Some(category) => Cow::Borrowed(entries[i].source.form(category)),
            None => entries[i].source.as_text(),
        };
        if unit.source != expected {
            let message = if entries[i].section == Section::Page || unit.source.contains('\n') {
                format!("unit `{}`: its <source> is not the current {source_tag} page", unit.id)
            } else {
                format!(
                    "unit `{}`: its <source> {:?} is not the current {source_tag} text {expected:?}",
                    unit.id, unit.source
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
        let units = accepted.entry(i).or_default();
        if let Some((first_category, first)) = units.iter().find(|(c, _)| c.is_none() != category.is_none()) {
            let kind = if first_category.is_none() { "for the whole string" } else { "for one of its forms" };
            problems.push(at(Diagnostic::error(
                &shown,
                format!("unit `{}`: `{}` also has a unit {kind} (line {})", unit.id, entries[i].key, first.line),
            )
            .with_hint(format!("export again with `availgen translations export --locale {tag}`"))));
            continue;
        }
        units.push((category, unit));
    }
    // What each key's units say: its new text, if they have one, and their state.
    let mut imported: Vec<(usize, Option<LocaleString>, SegState)> = Vec::new();
    for (&i, units) in &accepted {
        let state = units.iter().map(|(_, u)| u.state).min().unwrap_or(SegState::Initial);
        match imported_text(&shown, text, &entries[i].key, units) {
            Err(d) if d.is_error() => problems.push(d),
            Err(d) => warnings.push(d),
            Ok(value) => imported.push((i, value, state)),
        }
    }
    if !problems.is_empty() {
        problems.extend(warnings);
        return Err(Failure::Content(problems));
    }

    let mut changes: Vec<(&str, &str, LocaleString)> = Vec::new();
    let mut pages: Vec<(String, String)> = Vec::new();
    let mut lock = old_lock.clone();
    let (mut updated, mut added, mut confirmed) = (0, 0, 0);
    for (i, value, state) in imported {
        let entry: &Entry = &entries[i];
        let Some(value) = value else { continue };
        let current = entry.translation.as_ref().map(|(t, _)| t.as_ref());
        if !current.is_some_and(|c| same(c, &value)) {
            if current.is_some() {
                updated += 1;
            } else {
                added += 1;
            }
            match entry.section {
                Section::Page => {
                    pages.push((format!("content/pages/{}.{tag}.md", entry.name), value.other().to_owned()))
                }
                section => changes.push((section.name(), entry.name, value)),
            }
        }
        let source = entry.source.as_text();
        match lock_state(state) {
            Some(state) => {
                let new = LockEntry::of(&source, state);
                if lock.get(tag, &entry.key) != Some(&new) {
                    confirmed += 1;
                }
                lock.set(tag, &entry.key, new);
            }
            None => {
                // Marked as not done: a confirmation of the current text no longer holds.
                if lock.get(tag, &entry.key).is_some_and(|l| l.matches(&source)) {
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
fn verify(locale: &locale::LocaleFile, edited: &str, changes: &[(&str, &str, LocaleString)]) -> Result<(), Failure> {
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
            expected.insert(key, value.as_text());
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
