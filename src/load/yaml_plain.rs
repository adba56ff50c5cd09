//! The YAML that country and locale files are written in, read by hand: block mappings
//! and sequences, one-line flow collections, one-line plain and quoted scalars, comments.
//!
//! Scanning was most of the time spent loading a site and most of reading its history
//! (every version of every country file), and a general YAML scanner does far more work
//! per byte than this subset needs. Whatever this reader is not sure of (a multi-line
//! scalar or flow collection, a tab, anchors, tags, block scalars, document markers,
//! an indicator where a scalar would start, a value it cannot type at a glance, a
//! repeated key, anything malformed) makes it give up, and [`super::yaml_tree`] reads the
//! file, with serde-saphyr behind it for every problem. So it never decides what a file
//! means differently, only sooner; the tests compare its trees, places included, with
//! the others' on every bundled, fixture and generated file.

use super::yaml_node::{Node, Placed, SeenKeys, MAX_DEPTH};
use super::yaml_tree::{place, plain_scalar};

/// The tree of `text`, or `None` where the general readers must decide.
pub fn read(text: &str) -> Option<Placed<Node>> {
    if !plain_characters(text) {
        return None;
    }
    let mut reader = Reader { text: text.as_bytes(), source: text, pos: 0, line: 1, line_start: 0 };
    reader.skip_blank_lines();
    if reader.at_end() || reader.column_bytes() != 0 {
        return None;
    }
    let root = reader.block_node(0, 0)?;
    reader.skip_blank_lines();
    reader.at_end().then_some(root)
}

/// False where `text` holds a character that changes how a line is read or that the
/// general readers treat specially: a tab, a carriage return, a backslash (an escape),
/// a control character, a BOM, the line breaks of YAML 1.1, or what YAML does not
/// count as printable.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\n' => true,
        b'\\' | 0x7f => false,
        ..0x20 => false,
        // U+0080 to U+009F: C1 controls, NEL among them.
        0xc2 => !matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        // U+2028 and U+2029 (line and paragraph separators).
        0xe2 => !(bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9))),
        // U+FEFF (BOM), U+FFFE, U+FFFF.
        0xef => {
            !matches!((bytes.get(i + 1), bytes.get(i + 2)), (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf)))
        }
        _ => true,
    })
}

/// YAML limits a key written without `?` to 1,024 characters; longer ones (or as
/// many bytes, to be sure) are left to the others.
const MAX_KEY_BYTES: usize = 1024;

struct Reader<'a> {
    text: &'a [u8],
    source: &'a str,
    pos: usize,
    /// 1-indexed line of `pos`, and the byte offset where that line starts.
    line: usize,
    line_start: usize,
}

impl Reader<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn peek(&self) -> u8 {
        self.text.get(self.pos).copied().unwrap_or(b'\n')
    }

    fn peek_at(&self, offset: usize) -> u8 {
        self.text.get(self.pos + offset).copied().unwrap_or(b'\n')
    }

    fn column_bytes(&self) -> usize {
        self.pos - self.line_start
    }

    /// The place of `pos` as the other readers give it: line, and column in characters.
    fn here(&self) -> Option<(u32, u32)> {
        let before = &self.source[self.line_start..self.pos];
        let column = if before.is_ascii() { before.len() } else { before.chars().count() };
        place(self.line, column)
    }

    fn skip_spaces(&mut self) {
        while self.peek() == b' ' && !self.at_end() {
            self.pos += 1;
        }
    }

    /// Past spaces and a comment to the end of the line; false if anything else is there.
    fn end_of_line(&mut self) -> bool {
        self.skip_spaces();
        // A comment starts a line or follows a space.
        if self.peek() == b'#' && (self.pos == self.line_start || self.text[self.pos - 1] == b' ') {
            while self.peek() != b'\n' {
                self.pos += 1;
            }
        }
        if self.at_end() {
            return true;
        }
        if self.peek() != b'\n' {
            return false;
        }
        self.pos += 1;
        self.line += 1;
        self.line_start = self.pos;
        true
    }

    /// Past empty and comment-only lines, to the first character of the next content line.
    fn skip_blank_lines(&mut self) {
        loop {
            let (pos, line, line_start) = (self.pos, self.line, self.line_start);
            self.skip_spaces();
            if self.at_end() {
                return;
            }
            if matches!(self.peek(), b'\n' | b'#') {
                while self.peek() != b'\n' {
                    self.pos += 1;
                }
                self.end_of_line();
                continue;
            }
            // Back to the start of the line: callers read its indentation.
            (self.pos, self.line, self.line_start) = (pos, line, line_start);
            self.skip_spaces();
            return;
        }
    }

    /// The indentation of the next content line, leaving `pos` at its first character;
    /// `None` at the end of the text.
    fn next_line_indent(&mut self) -> Option<usize> {
        self.skip_blank_lines();
        (!self.at_end()).then(|| self.column_bytes())
    }

    /// A node in block context whose first character is at `pos`, at indentation
    /// `indent` (the column of that character when it starts a line).
    fn block_node(&mut self, indent: usize, depth: usize) -> Option<Placed<Node>> {
        // The others refuse a node deeper than MAX_DEPTH; a collection's children are
        // one deeper, and scalars are not counted here: so give up a level early.
        if depth >= MAX_DEPTH {
            return None;
        }
        if self.peek() == b'-' && matches!(self.peek_at(1), b' ' | b'\n') {
            return self.block_sequence(indent, false, depth);
        }
        if matches!(self.peek(), b'[' | b'{') {
            let node = self.flow_node(depth)?;
            return self.end_of_line().then_some(node);
        }
        let at = self.here()?;
        let (key, after_key) = self.key_or_scalar()?;
        if !after_key {
            return self.end_of_line().then_some(key);
        }
        self.block_mapping(indent, key, at, depth)
    }

    /// A plain or quoted scalar in block context, and whether a `: ` followed it (it
    /// is then a mapping key, with `pos` past the colon).
    fn key_or_scalar(&mut self) -> Option<(Placed<Node>, bool)> {
        let (at, start) = (self.here()?, self.pos);
        let node = Placed::new(self.scalar_here(false)?, at.0, at.1);
        self.skip_spaces();
        if self.peek() == b':' && matches!(self.peek_at(1), b' ' | b'\n') {
            if self.pos - start > MAX_KEY_BYTES {
                return None;
            }
            self.pos += 1;
            return Some((node, true));
        }
        Some((node, false))
    }

    /// A block mapping whose first key, at `at`, has been read.
    fn block_mapping(
        &mut self,
        indent: usize,
        first: Placed<Node>,
        at: (u32, u32),
        depth: usize,
    ) -> Option<Placed<Node>> {
        let mut entries: Vec<(Placed<Node>, Placed<Node>)> = Vec::new();
        let mut seen = SeenKeys::default();
        let mut key = first;
        loop {
            // serde-saphyr refuses a repeated key and merges `<<`: those are for it to read.
            if matches!(&key.value, Node::Str(k) if k == "<<") || seen.repeats(&key.value, &entries) {
                return None;
            }
            if matches!(key.value, Node::List(_) | Node::Map(_)) {
                return None;
            }
            let value = self.mapping_value(indent, depth)?;
            entries.push((key, value));
            match self.next_line_indent() {
                Some(i) if i == indent => {}
                Some(i) if i > indent => return None,
                _ => break,
            }
            if self.peek() == b'-' && matches!(self.peek_at(1), b' ' | b'\n') {
                return None;
            }
            let (next, is_key) = self.key_or_scalar()?;
            if !is_key {
                return None;
            }
            key = next;
        }
        Some(Placed::new(Node::Map(entries), at.0, at.1))
    }

    /// The value after `key:` of a mapping at indentation `indent`.
    fn mapping_value(&mut self, indent: usize, depth: usize) -> Option<Placed<Node>> {
        self.skip_spaces();
        if !matches!(self.peek(), b'\n' | b'#') {
            return self.inline_value(indent, depth);
        }
        // Nothing on the line: the value is the block below, more indented, or a
        // sequence at the key's own indentation. (An empty value is left to the others.)
        self.end_of_line().then_some(())?;
        let child = self.next_line_indent()?;
        if child == indent && self.peek() == b'-' && matches!(self.peek_at(1), b' ' | b'\n') {
            return self.block_sequence(child, true, depth + 1);
        }
        if child <= indent {
            return None;
        }
        self.block_node(child, depth + 1)
    }

    /// A value that starts on the line of its key or dash: a scalar or a flow
    /// collection ending the line, or (after a dash) a nested block collection.
    fn inline_value(&mut self, indent: usize, depth: usize) -> Option<Placed<Node>> {
        if matches!(self.peek(), b'[' | b'{') {
            let node = self.flow_node(depth + 1)?;
            self.end_of_line().then_some(())?;
            return self.no_continuation(indent).then_some(node);
        }
        if self.peek() == b'-' && matches!(self.peek_at(1), b' ' | b'\n') {
            return None;
        }
        let (node, is_key) = self.key_or_scalar()?;
        if is_key {
            return None;
        }
        self.end_of_line().then_some(())?;
        self.no_continuation(indent).then_some(node)
    }

    /// True unless the next content line is indented past `indent` (which would make
    /// it a continuation of a multi-line scalar, or an error).
    fn no_continuation(&mut self, indent: usize) -> bool {
        self.next_line_indent().is_none_or(|i| i <= indent)
    }

    /// A block sequence whose first dash is at `pos`. Its place, as the other readers
    /// give it, is that of its first dash, or of its first item when it is `indentless`
    /// (at the indentation of the key whose value it is).
    fn block_sequence(&mut self, indent: usize, indentless: bool, depth: usize) -> Option<Placed<Node>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let mut at = if indentless { None } else { Some(self.here()?) };
        let mut items = Vec::new();
        loop {
            self.pos += 1;
            self.skip_spaces();
            let item = if matches!(self.peek(), b'\n' | b'#') {
                self.end_of_line().then_some(())?;
                let child = self.next_line_indent()?;
                // (Where the others place such a sequence is not known here.)
                if child <= indent || at.is_none() {
                    return None;
                }
                self.block_node(child, depth + 1)?
            } else {
                // `- key: value` opens a mapping at the column of its first key, `- - a`
                // a sequence at the column of its dash.
                at = at.or(self.here());
                let column = self.column_bytes();
                let dash = self.peek() == b'-' && matches!(self.peek_at(1), b' ' | b'\n');
                if dash || (!matches!(self.peek(), b'[' | b'{' | b'\'' | b'"') && self.opens_mapping()) {
                    self.block_node(column, depth + 1)?
                } else {
                    self.inline_value(indent, depth)?
                }
            };
            items.push(item);
            match self.next_line_indent() {
                Some(i) if i == indent && self.peek() == b'-' && matches!(self.peek_at(1), b' ' | b'\n') => {}
                Some(i) if i > indent => return None,
                _ => break,
            }
        }
        let at = at?;
        Some(Placed::new(Node::List(items), at.0, at.1))
    }

    /// Whether the rest of the line holds a `: ` outside quotes, so starts a mapping.
    fn opens_mapping(&self) -> bool {
        let rest = &self.text[self.pos..];
        let line = &rest[..rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())];
        line.windows(2).any(|w| w == b": ") || line.ends_with(b":")
    }

    /// A flow collection on one line, `pos` at its bracket.
    fn flow_node(&mut self, depth: usize) -> Option<Placed<Node>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let at = self.here()?;
        let mapping = self.peek() == b'{';
        let close = if mapping { b'}' } else { b']' };
        self.pos += 1;
        self.skip_spaces();
        let mut items = Vec::new();
        let mut entries: Vec<(Placed<Node>, Placed<Node>)> = Vec::new();
        if self.peek() == close {
            self.pos += 1;
        } else {
            loop {
                let start = self.pos;
                let first = self.flow_item(depth)?;
                self.skip_spaces();
                if mapping {
                    // Only `key: value` entries; a key alone is left to the others.
                    if self.peek() != b':'
                        || matches!(first.value, Node::List(_) | Node::Map(_))
                        || self.pos - start > MAX_KEY_BYTES
                    {
                        return None;
                    }
                    self.pos += 1;
                    if self.peek() != b' ' {
                        return None;
                    }
                    self.skip_spaces();
                    let value = self.flow_item(depth)?;
                    if matches!(&first.value, Node::Str(k) if k == "<<")
                        || entries.iter().any(|(k, _)| k.value == first.value)
                    {
                        return None;
                    }
                    entries.push((first, value));
                    self.skip_spaces();
                } else {
                    items.push(first);
                }
                match self.peek() {
                    b',' => {
                        self.pos += 1;
                        self.skip_spaces();
                        if self.peek() == close {
                            return None;
                        }
                    }
                    c if c == close => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let node = if mapping { Node::Map(entries) } else { Node::List(items) };
        Some(Placed::new(node, at.0, at.1))
    }

    /// An entry of a flow collection: a nested one-line collection, or a scalar ending
    /// at a comma, a bracket or a `: `.
    fn flow_item(&mut self, depth: usize) -> Option<Placed<Node>> {
        if matches!(self.peek(), b'[' | b'{') {
            return self.flow_node(depth + 1);
        }
        let at = self.here()?;
        Some(Placed::new(self.scalar_here(true)?, at.0, at.1))
    }

    /// A quoted or plain scalar on one line, `pos` at its first character. A plain one
    /// ends at the end of the line, a comment, or a `:` that makes it a key; in a flow
    /// collection (`in_flow`) also at a flow indicator, and its colon may be followed by
    /// one. Trailing spaces are not part of it.
    fn scalar_here(&mut self, in_flow: bool) -> Option<Node> {
        if matches!(self.peek(), b'\'' | b'"') {
            return self.quoted();
        }
        let is_flow_indicator = |b: u8| in_flow && matches!(b, b',' | b'[' | b']' | b'{' | b'}');
        let start = self.pos;
        let mut end = start;
        loop {
            match self.peek() {
                b'\n' => break,
                b if is_flow_indicator(b) => break,
                b':' if matches!(self.peek_at(1), b' ' | b'\n') || is_flow_indicator(self.peek_at(1)) => break,
                b'#' if self.pos > 0 && self.text[self.pos - 1] == b' ' => break,
                b' ' => self.pos += 1,
                _ => {
                    self.pos += 1;
                    end = self.pos;
                }
            }
        }
        self.pos = end;
        plain(&self.source[start..end])
    }

    /// A quoted scalar ending on its line (`pos` at the quote); double quotes only
    /// without escapes (a backslash anywhere sends the file to the others).
    fn quoted(&mut self) -> Option<Node> {
        let quote = self.peek();
        self.pos += 1;
        let mut value = String::new();
        let mut start = self.pos;
        loop {
            match self.peek() {
                b'\n' => return None,
                b'\'' if quote == b'\'' && self.peek_at(1) == b'\'' => {
                    value.push_str(&self.source[start..=self.pos]);
                    self.pos += 2;
                    start = self.pos;
                }
                c if c == quote => break,
                _ => self.pos += 1,
            }
        }
        value.push_str(&self.source[start..self.pos]);
        self.pos += 1;
        Some(Node::Str(value))
    }
}

/// A plain scalar's value, or `None` when it starts with an indicator or its type is
/// not plain to see ([`plain_scalar`] decides that, as for the event reader).
fn plain(text: &str) -> Option<Node> {
    let first = *text.as_bytes().first()?;
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) {
        return None;
    }
    plain_scalar(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml_node::places;
    use crate::load::yaml_tree::tests::by_serde;

    /// The tree of the event reader (and serde-saphyr) where this one reads `text`.
    fn assert_same_or_declined(text: &str, what: &str) -> bool {
        let Some(fast) = read(text) else { return false };
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        places(&fast, &mut a);
        places(&super::super::yaml_tree::read(text).unwrap_or_else(|| by_serde(text)), &mut b);
        assert_eq!(a, b, "{what}: not what the event reader reads");
        if !text.contains('\\') {
            places(&by_serde(text), &mut c);
            assert_eq!(a, c, "{what}: not what serde-saphyr reads");
        }
        true
    }

    fn yaml_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect()
    }

    #[test]
    fn the_bundled_country_files_are_read_and_read_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = yaml_files(&root.join("content/countries"));
        assert!(files.len() > 100);
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(assert_same_or_declined(&text, &path.display().to_string()), "{} declined", path.display());
        }
    }

    #[test]
    fn every_yaml_file_of_the_fixtures_is_read_the_same_or_declined() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read_here = 0;
        for path in yaml_files(&root.join("tests/fixtures")).into_iter().chain(yaml_files(&root.join("content"))) {
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            // A file serde-saphyr refuses must be declined: the problem is reported by it.
            let source = crate::load::SourceFile { rel_path: "t.yaml".into(), text: text.clone() };
            let serde_reads = super::super::yaml::parse::<serde_saphyr::Spanned<Node>>(&source, &text, 1).is_ok();
            if assert_same_or_declined(&text, &path.display().to_string()) {
                assert!(serde_reads, "{}: read, but serde-saphyr refuses it", path.display());
                read_here += 1;
            }
        }
        assert!(read_here > 150, "only {read_here} files were read");
    }

    #[test]
    fn block_flow_and_quoted_forms_read_the_same() {
        for text in [
            "code: AF\na: {available: false, list: [], count: 1200, z: 0}\nb: [{kind: domestic, minutes: 3000}, x]\n",
            "q: 'single ''quoted'''\nd: \"double é\"\nnothing: null\ntilde: ~\n",
            "path: Teams/a-b.md@042b\nspaces: Bezocagu Lutum Me   # comment\nempty_list: []\nempty_map: {}\n",
            "nested:\n  - a\n  - - b\n    - c\n",
            "# head\n\ncode: ÅX # é\nplans:\n- {kind: domestic, minutes: 120}\n-   kind: x\n    minutes: 3\nnext:\n    deep:\n        deeper: [a, 'b c', \"d\"]\n",
            "a:\n  b: Zürich, Ålesund\n  c: [São Paulo, 'Saint-Étienne', x y z]\nlast: true\n",
            "list:\n  -\n    a: 1\n  - b: 2\n    c: 3\nk: a:b\nurl: http://x/y\n",
            "a: {b: {c: [1, [2, 3]]}}\n",
            "- a\n- b: 1\n",
        ] {
            assert!(assert_same_or_declined(text, text), "declined: {text:?}");
        }
    }

    #[test]
    fn what_it_is_not_sure_of_is_declined() {
        for text in [
            "a: 1.5\n",
            "a: yes\n",
            "a: -3\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: 1\na: 2\n",
            "a: {b: 1, b: 2}\n",
            "<<: {a: 1}\n",
            "a: [1\n",
            "a: [1,\n  2]\n",
            "--- a\n",
            "a: b\n  c\n",
            "a: |\n  x\n",
            "a:\tb\n",
            "a: b\r\n",
            "a: b\u{2}c\n",
            "a: b\u{85}c\n",
            "a: b\u{2028}c\n",
            "\u{feff}a: b\n",
            "a: b\u{ffff}\n",
            &format!("{}: b\n", "k".repeat(1025)),
            &format!("{}e\n", "- ".repeat(MAX_DEPTH + 1)),
            &format!("a:\n{}e\n", "- ".repeat(MAX_DEPTH)),
            &format!("a: {}e{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH)),
            &format!("{{{}: b}}\n", "k".repeat(1025)),
            "a: \"b\\u0007\"\n",
            "a:\n",
            "a: 'x\n  y'\n",
            "a: [b, ]\n",
            "a: {b}\n",
            "a: b: c\n",
            "  a: 1\n",
            "a: 1\n b: 2\n",
            "",
            "# only a comment\n",
        ] {
            assert!(read(text).is_none(), "{text:?}");
        }
    }
}
