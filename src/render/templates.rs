//! The Tera templates and static files: built-in defaults, overridden by the site's own.
//!
//! The defaults are the files in this repository's `templates/` and `static/`, compiled
//! into the binary, so a site root with only `content/` and `locales/` builds as is.
//! A site's `templates/<name>.html` replaces the default of the same name; its
//! `static/` files are copied over the defaults.

use std::path::Path;

use tera::Tera;

use crate::diagnostic::Diagnostic;
use crate::load::{read_source, relative};

pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("selector.html", include_str!("../../templates/selector.html")),
    ("country.html", include_str!("../../templates/country.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("chooser.html", include_str!("../../templates/chooser.html")),
    ("404.html", include_str!("../../templates/404.html")),
];

pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("availgen.js", include_bytes!("../../static/availgen.js")),
];

/// Compiles every template once; the result is shared by all rendering threads.
pub fn load(root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let mut sources: Vec<(String, String, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| ((*name).to_owned(), format!("templates/{name}"), (*text).to_owned()))
        .collect();
    let mut problems = Vec::new();
    let dir = root.join("templates");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if !entry.file_type().is_file() || !entry.file_name().to_string_lossy().ends_with(".html") {
                continue;
            }
            match read_source(root, entry.path()) {
                Ok(source) => {
                    let name = relative(&dir, entry.path());
                    sources.retain(|(n, _, _)| *n != name);
                    sources.push((name, source.rel_path, source.text));
                }
                Err(d) => problems.push(d),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(super::escape_html);
    let templates: Vec<(&str, &str)> = sources.iter().map(|(name, _, text)| (name.as_str(), text.as_str())).collect();
    tera.add_raw_templates(templates).map_err(|e| {
        let file = sources
            .iter()
            .find(|(name, _, _)| e.to_string().contains(&format!("'{name}'")))
            .map_or("templates", |(_, rel, _)| rel.as_str());
        vec![Diagnostic::error(file, format!("template error: {}", error_chain(&e)))]
    })?;
    Ok(tera)
}

/// Tera nests the useful message inside its errors' sources.
pub fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The static files to write at the output root: defaults, then the site's `static/`.
pub fn static_files(root: &Path) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let mut files: Vec<(String, Vec<u8>)> = DEFAULT_STATIC.iter().map(|(n, b)| ((*n).to_owned(), b.to_vec())).collect();
    let dir = root.join("static");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = relative(&dir, entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| {
                vec![Diagnostic::error(relative(root, entry.path()), format!("cannot read static file: {e}"))]
            })?;
            files.retain(|(n, _)| *n != name);
            files.push((name, bytes));
        }
    }
    Ok(files)
}
