//! The structure of a hand-written DocFX "Availability in <country>" page: front matter
//! title, H1, `##` sections, their `|label|value|` tables, alerts and paragraphs, each
//! with its 1-based line number. Titles, headings and labels are read as plain text:
//! tags dropped, character references decoded.

use super::cell::{collapse, norm, plain};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// Before the first `##`.
    Preamble,
    AudioConferencing,
    PhoneSystem,
    CallingPlans,
    ServiceNumbers,
    CommunicationsCredits,
    RelatedTopics,
    Other,
}

impl Section {
    fn from_heading(heading: &str) -> Section {
        let h = norm(heading);
        if h.contains("audio conferencing") {
            Section::AudioConferencing
        } else if h.contains("phone system") {
            Section::PhoneSystem
        } else if h.contains("calling plan") {
            Section::CallingPlans
        } else if h.contains("toll") {
            Section::ServiceNumbers
        } else if h.contains("communications credits") {
            Section::CommunicationsCredits
        } else if h.contains("related topics") {
            Section::RelatedTopics
        } else {
            Section::Other
        }
    }
}

/// Some text at a line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub text: String,
}

/// One table row: the label and the value cell, raw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub section: Section,
    pub label: String,
    pub value: String,
}

/// A paragraph line or an alert (`> [!NOTE]`) line outside the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose {
    pub line: usize,
    pub section: Section,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// `title:` of the front matter, unquoted.
    pub title: Option<Line>,
    /// The first `# ` heading, tags removed.
    pub h1: Option<Line>,
    pub rows: Vec<Row>,
    pub prose: Vec<Prose>,
}

/// The country name in "Availability in X".
pub fn country_name(heading: &str) -> Option<String> {
    let h = collapse(heading);
    let lower = h.to_lowercase();
    let at = lower.find("availability in ")?;
    let name = h[at + "availability in ".len()..].trim();
    (!name.is_empty()).then(|| name.to_owned())
}

pub fn parse(text: &str) -> Page {
    let mut page = Page::default();
    let lines: Vec<&str> = text.lines().collect();
    let body_start = front_matter(&lines, &mut page);
    let mut section = Section::Preamble;
    let mut in_fence = false;
    for (index, raw) in lines.iter().enumerate().skip(body_start) {
        let number = index + 1;
        let line = raw.trim();
        if line.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.is_empty() || line.starts_with("<!--") {
            continue;
        }
        if let Some(h) = line.strip_prefix("# ") {
            if page.h1.is_none() {
                page.h1 = Some(Line { number, text: plain(h) });
            }
        } else if let Some(h) = line.strip_prefix("## ") {
            section = Section::from_heading(&plain(h));
        } else if line.starts_with('|') {
            if let Some(row) = table_row(line, number, section) {
                page.rows.push(row);
            }
        } else if let Some(quoted) = line.strip_prefix('>') {
            if let Some(text) = alert_text(quoted) {
                page.prose.push(Prose { line: number, section, text });
            }
        } else if !line.starts_with('#') && !line.starts_with("***") {
            page.prose.push(Prose { line: number, section, text: line.to_owned() });
        }
    }
    page
}

/// Reads the `---` front matter, if any; returns the index of the first body line.
fn front_matter(lines: &[&str], page: &mut Page) -> usize {
    if lines.first().map(|l| l.trim()) != Some("---") {
        return 0;
    }
    for (index, line) in lines.iter().enumerate().skip(1) {
        if line.trim() == "---" {
            return index + 1;
        }
        if let Some(value) = line.strip_prefix("title:") {
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            page.title = Some(Line { number: index + 1, text: plain(value) });
        }
    }
    0
}

/// `|label|value|` → a row; header and separator rows → none.
fn table_row(line: &str, number: usize, section: Section) -> Option<Row> {
    let inner = line.strip_prefix('|')?;
    let mut cells = inner.split('|');
    let label = cells.next()?.trim().to_owned();
    let value = cells.next().unwrap_or_default().to_owned();
    let plain_label = norm(&plain(&label));
    let is_separator = label.chars().all(|c| matches!(c, '-' | ':' | ' ')) && label.contains('-');
    if is_separator || plain_label == "feature" {
        return None;
    }
    Some(Row { line: number, section, label, value })
}

/// The text of an alert line; none for the `[!NOTE]` marker and empty `>` lines.
fn alert_text(quoted: &str) -> Option<String> {
    let t = quoted.trim();
    let t = match t.strip_prefix("[!") {
        Some(rest) => rest.split_once(']').map_or("", |(_, after)| after).trim(),
        None => t,
    };
    (!t.is_empty()).then(|| t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: \"Availability in the Netherlands\"\nms.author: x\n---\n\n# Availability in the Netherlands\n\nHere are the services.\n\n## Audio Conferencing\n\n|**Feature**|**Details**|\n|:-----|:-----|\n|Is Audio Conferencing available for purchase?  <br/> |Yes  <br/> |\n|Minutes available for Calling Plans. |There are four: <ul><li>120 minute</li></li> \n\n## Calling Plans\n> [!IMPORTANT]\n> Only available through Telstra.\n>\n\n>[!Note] Inline note.\n";

    #[test]
    fn reads_title_h1_rows_and_alerts() {
        let page = parse(PAGE);
        assert_eq!(page.title.as_ref().unwrap().text, "Availability in the Netherlands");
        assert_eq!(page.title.as_ref().unwrap().number, 2);
        let h1 = page.h1.as_ref().unwrap();
        assert_eq!((h1.number, h1.text.as_str()), (6, "Availability in the Netherlands"));
        assert_eq!(page.rows.len(), 2);
        assert_eq!(page.rows[0].line, 14);
        assert_eq!(page.rows[0].section, Section::AudioConferencing);
        assert_eq!(page.rows[0].value, "Yes  <br/> ");
        // The last pipe is missing: the value runs to the end of the line.
        assert_eq!(page.rows[1].value, "There are four: <ul><li>120 minute</li></li>");
        let prose: Vec<(usize, &str)> = page.prose.iter().map(|p| (p.line, p.text.as_str())).collect();
        assert_eq!(
            prose,
            [(8, "Here are the services."), (19, "Only available through Telstra."), (22, "Inline note.")]
        );
        assert_eq!(page.prose[1].section, Section::CallingPlans);
    }

    #[test]
    fn country_names_from_headings() {
        assert_eq!(country_name("Availability in Argentina").as_deref(), Some("Argentina"));
        assert_eq!(
            country_name("Availability in the United Kingdom (U.K.)").as_deref(),
            Some("the United Kingdom (U.K.)")
        );
        assert_eq!(country_name("Something else"), None);
    }

    #[test]
    fn sections_by_heading() {
        assert_eq!(Section::from_heading("Toll and toll-free numbers for services"), Section::ServiceNumbers);
        assert_eq!(Section::from_heading("Toll and toll free numbers for services"), Section::ServiceNumbers);
        assert_eq!(Section::from_heading("Communications Credits"), Section::CommunicationsCredits);
        assert_eq!(Section::from_heading("Calling Plans"), Section::CallingPlans);
    }

    #[test]
    fn title_h1_and_headings_are_decoded() {
        let page = parse("---\ntitle: Availability in Bosnia &amp; Herzegovina\n---\n# Availability in Bosnia&nbsp;&amp;&#32;Herzegovina\n## Toll &amp; toll&#x2D;free numbers\n|Voicemail|Yes|\n");
        assert_eq!(page.title.unwrap().text, "Availability in Bosnia & Herzegovina");
        assert_eq!(page.h1.unwrap().text, "Availability in Bosnia & Herzegovina");
        assert_eq!(page.rows[0].section, Section::ServiceNumbers);
    }
}
