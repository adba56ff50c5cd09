//! XLIFF 2.0 (OASIS, `urn:oasis:names:tc:xliff:document:2.0`), written and read with
//! quick-xml. Only what availgen writes is read back: units of plain text (no inline
//! codes), possibly split into several segments by a translation tool.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;
use quick_xml::{Writer, XmlVersion};

use crate::diagnostic::Diagnostic;

pub const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The XLIFF 2.0 segment states, in order of progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SegState {
    Initial,
    Translated,
    Reviewed,
    Final,
}

impl SegState {
    pub fn as_str(self) -> &'static str {
        match self {
            SegState::Initial => "initial",
            SegState::Translated => "translated",
            SegState::Reviewed => "reviewed",
            SegState::Final => "final",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "initial" => SegState::Initial,
            "translated" => SegState::Translated,
            "reviewed" => SegState::Reviewed,
            "final" => SegState::Final,
            _ => return None,
        })
    }
}

/// A unit to write: one key (or one form of a plural string), one segment.
#[derive(Debug, Clone)]
pub struct OutUnit {
    pub key: String,
    pub source: String,
    pub target: Option<String>,
    pub state: SegState,
    /// `availgen:stale` or `availgen:unconfirmed`.
    pub sub_state: Option<&'static str>,
    pub note: Option<String>,
}

pub struct OutGroup<'a> {
    /// `None`: the units go directly into the `<file>`.
    pub id: Option<&'a str>,
    pub units: Vec<OutUnit>,
}

pub struct OutFile<'a> {
    pub id: &'a str,
    pub original: &'a str,
    pub groups: Vec<OutGroup<'a>>,
}

/// A unit id for `key`. XLIFF ids are XML name tokens, so every character but ASCII
/// letters, digits, `.`, `-` and `_` is written as `:` and two hex digits per UTF-8 byte
/// (`cities.Buenos Aires` → `cities.Buenos:20Aires`); the unit's `name` keeps the key as is.
pub fn encode_id(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!(":{b:02X}"));
            }
        }
    }
    out
}

/// The key of a unit id written by [`encode_id`].
pub fn decode_id(id: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(id.len());
    let mut rest = id.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b':' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
            bytes.push(b);
            rest = tail;
        } else {
            return None;
        }
    }
    String::from_utf8(bytes).ok().filter(|k| encode_id(k) == id)
}

/// Whether XML 1.0 can hold `c` at all (even as a character reference).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Element text: `&`, `<` and `>` escaped (the last so `]]>` cannot occur), and `\r` as
/// a character reference, which a reader does not turn into `\n` as it does a raw one.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

fn check_chars(what: &str, key: &str, text: &str) -> Result<(), String> {
    match text.chars().find(|c| !xml_char(*c)) {
        Some(c) => Err(format!("`{key}`: the {what} contains U+{:04X}, which XML 1.0 cannot hold", c as u32)),
        None => Ok(()),
    }
}

/// The XLIFF document for `trg_lang`, with `comment` before the root element.
pub fn write(src_lang: &str, trg_lang: &str, comment: &str, files: &[OutFile]) -> Result<String, String> {
    let io = |e: std::io::Error| e.to_string();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(io)?;
    let comment = comment.replace("--", "- -");
    w.write_event(Event::Comment(BytesText::from_escaped(format!(" {comment} ")))).map_err(io)?;
    let root = BytesStart::new("xliff").with_attributes([
        ("xmlns", NS),
        ("version", "2.0"),
        ("srcLang", src_lang),
        ("trgLang", trg_lang),
    ]);
    w.write_event(Event::Start(root)).map_err(io)?;
    for file in files {
        w.write_event(Event::Start(
            BytesStart::new("file").with_attributes([("id", file.id), ("original", file.original)]),
        ))
        .map_err(io)?;
        for group in &file.groups {
            if let Some(id) = group.id {
                w.write_event(Event::Start(BytesStart::new("group").with_attributes([("id", id), ("name", id)])))
                    .map_err(io)?;
            }
            for unit in &group.units {
                write_unit(&mut w, unit)?;
            }
            if group.id.is_some() {
                w.write_event(Event::End(BytesEnd::new("group"))).map_err(io)?;
            }
        }
        w.write_event(Event::End(BytesEnd::new("file"))).map_err(io)?;
    }
    w.write_event(Event::End(BytesEnd::new("xliff"))).map_err(io)?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

fn write_unit(w: &mut Writer<Vec<u8>>, unit: &OutUnit) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    check_chars("en-US text", &unit.key, &unit.source)?;
    if let Some(target) = &unit.target {
        check_chars("translation", &unit.key, target)?;
    }
    let id = encode_id(&unit.key);
    let name: String = unit.key.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    w.write_event(Event::Start(BytesStart::new("unit").with_attributes([("id", id.as_str()), ("name", &name)])))
        .map_err(io)?;
    if let Some(note) = &unit.note {
        check_chars("note", &unit.key, note)?;
        w.write_event(Event::Start(BytesStart::new("notes"))).map_err(io)?;
        w.write_event(Event::Start(BytesStart::new("note").with_attributes([("category", "availgen")]))).map_err(io)?;
        w.write_event(Event::Text(BytesText::from_escaped(escape_text(note)))).map_err(io)?;
        w.write_event(Event::End(BytesEnd::new("note"))).map_err(io)?;
        w.write_event(Event::End(BytesEnd::new("notes"))).map_err(io)?;
    }
    let mut segment = BytesStart::new("segment");
    segment.push_attribute(("state", unit.state.as_str()));
    if let Some(sub) = unit.sub_state {
        segment.push_attribute(("subState", sub));
    }
    w.write_event(Event::Start(segment)).map_err(io)?;
    let texts = [("source", Some(unit.source.as_str())), ("target", unit.target.as_deref())];
    for (element, text) in texts {
        let Some(text) = text else { continue };
        w.write_event(Event::Start(BytesStart::new(element).with_attributes([("xml:space", "preserve")])))
            .map_err(io)?;
        w.write_event(Event::Text(BytesText::from_escaped(escape_text(text)))).map_err(io)?;
        w.write_event(Event::End(BytesEnd::new(element))).map_err(io)?;
    }
    w.write_event(Event::End(BytesEnd::new("segment"))).map_err(io)?;
    w.write_event(Event::End(BytesEnd::new("unit"))).map_err(io)?;
    Ok(())
}

/// A unit read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InUnit {
    pub id: String,
    /// 1-based position of the `<unit` tag in the XLIFF file.
    pub line: usize,
    pub column: usize,
    /// The segments' (and ignorables') sources, joined.
    pub source: String,
    /// The joined targets: `None` when no segment has a (non-empty) target.
    pub target: Option<String>,
    /// The least advanced segment state (`initial` where a segment has none).
    pub state: SegState,
    /// Some segments have a target and others not.
    pub partial: bool,
}

#[derive(Debug)]
pub struct InDoc {
    pub src_lang: String,
    pub trg_lang: String,
    pub units: Vec<InUnit>,
}

#[derive(Default)]
struct Part {
    ignorable: bool,
    state: Option<SegState>,
    source: Option<String>,
    target: Option<String>,
}

struct UnitBuilder {
    id: String,
    line: usize,
    column: usize,
    parts: Vec<Part>,
    problem: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Source,
    Target,
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// Reads an XLIFF 2.0 document; `file` names it in diagnostics.
pub fn read(file: &str, text: &str) -> Result<InDoc, Vec<Diagnostic>> {
    let error_at = |offset: usize, message: String, width: usize| {
        let (line, column) = line_column(text, offset);
        Diagnostic::error(file, message).at(text, line, column, width)
    };
    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut doc: Option<InDoc> = None;
    let mut problems = Vec::new();
    let mut unit: Option<UnitBuilder> = None;
    let mut part: Option<Part> = None;
    // The text element being read, its content, and how deep inline markup inside it goes.
    let mut reading: Option<(Which, String, usize)> = None;
    loop {
        let offset = reader.buffer_position() as usize;
        let step = match reader.read_resolved_event() {
            Ok((resolved, event)) => Ok((matches!(resolved, ResolveResult::Bound(Namespace(ns)) if ns == NS), event)),
            Err(e) => Err(e),
        };
        let (core, event) = match step {
            Ok(x) => x,
            Err(e) => {
                let at = reader.error_position() as usize;
                problems.push(error_at(at, format!("not well-formed XML: {e}"), 1));
                return Err(problems);
            }
        };
        let attr = |e: &BytesStart, name: &str| -> Option<String> {
            let a = e.try_get_attribute(name).ok()??;
            a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                let name = name.as_ref();
                if let Some((_, _, depth)) = reading.as_mut() {
                    if let Some(u) = unit.as_mut() {
                        u.problem.get_or_insert_with(|| {
                            format!("contains inline markup (`<{name}>`), which availgen cannot import")
                        });
                    }
                    if !empty {
                        *depth += 1;
                    }
                    continue;
                }
                if doc.is_none() {
                    if !(core && name == "xliff") {
                        let hint = if name == "xliff" {
                            "this is not XLIFF 2.0 (perhaps XLIFF 1.2); export the file again with availgen"
                        } else {
                            "the file must be an XLIFF 2.0 document written by `availgen translations export`"
                        };
                        problems.push(
                            error_at(offset, format!("the root element is `<{name}>`, not an XLIFF 2.0 `<xliff>`"), 1)
                                .with_hint(hint),
                        );
                        return Err(problems);
                    }
                    let version = attr(e, "version").unwrap_or_default();
                    if !version.starts_with("2.") {
                        problems.push(error_at(offset, format!("XLIFF version `{version}` is not 2.x"), 1));
                        return Err(problems);
                    }
                    doc = Some(InDoc {
                        src_lang: attr(e, "srcLang").unwrap_or_default(),
                        trg_lang: attr(e, "trgLang").unwrap_or_default(),
                        units: Vec::new(),
                    });
                    continue;
                }
                if !core {
                    continue;
                }
                match name {
                    "unit" => {
                        let (line, column) = line_column(text, offset);
                        let id = attr(e, "id").unwrap_or_default();
                        let b = UnitBuilder { id, line, column, parts: Vec::new(), problem: None };
                        if empty {
                            finish_unit(b, file, text, &mut doc, &mut problems);
                        } else {
                            unit = Some(b);
                        }
                    }
                    "segment" | "ignorable" if unit.is_some() => {
                        let state = attr(e, "state");
                        let p = Part {
                            ignorable: name == "ignorable",
                            state: state.as_deref().and_then(SegState::parse),
                            ..Part::default()
                        };
                        if let (Some(s), Some(u)) = (&state, unit.as_mut()) {
                            if SegState::parse(s).is_none() {
                                u.problem.get_or_insert_with(|| format!("has an unknown segment state `{s}`"));
                            }
                        }
                        if empty {
                            if let Some(u) = unit.as_mut() {
                                u.parts.push(p);
                            }
                        } else {
                            part = Some(p);
                        }
                    }
                    "source" | "target" if part.is_some() => {
                        let which = if name == "source" { Which::Source } else { Which::Target };
                        if empty {
                            store(part.as_mut(), which, String::new());
                        } else {
                            reading = Some((which, String::new(), 0));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                if let Some((_, content, _)) = reading.as_mut() {
                    content.push_str(&t.xml10_content());
                }
            }
            Event::CData(ref t) => {
                if let Some((_, content, _)) = reading.as_mut() {
                    content.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(ref r) => {
                let Some((_, content, _)) = reading.as_mut() else { continue };
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match r.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "apos" => Some('\''),
                        "quot" => Some('"'),
                        _ => None,
                    },
                    Err(_) => None,
                };
                match c {
                    Some(c) => content.push(c),
                    None => {
                        problems.push(error_at(offset, format!("unknown entity `&{};`", r.as_ref()), 1));
                        return Err(problems);
                    }
                }
            }
            Event::End(ref e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if let Some((which, content, depth)) = reading.as_mut() {
                    if *depth > 0 {
                        *depth -= 1;
                        continue;
                    }
                    let (which, content) = (*which, std::mem::take(content));
                    reading = None;
                    store(part.as_mut(), which, content);
                    continue;
                }
                if !core {
                    continue;
                }
                match name {
                    "segment" | "ignorable" => {
                        if let (Some(p), Some(u)) = (part.take(), unit.as_mut()) {
                            u.parts.push(p);
                        }
                    }
                    "unit" => {
                        if let Some(b) = unit.take() {
                            finish_unit(b, file, text, &mut doc, &mut problems);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match doc {
        Some(doc) if problems.is_empty() => Ok(doc),
        Some(_) => Err(problems),
        None => {
            problems.push(Diagnostic::error(file, "the file has no `<xliff>` element"));
            Err(problems)
        }
    }
}

fn store(part: Option<&mut Part>, which: Which, content: String) {
    if let Some(p) = part {
        match which {
            Which::Source => p.source = Some(content),
            Which::Target => p.target = Some(content),
        }
    }
}

fn finish_unit(b: UnitBuilder, file: &str, text: &str, doc: &mut Option<InDoc>, problems: &mut Vec<Diagnostic>) {
    let fail =
        |message: String| Diagnostic::error(file, format!("unit `{}` {message}", b.id)).at(text, b.line, b.column, 5);
    if let Some(problem) = &b.problem {
        problems.push(fail(problem.clone()));
        return;
    }
    if b.parts.iter().any(|p| p.source.is_none()) {
        problems.push(fail("has a segment without a <source>".into()));
        return;
    }
    let segments: Vec<&Part> = b.parts.iter().filter(|p| !p.ignorable).collect();
    if segments.is_empty() {
        problems.push(fail("has no <segment>".into()));
        return;
    }
    let source: String = b.parts.iter().filter_map(|p| p.source.as_deref()).collect();
    let with_target = segments.iter().filter(|p| p.target.as_deref().is_some_and(|t| !t.is_empty())).count();
    let target = (with_target == segments.len()).then(|| {
        b.parts.iter().map(|p| p.target.as_deref().or(p.source.as_deref()).unwrap_or_default()).collect::<String>()
    });
    let state = segments.iter().map(|p| p.state.unwrap_or(SegState::Initial)).min().unwrap_or(SegState::Initial);
    if let Some(doc) = doc.as_mut() {
        doc.units.push(InUnit {
            id: b.id.clone(),
            line: b.line,
            column: b.column,
            source,
            target,
            state,
            partial: with_target > 0 && with_target < segments.len(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(key: &str, source: &str, target: Option<&str>, state: SegState) -> OutUnit {
        OutUnit {
            key: key.into(),
            source: source.into(),
            target: target.map(Into::into),
            state,
            sub_state: None,
            note: None,
        }
    }

    #[test]
    fn ids_are_name_tokens_and_decode() {
        for key in ["ui.site_title", "cities.Buenos Aires", "cities.Arizona, Phoenix", "cities.São Paulo", "x:y"] {
            let id = encode_id(key);
            assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b".-_:".contains(&b)), "{id}");
            assert_eq!(decode_id(&id).as_deref(), Some(key));
        }
        assert_eq!(encode_id("cities.Buenos Aires"), "cities.Buenos:20Aires");
        assert_eq!(decode_id("a:2"), None);
        assert_eq!(decode_id("a b"), None);
        assert_eq!(decode_id("a:3a"), None, "only the form encode_id writes");
    }

    #[test]
    fn writes_and_reads_back_text_exactly() {
        let tricky = "a & b < c > d ]]> \"q\" 'a' \r\n\tx  \n  ";
        let note = Some("stale: was -- <old>".to_owned());
        let files = [OutFile {
            id: "strings",
            original: "locales/en-US.yaml",
            groups: vec![OutGroup {
                id: Some("ui"),
                units: vec![
                    OutUnit {
                        note,
                        sub_state: Some("availgen:stale"),
                        ..unit("ui.a", tricky, Some("目標 &"), SegState::Initial)
                    },
                    unit("ui.b", "B", None, SegState::Initial),
                    unit("cities.Buenos Aires", "Buenos Aires", Some("布宜诺斯艾利斯"), SegState::Final),
                ],
            }],
        }];
        let xml = write("en-US", "zh-CN", "comment -- with dashes", &files).unwrap();
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- comment - - with dashes -->\n"),
            "{xml}"
        );
        assert!(xml.contains("<unit id=\"cities.Buenos:20Aires\" name=\"cities.Buenos Aires\">"), "{xml}");
        assert!(xml.contains("<segment state=\"initial\" subState=\"availgen:stale\">"), "{xml}");
        let doc = read("x.xlf", &xml).unwrap();
        assert_eq!((doc.src_lang.as_str(), doc.trg_lang.as_str()), ("en-US", "zh-CN"));
        assert_eq!(doc.units.len(), 3);
        assert_eq!(doc.units[0].source, tricky);
        assert_eq!(doc.units[0].target.as_deref(), Some("目標 &"));
        assert_eq!(doc.units[0].state, SegState::Initial);
        assert_eq!(doc.units[1].target, None);
        assert_eq!((doc.units[2].id.as_str(), doc.units[2].state), ("cities.Buenos:20Aires", SegState::Final));
        let line = xml.lines().position(|l| l.contains("<unit id=\"ui.b\"")).unwrap() + 1;
        assert_eq!((doc.units[1].line, doc.units[1].column), (line, 7));
    }

    #[test]
    fn refuses_characters_xml_cannot_hold() {
        let files = [OutFile {
            id: "f",
            original: "x",
            groups: vec![OutGroup { id: None, units: vec![unit("ui.a", "bell\u{7}", None, SegState::Initial)] }],
        }];
        assert!(write("en-US", "zh-CN", "", &files).unwrap_err().contains("U+0007"));
    }

    const HEAD: &str = "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" xmlns:x=\"urn:other\" version=\"2.0\" srcLang=\"en-US\" trgLang=\"zh-TW\"><file id=\"f\">\n";

    #[test]
    fn joins_segments_and_ignorables() {
        let xml = format!(
            "{HEAD}<unit id=\"page.p\"><x:meta>ignored <source>no</source></x:meta>\
             <segment state=\"final\"><source>One.</source><target>一。</target></segment>\
             <ignorable><source> </source></ignorable>\
             <segment state=\"translated\"><source>Two &amp; <![CDATA[<three>]]>.</source><target>二&#x3002;</target></segment>\
             </unit></file></xliff>"
        );
        let doc = read("x.xlf", &xml).unwrap();
        let u = &doc.units[0];
        assert_eq!(u.source, "One. Two & <three>.");
        assert_eq!(u.target.as_deref(), Some("一。 二。"));
        assert_eq!((u.state, u.partial), (SegState::Translated, false));
    }

    #[test]
    fn partial_and_missing_targets() {
        let xml = format!(
            "{HEAD}<unit id=\"a\"><segment state=\"translated\"><source>1</source><target>一</target></segment>\
             <segment><source>2</source></segment></unit>\
             <unit id=\"b\"><segment><source>x</source><target></target></segment></unit></file></xliff>"
        );
        let doc = read("x.xlf", &xml).unwrap();
        assert_eq!(
            (doc.units[0].target.as_deref(), doc.units[0].partial, doc.units[0].state),
            (None, true, SegState::Initial)
        );
        assert_eq!((doc.units[1].target.as_deref(), doc.units[1].partial), (None, false));
    }

    #[test]
    fn reports_inline_markup_and_bad_xml_with_positions() {
        let xml = format!(
            "{HEAD}<unit id=\"ui.a\">\n<segment><source>a <ph id=\"1\"/> b</source><target>x</target></segment></unit></file></xliff>"
        );
        let d = read("x.xlf", &xml).unwrap_err();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (3, 1));
        assert!(d[0].message.contains("unit `ui.a` contains inline markup (`<ph>`)"), "{}", d[0].message);

        let d = read("x.xlf", &format!("{HEAD}<unit id=\"a\"><segment></unit>")).unwrap_err();
        assert!(d[0].message.starts_with("not well-formed XML"), "{}", d[0].message);
        assert_eq!(d[0].line, 3);

        let v12 = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\"><file/></xliff>";
        let d = read("x.xlf", v12).unwrap_err();
        assert!(d[0].hint.as_deref().unwrap().contains("XLIFF 1.2"), "{:?}", d[0]);
        let d = read(
            "x.xlf",
            &format!("{HEAD}<unit id=\"a\"><segment><source>&nbsp;</source></segment></unit></file></xliff>"),
        )
        .unwrap_err();
        assert!(d[0].message.contains("unknown entity `&nbsp;`"), "{}", d[0].message);
    }
}
