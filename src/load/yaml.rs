//! YAML parsing shared by the loaders: one set of safe options, errors as diagnostics.

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Options};

use super::SourceFile;
use crate::diagnostic::{did_you_mean, Diagnostic};

/// Deepest nesting accepted in any YAML file; the content format needs 4.
pub const MAX_DEPTH: usize = 32;
/// Most aliases accepted in one file (the content format needs none).
pub const MAX_ALIASES: usize = 100;

fn options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
        },
        // `yes`/`on` stay strings: only true/false are booleans, as in YAML 1.2.
        strict_booleans: true,
        with_snippet: false,
    }
}

/// Parses `text` (a whole file, or a part of it starting at `first_line`) as `T`.
pub fn parse<T: DeserializeOwned>(source: &SourceFile, text: &str, first_line: usize) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| to_diagnostic(source, &e, first_line))
}

/// A diagnostic pointing at a location that serde-saphyr reported.
pub fn at_location(
    source: &SourceFile,
    location: &Location,
    first_line: usize,
    message: String,
    width: usize,
) -> Diagnostic {
    let d = Diagnostic::error(&source.rel_path, message);
    if location.line() == 0 {
        return d;
    }
    let line = location.line() as usize + first_line - 1;
    d.at(&source.text, line, location.column() as usize, width)
}

fn to_diagnostic(source: &SourceFile, error: &serde_saphyr::Error, first_line: usize) -> Diagnostic {
    let message = clean_message(&error.to_string());
    let (width, hint) = match backticked(&message, "unknown field `") {
        Some(field) => {
            let expected = message.split("expected one of ").nth(1).unwrap_or_default();
            let candidates: Vec<&str> = expected.split(',').map(|c| c.trim().trim_matches('`')).collect();
            (field.chars().count(), did_you_mean(field, candidates.iter().copied()))
        }
        None => (1, None),
    };
    let mut d = match error.location() {
        Some(location) => at_location(source, &location, first_line, message, width),
        None => Diagnostic::error(&source.rel_path, message),
    };
    if let Some(hint) = hint.or_else(|| general_hint(&d.message)) {
        d = d.with_hint(hint);
    }
    d
}

/// The first `...` quoted word after `prefix` in `message`.
fn backticked<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    rest.split('`').next()
}

/// serde-saphyr appends " at line L column C"; the diagnostic shows that itself.
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    let trimmed = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    trimmed.trim().to_owned()
}

fn general_hint(message: &str) -> Option<String> {
    let m = message.to_lowercase();
    if m.contains("duplicate") {
        Some("each key may appear only once in a mapping; remove or rename one of them".into())
    } else if m.contains("tab") {
        Some("YAML indentation must use spaces, not tabs".into())
    } else if m.contains("budget") || m.contains("alias") || m.contains("depth") {
        Some(format!("availgen accepts at most {MAX_ALIASES} aliases and nesting {MAX_DEPTH} deep in a YAML file"))
    } else {
        None
    }
}
