//! Stage 1: read every input file under the site root into typed values.
//!
//! Files are parsed in parallel. A file that cannot be parsed becomes a
//! [`Diagnostic`] and loading goes on, so one run reports every broken file.

pub mod builtin_ui;
pub mod config;
pub mod country;
pub mod git;
pub mod glossary;
pub mod history;
pub mod locale;
pub mod outbound;
pub mod page;
pub mod schema;
pub(crate) mod yaml;
mod yaml_node;
mod yaml_plain;
mod yaml_tree;
#[cfg(fuzzing)]
pub use yaml::hand_reader_agrees;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use self::config::Config;
use crate::diagnostic::Diagnostic;
pub use builtin_ui::BuiltinUi;
pub use country::Country;
pub use glossary::Glossary;
pub use locale::LocaleFile;
pub use outbound::Outbound;
pub use page::PageFile;
pub use schema::Schema;

/// Largest input file availgen reads (documented in the README).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The optional single-file inputs, relative to the site root.
pub const GLOSSARY_PATH: &str = "locales/glossary.yaml";
pub const OUTBOUND_PATH: &str = "content/outbound.yaml";

/// Everything read from a site root, plus the problems found while reading.
#[derive(Debug)]
pub struct Loaded {
    /// The site's `availgen.toml`, or the defaults when it has none (or it is broken:
    /// its problems are then in `diagnostics`).
    pub config: Config,
    /// The built-in `ui:` strings that stand in for strings the locale files lack.
    pub builtin_ui: BuiltinUi,
    pub countries: Vec<Country>,
    /// The site's `content/schema.yaml`, or the built-in schema when it has none.
    pub schema: Schema,
    pub locales: Vec<LocaleFile>,
    pub pages: Vec<PageFile>,
    pub outbound: Option<Outbound>,
    pub glossary: Option<Glossary>,
    pub diagnostics: Vec<Diagnostic>,
    /// Locale and page files that exist but could not be loaded (their problems are in
    /// `diagnostics`), so that validation does not also call them missing.
    pub unreadable: Vec<String>,
}

impl Default for Loaded {
    fn default() -> Self {
        Loaded {
            config: Config::default(),
            builtin_ui: BuiltinUi::default(),
            countries: Vec::new(),
            schema: Schema::builtin(),
            locales: Vec::new(),
            pages: Vec::new(),
            outbound: None,
            glossary: None,
            diagnostics: Vec::new(),
            unreadable: Vec::new(),
        }
    }
}

impl Loaded {
    /// The site without the locales that `publish` in availgen.toml leaves out, nor
    /// their pages: what `build` and `serve` make. `check` keeps them all, so that a
    /// language in progress is checked before it is published.
    pub fn published(mut self) -> Loaded {
        let config = &self.config;
        self.locales.retain(|l| config.is_published(&l.tag));
        self.pages.retain(|p| config.is_published(&p.tag));
        self
    }
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
#[derive(Debug, Clone)]
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
    // Byte by byte, not char by char (a tenth of loading a country file): the forbidden
    // characters are C0 controls, DEL, and the C1 controls U+0080-U+009F, in UTF-8
    // 0xC2 followed by 0x80-0x9F.
    let bytes = text.as_bytes();
    let forbidden = |(i, &b): (usize, &u8)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7F => true,
        0xC2 => bytes.get(i + 1).is_some_and(|next| (0x80..0xA0).contains(next)),
        _ => false,
    };
    let byte = bytes.iter().enumerate().position(forbidden)?;
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

/// What identifies one version of a file on disk, to notice changes without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp { len: meta.len(), modified: meta.modified().ok(), inode: meta.ino() })
    }
}

type Parsed<T> = Result<T, Vec<Diagnostic>>;

/// One input file as last read: where it is, which version was read, what it parsed to.
#[derive(Debug, Clone)]
struct Entry<T> {
    path: PathBuf,
    rel_path: String,
    stamp: Option<Stamp>,
    parsed: Parsed<T>,
}

fn read_one<T>(root: &Path, path: &Path, parse: fn(&SourceFile) -> Parsed<T>) -> Entry<T> {
    // Stamp first: a write that lands while the file is read makes the stamp stale,
    // so the next refresh reads the file again.
    let stamp = Stamp::of(path);
    Entry {
        path: path.to_owned(),
        rel_path: relative(root, path),
        stamp,
        parsed: read_source(root, path).map_err(|d| vec![d]).and_then(|s| parse(&s)),
    }
}

/// Reads `paths` in parallel, reusing the entries of `previous` that are still current.
fn read_all<T: Clone + Send + Sync>(
    root: &Path,
    paths: Vec<PathBuf>,
    previous: &[Entry<T>],
    changed: &(dyn Fn(&str) -> bool + Sync),
    parse: fn(&SourceFile) -> Parsed<T>,
) -> (Vec<Entry<T>>, Vec<String>) {
    let entries: Vec<(Entry<T>, bool)> = paths
        .into_par_iter()
        .map(|path| {
            let rel = relative(root, &path);
            let old = previous.binary_search_by(|e| e.path.as_path().cmp(&path)).ok().map(|i| &previous[i]);
            match old {
                Some(old) if !changed(&rel) && old.stamp.is_some() && old.stamp == Stamp::of(&path) => {
                    (old.clone(), false)
                }
                _ => (read_one(root, &path, parse), true),
            }
        })
        .collect();
    let mut reread: Vec<String> = entries.iter().filter(|(_, fresh)| *fresh).map(|(e, _)| e.rel_path.clone()).collect();
    let entries: Vec<Entry<T>> = entries.into_iter().map(|(e, _)| e).collect();
    // Files that are gone count as changed too.
    reread.extend(
        previous
            .iter()
            .filter(|old| entries.binary_search_by(|e| e.path.cmp(&old.path)).is_err())
            .map(|old| old.rel_path.clone()),
    );
    (entries, reread)
}

/// Every input file of a site, each as last read and parsed.
///
/// [`load_site`] reads it once; `availgen serve` keeps it and [`Inputs::refresh`]es
/// it, re-reading only the files that changed. Either way the [`Loaded`] it gives is
/// the same for the same files on disk, in the same order.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    config: Option<Entry<Config>>,
    countries: Vec<Entry<country::CountryFile>>,
    schema: Option<Entry<Schema>>,
    locales: Vec<Entry<LocaleFile>>,
    pages: Vec<Entry<PageFile>>,
    glossary: Option<Entry<Glossary>>,
    outbound: Option<Entry<Outbound>>,
}

/// Re-reads the one file at `rel` under `root` (if it exists), like [`read_all`].
fn read_optional<T: Clone + Send + Sync>(
    root: &Path,
    rel: &str,
    previous: Option<Entry<T>>,
    changed: &(dyn Fn(&str) -> bool + Sync),
    parse: fn(&SourceFile) -> Parsed<T>,
) -> (Option<Entry<T>>, Vec<String>) {
    let path = root.join(rel);
    let paths = if path.is_file() { vec![path] } else { Vec::new() };
    let previous: Vec<Entry<T>> = previous.into_iter().collect();
    let (entries, reread) = read_all(root, paths, &previous, changed, parse);
    (entries.into_iter().next(), reread)
}

impl Inputs {
    /// Reads every input file under `root`.
    pub fn read(root: &Path) -> Result<Inputs, LoadError> {
        let mut inputs = Inputs::default();
        inputs.refresh(root, &|_| true)?;
        Ok(inputs)
    }

    /// Lists the input directories again and reads the files that are new, whose
    /// relative path `changed` names, or whose size, time or inode changed since they
    /// were read. Returns the relative paths of the files read again or gone.
    pub fn refresh(&mut self, root: &Path, changed: &(dyn Fn(&str) -> bool + Sync)) -> Result<Vec<String>, LoadError> {
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

        let Inputs { config, countries, schema, locales, pages, glossary, outbound } = std::mem::take(self);
        let read_singles = move || {
            (
                read_optional(root, config::CONFIG_PATH, config, changed, config::parse),
                read_optional(root, GLOSSARY_PATH, glossary, changed, glossary::parse),
                read_optional(root, schema::SCHEMA_PATH, schema, changed, schema::parse),
                read_optional(root, OUTBOUND_PATH, outbound, changed, outbound::parse),
            )
        };
        // Each kind of file is read in parallel, and the kinds side by side with the
        // built-in strings: one at a time, a kind of a few files (3 locales) or one file
        // (the schema) would leave a processor idle.
        let ((countries, locales), ((pages, singles), ())) = rayon::join(
            || {
                rayon::join(
                    || read_all(root, country_files, &countries, changed, country::parse),
                    || read_all(root, locale_files, &locales, changed, locale::parse),
                )
            },
            || {
                rayon::join(
                    || rayon::join(|| read_all(root, page_files, &pages, changed, page::parse), read_singles),
                    builtin_ui::preload,
                )
            },
        );
        let ((config, r_config), (glossary, r_glossary), (schema, r_schema), (outbound, r_outbound)) = singles;
        let ((countries, r_countries), (locales, r_locales), (pages, r_pages)) = (countries, locales, pages);
        let reread = [r_config, r_countries, r_locales, r_pages, r_glossary, r_schema, r_outbound].concat();
        *self = Inputs { config, countries, schema, locales, pages, glossary, outbound };
        Ok(reread)
    }

    /// The parsed files and the problems found while reading them, as stage 1 hands
    /// them on (a copy: the inputs stay for the next refresh).
    pub fn to_loaded(&self) -> Loaded {
        self.clone().into_loaded()
    }

    /// The parsed files and the problems found while reading them, as stage 1 hands them on.
    pub fn into_loaded(self) -> Loaded {
        fn collect<T>(entries: Vec<Entry<T>>, into: &mut Vec<T>, problems: &mut Vec<Diagnostic>) {
            for e in entries {
                match e.parsed {
                    Ok(v) => into.push(v),
                    Err(d) => problems.extend(d),
                }
            }
        }
        fn one<T>(entry: Option<Entry<T>>, problems: &mut Vec<Diagnostic>) -> Option<T> {
            match entry?.parsed {
                Ok(v) => Some(v),
                Err(d) => {
                    problems.extend(d);
                    None
                }
            }
        }
        fn unreadable<T>(entries: &[Entry<T>]) -> impl Iterator<Item = String> + '_ {
            entries.iter().filter(|e| e.parsed.is_err()).map(|e| e.rel_path.clone())
        }
        // Locale and page files that exist but did not load: validation must not also
        // call them missing.
        let mut loaded = Loaded {
            unreadable: unreadable(&self.locales).chain(unreadable(&self.pages)).collect(),
            ..Loaded::default()
        };
        if let Some(config) = one(self.config, &mut loaded.diagnostics) {
            loaded.config = config;
        }
        // Country files are checked against the schema only when it is sound: against a
        // broken one every file would be wrong for the schema's sake.
        let schema_is_sound = match self.schema {
            None => true,
            Some(entry) => match entry.parsed {
                Ok(schema) => {
                    loaded.schema = schema;
                    true
                }
                Err(d) => {
                    loaded.diagnostics.extend(d);
                    false
                }
            },
        };
        let mut files = Vec::new();
        collect(self.countries, &mut files, &mut loaded.diagnostics);
        if schema_is_sound {
            // Each file's YAML tree is dropped on the thread that checked it.
            let checked: Vec<Result<Country, Vec<Diagnostic>>> =
                files.into_par_iter().map(|f| country::check(&f, &loaded.schema)).collect();
            for c in checked {
                match c {
                    Ok(c) => loaded.countries.push(c),
                    Err(d) => loaded.diagnostics.extend(d),
                }
            }
        }
        collect(self.locales, &mut loaded.locales, &mut loaded.diagnostics);
        loaded.builtin_ui = BuiltinUi::for_site(&loaded.locales, loaded.config.source_locale());
        collect(self.pages, &mut loaded.pages, &mut loaded.diagnostics);
        loaded.glossary = one(self.glossary, &mut loaded.diagnostics);
        loaded.outbound = one(self.outbound, &mut loaded.diagnostics);
        loaded
    }
}

/// Loads the site under `root`: `availgen.toml`, `content/schema.yaml`,
/// `content/countries/*.yaml`, `content/pages/*.md`, `content/outbound.yaml`,
/// `locales/*.yaml` and `locales/glossary.yaml`.
pub fn load_site(root: &Path) -> Result<Loaded, LoadError> {
    Inputs::read(root).map(Inputs::into_loaded)
}

/// The file stem of a relative path such as `content/countries/argentina.yaml`: the name
/// without its extension, so that `a.b.yaml` has the stem `a.b` (an invalid slug), not `a`.
pub fn stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARGENTINA: &str = include_str!("../../content/countries/argentina.yaml");

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/countries")).unwrap();
        std::fs::create_dir_all(dir.path().join("locales")).unwrap();
        for name in ["argentina", "brazil"] {
            std::fs::write(dir.path().join(format!("content/countries/{name}.yaml")), ARGENTINA).unwrap();
        }
        dir
    }

    #[test]
    fn control_characters_are_found_byte_by_byte_as_char_by_char() {
        let chars = (0..0x3000).chain(0xFFF0..0x10000).chain([0x10FFFF]).filter_map(char::from_u32);
        for c in chars {
            let text = format!("é\n{c}x");
            let found = control_character("f.yaml", &text);
            assert_eq!(found.is_some(), is_forbidden_control(c), "U+{:04X}", c as u32);
            if let Some(d) = found {
                assert_eq!((d.line, d.column), (2, 1), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn refresh_reads_only_what_changed() {
        let dir = site();
        let root = dir.path();
        let mut inputs = Inputs::read(root).unwrap();
        assert_eq!(inputs.to_loaded().countries.len(), 2);
        assert!(inputs.refresh(root, &|_| false).unwrap().is_empty());

        // Named as changed: read again even though nothing on disk differs.
        let again = inputs.refresh(root, &|rel| rel == "content/countries/brazil.yaml").unwrap();
        assert_eq!(again, ["content/countries/brazil.yaml"]);

        // Changed on disk, replaced by a rename as editors do, added, removed.
        let tmp = root.join("content/countries/.argentina.yaml.swp");
        std::fs::write(&tmp, ARGENTINA.replace("code: AR", "code: BR")).unwrap();
        std::fs::rename(&tmp, root.join("content/countries/argentina.yaml")).unwrap();
        std::fs::write(root.join("content/countries/chile.yaml"), ARGENTINA).unwrap();
        std::fs::remove_file(root.join("content/countries/brazil.yaml")).unwrap();
        let mut again = inputs.refresh(root, &|_| false).unwrap();
        again.sort();
        assert_eq!(
            again,
            ["content/countries/argentina.yaml", "content/countries/brazil.yaml", "content/countries/chile.yaml"]
        );
        let loaded = inputs.to_loaded();
        let slugs: Vec<&str> = loaded.countries.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(slugs, ["argentina", "chile"]);
        assert_eq!(loaded.countries[0].data.code.value, "BR");
    }

    #[test]
    fn a_broken_file_is_a_diagnostic_until_it_is_fixed() {
        let dir = site();
        let root = dir.path();
        let path = root.join("content/countries/brazil.yaml");
        let mut inputs = Inputs::read(root).unwrap();
        std::fs::write(&path, "code: [").unwrap();
        inputs.refresh(root, &|_| false).unwrap();
        let loaded = inputs.to_loaded();
        assert_eq!(loaded.countries.len(), 1);
        assert_eq!(loaded.diagnostics[0].file, "content/countries/brazil.yaml");
        std::fs::write(&path, ARGENTINA).unwrap();
        inputs.refresh(root, &|_| false).unwrap();
        assert!(inputs.to_loaded().diagnostics.is_empty());
    }
}
