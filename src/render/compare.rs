//! `<locale>/compare/index.html`: every country (rows, in the locale's order) against
//! every section a country can offer or not (columns, in schema order).
//!
//! The page is a complete table without JavaScript. `static/compare.js` adds sorting,
//! the name filter and the "only where available" checkboxes; it reads what it needs
//! from the rows' `data-search` and `data-has` attributes, so this module and the
//! script agree only on those two and on the columns' keys (the schema's section keys,
//! which are also the keys of the page's URL query).

use serde::Serialize;
use tera::Context;

use super::{base_context, render_template, LocaleView, OutputFile, PageKind, Text};
use crate::diagnostic::Diagnostic;
use crate::load::schema::SectionDef;
use crate::model::Site;

/// The matrix's directory in each locale; no prose page may take this name.
pub const DIR: &str = "compare";

#[derive(Serialize)]
struct Column<'a> {
    /// The section's key in the schema: the column's name in the URL query.
    key: &'a str,
    title: Text,
    /// The prose page about the section, when the site has one of the section's name.
    href: Option<String>,
}

#[derive(Serialize)]
struct Row<'a> {
    name: Text,
    code: &'a str,
    href: String,
    /// What the name filter matches (as on the selector).
    search: String,
    /// The keys of the columns whose section the country offers, space-separated.
    has: String,
    /// Per column: whether the country offers the section.
    cells: Vec<bool>,
}

/// The matrix of the view's locale.
pub fn render(
    site: &Site,
    tera: &tera::Tera,
    view: &LocaleView,
    scratch: &mut Context,
) -> Result<OutputFile, Diagnostic> {
    let li = view.li;
    let locale = &site.locales[li];
    let offered: Vec<(usize, &SectionDef)> = site.schema.offered_sections().collect();
    let columns: Vec<Column> = offered
        .iter()
        .map(|(_, s)| Column {
            key: &s.key,
            title: Text::from(locale.ui(&s.title)),
            href: site.pages.iter().any(|p| p.name == s.id).then(|| format!("../{}/", s.id)),
        })
        .collect();
    let rows: Vec<Row> = locale
        .order
        .iter()
        .map(|&ci| {
            let country = &site.countries[ci];
            let cells: Vec<bool> = offered.iter().map(|&(si, _)| country.data.offers(&site.schema, si)).collect();
            let has: Vec<&str> =
                offered.iter().zip(&cells).filter(|(_, &on)| on).map(|((_, s), _)| s.key.as_str()).collect();
            Row {
                name: Text::from(&locale.country_names[ci]),
                code: &country.code,
                href: format!("../availability-in-{}/", country.slug),
                search: super::selector::search_key(site, li, ci),
                has: has.join(" "),
                cells,
            }
        })
        .collect();
    let mut ctx = base_context(site, view, PageKind::Compare, scratch);
    ctx.insert("title", &Text::from(locale.ui("compare_title")));
    ctx.insert("columns", &columns);
    ctx.insert("rows", &rows);
    super::selector::add_count(site, li, rows.len(), &mut ctx);
    let path = format!("{}/{DIR}/index.html", locale.dir);
    let html = render_template(tera, "compare.html", &ctx, &path)?;
    Ok(OutputFile { path, bytes: html })
}
