//! Built-in `ui:` strings for the built-in templates and schema, in en-US, zh-CN and
//! zh-TW: the `ui:` sections of this repository's locale files, compiled in like the
//! templates. A site's locale files override them key by key, so a site whose
//! `locales/en-US.yaml` holds only `meta:` builds with the English of the bundled site.
//!
//! A built-in translation stands in for a site's string only where it translates the
//! site's own source text: where the site's source locale has no string for the key,
//! or has the very text of the built-in string in that language. A site that rewords
//! an English label gets no built-in Chinese for it (that would translate other
//! English); its translators see the string as missing.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use indexmap::IndexMap;
use rayon::prelude::*;

use super::locale::{self, LocaleFile, LocaleString};
use super::SourceFile;

/// The locale files the built-in strings are taken from.
const FILES: &[(&str, &str)] = &[
    ("locales/en-US.yaml", include_str!("../../locales/en-US.yaml")),
    ("locales/zh-CN.yaml", include_str!("../../locales/zh-CN.yaml")),
    ("locales/zh-TW.yaml", include_str!("../../locales/zh-TW.yaml")),
];

/// One language's built-in strings, by ui key.
type Strings = IndexMap<String, LocaleString>;

/// Parses the built-in strings now (once per process), so that loading a site can do
/// it beside reading the site's files rather than after.
pub fn preload() {
    builtin();
}

/// Every language's built-in strings, by tag; parsed once per process.
fn builtin() -> &'static BTreeMap<String, Strings> {
    static PARSED: OnceLock<BTreeMap<String, Strings>> = OnceLock::new();
    PARSED.get_or_init(|| {
        FILES
            .par_iter()
            .filter_map(|(rel_path, text)| {
                // The files are this repository's own and a test parses them: one that
                // did not parse would only leave its language without built-in strings.
                let file = locale::parse(&SourceFile { rel_path: (*rel_path).into(), text: (*text).into() }).ok()?;
                let strings = file.data.ui.into_iter().map(|(k, v)| (k, v.value)).collect();
                Some((file.tag, strings))
            })
            .collect()
    })
}

/// The built-in strings a site uses: for each of its locales, the ui keys its file
/// lacks and a built-in string of its language fills in, with that string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuiltinUi {
    by_tag: BTreeMap<String, Strings>,
}

impl BuiltinUi {
    /// What the `locales` of a site whose source language is `source_tag` take from
    /// the built-in strings. Nothing, if there are none in the source language: then
    /// no built-in translation can be said to translate the site's source text.
    pub fn for_site(locales: &[LocaleFile], source_tag: &str) -> BuiltinUi {
        let builtin = builtin();
        let Some(builtin_source) = builtin.get(source_tag) else {
            return BuiltinUi::default();
        };
        let site_source = locales.iter().find(|l| l.tag == source_tag).map(|l| &l.data.ui);
        let translates_site_source = |key: &str| match (site_source.and_then(|ui| ui.get(key)), builtin_source.get(key))
        {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(site), Some(builtin)) => same_text(&site.value, builtin),
        };
        let mut by_tag = BTreeMap::new();
        for locale in locales {
            let Some(strings) = builtin.get(&locale.tag) else { continue };
            let used: Strings = strings
                .iter()
                .filter(|(key, _)| !locale.data.ui.contains_key(*key) && translates_site_source(key))
                .map(|(key, text)| (key.clone(), text.clone()))
                .collect();
            if !used.is_empty() {
                by_tag.insert(locale.tag.clone(), used);
            }
        }
        BuiltinUi { by_tag }
    }

    /// The built-in strings the locale `tag` uses, by key (none for most locales).
    pub fn of(&self, tag: &str) -> impl Iterator<Item = (&str, &LocaleString)> {
        self.by_tag.get(tag).into_iter().flatten().map(|(k, v)| (k.as_str(), v))
    }

    pub fn has(&self, tag: &str, key: &str) -> bool {
        self.by_tag.get(tag).is_some_and(|strings| strings.contains_key(key))
    }

    /// Each locale that uses built-in strings, with their keys, by tag.
    pub fn keys_by_locale(&self) -> impl Iterator<Item = (&str, Vec<&str>)> {
        self.by_tag.iter().map(|(tag, strings)| (tag.as_str(), strings.keys().map(String::as_str).collect()))
    }
}

/// Whether two strings say the same, forms and all, wherever they were written.
fn same_text(a: &LocaleString, b: &LocaleString) -> bool {
    a.categories() == b.categories() && a.as_text() == b.as_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale_file(tag: &str, text: &str) -> LocaleFile {
        locale::parse(&SourceFile { rel_path: format!("locales/{tag}.yaml"), text: text.into() }).unwrap()
    }

    #[test]
    fn the_three_languages_parse_with_the_same_keys() {
        let builtin = builtin();
        let tags: Vec<&str> = builtin.keys().map(String::as_str).collect();
        assert_eq!(tags, ["en-US", "zh-CN", "zh-TW"]);
        let english: Vec<&String> = builtin["en-US"].keys().collect();
        assert!(english.len() > 60, "{}", english.len());
        for tag in ["zh-CN", "zh-TW"] {
            let mut keys: Vec<&String> = builtin[tag].keys().collect();
            let mut want = english.clone();
            keys.sort();
            want.sort();
            assert_eq!(keys, want, "{tag}");
        }
    }

    #[test]
    fn a_translation_stands_in_only_for_the_english_it_translates() {
        let en = locale_file("en-US", "meta: {name: English}\nui:\n  site_title: My own title\n  jump_go: Go\n");
        let zh = locale_file("zh-CN", "meta: {name: 中文}\nui:\n  index_title: 自己的\n");
        let ja = locale_file("ja-JP", "meta: {name: 日本語}\n");
        let used = BuiltinUi::for_site(&[en, zh, ja], "en-US");
        // The source's own gaps are filled in English; its own strings stay.
        assert!(used.has("en-US", "chooser_title") && !used.has("en-US", "site_title"));
        // `jump_go` is the built-in English, so its built-in translation fits; the
        // reworded `site_title` is not; the file's own `index_title` wins.
        assert!(used.has("zh-CN", "jump_go") && used.has("zh-CN", "chooser_title"));
        assert!(!used.has("zh-CN", "site_title") && !used.has("zh-CN", "index_title"));
        // No built-in Japanese.
        assert_eq!(used.of("ja-JP").count(), 0);
    }

    #[test]
    fn none_when_the_source_language_has_no_built_in_strings() {
        let de = locale_file("de-DE", "meta: {name: Deutsch}\n");
        let en = locale_file("en-US", "meta: {name: English}\n");
        assert_eq!(BuiltinUi::for_site(&[de, en], "de-DE"), BuiltinUi::default());
    }
}
