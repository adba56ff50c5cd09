//! `content/pages/<name>.<locale>.md`: a prose page in one language, YAML front matter first.

use serde::Deserialize;

use super::{yaml, SourceFile};
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Position in the navigation, smallest first.
    #[serde(default)]
    pub order: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageFile {
    /// `calling-plans` in `calling-plans.zh-CN.md`.
    pub name: String,
    /// `zh-CN` in `calling-plans.zh-CN.md`.
    pub tag: String,
    pub rel_path: String,
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// Byte offset of `body` in `text`.
    pub body_offset: usize,
    pub text: String,
}

pub fn parse(source: &SourceFile) -> Result<PageFile, Vec<Diagnostic>> {
    let file_name = source.rel_path.rsplit('/').next().unwrap_or_default();
    // A tag has no dots, so the name is everything before the last one: `a.b.en-US.md` is page `a.b`.
    let Some((name, tag)) = file_name.strip_suffix(".md").and_then(|s| s.rsplit_once('.')) else {
        return Err(vec![Diagnostic::error(&source.rel_path, "a page file must be named <name>.<locale>.md")
            .with_hint("for example `calling-plans.en-US.md`")]);
    };
    let text = source.text.replace("\r\n", "\n");
    let Some(after_open) = text.strip_prefix("---\n") else {
        return Err(vec![Diagnostic::error(&source.rel_path, "page has no front matter")
            .at(&text, 1, 1, 1)
            .with_hint("start the file with a `---` line, then `title: ...`, then another `---` line")]);
    };
    let Some(close) = after_open
        .find("\n---\n")
        .map(|i| i + 1)
        .or_else(|| after_open.ends_with("\n---").then(|| after_open.len() - 3))
    else {
        return Err(vec![Diagnostic::error(&source.rel_path, "front matter is not closed")
            .at(&text, 1, 1, 3)
            .with_hint("add a `---` line after the front matter")]);
    };
    let front_text = &after_open[..close];
    let source = SourceFile { rel_path: source.rel_path.clone(), text: text.clone() };
    let front: FrontMatter = yaml::parse(&source, front_text, 2).map_err(|d| vec![d])?;
    let body_offset = (4 + close + 4).min(text.len());
    if let Some(d) = control_reference(&source.rel_path, &text, body_offset) {
        return Err(vec![d]);
    }
    Ok(PageFile {
        name: name.to_owned(),
        tag: tag.to_owned(),
        rel_path: source.rel_path,
        front,
        body: text[body_offset..].to_owned(),
        body_offset,
        text,
    })
}

/// An error at the first character reference (`&#7;`, `&#x1B;`) to a control character in
/// the Markdown after `body_offset`, outside code, where it would reach the HTML as the raw character.
fn control_reference(rel_path: &str, text: &str, body_offset: usize) -> Option<Diagnostic> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let body = &text[body_offset..];
    if !body.contains("&#") {
        return None;
    }
    let mut in_code = false;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) | Event::Html(_) | Event::InlineHtml(_) if !in_code => {
                let written = &body[range.clone()];
                for (i, _) in written.match_indices("&#") {
                    let rest = &written[i + 2..];
                    let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
                        Some(hex) => (hex, 16),
                        None => (rest, 10),
                    };
                    let len = digits.find(|c: char| !c.is_digit(radix)).unwrap_or(digits.len());
                    if len == 0 || !digits[len..].starts_with(';') {
                        continue;
                    }
                    let c = u32::from_str_radix(&digits[..len], radix).ok().and_then(char::from_u32);
                    if let Some(c) = c.filter(|&c| super::is_forbidden_control(c)) {
                        let offset = body_offset + range.start + i;
                        let before = &text[..offset];
                        let line = before.matches('\n').count() + 1;
                        let column = before[before.rfind('\n').map_or(0, |n| n + 1)..].chars().count() + 1;
                        let width = rest.len() - digits.len() + len + 3;
                        return Some(
                            Diagnostic::error(
                                rel_path,
                                format!("character reference to the control character U+{:04X}", c as u32),
                            )
                            .at(text, line, column, width)
                            .with_hint("remove it: control characters are invisible and unsafe in the output"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let source = SourceFile {
            rel_path: "content/pages/calling-plans.zh-CN.md".into(),
            text: "---\ntitle: 通话套餐\norder: 2\n---\n\nBody\n".into(),
        };
        let p = parse(&source).unwrap();
        assert_eq!(
            (p.name.as_str(), p.tag.as_str(), p.front.title.as_str(), p.front.order),
            ("calling-plans", "zh-CN", "通话套餐", 2)
        );
        assert_eq!(p.body, "\nBody\n");
        assert_eq!(&p.text[p.body_offset..], p.body);
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let source =
            SourceFile { rel_path: "content/pages/x.en-US.md".into(), text: "---\ntitle: X\ntitel: Y\n---\n".into() };
        let d = &parse(&source).unwrap_err()[0];
        assert_eq!((d.line, d.hint.as_deref()), (3, Some("did you mean `title`?")));
    }
}
