//! Command-line definitions (clap).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::diagnostic::Format;
use crate::model::dates::Date;

/// `availgen --version`: the version and the commit it was built from (see build.rs).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("AVAILGEN_COMMIT"), ")");

#[derive(Parser, Debug)]
#[command(
    name = "availgen",
    version = VERSION,
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
        /// Output directory (default: `output_dir` in availgen.toml, else <root>/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Absolute URL the site is published at, for sitemaps and hreflang links
        /// (default: `base_url` in availgen.toml).
        #[arg(long, value_parser = crate::load::config::normalize_base_url)]
        base_url: Option<String>,
        /// Treat missing and stale translations, forbidden terms and a missing base URL
        /// as errors.
        #[arg(long)]
        strict: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Translator's review build: every translated string shows its English source
        /// on hover, missing strings are highlighted, pages carry their English source.
        #[arg(long)]
        review: bool,
        /// How far back the changes page and feed go, YYYY-MM-DD (default:
        /// `changes_since` in availgen.toml, else a year before the newest commit that
        /// changed a country).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        changes_since: Option<Date>,
    },
    /// Load and validate everything without writing output.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat missing and stale translations, forbidden terms and a missing base URL
        /// as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Build the site into memory and serve it, rebuilding and reloading pages on change.
    Serve {
        /// Site root: the folder with content/ and locales/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// TCP port to listen on (0: any free port; default: `port` under [serve] in
        /// availgen.toml, else 1111).
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on. Anything but a loopback address makes the site
        /// reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the desktop's web browser.
        #[arg(long)]
        open: bool,
        /// Treat missing translations as errors.
        #[arg(long)]
        strict: bool,
        /// Print how long each stage of each rebuild took.
        #[arg(long)]
        timings: bool,
        /// How far back the changes page and feed go, YYYY-MM-DD (default:
        /// `changes_since` in availgen.toml, else a year before the newest commit that
        /// changed a country).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        changes_since: Option<Date>,
    },
    /// Print a JSON Schema of a country file, so editors check and complete country
    /// files as they are typed (regenerate it when content/schema.yaml changes).
    Schema {
        /// Site root: the folder with content/ and locales/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new site in DIR (which must not exist or be empty): settings, the fact
    /// schema, example countries, an English locale and a prose page.
    Init {
        /// The folder for the new site.
        dir: PathBuf,
    },
    /// Translator tools: stale translations, `confirm`, XLIFF 2.0 export and import.
    #[command(subcommand)]
    Translations(crate::translations::Command),
    /// Migrate existing documentation into availgen content.
    Import {
        #[command(subcommand)]
        from: ImportFrom,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportFrom {
    /// Hand-written DocFX "Availability in <country>" pages → content/countries/<slug>.yaml.
    Docfx(DocfxArgs),
}

#[derive(Args, Debug)]
pub struct DocfxArgs {
    /// Folder with the availability-in-<slug>.md pages (searched recursively).
    #[arg(long, value_name = "DIR")]
    pub pages: PathBuf,
    /// A localized selector page whose country names go into locales/<LOCALE>.yaml (repeatable).
    #[arg(long, value_name = "LOCALE=FILE", value_parser = parse_selector)]
    pub selector: Vec<(String, PathBuf)>,
    /// Site root: the folder with content/ and locales/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Report what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `zh-CN=path/to/selector.md` → (`zh-CN`, path).
fn parse_selector(value: &str) -> Result<(String, PathBuf), String> {
    let (tag, file) =
        value.split_once('=').ok_or_else(|| "expected LOCALE=FILE, for example zh-CN=selector.md".to_owned())?;
    tag.parse::<unic_langid::LanguageIdentifier>().map_err(|_| format!("`{tag}` is not a BCP 47 language tag"))?;
    if file.is_empty() {
        return Err("no FILE after `=`".to_owned());
    }
    Ok((tag.to_owned(), PathBuf::from(file)))
}

fn parse_date(value: &str) -> Result<Date, String> {
    Date::parse(value).ok_or_else(|| format!("`{value}` is not a date written YYYY-MM-DD, such as 2026-01-31"))
}
