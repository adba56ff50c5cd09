//! Helpers shared by the end-to-end tests: run the real binary, snapshot and copy
//! directory trees, resolve the relative links a page contains.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root: the bundled site (content/, locales/) lives here.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    manifest_dir().join("tests/fixtures")
}

/// Runs `availgen` with `args`, with colour off so stderr is plain text.
pub fn availgen<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_availgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("cannot run the availgen binary")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit status, failing the test if the process was killed by a signal.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or_else(|| panic!("availgen was killed: {:?}\n{}", o.status, stderr(o)))
}

/// Asserts the exit status and that nothing panicked, showing both streams on failure.
pub fn assert_exit(o: &Output, expected: i32, what: &str) {
    let (out, err) = (stdout(o), stderr(o));
    assert!(
        !err.contains("panicked") && !out.contains("panicked"),
        "{what}: availgen panicked\n--- stdout\n{out}\n--- stderr\n{err}"
    );
    assert_eq!(code(o), expected, "{what}: unexpected exit status\n--- stdout\n{out}\n--- stderr\n{err}");
}

/// Every file under `dir`, by path relative to it (with `/`), with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("cannot walk {}: {e}", dir.display()));
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(entry.path()).unwrap();
            files.insert(rel, bytes);
        }
    }
    files
}

/// Copies the tree `from` into `to` (created if needed), replacing files that exist.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("cannot walk {}: {e}", from.display()));
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("cannot copy {} to {}: {e}", entry.path().display(), target.display()));
        }
    }
}

/// Resolves `href`, found in the page at `page` (a path relative to the output root,
/// e.g. `en-us/availability-in-canada/index.html`), to the file it names, relative to
/// the output root. A link to a directory names its `index.html`. Returns `None` for
/// absolute URLs and for links that climb above the output root.
pub fn resolve(page: &str, href: &str) -> Option<String> {
    if href.contains("://") || href.starts_with('/') || href.starts_with("mailto:") {
        return None;
    }
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    let names_dir = href.is_empty() || href.ends_with('/') || href == "." || href == "..";
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    if names_dir || parts.is_empty() {
        parts.push("index.html");
    }
    Some(parts.join("/"))
}

/// The entries directly beside `dir` whose names start with `.<name>.tmp-` or `.<name>.old-`.
pub fn leftovers_beside(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| prefixes.iter().any(|p| n.starts_with(p.as_str())))
        .collect()
}
