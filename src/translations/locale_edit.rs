//! In-place edits of a locale file that keep its comments, key order and quoting.
//!
//! availgen never re-serializes a locale file: a translator's comments and layout are
//! part of it. An import replaces the value of an existing `  key: value` line (or the
//! lines of a multi-line value) with one line, or for a plural string with a line per
//! form below the key, and appends new keys at the end of their section. The caller
//! re-parses the result to prove the edit did what it meant to.

use super::yaml_text::inline;
use crate::load::locale::{category_name, LocaleString};

/// What follows `key:` for `value`: ` text` on the same line, or for a plural string a
/// `category: text` line per form, in CLDR order, indented two past `indent` (the key's).
fn written(value: &LocaleString, indent: usize, eol: &str) -> String {
    match value.categories() {
        None => format!(" {}", inline(value.other())),
        Some(categories) => categories
            .into_iter()
            .map(|c| format!("{eol}{}{}: {}", " ".repeat(indent + 2), category_name(c), inline(value.form(c))))
            .collect(),
    }
}

/// A key token at the start of `content` (after indentation): its text and the byte
/// offset just after the `:` that ends it.
fn key_token(content: &str) -> Option<(String, usize)> {
    let (key, after) = match content.chars().next()? {
        '\'' => {
            let end = closing_single(content, 0)?;
            (content[1..end].replace("''", "'"), end + 1)
        }
        '"' => {
            let end = closing_double(content, 0)?;
            (unescape_double(&content[1..end])?, end + 1)
        }
        _ => {
            let colon = plain_colon(content)?;
            (content[..colon].trim_end().to_owned(), colon)
        }
    };
    let rest = &content[after..];
    let colon = after + rest.len() - rest.trim_start_matches(' ').len();
    if !content[colon..].starts_with(':') {
        return None;
    }
    let after_colon = colon + 1;
    match content[after_colon..].chars().next() {
        None | Some(' ') | Some('\t') => Some((key, after_colon)),
        _ => None,
    }
}

/// Byte index of the `:` that ends a plain key.
fn plain_colon(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    (0..bytes.len()).find(|&i| bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ') | Some(b'\t')))
}

/// Byte index of the quote that closes a single-quoted scalar opening at `open`.
fn closing_single(s: &str, open: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Byte index of the quote that closes a double-quoted scalar opening at `open`.
fn closing_double(s: &str, open: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn unescape_double(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars, n: usize| -> Option<char> {
            let digits: String = chars.by_ref().take(n).collect();
            char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
        };
        out.push(match chars.next()? {
            '\\' => '\\',
            '"' => '"',
            '/' => '/',
            ' ' => ' ',
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            'x' => hex(&mut chars, 2)?,
            'u' => hex(&mut chars, 4)?,
            'U' => hex(&mut chars, 8)?,
            _ => return None,
        });
    }
    Some(out)
}

/// The part of a value's first line after the scalar: the trailing comment with the
/// blanks before it, or `None` when the value goes on over further lines.
fn value_tail(rest: &str) -> Option<&str> {
    let start = rest.len() - rest.trim_start().len();
    let v = &rest[start..];
    let comment_at = |from: usize| -> Option<&str> {
        let after = &rest[from..];
        if after.trim().is_empty() {
            Some("")
        } else if after.trim_start().starts_with('#') {
            Some(after.trim_end())
        } else {
            None
        }
    };
    match v.chars().next() {
        None | Some('#') | Some('|') | Some('>') => None,
        Some('\'') => comment_at(start + closing_single(v, 0)? + 1),
        Some('"') => comment_at(start + closing_double(v, 0)? + 1),
        Some(_) => {
            let bytes = rest.as_bytes();
            let hash = (start..bytes.len()).find(|&i| bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t'));
            match hash {
                Some(i) => {
                    let blanks = rest[..i].len() - rest[..i].trim_end().len();
                    Some(rest[i - blanks..].trim_end())
                }
                None => Some(""),
            }
        }
    }
}

struct Entry {
    key: String,
    /// First and last line (indices) of the entry, value included.
    start: usize,
    end: usize,
    /// Byte length of the first line's text up to and including the key's `:`.
    prefix: usize,
    /// The comment after a one-line value, kept when the value is replaced.
    comment: Option<String>,
    /// The value continues on more-indented lines (block scalar, multi-line quote).
    open: bool,
}

struct Section {
    name: String,
    header: usize,
    /// Text after `name:` on the header line (a flow mapping such as `{}`), comment removed.
    inline: String,
    indent: Option<usize>,
    entries: Vec<Entry>,
}

fn split_eol(line: &str) -> (&str, &str) {
    let content = line.trim_end_matches(['\n', '\r']);
    (content, &line[content.len()..])
}

fn scan(lines: &[String]) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let (content, _) = split_eol(line);
        let trimmed = content.trim_start_matches(' ');
        let indent = content.len() - trimmed.len();
        let is_comment = trimmed.starts_with('#');
        if trimmed.is_empty() || (indent == 0 && (is_comment || trimmed.starts_with("---"))) {
            continue;
        }
        if indent == 0 {
            let (name, inline) = match key_token(content) {
                Some((name, after)) => {
                    let rest = &content[after..];
                    let inline = match value_tail(rest) {
                        Some(tail) => rest[..rest.len() - tail.len()].trim().to_owned(),
                        None => rest.trim().to_owned(),
                    };
                    (name, if inline.starts_with('#') { String::new() } else { inline })
                }
                None => (String::new(), String::from("?")),
            };
            sections.push(Section { name, header: i, inline, indent: None, entries: Vec::new() });
            continue;
        }
        let Some(section) = sections.last_mut() else {
            continue;
        };
        if !section.inline.is_empty() {
            continue;
        }
        let entry_indent = *section.indent.get_or_insert(indent);
        if indent > entry_indent {
            if let Some(last) = section.entries.last_mut() {
                if last.open || !is_comment {
                    last.end = i;
                    last.comment = None;
                }
            }
            continue;
        }
        if is_comment {
            continue;
        }
        if indent < entry_indent {
            // Not the layout availgen writes; the caller's re-parse reports what went wrong.
            section.indent = Some(indent);
        }
        if let Some((key, after)) = key_token(trimmed) {
            let rest = &trimmed[after..];
            let tail = value_tail(rest);
            section.entries.push(Entry {
                key,
                start: i,
                end: i,
                prefix: indent + after,
                comment: tail.filter(|t| !t.is_empty()).map(str::to_owned),
                open: tail.is_none(),
            });
        }
    }
    sections
}

/// The order of a locale file's sections, for placing a section that does not exist yet.
const SECTION_ORDER: &[&str] = &["meta", "ui", "countries", "cities", "notes"];

/// Sets `section.key` to `value` for every change, in `text` (a locale file), keeping
/// every other byte. Existing keys are rewritten in place; new keys are appended at the
/// end of their section in the order given; a missing section is added in its place.
pub fn edit_locale(text: &str, changes: &[(&str, &str, LocaleString)]) -> Result<String, String> {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut names: Vec<&str> = SECTION_ORDER.to_vec();
    for (name, _, _) in changes {
        if !names.contains(name) {
            names.push(name);
        }
    }
    for section_name in names {
        let wanted: Vec<(&str, &LocaleString)> =
            changes.iter().filter(|c| c.0 == section_name).map(|c| (c.1, &c.2)).collect();
        if wanted.is_empty() {
            continue;
        }
        let sections = scan(&lines);
        let existing = sections.iter().find(|s| s.name == section_name);
        let mut appended = Vec::new();
        // Replacements first, from the bottom up, so earlier line numbers stay valid.
        let mut replacements: Vec<(&Entry, &LocaleString)> = Vec::new();
        for (key, value) in &wanted {
            match existing.and_then(|s| s.entries.iter().find(|e| e.key == *key)) {
                Some(entry) => replacements.push((entry, value)),
                None => appended.push((*key, *value)),
            }
        }
        replacements.sort_by_key(|(e, _)| std::cmp::Reverse(e.start));
        for (entry, value) in &replacements {
            let (content, _) = split_eol(&lines[entry.start]);
            let (_, last_eol) = split_eol(&lines[entry.end]);
            let indent = content.len() - content.trim_start_matches(' ').len();
            let comment = entry.comment.as_deref().unwrap_or("");
            let line = match value {
                // A plural string's forms go below the key; a comment stays on the key's line.
                LocaleString::Plural(_) => {
                    format!("{}{comment}{}{last_eol}", &content[..entry.prefix], written(value, indent, eol))
                }
                LocaleString::Plain(_) => {
                    format!("{}{}{comment}{last_eol}", &content[..entry.prefix], written(value, indent, eol))
                }
            };
            lines.splice(entry.start..=entry.end, [line]);
        }
        if appended.is_empty() {
            continue;
        }
        let sections = scan(&lines);
        let indent = sections.iter().filter_map(|s| s.indent).next().unwrap_or(2);
        let new_lines = |indent: usize| -> Vec<String> {
            appended
                .iter()
                .map(|(k, v)| format!("{}{}:{}{eol}", " ".repeat(indent), inline(k), written(v, indent, eol)))
                .collect()
        };
        match sections.iter().find(|s| s.name == section_name) {
            Some(section) => {
                let at = match section.entries.last() {
                    Some(last) => last.end + 1,
                    None => {
                        match section.inline.as_str() {
                            "" => {}
                            "{}" => {
                                let (content, line_eol) = split_eol(&lines[section.header]);
                                let fixed = content.replacen("{}", "", 1).replacen(": ", ":", 1);
                                let fixed = format!("{}{line_eol}", fixed.trim_end());
                                lines[section.header] = fixed;
                            }
                            _ => {
                                return Err(format!(
                                    "`{section_name}:` is written as a flow mapping (`{{...}}`); \
                                     write one `key: value` per line to import into it"
                                ))
                            }
                        }
                        section.header + 1
                    }
                };
                let indent = section.indent.unwrap_or(indent);
                ensure_eol(&mut lines, at, eol);
                lines.splice(at..at, new_lines(indent));
            }
            None => {
                let rank = |name: &str| SECTION_ORDER.iter().position(|n| *n == name).unwrap_or(SECTION_ORDER.len());
                let mine = rank(section_name);
                let next = sections.iter().filter(|s| rank(&s.name) > mine).map(|s| s.header).min();
                let mut at = next.unwrap_or(lines.len());
                if next.is_some() {
                    while at > 0 && lines[at - 1].starts_with('#') {
                        at -= 1;
                    }
                }
                ensure_eol(&mut lines, at, eol);
                let mut block = vec![format!("{}:{eol}", inline(section_name))];
                block.extend(new_lines(indent));
                lines.splice(at..at, block);
            }
        }
    }
    Ok(lines.concat())
}

/// Makes sure the line before index `at` ends with a line break before inserting there.
fn ensure_eol(lines: &mut [String], at: usize, eol: &str) {
    if at > 0 {
        let previous = &mut lines[at - 1];
        if !previous.ends_with('\n') {
            previous.push_str(eol);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    /// Changes to plain strings.
    fn plain<'a>(changes: &[(&'a str, &'a str, &str)]) -> Vec<(&'a str, &'a str, LocaleString)> {
        changes.iter().map(|(section, key, value)| (*section, *key, LocaleString::Plain((*value).into()))).collect()
    }

    const LOCALE: &str = "# a comment at the top\nmeta:\n  name: Test\nui:\n  # comment inside ui\n  site_title: Old title # keep me\n  'yes': 是\n  block: |\n    line one\n    # not a comment\n  after: x\n# comment before countries\ncountries:\n  'NO': 挪威\n";

    fn parse(text: &str) -> IndexMap<String, IndexMap<String, String>> {
        #[derive(serde::Deserialize)]
        struct Meta {
            #[allow(dead_code)]
            name: String,
        }
        #[derive(serde::Deserialize)]
        struct File {
            #[allow(dead_code)]
            meta: Meta,
            #[serde(flatten)]
            rest: IndexMap<String, IndexMap<String, String>>,
        }
        let f: File = serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        f.rest
    }

    #[test]
    fn replaces_values_in_place_keeping_comments() {
        let out = edit_locale(LOCALE, &plain(&[("ui", "site_title", "New: title"), ("ui", "yes", "是的")])).unwrap();
        assert_eq!(
            out,
            LOCALE
                .replace("site_title: Old title # keep me", "site_title: 'New: title' # keep me")
                .replace("'yes': 是", "'yes': 是的")
        );
        let parsed = parse(&out);
        assert_eq!(parsed["ui"]["site_title"], "New: title");
        assert_eq!(parsed["ui"]["block"], "line one\n# not a comment\n");
    }

    #[test]
    fn replaces_multi_line_values_with_one_line() {
        let out = edit_locale(LOCALE, &plain(&[("ui", "block", "one line")])).unwrap();
        assert!(out.contains("  block: one line\n  after: x\n"), "{out}");
        assert_eq!(parse(&out)["ui"]["after"], "x");
    }

    #[test]
    fn appends_new_keys_at_the_end_of_their_section() {
        let out = edit_locale(LOCALE, &plain(&[("ui", "z_new", "Z"), ("ui", "a_new", "A"), ("countries", "ON", "x")]))
            .unwrap();
        assert!(out.contains("  after: x\n  z_new: Z\n  a_new: A\n# comment before countries\n"), "{out}");
        assert!(out.ends_with("  'NO': 挪威\n  'ON': x\n"), "{out}");
        let parsed = parse(&out);
        assert_eq!(parsed["ui"].keys().collect::<Vec<_>>(), ["site_title", "yes", "block", "after", "z_new", "a_new"]);
    }

    #[test]
    fn adds_a_missing_section_in_its_place() {
        let out =
            edit_locale(LOCALE, &plain(&[("cities", "Buenos Aires", "布宜诺斯艾利斯"), ("notes", "n1", "x")])).unwrap();
        assert!(
            out.ends_with("countries:\n  'NO': 挪威\ncities:\n  Buenos Aires: 布宜诺斯艾利斯\nnotes:\n  n1: x\n"),
            "{out}"
        );
        let text = "meta:\n  name: T\nui:\n  a: b\n# countries here\ncountries:\n  AR: x";
        let out = edit_locale(text, &plain(&[("ui", "c", "d"), ("countries", "BR", "yy")])).unwrap();
        assert_eq!(out, "meta:\n  name: T\nui:\n  a: b\n  c: d\n# countries here\ncountries:\n  AR: x\n  BR: yy\n");
        let out =
            edit_locale("meta:\n  name: T\nnotes: {}\n", &plain(&[("ui", "a", "b"), ("notes", "nn", "m")])).unwrap();
        assert_eq!(out, "meta:\n  name: T\nui:\n  a: b\nnotes:\n  nn: m\n");
    }

    #[test]
    fn writes_plural_forms_below_the_key() {
        // Written `other` first; availgen writes the forms in CLDR order.
        let plural = plural_n("meta: {name: x}\nui:\n  n:\n    other: '{count} стран'\n    one: '{count} страна'\n");
        let out = edit_locale(LOCALE, &[("ui", "site_title", plural.clone()), ("ui", "new", plural)]).unwrap();
        assert!(
            out.contains(
                "  site_title: # keep me\n    one: '{count} страна'\n    other: '{count} стран'\n  'yes': 是\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("  after: x\n  new:\n    one: '{count} страна'\n    other: '{count} стран'\n# comment"),
            "{out}"
        );
    }

    /// The plural string `ui.n` of a locale file's text.
    fn plural_n(text: &str) -> LocaleString {
        let source = crate::load::SourceFile { rel_path: "locales/ru-RU.yaml".into(), text: text.into() };
        crate::load::locale::parse(&source).unwrap().data.ui["n"].value.clone()
    }

    #[test]
    fn keeps_crlf_line_endings() {
        let text = "meta:\r\n  name: T\r\nui:\r\n  a: b\r\n";
        let out = edit_locale(text, &plain(&[("ui", "a", "c"), ("ui", "d", "e")])).unwrap();
        assert_eq!(out, "meta:\r\n  name: T\r\nui:\r\n  a: c\r\n  d: e\r\n");
    }

    #[test]
    fn refuses_to_add_to_a_flow_mapping() {
        let err = edit_locale("meta: {name: T}\nui: {a: b}\n", &plain(&[("ui", "c", "d")])).unwrap_err();
        assert!(err.contains("flow mapping"), "{err}");
        // Replacing inside one is not attempted either: the key is not found on its own line.
        assert!(edit_locale("meta: {name: T}\nui: {a: b}\n", &plain(&[("ui", "a", "d")])).is_err());
    }

    #[test]
    fn key_tokens() {
        assert_eq!(key_token("site_title: x"), Some(("site_title".into(), 11)));
        assert_eq!(key_token("'yes': 是"), Some(("yes".into(), 6)));
        assert_eq!(key_token("'Arizona, Phoenix': x"), Some(("Arizona, Phoenix".into(), 19)));
        assert_eq!(key_token("\"a\\\"b\" : x"), Some(("a\"b".into(), 8)));
        assert_eq!(key_token("Buenos Aires:"), Some(("Buenos Aires".into(), 13)));
        assert_eq!(key_token("http://x"), None);
        assert_eq!(value_tail(" 'a # b' # c"), Some(" # c"));
        assert_eq!(value_tail(" a # b"), Some(" # b"));
        assert_eq!(value_tail(" a#b"), Some(""));
        assert_eq!(value_tail(" |"), None);
        assert_eq!(value_tail(" 'open"), None);
    }
}
