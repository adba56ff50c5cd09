//! End to end: broken input must be reported precisely and must never damage the
//! last good output.
//!
//! Each case is `tests/fixtures/<case>/`, overlaid on a copy of `tests/fixtures/base/`
//! (see `tests/fixtures/README.md`). For every case the harness checks, for both
//! `check --format json` and the human (rustc-style) output of `check` and `build`:
//! exit status 1, no panic, and the exact diagnostics (severity, file relative to the
//! root, line, column, message, hint). Then it builds the base site into OUT, runs
//! `build` of the broken root into the same OUT, and checks that OUT is byte for byte
//! unchanged and that no `.OUT.tmp-*` directory is left beside it.

mod common;

use std::path::{Path, PathBuf};

use common::{
    assert_exit, availgen, check_json, code, copy_tree, csv_rows, fixtures, leftovers_beside, manifest_dir, snapshot,
    stderr, xlsx_rows, Diag,
};

#[derive(Debug, Clone, Copy)]
enum Text {
    Exact(&'static str),
    /// For messages whose tail comes from a dependency (serde's list of expected fields).
    StartsWith(&'static str),
}

#[derive(Debug, Clone, Copy)]
enum Hint {
    None,
    Is(&'static str),
}

#[derive(Debug, Clone, Copy)]
struct Want {
    severity: &'static str,
    file: &'static str,
    line: usize,
    column: usize,
    message: Text,
    hint: Hint,
}

fn error(file: &'static str, line: usize, column: usize, message: Text, hint: Hint) -> Want {
    Want { severity: "error", file, line, column, message, hint }
}

fn warning(file: &'static str, message: &'static str) -> Want {
    Want { severity: "warning", file, line: 0, column: 0, message: Text::Exact(message), hint: Hint::None }
}

impl Want {
    fn matches_message(&self, got: &str) -> bool {
        match self.message {
            Text::Exact(m) => got == m,
            Text::StartsWith(m) => got.starts_with(m),
        }
    }

    fn message_text(&self) -> &'static str {
        match self.message {
            Text::Exact(m) | Text::StartsWith(m) => m,
        }
    }

    fn matches(&self, d: &Diag) -> bool {
        d.severity == self.severity
            && d.file == self.file
            && d.line == self.line
            && d.column == self.column
            && self.matches_message(&d.message)
            && match self.hint {
                Hint::None => d.hint.is_none(),
                Hint::Is(h) => d.hint.as_deref() == Some(h),
            }
    }

    /// The `-->` line of the human output: `file:line:col`, or just the file for
    /// problems that concern a whole file.
    fn location(&self) -> String {
        if self.line == 0 {
            self.file.to_owned()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

/// A temporary site root: base/ with the case folder copied over it.
struct Case {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    root: PathBuf,
}

fn overlay(case: &str) -> Case {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    let root = dir.join("site");
    copy_tree(&fixtures().join("base"), &root);
    if case != "base" {
        let from = fixtures().join(case);
        assert!(from.is_dir(), "no fixture folder {}", from.display());
        copy_tree(&from, &root);
    }
    Case { _tmp: tmp, dir, root }
}

fn arg(p: &Path) -> &std::ffi::OsStr {
    p.as_os_str()
}

/// `-->` locations in rustc-style output, in order.
fn arrows(human: &str) -> Vec<String> {
    human.lines().filter_map(|l| l.trim_start().strip_prefix("--> ")).map(|l| l.trim().to_owned()).collect()
}

fn assert_human(human: &str, wants: &[Want], what: &str) {
    let locations: Vec<String> = wants.iter().map(Want::location).collect();
    assert_eq!(arrows(human), locations, "{what}: `-->` lines\n{human}");
    for w in wants {
        let title = format!("{}: {}", w.severity, w.message_text());
        assert!(human.contains(&title), "{what}: no `{title}`\n{human}");
        if let Hint::Is(h) = w.hint {
            let help = format!("help: {h}");
            assert!(human.contains(&help), "{what}: no `{help}`\n{human}");
        }
    }
    let errors = wants.iter().filter(|w| w.severity == "error").count();
    let warnings = wants.len() - errors;
    let summary = format!("{errors} error(s), {warnings} warning(s)");
    assert!(human.contains(&summary), "{what}: no `{summary}`\n{human}");
}

/// Runs every check of one bad case; `wants` is every diagnostic, in output order.
fn run_case(case: &str, wants: &[Want]) {
    let c = overlay(case);

    // check --format json: the diagnostics, exactly.
    let (o, diags) = check_json(&c.root);
    assert_exit(&o, 1, &format!("{case}: check --format json"));
    assert_eq!(diags.len(), wants.len(), "{case}: number of diagnostics\n got: {diags:#?}\nwant: {wants:#?}");
    for (d, w) in diags.iter().zip(wants) {
        assert!(w.matches(d), "{case}: diagnostic\n got: {d:#?}\nwant: {w:#?}");
    }

    // check, human output.
    let o = availgen(["check".as_ref(), "--root".as_ref(), arg(&c.root)]);
    assert_exit(&o, 1, &format!("{case}: check"));
    assert_human(&stderr(&o), wants, &format!("{case}: check"));

    // build over a good previous output: reported the same way, and OUT survives.
    let out = c.dir.join("OUT");
    let base = fixtures().join("base");
    let o = availgen(["build".as_ref(), "--root".as_ref(), arg(&base), "--out".as_ref(), arg(&out)]);
    assert_exit(&o, 0, &format!("{case}: build of the base site"));
    let before = snapshot(&out);
    assert!(before.contains_key("en-us/index.html"), "{case}: base build wrote no index");

    let o = availgen(["build".as_ref(), "--root".as_ref(), arg(&c.root), "--out".as_ref(), arg(&out)]);
    assert_exit(&o, 1, &format!("{case}: build"));
    assert_human(&stderr(&o), wants, &format!("{case}: build"));
    let after = snapshot(&out);
    let changed: Vec<&String> = before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).collect();
    assert!(changed.is_empty(), "{case}: a failed build changed OUT: {changed:?}");
    let left = leftovers_beside(&out);
    assert!(left.is_empty(), "{case}: a failed build left {left:?} beside OUT");
}

const ARGENTINA: &str = "content/countries/argentina.yaml";
const CANADA: &str = "content/countries/canada.yaml";
const USA: &str = "content/countries/the-united-states-u-s.yaml";

// ---------------------------------------------------------------------------

#[test]
fn base_fixture_is_clean() {
    let c = overlay("base");
    let (o, diags) = check_json(&c.root);
    assert_exit(&o, 0, "check of the base fixture");
    assert!(diags.is_empty(), "the base fixture has diagnostics: {diags:#?}");
    let out = c.dir.join("out");
    let o = availgen(["build".as_ref(), "--root".as_ref(), arg(&c.root), "--out".as_ref(), arg(&out)]);
    assert_exit(&o, 0, "build of the base fixture");
    for f in ["index.html", "en-us/index.html", "zh-cn/availability-in-argentina/index.html", "zh-cn/availability.xlsx"]
    {
        assert!(out.join(f).is_file(), "base build lacks {f}");
    }
    for page in ["en-us/index.html", "zh-cn/index.html", "en-us/availability-in-canada/index.html"] {
        let dups = duplicate_ids(&out.join(page));
        assert!(dups.is_empty(), "{page} repeats ids {dups:?}");
    }
}

#[test]
fn bundled_content_checks_clean() {
    let o = availgen(["check".as_ref(), "--root".as_ref(), manifest_dir().as_os_str()]);
    assert_exit(&o, 0, "check of the bundled content");
    assert!(!stderr(&o).lines().any(|l| l.starts_with("error")), "{}", stderr(&o));
    let (o, diags) = check_json(manifest_dir());
    assert_exit(&o, 0, "check --format json of the bundled content");
    let errors: Vec<&Diag> = diags.iter().filter(|d| d.severity == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-site");
    let out = tmp.path().join("out");
    let base = fixtures().join("base");
    let runs: Vec<(&str, Vec<&std::ffi::OsStr>)> = vec![
        ("unknown flag", vec!["build".as_ref(), "--bogus".as_ref()]),
        ("unknown flag on check", vec!["check".as_ref(), "--root".as_ref(), arg(&base), "--frobnicate".as_ref()]),
        ("unknown subcommand", vec!["publish".as_ref()]),
        ("no subcommand", vec![]),
        ("bad --format", vec!["check".as_ref(), "--root".as_ref(), arg(&base), "--format".as_ref(), "xml".as_ref()]),
        ("check of a missing root", vec!["check".as_ref(), "--root".as_ref(), arg(&missing)]),
        (
            "build of a missing root",
            vec!["build".as_ref(), "--root".as_ref(), arg(&missing), "--out".as_ref(), arg(&out)],
        ),
    ];
    for (what, args) in runs {
        let o = availgen(&args);
        assert_exit(&o, 2, what);
        assert!(!stderr(&o).trim().is_empty(), "{what}: nothing on stderr");
    }
    let o = availgen(["check".as_ref(), "--root".as_ref(), arg(&missing)]);
    assert!(
        stderr(&o).contains(&missing.display().to_string()),
        "the message should name the missing root: {}",
        stderr(&o)
    );
    assert!(!out.exists(), "a build of a missing root created its output directory");
}

#[test]
fn malformed_yaml() {
    run_case(
        "malformed-yaml",
        &[error(ARGENTINA, 5, 11, Text::Exact("illegal placement of ':' indicator"), Hint::None)],
    );
}

#[test]
fn wrong_type() {
    run_case(
        "wrong-type",
        &[error(
            CANADA,
            14,
            31,
            Text::Exact("`minutes` must be a whole number, not a string"),
            Hint::Is("expected a whole number, e.g. `120`, or null"),
        )],
    );
}

#[test]
fn unknown_key() {
    run_case(
        "unknown-key",
        &[error(
            ARGENTINA,
            18,
            3,
            Text::Exact("unknown key `tol_free` in section `service_numbers`"),
            Hint::Is("did you mean `toll_free`?"),
        )],
    );
}

#[test]
fn duplicate_code() {
    run_case(
        "duplicate-code",
        &[error(
            "content/countries/dominion-of-canada.yaml",
            1,
            7,
            Text::Exact("duplicate country code `CA`"),
            Hint::Is("`content/countries/canada.yaml` already uses this code; each country needs its own"),
        )],
    );
}

#[test]
fn bad_locale_tag() {
    run_case(
        "bad-locale-tag",
        &[
            warning(
                "content/pages/overview.zh_CN.md",
                "page `overview` has no zh_CN translation and falls back to en-US",
            ),
            error(
                "locales/zh_CN.yaml",
                0,
                0,
                Text::Exact("`zh_CN` is not written as a canonical BCP 47 tag"),
                Hint::Is("rename the file to `locales/zh-CN.yaml`"),
            ),
        ],
    );
}

#[test]
fn bad_locale_name() {
    let c = overlay("bad-locale-name");
    let (o, diags) = check_json(&c.root);
    assert_exit(&o, 1, "bad-locale-name: check --format json");
    assert!(diags.iter().any(|d| d.severity == "error" && d.file == "locales/english.yaml"), "{diags:#?}");
}

#[test]
fn missing_note_key() {
    run_case(
        "missing-note-key",
        &[error(
            ARGENTINA,
            22,
            9,
            Text::Exact("unknown note key `no_such_note`"),
            Hint::Is("add `no_such_note` under `notes:` in locales/en-US.yaml"),
        )],
    );
}

#[test]
fn not_utf8() {
    let bytes = std::fs::read(fixtures().join("not-utf8").join(ARGENTINA)).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err() && bytes.contains(&0xF3),
        "the not-utf8 fixture lost its Latin-1 byte (was it re-encoded?)"
    );
    run_case(
        "not-utf8",
        &[error(
            ARGENTINA,
            19,
            27,
            Text::Exact("file is not valid UTF-8 (byte 0xF3)"),
            Hint::Is("save the file as UTF-8"),
        )],
    );
}

#[test]
fn unknown_page_link() {
    const EN: &str = "content/pages/overview.en-US.md";
    const ZH: &str = "content/pages/overview.zh-CN.md";
    run_case(
        "unknown-page-link",
        &[
            error(
                EN,
                7,
                5,
                Text::Exact("link to a page that does not exist: `calling-plans`"),
                Hint::Is(
                    "link to a page by its file name without locale and `.md` (`<name>`), or to a country as `availability-in-<slug>`",
                ),
            ),
            error(
                EN,
                7,
                37,
                Text::Exact("link to a country page that does not exist: `availability-in-canda`"),
                Hint::Is("did you mean `availability-in-canada`?"),
            ),
            error(
                EN,
                8,
                5,
                Text::Exact("link to an anchor that does not exist: `availability-in-argentina#calling-plan`"),
                Hint::Is("did you mean `calling-plans`?"),
            ),
            // Columns count characters, not bytes: 12 CJK characters precede the link.
            error(
                ZH,
                7,
                13,
                Text::Exact("link to a country page that does not exist: `availability-in-canda`"),
                Hint::Is("did you mean `availability-in-canada`?"),
            ),
        ],
    );
}

#[test]
fn bad_directive() {
    const ZH: &str = "content/pages/overview.zh-CN.md";
    run_case(
        "bad-directive",
        &[
            error(
                ZH,
                9,
                1,
                Text::Exact("unknown directive `country-selecter`"),
                Hint::Is("did you mean `country-selector`?"),
            ),
            error(ZH, 11, 1, Text::Exact("unknown feature `calling_plan`"), Hint::Is("did you mean `calling_plans`?")),
            error(
                ZH,
                13,
                1,
                Text::Exact("unknown argument `sort` for directive `fact-table`"),
                Hint::Is("`fact-table` takes: fact"),
            ),
        ],
    );
}

#[test]
fn bad_template() {
    // Found when the templates are compiled, before any page is rendered.
    run_case(
        "bad-template",
        &[error("templates/country.html", 3, 37, Text::Exact("template error: Unknown filter `sfae`"), Hint::None)],
    );
}

#[test]
fn bad_template_variable() {
    // Found on every country page: reported once, at the template's line and column.
    run_case(
        "bad-template-variable",
        &[error(
            "templates/country.html",
            4,
            8,
            Text::StartsWith("template error: Variable `titel` is not defined. Available variables: alternate_links,"),
            Hint::Is("while rendering en-us/availability-in-argentina (and 5 more)"),
        )],
    );
    // Found while rendering, where Tera gives the place but not the template's text.
    assert_line_shown("bad-template-variable", "4 | <h1>{{ titel.html | safe }}</h1>");
}

/// `check` of `case` shows `line` (`N | text`) under its message.
fn assert_line_shown(case: &str, line: &str) {
    let c = overlay(case);
    let o = availgen(["check".as_ref(), "--root".as_ref(), arg(&c.root)]);
    assert!(stderr(&o).contains(line), "{case}: the template's line is not shown:\n{}", stderr(&o));
}

#[test]
fn row_template_sees_no_page_variables() {
    // `fact_row.html` is rendered once per distinct row and reused on other pages, so
    // a page's own variable (`country`) is not there: reported with the line, not a
    // row made for one country shown on another's page.
    run_case(
        "bad-row-template-variable",
        &[error(
            "templates/fact_row.html",
            4,
            75,
            Text::Exact(
                "template error: Variable `country` is not defined. Available variables: f, locale, locales, ui",
            ),
            Hint::Is("while rendering en-us/availability-in-argentina (and 5 more)"),
        )],
    );
    assert_line_shown("bad-row-template-variable", "4 | <tr data-fact=\"{{ f.key }}\">");
}

#[test]
fn a_folder_that_is_no_site_is_reported_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("not-a-site"), tmp.path().join("out"));
    std::fs::create_dir_all(&root).unwrap();
    let hint = "this folder has no locale and no country files: is it the site's root?";
    let check: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), "--root".as_ref(), arg(&root)];
    let build: Vec<&std::ffi::OsStr> =
        vec!["build".as_ref(), "--root".as_ref(), arg(&root), "--out".as_ref(), arg(&out)];
    for (command, args) in [("check", check), ("build", build)] {
        let o = availgen(args);
        assert_exit(&o, 1, command);
        let err = stderr(&o);
        assert!(err.contains("error: the source locale file `locales/en-US.yaml` is missing"), "{command}: {err}");
        assert!(err.contains(hint), "{command}: {err}");
        assert!(!err.contains("panicked"), "{command}: {err}");
    }
    assert!(!out.exists(), "a build of no site wrote an output");
}

#[test]
fn several_problems_are_reported_in_one_run() {
    run_case(
        "several-problems",
        &[
            error(
                ARGENTINA,
                12,
                14,
                Text::Exact("`available` must be true or false, not a string"),
                Hint::Is("expected `true` or `false` (YAML 1.2: `yes` and `no` are strings)"),
            ),
            error(
                USA,
                27,
                28,
                Text::Exact("unknown note key `us_small_plan_limited`"),
                Hint::Is("did you mean `us_small_plans_limited`?"),
            ),
        ],
    );
}

/// Builds `root` into `<dir>/out`, expecting success.
fn build_ok(root: &Path, out: &Path, what: &str) {
    let o = availgen(["build".as_ref(), "--root".as_ref(), arg(root), "--out".as_ref(), arg(out)]);
    assert_exit(&o, 0, what);
}

/// Text that is markup or a spreadsheet formula is shown as text: escaped in HTML,
/// a plain string cell in xlsx, and neutralised with a leading `'` in CSV.
#[test]
fn hostile_text_is_escaped_and_neutralised() {
    let c = overlay("hostile-text");
    let out = c.dir.join("out");
    build_ok(&c.root, &out, "hostile-text: build");

    // HTML: the city names are text, not markup.
    let page = std::fs::read_to_string(out.join("en-us/availability-in-argentina/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let td = scraper::Selector::parse("tr[data-fact=\"sn_cities\"] td").unwrap();
    let td = doc.select(&td).next().expect("no sn_cities row");
    let b = scraper::Selector::parse("b").unwrap();
    assert_eq!(td.select(&b).count(), 0, "markup from the data was rendered: {}", td.html());
    let items: Vec<String> = td.text().map(str::to_owned).collect();
    assert!(items.iter().any(|t| t == "<b>bold</b> & \"quoted\""), "{items:?}");
    assert!(items.iter().any(|t| t == "=HYPERLINK(\"http://example.org/\")"), "{items:?}");

    // xlsx: every cell a string, no formulas (checked by `xlsx_rows`).
    let xlsx = xlsx_rows(&out.join("en-us/availability.xlsx"));
    // CSV: the same cells, formula-like ones with a leading `'`.
    let csv = csv_rows(&out.join("en-us/availability.csv"));
    assert_eq!(csv.len(), xlsx.len());
    let mut neutralised = std::collections::BTreeSet::new();
    for (xr, cr) in xlsx.iter().zip(&csv) {
        assert_eq!(xr.len(), cr.len());
        for (x, v) in xr.iter().zip(cr) {
            if let Some(first) = x.chars().next().filter(|c| "=+-@".contains(*c)) {
                assert_eq!(v, &format!("'{x}"), "CSV cell not neutralised");
                neutralised.insert(first);
            } else {
                assert_eq!(v, x);
            }
        }
    }
    assert_eq!(neutralised.into_iter().collect::<String>(), "+-=@", "the fixture should exercise = + - @");
}

/// `build --out` naming the site root, a folder of it, or a folder that contains it
/// must not replace (and so delete) the sources.
#[test]
fn output_over_the_sources_is_refused() {
    for (what, out_of) in [
        ("the root", (|root: &Path| root.to_owned()) as fn(&Path) -> PathBuf),
        ("content/", |root: &Path| root.join("content")),
        ("the root's parent", |root: &Path| root.parent().unwrap().to_owned()),
    ] {
        // tmp/outer/site is the root; every lock or temporary file stays inside tmp.
        let tmp = tempfile::tempdir().unwrap();
        let outer = tmp.path().join("outer");
        let root = outer.join("site");
        copy_tree(&fixtures().join("base"), &root);
        std::fs::write(outer.join("unrelated.txt"), "keep me").unwrap();
        let before = snapshot(&outer);
        let out = out_of(&root);
        let o = availgen(["build".as_ref(), "--root".as_ref(), arg(&root), "--out".as_ref(), arg(&out)]);
        let after = snapshot(&outer);
        let lost: Vec<&String> = before.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
        assert!(
            lost.is_empty(),
            "build --out {what}: destroyed {} files, e.g. {:?}",
            lost.len(),
            &lost[..lost.len().min(5)]
        );
        assert_exit(&o, 2, &format!("build --out {what}"));
    }
}

/// `id` attributes that occur more than once in the HTML file at `path`.
fn duplicate_ids(path: &Path) -> Vec<String> {
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(path).unwrap());
    let any_id = scraper::Selector::parse("[id]").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut dups = std::collections::BTreeSet::new();
    for e in doc.select(&any_id) {
        let id = e.value().attr("id").unwrap_or_default().to_owned();
        if !seen.insert(id.clone()) {
            dups.insert(id);
        }
    }
    dups.into_iter().collect()
}

/// The overview is shown on the index, which already has the country selector: a
/// `{{ country-selector }}` in it must not give the index a second `#country-list`.
#[test]
fn overview_with_a_country_selector_keeps_ids_unique() {
    let c = overlay("overview-selector");
    let out = c.dir.join("out");
    let o = availgen(["build".as_ref(), "--root".as_ref(), arg(&c.root), "--out".as_ref(), arg(&out)]);
    if code(&o) == 1 {
        // Rejecting the directive on the overview is a fine answer too, if it says where.
        assert!(stderr(&o).contains("content/pages/overview.en-US.md:9:1"), "{}", stderr(&o));
        return;
    }
    assert_exit(&o, 0, "overview-selector: build");
    let dups = duplicate_ids(&out.join("en-us/index.html"));
    assert!(dups.is_empty(), "en-us/index.html repeats ids {dups:?}");
}

/// `argentina.yaml` and `argentina.yml` have the same slug, so the same page URL.
#[test]
fn duplicate_slug() {
    let c = overlay("duplicate-slug");
    let (o, diags) = check_json(&c.root);
    assert_exit(&o, 1, "duplicate-slug: check --format json");
    assert!(
        diags.iter().any(|d| d.severity == "error" && d.file.starts_with("content/countries/argentina.y")),
        "{diags:#?}"
    );
}

#[test]
fn schema_names_a_missing_ui_string() {
    run_case(
        "schema-missing-ui-string",
        &[error(
            "content/schema.yaml",
            24,
            47,
            Text::Exact("the source locale has no `ui.ps_voice_mail` string, which the schema names"),
            Hint::Is("add `ps_voice_mail: ...` under `ui:` in locales/en-US.yaml"),
        )],
    );
}

#[test]
fn a_prose_page_cannot_take_the_comparison_matrix_name() {
    let message = "`compare` is the comparison matrix's page: a prose page cannot take its name";
    let hint = "rename the file, e.g. `content/pages/comparing.<locale>.md`";
    run_case(
        "page-named-compare",
        &[
            error("content/pages/compare.en-US.md", 0, 0, Text::Exact(message), Hint::Is(hint)),
            error("content/pages/compare.zh-CN.md", 0, 0, Text::Exact(message), Hint::Is(hint)),
        ],
    );
}
