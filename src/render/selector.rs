//! The country selector: every country of a locale, filterable, as the index shows it
//! and as prose pages place it; with the count above a filtered list.

use serde::Serialize;

use super::{PageContext, PageKind, Text};
use crate::load::locale::category_name;
use crate::model::Site;

#[derive(Serialize)]
struct Entry<'a> {
    name: Text,
    code: &'a str,
    href: String,
    /// What the filter matches: localized name, English name and ISO code.
    search: String,
}

/// Adds what `selector.html` needs to `ctx`; `prefix` leads from the page to the locale root.
pub fn add_selector(site: &Site, li: usize, prefix: &str, ctx: &mut PageContext) {
    let locale = &site.locales[li];
    let entries: Vec<Entry> = locale
        .order
        .iter()
        .map(|&i| {
            let country = &site.countries[i];
            Entry {
                name: Text::from(&locale.country_names[i]),
                code: &country.code,
                href: format!("{prefix}availability-in-{}/", country.slug),
                search: search_key(site, li, i),
            }
        })
        .collect();
    ctx.insert("selector", &entries);
    ctx.insert("compare_href", &format!("{prefix}{}", PageKind::Compare.path_in_locale()));
    super::world_map::add_map_links(site, li, prefix, ctx);
    add_count(site, li, entries.len(), ctx);
}

/// The count above a filtered list: `count_text` as the page first shows it, and
/// `count_templates`, the `index_count` string's forms by plural category, from which
/// the script makes it again as the list is filtered.
pub fn add_count(site: &Site, li: usize, count: usize, ctx: &mut PageContext) {
    let locale = &site.locales[li];
    let forms: std::collections::BTreeMap<&str, &str> = locale
        .ui_message("index_count")
        .into_iter()
        .flat_map(|m| m.forms())
        .map(|(category, msg)| (category_name(category), msg.text.as_str()))
        .collect();
    ctx.insert("count_templates", &serde_json::to_string(&forms).unwrap_or_default());
    ctx.insert("count_text", &Text::from(locale.ui_count("index_count", "count", count as u64)));
}

/// What a filter box matches for country `ci` in locale `li`: its name there, its
/// source-language name and its ISO code, in lower case (the script normalizes what
/// is typed).
pub fn search_key(site: &Site, li: usize, ci: usize) -> String {
    let source = &site.locales[site.source_locale].country_names[ci].text;
    let code = &site.countries[ci].code;
    format!("{} | {source} | {code}", site.locales[li].country_names[ci].text).to_lowercase()
}
