//! The stages in order: load → validate → model → render → export → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{self, Diagnostic};
use crate::export;
use crate::load::{self, LoadError, Loaded};
use crate::model::{self, Site};
use crate::render::{self, OutputFile, RenderOptions};
use crate::validate::{self, Rules};
use crate::write::{self, WriteError};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub base_url: String,
    pub rules: Rules,
}

/// Why a command failed; `main` turns it into messages and an exit status.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the content (exit status 1), with the warnings found alongside.
    Content(Vec<Diagnostic>),
    Load(LoadError),
    Write(WriteError),
}

/// Wall time of each stage, in pipeline order.
pub type Timings = Vec<(&'static str, Duration)>;

pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Stages 2 and 3 over what stage 1 read: errors fail, warnings come back with the
/// site. Each stage's wall time is added to `timings`.
pub fn check_loaded(
    mut loaded: Loaded,
    rules: Rules,
    timings: &mut Timings,
) -> Result<(Site, Vec<Diagnostic>), Failure> {
    let t = Instant::now();
    let mut problems = std::mem::take(&mut loaded.diagnostics);
    problems.extend(validate::validate(&loaded, rules));
    diagnostic::sort(&mut problems);
    timings.push(("validate", t.elapsed()));
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure::Content(problems));
    }
    let t = Instant::now();
    let site = model::build(loaded);
    timings.push(("model", t.elapsed()));
    Ok((site, problems))
}

/// Loads and validates the site: errors fail, warnings come back with the site.
pub fn load_checked(
    root: &Path,
    rules: Rules,
) -> Result<(Site, Vec<Diagnostic>, Timings), Failure> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let loaded = load::load_site(root).map_err(Failure::Load)?;
    timings.push(("load", t.elapsed()));
    let (site, warnings) = check_loaded(loaded, rules, &mut timings)?;
    Ok((site, warnings, timings))
}

/// A failure from `problems` found after validation, with the warnings validation found.
pub fn with_warnings(mut problems: Vec<Diagnostic>, warnings: &[Diagnostic]) -> Failure {
    problems.extend(warnings.iter().cloned());
    diagnostic::sort(&mut problems);
    Failure::Content(problems)
}

/// `availgen check`: everything a build does except rendering to disk.
pub fn check(root: &Path, rules: Rules) -> Result<Vec<Diagnostic>, Failure> {
    let (site, mut warnings, _) = load_checked(root, rules)?;
    let tera = render::templates::load(root).map_err(Failure::Content)?;
    let options = RenderOptions {
        base_url: "/".into(),
    };
    if let Err(problems) = render::render_site(&site, &tera, &options) {
        warnings.extend(problems);
        diagnostic::sort(&mut warnings);
        return Err(Failure::Content(warnings));
    }
    Ok(warnings)
}

/// Every file of a built site, in memory, before stage 6 writes it.
pub struct Produced {
    pub files: Vec<OutputFile>,
    /// How many of `files` are rendered pages.
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Stages 1 to 5: the whole site under `root`, in memory.
pub fn produce(root: &Path, base_url: &str, rules: Rules) -> Result<Produced, Failure> {
    let (site, warnings, mut timings) = load_checked(root, rules)?;
    let fail = |problems: Vec<Diagnostic>| with_warnings(problems, &warnings);
    let t = Instant::now();
    let tera = render::templates::load(root).map_err(fail)?;
    let render_options = RenderOptions {
        base_url: base_url.to_owned(),
    };
    let mut files = render::render_site(&site, &tera, &render_options).map_err(fail)?;
    let pages = files.len();
    let statics = render::templates::static_files(root).map_err(fail)?;
    files.extend(
        statics
            .into_iter()
            .map(|(path, bytes)| OutputFile { path, bytes }),
    );
    timings.push(("render", t.elapsed()));
    let t = Instant::now();
    files.extend(export::export_site(&site, &render_options).map_err(fail)?);
    timings.push(("export", t.elapsed()));
    Ok(Produced {
        files,
        pages,
        warnings,
        timings,
    })
}

pub fn build(options: &BuildOptions) -> Result<BuildReport, Failure> {
    let Produced {
        files,
        pages,
        warnings,
        mut timings,
    } = produce(&options.root, &options.base_url, options.rules)?;
    let t = Instant::now();
    let lock = write::lock(&options.out).map_err(Failure::Write)?;
    let report = write::write_site(&options.out, &files, &lock).map_err(Failure::Write)?;
    timings.push(("write", t.elapsed()));
    Ok(BuildReport {
        pages,
        files: report.files,
        bytes: report.bytes,
        warnings,
        timings,
    })
}
