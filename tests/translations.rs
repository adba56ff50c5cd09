//! End-to-end tests of `availgen translations` (stale translations, confirm, XLIFF 2.0
//! export and import) and of the stale warnings in `check`, with the real binary over
//! copies of `tests/fixtures/translations-site/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_exit, availgen, copy_tree, fixtures, manifest_dir, snapshot, stderr, stdout};

const LOCK: &str = "locales/translations.lock.yaml";
const ZH_TW: &str = "locales/zh-TW.yaml";
const EN_US: &str = "locales/en-US.yaml";

/// A fresh copy of the fixture site, whose lock confirms every zh-TW translation.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixtures().join("translations-site"), &root);
    (dir, root)
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

fn write(root: &Path, rel: &str, text: &str) {
    std::fs::write(root.join(rel), text).unwrap();
}

/// Replaces the one occurrence of `from` in the file `rel`.
fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let text = read(root, rel);
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {rel}");
    write(root, rel, &text.replacen(from, to, 1));
}

/// 1-based number of the line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not found")) + 1
}

fn run(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--root", root.to_str().unwrap()]);
    availgen(all)
}

fn translations(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["translations"];
    all.extend_from_slice(args);
    run(root, &all)
}

fn status_json(root: &Path) -> serde_json::Value {
    let o = translations(root, &["status", "--format", "json"]);
    assert_exit(&o, 0, "status --format json");
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn export(root: &Path, out: &Path) -> String {
    let o = translations(root, &["export", "--locale", "zh-TW", "--out", out.to_str().unwrap()]);
    assert_exit(&o, 0, "export");
    std::fs::read_to_string(out).unwrap()
}

fn import(root: &Path, file: &Path) -> std::process::Output {
    translations(root, &["import", file.to_str().unwrap()])
}

/// Applies `edit` to the text of the unit with `id` in an XLIFF document.
fn edit_unit(xlf: &str, id: &str, edit: impl Fn(&str) -> String) -> String {
    let start = xlf.find(&format!("<unit id=\"{id}\"")).unwrap_or_else(|| panic!("no unit {id}"));
    let end = start + xlf[start..].find("</unit>").unwrap();
    format!("{}{}{}", &xlf[..start], edit(&xlf[start..end]), &xlf[end..])
}

/// The unit's target replaced (or added) and its state set to `state`.
fn set_target(xlf: &str, id: &str, target: &str, state: &str) -> String {
    edit_unit(xlf, id, |unit| {
        let unit = match unit.find("<target") {
            Some(t) => {
                let end = t + unit[t..].find("</target>").unwrap() + "</target>".len();
                format!("{}<target xml:space=\"preserve\">{target}</target>{}", &unit[..t], &unit[end..])
            }
            None => unit.replacen("</source>", &format!("</source><target>{target}</target>"), 1),
        };
        let s = unit.find("<segment").unwrap();
        let e = s + unit[s..].find('>').unwrap();
        format!("{}<segment state=\"{state}\">{}", &unit[..s], &unit[e + 1..])
    })
}

#[test]
fn the_fixture_starts_with_nothing_stale() {
    let (_dir, root) = site();
    let o = run(&root, &["check"]);
    assert_exit(&o, 0, "check");
    assert!(!stderr(&o).contains("stale"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("not recorded"), "{}", stderr(&o));
    let o = translations(&root, &["status"]);
    assert_exit(&o, 0, "status");
    assert!(
        stdout(&o).starts_with("zh-TW: up to date (20 confirmed, 106 not translated, of 126 en-US keys)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_changed_english_string_is_stale_until_confirmed() {
    let (_dir, root) = site();
    let lock_before = read(&root, LOCK);
    replace(
        &root,
        EN_US,
        "  site_title: Cloud voice availability\n",
        "  site_title: Cloud voice availability by country\n",
    );
    let line = line_of(&read(&root, ZH_TW), "site_title:");

    let o = translations(&root, &["status", "--locale", "zh-TW"]);
    assert_exit(&o, 0, "status");
    let out = stdout(&o);
    assert!(out.starts_with("zh-TW: 1 stale, 0 unconfirmed"), "{out}");
    assert!(out.contains(&format!("  stale: ui.site_title at {ZH_TW}:{line}:3\n")), "{out}");
    assert!(out.contains("    en-US then: Cloud voice availability\n"), "{out}");
    assert!(out.contains("    en-US now:  Cloud voice availability by country\n"), "{out}");
    assert!(out.contains("    zh-TW:      雲端語音功能可用性\n"), "{out}");

    let json = status_json(&root);
    let stale = &json[0]["stale"];
    assert_eq!(stale.as_array().unwrap().len(), 1, "{json}");
    assert_eq!(stale[0]["key"], "ui.site_title");
    assert_eq!((stale[0]["file"].as_str(), stale[0]["line"].as_u64()), (Some(ZH_TW), Some(line as u64)));
    assert_eq!(stale[0]["previous_source"], "Cloud voice availability");
    assert_eq!(stale[0]["source"], "Cloud voice availability by country");

    let o = run(&root, &["check"]);
    assert_exit(&o, 0, "check with a stale translation");
    let err = stderr(&o);
    assert!(err.contains("warning: `ui.site_title` is stale: the en-US text changed after this translation"), "{err}");
    assert!(err.contains(&format!("--> {ZH_TW}:{line}:3")), "{err}");
    assert!(
        err.contains("help: review it, then run `availgen translations confirm --locale zh-TW --key ui.site_title`"),
        "{err}"
    );

    let o = run(&root, &["check", "--format", "json"]);
    let problems: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let d = problems.as_array().unwrap().iter().find(|d| d["message"].as_str().unwrap().contains("stale")).unwrap();
    assert_eq!(
        (d["severity"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("warning"), Some(line as u64), Some(3))
    );

    let o = run(&root, &["check", "--strict"]);
    assert_exit(&o, 1, "check --strict with a stale translation");
    assert!(stderr(&o).contains("error: `ui.site_title` is stale"), "{}", stderr(&o));

    let o = translations(&root, &["confirm", "--locale", "zh-TW", "--key", "ui.site_title"]);
    assert_exit(&o, 0, "confirm");
    assert!(stdout(&o).contains("Confirmed 1 translations of zh-TW (1 were stale, 0 unconfirmed)"), "{}", stdout(&o));
    let o = run(&root, &["check"]);
    assert!(!stderr(&o).contains("stale"), "{}", stderr(&o));
    assert!(stdout(&translations(&root, &["status"])).starts_with("zh-TW: up to date"));

    // Only that entry of the lock changed: its hash and its source.
    let lock_after = read(&root, LOCK);
    let changed: Vec<(&str, &str)> = lock_before.lines().zip(lock_after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(lock_before.lines().count(), lock_after.lines().count());
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed[0].0.starts_with("      hash: '") && changed[0].1.starts_with("      hash: '"), "{changed:?}");
    assert_eq!(
        changed[1],
        ("      source: Cloud voice availability", "      source: Cloud voice availability by country")
    );
}

#[test]
fn a_changed_english_page_is_stale_and_status_shows_the_change() {
    let (_dir, root) = site();
    replace(
        &root,
        "content/pages/overview.en-US.md",
        "Choose a country or region to see",
        "Choose a country or region in the list to see",
    );
    let o = translations(&root, &["status"]);
    let out = stdout(&o);
    assert!(out.contains("  stale: page.overview at content/pages/overview.zh-TW.md:1:1\n"), "{out}");
    assert!(out.contains("      - Choose a country or region to see what your organization can buy.\n"), "{out}");
    assert!(
        out.contains("      + Choose a country or region in the list to see what your organization can buy.\n"),
        "{out}"
    );
    let err = stderr(&run(&root, &["check"]));
    assert!(err.contains("warning: `page.overview` is stale: the en-US page changed after this translation"), "{err}");
    assert!(err.contains("--> content/pages/overview.zh-TW.md:1:1"), "{err}");

    let o = translations(&root, &["confirm", "--locale", "zh-TW", "--all"]);
    assert_exit(&o, 0, "confirm --all");
    assert!(!stderr(&run(&root, &["check"])).contains("stale"));
}

#[test]
fn a_new_translation_is_unconfirmed_not_stale() {
    let (_dir, root) = site();
    replace(&root, ZH_TW, "  jump_go: 前往\n", "  jump_go: 前往\n  skip_to_content: 跳至主要內容\n");
    let json = status_json(&root);
    assert_eq!(json[0]["stale"].as_array().unwrap().len(), 0);
    let unconfirmed = json[0]["unconfirmed"].as_array().unwrap();
    assert_eq!(unconfirmed.len(), 1);
    assert_eq!(
        (unconfirmed[0]["key"].as_str(), unconfirmed[0]["source"].as_str()),
        (Some("ui.skip_to_content"), Some("Skip to main content"))
    );
    let o = run(&root, &["check"]);
    let err = stderr(&o);
    assert!(!err.contains("is stale: the en-US"), "{err}");
    assert!(err.contains("warning: 1 translation is not recorded in locales/translations.lock.yaml"), "{err}");
    assert!(err.contains("`ui.skip_to_content`"), "{err}");
    translations(&root, &["confirm", "--locale", "zh-TW", "--key", "ui.skip_to_content"]);
    assert!(!stderr(&run(&root, &["check"])).contains("not recorded"));
}

#[test]
fn confirm_needs_a_key_or_all_and_known_keys() {
    let (_dir, root) = site();
    let before = snapshot(&root);
    let o = translations(&root, &["confirm", "--locale", "zh-TW"]);
    assert_exit(&o, 2, "confirm without --key or --all");
    let o = translations(&root, &["confirm", "--locale", "zh-TW", "--key", "ui.site_tile"]);
    assert_exit(&o, 2, "confirm of an unknown key");
    assert!(stderr(&o).contains("did you mean `ui.site_title`?"), "{}", stderr(&o));
    let o = translations(&root, &["confirm", "--locale", "zh-TW", "--key", "ui.downloads"]);
    assert_exit(&o, 2, "confirm of an untranslated key");
    assert!(stderr(&o).contains("`ui.downloads` has no zh-TW translation to confirm"), "{}", stderr(&o));
    let o = translations(&root, &["confirm", "--locale", "en-US", "--all"]);
    assert_exit(&o, 2, "confirm of en-US");
    assert_eq!(snapshot(&root), before, "failed confirms write nothing");
}

#[test]
fn export_then_import_without_edits_changes_nothing() {
    let (dir, root) = site();
    // Make every state appear: stale (string and page), unconfirmed, missing, confirmed.
    replace(&root, EN_US, "  jump_go: Go\n", "  jump_go: Go to the page\n");
    replace(&root, "content/pages/overview.en-US.md", "monthly allowance", "monthly bundle");
    replace(&root, ZH_TW, "  jump_go: 前往\n", "  jump_go: 前往\n  skip_to_content: 跳至主要內容\n");
    let xlf_path = dir.path().join("zh-TW.xlf");
    let before = snapshot(&root);
    let xlf = export(&root, &xlf_path);
    assert!(xlf.contains("<segment state=\"initial\" subState=\"availgen:stale\">"), "{xlf}");
    assert!(xlf.contains("<segment state=\"initial\" subState=\"availgen:unconfirmed\">"), "{xlf}");
    let o = import(&root, &xlf_path);
    assert_exit(&o, 0, "import of the unedited export");
    assert!(stdout(&o).contains("Nothing changed."), "{}", stdout(&o));
    assert_eq!(snapshot(&root), before, "the round trip must leave every file byte-identical");

    // The same after a translation tool has re-serialized the file (CRLF, other layout).
    let reformatted = xlf.replace('\n', "\r\n").replace("<segment state=", "<segment  state=");
    std::fs::write(&xlf_path, reformatted).unwrap();
    assert_exit(&import(&root, &xlf_path), 0, "import of a re-serialized export");
    assert_eq!(snapshot(&root), before);
}

#[test]
fn import_rejects_a_unit_whose_english_changed_after_export() {
    let (dir, root) = site();
    let xlf_path = dir.path().join("zh-TW.xlf");
    let xlf = export(&root, &xlf_path);
    std::fs::write(&xlf_path, set_target(&xlf, "ui.site_title", "新標題", "translated")).unwrap();
    replace(&root, EN_US, "  site_title: Cloud voice availability\n", "  site_title: Cloud voice features\n");
    let before = snapshot(&root);
    let o = import(&root, &xlf_path);
    assert_exit(&o, 1, "import of a unit with an outdated source");
    let err = stderr(&o);
    assert!(
        err.contains("error: unit `ui.site_title`: its <source> \"Cloud voice availability\" is not the current en-US text \"Cloud voice features\""),
        "{err}"
    );
    let line = line_of(&xlf, "<unit id=\"ui.site_title\"");
    assert!(err.contains(&format!("--> {}:{line}:7", xlf_path.display())), "{err}");
    assert!(err.contains("export again with `availgen translations export --locale zh-TW`"), "{err}");
    assert_eq!(snapshot(&root), before, "a rejected import writes nothing");
}

#[test]
fn import_of_edited_targets_updates_the_locale_file_in_place() {
    let (dir, root) = site();
    let original = read(&root, ZH_TW);
    let xlf_path = dir.path().join("zh-TW.xlf");
    let mut xlf = export(&root, &xlf_path);
    xlf = set_target(&xlf, "ui.site_title", "雲端語音功能的可用性", "translated");
    // New keys, given out of en-US order: they are appended in en-US order.
    xlf = set_target(&xlf, "ui.back_to_index", "所有國家/地區", "reviewed");
    xlf = set_target(&xlf, "ui.skip_to_content", "跳至: 主要內容", "translated");
    xlf = set_target(&xlf, "notes.us_canada_domestic", "使用通話方案時，美國與加拿大之間的通話視為國內通話。", "final");
    // Text in, but not marked done: imported, left unconfirmed.
    xlf = set_target(&xlf, "cities.Cordoba", "科爾多瓦", "initial");
    xlf = set_target(&xlf, "page.overview", "---\ntitle: 概覽\norder: 1\n---\n\n新的 &amp; 內容\n", "translated");
    std::fs::write(&xlf_path, &xlf).unwrap();

    let o = import(&root, &xlf_path);
    assert_exit(&o, 0, "import of edited targets");
    assert!(stdout(&o).contains("2 translations updated, 4 added, 3 newly confirmed"), "{}", stdout(&o));

    let expected = original
        .replace("  site_title: 雲端語音功能可用性\n", "  site_title: 雲端語音功能的可用性\n")
        .replace("  'no': 否\n", "  'no': 否\n  skip_to_content: '跳至: 主要內容'\n  back_to_index: 所有國家/地區\n")
        .replace("  Toronto: 多倫多\n", "  Toronto: 多倫多\n  Cordoba: 科爾多瓦\nnotes:\n  us_canada_domestic: 使用通話方案時，美國與加拿大之間的通話視為國內通話。\n");
    assert_eq!(
        read(&root, ZH_TW),
        expected,
        "comments, order and quoting are kept; new keys go at the end of their section"
    );
    assert_eq!(read(&root, "content/pages/overview.zh-TW.md"), "---\ntitle: 概覽\norder: 1\n---\n\n新的 & 內容\n");

    let lock = read(&root, LOCK);
    assert!(lock.contains("    notes.us_canada_domestic:\n"), "{lock}");
    assert!(lock.contains("    ui.back_to_index:\n      hash: '"), "{lock}");
    assert!(!lock.contains("cities.Cordoba"), "an initial segment is not confirmed");
    let back = &lock[lock.find("    ui.back_to_index:").unwrap()..];
    assert!(back.lines().nth(3) == Some("      state: reviewed"), "{back}");

    let json = status_json(&root);
    assert_eq!(json[0]["stale"].as_array().unwrap().len(), 0, "{json}");
    let unconfirmed: Vec<&str> =
        json[0]["unconfirmed"].as_array().unwrap().iter().map(|u| u["key"].as_str().unwrap()).collect();
    assert_eq!(unconfirmed, ["cities.Cordoba"]);
    let o = run(&root, &["check"]);
    assert_exit(&o, 0, "check after import");

    // Exported again, the imported states come back.
    let again = export(&root, &xlf_path);
    let unit = |id: &str| {
        let s = again.find(&format!("<unit id=\"{id}\"")).unwrap();
        again[s..s + again[s..].find("</unit>").unwrap()].to_owned()
    };
    assert!(unit("ui.back_to_index").contains("<segment state=\"reviewed\">"));
    assert!(unit("notes.us_canada_domestic").contains("<segment state=\"final\">"));
    assert!(unit("cities.Cordoba").contains("subState=\"availgen:unconfirmed\""));
}

#[test]
fn import_refuses_what_it_cannot_read() {
    let (dir, root) = site();
    let before = snapshot(&root);
    let path = dir.path().join("x.xlf");
    let cases = [
        ("<xliff", "not well-formed XML"),
        ("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\"/>", "perhaps XLIFF 1.2"),
        (
            "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en-US\" trgLang=\"fr-FR\"/>",
            "trgLang is `fr-FR`, which has no locale file",
        ),
        (
            "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en-US\" trgLang=\"zh-TW\"><file id=\"f\">\n<unit id=\"ui.nope\"><segment><source>x</source></segment></unit></file></xliff>",
            "unit `ui.nope`: en-US has no key `ui.nope` any more",
        ),
    ];
    for (xml, message) in cases {
        std::fs::write(&path, xml).unwrap();
        let o = import(&root, &path);
        assert_exit(&o, 1, message);
        assert!(stderr(&o).contains(message), "{message}: {}", stderr(&o));
    }
    assert_eq!(snapshot(&root), before);
}

/// The Python interpreter that has translate-toolkit, or why there is none.
fn xliff_reader() -> Result<String, String> {
    let python = std::env::var("AVAILGEN_PYTHON").unwrap_or_else(|_| "python3".into());
    match Command::new(&python).args(["-c", "import translate.storage.xliff2, lxml.etree"]).output() {
        Ok(o) if o.status.success() => Ok(python),
        Ok(o) => {
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            Err(format!("`{python}` has no translate-toolkit ({})", err.lines().last().unwrap_or_default().trim()))
        }
        Err(e) => Err(format!("cannot run `{python}`: {e}")),
    }
}

/// The XLIFF file as translate-toolkit reads it (see `tests/xliff_reader.py`); `None`
/// when it is not installed and not required.
fn read_with_translate_toolkit(xlf_path: &Path) -> Option<serde_json::Value> {
    let python = match xliff_reader() {
        Ok(p) => p,
        Err(why) => {
            let hint = "install it with `python3 -m pip install translate-toolkit==3.20.4`";
            if std::env::var_os("AVAILGEN_REQUIRE_XLIFF_READER").is_some() {
                panic!("{why}; {hint}");
            }
            eprintln!("skipped: {why}; {hint}");
            return None;
        }
    };
    let o = Command::new(&python)
        .arg(manifest_dir().join("tests/xliff_reader.py"))
        .arg(xlf_path)
        .output()
        .expect("cannot run tests/xliff_reader.py");
    assert!(o.status.success(), "xliff_reader.py failed: {}", String::from_utf8_lossy(&o.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(seen["problems"], serde_json::json!([]), "XLIFF 2.0 structure");
    Some(seen)
}

#[test]
fn the_export_reads_in_translate_toolkit() {
    let (dir, root) = site();
    replace(
        &root,
        EN_US,
        "  site_title: Cloud voice availability\n",
        "  site_title: Cloud <voice> & \"availability\"\n",
    );
    let xlf_path = dir.path().join("zh-TW.xlf");
    export(&root, &xlf_path);
    let Some(seen) = read_with_translate_toolkit(&xlf_path) else { return };
    assert_eq!((seen["srcLang"].as_str(), seen["trgLang"].as_str()), (Some("en-US"), Some("zh-TW")));
    let units = seen["units"].as_array().unwrap();
    assert_eq!(units.len(), 126, "one unit per en-US key");
    let unit = |id: &str| units.iter().find(|u| u["id"] == id).unwrap_or_else(|| panic!("no unit {id}"));

    let stale = unit("ui.site_title");
    assert_eq!(stale["source"], "Cloud <voice> & \"availability\"");
    assert_eq!(stale["target"], "雲端語音功能可用性");
    assert_eq!((stale["state"].as_str(), stale["fuzzy"].as_bool()), (Some("initial"), Some(true)));
    let confirmed = unit("ui.page_title");
    assert_eq!(
        (confirmed["source"].as_str(), confirmed["target"].as_str()),
        (Some("Availability in {country}"), Some("{country}的功能可用性"))
    );
    assert_eq!((confirmed["state"].as_str(), confirmed["translated"].as_bool()), (Some("translated"), Some(true)));
    let missing = unit("ui.downloads");
    assert_eq!((missing["target"].as_str(), missing["state"].as_str()), (None, Some("initial")));
    assert_eq!(unit("countries.NO")["target"], "挪威");
    assert_eq!(unit("cities.Buenos:20Aires")["source"], "Buenos Aires");
    let page = unit("page.overview");
    assert_eq!(page["source"].as_str(), Some(read(&root, "content/pages/overview.en-US.md").as_str()));
    assert_eq!(page["target"].as_str(), Some(read(&root, "content/pages/overview.zh-TW.md").as_str()));
}

#[test]
fn the_bundled_site_has_no_stale_translations() {
    let json = status_json(manifest_dir());
    for locale in json.as_array().unwrap() {
        assert_eq!(locale["stale"], serde_json::json!([]), "{}: run `availgen translations status`", locale["locale"]);
    }
    let o = run(manifest_dir(), &["check"]);
    assert!(!stderr(&o).contains("is stale"), "{}", stderr(&o));
}

const RU_RU: &str = "locales/ru-RU.yaml";

/// The fixture with `ui.index_count` and `ui.cp_outbound_count` plural in en-US, and a
/// Russian locale that translates `index_count` in its four forms.
fn plural_site() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = site();
    for key in ["index_count", "cp_outbound_count"] {
        replace(
            &root,
            EN_US,
            &format!("  {key}: '{{count}} countries and regions'\n"),
            &format!(
                "  {key}:\n    one: '{{count}} country or region'\n    other: '{{count}} countries and regions'\n"
            ),
        );
    }
    write(
        &root,
        RU_RU,
        "meta:\n  name: Русский\nui:\n  site_title: Доступность облачных голосовых служб\n  index_count:\n    one: '{count} страна или регион'\n    few: '{count} страны и региона'\n    many: '{count} стран и регионов'\n    other: '{count} страны и региона'\n",
    );
    (dir, root)
}

fn export_locale(root: &Path, tag: &str, out: &Path) -> String {
    let o = translations(root, &["export", "--locale", tag, "--out", out.to_str().unwrap()]);
    assert_exit(&o, 0, "export");
    std::fs::read_to_string(out).unwrap()
}

/// The unit of XLIFF id `id`: its source and its target, if it has one.
fn unit_texts(xlf: &str, id: &str) -> (String, Option<String>) {
    let start = xlf.find(&format!("<unit id=\"{id}\"")).unwrap_or_else(|| panic!("no unit {id} in\n{xlf}"));
    let unit = &xlf[start..start + xlf[start..].find("</unit>").unwrap()];
    let element = |name: &str| {
        let tag = format!("<{name} xml:space=\"preserve\">");
        let open = unit.find(&tag)? + tag.len();
        Some(unit[open..open + unit[open..].find(&format!("</{name}>")).unwrap()].to_owned())
    };
    (element("source").unwrap(), element("target"))
}

#[test]
fn a_plural_string_is_a_unit_per_form_of_the_language() {
    let (dir, root) = plural_site();
    let xlf = export_locale(&root, "ru-RU", &dir.path().join("ru-RU.xlf"));
    // Russian needs one, few, many and other; a form English lacks translates its `other`.
    assert!(xlf.contains("<unit id=\"ui.index_count:5Bone:5D\" name=\"ui.index_count[one]\">"), "{xlf}");
    let forms = |key: &str| -> Vec<(String, Option<String>)> {
        ["one", "few", "many", "other"].iter().map(|c| unit_texts(&xlf, &format!("ui.{key}:5B{c}:5D"))).collect()
    };
    let (one, other) = ("{count} country or region".to_owned(), "{count} countries and regions".to_owned());
    assert_eq!(
        forms("index_count"),
        [
            (one.clone(), Some("{count} страна или регион".to_owned())),
            (other.clone(), Some("{count} страны и региона".to_owned())),
            (other.clone(), Some("{count} стран и регионов".to_owned())),
            (other.clone(), Some("{count} страны и региона".to_owned())),
        ]
    );
    // Untranslated, the forms the language needs are there to fill in.
    assert_eq!(forms("cp_outbound_count"), [(one, None), (other.clone(), None), (other.clone(), None), (other, None)]);
    assert!(!xlf.contains("name=\"ui.index_count\""), "no unit of the string whole: {xlf}");

    // Chinese has one form: a unit for `other`, holding its plain translation.
    let zh = export_locale(&root, "zh-TW", &dir.path().join("zh-TW.xlf"));
    assert_eq!(
        unit_texts(&zh, "ui.index_count:5Bother:5D"),
        ("{count} countries and regions".to_owned(), Some("{count} 個國家/地區".to_owned()))
    );
    assert!(!zh.contains("ui.index_count:5Bone:5D"), "{zh}");

    if let Some(seen) = read_with_translate_toolkit(&dir.path().join("ru-RU.xlf")) {
        let units = seen["units"].as_array().unwrap();
        let unit = |id: &str| units.iter().find(|u| u["id"] == id).unwrap_or_else(|| panic!("no unit {id}"));
        let few = unit("ui.index_count:5Bfew:5D");
        assert_eq!(
            (few["source"].as_str(), few["target"].as_str(), few["state"].as_str()),
            (Some("{count} countries and regions"), Some("{count} страны и региона"), Some("initial"))
        );
        let untranslated = unit("ui.cp_outbound_count:5Bmany:5D");
        assert_eq!((untranslated["target"].as_str(), untranslated["translated"].as_bool()), (None, Some(false)));
    }
}

#[test]
fn plural_units_round_trip_and_import_as_forms() {
    let (dir, root) = plural_site();
    let xlf_path = dir.path().join("ru-RU.xlf");
    let xlf = export_locale(&root, "ru-RU", &xlf_path);
    let before = snapshot(&root);
    assert_exit(&import(&root, &xlf_path), 0, "import of the unedited export");
    assert_eq!(snapshot(&root), before, "the round trip leaves every file byte-identical");

    // Some forms translated and others not: the string is not imported.
    let partial = set_target(&xlf, "ui.cp_outbound_count:5Bone:5D", "{count} страна или регион", "translated");
    std::fs::write(&xlf_path, &partial).unwrap();
    let o = import(&root, &xlf_path);
    assert_exit(&o, 0, "import of a partly translated plural string");
    assert!(
        stderr(&o).contains(
            "`ui.cp_outbound_count` is only partly translated (its form `few`, `many`, `other` has no target)"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&root), before);

    let mut edited = partial;
    for (form, text) in [
        ("few", "{count} страны и региона"),
        ("many", "{count} стран и регионов"),
        ("other", "{count} страны и региона"),
    ] {
        edited = set_target(&edited, &format!("ui.cp_outbound_count:5B{form}:5D"), text, "translated");
    }
    std::fs::write(&xlf_path, &edited).unwrap();
    let o = import(&root, &xlf_path);
    assert_exit(&o, 0, "import of a translated plural string");
    assert!(stdout(&o).contains("0 translations updated, 1 added, 1 newly confirmed"), "{}", stdout(&o));
    let ru = read(&root, RU_RU);
    assert!(
        ru.ends_with("  cp_outbound_count:\n    one: '{count} страна или регион'\n    few: '{count} страны и региона'\n    many: '{count} стран и регионов'\n    other: '{count} страны и региона'\n"),
        "the forms go below the key, in CLDR order:\n{ru}"
    );
    let lock = read(&root, LOCK);
    assert!(lock.contains("    ui.cp_outbound_count:\n      hash: '"), "{lock}");
    assert!(
        lock.contains(
            "      source: |-\n        one: {count} country or region\n        other: {count} countries and regions\n"
        ),
        "the lock records every English form:\n{lock}"
    );
    let o = run(&root, &["check"]);
    assert_exit(&o, 0, "check after the import");
    assert!(!stderr(&o).contains("cp_outbound_count"), "{}", stderr(&o));

    // Exported and imported again, nothing changes; an English form that changes makes
    // the string stale.
    export_locale(&root, "ru-RU", &xlf_path);
    let after = snapshot(&root);
    assert_exit(&import(&root, &xlf_path), 0, "second round trip");
    assert_eq!(snapshot(&root), after);
    replace(
        &root,
        EN_US,
        "  cp_outbound_count:\n    one: '{count} country or region'",
        "  cp_outbound_count:\n    one: 'just {count} country or region'",
    );
    let o = run(&root, &["check"]);
    assert!(stderr(&o).contains("warning: `ui.cp_outbound_count` is stale"), "{}", stderr(&o));
}
