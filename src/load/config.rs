//! `availgen.toml`: a site's settings, at the site root. The file is optional and so
//! is every key; command-line flags override the file (README "Configuration").
//!
//! The file is read with `toml`'s span-keeping parser and checked key by key, so every
//! problem (a syntax error, an unknown key, a wrong type, a bad value) is reported in
//! one run at its `file:line:col`, like a problem in the content.

use std::ops::Range;
use std::str::FromStr;

use toml::de::{DeTable, DeValue};
use toml::Spanned;
use unic_langid::LanguageIdentifier;

use super::SourceFile;
use crate::diagnostic::{did_you_mean, Diagnostic};

/// Where the file is, relative to the site root.
pub const CONFIG_PATH: &str = "availgen.toml";
/// The language every other one is translated from, unless `source_locale` says otherwise.
pub const DEFAULT_SOURCE_LOCALE: &str = "en-US";
/// Where `build` writes, relative to the root, unless `output_dir` or `--out` say otherwise.
pub const DEFAULT_OUTPUT_DIR: &str = "public";
/// Up to this many locales, every page links to each of its other languages itself
/// (switcher entries and `hreflang` links); above it, see `inline_languages` in the README.
pub const DEFAULT_INLINE_LANGUAGES: usize = 8;
/// The port `serve` listens on, unless `[serve] port` or `--port` say otherwise.
pub const DEFAULT_SERVE_PORT: u16 = 1111;

/// The top-level keys, and those of the `[serve]` table.
const KEYS: &[&str] =
    &["base_url", "source_locale", "output_dir", "publish", "changes_since", "inline_languages", "serve"];
const SERVE_KEYS: &[&str] = &["port"];
const BASE_URL_EXAMPLE: &str = "base_url = \"https://example.org/availability/\"";
const PUBLISH_EXAMPLE: &str = "publish = [\"en-US\", \"zh-CN\"]";

/// A value from the file and the bytes it was written at, for diagnostics about it
/// that only later stages can make (a published locale without a locale file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// A calendar date, as TOML writes it: `2025-01-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The settings of one site; `Config::default()` is a site without the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file's text, to show a setting's line in a diagnostic (empty without a file).
    pub text: String,
    /// The absolute URL the site is published at, ending in `/`.
    pub base_url: Option<Setting<String>>,
    pub source_locale: Option<Setting<String>>,
    /// The output directory as written: relative to the site root, or absolute.
    pub output_dir: Option<Setting<String>>,
    /// The locales to build, each where it is written; `None` builds every locale file.
    pub publish: Option<Setting<Vec<Setting<String>>>>,
    /// The oldest change the changes page lists.
    pub changes_since: Option<Setting<Date>>,
    /// Up to how many locales pages carry their language links themselves.
    pub inline_languages: Option<Setting<usize>>,
    pub serve_port: Option<Setting<u16>>,
}

impl Config {
    /// The tag of the language every other one is translated from.
    pub fn source_locale(&self) -> &str {
        self.source_locale.as_ref().map_or(DEFAULT_SOURCE_LOCALE, |s| s.value.as_str())
    }

    /// Up to how many locales each page lists its other languages itself.
    pub fn inline_languages(&self) -> usize {
        self.inline_languages.as_ref().map_or(DEFAULT_INLINE_LANGUAGES, |s| s.value)
    }

    /// Whether the locale `tag` is built (every locale is, unless `publish` lists some).
    pub fn is_published(&self, tag: &str) -> bool {
        self.publish.as_ref().is_none_or(|tags| tags.value.iter().any(|t| t.value == tag))
    }

    /// `d` pointing at `setting` in the file.
    pub fn at<T>(&self, d: Diagnostic, setting: &Setting<T>) -> Diagnostic {
        d.at_span(&self.text, setting.span.clone())
    }
}

/// Reads `availgen.toml` under `root`; a site without one gets the defaults.
pub fn read(root: &std::path::Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_PATH);
    if !path.is_file() {
        return Ok(Config::default());
    }
    parse(&super::read_source(root, &path).map_err(|d| vec![d])?)
}

/// Parses and checks the text of an `availgen.toml`.
pub fn parse(source: &SourceFile) -> Result<Config, Vec<Diagnostic>> {
    let (document, syntax_errors) = DeTable::parse_recoverable(&source.text);
    let mut reader = Reader { source, problems: Vec::new() };
    if !syntax_errors.is_empty() {
        // What the parser recovered may be missing keys or hold partial values: checking
        // it would add problems that fixing the syntax makes disappear.
        for e in syntax_errors {
            let d = Diagnostic::error(&source.rel_path, format!("TOML syntax: {}", e.message()));
            reader.problems.push(match e.span() {
                Some(span) => d.at_span(&source.text, span),
                None => d,
            });
        }
        return Err(reader.problems);
    }
    let mut config = Config { text: source.text.clone(), ..Config::default() };
    for (key, value) in document.get_ref().iter() {
        match key.get_ref().as_ref() {
            "base_url" => {
                config.base_url = reader.string("`base_url`", value, BASE_URL_EXAMPLE).and_then(|s| reader.base_url(s))
            }
            "source_locale" => {
                let example = "source_locale = \"en-US\"";
                config.source_locale = reader.string("`source_locale`", value, example).and_then(|s| reader.tag(s))
            }
            "output_dir" => {
                let example = "output_dir = \"public\"";
                config.output_dir = reader.string("`output_dir`", value, example).and_then(|s| reader.output_dir(s))
            }
            "publish" => config.publish = reader.publish(value),
            "changes_since" => config.changes_since = reader.date(value),
            "inline_languages" => config.inline_languages = reader.inline_languages(value),
            "serve" => config.serve_port = reader.serve(value),
            _ => reader.unknown(key, KEYS, ""),
        }
    }
    if reader.problems.is_empty() {
        Ok(config)
    } else {
        Err(reader.problems)
    }
}

/// `url` with a `/` at the end, if it is an absolute http(s) URL fit for sitemaps.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Err(format!("`{url}` is not an absolute URL: write it with https:// (or http://) and the host"));
    };
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(format!("`{url}` names no host"));
    }
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\?#".contains(*c)) {
        return Err(format!("`{url}` holds {c:?}: a base URL is a scheme, a host and a path"));
    }
    Ok(if url.ends_with('/') { url.to_owned() } else { format!("{url}/") })
}

/// Whether `tag` is a BCP 47 tag written as locale files are named (canonical form).
pub fn check_tag(tag: &str) -> Result<(), String> {
    match LanguageIdentifier::from_str(tag) {
        Ok(id) if id == tag && id.language.as_str().len() <= 3 => Ok(()),
        Ok(id) if id.language.as_str().len() <= 3 => Err(format!("write the tag as `{id}`")),
        _ => Err("use a BCP 47 tag as the locale files are named, e.g. `en-US` or `zh-TW`".to_owned()),
    }
}

/// What a TOML value is, in the words of an error message.
fn kind(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

type Key<'a> = Spanned<std::borrow::Cow<'a, str>>;
type Value<'a> = Spanned<DeValue<'a>>;

/// Checks the values of one file, collecting every problem.
struct Reader<'s> {
    source: &'s SourceFile,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, span: Range<usize>, message: String, hint: String) {
        self.problems
            .push(Diagnostic::error(&self.source.rel_path, message).at_span(&self.source.text, span).with_hint(hint));
    }

    /// An error at `value`, which `what` (`` `base_url` ``) says is not `wanted`.
    fn wrong_type(&mut self, what: &str, value: &Value, wanted: &str, example: &str) {
        let message = format!("{what} must be {wanted}, not {}", kind(value.get_ref()));
        self.error(value.span(), message, format!("for example: {example}"));
    }

    /// An unknown key of the file (`table` empty) or of one of its tables (` of [serve]`).
    fn unknown(&mut self, key: &Key, known: &[&str], table: &str) {
        let name = key.get_ref().as_ref();
        let hint = did_you_mean(name, known.iter().copied())
            .unwrap_or_else(|| format!("the keys{table} are {}", known.join(", ")));
        self.error(key.span(), format!("unknown key `{name}`{table}"), hint);
    }

    fn string(&mut self, what: &str, value: &Value, example: &str) -> Option<Setting<String>> {
        match value.get_ref() {
            DeValue::String(s) => Some(Setting { value: s.to_string(), span: value.span() }),
            _ => {
                self.wrong_type(what, value, "a string", example);
                None
            }
        }
    }

    fn base_url(&mut self, s: Setting<String>) -> Option<Setting<String>> {
        match normalize_base_url(&s.value) {
            Ok(value) => Some(Setting { value, ..s }),
            Err(message) => {
                self.error(s.span, message, format!("for example: {BASE_URL_EXAMPLE}"));
                None
            }
        }
    }

    fn tag(&mut self, s: Setting<String>) -> Option<Setting<String>> {
        match check_tag(&s.value) {
            Ok(()) => Some(s),
            Err(hint) => {
                self.error(s.span.clone(), format!("`{}` is not a BCP 47 language tag", s.value), hint);
                None
            }
        }
    }

    fn output_dir(&mut self, s: Setting<String>) -> Option<Setting<String>> {
        if s.value.trim().is_empty() {
            let hint = format!("leave the key out for `{DEFAULT_OUTPUT_DIR}`, or name a directory");
            self.error(s.span, "`output_dir` is empty".into(), hint);
            return None;
        }
        Some(s)
    }

    fn publish(&mut self, value: &Value) -> Option<Setting<Vec<Setting<String>>>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type("`publish`", value, "an array of locale tags", PUBLISH_EXAMPLE);
            return None;
        };
        if items.is_empty() {
            let hint = "list at least the source locale, or leave the key out to publish every locale";
            self.error(value.span(), "`publish` lists no locale".into(), hint.into());
            return None;
        }
        let before = self.problems.len();
        let mut tags: Vec<Setting<String>> = Vec::new();
        for item in items.iter() {
            let Some(tag) = self.string("an entry of `publish`", item, PUBLISH_EXAMPLE).and_then(|s| self.tag(s))
            else {
                continue;
            };
            if tags.iter().any(|t| t.value == tag.value) {
                self.error(tag.span, format!("`{}` is listed twice", tag.value), "list each locale once".into());
            } else {
                tags.push(tag);
            }
        }
        (self.problems.len() == before).then_some(Setting { value: tags, span: value.span() })
    }

    fn date(&mut self, value: &Value) -> Option<Setting<Date>> {
        let date = match value.get_ref() {
            DeValue::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.date,
            _ => None,
        };
        match date {
            Some(d) => Some(Setting { value: Date { year: d.year, month: d.month, day: d.day }, span: value.span() }),
            None => {
                let wanted = "a date (a TOML local date, without quotes or time)";
                self.wrong_type("`changes_since`", value, wanted, "changes_since = 2025-01-01");
                None
            }
        }
    }

    fn inline_languages(&mut self, value: &Value) -> Option<Setting<usize>> {
        let example = "inline_languages = 8";
        let DeValue::Integer(n) = value.get_ref() else {
            self.wrong_type("`inline_languages`", value, "a whole number", example);
            return None;
        };
        match usize::from_str_radix(n.as_str(), n.radix()) {
            Ok(count) => Some(Setting { value: count, span: value.span() }),
            Err(_) => {
                let message = format!("`{n}` is not a number of languages");
                self.error(value.span(), message, format!("use 0 or more, for example: {example}"));
                None
            }
        }
    }

    fn serve(&mut self, value: &Value) -> Option<Setting<u16>> {
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type("`serve`", value, "a table", "[serve] on a line of its own, then port = 1111");
            return None;
        };
        let mut port = None;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "port" => port = self.port(value),
                _ => self.unknown(key, SERVE_KEYS, " of [serve]"),
            }
        }
        port
    }

    fn port(&mut self, value: &Value) -> Option<Setting<u16>> {
        let DeValue::Integer(n) = value.get_ref() else {
            self.wrong_type("`port`", value, "a whole number", "port = 1111");
            return None;
        };
        match u16::from_str_radix(n.as_str(), n.radix()) {
            Ok(port) => Some(Setting { value: port, span: value.span() }),
            Err(_) => {
                let message = format!("`{n}` is not a TCP port");
                self.error(value.span(), message, "use a port from 0 to 65535 (0: any free port)".into());
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(&SourceFile { rel_path: CONFIG_PATH.into(), text: text.into() })
    }

    /// `(line, column, message, hint)` of each problem.
    fn problems(text: &str) -> Vec<(usize, usize, String, String)> {
        let mut found = parse_text(text).expect_err("the file has problems");
        crate::diagnostic::sort(&mut found);
        found.into_iter().map(|d| (d.line, d.column, d.message, d.hint.unwrap_or_default())).collect()
    }

    #[test]
    fn every_key() {
        let config = parse_text(
            "base_url = \"https://example.org/docs\"\nsource_locale = \"zh-CN\"\noutput_dir = \"site\"\n\
             publish = [\"zh-CN\", \"en-US\"]\nchanges_since = 2025-01-31\ninline_languages = 3\n\n[serve]\nport = 8080\n",
        )
        .unwrap();
        assert_eq!(config.source_locale(), "zh-CN");
        assert_eq!(config.inline_languages(), 3);
        assert!(config.is_published("en-US") && !config.is_published("zh-TW"));
        assert_eq!(config.base_url.unwrap().value, "https://example.org/docs/");
        assert_eq!(config.output_dir.unwrap().value, "site");
        let publish: Vec<String> = config.publish.unwrap().value.into_iter().map(|s| s.value).collect();
        assert_eq!(publish, ["zh-CN", "en-US"]);
        assert_eq!(config.changes_since.unwrap().value.to_string(), "2025-01-31");
        assert_eq!(config.serve_port.unwrap().value, 8080);
    }

    #[test]
    fn no_file_and_an_empty_file_are_the_defaults() {
        assert_eq!(read(std::path::Path::new("/nonexistent")).unwrap(), Config::default());
        let empty = parse_text("# nothing set\n").unwrap();
        assert_eq!(empty.source_locale(), "en-US");
        assert!(empty.is_published("ja-JP"));
        assert_eq!(empty.inline_languages(), DEFAULT_INLINE_LANGUAGES);
        assert_eq!(Config { text: String::new(), ..empty }, Config::default());
    }

    #[test]
    fn unknown_keys_get_a_did_you_mean() {
        assert_eq!(
            problems("base_ur = \"https://example.org/\"\n[serve]\nprot = 1\nzzz = 2\n"),
            [
                (1, 1, "unknown key `base_ur`".into(), "did you mean `base_url`?".into()),
                (3, 1, "unknown key `prot` of [serve]".into(), "did you mean `port`?".into()),
                (4, 1, "unknown key `zzz` of [serve]".into(), "the keys of [serve] are port".into()),
            ]
        );
    }

    #[test]
    fn wrong_types_and_values_are_reported_at_the_value() {
        let found = problems(
            "base_url = 3\npublish = [\"en-US\", 7, \"en_US\", \"en-US\"]\nchanges_since = \"2025-01-01\"\n\
             serve = {port = 70000}\noutput_dir = \"\"\ninline_languages = -1\n",
        );
        let short: Vec<(usize, usize, &str)> = found.iter().map(|(l, c, m, _)| (*l, *c, m.as_str())).collect();
        assert_eq!(
            short,
            [
                (1, 12, "`base_url` must be a string, not a whole number"),
                (2, 21, "an entry of `publish` must be a string, not a whole number"),
                (2, 24, "`en_US` is not a BCP 47 language tag"),
                (2, 33, "`en-US` is listed twice"),
                (3, 17, "`changes_since` must be a date (a TOML local date, without quotes or time), not a string"),
                (4, 17, "`70000` is not a TCP port"),
                (5, 14, "`output_dir` is empty"),
                (6, 20, "`-1` is not a number of languages"),
            ]
        );
        assert_eq!(found[2].3, "write the tag as `en-US`");
    }

    #[test]
    fn base_urls_must_be_absolute() {
        assert_eq!(normalize_base_url("https://example.org").unwrap(), "https://example.org/");
        assert_eq!(normalize_base_url("http://localhost:8000/a/b/").unwrap(), "http://localhost:8000/a/b/");
        for bad in ["/docs/", "example.org", "https://", "https://example.org/a b", "https://x.org/?q=1", ""] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_syntax_error_is_reported_alone_with_its_position() {
        let found = problems("output_dir = \"site\"\nbase_url = \"https://example.org/\nzzz = 1\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].2.starts_with("TOML syntax: ")), (2, true), "{found:?}");
    }
}
