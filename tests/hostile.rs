//! Hostile input: availgen must never panic, never lose the last good site, and never
//! emit unsafe output, whatever the content files hold.
//!
//! Each case is a site root made from `tests/fixtures/base/`, with a `tests/fixtures/hostile-*/`
//! folder copied over it (see `tests/fixtures/README.md`) or with files generated here (big,
//! binary or deeply nested input, which has no business in git). A rejected case must give
//! exit status 1, an error naming the file, line and problem (in `check --format json` and in
//! the rustc-style output of `build`), no panic, and leave a previously built site in `--out`
//! byte for byte as it was. An accepted case must build (exit 0) and its output must be safe:
//! markup from the content only ever appears as text, and spreadsheet cells are never formulas.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::{
    assert_exit, availgen, check_json, copy_tree, csv_rows, fixtures, leftovers_beside, manifest_dir, snapshot, stderr,
    xlsx_rows, Diag,
};

/// A throw-away site root: `root/` holds the site, `dir/` is free for outputs.
struct Site {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    root: PathBuf,
}

impl Site {
    /// Writes `bytes` at `rel` (replacing a read-only copy of a fixture file, if any).
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        std::fs::write(&path, bytes).unwrap();
        self
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    fn rename(&self, from: &str, to: &str) -> &Self {
        std::fs::rename(self.root.join(from), self.root.join(to)).unwrap();
        self
    }
}

/// The base site, with the files of `tests/fixtures/<case>/` (if any) copied over it.
fn site(case: Option<&str>) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    let root = dir.join("site");
    copy_tree(&fixtures().join("base"), &root);
    if let Some(case) = case {
        let from = fixtures().join(case);
        assert!(from.is_dir(), "no fixture folder {}", from.display());
        copy_tree(&from, &root);
    }
    Site { _tmp: tmp, dir, root }
}

/// A file of the base fixture, as text.
fn base_file(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join("base").join(rel)).unwrap()
}

/// The bundled `content/schema.yaml` (the base site has none: it uses the built-in one).
const SCHEMA: &str = "content/schema.yaml";

fn bundled_schema() -> String {
    std::fs::read_to_string(manifest_dir().join(SCHEMA)).unwrap()
}

/// The line (1-based) of `base_file(rel)` that starts with `prefix`.
fn base_line(rel: &str, prefix: &str) -> usize {
    1 + base_file(rel).lines().position(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("{rel}: no `{prefix}`"))
}

/// The base site built once, to stand for "the last good site" in every case.
fn good_site() -> &'static Path {
    static GOOD: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = GOOD.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("good");
        let root = fixtures().join("base");
        let o = availgen(["build".as_ref(), "--root".as_ref(), root.as_os_str(), "--out".as_ref(), out.as_os_str()]);
        assert_exit(&o, 0, "building the base site");
        (tmp, out)
    });
    out
}

fn build(root: &Path, out: &Path) -> Output {
    availgen(["build".as_ref(), "--root".as_ref(), root.as_os_str(), "--out".as_ref(), out.as_os_str()])
}

/// What a rejected site must report: an error in `file` at `line` (0: the whole file),
/// whose message contains `message`.
#[derive(Debug, Clone, Copy)]
struct Want {
    file: &'static str,
    line: usize,
    message: &'static str,
}

fn want(file: &'static str, line: usize, message: &'static str) -> Want {
    Want { file, line, message }
}

/// Asserts that `site` is rejected with (at least) the errors in `wants`, by `check` and by
/// `build`, and that a `build` into an output holding a good site leaves it untouched.
/// Returns the JSON diagnostics for further checks.
fn assert_rejected(site: &Site, what: &str, wants: &[Want]) -> Vec<Diag> {
    let (o, diags) = check_json(&site.root);
    assert_exit(&o, 1, &format!("{what}: check"));
    for w in wants {
        let found = diags
            .iter()
            .any(|d| d.severity == "error" && d.file == w.file && d.line == w.line && d.message.contains(w.message));
        assert!(found, "{what}: no error in {}:{} containing {:?}; got:\n{diags:#?}", w.file, w.line, w.message);
    }
    for d in &diags {
        assert!(d.line > 0 || d.column == 0, "{what}: column without a line: {d:?}");
        assert!(!d.message.contains("{ ") && !d.message.contains(" }"), "{what}: debug notation in {:?}", d.message);
        // A file that failed to load is reported once, not also as missing.
        for follow_on in ["which has no locale file", "is missing", "has no en-US version"] {
            assert!(!d.message.contains(follow_on), "{what}: misleading follow-on error {d:?}");
        }
    }

    let out = site.dir.join("out");
    copy_tree(good_site(), &out);
    let before = snapshot(&out);
    let o = build(&site.root, &out);
    assert_exit(&o, 1, &format!("{what}: build"));
    let err = stderr(&o);
    for w in wants {
        let place = if w.line > 0 { format!("{}:{}:", w.file, w.line) } else { w.file.to_owned() };
        assert!(err.contains(&place), "{what}: build output does not point at {place}:\n{err}");
        assert!(err.contains(w.message), "{what}: build output lacks {:?}:\n{err}", w.message);
    }
    assert!(snapshot(&out) == before, "{what}: the failed build changed the last good site");
    assert!(leftovers_beside(&out).is_empty(), "{what}: leftovers beside the output: {:?}", leftovers_beside(&out));
    diags
}

/// Asserts that `site` builds (exit 0, no panic) and returns the output directory.
fn assert_builds(site: &Site, what: &str) -> PathBuf {
    let out = site.dir.join("out");
    let o = build(&site.root, &out);
    assert_exit(&o, 0, what);
    out
}

// ---------------------------------------------------------------------------------------
// YAML: alias bombs, nesting, resource limits

const LOL: &str = "[lol, lol, lol, lol, lol, lol, lol, lol, lol]";

/// The classic "billion laughs": nine levels of nine aliases each, 9^9 strings if expanded.
fn billion_laughs(indent: &str) -> String {
    let mut s = format!("{indent}lol1: &lol1 {LOL}\n");
    for i in 2..=9 {
        let refs = vec![format!("*lol{}", i - 1); 9].join(", ");
        s.push_str(&format!("{indent}lol{i}: &lol{i} [{refs}]\n"));
    }
    s
}

#[test]
fn billion_laughs_in_a_country_file_is_rejected_quickly() {
    let s = site(None);
    s.write("content/countries/laughs.yaml", billion_laughs(""));
    // Read as a YAML tree before the schema is applied, the bomb is refused by the budget.
    assert_rejected(
        &s,
        "billion laughs, country",
        &[want("content/countries/laughs.yaml", 6, "YAML input expands to too many values")],
    );

    // The same bomb where the schema wants a list of strings: the first alias is refused.
    let s = site(None);
    let country = base_file("content/countries/argentina.yaml");
    let mut text = country.replace("shared_numbers: [Buenos Aires]", &format!("shared_numbers: &lol1 {LOL}"));
    for i in 2..=9 {
        let refs = vec![format!("*lol{}", i - 1); 9].join(", ");
        text.push_str(&format!("# level {i}\n"));
        if i == 9 {
            text = text.replace(
                "cities: [Buenos Aires, Cordoba, La Plata, Mar Del Plata, Mendoza, San Miguel de Tucuman]",
                &format!("cities: [{refs}]"),
            );
        }
    }
    s.write("content/countries/argentina.yaml", &text);
    let line = base_line("content/countries/argentina.yaml", "  cities:");
    assert_rejected(&s, "typed laughs, country", &[want("content/countries/argentina.yaml", line, "")]);
}

#[test]
fn billion_laughs_in_a_locale_file_is_rejected_quickly() {
    let s = site(None);
    let zh = s.read("locales/zh-CN.yaml");
    s.write("locales/zh-CN.yaml", format!("{zh}{}", billion_laughs("")));
    let line = zh.lines().count() + 1;
    assert_rejected(&s, "billion laughs, locale", &[want("locales/zh-CN.yaml", line, "unknown field `lol1`")]);

    // Inside `cities:`, a mapping of strings: the first list is refused.
    let s = site(None);
    s.write("locales/zh-CN.yaml", zh.replacen("\ncities:\n", &format!("\ncities:\n{}", billion_laughs("  ")), 1));
    let line = base_line("locales/zh-CN.yaml", "cities:") + 1;
    assert_rejected(&s, "billion laughs, locale cities", &[want("locales/zh-CN.yaml", line, "")]);
}

#[test]
fn billion_laughs_in_the_schema_is_rejected_quickly() {
    let schema = bundled_schema();
    let cases = [
        ("billion laughs, schema", billion_laughs(""), 6),
        // After a valid schema, as a key the schema does not know.
        ("billion laughs after the schema", format!("{schema}{}", billion_laughs("")), schema.lines().count() + 6),
    ];
    for (what, text, line) in cases {
        let s = site(None);
        s.write(SCHEMA, text);
        // Expanded, the bomb is 9^9 strings: the budget's message shows it never was.
        assert_exit(&availgen(["check".as_ref(), "--root".as_ref(), s.root.as_os_str()]), 1, what);
        assert_rejected(&s, what, &[want(SCHEMA, line, "YAML input expands to too many values")]);
    }
}

/// `service_numbers.cities` of argentina.yaml made of `n` aliases of one anchored city.
fn with_aliases(n: usize) -> String {
    base_file("content/countries/argentina.yaml")
        .replace("shared_numbers: [Buenos Aires]", "shared_numbers: [&city Buenos Aires]")
        .replace(
            "cities: [Buenos Aires, Cordoba, La Plata, Mar Del Plata, Mendoza, San Miguel de Tucuman]",
            &format!("cities: [{}]", vec!["*city"; n].join(", ")),
        )
}

#[test]
fn alias_limit_is_enforced_with_a_clear_error() {
    let s = site(None);
    s.write("content/countries/argentina.yaml", with_aliases(100));
    assert_builds(&s, "100 aliases are allowed");

    let s = site(None);
    s.write("content/countries/argentina.yaml", with_aliases(101));
    let line = base_line("content/countries/argentina.yaml", "  cities:");
    let diags = assert_rejected(
        &s,
        "101 aliases",
        &[want("content/countries/argentina.yaml", line, "too many YAML aliases: a file may use at most 100")],
    );
    assert!(diags[0].hint.as_deref().unwrap_or_default().contains("at most 100 aliases"), "{diags:?}");
}

#[test]
fn anchor_limit_is_enforced_with_a_clear_error() {
    let s = site(None);
    let cities: Vec<String> = (0..101).map(|i| format!("&a{i} City{i}")).collect();
    let text = base_file("content/countries/argentina.yaml").replace(
        "cities: [Buenos Aires, Cordoba, La Plata, Mar Del Plata, Mendoza, San Miguel de Tucuman]",
        &format!("cities: [{}]", cities.join(", ")),
    );
    s.write("content/countries/argentina.yaml", text);
    let line = base_line("content/countries/argentina.yaml", "  cities:");
    assert_rejected(&s, "101 anchors", &[want("content/countries/argentina.yaml", line, "too many YAML anchors")]);
}

#[test]
fn nesting_ten_thousand_deep_is_rejected() {
    const N: usize = 10_000;
    let flow = format!("{}{}", "[".repeat(N), "]".repeat(N));
    let maps = format!("{}x{}", "{a: ".repeat(N), "}".repeat(N));
    let block = format!("{}x", "- ".repeat(N));
    let cases: [(&str, &str, String, usize); 9] = [
        ("flow lists, whole country file", "content/countries/deep.yaml", format!("{flow}\n"), 1),
        ("flow lists as a value", "content/countries/deep.yaml", format!("code: AR\nsource: {flow}\n"), 2),
        ("block lists, whole file", "content/countries/deep.yaml", format!("{block}\n"), 1),
        ("flow maps in a locale", "locales/zh-CN.yaml", format!("meta: {{name: x}}\nui: {maps}\n"), 2),
        ("flow maps as the whole locale", "locales/zh-CN.yaml", format!("{maps}\n"), 1),
        ("flow lists in front matter", "content/pages/overview.zh-CN.md", format!("---\ntitle: {flow}\n---\n"), 2),
        ("flow lists as the schema's sections", SCHEMA, format!("sections: {flow}\n"), 1),
        ("flow maps as a schema's facts", SCHEMA, format!("sections:\n  - key: a\n    facts: {maps}\n"), 3),
        ("block lists, whole schema", SCHEMA, format!("{block}\n"), 1),
    ];
    for (what, file, text, line) in cases {
        let s = site(None);
        s.write(file, text);
        assert_rejected(&s, what, &[want(file, line, "")]);
    }
}

#[test]
fn nesting_limit_is_reported_in_words() {
    // Only untyped YAML could nest past the schema's four levels; the flow-nesting guard of
    // the scanner (and the 32-level budget, tested in src/load/yaml.rs) stop it all the same.
    let s = site(None);
    s.write("content/countries/deep.yaml", format!("{}\n", "[".repeat(300)));
    assert_rejected(&s, "300 open lists", &[want("content/countries/deep.yaml", 1, "YAML nesting is too deep")]);
}

/// A file of `len` bytes (sparse: no disk space used) at `rel`.
fn sparse(site: &Site, rel: &str, len: u64) {
    let path = site.root.join(rel);
    let _ = std::fs::remove_file(&path);
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
}

#[test]
fn files_over_8_mib_are_rejected_without_reading_them() {
    const LIMIT: u64 = 8 * 1024 * 1024;
    for (rel, len) in [
        ("content/countries/huge.yaml", 100 * 1024 * 1024),
        ("locales/zh-CN.yaml", 100 * 1024 * 1024),
        ("content/pages/overview.zh-CN.md", LIMIT + 1),
    ] {
        let s = site(None);
        sparse(&s, rel, len);
        let rel: &'static str = Box::leak(rel.to_owned().into_boxed_str());
        let message: &'static str =
            Box::leak(format!("file is {len} bytes, more than the limit of {LIMIT}").into_boxed_str());
        let diags = assert_rejected(&s, rel, &[want(rel, 0, message)]);
        assert!(diags.iter().any(|d| d.hint.is_some()), "{diags:?}");
    }
}

#[test]
fn a_file_of_exactly_8_mib_is_read() {
    const LIMIT: usize = 8 * 1024 * 1024;
    let s = site(None);
    let mut text = base_file("content/countries/argentina.yaml");
    let line = format!("# {}\n", "x".repeat(1021)); // 1,024 bytes
    while text.len() + line.len() <= LIMIT {
        text.push_str(&line);
    }
    text.push_str(&"#".repeat(LIMIT - text.len() - 1));
    text.push('\n');
    assert_eq!(text.len(), LIMIT);
    s.write("content/countries/argentina.yaml", &text);
    let (o, diags) = check_json(&s.root);
    assert_exit(&o, 0, "8 MiB country file");
    assert!(diags.is_empty());
}

// ---------------------------------------------------------------------------------------
// Encodings, line endings, YAML syntax

#[test]
fn invalid_utf8_is_rejected_with_its_position() {
    let s = site(None);
    let mut bytes = base_file("locales/zh-CN.yaml").into_bytes();
    let at = base_file("locales/zh-CN.yaml").find("  AR:").unwrap() + 2;
    bytes.splice(at..at, [0xFF, 0xFE]);
    s.write("locales/zh-CN.yaml", &bytes);
    let line = base_line("locales/zh-CN.yaml", "  AR:");
    let diags = assert_rejected(
        &s,
        "invalid UTF-8 in a locale",
        &[want("locales/zh-CN.yaml", line, "not valid UTF-8 (byte 0xFF)")],
    );
    let d = diags.iter().find(|d| d.file == "locales/zh-CN.yaml").unwrap();
    assert_eq!((d.column, d.hint.as_deref()), (3, Some("save the file as UTF-8")));

    let s = site(None);
    s.write("content/pages/overview.en-US.md", b"---\ntitle: Caf\xe9\n---\n");
    assert_rejected(
        &s,
        "Latin-1 in a page",
        &[want("content/pages/overview.en-US.md", 2, "not valid UTF-8 (byte 0xE9)")],
    );

    // A truncated multi-byte character at the very end of the file.
    let s = site(None);
    let mut bytes = base_file("content/countries/canada.yaml").into_bytes();
    bytes.extend_from_slice("# 通".as_bytes().split_last().unwrap().1);
    s.write("content/countries/canada.yaml", &bytes);
    let line = base_file("content/countries/canada.yaml").lines().count() + 1;
    assert_rejected(&s, "truncated UTF-8", &[want("content/countries/canada.yaml", line, "not valid UTF-8")]);
}

const BOM: &str = "\u{feff}";

#[test]
fn a_byte_order_mark_is_accepted_everywhere() {
    let s = site(None);
    for rel in
        ["content/countries/canada.yaml", "locales/zh-CN.yaml", "locales/en-US.yaml", "content/pages/overview.en-US.md"]
    {
        let text = s.read(rel);
        s.write(rel, format!("{BOM}{text}"));
    }
    let out = assert_builds(&s, "files with a BOM");
    let lf = site(None);
    let plain = assert_builds(&lf, "the same files without");
    assert!(snapshot(&out) == snapshot(&plain), "a BOM changed the output");

    // Positions in a file with a BOM count from the first real character.
    let s = site(None);
    s.write(
        "content/countries/argentina.yaml",
        format!("{BOM}{}", base_file("content/countries/argentina.yaml").replace("code: AR", "code: XX")),
    );
    let diags = assert_rejected(
        &s,
        "BOM and a bad code",
        &[want("content/countries/argentina.yaml", 1, "`XX` is not an assigned")],
    );
    assert_eq!(diags.iter().find(|d| d.file.ends_with("argentina.yaml")).unwrap().column, 7);
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[test]
fn crlf_line_endings_build_the_same_site() {
    let s = site(None);
    for entry in walkdir::WalkDir::new(&s.root) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&s.root).unwrap().to_string_lossy().into_owned();
            let text = s.read(&rel);
            s.write(&rel, crlf(&text));
        }
    }
    assert!(s.read("locales/en-US.yaml").contains("\r\n"));
    let out = assert_builds(&s, "CRLF site");
    let lf = site(None);
    let plain = assert_builds(&lf, "LF site");
    assert!(snapshot(&out) == snapshot(&plain), "CRLF line endings changed the output");
}

#[test]
fn crlf_keeps_positions_right() {
    let rel = "content/countries/canada.yaml";
    let bad = base_file(rel).replace("  toll_free: true", "  tol_free: true");
    let line = base_line(rel, "  toll_free:");
    let mut columns = Vec::new();
    for text in [bad.clone(), crlf(&bad)] {
        let s = site(None);
        s.write(rel, text);
        let diags = assert_rejected(
            &s,
            "unknown key",
            &[want("content/countries/canada.yaml", line, "unknown key `tol_free`")],
        );
        columns.push(diags.iter().find(|d| d.file == rel).unwrap().column);
    }
    assert_eq!(columns, [3, 3]);

    // A link error in a CRLF page: line and column as in the LF page.
    let page = "content/pages/overview.en-US.md";
    let mut positions = Vec::new();
    for text in [
        "---\r\ntitle: T\r\n---\r\n\r\nSee [x](no-such-page).\r\n".to_owned(),
        "---\ntitle: T\n---\n\nSee [x](no-such-page).\n".to_owned(),
    ] {
        let s = site(None);
        s.write(page, text);
        let diags = assert_rejected(&s, "CRLF link", &[want(page, 5, "link to a page that does not exist")]);
        let d = diags.iter().find(|d| d.file == page).unwrap();
        positions.push((d.line, d.column));
    }
    assert_eq!(positions, [(5, 5), (5, 5)]);
}

#[test]
fn duplicate_keys_are_rejected() {
    let country = "content/countries/canada.yaml";
    let top = base_file(country)
        .replace("communications_credits: true\n", "communications_credits: true\ncommunications_credits: false\n");
    let nested = base_file(country).replace("  toll: true\n", "  toll: true\n  toll: false\n");
    let cc = base_line(country, "communications_credits:") + 1;
    let toll = base_line(country, "  toll:") + 1;
    let locale = "locales/zh-CN.yaml";
    let zh = base_file(locale);
    let ui_key = zh.lines().find(|l| l.starts_with("  site_title:")).unwrap().to_owned();
    let in_ui = zh.replacen(&format!("{ui_key}\n"), &format!("{ui_key}\n{ui_key}\n"), 1);
    let ui_line = base_line(locale, "  site_title:") + 1;
    let page = "content/pages/overview.en-US.md";
    let front = base_file(page).replacen("title:", "title: One\ntitle:", 1);
    let cases: [(&str, &str, String, usize); 4] = [
        ("top-level key", country, top, cc),
        ("nested key", country, nested, toll),
        ("ui string", locale, in_ui, ui_line),
        ("front matter", page, front, 3),
    ];
    for (what, file, text, line) in cases {
        let s = site(None);
        s.write(file, text);
        let diags = assert_rejected(&s, what, &[want(file, line, "duplicate")]);
        let d = diags.iter().find(|d| d.file == file).unwrap();
        assert!(d.hint.as_deref().unwrap_or_default().contains("only once"), "{what}: {d:?}");
    }
}

#[test]
fn tab_indentation_is_rejected() {
    let country = "content/countries/canada.yaml";
    let line = base_line(country, "  toll:");
    let s = site(None);
    s.write(country, base_file(country).replace("  toll: true", "\ttoll: true"));
    let diags = assert_rejected(&s, "tab in a country", &[want(country, line, "tab")]);
    assert!(diags.iter().any(|d| d.hint.as_deref() == Some("YAML indentation must use spaces, not tabs")), "{diags:?}");

    let locale = "locales/zh-CN.yaml";
    let line = base_line(locale, "  site_title:");
    let s = site(None);
    s.write(locale, base_file(locale).replacen("  site_title:", "\tsite_title:", 1));
    assert_rejected(&s, "tab in a locale", &[want(locale, line, "tab")]);
}

// ---------------------------------------------------------------------------------------
// Control characters: rejected wherever they are written (README "Limits")

#[test]
fn control_characters_are_rejected_with_their_position() {
    let locale = "locales/en-US.yaml";
    let ar = base_line(locale, "  AR:");
    let country = "content/countries/canada.yaml";
    let cities = base_line(country, "  cities:");
    let page = "content/pages/overview.en-US.md";
    let title = 1 + bundled_schema().lines().position(|l| l == "    title: audio_conferencing").unwrap();
    let cases: [(&str, &str, String, usize, usize, &str); 11] = [
        (
            "raw BEL in a locale string",
            locale,
            base_file(locale).replace("  AR: Argentina", "  AR: Argen\u{7}tina"),
            ar,
            12,
            "U+0007",
        ),
        (
            "raw ESC in a city",
            country,
            base_file(country).replace("[Calgary,", "[Cal\u{1b}[31mgary,"),
            cities,
            15,
            "U+001B",
        ),
        (
            "raw NUL in a page body",
            page,
            format!("{}\nnul \u{0} here\n", base_file(page)),
            base_file(page).lines().count() + 2,
            5,
            "U+0000",
        ),
        ("C1 control in front matter", page, base_file(page).replacen("title: ", "title: \u{85}", 1), 2, 8, "U+0085"),
        (
            "YAML escape \\a",
            locale,
            base_file(locale).replace("  AR: Argentina", "  AR: \"Argen\\atina\""),
            ar,
            7,
            "U+0007 (written as an escape)",
        ),
        (
            "YAML escape \\e in a city",
            country,
            base_file(country).replace("[Calgary,", "[\"\\e[31mCalgary\","),
            cities,
            12,
            "U+001B (written as an escape)",
        ),
        (
            "YAML escape \\a in a schema's ui key",
            SCHEMA,
            bundled_schema().replace("    title: audio_conferencing", "    title: \"audio\\a_conferencing\""),
            title,
            12,
            "U+0007 (written as an escape)",
        ),
        (
            "raw ESC in the schema",
            SCHEMA,
            bundled_schema().replace("    title: audio_conferencing", "    title: audio\u{1b}_conferencing"),
            title,
            17,
            "U+001B",
        ),
        (
            "YAML escape \\x1b in a title",
            page,
            base_file(page).replacen("title: ", "title: \"\\x1b[1m\" #", 1),
            2,
            8,
            "U+001B",
        ),
        (
            "HTML reference &#7;",
            page,
            format!("{}\nBell &#7; here\n", base_file(page)),
            base_file(page).lines().count() + 2,
            6,
            "control character U+0007",
        ),
        (
            "HTML reference &#x1B; in raw HTML",
            page,
            format!("{}\n<b>&#x1B;[31m</b>\n", base_file(page)),
            base_file(page).lines().count() + 2,
            4,
            "U+001B",
        ),
    ];
    for (what, file, text, line, column, message) in cases {
        let s = site(None);
        s.write(file, text);
        let diags = assert_rejected(&s, what, &[want(file, line, message)]);
        let d = diags.iter().find(|d| d.file == file && d.message.contains(message)).unwrap();
        assert_eq!(d.column, column, "{what}: {d:?}");
        assert!(d.hint.as_deref().unwrap_or_default().contains("control characters"), "{what}: {d:?}");
    }
}

#[test]
fn tabs_newlines_and_code_are_not_control_characters() {
    let s = site(None);
    let locale = "locales/en-US.yaml";
    s.write(locale, base_file(locale).replace("  AR: Argentina", "  AR: \"Argen\\ttina\\nRepublic\""));
    let page = "content/pages/overview.en-US.md";
    s.write(page, format!("{}\n`&#7;` and\n\n```\n&#x1B;\n```\n\ttabbed\n", base_file(page)));
    let out = assert_builds(&s, "tab, newline and references in code");
    let index = std::fs::read_to_string(out.join("en-us/index.html")).unwrap();
    assert!(index.contains("&amp;#7;") && index.contains("&amp;#x1B;"), "{index}");
    for (path, bytes) in snapshot(&out) {
        if let Ok(text) = String::from_utf8(bytes) {
            let bad = text.chars().find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
            assert!(bad.is_none(), "{path} holds {bad:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Names: slugs, page names, ISO codes, locale tags

#[test]
fn bad_country_file_names_are_rejected() {
    for (name, slug) in [
        ("Bad Name.yaml", "Bad Name"),
        ("UPPER.yaml", "UPPER"),
        ("bad..name.yaml", "bad..name"),
        ("argentina.old.yaml", "argentina.old"),
    ] {
        let s = site(None);
        s.rename("content/countries/argentina.yaml", &format!("content/countries/{name}"));
        let file: &'static str = Box::leak(format!("content/countries/{name}").into_boxed_str());
        let message: &'static str = Box::leak(format!("`{slug}` is not a valid slug").into_boxed_str());
        let diags = assert_rejected(&s, name, &[want(file, 0, message)]);
        assert!(diags.iter().all(|d| d.file == file), "{name}: only the bad file is blamed: {diags:#?}");
    }
}

#[test]
fn page_names_with_dots_are_rejected() {
    for name in ["calling.plans", "a..b", "v1.2"] {
        let s = site(None);
        s.rename("content/pages/overview.en-US.md", &format!("content/pages/{name}.en-US.md"));
        s.rename("content/pages/overview.zh-CN.md", &format!("content/pages/{name}.zh-CN.md"));
        let file: &'static str = Box::leak(format!("content/pages/{name}.en-US.md").into_boxed_str());
        let message: &'static str = Box::leak(format!("`{name}` is not a valid page name").into_boxed_str());
        let diags = assert_rejected(&s, name, &[want(file, 0, message)]);
        assert!(
            !diags.iter().any(|d| d.message.contains("no locale file")),
            "{name}: the tag was read wrong: {diags:#?}"
        );
    }
}

#[test]
fn unassigned_iso_codes_are_rejected() {
    let s = site(Some("hostile-iso-codes"));
    let diags = assert_rejected(
        &s,
        "XX and ZZ",
        &[
            want("content/countries/argentina.yaml", 1, "`XX` is not an assigned ISO 3166-1 country code"),
            want("content/countries/canada.yaml", 1, "`ZZ` is not an assigned ISO 3166-1 country code"),
        ],
    );
    assert!(diags.iter().filter(|d| d.message.contains("is not an assigned")).all(|d| d.column == 7), "{diags:#?}");
}

#[test]
fn locale_tags_that_are_not_bcp47_are_rejected() {
    let s = site(Some("hostile-locale-tags"));
    assert_rejected(
        &s,
        "xx_YY and 123",
        &[
            want("locales/xx_YY.yaml", 0, "`xx_YY` is not written as a canonical BCP 47 tag"),
            want("locales/123.yaml", 0, "`123` is not a valid BCP 47 language tag"),
        ],
    );
}

// ---------------------------------------------------------------------------------------
// Markup and formulas in the content: text in the HTML, strings in the spreadsheets

/// The payload of `tests/fixtures/hostile-markup/` for one kind of string.
fn payload(kind: &str) -> String {
    format!(
        "<script>alert(1)</script> {kind} \"onmouseover=\"alert(1)\" javascript:alert(1) <img src=x onerror=alert(1)>"
    )
}

/// Attributes that hold URLs.
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "action", "formaction", "poster", "data", "cite", "srcset", "xlink:href"];

/// Asserts `page` has no script but the site's own, no event handler, no `javascript:` URL,
/// no element that came from the content's markup.
fn assert_safe_html(out: &Path, page: &str, html: &str) {
    let doc = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name();
        if name == "script" {
            let src = el.value().attr("src").unwrap_or_else(|| panic!("{page}: inline script {}", el.html()));
            assert!(el.inner_html().trim().is_empty(), "{page}: script with content {}", el.html());
            let file = common::resolve(page, src).unwrap_or_else(|| panic!("{page}: script from elsewhere: {src}"));
            let own = file == "availgen.js" || file.ends_with("/countries.js");
            assert!(own && out.join(&file).is_file(), "{page}: a script that is not the site's own: {src}");
        }
        // The world maps are the site's own SVG, with its own classes; none comes from the content.
        let own_svg = page.ends_with("/maps/index.html")
            && el.value().classes().any(|c| matches!(c, "world-map" | "wm-defs" | "wm-key"));
        assert!(!matches!(name, "img" | "iframe" | "object" | "embed"), "{page}: <{name}> in the output");
        assert!(
            name != "svg" || own_svg,
            "{page}: <svg> in the output: {}",
            el.html().chars().take(200).collect::<String>()
        );
        for (attr, value) in el.value().attrs() {
            assert!(!attr.to_ascii_lowercase().starts_with("on"), "{page}: event handler {attr}={value:?} on <{name}>");
            if URL_ATTRIBUTES.contains(&attr) {
                let v: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
                assert!(!v.to_ascii_lowercase().starts_with("javascript:"), "{page}: {attr}={value:?}");
            }
        }
    }
}

fn html_pages(out: &Path) -> BTreeMap<String, String> {
    snapshot(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&scraper::Selector::parse(css).unwrap()).collect()
}

fn text_of(el: &scraper::ElementRef) -> String {
    el.text().collect::<String>()
}

#[test]
fn markup_in_every_string_is_text() {
    let s = site(Some("hostile-markup"));
    let out = assert_builds(&s, "hostile-markup");
    let pages = html_pages(&out);
    for (page, html) in &pages {
        assert_safe_html(&out, page, html);
    }
    let doc = |p: &str| scraper::Html::parse_document(&pages[p]);
    let argentina = doc("en-us/availability-in-argentina/index.html");
    let canada = doc("en-us/availability-in-canada/index.html");
    let index = doc("en-us/index.html");
    let about = doc("en-us/about/index.html");
    let texts = |d: &scraper::Html, css: &str| select(d, css).iter().map(text_of).collect::<Vec<_>>();
    let attrs = |d: &scraper::Html, css: &str, attr: &str| {
        select(d, css).iter().filter_map(|e| e.value().attr(attr).map(str::to_owned)).collect::<Vec<_>>()
    };
    let has = |list: Vec<String>, want: &str, what: &str| {
        assert!(list.iter().any(|t| t == want), "{what}: {want:?} not shown as text; got {list:?}");
    };

    has(texts(&index, "#country-list a"), &payload("country-name"), "country name in the selector");
    has(
        texts(&argentina, "h1"),
        &format!("{} {}", payload("country-name"), payload("ui-page-title")),
        "country page title",
    );
    has(texts(&canada, "tr[data-fact=sn_cities] li"), &payload("data-city"), "city from the data");
    has(texts(&canada, "tr[data-fact=ac_shared_numbers] li"), &payload("locale-city"), "city name from the locale");
    has(texts(&canada, "#notes li"), &payload("note"), "note");
    has(texts(&argentina, ".breadcrumb a"), &payload("ui-back"), "UI label");
    has(texts(&argentina, ".site-title"), &payload("ui-site-title"), "site title");
    has(attrs(&index, "#country-filter", "placeholder"), &payload("ui-placeholder"), "UI label in an attribute");
    has(attrs(&index, "nav.site-nav", "aria-label"), &payload("ui-nav-label"), "UI label in aria-label");
    has(texts(&index, "#selector-count"), &format!("3 {}", payload("ui-count")), "UI label with a placeholder");
    // The count's forms, for the filter's script, as JSON in an attribute.
    let forms: Vec<String> = attrs(&index, "#selector-count", "data-templates")
        .iter()
        .filter_map(|json| serde_json::from_str::<serde_json::Value>(json).ok()?["other"].as_str().map(str::to_owned))
        .collect();
    has(forms, &format!("{{count}} {}", payload("ui-count")), "count template");
    has(texts(&about, "h1"), &payload("page-title"), "page title");
    has(texts(&about, "title"), &format!("{} | {}", payload("page-title"), payload("ui-site-title")), "<title>");
    has(texts(&index, "nav.site-nav a"), &payload("page-title"), "page title in the navigation");
    has(attrs(&about, "meta[name=description]", "content"), &payload("page-description"), "page description");
    has(texts(&index, ".language-switcher a"), &payload("language-name"), "language name");
    let compare = doc("en-us/compare/index.html");
    has(texts(&compare, "#compare-table tbody th a"), &payload("country-name"), "country name in the matrix");
    has(texts(&compare, "caption"), &payload("ui-compare-caption"), "the matrix's caption");
    has(
        attrs(&compare, "#compare-table", "data-sort-label"),
        &format!("{{column}} {}", payload("ui-compare-sort")),
        "sort label template",
    );
    let chooser = doc("index.html");
    has(texts(&chooser, ".languages a"), &payload("language-name"), "language name in the chooser");

    // The generated script data stays data: valid JSON, the names as strings.
    let js = std::fs::read_to_string(out.join("en-us/countries.js")).unwrap();
    let json = js.trim().strip_prefix("window.availgenCountries = ").and_then(|j| j.strip_suffix(';')).expect(&js);
    let list: Vec<(String, String)> = serde_json::from_str(json).unwrap();
    assert!(list.contains(&("argentina".to_owned(), payload("country-name"))), "{list:?}");
}

#[test]
fn formulas_stay_text_in_spreadsheets() {
    let s = site(Some("hostile-formula"));
    let out = assert_builds(&s, "hostile-formula");
    let hyperlink = "=HYPERLINK(\"http://x\",\"y\")";
    for locale in ["en-us", "zh-cn"] {
        let xlsx = xlsx_rows(&out.join(format!("{locale}/availability.xlsx")));
        let csv = csv_rows(&out.join(format!("{locale}/availability.csv")));
        assert_eq!(xlsx.len(), csv.len(), "{locale}: xlsx and csv rows");
        // Every csv cell that a spreadsheet would run is neutralised, and is the xlsx cell with a `'`.
        for (r, (x_row, c_row)) in xlsx.iter().zip(&csv).enumerate() {
            for (x, c) in x_row.iter().zip(c_row) {
                if x.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    assert_eq!(c, &format!("'{x}"), "{locale} row {r}: csv cell not neutralised");
                } else {
                    assert_eq!(c, x, "{locale} row {r}");
                }
            }
        }
        let cells: Vec<&String> = xlsx.iter().flatten().collect();
        if locale == "en-us" {
            for name in [hyperlink, "+1", "-1"] {
                assert!(xlsx.iter().any(|row| row[0] == name), "{locale}: country name {name:?} not a string cell");
            }
        }
        for city in [hyperlink, "@SUM(A1)", "-1", "+1"] {
            assert!(cells.iter().any(|c| c.starts_with(city)), "{locale}: no cell starting with {city:?}");
            assert!(csv.iter().flatten().any(|c| c.starts_with(&format!("'{city}"))), "{locale}: csv {city:?}");
        }
    }
}

// Inputs that the fuzz targets in fuzz/ find crashing go here, one test each, through the
// real binary (see README "Fuzzing"). The first runs (15 minutes per target) found none.
