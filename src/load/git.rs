//! Reading a site's git history with the `git` command, as Hugo does.
//!
//! Two processes read everything the change history needs: `git log --raw` lists the
//! commits that touched the given paths with the object id of each file they wrote,
//! and `git cat-file --batch` reads those files. The `git` command is wherever a site
//! lives in git (a CI checkout, an editor), and it costs availgen no dependency: the
//! pure-Rust `gix` would add well over a hundred crates to build.
//!
//! Every call is explicit about what it prints (`-z`, `--no-renames`, `--no-abbrev`,
//! no colour, no signatures), so a user's git configuration cannot change the output.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why the history cannot be read. None of these fails a build: it is built without.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The site root is not inside a git work tree.
    NotARepository,
    /// The repository has no commit yet.
    NoCommits,
    /// `git` is not installed, or failed (its message).
    Git(String),
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unavailable::NotARepository => write!(f, "the site is not in a git repository"),
            Unavailable::NoCommits => write!(f, "the site's git repository has no commit yet"),
            Unavailable::Git(message) => write!(f, "cannot read the git history: {message}"),
        }
    }
}

/// The commit checked out, and whether the clone is shallow (its history cut short).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub commit: String,
    pub shallow: bool,
}

/// One commit of the first-parent history, with the files it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// Committer date, seconds since the Unix epoch.
    pub time: i64,
    /// Each file changed (against the first parent), relative to the site root, with
    /// the object id of its new contents, or `None` where it was deleted.
    pub files: Vec<(String, Option<String>)>,
}

fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(root).args(["-c", "log.showSignature=false", "-c", "color.ui=never"]);
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    command
}

/// Runs `command`, returning what it printed on stdout, or its first line on stderr.
fn output(mut command: Command) -> Result<(bool, Vec<u8>, String), Unavailable> {
    let out = command.output().map_err(cannot_run)?;
    let stderr = String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or_default().to_owned();
    Ok((out.status.success(), out.stdout, stderr))
}

/// What the `git` command would answer about the repository around `root`, read from
/// a few small files rather than by running it: the git directory, its `HEAD`, the
/// branch `HEAD` names, and the size and time of `packed-refs` and `shallow`. Equal
/// stamps mean the same commit is checked out (or still no repository), so `serve`
/// need not run `git` on every rebuild. `None` where git's environment variables
/// could point elsewhere: ask `git` then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp(Option<Vec<(String, Option<Vec<u8>>)>>);

pub fn stamp(root: &Path) -> Option<Stamp> {
    // Any of git's variables (GIT_DIR, GIT_CEILING_DIRECTORIES, ...) may change its answer.
    if std::env::vars_os().any(|(k, _)| k.to_string_lossy().starts_with("GIT_")) {
        return None;
    }
    let Some(dot_git) = dot_git(root) else {
        return Some(Stamp(None));
    };
    // A worktree or submodule: `.git` is a file that names the git directory.
    let git_dir = match std::fs::read_to_string(&dot_git) {
        Ok(text) => dot_git.parent()?.join(text.strip_prefix("gitdir:")?.trim()),
        Err(_) => dot_git,
    };
    let common = match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(text) => git_dir.join(text.trim()),
        Err(_) => git_dir.clone(),
    };
    // Refs in a reftable are not files to read.
    if common.join("reftable").exists() {
        return None;
    }
    let head = std::fs::read(git_dir.join("HEAD")).ok();
    let branch = head
        .as_deref()
        .and_then(|h| h.strip_prefix(b"ref: "))
        .map(|r| String::from_utf8_lossy(r.trim_ascii()).into_owned());
    let metadata =
        |path: &Path| std::fs::metadata(path).ok().map(|m| format!("{} {:?}", m.len(), m.modified().ok()).into_bytes());
    let mut parts = vec![(git_dir.display().to_string(), head)];
    if let Some(branch) = branch {
        let file = [&git_dir, &common].iter().map(|dir| dir.join(&branch)).find(|p| p.is_file());
        parts.push((branch, file.and_then(|f| std::fs::read(f).ok())));
    }
    parts.push(("packed-refs".into(), metadata(&common.join("packed-refs"))));
    parts.push(("shallow".into(), metadata(&common.join("shallow"))));
    Some(Stamp(Some(parts)))
}

/// The `.git` (folder, or file naming one) that git finds for `root`: in the folder or
/// the nearest above it, as git looks for it unless `GIT_DIR` says where it is.
fn dot_git(root: &Path) -> Option<PathBuf> {
    let root = std::fs::canonicalize(root).ok()?;
    root.ancestors().map(|dir| dir.join(".git")).find(|p| p.exists())
}

/// The commit checked out in the work tree that holds `root`.
pub fn head(root: &Path) -> Result<Head, Unavailable> {
    // Without a `.git` or `GIT_DIR` git finds no repository: a site outside one builds
    // without starting git (1-2 ms of both processors, at every build).
    if std::env::var_os("GIT_DIR").is_none() && dot_git(root).is_none() {
        return Err(Unavailable::NotARepository);
    }
    let mut command = git(root);
    command.args(["rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "HEAD"]);
    let (ok, stdout, stderr) = output(command)?;
    let stdout = String::from_utf8_lossy(&stdout);
    let mut lines = stdout.lines();
    match (lines.next(), lines.next(), lines.next()) {
        (Some("true"), Some(shallow), Some(commit)) if ok => {
            Ok(Head { commit: commit.to_owned(), shallow: shallow == "true" })
        }
        // rev-parse printed its answers, then could not name HEAD: an unborn branch.
        (Some("true"), _, _) => Err(Unavailable::NoCommits),
        (Some(_), _, _) => Err(Unavailable::NotARepository),
        (None, _, _) if stderr.contains("not a git repository") => Err(Unavailable::NotARepository),
        (None, _, _) => Err(Unavailable::Git(stderr)),
    }
}

/// The commits of the first-parent history of `commit` that changed something under
/// `paths` (relative to `root`), oldest first, and the contents of the files among
/// them that `wanted` picks. Following first parents only, a merge counts once, on the
/// day it reached the main line, with everything it brought.
///
/// `git log --raw` and `git cat-file --batch` run side by side: each blob is asked for
/// as soon as the log names it (once, for the newest path it has), and `on_blob(id,
/// path, contents)` has it as it arrives, so that it can be parsed while git is still
/// walking the history. (So the log is read newest first, as git walks, and turned
/// round at the end: with `--reverse` git writes nothing until it has walked it all.)
pub fn log_with_blobs(
    root: &Path,
    commit: &str,
    paths: &[&str],
    wanted: &(dyn Fn(&str) -> bool + Sync),
    on_blob: &mut dyn FnMut(&str, &str, Vec<u8>),
) -> Result<Vec<Commit>, Unavailable> {
    let mut command = git(root);
    command.args([
        "log",
        "--first-parent",
        "-m",
        "--root",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        "--relative",
        "--format=commit %H %ct",
        commit,
        "--",
    ]);
    command.args(paths);
    let mut log = spawn(command)?;
    let mut command = git(root);
    command.args(["cat-file", "--batch"]).stdin(Stdio::piped()).stderr(Stdio::null());
    let mut cat = match spawn(command) {
        Ok(cat) => cat,
        Err(e) => {
            let _ = log.kill();
            let _ = log.wait();
            return Err(e);
        }
    };
    let failed = |what: &str| Unavailable::Git(format!("`git cat-file --batch`: {what}"));
    let (Some(log_out), Some(cat_in), Some(cat_out)) = (log.stdout.take(), cat.stdin.take(), cat.stdout.take()) else {
        return Err(failed("no pipes"));
    };
    let (asked, answers) = std::sync::mpsc::channel::<(String, String)>();
    let (commits, blobs) = std::thread::scope(|scope| {
        let reading = scope.spawn(move || read_log(log_out, cat_in, wanted, &asked));
        // The answers come in the order of the questions.
        let mut reader = BufReader::new(cat_out);
        let mut header = String::new();
        let mut blobs = Ok(());
        for (id, path) in answers {
            header.clear();
            match read_blob(&mut reader, &mut header, &id) {
                Ok(contents) => on_blob(&id, &path, contents),
                Err(what) => {
                    blobs = Err(what);
                    break;
                }
            }
        }
        // Closed (and `answers` with it), so that git stops answering and the log
        // reader stops asking: neither waits on a pipe nobody reads.
        drop(reader);
        (reading.join().expect("reading the log does not panic"), blobs)
    });
    let log = log.wait_with_output().map_err(|e| Unavailable::Git(format!("`git log`: {e}")))?;
    let cat = cat.wait().map_err(|e| failed(&e.to_string()))?;
    if !log.status.success() {
        let stderr = String::from_utf8_lossy(&log.stderr).lines().next().unwrap_or_default().to_owned();
        return Err(Unavailable::Git(stderr));
    }
    let commits = commits.ok_or_else(|| Unavailable::Git("cannot read the output of `git log`".into()))?;
    blobs.map_err(|what| failed(&what))?;
    if !cat.success() {
        return Err(failed(&format!("exited with {cat}")));
    }
    Ok(commits)
}

fn spawn(mut command: Command) -> Result<std::process::Child, Unavailable> {
    command.spawn().map_err(cannot_run)
}

/// Why `git` could not be started.
fn cannot_run(e: std::io::Error) -> Unavailable {
    match e.kind() {
        std::io::ErrorKind::NotFound => Unavailable::Git("the `git` command is not installed".into()),
        _ => Unavailable::Git(format!("cannot run `git`: {e}")),
    }
}

/// Reads the log token by token; asks `git cat-file` (its input `cat_in`) for each
/// wanted blob the first time it is named, and tells `asked` which it asked for.
fn read_log(
    log_out: impl Read,
    mut cat_in: impl Write,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    asked: &std::sync::mpsc::Sender<(String, String)>,
) -> Option<Vec<Commit>> {
    let mut reader = BufReader::new(log_out);
    let mut parser = LogParser::default();
    let mut seen = std::collections::HashSet::new();
    let mut token = Vec::new();
    let mut asking = true;
    loop {
        token.clear();
        if reader.read_until(0, &mut token).ok()? == 0 {
            break;
        }
        if token.last() == Some(&0) {
            token.pop();
        }
        if !parser.token(&token)? {
            continue;
        }
        let (path, blob) = parser.commits.last()?.files.last()?;
        if let Some(id) = blob.as_ref().filter(|id| asking && wanted(path) && seen.insert(id.to_string())) {
            // One write per blob: git answers at once, while the log goes on.
            asking = cat_in.write_all(format!("{id}\n").as_bytes()).is_ok()
                && asked.send((id.clone(), path.clone())).is_ok();
        }
    }
    parser.finish()
}

/// One answer of `git cat-file --batch`: `<id> blob <size>`, the contents, a newline.
fn read_blob(reader: &mut impl BufRead, header: &mut String, id: &str) -> Result<Vec<u8>, String> {
    reader.read_line(header).map_err(|e| e.to_string())?;
    let fields: Vec<&str> = header.split_whitespace().collect();
    let [answered, "blob", size] = fields[..] else {
        return Err(header.trim().to_owned());
    };
    let size: usize = size.parse().map_err(|_| header.trim().to_owned())?;
    if answered != id {
        return Err(format!("asked for {id}, got {answered}"));
    }
    let mut contents = vec![0; size + 1];
    reader.read_exact(&mut contents).map_err(|e| e.to_string())?;
    contents.pop(); // the newline after the contents
    Ok(contents)
}

/// `git log -z --raw --format='commit %H %ct'`, one NUL-separated token at a time: a
/// header token per commit, then for each file a `:<modes> <ids> <status>` token and
/// a path token.
#[derive(Default)]
struct LogParser {
    commits: Vec<Commit>,
    /// After a `:` token: the blob of the file whose path is the next token.
    file: Option<Option<String>>,
}

impl LogParser {
    /// Takes the next token: true when it completed a file (the last of the last
    /// commit's files), `None` when it is not what git writes.
    fn token(&mut self, token: &[u8]) -> Option<bool> {
        if let Some(blob) = self.file.take() {
            // A path token is taken as it is.
            let path = String::from_utf8_lossy(token).into_owned();
            self.commits.last_mut()?.files.push((path, blob));
            return Some(true);
        }
        // A record starts on a new line.
        let token = String::from_utf8_lossy(token.trim_ascii_start());
        if let Some(header) = token.strip_prefix("commit ") {
            let (hash, time) = header.split_once(' ')?;
            self.commits.push(Commit { hash: hash.to_owned(), time: time.parse().ok()?, files: Vec::new() });
        } else if let Some(raw) = token.strip_prefix(':') {
            // `:100644 100644 <old id> <new id> M`; a path that is not a regular file
            // (a symlink, a submodule) is no file of the site's.
            let fields: Vec<&str> = raw.split(' ').collect();
            let [_, new_mode, _, new_id, _] = fields[..] else {
                return None;
            };
            let blob = (new_mode.starts_with("100") && new_id.bytes().any(|b| b != b'0')).then(|| new_id.to_owned());
            self.file = Some(blob);
        } else if !token.is_empty() {
            return None;
        }
        Some(false)
    }

    /// The commits read, oldest first.
    fn finish(mut self) -> Option<Vec<Commit>> {
        self.commits.reverse();
        self.file.is_none().then_some(self.commits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_log(bytes: &[u8]) -> Option<Vec<Commit>> {
        let mut parser = LogParser::default();
        for token in bytes.split(|&b| b == 0) {
            parser.token(token)?;
        }
        parser.finish()
    }

    /// Runs git in `dir` with no configuration of the machine's or the user's.
    fn run_git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .current_dir(dir)
            .args(["-c", "user.name=Docs", "-c", "user.email=docs@example.org"])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn outside_a_repository_git_is_not_asked_and_answers_alike() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        // No `.git` above (in a temporary folder): git is not started.
        assert_eq!(dot_git(&site), None);
        assert!(matches!(head(&site), Err(Unavailable::NotARepository)));
        // A `.git` that is no repository: git is asked, and says the same.
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        assert_eq!(dot_git(&site), Some(std::fs::canonicalize(dir.path()).unwrap().join(".git")));
        assert!(matches!(head(&site), Err(Unavailable::NotARepository)), "{:?}", head(&site));
        // A repository without commits, then with one.
        run_git(dir.path(), &["init", "-q"]);
        assert!(matches!(head(&site), Err(Unavailable::NoCommits)));
        run_git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "first"]);
        assert!(head(&site).is_ok());
    }

    #[test]
    fn a_missing_file_version_is_an_error_not_a_hang() {
        // More file versions than a pipe holds after the missing one, so that a reader
        // that stopped reading without closing would leave git blocked.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/countries")).unwrap();
        for i in 0..3000 {
            let text = format!("code: X{i}\n{}\n", "# filler\n".repeat(100));
            std::fs::write(root.join(format!("content/countries/c{i:04}.yaml")), text).unwrap();
        }
        run_git(root, &["init", "-q"]);
        run_git(root, &["add", "-A"]);
        run_git(root, &["commit", "-q", "-m", "countries"]);
        let head = head(root).unwrap();
        let mut first = Vec::new();
        log_with_blobs(root, &head.commit, &["content/countries"], &|_| true, &mut |id, _, _| {
            first.push(id.to_owned())
        })
        .unwrap();
        assert_eq!(first.len(), 3000);
        let object = root.join(".git/objects").join(&first[0][..2]).join(&first[0][2..]);
        std::fs::remove_file(object).unwrap();

        let (done, outcome) = std::sync::mpsc::channel();
        let root = root.to_owned();
        std::thread::spawn(move || {
            let read = log_with_blobs(&root, &head.commit, &["content/countries"], &|_| true, &mut |_, _, _| {});
            let _ = done.send(read.map(|commits| commits.len()));
        });
        let read = outcome.recv_timeout(std::time::Duration::from_secs(30)).expect("no hang");
        assert!(matches!(&read, Err(Unavailable::Git(m)) if m.contains("missing")), "{read:?}");
    }

    #[test]
    fn reads_raw_log_records() {
        let zeros = "0".repeat(40);
        let (a, b) = ("a".repeat(40), "b".repeat(40));
        // Newest first, as git writes it; read oldest first.
        let log = format!(
            "commit {b} 200\0\n:100644 000000 {a} {zeros} D\0content/countries/:odd\0\
             commit {a} 100\0\n:000000 100644 {zeros} {a} A\0content/countries/x.yaml\0\
             :000000 120000 {zeros} {b} A\0content/countries/link.yaml\0"
        );
        let commits = parse_log(log.as_bytes()).unwrap();
        assert_eq!(commits.len(), 2);
        assert_eq!((commits[0].hash.as_str(), commits[0].time), (a.as_str(), 100));
        assert_eq!(
            commits[0].files,
            [
                ("content/countries/x.yaml".to_owned(), Some(a.clone())),
                ("content/countries/link.yaml".to_owned(), None)
            ]
        );
        assert_eq!(commits[1].files, [("content/countries/:odd".to_owned(), None)]);
        assert_eq!(parse_log(b""), Some(Vec::new()));
        assert_eq!(parse_log(b"garbage\0"), None);
    }
}
