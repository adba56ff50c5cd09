//! Stage 4: every (locale, page) pair rendered to HTML, in parallel.
//!
//! Views are built from the `Site` in Rust, so the templates only lay out text.
//! Each localized string reaches a template as `{text, html, lang}`: `text` for
//! attributes (Tera escapes it), `html` for element content (escaped here, and
//! wrapped in `<span lang="en-US">` when it is the en-US fallback).

pub mod changes;
pub mod compare;
pub mod country_page;
mod filters;
pub mod index;
pub mod languages;
pub mod prose;
pub mod selector;
pub mod templates;
pub mod world_map;

use std::collections::HashSet;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};
use tera::{Context, Tera};

use crate::diagnostic::Diagnostic;
use crate::load::locale::{category_name, Direction, Translation};
use crate::model::{Msg, Site, FSI, PDI};

/// The `lang` that marks text standing in for a missing translation. It is en-US for
/// every site, even one whose `source_locale` is another: a `Text` is made from a
/// `Msg` alone, and a `Msg` does not say which language it falls back to.
pub const FALLBACK_LANG: &str = crate::load::config::DEFAULT_SOURCE_LOCALE;

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
    /// A plural `ui:` string's forms by category (`one`, `other`, …): what the `plural`
    /// filter chooses from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forms: Option<std::collections::BTreeMap<&'static str, String>>,
}

/// Escapes text for HTML element content and quoted attributes. Unlike Tera's
/// default it leaves `/` alone, which keeps URLs readable and pages smaller.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape_html`] appended to `out`, for markup assembled piece by piece.
pub fn escape_into(out: &mut String, text: &str) {
    escape_runs(text, |piece| out.push_str(piece));
}

/// [`escape_html`] as Tera's escape function, which writes to a stream.
pub fn escape_to(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut written = Ok(());
    escape_runs(text, |piece| {
        if written.is_ok() {
            written = out.write_all(piece.as_bytes());
        }
    });
    written
}

/// Hands `text` to `push` in pieces, with `&<>"'` replaced by their entities.
fn escape_runs(text: &str, mut push: impl FnMut(&str)) {
    let mut rest = text;
    // Copy the runs that need nothing escaped whole: most strings are one run.
    while let Some(i) = rest.bytes().position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) {
        push(&rest[..i]);
        push(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    push(rest);
}

/// HTML of text in which values are isolated (FSI … PDI, see `model::Locale::format`):
/// each pair becomes a `<bdi>` element, which HTML prefers to the invisible characters.
/// Text whose isolates do not pair up is left as it is.
fn isolates_to_bdi(html: String) -> String {
    if !html.contains(FSI) {
        return html;
    }
    let mut depth = 0usize;
    for c in html.chars() {
        match c {
            FSI => depth += 1,
            PDI if depth == 0 => return html,
            PDI => depth -= 1,
            _ => {}
        }
    }
    if depth != 0 {
        return html;
    }
    html.replace(FSI, "<bdi>").replace(PDI, "</bdi>")
}

impl From<&Msg> for Text {
    fn from(m: &Msg) -> Self {
        let escaped = isolates_to_bdi(escape_html(&m.text));
        let html = match (&m.source, m.fallback) {
            // Review builds: the English source one hover away.
            (Some(source), _) if m.stale => format!(
                "<span class=\"review review-stale\" title=\"{FALLBACK_LANG} (changed since this translation): {}\">{escaped}</span>",
                escape_html(source)
            ),
            (Some(source), _) => {
                format!("<span class=\"review\" title=\"{FALLBACK_LANG}: {}\">{escaped}</span>", escape_html(source))
            }
            (None, true) => format!("<span lang=\"{FALLBACK_LANG}\">{escaped}</span>"),
            (None, false) => escaped,
        };
        Text { html, text: m.text.clone(), lang: m.fallback.then_some(FALLBACK_LANG), forms: None }
    }
}

/// `m` as templates see it (see [`Text`]), made anew: for strings seldom on two pages,
/// such as a country's cities, which [`TextValues`] would only hash, copy and keep.
pub fn text_value(m: &Msg) -> tera::Value {
    tera::Value::from_serializable(&Text::from(m))
}

/// The template values of one locale's strings, made once per rendering thread and
/// locale. Most strings of a country page (labels, "Yes", section titles) are on every
/// page of its locale: made and dropped again for each page, they were a third of the
/// page's cost; kept, each use is the clone of an `Arc`.
#[derive(Default)]
pub struct TextValues {
    by_msg: rustc_hash::FxHashMap<Msg, tera::Value>,
    /// Whole table rows, by the label's `ui` key, then the value: one string, or the
    /// lines of a list of records.
    rows: rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<Vec<Msg>, Row>>,
    /// How many rows are kept: the next one's number.
    kept_rows: u32,
    /// Whole sections of kept rows, by the section's shape and the rows' numbers.
    sections: rustc_hash::FxHashMap<(SectionShape, Vec<u32>), tera::Value>,
}

/// A country page's table row: the value templates see as `f`, and its markup.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub value: tera::Value,
    pub html: std::sync::Arc<str>,
    /// Its number among the rows [`TextValues`] keeps, if it is kept.
    pub kept: Option<u32>,
}

/// What decides a country page's section besides its rows, in a locale: which section
/// of the schema it is, whether the country has it, and whether its hint is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SectionShape {
    pub index: usize,
    pub applies: bool,
    pub hint: bool,
}

impl TextValues {
    /// `m` as templates see it: `{text, html, lang}` (see [`Text`]).
    pub fn value(&mut self, m: &Msg) -> tera::Value {
        if let Some(v) = self.by_msg.get(m) {
            return v.clone();
        }
        let v = text_value(m);
        self.by_msg.insert(m.clone(), v.clone());
        v
    }

    /// A country page's table row of the label with `ui` key `key` and the value
    /// `value` (one string, or a list's lines), made by `make` the first time it is seen
    /// in the locale.
    pub fn row<E>(
        &mut self,
        key: &str,
        value: &[Msg],
        make: impl FnOnce(&mut Self) -> Result<Row, E>,
    ) -> Result<Row, E> {
        if let Some(v) = self.rows.get(key).and_then(|by_value| by_value.get(value)) {
            return Ok(v.clone());
        }
        let mut v = make(self)?;
        v.kept = Some(self.kept_rows);
        self.kept_rows += 1;
        self.rows.entry(key.to_owned()).or_default().insert(value.to_vec(), v.clone());
        Ok(v)
    }

    /// A country page's section of shape `shape` and rows `rows`, made by `make` the
    /// first time the locale has such a section. Most sections ("Phone System", every
    /// row "Yes") are the same on many pages; one with a row that is not kept (a list of
    /// cities) is made every time.
    pub fn section(
        &mut self,
        shape: SectionShape,
        rows: &[Row],
        make: impl FnOnce(&mut Self) -> tera::Value,
    ) -> tera::Value {
        let Some(kept) = rows.iter().map(|r| r.kept).collect::<Option<Vec<u32>>>() else {
            return make(self);
        };
        let key = (shape, kept);
        if let Some(v) = self.sections.get(&key) {
            return v.clone();
        }
        let v = make(self);
        self.sections.insert(key, v.clone());
        v
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
    /// The comparison matrix.
    Compare,
    /// The world maps (`world_map::PAGE`).
    Maps,
    /// What changed, from the git history.
    Changes,
}

impl PageKind<'_> {
    /// Path of the page inside a locale directory, ending in `/` (empty for the index).
    pub fn path_in_locale(&self) -> String {
        match self {
            PageKind::Index => String::new(),
            PageKind::Country(slug) => format!("availability-in-{slug}/"),
            PageKind::Prose(name) => format!("{name}/"),
            PageKind::Compare => format!("{}/", compare::DIR),
            PageKind::Maps => format!("{}/", world_map::PAGE),
            PageKind::Changes => format!("{}/", changes::DIR),
        }
    }

    fn depth(&self) -> usize {
        match self {
            PageKind::Index => 1,
            _ => 2,
        }
    }
}

/// Every page a locale has, in the order the sitemaps list them.
pub fn every_page(site: &Site) -> Vec<PageKind<'_>> {
    let mut pages = vec![PageKind::Index, PageKind::Compare];
    if world_map::has_maps(&site.schema) {
        pages.push(PageKind::Maps);
    }
    pages.extend(site.countries.iter().map(|c| PageKind::Country(&c.slug)));
    pages.extend(site.pages.iter().filter(|p| p.name != prose::OVERVIEW).map(|p| PageKind::Prose(&p.name)));
    if site.history.is_some() {
        pages.push(PageKind::Changes);
    }
    pages
}

/// The title of the page `kind` in locale `li`, as its `<h1>` has it.
pub fn page_title(site: &Site, li: usize, kind: PageKind) -> Msg {
    let locale = &site.locales[li];
    match kind {
        PageKind::Index => nav_index_title(site, li),
        PageKind::Country(slug) => {
            let name =
                site.country_by_slug(slug).map_or_else(|| slug.to_owned(), |ci| locale.country_names[ci].text.clone());
            locale.format(&locale.ui("page_title"), &[("country", &name)])
        }
        PageKind::Prose(name) => match site.pages.iter().find(|p| p.name == name) {
            Some(page) => prose_title(site, page, li),
            None => Msg::own(name.to_owned()),
        },
        PageKind::Compare => locale.ui("compare_title"),
        PageKind::Maps => locale.ui("maps_title"),
        PageKind::Changes => locale.ui("changes_title"),
    }
}

/// What every page of one locale shares, computed once per locale.
pub struct LocaleView {
    li: usize,
    ui: Value,
    /// `ui`, `locale` and `locales` already in a context. A rendering thread clones it
    /// once per locale and lays each page's variables over it (see [`PageContext`]).
    base: Context,
    languages: LanguageLinks,
    nav: Navigation,
}

impl LocaleView {
    pub fn new(site: &Site, li: usize, options: &RenderOptions) -> Self {
        let locale = &site.locales[li];
        let mut ui = Map::new();
        let mut messages: Vec<_> = locale.ui_messages().collect();
        messages.sort_by(|a, b| a.0.cmp(b.0));
        for (key, message) in messages {
            let mut text = Text::from(message.other());
            if message.is_plural() {
                text.forms = Some(message.forms().map(|(c, m)| (category_name(c), m.text.clone())).collect());
            }
            ui.insert(key.clone(), serde_json::to_value(text).unwrap_or(Value::Null));
        }
        let locale_value = serde_json::json!({
            "tag": locale.tag,
            "dir": locale.dir,
            "name": locale.name,
            "direction": match locale.direction { Direction::Ltr => "ltr", Direction::Rtl => "rtl" },
            "machine": locale.translation == Translation::Machine,
        });
        // Every locale, for templates that lay out their own language links.
        let locales: Vec<Value> =
            site.locales.iter().map(|l| serde_json::json!({ "tag": l.tag, "dir": l.dir, "name": l.name })).collect();
        let ui = Value::Object(ui);
        let mut base = Context::new();
        base.insert("ui", &ui);
        base.insert("locale", &locale_value);
        base.insert("locales", &locales);
        let (languages, nav) = (LanguageLinks::new(site, li, &options.base_url), Navigation::new(site, li));
        LocaleView { li, ui, base, languages, nav }
    }

    pub fn ui_value(&self) -> &Value {
        &self.ui
    }

    /// A context to render this locale's pages in, one page after another.
    pub fn context(&self) -> Context {
        self.base.clone()
    }
}

/// One page's variables laid over its locale's shared context, and taken off again
/// when dropped. Cloning the shared part (some 200 strings) for every page cost more
/// than rendering many a page; this way each thread clones it once per locale.
pub struct PageContext<'c> {
    ctx: &'c mut Context,
    added: Vec<&'static str>,
}

impl<'c> PageContext<'c> {
    pub fn new(ctx: &'c mut Context) -> Self {
        PageContext { ctx, added: Vec::new() }
    }

    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert_value(key, tera::Value::from_serializable(value));
    }

    /// [`PageContext::insert`] of a value made beforehand.
    pub fn insert_value(&mut self, key: &'static str, value: tera::Value) {
        // Replacing a shared variable would take it away from the next page.
        debug_assert!(!self.ctx.contains_key(key), "page variable `{key}` is set twice or is shared");
        self.ctx.insert_value(key, value);
        self.added.push(key);
    }

    pub fn get(&self) -> &Context {
        self.ctx
    }
}

impl Drop for PageContext<'_> {
    fn drop(&mut self) {
        for key in &self.added {
            self.ctx.remove(key);
        }
    }
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a Text,
    href: String,
    current: bool,
}

/// A locale's site navigation (index, matrix, maps, prose pages) as templates see it,
/// made once per locale: it is the same on every page but for the entry marked
/// current, and building it was a fifth of the shared part of each page's variables.
struct Navigation {
    /// Per entry, its path inside the locale (empty for the index).
    paths: Vec<String>,
    /// Per entry, the navigation of that entry's own page; last, that of every page
    /// that is not in it (country pages, the changes page).
    values: Vec<tera::Value>,
}

impl Navigation {
    fn new(site: &Site, li: usize) -> Self {
        let locale = &site.locales[li];
        let mut entries = vec![(Text::from(nav_index_title(site, li)), String::new())];
        entries.push((Text::from(locale.ui("compare_title")), PageKind::Compare.path_in_locale()));
        if world_map::has_maps(&site.schema) {
            entries.push((Text::from(locale.ui("maps_title")), PageKind::Maps.path_in_locale()));
        }
        for page in site.pages.iter().filter(|p| p.name != prose::OVERVIEW) {
            entries.push((Text::from(prose_title(site, page, li)), PageKind::Prose(&page.name).path_in_locale()));
        }
        let value = |current: Option<usize>| {
            // The way up to the locale root: none on the index, whose links spell it `./`.
            let up = if current == Some(0) { "" } else { "../" };
            let items: Vec<NavItem> = (entries.iter().enumerate())
                .map(|(i, (title, path))| NavItem {
                    title,
                    href: if path.is_empty() && up.is_empty() { "./".to_owned() } else { format!("{up}{path}") },
                    current: current == Some(i),
                })
                .collect();
            tera::Value::from_serializable(&items)
        };
        let values = (0..entries.len()).map(Some).chain([None]).map(value).collect();
        Navigation { paths: entries.into_iter().map(|(_, path)| path).collect(), values }
    }

    /// The navigation of the page at `here` (its path inside the locale).
    fn of(&self, here: &str) -> tera::Value {
        let at = self.paths.iter().position(|path| path == here).unwrap_or(self.paths.len());
        self.values[at].clone()
    }
}

/// The shared part of a page's variables: paths, navigation and language links.
pub fn base_context<'c>(site: &Site, view: &LocaleView, kind: PageKind, scratch: &'c mut Context) -> PageContext<'c> {
    let root = "../".repeat(kind.depth());
    // The way up to the locale root: empty on the index, whose links spell it `./`.
    let up = "../".repeat(kind.depth() - 1);
    let locale_root = if up.is_empty() { "./".to_owned() } else { up };
    let here = kind.path_in_locale();
    let mut ctx = PageContext::new(scratch);
    ctx.insert("root", &root);
    ctx.insert("here", &here);
    ctx.insert("review", &site.review.is_some());
    // The changes page and its feed, linked from every page of the locale.
    ctx.insert("history", &site.history.is_some());
    ctx.insert("locale_root", &locale_root);
    ctx.insert("home", &locale_root);
    ctx.insert_value("nav", view.nav.of(&here));
    let here = escape_html(&here);
    ctx.insert("alternate_links", &view.languages.alternate_links(&here));
    ctx.insert("language_list", &view.languages.language_list(&root, &here));
    ctx
}

/// A page's links to itself in other locales: its `<link rel="alternate" hreflang>`
/// tags and the language switcher's `<ul>`. With a few locales there is one of each
/// per locale on every page; looped over in Tera they were most of a 64-locale page's
/// template work, so they are joined here from pieces escaped once per locale. With
/// many (`Site::language_pages`) the list holds the page's own language and a link to
/// its languages page, and the head none (see [`languages`]).
struct LanguageLinks {
    /// Per locale: `<link rel="alternate" hreflang="TAG" href="BASE_URL DIR/`.
    head: Vec<String>,
    /// Per locale listed: `DIR/`, and what follows the page's path in its list entry.
    list: Vec<(String, String)>,
    /// With `Site::language_pages`: the entry's text that leads to the languages page.
    all_languages: Option<String>,
}

impl LanguageLinks {
    /// The links of locale `li`'s pages (it is the one marked current).
    fn new(site: &Site, li: usize, base_url: &str) -> Self {
        let mut head = Vec::new();
        let mut list = Vec::new();
        for (i, l) in site.locales.iter().enumerate() {
            let (tag, dir, name) = (escape_html(&l.tag), escape_html(&l.dir), escape_html(&l.name));
            let current = if i == li { " aria-current=\"true\"" } else { "" };
            if site.language_pages && i != li {
                continue;
            }
            if !site.language_pages {
                head.push(format!("<link rel=\"alternate\" hreflang=\"{tag}\" href=\"{}{dir}/", escape_html(base_url)));
            }
            list.push((format!("{dir}/"), format!("\" hreflang=\"{tag}\" lang=\"{tag}\"{current}>{name}</a></li>")));
        }
        let all_languages = site.language_pages.then(|| Text::from(site.locales[li].ui("all_languages")).html);
        LanguageLinks { head, list, all_languages }
    }

    /// `here`: the page's path in a locale, escaped.
    fn alternate_links(&self, here: &str) -> String {
        let mut html = String::with_capacity(self.head.iter().map(|h| h.len() + here.len() + 3).sum());
        for start in &self.head {
            html.push_str(start);
            html.push_str(here);
            html.push_str("\">\n");
        }
        html
    }

    /// `root`: the way up to the site root; `here` as for [`Self::alternate_links`].
    fn language_list(&self, root: &str, here: &str) -> String {
        let size = self.list.iter().map(|(d, rest)| 20 + root.len() + d.len() + here.len() + rest.len()).sum();
        let mut html = String::with_capacity(size);
        html.push_str("<ul>");
        for (dir, rest) in &self.list {
            html.push_str("\n<li><a href=\"");
            html.push_str(root);
            html.push_str(dir);
            html.push_str(here);
            html.push_str(rest);
        }
        if let Some(text) = &self.all_languages {
            html.push_str("\n<li><a href=\"");
            html.push_str(root);
            html.push_str(&languages::page_path(here));
            html.push_str("\">");
            html.push_str(text);
            html.push_str("</a></li>");
        }
        html.push_str("\n</ul>");
        html
    }
}

/// The navigation title of the index: the overview page's title, or `index_title`.
fn nav_index_title(site: &Site, li: usize) -> Msg {
    match site.pages.iter().find(|p| p.name == prose::OVERVIEW) {
        Some(page) => prose_title(site, page, li),
        None => site.locales[li].ui("index_title"),
    }
}

/// A prose page's title in locale `li`: its own file's, or the source locale's it falls back to.
fn prose_title(site: &Site, page: &crate::model::Page, li: usize) -> Msg {
    let (file, fallback) = page.sources[li];
    Msg::new(site.page_files[file].front.title.clone(), fallback)
}

pub fn render_template(tera: &Tera, name: &str, ctx: &PageContext, page: &str) -> Result<Vec<u8>, Diagnostic> {
    render_in(tera, name, ctx.get(), page)
}

/// [`render_template`] with a context of its own (pages outside any locale). Pages are
/// rendered straight into bytes: `Tera::render` would check every page's UTF-8 again
/// to make a `String` of it, which took 4% of a large build.
fn render_in(tera: &Tera, name: &str, ctx: &Context, page: &str) -> Result<Vec<u8>, Diagnostic> {
    render_into(tera, name, ctx, page, Vec::with_capacity(PAGE_CAPACITY))
}

/// A piece of pages that is kept and reused (a table row), rendered into a buffer of
/// about its size: in a page's 32 KB, every kept row held 32 KB.
pub fn render_piece(tera: &Tera, name: &str, ctx: &PageContext, page: &str) -> Result<String, Diagnostic> {
    let html = render_into(tera, name, ctx.get(), page, Vec::with_capacity(256))?;
    // Tera writes only strings: checked, not copied (`from_utf8_lossy` took 2 instructions a byte).
    Ok(String::from_utf8(html).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn render_into(tera: &Tera, name: &str, ctx: &Context, page: &str, mut html: Vec<u8>) -> Result<Vec<u8>, Diagnostic> {
    tera.render_to(name, ctx, &mut html).map_err(|e| templates::diagnostic(&e, Some(page), None))?;
    Ok(html)
}

/// Room for a typical page, so that rendering one rarely grows the buffer.
const PAGE_CAPACITY: usize = 32 * 1024;

/// Renders a site locale by locale; `availgen build` writes each page as soon as it is
/// made, so it holds a few pages at a time.
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
        let views: Vec<LocaleView> =
            (0..site.locales.len()).into_par_iter().map(|li| LocaleView::new(site, li, options)).collect();
        let prose = prose::render_all(site, tera, &views)?;
        Ok(Renderer { site, tera, options, views, prose })
    }

    /// What the renderer made for the whole build (the locales' shared variables, the
    /// prose pages), for the caller to drop when it suits.
    pub fn into_parts(self) -> (Vec<LocaleView>, prose::RenderedProse) {
        (self.views, self.prose)
    }

    /// Everything under `<locale>/` that is a page: the index, the comparison matrix,
    /// the maps, every country page, the prose pages, and the country list the pages'
    /// drop-down reads.
    pub fn locale_files(&self, li: usize) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        self.locale_files_with(li, &|_| true)
    }

    /// [`Renderer::locale_files`] with only the country pages whose index `country`
    /// selects: what `availgen serve` renders again when only some countries changed.
    /// The files come sorted by path.
    pub fn locale_files_with(
        &self,
        li: usize,
        country: &(dyn Fn(usize) -> bool + Sync),
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let files = std::sync::Mutex::new(Vec::new());
        self.emit_locale_files(li, country, &|f| files.lock().expect("no thread panics holding it").push(f))?;
        let mut files = files.into_inner().expect("no thread panics holding it");
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Renders the files of [`Renderer::locale_files_with`] and hands each to `emit` as
    /// soon as it is made, on the thread that made it. Every problem of the locale is
    /// returned; `emit` may have had some of its files by then.
    pub fn emit_locale_files(
        &self,
        li: usize,
        country: &(dyn Fn(usize) -> bool + Sync),
        emit: &(dyn Fn(OutputFile) + Sync),
    ) -> Result<(), Vec<Diagnostic>> {
        let scratches = ScratchPool::default();
        let problems: Vec<Diagnostic> = self
            .locale_pages(country)
            .into_par_iter()
            .filter_map(|page| scratches.with(li, |scratch| self.render_page(li, page, scratch, emit).err()))
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// What [`Renderer::render_page`] makes of each locale: the index, the country
    /// pages that `country` selects, the changes page, and the files that show every
    /// country (made whenever a locale is, whichever countries changed). The costliest
    /// come first, so that no processor is left with one of them at the end.
    pub fn locale_pages(&self, country: &dyn Fn(usize) -> bool) -> Vec<LocalePage<'a>> {
        let every_country = [LocalePage::Compare, LocalePage::Maps, LocalePage::CountryList, LocalePage::Prose];
        every_country
            .into_iter()
            .chain([LocalePage::Index])
            .chain((0..self.site.countries.len()).filter(|&ci| country(ci)).map(LocalePage::Country))
            .chain(self.site.history.as_ref().map(LocalePage::Changes))
            .collect()
    }

    /// Renders one page of the locale `li` and hands its files to `emit`. `scratch` is
    /// the rendering thread's own, kept from one page to the next.
    pub fn render_page(
        &self,
        li: usize,
        page: LocalePage,
        scratch: &mut Scratch,
        emit: &(dyn Fn(OutputFile) + Sync),
    ) -> Result<(), Diagnostic> {
        let (site, tera, view) = (self.site, self.tera, &self.views[li]);
        if scratch.locale != Some(li) {
            *scratch = Scratch { locale: Some(li), context: view.context(), texts: TextValues::default() };
        }
        let ctx = &mut scratch.context;
        match page {
            LocalePage::Index => emit(index::render_index(site, tera, view, &self.prose, ctx)?),
            LocalePage::Country(ci) => emit(country_page::render(site, tera, view, ci, ctx, &mut scratch.texts)?),
            LocalePage::Changes(history) => emit(changes::render(site, tera, view, history, ctx)?),
            LocalePage::Compare => emit(compare::render(site, tera, view, ctx)?),
            LocalePage::Maps => world_map::render(site, tera, view, ctx)?.into_iter().for_each(emit),
            LocalePage::CountryList => emit(country_page::render_country_list(site, li)),
            LocalePage::Prose => {
                let prefix = format!("{}/", site.locales[li].dir);
                self.prose.pages.iter().filter(|f| f.path.starts_with(&prefix)).cloned().for_each(emit)
            }
        }
        Ok(())
    }

    /// The files outside the locales: the language chooser, `404.html` and the languages pages.
    pub fn site_files(&self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        render_root_pages(self.site, self.tera, self.options).map_err(|d| vec![d])
    }
}

/// The country pages that `select(locale, country)` chooses, in every locale, and
/// nothing else: no prose page is rendered for them. What `availgen serve` shows first
/// when countries changed, before the pages that show every country.
pub fn country_pages(
    site: &Site,
    tera: &Tera,
    options: &RenderOptions,
    select: &(dyn Fn(usize, usize) -> bool + Sync),
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let jobs: Vec<(usize, usize)> = (0..site.locales.len())
        .flat_map(|li| (0..site.countries.len()).map(move |ci| (li, ci)))
        .filter(|&(li, ci)| select(li, ci))
        .collect();
    let locales: HashSet<usize> = jobs.iter().map(|&(li, _)| li).collect();
    let views: Vec<Option<LocaleView>> = (0..site.locales.len())
        .into_par_iter()
        .map(|li| locales.contains(&li).then(|| LocaleView::new(site, li, options)))
        .collect();
    let view = |li: usize| views[li].as_ref().expect("a view for every locale with a page");
    let pages: Vec<Result<OutputFile, Diagnostic>> = jobs
        .into_par_iter()
        .map(|(li, ci)| {
            country_page::render(site, tera, view(li), ci, &mut view(li).context(), &mut TextValues::default())
        })
        .collect();
    collect(pages.into_iter().map(|page| page.map(|p| [p]).map_err(|d| [d])))
}

/// One rendering task of a locale: a page, or the files that show every country.
#[derive(Clone, Copy)]
pub enum LocalePage<'s> {
    Index,
    Country(usize),
    Changes(&'s crate::model::changes::SiteHistory),
    /// The comparison matrix.
    Compare,
    /// The maps page and its images.
    Maps,
    /// The country list the pages' drop-down reads.
    CountryList,
    /// The locale's prose pages, rendered with the renderer.
    Prose,
}

/// What a rendering thread keeps from one page of a locale to the next: the locale's
/// shared context, to lay each page's variables over, and its strings' template values.
#[derive(Default)]
pub struct Scratch {
    locale: Option<usize>,
    context: Context,
    texts: TextValues,
}

/// The scratches of one rendering run, lent to its tasks. A task of locale `li` gets
/// one last used for `li` when one is free, so the rows rendered for a locale serve all
/// its later pages, whichever thread renders them. (rayon's `map_init` made a scratch
/// for every piece it split the work into, and each rendered the locale's rows again.)
#[derive(Default)]
pub struct ScratchPool(std::sync::Mutex<Vec<Scratch>>);

impl ScratchPool {
    /// `work` done with a scratch for locale `li`, which goes back to the pool after.
    pub fn with<R>(&self, li: usize, work: impl FnOnce(&mut Scratch) -> R) -> R {
        let mut scratch = {
            let mut free = self.0.lock().expect("no thread panics holding it");
            match free.iter().position(|s| s.locale == Some(li)) {
                Some(i) => free.swap_remove(i),
                None => free.pop().unwrap_or_default(),
            }
        };
        let result = work(&mut scratch);
        self.0.lock().expect("no thread panics holding it").push(scratch);
        result
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

/// The language chooser at `/index.html`, the site-wide `404.html` and, with many
/// locales, the languages pages (`languages/<page>/`).
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
    ctx.insert("root", "");
    ctx.insert("languages_page", &false);
    let chooser = render_in(tera, "chooser.html", &ctx, "index.html")?;
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
    let not_found = render_in(tera, "404.html", &ctx, "404.html")?;
    let mut files = vec![
        OutputFile { path: "index.html".into(), bytes: chooser },
        OutputFile { path: "404.html".into(), bytes: not_found },
    ];
    files.extend(languages::render_pages(site, tera, options)?);
    Ok(files)
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
        let mut out = String::from("<b>");
        escape_into(&mut out, "a&b");
        escape_into(&mut out, "");
        escape_into(&mut out, "<");
        assert_eq!(out, "<b>a&amp;b&lt;");
    }

    #[test]
    fn text_values_tell_a_fallback_from_a_translation_of_the_same_text() {
        let mut texts = TextValues::default();
        let own = Msg::own("<Yes>".into());
        let fallback = Msg::new("<Yes>".into(), true);
        let first = texts.value(&own);
        assert_eq!(texts.value(&own), first);
        assert_eq!(first.get_from_path("html").and_then(|v| v.as_str()), Some("&lt;Yes&gt;"));
        assert!(first.get_from_path("lang").is_none());
        let marked = texts.value(&fallback);
        assert_eq!(marked.get_from_path("lang").and_then(|v| v.as_str()), Some(FALLBACK_LANG));
        let row = |texts: &mut TextValues, m: &Msg| {
            let make = |texts: &mut TextValues| {
                Ok::<_, ()>(Row { value: texts.value(m), html: m.text.as_str().into(), kept: None })
            };
            texts.row("sn_toll", std::slice::from_ref(m), make).unwrap()
        };
        assert_eq!(row(&mut texts, &own).value, first);
        assert_eq!(row(&mut texts, &fallback).value, marked, "rows are kept by value, fallback included");
        let made_again = texts.row("sn_toll", std::slice::from_ref(&own), |_| Err(()));
        assert_eq!(made_again.map(|r| r.html), Ok("<Yes>".into()), "a kept row is not made again");
    }

    #[test]
    fn a_section_of_kept_rows_is_made_once_and_one_with_another_row_every_time() {
        let mut texts = TextValues::default();
        let row = |texts: &mut TextValues, text: &str| {
            let m = Msg::own(text.into());
            let make =
                |texts: &mut TextValues| Ok::<_, ()>(Row { value: texts.value(&m), html: text.into(), kept: None });
            texts.row("sn_toll", std::slice::from_ref(&m), make).unwrap()
        };
        let (yes, no) = (row(&mut texts, "Yes"), row(&mut texts, "No"));
        assert_eq!((yes.kept, no.kept, row(&mut texts, "Yes").kept), (Some(0), Some(1), Some(0)));
        let shape = SectionShape { index: 2, applies: true, hint: false };
        let mut made = 0;
        let mut section = |texts: &mut TextValues, shape, rows: &[Row]| {
            texts.section(shape, rows, |_| {
                made += 1;
                tera::Value::from(made)
            })
        };
        let first = section(&mut texts, shape, &[yes.clone(), no.clone()]);
        assert_eq!(section(&mut texts, shape, &[yes.clone(), no.clone()]), first, "made once");
        section(&mut texts, shape, &[no.clone(), yes.clone()]);
        section(&mut texts, SectionShape { hint: true, ..shape }, &[yes.clone(), no.clone()]);
        let list = Row { kept: None, ..yes.clone() };
        section(&mut texts, shape, &[yes.clone(), list.clone()]);
        section(&mut texts, shape, &[yes, list]);
        assert_eq!(made, 5, "other rows, another shape, and each section with a row not kept");
    }

    #[test]
    fn the_pool_lends_the_scratch_last_used_for_the_locale() {
        let pool = ScratchPool::default();
        // Two tasks at once (locales 0 and 1) leave two scratches in the pool.
        pool.with(0, |a| {
            a.locale = Some(0);
            pool.with(1, |b| b.locale = Some(1));
        });
        for li in [1, 0, 1] {
            pool.with(li, |s| assert_eq!(s.locale, Some(li), "the scratch of locale {li}"));
        }
        // A locale with none of its own gets one of the others (render_page resets it).
        pool.with(2, |s| {
            assert!(s.locale.is_some());
            s.locale = Some(2);
        });
        assert_eq!(pool.0.lock().unwrap().len(), 2, "scratches go back to the pool");
    }

    #[test]
    fn a_page_context_leaves_the_shared_context_as_it_found_it() {
        let mut shared = Context::new();
        shared.insert("ui", &"strings");
        {
            let mut page = PageContext::new(&mut shared);
            page.insert("title", &"Canada");
            assert_eq!(page.get().get("title"), Some(&tera::Value::from("Canada")));
            assert_eq!(page.get().get("ui"), Some(&tera::Value::from("strings")));
        }
        assert_eq!(shared.get("title"), None);
        assert_eq!(shared.get("ui"), Some(&tera::Value::from("strings")));
    }
}
