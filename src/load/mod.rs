//! Stage 1: read every input file under the site root into typed values.
//!
//! Files are parsed in parallel. A file that cannot be parsed becomes a
//! [`Diagnostic`] and loading goes on, so one run reports every broken file.

pub mod country;
pub mod glossary;
pub mod locale;
pub mod outbound;
pub mod page;
pub(crate) mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
pub use country::Country;
pub use glossary::Glossary;
pub use locale::LocaleFile;
pub use outbound::Outbound;
pub use page::PageFile;

/// Largest input file availgen reads (documented in the README).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Everything read from a site root, plus the problems found while reading.
#[derive(Debug, Default)]
pub struct Loaded {
    pub countries: Vec<Country>,
    pub locales: Vec<LocaleFile>,
    pub pages: Vec<PageFile>,
    pub outbound: Option<Outbound>,
    pub glossary: Option<Glossary>,
    pub diagnostics: Vec<Diagnostic>,
    /// Locale and page files that exist but could not be loaded (their problems are in
    /// `diagnostics`), so that validation does not also call them missing.
    pub unreadable: Vec<String>,
}

#[derive(Debug)]
pub enum LoadError {
    /// The root itself is unusable (missing, unreadable): a usage or I/O error, not content.
    Io { path: PathBuf, error: std::io::Error },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
        }
    }
}

/// A text file read from disk, with its path relative to the root.
pub struct SourceFile {
    pub rel_path: String,
    pub text: String,
}

/// Reads a file as UTF-8 text, enforcing [`MAX_FILE_BYTES`] and dropping a byte-order mark.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel_path = relative(root, path);
    let meta = std::fs::metadata(path).map_err(|e| Diagnostic::error(&rel_path, format!("cannot read file: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &rel_path,
            format!("file is {} bytes, more than the limit of {MAX_FILE_BYTES}", meta.len()),
        )
        .with_hint("split the content or remove what does not belong in it"));
    }
    // Read at most one byte past the limit, in case the file grew since `metadata`.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_FILE_BYTES + 1), &mut bytes))
        .map_err(|e| Diagnostic::error(&rel_path, format!("cannot read file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(&rel_path, format!("file is more than the limit of {MAX_FILE_BYTES} bytes"))
            .with_hint("split the content or remove what does not belong in it"));
    }
    source_from_bytes(rel_path, bytes)
}

/// Decodes a file's bytes as UTF-8 text, dropping a byte-order mark and refusing
/// control characters. `read_source` without the disk, for tests and fuzz targets.
pub fn source_from_bytes(rel_path: String, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = &bytes[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
            let column = valid[line_start..].chars().count() + 1;
            let shown = String::from_utf8_lossy(&bytes[line_start..]).lines().next().unwrap_or_default().to_owned();
            let mut d =
                Diagnostic::error(&rel_path, format!("file is not valid UTF-8 (byte 0x{:02X})", bytes[valid.len()]))
                    .with_hint("save the file as UTF-8");
            d.line = line;
            d.column = column;
            d.source_line = Some(shown);
            return Err(d);
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if let Some(d) = control_character(&rel_path, &text) {
        return Err(d);
    }
    Ok(SourceFile { rel_path, text })
}

/// A control character other than tab, line feed and carriage return: invisible in an
/// editor, never meant, and unsafe in a terminal showing the CSV. Input holding one is
/// rejected (see README "Limits") rather than silently changed.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// An error at the first forbidden control character written literally in `text`.
fn control_character(rel_path: &str, text: &str) -> Option<Diagnostic> {
    let byte = text.find(is_forbidden_control)?;
    let c = text[byte..].chars().next().unwrap_or_default();
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    Some(
        Diagnostic::error(rel_path, format!("control character U+{:04X} is not allowed", c as u32))
            .at(text, line, column, 1)
            .with_hint("remove it: control characters are invisible in editors and unsafe in the output"),
    )
}

/// `path` relative to `root`, with `/` separators, for messages and output.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The files directly inside `dir` whose name ends with one of `extensions`, sorted.
fn files_in(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, LoadError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).max_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| LoadError::Io { path: dir.to_owned(), error: e.into() })?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && extensions.iter().any(|ext| name.ends_with(ext)) && !name.starts_with('.') {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Loads the site under `root`: `content/countries/*.yaml`, `content/pages/*.md`,
/// `content/outbound.yaml` and `locales/*.yaml`.
pub fn load_site(root: &Path) -> Result<Loaded, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::Io {
            path: root.to_owned(),
            error: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
        });
    }
    let country_files = files_in(&root.join("content/countries"), &[".yaml", ".yml"])?;
    let locale_files = files_in(&root.join("locales"), &[".yaml", ".yml"])?
        .into_iter()
        .filter(|p| !locale::is_auxiliary(p))
        .collect::<Vec<_>>();
    let page_files = files_in(&root.join("content/pages"), &[".md"])?;

    let countries: Vec<Result<Country, Vec<Diagnostic>>> = country_files
        .par_iter()
        .map(|p| read_source(root, p).map_err(|d| vec![d]).and_then(|s| country::parse(&s)))
        .collect();
    let locales: Vec<Result<LocaleFile, Vec<Diagnostic>>> = locale_files
        .par_iter()
        .map(|p| read_source(root, p).map_err(|d| vec![d]).and_then(|s| locale::parse(&s)))
        .collect();
    let pages: Vec<Result<PageFile, Vec<Diagnostic>>> = page_files
        .par_iter()
        .map(|p| read_source(root, p).map_err(|d| vec![d]).and_then(|s| page::parse(&s)))
        .collect();

    let mut loaded = Loaded::default();
    for result in countries {
        match result {
            Ok(c) => loaded.countries.push(c),
            Err(d) => loaded.diagnostics.extend(d),
        }
    }
    for (path, result) in locale_files.iter().zip(locales) {
        match result {
            Ok(l) => loaded.locales.push(l),
            Err(d) => {
                loaded.diagnostics.extend(d);
                loaded.unreadable.push(relative(root, path));
            }
        }
    }
    for (path, result) in page_files.iter().zip(pages) {
        match result {
            Ok(p) => loaded.pages.push(p),
            Err(d) => {
                loaded.diagnostics.extend(d);
                loaded.unreadable.push(relative(root, path));
            }
        }
    }
    let glossary_path = root.join("locales/glossary.yaml");
    if glossary_path.is_file() {
        match read_source(root, &glossary_path).map_err(|d| vec![d]).and_then(|s| glossary::parse(&s)) {
            Ok(g) => loaded.glossary = Some(g),
            Err(d) => loaded.diagnostics.extend(d),
        }
    }
    let outbound_path = root.join("content/outbound.yaml");
    if outbound_path.is_file() {
        match read_source(root, &outbound_path).map_err(|d| vec![d]).and_then(|s| outbound::parse(&s)) {
            Ok(o) => loaded.outbound = Some(o),
            Err(d) => loaded.diagnostics.extend(d),
        }
    }
    Ok(loaded)
}

/// The file stem of a relative path such as `content/countries/argentina.yaml`: the name
/// without its extension, so that `a.b.yaml` has the stem `a.b` (an invalid slug), not `a`.
pub fn stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}
