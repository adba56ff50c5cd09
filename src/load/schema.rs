//! `content/schema.yaml`: which facts a country file holds and how they are shown.
//!
//! The schema is content, so a docs team can add, rename and reshape facts without a
//! release of availgen. It is read as a YAML tree and checked here, every problem in
//! one run; a site without the file uses the bundled one, compiled in.

use super::yaml::{self, Fields, Node, Placed};
use super::SourceFile;
use crate::diagnostic::{did_you_mean, Diagnostic};

pub const SCHEMA_PATH: &str = "content/schema.yaml";
/// The bundled site's schema, used by sites that have none of their own.
pub const BUILTIN: &str = include_str!("../../content/schema.yaml");

/// Keys of a country file that are not sections.
pub const RESERVED_KEYS: [&str; 3] = ["code", "notes", "source"];

const TYPES: [&str; 5] = ["yes_no", "choice", "count", "cities", "list"];

/// The hint when a section's `available` has no yes/no fact to name.
const ADD_AVAILABLE: &str = "add a yes_no fact meaning \"can be bought here\"";

#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub sections: Vec<SectionDef>,
    /// The site's schema file, or `None` for the built-in schema.
    pub file: Option<String>,
    /// Where each `ui:` key is named, so a missing string can be reported there.
    pub ui_refs: Vec<UiRef>,
}

/// A `ui:` key named in the schema file, and its place.
#[derive(Debug, Clone, PartialEq)]
pub struct UiRef {
    pub key: String,
    pub line: usize,
    pub column: usize,
    pub source_line: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionDef {
    /// The key in country files, e.g. `calling_plans`.
    pub key: String,
    /// The anchor on country pages: the key with hyphens, e.g. `calling-plans`.
    pub id: String,
    /// ui key of the heading.
    pub title: String,
    /// Index in `facts` of the yes/no fact that means "can be bought here".
    pub available: Option<usize>,
    /// A country file may leave the section out (or write null): not offered there.
    pub optional: bool,
    /// The country file writes the section as the value of its one fact.
    pub inline: bool,
    /// ui key shown in the spreadsheet's cells of an optional section that is absent.
    pub absent: Option<String>,
    /// ui key of a sentence shown under the section when `available` is false.
    pub unavailable_hint: Option<String>,
    pub facts: Vec<FactDef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FactDef {
    pub key: String,
    /// ui key of the row label (required for a section's facts, not for a list's items).
    pub label: Option<String>,
    pub optional: bool,
    pub kind: FactKind,
    /// ui key shown for an empty list or an absent value.
    pub empty: Option<String>,
    /// ui key shown instead of the value when the section's `available` fact is false.
    pub unavailable: Option<String>,
    /// A prose page (and anchor) the shown value links to: `calling-plans#destinations`.
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FactKind {
    /// `true` or `false`, shown as the ui strings `yes` and `no` (or others).
    YesNo { yes: String, no: String },
    /// One of a closed set of values, each with its ui key, in schema order.
    Choice { values: Vec<(String, String)> },
    /// A whole number; `format` is a ui string whose `{placeholder}` takes it.
    Count { format: Option<String>, placeholder: String },
    /// City names, translated through each locale's `cities:`.
    Cities,
    /// Records whose fields are facts; each shown as one line.
    List { item: Vec<FactDef> },
}

impl FactKind {
    pub fn name(&self) -> &'static str {
        match self {
            FactKind::YesNo { .. } => "yes_no",
            FactKind::Choice { .. } => "choice",
            FactKind::Count { .. } => "count",
            FactKind::Cities => "cities",
            FactKind::List { .. } => "list",
        }
    }
}

impl SectionDef {
    pub fn fact(&self, key: &str) -> Option<usize> {
        self.facts.iter().position(|f| f.key == key)
    }
}

impl Schema {
    /// The bundled schema; it is checked by a unit test, so parsing cannot fail.
    pub fn builtin() -> Schema {
        let source = SourceFile { rel_path: SCHEMA_PATH.into(), text: BUILTIN.into() };
        Schema { file: None, ..parse(&source).expect("the built-in schema is valid (tested)") }
    }

    /// Where the schema file names `key`, if it is a file of the site.
    pub fn ui_ref(&self, key: &str) -> Option<&UiRef> {
        self.file.as_ref().and(self.ui_refs.iter().find(|r| r.key == key))
    }

    pub fn section(&self, key: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.key == key)
    }

    /// Every `ui:` key the schema names, in schema order, without repeats: the strings
    /// the source locale must have.
    pub fn ui_keys(&self) -> Vec<&str> {
        fn fact_keys<'a>(f: &'a FactDef, out: &mut Vec<&'a str>) {
            out.extend(f.label.as_deref());
            match &f.kind {
                FactKind::YesNo { yes, no } => out.extend([yes.as_str(), no.as_str()]),
                FactKind::Choice { values } => out.extend(values.iter().map(|(_, ui)| ui.as_str())),
                FactKind::Count { format, .. } => out.extend(format.as_deref()),
                FactKind::Cities => {}
                FactKind::List { item } => item.iter().for_each(|f| fact_keys(f, out)),
            }
            out.extend(f.empty.as_deref());
            out.extend(f.unavailable.as_deref());
        }
        let mut out = Vec::new();
        for s in &self.sections {
            out.push(s.title.as_str());
            out.extend(s.absent.as_deref());
            out.extend(s.unavailable_hint.as_deref());
            s.facts.iter().for_each(|f| fact_keys(f, &mut out));
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|k| seen.insert(*k));
        out
    }

    /// The sections a country can be said to offer or not (see `CountryData::offers`):
    /// those with an `available` fact or that are optional, in schema order. They are
    /// the comparison matrix's columns and the features of `{{ countries-with }}`.
    pub fn offered_sections(&self) -> impl Iterator<Item = (usize, &SectionDef)> {
        self.sections.iter().enumerate().filter(|(_, s)| s.available.is_some() || s.optional)
    }

    /// The features `{{ countries-with feature=… }}` accepts: every section of
    /// [`Schema::offered_sections`], and `section.fact` for every yes/no fact.
    pub fn features(&self) -> Vec<String> {
        let mut out: Vec<String> = self.offered_sections().map(|(_, s)| s.key.clone()).collect();
        for s in &self.sections {
            for (i, f) in s.facts.iter().enumerate() {
                if matches!(f.kind, FactKind::YesNo { .. }) && Some(i) != s.available {
                    out.push(format!("{}.{}", s.key, f.key));
                }
            }
        }
        out
    }
}

/// Reads and checks a schema file.
pub fn parse(source: &SourceFile) -> Result<Schema, Vec<Diagnostic>> {
    let root: Placed<Node> = yaml::parse_tree(source).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut ui_refs = Vec::new();
    let schema = Reader { source, problems: &mut problems, ui_refs: &mut ui_refs }.schema(&root);
    let schema = schema.map(|s| Schema { file: Some(source.rel_path.clone()), ui_refs, ..s });
    match schema {
        Some(schema) if problems.is_empty() => Ok(schema),
        _ => Err(problems),
    }
}

/// Walks the schema's YAML tree, collecting every problem.
struct Reader<'a> {
    source: &'a SourceFile,
    problems: &'a mut Vec<Diagnostic>,
    ui_refs: &'a mut Vec<UiRef>,
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Reader<'_> {
    fn error(&mut self, node: &Placed<Node>, message: String, hint: Option<String>) {
        let mut d = yaml::error_at(self.source, node, message);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        self.problems.push(d);
    }

    fn fields<'n>(&mut self, node: &'n Placed<Node>, what: &str) -> Option<Fields<'n>> {
        let fields = Fields::of(node);
        if fields.is_none() {
            self.error(node, format!("{what} must be a mapping, not {}", node.value.kind()), None);
        }
        fields
    }

    /// Reports the keys `fields` did not take, with a hint from `allowed`.
    fn unknown_keys(&mut self, fields: &Fields, allowed: &[&str], what: &str) {
        for key in fields.unread() {
            let name = yaml::key_text(key);
            let hint = did_you_mean(&name, allowed.iter().copied())
                .or_else(|| Some(format!("{what} may have: {}", allowed.join(", "))));
            self.error(key, format!("unknown key `{name}` in {what}"), hint);
        }
    }

    fn string(&mut self, node: &Placed<Node>, what: &str) -> Option<String> {
        match &node.value {
            Node::Str(s) => Some(s.clone()),
            other => {
                self.error(node, format!("{what} must be a string, not {}", other.kind()), None);
                None
            }
        }
    }

    /// A key of a country file or a `ui:` string: lower-case letters, digits and `_`.
    fn identifier(&mut self, node: &Placed<Node>, what: &str) -> Option<String> {
        let s = self.string(node, what)?;
        if is_identifier(&s) {
            Some(s)
        } else {
            let hint = "use lower-case letters, digits and `_`, starting with a letter, e.g. `toll_free`".to_owned();
            self.error(node, format!("{what} `{s}` is not a valid key"), Some(hint));
            None
        }
    }

    /// A `ui:` key, remembered with its place.
    fn ui_key(&mut self, node: &Placed<Node>, what: &str) -> Option<String> {
        let key = self.identifier(node, what)?;
        let line = node.line as usize;
        let source_line = self.source.text.lines().nth(line.saturating_sub(1)).unwrap_or_default().to_owned();
        self.ui_refs.push(UiRef { key: key.clone(), line, column: node.column as usize, source_line });
        Some(key)
    }

    fn flag(&mut self, node: Option<&Placed<Node>>, what: &str) -> bool {
        match node.map(|n| (n, &n.value)) {
            None => false,
            Some((_, Node::Bool(b))) => *b,
            Some((n, other)) => {
                let hint = "expected `true` or `false` (YAML 1.2: `yes` and `no` are strings)".to_owned();
                self.error(n, format!("{what} must be true or false, not {}", other.kind()), Some(hint));
                false
            }
        }
    }

    fn schema(&mut self, root: &Placed<Node>) -> Option<Schema> {
        let mut fields = self.fields(root, "the schema")?;
        let sections_node = fields.get("sections");
        self.unknown_keys(&fields, &["sections"], "the schema");
        let Some(sections_node) = sections_node else {
            self.error(
                root,
                "the schema has no `sections:` list".into(),
                Some("see the README, \"The fact schema\"".into()),
            );
            return None;
        };
        let Node::List(items) = &sections_node.value else {
            self.error(sections_node, format!("`sections` must be a list, not {}", sections_node.value.kind()), None);
            return None;
        };
        if items.is_empty() {
            self.error(sections_node, "`sections` is empty: a country page needs at least one".into(), None);
        }
        let mut sections: Vec<SectionDef> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for item in items {
            if let Some((section, key_node)) = self.section(item) {
                if RESERVED_KEYS.contains(&section.key.as_str()) {
                    let message = format!("`{}` is a country file's own key, not a section", section.key);
                    self.error(key_node, message, Some("choose another key".into()));
                } else if keys.contains(&section.key) {
                    let message = format!("duplicate section `{}`", section.key);
                    self.error(key_node, message, Some("each section key may appear only once".into()));
                }
                keys.push(section.key.clone());
                sections.push(section);
            }
        }
        Some(Schema { sections, file: None, ui_refs: Vec::new() })
    }

    fn section<'n>(&mut self, node: &'n Placed<Node>) -> Option<(SectionDef, &'n Placed<Node>)> {
        const ALLOWED: [&str; 8] =
            ["key", "title", "available", "optional", "inline", "absent", "unavailable_hint", "facts"];
        let mut f = self.fields(node, "a section")?;
        let key_node = f.get("key");
        let title = f.get("title");
        let available = f.get("available");
        let optional = f.get("optional");
        let inline = f.get("inline");
        let absent = f.get("absent");
        let hint = f.get("unavailable_hint");
        let facts_node = f.get("facts");
        self.unknown_keys(&f, &ALLOWED, "a section");

        let Some(key_node) = key_node else {
            self.error(node, "a section needs a `key`".into(), Some("e.g. `key: calling_plans`".into()));
            return None;
        };
        let key = self.identifier(key_node, "a section key")?;
        let title = match title {
            Some(t) => self.ui_key(t, "`title`"),
            None => {
                self.error(
                    key_node,
                    format!("section `{key}` needs a `title`"),
                    Some("the ui key of its heading".into()),
                );
                None
            }
        };
        let optional = self.flag(optional, "`optional`");
        let inline_flag = self.flag(inline, "`inline`");
        let absent = absent.and_then(|a| self.ui_key(a, "`absent`"));
        if absent.is_some() && !optional {
            self.error(value_node(node, "absent"), "`absent` applies only to an `optional` section".into(), None);
        }
        let unavailable_hint = hint.and_then(|h| self.ui_key(h, "`unavailable_hint`"));
        let facts = match facts_node {
            Some(n) => {
                if matches!(&n.value, Node::List(items) if items.is_empty()) {
                    self.error(n, format!("section `{key}` has no facts"), None);
                }
                self.facts(n, true)
            }
            None => {
                self.error(key_node, format!("section `{key}` needs `facts`"), None);
                Vec::new()
            }
        };
        if inline_flag && facts.len() != 1 {
            let n = inline.unwrap_or(node);
            self.error(
                n,
                "an `inline` section has exactly one fact".into(),
                Some("the country file writes its value in place of the section".into()),
            );
        }
        let available = match available {
            None => None,
            Some(a) => {
                let name = self.string(a, "`available`")?;
                match facts.iter().position(|f| f.key == name) {
                    Some(i) if matches!(facts[i].kind, FactKind::YesNo { .. }) && !facts[i].optional => Some(i),
                    Some(i) => {
                        let message = format!(
                            "`available` names `{name}`, a {} fact; it must name a yes_no fact that is not optional",
                            facts[i].kind.name()
                        );
                        let candidates: Vec<String> = facts
                            .iter()
                            .filter(|f| matches!(f.kind, FactKind::YesNo { .. }) && !f.optional)
                            .map(|f| format!("`{}`", f.key))
                            .collect();
                        let hint = if candidates.is_empty() {
                            ADD_AVAILABLE.to_owned()
                        } else {
                            format!("this section's yes_no facts: {}", candidates.join(", "))
                        };
                        self.error(a, message, Some(hint));
                        None
                    }
                    None => {
                        let yes_no =
                            facts.iter().filter(|f| matches!(f.kind, FactKind::YesNo { .. })).map(|f| f.key.as_str());
                        let hint = did_you_mean(&name, yes_no).or_else(|| Some(ADD_AVAILABLE.into()));
                        self.error(a, format!("`available` names `{name}`, which is not a fact of this section"), hint);
                        None
                    }
                }
            }
        };
        if let (Some(h), None) = (hint, available) {
            if unavailable_hint.is_some() {
                self.error(h, "`unavailable_hint` needs an `available` fact in the section".into(), None);
            }
        }
        for fact in &facts {
            if fact.unavailable.is_some() && available.is_none() {
                let n = value_node(node, "key");
                self.error(
                    n,
                    format!("fact `{}` has `unavailable`, but section `{key}` has no `available` fact", fact.key),
                    None,
                );
            }
        }
        let title = title?;
        let id = key.replace('_', "-");
        Some((
            SectionDef { key, id, title, available, optional, inline: inline_flag, absent, unavailable_hint, facts },
            key_node,
        ))
    }

    fn facts(&mut self, node: &Placed<Node>, labelled: bool) -> Vec<FactDef> {
        let Node::List(items) = &node.value else {
            self.error(node, format!("`facts` must be a list, not {}", node.value.kind()), None);
            return Vec::new();
        };
        let mut out: Vec<FactDef> = Vec::new();
        for item in items {
            if let Some((fact, key_node)) = self.fact(item, labelled) {
                if out.iter().any(|f| f.key == fact.key) {
                    self.error(
                        key_node,
                        format!("duplicate fact `{}`", fact.key),
                        Some("each fact key may appear only once in a section".into()),
                    );
                }
                out.push(fact);
            }
        }
        out
    }

    fn fact<'n>(&mut self, node: &'n Placed<Node>, labelled: bool) -> Option<(FactDef, &'n Placed<Node>)> {
        const ALLOWED: [&str; 13] = [
            "key",
            "type",
            "label",
            "optional",
            "empty",
            "unavailable",
            "link",
            "yes",
            "no",
            "values",
            "format",
            "placeholder",
            "item",
        ];
        let mut f = self.fields(node, "a fact")?;
        let key_node = f.get("key");
        let type_node = f.get("type");
        let label = f.get("label");
        let optional = f.get("optional");
        let empty_node = f.get("empty");
        let unavailable = f.get("unavailable");
        let link = f.get("link");
        let yes = f.get("yes");
        let no = f.get("no");
        let values = f.get("values");
        let format = f.get("format");
        let placeholder = f.get("placeholder");
        let item = f.get("item");
        self.unknown_keys(&f, &ALLOWED, "a fact");

        let Some(key_node) = key_node else {
            self.error(node, "a fact needs a `key`".into(), Some("e.g. `key: toll_free`".into()));
            return None;
        };
        let key = self.identifier(key_node, "a fact key")?;
        let Some(type_node) = type_node else {
            self.error(key_node, format!("fact `{key}` needs a `type`"), Some(format!("types: {}", TYPES.join(", "))));
            return None;
        };
        let type_name = self.string(type_node, "`type`")?;
        let label = match label {
            Some(l) => self.ui_key(l, "`label`"),
            None if labelled => {
                self.error(
                    key_node,
                    format!("fact `{key}` needs a `label`"),
                    Some("the ui key of its row's label".into()),
                );
                None
            }
            None => None,
        };
        let optional = self.flag(optional, "`optional`");
        let empty = empty_node.and_then(|n| self.ui_key(n, "`empty`"));
        let unavailable = unavailable.and_then(|n| self.ui_key(n, "`unavailable`"));
        let link = link.and_then(|n| self.string(n, "`link`"));
        // Keys that belong to one type only: each used with another type is an error.
        // Not with an unknown type, which is reported once below: `type: choise` with
        // `values` is one typo, not also a misplaced `values`.
        let known_type = TYPES.contains(&type_name.as_str());
        let only = |this: &mut Self, node: Option<&Placed<Node>>, name: &str, types: &[&str]| {
            if let Some(n) = node {
                if known_type && !types.contains(&type_name.as_str()) {
                    let message = format!("`{name}` does not apply to a {type_name} fact");
                    this.error(n, message, Some(format!("`{name}` is for {} facts", types.join(" and "))));
                }
            }
        };
        only(self, yes, "yes", &["yes_no"]);
        only(self, no, "no", &["yes_no"]);
        only(self, values, "values", &["choice"]);
        only(self, format, "format", &["count"]);
        only(self, placeholder, "placeholder", &["count"]);
        only(self, item, "item", &["list"]);
        only(self, empty_node, "empty", &["count", "cities", "list"]);
        let kind = match type_name.as_str() {
            "yes_no" => FactKind::YesNo {
                yes: yes.and_then(|n| self.ui_key(n, "`yes`")).unwrap_or_else(|| "yes".into()),
                no: no.and_then(|n| self.ui_key(n, "`no`")).unwrap_or_else(|| "no".into()),
            },
            "choice" => FactKind::Choice { values: self.choice_values(values, key_node, &key) },
            "count" => FactKind::Count {
                format: format.and_then(|n| self.ui_key(n, "`format`")),
                placeholder: placeholder
                    .and_then(|n| self.identifier(n, "`placeholder`"))
                    .unwrap_or_else(|| "count".into()),
            },
            "cities" => FactKind::Cities,
            "list" => {
                let item = match item {
                    Some(n) if !labelled => {
                        self.error(n, "a list's item cannot hold another list".into(), None);
                        Vec::new()
                    }
                    Some(n) => self.facts(n, false),
                    None => {
                        self.error(
                            key_node,
                            format!("list fact `{key}` needs an `item`"),
                            Some("the facts of one record".into()),
                        );
                        Vec::new()
                    }
                };
                if item.iter().any(|f| matches!(f.kind, FactKind::List { .. })) {
                    self.error(key_node, "a list's item cannot hold another list".into(), None);
                }
                FactKind::List { item }
            }
            other => {
                let hint = did_you_mean(other, TYPES.iter().copied())
                    .unwrap_or_else(|| format!("types: {}", TYPES.join(", ")));
                self.error(type_node, format!("unknown fact type `{other}`"), Some(hint));
                return None;
            }
        };
        let empty = empty.filter(|_| matches!(kind, FactKind::Count { .. } | FactKind::Cities | FactKind::List { .. }));
        Some((FactDef { key, label, optional, kind, empty, unavailable, link }, key_node))
    }

    fn choice_values(
        &mut self,
        node: Option<&Placed<Node>>,
        key_node: &Placed<Node>,
        key: &str,
    ) -> Vec<(String, String)> {
        let Some(node) = node else {
            self.error(key_node, format!("choice fact `{key}` needs `values`"), Some("a mapping of each value to its ui key, e.g. `values: {included: included, credits: requires_credits}`".into()));
            return Vec::new();
        };
        let Node::Map(entries) = &node.value else {
            self.error(node, format!("`values` must be a mapping of value to ui key, not {}", node.value.kind()), None);
            return Vec::new();
        };
        if entries.is_empty() {
            self.error(node, format!("choice fact `{key}` has no values"), None);
        }
        let mut out: Vec<(String, String)> = Vec::new();
        for (k, v) in entries {
            let (Some(value), Some(ui)) = (self.identifier(k, "a choice value"), self.ui_key(v, "a choice's ui key"))
            else {
                continue;
            };
            if out.iter().any(|(existing, _)| *existing == value) {
                self.error(k, format!("duplicate choice value `{value}`"), None);
            }
            out.push((value, ui));
        }
        out
    }
}

/// The node of `key`'s value in the mapping `node`, or `node` itself: for pointing at it.
fn value_node<'n>(node: &'n Placed<Node>, key: &str) -> &'n Placed<Node> {
    Fields::of(node).and_then(|mut f| f.get(key)).unwrap_or(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Schema, Vec<Diagnostic>> {
        parse(&SourceFile { rel_path: SCHEMA_PATH.into(), text: text.into() })
    }

    #[test]
    fn the_builtin_schema_is_valid() {
        let s = parse_text(BUILTIN).unwrap();
        let keys: Vec<&str> = s.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "audio_conferencing",
                "phone_system",
                "calling_plans",
                "service_numbers",
                "communications_credits",
                "business_voice"
            ]
        );
        assert_eq!(s.sections[2].id, "calling-plans");
        assert_eq!(s.sections[2].available, Some(0));
        assert!(s.sections[4].inline);
        assert!(s.sections[5].optional);
        assert!(s.ui_keys().contains(&"cp_domestic_minutes"));
        assert!(s.features().contains(&"service_numbers.toll_free".to_owned()));
        // Service numbers have no `available` fact and are not optional: no column.
        let offered: Vec<&str> = s.offered_sections().map(|(_, s)| s.key.as_str()).collect();
        assert_eq!(
            offered,
            ["audio_conferencing", "phone_system", "calling_plans", "communications_credits", "business_voice"]
        );
    }

    #[test]
    fn every_problem_of_a_broken_schema_in_one_run() {
        let text = "sections:
  - key: calling_plans
    title: calling_plans
    available: availabel
    facts:
      - {key: available, type: yes_no, label: available_for_purchase}
      - {key: plans, type: lsit, label: cp_plans}
      - {key: kind, type: choice, label: cp_kind, values: {}}
      - {key: kind, type: count, label: cp_kind, colour: red}
  - key: calling_plans
    title: calling_plans
    facts:
      - {key: x, type: yes_no, label: x}
";
        let problems = parse_text(text).unwrap_err();
        let found: Vec<(usize, usize, &str, Option<&str>)> =
            problems.iter().map(|d| (d.line, d.column, d.message.as_str(), d.hint.as_deref())).collect();
        assert!(found.contains(&(7, 28, "unknown fact type `lsit`", Some("did you mean `list`?"))), "{found:#?}");
        assert!(found.iter().any(|f| f.0 == 8 && f.2 == "choice fact `kind` has no values"), "{found:#?}");
        assert!(found.iter().any(|f| f.0 == 9 && f.2 == "duplicate fact `kind`"), "{found:#?}");
        assert!(found.iter().any(|f| f.0 == 9 && f.2 == "unknown key `colour` in a fact"), "{found:#?}");
        assert!(
            found.iter().any(|f| f.0 == 4
                && f.2.starts_with("`available` names `availabel`")
                && f.3 == Some("did you mean `available`?")),
            "{found:#?}"
        );
        assert!(found.iter().any(|f| f.0 == 10 && f.2 == "duplicate section `calling_plans`"), "{found:#?}");
    }

    #[test]
    fn available_must_name_a_yes_no_fact() {
        let text = "sections:\n  - key: a\n    title: a\n    available: n\n    facts:\n      - {key: n, type: count, label: n}\n";
        let d = &parse_text(text).unwrap_err()[0];
        assert_eq!((d.line, d.column), (4, 16));
        assert!(d.message.contains("must name a yes_no fact"), "{d:?}");
    }

    #[test]
    fn not_a_mapping_and_garbage_are_reported_not_panics() {
        for text in [
            "",
            "[]",
            "sections: 3",
            "sections: [3]",
            "sections:\n  - key: [x]\n",
            "sections:\n  - {key: a, title: a, facts: {}}\n",
        ] {
            assert!(parse_text(text).is_err(), "{text:?}");
        }
    }
}
