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
//! With `AVAILGEN_SERVE_VERIFY=1` in the environment, every rebuild is followed by a
//! clean build in memory and any difference is reported: a check on the incremental
//! logic for tests and for anyone who doubts it.

pub mod http;
pub mod incremental;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use crate::diagnostic::{self, Diagnostic};
use crate::pipeline::Failure;
use crate::validate::Rules;
use incremental::{Builder, Changes, Rebuilt};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub rules: Rules,
    /// Print how long each stage of each rebuild took.
    pub timings: bool,
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
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(command)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: cannot open a browser with `{command}`: {e}");
    }
}

/// Compares the served site with a clean render of the same inputs.
fn verify(builder: &Builder, files: usize) {
    match builder.verify() {
        Ok(wrong) if wrong.is_empty() => {
            eprintln!("verify: served site = clean build ({files} files)");
        }
        Ok(wrong) => eprintln!(
            "verify: MISMATCH in {} file(s): {}",
            wrong.len(),
            wrong
                .iter()
                .take(20)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Err(_) => eprintln!("verify: MISMATCH: a clean build of the same inputs fails"),
    }
}

/// What one successful rebuild prints.
fn report(rebuilt: &Rebuilt, what: &str, pages_at: Duration) {
    let ms = rebuilt.elapsed.as_secs_f64() * 1000.0;
    let pages_ms = pages_at.as_secs_f64() * 1000.0;
    let shown: Vec<&str> = rebuilt.changed.iter().take(3).map(String::as_str).collect();
    let more = rebuilt.changed.len().saturating_sub(shown.len());
    println!(
        "{what} in {ms:.0} ms (pages in {pages_ms:.0} ms): {} page(s) rendered{}, {} file(s) changed{}{}",
        rebuilt.rendered,
        if rebuilt.full { " (full)" } else { "" },
        rebuilt.changed.len(),
        if shown.is_empty() {
            String::new()
        } else {
            format!(": {}", shown.join(", "))
        },
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
}

pub fn run(options: ServeOptions) -> ExitCode {
    let root = match std::fs::canonicalize(&options.root) {
        Ok(root) if root.is_dir() => root,
        Ok(_) => {
            eprintln!("error: {} is not a directory", options.root.display());
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", options.root.display());
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind((options.bind, options.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}: {e}",
                SocketAddr::new(options.bind, options.port)
            );
            return ExitCode::from(2);
        }
    };
    let address = listener
        .local_addr()
        .unwrap_or(SocketAddr::new(options.bind, options.port));
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines on the network can read this site",
            options.bind
        );
    }

    // Ctrl-C stops at once, even in the middle of a rebuild: serve has nothing on disk
    // to finish or clean up, and the sockets close with the process.
    if let Err(e) = ctrlc::set_handler(|| {
        println!("Stopped.");
        std::process::exit(0);
    }) {
        eprintln!("warning: cannot handle Ctrl-C: {e}");
    }
    let (tx, rx) = mpsc::channel();
    // Watch before the first build, so that nothing saved during it is missed.
    let mut watcher = match watch::Watcher::start(&root, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", root.display());
            return ExitCode::from(2);
        }
    };

    println!("Building {} ...", root.display());
    let verify_each = std::env::var_os("AVAILGEN_SERVE_VERIFY").is_some_and(|v| v != "0");
    let server = Arc::new(http::Server::default());
    let mut builder = Builder::new(&root, options.rules);
    let mut last_warnings: Vec<Diagnostic> = Vec::new();
    let mut failing = false;
    let mut rebuild = |builder: &mut Builder, changes: &Changes, what: &str| {
        let before = builder.published();
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
            builder
                .export(staged)
                .map(|rebuilt| Some((rebuilt, pages_at, reload_now)))
        });
        match outcome {
            Ok(None) => {}
            Ok(Some((rebuilt, pages_at, reloaded))) => {
                let reload = !reloaded && !rebuilt.changed.is_empty();
                server.publish(rebuilt.files.clone(), reload);
                if rebuilt.warnings != last_warnings {
                    diagnostic::print_all(&rebuilt.warnings);
                    last_warnings = rebuilt.warnings.clone();
                }
                if !rebuilt.changed.is_empty() || failing {
                    report(&rebuilt, what, pages_at);
                    if options.timings {
                        let stages: Vec<String> = rebuilt
                            .timings
                            .iter()
                            .map(|(stage, t)| format!("{stage} {:.1}", t.as_secs_f64() * 1000.0))
                            .collect();
                        eprintln!("  ms: {}", stages.join(", "));
                    }
                    if verify_each {
                        verify(builder, rebuilt.files.len());
                    }
                }
                failing = false;
            }
            Err(failure) => {
                let problems = problems(failure, &root);
                diagnostic::print_all(&problems);
                if before.is_some() {
                    eprintln!("Rebuild failed: still serving the last good site.");
                } else {
                    eprintln!("The site does not build: serving the errors until it does.");
                }
                // A failure in the exports comes after the new pages were shown: back to
                // the last good site.
                server.fail(&problems, before);
                last_warnings.clear();
                failing = true;
            }
        }
    };
    rebuild(&mut builder, &Changes::All, "Built");

    let site_url = url(address);
    std::thread::Builder::new()
        .name("availgen-accept".into())
        .spawn({
            let server = server.clone();
            move || http::serve(listener, server)
        })
        .expect("cannot start the server thread");
    println!("Serving {} at {site_url} (Ctrl-C to stop)", root.display());
    if options.open {
        open_browser(&site_url);
    }

    while let Some(burst) = watch::next_burst(&rx) {
        let changes = watcher.changes(burst);
        rebuild(&mut builder, &changes, "Rebuilt");
    }
    // The watcher is gone (it never is while the process runs).
    ExitCode::from(2)
}
