//! The import report: per page, every value read and the line it came from, the notes,
//! what was kept from an existing file, what changed, and every ambiguity with
//! `file:line` and the text that caused it. Rendered for people or as JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::extract::Issue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Created,
    Updated,
    Unchanged,
    /// Nothing could be written (no ISO code, a duplicate, an unreadable existing file).
    Skipped,
}

impl Status {
    fn verb(self, dry_run: bool) -> &'static str {
        match (self, dry_run) {
            (Status::Created, false) => "created",
            (Status::Created, true) => "would be created",
            (Status::Updated, false) => "updated",
            (Status::Updated, true) => "would be updated",
            (Status::Unchanged, _) => "unchanged",
            (Status::Skipped, _) => "skipped",
        }
    }
}

/// An issue with the file it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    pub file: String,
    #[serde(flatten)]
    pub issue: Issue,
}

impl Located {
    fn render(&self) -> String {
        let place = if self.issue.line == 0 { self.file.clone() } else { format!("{}:{}", self.file, self.issue.line) };
        if self.issue.text.is_empty() {
            format!("{place}: {}", self.issue.message)
        } else {
            format!("{place}: `{}`: {}", shorten(&self.issue.text, 100), self.issue.message)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueLine {
    pub field: String,
    /// The value as YAML flow text.
    pub value: String,
    pub line: usize,
    pub text: String,
    /// Only for `code`: how the name was matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteLine {
    pub key: String,
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptLine {
    pub field: String,
    pub value: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeLine {
    pub field: String,
    /// `null` when the file is new or the key was absent.
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    pub page: String,
    pub output: String,
    pub code: Option<String>,
    pub status: Status,
    pub values: Vec<ValueLine>,
    pub notes: Vec<NoteLine>,
    pub kept: Vec<KeptLine>,
    pub changes: Vec<ChangeLine>,
    pub ambiguities: Vec<Located>,
    pub warnings: Vec<Located>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NameChange {
    Added,
    Changed,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameLine {
    pub code: String,
    pub name: String,
    pub line: usize,
    /// The link text as written on the selector page.
    pub text: String,
    /// What was removed from the link text, if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleaned: Option<String>,
    pub change: NameChange,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocaleReport {
    pub locale: String,
    pub selector: String,
    pub output: String,
    pub status: Status,
    pub names: Vec<NameLine>,
    /// Links to pages that are neither imported nor in `content/countries/`.
    pub skipped: Vec<Located>,
    pub ambiguities: Vec<Located>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub pages: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub ambiguities: usize,
    pub warnings: usize,
    pub names_added: usize,
    pub names_changed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub pages_dir: String,
    pub root: String,
    pub dry_run: bool,
    pub summary: Summary,
    pub files: Vec<FileReport>,
    pub locales: Vec<LocaleReport>,
}

impl Report {
    pub fn new(pages_dir: String, root: String, dry_run: bool) -> Report {
        Report { pages_dir, root, dry_run, summary: Summary::default(), files: Vec::new(), locales: Vec::new() }
    }

    /// Fills in the summary from the files and locales.
    pub fn finish(&mut self) {
        let count = |s: Status| self.files.iter().filter(|f| f.status == s).count();
        let names = |c: NameChange| self.locales.iter().flat_map(|l| &l.names).filter(|n| n.change == c).count();
        self.summary = Summary {
            pages: self.files.len(),
            created: count(Status::Created),
            updated: count(Status::Updated),
            unchanged: count(Status::Unchanged),
            skipped: count(Status::Skipped),
            ambiguities: self.files.iter().map(|f| f.ambiguities.len()).sum::<usize>()
                + self.locales.iter().map(|l| l.ambiguities.len()).sum::<usize>(),
            warnings: self.files.iter().map(|f| f.warnings.len()).sum(),
            names_added: names(NameChange::Added),
            names_changed: names(NameChange::Changed),
        };
    }

    /// 0 when everything mapped, 1 when some values need a person.
    pub fn exit_status(&self) -> u8 {
        u8::from(self.summary.ambiguities > 0)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn to_human(&self) -> String {
        let mut out = String::new();
        let dry = if self.dry_run { " (dry run: nothing written)" } else { "" };
        let _ = writeln!(out, "Importing DocFX pages from {} into {}{dry}\n", self.pages_dir, self.root);
        for file in &self.files {
            render_file(&mut out, file, self.dry_run);
        }
        for locale in &self.locales {
            render_locale(&mut out, locale, self.dry_run);
        }
        render_summary(&mut out, &self.summary);
        out
    }
}

fn render_file(out: &mut String, f: &FileReport, dry_run: bool) {
    let code = f.code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    let _ = writeln!(out, "{} → {}{code}: {}", f.page, f.output, f.status.verb(dry_run));
    let width = f.values.iter().map(|v| v.field.len()).max().unwrap_or(0);
    for v in &f.values {
        let how = v.how.as_deref().map(|h| format!(" [{h}]")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  line {:>3}  {:<width$}  {}{how}  ← {}",
            v.line,
            v.field,
            shorten(&v.value, 60),
            shorten(&v.text, 70)
        );
    }
    for n in &f.notes {
        let _ = writeln!(out, "  line {:>3}  note {}  ← {}", n.line, n.key, shorten(&n.text, 70));
    }
    for k in &f.kept {
        let _ = writeln!(out, "  kept      {} = {} ({})", k.field, shorten(&k.value, 60), k.reason);
    }
    for c in &f.changes {
        let old = c.old.as_deref().unwrap_or("(absent)");
        let new = c.new.as_deref().unwrap_or("(absent)");
        let _ = writeln!(out, "  changed   {}: {} → {}", c.field, shorten(old, 50), shorten(new, 50));
    }
    for w in &f.warnings {
        let _ = writeln!(out, "  warning   {}", w.render());
    }
    for a in &f.ambiguities {
        let _ = writeln!(out, "  NEEDS A PERSON  {}", a.render());
    }
    out.push('\n');
}

fn render_locale(out: &mut String, l: &LocaleReport, dry_run: bool) {
    let count = |c: NameChange| l.names.iter().filter(|n| n.change == c).count();
    let _ = writeln!(
        out,
        "{} ({}) → {}: {}; {} names: {} added, {} changed, {} unchanged; {} links skipped",
        l.selector,
        l.locale,
        l.output,
        l.status.verb(dry_run),
        l.names.len(),
        count(NameChange::Added),
        count(NameChange::Changed),
        count(NameChange::Unchanged),
        l.skipped.len()
    );
    for n in &l.names {
        let cleaned = n.cleaned.as_deref().map(|c| format!(" (from `{}`: {c})", n.text)).unwrap_or_default();
        match n.change {
            NameChange::Added => {
                let _ = writeln!(out, "  line {:>3}  added    {}: {}{cleaned}", n.line, n.code, n.name);
            }
            NameChange::Changed => {
                let old = n.old.as_deref().unwrap_or_default();
                let _ = writeln!(out, "  line {:>3}  changed  {}: {old} → {}{cleaned}", n.line, n.code, n.name);
            }
            NameChange::Unchanged if n.cleaned.is_some() => {
                let _ = writeln!(out, "  line {:>3}  same     {}: {}{cleaned}", n.line, n.code, n.name);
            }
            NameChange::Unchanged => {}
        }
    }
    if !l.skipped.is_empty() {
        let links: Vec<String> = l.skipped.iter().map(|s| format!("{}:{}", s.issue.text, s.issue.line)).collect();
        let _ = writeln!(
            out,
            "  skipped   links to pages neither imported nor in content/countries/: {}",
            links.join(", ")
        );
    }
    for a in &l.ambiguities {
        let _ = writeln!(out, "  NEEDS A PERSON  {}", a.render());
    }
    out.push('\n');
}

fn render_summary(out: &mut String, s: &Summary) {
    let _ = writeln!(
        out,
        "Summary: {} pages: {} created, {} updated, {} unchanged, {} skipped; {} names added, {} changed; {} warnings; {} values need a person",
        s.pages, s.created, s.updated, s.unchanged, s.skipped, s.names_added, s.names_changed, s.warnings, s.ambiguities
    );
}

/// At most `max` characters, with `…` when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(ambiguities: Vec<Located>) -> FileReport {
        FileReport {
            page: "pages/availability-in-india.md".into(),
            output: "content/countries/india.yaml".into(),
            code: Some("IN".into()),
            status: Status::Created,
            values: vec![ValueLine {
                field: "code".into(),
                value: "IN".into(),
                line: 30,
                text: "Availability in India".into(),
                how: Some("en-US name".into()),
            }],
            notes: vec![],
            kept: vec![KeptLine {
                field: "business_voice".into(),
                value: "null".into(),
                reason: "not on the page; default".into(),
            }],
            changes: vec![],
            ambiguities,
            warnings: vec![],
        }
    }

    fn issue(line: usize) -> Located {
        Located {
            file: "pages/availability-in-india.md".into(),
            issue: Issue {
                line,
                text: "Other cities on request".into(),
                message: "decide".into(),
                field: Some("notes"),
                note: Some("toll_on_request"),
            },
        }
    }

    #[test]
    fn human_report_shows_lines_and_ambiguities_with_file_and_line() {
        let mut r = Report::new("pages".into(), "site".into(), false);
        r.files.push(file(vec![issue(65)]));
        r.finish();
        let text = r.to_human();
        assert!(text.contains("pages/availability-in-india.md → content/countries/india.yaml (IN): created"), "{text}");
        assert!(text.contains("line  30  code  IN [en-US name]  ← Availability in India"), "{text}");
        assert!(text.contains("kept      business_voice = null"), "{text}");
        assert!(
            text.contains("NEEDS A PERSON  pages/availability-in-india.md:65: `Other cities on request`: decide"),
            "{text}"
        );
        assert!(text.contains("1 values need a person"), "{text}");
        assert_eq!(r.exit_status(), 1);
    }

    #[test]
    fn json_report_flattens_issues() {
        let mut r = Report::new("pages".into(), "site".into(), true);
        r.files.push(file(vec![issue(65)]));
        r.finish();
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        let a = &v["files"][0]["ambiguities"][0];
        assert_eq!(a["file"], "pages/availability-in-india.md");
        assert_eq!(a["line"], 65);
        assert_eq!(a["note"], "toll_on_request");
        assert_eq!(v["summary"]["ambiguities"], 1);
        assert_eq!(v["dry_run"], true);
    }

    #[test]
    fn everything_mapped_is_status_zero() {
        let mut r = Report::new("p".into(), "r".into(), false);
        r.files.push(file(vec![]));
        r.finish();
        assert_eq!(r.exit_status(), 0);
    }

    #[test]
    fn shortens_by_characters() {
        assert_eq!(shorten("阿根廷阿根廷", 4), "阿根廷…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}
