//! The stages in order: load → validate → model → render → export → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{self, Diagnostic};
use crate::export;
use crate::load::{self, LoadError, Loaded};
use crate::model::{self, Site};
use crate::render::{self, RenderOptions};
use crate::validate::{self, Coverage, Rules};
use crate::write::{self, WriteError};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub base_url: String,
    pub rules: Rules,
    /// Render the translator's review build (English source beside every string).
    pub review: bool,
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
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
    /// Wall time of each stage, in pipeline order.
    pub timings: Timings,
}

/// A loaded, validated site with what validation found besides errors.
pub struct Checked {
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
    pub coverage: Vec<Coverage>,
    pub timings: Timings,
}

/// What `availgen check` reports when the content has no errors.
pub struct CheckReport {
    pub warnings: Vec<Diagnostic>,
    pub coverage: Vec<Coverage>,
}

/// Loads and validates the site: errors fail, warnings come back with the site.
pub fn load_checked(root: &Path, rules: Rules, review: bool) -> Result<Checked, Failure> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let loaded = load::load_site(root).map_err(Failure::Load)?;
    timings.push(("load", t.elapsed()));
    check_loaded(root, loaded, rules, review, timings)
}

/// Stages 2 and 3 over what stage 1 read from `root` (whose translation lock is read
/// here): errors fail, warnings come back with the site. Each stage's wall time is
/// added to `timings`.
pub fn check_loaded(
    root: &Path,
    mut loaded: Loaded,
    rules: Rules,
    review: bool,
    mut timings: Timings,
) -> Result<Checked, Failure> {
    let t = Instant::now();
    let mut problems = std::mem::take(&mut loaded.diagnostics);
    problems.extend(validate::validate(&loaded, rules));
    problems.extend(crate::translations::diagnostics(root, &loaded, rules));
    diagnostic::sort(&mut problems);
    timings.push(("validate", t.elapsed()));
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure::Content(problems));
    }
    let coverage = validate::coverage(&loaded);
    let t = Instant::now();
    let review = review.then(|| model::Review { stale: crate::translations::stale_keys(root, &loaded) });
    let site = model::build(loaded, review);
    timings.push(("model", t.elapsed()));
    Ok(Checked { site, warnings: problems, coverage, timings })
}

/// Adds `warnings` to the problems of a failed stage, in file order.
pub fn content_failure(mut problems: Vec<Diagnostic>, warnings: &[Diagnostic]) -> Failure {
    problems.extend(warnings.iter().cloned());
    diagnostic::sort(&mut problems);
    Failure::Content(problems)
}

/// Renders and exports the site locale by locale, handing each locale's files to
/// `sink` before the next is made, so memory holds one locale at a time. Returns
/// the number of pages rendered.
pub fn produce(
    root: &Path,
    site: &Site,
    options: &RenderOptions,
    warnings: &[Diagnostic],
    timings: &mut Timings,
    sink: &mut dyn FnMut(Vec<render::OutputFile>) -> Result<(), Failure>,
    progress: &dyn Fn(usize, usize),
) -> Result<usize, Failure> {
    let fail = |p: Vec<Diagnostic>| content_failure(p, warnings);
    let (mut render_time, mut export_time, mut write_time) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let t = Instant::now();
    let tera = render::templates::load(root).map_err(fail)?;
    let renderer = render::Renderer::new(site, &tera, options).map_err(fail)?;
    let mut files = renderer.site_files().map_err(fail)?;
    let mut pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let statics = render::templates::static_files(root).map_err(fail)?;
    files.extend(statics.into_iter().map(|(path, bytes)| render::OutputFile { path, bytes }));
    render_time += t.elapsed();
    let t = Instant::now();
    files.extend(export::site_files(site, options));
    export_time += t.elapsed();
    let t = Instant::now();
    sink(files)?;
    write_time += t.elapsed();
    let mut problems = Vec::new();
    for li in 0..site.locales.len() {
        progress(li, site.locales.len());
        let t = Instant::now();
        let (pages_of_locale, spreadsheets) =
            rayon::join(|| renderer.locale_files(li), || export::locale_files(site, li, options));
        render_time += t.elapsed();
        match (pages_of_locale, spreadsheets) {
            (Ok(mut files), Ok(sheets)) if problems.is_empty() => {
                pages += files.iter().filter(|f| f.path.ends_with(".html")).count();
                files.extend(sheets);
                let t = Instant::now();
                sink(files)?;
                write_time += t.elapsed();
            }
            (a, b) => problems.extend(a.err().into_iter().chain(b.err()).flatten()),
        }
    }
    progress(site.locales.len(), site.locales.len());
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    timings.extend([("render", render_time), ("export", export_time), ("write", write_time)]);
    Ok(pages)
}

/// `availgen check`: everything a build does except writing to disk.
pub fn check(root: &Path, rules: Rules) -> Result<CheckReport, Failure> {
    let mut checked = load_checked(root, rules, false)?;
    let options = RenderOptions { base_url: "/".into() };
    produce(root, &checked.site, &options, &checked.warnings, &mut checked.timings, &mut |_| Ok(()), &|_, _| {})?;
    Ok(CheckReport { warnings: checked.warnings, coverage: checked.coverage })
}

/// Builds the site; `progress(done, total)` is called as locales are finished.
pub fn build(options: &BuildOptions, progress: &dyn Fn(usize, usize)) -> Result<BuildReport, Failure> {
    write::check_output(&options.out, &options.root).map_err(Failure::Write)?;
    let Checked { site, warnings, mut timings, .. } = load_checked(&options.root, options.rules, options.review)?;
    let lock = write::lock(&options.out).map_err(Failure::Write)?;
    let staging = write::Staging::new(&options.out, &lock).map_err(Failure::Write)?;
    let render_options = RenderOptions { base_url: options.base_url.clone() };
    let mut sink = |files: Vec<render::OutputFile>| staging.put(&files).map_err(Failure::Write);
    let pages = produce(&options.root, &site, &render_options, &warnings, &mut timings, &mut sink, progress)?;
    let t = Instant::now();
    let report = staging.commit().map_err(Failure::Write)?;
    timings.push(("swap", t.elapsed()));
    Ok(BuildReport { pages, files: report.files, bytes: report.bytes, warnings, timings })
}
