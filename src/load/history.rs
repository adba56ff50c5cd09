//! Every version of the site's countries along its git history, each country file
//! checked against the schema of its own commit.
//!
//! The history is walked oldest first along HEAD's first parents (see
//! [`git::log_with_blobs`]).
//! At each commit that touched `content/countries/` or `content/schema.yaml`, the
//! countries are keyed by their code, not by file, so a renamed file is the same
//! country. What a commit did is told as the versions before and after of the countries
//! it touched; what that means, fact by fact, is the model's business
//! (`model::changes`).
//!
//! Content that does not check at some commit is skipped, not fatal: a country file
//! that fails keeps its last good version, and a broken schema leaves the whole commit
//! out, until a later commit mends it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::country::{self, CountryData, CountryFile};
use super::git::{self, Head, Unavailable};
use super::schema::{self, Schema, SCHEMA_PATH};
use super::{source_from_bytes, MAX_FILE_BYTES};

pub const COUNTRIES_DIR: &str = "content/countries";

/// One country's facts as of some commit, with the schema that gives them their meaning.
#[derive(Debug)]
pub struct Version {
    pub data: CountryData,
    pub schema: Arc<Schema>,
}

impl Version {
    pub fn code(&self) -> &str {
        &self.data.code.value
    }
}

/// A country a commit touched: its version before and after (`None`: not listed).
#[derive(Debug, Clone)]
pub struct Touched {
    pub code: String,
    pub before: Option<Arc<Version>>,
    pub after: Option<Arc<Version>>,
}

/// A commit that touched some country.
#[derive(Debug, Clone)]
pub struct Step {
    pub hash: String,
    /// Committer date, seconds since the Unix epoch.
    pub time: i64,
    /// The countries appear here, where there were none before: the first commit with
    /// content (in a shallow clone, the oldest commit there is). What it holds is where
    /// the history starts, not a change.
    pub baseline: bool,
    /// By code.
    pub touched: Vec<Touched>,
}

#[derive(Debug)]
pub struct History {
    pub head: Head,
    /// Oldest first; the first is a baseline.
    pub steps: Vec<Step>,
}

/// Reads the history of the countries of the site at `root`, up to `head`.
pub fn read(root: &Path, head: Head) -> Result<History, Unavailable> {
    // Each file version is parsed on the thread pool as git hands it over, while this
    // thread goes on reading what git writes.
    let trees: Mutex<HashMap<String, Option<CountryFile>>> = Mutex::default();
    let schemas: Mutex<HashMap<String, Option<Arc<Schema>>>> = Mutex::default();
    let wanted = |path: &str| path == SCHEMA_PATH || is_country_file(path);
    let commits = rayon::in_place_scope(|scope| {
        git::log_with_blobs(root, &head.commit, &[COUNTRIES_DIR, SCHEMA_PATH], &wanted, &mut |id, path, bytes| {
            let (id, path) = (id.to_owned(), path.to_owned());
            let (trees, schemas) = (&trees, &schemas);
            scope.spawn(move |_| {
                if path == SCHEMA_PATH {
                    let schema = parse_blob(bytes, &path, schema::parse).map(Arc::new);
                    schemas.lock().expect("no parse panics").insert(id, schema);
                } else {
                    let tree = parse_blob(bytes, &path, country::parse);
                    trees.lock().expect("no parse panics").insert(id, tree);
                }
            });
        })
    })?;
    let mut walk =
        Walk::new(trees.into_inner().expect("no parse panics"), schemas.into_inner().expect("no parse panics"));
    let steps = commits.iter().filter_map(|c| walk.step(c)).collect();
    Ok(History { head, steps })
}

/// A file the loader reads as a country: directly in `content/countries/`, `.yaml`
/// or `.yml`, not hidden.
fn is_country_file(path: &str) -> bool {
    path.strip_prefix(COUNTRIES_DIR).and_then(|p| p.strip_prefix('/')).is_some_and(|name| {
        !name.contains('/') && !name.starts_with('.') && (name.ends_with(".yaml") || name.ends_with(".yml"))
    })
}

/// The state of the walk after each commit.
struct Walk {
    /// Country files by blob id, parsed to YAML trees once (`None`: they do not parse).
    trees: HashMap<String, Option<CountryFile>>,
    /// Schemas by blob id (`None`: broken).
    schemas: HashMap<String, Option<Arc<Schema>>>,
    /// The country files of the commit: path → blob id.
    files: BTreeMap<String, String>,
    /// The schema file of the commit (`None`: there is none, the built-in one applies).
    schema_file: Option<String>,
    /// The schema of the last commit whose schema was sound.
    schema: Arc<Schema>,
    /// Files changed since their last check, or all of them after a schema change.
    dirty: BTreeSet<String>,
    schema_dirty: bool,
    /// The last good version of each file.
    versions: BTreeMap<String, Arc<Version>>,
    /// The files of `versions` by the code they hold (two files may hold one code).
    paths_by_code: BTreeMap<String, BTreeSet<String>>,
    /// The countries, by code.
    countries: BTreeMap<String, Arc<Version>>,
}

impl Walk {
    /// `trees` and `schemas`: every version of the country files and the schema, parsed.
    fn new(trees: HashMap<String, Option<CountryFile>>, schemas: HashMap<String, Option<Arc<Schema>>>) -> Walk {
        Walk {
            trees,
            schemas,
            files: BTreeMap::new(),
            schema_file: None,
            schema: Arc::new(Schema::builtin()),
            dirty: BTreeSet::new(),
            schema_dirty: false,
            versions: BTreeMap::new(),
            paths_by_code: BTreeMap::new(),
            countries: BTreeMap::new(),
        }
    }

    /// Takes in `commit`; returns what it did to the countries, if anything.
    fn step(&mut self, commit: &git::Commit) -> Option<Step> {
        for (path, blob) in &commit.files {
            if path == SCHEMA_PATH {
                self.schema_file = blob.clone();
                self.schema_dirty = true;
            } else if is_country_file(path) {
                match blob {
                    Some(id) => self.files.insert(path.clone(), id.clone()),
                    None => self.files.remove(path),
                };
                self.dirty.insert(path.clone());
            }
        }
        if self.schema_dirty {
            let schema = match &self.schema_file {
                None => Some(Arc::new(Schema::builtin())),
                Some(id) => self.schemas.get(id).cloned().flatten(),
            };
            // Nothing can be checked against a broken schema: wait for a sound one.
            self.schema = schema?;
            self.schema_dirty = false;
            self.dirty.extend(self.files.keys().cloned());
        }
        // Only the codes of the files checked again can have changed: the countries are
        // updated for those alone, not rebuilt from every file at every commit.
        let mut codes: BTreeSet<String> = BTreeSet::new();
        for path in std::mem::take(&mut self.dirty) {
            let old = self.versions.get(&path).cloned();
            let new = match self.files.get(&path) {
                // A file that does not check keeps its last good version.
                Some(id) => self
                    .trees
                    .get(id)
                    .and_then(Option::as_ref)
                    .and_then(|t| country::check_facts(t, &self.schema).ok())
                    .map(|data| Arc::new(Version { data, schema: self.schema.clone() }))
                    .or_else(|| old.clone()),
                None => None,
            };
            if let Some(old) = &old {
                codes.insert(old.code().to_owned());
                if let Some(paths) = self.paths_by_code.get_mut(old.code()) {
                    paths.remove(&path);
                }
            }
            match new {
                Some(new) => {
                    codes.insert(new.code().to_owned());
                    self.paths_by_code.entry(new.code().to_owned()).or_default().insert(path.clone());
                    self.versions.insert(path, new);
                }
                None => {
                    self.versions.remove(&path);
                }
            }
        }
        let baseline = self.countries.is_empty();
        let mut touched = Vec::new();
        for code in codes {
            // Two files with one code are an error of that commit; the first one counts.
            let after = self.paths_by_code.get(&code).and_then(|p| p.first()).map(|path| self.versions[path].clone());
            let before = match &after {
                Some(after) => self.countries.insert(code.clone(), after.clone()),
                None => self.countries.remove(&code),
            };
            let same = match (&before, &after) {
                (Some(b), Some(a)) => Arc::ptr_eq(b, a),
                (b, a) => b.is_none() && a.is_none(),
            };
            if !same {
                touched.push(Touched { code, before, after });
            }
        }
        (!touched.is_empty()).then(|| Step { hash: commit.hash.clone(), time: commit.time, baseline, touched })
    }
}

/// A blob as the loader would read the file, if it is within the limits and parses.
fn parse_blob<T>(
    bytes: Vec<u8>,
    path: &str,
    parse: fn(&super::SourceFile) -> Result<T, Vec<crate::diagnostic::Diagnostic>>,
) -> Option<T> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return None;
    }
    let source = source_from_bytes(path.to_owned(), bytes).ok()?;
    parse(&source).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_files_are_those_the_loader_reads() {
        assert!(is_country_file("content/countries/argentina.yaml"));
        assert!(is_country_file("content/countries/argentina.yml"));
        for not in [
            "content/countries/.argentina.yaml",
            "content/countries/old/argentina.yaml",
            "content/countries/README.md",
            "content/countriesx/argentina.yaml",
            "content/schema.yaml",
        ] {
            assert!(!is_country_file(not), "{not}");
        }
    }
}
