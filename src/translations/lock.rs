//! `locales/translations.lock.yaml`: for each locale and each confirmed translation, the
//! en-US text it was made from (its hash, and the text itself so that `status` can show
//! what changed). The locale loader skips the file (its name contains `.lock.`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::hash;
use super::yaml_text;
use crate::diagnostic::Diagnostic;
use crate::load::{self, yaml};

pub const LOCK_PATH: &str = "locales/translations.lock.yaml";
const VERSION: u32 = 1;

const HEADER: &str = "\
# availgen translation lock: which en-US text each translation was made from.
#
# Written by `availgen translations confirm` and `availgen translations import`;
# commit it with the translations, and do not edit it by hand.
#
# For each locale and each confirmed key (`ui.<key>`, `countries.<code>`,
# `cities.<name>`, `notes.<key>`, `page.<name>`), `hash` is the 64-bit FNV-1a hash
# (hex) of the en-US text the translation was made from, and `source` is that text.
# When the en-US text changes, its hash no longer matches: `availgen check` and
# `availgen translations status` report the translation as stale until a translator
# reviews it and confirms it again. `state` (reviewed, final) comes from XLIFF imports.
# Entries are sorted by locale and key, so the file diffs cleanly.
";

/// How far a translation has been taken, as XLIFF 2.0 segment states name it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    #[default]
    Translated,
    Reviewed,
    Final,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Translated => "translated",
            State::Reviewed => "reviewed",
            State::Final => "final",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockEntry {
    pub hash: String,
    pub source: String,
    #[serde(default)]
    pub state: State,
}

impl LockEntry {
    /// The entry that confirms a translation of `source`.
    pub fn of(source: &str, state: State) -> Self {
        LockEntry { hash: hash::hex(source), source: source.to_owned(), state }
    }

    /// Whether the translation was made from `source`.
    pub fn matches(&self, source: &str) -> bool {
        self.hash == hash::hex(source)
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Lock {
    /// Locale tag → key → entry.
    pub locales: BTreeMap<String, BTreeMap<String, LockEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LockFile {
    version: u32,
    #[serde(default)]
    locales: BTreeMap<String, BTreeMap<String, LockEntry>>,
}

impl Lock {
    pub fn get(&self, tag: &str, key: &str) -> Option<&LockEntry> {
        self.locales.get(tag)?.get(key)
    }

    pub fn set(&mut self, tag: &str, key: &str, entry: LockEntry) {
        self.locales.entry(tag.to_owned()).or_default().insert(key.to_owned(), entry);
    }

    /// The lock as text: header, then every entry sorted, the same bytes for the same lock.
    pub fn render(&self) -> String {
        let mut out = format!("{HEADER}version: {VERSION}\n");
        let locales: Vec<_> = self.locales.iter().filter(|(_, entries)| !entries.is_empty()).collect();
        if locales.is_empty() {
            out.push_str("locales: {}\n");
            return out;
        }
        out.push_str("locales:\n");
        for (tag, entries) in locales {
            out.push_str(&format!("  {}:\n", yaml_text::inline(tag)));
            for (key, entry) in entries {
                out.push_str(&format!("    {}:\n", yaml_text::inline(key)));
                out.push_str(&format!("      hash: '{}'\n", entry.hash));
                out.push_str(&format!("      source: {}\n", yaml_text::value(&entry.source, 6)));
                if entry.state != State::Translated {
                    out.push_str(&format!("      state: {}\n", entry.state.as_str()));
                }
            }
        }
        out
    }
}

pub fn path(root: &Path) -> PathBuf {
    root.join(LOCK_PATH)
}

/// What reading the lock gave: `None` when there is none yet, an error when it cannot
/// be read or is broken.
pub type ReadLock = Result<Option<Lock>, Box<Diagnostic>>;

/// Reads the lock under `root`.
pub fn read(root: &Path) -> ReadLock {
    let path = path(root);
    if !path.is_file() {
        return Ok(None);
    }
    let source = load::read_source(root, &path)?;
    let file: LockFile = yaml::parse(&source, &source.text, 1)?;
    if file.version != VERSION {
        return Err(Box::new(
            Diagnostic::error(
                &source.rel_path,
                format!("lock file version {} is not one this availgen reads (it reads {VERSION})", file.version),
            )
            .with_hint("update availgen"),
        ));
    }
    for (tag, entries) in &file.locales {
        for (key, entry) in entries {
            if entry.hash.len() != 16 || !entry.hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Box::new(
                    Diagnostic::error(
                        &source.rel_path,
                        format!("`{tag}` / `{key}`: `{}` is not a 16-digit hex hash", entry.hash),
                    )
                    .with_hint(format!("run `availgen translations confirm --locale {tag} --key {key}` to rewrite it")),
                ));
            }
        }
    }
    let mut locales = file.locales;
    for entries in locales.values_mut() {
        for entry in entries.values_mut() {
            entry.hash.make_ascii_lowercase();
        }
    }
    Ok(Some(Lock { locales }))
}

/// Writes the lock under `root` if its text changed; true when it did.
pub fn write(root: &Path, lock: &Lock) -> std::io::Result<bool> {
    let path = path(root);
    let text = lock.render();
    if std::fs::read(&path).ok().as_deref() == Some(text.as_bytes()) {
        return Ok(false);
    }
    super::write_file(&path, text.as_bytes())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Lock {
        let mut lock = Lock::default();
        lock.set("zh-TW", "ui.site_title", LockEntry::of("Cloud voice availability", State::Translated));
        lock.set("zh-TW", "cities.Arizona, Phoenix", LockEntry::of("Arizona, Phoenix", State::Final));
        lock.set("zh-CN", "countries.NO", LockEntry::of("Norway", State::Reviewed));
        lock.set("zh-CN", "page.overview", LockEntry::of("---\ntitle: X\n---\n\n  Body: #1\n", State::Translated));
        lock.set("zh-CN", "ui.no", LockEntry::of("No", State::Translated));
        lock
    }

    #[test]
    fn renders_sorted_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let lock = sample();
        assert!(write(dir.path(), &lock).is_err(), "no locales/ folder yet");
        std::fs::create_dir(dir.path().join("locales")).unwrap();
        assert!(write(dir.path(), &lock).unwrap());
        assert!(!write(dir.path(), &lock).unwrap(), "unchanged text is not rewritten");
        let text = std::fs::read_to_string(path(dir.path())).unwrap();
        assert!(text.starts_with("# availgen translation lock"), "{text}");
        let zh_cn = text.find("  zh-CN:").unwrap();
        let zh_tw = text.find("  zh-TW:").unwrap();
        assert!(zh_cn < zh_tw);
        assert!(text.find("countries.NO").unwrap() < text.find("page.overview").unwrap());
        assert!(text.contains("      source: 'No'\n"), "{text}");
        assert!(text.contains("      state: final\n"), "{text}");
        assert_eq!(read(dir.path()).unwrap(), Some(lock.clone()));
        assert_eq!(Lock::default().render().lines().last(), Some("locales: {}"));
    }

    #[test]
    fn missing_lock_is_none_and_bad_hash_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        std::fs::create_dir(dir.path().join("locales")).unwrap();
        std::fs::write(path(dir.path()), "version: 1\nlocales:\n  zh-TW:\n    ui.x: {hash: '12', source: x}\n")
            .unwrap();
        let d = read(dir.path()).unwrap_err();
        assert!(d.message.contains("16-digit"), "{}", d.message);
        std::fs::write(path(dir.path()), "version: 1\nlocales:\n  zh-TW:\n    ui.x: {hash: 'ab', sorce: x}\n").unwrap();
        let d = read(dir.path()).unwrap_err();
        assert_eq!((d.file.as_str(), d.line), (LOCK_PATH, 4));
    }

    #[test]
    fn matches_by_hash() {
        let e = LockEntry::of("a", State::Translated);
        assert_eq!(e.hash, "af63dc4c8601ec8c");
        assert!(e.matches("a"));
        assert!(!e.matches("b"));
    }
}
