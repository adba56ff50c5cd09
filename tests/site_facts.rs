//! End to end: build the bundled site once with the real binary, then check every
//! country page, selector, spreadsheet and sitemap against the YAML it came from.
//!
//! The YAML is parsed here independently of the product (own structs, serde-saphyr),
//! and every expected string is made from the locale's `ui:` strings, so a page that
//! shows the wrong fact, or a fact in the wrong language, fails.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};

use common::{assert_exit, availgen, csv_rows, manifest_dir, resolve, snapshot, xlsx_rows};

const BASE_URL: &str = "https://example.org/docs/";
const SOURCE: &str = "en-US";

// ---------------------------------------------------------------------------
// The input, parsed by the test itself
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct CountryData {
    code: String,
    audio_conferencing: AudioConferencing,
    phone_system: PhoneSystem,
    calling_plans: CallingPlans,
    service_numbers: ServiceNumbers,
    communications_credits: bool,
    business_voice: Option<BusinessVoice>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct AudioConferencing {
    available: bool,
    #[serde(default)]
    shared_numbers: Vec<String>,
    dial_out: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct PhoneSystem {
    available: bool,
    auto_attendants: bool,
    call_queues: bool,
    voicemail: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct CallingPlans {
    available: bool,
    #[serde(default)]
    plans: Vec<Plan>,
    premium_numbers: bool,
    outbound_countries: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Plan {
    kind: String,
    minutes: Option<u32>,
    #[serde(default)]
    domestic_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ServiceNumbers {
    toll: bool,
    toll_free: bool,
    #[serde(default)]
    cities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct BusinessVoice {
    calling_plan_minutes: u32,
}

#[derive(Debug, Deserialize)]
struct LocaleFile {
    meta: Meta,
    #[serde(default)]
    ui: BTreeMap<String, Text>,
    #[serde(default)]
    countries: BTreeMap<String, String>,
    #[serde(default)]
    cities: BTreeMap<String, String>,
    #[serde(default)]
    notes: BTreeMap<String, Text>,
}

/// A `ui:` or `notes:` string: a text, or its forms by CLDR plural category.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Text {
    Plain(String),
    Forms(BTreeMap<String, String>),
}

impl Text {
    /// The form of `category`, else `other`.
    fn form(&self, category: &str) -> String {
        match self {
            Text::Plain(t) => t.clone(),
            Text::Forms(forms) => forms.get(category).or_else(|| forms.get("other")).expect("an `other` form").clone(),
        }
    }
}

/// The plural category of a whole number `n` in the bundled site's languages (CLDR):
/// English has `one` for 1, Chinese only `other`.
fn category(tag: &str, n: u32) -> &'static str {
    if tag.starts_with("en") && n == 1 {
        "one"
    } else {
        "other"
    }
}

#[derive(Debug, Deserialize)]
struct Meta {
    name: String,
}

struct Country {
    slug: String,
    data: CountryData,
}

struct Locale {
    tag: String,
    /// Output directory: the tag in lower case.
    dir: String,
    file: LocaleFile,
}

struct Input {
    /// Sorted by slug.
    countries: Vec<Country>,
    /// en-US first, then by tag.
    locales: Vec<Locale>,
    /// Names of the prose pages (`content/pages/<name>.<tag>.md`), without the overview.
    prose_pages: BTreeSet<String>,
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

fn load_input(root: &Path) -> Input {
    let countries: Vec<Country> = yaml_files(&root.join("content/countries"))
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let data: CountryData =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("test cannot parse {}: {e}", p.display()));
            Country { slug: stem(p), data }
        })
        .collect();
    let mut locales: Vec<Locale> = yaml_files(&root.join("locales"))
        .iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with("glossary.") && !name.contains(".lock.")
        })
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let file: LocaleFile =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("test cannot parse {}: {e}", p.display()));
            let tag = stem(p);
            Locale { dir: tag.to_lowercase(), tag, file }
        })
        .collect();
    locales.sort_by(|a, b| (a.tag != SOURCE, &a.tag).cmp(&(b.tag != SOURCE, &b.tag)));
    assert_eq!(locales[0].tag, SOURCE, "the bundled site has no en-US locale");
    assert!(locales.len() >= 3, "expected en-US, zh-CN and zh-TW at least");
    let prose_pages = std::fs::read_dir(root.join("content/pages"))
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".md"))
                .filter_map(|n| n.split('.').next().map(str::to_owned))
                .filter(|n| n != "overview")
                .collect()
        })
        .unwrap_or_default();
    Input { countries, locales, prose_pages }
}

// ---------------------------------------------------------------------------
// What the pages should say, from the data and the locale's strings
// ---------------------------------------------------------------------------

/// One locale's strings, falling back to en-US as the product does.
struct L<'a> {
    locale: &'a Locale,
    en: &'a Locale,
}

impl L<'_> {
    fn ui(&self, key: &str) -> String {
        self.ui_for(key, None)
    }

    /// The string `key` for the number `n`, filled in as the pages write it.
    fn ui_count(&self, key: &str, placeholder: &str, n: u32) -> String {
        fill(&self.ui_for(key, Some(n)), &[(placeholder, &grouped(n))])
    }

    /// The string `key`: the form for `n` by the rules of its language (en-US's for a
    /// fallback), or the `other` form.
    fn ui_for(&self, key: &str, n: Option<u32>) -> String {
        let (text, tag) = match self.locale.file.ui.get(key) {
            Some(t) => (t, self.locale.tag.as_str()),
            None => (
                self.en.file.ui.get(key).unwrap_or_else(|| panic!("no ui.{key} in {} or en-US", self.locale.tag)),
                SOURCE,
            ),
        };
        text.form(n.map_or("other", |n| category(tag, n)))
    }

    fn name(&self, code: &str) -> String {
        self.locale
            .file
            .countries
            .get(code)
            .or_else(|| self.en.file.countries.get(code))
            .unwrap_or_else(|| panic!("no name for {code}"))
            .clone()
    }

    fn city(&self, city: &str) -> String {
        self.locale.file.cities.get(city).cloned().unwrap_or_else(|| city.to_owned())
    }

    fn note(&self, key: &str) -> String {
        self.locale
            .file
            .notes
            .get(key)
            .or_else(|| self.en.file.notes.get(key))
            .unwrap_or_else(|| panic!("no note {key}"))
            .form("other")
    }

    fn yes_no(&self, b: bool) -> Expected {
        Expected::Text(self.ui(if b { "yes" } else { "no" }))
    }

    fn available(&self, b: bool) -> Expected {
        Expected::Text(self.ui(if b { "available" } else { "not_available" }))
    }

    fn cities(&self, list: &[String]) -> Expected {
        if list.is_empty() {
            Expected::Text(self.ui("none"))
        } else {
            Expected::List(list.iter().map(|c| self.city(c)).collect())
        }
    }

    fn minutes(&self, m: u32) -> String {
        self.ui_count("cp_minutes", "minutes", m)
    }
}

fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut s = template.to_owned();
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    assert!(!s.contains('{'), "unfilled placeholder in {s:?}");
    s
}

/// 3000 → "3,000", as the pages write counts.
fn grouped(n: u32) -> String {
    let digits: Vec<char> = n.to_string().chars().rev().collect();
    let groups: Vec<String> = digits.chunks(3).map(|g| g.iter().rev().collect()).rev().collect();
    groups.join(",")
}

#[derive(Debug, Clone, PartialEq)]
enum Expected {
    Text(String),
    List(Vec<String>),
    /// A count fact: the text on the page, the number in the spreadsheets.
    Count(u32, String),
}

impl Expected {
    /// The value as one spreadsheet cell.
    fn cell(&self) -> String {
        match self {
            Expected::Text(t) => t.clone(),
            Expected::List(items) => items.join("; "),
            Expected::Count(n, _) => n.to_string(),
        }
    }
}

struct ExpectedSection {
    id: &'static str,
    title: String,
    /// (ui key of the label = data-fact, label, value)
    facts: Vec<(&'static str, String, Expected)>,
    hint: Option<String>,
    applies: bool,
}

fn expected_sections(c: &CountryData, l: &L) -> Vec<ExpectedSection> {
    let fact = |key: &'static str, value: Expected| (key, l.ui(key), value);
    let ac = &c.audio_conferencing;
    let ps = &c.phone_system;
    let cp = &c.calling_plans;
    let sn = &c.service_numbers;
    let dial_out = Expected::Text(l.ui(match ac.dial_out.as_str() {
        "included" => "included",
        "credits" => "requires_credits",
        "unavailable" => "not_available",
        other => panic!("unknown dial_out {other}"),
    }));
    let plans = if !cp.available {
        Expected::Text(l.ui("none"))
    } else if cp.plans.is_empty() {
        Expected::Text(l.ui("cp_partner_only"))
    } else {
        Expected::List(
            cp.plans
                .iter()
                .map(|p| {
                    let name = l.ui(match p.kind.as_str() {
                        "domestic" => "plan_domestic",
                        "domestic_international" => "plan_domestic_international",
                        "pay_as_you_go" => "plan_pay_as_you_go",
                        other => panic!("unknown plan kind {other}"),
                    });
                    let domestic = p.domestic_minutes.map(|d| l.ui_count("cp_domestic_minutes", "count", d));
                    match (p.minutes, domestic) {
                        (Some(m), Some(d)) => fill(
                            &l.ui("column_heading"),
                            &[
                                ("section", &name),
                                (
                                    "feature",
                                    &format!("{}{}{d}", l.minutes(m), if d.starts_with('（') { "" } else { " " }),
                                ),
                            ],
                        ),
                        (Some(m), None) => {
                            fill(&l.ui("column_heading"), &[("section", &name), ("feature", &l.minutes(m))])
                        }
                        (None, _) => name,
                    }
                })
                .collect(),
        )
    };
    let outbound = match cp.outbound_countries {
        Some(n) if cp.available => Expected::Count(n, l.ui_count("cp_outbound_count", "count", n)),
        _ => Expected::Text(l.ui("none")),
    };
    let bv = match &c.business_voice {
        Some(bv) => Expected::Count(bv.calling_plan_minutes, l.minutes(bv.calling_plan_minutes)),
        None => Expected::Text(l.ui("not_available")),
    };
    vec![
        ExpectedSection {
            id: "audio-conferencing",
            title: l.ui("audio_conferencing"),
            facts: vec![
                fact("available_for_purchase", l.yes_no(ac.available)),
                fact("ac_shared_numbers", l.cities(&ac.shared_numbers)),
                fact("ac_dial_out", dial_out),
            ],
            hint: None,
            applies: true,
        },
        ExpectedSection {
            id: "phone-system",
            title: l.ui("phone_system"),
            facts: vec![
                fact("available_for_purchase", l.yes_no(ps.available)),
                fact("ps_auto_attendants", l.available(ps.auto_attendants)),
                fact("ps_call_queues", l.available(ps.call_queues)),
                fact("ps_voicemail", l.available(ps.voicemail)),
            ],
            hint: None,
            applies: true,
        },
        ExpectedSection {
            id: "calling-plans",
            title: l.ui("calling_plans"),
            facts: vec![
                fact("available_for_purchase", l.yes_no(cp.available)),
                fact("cp_plans", plans),
                fact("cp_premium_numbers", l.yes_no(cp.premium_numbers)),
                fact("cp_outbound_countries", outbound),
            ],
            hint: (!cp.available).then(|| l.ui("cp_unavailable_hint")),
            applies: true,
        },
        ExpectedSection {
            id: "service-numbers",
            title: l.ui("service_numbers"),
            facts: vec![
                fact("sn_toll", l.yes_no(sn.toll)),
                fact("sn_toll_free", l.yes_no(sn.toll_free)),
                fact("sn_cities", l.cities(&sn.cities)),
            ],
            hint: None,
            applies: true,
        },
        ExpectedSection {
            id: "communications-credits",
            title: l.ui("communications_credits"),
            facts: vec![fact("available_for_purchase", l.yes_no(c.communications_credits))],
            hint: None,
            applies: true,
        },
        ExpectedSection {
            id: "business-voice",
            title: l.ui("business_voice"),
            facts: vec![fact("bv_minutes", bv)],
            hint: None,
            applies: c.business_voice.is_some(),
        },
    ]
}

// ---------------------------------------------------------------------------
// The build, once per test binary
// ---------------------------------------------------------------------------

struct Built {
    input: Input,
    out: PathBuf,
}

/// A scratch directory for this test binary under Cargo's per-target temp dir
/// (`target/tmp`), emptied at first use, so a run leaves nothing behind in /tmp.
fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site_facts");
    static CLEAN: OnceLock<()> = OnceLock::new();
    CLEAN.get_or_init(|| {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
    });
    dir
}

fn build_into(out: &Path) {
    let o = availgen([
        "build".as_ref(),
        "--root".as_ref(),
        manifest_dir().as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--base-url".as_ref(),
        // No trailing slash: the binary adds it.
        BASE_URL.trim_end_matches('/').as_ref(),
    ]);
    assert_exit(&o, 0, "build of the bundled site");
}

fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = scratch().join("public");
        build_into(&out);
        Built { input: load_input(manifest_dir()), out }
    })
}

impl Built {
    fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.out.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    fn html(&self, rel: &str) -> Html {
        Html::parse_document(&String::from_utf8(self.read(rel)).unwrap())
    }

    fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).is_file()
    }

    fn strings<'a>(&'a self, locale: &'a Locale) -> L<'a> {
        L { locale, en: &self.input.locales[0] }
    }
}

/// A parsed CSS selector, cached: the same few dozen selectors run on every page.
fn sel(s: &str) -> &'static Selector {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static Selector>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    cache.entry(s.to_owned()).or_insert_with(|| {
        let parsed = Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"));
        Box::leak(Box::new(parsed))
    })
}

/// Text content with whitespace collapsed.
fn text(e: ElementRef) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `id` attributes that occur more than once in `doc`.
fn duplicate_ids(doc: &Html) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut dups = BTreeSet::new();
    for e in doc.select(sel("[id]")) {
        let id = e.value().attr("id").unwrap_or_default().to_owned();
        if !seen.insert(id.clone()) {
            dups.insert(id);
        }
    }
    dups.into_iter().collect()
}

/// `{:?}` of `v`, cut to a readable length.
fn short<T: std::fmt::Debug>(v: &T) -> String {
    let s = format!("{v:?}");
    match s.char_indices().nth(300) {
        Some((i, _)) => format!("{}… ({} chars)", &s[..i], s.chars().count()),
        None => s,
    }
}

/// Collects problems so one run reports all of them, not just the first.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn check(&mut self, ok: bool, msg: impl FnOnce() -> String) {
        if !ok {
            self.0.push(msg());
        }
    }

    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, what: impl std::fmt::Display, got: T, want: T) {
        if got != want {
            self.0.push(format!("{what}:\n    got  {}\n    want {}", short(&got), short(&want)));
        }
    }

    fn assert_none(self) {
        if !self.0.is_empty() {
            let shown: Vec<&str> = self.0.iter().take(40).map(String::as_str).collect();
            panic!(
                "{} problem(s){}:\n{}",
                self.0.len(),
                if self.0.len() > 40 { ", first 40" } else { "" },
                shown.join("\n")
            );
        }
    }
}

fn country_page(locale: &Locale, slug: &str) -> String {
    format!("{}/availability-in-{slug}/index.html", locale.dir)
}

/// The selector's entries in order: (name, href, code, data-search).
fn selector_entries(doc: &Html) -> Vec<(String, String, String, String)> {
    doc.select(sel("#country-list li"))
        .map(|li| {
            let a = li.select(sel("a")).next().expect("selector entry without a link");
            let code = li.select(sel(".code")).next().map(text).unwrap_or_default();
            (
                text(a),
                a.value().attr("href").unwrap_or_default().to_owned(),
                code,
                li.value().attr("data-search").unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The country codes in the order the locale's selector lists them.
fn selector_codes(b: &Built, locale: &Locale) -> Vec<String> {
    let doc = b.html(&format!("{}/index.html", locale.dir));
    selector_entries(&doc).into_iter().map(|e| e.2).collect()
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn test_helpers() {
    assert_eq!(grouped(7), "7");
    assert_eq!(grouped(196), "196");
    assert_eq!(grouped(3000), "3,000");
    assert_eq!(grouped(1_234_567), "1,234,567");
    assert_eq!(fill("{section}: {feature}", &[("section", "A"), ("feature", "B")]), "A: B");
    let page = "en-us/availability-in-canada/index.html";
    assert_eq!(resolve(page, "../").as_deref(), Some("en-us/index.html"));
    assert_eq!(
        resolve(page, "../../zh-cn/availability-in-canada/").as_deref(),
        Some("zh-cn/availability-in-canada/index.html")
    );
    assert_eq!(resolve(page, "../calling-plans/#destinations").as_deref(), Some("en-us/calling-plans/index.html"));
    assert_eq!(resolve(page, "../../../x"), None);
    assert_eq!(resolve("en-us/index.html", "./").as_deref(), Some("en-us/index.html"));
    assert_eq!(resolve("index.html", "zh-tw/").as_deref(), Some("zh-tw/index.html"));
    assert_eq!(resolve(page, "https://example.org/"), None);
}

#[test]
fn the_bundled_site_has_the_expected_shape() {
    let b = site();
    assert!(b.input.countries.len() > 100, "{}", b.input.countries.len());
    let tags: Vec<&str> = b.input.locales.iter().map(|l| l.tag.as_str()).collect();
    for tag in ["en-US", "zh-CN", "zh-TW"] {
        assert!(tags.contains(&tag), "{tags:?}");
    }
    for locale in &b.input.locales {
        for c in &b.input.countries {
            assert!(b.exists(&country_page(locale, &c.slug)), "missing {}", country_page(locale, &c.slug));
        }
    }
}

#[test]
fn country_pages_show_the_data_in_every_locale() {
    let b = site();
    let mut p = Problems::default();
    let h1 = sel("h1");
    let html = sel("html");
    let note_items = sel("section#notes li");
    for locale in &b.input.locales {
        let l = b.strings(locale);
        for c in &b.input.countries {
            let page = country_page(locale, &c.slug);
            let doc = b.html(&page);
            p.eq(format!("{page}: duplicate ids"), duplicate_ids(&doc), vec![]);
            let lang = doc.select(html).next().and_then(|e| e.value().attr("lang")).map(str::to_owned);
            p.eq(format!("{page}: <html lang>"), lang, Some(locale.tag.clone()));
            let name = l.name(&c.data.code);
            let heading = doc.select(h1).next().map(text).unwrap_or_default();
            p.check(heading.contains(&name), || format!("{page}: <h1> {heading:?} does not contain {name:?}"));
            for s in expected_sections(&c.data, &l) {
                let section = doc.select(sel(&format!("section#{}", s.id))).next();
                let Some(section) = section else {
                    p.check(!s.applies, || format!("{page}: no section#{}", s.id));
                    continue;
                };
                p.check(s.applies, || format!("{page}: section#{} shown though it does not apply", s.id));
                let title = section.select(sel("h2")).next().map(text);
                p.eq(format!("{page}: section#{} title", s.id), title, Some(collapse(&s.title)));
                let rows = section.select(sel("tr[data-fact]")).count();
                p.eq(format!("{page}: section#{} number of facts", s.id), rows, s.facts.len());
                for (key, label, want) in &s.facts {
                    let what = format!("{page}: section#{} tr[data-fact={key}]", s.id);
                    let Some(row) = section.select(sel(&format!("tr[data-fact=\"{key}\"]"))).next() else {
                        p.check(false, || format!("{what}: missing"));
                        continue;
                    };
                    let th = row.select(sel("th")).next().map(text);
                    p.eq(format!("{what} label"), th, Some(collapse(label)));
                    let Some(td) = row.select(sel("td")).next() else {
                        p.check(false, || format!("{what}: no <td>"));
                        continue;
                    };
                    let items: Vec<String> = td.select(sel("li")).map(text).collect();
                    let got = if items.is_empty() { Expected::Text(text(td)) } else { Expected::List(items) };
                    let want = match want {
                        Expected::Text(t) | Expected::Count(_, t) => Expected::Text(collapse(t)),
                        Expected::List(v) => Expected::List(v.iter().map(|t| collapse(t)).collect()),
                    };
                    p.eq(what, got, want);
                }
                let hint = section.select(sel("p.hint")).next().map(text);
                p.eq(format!("{page}: section#{} hint", s.id), hint, s.hint.as_deref().map(collapse));
            }
            let notes: Vec<String> = doc.select(note_items).map(text).collect();
            let want: Vec<String> = c.data.notes.iter().map(|k| collapse(&l.note(k))).collect();
            p.eq(format!("{page}: notes"), notes, want);
            if c.data.notes.is_empty() {
                p.check(doc.select(sel("section#notes")).next().is_none(), || format!("{page}: empty notes section"));
            }
        }
    }
    p.assert_none();
}

/// `<locale>/countries.js`: `window.availgenCountries = [[slug, name], ...];`.
fn countries_js(b: &Built, locale: &Locale) -> Vec<(String, String)> {
    let rel = format!("{}/countries.js", locale.dir);
    let text = String::from_utf8(b.read(&rel)).unwrap();
    let json = text
        .trim()
        .strip_prefix("window.availgenCountries =")
        .and_then(|t| t.strip_suffix(';'))
        .unwrap_or_else(|| panic!("{rel}: unexpected form: {text:.200}"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The jump menu's targets (files, in order) and the selected ones. The options are
/// either in the page, or, when the page has only the current country's option and
/// `data-current`, in `<locale>/countries.js`, from which the page's script makes the
/// options `../availability-in-<slug>/` (see static/availgen.js).
fn jump_menu(
    b: &Built,
    locale: &Locale,
    page: &str,
    doc: &Html,
    slug: &str,
    p: &mut Problems,
) -> (Vec<String>, Vec<String>) {
    let Some(select) = doc.select(sel("select#country-jump")).next() else {
        p.check(false, || format!("{page}: no select#country-jump"));
        return (Vec::new(), Vec::new());
    };
    let options: Vec<ElementRef> = select.select(sel("option")).collect();
    let value = |o: &ElementRef| {
        let v = o.value().attr("value").unwrap_or_default();
        resolve(page, v).unwrap_or_else(|| format!("unresolvable {v}"))
    };
    let selected: Vec<String> = options.iter().filter(|o| o.value().attr("selected").is_some()).map(value).collect();
    match select.value().attr("data-current") {
        Some(current) if options.len() <= 1 => {
            p.eq(format!("{page}: select#country-jump data-current"), current, slug);
            let script = doc
                .select(sel("script[src]"))
                .filter_map(|s| resolve(page, s.value().attr("src").unwrap_or_default()))
                .any(|f| f == format!("{}/countries.js", locale.dir));
            p.check(script, || format!("{page}: does not load {}/countries.js", locale.dir));
            let targets = countries_js(b, locale)
                .iter()
                .map(|(s, _)| resolve(page, &format!("../availability-in-{s}/")).unwrap_or_default())
                .collect();
            (targets, selected)
        }
        _ => (options.iter().map(value).collect(), selected),
    }
}

#[test]
fn country_pages_link_to_their_alternates_and_neighbours() {
    let b = site();
    let mut p = Problems::default();
    for locale in &b.input.locales {
        let codes = selector_codes(b, locale);
        let order: Vec<&str> = codes
            .iter()
            .map(|code| b.input.countries.iter().find(|c| &c.data.code == code).map(|c| c.slug.as_str()).unwrap_or("?"))
            .collect();
        for c in &b.input.countries {
            let page = country_page(locale, &c.slug);
            let doc = b.html(&page);
            for other in &b.input.locales {
                let here = format!("availability-in-{}/", c.slug);
                // <link rel=alternate hreflang> with the absolute URL.
                let hrefs: Vec<String> = doc
                    .select(sel(&format!("link[rel=alternate][hreflang=\"{}\"]", other.tag)))
                    .filter_map(|e| e.value().attr("href").map(str::to_owned))
                    .collect();
                p.eq(
                    format!("{page}: link[rel=alternate][hreflang={}]", other.tag),
                    hrefs,
                    vec![format!("{BASE_URL}{}/{here}", other.dir)],
                );
                // The language switcher leads to the same country in that language.
                let switch: Vec<String> = doc
                    .select(sel(&format!("nav.language-switcher a[hreflang=\"{}\"]", other.tag)))
                    .filter_map(|e| e.value().attr("href").map(str::to_owned))
                    .collect();
                let want = country_page(other, &c.slug);
                match switch.as_slice() {
                    [href] => {
                        let got = resolve(&page, href);
                        p.eq(
                            format!("{page}: language switcher to {} ({href})", other.tag),
                            got.as_deref(),
                            Some(want.as_str()),
                        );
                        p.check(b.exists(&want), || format!("{want} does not exist"));
                    }
                    _ => {
                        p.check(false, || format!("{page}: {} language switcher links to {}", switch.len(), other.tag))
                    }
                }
            }
            // The jump menu: every country once, in selector order, this one selected.
            let want_order: Vec<String> = order.iter().map(|s| country_page(locale, s)).collect();
            let (targets, selected) = jump_menu(b, locale, &page, &doc, &c.slug, &mut p);
            p.eq(format!("{page}: selected jump option"), selected, vec![page.clone()]);
            for t in &targets {
                p.check(b.exists(t), || format!("{page}: jump option to missing {t}"));
            }
            p.eq(format!("{page}: jump options (count {})", targets.len()), targets, want_order);
            // Breadcrumb back to the locale's index.
            let crumb = doc
                .select(sel(".breadcrumb a"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .and_then(|h| resolve(&page, h));
            p.eq(format!("{page}: breadcrumb"), crumb, Some(format!("{}/index.html", locale.dir)));
        }
    }
    p.assert_none();
}

#[test]
fn selectors_list_every_country_in_the_locales_order() {
    let b = site();
    let mut p = Problems::default();
    for locale in &b.input.locales {
        let l = b.strings(locale);
        let en = b.strings(&b.input.locales[0]);
        let page = format!("{}/index.html", locale.dir);
        let doc = b.html(&page);
        p.eq(format!("{page}: duplicate ids"), duplicate_ids(&doc), vec![]);
        let entries = selector_entries(&doc);
        p.eq(format!("{page}: #country-list li count"), entries.len(), b.input.countries.len());
        let mut seen = BTreeSet::new();
        for (name, href, code, search) in &entries {
            let Some(c) = b.input.countries.iter().find(|c| &c.data.code == code) else {
                p.check(false, || format!("{page}: entry {name:?} has unknown code {code:?}"));
                continue;
            };
            p.check(seen.insert(code.clone()), || format!("{page}: {code} listed twice"));
            p.eq(format!("{page}: name of {code}"), name.clone(), collapse(&l.name(code)));
            let target = resolve(&page, href);
            p.eq(format!("{page}: link of {code}"), target.as_deref(), Some(country_page(locale, &c.slug).as_str()));
            p.check(target.is_some_and(|t| b.exists(&t)), || format!("{page}: link of {code} ({href}) leads nowhere"));
            for needle in [l.name(code), en.name(code), code.clone()] {
                let needle = needle.to_lowercase();
                p.check(search.contains(&needle), || {
                    format!("{page}: data-search {search:?} of {code} lacks {needle:?}")
                });
            }
        }
        let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        let before = |a: &str, z: &str| {
            let (i, j) = (names.iter().position(|n| *n == a), names.iter().position(|n| *n == z));
            assert!(i.is_some() && j.is_some(), "{page}: {a} or {z} not listed");
            assert!(i < j, "{page}: {a} should come before {z}");
        };
        match locale.tag.as_str() {
            "en-US" => {
                for (a, z) in [
                    ("Argentina", "Australia"),
                    ("Australia", "Austria"),
                    ("Bahrain", "Bangladesh"),
                    ("Canada", "China"),
                    ("Switzerland", "Taiwan"),
                ] {
                    before(a, z);
                }
                // Case-insensitive alphabetical: initials never go backwards.
                let initials: Vec<char> = names
                    .iter()
                    .filter_map(|n| n.chars().next())
                    .filter(char::is_ascii_alphabetic)
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                let mut sorted = initials.clone();
                sorted.sort_unstable();
                p.eq(format!("{page}: initials in order"), initials, sorted);
            }
            // Pinyin: ā gēn tíng, ào dà lì yà, bā xī, zhōng guó.
            "zh-CN" => {
                before("阿根廷", "澳大利亚");
                before("澳大利亚", "巴西");
                before("巴西", "中国");
            }
            // Stroke count of the first character: 中 4, 阿 8, 澳 16.
            "zh-TW" => {
                before("中國", "阿根廷");
                before("阿根廷", "澳洲");
                before("巴西", "阿根廷");
            }
            _ => {}
        }
    }
    p.assert_none();
}

#[test]
fn spreadsheets_agree_with_each_other_the_selector_and_the_data() {
    let b = site();
    let mut p = Problems::default();
    for locale in &b.input.locales {
        let l = b.strings(locale);
        let xlsx_path = format!("{}/availability.xlsx", locale.dir);
        let csv_path = format!("{}/availability.csv", locale.dir);
        let xlsx = xlsx_rows(&b.out.join(&xlsx_path));
        let csv = csv_rows(&b.out.join(&csv_path));

        // The two files hold the same table, cell by cell.
        p.eq(format!("{csv_path}: rows"), csv.len(), xlsx.len());
        for (r, (xr, cr)) in xlsx.iter().zip(&csv).enumerate() {
            p.eq(format!("{csv_path}: row {r} width"), cr.len(), xr.len());
            for (c, (x, v)) in xr.iter().zip(cr).enumerate() {
                let neutralised = v.strip_prefix('\'').filter(|rest| rest.starts_with(['=', '+', '-', '@']));
                let same = match neutralised {
                    Some(rest) => rest == x,
                    None => v == x,
                };
                p.check(same, || {
                    format!("{locale_dir} row {r} col {c}: xlsx {x:?} vs csv {v:?}", locale_dir = locale.dir)
                });
                if x.starts_with(['=', '+', '-', '@']) {
                    p.check(neutralised.is_some(), || {
                        format!("{csv_path} row {r} col {c}: formula-like cell {v:?} not neutralised")
                    });
                }
            }
        }

        p.eq(format!("{xlsx_path}: rows"), xlsx.len(), b.input.countries.len() + 1);
        let header = &xlsx[0];
        p.eq(format!("{xlsx_path}: A1"), header[0].clone(), l.ui("country"));
        p.eq(format!("{xlsx_path}: B1"), header[1].clone(), l.ui("code"));

        // First two columns: the selector's order, names and codes.
        let doc = b.html(&format!("{}/index.html", locale.dir));
        let entries = selector_entries(&doc);
        let names: Vec<String> = xlsx[1..].iter().map(|r| collapse(&r[0])).collect();
        let codes: Vec<String> = xlsx[1..].iter().map(|r| r[1].clone()).collect();
        p.eq(
            format!("{xlsx_path}: country column order"),
            names,
            entries.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
        );
        p.eq(
            format!("{xlsx_path}: code column"),
            codes.clone(),
            entries.iter().map(|e| e.2.clone()).collect::<Vec<_>>(),
        );

        // Every fact column, found by its heading, says what the data says.
        let column = |heading: &str| header.iter().position(|h| h == heading);
        for (row, code) in xlsx[1..].iter().zip(&codes) {
            let Some(c) = b.input.countries.iter().find(|c| &c.data.code == code) else {
                p.check(false, || format!("{xlsx_path}: unknown code {code}"));
                continue;
            };
            p.eq(format!("{xlsx_path} {code}: name"), row[0].clone(), l.name(code));
            for s in expected_sections(&c.data, &l) {
                for (_, label, want) in &s.facts {
                    let heading = fill(&l.ui("column_heading"), &[("section", &s.title), ("feature", label)]);
                    match column(&heading) {
                        Some(i) => p.eq(format!("{xlsx_path} {code}: {heading}"), row[i].clone(), want.cell()),
                        None => p.check(false, || format!("{xlsx_path}: no column {heading:?}")),
                    }
                }
            }
            let notes: Vec<String> = c.data.notes.iter().map(|k| l.note(k)).collect();
            match column(&l.ui("notes")) {
                Some(i) => {
                    for note in &notes {
                        p.check(row[i].contains(note.as_str()), || {
                            format!("{xlsx_path} {code}: notes cell {:?} lacks {note:?}", row[i])
                        });
                    }
                    p.check(!notes.is_empty() || row[i].is_empty(), || {
                        format!("{xlsx_path} {code}: notes cell should be empty: {:?}", row[i])
                    });
                }
                None => p.check(false, || format!("{xlsx_path}: no notes column")),
            }
        }
    }
    p.assert_none();
}

#[test]
fn availability_json_has_every_country() {
    let b = site();
    let doc: serde_json::Value =
        serde_json::from_slice(&b.read("availability.json")).expect("availability.json is not JSON");
    let countries = doc["countries"].as_array().expect("no countries array");
    assert_eq!(countries.len(), b.input.countries.len());
    for c in &b.input.countries {
        let j = countries
            .iter()
            .find(|j| j["slug"] == c.slug.as_str())
            .unwrap_or_else(|| panic!("availability.json lacks {}", c.slug));
        assert_eq!(j["code"], c.data.code.as_str(), "{}", c.slug);
        let mine = serde_json::to_value(&c.data).unwrap();
        for key in [
            "audio_conferencing",
            "phone_system",
            "calling_plans",
            "service_numbers",
            "communications_credits",
            "business_voice",
            "notes",
        ] {
            assert_eq!(j[key], mine[key], "availability.json {}: {key}", c.slug);
        }
    }
    let tags: Vec<&str> =
        doc["locales"].as_array().expect("no locales array").iter().filter_map(|l| l["tag"].as_str()).collect();
    let want: Vec<&str> = b.input.locales.iter().map(|l| l.tag.as_str()).collect();
    assert_eq!(tags, want);
}

/// The `<tag>…</tag>` contents in `xml`, in order.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(open.as_str()).skip(1).filter_map(|s| s.split(close.as_str()).next()).collect()
}

fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = element.find(&key)? + key.len();
    element[start..].split('"').next()
}

#[test]
fn sitemaps_list_every_page_with_every_alternate() {
    let b = site();
    let index = String::from_utf8(b.read("sitemap.xml")).unwrap();
    assert!(index.contains("<sitemapindex"), "{index}");
    let locs: Vec<&str> = elements(&index, "loc");
    let want: Vec<String> = b.input.locales.iter().map(|l| format!("{BASE_URL}{}/sitemap.xml", l.dir)).collect();
    assert_eq!(locs, want, "sitemap.xml");

    // The index, the matrix and the world maps, then the country and prose pages.
    let mut paths: Vec<String> = vec![String::new(), "compare/".to_owned(), "maps/".to_owned()];
    paths.extend(b.input.countries.iter().map(|c| format!("availability-in-{}/", c.slug)));
    paths.extend(b.input.prose_pages.iter().map(|n| format!("{n}/")));
    // The changes page, made when the site is built from a git checkout.
    if b.exists(&format!("{}/changes/index.html", b.input.locales[0].dir)) {
        paths.push("changes/".to_owned());
    }
    let mut p = Problems::default();
    for locale in &b.input.locales {
        let file = format!("{}/sitemap.xml", locale.dir);
        let xml = String::from_utf8(b.read(&file)).unwrap();
        let urls = elements(&xml, "url");
        let got: BTreeSet<String> =
            urls.iter().filter_map(|u| elements(u, "loc").first().map(|s| (*s).to_owned())).collect();
        let want: BTreeSet<String> = paths.iter().map(|path| format!("{BASE_URL}{}/{path}", locale.dir)).collect();
        p.eq(format!("{file}: pages"), &got, &want);
        p.eq(format!("{file}: <url> count"), urls.len(), paths.len());
        for url in &urls {
            let Some(loc) = elements(url, "loc").first().copied() else {
                continue;
            };
            let path = loc.strip_prefix(&format!("{BASE_URL}{}/", locale.dir)).unwrap_or(loc);
            let file_of_page = format!("{}/{path}index.html", locale.dir);
            p.check(b.exists(&file_of_page), || format!("{file}: {loc} has no page"));
            let alternates: BTreeMap<&str, &str> = url
                .split("<xhtml:link")
                .skip(1)
                .filter_map(|l| Some((attr(l, "hreflang")?, attr(l, "href")?)))
                .collect();
            for other in &b.input.locales {
                p.eq(
                    format!("{file}: {loc} alternate {}", other.tag),
                    alternates.get(other.tag.as_str()).copied().map(str::to_owned),
                    Some(format!("{BASE_URL}{}/{path}", other.dir)),
                );
            }
        }
    }
    p.assert_none();
}

#[test]
fn the_root_index_links_to_every_locale() {
    let b = site();
    let doc = b.html("index.html");
    for locale in &b.input.locales {
        let hrefs: Vec<&str> = doc
            .select(sel(&format!("a[hreflang=\"{}\"]", locale.tag)))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(hrefs.len(), 1, "index.html: links to {}: {hrefs:?}", locale.tag);
        let target = resolve("index.html", hrefs[0]);
        let want = format!("{}/index.html", locale.dir);
        assert_eq!(target.as_deref(), Some(want.as_str()), "index.html → {}", locale.tag);
        assert!(b.exists(&want), "{want} missing");
        let name = doc.select(sel(&format!("a[hreflang=\"{}\"]", locale.tag))).next().map(text);
        assert_eq!(name, Some(collapse(&locale.file.meta.name)));
    }
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    // The second build first, so it runs while other tests wait for the shared one.
    let again = scratch().join("again");
    build_into(&again);
    let b = site();
    let first = snapshot(&b.out);
    let second = snapshot(&again);
    let names1: Vec<&String> = first.keys().collect();
    let names2: Vec<&String> = second.keys().collect();
    assert_eq!(names1, names2, "the two builds wrote different files");
    let differing: Vec<&String> = first.iter().filter(|(k, v)| second.get(*k) != Some(v)).map(|(k, _)| k).collect();
    assert!(differing.is_empty(), "files differ between builds: {differing:?}");
    let _ = std::fs::remove_dir_all(&again);
}
