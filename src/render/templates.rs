//! The Tera templates and static files: built-in defaults, overridden by the site's own.
//!
//! The defaults are the files in this repository's `templates/` and `static/`, compiled
//! into the binary, so a site root with only `content/` and `locales/` builds as is.
//! A site's `templates/<name>.html` replaces the default of the same name; its
//! `static/` files are copied over the defaults.

use std::collections::HashSet;
use std::path::Path;

use tera::Tera;

use crate::diagnostic::Diagnostic;
use crate::load::{read_source, relative};

pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("selector.html", include_str!("../../templates/selector.html")),
    ("country.html", include_str!("../../templates/country.html")),
    ("fact_row.html", include_str!("../../templates/fact_row.html")),
    ("compare.html", include_str!("../../templates/compare.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("maps.html", include_str!("../../templates/maps.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    ("chooser.html", include_str!("../../templates/chooser.html")),
    ("404.html", include_str!("../../templates/404.html")),
];

pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("availgen.js", include_bytes!("../../static/availgen.js")),
];

/// One template's text, by the name templates use for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    /// `country.html`, relative to `templates/`.
    pub name: String,
    /// Where the text came from, for messages: `templates/country.html`.
    pub rel_path: String,
    pub text: String,
}

/// Every template a site renders with: the built-in defaults, overridden by the site's own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sources {
    pub templates: Vec<TemplateSource>,
}

impl Sources {
    fn text(&self, name: &str) -> Option<&str> {
        self.templates.iter().find(|t| t.name == name).map(|t| t.text.as_str())
    }

    /// `d` with the line of the template it points to shown under it: Tera reports an
    /// error found while rendering a page with its place but not the template's text.
    pub fn show_line(&self, d: Diagnostic) -> Diagnostic {
        let text = d.file.strip_prefix("templates/").and_then(|name| self.text(name));
        match text {
            Some(text) if d.line > 0 && d.source_line.is_none() => {
                let (line, column, width) = (d.line, d.column, d.width);
                d.at(text, line, column, width)
            }
            _ => d,
        }
    }

    /// Names of the templates added, removed or changed from `self` to `other`.
    pub fn changed(&self, other: &Sources) -> HashSet<String> {
        let mut names: HashSet<String> = HashSet::new();
        for t in self.templates.iter().chain(&other.templates) {
            if self.text(&t.name) != other.text(&t.name) {
                names.insert(t.name.clone());
            }
        }
        names
    }

    /// `name` and every template it may use, transitively. A template is taken to use
    /// every other template whose name its text mentions in quotes, which covers
    /// `extends`, `include` and `import` and may find more than Tera would.
    pub fn uses(&self, name: &str) -> HashSet<String> {
        let mut found: HashSet<String> = HashSet::from([name.to_owned()]);
        let mut todo = vec![name.to_owned()];
        while let Some(current) = todo.pop() {
            let Some(text) = self.text(&current) else {
                continue;
            };
            for t in &self.templates {
                let quoted = text.contains(&format!("\"{}\"", t.name)) || text.contains(&format!("'{}'", t.name));
                if quoted && found.insert(t.name.clone()) {
                    todo.push(t.name.clone());
                }
            }
        }
        found
    }
}

/// Reads the site's templates over the built-in defaults.
pub fn read_sources(root: &Path) -> Result<Sources, Vec<Diagnostic>> {
    let mut templates: Vec<TemplateSource> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| TemplateSource {
            name: (*name).to_owned(),
            rel_path: format!("templates/{name}"),
            text: (*text).to_owned(),
        })
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
                    templates.retain(|t| t.name != name);
                    templates.push(TemplateSource { name, rel_path: source.rel_path, text: source.text });
                }
                Err(d) => problems.push(d),
            }
        }
    }
    if problems.is_empty() {
        Ok(Sources { templates })
    } else {
        Err(problems)
    }
}

/// Compiles every template once; the result is shared by all rendering threads.
pub fn compile(sources: &Sources) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(super::escape_to);
    super::filters::register(&mut tera);
    let templates: Vec<(&str, &str)> = sources.templates.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    tera.add_raw_templates(templates).map_err(|e| vec![diagnostic(&e, None, Some(sources))])?;
    Ok(tera)
}

/// A Tera error as a diagnostic, at the template, line and column Tera points to, with
/// the line itself when `sources` has the template. `page`, when rendering one, is
/// named in the hint.
pub fn diagnostic(e: &tera::Error, page: Option<&str>, sources: Option<&Sources>) -> Diagnostic {
    let hint = |d: Diagnostic| match page {
        Some(page) => d.with_hint(format!("while rendering {page}")),
        None => d,
    };
    let (name, message, line, column, width) = match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let width = if span.end_line == span.start_line { span.end_col.saturating_sub(span.start_col) } else { 1 };
            (report.filename(), report.message().to_owned(), span.start_line, span.start_col + 1, width)
        }
        // Some errors (an unknown filter) come as a message with Tera's report in it.
        tera::ErrorKind::Msg(text) => match reported_place(text) {
            Some((name, line, column)) => {
                let first = text.lines().next().unwrap_or_default();
                (name, first.trim_start_matches("error: ").to_owned(), line, column, 1)
            }
            None => ("", error_chain(e), 0, 0, 1),
        },
        tera::ErrorKind::MissingParent { current, .. } => (current.as_str(), error_chain(e), 0, 0, 1),
        tera::ErrorKind::CircularExtend { tpl, .. } | tera::ErrorKind::CircularInclude { tpl, .. } => {
            (tpl.as_str(), error_chain(e), 0, 0, 1)
        }
        _ => ("", error_chain(e), 0, 0, 1),
    };
    let file = if name.is_empty() { "templates".to_owned() } else { format!("templates/{name}") };
    let d = hint(Diagnostic { line, column, width, ..Diagnostic::error(file, format!("template error: {message}")) });
    match sources {
        Some(sources) => sources.show_line(d),
        None => d,
    }
}

/// `(template, line, column)` from the ` --> name:line:col` line of a Tera report.
fn reported_place(text: &str) -> Option<(&str, usize, usize)> {
    let place = text.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, column))
}

/// Reads and compiles the site's templates.
pub fn load(root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    compile(&read_sources(root)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(list: &[(&str, &str)]) -> Sources {
        Sources {
            templates: list
                .iter()
                .map(|(name, text)| TemplateSource {
                    name: (*name).into(),
                    rel_path: format!("templates/{name}"),
                    text: (*text).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn uses_follows_extends_and_includes() {
        let s = sources(&[
            ("base.html", "<html>{% block main %}{% endblock %}</html>"),
            ("country.html", "{% extends \"base.html\" %}{% include 'facts.html' %}"),
            ("facts.html", "facts"),
            ("page.html", "{% extends \"base.html\" %}"),
        ]);
        let mut used: Vec<String> = s.uses("country.html").into_iter().collect();
        used.sort();
        assert_eq!(used, ["base.html", "country.html", "facts.html"]);
        assert!(!s.uses("page.html").contains("facts.html"));
    }

    #[test]
    fn changed_names_added_removed_and_edited() {
        let a = sources(&[("a.html", "1"), ("b.html", "2")]);
        let b = sources(&[("a.html", "1"), ("b.html", "3"), ("c.html", "4")]);
        let mut changed: Vec<String> = a.changed(&b).into_iter().collect();
        changed.sort();
        assert_eq!(changed, ["b.html", "c.html"]);
        assert!(b.changed(&b).is_empty());
    }
}
