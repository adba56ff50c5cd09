//! `<locale>/index.html`: the overview text and every country, filterable.

use tera::Context;

use super::prose::RenderedProse;
use super::selector::add_selector;
use super::{base_context, render_template, LocaleView, OutputFile, PageKind, Text};
use crate::diagnostic::Diagnostic;
use crate::model::Site;

/// A locale's index page: its overview (the `overview` prose page, where the site has
/// one) above the country selector.
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
            ctx.insert("intro_lang", &overview.title.fallback.then_some(super::FALLBACK_LANG));
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
