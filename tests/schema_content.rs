//! End to end: the docs team reshapes the facts by editing content, never Rust.
//!
//! Each case is a data-only change to a copy of the bundled site: the repository's own
//! `content/`, `locales/`, `templates/` and `static/`, with one or more folders
//! `tests/fixtures/schema-*/` copied over it (see `tests/fixtures/README.md`). The real
//! binary checks and builds it; the pages are parsed as HTML, the spreadsheets read back
//! with calamine and the csv crate, and `availability.json` parsed as JSON.

mod common;

use std::path::PathBuf;
use std::process::Output;

use scraper::{ElementRef, Html, Selector};
use serde_json::{json, Value};

use common::{assert_exit, availgen, check_json, copy_tree, csv_rows, fixtures, manifest_dir, stderr, xlsx_rows, Diag};

/// The bundled locales: tag, output directory, and the strings the assertions expect
/// from each locale's own file (unchanged by the fixtures).
struct Locale {
    tag: &'static str,
    dir: &'static str,
    /// `ui.column_heading` with `{section}` and `{feature}` left for `column`.
    column_sep: &'static str,
    yes: &'static str,
    not_available: &'static str,
    available_for_purchase: &'static str,
}

const LOCALES: [Locale; 3] = [
    Locale {
        tag: "en-US",
        dir: "en-us",
        column_sep: ": ",
        yes: "Yes",
        not_available: "Not available",
        available_for_purchase: "Available for purchase",
    },
    Locale {
        tag: "zh-CN",
        dir: "zh-cn",
        column_sep: "：",
        yes: "是",
        not_available: "不可用",
        available_for_purchase: "可购买",
    },
    Locale {
        tag: "zh-TW",
        dir: "zh-tw",
        column_sep: "：",
        yes: "是",
        not_available: "不可用",
        available_for_purchase: "可購買",
    },
];

impl Locale {
    /// A spreadsheet column's heading, as `ui.column_heading` makes it.
    fn column(&self, section: &str, feature: &str) -> String {
        format!("{section}{}{feature}", self.column_sep)
    }
}

// ---------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------

/// A copy of the bundled site with fixture folders copied over it, in order: a file at
/// the same path replaces the bundled one, a new path adds a file.
struct Site {
    tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn with(overlays: &[&str]) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for dir in ["content", "locales", "templates", "static"] {
            let from = manifest_dir().join(dir);
            if from.is_dir() {
                copy_tree(&from, &root.join(dir));
            }
        }
        for case in overlays {
            let from = fixtures().join(case);
            assert!(from.is_dir(), "no fixture folder {}", from.display());
            copy_tree(&from, &root);
        }
        Site { tmp, root }
    }

    /// `availgen ARGS --root ROOT`.
    fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        all.extend(["--root".as_ref(), self.root.as_os_str()]);
        availgen(all)
    }

    /// The output directory a build of this site goes to, beside the root.
    fn out(&self) -> PathBuf {
        self.tmp.path().join("public")
    }

    /// Builds the site, failing the test unless the build succeeds.
    fn build(self) -> Built {
        let out = self.out();
        let o = self.run(&["build", "--out", out.to_str().unwrap()]);
        assert_exit(&o, 0, "build");
        let slugs = std::fs::read_dir(self.root.join("content/countries"))
            .unwrap()
            .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        Built { _site: self, out, slugs }
    }

    /// The line (1-based) of the site's file `rel` that starts with `prefix`.
    fn line_of(&self, rel: &str, prefix: &str) -> usize {
        let text = std::fs::read_to_string(self.root.join(rel)).unwrap();
        1 + text.lines().position(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("{rel}: no line `{prefix}`"))
    }
}

/// A built site's output.
struct Built {
    /// Holds the temporary directory the output is in.
    _site: Site,
    out: PathBuf,
    /// Every country's slug, from the site's `content/countries/`.
    slugs: Vec<String>,
}

impl Built {
    fn page(&self, locale: &Locale, slug: &str) -> Html {
        let path = self.out.join(format!("{}/availability-in-{slug}/index.html", locale.dir));
        Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    }

    /// The locale's spreadsheet, as read from the xlsx and from the csv file.
    fn sheets(&self, locale: &Locale) -> [(String, Vec<Vec<String>>); 2] {
        let xlsx = self.out.join(format!("{}/availability.xlsx", locale.dir));
        let csv = self.out.join(format!("{}/availability.csv", locale.dir));
        [(xlsx.display().to_string(), xlsx_rows(&xlsx)), (csv.display().to_string(), csv_rows(&csv))]
    }

    /// `availability.json`'s country entries, by slug.
    fn json_countries(&self) -> Vec<(String, Value)> {
        let text = std::fs::read_to_string(self.out.join("availability.json")).unwrap();
        let json: Value = serde_json::from_str(&text).unwrap();
        let countries = json["countries"].as_array().expect("availability.json has a `countries` array");
        countries.iter().map(|c| (c["slug"].as_str().unwrap().to_owned(), c.clone())).collect()
    }
}

/// The index of the column headed `heading`.
fn column(header: &[String], heading: &str) -> usize {
    header.iter().position(|h| h == heading).unwrap_or_else(|| panic!("no column `{heading}` in {header:?}"))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// Text content with whitespace collapsed.
fn text(e: ElementRef) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The ids of a country page's fact sections, in page order.
fn section_ids(doc: &Html) -> Vec<String> {
    doc.select(&sel("section.facts")).map(|s| s.value().attr("id").unwrap_or_default().to_owned()).collect()
}

/// One fact section of a country page, as shown.
#[derive(Debug)]
struct Section {
    title: String,
    /// (label, value) of each row.
    rows: Vec<(String, String)>,
    /// The items of each row's list, where the value is one.
    items: Vec<Vec<String>>,
    /// The texts marked as falling back to English, in page order.
    fallbacks: Vec<String>,
}

fn section(doc: &Html, id: &str) -> Option<Section> {
    let s = doc.select(&sel(&format!("section#{id}"))).next()?;
    let title = s.select(&sel("h2")).next().map(text).unwrap_or_default();
    let rows = s
        .select(&sel("tbody tr"))
        .map(|tr| {
            let cell = |css| tr.select(&sel(css)).next().map(text).unwrap_or_default();
            (cell("th"), cell("td"))
        })
        .collect();
    let items = s.select(&sel("tbody td")).map(|td| td.select(&sel("li")).map(text).collect()).collect();
    let fallbacks = s.select(&sel(r#"[lang="en-US"]"#)).map(text).collect();
    Some(Section { title, rows, items, fallbacks })
}

/// The diagnostics as (severity, file, line, column, message, hint), to compare whole.
type Summary = (String, String, usize, usize, String, Option<String>);

fn summary(diags: &[Diag]) -> Vec<Summary> {
    diags
        .iter()
        .map(|d| (d.severity.clone(), d.file.clone(), d.line, d.column, d.message.clone(), d.hint.clone()))
        .collect()
}

fn diag(severity: &str, file: &str, line: usize, column: usize, message: &str, hint: Option<&str>) -> Summary {
    (severity.into(), file.into(), line, column, message.into(), hint.map(Into::into))
}

/// `-->` locations in rustc-style output, in order.
fn arrows(human: &str) -> Vec<String> {
    human.lines().filter_map(|l| l.trim_start().strip_prefix("--> ")).map(|l| l.trim().to_owned()).collect()
}

/// Asserts that `site` is refused with exactly `wants`, by `check --format json`, by
/// `check`'s human output, and by `build`, which writes nothing.
fn assert_refused(site: &Site, wants: &[Summary]) {
    let (o, diags) = check_json(&site.root);
    assert_exit(&o, 1, "check --format json");
    assert_eq!(summary(&diags), wants, "check --format json");

    let o = site.run(&["check"]);
    assert_exit(&o, 1, "check");
    let locations: Vec<String> = wants
        .iter()
        .map(|(_, file, line, column, ..)| if *line == 0 { file.clone() } else { format!("{file}:{line}:{column}") })
        .collect();
    assert_eq!(arrows(&stderr(&o)), locations, "check: `-->` lines\n{}", stderr(&o));

    let o = site.run(&["build", "--out", site.out().to_str().unwrap()]);
    assert_exit(&o, 1, "build");
    assert!(!site.out().exists(), "a refused build created its output directory");
}

// ---------------------------------------------------------------------------
// a. A new optional section: Operator Connect
// ---------------------------------------------------------------------------

const OPERATOR_CONNECT: &str = "schema-operator-connect";
/// The ui strings the fixture adds to en-US only.
const OC_KEYS: &str = "`operator_connect`, `oc_coverage`, `oc_nationwide`, `oc_major_cities`, `oc_pending`";
/// The countries the fixture gives the section: slug, ISO code, coverage (value, en-US).
const OC_COUNTRIES: [(&str, &str, &str, &str); 3] = [
    ("canada", "CA", "nationwide", "Nationwide"),
    ("germany", "DE", "major_cities", "Major cities only"),
    ("japan", "JP", "pending", "Coming soon"),
];

fn oc_country(slug: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    OC_COUNTRIES.into_iter().find(|c| c.0 == slug)
}

#[test]
fn operator_connect_checks_with_the_zh_strings_missing() {
    let site = Site::with(&[OPERATOR_CONNECT]);
    let (o, diags) = check_json(&site.root);
    assert_exit(&o, 0, "check");
    let missing = format!("5 `ui` strings are missing and fall back to en-US: {OC_KEYS}");
    let hint = Some("run `availgen check` for coverage; translate them under `ui:`");
    assert_eq!(
        summary(&diags),
        [
            diag("warning", "locales/zh-CN.yaml", 0, 0, &missing, hint),
            diag("warning", "locales/zh-TW.yaml", 0, 0, &missing, hint),
        ]
    );

    let o = site.run(&["check", "--strict"]);
    assert_exit(&o, 1, "check --strict");
    let err = stderr(&o);
    assert!(err.contains(&format!("error: {missing}")), "{err}");
    assert_eq!(arrows(&err), ["locales/zh-CN.yaml", "locales/zh-TW.yaml"], "{err}");
}

#[test]
fn operator_connect_is_on_the_pages_of_the_countries_that_have_it() {
    let built = Site::with(&[OPERATOR_CONNECT]).build();
    for locale in &LOCALES {
        let is_source = locale.tag == "en-US";
        for slug in &built.slugs {
            let doc = built.page(locale, slug);
            let shown = section(&doc, "operator-connect");
            let Some((_, _, _, coverage)) = oc_country(slug) else {
                assert!(shown.is_none(), "{} {slug}: a section the country file does not have", locale.tag);
                continue;
            };
            let what = format!("{} {slug}", locale.tag);
            let s = shown.unwrap_or_else(|| panic!("{what}: no Operator Connect section"));
            // In schema order: the section the schema adds comes last.
            assert_eq!(section_ids(&doc).last().map(String::as_str), Some("operator-connect"), "{what}");
            assert_eq!(s.title, "Operator Connect", "{what}");
            let rows = [
                (locale.available_for_purchase.to_owned(), locale.yes.to_owned()),
                ("Coverage".to_owned(), coverage.to_owned()),
            ];
            assert_eq!(s.rows, rows, "{what}");
            // The strings only en-US has are marked as English on the other locales' pages.
            let fallbacks: &[&str] = if is_source { &[] } else { &["Operator Connect", "Coverage", coverage] };
            assert_eq!(s.fallbacks, fallbacks, "{what}: the strings marked lang=\"en-US\"");
        }
    }
}

#[test]
fn operator_connect_is_in_every_spreadsheet_and_in_the_json() {
    let built = Site::with(&[OPERATOR_CONNECT]).build();
    for locale in &LOCALES {
        for (file, rows) in built.sheets(locale) {
            let header = &rows[0];
            let available = column(header, &locale.column("Operator Connect", locale.available_for_purchase));
            let coverage = column(header, &locale.column("Operator Connect", "Coverage"));
            assert_eq!(coverage, available + 1, "{file}: the section's columns side by side");
            assert_eq!(rows.len(), 1 + built.slugs.len(), "{file}: one row per country");
            for r in &rows[1..] {
                assert_eq!(r.len(), header.len(), "{file}: {r:?}");
                let code = r[1].as_str();
                let want = match OC_COUNTRIES.iter().find(|c| c.1 == code) {
                    Some((_, _, _, coverage)) => [locale.yes, *coverage],
                    // `absent: not_available` in the schema.
                    None => [locale.not_available, locale.not_available],
                };
                assert_eq!([r[available].as_str(), r[coverage].as_str()], want, "{file}: {code}");
            }
        }
    }

    let countries = built.json_countries();
    assert_eq!(countries.len(), built.slugs.len());
    for (slug, c) in &countries {
        let want = match oc_country(slug) {
            Some((_, _, value, _)) => json!({"available": true, "coverage": value}),
            None => Value::Null,
        };
        assert_eq!(c.get("operator_connect"), Some(&want), "availability.json: {slug}");
    }
}

// ---------------------------------------------------------------------------
// b. A new choice value: an International Calling Plan
// ---------------------------------------------------------------------------

const NEW_PLAN_KIND: &str = "schema-new-plan-kind";
const UK: (&str, &str) = ("the-united-kingdom-u-k", "GB");

#[test]
fn a_new_plan_kind_needs_its_translations_confirmed_then_checks_clean() {
    let site = Site::with(&[NEW_PLAN_KIND]);
    let (o, diags) = check_json(&site.root);
    assert_exit(&o, 0, "check");
    let unconfirmed = |tag: &str| {
        let message = "1 translation is not recorded in locales/translations.lock.yaml, so availgen cannot tell if it is stale: `ui.plan_international`";
        let hint = format!("check them against en-US, then run `availgen translations confirm --locale {tag} --key KEY` (`availgen translations status --locale {tag}` lists them)");
        diag("warning", &format!("locales/{tag}.yaml"), 0, 0, message, Some(&hint))
    };
    assert_eq!(summary(&diags), [unconfirmed("zh-CN"), unconfirmed("zh-TW")]);

    // What the translators do after checking the new strings: confirm them.
    for tag in ["zh-CN", "zh-TW"] {
        let o = site.run(&["translations", "confirm", "--locale", tag, "--key", "ui.plan_international"]);
        assert_exit(&o, 0, &format!("translations confirm --locale {tag}"));
    }
    let (o, diags) = check_json(&site.root);
    assert_exit(&o, 0, "check after confirming");
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn a_new_plan_kind_is_on_the_page_and_in_the_spreadsheets() {
    let built = Site::with(&[NEW_PLAN_KIND]).build();
    let shown = [
        ("en-US", "International Calling Plan: 400 minutes per user per month"),
        ("zh-CN", "国际通话套餐：每位用户每月 400 分钟"),
        ("zh-TW", "國際通話方案：每位使用者每月 400 分鐘"),
    ];
    for (locale, (tag, plan)) in LOCALES.iter().zip(shown) {
        assert_eq!(locale.tag, tag);
        for slug in &built.slugs {
            let s = section(&built.page(locale, slug), "calling-plans").unwrap();
            let has_it = s.items.iter().flatten().any(|item| item == plan);
            assert_eq!(has_it, slug == UK.0, "{tag} {slug}: {:?}", s.items);
            assert!(s.fallbacks.is_empty(), "{tag} {slug}: English in the section: {:?}", s.fallbacks);
        }
        for (file, rows) in built.sheets(locale) {
            for r in &rows[1..] {
                let has_it = r.iter().any(|cell| cell.split("; ").any(|item| item == plan));
                assert_eq!(has_it, r[1] == UK.1, "{file}: {r:?}");
            }
        }
    }
    let countries = built.json_countries();
    let (_, uk) = countries.iter().find(|(slug, _)| slug == UK.0).unwrap();
    let plans = uk["calling_plans"]["plans"].as_array().unwrap();
    let plan = json!({"kind": "international", "minutes": 400, "domestic_minutes": null});
    assert_eq!(plans.last(), Some(&plan), "availability.json: {plans:?}");
}

// ---------------------------------------------------------------------------
// c. A product renamed: Phone System → Teams Phone, in the locale files only
// ---------------------------------------------------------------------------

const RENAMED: &str = "schema-renamed-product";
/// Per locale: the old name, the new one.
const NAMES: [(&str, &str, &str); 3] = [
    ("en-US", "Phone System", "Teams Phone"),
    ("zh-CN", "电话系统", "Teams 电话"),
    ("zh-TW", "電話系統", "Teams 電話"),
];

#[test]
fn the_rename_changes_only_locale_files() {
    let case = fixtures().join(RENAMED);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&case)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&case).unwrap().to_owned())
        .collect();
    assert!(!files.is_empty());
    assert!(files.iter().all(|f| f.starts_with("locales")), "{files:?}");
}

#[test]
fn renaming_in_english_makes_the_translations_stale_until_confirmed() {
    let site = Site::with(&[RENAMED]);
    let (o, diags) = check_json(&site.root);
    assert_exit(&o, 0, "check");
    let mut wants = Vec::new();
    for tag in ["zh-CN", "zh-TW"] {
        let file = format!("locales/{tag}.yaml");
        for key in ["phone_system", "cp_unavailable_hint"] {
            let message = format!("`ui.{key}` is stale: the en-US text changed after this translation");
            let hint = format!("review it, then run `availgen translations confirm --locale {tag} --key ui.{key}`");
            let line = site.line_of(&file, &format!("  {key}:"));
            wants.push(diag("warning", &file, line, 3, &message, Some(&hint)));
        }
    }
    wants.sort();
    let mut got = summary(&diags);
    got.sort();
    assert_eq!(got, wants);

    // The hint's command, run as written, clears the warning.
    for d in &diags {
        let hint = d.hint.as_deref().unwrap();
        let command = hint.split('`').nth(1).unwrap();
        let args: Vec<&str> = command.strip_prefix("availgen ").unwrap().split(' ').collect();
        assert_exit(&site.run(&args), 0, command);
    }
    let (o, diags) = check_json(&site.root);
    assert_exit(&o, 0, "check after confirming");
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn the_new_name_is_on_every_country_page_and_spreadsheet() {
    let built = Site::with(&[RENAMED]).build();
    for (locale, (tag, old, new)) in LOCALES.iter().zip(NAMES) {
        assert_eq!(locale.tag, tag);
        for slug in &built.slugs {
            let doc = built.page(locale, slug);
            let s = section(&doc, "phone-system").unwrap_or_else(|| panic!("{tag} {slug}: no Phone System section"));
            assert_eq!(s.title, new, "{tag} {slug}");
            let page = text(doc.root_element());
            assert!(!page.contains(old), "{tag} {slug}: the page still says {old}");
        }
        for (file, rows) in built.sheets(locale) {
            let header = &rows[0];
            let renamed = header.iter().filter(|h| h.starts_with(&locale.column(new, ""))).count();
            assert_eq!(renamed, 4, "{file}: the section's 4 columns: {header:?}");
            let stale: Vec<&String> = rows.iter().flatten().filter(|cell| cell.contains(old)).collect();
            assert!(stale.is_empty(), "{file}: cells that still say {old}: {stale:?}");
        }
    }
}

// ---------------------------------------------------------------------------
// d, e. Broken schema, country files wrong for a new schema
// ---------------------------------------------------------------------------

#[test]
fn every_problem_of_a_broken_schema_is_reported_with_its_place() {
    let site = Site::with(&["schema-bad-schema"]);
    let schema = "content/schema.yaml";
    assert_refused(
        &site,
        &[
            diag(
                "error",
                schema,
                8,
                16,
                "`available` names `dial_out`, a choice fact; it must name a yes_no fact that is not optional",
                Some("this section's yes_no facts: `available`"),
            ),
            diag(
                "error",
                schema,
                25,
                15,
                "duplicate fact `voicemail`",
                Some("each fact key may appear only once in a section"),
            ),
            diag(
                "error",
                schema,
                30,
                5,
                "unknown key `unavailble_hint` in a section",
                Some("did you mean `unavailable_hint`?"),
            ),
            // One error for the typo, not also one for the `values` a choice has.
            diag("error", schema, 41, 19, "unknown fact type `choise`", Some("did you mean `choice`?")),
            diag(
                "error",
                schema,
                64,
                15,
                "choice fact `number_kind` needs `values`",
                Some("a mapping of each value to its ui key, e.g. `values: {included: included, credits: requires_credits}`"),
            ),
        ],
    );
}

#[test]
fn country_files_wrong_for_a_new_schema_are_reported_in_one_run() {
    let site = Site::with(&[OPERATOR_CONNECT, "schema-bad-data"]);
    let missing = format!("5 `ui` strings are missing and fall back to en-US: {OC_KEYS}");
    let translate = Some("run `availgen check` for coverage; translate them under `ui:`");
    assert_refused(
        &site,
        &[
            diag(
                "error",
                "content/countries/canada.yaml",
                29,
                3,
                "unknown key `coverge` in section `operator_connect`",
                Some("did you mean `coverage`?"),
            ),
            diag(
                "error",
                "content/countries/germany.yaml",
                28,
                13,
                "`major_city` is not a value of `coverage`",
                Some("did you mean `major_cities`?"),
            ),
            diag(
                "error",
                "content/countries/japan.yaml",
                23,
                14,
                "`available` must be true or false, not a string",
                Some("expected `true` or `false` (YAML 1.2: `yes` and `no` are strings)"),
            ),
            diag(
                "error",
                "content/countries/the-united-kingdom-u-k.yaml",
                28,
                3,
                "missing fact `coverage` in section `operator_connect`",
                Some("add `coverage: …` (choice fact)"),
            ),
            diag("warning", "locales/zh-CN.yaml", 0, 0, &missing, translate),
            diag("warning", "locales/zh-TW.yaml", 0, 0, &missing, translate),
        ],
    );
}
