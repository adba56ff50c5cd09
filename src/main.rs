//! availgen: a static site generator for localized cloud-voice availability pages.
//!
//! The command-line front end. `main` alone prints and picks the exit status: 0 success, 1 problems in the
//! content, 2 usage or I/O error.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use availgen::cli::{Cli, Command, ImportFrom};
use availgen::diagnostic::{Diagnostic, Format};
use availgen::import;
use availgen::init;
use availgen::load::config::{self, DEFAULT_SERVE_PORT};
use availgen::load::BuiltinUi;
use availgen::pipeline::{self, BuildOptions, Failure};
use availgen::render::world_map::NotOnMap;
use availgen::serve::{self, Event, ServeOptions};
use availgen::translations;
use availgen::validate::{self, Rules};

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        eprintln!("{}\n", d.render(color));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 || warnings > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s)");
    }
}

fn report_failure(failure: Failure, format: Format) -> ExitCode {
    match failure {
        Failure::Content(problems) => {
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(&problems).unwrap_or_default());
            } else {
                print_diagnostics(&problems);
            }
            ExitCode::from(1)
        }
        Failure::Load(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Failure::Write(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// A progress bar for interactive terminals only: never in CI logs or redirected output.
/// It starts hidden; the build shows it once it has run for a second.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let bar = indicatif::ProgressBar::hidden();
    let style = indicatif::ProgressStyle::with_template("{spinner} rendering: {pos}/{len} tasks {wide_bar} {elapsed}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// glibc gives every thread that allocates a heap ("arena") of its own and keeps what
/// is freed there: a build's main thread, history reader and rendering threads made
/// four heaps, a fifth of the bundled build's peak memory. Two serve as well (the
/// rendering threads, which allocate the most, take turns with the others), with no
/// measurable cost in time (benches/RESULTS.md, 2026-12-04, third round).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fewer_heaps() {
    // SAFETY: called first thing in `main`, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fewer_heaps() {}

fn main() -> ExitCode {
    fewer_heaps();
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, base_url, strict, timings, review, changes_since } => {
            let started = Instant::now();
            let options = BuildOptions { root, out, base_url, rules: Rules { strict }, review, changes_since };
            let bar = progress_bar();
            let progress = |done: usize, total: usize| {
                if let Some(bar) = &bar {
                    // Only builds that take a while show a bar.
                    if bar.is_hidden() && started.elapsed() > std::time::Duration::from_secs(1) {
                        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    }
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
            };
            let result = pipeline::build(&options, &progress);
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            match result {
                Ok(report) => {
                    if !report.warnings.is_empty() {
                        print_diagnostics(&report.warnings);
                    }
                    if let Some(info) = &report.history_info {
                        eprintln!("info: {info}");
                    }
                    if timings {
                        for (stage, time) in &report.timings {
                            eprintln!("{stage:>9}: {:>8.1} ms", time.as_secs_f64() * 1000.0);
                        }
                    }
                    println!(
                        "Built {} pages ({} files, {:.1} MB) into {} in {:.0} ms",
                        report.pages,
                        report.files,
                        report.bytes as f64 / 1e6,
                        report.out.display(),
                        started.elapsed().as_secs_f64() * 1000.0
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure, Format::Human),
            }
        }
        Command::Check { root, format, strict } => match pipeline::check(&root, Rules { strict }) {
            Ok(report) => {
                if format == Format::Json {
                    println!("{}", check_json(&report));
                } else {
                    print_diagnostics(&report.warnings);
                    if let Some(info) = &report.history_info {
                        eprintln!("info: {info}");
                    }
                    print_coverage(&report.coverage);
                    print_builtin_ui(&report.builtin_ui);
                    print_not_on_map(&report.not_on_map);
                    println!("No errors in {}", root.display());
                }
                ExitCode::SUCCESS
            }
            Err(failure) => report_failure(failure, format),
        },
        Command::Serve { root, port, bind, open, strict, timings, changes_since } => {
            // Ctrl-C stops at once, even in the middle of a rebuild: serve has nothing on
            // disk to finish or clean up, and the sockets close with the process.
            if let Err(e) = ctrlc::set_handler(|| {
                println!("Stopped.");
                std::process::exit(0);
            }) {
                eprintln!("warning: cannot handle Ctrl-C: {e}");
            }
            // The port can be set in availgen.toml; if the file is broken, the first
            // build reports why, and serve starts on the default port meanwhile.
            let configured = config::read(&root).ok().and_then(|c| c.serve_port).map(|p| p.value);
            let options = ServeOptions {
                port: port.or(configured).unwrap_or(DEFAULT_SERVE_PORT),
                root,
                bind,
                open,
                rules: Rules { strict },
                changes_since,
                verify: std::env::var_os("AVAILGEN_SERVE_VERIFY").is_some_and(|v| v != "0"),
            };
            match serve::run(options, &mut |event| print_serve_event(event, timings)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Schema { root } => match availgen::pipeline::json_schema(&root) {
            Ok(schema) => {
                let json = serde_json::to_string_pretty(&schema).unwrap_or_default();
                match writeln!(std::io::stdout().lock(), "{json}") {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("error: cannot write the schema: {e}");
                        ExitCode::from(2)
                    }
                }
            }
            Err(failure) => report_failure(failure, Format::Human),
        },
        Command::Init { dir } => match init::run(&dir) {
            Ok(()) => {
                println!("Created a new site in {}", dir.display());
                println!("Next: availgen build --root {0}   (or: availgen serve --root {0})", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Translations(command) => match translations::run(command) {
            Ok(warnings) => {
                if !warnings.is_empty() {
                    print_diagnostics(&warnings);
                }
                ExitCode::SUCCESS
            }
            Err(translations::Failure::Content(problems)) => {
                print_diagnostics(&problems);
                ExitCode::from(1)
            }
            Err(translations::Failure::Usage(message) | translations::Failure::Io(message)) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        Command::Import { from: ImportFrom::Docfx(args) } => {
            let options =
                import::Options { pages: args.pages, selectors: args.selector, root: args.root, dry_run: args.dry_run };
            match import::run(&options) {
                Ok(report) => {
                    if args.format == Format::Json {
                        println!("{}", report.to_json());
                    } else {
                        print!("{}", report.to_human());
                    }
                    ExitCode::from(report.exit_status())
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// What `availgen serve` shows of each thing that happens: progress on stdout,
/// diagnostics, timings and verification on stderr.
fn print_serve_event(event: Event, timings: bool) {
    match event {
        Event::Building { root } => println!("Building {} ...", root.display()),
        Event::Built { rebuilt, first, pages_at } => {
            let what = if first { "Built" } else { "Rebuilt" };
            let ms = rebuilt.elapsed.as_secs_f64() * 1000.0;
            let pages_ms = pages_at.as_secs_f64() * 1000.0;
            let shown: Vec<&str> = rebuilt.changed.iter().take(3).map(String::as_str).collect();
            let more = rebuilt.changed.len().saturating_sub(shown.len());
            println!(
                "{what} in {ms:.0} ms (pages in {pages_ms:.0} ms): {} page(s) rendered{}, {} file(s) changed{}{}",
                rebuilt.rendered,
                if rebuilt.full { " (full)" } else { "" },
                rebuilt.changed.len(),
                if shown.is_empty() { String::new() } else { format!(": {}", shown.join(", ")) },
                if more > 0 { format!(" and {more} more") } else { String::new() }
            );
            if timings {
                let stages: Vec<String> = rebuilt
                    .timings
                    .iter()
                    .map(|(stage, t)| format!("{stage} {:.1}", t.as_secs_f64() * 1000.0))
                    .collect();
                eprintln!("  ms: {}", stages.join(", "));
            }
        }
        Event::Warnings(warnings) => print_diagnostics(warnings),
        Event::Failed { problems, still_serving } => {
            print_diagnostics(problems);
            if still_serving {
                eprintln!("Rebuild failed: still serving the last good site.");
            } else {
                eprintln!("The site does not build: serving the errors until it does.");
            }
        }
        Event::Verified { files, mismatches: Some(wrong) } if wrong.is_empty() => {
            eprintln!("verify: served site = clean build ({files} files)");
        }
        Event::Verified { mismatches: Some(wrong), .. } => eprintln!(
            "verify: MISMATCH in {} file(s): {}",
            wrong.len(),
            wrong.iter().take(20).map(String::as_str).collect::<Vec<_>>().join(", ")
        ),
        Event::Verified { mismatches: None, .. } => {
            eprintln!("verify: MISMATCH: a clean build of the same inputs fails")
        }
        Event::Serving { root, url } => println!("Serving {} at {url} (Ctrl-C to stop)", root.display()),
        Event::Warning(message) => eprintln!("warning: {message}"),
        Event::Info(message) => eprintln!("info: {message}"),
    }
}

fn print_coverage(coverage: &[validate::Coverage]) {
    if coverage.is_empty() {
        return;
    }
    println!("Translation coverage (strings: ui, country names, notes):");
    for c in coverage {
        let source = if c.source { " (source)" } else { "" };
        let published = if c.published { "" } else { " (not published)" };
        println!(
            "  {:<10} {:>5.1}%  {}/{} strings, {} missing, {} extra, {}/{} pages{source}{published}",
            c.locale, c.percent, c.translated, c.total, c.missing, c.extra, c.pages_translated, c.pages_total
        );
        let forms: Vec<String> = c
            .plural_forms
            .iter()
            .filter(|f| f.total > 0)
            .map(|f| format!("{} {}/{}", f.category, f.translated, f.total))
            .collect();
        if !forms.is_empty() {
            println!("  {:<10} plural forms: {}", "", forms.join(", "));
        }
    }
}

/// One line per locale that uses built-in strings: how many, and which.
fn print_builtin_ui(builtin: &BuiltinUi) {
    for (tag, keys) in builtin.keys_by_locale() {
        println!("{}", builtin_ui_line(tag, &keys));
    }
}

fn builtin_ui_line(tag: &str, keys: &[&str]) -> String {
    format!("{tag}: {} built-in ui strings used: {}", keys.len(), keys.join(", "))
}

/// Countries of the data that the world maps leave out: information, not a problem.
fn print_not_on_map(countries: &[NotOnMap]) {
    if countries.is_empty() {
        return;
    }
    println!("Not on the world maps (no outline or dot for the code):");
    for c in countries {
        println!("  {} ({}:{}:{})", c.code, c.file, c.line, c.column);
    }
}

/// `check --format json`: one array; coverage, the built-in strings used and the
/// countries not on the world maps come as `info` entries after the problems.
fn check_json(report: &pipeline::CheckReport) -> String {
    let mut items: Vec<serde_json::Value> =
        report.warnings.iter().map(|d| serde_json::to_value(d).unwrap_or_default()).collect();
    for c in &report.coverage {
        items.push(serde_json::json!({
            "severity": "info",
            "file": format!("locales/{}.yaml", c.locale),
            "line": 0,
            "column": 0,
            "message": format!("{}: {:.1}% translated ({} of {} strings, {} of {} pages)", c.locale, c.percent, c.translated, c.total, c.pages_translated, c.pages_total),
            "coverage": c,
        }));
    }
    for (tag, keys) in report.builtin_ui.keys_by_locale() {
        items.push(serde_json::json!({
            "severity": "info",
            "file": format!("locales/{tag}.yaml"),
            "line": 0,
            "column": 0,
            "message": builtin_ui_line(tag, &keys),
            "builtin_ui": keys,
        }));
    }
    for c in &report.not_on_map {
        items.push(serde_json::json!({
            "severity": "info",
            "file": c.file,
            "line": c.line,
            "column": c.column,
            "message": format!("`{}` is not on the world maps: they have no outline or dot for it", c.code),
        }));
    }
    serde_json::to_string_pretty(&items).unwrap_or_default()
}
