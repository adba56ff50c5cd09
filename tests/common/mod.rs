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

/// One entry of `check --format json` (other fields, such as `coverage`, are ignored).
#[derive(Debug, serde::Deserialize)]
pub struct Diag {
    pub severity: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(default)]
    pub hint: Option<String>,
}

/// Runs `check --format json` on `root` and returns its errors and warnings (not its
/// `info` entries, such as translation coverage).
pub fn check_json(root: &Path) -> (Output, Vec<Diag>) {
    let o = availgen(["check".as_ref(), "--root".as_ref(), root.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    let diags: Vec<Diag> = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| {
        panic!(
            "check --format json did not print a JSON array of diagnostics: {e}\n--- stdout\n{}\n--- stderr\n{}",
            stdout(&o),
            stderr(&o)
        )
    });
    let diags = diags.into_iter().filter(|d| d.severity == "error" || d.severity == "warning").collect();
    (o, diags)
}

/// The rows of an xlsx file's first sheet, read back with calamine, a count cell as its
/// digits. Fails the test unless the sheet starts at A1, has no formula, and every cell
/// is a string or a whole number.
pub fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sheet = wb.sheet_names().first().cloned().unwrap_or_else(|| panic!("{}: no sheet", path.display()));
    let formulas = wb.worksheet_formula(&sheet).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let with_formula: Vec<_> = formulas.used_cells().filter(|(_, _, f)| !f.is_empty()).collect();
    assert!(with_formula.is_empty(), "{}: formulas in the spreadsheet: {with_formula:?}", path.display());
    let range = wb.worksheet_range(&sheet).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(range.start(), Some((0, 0)), "{}: the sheet does not start at A1", path.display());
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    Data::Float(n) if n.fract() == 0.0 && *n >= 0.0 => n.to_string(),
                    Data::Empty => String::new(),
                    other => panic!("{}: a cell that is not a string: {other:?}", path.display()),
                })
                .collect()
        })
        .collect()
}

/// The rows of a CSV file, which must start with a UTF-8 byte-order mark.
pub fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or_else(|| panic!("{}: no UTF-8 byte-order mark", path.display()));
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(body);
    reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{}: {e}", path.display())).iter().map(str::to_owned).collect())
        .collect()
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
