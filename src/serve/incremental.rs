//! The site kept in memory between rebuilds, and how one change becomes a new site.
//!
//! A rebuild runs the same stages as `availgen build`, in the same order, over the same
//! functions (the pipeline still flows one way); what it saves is work whose inputs did
//! not change:
//!
//! - **load**: [`Inputs`] keeps every parsed file and re-reads only the files that
//!   changed (named by the watcher, or with a new size, time or inode).
//!   The translation lock is read again only when it changed ([`LockInput`]).
//! - **validate** and **model** run whole ([`pipeline::check_loaded`]): they are cheap,
//!   and whole-site rules (unique codes, coverage, stale translations) need every file.
//! - **history**: the git history is read once per HEAD ([`HistoryCache`]); a commit
//!   made while serving shows with the next rebuild.
//! - **render**: the new `Site` is compared with the last good one, part by part, to
//!   find the country pages whose inputs changed; see [`Plan`]. Each locale's index,
//!   comparison matrix, maps, prose pages and `countries.js` are rendered again
//!   whenever anything changed: they are few, and they read nearly everything
//!   (directives, overview, every country's name and facts); the root and languages
//!   pages when a locale or a template changed. When country pages are rendered, they
//!   are rendered first and served at once ([`crate::render::country_pages`]); the
//!   rest follows with the exports, its requests waiting for it.
//! - **export**: a locale's spreadsheets and sitemap ([`export::locale_files`]) again
//!   when its strings or any country changed; `availability.json` and the sitemap index
//!   ([`export::site_files`]) when a country or the destinations changed. A sitemap
//!   changes only with the site's shape, which is a full rebuild.
//! - **write**: nothing is written; the finished files are published in memory, in the
//!   order `availgen build` writes them, so the same path wins.
//!
//! The comparisons are always against the last *good* build, whose files are the ones
//! being served, so a failed rebuild in between loses nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;
use tera::Tera;

use crate::diagnostic::Diagnostic;
use crate::export;
use crate::load::page::FrontMatter;
use crate::load::Inputs;
use crate::model::dates::Date;
use crate::model::Site;
use crate::pipeline::{self, Checked, Failure, HistoryCache, Timings};
use crate::render::templates::{self, Sources};
use crate::render::{country_page, OutputFile, PageKind, RenderOptions, Renderer};
use crate::translations::lock::{self, ReadLock, LOCK_PATH};
use crate::validate::Rules;

/// A file's bytes, shared between the published sites that contain it.
pub type Bytes = Arc<[u8]>;

/// A finished site: path inside the output → contents.
pub type Files = HashMap<String, Bytes>;

/// Files in the order they were made.
type List = Vec<(String, Bytes)>;

/// Which input files changed, as paths relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// Everything may have changed (start-up, or the watcher lost track).
    All,
    Paths(HashSet<String>),
}

impl Changes {
    fn touches(&self, dir: &str) -> bool {
        match self {
            Changes::All => true,
            Changes::Paths(paths) => {
                paths.iter().any(|p| p == dir || p.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
            }
        }
    }

    /// Whether the file at `rel` is named, itself or through a directory above it.
    fn names(&self, rel: &str) -> bool {
        match self {
            Changes::All => true,
            Changes::Paths(paths) => {
                paths.iter().any(|p| p == rel || rel.strip_prefix(p.as_str()).is_some_and(|r| r.starts_with('/')))
            }
        }
    }
}

/// The parts of a build, each in the order `availgen build` makes it.
#[derive(Clone, Default)]
struct Parts {
    /// `index.html` and `404.html` at the root.
    root_pages: List,
    statics: List,
    /// `availability.json` and the sitemap index.
    site_exports: List,
    /// Every locale's pages: index, country pages, matrix, maps, `countries.js`, prose pages.
    pages: Files,
    /// Every locale's spreadsheets and sitemap.
    sheets: Files,
}

impl Parts {
    /// The files of the site, a later file replacing an earlier one of the same path
    /// as in `availgen build`: what the first write holds (root pages, static files,
    /// site-wide exports), then each locale's pages and spreadsheets.
    fn assemble(&self) -> Files {
        let mut files: Files = self.root_pages.iter().chain(&self.statics).chain(&self.site_exports).cloned().collect();
        files.extend(self.pages.iter().chain(&self.sheets).map(|(k, v)| (k.clone(), v.clone())));
        files
    }
}

/// What the last good build made, and what it was made from.
struct Good {
    site: Site,
    sources: Sources,
    tera: Tera,
    parts: Parts,
    published: Arc<Files>,
}

/// The outcome of a successful rebuild.
pub struct Rebuilt {
    /// The whole new site.
    pub files: Arc<Files>,
    /// Output files whose bytes differ from the previous good site (added, changed or gone).
    pub changed: Vec<String>,
    /// HTML pages rendered for this rebuild.
    pub rendered: usize,
    /// Whether every page was rendered (no previous good site, or the site's shape changed).
    pub full: bool,
    pub warnings: Vec<Diagnostic>,
    /// What to tell about the change history: why there is none, or where it starts.
    pub history_info: Option<String>,
    pub elapsed: Duration,
    /// Wall time of each stage: load, validate, model, history, plan (templates,
    /// statics and the comparison), render, export, publish.
    pub timings: Timings,
}

/// A rebuild between its two phases: pages rendered, exports still to do.
pub struct Staged {
    /// The new pages and static files with the last good exports: what can be served
    /// while the exports are made, except the paths in `pending`.
    pub preview: Arc<Files>,
    /// Paths of `preview` (not in `pending`) whose bytes differ from the last good site.
    pub preview_changed: Vec<String>,
    /// The files that [`Builder::export`] will make again: exports, and the pages that
    /// show every country when they were deferred.
    pub pending: HashSet<String>,
    /// The pages that show every country are still to be rendered.
    deferred: bool,
    site: Site,
    warnings: Vec<Diagnostic>,
    history_info: Option<String>,
    sources: Sources,
    compiled: Option<Tera>,
    parts: Parts,
    plan: Plan,
    rendered: usize,
    timings: Timings,
    started: Instant,
}

impl Staged {
    /// Time since the rebuild started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// Which work a rebuild does, from comparing the new site with the last good one.
#[derive(Debug, Default, PartialEq, Eq)]
struct Plan {
    /// Everything: no good site yet, or the set of locales, countries or pages changed.
    full: bool,
    /// Pages at all: anything in the site or the templates changed. Each locale's index,
    /// matrix, maps, prose pages and country list are then rendered again.
    pages: bool,
    /// The root pages: the language chooser, `404.html` and the languages pages. They
    /// show each locale's strings (names, titles) and the site's shape, not its facts.
    root_pages: bool,
    /// Per locale, per country: whether that country page is rendered again.
    country_pages: Vec<Vec<bool>>,
    /// Locales whose spreadsheets and sitemap are exported again.
    sheets: Vec<usize>,
    /// `availability.json` and the sitemap index.
    site_exports: bool,
}

/// What every page of the site may show of the site's shape: which locales (and their
/// names, in every language switcher), which countries (in every list and sitemap),
/// which pages with which front matter (in every navigation bar), the fact schema
/// (every country page's sections and every spreadsheet's columns), whether there
/// is a history (a changes page, linked from every page), and whether pages list their
/// languages or link to a languages page. If this changes, every page may change.
#[derive(PartialEq)]
struct Shape<'a> {
    schema: &'a crate::load::Schema,
    locales: Vec<(&'a str, &'a str, &'a str)>,
    countries: Vec<&'a str>,
    pages: &'a [crate::model::Page],
    page_files: Vec<(&'a str, &'a str, &'a FrontMatter)>,
    source_locale: usize,
    history: bool,
    language_pages: bool,
}

fn shape(site: &Site) -> Shape<'_> {
    Shape {
        schema: &site.schema,
        locales: site.locales.iter().map(|l| (l.tag.as_str(), l.name.as_str(), l.dir.as_str())).collect(),
        countries: site.countries.iter().map(|c| c.slug.as_str()).collect(),
        pages: &site.pages,
        page_files: site.page_files.iter().map(|p| (p.name.as_str(), p.tag.as_str(), &p.front)).collect(),
        source_locale: site.source_locale,
        history: site.history.is_some(),
        language_pages: site.language_pages,
    }
}

fn plan(old: Option<(&Site, &Sources)>, new: &Site, sources: &Sources) -> Plan {
    let Some((old_site, old_sources)) = old else {
        return full_plan(new);
    };
    if shape(old_site) != shape(new) || old_site.review != new.review {
        return full_plan(new);
    }
    let changed_templates = old_sources.changed(sources);
    if old_site == new && changed_templates.is_empty() {
        return Plan::default();
    }
    let country_template = {
        let used: HashSet<String> = [old_sources, sources]
            .iter()
            .flat_map(|s| s.uses("country.html").into_iter().chain(s.uses(country_page::FACT_ROW)))
            .collect();
        !changed_templates.is_disjoint(&used)
    };
    let locales: Vec<bool> = (0..new.locales.len()).map(|li| old_site.locales[li] != new.locales[li]).collect();
    let countries: Vec<bool> = (0..new.countries.len()).map(|ci| old_site.countries[ci] != new.countries[ci]).collect();
    let any_country = countries.iter().any(|&c| c);
    // A new HEAD: the changes page (rendered with every locale's few pages), the feeds
    // and the history's dates in the spreadsheets and availability.json.
    let history = old_site.history != new.history;
    Plan {
        full: false,
        pages: true,
        root_pages: !changed_templates.is_empty() || locales.iter().any(|&l| l),
        country_pages: locales
            .iter()
            .map(|&locale_changed| countries.iter().map(|&c| country_template || locale_changed || c).collect())
            .collect(),
        sheets: (0..new.locales.len()).filter(|&li| locales[li] || any_country || history).collect(),
        site_exports: any_country || history || old_site.outbound != new.outbound,
    }
}

/// Renders into `parts`, as `availgen build` does (the prose pages of every locale and
/// their links first, then the root pages, then each locale's pages), the root pages
/// if the plan says so and each locale's pages with the country pages `select`
/// chooses. Returns how many pages it rendered, counted as `availgen build` counts
/// them: HTML files (not `countries.js`).
fn render_pages(
    site: &Site,
    tera: &Tera,
    options: &RenderOptions,
    plan: &Plan,
    select: &(dyn Fn(usize, usize) -> bool + Sync),
    parts: &mut Parts,
) -> Result<usize, Vec<Diagnostic>> {
    let renderer = Renderer::new(site, tera, options)?;
    let root_pages = if plan.root_pages { renderer.site_files()? } else { Vec::new() };
    let per_locale: Vec<Result<Vec<OutputFile>, Vec<Diagnostic>>> = (0..site.locales.len())
        .into_par_iter()
        .map(|li| renderer.locale_files_with(li, &|ci| select(li, ci)))
        .collect();
    let pages = crate::render::collect(per_locale)?;
    let rendered = root_pages.iter().chain(&pages).filter(|f| f.path.ends_with(".html")).count();
    if plan.root_pages {
        parts.root_pages = shared(root_pages).collect();
    }
    parts.pages.extend(shared(pages));
    Ok(rendered)
}

fn full_plan(site: &Site) -> Plan {
    Plan {
        full: true,
        pages: true,
        root_pages: true,
        country_pages: vec![vec![true; site.countries.len()]; site.locales.len()],
        sheets: (0..site.locales.len()).collect(),
        site_exports: true,
    }
}

fn shared(files: Vec<OutputFile>) -> impl Iterator<Item = (String, Bytes)> {
    files.into_iter().map(|f| (f.path, Bytes::from(f.bytes)))
}

/// Paths whose bytes differ between two sites, sorted.
fn difference(old: &Files, new: &Files) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(path, bytes)| old.get(*path).is_none_or(|o| !Arc::ptr_eq(o, bytes) && o[..] != bytes[..]))
        .map(|(path, _)| path.clone())
        .chain(old.keys().filter(|p| !new.contains_key(*p)).cloned())
        .collect();
    changed.sort();
    changed
}

/// Keeps a site's inputs and its last good build, and rebuilds on change.
pub struct Builder {
    root: PathBuf,
    rules: Rules,
    options: RenderOptions,
    inputs: Inputs,
    lock: Option<LockInput>,
    history: HistoryCache,
    changes_since: Option<Date>,
    good: Option<Good>,
    /// Templates or static files changed since the last good build.
    templates_dirty: bool,
    statics_dirty: bool,
}

/// The translation lock as last read, and its file's size and time then. Parsing it
/// was a third of a small rebuild's time, and it seldom changes.
struct LockInput {
    stamp: Option<(u64, Option<SystemTime>)>,
    read: ReadLock,
}

impl Builder {
    /// Reads the translation lock again if the watcher named it or its size or time
    /// changed (as [`Inputs`] does for the other files); true when it did.
    fn refresh_lock(&mut self, changes: &Changes) -> bool {
        let stamp = std::fs::metadata(lock::path(&self.root)).ok().map(|m| (m.len(), m.modified().ok()));
        let current = self.lock.as_ref().filter(|l| l.stamp == stamp && !changes.names(LOCK_PATH));
        if current.is_some() {
            return false;
        }
        self.lock = Some(LockInput { stamp, read: lock::read(&self.root) });
        true
    }

    fn lock(&self) -> &ReadLock {
        &self.lock.as_ref().expect("the lock is read before the first build").read
    }

    /// `changes_since`: how far back the changes page and feed go (see `BuildOptions`).
    pub fn new(root: &Path, rules: Rules, changes_since: Option<Date>) -> Builder {
        Builder {
            root: root.to_owned(),
            rules,
            options: RenderOptions { base_url: "/".into() },
            inputs: Inputs::default(),
            lock: None,
            history: HistoryCache::default(),
            changes_since,
            good: None,
            templates_dirty: true,
            statics_dirty: true,
        }
    }

    /// The last good site, if there is one.
    pub fn published(&self) -> Option<Arc<Files>> {
        self.good.as_ref().map(|g| g.published.clone())
    }

    /// Rebuilds after `changes`, both phases at once (the server runs them apart).
    /// `Ok(None)`: none of the changed paths is an input (an editor's swap file, say),
    /// so there is nothing to do.
    #[cfg(test)]
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Option<Rebuilt>, Failure> {
        match self.render(changes)? {
            Some(staged) => self.export(staged).map(Some),
            None => Ok(None),
        }
    }

    /// Phase one of a rebuild: load, validate, model, render. The pages are done (when
    /// countries changed: their pages only); the exports (spreadsheets, JSON, sitemaps)
    /// are not, and nothing is committed yet. Exports and the pages that show every
    /// country take most of a small rebuild's time, so the server can show the new
    /// pages while [`Builder::export`] runs, holding back requests for the files that
    /// are still to come.
    pub fn render(&mut self, changes: &Changes) -> Result<Option<Staged>, Failure> {
        let started = Instant::now();
        let reread = self.inputs.refresh(&self.root, &|rel| changes.names(rel)).map_err(Failure::Load)?;
        let templates_touched = changes.touches("templates");
        let statics_touched = changes.touches("static");
        // The translation lock changes warnings only.
        let lock_touched = self.refresh_lock(changes);
        self.templates_dirty |= templates_touched;
        self.statics_dirty |= statics_touched;
        if self.good.is_some() && reread.is_empty() && !templates_touched && !statics_touched && !lock_touched {
            return Ok(None);
        }

        let timings: Timings = vec![("load", started.elapsed())];
        let Checked { mut site, config, warnings, mut timings, .. } =
            pipeline::check_loaded(self.inputs.to_loaded().published(), self.lock(), self.rules, false, timings)?;
        let t = Instant::now();
        let since = pipeline::changes_since(self.changes_since, &config);
        let history_info = self.history.attach(&self.root, &mut site, since);
        timings.push(("history", t.elapsed()));
        let t = Instant::now();
        let fail = |problems: Vec<Diagnostic>| pipeline::content_failure(problems, &warnings);

        let good = self.good.as_ref();
        let sources = match good {
            Some(g) if !self.templates_dirty => g.sources.clone(),
            _ => templates::read_sources(&self.root).map_err(fail)?,
        };
        let compiled = match good {
            Some(g) if g.sources == sources => None,
            _ => Some(templates::compile(&sources).map_err(fail)?),
        };
        let statics: List = match good {
            Some(g) if !self.statics_dirty => g.parts.statics.clone(),
            _ => templates::static_files(&self.root)
                .map_err(fail)?
                .into_iter()
                .map(|(p, b)| (p, Bytes::from(b)))
                .collect(),
        };

        let plan = plan(good.map(|g| (&g.site, &g.sources)), &site, &sources);
        let tera =
            compiled.as_ref().or(good.map(|g| &g.tera)).expect("templates are compiled when there is no good build");

        let mut parts = match good {
            Some(g) if !plan.full => Parts { statics, ..g.parts.clone() },
            _ => Parts { statics, ..Parts::default() },
        };
        let mut rendered = 0;
        timings.push(("plan", t.elapsed()));
        let mut pending: HashSet<String> = HashSet::new();
        // When countries changed, their pages are what the author looks at: they are
        // shown first, and the pages that show every country (index, matrix, maps,
        // prose, root pages: most of the rendering) are made with the exports, requests
        // for them waiting as requests for the exports do.
        let deferred = plan.pages && !plan.full && plan.country_pages.iter().flatten().any(|&c| c);
        if plan.pages {
            let t = Instant::now();
            let select = |li: usize, ci: usize| plan.country_pages[li][ci];
            if deferred {
                let pages = crate::render::country_pages(&site, tera, &self.options, &select).map_err(fail)?;
                rendered += pages.len();
                parts.pages.extend(shared(pages));
                let good = good.expect("a plan that is not full has a good build");
                let country_pages: HashSet<String> = site
                    .locales
                    .iter()
                    .flat_map(|l| {
                        site.countries.iter().map(move |c| {
                            format!("{}/{}index.html", l.dir, PageKind::Country(&c.slug).path_in_locale())
                        })
                    })
                    .collect();
                pending.extend(good.parts.pages.keys().filter(|p| !country_pages.contains(*p)).cloned());
                if plan.root_pages {
                    pending.extend(good.parts.root_pages.iter().map(|(p, _)| p.clone()));
                }
            } else {
                rendered += render_pages(&site, tera, &self.options, &plan, &select, &mut parts).map_err(fail)?;
            }
            timings.push(("render", t.elapsed()));
        }

        for &li in &plan.sheets {
            let dir = &site.locales[li].dir;
            pending.insert(format!("{dir}/availability.xlsx"));
            pending.insert(format!("{dir}/availability.csv"));
            if site.history.is_some() {
                pending.insert(format!("{dir}/changes.xml"));
            }
        }
        if plan.site_exports {
            pending.insert("availability.json".into());
            pending.insert("sitemap.xml".into());
            pending.extend(site.locales.iter().map(|l| format!("{}/sitemap.xml", l.dir)));
        }
        // The last good exports stand in for the ones being made; after a full plan
        // there are none to keep, but the old ones are still the best preview.
        let preview = match good {
            Some(g) if plan.full => {
                Parts { site_exports: g.parts.site_exports.clone(), sheets: g.parts.sheets.clone(), ..parts.clone() }
                    .assemble()
            }
            _ => parts.assemble(),
        };
        let mut preview_changed = match good {
            Some(g) => difference(&g.published, &preview),
            None => preview.keys().cloned().collect(),
        };
        preview_changed.retain(|p| !pending.contains(p));
        Ok(Some(Staged {
            preview: Arc::new(preview),
            preview_changed,
            pending,
            deferred,
            site,
            warnings,
            history_info,
            sources,
            compiled,
            parts,
            plan,
            rendered,
            timings,
            started,
        }))
    }

    /// Phase two: the deferred pages and the exports, then the new site is assembled and
    /// becomes the last good one.
    pub fn export(&mut self, staged: Staged) -> Result<Rebuilt, Failure> {
        let Staged {
            deferred,
            site,
            warnings,
            history_info,
            sources,
            compiled,
            mut parts,
            plan,
            mut rendered,
            mut timings,
            started,
            ..
        } = staged;
        let fail = |problems: Vec<Diagnostic>| pipeline::content_failure(problems, &warnings);
        if deferred {
            let t = Instant::now();
            let tera = compiled
                .as_ref()
                .or(self.good.as_ref().map(|g| &g.tera))
                .expect("templates are compiled when there is no good build");
            rendered += render_pages(&site, tera, &self.options, &plan, &|_, _| false, &mut parts).map_err(fail)?;
            timings.push(("render the rest", t.elapsed()));
        }
        let t = Instant::now();
        let sheets: Vec<Result<Vec<OutputFile>, Vec<Diagnostic>>> =
            plan.sheets.par_iter().map(|&li| export::locale_files(&site, li, &self.options)).collect();
        parts.sheets.extend(shared(crate::render::collect(sheets).map_err(fail)?));
        if plan.site_exports {
            parts.site_exports = shared(export::site_files(&site, &self.options)).collect();
        }
        timings.push(("export", t.elapsed()));

        let t = Instant::now();
        let files = Arc::new(parts.assemble());
        let changed = match &self.good {
            Some(g) => difference(&g.published, &files),
            None => {
                let mut all: Vec<String> = files.keys().cloned().collect();
                all.sort();
                all
            }
        };
        let tera = match compiled {
            Some(t) => t,
            None => self.good.take().expect("reused templates come from a good build").tera,
        };
        self.good = Some(Good { site, sources, tera, parts, published: files.clone() });
        self.templates_dirty = false;
        self.statics_dirty = false;
        timings.push(("publish", t.elapsed()));
        Ok(Rebuilt {
            files,
            changed,
            rendered,
            full: plan.full,
            warnings,
            history_info,
            elapsed: started.elapsed(),
            timings,
        })
    }

    /// Renders the inputs as last read again, from scratch, the way `availgen build`
    /// does (no reuse of any earlier page, the files in the order build writes them),
    /// and returns the paths where the last good site differs from that. For
    /// `AVAILGEN_SERVE_VERIFY`: it checks the choice of what to re-render, on exactly
    /// the inputs the rebuild saw.
    pub fn verify(&mut self) -> Result<Vec<String>, Failure> {
        if self.good.is_none() {
            return Ok(Vec::new());
        }
        let Checked { mut site, config, warnings, .. } =
            pipeline::check_loaded(self.inputs.to_loaded().published(), self.lock(), self.rules, false, Vec::new())?;
        let since = pipeline::changes_since(self.changes_since, &config);
        self.history.attach(&self.root, &mut site, since);
        let Some(good) = &self.good else {
            return Ok(Vec::new());
        };

        let fail = |problems: Vec<Diagnostic>| pipeline::content_failure(problems, &warnings);
        let tera = templates::compile(&good.sources).map_err(fail)?;
        let renderer = Renderer::new(&site, &tera, &self.options).map_err(fail)?;
        let mut files: Vec<OutputFile> = renderer.site_files().map_err(fail)?;
        files.extend(
            good.parts.statics.iter().map(|(path, bytes)| OutputFile { path: path.clone(), bytes: bytes.to_vec() }),
        );
        files.extend(export::site_files(&site, &self.options));
        for li in 0..site.locales.len() {
            files.extend(renderer.locale_files(li).map_err(fail)?);
            files.extend(export::locale_files(&site, li, &self.options).map_err(fail)?);
        }
        let clean: Files = shared(files).collect();
        Ok(difference(&clean, &good.published))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRATE: &str = env!("CARGO_MANIFEST_DIR");

    fn paths(list: &[&str]) -> Changes {
        Changes::Paths(list.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn changes_name_files_and_directories() {
        let c = paths(&["content/countries/argentina.yaml", "templates"]);
        assert!(c.names("content/countries/argentina.yaml"));
        assert!(!c.names("content/countries/argentina.yaml.bak"));
        assert!(c.names("templates/base.html"));
        assert!(c.touches("templates"));
        assert!(!c.touches("static"));
        assert!(!paths(&["statics/x"]).touches("static"));
        assert!(paths(&["static/x/y.css"]).touches("static"));
        assert!(Changes::All.touches("static"));
    }

    #[test]
    fn later_files_replace_earlier_ones_as_in_build() {
        let b = |s: &str| Bytes::from(s.as_bytes().to_vec());
        // `availgen build` writes the root pages, static files and site-wide exports
        // first, then each locale's pages and spreadsheets over them.
        let parts = Parts {
            root_pages: vec![("index.html".to_owned(), b("chooser"))],
            statics: vec![("en-us/index.html".to_owned(), b("static")), ("x.css".to_owned(), b("static"))],
            site_exports: vec![("x.css".to_owned(), b("export"))],
            pages: Files::from([("en-us/index.html".to_owned(), b("page"))]),
            sheets: Files::from([("en-us/availability.csv".to_owned(), b("sheet"))]),
        };
        let all = parts.assemble();
        assert_eq!(&all["en-us/index.html"][..], b"page");
        assert_eq!(&all["x.css"][..], b"export");
        assert_eq!(all.len(), 4);
        let mut after = all.clone();
        after.insert("index.html".into(), b("chooser"));
        after.insert("x.css".into(), b("new"));
        after.remove("en-us/availability.csv");
        assert_eq!(difference(&all, &after), ["en-us/availability.csv", "x.css"]);
    }

    /// A small copy of the bundled site: six countries, every locale, page and template.
    fn small_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let from = Path::new(CRATE);
        for sub in ["content/countries", "content/pages", "locales", "templates", "static"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let copy = |rel: &str| std::fs::copy(from.join(rel), root.join(rel)).unwrap();
        for c in ["argentina", "brazil", "canada", "france", "germany", "japan"] {
            copy(&format!("content/countries/{c}.yaml"));
        }
        copy("content/outbound.yaml");
        for sub in ["content/pages", "locales", "templates", "static"] {
            for e in std::fs::read_dir(from.join(sub)).unwrap() {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                copy(&format!("{sub}/{name}"));
            }
        }
        dir
    }

    fn edit(root: &Path, rel: &str, from: &str, to: &str) {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// What `availgen build` writes for the files under `root` (read from disk again),
    /// by path, through the same stages and in the same order, without the disk.
    fn clean_build(root: &Path) -> Result<HashMap<String, Vec<u8>>, Failure> {
        let mut checked = pipeline::load_checked(root, Rules::default(), false)?;
        let files = std::sync::Mutex::new(HashMap::new());
        let options = RenderOptions { base_url: "/".into() };
        let sink = |f: OutputFile| files.lock().unwrap().insert(f.path, f.bytes).is_none();
        let templates = pipeline::load_templates(root).map_err(|p| pipeline::content_failure(p, &checked.warnings))?;
        pipeline::produce(
            &checked.site,
            &templates,
            &options,
            &checked.warnings,
            &mut checked.timings,
            &sink,
            &|_, _| {},
        )?;
        Ok(files.into_inner().unwrap())
    }

    /// Rebuilds after `rel` changed and checks the result against a clean build.
    fn step(builder: &mut Builder, root: &Path, rel: &[&str]) -> Rebuilt {
        let rebuilt =
            builder.rebuild(&paths(rel)).unwrap_or_else(|f| panic!("{rel:?}: {f:?}")).expect("an input changed");
        same_as_clean_build(builder, root, rel, &rebuilt);
        rebuilt
    }

    fn same_as_clean_build(builder: &mut Builder, root: &Path, rel: &[&str], rebuilt: &Rebuilt) {
        assert_eq!(builder.verify().unwrap(), Vec::<String>::new(), "after {rel:?}");
        let clean = clean_build(root).unwrap_or_else(|f| panic!("clean build after {rel:?}: {f:?}"));
        assert_eq!(clean.len(), rebuilt.files.len(), "after {rel:?}");
        for (path, bytes) in &clean {
            let served = rebuilt.files.get(path);
            assert!(served.is_some_and(|s| s[..] == bytes[..]), "after {rel:?}: {path} differs from a clean build");
        }
    }

    fn country_pages(rebuilt: &Rebuilt) -> Vec<&str> {
        rebuilt.changed.iter().filter(|p| p.contains("/availability-in-")).map(String::as_str).collect()
    }

    #[test]
    fn every_kind_of_edit_gives_what_a_clean_build_gives() {
        let dir = small_site();
        let root = dir.path();
        let mut b = Builder::new(root, Rules::default(), None);
        let first = b.rebuild(&Changes::All).unwrap().unwrap();
        assert!(first.full);
        let total = first.rendered;

        // One country's facts: that country's page in each locale, nothing else rendered.
        let argentina = "content/countries/argentina.yaml";
        edit(root, argentina, "communications_credits: true", "communications_credits: false");
        let r = step(&mut b, root, &[argentina]);
        assert!(!r.full && r.rendered < total);
        let one_country = r.rendered;
        assert_eq!(
            country_pages(&r),
            [
                "en-us/availability-in-argentina/index.html",
                "zh-cn/availability-in-argentina/index.html",
                "zh-tw/availability-in-argentina/index.html"
            ]
        );
        assert!(r.changed.contains(&"availability.json".to_owned()));
        assert!(r.changed.contains(&"zh-tw/availability.xlsx".to_owned()));

        // Saved the way editors do: a temporary file renamed over the original.
        let text = std::fs::read_to_string(root.join(argentina)).unwrap();
        std::fs::write(
            root.join("content/countries/.argentina.yaml.tmp"),
            text.replace("dial_out: credits", "dial_out: included"),
        )
        .unwrap();
        std::fs::rename(root.join("content/countries/.argentina.yaml.tmp"), root.join(argentina)).unwrap();
        let r = step(&mut b, root, &[argentina, "content/countries/.argentina.yaml.tmp"]);
        assert_eq!(country_pages(&r).len(), 3);

        // The country's pages are shown first, the pages that show every country (and
        // the exports) once made: requests for them wait until then.
        edit(root, argentina, "dial_out: included", "dial_out: credits");
        edit(root, argentina, "communications_credits: false", "communications_credits: true");
        let staged = b.render(&paths(&[argentina])).unwrap().unwrap();
        assert_eq!(
            staged.preview_changed,
            [
                "en-us/availability-in-argentina/index.html",
                "zh-cn/availability-in-argentina/index.html",
                "zh-tw/availability-in-argentina/index.html"
            ]
        );
        for waits in
            ["en-us/index.html", "zh-cn/compare/index.html", "zh-tw/maps/index.html", "en-us/calling-plans/index.html"]
        {
            assert!(staged.pending.contains(waits), "{waits}: {:?}", staged.pending);
        }
        assert!(!staged.pending.iter().any(|p| p.contains("/availability-in-")), "{:?}", staged.pending);
        let r = b.export(staged).unwrap();
        same_as_clean_build(&mut b, root, &[argentina], &r);
        assert!(r.changed.contains(&"zh-cn/compare/index.html".to_owned()), "{:?}", r.changed);

        // A code changes the country's name in every drop-down: every country page.
        edit(root, "content/countries/canada.yaml", "code: CA", "code: US");
        let r = step(&mut b, root, &["content/countries/canada.yaml"]);
        assert!(!r.full);
        edit(root, "content/countries/canada.yaml", "code: US", "code: CA");
        step(&mut b, root, &["content/countries/canada.yaml"]);

        // A country added, then removed: the site's shape, so everything.
        std::fs::copy(Path::new(CRATE).join("content/countries/chile.yaml"), root.join("content/countries/chile.yaml"))
            .unwrap();
        assert!(step(&mut b, root, &["content/countries/chile.yaml"]).full);
        std::fs::remove_file(root.join("content/countries/chile.yaml")).unwrap();
        assert!(step(&mut b, root, &["content/countries/chile.yaml"]).full);

        // The schema: every page and spreadsheet (a site's own schema, then none again).
        let schema = std::fs::read_to_string(Path::new(CRATE).join("content/schema.yaml")).unwrap();
        let renamed = schema.replace("label: ps_voicemail", "label: ps_call_queues");
        std::fs::write(root.join("content/schema.yaml"), renamed).unwrap();
        assert!(step(&mut b, root, &["content/schema.yaml"]).full);
        std::fs::remove_file(root.join("content/schema.yaml")).unwrap();
        assert!(step(&mut b, root, &["content/schema.yaml"]).full);

        // A locale's strings: that locale's pages only.
        edit(root, "locales/zh-CN.yaml", "site_title: 云语音功能可用性", "site_title: 云语音");
        let r = step(&mut b, root, &["locales/zh-CN.yaml"]);
        assert!(!r.full);
        assert!(country_pages(&r).iter().all(|p| p.starts_with("zh-cn/")), "{:?}", r.changed);
        // en-US strings reach the other locales only where they fall back.
        edit(root, "locales/en-US.yaml", "site_title: Cloud voice availability", "site_title: Voice");
        let r = step(&mut b, root, &["locales/en-US.yaml"]);
        assert!(country_pages(&r).iter().any(|p| p.starts_with("en-us/")));
        // A language's name is in every language switcher.
        edit(root, "locales/zh-TW.yaml", "name: ", "name: x");
        assert!(step(&mut b, root, &["locales/zh-TW.yaml"]).full);

        // A prose page's body: prose and index pages, no country page.
        let page = "content/pages/calling-plans.en-US.md";
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        std::fs::write(root.join(page), format!("{text}\nOne more paragraph.\n")).unwrap();
        let r = step(&mut b, root, &[page]);
        assert!(country_pages(&r).is_empty(), "{:?}", r.changed);
        // Its title is in every navigation bar.
        edit(root, page, "title: Calling Plans", "title: Plans");
        assert!(step(&mut b, root, &[page]).full);

        // The destinations list: prose and availability.json.
        edit(root, "content/outbound.yaml", "count: 197", "count: 197\n# edited");
        step(&mut b, root, &["content/outbound.yaml"]);

        // Templates: country.html reaches country pages; page.html does not.
        edit(root, "templates/country.html", "<", "<!-- edited -->\n<");
        let r = step(&mut b, root, &["templates/country.html"]);
        assert_eq!(country_pages(&r).len(), 18);
        edit(root, "templates/page.html", "<", "<!-- edited -->\n<");
        let r = step(&mut b, root, &["templates/page.html"]);
        assert!(country_pages(&r).is_empty() && !r.changed.is_empty());
        edit(root, "templates/base.html", "<main id=\"main\">", "<main id=\"main\" class=\"x\">");
        let r = step(&mut b, root, &["templates/base.html"]);
        assert_eq!(country_pages(&r).len(), 18);

        // Static files are copied, not rendered.
        std::fs::write(root.join("static/extra.txt"), "hello").unwrap();
        let r = step(&mut b, root, &["static/extra.txt"]);
        assert_eq!((r.rendered, r.changed.as_slice()), (0, &["extra.txt".to_owned()][..]));
        std::fs::remove_file(root.join("static/extra.txt")).unwrap();
        let r = step(&mut b, root, &["static/extra.txt"]);

        // Read by validation only: the translation lock and the glossary change what is
        // reported, not what is rendered.
        let stale =
            |r: &Rebuilt| r.warnings.iter().filter(|w| w.message.contains("`cities.Adelaide` is stale")).count();
        assert_eq!(stale(&r), 0);
        let lock = "locales/translations.lock.yaml";
        edit(root, lock, "hash: '194c11377eb8e7d8'", "hash: '0000000000000000'");
        let r = step(&mut b, root, &[lock]);
        assert_eq!((r.rendered, r.changed.len(), stale(&r)), (0, 0, 1));
        let glossary = "locales/glossary.yaml";
        edit(root, glossary, "terms:", "# edited\nterms:");
        let r = step(&mut b, root, &[glossary]);
        assert_eq!((r.rendered, r.changed.len()), (0, 0));

        // availgen.toml: a locale that `publish` leaves out goes, and comes back.
        std::fs::write(root.join("availgen.toml"), "publish = [\"en-US\", \"zh-CN\"]\n").unwrap();
        let r = step(&mut b, root, &["availgen.toml"]);
        assert!(r.full && !r.files.contains_key("zh-tw/index.html") && r.files.contains_key("zh-cn/index.html"));
        std::fs::remove_file(root.join("availgen.toml")).unwrap();
        assert!(step(&mut b, root, &["availgen.toml"]).files.contains_key("zh-tw/index.html"));

        // Fewer inline languages than locales: every page links to its languages page
        // instead. Those show names and titles, so a country's facts render none of them
        // (as many pages as before), and a country's name renders them again.
        std::fs::write(root.join("availgen.toml"), "inline_languages = 2\n").unwrap();
        let r = step(&mut b, root, &["availgen.toml"]);
        assert!(r.full && r.files.contains_key("languages/availability-in-france/index.html"));
        let france = "content/countries/france.yaml";
        edit(root, france, "communications_credits: true", "communications_credits: false");
        let r = step(&mut b, root, &[france]);
        assert_eq!(r.rendered, one_country);
        assert!(!r.changed.iter().any(|p| p.starts_with("languages/")), "{:?}", r.changed);
        edit(root, "locales/zh-CN.yaml", "FR: 法国", "FR: 法兰西");
        let r = step(&mut b, root, &["locales/zh-CN.yaml"]);
        assert!(r.changed.contains(&"languages/availability-in-france/index.html".to_owned()), "{:?}", r.changed);
        std::fs::remove_file(root.join("availgen.toml")).unwrap();
        assert!(step(&mut b, root, &["availgen.toml"]).full);

        // A broken file fails and keeps the last good site; the fix builds again.
        let before = b.published().unwrap();
        edit(root, argentina, "code: AR", "code: [AR");
        assert!(matches!(b.rebuild(&paths(&[argentina])), Err(Failure::Content(_))));
        assert!(Arc::ptr_eq(&before, &b.published().unwrap()));
        edit(root, "locales/zh-CN.yaml", "site_title: 云语音", "site_title: 云");
        assert!(b.rebuild(&paths(&["locales/zh-CN.yaml"])).is_err());
        edit(root, argentina, "code: [AR", "code: AR");
        let r = step(&mut b, root, &[argentina]);
        assert!(country_pages(&r).iter().all(|p| p.starts_with("zh-cn/")));

        // Not an input: nothing to do.
        std::fs::write(root.join("content/countries/.argentina.yaml.swp"), "x").unwrap();
        assert!(b.rebuild(&paths(&["content/countries/.argentina.yaml.swp"])).unwrap().is_none());
        // A change the watcher did not name is still found by its size and time.
        edit(root, "content/countries/japan.yaml", "communications_credits: true", "communications_credits: false");
        let r = step(&mut b, root, &[]);
        assert_eq!(country_pages(&r).len(), 3);
    }
}
