//! Localized selector pages → country names in `locales/<tag>.yaml`.
//!
//! A selector lists `[name](availability-in-<slug>.md)` links. Machine translation left
//! traces in them: `<span class="sxs-lookup">` holding the English beside the
//! translation, and names like `Austria（奥地利）`. The locale file is edited as text:
//! only lines under `countries:` are replaced or inserted; comments, other sections and
//! key order stay as they are.

use super::cell::{collapse, parse_link, plain};
use super::yaml_text::scalar;

/// One country link on a selector page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: usize,
    pub slug: String,
    /// The link text as written.
    pub text: String,
}

/// Every `availability-in-<slug>.md` link, in page order, with its line. Links inside
/// an sxs-lookup span (the English twin of a translated link) are not counted.
pub fn entries(page: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    for (index, line) in page.lines().enumerate() {
        let hidden = sxs_lookup_spans(line);
        let mut pos = 0;
        while let Some(open) = line[pos..].find('[') {
            let at = pos + open;
            let Some((text, url, used)) = parse_link(&line[at + 1..]) else {
                pos = at + 1;
                continue;
            };
            pos = at + 1 + used;
            if hidden.iter().any(|r| r.contains(&at)) {
                continue;
            }
            if let Some(slug) = slug_of(url) {
                out.push(Entry { line: index + 1, slug, text: text.to_owned() });
            }
        }
    }
    out
}

/// `availability-in-<slug>.md`, maybe with a folder or an anchor, → the slug.
pub fn slug_of(url: &str) -> Option<String> {
    let path = url.split(['#', '?']).next()?;
    let name = path.rsplit(['/', '\\']).next()?;
    let slug = name.strip_prefix("availability-in-")?.strip_suffix(".md")?;
    let ok = !slug.is_empty() && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    ok.then(|| slug.to_owned())
}

/// Removes every `<span class="sxs-lookup">…</span>` (the English original that
/// machine translation keeps beside the translated text), nested spans included.
pub fn drop_sxs_lookup(line: &str) -> String {
    let mut out = String::new();
    let mut from = 0;
    for span in sxs_lookup_spans(line) {
        out.push_str(&line[from..span.start]);
        from = span.end;
    }
    out.push_str(&line[from..]);
    out
}

/// Byte ranges of the sxs-lookup spans in `line`, each up to its matching `</span>`.
fn sxs_lookup_spans(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = line[from..].find("<span class=\"sxs-lookup\"") {
        let start = from + found;
        let mut depth = 0usize;
        let mut i = start;
        let mut end = line.len();
        while i < line.len() {
            if line[i..].starts_with("<span") {
                depth += 1;
                i += "<span".len();
            } else if line[i..].starts_with("</span>") {
                depth -= 1;
                i += "</span>".len();
                if depth == 0 {
                    end = i;
                    break;
                }
            } else {
                i += line[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        spans.push(start..end);
        from = end;
    }
    spans
}

/// The localized name in a link text, and what was removed to get it.
/// `english` is the country's en-US name, to recognize `奥地利 (Austria)`.
pub fn clean_name(text: &str, english: Option<&str>) -> (String, Option<String>) {
    let had_lookup = text.contains("sxs-lookup");
    let name = plain(&drop_sxs_lookup(text).replace('\u{3000}', " "));
    let mut removed = had_lookup.then(|| "English text in sxs-lookup span".to_owned());
    if let Some((outside, inside)) = split_paren(&name) {
        let latin = |s: &str| s.chars().all(|c| c.is_ascii() || c.is_whitespace());
        let local = |s: &str| s.chars().any(|c| !c.is_ascii() && c.is_alphabetic());
        if latin(&outside) && local(&inside) {
            return (inside, Some(format!("English name `{outside}` left by machine translation")));
        }
        if local(&outside) && latin(&inside) && english.is_some_and(|e| e.eq_ignore_ascii_case(&inside)) {
            return (outside, Some(format!("English name `{inside}` left by machine translation")));
        }
    }
    if name != collapse(text) && removed.is_none() {
        removed = Some("markup or character references".to_owned());
    }
    (name, removed)
}

/// `A（B）` or `A (B)` → (A, B).
fn split_paren(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let (open, close) = if s.ends_with('）') { ('（', '）') } else { ('(', ')') };
    let body = s.strip_suffix(close)?;
    let at = body.rfind(open)?;
    let outside = body[..at].trim();
    let inside = body[at + open.len_utf8()..].trim();
    (!outside.is_empty() && !inside.is_empty()).then(|| (outside.to_owned(), inside.to_owned()))
}

/// An edit made to the locale file's `countries:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Added,
    Changed { old: String },
    Unchanged,
}

/// Why a locale file cannot be edited as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uneditable(pub String);

/// Sets `countries: {code: name}` in the locale text. `current` is the file's parsed
/// value for the code. Lines are replaced in place or inserted in code order.
pub fn set_country(text: &mut String, code: &str, name: &str, current: Option<&str>) -> Result<Edit, Uneditable> {
    if current == Some(name) {
        return Ok(Edit::Unchanged);
    }
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    if lines.last().is_some_and(|l| !l.ends_with('\n')) {
        if let Some(last) = lines.last_mut() {
            last.push('\n');
        }
    }
    let entry = |indent: &str| format!("{indent}{}: {}\n", scalar(code), scalar(name));
    let Some(header) = lines.iter().position(|l| is_key_line(l, "countries")) else {
        let at = lines.iter().position(|l| is_key_line(l, "cities") || is_key_line(l, "notes")).unwrap_or(lines.len());
        lines.insert(at, entry("  "));
        lines.insert(at, "countries:\n".to_owned());
        *text = lines.concat();
        return Ok(Edit::Added);
    };
    let after_colon = lines[header].trim_end().trim_start_matches("countries:").trim();
    if !after_colon.is_empty() && !after_colon.starts_with('#') {
        return Err(Uneditable(
            "`countries:` is written in flow style ({…}); write it as one `CODE: name` line per country to let the importer edit it".to_owned(),
        ));
    }
    let block_end = (header + 1..lines.len())
        .find(|&i| {
            let l = &lines[i];
            !l.trim().is_empty() && !l.starts_with([' ', '\t']) && !l.starts_with('#')
        })
        .unwrap_or(lines.len());
    let keyed: Vec<(usize, String, String)> =
        (header + 1..block_end).filter_map(|i| entry_key(&lines[i]).map(|(indent, key)| (i, indent, key))).collect();
    if let Some((i, indent, _)) = keyed.iter().find(|(_, _, k)| k == code) {
        let value_part = lines[*i].split_once(':').map(|(_, v)| v.trim()).unwrap_or("");
        if value_part.is_empty() || value_part.starts_with(['|', '>']) {
            return Err(Uneditable(format!("`{code}` in `countries:` spans several lines; edit it by hand")));
        }
        let comment = trailing_comment(&lines[*i]);
        let mut new_line = entry(indent);
        if let Some(comment) = comment {
            new_line.insert_str(new_line.len() - 1, &format!("  {comment}"));
        }
        lines[*i] = new_line;
        *text = lines.concat();
        return Ok(Edit::Changed { old: current.unwrap_or_default().to_owned() });
    }
    let indent = keyed.first().map_or("  ".to_owned(), |(_, ind, _)| ind.clone());
    let at = keyed
        .iter()
        .find(|(_, _, k)| k.as_str() > code)
        .map_or_else(|| keyed.last().map_or(header + 1, |(i, _, _)| i + 1), |(i, _, _)| *i);
    lines.insert(at, entry(&indent));
    *text = lines.concat();
    Ok(Edit::Added)
}

/// Is `line` the top-level key `key:`?
fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
}

/// `  'NO': Norway` → (`  `, `NO`).
fn entry_key(line: &str) -> Option<(String, String)> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let indent = line[..line.len() - trimmed.len()].to_owned();
    let (key, _) = trimmed.split_once(':')?;
    let key = key.trim().trim_matches(|c| c == '\'' || c == '"');
    Some((indent, key.to_owned()))
}

/// A ` # comment` after the value, outside quotes.
fn trailing_comment(line: &str) -> Option<String> {
    let mut quote = None;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if n > 0 && chars[n - 1].1.is_whitespace() => {
                return Some(line[i..].trim_end().to_owned());
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
    fn finds_links_with_their_lines() {
        let page = "> [!div class=\"op_single_selector\"]\n> - [阿根廷](availability-in-argentina.md)\n> - [英国](availability-in-the-united-kingdom-u-k.md)  \nsee [x](other.md)\n";
        let e = entries(page);
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[0].slug.as_str(), e[0].text.as_str()), (2, "argentina", "阿根廷"));
        assert_eq!(e[1].slug, "the-united-kingdom-u-k");
    }

    #[test]
    fn sxs_lookup_takes_the_translated_side() {
        let line = "- [<span data-ttu-id=\"a-1\">奥地利</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Austria</span></span>](availability-in-austria.md)";
        let e = entries(line);
        assert_eq!(e.len(), 1);
        assert_eq!(clean_name(&e[0].text, Some("Austria")).0, "奥地利");
        // A whole link inside a span, with its English twin in sxs-lookup: one entry.
        let line = "<span data-ttu-id=\"x\">[奥地利](availability-in-austria.md)</span><span class=\"sxs-lookup\"><span data-stu-id=\"x\">[Austria](availability-in-austria.md)</span></span>";
        let e = entries(line);
        assert_eq!(e.len(), 1);
        assert_eq!(clean_name(&e[0].text, None).0, "奥地利");
    }

    #[test]
    fn machine_translation_leftovers() {
        let (name, why) = clean_name("Austria（奥地利）", Some("Austria"));
        assert_eq!(name, "奥地利");
        assert!(why.unwrap().contains("Austria"));
        assert_eq!(clean_name("Belgium (比利时)", None).0, "比利时");
        assert_eq!(clean_name("奥地利 (Austria)", Some("Austria")).0, "奥地利");
        // A real part of the name stays.
        assert_eq!(
            clean_name("阿拉伯联合酋长国 (UAE)", Some("United Arab Emirates (UAE)")),
            ("阿拉伯联合酋长国 (UAE)".into(), None)
        );
        assert_eq!(clean_name("Teesside (Middlesbrough)", None).0, "Teesside (Middlesbrough)");
    }

    #[test]
    fn character_references_in_link_texts_are_decoded() {
        let e = entries("- [Bosnia &amp; Herzegovina](availability-in-bosnia-and-herzegovina.md)");
        let (name, why) = clean_name(&e[0].text, None);
        assert_eq!(name, "Bosnia & Herzegovina");
        assert_eq!(why.as_deref(), Some("markup or character references"));
        assert_eq!(clean_name("Bosnia &amp; Herzegovina（波黑）", None).0, "波黑");
    }

    const LOCALE: &str = "# comment at the top\nmeta:\n  name: 简体中文\ncountries:\n  AE: 阿联酋\n  # a comment inside\n  AR: 阿根廷  # kept\n  'NO': 挪威\ncities:\n  Paris: 巴黎\n";

    #[test]
    fn replaces_a_line_in_place() {
        let mut text = LOCALE.to_owned();
        let edit = set_country(&mut text, "AR", "阿根廷共和国", Some("阿根廷")).unwrap();
        assert_eq!(edit, Edit::Changed { old: "阿根廷".into() });
        assert_eq!(text, LOCALE.replace("  AR: 阿根廷  # kept", "  AR: 阿根廷共和国  # kept"));
    }

    #[test]
    fn inserts_in_code_order_and_quotes_keys() {
        let mut text = LOCALE.to_owned();
        assert_eq!(set_country(&mut text, "AT", "奥地利", None).unwrap(), Edit::Added);
        assert_eq!(set_country(&mut text, "ZA", "南非", None).unwrap(), Edit::Added);
        assert_eq!(set_country(&mut text, "NO", "挪威", Some("挪威")).unwrap(), Edit::Unchanged);
        assert_eq!(
            text,
            "# comment at the top\nmeta:\n  name: 简体中文\ncountries:\n  AE: 阿联酋\n  # a comment inside\n  AR: 阿根廷  # kept\n  AT: 奥地利\n  'NO': 挪威\n  ZA: 南非\ncities:\n  Paris: 巴黎\n"
        );
    }

    #[test]
    fn creates_the_section_before_cities() {
        let mut text = "meta:\n  name: x\ncities:\n  Paris: 巴黎\n".to_owned();
        set_country(&mut text, "FR", "法国", None).unwrap();
        assert_eq!(text, "meta:\n  name: x\ncountries:\n  FR: 法国\ncities:\n  Paris: 巴黎\n");
    }

    #[test]
    fn flow_style_is_not_edited() {
        let mut text = "meta: {name: x}\ncountries: {AR: 阿根廷}\n".to_owned();
        assert!(set_country(&mut text, "AT", "奥地利", None).is_err());
    }

    #[test]
    fn slugs_from_urls() {
        assert_eq!(slug_of("availability-in-argentina.md").as_deref(), Some("argentina"));
        assert_eq!(slug_of("../x/availability-in-the-u-k.md#top").as_deref(), Some("the-u-k"));
        assert_eq!(slug_of("availability-in-.md"), None);
        assert_eq!(slug_of("other.md"), None);
    }
}
