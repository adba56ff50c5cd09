//! Stage 3: the immutable `Site` that rendering and export read.
//!
//! Every string is resolved here, once: a locale's missing strings fall back to the
//! source locale (and are marked as such), and each locale gets its countries in its
//! own collation order (pinyin for zh-CN, stroke order for zh-TW).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

// The locale's strings are looked up by key for every fact of every page: FxHash is
// much cheaper than SipHash for short keys, and the keys are the site's own.
use rustc_hash::FxHashMap as HashMap;

use icu_collator::options::CollatorOptions;
use icu_collator::Collator;
use icu_decimal::input::Decimal;
use icu_plurals::PluralCategory;
use rayon::prelude::*;

use crate::load::country::CountryData;
use crate::load::locale::{Direction, LocaleString, Messages, Strings, Translation};
use crate::load::{Loaded, LocaleFile, PageFile, Schema};

pub mod changes;
pub mod cldr;
pub mod dates;
pub mod facts;
pub mod l10n;

/// The `ui:` keys that the built-in templates, the spreadsheets and the prose
/// directives use; the schema names the rest (`Schema::ui_keys`).
pub const UI_KEYS: &[&str] = &[
    "site_title",
    "page_title",
    "page_description",
    "page_intro",
    "index_title",
    "index_intro",
    "index_count",
    "filter_label",
    "filter_placeholder",
    "filter_no_results",
    "find_another",
    "jump_go",
    "skip_to_content",
    "back_to_index",
    "download_xlsx",
    "download_csv",
    "downloads",
    "language",
    "chooser_title",
    "all_languages",
    "nav_label",
    "feature",
    "status",
    "none",
    "not_available",
    "notes",
    "column_heading",
    "footer",
    "code",
    "country",
    "alert_note",
    "alert_tip",
    "alert_important",
    "alert_warning",
    "alert_caution",
    "mt_notice",
    "not_found_title",
    "not_found_body",
    "on_this_page",
    "anchor_label",
    "available",
    "compare_title",
    "compare_intro",
    "compare_caption",
    "compare_only",
    "compare_sort",
    "compare_clear",
    "skip_to_selector",
    "skip_to_maps",
    "maps_title",
    "maps_intro",
    "map_title",
    "map_legend",
    "map_not_covered",
    "map_credit",
    "map_outlines",
    "changes_title",
    "changes_intro",
    "changes_known_from",
    "changes_none",
    "changes_by_date",
    "changes_by_section",
    "changes_by_country",
    "changes_feed",
    "change_listed",
    "change_unlisted",
    "change_offered",
    "change_withdrawn",
    "change_value",
    "change_items",
    "change_added",
    "change_removed",
    "change_notes",
    "last_changed",
    "last_changed_heading",
    "on_or_before",
];

/// A localized string, and whether it is the source locale's text standing in for a
/// missing translation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Msg {
    pub text: String,
    pub fallback: bool,
    /// Review builds only: the source text this string translates.
    pub source: Option<String>,
    /// Review builds only: the source text changed after this translation was made.
    pub stale: bool,
}

impl Msg {
    pub fn new(text: String, fallback: bool) -> Msg {
        Msg { text, fallback, source: None, stale: false }
    }

    /// A string in the locale's own language.
    pub fn own(text: String) -> Msg {
        Msg::new(text, false)
    }

    /// The source locale's text standing in for a missing translation.
    pub fn fallback(text: String) -> Msg {
        Msg::new(text, true)
    }

    /// `{name}` placeholders replaced by values.
    pub fn format(&self, args: &[(&str, &str)]) -> Msg {
        Msg {
            text: fill(&self.text, args),
            fallback: self.fallback,
            source: self.source.as_deref().map(|source| fill(source, args)),
            stale: self.stale,
        }
    }
}

/// `template` with each `{name}` of `args` replaced by its value, in one pass, so a
/// value is never searched for placeholders itself; other braces are left as they are.
/// (A `str::replace` per argument took a tenth of a country page's own work.)
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut text = String::with_capacity(template.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let (name, tail) = (&after[..close], &after[close + 1..]);
            args.iter().find(|(n, _)| *n == name).map(|(_, value)| (*value, tail))
        });
        match value {
            Some((value, tail)) => {
                text.push_str(value);
                rest = tail;
            }
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

/// A `ui:` or `notes:` string resolved for a locale, with its plural forms if it has them.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The `other` form (a plain string's text), for every category without its own.
    other: Msg,
    /// The forms of the other categories.
    forms: Vec<(PluralCategory, Msg)>,
}

impl Message {
    /// Each form of `string` made by `make(text, category)`.
    fn new(string: &LocaleString, make: impl Fn(&str, PluralCategory) -> Msg) -> Message {
        match string {
            LocaleString::Plain(text) => Message { other: make(text, PluralCategory::Other), forms: Vec::new() },
            LocaleString::Plural(forms) => Message {
                other: make(string.other(), PluralCategory::Other),
                forms: forms
                    .iter()
                    .filter(|f| f.category != PluralCategory::Other)
                    .map(|f| (f.category, make(&f.text, f.category)))
                    .collect(),
            },
        }
    }

    /// The text where no number chooses a form: the `other` form.
    pub fn other(&self) -> &Msg {
        &self.other
    }

    /// Whether the string has forms besides `other`.
    pub fn is_plural(&self) -> bool {
        !self.forms.is_empty()
    }

    /// The text for numbers of `category`.
    pub fn form(&self, category: PluralCategory) -> &Msg {
        self.forms.iter().find(|(c, _)| *c == category).map_or(&self.other, |(_, m)| m)
    }

    /// Every form, `other` last: one for a plain string.
    pub fn forms(&self) -> impl Iterator<Item = (PluralCategory, &Msg)> {
        self.forms.iter().map(|(c, m)| (*c, m)).chain([(PluralCategory::Other, &self.other)])
    }
}

#[derive(Debug, PartialEq)]
pub struct Country {
    pub slug: String,
    pub code: String,
    pub data: CountryData,
    /// When its facts last changed, from the git history (`None` without one).
    pub last_changed: Option<changes::LastChanged>,
}

#[derive(Debug, PartialEq)]
pub struct Locale {
    /// BCP 47 tag as written, e.g. `zh-TW`.
    pub tag: String,
    /// Output directory: the tag in lower case.
    pub dir: String,
    pub name: String,
    pub translation: Translation,
    pub direction: Direction,
    ui: HashMap<String, Message>,
    /// Country names, indexed like `Site::countries`.
    pub country_names: Vec<Msg>,
    cities: HashMap<String, String>,
    notes: HashMap<String, Message>,
    /// Every name the locale files give, by ISO code, for places that are not site countries.
    names_by_code: HashMap<String, Msg>,
    region_names: cldr::RegionNames,
    /// Indices into `Site::countries`, in this locale's collation order.
    pub order: Vec<usize>,
    /// Plural rules, digits, list pattern and dates of the language.
    pub l10n: Arc<l10n::Formatters>,
    /// en-US's, whose plural rules choose the form of an en-US string standing in.
    source_l10n: Arc<l10n::Formatters>,
}

impl Locale {
    /// The `ui:` string `key` (the `other` form of a plural string).
    pub fn ui(&self, key: &str) -> Msg {
        self.ui_ref(key).into_owned()
    }

    /// [`Locale::ui`], borrowed where the locale has the string: a country's facts take
    /// some fifty of them for every page and spreadsheet row.
    pub fn ui_ref(&self, key: &str) -> Cow<'_, Msg> {
        self.ui.get(key).map_or_else(|| Cow::Owned(Msg::fallback(key.to_owned())), |m| Cow::Borrowed(&m.other))
    }

    /// The `ui:` string `key` for the number `n`: the form the plural rules choose (en-US's
    /// rules for an en-US fallback), with the `{placeholder}` in it replaced by `n`,
    /// written in the locale's digits.
    pub fn ui_count(&self, key: &str, placeholder: &str, n: u64) -> Msg {
        let Some(message) = self.ui.get(key) else {
            return Msg::fallback(key.to_owned());
        };
        let rules = if message.other.fallback { &self.source_l10n } else { &self.l10n };
        let form = message.form(rules.category(&Decimal::from(n)));
        self.format(form, &[(placeholder, &self.l10n.count(n))])
    }

    pub fn note(&self, key: &str) -> Msg {
        self.notes.get(key).map_or_else(|| Msg::fallback(key.to_owned()), |m| m.other.clone())
    }

    /// `msg` with its `{name}` placeholders replaced by values. In a right-to-left locale
    /// each value is isolated (FSI … PDI, `<bdi>` in HTML), so that a number or a Latin
    /// name keeps its own direction and does not move the punctuation around it.
    pub fn format(&self, msg: &Msg, args: &[(&str, &str)]) -> Msg {
        match self.direction {
            Direction::Ltr => msg.format(args),
            Direction::Rtl => {
                let isolated: Vec<String> = args.iter().map(|(_, value)| isolate(value)).collect();
                let args: Vec<(&str, &str)> = args.iter().zip(&isolated).map(|((k, _), v)| (*k, v.as_str())).collect();
                msg.format(&args)
            }
        }
    }

    /// `items` joined by the locale's pattern for a list inside a sentence ("A, B, and
    /// C"); in a right-to-left locale each item is isolated, as [`Locale::format`] does.
    pub fn list(&self, items: &[&str]) -> String {
        match self.direction {
            Direction::Ltr => self.l10n.list(items.iter().copied()),
            Direction::Rtl => {
                let isolated: Vec<String> = items.iter().map(|i| isolate(i)).collect();
                self.l10n.list(isolated.iter().map(String::as_str))
            }
        }
    }

    /// The city's name in this locale, or the data's own spelling.
    pub fn city<'a>(&'a self, city: &'a str) -> &'a str {
        self.cities.get(city).map_or(city, String::as_str)
    }

    /// The name of any ISO code: this locale's own, else CLDR's in this language,
    /// else the source locale's (marked as fallback).
    pub fn name_for_code(&self, code: &str) -> Option<Msg> {
        match self.names_by_code.get(code) {
            Some(m) if !m.fallback => Some(m.clone()),
            other => self.region_names.of(code).map(Msg::own).or_else(|| other.cloned()),
        }
    }

    /// Every `ui:` string, with its plural forms.
    pub fn ui_messages(&self) -> impl Iterator<Item = (&String, &Message)> {
        self.ui.iter()
    }

    /// The `ui:` string `key`, with its plural forms.
    pub fn ui_message(&self, key: &str) -> Option<&Message> {
        self.ui.get(key)
    }
}

/// First strong isolate and pop directional isolate: `<bdi>` in plain text.
pub const FSI: char = '\u{2068}';
pub const PDI: char = '\u{2069}';

/// `value` between FSI and PDI.
fn isolate(value: &str) -> String {
    format!("{FSI}{value}{PDI}")
}

/// A prose page in one locale (or the source locale's text standing in for it).
#[derive(Debug, PartialEq)]
pub struct Page {
    pub name: String,
    pub order: i64,
    /// Per locale index (like `Site::locales`): the page file to render and whether it is the fallback.
    pub sources: Vec<(usize, bool)>,
}

#[derive(Debug, PartialEq)]
pub struct Site {
    /// What the countries' facts are and how they are shown.
    pub schema: Schema,
    pub countries: Vec<Country>,
    pub locales: Vec<Locale>,
    /// Index into `locales` of the source locale, which the others translate.
    pub source_locale: usize,
    pub pages: Vec<Page>,
    pub page_files: Vec<PageFile>,
    pub outbound: Option<crate::load::Outbound>,
    /// A translator's review build: English source beside every string.
    pub review: Option<Review>,
    /// What the git history says changed, when the site is in a git repository.
    pub history: Option<changes::SiteHistory>,
    /// Whether each page links to a shared page of its languages (`languages/<page>/`)
    /// rather than to each of them itself: more locales than `inline_languages`.
    pub language_pages: bool,
}

impl Site {
    pub fn country_by_slug(&self, slug: &str) -> Option<usize> {
        self.countries.binary_search_by(|c| c.slug.as_str().cmp(slug)).ok()
    }
}

fn strings(map: &Strings) -> HashMap<String, String> {
    map.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect()
}

/// `ui:` or `notes:` strings by key, without the places they were written.
type Texts<'a> = HashMap<&'a str, &'a LocaleString>;

/// A locale file's strings of one section, with the built-in strings it uses (`ui:` only).
fn texts<'a>(strings: &'a Messages, builtin: impl Iterator<Item = (&'a str, &'a LocaleString)>) -> Texts<'a> {
    strings.iter().map(|(k, v)| (k.as_str(), &v.value)).chain(builtin).collect()
}

/// What a review build marks: for each translated string its source text, and
/// which translations are stale, as `(locale, "section.key")`.
#[derive(Debug, Default, PartialEq)]
pub struct Review {
    pub stale: HashSet<(String, String)>,
}

/// A locale's strings over the source's keys; in a review build each form of a
/// translation carries the source form it translates (for the same category, else
/// `other`) and whether the string is stale.
fn resolve(own: &Texts, source: &Texts, review: Option<(&Review, &str, &str)>) -> HashMap<String, Message> {
    let mut out: HashMap<String, Message> = source
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Message::new(v, |text, _| Msg::fallback(text.to_owned()))))
        .collect();
    for (k, v) in own {
        if let Some(src) = source.get(k) {
            let stale =
                review.is_some_and(|(r, tag, section)| r.stale.contains(&(tag.to_owned(), format!("{section}.{k}"))));
            let message = Message::new(v, |text, category| {
                let mut msg = Msg::own(text.to_owned());
                if review.is_some() {
                    msg.source = Some(src.form(category).to_owned());
                    msg.stale = stale;
                }
                msg
            });
            out.insert((*k).to_owned(), message);
        }
    }
    out
}

/// Names by code: the locale's own, else the source locale's (marked as fallback).
fn resolve_names(own: &Strings, source: &Strings) -> HashMap<String, Msg> {
    let mut out: HashMap<String, Msg> =
        source.iter().map(|(k, v)| (k.clone(), Msg::fallback(v.value.clone()))).collect();
    out.extend(own.iter().map(|(k, v)| (k.clone(), Msg::own(v.value.clone()))));
    out
}

/// Sorts country indices by their localized names with the locale's collator.
pub fn collation_order(tag: &str, names: &[Msg]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    let collator = tag
        .parse::<icu_locale_core::Locale>()
        .ok()
        .and_then(|l| Collator::try_new((&l).into(), CollatorOptions::default()).ok());
    match collator {
        // A sort key per name orders as the collator compares (ICU4X's guarantee), and
        // costs one pass over each name instead of one per comparison.
        Some(c) => {
            let keys: Vec<Vec<u8>> = names
                .iter()
                .map(|n| {
                    let mut key = Vec::new();
                    let Ok(()) = c.write_sort_key_to(&n.text, &mut key);
                    key
                })
                .collect();
            order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)))
        }
        None => order.sort_by(|&a, &b| names[a].text.cmp(&names[b].text).then(Ordering::Equal)),
    }
    order
}

/// The direction of a language's script, for a locale file that does not say.
pub fn default_direction(tag: &str) -> Direction {
    let language = tag.split('-').next().unwrap_or_default();
    let rtl_script = tag.split('-').any(|s| matches!(s, "Arab" | "Hebr" | "Thaa" | "Syrc" | "Nkoo" | "Adlm"));
    if rtl_script || matches!(language, "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb") {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

/// Builds the site from validated input, which has a locale file for the source
/// language; `review` makes the translator's review build.
pub fn build(loaded: Loaded, review: Option<Review>) -> Site {
    let mut countries: Vec<Country> = loaded
        .countries
        .into_iter()
        .map(|c| Country { slug: c.slug, code: c.data.code.value.clone(), data: c.data, last_changed: None })
        .collect();
    countries.sort_by(|a, b| a.slug.cmp(&b.slug));

    let source_tag = loaded.config.source_locale();
    let builtin = &loaded.builtin_ui;
    let mut files: Vec<LocaleFile> = loaded.locales;
    // The source first, then the others by tag: the order of every language switcher.
    files.sort_by(|a, b| (a.tag != source_tag, &a.tag).cmp(&(b.tag != source_tag, &b.tag)));
    let (no_messages, no_strings) = (Messages::default(), Strings::default());
    let source = files.iter().find(|l| l.tag == source_tag).map(|l| &l.data);
    let (src_ui, src_countries, src_notes) =
        source.map_or((&no_messages, &no_strings, &no_messages), |s| (&s.ui, &s.countries, &s.notes));
    let src_ui = texts(src_ui, builtin.of(source_tag));
    let src_notes = texts(src_notes, std::iter::empty());
    let source_l10n = l10n::Formatters::of(source_tag);

    // Each locale's strings, names and collation order are its own: made side by side.
    let locales: Vec<Locale> = files
        .par_iter()
        .map(|file| {
            let d = &file.data;
            // The source locale has nothing to review against.
            let reviewing = review.as_ref().filter(|_| file.tag != source_tag);
            let region_names = cldr::RegionNames::new(&file.tag);
            // A country the locale file does not name gets CLDR's name, then the source locale's.
            let names: Vec<Msg> = countries
                .iter()
                .map(|c| match d.countries.get(&c.code) {
                    Some(n) => {
                        let mut msg = Msg::own(n.value.clone());
                        if let Some(r) = reviewing {
                            msg.source = src_countries.get(&c.code).map(|s| s.value.clone());
                            msg.stale = r.stale.contains(&(file.tag.clone(), format!("countries.{}", c.code)));
                        }
                        msg
                    }
                    None => region_names.of(&c.code).map(Msg::own).unwrap_or_else(|| {
                        Msg::fallback(src_countries.get(&c.code).map_or_else(|| c.code.clone(), |n| n.value.clone()))
                    }),
                })
                .collect();
            Locale {
                tag: file.tag.clone(),
                dir: file.tag.to_lowercase(),
                name: d.meta.name.clone(),
                translation: d.meta.translation,
                direction: d.meta.direction.unwrap_or_else(|| default_direction(&file.tag)),
                ui: resolve(
                    &texts(&d.ui, builtin.of(&file.tag)),
                    &src_ui,
                    reviewing.map(|r| (r, file.tag.as_str(), "ui")),
                ),
                order: collation_order(&file.tag, &names),
                country_names: names,
                cities: strings(&d.cities),
                notes: resolve(
                    &texts(&d.notes, std::iter::empty()),
                    &src_notes,
                    reviewing.map(|r| (r, file.tag.as_str(), "notes")),
                ),
                names_by_code: resolve_names(&d.countries, src_countries),
                region_names,
                l10n: l10n::Formatters::of(&file.tag),
                source_l10n: source_l10n.clone(),
            }
        })
        .collect();
    let source_locale = locales.iter().position(|l| l.tag == source_tag).unwrap_or(0);
    let language_pages = locales.len() > loaded.config.inline_languages();

    let page_files = loaded.pages;
    let mut names: Vec<&str> = page_files.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let find = |name: &str, tag: &str| page_files.iter().position(|p| p.name == name && p.tag == tag);
    let mut pages: Vec<Page> = names
        .iter()
        .filter_map(|name| {
            let source_index = find(name, source_tag)?;
            let sources =
                locales.iter().map(|l| find(name, &l.tag).map_or((source_index, true), |i| (i, false))).collect();
            Some(Page { name: (*name).to_owned(), order: page_files[source_index].front.order, sources })
        })
        .collect();
    pages.sort_by(|a, b| (a.order, &a.name).cmp(&(b.order, &b.name)));

    Site {
        schema: loaded.schema,
        countries,
        locales,
        source_locale,
        pages,
        page_files,
        outbound: loaded.outbound,
        review,
        history: None,
        language_pages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        let args = [("country", "Bosnia {and} Herzegovina"), ("and", "&"), ("n", "3")];
        let cases = [
            ("{country}", "Bosnia {and} Herzegovina"),
            ("{n} of {n} in {country}.", "3 of 3 in Bosnia {and} Herzegovina."),
            ("{{n}} {unknown} {n", "{3} {unknown} {n"),
            ("no placeholders", "no placeholders"),
            ("{}{and}", "{}&"),
            ("多伦多{n}个城市", "多伦多3个城市"),
        ];
        for (template, want) in cases {
            assert_eq!(Msg::own(template.into()).format(&args).text, want, "{template}");
        }
        let reviewed = Msg { source: Some("In {country}".into()), ..Msg::fallback("在{country}".into()) };
        let filled = reviewed.format(&args[..1]);
        assert_eq!(
            (filled.text.as_str(), filled.source.as_deref()),
            ("在Bosnia {and} Herzegovina", Some("In Bosnia {and} Herzegovina"))
        );
        assert!(filled.fallback);
    }

    fn msgs(names: &[&str]) -> Vec<Msg> {
        names.iter().map(|n| Msg::own((*n).to_owned())).collect()
    }

    fn sorted(tag: &str, names: &[&str]) -> Vec<String> {
        let m = msgs(names);
        collation_order(tag, &m).into_iter().map(|i| names[i].to_owned()).collect()
    }

    #[test]
    fn sort_keys_order_names_as_the_collator_compares_them() {
        let names = [
            "Åland Islands",
            "aland",
            "Ålesund",
            "Zambia",
            "zambia",
            "Österreich",
            "Oman",
            "Œland",
            "Ähnlich",
            "Ärmel",
            "Ångström",
            "Éire",
            "Eire",
            "Ça",
            "Curaçao",
            "Côte d’Ivoire",
            "中国",
            "中國",
            "台灣",
            "澳门",
            "Россия",
            "日本",
            "한국",
            "Ελλάδα",
            "İstanbul",
            "istanbul",
            "Ísland",
            "",
            "1st",
            "10th",
            "2nd",
        ];
        let msgs = msgs(&names);
        for tag in ["en-US", "de", "sv", "da", "tr", "zh-CN", "zh-TW", "ja", "ko", "ru", "fr-CA", "und"] {
            let locale: icu_locale_core::Locale = tag.parse().unwrap();
            let c = Collator::try_new((&locale).into(), CollatorOptions::default()).unwrap();
            let mut by_compare: Vec<usize> = (0..names.len()).collect();
            by_compare.sort_by(|&a, &b| c.compare(names[a], names[b]).then(a.cmp(&b)));
            assert_eq!(collation_order(tag, &msgs), by_compare, "{tag}");
        }
    }

    #[test]
    fn english_is_alphabetical_ignoring_case_and_accents() {
        assert_eq!(
            sorted("en-US", &["zambia", "Åland Islands", "Bahrain", "austria"]),
            ["Åland Islands", "austria", "Bahrain", "zambia"]
        );
    }

    #[test]
    fn simplified_chinese_sorts_by_pinyin() {
        // ā gēn tíng, ào dà lì yà, bā xī, zhōng guó
        assert_eq!(sorted("zh-CN", &["中国", "巴西", "澳大利亚", "阿根廷"]), ["阿根廷", "澳大利亚", "巴西", "中国"]);
    }

    #[test]
    fn traditional_chinese_sorts_by_stroke_count() {
        // 中 (4 strokes) < 巴 (4, later radical order) < 阿 (8) < 澳 (16)
        let got = sorted("zh-TW", &["澳洲", "阿根廷", "巴西", "中國"]);
        assert_eq!(got.last().map(String::as_str), Some("澳洲"));
        assert!(got.iter().position(|n| n == "巴西") < got.iter().position(|n| n == "阿根廷"), "{got:?}");
    }

    #[test]
    fn placeholders() {
        let m = Msg::own("Availability in {country}".into());
        assert_eq!(m.format(&[("country", "France")]).text, "Availability in France");
    }

    #[test]
    fn direction_from_tag() {
        assert_eq!(default_direction("ar-SA"), Direction::Rtl);
        assert_eq!(default_direction("he-IL"), Direction::Rtl);
        assert_eq!(default_direction("zh-TW"), Direction::Ltr);
    }
}
