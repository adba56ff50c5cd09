//! Text inside DocFX table cells and paragraphs, as it is really written: Markdown links,
//! `**bold**`, `<br/>` line breaks, `<ul><li>` lists whose `<li>` and `</ul>` are often
//! left unclosed, stray `</li></li>`, HTML character references (`&amp;`, `&#233;`).

/// A Markdown link: its text and target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// Inline text with links resolved to their text and tags removed. `<br/>` becomes `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub links: Vec<Link>,
}

impl Inline {
    /// The text on one line, for matching and display.
    pub fn flat(&self) -> String {
        collapse(&self.text.replace('\n', " "))
    }

    /// The non-empty lines, each trimmed.
    pub fn lines(&self) -> Vec<String> {
        self.text.lines().map(collapse).filter(|l| !l.is_empty()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The link targets, for rules that look at where a link points.
    pub fn urls(&self) -> String {
        let urls: Vec<&str> = self.links.iter().map(|l| l.url.as_str()).collect();
        urls.join(" ")
    }
}

/// A table cell split around its HTML list: text before it, the items, text after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub lead: Inline,
    pub items: Vec<Inline>,
    pub tail: Inline,
}

/// Collapses runs of whitespace into one space and trims.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower case with typographic apostrophes and `*` removed, whitespace collapsed.
pub fn norm(s: &str) -> String {
    collapse(&s.replace(['’', '‘'], "'").replace('*', "").to_lowercase())
}

/// Resolves links, tags and character references in `raw`.
pub fn inline(raw: &str) -> Inline {
    let mut links = Vec::new();
    let text = resolve_links(raw, &mut links);
    let text = strip_tags(&text);
    let text = decode_entities(&text).replace("**", "");
    Inline { text, links }
}

/// A title, heading, label or link text as plain text on one line: tags dropped,
/// character references decoded, whitespace collapsed.
pub fn plain(raw: &str) -> String {
    collapse(&decode_entities(&strip_tags(raw)))
}

/// Replaces each `[text](url)` with `text`, collecting the links.
fn resolve_links(raw: &str, links: &mut Vec<Link>) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match parse_link(after) {
            Some((text, url, used)) => {
                let text = resolve_links(text, links);
                links.push(Link { text: plain(&text), url: url.to_owned() });
                out.push_str(&text);
                rest = &after[used..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// After a `[`: the link text, the target, and how many bytes the rest of the link took.
pub fn parse_link(after: &str) -> Option<(&str, &str, usize)> {
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in after.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(i);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let target = after[close + 1..].strip_prefix('(')?;
    let end = target.find(')')?;
    let url = target[..end].trim();
    let url = url.split_whitespace().next().unwrap_or(url);
    Some((&after[..close], url, close + 2 + end + 1))
}

/// Drops HTML tags; `<br>`, `<br/>` and `<br />` become line breaks.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find('>') else {
            out.push_str(after);
            return out;
        };
        let tag = &after[1..close];
        if !is_tag(tag) {
            out.push('<');
            rest = &after[1..];
            continue;
        }
        if tag_name(tag) == "br" {
            out.push('\n');
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn is_tag(inside: &str) -> bool {
    let name = inside.trim_start_matches('/');
    name.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// `br` for `br/`, `/li` → `li`, `span class="x"` → `span`, lower case.
fn tag_name(inside: &str) -> String {
    inside
        .trim_start_matches('/')
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Decodes every HTML character reference: named (`&amp;`, `&eacute;`), decimal
/// (`&#233;`) and hex (`&#xE9;`); text that only looks like one (`AT&T`) stays. Run after
/// [`strip_tags`], so `&lt;b&gt;` stays text. A no-break space becomes a space: the pages
/// use it for layout, and a city name must not keep it.
fn decode_entities(s: &str) -> String {
    html_escape::decode_html_entities(s).replace('\u{a0}', " ")
}

enum Part {
    Lead,
    Item,
    Tail,
}

/// Splits a raw cell at its list tags. Items end at the next `<li>`, `</li>` or `</ul>`;
/// a list that is never closed runs to the end of the cell.
pub fn cell(raw: &str) -> Cell {
    let mut lead = String::new();
    let mut items: Vec<String> = Vec::new();
    let mut tail = String::new();
    let mut part = Part::Lead;
    let mut rest = raw;
    loop {
        let (text, tag) = match find_list_tag(rest) {
            Some((start, end, name)) => {
                let text = &rest[..start];
                rest = &rest[end..];
                (text, Some(name))
            }
            None => (rest, None),
        };
        match part {
            Part::Lead => lead.push_str(text),
            Part::Item => {
                if let Some(item) = items.last_mut() {
                    item.push_str(text);
                }
            }
            Part::Tail => tail.push_str(text),
        }
        let Some(tag) = tag else { break };
        part = match (tag.as_str(), part) {
            ("li", _) => {
                items.push(String::new());
                Part::Item
            }
            ("ul" | "ol", Part::Lead) => Part::Lead,
            ("/li", Part::Item) => Part::Tail,
            ("/ul" | "/ol", _) => Part::Tail,
            (_, p) => p,
        };
    }
    Cell {
        lead: inline(&lead),
        items: items.iter().map(|i| inline(i)).filter(|i| !i.is_empty()).collect(),
        tail: inline(&tail),
    }
}

/// The next `<ul>`, `</ul>`, `<ol>`, `</ol>`, `<li>` or `</li>` tag: start, end, name.
fn find_list_tag(s: &str) -> Option<(usize, usize, String)> {
    let mut from = 0;
    while let Some(open) = s[from..].find('<') {
        let start = from + open;
        let close = s[start..].find('>')? + start;
        let inside = &s[start + 1..close];
        let name = tag_name(inside);
        if matches!(name.as_str(), "ul" | "ol" | "li") {
            let slash = if inside.starts_with('/') { "/" } else { "" };
            return Some((start, close + 1, format!("{slash}{name}")));
        }
        from = start + 1;
    }
    None
}

/// Splits text into sentences: at line breaks, and after `.`, `!` or `?` followed by
/// space and a capital letter (so "U.S. states" stays whole).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut current = String::new();
        let mut i = 0;
        while i < chars.len() {
            current.push(chars[i]);
            if matches!(chars[i], '.' | '!' | '?') {
                let mut j = i + 1;
                while j < chars.len() && chars[j] == ' ' {
                    j += 1;
                }
                if j > i + 1 && j < chars.len() && chars[j].is_uppercase() {
                    out.push(collapse(&current));
                    current.clear();
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        out.push(collapse(&current));
    }
    out.retain(|s| !s.is_empty());
    out
}

/// A leading answer word: `Yes`, `No`, `Available`, `Not available`, `Supported`, …
/// Returns the answer and the text after it (trimmed of `, . : ;`).
pub fn answer(text: &str) -> Option<(bool, String)> {
    const WORDS: [(&str, bool); 9] = [
        ("not available", false),
        ("not supported at this time", false),
        ("not supported", false),
        ("unavailable", false),
        ("available", true),
        ("fully supported", true),
        ("supported", true),
        ("yes", true),
        ("no", false),
    ];
    let text = text.lines().map(collapse).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    for (word, value) in WORDS {
        let Some(head) = text.get(..word.len()) else {
            continue;
        };
        let after = &text[word.len()..];
        if head.eq_ignore_ascii_case(word) && !after.starts_with(|c: char| c.is_alphanumeric()) {
            let rest = after.trim_start_matches(|c: char| c.is_whitespace() || ",.:;".contains(c));
            return Some((value, rest.trim().to_owned()));
        }
    }
    None
}

/// Splits `text` into its leading part and a trailing `( … )`, if it ends with one.
pub fn trailing_paren(text: &str) -> (String, Option<String>) {
    let t = text.trim().trim_end_matches('.').trim_end();
    if !t.ends_with(')') {
        return (text.trim().to_owned(), None);
    }
    let mut depth = 0;
    for (i, c) in t.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let inner = t[i + 1..t.len() - 1].trim().to_owned();
                    return (t[..i].trim().to_owned(), Some(inner));
                }
            }
            _ => {}
        }
    }
    (text.trim().to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links_tags_and_breaks() {
        let i = inline("No. [Please contact us](mailto:ptnapac@microsoft.com). <br/>");
        assert_eq!(i.flat(), "No. Please contact us.");
        assert_eq!(i.links[0].url, "mailto:ptnapac@microsoft.com");
        assert_eq!(inline("a<br/>b<br />c<BR>d").lines(), ["a", "b", "c", "d"]);
        assert_eq!(inline("**Note:** x &amp; y").flat(), "Note: x & y");
        assert_eq!(inline("1 < 2").flat(), "1 < 2");
    }

    #[test]
    fn decodes_named_decimal_and_hex_references() {
        assert_eq!(plain("Bosnia &amp; Herzegovina"), "Bosnia & Herzegovina");
        assert_eq!(plain("Montr&eacute;al, Montr&#233;al, Montr&#xE9;al"), "Montréal, Montréal, Montréal");
        assert_eq!(plain("aren&rsquo;t&nbsp;linked"), "aren’t linked");
        assert_eq!(inline("Banja&nbsp;Luka<br/>Biha&#263;").lines(), ["Banja Luka", "Bihać"]);
        // Markup written as references is text, not a tag to drop.
        assert_eq!(plain("&lt;b&gt;x&lt;/b&gt; <b>y</b>"), "<b>x</b> y");
        // Not references: left as written.
        assert_eq!(plain("AT&T &unknown; &#xZZ; & co"), "AT&T &unknown; &#xZZ; & co");
        let i = inline("[Caf&eacute; list](x.md?a=1&amp;b=2)");
        assert_eq!((i.flat().as_str(), i.links[0].text.as_str()), ("Café list", "Café list"));
    }

    #[test]
    fn links_with_parentheses_around_them() {
        let i = inline("Yes ([on request](../x/contact-tns-service-desk.md)) <br/>");
        assert_eq!(i.flat(), "Yes (on request)");
        assert_eq!(i.links[0].text, "on request");
        let i = inline("see [SoftBank](https://aka.ms/SoftBankVoicePlan)).");
        assert_eq!(i.flat(), "see SoftBank).");
    }

    #[test]
    fn yes_for_list_then_text() {
        let c = cell("Yes, for:<br/><ul><li> Paris</ul> If you want dedicated numbers, see [x](/y).  <br/> ");
        assert_eq!(c.lead.flat(), "Yes, for:");
        assert_eq!(c.items.len(), 1);
        assert_eq!(c.items[0].flat(), "Paris");
        assert_eq!(c.tail.flat(), "If you want dedicated numbers, see x.");
    }

    #[test]
    fn unclosed_items_and_breaks_inside_them() {
        let c = cell(" <ul><li>Buenos Aires <li>Cordoba <li>Mendoza <br/>  <li>San Miguel de Tucuman <br/> ");
        let items: Vec<String> = c.items.iter().map(Inline::flat).collect();
        assert_eq!(items, ["Buenos Aires", "Cordoba", "Mendoza", "San Miguel de Tucuman"]);
        assert!(c.tail.is_empty());
    }

    #[test]
    fn stray_closing_items() {
        let c = cell("There are two: <ul><li>120 minute plan </li><li>240 minute plan</li></li><li>x</li></li> ");
        let items: Vec<String> = c.items.iter().map(Inline::flat).collect();
        assert_eq!(items, ["120 minute plan", "240 minute plan", "x"]);
        assert_eq!(c.lead.flat(), "There are two:");
        assert!(c.tail.is_empty());
    }

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        assert_eq!(
            sentences("All 50 U.S. states and Puerto Rico. Users of U.S. and/or Puerto Rico share."),
            ["All 50 U.S. states and Puerto Rico.", "Users of U.S. and/or Puerto Rico share."]
        );
        assert_eq!(sentences("a\n\nb. c"), ["a", "b. c"]);
    }

    #[test]
    fn answers() {
        assert_eq!(answer("Yes  "), Some((true, String::new())));
        assert_eq!(answer("Yes, for:"), Some((true, "for:".into())));
        assert_eq!(answer("No. Please contact us."), Some((false, "Please contact us.".into())));
        assert_eq!(answer("Not available"), Some((false, String::new())));
        assert_eq!(answer("Available"), Some((true, String::new())));
        assert_eq!(answer("Not supported at this time."), Some((false, String::new())));
        assert_eq!(answer("None"), None);
        assert_eq!(answer("Nothing"), None);
        assert_eq!(answer("Yes (on request)\nOnly here."), Some((true, "(on request)\nOnly here.".into())));
    }

    #[test]
    fn trailing_parentheses() {
        assert_eq!(trailing_paren("Jakarta (on request)"), ("Jakarta".into(), Some("on request".into())));
        assert_eq!(trailing_paren("Paris"), ("Paris".into(), None));
        assert_eq!(
            trailing_paren("Santiago (only for (x) orgs)."),
            ("Santiago".into(), Some("only for (x) orgs".into()))
        );
    }
}
