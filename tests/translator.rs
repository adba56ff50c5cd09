//! The translator's view end to end: coverage in `check`, a new language from one file,
//! the machine-translation notice, glossary terms, `--strict` and the review build.

mod common;

use std::path::Path;

use common::{assert_exit, availgen, copy_tree, fixtures, stderr, stdout};
use scraper::{Html, Selector};

fn site(cases: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    for case in cases {
        copy_tree(&fixtures().join(case), dir.path());
    }
    dir
}

fn run(args: &[&str], root: &Path) -> std::process::Output {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    all.push("--root".as_ref());
    all.push(root.as_os_str());
    availgen(all)
}

fn page(out: &Path, path: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap()).map(|e| e.text().collect::<String>()).collect()
}

#[test]
fn a_new_language_is_one_file() {
    let root = site(&["new-locale-ja"]);
    let out = root.path().join("public");
    let o = run(&["build", "--out", out.to_str().unwrap()], root.path());
    assert_exit(&o, 0, "build with ja-JP");
    // Missing strings are warnings, not errors.
    assert!(stderr(&o).contains("locales/ja-JP.yaml"), "{}", stderr(&o));

    let ar = page(&out, "ja-jp/availability-in-argentina/index.html");
    let html = Selector::parse("html").unwrap();
    assert_eq!(ar.select(&html).next().unwrap().value().attr("lang"), Some("ja-JP"));
    assert_eq!(texts(&ar, "h1"), ["アルゼンチンでの提供状況"]);
    // Translated value, and an en-US fallback marked as such.
    let row = Selector::parse("section#calling-plans tr[data-fact=available_for_purchase] td").unwrap();
    assert_eq!(ar.select(&row).next().unwrap().text().collect::<String>(), "いいえ");
    let label = Selector::parse("section#calling-plans tr[data-fact=cp_plans] th span[lang=en-US]").unwrap();
    assert_eq!(ar.select(&label).next().map(|e| e.text().collect::<String>()).as_deref(), Some("Plans"));
    // A country the file does not name gets CLDR's Japanese name, not English.
    let ca = page(&out, "ja-jp/availability-in-canada/index.html");
    assert_eq!(texts(&ca, "h1"), ["カナダでの提供状況"]);
    // Machine translation notice on its pages only.
    assert_eq!(texts(&ar, "p.mt-notice"), ["このページは機械翻訳されています。"]);
    assert!(texts(&page(&out, "zh-cn/availability-in-argentina/index.html"), "p.mt-notice").is_empty());

    // It appears in every language switcher, the chooser and the sitemap.
    let switch = Selector::parse("nav.language-switcher a[hreflang=ja-JP]").unwrap();
    let en = page(&out, "en-us/availability-in-canada/index.html");
    assert_eq!(
        en.select(&switch).next().and_then(|a| a.value().attr("href")),
        Some("../../ja-jp/availability-in-canada/")
    );
    let chooser = page(&out, "index.html");
    assert!(chooser.select(&Selector::parse("a[hreflang=ja-JP]").unwrap()).next().is_some());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("ja-jp/sitemap.xml"), "{sitemap}");
    assert!(std::fs::read_to_string(out.join("ja-jp/sitemap.xml")).unwrap().contains("hreflang=\"ja-JP\""));
    assert!(out.join("ja-jp/availability.xlsx").is_file() && out.join("ja-jp/availability.csv").is_file());

    // check reports its coverage.
    let o = run(&["check"], root.path());
    assert_exit(&o, 0, "check with ja-JP");
    let report = stdout(&o);
    let line = report.lines().find(|l| l.trim_start().starts_with("ja-JP")).unwrap_or_else(|| panic!("{report}"));
    assert!(line.contains("missing") && line.contains('%'), "{line}");
    let o = run(&["check", "--format", "json"], root.path());
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let ja =
        items.iter().find(|i| i["severity"] == "info" && i["coverage"]["locale"] == "ja-JP").expect("ja-JP coverage");
    let (translated, total) =
        (ja["coverage"]["translated"].as_u64().unwrap(), ja["coverage"]["total"].as_u64().unwrap());
    assert!(translated == 6 && total > translated, "{ja}");
}

#[test]
fn strict_turns_missing_translations_into_errors() {
    let root = site(&["new-locale-ja"]);
    let out = root.path().join("public");
    let o = run(&["build", "--strict", "--out", out.to_str().unwrap()], root.path());
    assert_exit(&o, 1, "strict build with ja-JP");
    assert!(stderr(&o).contains("error: ") && stderr(&o).contains("locales/ja-JP.yaml"), "{}", stderr(&o));
    assert!(!out.exists(), "a failed build wrote output");
}

#[test]
fn forbidden_glossary_terms_are_flagged_with_position() {
    let root = site(&["forbidden-term"]);
    let o = run(&["check", "--format", "json"], root.path());
    assert_exit(&o, 0, "check with a forbidden term");
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let hit = items.iter().find(|i| i["message"].as_str().is_some_and(|m| m.contains("调用计划"))).expect("flagged");
    assert_eq!(hit["file"], "content/pages/overview.zh-CN.md");
    assert_eq!((hit["line"].as_u64(), hit["column"].as_u64()), (Some(8), Some(3)));
    assert!(hit["hint"].as_str().unwrap().contains("通话套餐"), "{hit}");
    let o = run(&["check", "--strict"], root.path());
    assert_exit(&o, 1, "strict check with a forbidden term");
    assert!(stderr(&o).contains("--> content/pages/overview.zh-CN.md:8:3"), "{}", stderr(&o));
}

#[test]
fn review_build_shows_sources_and_normal_build_does_not() {
    let root = site(&["new-locale-ja"]);
    let review = root.path().join("review");
    let normal = root.path().join("normal");
    assert_exit(&run(&["build", "--review", "--out", review.to_str().unwrap()], root.path()), 0, "review build");
    assert_exit(&run(&["build", "--out", normal.to_str().unwrap()], root.path()), 0, "normal build");
    let zh = page(&review, "zh-cn/availability-in-argentina/index.html");
    let spans = Selector::parse("span.review[title]").unwrap();
    let titles: Vec<&str> = zh.select(&spans).filter_map(|s| s.value().attr("title")).collect();
    assert!(titles.contains(&"en-US: Availability in 阿根廷"), "{titles:?}");
    assert!(titles.contains(&"en-US: Yes") || titles.contains(&"en-US: No"), "{titles:?}");
    let overview = page(&review, "zh-cn/index.html");
    assert_eq!(overview.select(&Selector::parse("details.review-source[lang=en-US]").unwrap()).count(), 1);
    for file in common::snapshot(&normal).keys().filter(|f| f.ends_with(".html")) {
        let text = std::fs::read_to_string(normal.join(file)).unwrap();
        assert!(!text.contains("review"), "{file} carries review markup");
    }
}
