//! Prose pages: Markdown (pulldown-cmark) with GFM alerts, stable heading ids,
//! checked links, sanitized raw HTML, and data directives.
//!
//! A directive is a paragraph of its own, `{{ name key=value }}`, in the spirit of
//! Zola's shortcodes: it stays readable in any Markdown viewer, needs no change to
//! the Markdown parser, and cannot appear inside code. It renders a block from the
//! data, per locale, so no fact is ever retyped in prose:
//!
//! | directive | renders |
//! |---|---|
//! | `{{ countries-with feature=F }}` | linked list of the countries where F can be bought |
//! | `{{ fact-table fact=S.F }}` | table: country, fact F of section S, where S is offered |
//! | `{{ calling-plan-destinations }}` | the destinations a Calling Plan user can call |
//! | `{{ country-selector }}` | the filterable list of every country |

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use tera::{Context, Tera};

use super::{base_context, render_template, LocaleView, OutputFile, PageContext, PageKind, Text};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::load::country::FactValue;
use crate::load::PageFile;
use crate::model::facts::{self, Value};
use crate::model::{Msg, Site};

/// The page whose text is shown on each locale's index, above the country list.
pub const OVERVIEW: &str = "overview";
/// Anchor of the destinations list, linked from every country page.
pub const DESTINATIONS_ID: &str = "destinations";

pub const DIRECTIVES: &[&str] = &["countries-with", "fact-table", "calling-plan-destinations", "country-selector"];

/// The arguments each directive takes.
fn directive_args(name: &str) -> &'static [&'static str] {
    match name {
        "countries-with" => &["feature"],
        "fact-table" => &["fact"],
        _ => &[],
    }
}

/// Ids that every country page has, for links such as `availability-in-canada#calling-plans`:
/// one per schema section, and these.
const COUNTRY_PAGE_IDS: &[&str] = &["main", "notes"];

pub struct RenderedOverview {
    pub title: Msg,
    pub html: String,
    /// Review builds: the en-US overview, shown beside the translation.
    pub review_source: Option<String>,
    /// The overview places the country selector itself, so the index adds none.
    pub has_selector: bool,
}

pub struct RenderedProse {
    pub pages: Vec<OutputFile>,
    /// Per locale: the overview's body, shown on that locale's index.
    pub overview: Vec<Option<RenderedOverview>>,
}

/// Renders every prose page in every locale, checking every link first.
pub fn render_all(site: &Site, tera: &Tera, views: &[LocaleView]) -> Result<RenderedProse, Vec<Diagnostic>> {
    let ids: Vec<HashSet<String>> = site.page_files.par_iter().map(anchor_ids).collect();
    let jobs: Vec<(usize, usize)> =
        (0..site.pages.len()).flat_map(|p| (0..site.locales.len()).map(move |l| (p, l))).collect();
    let results: Vec<Result<(usize, usize, String), Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|&(pi, li)| {
            let page = &site.pages[pi];
            let (file, _) = page.sources[li];
            let prefix = if page.name == OVERVIEW { "" } else { "../" };
            markdown_to_html(site, tera, views, li, &site.page_files[file], prefix, &ids).map(|html| (pi, li, html))
        })
        .collect();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut bodies = Vec::new();
    for r in results {
        match r {
            Ok(b) => bodies.push(b),
            Err(d) => problems.extend(d),
        }
    }
    // A fallback page is the en-US file rendered again: report its problems once.
    problems.sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
    problems.dedup();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut overview: Vec<Option<RenderedOverview>> = (0..site.locales.len()).map(|_| None).collect();
    let mut pages = Vec::new();
    for (pi, li, html) in bodies {
        let page = &site.pages[pi];
        let (file, fallback) = page.sources[li];
        let front = &site.page_files[file].front;
        let title = Msg::new(front.title.clone(), fallback);
        if page.name == OVERVIEW {
            let review_source = review_source(site, tera, views, li, pi, &ids)?;
            let has_selector = site.page_files[site.pages[pi].sources[li].0]
                .body
                .lines()
                .any(|l| l.trim() == "{{ country-selector }}");
            overview[li] = Some(RenderedOverview { title, html, review_source, has_selector });
            continue;
        }
        let mut scratch = views[li].context();
        let mut ctx = base_context(site, &views[li], PageKind::Prose(&page.name), &mut scratch);
        ctx.insert("title", &Text::from(&title));
        ctx.insert("description", &front.description);
        ctx.insert("content", &html);
        ctx.insert("content_lang", &fallback.then_some(super::FALLBACK_LANG));
        ctx.insert("review_source", &review_source(site, tera, views, li, pi, &ids)?);
        let stale = site
            .review
            .as_ref()
            .is_some_and(|r| r.stale.contains(&(site.locales[li].tag.clone(), format!("page.{}", page.name))));
        ctx.insert("review_stale", &stale);
        let locale = &site.locales[li];
        let out =
            render_template(tera, "page.html", &ctx, &format!("{}/{}", locale.dir, page.name)).map_err(|d| vec![d])?;
        pages.push(OutputFile { path: format!("{}/{}/index.html", locale.dir, page.name), bytes: out });
    }
    Ok(RenderedProse { pages, overview })
}

/// Review builds: the en-US page rendered for locale `li`, shown beside its translation.
fn review_source(
    site: &Site,
    tera: &Tera,
    views: &[LocaleView],
    li: usize,
    pi: usize,
    ids: &[HashSet<String>],
) -> Result<Option<String>, Vec<Diagnostic>> {
    let page = &site.pages[pi];
    let (_, fallback) = page.sources[li];
    if site.review.is_none() || fallback || li == site.source_locale {
        return Ok(None);
    }
    let (source_file, _) = page.sources[site.source_locale];
    let prefix = if page.name == OVERVIEW { "" } else { "../" };
    let html = markdown_to_html(site, tera, views, li, &site.page_files[source_file], prefix, ids)?;
    Ok(Some(prefix_ids(&html, "source-")))
}

/// The same HTML with every id (and every reference to one) prefixed, so a copy can
/// stand on the page beside the original without duplicate ids.
fn prefix_ids(html: &str, prefix: &str) -> String {
    let mut out = html.to_owned();
    for attr in ["id=\"", "for=\"", "href=\"#", "aria-controls=\"", "aria-describedby=\"", "aria-labelledby=\""] {
        out = out.replace(&format!(" {attr}"), &format!(" {attr}{prefix}"));
    }
    out
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The ids a page's links may point at: its headings, footnotes and directive anchors.
fn anchor_ids(page: &PageFile) -> HashSet<String> {
    let mut ids: HashSet<String> = HashSet::from(["main".to_owned()]);
    let mut in_heading: Option<String> = None;
    for event in Parser::new_ext(&page.body, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => match id {
                Some(id) => {
                    ids.insert(id.to_string());
                }
                None => in_heading = Some(String::new()),
            },
            Event::Text(t) | Event::Code(t) if in_heading.is_some() => {
                in_heading.as_mut().unwrap_or(&mut String::new()).push_str(&t)
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = in_heading.take() {
                    ids.insert(slugify(&text));
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                ids.insert(label.to_string());
            }
            Event::Start(Tag::Paragraph) => {}
            _ => {}
        }
    }
    if page.body.contains("calling-plan-destinations") {
        ids.insert(DESTINATIONS_ID.to_owned());
    }
    ids
}

/// An id from heading text, used only where the author gave none.
fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

struct PageRender<'a> {
    site: &'a Site,
    tera: &'a Tera,
    views: &'a [LocaleView],
    li: usize,
    page: &'a PageFile,
    /// Leads from the page to its locale's root: `../` for pages, empty for the index.
    prefix: &'a str,
    ids: &'a [HashSet<String>],
    problems: Vec<Diagnostic>,
    /// Whether a `country-selector` directive was rendered (it may appear once).
    has_selector: bool,
}

impl PageRender<'_> {
    fn error_at(&mut self, body_offset: usize, width: usize, message: String, hint: Option<String>) {
        let offset = self.page.body_offset + body_offset;
        let (line, column) = line_col(&self.page.text, offset);
        let mut d = Diagnostic::error(&self.page.rel_path, message).at(&self.page.text, line, column, width);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        self.problems.push(d);
    }

    /// Resolves a link written in the page; reports a link to a page or anchor that does not exist.
    fn resolve_link(&mut self, dest: &str, offset: usize, width: usize) -> String {
        if dest.contains(':') || dest.starts_with('/') || dest.starts_with("//") {
            return dest.to_owned();
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let path = path.trim_end_matches('/').trim_end_matches(".md");
        let (href, ids): (String, Option<HashSet<String>>) = if path.is_empty() {
            (String::new(), self.site.pages.iter().position(|p| p.name == self.page.name).map(|pi| self.ids_of(pi)))
        } else if path == OVERVIEW || path == "index" || path == "." {
            (
                self.prefix.to_owned(),
                self.site
                    .pages
                    .iter()
                    .position(|p| p.name == OVERVIEW)
                    .map(|pi| self.ids_of(pi))
                    .or_else(|| Some(HashSet::from(["main".to_owned()]))),
            )
        } else if path == "availability.xlsx" || path == "availability.csv" {
            (format!("{}{path}", self.prefix), Some(HashSet::new()))
        } else if let Some(slug) = path.strip_prefix("availability-in-") {
            if self.site.country_by_slug(slug).is_some() {
                (
                    format!("{}{path}/", self.prefix),
                    Some(
                        COUNTRY_PAGE_IDS
                            .iter()
                            .map(|s| (*s).to_owned())
                            .chain(self.site.schema.sections.iter().map(|s| s.id.clone()))
                            .collect(),
                    ),
                )
            } else {
                let hint = did_you_mean(slug, self.site.countries.iter().map(|c| c.slug.as_str()))
                    .map(|h| h.replace('`', "`availability-in-").replacen("`availability-in-?", "`?", 1));
                self.error_at(offset, width, format!("link to a country page that does not exist: `{dest}`"), hint);
                return dest.to_owned();
            }
        } else if let Some(pi) = self.site.pages.iter().position(|p| p.name == path) {
            (format!("{}{path}/", self.prefix), Some(self.ids_of(pi)))
        } else {
            let mut names: Vec<&str> = self.site.pages.iter().map(|p| p.name.as_str()).collect();
            let with_prefix: Vec<String> =
                self.site.countries.iter().map(|c| format!("availability-in-{}", c.slug)).collect();
            names.extend(with_prefix.iter().map(String::as_str));
            let hint = did_you_mean(path, names).or_else(|| {
                Some("link to a page by its file name without locale and `.md` (`<name>`), or to a country as `availability-in-<slug>`".into())
            });
            self.error_at(offset, width, format!("link to a page that does not exist: `{dest}`"), hint);
            return dest.to_owned();
        };
        match anchor {
            Some(a) => {
                if let Some(ids) = ids.filter(|ids| !ids.is_empty() || !a.is_empty()) {
                    if !ids.contains(a) {
                        let hint = did_you_mean(a, ids.iter().map(String::as_str));
                        self.error_at(offset, width, format!("link to an anchor that does not exist: `{dest}`"), hint);
                    }
                }
                format!("{href}#{a}")
            }
            None if href.is_empty() => "./".to_owned(),
            None => href,
        }
    }

    /// Ids of page `pi` as rendered in this locale.
    fn ids_of(&self, pi: usize) -> HashSet<String> {
        let (file, _) = self.site.pages[pi].sources[self.li];
        self.ids[file].clone()
    }

    fn directive(&mut self, source: &str, offset: usize) -> String {
        let inner = source.trim().trim_start_matches("{{").trim_end_matches("}}").trim();
        let mut words = inner.split_whitespace();
        let name = words.next().unwrap_or_default();
        let mut args: HashMap<&str, &str> = HashMap::new();
        for word in words {
            match word.split_once('=') {
                Some((k, v)) => {
                    args.insert(k, v.trim_matches('"'));
                }
                None => {
                    self.error_at(
                        offset,
                        source.trim().chars().count(),
                        format!("directive argument `{word}` is not `key=value`"),
                        None,
                    );
                    return String::new();
                }
            }
        }
        let width = source.trim().chars().count();
        let allowed = directive_args(name);
        for key in args.keys() {
            if !allowed.contains(key) {
                let hint = if allowed.is_empty() {
                    format!("`{name}` takes no arguments")
                } else {
                    format!("`{name}` takes: {}", allowed.join(", "))
                };
                self.error_at(offset, width, format!("unknown argument `{key}` for directive `{name}`"), Some(hint));
                return String::new();
            }
        }
        match name {
            "countries-with" => {
                let features = self.site.schema.features();
                match args.get("feature") {
                    Some(f) if features.iter().any(|x| x == f) => self.countries_with(f),
                    Some(f) => {
                        let hint = did_you_mean(f, features.iter().map(String::as_str))
                            .unwrap_or_else(|| format!("features: {}", features.join(", ")));
                        self.error_at(offset, width, format!("unknown feature `{f}`"), Some(hint));
                        String::new()
                    }
                    None => {
                        let hint = format!("features: {}", features.join(", "));
                        self.error_at(
                            offset,
                            width,
                            "directive `countries-with` needs `feature=...`".into(),
                            Some(hint),
                        );
                        String::new()
                    }
                }
            }
            "fact-table" => {
                let schema = &self.site.schema;
                let facts: Vec<String> = schema
                    .sections
                    .iter()
                    .flat_map(|s| s.facts.iter().map(move |f| format!("{}.{}", s.key, f.key)))
                    .collect();
                let found = args.get("fact").and_then(|f| {
                    let (s, f) = f.split_once('.')?;
                    let si = schema.section(s)?;
                    Some((si, schema.sections[si].fact(f)?))
                });
                match (args.get("fact"), found) {
                    (_, Some((si, fi))) => self.fact_table(si, fi),
                    (Some(f), None) => {
                        let hint = did_you_mean(f, facts.iter().map(String::as_str))
                            .unwrap_or_else(|| "name a fact as `section.fact`, e.g. `calling_plans.plans`".into());
                        self.error_at(offset, width, format!("unknown fact `{f}`"), Some(hint));
                        String::new()
                    }
                    (None, _) => {
                        let hint = "name a fact as `section.fact`, e.g. `calling_plans.plans`".to_owned();
                        self.error_at(offset, width, "directive `fact-table` needs `fact=...`".into(), Some(hint));
                        String::new()
                    }
                }
            }
            "calling-plan-destinations" => self.destinations(),
            "country-selector" if self.has_selector => {
                let hint = "the selector's filter box and list have fixed ids; show it once".to_owned();
                self.error_at(offset, width, "a page can show the country selector only once".into(), Some(hint));
                String::new()
            }
            "country-selector" => {
                self.has_selector = true;
                self.country_selector()
            }
            _ => {
                let hint = did_you_mean(name, DIRECTIVES.iter().copied())
                    .unwrap_or_else(|| format!("directives: {}", DIRECTIVES.join(", ")));
                self.error_at(offset, width, format!("unknown directive `{name}`"), Some(hint));
                String::new()
            }
        }
    }

    /// Countries of this locale, in its collation order, that satisfy `keep`.
    fn countries(&self, keep: impl Fn(&crate::model::Country) -> bool) -> Vec<usize> {
        self.site.locales[self.li].order.iter().copied().filter(|&i| keep(&self.site.countries[i])).collect()
    }

    fn country_link(&self, ci: usize) -> String {
        let name = Text::from(&self.site.locales[self.li].country_names[ci]);
        format!("<a href=\"{}availability-in-{}/\">{}</a>", self.prefix, self.site.countries[ci].slug, name.html)
    }

    /// `feature` is a section (offered there) or `section.fact` (a yes/no fact that is true).
    fn countries_with(&self, feature: &str) -> String {
        let schema = &self.site.schema;
        let (section, fact) = feature.split_once('.').unwrap_or((feature, ""));
        let si = schema.section(section).unwrap_or_default();
        let fi = schema.sections[si].fact(fact);
        let list = self.countries(|c| match fi {
            Some(fi) => c.data.value(si, fi) == Some(&FactValue::Bool(true)),
            None => c.data.offers(schema, si),
        });
        let items: String = list.iter().map(|&ci| format!("<li>{}</li>\n", self.country_link(ci))).collect();
        format!("<ul class=\"country-links\" data-feature=\"{feature}\">\n{items}</ul>\n")
    }

    /// A table of the countries where section `si` is offered, with its fact `fi`.
    fn fact_table(&self, si: usize, fi: usize) -> String {
        let schema = &self.site.schema;
        let locale = &self.site.locales[self.li];
        let label = schema.sections[si].facts[fi].label.as_deref().unwrap_or("feature");
        let head: String = [locale.ui("country"), locale.ui(label)]
            .into_iter()
            .map(|m| format!("<th scope=\"col\">{}</th>", Text::from(m).html))
            .collect();
        let body: String = self
            .countries(|c| c.data.offers(schema, si))
            .into_iter()
            .map(|ci| {
                let sections = facts::sections(schema, &self.site.countries[ci], locale);
                let cell = match &sections[si].facts[fi].value {
                    Value::List(items) | Value::Records(items) => format!(
                        "<ul>{}</ul>",
                        items.iter().map(|m| format!("<li>{}</li>", Text::from(m).html)).collect::<String>()
                    ),
                    value => value.text().map(|m| Text::from(m).html).unwrap_or_default(),
                };
                format!("<tr><th scope=\"row\">{}</th><td>{cell}</td></tr>\n", self.country_link(ci))
            })
            .collect();
        format!("<table class=\"data\">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n")
    }

    fn destinations(&self) -> String {
        let Some(outbound) = &self.site.outbound else {
            return String::new();
        };
        let locale = &self.site.locales[self.li];
        let mut names: Vec<Msg> = outbound
            .countries
            .iter()
            .map(|d| {
                locale
                    .name_for_code(&d.code.value)
                    .unwrap_or_else(|| Msg::new(d.name.clone(), locale.tag != super::FALLBACK_LANG))
            })
            .collect();
        let order = crate::model::collation_order(&locale.tag, &names);
        let items: String = order
            .iter()
            .map(|&i| {
                format!("<li>{}</li>\n", Text::from(std::mem::replace(&mut names[i], Msg::own(String::new()))).html)
            })
            .collect();
        format!("<ul id=\"{DESTINATIONS_ID}\" class=\"destinations\">\n{items}</ul>\n")
    }

    fn country_selector(&mut self) -> String {
        let mut scratch = Context::new();
        scratch.insert("ui", self.views[self.li].ui_value());
        let mut ctx = PageContext::new(&mut scratch);
        super::selector::add_selector(self.site, self.li, self.prefix, &mut ctx);
        match render_template(self.tera, "selector.html", &ctx, &self.page.rel_path) {
            // Tera writes the `str`s it is given, so its output is UTF-8.
            Ok(html) => String::from_utf8_lossy(&html).into_owned(),
            Err(d) => {
                self.problems.push(d);
                String::new()
            }
        }
    }

    fn alert_title(&self, kind: BlockQuoteKind) -> String {
        let key = match kind {
            BlockQuoteKind::Note => "alert_note",
            BlockQuoteKind::Tip => "alert_tip",
            BlockQuoteKind::Important => "alert_important",
            BlockQuoteKind::Warning => "alert_warning",
            BlockQuoteKind::Caution => "alert_caution",
        };
        Text::from(self.site.locales[self.li].ui(key)).html
    }
}

fn alert_class(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// Marks where a directive's output goes; replaced after sanitizing, so the
/// sanitizer sees only what the author wrote.
const MARK: char = '\u{E000}';

fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class", "lang", "dir", "role", "aria-label", "aria-hidden", "title"]);
    b.link_rel(None);
    b
}

fn is_directive(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("{{") && t.ends_with("}}") && !t[2..t.len() - 2].contains("{{") && !t.contains('\n')
}

/// A heading being read: its events are held back until its id is known.
struct PendingHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    text: String,
    inner: Vec<Event<'a>>,
}

impl Default for PendingHeading<'_> {
    fn default() -> Self {
        PendingHeading { level: HeadingLevel::H2, id: None, text: String::new(), inner: Vec::new() }
    }
}

fn markdown_to_html(
    site: &Site,
    tera: &Tera,
    views: &[LocaleView],
    li: usize,
    page: &PageFile,
    prefix: &str,
    ids: &[HashSet<String>],
) -> Result<String, Vec<Diagnostic>> {
    let mut r = PageRender { site, tera, views, li, page, prefix, ids, problems: Vec::new(), has_selector: false };
    let body = page.body.replace(MARK, "");
    let anchor_label = Text::from(site.locales[li].ui("anchor_label")).text;
    let mut events: Vec<Event> = Vec::new();
    let mut directives: Vec<String> = Vec::new();
    let mut skip_until_paragraph_end = false;
    let mut heading: Option<PendingHeading> = None;
    for (event, range) in Parser::new_ext(&body, options()).into_offset_iter() {
        if skip_until_paragraph_end {
            skip_until_paragraph_end = !matches!(event, Event::End(TagEnd::Paragraph));
            continue;
        }
        if let Some(h) = heading.as_mut() {
            if let Event::End(TagEnd::Heading(_)) = event {
                let h = heading.take().unwrap_or_default();
                let id = super::escape_html(&h.id.unwrap_or_else(|| slugify(&h.text)));
                let level = h.level;
                events.push(Event::Html(CowStr::from(format!("<{level} id=\"{id}\">"))));
                events.extend(h.inner);
                events.push(Event::Html(CowStr::from(format!(
                    " <a class=\"anchor\" href=\"#{id}\" aria-label=\"{}\">#</a></{level}>\n",
                    super::escape_html(&anchor_label)
                ))));
            } else {
                if let Event::Text(t) | Event::Code(t) = &event {
                    h.text.push_str(t);
                }
                h.inner.push(event);
            }
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) if is_directive(&body[range.clone()]) => {
                let html = r.directive(&body[range.clone()], range.start);
                directives.push(html);
                events.push(Event::Html(CowStr::from(format!("{MARK}{}{MARK}\n", directives.len() - 1))));
                skip_until_paragraph_end = true;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some(PendingHeading { level, id: id.map(|s| s.to_string()), ..PendingHeading::default() })
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => events.push(Event::Html(CowStr::from(format!(
                "<div class=\"callout callout-{}\" role=\"note\">\n<p class=\"callout-title\">{}</p>\n",
                alert_class(kind),
                r.alert_title(kind)
            )))),
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html(CowStr::from("</div>\n"))),
            // A wide table scrolls inside its own box instead of widening the page.
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html(CowStr::from("<div class=\"table-scroll\">\n")));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let width = body[range.clone()].chars().count();
                let dest = r.resolve_link(&dest_url, range.start, width);
                events.push(Event::Start(Tag::Link { link_type, dest_url: CowStr::from(dest), title, id }));
            }
            other => events.push(other),
        }
    }
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    let mut raw = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    let mut html = sanitizer().clean(&raw).to_string();
    for (i, d) in directives.iter().enumerate() {
        html = html.replace(&format!("{MARK}{i}{MARK}"), d);
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_ids_and_references() {
        let html =
            r##"<h2 id="a">A <a class="anchor" href="#a">#</a></h2><label for="f">x</label><a href="../x/">y</a>"##;
        assert_eq!(
            prefix_ids(html, "source-"),
            r##"<h2 id="source-a">A <a class="anchor" href="#source-a">#</a></h2><label for="source-f">x</label><a href="../x/">y</a>"##
        );
    }

    #[test]
    fn directive_paragraphs() {
        assert!(is_directive("{{ fact-table fact=business_voice.calling_plan_minutes }}\n"));
        assert!(is_directive("{{ countries-with feature=calling_plans }}"));
        assert!(!is_directive("Text {{ x }}"));
        assert!(!is_directive("{{ a }} and {{ b }}"));
    }

    #[test]
    fn slugs_and_positions() {
        assert_eq!(slugify("What's a Calling Plan?"), "what-s-a-calling-plan");
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("通话\n套餐", 10), (2, 2));
    }
}
