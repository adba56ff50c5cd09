//! Stage 4: every (locale, page) pair rendered to HTML, in parallel.
//!
//! Views are built from the `Site` in Rust, so the templates only lay out text.
//! Each localized string reaches a template as `{text, html, lang}`: `text` for
//! attributes (Tera escapes it), `html` for element content (escaped here, and
//! wrapped in `<span lang="en-US">` when it is the en-US fallback).

pub mod country_page;
pub mod prose;
pub mod selector;
pub mod templates;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};
use tera::{Context, Tera};

use crate::diagnostic::Diagnostic;
use crate::load::locale::{Direction, Translation};
use crate::model::{Locale, Msg, Site, SOURCE_LOCALE};

/// A file of the finished site, its path relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Absolute URL the site is published at, ending in `/`; used where links must be absolute.
    pub base_url: String,
}

#[derive(Serialize, Clone)]
pub struct Text {
    pub text: String,
    pub html: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'static str>,
}

/// Escapes text for HTML element content and quoted attributes. Unlike Tera's
/// default it leaves `/` alone, which keeps URLs readable and pages smaller.
pub fn escape_html(text: &str) -> String {
    // Most strings need nothing escaped: copy them whole.
    if !text.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

impl From<&Msg> for Text {
    fn from(m: &Msg) -> Self {
        let escaped = escape_html(&m.text);
        let html = match (&m.source, m.fallback) {
            // Review builds: the English source one hover away.
            (Some(source), _) if m.stale => format!(
                "<span class=\"review review-stale\" title=\"{SOURCE_LOCALE} (changed since this translation): {}\">{escaped}</span>",
                escape_html(source)
            ),
            (Some(source), _) => {
                format!("<span class=\"review\" title=\"{SOURCE_LOCALE}: {}\">{escaped}</span>", escape_html(source))
            }
            (None, true) => format!("<span lang=\"{SOURCE_LOCALE}\">{escaped}</span>"),
            (None, false) => escaped,
        };
        Text { html, text: m.text.clone(), lang: m.fallback.then_some(SOURCE_LOCALE) }
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Self {
        Text::from(&m)
    }
}

/// Where a page sits, for relative links and alternates.
#[derive(Clone, Copy)]
pub enum PageKind<'a> {
    Index,
    Country(&'a str),
    Prose(&'a str),
}

impl PageKind<'_> {
    /// Path of the page inside a locale directory, ending in `/` (empty for the index).
    pub fn path_in_locale(&self) -> String {
        match self {
            PageKind::Index => String::new(),
            PageKind::Country(slug) => format!("availability-in-{slug}/"),
            PageKind::Prose(name) => format!("{name}/"),
        }
    }

    fn depth(&self) -> usize {
        match self {
            PageKind::Index => 1,
            _ => 2,
        }
    }
}

/// What every page of one locale shares, computed once per locale.
pub struct LocaleView {
    ui: Value,
    /// `ui` and `locale` already in a context: cloning it per page is cheaper than
    /// serializing them again.
    base: Context,
}

impl LocaleView {
    pub fn new(locale: &Locale) -> Self {
        let mut ui = Map::new();
        let mut keys: Vec<(&String, &Msg)> = locale.ui_keys().collect();
        keys.sort_by(|a, b| a.0.cmp(b.0));
        for (key, msg) in keys {
            ui.insert(key.clone(), serde_json::to_value(Text::from(msg)).unwrap_or(Value::Null));
        }
        let locale_value = serde_json::json!({
            "tag": locale.tag,
            "dir": locale.dir,
            "name": locale.name,
            "direction": match locale.direction { Direction::Ltr => "ltr", Direction::Rtl => "rtl" },
            "machine": locale.translation == Translation::Machine,
        });
        let ui = Value::Object(ui);
        let mut base = Context::new();
        base.insert("ui", &ui);
        base.insert("locale", &locale_value);
        LocaleView { ui, base }
    }

    pub fn ui_value(&self) -> &Value {
        &self.ui
    }
}

#[derive(Serialize)]
struct NavItem {
    title: Text,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate<'a> {
    tag: &'a str,
    name: &'a str,
    href: String,
    url: String,
    current: bool,
}

/// The shared part of a page's context: locale, strings, navigation, alternates.
pub fn base_context(site: &Site, views: &[LocaleView], li: usize, kind: PageKind, options: &RenderOptions) -> Context {
    let root = "../".repeat(kind.depth());
    let locale_root = "../".repeat(kind.depth() - 1);
    let here = kind.path_in_locale();
    let mut ctx = views[li].base.clone();
    ctx.insert("root", &root);
    ctx.insert("review", &site.review.is_some());
    ctx.insert("locale_root", if locale_root.is_empty() { "./" } else { &locale_root });
    ctx.insert("home", if locale_root.is_empty() { "./" } else { &locale_root });
    let mut nav = vec![NavItem {
        title: Text::from(nav_index_title(site, li)),
        href: if locale_root.is_empty() { "./".into() } else { locale_root.clone() },
        current: matches!(kind, PageKind::Index),
    }];
    for page in site.pages.iter().filter(|p| p.name != prose::OVERVIEW) {
        let (file, fallback) = page.sources[li];
        let title = Msg::new(site.page_files[file].front.title.clone(), fallback);
        nav.push(NavItem {
            title: Text::from(title),
            href: format!("{locale_root}{}/", page.name),
            current: matches!(kind, PageKind::Prose(n) if n == page.name),
        });
    }
    ctx.insert("nav", &nav);
    let alternates: Vec<Alternate> = site
        .locales
        .iter()
        .enumerate()
        .map(|(i, l)| Alternate {
            tag: &l.tag,
            name: &l.name,
            href: format!("{root}{}/{here}", l.dir),
            url: format!("{}{}/{here}", options.base_url, l.dir),
            current: i == li,
        })
        .collect();
    ctx.insert("alternates", &alternates);
    ctx
}

/// The navigation title of the index: the overview page's title, or `index_title`.
fn nav_index_title(site: &Site, li: usize) -> Msg {
    match site.pages.iter().find(|p| p.name == prose::OVERVIEW) {
        Some(page) => {
            let (file, fallback) = page.sources[li];
            Msg::new(site.page_files[file].front.title.clone(), fallback)
        }
        None => site.locales[li].ui("index_title"),
    }
}

pub fn render_template(tera: &Tera, name: &str, ctx: &Context, page: &str) -> Result<String, Diagnostic> {
    tera.render(name, ctx).map_err(|e| {
        Diagnostic::error(format!("templates/{name}"), format!("cannot render {page}: {}", templates::error_chain(&e)))
    })
}

/// Renders a site locale by locale, so a build holds one locale's pages at a time.
///
/// Creating it renders the prose pages of every locale (they are few) and checks all
/// their links, so broken links are found before any country page is rendered.
pub struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    options: &'a RenderOptions,
    views: Vec<LocaleView>,
    prose: prose::RenderedProse,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, tera: &'a Tera, options: &'a RenderOptions) -> Result<Self, Vec<Diagnostic>> {
        let views: Vec<LocaleView> = site.locales.par_iter().map(LocaleView::new).collect();
        let prose = prose::render_all(site, tera, &views, options)?;
        Ok(Renderer { site, tera, options, views, prose })
    }

    /// Everything under `<locale>/` that is a page: the index, every country page, the
    /// prose pages, and the country list the pages' drop-down reads.
    pub fn locale_files(&self, li: usize) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        self.locale_files_with(li, &|_| true)
    }

    /// [`Renderer::locale_files`] with only the country pages whose index `country`
    /// selects: what `availgen serve` renders again when only some countries changed.
    pub fn locale_files_with(
        &self,
        li: usize,
        country: &(dyn Fn(usize) -> bool + Sync),
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let (site, tera, views, options) = (self.site, self.tera, &self.views, self.options);
        let mut results: Vec<Result<OutputFile, Diagnostic>> = (0..=site.countries.len())
            .into_par_iter()
            .filter(|&ci| ci.checked_sub(1).is_none_or(country))
            .map(|ci| match ci.checked_sub(1) {
                None => selector::render_index(site, tera, views, li, &self.prose, options),
                Some(ci) => country_page::render(site, tera, views, li, ci, options),
            })
            .collect();
        results.push(Ok(country_page::render_country_list(site, li)));
        let prefix = format!("{}/", site.locales[li].dir);
        results.extend(self.prose.pages.iter().filter(|f| f.path.starts_with(&prefix)).cloned().map(Ok));
        collect(results.into_iter().map(|r| r.map(std::iter::once).map_err(std::iter::once)))
    }

    /// The files at the output root: the language chooser and `404.html`.
    pub fn site_files(&self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        render_root_pages(self.site, self.tera, self.options).map_err(|d| vec![d])
    }
}

/// All files, or every problem: each result holds some files or some problems.
pub fn collect<F, D>(results: impl IntoIterator<Item = Result<F, D>>) -> Result<Vec<OutputFile>, Vec<Diagnostic>>
where
    F: IntoIterator<Item = OutputFile>,
    D: IntoIterator<Item = Diagnostic>,
{
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.extend(f),
            Err(d) => problems.extend(d),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Renders every page of the site at once (for callers that keep the site in memory).
pub fn render_site(site: &Site, tera: &Tera, options: &RenderOptions) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let renderer = Renderer::new(site, tera, options)?;
    let mut files = renderer.site_files()?;
    files.extend(collect((0..site.locales.len()).map(|li| renderer.locale_files(li)))?);
    Ok(files)
}

/// The language chooser at `/index.html` and the site-wide `404.html`.
fn render_root_pages(site: &Site, tera: &Tera, options: &RenderOptions) -> Result<Vec<OutputFile>, Diagnostic> {
    let source = &site.locales[site.source_locale];
    let alternates: Vec<Value> = site
        .locales
        .iter()
        .map(|l| {
            serde_json::json!({
                "tag": l.tag, "name": l.name, "href": format!("{}/", l.dir),
                "url": format!("{}{}/", options.base_url, l.dir), "chooser_title": l.ui("chooser_title").text,
            })
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("lang", &source.tag);
    ctx.insert("title", &source.ui("chooser_title").text);
    ctx.insert("alternates", &alternates);
    let chooser = render_template(tera, "chooser.html", &ctx, "index.html")?;
    let locales: Vec<Value> = site
        .locales
        .iter()
        .map(|l| {
            serde_json::json!({
                "tag": l.tag, "dir": l.dir, "title": l.ui("not_found_title").text,
                "body": l.ui("not_found_body").text, "back": l.ui("back_to_index").text,
            })
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("lang", &source.tag);
    ctx.insert("title", &source.ui("not_found_title").text);
    ctx.insert("locales", &locales);
    let not_found = render_template(tera, "404.html", &ctx, "404.html")?;
    Ok(vec![
        OutputFile { path: "index.html".into(), bytes: chooser.into_bytes() },
        OutputFile { path: "404.html".into(), bytes: not_found.into_bytes() },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes_only() {
        assert_eq!(escape_html("Côte d’Ivoire / 阿根廷"), "Côte d’Ivoire / 阿根廷");
        assert_eq!(
            escape_html("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
