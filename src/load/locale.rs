//! `locales/<tag>.yaml`: every human-readable string of one language.

use std::borrow::Cow;
use std::path::Path;

use icu_plurals::PluralCategory;
use indexmap::IndexMap;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::yaml::{self, Fields, Node, Placed};
use super::SourceFile;
use crate::diagnostic::{did_you_mean, Diagnostic};

/// A string of a locale file and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<T> {
    pub value: T,
    /// 1-based line and column of its key (past a quote): where diagnostics point.
    pub line: usize,
    pub column: usize,
    /// The line its value starts on: the key's, unless the value has a line of its own.
    pub value_line: usize,
}

/// Strings keyed by id, in file order, each with the place it was written.
pub type Strings = IndexMap<String, Entry<String>>;

/// `ui:` and `notes:` strings, which may have plural forms, like [`Strings`].
pub type Messages = IndexMap<String, Entry<LocaleString>>;

/// A locale file; `M` is how a `ui:` or `notes:` string is held: as [`Written`] while
/// the file is read, as a [`LocaleString`] once its plural forms are checked.
#[derive(Debug, Clone, PartialEq)]
pub struct LocaleData<M = LocaleString> {
    pub meta: Meta,
    pub ui: IndexMap<String, Entry<M>>,
    pub countries: Strings,
    pub cities: Strings,
    pub notes: IndexMap<String, Entry<M>>,
}

/// A locale file as serde-saphyr reads it, for files the tree readers leave to it and
/// for every problem (its messages name the unknown or mistyped field).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Deserialized {
    meta: Meta,
    #[serde(default)]
    ui: IndexMap<String, Spanned<Written>>,
    #[serde(default)]
    countries: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    cities: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    notes: IndexMap<String, Spanned<Written>>,
}

/// A `ui:` or `notes:` string: one text, or one per CLDR plural category, chosen by
/// the number the string shows (`{one: 1 country, other: '{count} countries'}`).
#[derive(Debug, Clone, PartialEq)]
pub enum LocaleString {
    Plain(String),
    Plural(PluralForms),
}

/// The forms of a plural string. `other` is always among them: it is the form of every
/// number that no other category of the language takes.
#[derive(Debug, Clone, PartialEq)]
pub struct PluralForms {
    other: Form,
    /// The forms of the other categories, in the order written.
    more: Vec<Form>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub category: PluralCategory,
    pub text: String,
    /// Where the category is written: 1-based line and column of its key.
    pub line: usize,
    pub column: usize,
}

/// The categories in CLDR's order, which is also the order availgen writes them in.
pub const CATEGORIES: [PluralCategory; 6] = [
    PluralCategory::Zero,
    PluralCategory::One,
    PluralCategory::Two,
    PluralCategory::Few,
    PluralCategory::Many,
    PluralCategory::Other,
];

/// A category's name as locale files, the lock and XLIFF unit names write it.
pub fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

impl PluralForms {
    /// The forms, with `other`; `None` when there is no `other` form.
    pub fn new(forms: Vec<Form>) -> Option<Self> {
        let at = forms.iter().position(|f| f.category == PluralCategory::Other)?;
        let mut more = forms;
        let other = more.remove(at);
        Some(PluralForms { other, more })
    }

    /// Every form, `other` last.
    pub fn iter(&self) -> impl Iterator<Item = &Form> {
        self.more.iter().chain([&self.other])
    }
}

impl LocaleString {
    /// The text for numbers of `category`: its own form, else `other` (a plain
    /// string is the text for every number).
    pub fn form(&self, category: PluralCategory) -> &str {
        match self {
            LocaleString::Plain(text) => text,
            LocaleString::Plural(forms) => {
                forms.more.iter().find(|f| f.category == category).map_or(&forms.other.text, |f| &f.text)
            }
        }
    }

    /// The text shown where no number chooses a form: the `other` form.
    pub fn other(&self) -> &str {
        self.form(PluralCategory::Other)
    }

    /// The categories the string has forms for, in CLDR order; `None` for a plain string.
    pub fn categories(&self) -> Option<Vec<PluralCategory>> {
        match self {
            LocaleString::Plain(_) => None,
            LocaleString::Plural(forms) => {
                Some(CATEGORIES.into_iter().filter(|c| forms.iter().any(|f| f.category == *c)).collect())
            }
        }
    }

    /// The whole string as one text, for the translation lock to hash and show: a plain
    /// string as it is, a plural one as a `category: text` line per form, in CLDR order.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            LocaleString::Plain(text) => Cow::Borrowed(text),
            LocaleString::Plural(_) => {
                let categories = self.categories().unwrap_or_default();
                let lines: Vec<String> =
                    categories.into_iter().map(|c| format!("{}: {}", category_name(c), self.form(c))).collect();
                Cow::Owned(lines.join("\n"))
            }
        }
    }
}

/// A `ui:` or `notes:` value as written: a text, or a mapping whose keys are checked
/// to be plural categories after parsing, where their positions are at hand.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    Text(String),
    Forms(Vec<(Placed<String>, String)>),
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WrittenVisitor;
        impl<'de> Visitor<'de> for WrittenVisitor {
            type Value = Written;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, or a mapping of CLDR plural categories to strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Written, E> {
                Ok(Written::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Written, E> {
                Ok(Written::Text(v))
            }
            // YAML reads `2` or `true` as a number or a boolean; as a string it is its text.
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Written, E> {
                Ok(Written::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Written, E> {
                Ok(Written::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Written, E> {
                Ok(Written::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Written, E> {
                Ok(Written::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
                let mut forms = Vec::new();
                while let Some((name, text)) = map.next_entry::<Spanned<String>, String>()? {
                    forms.push((Placed::from(name), text));
                }
                Ok(Written::Forms(forms))
            }
        }
        deserializer.deserialize_any(WrittenVisitor)
    }
}

/// The strings of a `ui:` or `notes:` section with their plural forms checked: every
/// key a CLDR category, `other` among them.
fn checked(
    source: &SourceFile,
    section: &str,
    written: IndexMap<String, Entry<Written>>,
    problems: &mut Vec<Diagnostic>,
) -> Messages {
    let mut out = Messages::new();
    for (key, value) in written {
        let string = match value.value {
            Written::Text(text) => Some(LocaleString::Plain(text)),
            Written::Forms(written_forms) => {
                let mut forms = Vec::new();
                for (name, text) in written_forms {
                    let (line, column) = (name.line as usize, name.column as usize);
                    match PluralCategory::get_for_cldr_string(&name.value) {
                        Some(category) => forms.push(Form { category, text, line, column }),
                        None => problems.push(
                            Diagnostic::error(
                                &source.rel_path,
                                format!("`{}` is not a CLDR plural category", name.value),
                            )
                            .at(&source.text, line, column, name.value.chars().count())
                            .with_hint(
                                did_you_mean(&name.value, CATEGORIES.map(category_name))
                                    .unwrap_or_else(|| "the categories are zero, one, two, few, many and other".into()),
                            ),
                        ),
                    }
                }
                let plural = PluralForms::new(forms);
                if plural.is_none() {
                    problems.push(
                        Diagnostic::error(&source.rel_path, format!("`{section}.{key}` has no `other` form"))
                            .at(&source.text, value.line, value.column, key.chars().count())
                            .with_hint("add `other:`, the form of every number that no other form takes"),
                    );
                }
                plural.map(LocaleString::Plural)
            }
        };
        if let Some(string) = string {
            out.insert(
                key,
                Entry { value: string, line: value.line, column: value.column, value_line: value.value_line },
            );
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
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
    let written = match from_tree(&source.text) {
        Some(written) => written,
        None => deserialize(source)?,
    };
    let mut problems = Vec::new();
    let data = LocaleData {
        ui: checked(source, "ui", written.ui, &mut problems),
        notes: checked(source, "notes", written.notes, &mut problems),
        meta: written.meta,
        countries: written.countries,
        cities: written.cities,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(LocaleFile { tag, rel_path: source.rel_path.clone(), data, text: source.text.clone() })
}

/// The file as serde-saphyr reads it, with its problems.
fn deserialize(source: &SourceFile) -> Result<LocaleData<Written>, Vec<Diagnostic>> {
    let d: Deserialized = yaml::parse(source, &source.text, 1).map_err(|d| vec![d])?;
    fn placed<T>(text: &str, map: IndexMap<String, Spanned<T>>) -> IndexMap<String, Entry<T>> {
        map.into_iter()
            .map(|(key, v)| {
                let (line, column) = key_position(text, &v.referenced, &key);
                let value_line = v.referenced.line() as usize;
                (key, Entry { value: v.value, line, column, value_line })
            })
            .collect()
    }
    let text = &source.text;
    Ok(LocaleData {
        meta: d.meta,
        ui: placed(text, d.ui),
        countries: placed(text, d.countries),
        cities: placed(text, d.cities),
        notes: placed(text, d.notes),
    })
}

/// The file read from its YAML tree, where it has the shape of a locale file with
/// nothing to report; `None` leaves it to [`deserialize`] (serde-saphyr), whose
/// messages say what is wrong. Reading the tree is a tenth of the work of
/// deserializing, and every site reads its locale files and the built-in strings at
/// each build.
fn from_tree(text: &str) -> Option<LocaleData<Written>> {
    let root = yaml::read_tree(text)?;
    let mut fields = Fields::of(&root)?;
    let [meta, ui, countries, cities, notes] = ["meta", "ui", "countries", "cities", "notes"].map(|k| fields.get(k));
    let mut meta_fields = Fields::of(meta?)?;
    let [name, translation, direction] = ["name", "translation", "direction"].map(|k| meta_fields.get(k));
    if fields.unread().next().is_some() || meta_fields.unread().next().is_some() {
        return None;
    }
    // A field's word: `Some(None)` where it is left out, `None` where it is no string.
    fn word(node: Option<&Placed<Node>>) -> Option<Option<&str>> {
        match node.map(|n| &n.value) {
            None => Some(None),
            Some(Node::Str(s)) => Some(Some(s.as_str())),
            Some(_) => None,
        }
    }
    let meta = Meta {
        name: word(name)??.to_owned(),
        translation: match word(translation)? {
            None | Some("human") => Translation::Human,
            Some("machine") => Translation::Machine,
            Some(_) => return None,
        },
        direction: match word(direction)? {
            None => None,
            Some("ltr") => Some(Direction::Ltr),
            Some("rtl") => Some(Direction::Rtl),
            Some(_) => return None,
        },
    };
    let lines = LineStarts::of(text);
    let message = |node: &Node| match node {
        Node::Str(s) => Some(Written::Text(s.clone())),
        Node::Map(forms) => forms
            .iter()
            .map(|(name, text)| match (&name.value, &text.value) {
                (Node::Str(n), Node::Str(t)) => Some((name.with(n.clone()), t.clone())),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(Written::Forms),
        _ => None,
    };
    let name = |node: &Node| match node {
        Node::Str(s) => Some(s.clone()),
        _ => None,
    };
    Some(LocaleData {
        meta,
        ui: entries(&lines, ui, message)?,
        countries: entries(&lines, countries, name)?,
        cities: entries(&lines, cities, name)?,
        notes: entries(&lines, notes, message)?,
    })
}

/// A section's strings from its tree (none where it is left out), each read by `value`.
fn entries<T>(
    lines: &LineStarts,
    section: Option<&Placed<Node>>,
    value: impl Fn(&Node) -> Option<T>,
) -> Option<IndexMap<String, Entry<T>>> {
    let Some(section) = section else { return Some(IndexMap::new()) };
    let Node::Map(pairs) = &section.value else { return None };
    pairs
        .iter()
        .map(|(k, v)| {
            let Node::Str(key) = &k.value else { return None };
            let (line, column) = lines.past_quote(k.line as usize, k.column as usize);
            Some((key.clone(), Entry { value: value(&v.value)?, line, column, value_line: v.line as usize }))
        })
        .collect()
}

/// For the fuzz target `fuzz_locale`: where the tree readers read a locale file, it
/// means what serde-saphyr reads. Keys' columns are left out: for a flow mapping,
/// [`key_position`] finds a key by its text on the line, the tree knows where it is.
#[cfg(fuzzing)]
pub fn tree_reader_agrees(source: &SourceFile) -> bool {
    let Some(tree) = from_tree(&source.text) else {
        return true;
    };
    let Ok(by_serde) = deserialize(source) else { return false };
    fn unplaced<T>(map: &mut IndexMap<String, Entry<T>>) {
        map.values_mut().for_each(|e| (e.line, e.column) = (0, 0));
    }
    let [mut a, mut b] = [tree, by_serde];
    for d in [&mut a, &mut b] {
        unplaced(&mut d.ui);
        unplaced(&mut d.notes);
        unplaced(&mut d.countries);
        unplaced(&mut d.cities);
    }
    a == b
}

/// Where each line of a text starts, to look at a key's first character.
struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    fn of(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineStarts { text, starts }
    }

    /// `line` and `column` (1-based), moved past the opening quote of a quoted key, as
    /// [`key_position`] places keys.
    fn past_quote(&self, line: usize, column: usize) -> (usize, usize) {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else { return (line, column) };
        let quoted = self.text[start..].chars().take_while(|&c| c != '\n').nth(column.saturating_sub(1));
        (line, column + usize::from(matches!(quoted, Some('\'' | '"'))))
    }
}

/// Line and column of `key`: at the start of the line where its value starts, or of the
/// line above for a value on lines of its own (a block mapping of plural forms), or
/// anywhere on the value's line (a flow mapping, `ui: {yes: Yes}`).
fn key_position(text: &str, value: &Location, key: &str) -> (usize, usize) {
    let line = value.line() as usize;
    // The value's line and the one above, found back from the value's byte offset:
    // counting lines from the top of the file for every key made checking a locale's
    // few hundred strings take as long as rendering its pages.
    let offset = value.span().byte_offset().map(|b| b as usize).filter(|&b| text.is_char_boundary(b));
    let line_text = |l: usize| match offset {
        Some(at) if l == line || l + 1 == line => {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = at + text[at..].find('\n').unwrap_or(text.len() - at);
            let (start, end) = if l == line {
                (start, end)
            } else {
                let end = start.checked_sub(1)?;
                (text[..end].rfind('\n').map_or(0, |i| i + 1), end)
            };
            Some(text[start..end].strip_suffix('\r').unwrap_or(&text[start..end]))
        }
        _ => text.lines().nth(l.checked_sub(1)?),
    };
    let column = |l: &str, byte: usize| l[..byte].chars().count() + 1;
    let starts = |line: usize| {
        let l = line_text(line)?;
        let indent = l.len() - l.trim_start().len();
        let at = indent + usize::from(l[indent..].starts_with(['\'', '"']));
        l[at..].starts_with(key).then(|| (line, column(l, at)))
    };
    let anywhere = |line: usize| line_text(line).and_then(|l| l.find(key).map(|byte| (line, column(l, byte))));
    starts(line)
        .or_else(|| starts(line.saturating_sub(1)))
        .or_else(|| anywhere(line))
        .unwrap_or((line, value.column() as usize))
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
        assert_eq!(l.data.ui["yes"].value, LocaleString::Plain("Yes".into()));
        assert_eq!(l.data.ui["no"].value.other(), "No");
        assert_eq!(l.data.countries["NO"].value, "Norway");
        assert_eq!((l.data.ui["no"].line, l.data.ui["no"].column), (4, 3));
        assert_eq!(l.data.meta.translation, Translation::Human);
    }

    #[test]
    fn every_key_of_the_bundled_locales_is_placed_where_it_is_written() {
        for tag in ["en-US", "zh-CN", "zh-TW"] {
            let rel_path = format!("locales/{tag}.yaml");
            let text =
                std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&rel_path)).unwrap();
            let l = parse(&SourceFile { rel_path, text: text.clone() }).unwrap();
            let d = &l.data;
            let places = d.ui.iter().chain(&d.notes).map(|(k, v)| (k, (v.line, v.column)));
            let places = places.chain(d.countries.iter().chain(&d.cities).map(|(k, v)| (k, (v.line, v.column))));
            let mut checked = 0;
            for (key, (line, column)) in places {
                let written: String = text.lines().nth(line - 1).unwrap().chars().skip(column - 1).collect();
                assert!(written.starts_with(key.as_str()), "{tag} `{key}` placed at {line}:{column}: {written}");
                checked += 1;
            }
            assert!(checked > 200, "{tag}: {checked}");
        }
    }

    /// Every locale file of the repository and its fixtures that the tree readers read
    /// is read as serde-saphyr reads it, places included; the bundled ones are.
    #[test]
    fn the_tree_and_serde_read_locale_files_alike() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut from_trees, mut bundled) = (0, 0);
        for entry in walkdir::WalkDir::new(root.join("locales"))
            .into_iter()
            .chain(walkdir::WalkDir::new(root.join("tests/fixtures")))
        {
            let path = entry.unwrap().into_path();
            let in_locales = path.parent().is_some_and(|p| p.ends_with("locales"));
            if !in_locales || path.extension().is_none_or(|e| e != "yaml") || is_auxiliary(&path) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let source = SourceFile { rel_path: "locales/xx.yaml".into(), text: text.clone() };
            let Some(tree) = from_tree(&text) else {
                assert!(!path.starts_with(root.join("locales")), "{}: left to serde-saphyr", path.display());
                continue;
            };
            let by_serde = deserialize(&source).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            assert_eq!(tree, by_serde, "{}", path.display());
            from_trees += 1;
            bundled += usize::from(path.starts_with(root.join("locales")));
        }
        assert_eq!(bundled, 3);
        assert!(from_trees > 20, "{from_trees}");
    }

    fn parse_text(text: &str) -> Result<LocaleFile, Vec<Diagnostic>> {
        parse(&SourceFile { rel_path: "locales/ru-RU.yaml".into(), text: text.into() })
    }

    #[test]
    fn plural_strings_have_their_forms() {
        let text = "meta: {name: Русский}\nui:\n  index_count:\n    one: '{count} страна'\n    few: '{count} страны'\n    other: '{count} стран'\n  flow: {other: 'всего {count}'}\n";
        let l = parse_text(text).unwrap();
        let count = &l.data.ui["index_count"];
        assert_eq!(count.value.form(PluralCategory::Few), "{count} страны");
        assert_eq!(count.value.form(PluralCategory::Many), "{count} стран", "a category without a form takes `other`");
        assert_eq!(
            count.value.categories(),
            Some(vec![PluralCategory::One, PluralCategory::Few, PluralCategory::Other])
        );
        assert_eq!(count.value.as_text(), "one: {count} страна\nfew: {count} страны\nother: {count} стран");
        assert_eq!((count.line, count.column), (3, 3));
        let LocaleString::Plural(forms) = &count.value else { panic!("{count:?}") };
        assert_eq!(forms.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(), [(4, 5), (5, 5), (6, 5)]);
        assert_eq!((l.data.ui["flow"].line, l.data.ui["flow"].column), (7, 3));
        assert_eq!(l.data.ui["flow"].value.as_text(), "other: всего {count}");
    }

    #[test]
    fn a_plural_string_needs_other_and_cldr_categories() {
        let problems =
            parse_text("meta: {name: x}\nui:\n  n:\n    one: a\n    othre: b\nnotes:\n  m: {few: c}\n").unwrap_err();
        let found: Vec<(&str, usize, usize, Option<&str>)> =
            problems.iter().map(|d| (d.message.as_str(), d.line, d.column, d.hint.as_deref())).collect();
        assert_eq!(
            found,
            [
                ("`othre` is not a CLDR plural category", 5, 5, Some("did you mean `other`?")),
                (
                    "`ui.n` has no `other` form",
                    3,
                    3,
                    Some("add `other:`, the form of every number that no other form takes")
                ),
                (
                    "`notes.m` has no `other` form",
                    7,
                    3,
                    Some("add `other:`, the form of every number that no other form takes")
                ),
            ]
        );
    }

    #[test]
    fn unknown_section_is_an_error() {
        let source = SourceFile { rel_path: "locales/en-US.yaml".into(), text: "meta: {name: x}\nuis: {}\n".into() };
        let d = &parse(&source).unwrap_err()[0];
        assert_eq!((d.line, d.hint.as_deref()), (2, Some("did you mean `ui`?")));
    }
}
