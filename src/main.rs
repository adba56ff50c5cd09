//! availgen: a static site generator for localized cloud-voice availability pages.
//!
//! `main` alone prints and picks the exit status: 0 success, 1 problems in the
//! content, 2 usage or I/O error.

mod cli;
mod diagnostic;
mod export;
mod import;
mod iso3166;
mod load;
mod model;
mod pipeline;
mod render;
mod validate;
mod write;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use cli::{Cli, Command, Format, ImportFrom};
use diagnostic::Diagnostic;
use pipeline::{BuildOptions, Failure};
use validate::Rules;

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
                println!(
                    "{}",
                    serde_json::to_string_pretty(&problems).unwrap_or_default()
                );
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

fn normalize_base_url(url: &str) -> String {
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            strict,
            timings,
        } => {
            let started = Instant::now();
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                root,
                out: out.clone(),
                base_url: normalize_base_url(&base_url),
                rules: Rules { strict },
            };
            match pipeline::build(&options) {
                Ok(report) => {
                    if !report.warnings.is_empty() {
                        print_diagnostics(&report.warnings);
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
                        out.display(),
                        started.elapsed().as_secs_f64() * 1000.0
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure, Format::Human),
            }
        }
        Command::Check {
            root,
            format,
            strict,
        } => match pipeline::check(&root, Rules { strict }) {
            Ok(warnings) => {
                if format == Format::Json {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&warnings).unwrap_or_default()
                    );
                } else {
                    print_diagnostics(&warnings);
                    println!("No errors in {}", root.display());
                }
                ExitCode::SUCCESS
            }
            Err(failure) => report_failure(failure, format),
        },
        Command::Import {
            from: ImportFrom::Docfx(args),
        } => {
            let options = import::Options {
                pages: args.pages,
                selectors: args.selector,
                root: args.root,
                dry_run: args.dry_run,
            };
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
