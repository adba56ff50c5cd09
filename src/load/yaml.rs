//! YAML parsing shared by the loaders: one set of safe options, errors as diagnostics.

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Options, Spanned};

#[cfg(fuzzing)]
use super::yaml_node::places;
pub use super::yaml_node::{Node, Placed, MAX_DEPTH};
use super::SourceFile;
use crate::diagnostic::{did_you_mean, Diagnostic};

/// Most aliases accepted in one file (the content format needs none).
pub const MAX_ALIASES: usize = 100;

fn options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            // The cap of MAX_ALIASES already bounds aliases; the ratio check would also
            // refuse 100 aliases of fewer than 10 anchors, after the whole file, without a line.
            enforce_alias_anchor_ratio: false,
        },
        // `yes`/`on` stay strings: only true/false are booleans, as in YAML 1.2.
        strict_booleans: true,
        with_snippet: false,
    }
}

/// Parses `text` (a whole file, or a part of it starting at `first_line`) as `T`.
pub fn parse<T: DeserializeOwned>(source: &SourceFile, text: &str, first_line: usize) -> Result<T, Diagnostic> {
    let value =
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| to_diagnostic(source, &e, first_line))?;
    // A literal control character was refused when the file was read; only an escape
    // in a double-quoted scalar ("\a", "\e", "\x07") can still produce one.
    if text.contains('\\') {
        if let Some(d) = escaped_control(source, text, first_line) {
            return Err(d);
        }
    }
    Ok(value)
}

/// A whole file as a [`Node`] tree: read by hand where the file is in the plain form
/// content is written in, else from the parser's events, else (and for every problem)
/// by serde-saphyr, as [`parse`] reads it.
pub fn parse_tree(source: &SourceFile) -> Result<Placed<Node>, Diagnostic> {
    match read_tree(&source.text) {
        Some(tree) => Ok(tree),
        None => parse::<Spanned<Node>>(source, &source.text, 1).map(Placed::from),
    }
}

/// The tree of `text` where the hand-written reader or the parser's events read it
/// with nothing to report; `None` leaves the file to serde-saphyr.
pub fn read_tree(text: &str) -> Option<Placed<Node>> {
    if let Some(tree) = super::yaml_plain::read(text) {
        return Some(tree);
    }
    // An escape may still have made a control character: `parse` reports it.
    super::yaml_tree::read(text).filter(|_| !text.contains('\\'))
}

/// For the fuzz target `fuzz_yaml`: where the hand-written reader reads `text`, its
/// tree, places included, is the one the parser's events give, or where those are left
/// to serde-saphyr, the one it reads. One exception: the general parser refuses valid
/// files with many comment lines where it looks ahead ("too many buffered comments
/// while looking ahead", a bound of its own, not YAML's); the hand-written reader,
/// which buffers nothing, reads them.
#[cfg(fuzzing)]
pub fn hand_reader_agrees(text: &str) -> bool {
    let Some(fast) = super::yaml_plain::read(text) else { return true };
    let source = SourceFile { rel_path: "fuzz.yaml".into(), text: text.into() };
    let reference = match super::yaml_tree::read(text) {
        Some(tree) => tree,
        None => match parse::<Spanned<Node>>(&source, text, 1) {
            Ok(tree) => tree.into(),
            Err(d) => return d.message.contains("too many buffered comments"),
        },
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    places(&fast, &mut a);
    places(&reference, &mut b);
    a == b
}

/// The entries of a YAML mapping, taken key by key; the keys never taken are the
/// unknown ones, reported with a "did you mean" by the caller.
pub struct Fields<'a> {
    entries: &'a [(Placed<Node>, Placed<Node>)],
    taken: Vec<bool>,
}

impl<'a> Fields<'a> {
    /// `None` when `node` is not a mapping.
    pub fn of(node: &'a Placed<Node>) -> Option<Fields<'a>> {
        match &node.value {
            Node::Map(entries) => Some(Fields { entries, taken: vec![false; entries.len()] }),
            _ => None,
        }
    }

    /// The value of `key` (written as a string), marking it as known.
    pub fn get(&mut self, key: &str) -> Option<&'a Placed<Node>> {
        let i = self.entries.iter().position(|(k, _)| matches!(&k.value, Node::Str(s) if s == key))?;
        self.taken[i] = true;
        Some(&self.entries[i].1)
    }

    /// The keys not taken by `get`, in file order.
    pub fn unread(&self) -> impl Iterator<Item = &'a Placed<Node>> + '_ {
        self.entries.iter().zip(&self.taken).filter(|(_, taken)| !**taken).map(|((k, _), _)| k)
    }
}

/// A mapping key as text, for messages (keys are strings in every availgen file).
pub fn key_text(key: &Placed<Node>) -> String {
    match &key.value {
        Node::Str(s) => s.clone(),
        Node::Bool(b) => b.to_string(),
        Node::Int(i) => i.to_string(),
        Node::Float(f) => f.to_string(),
        other => other.kind().to_owned(),
    }
}

/// An error pointing at `node`, underlining it where it is a one-line scalar.
pub fn error_at(source: &SourceFile, node: &Placed<Node>, message: String) -> Diagnostic {
    let width = match &node.value {
        Node::Str(s) if !s.contains('\n') => s.chars().count(),
        Node::Bool(_) | Node::Int(_) | Node::Float(_) => key_text(node).chars().count(),
        _ => 1,
    };
    at_place(source, node.line, node.column, 1, message, width)
}

/// An error at the first string scalar of `text` that holds a forbidden control character.
fn escaped_control(source: &SourceFile, text: &str, first_line: usize) -> Option<Diagnostic> {
    fn find(node: &Placed<Node>) -> Option<(&Placed<Node>, char)> {
        match &node.value {
            Node::Str(s) => s.chars().find(|&c| super::is_forbidden_control(c)).map(|c| (node, c)),
            Node::List(items) => items.iter().find_map(find),
            Node::Map(entries) => entries.iter().find_map(|(k, v)| find(k).or_else(|| find(v))),
            _ => None,
        }
    }
    let root: Placed<Node> = serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options()).ok()?.into();
    let (node, c) = find(&root)?;
    let message = format!("string contains the control character U+{:04X} (written as an escape)", c as u32);
    Some(
        at_place(source, node.line, node.column, first_line, message, 1)
            .with_hint("remove the escape: control characters are invisible in editors and unsafe in the output"),
    )
}

/// A diagnostic pointing at a location that serde-saphyr reported.
pub fn at_location(
    source: &SourceFile,
    location: &Location,
    first_line: usize,
    message: String,
    width: usize,
) -> Diagnostic {
    at_place(source, location.line() as u32, location.column() as u32, first_line, message, width)
}

/// A diagnostic pointing at `line` and `column` (1-indexed) of a text that starts at
/// `first_line` of the file; line 0 (a place the parser did not know) points nowhere.
fn at_place(
    source: &SourceFile,
    line: u32,
    column: u32,
    first_line: usize,
    message: String,
    width: usize,
) -> Diagnostic {
    let d = Diagnostic::error(&source.rel_path, message);
    if line == 0 {
        return d;
    }
    d.at(&source.text, line as usize + first_line - 1, column as usize, width)
}

/// serde-saphyr reports a breached budget in Rust debug notation; say it in words.
fn budget_message(error: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::budget::BudgetBreach;
    use serde_saphyr::Error;
    let mut error = error;
    while let Error::AliasError { error: inner, .. } | Error::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    let Error::Budget { breach, .. } = error else {
        return None;
    };
    Some(match breach {
        BudgetBreach::Aliases { .. } => format!("too many YAML aliases: a file may use at most {MAX_ALIASES}"),
        BudgetBreach::Anchors { .. } => format!("too many YAML anchors: a file may define at most {MAX_ALIASES}"),
        BudgetBreach::Depth { .. } => format!("YAML nesting is too deep: at most {MAX_DEPTH} levels are allowed"),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } | BudgetBreach::RecordedAnchorEvents { .. } => {
            "YAML input expands to too many values (each alias copies what it refers to)".to_owned()
        }
        _ => "YAML input exceeds a resource limit".to_owned(),
    })
}

fn to_diagnostic(source: &SourceFile, error: &serde_saphyr::Error, first_line: usize) -> Diagnostic {
    let message = match budget_message(error) {
        Some(message) => message,
        None if error.to_string().starts_with("recursion limit exceeded") => {
            "YAML nesting is too deep (recursion limit exceeded)".to_owned()
        }
        None => clean_message(&error.to_string()),
    };
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
    if m.contains("invalid u32") || m.contains("invalid usize") || m.contains("integer") {
        Some("expected a whole number, e.g. `120`".into())
    } else if m.contains("bool") {
        Some("expected `true` or `false` (YAML 1.2: `yes` and `no` are strings)".into())
    } else if m.contains("duplicate") {
        Some("each key may appear only once in a mapping; remove or rename one of them".into())
    } else if m.contains("tab") {
        Some("YAML indentation must use spaces, not tabs".into())
    } else if ["budget", "alias", "anchor", "depth", "nesting", "limit"].iter().any(|w| m.contains(w)) {
        Some(format!("availgen accepts at most {MAX_ALIASES} aliases and nesting {MAX_DEPTH} deep in a YAML file"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile { rel_path: "content/countries/x.yaml".into(), text: text.into() }
    }

    fn nested(depth: usize) -> String {
        format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
    }

    // The content format nests 4 deep, so only an untyped value shows the limit itself.
    #[test]
    fn nesting_is_limited_to_max_depth() {
        let ok = nested(MAX_DEPTH);
        assert!(parse::<serde_json::Value>(&source(&ok), &ok, 1).is_ok());
        let deep = nested(MAX_DEPTH + 1);
        let d = parse::<serde_json::Value>(&source(&deep), &deep, 1).unwrap_err();
        assert_eq!(d.message, "YAML nesting is too deep: at most 32 levels are allowed");
        assert_eq!((d.file.as_str(), d.line), ("content/countries/x.yaml", 1));
        assert!(d.hint.unwrap().contains("nesting 32 deep"));
    }

    #[test]
    fn aliases_and_anchors_are_limited() {
        let aliases = |n: usize| {
            format!(
                "a: &a x
b: [{}]
",
                vec!["*a"; n].join(", ")
            )
        };
        let ok = aliases(MAX_ALIASES);
        assert!(parse::<serde_json::Value>(&source(&ok), &ok, 1).is_ok());
        let many = aliases(MAX_ALIASES + 1);
        let d = parse::<serde_json::Value>(&source(&many), &many, 1).unwrap_err();
        assert_eq!((d.message.as_str(), d.line), ("too many YAML aliases: a file may use at most 100", 2));
        let anchors = format!("[{}]", (0..=MAX_ALIASES).map(|i| format!("&a{i} x")).collect::<Vec<_>>().join(", "));
        let d = parse::<serde_json::Value>(&source(&anchors), &anchors, 1).unwrap_err();
        assert!(d.message.starts_with("too many YAML anchors"), "{d:?}");
    }

    #[test]
    fn billion_laughs_stop_even_for_untyped_values() {
        let mut text = "l1: &l1 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n".to_owned();
        for i in 2..=9 {
            text.push_str(&format!("l{i}: &l{i} [{}]\n", vec![format!("*l{}", i - 1); 9].join(", ")));
        }
        // Refused by the expansion budget, not by running out of memory (speed is for benches).
        let d = parse::<serde_json::Value>(&source(&text), &text, 1).unwrap_err();
        assert!(d.line > 0, "{d:?}");
        assert!(d.message.starts_with("YAML input expands to too many values"), "{d:?}");
    }

    #[test]
    fn escapes_that_make_control_characters_are_errors() {
        let text = "a: ok\nb: [fine, \"bell\\a\"]\n";
        let d = parse::<serde_json::Value>(&source(text), text, 1).unwrap_err();
        assert_eq!((d.line, d.column), (2, 11));
        assert!(d.message.contains("U+0007"), "{d:?}");
        let fine = "a: \"tab\\there\\nand a new line\"\n";
        assert!(parse::<serde_json::Value>(&source(fine), fine, 1).is_ok());
    }
}
