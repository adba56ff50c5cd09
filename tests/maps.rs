//! The world maps, end to end: the bundled site built with the real binary, every map
//! of every locale read back (as HTML with scraper, its SVG as XML with quick-xml) and
//! compared with the YAML it came from, parsed here on its own terms; and `check`'s
//! line for countries the maps cannot show.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use common::{assert_exit, availgen, copy_tree, fixtures, manifest_dir, resolve, snapshot, stdout};

/// A section that gets a map, as `content/schema.yaml` declares it.
struct MapSection {
    key: String,
    /// Its anchor: the key with hyphens.
    id: String,
    /// The ui key of its title.
    title: String,
    /// The yes/no fact meaning "can be bought", or none for an optional section.
    available: Option<String>,
    inline: bool,
}

struct Country {
    slug: String,
    code: String,
    data: Value,
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("test cannot parse {}: {e}", path.display()))
}

fn map_sections(root: &Path) -> Vec<MapSection> {
    let schema = yaml(&root.join("content/schema.yaml"));
    let sections = schema["sections"].as_array().expect("the schema lists sections");
    sections
        .iter()
        .filter(|s| s.get("available").is_some() || s["optional"] == Value::Bool(true))
        .map(|s| {
            let key = s["key"].as_str().unwrap().to_owned();
            MapSection {
                id: key.replace('_', "-"),
                title: s["title"].as_str().unwrap().to_owned(),
                available: s.get("available").and_then(Value::as_str).map(str::to_owned),
                inline: s["inline"] == Value::Bool(true),
                key,
            }
        })
        .collect()
}

/// Whether the country file says the section's service can be bought there.
fn offered(country: &Country, section: &MapSection) -> bool {
    let value = &country.data[&section.key];
    match &section.available {
        _ if value.is_null() => false,
        Some(_) if section.inline => value == &Value::Bool(true),
        Some(fact) => value[fact] == Value::Bool(true),
        None => true,
    }
}

fn countries(root: &Path) -> Vec<Country> {
    let mut files: Vec<_> =
        std::fs::read_dir(root.join("content/countries")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let data = yaml(p);
            let code = data["code"].as_str().unwrap().to_owned();
            Country { slug: p.file_stem().unwrap().to_string_lossy().into_owned(), code, data }
        })
        .collect()
}

/// The bundled site, built once for every test of this file.
fn site() -> &'static BTreeMap<String, Vec<u8>> {
    static SITE: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    SITE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let o = availgen([
            "build".as_ref(),
            "--root".as_ref(),
            manifest_dir().as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert_exit(&o, 0, "building the bundled site");
        snapshot(&out)
    })
}

fn page(path: &str) -> Html {
    let bytes = site().get(path).unwrap_or_else(|| panic!("the site has no {path}"));
    Html::parse_document(std::str::from_utf8(bytes).unwrap())
}

fn select<'a>(root: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    root.select(&Selector::parse(css).unwrap()).collect()
}

/// The bundled locales: (tag, output directory, `countries:` names, `ui:` strings).
fn locales() -> Vec<(String, String, Value, Value)> {
    let mut tags: Vec<String> = std::fs::read_dir(manifest_dir().join("locales"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && !n.starts_with("glossary.") && !n.contains(".lock."))
        .map(|n| n.trim_end_matches(".yaml").to_owned())
        .collect();
    tags.sort();
    tags.into_iter()
        .map(|tag| {
            let file = yaml(&manifest_dir().join(format!("locales/{tag}.yaml")));
            (tag.clone(), tag.to_lowercase(), file["countries"].clone(), file["ui"].clone())
        })
        .collect()
}

/// Reads `svg` as XML from start to end; the first error, if any.
fn xml_error(svg: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(svg);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => return (depth != 0).then(|| format!("{depth} elements left open")),
            Ok(_) => {}
            Err(e) => return Some(format!("at byte {}: {e}", reader.buffer_position())),
        }
    }
}

/// Every `<svg>…</svg>` of a page, as written.
fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg ")
        .map(|(start, _)| {
            let end = html[start..].find("</svg>").map(|i| start + i + "</svg>".len());
            &html[start..end.unwrap_or_else(|| panic!("an <svg> at byte {start} is not closed"))]
        })
        .collect()
}

#[test]
fn every_map_links_every_country_with_its_answer_and_its_name() {
    let root = manifest_dir();
    let sections = map_sections(root);
    let countries = countries(root);
    assert_eq!(sections.len(), 5, "the bundled schema maps five sections");
    for (tag, dir, names, ui) in locales() {
        let path = format!("{dir}/maps/index.html");
        let doc = page(&path);
        let html = std::str::from_utf8(&site()[&path]).unwrap();
        for svg in svgs(html) {
            assert_eq!(
                xml_error(svg),
                None,
                "{path}: an <svg> is not well-formed XML:\n{}",
                &svg[..svg.len().min(300)]
            );
        }
        let outlines: BTreeSet<&str> =
            select(doc.root_element(), ".wm-defs path[id]").iter().filter_map(|p| p.value().attr("id")).collect();
        for section in &sections {
            let panel = select(doc.root_element(), &format!("section#map-{}", section.id));
            assert_eq!(panel.len(), 1, "{path}: one map of {}", section.key);
            let heading = select(panel[0], "h2")[0].text().collect::<String>();
            let title = ui[&section.title].as_str().unwrap();
            let want = ui["map_title"].as_str().unwrap().replace("{section}", title);
            assert_eq!(heading, want, "{path}: the heading of the {} map", section.key);
            let links = select(panel[0], "svg.world-map a");
            let mut by_href: BTreeMap<&str, ElementRef> = BTreeMap::new();
            for a in &links {
                assert!(by_href.insert(a.value().attr("href").unwrap(), *a).is_none(), "{path}: a country twice");
            }
            assert_eq!(links.len(), countries.len(), "{path}, {}: a link per country", section.key);
            for c in &countries {
                let what = format!("{path}, map {}, {}", section.key, c.code);
                let href = format!("../availability-in-{}/", c.slug);
                let a = by_href.get(href.as_str()).unwrap_or_else(|| panic!("{what}: no link to {href}"));
                let class = if offered(c, section) { "wm-yes" } else { "wm-no" };
                assert_eq!(a.value().attr("class"), Some(class), "{what}: fill class");
                let name = names[&c.code].as_str().unwrap_or_else(|| panic!("{tag} names {}", c.code));
                let titles: Vec<String> = select(*a, "title").iter().map(|t| t.text().collect()).collect();
                assert_eq!(titles, [name], "{what}: the link's <title>");
                // Drawn as its outline from the shared definitions, or as a dot.
                let outline = select(*a, "use").first().and_then(|u| u.value().attr("href"));
                match outline {
                    Some(id) => assert_eq!(id, format!("#wm-{}", c.code), "{what}: outline"),
                    None => assert_eq!(select(*a, "circle").len(), 1, "{what}: neither an outline nor a dot"),
                }
                assert!(outline.is_none_or(|id| outlines.contains(&id[1..])), "{what}: {outline:?} is not defined");
                let target = resolve(&path, &href).unwrap();
                assert!(site().contains_key(&target), "{what}: {href} leads to no page ({target})");
            }
            let legend: Vec<String> =
                select(panel[0], ".wm-legend li").iter().map(|li| li.text().collect::<String>()).collect();
            let want: Vec<&str> =
                ["available", "not_available", "map_not_covered"].iter().map(|k| ui[*k].as_str().unwrap()).collect();
            assert_eq!(legend, want, "{path}, {}: the legend", section.key);
        }
        let credit = select(doc.root_element(), "footer .map-credit");
        assert_eq!(credit.len(), 1, "{path}: the Natural Earth and world-atlas credit in the footer");
        assert!(credit[0].inner_html().contains("naturalearthdata.com"), "{path}: {}", credit[0].inner_html());
    }
}

#[test]
fn some_countries_are_dots_and_dots_are_drawn_over_the_outlines() {
    let doc = page("en-us/maps/index.html");
    let map = select(doc.root_element(), "section#map-calling-plans svg.world-map")[0];
    let drawn: Vec<&str> = select(map, "a > use, a > circle").iter().map(|e| e.value().name()).collect();
    let first_dot = drawn.iter().position(|&n| n == "circle").expect("small countries are dots");
    assert!(drawn[first_dot..].iter().all(|&n| n == "circle"), "dots come last, over their neighbours");
    let dot_titles: BTreeSet<String> =
        select(map, "a:has(> circle) > title").iter().map(|t| t.text().collect()).collect();
    for small in ["Singapore", "Malta", "Bahrain", "Barbados", "Grenada", "Bermuda"] {
        assert!(dot_titles.contains(small), "{small} is a dot: {dot_titles:?}");
    }
}

#[test]
fn the_selector_index_links_to_every_map_and_skips_to_the_list_and_the_maps() {
    let sections = map_sections(manifest_dir());
    for (_, dir, _, ui) in locales() {
        let path = format!("{dir}/index.html");
        let doc = page(&path);
        let hrefs: Vec<&str> =
            select(doc.root_element(), "#world-maps a").iter().filter_map(|a| a.value().attr("href")).collect();
        let want: Vec<String> = sections.iter().map(|s| format!("maps/#map-{}", s.id)).collect();
        assert_eq!(hrefs, want, "{path}: a link to each map");
        let skips: Vec<(String, &str)> = select(doc.root_element(), "body > a.skip-link")
            .iter()
            .map(|a| (a.text().collect(), a.value().attr("href").unwrap()))
            .collect();
        let skip = |key: &str| ui[key].as_str().unwrap().to_owned();
        assert_eq!(
            skips,
            [
                (skip("skip_to_content"), "#main"),
                (skip("skip_to_selector"), "#selector"),
                (skip("skip_to_maps"), "#world-maps")
            ],
            "{path}: skip links, first in the page"
        );
        for id in ["selector", "world-maps"] {
            assert_eq!(select(doc.root_element(), &format!("#{id}")).len(), 1, "{path}: #{id} is there");
        }
    }
}

#[test]
fn every_page_links_to_the_maps_from_its_navigation() {
    for (_, dir, _, ui) in locales() {
        let title = ui["maps_title"].as_str().unwrap();
        let pages: Vec<&String> =
            site().keys().filter(|p| p.starts_with(&format!("{dir}/")) && p.ends_with(".html")).collect();
        assert!(pages.len() > 100, "{dir}: only {} pages", pages.len());
        for path in pages {
            let doc = page(path);
            let links: Vec<ElementRef> = select(doc.root_element(), "nav.site-nav a")
                .into_iter()
                .filter(|a| a.text().collect::<String>() == title)
                .collect();
            assert_eq!(links.len(), 1, "{path}: one navigation link to the maps");
            // From the locale root (`maps/`) or one level down (`../maps/`).
            let href = links[0].value().attr("href").unwrap();
            let depth = path.matches('/').count() - 1;
            assert_eq!(href, format!("{}maps/", "../".repeat(depth)), "{path}: where the link leads");
            let current = links[0].value().attr("aria-current");
            assert_eq!(current, (path == &format!("{dir}/maps/index.html")).then_some("page"), "{path}: aria-current");
        }
    }
}

#[test]
fn the_sitemaps_list_the_maps_page() {
    for (_, dir, _, _) in locales() {
        let xml = std::str::from_utf8(&site()[&format!("{dir}/sitemap.xml")]).unwrap().to_owned();
        assert!(xml.contains(&format!("<loc>/{dir}/maps/</loc>")), "{dir}/sitemap.xml lists the maps");
    }
}

#[test]
fn check_lists_the_countries_the_maps_cannot_show_as_information() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixtures().join("base"), &root);
    let check = |format: &str| availgen(["check", "--root", root.to_str().unwrap(), "--format", format]);
    let clean = check("human");
    assert_exit(&clean, 0, "checking the base fixture");
    assert!(!stdout(&clean).contains("world maps"), "{}", stdout(&clean));

    // The US Minor Outlying Islands are scattered over the Pacific: the map has no place for them.
    let canada = std::fs::read_to_string(root.join("content/countries/canada.yaml")).unwrap();
    std::fs::write(root.join("content/countries/us-outlying-islands.yaml"), canada.replace("code: CA", "code: UM"))
        .unwrap();
    let locale = root.join("locales/en-US.yaml");
    let names = std::fs::read_to_string(&locale).unwrap();
    std::fs::write(&locale, names.replace("countries:\n", "countries:\n  UM: U.S. Outlying Islands\n")).unwrap();

    let human = check("human");
    assert_exit(&human, 0, "a country that is not on the map is no error");
    let out = stdout(&human);
    assert!(
        out.contains("Not on the world maps (no outline or dot for the code):\n  UM (content/countries/us-outlying-islands.yaml:1:7)\n"),
        "{out}"
    );
    let json = check("json");
    assert_exit(&json, 0, "check --format json");
    let items: Vec<Value> = serde_json::from_slice(&json.stdout).unwrap();
    let info: Vec<&Value> =
        items.iter().filter(|i| i["file"] == "content/countries/us-outlying-islands.yaml").collect();
    assert_eq!(info.len(), 1, "{items:?}");
    assert_eq!(info[0]["severity"], "info");
    assert_eq!((info[0]["line"].as_u64(), info[0]["column"].as_u64()), (Some(1), Some(7)));
    assert!(info[0]["message"].as_str().unwrap().contains("`UM` is not on the world maps"), "{:?}", info[0]);
}

#[test]
fn a_page_named_maps_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixtures().join("base"), &root);
    std::fs::write(root.join("content/pages/maps.en-US.md"), "---\ntitle: Maps\n---\n\nText.\n").unwrap();
    let (o, problems) = common::check_json(&root);
    assert_exit(&o, 1, "a page where the maps go");
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.contains(&"a page named `maps` would replace the world maps"), "{messages:?}");
}
