//! `<locale>/changes.xml`: the changes page as an Atom feed (RFC 4287), one entry per
//! country per commit, so a feed reader says "Belgium: Calling Plans …" when it happens.
//!
//! Nothing in it depends on when or where the site is built: entries are dated by
//! their commit, and an entry's id is made of the commit's hash, the country's code and
//! the locale, so it keeps its id in every build. Ids are `tag:` URIs (RFC 4151), which
//! are absolute whatever the base URL; links are absolute when the base URL is.

use std::fmt::Write;

use crate::model::changes::{self, SiteHistory};
use crate::model::dates::rfc3339;
use crate::model::{Locale, Msg, Site};
use crate::render::{escape_html, OutputFile, RenderOptions};

/// The tagging entity of every id: the name availgen mints them under, and the year.
const TAG_PREFIX: &str = "tag:availgen,2026:";

/// `TAG_PREFIX` and `specific`, with every character a tag URI does not allow in its
/// specific part percent-encoded.
fn tag(specific: &str) -> String {
    let mut id = String::from(TAG_PREFIX);
    for byte in specific.bytes() {
        if byte.is_ascii_alphanumeric() || b";/?:@&=+$.-_!~*'(),".contains(&byte) {
            id.push(byte as char);
        } else {
            let _ = write!(id, "%{byte:02X}");
        }
    }
    id
}

/// The feed of locale `li`, when the site has a history.
pub fn feed(site: &Site, li: usize, options: &RenderOptions) -> Option<OutputFile> {
    let history = site.history.as_ref()?;
    let locale = &site.locales[li];
    let base = format!("{}{}/", options.base_url, locale.dir);
    let self_url = format!("{base}changes.xml");
    let title = locale
        .ui("column_heading")
        .format(&[("section", &locale.ui("site_title").text), ("feature", &locale.ui("changes_title").text)]);
    let updated = history.shown().next().map_or(history.timeline.newest, |c| c.time);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <id>{id}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
         <author><name>{author}</name></author>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>\n\
         <generator>availgen</generator>\n",
        lang = escape_html(&locale.tag),
        id = escape_html(&tag(&self_url)),
        title = escape_html(&title.text),
        updated = rfc3339(updated),
        author = escape_html(&locale.ui("site_title").text),
        self_url = escape_html(&self_url),
        page = escape_html(&format!("{base}changes/")),
    );
    entries(site, locale, history, &base, &mut xml);
    xml.push_str("</feed>\n");
    Some(OutputFile { path: format!("{}/changes.xml", locale.dir), bytes: xml.into_bytes() })
}

/// One entry per country per commit shown, newest first.
fn entries(site: &Site, locale: &Locale, history: &SiteHistory, base: &str, xml: &mut String) {
    let index = changes::CountryIndex::new(site, locale);
    for commit in history.shown() {
        for country in index.sorted(commit) {
            let ci = index.get(&country.code);
            let name = changes::country_name(locale, ci, &country.code);
            let href = match ci {
                Some(ci) => format!("{base}availability-in-{}/", site.countries[ci].slug),
                None => format!("{base}changes/"),
            };
            let sentences: Vec<Msg> = changes::sentences(locale, country).into_iter().map(|(_, m)| m).collect();
            let summary = sentences.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join("; ");
            let title = locale.ui("column_heading").format(&[("section", &name.text), ("feature", &summary)]);
            let mut html = String::from("<ul>");
            for m in &sentences {
                let _ = write!(html, "<li>{}</li>", escape_html(&m.text));
            }
            html.push_str("</ul>");
            let _ = write!(
                xml,
                "<entry>\n<id>{id}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
                 <link rel=\"alternate\" type=\"text/html\" href=\"{href}\"/>\n\
                 <content type=\"html\">{content}</content>\n</entry>\n",
                id = escape_html(&tag(&format!("{}/{}/{}", commit.hash, country.code, locale.tag))),
                title = escape_html(&title.text),
                updated = rfc3339(commit.time),
                href = escape_html(&href),
                content = escape_html(&html),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_tag_uris_whatever_the_base_url() {
        assert_eq!(tag("abc/BE/en-US"), "tag:availgen,2026:abc/BE/en-US");
        assert_eq!(tag("https://example.org/a b/"), "tag:availgen,2026:https://example.org/a%20b/");
        assert_eq!(tag("/docs/é"), "tag:availgen,2026:/docs/%C3%A9");
    }
}
