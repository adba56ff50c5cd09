//! `availgen import docfx`: migrates hand-written DocFX "Availability in <country>" pages
//! into `content/countries/<slug>.yaml`, and the country names of localized selector
//! pages into `locales/<tag>.yaml`.
//!
//! Every page is read completely, and every file checked against the site's schema,
//! before anything is written; what cannot be mapped exactly becomes a note key or an
//! ambiguity in the report, never a silent guess.
//! Over existing content, keys a page does not cover are kept and every changed value is
//! reported; importing the same pages again changes nothing.

mod cell;
mod docfx;
mod emit;
mod extract;
mod facts;
mod names;
mod report;
mod rules;
mod selector;
mod yaml_text;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::load::{self, country, locale, Schema};
use extract::{Extracted, Issue, Origin};
use facts::{default_value, Facts, Val, FIELDS, NOT_ON_PAGES};
use names::Names;
pub use report::Report;
use report::{
    ChangeLine, FileReport, KeptLine, LocaleReport, Located, NameChange, NameLine, NoteLine, Status, ValueLine,
};

pub struct Options {
    /// Folder searched (recursively) for `availability-in-<slug>.md`.
    pub pages: PathBuf,
    /// `(locale tag, selector page)` pairs.
    pub selectors: Vec<(String, PathBuf)>,
    /// Site root: `content/` and `locales/` are under it.
    pub root: PathBuf,
    pub dry_run: bool,
}

/// A usage or I/O error, or a file the site would not accept: nothing was written
/// (exit status 2).
#[derive(Debug)]
pub enum ImportError {
    Usage(String),
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The text for `output` does not pass the site's schema, or does not read back as
    /// the facts imported: the importer and the schema disagree.
    Unaccepted {
        output: String,
        problems: Vec<Diagnostic>,
    },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Usage(message) => f.write_str(message),
            ImportError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            ImportError::Unaccepted { output, problems } => {
                write!(f, "cannot write {output}: the site's schema does not accept what the importer made of the page; nothing was written")?;
                for problem in problems {
                    write!(f, "\n{}", problem.render(false))?;
                }
                Ok(())
            }
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ImportError + '_ {
    move |error| ImportError::Io { path: path.to_owned(), error }
}

/// A country file already under the root.
struct Existing {
    /// Its facts, or why it must not be overwritten.
    facts: Result<Facts, String>,
}

/// Everything decided about one page, before anything is written.
struct PageOutcome {
    report: FileReport,
    write: Option<(PathBuf, String)>,
    slug_code: Option<(String, String)>,
}

pub fn run(options: &Options) -> Result<Report, ImportError> {
    if !options.root.is_dir() {
        return Err(ImportError::Usage(format!("--root {} is not a directory", options.root.display())));
    }
    let names = load_names(&options.root)?;
    let pages = find_pages(&options.pages)?;
    let schema = site_schema(&options.root)?;
    let existing = existing_countries(&options.root, &schema)?;
    let mut report =
        Report::new(options.pages.display().to_string(), options.root.display().to_string(), options.dry_run);
    let mut writes = Vec::new();
    let mut slug_codes: BTreeMap<String, String> = existing
        .iter()
        .filter_map(|(slug, e)| Some((slug.clone(), e.facts.as_ref().ok()?.code()?.to_owned())))
        .collect();
    let mut code_slugs: BTreeMap<String, String> = slug_codes.iter().map(|(s, c)| (c.clone(), s.clone())).collect();
    let mut seen_slugs = BTreeSet::new();
    let site = Site { root: &options.root, names: &names, schema: &schema, existing: &existing };
    for (slug, path) in pages {
        let outcome = if seen_slugs.insert(slug.clone()) {
            import_page(&site, &code_slugs, &slug, &path)?
        } else {
            duplicate_page(&slug, &path)
        };
        if let Some((slug, code)) = outcome.slug_code {
            code_slugs.insert(code.clone(), slug.clone());
            slug_codes.insert(slug, code);
        }
        writes.extend(outcome.write);
        report.files.push(outcome.report);
    }
    for (tag, path) in &options.selectors {
        let (locale_report, write) = merge_selector(options, &names, &slug_codes, tag, path)?;
        writes.extend(write);
        report.locales.push(locale_report);
    }
    if !options.dry_run {
        for (path, text) in &writes {
            write_file(path, text)?;
        }
    }
    report.finish();
    Ok(report)
}

/// The en-US country names of the target root, for name → code.
fn load_names(root: &Path) -> Result<Names, ImportError> {
    let path = root.join("locales/en-US.yaml");
    let usage = |why: String| {
        ImportError::Usage(format!(
            "{}: {why} (the importer maps country names to ISO codes with its `countries:`)",
            path.display()
        ))
    };
    if !path.is_file() {
        return Err(usage("not found".to_owned()));
    }
    let source = load::read_source(root, &path).map_err(|d| usage(d.message))?;
    let parsed = locale::parse(&source).map_err(|d| usage(first_message(&d)))?;
    let countries = parsed.data.countries.iter().map(|(code, name)| (code.as_str(), name.value.as_str()));
    Ok(Names::new(countries))
}

fn first_message(diagnostics: &[crate::diagnostic::Diagnostic]) -> String {
    diagnostics.first().map_or("cannot be read".to_owned(), |d| {
        if d.line > 0 {
            format!("line {}: {}", d.line, d.message)
        } else {
            d.message.clone()
        }
    })
}

/// Every `availability-in-<slug>.md` under `dir`, sorted by path.
fn find_pages(dir: &Path) -> Result<Vec<(String, PathBuf)>, ImportError> {
    if !dir.is_dir() {
        return Err(ImportError::Usage(format!("--pages {} is not a directory", dir.display())));
    }
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| ImportError::Io { path: e.path().unwrap_or(dir).to_owned(), error: e.into() })?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() {
            if let Some(slug) = selector::slug_of(&name) {
                pages.push((slug, entry.into_path()));
            }
        }
    }
    if pages.is_empty() {
        return Err(ImportError::Usage(format!("no availability-in-<slug>.md page under {}", dir.display())));
    }
    Ok(pages)
}

/// The site's schema (`content/schema.yaml`), or the built-in one.
fn site_schema(root: &Path) -> Result<Schema, ImportError> {
    let path = root.join(load::schema::SCHEMA_PATH);
    if !path.is_file() {
        return Ok(Schema::builtin());
    }
    load::read_source(root, &path).map_err(|d| vec![d]).and_then(|s| load::schema::parse(&s)).map_err(|d| {
        ImportError::Usage(format!(
            "{} is not a valid schema ({}); fix it first",
            load::schema::SCHEMA_PATH,
            first_message(&d)
        ))
    })
}

/// `content/countries/*.yaml` by slug, parsed (or why not).
fn existing_countries(root: &Path, schema: &Schema) -> Result<BTreeMap<String, Existing>, ImportError> {
    let dir = root.join("content/countries");
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
        let path = entry.map_err(io(&dir))?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let Some(slug) = name.strip_suffix(".yaml") else {
            continue;
        };
        if slug.starts_with('.') || !path.is_file() {
            continue;
        }
        let facts = load::read_source(root, &path)
            .map_err(|d| vec![d])
            .and_then(|s| country::parse_checked(&s, schema))
            .map_err(|d| format!("it cannot be read ({})", first_message(&d)))
            .and_then(|c| existing_facts(&c, schema));
        out.insert(slug.to_owned(), Existing { facts });
    }
    Ok(out)
}

/// The importer's facts of an existing file, if they hold all it says. A site's schema
/// may have facts the importer does not know; rewriting the file would drop them.
fn existing_facts(file: &country::Country, schema: &Schema) -> Result<Facts, String> {
    let facts = Facts::from_country(&file.data, schema);
    let source = load::SourceFile { rel_path: file.rel_path.clone(), text: emit::country_yaml(&facts, schema) };
    let rewritten = country::parse_checked(&source, schema)
        .map_err(|d| format!("it cannot be rewritten ({})", first_message(&d)))?
        .data;
    let unknown: Vec<String> = schema
        .sections
        .iter()
        .enumerate()
        .flat_map(|(si, section)| section.facts.iter().enumerate().map(move |(fi, fact)| (si, fi, section, fact)))
        .filter(|(si, fi, _, _)| rewritten.value(*si, *fi) != file.data.value(*si, *fi))
        .map(|(_, _, section, fact)| format!("`{}.{}`", section.key, fact.key))
        .collect();
    if unknown.is_empty() {
        Ok(facts)
    } else {
        Err(format!("it has {}, which the importer does not handle", unknown.join(", ")))
    }
}

fn output_rel(slug: &str) -> String {
    format!("content/countries/{slug}.yaml")
}

fn skipped(page: &Path, slug: &str, code: Option<String>, issues: Vec<Issue>) -> FileReport {
    let file = page.display().to_string();
    FileReport {
        page: file.clone(),
        output: output_rel(slug),
        code,
        status: Status::Skipped,
        values: Vec::new(),
        notes: Vec::new(),
        kept: Vec::new(),
        changes: Vec::new(),
        ambiguities: issues.into_iter().map(|issue| Located { file: file.clone(), issue }).collect(),
        warnings: Vec::new(),
    }
}

fn whole_file(message: String) -> Issue {
    Issue { line: 0, text: String::new(), message, field: None, note: None }
}

fn duplicate_page(slug: &str, path: &Path) -> PageOutcome {
    let issue = whole_file(format!("another page with the slug `{slug}` was imported first; this one was not read"));
    PageOutcome::skipped(path, slug, None, issue)
}

/// The ISO code from the H1 ("Availability in X"), or the title if there is no H1.
fn page_code(page: &docfx::Page, names: &Names) -> Result<(String, ValueLine), Issue> {
    let heading = page.h1.as_ref().or(page.title.as_ref());
    let Some((line, name)) = heading.and_then(|h| Some((h, docfx::country_name(&h.text)?))) else {
        return Err(whole_file("neither the H1 nor the title reads \"Availability in <country>\"".to_owned()));
    };
    let resolved = names.resolve(&name).map_err(|message| Issue {
        line: line.number,
        text: line.text.clone(),
        message: format!("no ISO code: {message}; add the name to the override table"),
        field: Some("code"),
        note: None,
    })?;
    if let (Some(h1), Some(title)) = (&page.h1, &page.title) {
        let other = docfx::country_name(&title.text).and_then(|n| names.resolve(&n).ok());
        if other.as_ref().is_some_and(|o| o.code != resolved.code) && h1.number != title.number {
            return Err(Issue {
                line: title.number,
                text: title.text.clone(),
                message: format!("the title names another country than the H1 ({})", resolved.code),
                field: Some("code"),
                note: None,
            });
        }
    }
    let value = ValueLine {
        field: "code".to_owned(),
        value: Val::Text(resolved.code.clone()).flow(),
        line: line.number,
        text: line.text.clone(),
        how: Some(resolved.how.to_owned()),
    };
    Ok((resolved.code, value))
}

fn read_page(path: &Path) -> Result<docfx::Page, ImportError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let text = String::from_utf8(bytes).map_err(|e| ImportError::Io {
        path: path.to_owned(),
        error: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
    })?;
    Ok(docfx::parse(text.strip_prefix('\u{feff}').unwrap_or(&text)))
}

impl PageOutcome {
    fn skipped(path: &Path, slug: &str, code: Option<String>, issue: Issue) -> PageOutcome {
        PageOutcome { report: skipped(path, slug, code, vec![issue]), write: None, slug_code: None }
    }
}

/// What a page needs before its values can be merged: the existing file (if it can be
/// read) and an ISO code no other file has. `Err`: why the page is skipped (and the
/// code, if it has one).
fn page_target<'e>(
    page: &docfx::Page,
    names: &Names,
    existing: Option<&'e Existing>,
    code_slugs: &BTreeMap<String, String>,
    slug: &str,
) -> Result<Target<'e>, Skip> {
    let old = match existing.map(|e| &e.facts) {
        Some(Err(why)) => {
            let message = format!("{} was not overwritten: {why}", output_rel(slug));
            return Err((None, whole_file(message)));
        }
        Some(Ok(facts)) => Some(facts),
        None => None,
    };
    let (code, code_line) = page_code(page, names).map_err(|issue| (None, issue))?;
    if let Some(other) = code_slugs.get(&code).filter(|s| s.as_str() != slug) {
        let issue = Issue {
            line: code_line.line,
            text: code_line.text.clone(),
            message: format!("{code} is already the code of {}", output_rel(other)),
            field: Some("code"),
            note: None,
        };
        return Err((Some(code), issue));
    }
    Ok(Target { old, code, code_line })
}

struct Target<'e> {
    old: Option<&'e Facts>,
    code: String,
    code_line: ValueLine,
}

/// Why a page is skipped, with its code if it has one.
type Skip = (Option<String>, Issue);

/// What every page is imported into.
struct Site<'a> {
    root: &'a Path,
    names: &'a Names,
    schema: &'a Schema,
    existing: &'a BTreeMap<String, Existing>,
}

fn import_page(
    site: &Site,
    code_slugs: &BTreeMap<String, String>,
    slug: &str,
    path: &Path,
) -> Result<PageOutcome, ImportError> {
    let page = read_page(path)?;
    let Target { old, code, code_line } =
        match page_target(&page, site.names, site.existing.get(slug), code_slugs, slug) {
            Ok(target) => target,
            Err((code, issue)) => return Ok(PageOutcome::skipped(path, slug, code, issue)),
        };
    let extracted = extract::extract(&page, Some(&code));
    let merged = merge(&extracted, old, &code);
    let status = match old {
        None => Status::Created,
        Some(old) if *old == merged.facts => Status::Unchanged,
        Some(_) => Status::Updated,
    };
    let write = match status {
        Status::Unchanged => None,
        _ => {
            let text = emit::country_yaml(&merged.facts, site.schema);
            check_country_text(&output_rel(slug), &text, site.schema, &merged.facts)?;
            Some((site.root.join(output_rel(slug)), text))
        }
    };
    let mut values = vec![code_line];
    values.extend(value_lines(&extracted));
    let file = path.display().to_string();
    let report = FileReport {
        page: file.clone(),
        output: output_rel(slug),
        code: Some(code.clone()),
        status,
        values,
        notes: note_lines(&extracted.notes),
        kept: merged.kept,
        changes: merged.changes,
        ambiguities: located(&file, &extracted.ambiguities),
        warnings: located(&file, &extracted.warnings),
    };
    Ok(PageOutcome { report, write, slug_code: Some((slug.to_owned(), code)) })
}

fn located(file: &str, issues: &[Issue]) -> Vec<Located> {
    issues.iter().map(|issue| Located { file: file.to_owned(), issue: issue.clone() }).collect()
}

fn value_lines(x: &Extracted) -> Vec<ValueLine> {
    FIELDS
        .iter()
        .filter_map(|field| {
            let (value, origin) = x.values.get(field)?;
            Some(ValueLine {
                field: (*field).to_owned(),
                value: value.flow(),
                line: origin.line,
                text: origin.text.clone(),
                how: x.undecided.contains(field).then(|| "tentative: needs a person".to_owned()),
            })
        })
        .collect()
}

fn note_lines(notes: &BTreeMap<&'static str, Origin>) -> Vec<NoteLine> {
    notes
        .iter()
        .map(|(key, origin)| NoteLine { key: (*key).to_owned(), line: origin.line, text: origin.text.clone() })
        .collect()
}

struct Merged {
    facts: Facts,
    kept: Vec<KeptLine>,
    changes: Vec<ChangeLine>,
}

/// The page's values over the existing file's. Kept from the existing file: keys the
/// page does not cover, values the page leaves to a person, notes no page wording
/// expresses. Without an existing file, uncovered keys take their defaults.
fn merge(x: &Extracted, old: Option<&Facts>, code: &str) -> Merged {
    let mut facts = Facts::default();
    let mut kept = Vec::new();
    facts.set("code", Val::Text(code.to_owned()));
    for field in FIELDS {
        if field == "code" || field == "notes" {
            continue;
        }
        let page = x.value(field).filter(|_| !NOT_ON_PAGES.contains(&field));
        let undecided = x.undecided.contains(field);
        let previous = old.and_then(|o| o.get(field));
        let keep = |value: &Val, reason: &str| KeptLine {
            field: field.to_owned(),
            value: value.flow(),
            reason: reason.to_owned(),
        };
        let value = match (page, previous) {
            (Some(v), _) if !undecided => Some(v.clone()),
            (_, Some(p)) => {
                let reason = if undecided {
                    "the page leaves it to a person; existing value kept"
                } else {
                    "not on the page; existing value kept"
                };
                kept.push(keep(p, reason));
                Some(p.clone())
            }
            (Some(v), None) => Some(v.clone()),
            (None, None) => {
                let value = default_value(field);
                if let Some(v) = &value {
                    kept.push(keep(v, "not on the page; default"));
                }
                value
            }
        };
        if let Some(value) = value {
            facts.set(field, value);
        }
    }
    let (notes, kept_notes) = merge_notes(x, old);
    kept.extend(kept_notes);
    facts.set("notes", Val::List(notes));
    let changes = old.map_or_else(Vec::new, |old| changes(old, &facts));
    Merged { facts, kept, changes }
}

fn merge_notes(x: &Extracted, old: Option<&Facts>) -> (Vec<String>, Vec<KeptLine>) {
    let mut notes: BTreeSet<String> = x.notes.keys().map(|k| (*k).to_owned()).collect();
    let undecided = x.undecided_notes();
    let mut kept = Vec::new();
    for note in old.map(Facts::notes).unwrap_or_default() {
        let reason = if !rules::expressible(&note) {
            "no page wording maps to this note; existing note kept"
        } else if undecided.contains(note.as_str()) && !notes.contains(&note) {
            "the page leaves this note to a person; existing note kept"
        } else {
            continue;
        };
        kept.push(KeptLine { field: "notes".to_owned(), value: note.clone(), reason: reason.to_owned() });
        notes.insert(note);
    }
    (notes.into_iter().collect(), kept)
}

fn changes(old: &Facts, new: &Facts) -> Vec<ChangeLine> {
    FIELDS
        .iter()
        .filter(|f| old.get(f) != new.get(f))
        .map(|f| ChangeLine { field: (*f).to_owned(), old: old.get(f).map(Val::flow), new: new.get(f).map(Val::flow) })
        .collect()
}

/// The text about to be written must be a country file the site's schema accepts, and
/// read back as exactly the facts imported (a fact the schema has no place for would
/// otherwise be dropped without a word).
fn check_country_text(output: &str, text: &str, schema: &Schema, facts: &Facts) -> Result<(), ImportError> {
    let unaccepted = |problems| ImportError::Unaccepted { output: output.to_owned(), problems };
    let source = load::SourceFile { rel_path: output.to_owned(), text: text.to_owned() };
    let written = country::parse_checked(&source, schema).map_err(unaccepted)?;
    let read_back = Facts::from_country(&written.data, schema);
    let lost: Vec<&str> = FIELDS.iter().copied().filter(|f| read_back.get(f) != facts.get(f)).collect();
    if lost.is_empty() {
        return Ok(());
    }
    let message = format!("the site's schema has no place for {}", lost.join(", "));
    let hint = format!(
        "the importer reads these from the pages: add them to {} as the bundled schema has them",
        load::schema::SCHEMA_PATH
    );
    Err(unaccepted(vec![Diagnostic::error(output, message).with_hint(hint)]))
}

/// Merges a selector page's names into `locales/<tag>.yaml`.
fn merge_selector(
    options: &Options,
    names: &Names,
    slug_codes: &BTreeMap<String, String>,
    tag: &str,
    selector_path: &Path,
) -> Result<(LocaleReport, Option<(PathBuf, String)>), ImportError> {
    let selector_text = std::fs::read_to_string(selector_path).map_err(io(selector_path))?;
    let output = format!("locales/{tag}.yaml");
    let path = options.root.join(&output);
    if !path.is_file() {
        return Err(ImportError::Usage(format!(
            "--selector {tag}=…: {} does not exist; create it first (at least `meta: {{name: …}}`)",
            path.display()
        )));
    }
    let source = load::read_source(&options.root, &path)
        .map_err(|d| ImportError::Usage(format!("{}: {}", path.display(), d.message)))?;
    let mut merge = LocaleMerge {
        selector: selector_path.display().to_string(),
        text: source.text.clone(),
        current: BTreeMap::new(),
        seen: BTreeMap::new(),
        report: LocaleReport {
            locale: tag.to_owned(),
            selector: selector_path.display().to_string(),
            output: output.clone(),
            status: Status::Unchanged,
            names: Vec::new(),
            skipped: Vec::new(),
            ambiguities: Vec::new(),
        },
    };
    match locale::parse(&source) {
        Ok(parsed) => {
            merge.current =
                parsed.data.countries.iter().map(|(code, name)| (code.clone(), name.value.clone())).collect();
        }
        Err(d) => {
            let message = format!("{output} cannot be read ({}), so it was not edited", first_message(&d));
            merge.report.status = Status::Skipped;
            merge.report.ambiguities.push(Located { file: output, issue: whole_file(message) });
            return Ok((merge.report, None));
        }
    }
    for entry in selector::entries(&selector_text) {
        if !merge.entry(&entry, names, slug_codes) {
            break;
        }
    }
    if merge.text == source.text {
        return Ok((merge.report, None));
    }
    check_locale_edit(&output, &merge.text, &merge.current)?;
    merge.report.status = Status::Updated;
    Ok((merge.report, Some((path, merge.text))))
}

/// A locale file being edited with one selector page's names.
struct LocaleMerge {
    selector: String,
    text: String,
    /// The file's `countries:` as it will be after the edits so far.
    current: BTreeMap<String, String>,
    /// Code → the line and name of its first link.
    seen: BTreeMap<String, (usize, String)>,
    report: LocaleReport,
}

impl LocaleMerge {
    fn issue(&self, entry: &selector::Entry, message: String) -> Located {
        Located {
            file: self.selector.clone(),
            issue: Issue { line: entry.line, text: entry.text.clone(), message, field: None, note: None },
        }
    }

    /// Sets the name of one link's country; false when the file cannot be edited further.
    fn entry(&mut self, entry: &selector::Entry, names: &Names, slug_codes: &BTreeMap<String, String>) -> bool {
        let Some(code) = slug_codes.get(&entry.slug) else {
            let message = format!(
                "no page availability-in-{0}.md was imported and there is no content/countries/{0}.yaml",
                entry.slug
            );
            let skipped = self.issue(entry, message);
            self.report.skipped.push(skipped);
            return true;
        };
        let (name, cleaned) = selector::clean_name(&entry.text, names.english(code));
        if name.is_empty() {
            let issue = self.issue(entry, format!("the link for {code} has no text"));
            self.report.ambiguities.push(issue);
            return true;
        }
        if let Some((line, first)) = self.seen.get(code).cloned() {
            if first != name {
                let message = format!("{code} is also linked on line {line} (as `{first}`); the first was kept");
                let issue = self.issue(entry, message);
                self.report.ambiguities.push(issue);
            }
            return true;
        }
        self.seen.insert(code.clone(), (entry.line, name.clone()));
        let current = self.current.get(code).map(String::as_str);
        let (change, old) = match selector::set_country(&mut self.text, code, &name, current) {
            Ok(selector::Edit::Added) => (NameChange::Added, None),
            Ok(selector::Edit::Changed { old }) => (NameChange::Changed, Some(old)),
            Ok(selector::Edit::Unchanged) => (NameChange::Unchanged, None),
            Err(selector::Uneditable(why)) => {
                let output = self.report.output.clone();
                self.report.ambiguities.push(Located { file: output, issue: whole_file(why) });
                return false;
            }
        };
        self.current.insert(code.clone(), name.clone());
        self.report.names.push(NameLine {
            code: code.clone(),
            name,
            line: entry.line,
            text: entry.text.clone(),
            cleaned,
            change,
            old,
        });
        true
    }
}

/// The edited locale file must still parse, with exactly the intended names.
fn check_locale_edit(output: &str, text: &str, expected: &BTreeMap<String, String>) -> Result<(), ImportError> {
    let source = load::SourceFile { rel_path: output.to_owned(), text: text.to_owned() };
    let parsed = locale::parse(&source).map_err(|d| {
        ImportError::Usage(format!("editing {output} would break it ({}); nothing was written", first_message(&d)))
    })?;
    let got: BTreeMap<String, String> =
        parsed.data.countries.iter().map(|(c, n)| (c.clone(), n.value.clone())).collect();
    if &got != expected {
        return Err(ImportError::Usage(format!(
            "editing {output} as text did not give the intended `countries:`; nothing was written"
        )));
    }
    Ok(())
}

/// Writes beside the target, then renames over it, so a file is never half-written.
fn write_file(path: &Path, text: &str) -> Result<(), ImportError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.import-tmp"));
    std::fs::write(&tmp, text).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> Facts {
        let source = load::SourceFile { rel_path: "content/countries/x.yaml".into(), text: text.into() };
        let schema = crate::load::Schema::builtin();
        Facts::from_country(&country::parse_checked(&source, &schema).unwrap().data, &schema)
    }

    const ARGENTINA: &str = include_str!("../../content/countries/argentina.yaml");

    fn extracted(values: &[(&'static str, Val)]) -> Extracted {
        let mut x = Extracted::default();
        for (field, value) in values {
            let origin = Origin { line: 1, text: String::new() };
            x.values.insert(field, (value.clone(), origin));
        }
        x
    }

    #[test]
    fn keeps_what_the_page_does_not_cover() {
        let text = ARGENTINA
            .replace("business_voice: null", "business_voice:\n  calling_plan_minutes: 10")
            .replace("notes: []", "notes: [custom_note, toll_on_request]");
        let old = facts(&text);
        let x = extracted(&[("service_numbers.toll_free", Val::Bool(false))]);
        let merged = merge(&x, Some(&old), "AR");
        assert_eq!(merged.facts.get("business_voice"), Some(&Val::BusinessVoice(Some(10))));
        assert!(merged.facts.get("source").is_some());
        // custom_note has no page wording: kept. toll_on_request has one and the page
        // doesn't say it: dropped, and reported as a change.
        assert_eq!(merged.facts.notes(), ["custom_note"]);
        let changed: Vec<&str> = merged.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(changed, ["service_numbers.toll_free", "notes"]);
        assert_eq!(merged.changes[0].old.as_deref(), Some("true"));
        assert_eq!(merged.changes[0].new.as_deref(), Some("false"));
    }

    #[test]
    fn undecided_values_keep_the_existing_value() {
        let old = facts(ARGENTINA);
        let mut x = extracted(&[("service_numbers.toll", Val::Bool(false))]);
        x.undecided.insert("service_numbers.toll");
        let merged = merge(&x, Some(&old), "AR");
        assert_eq!(merged.facts.get("service_numbers.toll"), Some(&Val::Bool(true)));
        assert!(merged.kept.iter().any(|k| k.field == "service_numbers.toll"));
        // Without an existing file the tentative value is written.
        let merged = merge(&x, None, "AR");
        assert_eq!(merged.facts.get("service_numbers.toll"), Some(&Val::Bool(false)));
    }

    #[test]
    fn defaults_for_a_new_file() {
        let merged = merge(&Extracted::default(), None, "AR");
        assert_eq!(merged.facts.get("business_voice"), Some(&Val::BusinessVoice(None)));
        assert_eq!(merged.facts.get("source"), None);
        assert!(merged.changes.is_empty());
        assert!(merged.kept.iter().any(|k| k.field == "business_voice"));
    }
}
