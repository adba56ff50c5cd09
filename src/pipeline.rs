//! The stages in order: load → validate → model → render → export → write; with
//! the git history (read and compared) between model and render.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Tera;

use crate::diagnostic::{self, Diagnostic};
use crate::export;
use crate::load::config::{Config, CONFIG_PATH, DEFAULT_OUTPUT_DIR};
use crate::load::git::{self, Head};
use crate::load::history;
use crate::load::locale;
use crate::load::schema::{self, Schema};
use crate::load::{self, BuiltinUi, LoadError, Loaded};
use crate::model::changes::{self, Timeline};
use crate::model::dates::Date;
use crate::model::{self, Site};
use crate::render::world_map::{self, NotOnMap};
use crate::render::{self, LocalePage, OutputFile, RenderOptions, ScratchPool};
use crate::translations::lock;
use crate::validate::{self, Coverage, Rules};
use crate::write::{self, WriteError};

/// What `availgen build` was asked for. `out` and `base_url` override availgen.toml.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: Option<PathBuf>,
    /// An absolute URL ending in `/` (see `config::normalize_base_url`).
    pub base_url: Option<String>,
    pub rules: Rules,
    /// Render the translator's review build (English source beside every string).
    pub review: bool,
    /// How far back the changes page and feed go (default: a year before the newest
    /// commit that touched a country).
    pub changes_since: Option<Date>,
}

/// Why a command failed; `main` turns it into messages and an exit status.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the content (exit status 1), with the warnings found alongside.
    Content(Vec<Diagnostic>),
    Load(LoadError),
    Write(WriteError),
}

pub type Timings = Vec<(&'static str, Duration)>;

pub struct BuildReport {
    /// Where the site was written.
    pub out: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
    /// Wall time of each stage, in pipeline order.
    pub timings: Timings,
    /// What to tell about the change history: why there is none, or where it starts.
    pub history_info: Option<String>,
}

/// A loaded, validated site with what validation found besides errors.
pub struct Checked {
    pub site: Site,
    /// The site's settings (availgen.toml), which the site itself does not hold.
    pub config: Config,
    pub builtin_ui: BuiltinUi,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// What `availgen check` reports when the content has no errors.
pub struct CheckReport {
    pub warnings: Vec<Diagnostic>,
    pub coverage: Vec<Coverage>,
    /// The built-in `ui:` strings the site uses.
    pub builtin_ui: BuiltinUi,
    /// The countries of the data that the world maps leave out.
    pub not_on_map: Vec<NotOnMap>,
    /// What to tell about the change history: why there is none, or where it starts.
    pub history_info: Option<String>,
}

/// The change history of a site, read once per checked-out commit: a build reads it
/// once; `availgen serve` keeps it between rebuilds and reads it again when HEAD moves.
/// Uncommitted edits are not history: they show once committed.
#[derive(Default)]
pub struct HistoryCache {
    read: Option<(Head, Arc<Timeline>)>,
    /// The answer for a stamp of the repository's state: the same again while the
    /// stamp is the same, without running `git` (a few ms a rebuild).
    last: Option<(git::Stamp, Result<Arc<Timeline>, String>)>,
}

impl HistoryCache {
    /// Gives `site` the history of the commit checked out at `root`, its changes shown
    /// since `since`. Returns what to tell about it: why there is none (the site
    /// builds as it would without), or that it is cut short.
    pub fn attach(&mut self, root: &Path, site: &mut Site, since: Option<Date>) -> Option<String> {
        let stamp = git::stamp(root);
        let timeline = match (&self.last, &stamp) {
            (Some((last, timeline)), Some(now)) if last == now => timeline.clone(),
            _ => self.timeline(root),
        };
        self.last = stamp.map(|s| (s, timeline.clone()));
        attach_timeline(timeline, site, since)
    }

    /// The history of the commit checked out at `root`, read from git alone (the
    /// content on disk plays no part), or why there is none.
    fn timeline(&mut self, root: &Path) -> Result<Arc<Timeline>, String> {
        let head = git::head(root).map_err(|e| e.to_string())?;
        if let Some((read_at, timeline)) = &self.read {
            if *read_at == head {
                return Ok(timeline.clone());
            }
        }
        self.read = None;
        let history = history::read(root, head.clone()).map_err(|e| e.to_string())?;
        let timeline = changes::timeline(&history).ok_or("no commit of the site's git history has countries yet")?;
        let timeline = Arc::new(timeline);
        self.read = Some((head, timeline.clone()));
        Ok(timeline)
    }
}

/// Gives `site` a timeline `HistoryCache::timeline` read, or tells why there is none.
fn attach_timeline(read: Result<Arc<Timeline>, String>, site: &mut Site, since: Option<Date>) -> Option<String> {
    match read {
        Ok(timeline) => {
            let info = (!timeline.complete).then(|| {
                format!(
                    "the git clone is shallow: changes are known from {} on \
                         (`git fetch --unshallow` fetches the whole history)",
                    timeline.known_from.iso()
                )
            });
            changes::attach(site, timeline, since);
            info
        }
        Err(why) => Some(format!("{why}: built without the change history (changes page, feed, last-changed dates)")),
    }
}

/// Loads and validates the site as `build` makes it, its published locales only:
/// errors fail, warnings come back with the site.
pub fn load_checked(root: &Path, rules: Rules, review: bool) -> Result<Checked, Failure> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let loaded = load::load_site(root).map_err(Failure::Load)?.published();
    let lock = lock::read(root);
    timings.push(("load", t.elapsed()));
    check_loaded(loaded, &lock, rules, review, timings)
}

/// Stages 2 and 3 over what stage 1 read (the site's files, and its translation lock
/// as [`lock::read`] gave it): errors fail, warnings come back with the site. Each
/// stage's wall time is added to `timings`.
pub fn check_loaded(
    loaded: Loaded,
    lock: &lock::ReadLock,
    rules: Rules,
    review: bool,
    mut timings: Timings,
) -> Result<Checked, Failure> {
    let (loaded, warnings) = validated(loaded, lock, rules, &mut timings)?;
    Ok(modelled(loaded, warnings, lock, review, timings))
}

/// Stage 2: the loaded files, if they have no errors, with the warnings found.
fn validated(
    mut loaded: Loaded,
    lock: &lock::ReadLock,
    rules: Rules,
    timings: &mut Timings,
) -> Result<(Loaded, Vec<Diagnostic>), Failure> {
    let t = Instant::now();
    let mut problems = std::mem::take(&mut loaded.diagnostics);
    // A broken availgen.toml decides what everything else means (the source language,
    // the published locales): the rest is not validated against defaults.
    if problems.iter().any(|d| d.file == CONFIG_PATH && d.is_error()) {
        diagnostic::sort(&mut problems);
        return Err(Failure::Content(problems));
    }
    problems.extend(validate::validate(&loaded, rules));
    problems.extend(crate::translations::diagnostics(&loaded, lock, rules));
    diagnostic::sort(&mut problems);
    timings.push(("validate", t.elapsed()));
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure::Content(problems));
    }
    Ok((loaded, problems))
}

/// Stage 3: the site made of validated files.
fn modelled(
    loaded: Loaded,
    warnings: Vec<Diagnostic>,
    lock: &lock::ReadLock,
    review: bool,
    mut timings: Timings,
) -> Checked {
    let t = Instant::now();
    let review = review.then(|| model::Review { stale: crate::translations::stale_keys(&loaded, lock) });
    let (config, builtin_ui) = (loaded.config.clone(), loaded.builtin_ui.clone());
    let site = model::build(loaded, review);
    timings.push(("model", t.elapsed()));
    Checked { site, config, builtin_ui, warnings, timings }
}

/// One warning, an error under `--strict`, for a build without a base URL: sitemaps
/// and `hreflang` links want absolute URLs, and without one they are relative.
fn no_base_url(rules: Rules) -> Diagnostic {
    let message = "no base URL is configured: the sitemaps' and hreflang links' URLs are relative (`/en-us/...`)";
    let d =
        if rules.strict { Diagnostic::error(CONFIG_PATH, message) } else { Diagnostic::warning(CONFIG_PATH, message) };
    d.with_hint("set `base_url = \"https://example.org/availability/\"` in availgen.toml, or pass --base-url URL")
}

/// Adds `warnings` to the problems of a failed stage, in file order.
pub fn content_failure(mut problems: Vec<Diagnostic>, warnings: &[Diagnostic]) -> Failure {
    problems.extend(warnings.iter().cloned());
    diagnostic::sort(&mut problems);
    Failure::Content(problems)
}

/// Takes each finished file, on the thread that made it; returns false when it can
/// take no more (it failed, and its owner reports why).
pub type Sink<'a> = dyn Fn(OutputFile) -> bool + Sync + 'a;

/// Told `(done, total)` as the tasks of a build finish, from the thread that finished one.
pub type Progress<'a> = dyn Fn(usize, usize) + Sync + 'a;

/// One task of [`produce`]: a page of a locale, a locale's exports, or the files of
/// the site outside the locales.
enum Task<'s> {
    Page(usize, LocalePage<'s>),
    Export(usize),
    /// The language chooser, `404.html`, the languages pages and the static files.
    SiteFiles,
    /// `availability.json` and the sitemap index.
    SiteExports,
}

/// Renders and exports the site, handing every file to `sink` as soon as it is made,
/// so memory holds a few files at a time rather than the site. One processor makes
/// the exports, matrices and maps of every locale in turn; the other takes the pages
/// of all locales from one list, which the first joins once its own work is done, so
/// neither waits for the other until the end. Once a problem is found no more files
/// go to `sink`; when `sink` refuses one, no more are made and the pages made so far
/// are counted. Returns the number of pages rendered.
pub fn produce(
    site: &Site,
    templates: &Templates,
    options: &RenderOptions,
    warnings: &[Diagnostic],
    timings: &mut Timings,
    sink: &Sink,
    progress: &Progress,
) -> Result<usize, Failure> {
    let fail = |p: Vec<Diagnostic>| content_failure(p, warnings);
    let t = Instant::now();
    let renderer = render::Renderer::new(site, &templates.tera, options).map_err(fail)?;

    let pages = AtomicUsize::new(0);
    let (failed, refused) = (AtomicBool::new(false), AtomicBool::new(false));
    let emit = |file: OutputFile| {
        if failed.load(Relaxed) || refused.load(Relaxed) {
            return;
        }
        let page = file.path.ends_with(".html");
        if sink(file) {
            pages.fetch_add(usize::from(page), Relaxed);
        } else {
            refused.store(true, Relaxed);
        }
    };
    // The exports, the matrices and the maps (a third of the work, and each the most
    // memory of any task) are made one after another beside the other pages, which
    // the other processor renders, and this one too once they are done: side by side,
    // two of them made the bundled build's peak memory half a megabyte larger.
    let is_large = |page: &LocalePage| matches!(page, LocalePage::Compare | LocalePage::Maps);
    let locale_pages = renderer.locale_pages(&|_| true);
    let mut one_by_one = vec![Task::SiteExports];
    let mut side_by_side = vec![Task::SiteFiles];
    for li in 0..site.locales.len() {
        one_by_one.push(Task::Export(li));
        one_by_one.extend(locale_pages.iter().filter(|p| is_large(p)).map(|&page| Task::Page(li, page)));
        side_by_side.extend(locale_pages.iter().filter(|p| !is_large(p)).map(|&page| Task::Page(li, page)));
    }
    let (total, done) = (one_by_one.len() + side_by_side.len(), AtomicUsize::new(0));
    let exporting = AtomicU64::new(0);
    let scratches = ScratchPool::default();
    let run = |task: Task| {
        if refused.load(Relaxed) {
            return Vec::new();
        }
        let started = Instant::now();
        let result = match task {
            Task::Page(li, page) => {
                scratches.with(li, |scratch| renderer.render_page(li, page, scratch, &emit)).map_err(|d| vec![d])
            }
            Task::SiteFiles => renderer.site_files().map(|files| {
                files.into_iter().for_each(&emit);
                let statics = templates.statics.iter().cloned();
                statics.for_each(|(path, bytes)| emit(OutputFile { path, bytes }));
            }),
            Task::Export(li) => export::locale_files(site, li, options).map(|files| files.into_iter().for_each(&emit)),
            Task::SiteExports => {
                export::site_files(site, options).into_iter().for_each(&emit);
                Ok(())
            }
        };
        if matches!(task, Task::Export(_) | Task::SiteExports) {
            exporting.fetch_add(started.elapsed().as_nanos() as u64, Relaxed);
        }
        progress(done.fetch_add(1, Relaxed) + 1, total);
        let problems = result.err().unwrap_or_default();
        if !problems.is_empty() {
            failed.store(true, Relaxed);
        }
        problems
    };
    let (mut problems, rendered): (Vec<Diagnostic>, Vec<Diagnostic>) = rayon::join(
        || one_by_one.into_iter().flat_map(run).collect(),
        || side_by_side.into_par_iter().flat_map_iter(run).collect(),
    );
    problems.extend(rendered);
    if !problems.is_empty() {
        let problems = problems.into_iter().map(|d| templates.sources.show_line(d)).collect();
        return Err(fail(diagnostic::merge_repeats(problems)));
    }
    timings.extend([("render", t.elapsed()), ("export", Duration::from_nanos(exporting.into_inner()))]);
    drop_aside((renderer.into_parts(), scratches));
    Ok(pages.into_inner())
}

/// Frees `value` on a thread of its own. The site, its templates and the renderer's
/// caches are tens of thousands of allocations: freed one by one where the build ends,
/// they held up the end of a small build by half a millisecond (2% of it), and a
/// process that exits after the build need not wait for them. (Should no thread be
/// had, `value` is dropped here, with the closure that failed to start.)
fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("drop".into()).spawn(move || drop(value));
}

/// `availgen check`: everything a build does except writing to disk, over every
/// locale, published or not (a language in progress is checked as it will be built).
/// Under `--strict`, a site without a base URL fails.
pub fn check(root: &Path, rules: Rules) -> Result<CheckReport, Failure> {
    let t = Instant::now();
    let loaded = load::load_site(root).map_err(Failure::Load)?;
    let lock = lock::read(root);
    let mut timings = vec![("load", t.elapsed())];
    let (loaded, warnings) = validated(loaded, &lock, rules, &mut timings)?;
    // Only `check` reports these; a build does without.
    let (coverage, not_on_map) = (validate::coverage(&loaded), world_map::not_on_map(&loaded));
    let mut checked = modelled(loaded, warnings, &lock, false, timings);
    if checked.config.base_url.is_none() && rules.strict {
        return Err(content_failure(vec![no_base_url(rules)], &checked.warnings));
    }
    let since = changes_since(None, &checked.config);
    let history_info = HistoryCache::default().attach(root, &mut checked.site, since);
    let options = RenderOptions { base_url: "/".into() };
    let templates = load_templates(root).map_err(|p| content_failure(p, &checked.warnings))?;
    produce(&checked.site, &templates, &options, &checked.warnings, &mut checked.timings, &|_| true, &|_, _| {})?;
    Ok(CheckReport { warnings: checked.warnings, coverage, builtin_ui: checked.builtin_ui, not_on_map, history_info })
}

/// What a site is rendered with besides its content: its templates, compiled, and its
/// static files, the built-in ones wherever the site has none of its own.
pub struct Templates {
    pub tera: Tera,
    pub statics: Vec<(String, Vec<u8>)>,
    /// The templates' text, to show the line a rendering error points to.
    pub sources: render::templates::Sources,
}

/// The templates and static files of the site at `root`, or every problem of both.
pub fn load_templates(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
    let compiled = render::templates::read_sources(root)
        .and_then(|sources| render::templates::compile(&sources).map(|tera| (tera, sources)));
    match (compiled, render::templates::static_files(root)) {
        (Ok((tera, sources)), Ok(statics)) => Ok(Templates { tera, statics, sources }),
        (tera, statics) => Err(tera.err().into_iter().chain(statics.err()).flatten().collect()),
    }
}

/// How far back the changes page and feed go: `--changes-since`, else `changes_since`
/// of availgen.toml, else (`None`) a year before the newest change.
pub fn changes_since(option: Option<Date>, config: &Config) -> Option<Date> {
    option.or_else(|| config.changes_since.as_ref().map(|s| Date::from(s.value)))
}

/// Where `build` writes: `--out`, else `output_dir` of availgen.toml (relative to
/// the root), else `<root>/public`.
fn output_dir(options: &BuildOptions, config: &Config) -> PathBuf {
    match (&options.out, &config.output_dir) {
        (Some(out), _) => out.clone(),
        (None, Some(dir)) => options.root.join(&dir.value),
        (None, None) => options.root.join(DEFAULT_OUTPUT_DIR),
    }
}

/// Builds the site; `progress(done, total)` is called as its tasks are finished.
///
/// Each rendering thread writes the files it makes at once, so the processors take
/// turns at rendering and at the system calls that writing is, and memory holds a few
/// pages rather than a locale. `export` and `write` in the timings are the time the
/// threads spent exporting and writing, added up; both are part of `render`'s wall time.
pub fn build(options: &BuildOptions, progress: &Progress) -> Result<BuildReport, Failure> {
    // The history comes from git alone, so it is read while the content loads; its
    // time in the timings is its own, as if it ran alone. The templates need only the
    // root too: they are compiled beside the content's loading, in its time.
    let ((checked, templates), (timeline, history_time)) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| {
            let t = Instant::now();
            (HistoryCache::default().timeline(&options.root), t.elapsed())
        });
        let loaded = rayon::join(
            || load_checked(&options.root, options.rules, options.review),
            || load_templates(&options.root),
        );
        (loaded, reading.join().expect("reading the history does not panic"))
    });
    let Checked { mut site, config, mut warnings, mut timings, .. } = checked?;
    let templates = templates.map_err(|p| content_failure(p, &warnings))?;
    let out = output_dir(options, &config);
    let since = changes_since(options.changes_since, &config);
    write::check_output(&out, &options.root).map_err(Failure::Write)?;
    let base_url = options.base_url.clone().or(config.base_url.map(|s| s.value));
    // Reported with the site built: a failed build has more pressing problems.
    let no_base_url = base_url.is_none().then(|| no_base_url(options.rules));
    if let Some(d) = no_base_url.as_ref().filter(|d| d.is_error()) {
        return Err(content_failure(vec![d.clone()], &warnings));
    }
    let t = Instant::now();
    let history_info = attach_timeline(timeline, &mut site, since);
    timings.push(("history", history_time + t.elapsed()));
    let lock = write::lock(&out).map_err(Failure::Write)?;
    let staging = write::Staging::new(&out, &lock).map_err(Failure::Write)?;
    let render_options = RenderOptions { base_url: base_url.unwrap_or_else(|| "/".into()) };
    let first_error = std::sync::Mutex::new(None);
    let writing = AtomicU64::new(0);
    let sink = |file: OutputFile| {
        let t = Instant::now();
        let written = staging.put(&file);
        writing.fetch_add(t.elapsed().as_nanos() as u64, Relaxed);
        match written {
            Ok(()) => true,
            Err(e) => {
                first_error.lock().expect("no thread panics holding it").get_or_insert(e);
                false
            }
        }
    };
    let produced = produce(&site, &templates, &render_options, &warnings, &mut timings, &sink, progress);
    if let Some(e) = first_error.into_inner().expect("no thread panics holding it") {
        return Err(Failure::Write(e));
    }
    let pages = produced?;
    timings.push(("write", Duration::from_nanos(writing.into_inner())));
    let t = Instant::now();
    let report = staging.commit().map_err(Failure::Write)?;
    timings.push(("swap", t.elapsed()));
    warnings.extend(no_base_url);
    drop_aside((site, templates));
    Ok(BuildReport { out, pages, files: report.files, bytes: report.bytes, warnings, timings, history_info })
}

/// `availgen schema`: the JSON Schema of a country file of the site at `root`: its `content/schema.yaml`
/// (the built-in schema when it has none), described in its source locale's `ui:` strings
/// (none when it has no such locale file).
pub fn json_schema(root: &Path) -> Result<serde_json::Value, Failure> {
    if !root.is_dir() {
        let error = std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory");
        return Err(Failure::Load(LoadError::Io { path: root.to_owned(), error }));
    }
    let schema = read_if_present(root, &[schema::SCHEMA_PATH], schema::parse)?.unwrap_or_else(Schema::builtin);
    let tag = crate::load::config::read(root).map_err(Failure::Content)?.source_locale().to_owned();
    let source_locale = [format!("locales/{tag}.yaml"), format!("locales/{tag}.yml")];
    let locale = read_if_present(root, &source_locale, locale::parse)?;
    Ok(export::json_schema::country_file(&schema, locale.as_ref().map(|l| &l.data.ui)))
}

/// The first of `paths` (relative to `root`) that exists, read and parsed as stage 1
/// reads it; its problems are content problems.
fn read_if_present<T, P: AsRef<Path>>(
    root: &Path,
    paths: &[P],
    parse: fn(&load::SourceFile) -> Result<T, Vec<Diagnostic>>,
) -> Result<Option<T>, Failure> {
    let Some(path) = paths.iter().map(|p| root.join(p)).find(|p| p.is_file()) else {
        return Ok(None);
    };
    let source = load::read_source(root, &path).map_err(|d| Failure::Content(vec![d]))?;
    parse(&source).map(Some).map_err(Failure::Content)
}
