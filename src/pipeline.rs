//! The stages in order: load → validate → model → render → export → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{self, Diagnostic};
use crate::export;
use crate::load::{self, LoadError};
use crate::model::{self, Site};
use crate::render::{self, RenderOptions};
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

pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
    /// Wall time of each stage, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads and validates the site: errors fail, warnings come back with the site.
pub fn load_checked(
    root: &Path,
    rules: Rules,
) -> Result<(Site, Vec<Diagnostic>, Vec<(&'static str, Duration)>), Failure> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let mut loaded = load::load_site(root).map_err(Failure::Load)?;
    timings.push(("load", t.elapsed()));
    let t = Instant::now();
    let mut problems = std::mem::take(&mut loaded.diagnostics);
    problems.extend(validate::validate(&loaded, rules));
    problems.extend(crate::translations::diagnostics(root, &loaded, rules));
    diagnostic::sort(&mut problems);
    timings.push(("validate", t.elapsed()));
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure::Content(problems));
    }
    let t = Instant::now();
    let site = model::build(loaded);
    timings.push(("model", t.elapsed()));
    Ok((site, problems, timings))
}

/// `availgen check`: everything a build does except rendering to disk.
pub fn check(root: &Path, rules: Rules) -> Result<Vec<Diagnostic>, Failure> {
    let (site, mut warnings, _) = load_checked(root, rules)?;
    let tera = render::templates::load(root).map_err(Failure::Content)?;
    let options = RenderOptions { base_url: "/".into() };
    if let Err(problems) = render::render_site(&site, &tera, &options) {
        warnings.extend(problems);
        diagnostic::sort(&mut warnings);
        return Err(Failure::Content(warnings));
    }
    Ok(warnings)
}

pub fn build(options: &BuildOptions) -> Result<BuildReport, Failure> {
    let (site, warnings, mut timings) = load_checked(&options.root, options.rules)?;
    let with_warnings = |mut problems: Vec<Diagnostic>| {
        problems.extend(warnings.iter().cloned());
        diagnostic::sort(&mut problems);
        Failure::Content(problems)
    };
    let t = Instant::now();
    let tera = render::templates::load(&options.root).map_err(with_warnings)?;
    let render_options = RenderOptions { base_url: options.base_url.clone() };
    let mut files = render::render_site(&site, &tera, &render_options).map_err(with_warnings)?;
    let pages = files.len();
    let statics = render::templates::static_files(&options.root).map_err(with_warnings)?;
    files.extend(statics.into_iter().map(|(path, bytes)| render::OutputFile { path, bytes }));
    timings.push(("render", t.elapsed()));
    let t = Instant::now();
    files.extend(export::export_site(&site, &render_options).map_err(with_warnings)?);
    timings.push(("export", t.elapsed()));
    let t = Instant::now();
    let lock = write::lock(&options.out).map_err(Failure::Write)?;
    let report = write::write_site(&options.out, &files, &lock).map_err(Failure::Write)?;
    timings.push(("write", t.elapsed()));
    Ok(BuildReport { pages, files: report.files, bytes: report.bytes, warnings, timings })
}
