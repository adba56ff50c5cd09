//! The language links of a site with many locales (more than `inline_languages`).
//!
//! With a few locales every page lists its other languages itself: a switcher entry
//! and a `<link rel="alternate" hreflang>` for each. With 64 locales those were 14 KB of
//! a 26 KB country page, so above the limit each page links to one shared page of its
//! languages instead, `languages/<page>/`, which lists the page in every locale (with
//! and without JavaScript), and the `hreflang` alternates are published in the
//! sitemaps alone, which search engines treat as equal to the ones in a page's head.

use serde::Serialize;
use tera::{Context, Tera};

use super::{every_page, page_title, render_in, OutputFile, PageKind, RenderOptions};
use crate::diagnostic::Diagnostic;
use crate::model::Site;

/// The folder of the languages pages, at the output root.
pub const DIR: &str = "languages";

/// Where the languages page of the page at `here` (a path in a locale, as
/// [`PageKind::path_in_locale`] makes it) is, from the site root.
pub fn page_path(here: &str) -> String {
    format!("{DIR}/{here}")
}

/// One languages page per page of the site, rendered with `chooser.html` like the
/// language chooser at the root; none when pages list their languages themselves.
pub fn render_pages(site: &Site, tera: &Tera, options: &RenderOptions) -> Result<Vec<OutputFile>, Diagnostic> {
    if !site.language_pages {
        return Ok(Vec::new());
    }
    let source = &site.locales[site.source_locale];
    let all_languages = source.ui("all_languages").text;
    every_page(site)
        .into_iter()
        .map(|kind| {
            let here = kind.path_in_locale();
            let path = format!("{}index.html", page_path(&here));
            let root = "../".repeat(path.matches('/').count());
            let entries: Vec<Entry> =
                (0..site.locales.len()).map(|li| entry(site, li, kind, &here, &root, options)).collect();
            let mut ctx = Context::new();
            ctx.insert("lang", &source.tag);
            let title = page_title(site, site.source_locale, kind).text;
            ctx.insert("title", &format!("{title}: {all_languages}"));
            ctx.insert("alternates", &entries);
            ctx.insert("root", &root);
            ctx.insert("languages_page", &true);
            let html = render_in(tera, "chooser.html", &ctx, &path)?;
            Ok(OutputFile { path, bytes: html })
        })
        .collect()
}

/// The page `kind` (at `here` in a locale) in locale `li`, as `chooser.html` lists a language.
fn entry<'s>(site: &'s Site, li: usize, kind: PageKind, here: &str, root: &str, options: &RenderOptions) -> Entry<'s> {
    let locale = &site.locales[li];
    Entry {
        tag: &locale.tag,
        name: &locale.name,
        href: format!("{root}{}/{here}", locale.dir),
        url: format!("{}{}/{here}", options.base_url, locale.dir),
        chooser_title: page_title(site, li, kind).text,
    }
}

/// One language of a languages page. (As a `serde_json` value, made and then copied
/// into a template value, it cost twice as much: a 64-locale site has 16,000 of them.)
#[derive(Serialize)]
struct Entry<'s> {
    tag: &'s str,
    name: &'s str,
    href: String,
    url: String,
    chooser_title: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_languages_page_sits_under_the_folder_at_the_page_s_path() {
        assert_eq!(page_path(""), "languages/");
        assert_eq!(page_path("availability-in-ghana/"), "languages/availability-in-ghana/");
    }
}
