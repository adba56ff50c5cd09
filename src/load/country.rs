//! `content/countries/<slug>.yaml`: the language-neutral facts of one country or region.
//!
//! A country file is read in two steps: its YAML tree (kept between rebuilds by
//! `serve`, since it does not depend on the schema), then its facts, checked against
//! the schema with every problem of the file reported at its line and column.

use super::schema::{FactDef, FactKind, Schema, SectionDef, RESERVED_KEYS};
use super::yaml::{self, Fields, Node, Placed};
use super::SourceFile;
use crate::diagnostic::{did_you_mean, Diagnostic};

/// One fact's value, of the type its schema entry gives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FactValue {
    Bool(bool),
    /// Index into the choice's values.
    Choice(usize),
    Count(u64),
    Cities(Vec<String>),
    /// Records, each holding its values in the order of the list's `item` facts.
    List(Vec<Vec<FactValue>>),
    /// An optional fact left out or written as null.
    Absent,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CountryData {
    pub code: Placed<String>,
    /// Per schema section, its facts in schema order; `None` where an optional section
    /// is left out (not offered in the country).
    pub sections: Vec<Option<Vec<FactValue>>>,
    pub notes: Vec<Placed<String>>,
    /// Provenance of the facts; never rendered.
    pub source: Option<String>,
}

impl CountryData {
    /// The value of `fact` in `section` (indices into the schema), if the section is there.
    pub fn value(&self, section: usize, fact: usize) -> Option<&FactValue> {
        self.sections.get(section)?.as_ref()?.get(fact)
    }

    /// Every city the facts name, in schema order (those of list records too).
    pub fn cities(&self) -> Vec<&str> {
        fn walk<'a>(values: &'a [FactValue], out: &mut Vec<&'a str>) {
            for v in values {
                match v {
                    FactValue::Cities(list) => out.extend(list.iter().map(String::as_str)),
                    FactValue::List(records) => records.iter().for_each(|r| walk(r, out)),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        self.sections.iter().flatten().for_each(|s| walk(s, &mut out));
        out
    }

    /// Whether the section is offered: its `available` fact, or its presence when it
    /// is optional and has none. A section with neither always is.
    pub fn offers(&self, schema: &Schema, section: usize) -> bool {
        match (&self.sections[section], schema.sections[section].available) {
            (None, _) => false,
            (Some(facts), Some(a)) => facts[a] == FactValue::Bool(true),
            (Some(_), None) => true,
        }
    }
}

/// A country file as read, before the schema gives its facts a type.
#[derive(Debug, Clone)]
pub struct CountryFile {
    pub slug: String,
    /// The file's path and text, so later stages can point at lines in it.
    pub source: SourceFile,
    pub tree: Placed<Node>,
}

/// A country file with its facts.
#[derive(Debug, Clone)]
pub struct Country {
    pub slug: String,
    pub rel_path: String,
    pub data: CountryData,
    pub text: String,
}

/// Reads a country file's YAML tree.
pub fn parse(source: &SourceFile) -> Result<CountryFile, Vec<Diagnostic>> {
    let slug = super::stem(&source.rel_path).to_owned();
    let tree = yaml::parse_tree(source).map_err(|d| vec![d])?;
    Ok(CountryFile { slug, source: source.clone(), tree })
}

/// Gives the file's facts their types from `schema`, reporting every problem of the file.
pub fn check(file: &CountryFile, schema: &Schema) -> Result<Country, Vec<Diagnostic>> {
    let data = check_facts(file, schema)?;
    let SourceFile { rel_path, text } = file.source.clone();
    Ok(Country { slug: file.slug.clone(), rel_path, data, text })
}

/// The facts of [`check`] alone (what the history keeps of each version).
pub fn check_facts(file: &CountryFile, schema: &Schema) -> Result<CountryData, Vec<Diagnostic>> {
    let mut checker = Checker { source: &file.source, problems: Vec::new() };
    match checker.country(&file.tree, schema) {
        Some(data) if checker.problems.is_empty() => Ok(data),
        _ => Err(checker.problems),
    }
}

/// Reads and checks a country file in one go (tests and fuzz targets).
pub fn parse_checked(source: &SourceFile, schema: &Schema) -> Result<Country, Vec<Diagnostic>> {
    check(&parse(source)?, schema)
}

struct Checker<'a> {
    source: &'a SourceFile,
    problems: Vec<Diagnostic>,
}

const BOOL_HINT: &str = "expected `true` or `false` (YAML 1.2: `yes` and `no` are strings)";

impl Checker<'_> {
    fn error(&mut self, node: &Placed<Node>, message: String, hint: Option<String>) {
        let mut d = yaml::error_at(self.source, node, message);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        self.problems.push(d);
    }

    /// Reports the keys `fields` did not take; returns the known keys they are
    /// probably misspellings of, which are then not also reported missing.
    fn unknown_keys<'k>(&mut self, fields: &Fields, allowed: &[&'k str], what: &str) -> Vec<&'k str> {
        let mut meant = Vec::new();
        for key in fields.unread() {
            let name = yaml::key_text(key);
            let closest = crate::diagnostic::closest(&name, allowed.iter().copied());
            meant.extend(closest);
            let hint = match closest {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("the schema allows: {}", allowed.join(", ")),
            };
            self.error(key, format!("unknown key `{name}` in {what}"), Some(hint));
        }
        meant
    }

    fn country(&mut self, tree: &Placed<Node>, schema: &Schema) -> Option<CountryData> {
        let Some(mut fields) = Fields::of(tree) else {
            self.error(tree, format!("a country file must be a mapping, not {}", tree.value.kind()), None);
            return None;
        };
        let code = fields.get("code");
        let notes = fields.get("notes");
        let source = fields.get("source");
        let section_nodes: Vec<Option<&Placed<Node>>> = schema.sections.iter().map(|s| fields.get(&s.key)).collect();
        let allowed: Vec<&str> =
            RESERVED_KEYS.iter().copied().chain(schema.sections.iter().map(|s| s.key.as_str())).collect();
        let meant = self.unknown_keys(&fields, &allowed, "a country file");

        let code = match code {
            Some(node) => match &node.value {
                Node::Str(s) => Some(node.with(s.clone())),
                other => {
                    let hint = "an ISO 3166-1 alpha-2 code such as `AR`; write Norway as 'NO', quoted".to_owned();
                    self.error(node, format!("`code` must be a string, not {}", other.kind()), Some(hint));
                    None
                }
            },
            None => {
                self.error(tree, "missing `code`".into(), Some("add `code: XX`, the ISO 3166-1 alpha-2 code".into()));
                None
            }
        };
        let notes = match notes.map(|n| (n, &n.value)) {
            None | Some((_, Node::Null)) => Vec::new(),
            Some((_, Node::List(items))) => items
                .iter()
                .filter_map(|item| match &item.value {
                    Node::Str(s) => Some(item.with(s.clone())),
                    other => {
                        self.error(item, format!("a note must be a key (a string), not {}", other.kind()), None);
                        None
                    }
                })
                .collect(),
            Some((n, other)) => {
                self.error(n, format!("`notes` must be a list of note keys, not {}", other.kind()), None);
                Vec::new()
            }
        };
        let source = match source.map(|n| (n, &n.value)) {
            None | Some((_, Node::Null)) => None,
            Some((_, Node::Str(s))) => Some(s.clone()),
            Some((n, other)) => {
                self.error(n, format!("`source` must be a string, not {}", other.kind()), None);
                None
            }
        };
        let sections = schema
            .sections
            .iter()
            .zip(section_nodes)
            .map(|(def, node)| self.section(tree, def, node, meant.contains(&def.key.as_str())))
            .collect();
        Some(CountryData { code: code?, sections, notes, source })
    }

    /// `misspelt`: a key of the file is probably this section, and was reported as unknown.
    fn section(
        &mut self,
        tree: &Placed<Node>,
        def: &SectionDef,
        node: Option<&Placed<Node>>,
        misspelt: bool,
    ) -> Option<Vec<FactValue>> {
        let node = match node {
            None | Some(Placed { value: Node::Null, .. }) if def.optional => return None,
            Some(node) => node,
            None if misspelt => return None,
            None => {
                let hint = format!("add `{}:` (the schema's section `{}` is not optional)", def.key, def.key);
                self.error(tree, format!("missing section `{}`", def.key), Some(hint));
                return None;
            }
        };
        if def.inline {
            return Some(vec![self.value(&def.facts[0], node, &def.key)]);
        }
        let Some(mut fields) = Fields::of(node) else {
            let keys: Vec<&str> = def.facts.iter().map(|f| f.key.as_str()).collect();
            let hint = format!("write its facts as a mapping: {}", keys.join(", "));
            self.error(node, format!("section `{}` must be a mapping, not {}", def.key, node.value.kind()), Some(hint));
            return None;
        };
        let values = self.record(&mut fields, &def.facts, node, &format!("section `{}`", def.key));
        Some(values)
    }

    /// The facts of a section or a list item, from a mapping.
    fn record(&mut self, fields: &mut Fields, defs: &[FactDef], at: &Placed<Node>, what: &str) -> Vec<FactValue> {
        let nodes: Vec<Option<&Placed<Node>>> = defs.iter().map(|f| fields.get(&f.key)).collect();
        let allowed: Vec<&str> = defs.iter().map(|f| f.key.as_str()).collect();
        let meant = self.unknown_keys(fields, &allowed, what);
        defs.iter()
            .zip(nodes)
            .map(|(def, node)| match node {
                Some(node) => self.value(def, node, &def.key),
                // A list left out is an empty list.
                None if matches!(def.kind, FactKind::Cities | FactKind::List { .. }) => {
                    self.value(def, &at.with(Node::List(Vec::new())), &def.key)
                }
                None if def.optional || meant.contains(&def.key.as_str()) => FactValue::Absent,
                None => {
                    let hint = format!("add `{}: …` ({} fact)", def.key, def.kind.name());
                    self.error(at, format!("missing fact `{}` in {what}", def.key), Some(hint));
                    FactValue::Absent
                }
            })
            .collect()
    }

    fn value(&mut self, def: &FactDef, node: &Placed<Node>, key: &str) -> FactValue {
        if matches!(node.value, Node::Null) {
            if def.optional {
                return FactValue::Absent;
            }
            self.error(node, format!("`{key}` is required and cannot be null"), Some(expected(def)));
            return FactValue::Absent;
        }
        match (&def.kind, &node.value) {
            (FactKind::YesNo { .. }, Node::Bool(b)) => FactValue::Bool(*b),
            (FactKind::YesNo { .. }, other) => {
                self.error(
                    node,
                    format!("`{key}` must be true or false, not {}", other.kind()),
                    Some(BOOL_HINT.into()),
                );
                FactValue::Absent
            }
            (FactKind::Choice { values }, Node::Str(s)) => match values.iter().position(|(v, _)| v == s) {
                Some(i) => FactValue::Choice(i),
                None => {
                    let names: Vec<&str> = values.iter().map(|(v, _)| v.as_str()).collect();
                    let hint = did_you_mean(s, names.iter().copied())
                        .unwrap_or_else(|| format!("one of: {}", names.join(", ")));
                    self.error(node, format!("`{s}` is not a value of `{key}`"), Some(hint));
                    FactValue::Absent
                }
            },
            (FactKind::Count { .. }, Node::Int(n)) if *n >= 0 && *n <= i128::from(u32::MAX) => {
                FactValue::Count(*n as u64)
            }
            (FactKind::Cities, Node::List(items)) => FactValue::Cities(
                items
                    .iter()
                    .filter_map(|item| match &item.value {
                        Node::Str(s) if !s.trim().is_empty() => Some(s.clone()),
                        other => {
                            self.error(item, format!("a city must be a name, not {}", other.kind()), None);
                            None
                        }
                    })
                    .collect(),
            ),
            (FactKind::List { item }, Node::List(records)) => FactValue::List(
                records
                    .iter()
                    .filter_map(|record| match Fields::of(record) {
                        Some(mut fields) => {
                            Some(self.record(&mut fields, item, record, &format!("an item of `{key}`")))
                        }
                        None => {
                            let hint = format!(
                                "e.g. `- {{{}}}`",
                                item.iter().map(|f| format!("{}: …", f.key)).collect::<Vec<_>>().join(", ")
                            );
                            self.error(
                                record,
                                format!("an item of `{key}` must be a mapping, not {}", record.value.kind()),
                                Some(hint),
                            );
                            None
                        }
                    })
                    .collect(),
            ),
            (_, other) => {
                self.error(
                    node,
                    format!("`{key}` must be {}, not {}", kind_words(&def.kind), other.kind()),
                    Some(expected(def)),
                );
                FactValue::Absent
            }
        }
    }
}

fn kind_words(kind: &FactKind) -> &'static str {
    match kind {
        FactKind::YesNo { .. } => "true or false",
        FactKind::Choice { .. } => "one of its values",
        FactKind::Count { .. } => "a whole number",
        FactKind::Cities => "a list of city names",
        FactKind::List { .. } => "a list",
    }
}

/// What a fact's value looks like, as a hint.
fn expected(def: &FactDef) -> String {
    let example = match &def.kind {
        FactKind::YesNo { .. } => BOOL_HINT.to_owned(),
        FactKind::Choice { values } => {
            format!("one of: {}", values.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>().join(", "))
        }
        FactKind::Count { .. } => "expected a whole number, e.g. `120`".to_owned(),
        FactKind::Cities => "expected a list of city names, e.g. `[Toronto, Montreal]`".to_owned(),
        FactKind::List { item } => {
            format!(
                "expected a list of records with {}",
                item.iter().map(|f| f.key.as_str()).collect::<Vec<_>>().join(", ")
            )
        }
    };
    if def.optional {
        format!("{example}, or null")
    } else {
        example
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile { rel_path: "content/countries/argentina.yaml".into(), text: text.into() }
    }

    const ARGENTINA: &str = include_str!("../../content/countries/argentina.yaml");

    fn parse(text: &str) -> Result<Country, Vec<Diagnostic>> {
        parse_checked(&src(text), &Schema::builtin())
    }

    fn line_of(prefix: &str) -> usize {
        1 + ARGENTINA.lines().position(|l| l.starts_with(prefix)).unwrap()
    }

    #[test]
    fn parses_a_real_country() {
        let schema = Schema::builtin();
        let c = parse(ARGENTINA).unwrap();
        assert_eq!(c.slug, "argentina");
        assert_eq!(c.data.code.value, "AR");
        assert_eq!(c.data.code.line, 1);
        let ac = schema.section("audio_conferencing").unwrap();
        let dial_out = schema.sections[ac].fact("dial_out").unwrap();
        assert_eq!(c.data.value(ac, dial_out), Some(&FactValue::Choice(1)));
        let sn = schema.section("service_numbers").unwrap();
        assert!(matches!(c.data.value(sn, 2), Some(FactValue::Cities(list)) if list.len() == 6));
        assert!(!c.data.offers(&schema, schema.section("business_voice").unwrap()));
    }

    #[test]
    fn unknown_key_points_at_it_with_a_hint() {
        let text = ARGENTINA.replace("  toll_free: true", "  tol_free: true");
        let d = &parse(&text).unwrap_err()[0];
        assert_eq!(d.message, "unknown key `tol_free` in section `service_numbers`");
        assert_eq!(d.line, 1 + ARGENTINA.lines().position(|l| l == "  toll_free: true").unwrap());
        assert_eq!(d.column, 3);
        assert_eq!(d.hint.as_deref(), Some("did you mean `toll_free`?"));
    }

    #[test]
    fn a_choice_outside_the_set_gets_a_hint() {
        let text = ARGENTINA.replace("dial_out: credits", "dial_out: credit");
        let d = &parse(&text).unwrap_err()[0];
        assert_eq!(d.message, "`credit` is not a value of `dial_out`");
        assert_eq!((d.line, d.column, d.width), (line_of("  dial_out"), 13, 6));
        assert_eq!(d.hint.as_deref(), Some("did you mean `credits`?"));
    }

    #[test]
    fn every_problem_of_the_file_in_one_run() {
        let text = ARGENTINA
            .replace("communications_credits: true", "communications_credits: yes")
            .replace("  voicemail: true\n", "")
            .replace("  premium_numbers: false", "  premium_numbers: 3");
        let problems = parse(&text).unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing fact `voicemail` in section `phone_system`",
                "`premium_numbers` must be true or false, not a whole number",
                "`communications_credits` must be true or false, not a string",
            ]
        );
        assert_eq!(problems[2].hint.as_deref(), Some(BOOL_HINT));
    }

    #[test]
    fn quoted_no_stays_a_string() {
        let text = ARGENTINA.replace("code: AR", "code: 'NO'");
        assert_eq!(parse(&text).unwrap().data.code.value, "NO");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let text = format!("{ARGENTINA}communications_credits: false\n");
        let d = &parse(&text).unwrap_err()[0];
        assert!(d.message.to_lowercase().contains("duplicate"), "{d:?}");
    }

    #[test]
    fn an_optional_section_may_be_null_or_left_out() {
        let schema = Schema::builtin();
        let bv = schema.section("business_voice").unwrap();
        let left_out = ARGENTINA.replace("business_voice: null\n", "");
        assert_eq!(parse(&left_out).unwrap().data.sections[bv], None);
        // A misspelt section is reported once, as an unknown key with a hint.
        let misspelt = ARGENTINA.replace("phone_system:", "phone_systems:");
        let problems = parse(&misspelt).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `phone_system`?"));
        let missing = ARGENTINA.replace("communications_credits: true\n", "");
        let problems = parse(&missing).unwrap_err();
        assert_eq!(problems[0].message, "missing section `communications_credits`");
        assert_eq!(problems[0].line, 1);
    }
}
