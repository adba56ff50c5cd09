//! Stage 5: the files that are data rather than pages: per-locale spreadsheets
//! (xlsx and csv, from one table), `availability.json` and `sitemap.xml`.

pub mod atom;
pub mod csv;
pub mod json;
/// Not a file of the build: the JSON Schema `availgen schema` prints, for editors.
pub mod json_schema;
pub mod sitemap;
pub mod xlsx;

use crate::diagnostic::Diagnostic;
use crate::model::facts::Value;
use crate::model::Site;
use crate::model::{changes, facts};
use crate::render::{OutputFile, RenderOptions};

/// One locale's spreadsheet: a header row and one row per country, in selector order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A spreadsheet cell. A count fact is a number, not its text on the pages ("3,000 minutes
/// per user per month"): the column's heading says what it counts, the xlsx holds it as a
/// number that the spreadsheet program formats, and the csv writes its plain digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(u64),
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

/// A fact's value as one cell; a list's items are separated by `; ` (items such as
/// "Arizona, Phoenix" hold commas).
fn cell(value: &Value) -> Cell {
    match value {
        Value::Text(m) => Cell::Text(m.text.clone()),
        Value::Count(n, _) => Cell::Number(*n),
        Value::List(items) | Value::Records(items) => {
            Cell::Text(items.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join("; "))
        }
    }
}

/// The table behind both spreadsheets of locale `li`: the facts the country pages show.
pub fn table(site: &Site, li: usize) -> Table {
    let locale = &site.locales[li];
    let mut headers = vec![locale.ui("country").text, locale.ui("code").text];
    let mut rows = Vec::with_capacity(site.countries.len());
    for (n, &ci) in locale.order.iter().enumerate() {
        let country = &site.countries[ci];
        let sections = facts::sections(&site.schema, country, locale);
        if n == 0 {
            for s in &sections {
                for f in &s.facts {
                    let heading = [("section", s.title.text.as_str()), ("feature", &f.label.text)];
                    headers.push(locale.format(&locale.ui("column_heading"), &heading).text);
                }
            }
            headers.push(locale.ui("notes").text);
            if site.history.is_some() {
                headers.push(locale.ui("last_changed_heading").text);
            }
        }
        let mut row: Vec<Cell> = vec![locale.country_names[ci].text.clone().into(), country.code.clone().into()];
        row.extend(sections.iter().flat_map(|s| s.facts.iter().map(|f| cell(&f.value))));
        row.push(facts::notes(country, locale).iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join(" ").into());
        if site.history.is_some() {
            // Empty for a country not committed yet.
            row.push(
                country
                    .last_changed
                    .map(|last| changes::last_changed_iso(locale, last).text)
                    .unwrap_or_default()
                    .into(),
            );
        }
        rows.push(row);
    }
    Table { headers, rows }
}

/// `<locale>/availability.xlsx` and `<locale>/availability.csv`, from one table,
/// `<locale>/sitemap.xml`, and with a git history `<locale>/changes.xml`.
pub fn locale_files(site: &Site, li: usize, options: &RenderOptions) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let t = table(site, li);
    let dir = &site.locales[li].dir;
    let xlsx = xlsx::write(&t, &site.locales[li].ui("site_title").text).map_err(|e| {
        vec![Diagnostic::error(format!("{dir}/availability.xlsx"), format!("cannot write the spreadsheet: {e}"))]
    })?;
    let mut files = vec![
        OutputFile { path: format!("{dir}/availability.xlsx"), bytes: xlsx },
        OutputFile { path: format!("{dir}/availability.csv"), bytes: csv::write(&t) },
        sitemap::locale(site, li, options),
    ];
    files.extend(atom::feed(site, li, options));
    Ok(files)
}

/// The language-neutral exports: `availability.json` and the sitemap index.
pub fn site_files(site: &Site, options: &RenderOptions) -> Vec<OutputFile> {
    vec![OutputFile { path: "availability.json".into(), bytes: json::write(site) }, sitemap::index(site, options)]
}
