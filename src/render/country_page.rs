//! `<locale>/availability-in-<slug>/index.html`: one country's facts in one language.

use serde::Serialize;

use super::{
    base_context, render_piece, render_template, LocaleView, OutputFile, PageContext, PageKind, Row, SectionShape,
    Text, TextValues,
};
use crate::diagnostic::Diagnostic;
use crate::model::changes;
use crate::model::facts::{self, Value};
use crate::model::Site;

/// The template of one table row. Like Hugo's `partialCached`, a row is rendered once
/// per locale and rendering thread and reused on every page with the same row ("Toll
/// numbers: Yes"): looped over in `country.html`, the rows were a fifth of a build.
pub const FACT_ROW: &str = "fact_row.html";

/// One row of a section's table; its strings are values from [`TextValues`]. Absent
/// values are `null`, not left out, so `{% if f.items %}` works on every row.
#[derive(Serialize)]
struct FactView<'a> {
    key: &'a str,
    label: tera::Value,
    text: Option<tera::Value>,
    items: Option<Vec<tera::Value>>,
    href: Option<String>,
}

/// `country`: the page's country.
#[derive(Serialize)]
struct CountryView<'a> {
    code: &'a str,
    slug: &'a str,
    name: Text,
}

#[derive(Serialize)]
struct SectionView<'a> {
    id: &'a str,
    title: tera::Value,
    applies: bool,
    hint: Option<tera::Value>,
    facts: Vec<tera::Value>,
    /// The table's rows as [`FACT_ROW`] renders them, one after another.
    rows: String,
}

/// One table row as templates see it, and its markup. `locale_context` holds the
/// locale's variables only (`ui`, `locale`, `locales`), as the row is reused on other pages.
fn fact_row(
    tera: &tera::Tera,
    locale_context: &mut tera::Context,
    texts: &mut TextValues,
    f: &facts::Fact,
    href: Option<String>,
    page: &str,
) -> Result<Row, Diagnostic> {
    let (text, items) = match &f.value {
        // A list's items (cities) are the country's own: made, not kept.
        Value::List(list) => (None, Some(list.iter().map(super::text_value).collect())),
        Value::Records(lines) => (None, Some(lines.iter().map(|m| texts.value(m)).collect())),
        value => (value.text().map(|m| texts.value(m)), None),
    };
    let value =
        tera::Value::from_serializable(&FactView { key: f.key, label: texts.value(&f.label), text, items, href });
    let mut ctx = PageContext::new(locale_context);
    ctx.insert_value("f", value.clone());
    let html = render_piece(tera, FACT_ROW, &ctx, page)?;
    Ok(Row { value, html: html.into(), kept: None })
}

/// A section as templates see it (`section`), made of its rows.
fn section_value(texts: &mut TextValues, s: &facts::Section, rows: &[Row]) -> tera::Value {
    tera::Value::from_serializable(&SectionView {
        id: s.id,
        title: texts.value(&s.title),
        applies: s.applies,
        hint: s.hint.as_ref().map(|m| texts.value(m)),
        facts: rows.iter().map(|r| r.value.clone()).collect(),
        rows: rows.iter().map(|r| &*r.html).collect(),
    })
}

/// Where a fact's `link` (`page#anchor`) points from a country page, if the site has that page.
fn link_href(site: &Site, link: &str) -> Option<String> {
    let (page, anchor) = link.split_once('#').unwrap_or((link, ""));
    let fragment = if anchor.is_empty() { String::new() } else { format!("#{anchor}") };
    site.pages.iter().any(|p| p.name == page).then(|| format!("../{page}/{fragment}"))
}

pub fn render(
    site: &Site,
    tera: &tera::Tera,
    view: &LocaleView,
    ci: usize,
    scratch: &mut tera::Context,
    texts: &mut TextValues,
) -> Result<OutputFile, Diagnostic> {
    let locale = &site.locales[view.li];
    let country = &site.countries[ci];
    let name = &locale.country_names[ci];
    let page = format!("{}/availability-in-{}", locale.dir, country.slug);
    // The rows first, while `scratch` holds no variables of this page.
    let sections = facts::sections(&site.schema, country, locale);
    let mut section_views = Vec::with_capacity(sections.len());
    for (si, s) in sections.iter().enumerate() {
        let mut rows = Vec::with_capacity(s.facts.len());
        for f in &s.facts {
            // Most rows ("Toll numbers: Yes", a country's Calling Plans) are on many pages
            // of the locale; a list of cities is seldom on two: kept, it cost more than it saved.
            let kept = match &f.value {
                Value::Records(lines) => Some(&lines[..]),
                value => value.text().map(std::slice::from_ref),
            };
            rows.push(match (kept, f.link.and_then(|l| link_href(site, l))) {
                (Some(value), None) => {
                    texts.row(f.key, value, |texts| fact_row(tera, scratch, texts, f, None, &page))?
                }
                (_, href) => fact_row(tera, scratch, texts, f, href, &page)?,
            });
        }
        let shape = SectionShape { index: si, applies: s.applies, hint: s.hint.is_some() };
        section_views.push(texts.section(shape, &rows, |texts| section_value(texts, s, &rows)));
    }
    let mut ctx = base_context(site, view, PageKind::Country(&country.slug), scratch);
    let notes: Vec<tera::Value> = facts::notes(country, locale).iter().map(|m| texts.value(m)).collect();
    ctx.insert("country", &CountryView { code: &country.code, slug: &country.slug, name: Text::from(name) });
    let about = |key: &str| Text::from(locale.format(&locale.ui(key), &[("country", &name.text)]));
    ctx.insert("title", &about("page_title"));
    ctx.insert("description", &about("page_description"));
    ctx.insert("intro", &about("page_intro"));
    ctx.insert_value("sections", section_views.into());
    let last_changed = country.last_changed.map(|last| {
        let date = changes::last_changed_date(locale, last);
        Text::from(locale.ui("last_changed").format(&[("date", &date.text)]))
    });
    ctx.insert("last_changed", &last_changed);
    // To the country's changes on the changes page, when it lists some.
    let changes_href = site
        .history
        .as_ref()
        .filter(|h| h.changed_since.contains(&country.code))
        .map(|_| format!("../changes/#{}", super::changes::country_anchor(&country.code)));
    ctx.insert("changes_href", &changes_href);
    ctx.insert("notes", &notes);
    let html = render_template(tera, "country.html", &ctx, &page)?;
    Ok(OutputFile { path: format!("{}/availability-in-{}/index.html", locale.dir, country.slug), bytes: html })
}

/// `<locale>/countries.js`: every country of the locale, in its collation order, for
/// the country pages' drop-down (one shared file instead of the list in every page).
pub fn render_country_list(site: &Site, li: usize) -> OutputFile {
    let locale = &site.locales[li];
    let list: Vec<(&str, &str)> = locale
        .order
        .iter()
        .map(|&i| (site.countries[i].slug.as_str(), locale.country_names[i].text.as_str()))
        .collect();
    let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
    OutputFile {
        path: format!("{}/countries.js", locale.dir),
        bytes: format!("window.availgenCountries = {json};\n").into_bytes(),
    }
}
