//! Translator tools: stale translations, their confirmation, and XLIFF 2.0 exchange.
//!
//! `locales/translations.lock.yaml` records, for each locale and translated key, the
//! en-US text the translation was made from ([`lock`]). A translation whose en-US text
//! has changed since is *stale* ([`stale`]); `check` and `build` warn about each one
//! (errors under `--strict`) until a translator confirms it. `availgen translations`
//! lists them (`status`), records a review (`confirm`), and exchanges a locale with
//! translation tools as XLIFF 2.0 (`export`, `import`).

pub mod catalog;
mod commands;
mod diff;
pub mod hash;
mod import;
mod locale_edit;
pub mod lock;
pub mod stale;
mod xliff;
mod yaml_text;

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Subcommand};

use crate::diagnostic::Format;
use crate::diagnostic::{did_you_mean, Diagnostic, Severity};
use crate::load::{self, Loaded, LocaleFile};
use crate::validate::Rules;

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the stale and unconfirmed translations of each locale.
    Status {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only this locale (a tag such as zh-TW).
        #[arg(long)]
        locale: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Record that translations match the current en-US text (after reviewing them).
    #[command(group(ArgGroup::new("which").required(true).multiple(true).args(["keys", "all"])))]
    Confirm {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        locale: String,
        /// A key to confirm, such as `ui.site_title` or `page.overview`; repeat for more.
        #[arg(long = "key", value_name = "KEY")]
        keys: Vec<String>,
        /// Confirm every translated key of the locale.
        #[arg(long)]
        all: bool,
    },
    /// Write a locale as an XLIFF 2.0 file for a translation tool.
    Export {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        locale: String,
        /// Output file (default: <locale>.xlf in the current directory; `-` for standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Read a translated XLIFF 2.0 file back into its locale file, pages and the lock.
    Import {
        /// The XLIFF file, as written by `export` and edited in a translation tool.
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Why a translations command failed; `main` prints it and picks the exit status.
#[derive(Debug)]
pub enum Failure {
    /// Wrong arguments (exit status 2).
    Usage(String),
    /// Problems in the content or the XLIFF file (exit status 1).
    Content(Vec<Diagnostic>),
    /// A file could not be read or written (exit status 2).
    Io(String),
}

/// Runs a `translations` subcommand; the warnings come back on success.
pub fn run(command: Command) -> Result<Vec<Diagnostic>, Failure> {
    match command {
        Command::Status { root, locale, format } => commands::status(&root, locale.as_deref(), format),
        Command::Confirm { root, locale, keys, all } => commands::confirm(&root, &locale, &keys, all),
        Command::Export { root, locale, out } => commands::export(&root, &locale, out.as_deref()),
        Command::Import { file, root } => import::import(&root, &file),
    }
}

/// The `(locale, key)` pairs whose translation is stale (`("zh-CN", "ui.site_title")`),
/// for the review build to highlight.
pub fn stale_keys(loaded: &Loaded, lock: &lock::ReadLock) -> std::collections::HashSet<(String, String)> {
    let Ok(Some(lock)) = lock else { return Default::default() };
    stale::target_tags(loaded)
        .into_iter()
        .flat_map(|tag| {
            stale::report(loaded, lock, tag)
                .into_iter()
                .filter(|(_, status)| matches!(status, stale::Status::Stale { .. }))
                .map(move |(entry, _)| (tag.to_owned(), entry.key))
        })
        .collect()
}

/// What `check` and `build` report: one warning per stale translation, pointing at it
/// in the locale or page file (errors under `--strict`), and per locale one warning
/// listing translations the lock does not record. Nothing when the site has no lock
/// yet; an error if it cannot be read (`lock` is what [`lock::read`] gave).
pub fn diagnostics(loaded: &Loaded, lock: &lock::ReadLock, rules: Rules) -> Vec<Diagnostic> {
    let lock = match lock {
        Ok(Some(lock)) => lock,
        Ok(None) => return Vec::new(),
        Err(d) => return vec![(**d).clone()],
    };
    let mut out = stale::diagnostics(loaded, lock);
    if rules.strict {
        for d in &mut out {
            d.severity = Severity::Error;
        }
    }
    out.extend(stale::unconfirmed_diagnostics(loaded, lock));
    out
}

/// Loads the site; files that cannot be parsed fail the command.
fn load_site(root: &Path) -> Result<Loaded, Failure> {
    let mut loaded = load::load_site(root).map_err(|e| Failure::Io(e.to_string()))?;
    if loaded.diagnostics.iter().any(Diagnostic::is_error) {
        let mut problems = std::mem::take(&mut loaded.diagnostics);
        crate::diagnostic::sort(&mut problems);
        return Err(Failure::Content(problems));
    }
    if catalog::source_locale(&loaded).is_none() {
        let path = format!("locales/{}.yaml", loaded.config.source_locale());
        let message = format!("the source locale file `{path}` is missing");
        return Err(Failure::Content(vec![Diagnostic::error(path, message)]));
    }
    Ok(loaded)
}

/// The locale file of `tag`, which must be a translation (not en-US).
fn target_locale<'a>(loaded: &'a Loaded, tag: &str) -> Result<&'a LocaleFile, Failure> {
    if tag == loaded.config.source_locale() {
        return Err(Failure::Usage(format!("{tag} is the source language: it has nothing to translate")));
    }
    loaded.locales.iter().find(|l| l.tag == tag).ok_or_else(|| {
        let tags = stale::target_tags(loaded);
        let hint =
            did_you_mean(tag, tags.iter().copied()).unwrap_or_else(|| format!("the locales are: {}", tags.join(", ")));
        Failure::Usage(format!("there is no locale file `locales/{tag}.yaml`; {hint}"))
    })
}

fn read_lock(root: &Path) -> Result<Option<lock::Lock>, Failure> {
    lock::read(root).map_err(|d| Failure::Content(vec![*d]))
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so that an
/// interrupted write never leaves half a file.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
