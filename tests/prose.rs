//! Prose pages end to end: data directives and GFM alerts rendered per locale
//! (snapshots, reviewed), data blocks that follow the YAML, and sanitized raw HTML.

mod common;

use std::path::Path;

use common::{assert_exit, availgen, copy_tree, fixtures};
use scraper::{Html, Selector};

/// `base/` with the fixture folder `case` laid over it, in a fresh temp dir.
fn site(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    copy_tree(&fixtures().join(case), dir.path());
    dir
}

fn build(root: &Path, out: &Path) {
    let o = availgen([
        Path::new("build").as_os_str(),
        "--root".as_ref(),
        root.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_exit(&o, 0, "build");
}

fn read(out: &Path, page: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}")))
}

fn article(doc: &Html) -> String {
    doc.select(&Selector::parse("article.prose").unwrap()).next().expect("an article").inner_html()
}

#[test]
fn directives_and_alerts_in_each_locale() {
    let root = site("prose-directives");
    let out = root.path().join("public");
    build(root.path(), &out);
    for locale in ["en-us", "zh-cn", "zh-tw"] {
        let html = article(&read(&out, &format!("{locale}/data/index.html")));
        insta::assert_snapshot!(format!("data_page_{locale}"), html);
    }
}

#[test]
fn business_voice_table_follows_the_data() {
    let root = site("prose-directives");
    let out = root.path().join("public");
    build(root.path(), &out);
    let cell = Selector::parse("table.data td").unwrap();
    let cells = |doc: &Html| doc.select(&cell).map(|c| c.text().collect::<String>()).collect::<Vec<_>>();
    let before = cells(&read(&out, "en-us/data/index.html"));
    assert!(before.contains(&"3,000 minutes per user per month".to_owned()), "{before:?}");

    let canada = root.path().join("content/countries/canada.yaml");
    let text =
        std::fs::read_to_string(&canada).unwrap().replace("calling_plan_minutes: 3000", "calling_plan_minutes: 4500");
    std::fs::write(&canada, text).unwrap();
    build(root.path(), &out);
    let after = cells(&read(&out, "en-us/data/index.html"));
    assert!(after.contains(&"4,500 minutes per user per month".to_owned()), "{after:?}");
    let zh = cells(&read(&out, "zh-cn/data/index.html"));
    assert!(zh.iter().any(|c| c.contains("4,500")), "{zh:?}");
}

#[test]
fn raw_html_cannot_run_script() {
    let root = site("prose-hostile");
    let out = root.path().join("public");
    build(root.path(), &out);
    for locale in ["en-us", "zh-cn"] {
        let raw = std::fs::read_to_string(out.join(format!("{locale}/hostile/index.html"))).unwrap();
        let doc = Html::parse_document(&raw);
        // The only scripts are the site's own.
        for script in doc.select(&Selector::parse("script").unwrap()) {
            assert_eq!(script.value().attr("src"), Some("../../availgen.js"), "{locale}: {}", script.html());
        }
        for tag in ["iframe", "object", "embed", "form", "input", "style", "svg"] {
            let inside = Selector::parse(&format!("article {tag}")).unwrap();
            assert!(doc.select(&inside).next().is_none(), "{locale}: <{tag}> survived");
        }
        for el in doc.select(&Selector::parse("*").unwrap()) {
            for (name, value) in el.value().attrs() {
                assert!(!name.starts_with("on"), "{locale}: event handler {name} on <{}>", el.value().name());
                let v = value.trim().to_ascii_lowercase();
                assert!(!v.starts_with("javascript:") && !v.starts_with("data:"), "{locale}: {name}={value}");
            }
        }
        let article = article(&doc);
        assert!(article.contains("<b>bold stays</b>"), "{article}");
        assert!(article.contains("href=\"https://example.com\""), "{article}");
        // The title is text, escaped wherever it appears.
        assert!(raw.contains("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Hostile"), "{raw}");
    }
}

#[test]
fn headings_get_stable_ids_and_anchor_links() {
    let root = site("prose-directives");
    let out = root.path().join("public");
    build(root.path(), &out);
    for locale in ["en-us", "zh-cn"] {
        let doc = read(&out, &format!("{locale}/data/index.html"));
        let h2 = Selector::parse("article h2[id]").unwrap();
        let ids: Vec<&str> = doc.select(&h2).filter_map(|h| h.value().attr("id")).collect();
        assert_eq!(ids, ["directives", "alerts"], "{locale}");
        let anchor = Selector::parse("h2#alerts a.anchor").unwrap();
        assert_eq!(doc.select(&anchor).next().and_then(|a| a.value().attr("href")), Some("#alerts"));
    }
}
