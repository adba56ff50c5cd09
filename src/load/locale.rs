//! `locales/<tag>.yaml`: every human-readable string of one language.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{yaml, SourceFile};
use crate::diagnostic::Diagnostic;

/// Strings keyed by id, in file order, each with the place it was written.
pub type Strings = IndexMap<String, Spanned<String>>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleData {
    pub meta: Meta,
    #[serde(default)]
    pub ui: Strings,
    #[serde(default)]
    pub countries: Strings,
    #[serde(default)]
    pub cities: Strings,
    #[serde(default)]
    pub notes: Strings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The language's name in itself, shown in language switchers.
    pub name: String,
    #[serde(default)]
    pub translation: Translation,
    #[serde(default)]
    pub direction: Option<Direction>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Translation {
    #[default]
    Human,
    Machine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

#[derive(Debug, Clone)]
pub struct LocaleFile {
    /// The tag as written in the file name, e.g. `zh-TW`.
    pub tag: String,
    pub rel_path: String,
    pub data: LocaleData,
    pub text: String,
}

/// Files in `locales/` that are not locales: the glossary and translation lock files.
pub fn is_auxiliary(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.starts_with("glossary.") || name.contains(".lock.")
}

pub fn parse(source: &SourceFile) -> Result<LocaleFile, Vec<Diagnostic>> {
    let tag = super::stem(&source.rel_path).to_owned();
    let data: LocaleData = yaml::parse(source, &source.text, 1).map_err(|d| vec![d])?;
    Ok(LocaleFile { tag, rel_path: source.rel_path.clone(), data, text: source.text.clone() })
}

/// Line and column of `key` as written on the line where its value starts.
pub fn key_position(text: &str, value: &Spanned<String>, key: &str) -> (usize, usize) {
    let line = value.referenced.line() as usize;
    let column = text
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.find(key).map(|byte| l[..byte].chars().count() + 1))
        .unwrap_or(value.referenced.column() as usize);
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_strings_with_positions() {
        let text = "meta: {name: English}\nui:\n  yes: Yes\n  no: 'No'\ncountries:\n  'NO': Norway\n";
        let source = SourceFile { rel_path: "locales/en-US.yaml".into(), text: text.into() };
        let l = parse(&source).unwrap();
        assert_eq!(l.tag, "en-US");
        assert_eq!(l.data.ui["yes"].value, "Yes");
        assert_eq!(l.data.ui["no"].value, "No");
        assert_eq!(l.data.countries["NO"].value, "Norway");
        assert_eq!(key_position(text, &l.data.ui["no"], "no"), (4, 3));
        assert_eq!(l.data.meta.translation, Translation::Human);
    }

    #[test]
    fn unknown_section_is_an_error() {
        let source = SourceFile { rel_path: "locales/en-US.yaml".into(), text: "meta: {name: x}\nuis: {}\n".into() };
        let d = &parse(&source).unwrap_err()[0];
        assert_eq!((d.line, d.hint.as_deref()), (2, Some("did you mean `ui`?")));
    }
}
