//! What there is to translate: every en-US key with its current text, and one locale's
//! translation of it, with the place it is written.
//!
//! Keys are `ui.<key>`, `countries.<code>`, `cities.<name>`, `notes.<key>` and
//! `page.<name>`. A page is one key: its text is the whole en-US page file, front matter
//! included (line endings normalized to `\n`, as the page loader reads it).

use crate::load::locale::{key_position, Strings};
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
    /// The current en-US text.
    pub source: &'a str,
    /// The locale's text and where it is, if it has one.
    pub translation: Option<(&'a str, Place<'a>)>,
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

fn place<'a>(locale: &'a LocaleFile, strings: &'a Strings, name: &str) -> Option<(&'a str, Place<'a>)> {
    let value = strings.get(name)?;
    let (line, column) = key_position(&locale.text, value, name);
    let place =
        Place { file: &locale.rel_path, file_text: &locale.text, line, column, width: name.chars().count().max(1) };
    Some((value.value.as_str(), place))
}

/// Every en-US key, in the order of the en-US file (ui, countries, cities, notes, then
/// pages), with `tag`'s translation of it. Empty when the site has no en-US locale.
pub fn entries<'a>(loaded: &'a Loaded, tag: &str) -> Vec<Entry<'a>> {
    let Some(source) = source_locale(loaded) else {
        return Vec::new();
    };
    let locale = loaded.locales.iter().find(|l| l.tag == tag);
    let mut out = Vec::new();
    let sections: [(Section, &Strings, Option<&Strings>); 3] = [
        (Section::Ui, &source.data.ui, locale.map(|l| &l.data.ui)),
        (Section::Countries, &source.data.countries, locale.map(|l| &l.data.countries)),
        (Section::Notes, &source.data.notes, locale.map(|l| &l.data.notes)),
    ];
    for (section, reference, own) in sections {
        if section == Section::Notes {
            for city in city_names(loaded, source, locale) {
                out.push(Entry {
                    key: format!("cities.{city}"),
                    section: Section::Cities,
                    name: city,
                    source: source.data.cities.get(city).map_or(city, |c| c.value.as_str()),
                    translation: locale.and_then(|l| place(l, &l.data.cities, city)),
                });
            }
        }
        for (name, value) in reference {
            out.push(Entry {
                key: format!("{}.{name}", section.name()),
                section,
                name,
                source: &value.value,
                translation: locale.zip(own).and_then(|(l, strings)| place(l, strings, name)),
            });
        }
    }
    for page in source_pages(loaded) {
        let translated = loaded.pages.iter().find(|p| p.name == page.name && p.tag == tag);
        out.push(Entry {
            key: format!("page.{}", page.name),
            section: Section::Page,
            name: &page.name,
            source: &page.text,
            translation: translated.map(|p| {
                (p.text.as_str(), Place { file: &p.rel_path, file_text: &p.text, line: 1, column: 1, width: 3 })
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
            t("ui.site_title").translation.as_ref().map(|(text, p)| (*text, p.line, p.column)),
            Some(("網站", 3, 3))
        );
        assert!(t("ui.jump_go").translation.is_none());
        assert_eq!(t("cities.Buenos Aires").source, "Buenos Aires");
        assert_eq!(t("cities.Buenos Aires").translation.as_ref().map(|(_, p)| p.line), Some(7));
        assert_eq!(t("page.overview").source, "---\ntitle: Overview\n---\n\nHello\n");
        assert_eq!(
            t("page.overview").translation.as_ref().map(|(_, p)| p.file),
            Some("content/pages/overview.zh-TW.md")
        );
    }
}
