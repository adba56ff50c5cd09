//! The site kept in memory between rebuilds, and how one change becomes a new site.
//!
//! A rebuild runs the same stages as `availgen build`, in the same order, over the same
//! functions; what it saves is work whose inputs did not change:
//!
//! - **load**: [`Inputs`] keeps every parsed file and re-reads only the files that
//!   changed (named by the watcher, or with a new size, time or inode).
//! - **validate** and **model** run whole: they are cheap, and whole-site rules (unique
//!   codes, coverage) need every file anyway.
//! - **render**: the new `Site` is compared with the last good one, part by part, to
//!   find the country pages whose inputs changed; see [`Plan`]. Index pages, prose
//!   pages and the two root pages are rendered again whenever anything changed: they
//!   are few, and they read nearly everything (directives, overview, every locale).
//! - **export**: a locale's spreadsheets again when its strings or any country changed,
//!   `availability.json` when a country or the destinations changed, the sitemaps only
//!   when the set of pages or locales changed (that is a full rebuild).
//! - **write**: nothing is written; the finished files are published in memory.
//!
//! The comparisons are always against the last *good* build, whose files are the ones
//! being served, so a failed rebuild in between loses nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tera::Tera;

use crate::diagnostic::Diagnostic;
use crate::export;
use crate::load::page::FrontMatter;
use crate::load::Inputs;
use crate::model::Site;
use crate::pipeline::{self, Failure, Timings};
use crate::render::templates::{self, Sources};
use crate::render::{self, OutputFile, PageJob, RenderOptions};
use crate::validate::Rules;

/// A file's bytes, shared between the published sites that contain it.
pub type Bytes = Arc<[u8]>;

/// A finished site: path inside the output → contents.
pub type Files = HashMap<String, Bytes>;

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
            Changes::Paths(paths) => paths
                .iter()
                .any(|p| p == dir || p.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))),
        }
    }

    /// Whether the file at `rel` is named, itself or through a directory above it.
    fn names(&self, rel: &str) -> bool {
        match self {
            Changes::All => true,
            Changes::Paths(paths) => paths.iter().any(|p| {
                p == rel
                    || rel
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            }),
        }
    }
}

/// What the last good build made, and what it was made from.
struct Good {
    site: Site,
    sources: Sources,
    tera: Tera,
    /// Rendered pages: index, country, prose and root pages.
    pages: Files,
    statics: Vec<(String, Bytes)>,
    exports: Files,
    published: Arc<Files>,
}

/// The outcome of a successful rebuild.
pub struct Rebuilt {
    /// The whole new site.
    pub files: Arc<Files>,
    /// Output files whose bytes differ from the previous good site (added, changed or gone).
    pub changed: Vec<String>,
    /// Pages rendered for this rebuild.
    pub rendered: usize,
    /// Whether every page was rendered (no previous good site, or the site's shape changed).
    pub full: bool,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Wall time of each stage: load, validate, model, plan (templates, statics and
    /// the comparison), render, export, publish.
    pub timings: Timings,
}

/// A rebuild between its two phases: pages rendered, exports still to do.
pub struct Staged {
    /// The new pages and static files with the last good exports: what can be served
    /// while the exports are made, except the paths in `pending`.
    pub preview: Arc<Files>,
    /// Paths of `preview` (not in `pending`) whose bytes differ from the last good site.
    pub preview_changed: Vec<String>,
    /// The export files that [`Builder::export`] will make again.
    pub pending: HashSet<String>,
    site: Site,
    warnings: Vec<Diagnostic>,
    sources: Sources,
    compiled: Option<Tera>,
    pages: Files,
    statics: Vec<(String, Bytes)>,
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
    /// Index, prose and root pages: anything in the site or the templates changed.
    shared: bool,
    country_pages: Vec<PageJob>,
    /// Locales whose spreadsheets are exported again.
    exports: Vec<usize>,
    json: bool,
}

/// What every page of the site may show of the site's shape: which locales (and their
/// names, in every language switcher), which countries (in every drop-down), which
/// pages with which front matter (in every navigation bar). If this changes, every
/// page may change.
#[derive(PartialEq)]
struct Shape<'a> {
    locales: Vec<(&'a str, &'a str, &'a str)>,
    countries: Vec<&'a str>,
    pages: &'a [crate::model::Page],
    page_files: Vec<(&'a str, &'a str, &'a FrontMatter)>,
    source_locale: usize,
}

fn shape(site: &Site) -> Shape<'_> {
    Shape {
        locales: site
            .locales
            .iter()
            .map(|l| (l.tag.as_str(), l.name.as_str(), l.dir.as_str()))
            .collect(),
        countries: site.countries.iter().map(|c| c.slug.as_str()).collect(),
        pages: &site.pages,
        page_files: site
            .page_files
            .iter()
            .map(|p| (p.name.as_str(), p.tag.as_str(), &p.front))
            .collect(),
        source_locale: site.source_locale,
    }
}

fn plan(
    old: Option<(&Site, &Sources)>,
    new: &Site,
    sources: &Sources,
    all_jobs: impl FnOnce() -> Vec<PageJob>,
) -> Plan {
    let Some((old_site, old_sources)) = old else {
        return full_plan(new, all_jobs);
    };
    if shape(old_site) != shape(new) {
        return full_plan(new, all_jobs);
    }
    let changed_templates = old_sources.changed(sources);
    if old_site == new && changed_templates.is_empty() {
        return Plan::default();
    }
    let country_template = {
        let used: HashSet<String> = old_sources
            .uses("country.html")
            .into_iter()
            .chain(sources.uses("country.html"))
            .collect();
        !changed_templates.is_disjoint(&used)
    };
    let locales: Vec<bool> = (0..new.locales.len())
        .map(|li| old_site.locales[li] != new.locales[li])
        .collect();
    let countries: Vec<bool> = (0..new.countries.len())
        .map(|ci| old_site.countries[ci] != new.countries[ci])
        .collect();
    let any_country = countries.iter().any(|&c| c);
    let mut country_pages = Vec::new();
    for (li, &locale_changed) in locales.iter().enumerate() {
        for (ci, &country_changed) in countries.iter().enumerate() {
            if country_template || locale_changed || country_changed {
                country_pages.push(PageJob::Country {
                    locale: li,
                    country: ci,
                });
            }
        }
    }
    Plan {
        full: false,
        shared: true,
        country_pages,
        exports: (0..new.locales.len())
            .filter(|&li| locales[li] || any_country)
            .collect(),
        json: any_country || old_site.outbound != new.outbound,
    }
}

fn full_plan(site: &Site, all_jobs: impl FnOnce() -> Vec<PageJob>) -> Plan {
    Plan {
        full: true,
        shared: true,
        country_pages: all_jobs()
            .into_iter()
            .filter(|j| matches!(j, PageJob::Country { .. }))
            .collect(),
        exports: (0..site.locales.len()).collect(),
        json: true,
    }
}

fn shared(files: Vec<OutputFile>) -> impl Iterator<Item = (String, Bytes)> {
    files.into_iter().map(|f| (f.path, Bytes::from(f.bytes)))
}

/// The files of a build in the order `availgen build` lists them, a later file
/// replacing an earlier one of the same path: pages, static files, exports.
fn assemble(pages: &Files, statics: &[(String, Bytes)], exports: &Files) -> Files {
    let mut files = pages.clone();
    files.extend(statics.iter().cloned());
    files.extend(exports.iter().map(|(k, v)| (k.clone(), v.clone())));
    files
}

/// Paths whose bytes differ between two sites, sorted.
fn difference(old: &Files, new: &Files) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(path, bytes)| {
            old.get(*path)
                .is_none_or(|o| !Arc::ptr_eq(o, bytes) && o[..] != bytes[..])
        })
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
    good: Option<Good>,
    /// Templates or static files changed since the last good build.
    templates_dirty: bool,
    statics_dirty: bool,
}

impl Builder {
    pub fn new(root: &Path, rules: Rules) -> Builder {
        Builder {
            root: root.to_owned(),
            rules,
            options: RenderOptions {
                base_url: "/".into(),
            },
            inputs: Inputs::default(),
            good: None,
            templates_dirty: true,
            statics_dirty: true,
        }
    }

    /// The last good site, if there is one.
    pub fn published(&self) -> Option<Arc<Files>> {
        self.good.as_ref().map(|g| g.published.clone())
    }

    /// Rebuilds after `changes`, both phases at once (the server runs them apart). `Ok(None)`: none of the changed
    /// paths is an input (an editor's swap file, say), so there is nothing to do.
    #[cfg(test)]
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Option<Rebuilt>, Failure> {
        match self.render(changes)? {
            Some(staged) => self.export(staged).map(Some),
            None => Ok(None),
        }
    }

    /// Phase one of a rebuild: load, validate, model, render. The pages are done; the
    /// exports (spreadsheets, JSON, sitemaps) are not, and nothing is committed yet.
    /// Exports take most of a small rebuild's time (a spreadsheet per locale when a
    /// country changes), so the server can show the new pages while [`Builder::export`]
    /// runs, holding back requests for the exports that are still to come.
    pub fn render(&mut self, changes: &Changes) -> Result<Option<Staged>, Failure> {
        let started = Instant::now();
        let reread = self
            .inputs
            .refresh(&self.root, &|rel| changes.names(rel))
            .map_err(Failure::Load)?;
        let templates_touched = changes.touches("templates");
        let statics_touched = changes.touches("static");
        self.templates_dirty |= templates_touched;
        self.statics_dirty |= statics_touched;
        if self.good.is_some() && reread.is_empty() && !templates_touched && !statics_touched {
            return Ok(None);
        }

        let mut timings: Timings = vec![("load", started.elapsed())];
        let (site, warnings) =
            pipeline::check_loaded(self.inputs.to_loaded(), self.rules, &mut timings)?;
        let t = Instant::now();
        let fail = |problems: Vec<Diagnostic>| pipeline::with_warnings(problems, &warnings);

        let good = self.good.as_ref();
        let sources = match good {
            Some(g) if !self.templates_dirty => g.sources.clone(),
            _ => templates::read_sources(&self.root).map_err(fail)?,
        };
        let compiled = match good {
            Some(g) if g.sources == sources => None,
            _ => Some(templates::compile(&sources).map_err(fail)?),
        };
        let statics: Vec<(String, Bytes)> = match good {
            Some(g) if !self.statics_dirty => g.statics.clone(),
            _ => shared(
                templates::static_files(&self.root)
                    .map_err(fail)?
                    .into_iter()
                    .map(|(path, bytes)| OutputFile { path, bytes })
                    .collect(),
            )
            .collect(),
        };

        let plan = plan(good.map(|g| (&g.site, &g.sources)), &site, &sources, || {
            render::all_page_jobs(&site)
        });
        let tera = compiled
            .as_ref()
            .or(good.map(|g| &g.tera))
            .expect("templates are compiled when there is no good build");

        let mut pages = match good {
            Some(g) if !plan.full => g.pages.clone(),
            _ => Files::new(),
        };
        let mut rendered = 0;
        timings.push(("plan", t.elapsed()));
        if plan.shared {
            let t = Instant::now();
            let prepared = render::prepare(&site, tera, &self.options).map_err(fail)?;
            let mut jobs: Vec<PageJob> = (0..site.locales.len())
                .map(|locale| PageJob::Index { locale })
                .collect();
            jobs.extend(plan.country_pages.iter().copied());
            let mut problems = Vec::new();
            match render::render_pages(&site, tera, &prepared, &jobs, &self.options) {
                Ok(files) => {
                    rendered += files.len();
                    pages.extend(shared(files));
                }
                Err(d) => problems.extend(d),
            }
            match render::render_root_pages(&site, tera, &self.options) {
                Ok(files) => {
                    rendered += files.len();
                    pages.extend(shared(files));
                }
                Err(d) => problems.push(d),
            }
            if !problems.is_empty() {
                return Err(fail(problems));
            }
            let prose = prepared.into_prose_pages();
            rendered += prose.len();
            pages.extend(shared(prose));
            timings.push(("render", t.elapsed()));
        }

        let mut pending: HashSet<String> = HashSet::new();
        for &li in &plan.exports {
            let dir = &site.locales[li].dir;
            pending.insert(format!("{dir}/availability.xlsx"));
            pending.insert(format!("{dir}/availability.csv"));
        }
        if plan.json {
            pending.insert("availability.json".into());
        }
        if plan.full {
            pending.insert("sitemap.xml".into());
            pending.extend(
                site.locales
                    .iter()
                    .map(|l| format!("{}/sitemap.xml", l.dir)),
            );
        }
        let (old_exports, old_published) = match good {
            Some(g) => (g.exports.clone(), Some(g.published.clone())),
            None => (Files::new(), None),
        };
        let preview = assemble(&pages, &statics, &old_exports);
        let mut preview_changed = match &old_published {
            Some(old) => difference(old, &preview),
            None => preview.keys().cloned().collect(),
        };
        preview_changed.retain(|p| !pending.contains(p));
        Ok(Some(Staged {
            preview: Arc::new(preview),
            preview_changed,
            pending,
            site,
            warnings,
            sources,
            compiled,
            pages,
            statics,
            plan,
            rendered,
            timings,
            started,
        }))
    }

    /// Phase two: the exports, then the new site is assembled and becomes the last good one.
    pub fn export(&mut self, staged: Staged) -> Result<Rebuilt, Failure> {
        let Staged {
            site,
            warnings,
            sources,
            compiled,
            pages,
            statics,
            plan,
            rendered,
            mut timings,
            started,
            ..
        } = staged;
        let fail = |problems: Vec<Diagnostic>| pipeline::with_warnings(problems, &warnings);
        let t = Instant::now();
        let good = self.good.as_ref();
        let mut exports = match good {
            Some(g) if !plan.full => g.exports.clone(),
            _ => Files::new(),
        };
        exports.extend(shared(
            export::locales_files(&site, &plan.exports).map_err(fail)?,
        ));
        if plan.json {
            exports.extend(shared(vec![export::json_file(&site)]));
        }
        if plan.full {
            exports.extend(shared(export::sitemap::write(&site, &self.options)));
        }
        timings.push(("export", t.elapsed()));

        let t = Instant::now();
        let files = Arc::new(assemble(&pages, &statics, &exports));
        let changed = match good {
            Some(g) => difference(&g.published, &files),
            None => {
                let mut all: Vec<String> = files.keys().cloned().collect();
                all.sort();
                all
            }
        };
        let tera = match compiled {
            Some(t) => t,
            None => {
                self.good
                    .take()
                    .expect("reused templates come from a good build")
                    .tera
            }
        };
        self.good = Some(Good {
            site,
            sources,
            tera,
            pages,
            statics,
            exports,
            published: files.clone(),
        });
        self.templates_dirty = false;
        self.statics_dirty = false;
        timings.push(("publish", t.elapsed()));
        Ok(Rebuilt {
            files,
            changed,
            rendered,
            full: plan.full,
            warnings,
            elapsed: started.elapsed(),
            timings,
        })
    }
}

impl Builder {
    /// Renders the inputs as last read again, from scratch, the way `availgen build`
    /// does (no reuse of any earlier page), and returns the paths where the last good
    /// site differs from that. For `AVAILGEN_SERVE_VERIFY`: it checks the choice of
    /// what to re-render, on exactly the inputs the rebuild saw.
    pub fn verify(&self) -> Result<Vec<String>, Failure> {
        let Some(good) = &self.good else {
            return Ok(Vec::new());
        };
        let (site, warnings) =
            pipeline::check_loaded(self.inputs.to_loaded(), self.rules, &mut Vec::new())?;
        let fail = |problems: Vec<Diagnostic>| pipeline::with_warnings(problems, &warnings);
        let tera = templates::compile(&good.sources).map_err(fail)?;
        let mut files: Vec<OutputFile> =
            render::render_site(&site, &tera, &self.options).map_err(fail)?;
        files.extend(good.statics.iter().map(|(path, bytes)| OutputFile {
            path: path.clone(),
            bytes: bytes.to_vec(),
        }));
        files.extend(export::export_site(&site, &self.options).map_err(fail)?);
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
        let pages = Files::from([("a".to_owned(), b("page")), ("b".to_owned(), b("page"))]);
        let statics = vec![("b".to_owned(), b("static"))];
        let exports = Files::from([("c".to_owned(), b("export"))]);
        let all = assemble(&pages, &statics, &exports);
        assert_eq!(&all["b"][..], b"static");
        assert_eq!(all.len(), 3);
        let mut after = all.clone();
        after.insert("a".into(), b("page"));
        after.insert("c".into(), b("new"));
        after.remove("b");
        assert_eq!(difference(&all, &after), ["b", "c"]);
    }

    /// A small copy of the bundled site: six countries, every locale, page and template.
    fn small_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let from = Path::new(CRATE);
        for sub in [
            "content/countries",
            "content/pages",
            "locales",
            "templates",
            "static",
        ] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let copy = |rel: &str| std::fs::copy(from.join(rel), root.join(rel)).unwrap();
        for c in [
            "argentina",
            "brazil",
            "canada",
            "france",
            "germany",
            "japan",
        ] {
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

    /// Rebuilds after `rel` changed and checks the result against a clean build.
    fn step(builder: &mut Builder, root: &Path, rel: &[&str]) -> Rebuilt {
        let rebuilt = builder
            .rebuild(&paths(rel))
            .unwrap_or_else(|f| panic!("{rel:?}: {f:?}"))
            .expect("an input changed");
        assert_eq!(
            builder.verify().unwrap(),
            Vec::<String>::new(),
            "after {rel:?}"
        );
        let clean = pipeline::produce(root, "/", Rules::default())
            .unwrap_or_else(|f| panic!("clean build after {rel:?}: {f:?}"));
        assert_eq!(clean.files.len(), rebuilt.files.len(), "after {rel:?}");
        for f in &clean.files {
            let served = rebuilt.files.get(&f.path);
            assert!(
                served.is_some_and(|s| s[..] == f.bytes[..]),
                "after {rel:?}: {} differs from a clean build",
                f.path
            );
        }
        rebuilt
    }

    fn country_pages(rebuilt: &Rebuilt) -> Vec<&str> {
        rebuilt
            .changed
            .iter()
            .filter(|p| p.contains("/availability-in-"))
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn every_kind_of_edit_gives_what_a_clean_build_gives() {
        let dir = small_site();
        let root = dir.path();
        let mut b = Builder::new(root, Rules::default());
        let first = b.rebuild(&Changes::All).unwrap().unwrap();
        assert!(first.full);
        let total = first.rendered;

        // One country's facts: that country's page in each locale, nothing else rendered.
        let argentina = "content/countries/argentina.yaml";
        edit(
            root,
            argentina,
            "communications_credits: true",
            "communications_credits: false",
        );
        let r = step(&mut b, root, &[argentina]);
        assert!(!r.full && r.rendered < total);
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
        std::fs::rename(
            root.join("content/countries/.argentina.yaml.tmp"),
            root.join(argentina),
        )
        .unwrap();
        let r = step(
            &mut b,
            root,
            &[argentina, "content/countries/.argentina.yaml.tmp"],
        );
        assert_eq!(country_pages(&r).len(), 3);

        // A code changes the country's name in every drop-down: every country page.
        edit(
            root,
            "content/countries/canada.yaml",
            "code: CA",
            "code: US",
        );
        let r = step(&mut b, root, &["content/countries/canada.yaml"]);
        assert!(!r.full);
        edit(
            root,
            "content/countries/canada.yaml",
            "code: US",
            "code: CA",
        );
        step(&mut b, root, &["content/countries/canada.yaml"]);

        // A country added, then removed: the site's shape, so everything.
        std::fs::copy(
            Path::new(CRATE).join("content/countries/chile.yaml"),
            root.join("content/countries/chile.yaml"),
        )
        .unwrap();
        assert!(step(&mut b, root, &["content/countries/chile.yaml"]).full);
        std::fs::remove_file(root.join("content/countries/chile.yaml")).unwrap();
        assert!(step(&mut b, root, &["content/countries/chile.yaml"]).full);

        // A locale's strings: that locale's pages only.
        edit(
            root,
            "locales/zh-CN.yaml",
            "site_title: 云语音功能可用性",
            "site_title: 云语音",
        );
        let r = step(&mut b, root, &["locales/zh-CN.yaml"]);
        assert!(!r.full);
        assert!(
            country_pages(&r).iter().all(|p| p.starts_with("zh-cn/")),
            "{:?}",
            r.changed
        );
        // en-US strings reach the other locales only where they fall back.
        edit(
            root,
            "locales/en-US.yaml",
            "site_title: Cloud voice availability",
            "site_title: Voice",
        );
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
        edit(
            root,
            "content/outbound.yaml",
            "count: 197",
            "count: 197\n# edited",
        );
        step(&mut b, root, &["content/outbound.yaml"]);

        // Templates: country.html reaches country pages; page.html does not.
        edit(root, "templates/country.html", "<", "<!-- edited -->\n<");
        let r = step(&mut b, root, &["templates/country.html"]);
        assert_eq!(country_pages(&r).len(), 18);
        edit(root, "templates/page.html", "<", "<!-- edited -->\n<");
        let r = step(&mut b, root, &["templates/page.html"]);
        assert!(country_pages(&r).is_empty() && !r.changed.is_empty());
        edit(
            root,
            "templates/base.html",
            "<main id=\"main\">",
            "<main id=\"main\" class=\"x\">",
        );
        let r = step(&mut b, root, &["templates/base.html"]);
        assert_eq!(country_pages(&r).len(), 18);

        // Static files are copied, not rendered.
        std::fs::write(root.join("static/extra.txt"), "hello").unwrap();
        let r = step(&mut b, root, &["static/extra.txt"]);
        assert_eq!(
            (r.rendered, r.changed.as_slice()),
            (0, &["extra.txt".to_owned()][..])
        );
        std::fs::remove_file(root.join("static/extra.txt")).unwrap();
        step(&mut b, root, &["static/extra.txt"]);

        // A broken file fails and keeps the last good site; the fix builds again.
        let before = b.published().unwrap();
        edit(root, argentina, "code: AR", "code: [AR");
        assert!(matches!(
            b.rebuild(&paths(&[argentina])),
            Err(Failure::Content(_))
        ));
        assert!(Arc::ptr_eq(&before, &b.published().unwrap()));
        edit(
            root,
            "locales/zh-CN.yaml",
            "site_title: 云语音",
            "site_title: 云",
        );
        assert!(b.rebuild(&paths(&["locales/zh-CN.yaml"])).is_err());
        edit(root, argentina, "code: [AR", "code: AR");
        let r = step(&mut b, root, &[argentina]);
        assert!(country_pages(&r).iter().all(|p| p.starts_with("zh-cn/")));

        // Not an input: nothing to do.
        std::fs::write(root.join("content/countries/.argentina.yaml.swp"), "x").unwrap();
        assert!(b
            .rebuild(&paths(&["content/countries/.argentina.yaml.swp"]))
            .unwrap()
            .is_none());
        // A change the watcher did not name is still found by its size and time.
        edit(
            root,
            "content/countries/japan.yaml",
            "communications_credits: true",
            "communications_credits: false",
        );
        let r = step(&mut b, root, &[]);
        assert_eq!(country_pages(&r).len(), 3);
    }
}
