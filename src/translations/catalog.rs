//! What there is to translate: every en-US key with its current text, and one locale's
//! translation of it, with the place it is written.
//!
//! Keys are `ui.<key>`, `countries.<code>`, `cities.<name>`, `notes.<key>` and
//! `page.<name>`. A page is one key: its text is the whole en-US page file, front matter
//! included (line endings normalized to `\n`, as the page loader reads it). A plural
//! string is one key too, with a form per category.

use std::borrow::Cow;

use icu_plurals::PluralCategory;

use crate::load::locale::{self, category_name, LocaleString, Messages, Strings, CATEGORIES};
use crate::load::{Loaded, LocaleFile, PageFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Ui,
    Countries,
    Cities,
    Notes,
    Page,
}

impl Section {
    /// The key prefix, which is also the locale file's section (except for pages).
    pub fn name(self) -> &'static str {
        match self {
            Section::Ui => "ui",
            Section::Countries => "countries",
            Section::Cities => "cities",
            Section::Notes => "notes",
            Section::Page => "page",
        }
    }
}

/// Where a translation is written.
#[derive(Debug, Clone)]
pub struct Place<'a> {
    /// Relative path of the locale or page file.
    pub file: &'a str,
    /// The whole file, for showing the line in diagnostics.
    pub file_text: &'a str,
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// `ui.site_title`, `page.overview`, …
    pub key: String,
    pub section: Section,
    /// The key inside its section: `site_title`, `overview`.
    pub name: &'a str,
    /// The current en-US text (a name or a page is a plain string).
    pub source: Cow<'a, LocaleString>,
    /// The locale's text and where it is, if it has one.
    pub translation: Option<(Cow<'a, LocaleString>, Place<'a>)>,
}

/// A name or a page: a plain string.
fn plain(text: &str) -> Cow<'_, LocaleString> {
    Cow::Owned(LocaleString::Plain(text.to_owned()))
}

/// The key of one form of a plural string, as XLIFF unit names write it: `ui.index_count[one]`.
pub fn form_key(key: &str, category: PluralCategory) -> String {
    format!("{key}[{}]", category_name(category))
}

/// `ui.index_count[one]` as the key and the category; `None` for a key without a form.
pub fn split_form_key(key: &str) -> Option<(&str, PluralCategory)> {
    let (key, category) = key.strip_suffix(']')?.rsplit_once('[')?;
    Some((key, PluralCategory::get_for_cldr_string(category)?))
}

/// The forms a translator gets for `entry`, in CLDR order: `None` (the string whole)
/// when neither en-US nor the translation has plural forms; else every category of the
/// language (`categories`), and any other the translation has.
pub fn unit_forms(entry: &Entry, categories: &[PluralCategory]) -> Option<Vec<PluralCategory>> {
    let translated = entry.translation.as_ref().and_then(|(t, _)| t.categories());
    if entry.source.categories().is_none() && translated.is_none() {
        return None;
    }
    let translated = translated.unwrap_or_default();
    Some(CATEGORIES.into_iter().filter(|c| categories.contains(c) || translated.contains(c)).collect())
}

pub fn source_locale(loaded: &Loaded) -> Option<&LocaleFile> {
    loaded.locales.iter().find(|l| l.tag == loaded.config.source_locale())
}

/// The source locale's page files, in navigation order.
fn source_pages(loaded: &Loaded) -> Vec<&PageFile> {
    let source = loaded.config.source_locale();
    let mut pages: Vec<&PageFile> = loaded.pages.iter().filter(|p| p.tag == source).collect();
    pages.sort_by(|a, b| (a.front.order, &a.name).cmp(&(b.front.order, &b.name)));
    pages
}

/// Every city the data names, in the order of the country files, then the cities that
/// the en-US and `locale` files name besides.
fn city_names<'a>(loaded: &'a Loaded, source: &'a LocaleFile, locale: Option<&'a LocaleFile>) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    let data = loaded.countries.iter().flat_map(|c| c.data.cities());
    let named = source.data.cities.keys().chain(locale.into_iter().flat_map(|l| l.data.cities.keys()));
    data.chain(named.map(String::as_str)).filter(|c| seen.insert(*c)).collect()
}

fn place<'a, T>(locale: &'a LocaleFile, at: &locale::Entry<T>, name: &str) -> Place<'a> {
    let (line, column) = (at.line, at.column);
    Place { file: &locale.rel_path, file_text: &locale.text, line, column, width: name.chars().count().max(1) }
}

/// A country or city name of `locale` and where it is written.
fn name<'a>(locale: &'a LocaleFile, strings: &'a Strings, name: &str) -> Option<(Cow<'a, LocaleString>, Place<'a>)> {
    let value = strings.get(name)?;
    Some((plain(&value.value), place(locale, value, name)))
}

/// A `ui:` or `notes:` string of `locale` and where it is written.
fn message<'a>(
    locale: &'a LocaleFile,
    strings: &'a Messages,
    name: &str,
) -> Option<(Cow<'a, LocaleString>, Place<'a>)> {
    let value = strings.get(name)?;
    Some((Cow::Borrowed(&value.value), place(locale, value, name)))
}

/// Every en-US key, in the order of the en-US file (ui, countries, cities, notes, then
/// pages), with `tag`'s translation of it. Empty when the site has no en-US locale.
pub fn entries<'a>(loaded: &'a Loaded, tag: &str) -> Vec<Entry<'a>> {
    let Some(source) = source_locale(loaded) else {
        return Vec::new();
    };
    let locale = loaded.locales.iter().find(|l| l.tag == tag);
    let mut out = Vec::new();
    let messages = |section: Section, reference: &'a Messages, own: fn(&LocaleFile) -> &Messages| {
        reference.iter().map(move |(key, value)| Entry {
            key: format!("{}.{key}", section.name()),
            section,
            name: key,
            source: Cow::Borrowed(&value.value),
            translation: locale.and_then(|l| message(l, own(l), key)),
        })
    };
    out.extend(messages(Section::Ui, &source.data.ui, |l| &l.data.ui));
    for (code, value) in &source.data.countries {
        out.push(Entry {
            key: format!("countries.{code}"),
            section: Section::Countries,
            name: code,
            source: plain(&value.value),
            translation: locale.and_then(|l| name(l, &l.data.countries, code)),
        });
    }
    for city in city_names(loaded, source, locale) {
        out.push(Entry {
            key: format!("cities.{city}"),
            section: Section::Cities,
            name: city,
            source: plain(source.data.cities.get(city).map_or(city, |c| c.value.as_str())),
            translation: locale.and_then(|l| name(l, &l.data.cities, city)),
        });
    }
    out.extend(messages(Section::Notes, &source.data.notes, |l| &l.data.notes));
    for page in source_pages(loaded) {
        let translated = loaded.pages.iter().find(|p| p.name == page.name && p.tag == tag);
        out.push(Entry {
            key: format!("page.{}", page.name),
            section: Section::Page,
            name: &page.name,
            source: plain(&page.text),
            translation: translated.map(|p| {
                (plain(&p.text), Place { file: &p.rel_path, file_text: &p.text, line: 1, column: 1, width: 3 })
            }),
        });
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::load::{country, locale, page, SourceFile};

    pub fn loaded(files: &[(&str, &str)]) -> Loaded {
        let mut loaded = Loaded::default();
        for (path, text) in files {
            let source = SourceFile { rel_path: (*path).into(), text: (*text).into() };
            if path.starts_with("locales/") {
                loaded.locales.push(locale::parse(&source).unwrap());
            } else if path.starts_with("content/pages/") {
                loaded.pages.push(page::parse(&source).unwrap());
            } else {
                loaded.countries.push(country::parse_checked(&source, &loaded.schema).unwrap());
            }
        }
        loaded
    }

    pub const COUNTRY: &str = "code: AR\naudio_conferencing: {available: true, shared_numbers: [Buenos Aires], dial_out: credits}\nphone_system: {available: true, auto_attendants: true, call_queues: true, voicemail: true}\ncalling_plans: {available: false, premium_numbers: false, outbound_countries: null}\nservice_numbers: {toll: true, toll_free: true, cities: [Buenos Aires, Cordoba]}\ncommunications_credits: true\nbusiness_voice: null\n";

    pub fn site() -> Loaded {
        loaded(&[
            ("content/countries/argentina.yaml", COUNTRY),
            (
                "locales/en-US.yaml",
                "meta: {name: English}\nui:\n  site_title: Site\n  jump_go: Go\ncountries:\n  AR: Argentina\nnotes:\n  n1: Note one\n",
            ),
            (
                "locales/zh-TW.yaml",
                "meta: {name: 中文}\nui:\n  site_title: 網站\ncountries:\n  AR: 阿根廷\ncities:\n  Buenos Aires: 布宜諾斯艾利斯\n  Extra: 額外\n",
            ),
            ("content/pages/overview.en-US.md", "---\ntitle: Overview\n---\n\nHello\n"),
            ("content/pages/overview.zh-TW.md", "---\ntitle: 概覽\n---\n\n你好\n"),
        ])
    }

    #[test]
    fn lists_every_key_in_order_with_translations() {
        let loaded = site();
        let entries = entries(&loaded, "zh-TW");
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "ui.site_title",
                "ui.jump_go",
                "countries.AR",
                "cities.Buenos Aires",
                "cities.Cordoba",
                "cities.Extra",
                "notes.n1",
                "page.overview"
            ]
        );
        let t = |k: &str| entries.iter().find(|e| e.key == k).unwrap();
        assert_eq!(
            t("ui.site_title").translation.as_ref().map(|(text, p)| (text.other(), p.line, p.column)),
            Some(("網站", 3, 3))
        );
        assert!(t("ui.jump_go").translation.is_none());
        assert_eq!(t("cities.Buenos Aires").source.other(), "Buenos Aires");
        assert_eq!(t("cities.Buenos Aires").translation.as_ref().map(|(_, p)| p.line), Some(7));
        assert_eq!(t("page.overview").source.other(), "---\ntitle: Overview\n---\n\nHello\n");
        assert_eq!(
            t("page.overview").translation.as_ref().map(|(_, p)| p.file),
            Some("content/pages/overview.zh-TW.md")
        );
    }
}
