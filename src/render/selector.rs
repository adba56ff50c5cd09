//! `<locale>/index.html`: the overview text and every country, filterable.

use serde::Serialize;
use tera::Context;

use super::prose::RenderedProse;
use super::{base_context, render_template, LocaleView, OutputFile, PageContext, PageKind, Text};
use crate::diagnostic::Diagnostic;
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
    let english = &site.locales[site.source_locale];
    let entries: Vec<Entry> = locale
        .order
        .iter()
        .map(|&i| {
            let country = &site.countries[i];
            let name = &locale.country_names[i];
            Entry {
                name: Text::from(name),
                code: &country.code,
                href: format!("{prefix}availability-in-{}/", country.slug),
                search: format!("{} | {} | {}", name.text, english.country_names[i].text, country.code).to_lowercase(),
            }
        })
        .collect();
    // The count's forms by plural category, for the filter's script to choose from.
    let forms: std::collections::BTreeMap<&str, &str> = locale
        .ui_message("index_count")
        .into_iter()
        .flat_map(|m| m.forms())
        .map(|(category, msg)| (category_name(category), msg.text.as_str()))
        .collect();
    ctx.insert("count_templates", &serde_json::to_string(&forms).unwrap_or_default());
    ctx.insert("count_text", &Text::from(locale.ui_count("index_count", "count", entries.len() as u64)));
    ctx.insert("selector", &entries);
}

pub fn render_index(
    site: &Site,
    tera: &tera::Tera,
    view: &LocaleView,
    prose: &RenderedProse,
    scratch: &mut Context,
) -> Result<OutputFile, Diagnostic> {
    let li = view.li;
    let locale = &site.locales[li];
    let mut ctx = base_context(site, view, PageKind::Index, scratch);
    add_selector(site, li, "", &mut ctx);
    match prose.overview.get(li).and_then(Option::as_ref) {
        Some(overview) => {
            ctx.insert("title", &Text::from(&overview.title));
            ctx.insert("intro", &overview.html);
            ctx.insert("review_source", &overview.review_source);
            ctx.insert("intro_has_selector", &overview.has_selector);
            ctx.insert("intro_lang", &overview.title.fallback.then_some(crate::model::SOURCE_LOCALE));
        }
        None => {
            ctx.insert("title", &Text::from(locale.ui("index_title")));
            ctx.insert("intro", &"");
            ctx.insert("review_source", &None::<String>);
            ctx.insert("intro_has_selector", &false);
            ctx.insert("intro_lang", &None::<&str>);
        }
    }
    let html = render_template(tera, "index.html", &ctx, &format!("{}/index.html", locale.dir))?;
    Ok(OutputFile { path: format!("{}/index.html", locale.dir), bytes: html })
}
