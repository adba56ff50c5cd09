//! Which translations are stale: the lock records the en-US text a translation was made
//! from, and that text has changed since. A translation the lock knows nothing about is
//! *unconfirmed*: it may be current or not, availgen cannot tell.

use super::catalog::{self, Entry};
use super::lock::{Lock, State};
use crate::diagnostic::Diagnostic;
use crate::load::Loaded;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status<'l> {
    /// No translation: the page shows the en-US text.
    Missing,
    /// Translated, but the lock has no entry for it.
    Unconfirmed,
    /// Translated from `was`, an older en-US text.
    Stale { was: &'l str },
    /// Translated from the current en-US text.
    Confirmed(State),
}

pub fn status<'l>(entry: &Entry, lock: &'l Lock, tag: &str) -> Status<'l> {
    if entry.translation.is_none() {
        return Status::Missing;
    }
    match lock.get(tag, &entry.key) {
        None => Status::Unconfirmed,
        Some(l) if l.matches(&entry.source.as_text()) => Status::Confirmed(l.state),
        Some(l) => Status::Stale { was: &l.source },
    }
}

/// Every en-US key of `tag` with its status.
pub fn report<'a, 'l>(loaded: &'a Loaded, lock: &'l Lock, tag: &str) -> Vec<(Entry<'a>, Status<'l>)> {
    catalog::entries(loaded, tag)
        .into_iter()
        .map(|e| {
            let s = status(&e, lock, tag);
            (e, s)
        })
        .collect()
}

/// The locales that are translations (every locale but the source), by tag.
pub fn target_tags(loaded: &Loaded) -> Vec<&str> {
    let source = loaded.config.source_locale();
    let mut tags: Vec<&str> = loaded.locales.iter().map(|l| l.tag.as_str()).filter(|t| *t != source).collect();
    tags.sort_unstable();
    tags
}

/// One warning per stale translation, pointing at it.
pub fn diagnostics(loaded: &Loaded, lock: &Lock) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let source = loaded.config.source_locale();
    for tag in target_tags(loaded) {
        for (entry, status) in report(loaded, lock, tag) {
            let (Status::Stale { .. }, Some((_, place))) = (&status, &entry.translation) else {
                continue;
            };
            let what = if entry.section == catalog::Section::Page { "page" } else { "text" };
            out.push(
                Diagnostic::warning(
                    place.file,
                    format!("`{}` is stale: the {source} {what} changed after this translation", entry.key),
                )
                .at(place.file_text, place.line, place.column, place.width)
                .with_hint(format!(
                    "review it, then run `availgen translations confirm --locale {tag} --key {}`",
                    entry.key
                )),
            );
        }
    }
    out
}

/// One warning per locale that has translations the lock does not record.
pub fn unconfirmed_diagnostics(loaded: &Loaded, lock: &Lock) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for tag in target_tags(loaded) {
        let keys: Vec<String> = report(loaded, lock, tag)
            .into_iter()
            .filter(|(_, s)| *s == Status::Unconfirmed)
            .map(|(e, _)| format!("`{}`", e.key))
            .collect();
        if keys.is_empty() {
            continue;
        }
        let file = loaded.locales.iter().find(|l| l.tag == tag).map(|l| l.rel_path.as_str()).unwrap_or_default();
        let more = if keys.len() > 5 { format!(" and {} more", keys.len() - 5) } else { String::new() };
        out.push(
            Diagnostic::warning(
                file,
                format!(
                    "{} not recorded in {}, so availgen cannot tell if {} stale: {}{more}",
                    if keys.len() == 1 {
                        "1 translation is".to_owned()
                    } else {
                        format!("{} translations are", keys.len())
                    },
                    super::lock::LOCK_PATH,
                    if keys.len() == 1 { "it is" } else { "they are" },
                    keys[..keys.len().min(5)].join(", ")
                ),
            )
            .with_hint(format!(
                "check them against {}, then run `availgen translations confirm --locale {tag} --key KEY` \
                 (`availgen translations status --locale {tag}` lists them)",
                loaded.config.source_locale()
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translations::catalog::tests::site;
    use crate::translations::lock::LockEntry;

    #[test]
    fn classifies_missing_unconfirmed_stale_and_confirmed() {
        let loaded = site();
        let mut lock = Lock::default();
        lock.set("zh-TW", "ui.site_title", LockEntry::of("Old site", State::Translated));
        lock.set("zh-TW", "countries.AR", LockEntry::of("Argentina", State::Reviewed));
        let report = report(&loaded, &lock, "zh-TW");
        let get = |k: &str| report.iter().find(|(e, _)| e.key == k).map(|(_, s)| s.clone()).unwrap();
        assert_eq!(get("ui.site_title"), Status::Stale { was: "Old site" });
        assert_eq!(get("ui.jump_go"), Status::Missing);
        assert_eq!(get("countries.AR"), Status::Confirmed(State::Reviewed));
        assert_eq!(get("cities.Buenos Aires"), Status::Unconfirmed);
        assert_eq!(get("page.overview"), Status::Unconfirmed);

        let d = diagnostics(&loaded, &lock);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].file.as_str(), d[0].line, d[0].column), ("locales/zh-TW.yaml", 3, 3));
        assert_eq!(d[0].message, "`ui.site_title` is stale: the en-US text changed after this translation");
        assert_eq!(
            d[0].hint.as_deref(),
            Some("review it, then run `availgen translations confirm --locale zh-TW --key ui.site_title`")
        );
        let u = unconfirmed_diagnostics(&loaded, &lock);
        assert_eq!(u.len(), 1);
        assert!(u[0].message.starts_with("3 translations are not recorded"), "{}", u[0].message);
        assert!(
            u[0].message.contains("if they are stale: `cities.Buenos Aires`, `cities.Extra`, `page.overview`"),
            "{}",
            u[0].message
        );
    }

    #[test]
    fn a_changed_page_is_stale() {
        let loaded = site();
        let mut lock = Lock::default();
        lock.set("zh-TW", "page.overview", LockEntry::of("---\ntitle: Overview\n---\n\nHi\n", State::Translated));
        let d = diagnostics(&loaded, &lock);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].file.as_str(), d[0].line), ("content/pages/overview.zh-TW.md", 1));
        assert!(d[0].message.contains("en-US page changed"), "{}", d[0].message);
    }
}
