//! Whole-output checks over the bundled site: every internal link and anchor resolves,
//! and two clean builds are byte-identical.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use common::{assert_exit, availgen, manifest_dir, snapshot};

fn build_bundled(out: &Path) {
    let o =
        availgen(["build".as_ref(), "--root".as_ref(), manifest_dir().as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_exit(&o, 0, "building the bundled site");
}

/// Where `href`, found in `page`, leads: (file relative to the output root, fragment).
/// `None` for links that leave the site (`https:`, `mailto:`...).
fn target(page: &str, href: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    if path.contains(':') {
        return None; // a URL with a scheme
    }
    if path.is_empty() {
        return Some((page.to_owned(), fragment)); // `#id` on the same page
    }
    let file = match path.strip_prefix('/') {
        // The default base URL is `/`: root-relative links name files of the output.
        Some(rooted) => {
            let mut f = rooted.to_owned();
            if f.is_empty() || f.ends_with('/') {
                f.push_str("index.html");
            }
            f
        }
        None => common::resolve(page, path).unwrap_or_else(|| panic!("{page}: {href} climbs above the site")),
    };
    Some((file, fragment))
}

/// Every id in every HTML page of `files`.
fn ids(files: &BTreeMap<String, Vec<u8>>) -> HashMap<String, HashSet<String>> {
    let any = scraper::Selector::parse("[id]").unwrap();
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
            let ids = doc.select(&any).filter_map(|e| e.value().attr("id").map(str::to_owned)).collect();
            (p.clone(), ids)
        })
        .collect()
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_bundled(&out);
    let files = snapshot(&out);
    let ids = ids(&files);
    let linking = scraper::Selector::parse("[href], [src], [action]").unwrap();
    let mut broken = Vec::new();
    let mut checked = 0;
    let mut fragments = 0;
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        for el in doc.select(&linking) {
            for attr in ["href", "src", "action"] {
                let Some(href) = el.value().attr(attr) else { continue };
                let Some((file, fragment)) = target(page, href) else { continue };
                checked += 1;
                if !files.contains_key(&file) {
                    broken.push(format!("{page}: <{} {attr}=\"{href}\">: no file {file}", el.value().name()));
                    continue;
                }
                if let Some(id) = fragment.filter(|f| !f.is_empty()) {
                    fragments += 1;
                    let known = ids.get(&file).is_some_and(|set| set.contains(&id));
                    if !known {
                        broken.push(format!("{page}: {attr}=\"{href}\": {file} has no element with id `{id}`"));
                    }
                }
            }
        }
    }
    // The country drop-down is filled from `<locale>/countries.js`: its links must resolve too.
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with("/countries.js")) {
        let text = std::str::from_utf8(bytes).unwrap();
        let json = text.trim().strip_prefix("window.availgenCountries = ").and_then(|j| j.strip_suffix(';'));
        let list: Vec<(String, String)> =
            serde_json::from_str(json.unwrap_or_else(|| panic!("{path}: {text}"))).unwrap();
        let dir = path.trim_end_matches("countries.js");
        for (slug, _) in list {
            checked += 1;
            let file = format!("{dir}availability-in-{slug}/index.html");
            if !files.contains_key(&file) {
                broken.push(format!("{path}: no page for `{slug}`"));
            }
        }
    }
    // Sitemaps: every <loc> and alternate names a page of the site.
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with("sitemap.xml")) {
        let text = std::str::from_utf8(bytes).unwrap();
        for url in text
            .split("<loc>")
            .skip(1)
            .filter_map(|s| s.split("</loc>").next())
            .chain(text.split("href=\"").skip(1).filter_map(|s| s.split('"').next()))
        {
            checked += 1;
            let (file, _) = target("index.html", url).unwrap_or_else(|| panic!("{path}: absolute URL {url}"));
            if !files.contains_key(&file) {
                broken.push(format!("{path}: {url}: no file {file}"));
            }
        }
    }
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
    assert!(checked > 5_000 && fragments > 200, "too few links checked: {checked} ({fragments} with an anchor)");
    eprintln!("{checked} internal links checked, {fragments} with an anchor");
}

fn build_into(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let out: PathBuf = dir.join("site-output");
    build_bundled(&out);
    snapshot(&out)
}

#[test]
fn two_clean_builds_are_byte_identical() {
    let first_dir = tempfile::tempdir().unwrap();
    let second_dir = tempfile::tempdir().unwrap();
    let first = build_into(first_dir.path());
    // A second later, in another directory: no clock or path may leak into the output.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = build_into(second_dir.path());
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&first), names(&second), "the two builds have different files");
    let differ: Vec<&String> = first.keys().filter(|k| first[*k] != second[*k]).collect();
    assert!(
        differ.is_empty(),
        "{} files differ between two builds, e.g. {:?}",
        differ.len(),
        &differ[..differ.len().min(10)]
    );
    assert!(first.keys().any(|k| k.ends_with(".xlsx")), "the spreadsheets are compared too");
}

#[test]
fn links_are_resolved_as_a_browser_does() {
    let page = "en-us/availability-in-canada/index.html";
    let t = |href: &str| target(page, href);
    assert_eq!(
        t("../calling-plans/#destinations"),
        Some(("en-us/calling-plans/index.html".into(), Some("destinations".into())))
    );
    assert_eq!(t("#main"), Some((page.into(), Some("main".into()))));
    assert_eq!(t("../../style.css"), Some(("style.css".into(), None)));
    assert_eq!(t("/zh-cn/"), Some(("zh-cn/index.html".into(), None)));
    assert_eq!(t("../availability.xlsx"), Some(("en-us/availability.xlsx".into(), None)));
    assert_eq!(t("https://example.org/"), None);
    assert_eq!(t("mailto:someone@example.org"), None);
}
