//! Problems found in the content, with the place they come from.
//!
//! Every stage reports content problems as [`Diagnostic`]s; only `main` prints them.
//! A diagnostic carries the offending source line itself, so it can be rendered
//! (rustc-style, with annotate-snippets) long after the file was dropped.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How a command prints its problems and report (`--format`): for people, or as JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The text of `line`, shown under the message.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters from `column` the underline covers.
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            width: 1,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, message) }
    }

    /// Points the diagnostic at `line:column` of `source`, underlining `width` characters.
    pub fn at(mut self, source: &str, line: usize, column: usize, width: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.width = width.max(1);
        self.source_line = source.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        self
    }

    /// Points the diagnostic at the bytes `span` of `source`, underlining them up to the
    /// end of their first line.
    pub fn at_span(self, source: &str, span: std::ops::Range<usize>) -> Self {
        let (line, column) = line_column(source, span.start);
        let start = span.start.min(source.len());
        let rest = source.get(start..span.end.clamp(start, source.len())).unwrap_or_default();
        let width = rest.lines().next().unwrap_or_default().chars().count();
        self.at(source, line, column, width)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders like rustc: message, `--> file:line:col`, the line, an underline, the hint.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let hint_group = self.hint.as_deref().map(|h| Group::with_title(Level::HELP.secondary_title(h)));
        let title = level.primary_title(&self.message);
        let main = match (&self.source_line, self.line) {
            (Some(text), line) if line > 0 => {
                let span = char_span(text, self.column, self.width);
                title.element(
                    Snippet::source(text.as_str())
                        .line_start(line)
                        .path(self.file.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            (None, line) if line > 0 => {
                title.element(annotate_snippets::Origin::path(self.file.as_str()).line(line).char_column(self.column))
            }
            _ => title.element(annotate_snippets::Origin::path(self.file.as_str())),
        };
        let mut report = vec![main];
        report.extend(hint_group);
        renderer.render(&report)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// Byte range of `width` characters starting at the 1-based character `column`.
fn char_span(text: &str, column: usize, width: usize) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
    let start = byte_at(column.saturating_sub(1));
    let end = byte_at(column.saturating_sub(1) + width).max(start);
    start..end
}

/// Keeps the first of diagnostics that differ only in their hint and says in its hint
/// how many more there were: a broken template fails every page it renders, and one
/// report of it is enough.
pub fn merge_repeats(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut kept: Vec<(Diagnostic, usize)> = Vec::new();
    let mut index: std::collections::HashMap<(Severity, String, usize, usize, String), usize> = Default::default();
    for d in diagnostics {
        let key = (d.severity, d.file.clone(), d.line, d.column, d.message.clone());
        match index.get(&key) {
            Some(&i) => kept[i].1 += 1,
            None => {
                index.insert(key, kept.len());
                kept.push((d, 0));
            }
        }
    }
    kept.into_iter()
        .map(|(d, more)| match (more, d.hint.clone()) {
            (0, _) => d,
            (n, Some(h)) => d.with_hint(format!("{h} (and {n} more)")),
            (n, None) => d.with_hint(format!("{n} more like it")),
        })
        .collect()
}

/// Suggests the closest of `candidates` to `word`, for "did you mean" hints.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate `word` is most probably a misspelling of, if any is close.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Sorts diagnostics by file, then position, so output is stable across parallel loads.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_source_and_hint() {
        let d = Diagnostic::error("content/countries/x.yaml", "unknown field `tol_free`")
            .at("a: 1\n  tol_free: true\n", 2, 3, 8)
            .with_hint("did you mean `toll_free`?");
        let text = d.render(false);
        assert!(text.contains("error: unknown field `tol_free`"), "{text}");
        assert!(text.contains("content/countries/x.yaml:2:3"), "{text}");
        assert!(text.contains("  tol_free: true"), "{text}");
        assert!(text.contains("^^^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `toll_free`?"), "{text}");
    }

    #[test]
    fn repeats_are_reported_once_with_a_count() {
        let at = |page: &str| Diagnostic::error("templates/a.html", "boom").with_hint(format!("in {page}"));
        let merged = merge_repeats(vec![at("x"), Diagnostic::error("templates/b.html", "boom"), at("y"), at("z")]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].hint.as_deref(), Some("in x (and 2 more)"));
        assert_eq!(merged[1].hint, None);
        let text = Diagnostic { line: 3, column: 7, ..at("x") }.render(false);
        assert!(text.contains("templates/a.html:3:7"), "{text}");
    }

    #[test]
    fn underline_counts_characters_not_bytes() {
        assert_eq!(char_span("名字: 阿根廷", 5, 3), 8..17);
        assert_eq!(char_span("abc", 10, 2), 3..3);
    }

    #[test]
    fn suggests_only_close_words() {
        assert_eq!(
            did_you_mean("tol_free", ["toll", "toll_free", "cities"]).as_deref(),
            Some("did you mean `toll_free`?")
        );
        assert_eq!(did_you_mean("zzz", ["toll", "cities"]), None);
    }
}
