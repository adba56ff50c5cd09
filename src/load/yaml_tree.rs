//! A YAML document read straight from the parser's events into a [`Node`] tree, for
//! country files, the schema and locale files: the same tree serde-saphyr's
//! deserializer makes, at a fraction of the cost (deserializing `Spanned<Node>` through
//! serde was most of the time spent loading a site, and most of reading its history).
//!
//! It reads the YAML that content is written in: block and flow collections, plain
//! and quoted scalars. Anything else (anchors, aliases, tags, several documents, a
//! plain scalar whose type is not plain to see, a repeated key, a syntax error) makes
//! it give up, and [`super::yaml::parse_tree`] reads the file with serde-saphyr,
//! which reports every problem as before. So it never decides what a file means
//! differently, only sooner.

use granit_parser::{Event, Parser, ScalarStyle, Span};

use super::yaml_node::{Node, Placed, SeenKeys, MAX_DEPTH};

/// The tree of `text`, or `None` where serde-saphyr must decide.
pub fn read(text: &str) -> Option<Placed<Node>> {
    let mut parser = Parser::new_from_str(text);
    let mut next = || loop {
        match parser.next_event()? {
            Ok((Event::Comment(..), _)) => continue,
            Ok((event, span)) => return Some((event, span)),
            Err(_) => return None,
        }
    };
    if !matches!(next()?.0, Event::StreamStart) || !matches!(next()?.0, Event::DocumentStart(..)) {
        return None;
    }
    let (event, span) = next()?;
    let root = node(event, span, &mut next, 0)?;
    if !matches!(next()?.0, Event::DocumentEnd) || !matches!(next()?.0, Event::StreamEnd) {
        return None;
    }
    Some(root)
}

/// The node that starts with `event`, reading the events of its children from `next`.
fn node<'i>(
    event: Event<'i>,
    span: Span,
    next: &mut impl FnMut() -> Option<(Event<'i>, Span)>,
    depth: usize,
) -> Option<Placed<Node>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (line, column) = place(span.start.line(), span.start.col())?;
    let value = match event {
        Event::Scalar(text, style, 0, None) => scalar(&text, style)?,
        Event::SequenceStart(_, 0, None) => {
            let mut items = Vec::new();
            loop {
                match next()? {
                    (Event::SequenceEnd, _) => break,
                    (event, span) => items.push(node(event, span, next, depth + 1)?),
                }
            }
            Node::List(items)
        }
        Event::MappingStart(_, 0, None) => {
            let mut entries: Vec<(Placed<Node>, Placed<Node>)> = Vec::new();
            let mut seen = SeenKeys::default();
            loop {
                let key = match next()? {
                    (Event::MappingEnd, _) => break,
                    (event, span) => node(event, span, next, depth + 1)?,
                };
                // serde-saphyr refuses a repeated key and merges `<<`: those are for it to read.
                let merge = matches!(&key.value, Node::Str(k) if k == "<<");
                if merge || seen.repeats(&key.value, &entries) {
                    return None;
                }
                let (event, span) = next()?;
                let value = node(event, span, next, depth + 1)?;
                entries.push((key, value));
            }
            Node::Map(entries)
        }
        _ => return None,
    };
    Some(Placed::new(value, line, column))
}

/// A scalar's value. Quoted and block scalars are strings; plain ones as [`plain_scalar`].
fn scalar(text: &str, style: ScalarStyle) -> Option<Node> {
    if style != ScalarStyle::Plain {
        return Some(Node::Str(text.to_owned()));
    }
    plain_scalar(text)
}

/// A plain scalar's value: a string when it starts with a letter and is no word YAML
/// gives another type, or starts with `(` or a character outside ASCII, or is digits
/// followed by text with a character outside ASCII (`120 分钟`: no number, date or word
/// of any YAML schema holds one); `true`/`false`, `null`/`~`, or a whole number in
/// decimal digits. Other plain scalars (`1.5`, `0x1F`, `.inf`, `2025-01-01`, `Null`,
/// `120 minutes`) are left to serde-saphyr.
pub(super) fn plain_scalar(text: &str) -> Option<Node> {
    let first = text.chars().next();
    Some(match text {
        "true" => Node::Bool(true),
        "false" => Node::Bool(false),
        "null" | "~" => Node::Null,
        _ if first.is_some_and(char::is_alphabetic) && !is_special_word(text) => Node::Str(text.to_owned()),
        _ if first.is_some_and(|c| c == '(' || !c.is_ascii()) => Node::Str(text.to_owned()),
        _ if first.is_some_and(|c| c.is_ascii_digit()) && !text.is_ascii() => Node::Str(text.to_owned()),
        _ if !text.is_empty()
            && text.len() <= 18
            && text.bytes().all(|b| b.is_ascii_digit())
            && (text == "0" || !text.starts_with('0')) =>
        {
            Node::Int(text.parse().ok()?)
        }
        _ => return None,
    })
}

/// Words some YAML schemas read as booleans, null or special numbers, in any case.
fn is_special_word(text: &str) -> bool {
    const WORDS: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf", "infinity"];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// The place serde-saphyr gives a node at `line` (1-indexed) and `column` (0-indexed,
/// in characters): 1-indexed line and column of its first character.
pub(super) fn place(line: usize, column: usize) -> Option<(u32, u32)> {
    Some((u32::try_from(line).ok()?, u32::try_from(column + 1).ok()?))
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::yaml_node::places;
    use super::*;

    /// The tree serde-saphyr makes of `text`, with every node's place.
    pub fn by_serde(text: &str) -> Placed<Node> {
        let source = crate::load::SourceFile { rel_path: "t.yaml".into(), text: text.into() };
        super::super::yaml::parse::<serde_saphyr::Spanned<Node>>(&source, text, 1)
            .expect("serde-saphyr reads it")
            .into()
    }

    fn assert_same(text: &str, what: &str) {
        let fast = read(text).unwrap_or_else(|| panic!("{what}: the fast reader gave up"));
        let (mut a, mut b) = (Vec::new(), Vec::new());
        places(&fast, &mut a);
        places(&by_serde(text), &mut b);
        assert_eq!(a, b, "{what}");
    }

    #[test]
    fn the_bundled_country_files_and_schema_read_the_same_as_with_serde() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> =
            std::fs::read_dir(root.join("content/countries")).unwrap().map(|e| e.unwrap().path()).collect();
        files.push(root.join("content/schema.yaml"));
        assert!(files.len() > 100);
        for path in files {
            assert_same(&std::fs::read_to_string(&path).unwrap(), &path.display().to_string());
        }
    }

    #[test]
    fn the_fixtures_country_files_read_the_same_as_with_serde_or_are_left_to_it() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut read_fast = 0;
        for entry in walkdir::WalkDir::new(&fixtures) {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "yaml") || !path.to_string_lossy().contains("countries/") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let source = crate::load::SourceFile { rel_path: "t.yaml".into(), text: text.clone() };
            let serde_reads = super::super::yaml::parse::<serde_saphyr::Spanned<Node>>(&source, &text, 1).is_ok();
            match read(&text) {
                Some(_) if text.contains('\\') => {}
                Some(_) => {
                    assert!(serde_reads, "{}: read, but serde-saphyr refuses it", path.display());
                    assert_same(&text, &path.display().to_string());
                    read_fast += 1;
                }
                None => {}
            }
        }
        assert!(read_fast > 10, "only {read_fast} fixture files were read");
    }

    #[test]
    fn flow_style_quoted_and_block_scalars_read_the_same_as_with_serde() {
        let text =
            "code: AF\na: {available: false, list: [], count: 1200, z: 0}\nb: [{kind: domestic, minutes: 3000}, x]\n\
                    q: 'single ''quoted'''\nd: \"double \\u00e9\"\nnothing: null\ntilde: ~\nlit: |\n  two\n  lines\n\
                    path: Teams/a-b.md@042b\nspaces: Bezocagu Lutum Me\nparen: (or {count} minutes)\n\
                    wide: （或 {count} 分钟）\ncjk: 国内通话\ndigits: 120 分钟和 240 分钟\nempty_list: []\nempty_map: {}\n\
                    nested:\n  - a\n  - - b\n    - c\n";
        assert_same(text, "mixed");
    }

    #[test]
    fn what_is_not_plain_to_see_is_left_to_serde() {
        for text in [
            "a: 1.5\n",
            "a: 0x1F\n",
            "a: .inf\n",
            "a: 2025-01-01\n",
            "a: Null\n",
            "a: yes\n",
            "a: -3\n",
            "a: 007\n",
            "a: 120 minutes\n",
            "a: 1_000\n",
            "a: +1\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: 1\na: 2\n",
            "<<: {a: 1}\n",
            "a: [1\n",
            "--- a\n--- b\n",
            "",
        ] {
            assert!(read(text).is_none(), "{text:?}");
        }
    }
}
