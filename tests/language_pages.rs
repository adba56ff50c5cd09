//! A site with more locales than `inline_languages`: every page links to a shared
//! languages page (`languages/<page>/`) instead of listing each language itself, and
//! the `hreflang` alternates are published in the sitemaps alone. Nothing is lost:
//! every page still reaches every other language of itself.

mod common;

use std::collections::BTreeMap;

use common::{assert_exit, availgen, copy_tree, fixtures, manifest_dir, resolve, snapshot};
use scraper::{Html, Selector};

const LOCALES: [(&str, &str); 3] = [("en-US", "en-us"), ("zh-CN", "zh-cn"), ("zh-TW", "zh-tw")];

/// Builds a copy of the bundled site with the fixture folders copied over it.
fn build(overlays: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    for dir in ["content", "locales"] {
        copy_tree(&manifest_dir().join(dir), &root.join(dir));
    }
    for case in overlays {
        copy_tree(&fixtures().join(case), &root);
    }
    let out = tmp.path().join("public");
    let o = availgen(["build".as_ref(), "--root".as_ref(), root.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_exit(&o, 0, "build");
    snapshot(&out)
}

fn html(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Html {
    let bytes = files.get(path).unwrap_or_else(|| panic!("no file {path}"));
    Html::parse_document(std::str::from_utf8(bytes).unwrap())
}

fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    let s = Selector::parse(selector).unwrap();
    doc.select(&s).map(|e| e.value().attr(attr).unwrap_or_default().to_owned()).collect()
}

/// The pages of one locale (not its countries.js, spreadsheets or sitemap).
fn pages_of<'f>(files: &'f BTreeMap<String, Vec<u8>>, dir: &str) -> Vec<&'f String> {
    files.keys().filter(|p| p.starts_with(&format!("{dir}/")) && p.ends_with(".html")).collect()
}

#[test]
fn above_the_limit_every_page_reaches_every_language_through_its_languages_page() {
    let files = build(&["language-pages"]);
    let mut pages = 0;
    for (tag, dir) in LOCALES {
        for page in pages_of(&files, dir) {
            pages += 1;
            let doc = html(&files, page);
            assert!(attrs(&doc, "link[rel=alternate][hreflang]", "href").is_empty(), "{page} has hreflang links");
            // The switcher: the page's own language, then its languages page.
            let links = attrs(&doc, "nav.language-switcher a", "href");
            assert_eq!(links.len(), 2, "{page}: {links:?}");
            assert_eq!(attrs(&doc, "nav.language-switcher a[aria-current=true]", "hreflang"), [tag], "{page}");
            let here = page.strip_prefix(&format!("{dir}/")).unwrap();
            let languages_page = resolve(page, &links[1]).unwrap();
            assert_eq!(languages_page, format!("languages/{here}"), "{page}");
            // The languages page lists the page in every locale, each in its language.
            let chooser = html(&files, &languages_page);
            assert_eq!(attrs(&chooser, "meta[name=robots]", "content"), ["noindex"], "{languages_page}");
            let listed = attrs(&chooser, "ul.languages a", "hreflang");
            assert_eq!(listed, LOCALES.map(|(t, _)| t), "{languages_page}");
            for (href, (to_tag, to_dir)) in attrs(&chooser, "ul.languages a", "href").iter().zip(LOCALES) {
                let target = resolve(&languages_page, href).unwrap();
                assert_eq!(target, format!("{to_dir}/{here}"), "{languages_page}: {href}");
                assert_eq!(attrs(&html(&files, &target), "html", "lang"), [to_tag], "{target}");
            }
            // Its stylesheet and script are found from where it is.
            for asset in attrs(&chooser, "link[rel=stylesheet]", "href").iter().chain(&attrs(&chooser, "script", "src"))
            {
                let file = resolve(&languages_page, asset).unwrap();
                assert!(files.contains_key(&file), "{languages_page}: {asset} is not in the output");
            }
        }
    }
    assert!(pages > 3 * 114, "only {pages} pages were checked");
    // The languages pages' titles are the page's, in the source language.
    let argentina = html(&files, "languages/availability-in-argentina/index.html");
    let title: String = argentina.select(&Selector::parse("h1").unwrap()).next().unwrap().text().collect();
    assert_eq!(title, "Availability in Argentina: All languages");
    let zh_tw: String =
        argentina.select(&Selector::parse("span[lang=zh-TW]").unwrap()).next().unwrap().text().collect();
    assert!(zh_tw.contains("阿根廷"), "{zh_tw}");
    // No languages page for a page that does not exist.
    let extra: Vec<&str> = files
        .keys()
        .filter_map(|p| p.strip_prefix("languages/"))
        .filter(|here| !files.contains_key(&format!("en-us/{here}")))
        .collect();
    assert!(extra.is_empty(), "languages pages of no page: {extra:?}");
}

#[test]
fn above_the_limit_the_sitemaps_still_carry_every_alternate() {
    let files = build(&["language-pages"]);
    for (_, dir) in LOCALES {
        let sitemap = String::from_utf8(files[&format!("{dir}/sitemap.xml")].clone()).unwrap();
        for (tag, to_dir) in LOCALES {
            let link =
                format!("<xhtml:link rel=\"alternate\" hreflang=\"{tag}\" href=\"/{to_dir}/availability-in-ghana/\"/>");
            assert!(sitemap.contains(&link), "{dir}/sitemap.xml lacks {link}");
        }
        assert!(!sitemap.contains("/languages/"), "{dir}/sitemap.xml lists a languages page");
    }
}

#[test]
fn up_to_the_limit_every_page_lists_its_languages_itself() {
    let files = build(&[]);
    assert!(!files.keys().any(|p| p.starts_with("languages/")), "a languages page at 3 locales");
    let doc = html(&files, "zh-tw/availability-in-ghana/index.html");
    let tags = LOCALES.map(|(t, _)| t.to_owned());
    assert_eq!(attrs(&doc, "link[rel=alternate][hreflang]", "hreflang"), tags);
    assert_eq!(attrs(&doc, "nav.language-switcher a", "hreflang"), tags);
}

#[test]
fn the_chooser_at_the_root_is_the_same_either_way() {
    let (few, many) = (build(&[]), build(&["language-pages"]));
    assert_eq!(few["index.html"], many["index.html"]);
    assert!(many.contains_key("languages/index.html"));
}
