//! Sitemaps: `sitemap.xml` is an index of one `<locale>/sitemap.xml` per locale, each
//! listing that locale's pages with their alternates in every language (hreflang).
//! One file per locale keeps each under the protocol's 50,000-URL and 50 MB limits
//! however many languages the site has.

use std::fmt::Write;

use crate::model::dates::Date;
use crate::model::Site;
use crate::render::{every_page, OutputFile, PageKind, RenderOptions};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `<locale>/sitemap.xml`. Each holds an alternate for every locale of every page, so
/// they are made one locale at a time with its pages: all 64 of a 249x64 site at once
/// were 110 MB of memory.
pub fn locale(site: &Site, li: usize, options: &RenderOptions) -> OutputFile {
    // Each page with its `<lastmod>`, where the history tells: a country page's is the
    // day its facts last changed (not "on or before", which is no date of a change).
    let lastmod = |kind: &PageKind| match kind {
        PageKind::Country(slug) => site
            .country_by_slug(slug)
            .and_then(|ci| site.countries[ci].last_changed)
            .filter(|last| last.exact)
            .map(|last| last.date),
        PageKind::Changes => site.history.as_ref().and_then(|h| h.shown().next().map(|c| c.date())),
        _ => None,
    };
    let kinds: Vec<(PageKind, Option<Date>)> = every_page(site).into_iter().map(|k| (k, lastmod(&k))).collect();
    let base = escape(&options.base_url);
    let source_dir = &site.locales[site.source_locale].dir;
    let locale = &site.locales[li];
    // Every page has a link per locale; each link's start is the same on every page, so
    // it is made once and the page's path appended: `write!` for each of the million
    // links of a 249x64 site cost as much as rendering 2,000 pages.
    let mut starts: Vec<String> = site
        .locales
        .iter()
        .map(|alt| format!("<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{base}{}/", alt.tag, alt.dir))
        .collect();
    starts.push(format!("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}{source_dir}/"));
    let loc = format!("<url><loc>{base}{}/", locale.dir);
    let per_page: usize = starts.iter().map(|s| s.len() + 40).sum::<usize>() + loc.len() + 60;
    let mut out = String::with_capacity(256 + kinds.len() * per_page);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for (kind, lastmod) in &kinds {
        let path = kind.path_in_locale();
        out.push_str(&loc);
        out.push_str(&path);
        out.push_str("</loc>\n");
        if let Some(date) = lastmod {
            out.push_str("<lastmod>");
            out.push_str(&date.iso());
            out.push_str("</lastmod>\n");
        }
        for start in &starts {
            out.push_str(start);
            out.push_str(&path);
            out.push_str("\"/>\n");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    OutputFile { path: format!("{}/sitemap.xml", locale.dir), bytes: out.into_bytes() }
}

/// `sitemap.xml`: the index of the locales' sitemaps.
pub fn index(site: &Site, options: &RenderOptions) -> OutputFile {
    let base = escape(&options.base_url);
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for locale in &site.locales {
        let _ = writeln!(index, "<sitemap><loc>{base}{}/sitemap.xml</loc></sitemap>", locale.dir);
    }
    index.push_str("</sitemapindex>\n");
    OutputFile { path: "sitemap.xml".into(), bytes: index.into_bytes() }
}
