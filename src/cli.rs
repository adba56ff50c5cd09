//! Command-line definitions (clap).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "availgen",
    version,
    about = "Builds localized availability pages, spreadsheets and sitemaps from YAML data"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the content, then render the whole site into the output directory.
    Build {
        /// Site root: the folder with content/ and locales/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output directory (default: <root>/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Absolute URL the site is published at, for sitemaps and hreflang links.
        #[arg(long, default_value = "/")]
        base_url: String,
        /// Treat missing translations as errors.
        #[arg(long)]
        strict: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Translator's review build: every translated string shows its English source
        /// on hover, missing strings are highlighted, pages carry their English source.
        #[arg(long)]
        review: bool,
    },
    /// Load and validate everything without writing output.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat missing translations as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Translator tools: stale translations, `confirm`, XLIFF 2.0 export and import.
    #[command(subcommand)]
    Translations(crate::translations::Command),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}
