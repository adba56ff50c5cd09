//! End to end: the comparison matrix (`<locale>/compare/index.html`) of the bundled site,
//! built once with the real binary, read back with an HTML parser and held against the
//! files it came from.
//!
//! The test reads `content/schema.yaml`, the country files and the locale files itself,
//! as plain YAML values, and works out each cell from them: a matrix that drops a country
//! or a section, shows the wrong answer or the wrong language, or links nowhere fails.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use common::{assert_exit, availgen, manifest_dir, resolve};

const SOURCE: &str = "en-US";

/// A column of the matrix as the schema file defines it.
struct Column {
    key: String,
    /// The `ui:` key of the section's title.
    title: String,
    /// The yes/no fact meaning "can be bought here"; `None` for an optional section
    /// without one, which is offered wherever the country file has it.
    available: Option<String>,
    /// The country file writes the section as the value of its one fact.
    inline: bool,
}

impl Column {
    /// The anchor and prose page name of the section: its key with hyphens.
    fn id(&self) -> String {
        self.key.replace('_', "-")
    }

    fn offered_by(&self, country: &Value) -> bool {
        match (&country[&self.key], &self.available) {
            (Value::Null, _) => false,
            (value, Some(_)) if self.inline => value == &Value::Bool(true),
            (value, Some(fact)) => value[fact] == Value::Bool(true),
            (_, None) => true,
        }
    }
}

struct Locale {
    tag: String,
    dir: String,
    file: Value,
}

struct Input {
    columns: Vec<Column>,
    /// By ISO code: the slug and the country file's content.
    countries: BTreeMap<String, (String, Value)>,
    /// en-US first.
    locales: Vec<Locale>,
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("test cannot parse {}: {e}", path.display()))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

fn load_input(root: &Path) -> Input {
    let schema = yaml(&root.join("content/schema.yaml"));
    // The sections a country offers or not: those with an `available` fact, or optional.
    let columns = schema["sections"]
        .as_array()
        .expect("schema without sections")
        .iter()
        .filter(|s| s.get("available").is_some() || s["optional"] == Value::Bool(true))
        .map(|s| Column {
            key: s["key"].as_str().unwrap().to_owned(),
            title: s["title"].as_str().unwrap().to_owned(),
            available: s["available"].as_str().map(str::to_owned),
            inline: s["inline"] == Value::Bool(true),
        })
        .collect();
    let countries = files_in(&root.join("content/countries"))
        .iter()
        .map(|p| {
            let data = yaml(p);
            let slug = p.file_stem().unwrap().to_string_lossy().into_owned();
            (data["code"].as_str().unwrap().to_owned(), (slug, data))
        })
        .collect();
    let mut locales: Vec<Locale> = files_in(&root.join("locales"))
        .iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with("glossary.") && !name.contains(".lock.")
        })
        .map(|p| {
            let tag = p.file_stem().unwrap().to_string_lossy().into_owned();
            Locale { dir: tag.to_lowercase(), tag, file: yaml(p) }
        })
        .collect();
    locales.sort_by_key(|l| l.tag != SOURCE);
    assert_eq!(locales[0].tag, SOURCE);
    Input { columns, countries, locales }
}

struct Built {
    input: Input,
    out: PathBuf,
}

fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compare").join("public");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let o = availgen([
            "build".as_ref(),
            "--root".as_ref(),
            manifest_dir().as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert_exit(&o, 0, "build of the bundled site");
        Built { input: load_input(manifest_dir()), out }
    })
}

impl Built {
    fn html(&self, rel: &str) -> Html {
        let text = std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"));
        Html::parse_document(&text)
    }

    fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).is_file()
    }
}

impl Locale {
    /// A string of the locale, falling back to en-US as the product does.
    fn string(&self, en: &Locale, section: &str, key: &str) -> String {
        let own = self.file[section][key].as_str();
        own.or(en.file[section][key].as_str())
            .unwrap_or_else(|| panic!("no {section}.{key} in {}", self.tag))
            .to_owned()
    }

    fn matrix(&self) -> String {
        format!("{}/compare/index.html", self.dir)
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

/// Text content with whitespace collapsed.
fn text(e: ElementRef) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn attr<'a>(e: ElementRef<'a>, name: &str) -> &'a str {
    e.value().attr(name).unwrap_or_default()
}

/// Collects problems so one run reports all of them.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, what: impl std::fmt::Display, got: T, want: T) {
        if got != want {
            self.0.push(format!("{what}:\n    got  {got:?}\n    want {want:?}"));
        }
    }

    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }

    fn assert_none(self) {
        let shown: Vec<&str> = self.0.iter().take(40).map(String::as_str).collect();
        assert!(self.0.is_empty(), "{} problem(s):\n{}", self.0.len(), shown.join("\n"));
    }
}

#[test]
fn the_matrix_has_every_country_and_section_with_the_datas_answers_in_every_locale() {
    let b = site();
    let en = &b.input.locales[0];
    let mut p = Problems::default();
    let mut cells = 0;
    for locale in &b.input.locales {
        let page = locale.matrix();
        let doc = b.html(&page);
        let ui = |key: &str| locale.string(en, "ui", key);

        p.eq(format!("{page}: h1"), doc.select(&sel("h1")).map(text).collect(), vec![ui("compare_title")]);
        p.eq(format!("{page}: caption"), doc.select(&sel("caption")).map(text).collect(), vec![ui("compare_caption")]);

        // The header row: the country column, then one per section, in schema order.
        let headers: Vec<ElementRef> = doc.select(&sel("thead th[scope=col]")).collect();
        let mut want_headers = vec![("name".to_owned(), ui("country"))];
        want_headers.extend(b.input.columns.iter().map(|c| (c.key.clone(), ui(&c.title))));
        let got_headers: Vec<(String, String)> =
            headers.iter().map(|th| (attr(*th, "data-column").to_owned(), text(*th))).collect();
        p.eq(format!("{page}: header row"), got_headers, want_headers);
        for (th, column) in headers.iter().skip(1).zip(&b.input.columns) {
            // Linked to the prose page of the section where the site has one.
            let has_page = manifest_dir().join(format!("content/pages/{}.{SOURCE}.md", column.id())).is_file();
            let target = th.select(&sel("a")).next().and_then(|a| resolve(&page, attr(a, "href")));
            let want = has_page.then(|| format!("{}/{}/index.html", locale.dir, column.id()));
            p.eq(format!("{page}: link of the {} header", column.key), target.clone(), want);
            p.check(target.is_none_or(|t| b.exists(&t)), || format!("{page}: the {} header links nowhere", column.key));
        }

        // The rows: the selector's order, every country once, each cell as the data says.
        let index = b.html(&format!("{}/index.html", locale.dir));
        let selector_codes: Vec<String> = index.select(&sel("#country-list li .code")).map(text).collect();
        let rows: Vec<ElementRef> = doc.select(&sel("tbody tr")).collect();
        let codes: Vec<String> = rows.iter().filter_map(|tr| tr.select(&sel("th .code")).next()).map(text).collect();
        p.eq(format!("{page}: rows, by code"), &codes, &selector_codes);
        p.eq(
            format!("{page}: the set of countries"),
            codes.iter().cloned().collect::<BTreeSet<_>>(),
            b.input.countries.keys().cloned().collect(),
        );
        for (tr, code) in rows.iter().zip(&codes) {
            let Some((slug, data)) = b.input.countries.get(code) else { continue };
            let name = locale.string(en, "countries", code);
            let link = tr.select(&sel("th[scope=row] a")).next();
            p.eq(
                format!("{page} {code}: name"),
                link.map(text),
                Some(name.split_whitespace().collect::<Vec<_>>().join(" ")),
            );
            let target = link.and_then(|a| resolve(&page, attr(a, "href")));
            p.eq(
                format!("{page} {code}: link"),
                target,
                Some(format!("{}/availability-in-{slug}/index.html", locale.dir)),
            );
            let search = attr(*tr, "data-search");
            for needle in [name.to_lowercase(), en.string(en, "countries", code).to_lowercase(), code.to_lowercase()] {
                p.check(search.contains(&needle), || format!("{page} {code}: data-search {search:?} lacks {needle:?}"));
            }

            let offered: Vec<bool> = b.input.columns.iter().map(|c| c.offered_by(data)).collect();
            let got: Vec<(String, String)> =
                tr.select(&sel("td")).map(|td| (attr(td, "class").to_owned(), text(td))).collect();
            let want: Vec<(String, String)> = offered
                .iter()
                .map(|&on| if on { ("yes".into(), ui("available")) } else { ("no".into(), ui("not_available")) })
                .collect();
            p.eq(format!("{page} {code}: cells"), got, want);
            let has: Vec<&str> =
                b.input.columns.iter().zip(&offered).filter(|(_, &on)| on).map(|(c, _)| c.key.as_str()).collect();
            p.eq(format!("{page} {code}: data-has"), attr(*tr, "data-has"), has.join(" ").as_str());
            cells += offered.len();
        }

        // The checkboxes name the same sections as the columns.
        let boxes: Vec<(String, String)> = doc
            .select(&sel("#compare-controls input[type=checkbox][name=has]"))
            .map(|input| {
                let label = input.parent().and_then(ElementRef::wrap).map(text).unwrap_or_default();
                (attr(input, "value").to_owned(), label)
            })
            .collect();
        let want: Vec<(String, String)> = b.input.columns.iter().map(|c| (c.key.clone(), ui(&c.title))).collect();
        p.eq(format!("{page}: checkboxes"), boxes, want);
    }
    p.assert_none();
    let want = b.input.locales.len() * b.input.countries.len() * b.input.columns.len();
    assert_eq!(cells, want, "cells checked");
    assert!(b.input.columns.len() >= 5 && b.input.countries.len() > 100, "the bundled site shrank");
}

#[test]
fn the_matrix_is_a_plain_accessible_table_whose_links_resolve() {
    let b = site();
    let mut p = Problems::default();
    for locale in &b.input.locales {
        let page = locale.matrix();
        let doc = b.html(&page);
        // The scrolling box is reachable by keyboard and named by the caption.
        let boxes: Vec<ElementRef> = doc.select(&sel(".matrix-scroll")).collect();
        p.eq(format!("{page}: scroll boxes"), boxes.len(), 1);
        if let Some(scroll) = boxes.first() {
            p.eq(format!("{page}: tabindex"), attr(*scroll, "tabindex"), "0");
            p.eq(format!("{page}: role"), attr(*scroll, "role"), "region");
            let label = attr(*scroll, "aria-labelledby");
            p.eq(format!("{page}: the box's label"), doc.select(&sel(&format!("caption#{label}"))).count(), 1);
        }
        // Without the script, the controls are hidden: the page is the table alone.
        let controls = doc.select(&sel("#compare-controls")).next();
        p.check(controls.is_some_and(|f| f.value().attr("hidden").is_some()), || {
            format!("{page}: controls not hidden")
        });
        let rows = doc.select(&sel("tbody tr")).count();
        p.eq(format!("{page}: row headers"), doc.select(&sel("tbody tr > th[scope=row]:first-child")).count(), rows);
        let mut ids = BTreeSet::new();
        for e in doc.select(&sel("[id]")) {
            p.check(ids.insert(attr(e, "id")), || format!("{page}: id {} twice", attr(e, "id")));
        }
        for e in doc.select(&sel("[href], [src]")) {
            let href = e.value().attr("href").or(e.value().attr("src")).unwrap_or_default();
            let Some(file) = resolve(&page, href) else { continue };
            p.check(b.exists(&file), || format!("{page}: {href} leads to no file ({file})"));
        }
    }
    p.assert_none();
}

#[test]
fn every_page_links_to_the_matrix_from_its_navigation_and_the_index_too() {
    let b = site();
    let mut p = Problems::default();
    for locale in &b.input.locales {
        let matrix = locale.matrix();
        let title = locale.string(&b.input.locales[0], "ui", "compare_title");
        let mut pages = 0;
        for entry in walk(&b.out.join(&locale.dir)) {
            let page = format!("{}/{}", locale.dir, entry);
            let doc = b.html(&page);
            let links: Vec<ElementRef> = doc
                .select(&sel("nav.site-nav a"))
                .filter(|a| resolve(&page, attr(*a, "href")).as_deref() == Some(matrix.as_str()))
                .collect();
            p.eq(
                format!("{page}: navigation links to the matrix"),
                links.iter().map(|a| text(*a)).collect(),
                vec![title.clone()],
            );
            let current = links.first().and_then(|a| a.value().attr("aria-current"));
            p.eq(format!("{page}: aria-current on the matrix link"), current, (page == matrix).then_some("page"));
            pages += 1;
        }
        p.check(pages > b.input.countries.len(), || format!("{}: only {pages} pages", locale.dir));
        let index = format!("{}/index.html", locale.dir);
        let from_selector: Vec<Option<String>> =
            b.html(&index).select(&sel("main .compare-link a")).map(|a| resolve(&index, attr(a, "href"))).collect();
        p.eq(format!("{index}: the link to the matrix above the selector"), from_selector, vec![Some(matrix.clone())]);
    }
    p.assert_none();
}

/// The HTML files under `dir`, as paths relative to it.
fn walk(dir: &Path) -> Vec<String> {
    common::snapshot(dir).into_keys().filter(|p| p.ends_with(".html")).collect()
}
