//! Shared by the fuzz targets: a small valid site (tests/fixtures/base), loaded once,
//! into which each input is put before the whole pipeline runs on it in memory
//! (validate, model, render, export; everything but writing to disk).
//!
//! Besides "no panic", two properties of the output are checked on every run:
//! the only scripts in any page are the site's own (`availgen.js`, `countries.js`), and no output file
//! holds a control character (availgen rejects those in its input).

use std::path::Path;
use std::sync::OnceLock;

use availgen::diagnostic::Diagnostic;
use availgen::load::{self, Loaded, SourceFile};
use availgen::render::{OutputFile, RenderOptions, Renderer};
use availgen::validate::Rules;
use availgen::{export, model, render, validate};

pub struct Base {
    pub loaded: Loaded,
    pub tera: tera::Tera,
}

pub fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/base");
        let loaded = load::load_site(&root).expect("cannot load tests/fixtures/base");
        assert!(loaded.diagnostics.is_empty(), "tests/fixtures/base has problems: {:?}", loaded.diagnostics);
        let tera = render::templates::load(&root).expect("default templates");
        Base { loaded, tera }
    })
}

/// A copy of the base site's loaded files.
pub fn base_loaded() -> Loaded {
    let b = &base().loaded;
    Loaded {
        countries: b.countries.clone(),
        schema: b.schema.clone(),
        locales: b.locales.clone(),
        pages: b.pages.clone(),
        outbound: b.outbound.clone(),
        glossary: b.glossary.clone(),
        ..Loaded::default()
    }
}

/// The input as the loader would read it from `rel_path`: UTF-8, BOM, control characters.
pub fn source(rel_path: &str, data: &[u8]) -> Option<SourceFile> {
    match load::source_from_bytes(rel_path.to_owned(), data.to_vec()) {
        Ok(s) => Some(s),
        Err(d) => {
            render_all(&[d]);
            None
        }
    }
}

/// Renders diagnostics as `main` prints them (annotate-snippets must not panic on any position).
pub fn render_all(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let text = d.render(false);
        assert!(!text.is_empty());
    }
}

/// Validates, models, renders and exports `loaded`, as `availgen build` does.
pub fn run_pipeline(loaded: Loaded) {
    let problems = validate::validate(&loaded, Rules::default());
    render_all(&problems);
    if problems.iter().any(Diagnostic::is_error) {
        return;
    }
    let site = model::build(loaded, None);
    let options = RenderOptions { base_url: "/".into() };
    let renderer = match Renderer::new(&site, &base().tera, &options) {
        Ok(r) => r,
        Err(problems) => return render_all(&problems),
    };
    match renderer.site_files() {
        Ok(files) => check_pages(&files),
        Err(problems) => return render_all(&problems),
    }
    check_pages(&export::site_files(&site, &options));
    for li in 0..site.locales.len() {
        for files in [renderer.locale_files(li), export::locale_files(&site, li, &options)] {
            match files {
                Ok(files) => check_pages(&files),
                Err(problems) => render_all(&problems),
            }
        }
    }
}

fn check_pages(files: &[OutputFile]) {
    for f in files {
        if f.path.ends_with(".xlsx") {
            continue;
        }
        let text = std::str::from_utf8(&f.bytes).unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", f.path));
        if let Some(c) = text.chars().find(|&c| load::is_forbidden_control(c)) {
            panic!("{} holds the control character U+{:04X}", f.path, c as u32);
        }
        if f.path.ends_with(".html") {
            for (i, _) in text.match_indices("<script") {
                let tag = &text[i..];
                let src = tag.strip_prefix("<script src=\"").and_then(|s| s.split_once('"'));
                let own = src.is_some_and(|(src, rest)| {
                    matches!(src.trim_start_matches("../"), "availgen.js" | "countries.js")
                        && rest.starts_with(" defer></script>")
                });
                let shown: String = tag.chars().take(80).collect();
                assert!(own, "{}: a script that is not the site's own: {shown}", f.path);
            }
        }
    }
}
