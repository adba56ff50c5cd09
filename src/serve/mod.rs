//! `availgen serve`: build the site into memory, serve it, rebuild on change, reload pages.
//!
//! Three parts, each in its own module:
//!
//! - [`incremental`]: the inputs and the last good build, kept in memory; a rebuild
//!   re-reads the changed files and re-renders only what depends on them.
//! - [`watch`]: file events on the input directories, debounced into change sets.
//! - [`http`]: the web server, from memory, with a Server-Sent Events stream that tells
//!   open pages to reload or to show the errors of a failed rebuild.
//!
//! The site is served from memory and never written to disk: a rebuild costs no file
//! writes (the largest part of a clean build after rendering), `public/` stays what the
//! last `availgen build` made (perhaps what is deployed), no output lock is taken (so a
//! `build` can run beside `serve`), and swapping one `Arc` makes the new site visible
//! to every request at once, as the atomic directory swap does for `build`.
//!
//! Like the rest of the library, serve prints nothing: what happens is told to the
//! caller as [`Event`]s, and `main` prints them.

pub mod http;
pub mod incremental;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::pipeline::Failure;
use crate::validate::Rules;
use incremental::{Builder, Changes, Files, Rebuilt};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub rules: Rules,
    /// How far back the changes page and feed go (see `BuildOptions`).
    pub changes_since: Option<crate::model::dates::Date>,
    /// After every rebuild, also build the same inputs from scratch and compare
    /// ([`Event::Verified`]): a check on the incremental logic for tests and for
    /// anyone who doubts it.
    pub verify: bool,
}

/// What [`run`] reports as it goes, for the caller to show.
pub enum Event<'a> {
    /// The first build of `root` starts.
    Building { root: &'a Path },
    /// A build succeeded and changed something, or succeeded after a failure.
    /// `first`: the build at start-up; `pages_at`: when its pages were served.
    Built { rebuilt: &'a Rebuilt, first: bool, pages_at: Duration },
    /// The warnings of a successful build, when they differ from the last ones reported.
    Warnings(&'a [Diagnostic]),
    /// A build failed; `still_serving`: the last good site is still served.
    Failed { problems: &'a [Diagnostic], still_serving: bool },
    /// With [`ServeOptions::verify`]: the paths (at most all of them) where the served
    /// site differs from a clean build of the same inputs, or `None` if that clean
    /// build fails.
    Verified { files: usize, mismatches: Option<Vec<String>> },
    /// The site is served at `url`.
    Serving { root: &'a Path, url: &'a str },
    /// Something is not as asked, but serving goes on.
    Warning(String),
    /// Why the site has no change history, or where it starts; told when it differs
    /// from what was told last.
    Info(&'a str),
}

/// Why `availgen serve` stopped or could not start (exit status 2).
#[derive(Debug)]
pub enum ServeError {
    Root {
        path: PathBuf,
        reason: String,
    },
    Listen {
        address: SocketAddr,
        error: std::io::Error,
    },
    Watch {
        root: PathBuf,
        error: notify::Error,
    },
    Thread(std::io::Error),
    /// The file watcher stopped (it never does while the process runs).
    WatcherGone,
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Root { path, reason } => write!(f, "cannot read {}: {reason}", path.display()),
            ServeError::Listen { address, error } => write!(f, "cannot listen on {address}: {error}"),
            ServeError::Watch { root, error } => write!(f, "cannot watch {}: {error}", root.display()),
            ServeError::Thread(e) => write!(f, "cannot start the server thread: {e}"),
            ServeError::WatcherGone => write!(f, "the file watcher stopped"),
        }
    }
}

/// The problems of a failed rebuild, as diagnostics (an I/O error becomes one).
fn problems(failure: Failure, root: &Path) -> Vec<Diagnostic> {
    match failure {
        Failure::Content(problems) => problems,
        Failure::Load(e) => vec![Diagnostic::error(root.display().to_string(), e.to_string())],
        Failure::Write(e) => vec![Diagnostic::error(root.display().to_string(), e.to_string())],
    }
}

fn url(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
    }
}

/// Opens `url` in the desktop's browser, without waiting for it.
fn open_browser(url: &str) -> Result<(), String> {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(command)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| format!("cannot open a browser with `{command}`: {e}"))
}

/// The rebuild loop's state between rebuilds.
struct Session<'a> {
    server: Arc<http::Server>,
    root: &'a Path,
    verify: bool,
    last_warnings: Vec<Diagnostic>,
    last_history_info: Option<String>,
    failing: bool,
}

impl Session<'_> {
    fn rebuild(&mut self, builder: &mut Builder, changes: &Changes, first: bool, on: &mut dyn FnMut(Event)) {
        let before: Option<Arc<Files>> = builder.published();
        let server = &self.server;
        let failing = self.failing;
        let outcome = builder.render(changes).and_then(|staged| {
            let Some(staged) = staged else {
                return Ok(None);
            };
            // The new pages are served at once; requests for the exports still being
            // made wait for them. Open pages reload when what they show changed, or to
            // clear the overlay; a save that changes nothing stays quiet.
            let pages_at = staged.elapsed();
            let reload_now = !staged.preview_changed.is_empty() || failing;
            server.preview(staged.preview.clone(), staged.pending.clone(), reload_now);
            builder.export(staged).map(|rebuilt| Some((rebuilt, pages_at, reload_now)))
        });
        match outcome {
            Ok(None) => {}
            Ok(Some((rebuilt, pages_at, reloaded))) => {
                let reload = !reloaded && !rebuilt.changed.is_empty();
                server.publish(rebuilt.files.clone(), reload);
                if rebuilt.warnings != self.last_warnings {
                    on(Event::Warnings(&rebuilt.warnings));
                    self.last_warnings = rebuilt.warnings.clone();
                }
                if rebuilt.history_info != self.last_history_info {
                    if let Some(info) = &rebuilt.history_info {
                        on(Event::Info(info));
                    }
                    self.last_history_info = rebuilt.history_info.clone();
                }
                if !rebuilt.changed.is_empty() || self.failing {
                    on(Event::Built { rebuilt: &rebuilt, first, pages_at });
                    if self.verify {
                        let mismatches = builder.verify().ok();
                        on(Event::Verified { files: rebuilt.files.len(), mismatches });
                    }
                }
                self.failing = false;
            }
            Err(failure) => {
                let problems = problems(failure, self.root);
                on(Event::Failed { problems: &problems, still_serving: before.is_some() });
                // A failure in the exports comes after the new pages were shown: back to
                // the last good site.
                server.fail(&problems, before);
                self.last_warnings.clear();
                self.failing = true;
            }
        }
    }
}

/// Builds the site under `options.root`, serves it and rebuilds it on every change,
/// telling `on` what happens. Returns only if it cannot start or the watcher stops.
pub fn run(options: ServeOptions, on: &mut dyn FnMut(Event)) -> Result<(), ServeError> {
    let root = match std::fs::canonicalize(&options.root) {
        Ok(root) if root.is_dir() => root,
        Ok(_) => return Err(ServeError::Root { path: options.root, reason: "not a directory".into() }),
        Err(e) => return Err(ServeError::Root { path: options.root, reason: e.to_string() }),
    };
    let address = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(address).map_err(|error| ServeError::Listen { address, error })?;
    let address = listener.local_addr().unwrap_or(address);
    if !options.bind.is_loopback() {
        on(Event::Warning(format!("listening on {}: other machines on the network can read this site", options.bind)));
    }

    let (tx, rx) = mpsc::channel();
    // Watch before the first build, so that nothing saved during it is missed.
    let mut watcher =
        watch::Watcher::start(&root, tx).map_err(|error| ServeError::Watch { root: root.clone(), error })?;

    on(Event::Building { root: &root });
    let mut session = Session {
        server: Arc::new(http::Server::default()),
        root: &root,
        verify: options.verify,
        last_warnings: Vec::new(),
        last_history_info: None,
        failing: false,
    };
    let mut builder = Builder::new(&root, options.rules, options.changes_since);
    session.rebuild(&mut builder, &Changes::All, true, on);

    let site_url = url(address);
    std::thread::Builder::new()
        .name("availgen-accept".into())
        .spawn({
            let server = session.server.clone();
            move || http::serve(listener, server)
        })
        .map_err(ServeError::Thread)?;
    on(Event::Serving { root: &root, url: &site_url });
    if options.open {
        if let Err(e) = open_browser(&site_url) {
            on(Event::Warning(e));
        }
    }

    while let Some(burst) = watch::next_burst(&rx) {
        let changes = watcher.changes(burst);
        session.rebuild(&mut builder, &changes, false, on);
    }
    Err(ServeError::WatcherGone)
}
