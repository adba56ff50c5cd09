//! Stage 6: put the finished files on disk without ever leaving a broken site.
//!
//! Everything is written into `.<out>.tmp-<pid>` beside the output directory, which is
//! then exchanged with the old output in one atomic `renameat2(RENAME_EXCHANGE)`. A
//! build that fails or is killed at any moment leaves either the whole previous site
//! or the whole new one. A lock file beside the output keeps two builds apart, and
//! leftovers of killed builds are removed by the next one.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::render::OutputFile;

#[derive(Debug)]
pub enum WriteError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Another build holds the lock on this output directory.
    Locked {
        lock: PathBuf,
    },
    /// Replacing this directory could destroy something that is not a built site.
    Refused {
        path: PathBuf,
        reason: String,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
            WriteError::Refused { path, reason } => {
                write!(f, "refusing to write the site into {}: {reason}", path.display())
            }
            WriteError::Locked { lock } => {
                write!(f, "another availgen build is writing this output directory (lock held on {}); try again when it has finished", lock.display())
            }
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |error| WriteError::Io { path: path.to_owned(), error }
}

/// A file every build leaves in its output: only a directory that has it is ever
/// replaced, so a mistyped `--out` cannot wipe a folder of other files.
pub const MARKER: &str = ".availgen-output";

/// The folders of a site root that hold its sources.
const SOURCE_DIRS: &[&str] = &["content", "locales", "templates", "static"];

/// `path` made absolute and resolved, also when it (but not its parent) does not exist yet.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let (parent, name) = siblings(path);
    parent.canonicalize().unwrap_or(parent).join(name)
}

/// Refuses an output directory that overlaps the sources or holds files availgen did not write.
pub fn check_output(out: &Path, root: &Path) -> Result<(), WriteError> {
    let refuse = |reason: String| Err(WriteError::Refused { path: out.to_owned(), reason });
    let (out_abs, root_abs) = (resolved(out), resolved(root));
    if root_abs.starts_with(&out_abs) {
        return refuse(format!("it contains the site root {}", root.display()));
    }
    if let Ok(rel) = out_abs.strip_prefix(&root_abs) {
        if let Some(first) = rel.components().next() {
            let first = first.as_os_str().to_string_lossy();
            if SOURCE_DIRS.contains(&first.as_ref()) {
                return refuse(format!("it is inside the site's `{first}/` folder"));
            }
        }
    }
    match std::fs::read_dir(out) {
        Err(_) => Ok(()),
        Ok(mut entries) => {
            if entries.next().is_none() || out.join(MARKER).is_file() {
                Ok(())
            } else {
                refuse(format!("it already holds files that availgen did not write (no {MARKER} file); choose another --out, or empty it first"))
            }
        }
    }
}

/// Held while a build writes into an output directory.
pub struct OutputLock {
    _file: File,
}

/// Names of the lock file and of this process's temporary directory for `out`.
fn siblings(out: &Path) -> (PathBuf, String) {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    (parent.to_owned(), name)
}

/// Takes the output directory's lock, failing at once if another build holds it.
pub fn lock(out: &Path) -> Result<OutputLock, WriteError> {
    let (parent, name) = siblings(out);
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let path = parent.join(format!(".{name}.lock"));
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(OutputLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(WriteError::Locked { lock: path }),
        Err(std::fs::TryLockError::Error(e)) => Err(WriteError::Io { path, error: e }),
    }
}

/// Removes temporary and old directories that killed builds left beside `out`.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

pub struct WriteReport {
    pub files: usize,
    pub bytes: u64,
}

/// The new site being written, in `.<out>.tmp-<pid>` beside the output. Files go in
/// as they are made; `commit` swaps the directory in. Dropped without a commit (a
/// failed build), it removes itself and the previous site stays as it was.
pub struct Staging<'a> {
    tmp: PathBuf,
    out: PathBuf,
    files: std::sync::atomic::AtomicUsize,
    bytes: std::sync::atomic::AtomicU64,
    /// The folders made so far (relative paths), so that the first file of each goes
    /// to `mkdir` at once instead of failing to open first.
    made: std::sync::Mutex<HashSet<String>>,
    committed: bool,
    _lock: &'a OutputLock,
}

impl<'a> Staging<'a> {
    /// Starts a new site for `out`; the caller holds `out`'s lock.
    pub fn new(out: &Path, lock: &'a OutputLock) -> Result<Self, WriteError> {
        let (parent, name) = siblings(out);
        remove_leftovers(&parent, &name);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let marker = tmp.join(MARKER);
        std::fs::write(&marker, "Written by availgen: this directory is replaced whole by every build.\n")
            .map_err(io(&marker))?;
        Ok(Staging {
            tmp,
            out: out.to_owned(),
            files: Default::default(),
            bytes: Default::default(),
            made: Default::default(),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one file, creating its directory when it is the first file there. Safe to
    /// call from several threads: `availgen build` calls it from each rendering thread
    /// with the file that thread has just made.
    pub fn put(&self, file: &OutputFile) -> Result<(), WriteError> {
        if let Some((dir, _)) = file.path.rsplit_once('/') {
            let known = self.made.lock().expect("no thread panics holding it").contains(dir);
            if !known {
                let path = self.tmp.join(dir);
                std::fs::create_dir_all(&path).map_err(io(&path))?;
                self.made.lock().expect("no thread panics holding it").insert(dir.to_owned());
            }
        }
        let path = self.tmp.join(&file.path);
        std::fs::write(&path, &file.bytes).map_err(io(&path))?;
        use std::sync::atomic::Ordering::Relaxed;
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(file.bytes.len() as u64, Relaxed);
        Ok(())
    }

    /// Makes the new site the output, replacing the previous one in one step.
    pub fn commit(mut self) -> Result<WriteReport, WriteError> {
        let (parent, name) = siblings(&self.out);
        swap_in(&self.tmp, &self.out, &parent, &name)?;
        self.committed = true;
        Ok(WriteReport {
            files: self.files.load(std::sync::atomic::Ordering::Relaxed),
            bytes: self.bytes.load(std::sync::atomic::Ordering::Relaxed),
        })
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes `files` as the new content of `out` in one go. The caller holds the lock.
pub fn write_site(out: &Path, files: &[OutputFile], lock: &OutputLock) -> Result<WriteReport, WriteError> {
    let staging = Staging::new(out, lock)?;
    files.iter().try_for_each(|f| staging.put(f))?;
    staging.commit()
}

/// Makes `tmp` the output: an atomic exchange where the file system allows it.
fn swap_in(tmp: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(out) {
        Err(_) => return std::fs::rename(tmp, out).map_err(io(out)),
        Ok(meta) if !meta.is_dir() => {
            let _ = std::fs::remove_dir_all(tmp);
            return Err(WriteError::Io {
                path: out.to_owned(),
                error: std::io::Error::other("exists and is not a directory"),
            });
        }
        Ok(_) => {}
    }
    let exchanged =
        rustix::fs::renameat_with(rustix::fs::CWD, tmp, rustix::fs::CWD, out, rustix::fs::RenameFlags::EXCHANGE);
    match exchanged {
        // `tmp` now holds the previous site.
        Ok(()) => {
            let _ = std::fs::remove_dir_all(tmp);
            Ok(())
        }
        Err(_) => {
            // No RENAME_EXCHANGE here: two renames, with a window in which `out` is missing.
            let old = parent.join(format!(".{name}.old-{}", std::process::id()));
            std::fs::rename(out, &old).map_err(io(out))?;
            std::fs::rename(tmp, out).map_err(io(out))?;
            let _ = std::fs::remove_dir_all(&old);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    #[test]
    fn replaces_the_previous_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let lock = lock(&out).unwrap();
        write_site(&out, &[file("a/index.html", "one"), file("old.txt", "x")], &lock).unwrap();
        write_site(&out, &[file("a/index.html", "two")], &lock).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("old.txt").exists());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| n == "public" || n == ".public.lock"), "{names:?}");
    }

    #[test]
    fn refuses_outputs_that_could_destroy_sources_or_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/countries")).unwrap();
        for bad in [root.clone(), dir.path().to_owned(), root.join("content"), root.join("content/x")] {
            assert!(matches!(check_output(&bad, &root), Err(WriteError::Refused { .. })), "{}", bad.display());
        }
        let other = dir.path().join("photos");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("cat.jpg"), "x").unwrap();
        assert!(matches!(check_output(&other, &root), Err(WriteError::Refused { .. })));
        for fine in [root.join("public"), dir.path().join("out"), dir.path().join("empty")] {
            std::fs::create_dir_all(dir.path().join("empty")).unwrap();
            assert!(check_output(&fine, &root).is_ok(), "{}", fine.display());
        }
        let lock = lock(&root.join("public")).unwrap();
        write_site(&root.join("public"), &[file("index.html", "x")], &lock).unwrap();
        assert!(check_output(&root.join("public"), &root).is_ok(), "a built site may be replaced");
    }

    #[test]
    fn a_second_build_is_refused_while_one_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let _held = lock(&out).unwrap();
        assert!(matches!(lock(&out), Err(WriteError::Locked { .. })));
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(dir.path().join(".public.tmp-999999/x")).unwrap();
        let lock = lock(&out).unwrap();
        write_site(&out, &[file("index.html", "x")], &lock).unwrap();
        assert!(!dir.path().join(".public.tmp-999999").exists());
    }
}
