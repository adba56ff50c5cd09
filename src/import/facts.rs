//! The facts of one country as the importer handles them: a flat set of fields, so
//! pages, existing files and reports can be compared field by field. The fields are
//! keys of the bundled schema (tested below); files are written in the site schema's
//! order (`emit.rs`).

use std::collections::BTreeMap;

use super::yaml_text::{flow_list, scalar};
use crate::load::country::{CountryData, FactValue};
use crate::load::schema::{FactKind, Schema};

/// The plan kinds the DocFX pages describe (values of `calling_plans.plans[].kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanKind {
    Domestic,
    DomesticInternational,
    PayAsYouGo,
}

/// How the pages describe Audio Conferencing dial-out (values of `audio_conferencing.dial_out`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialOut {
    Included,
    Credits,
    Unavailable,
}

impl PlanKind {
    pub const ALL: [PlanKind; 3] = [PlanKind::Domestic, PlanKind::DomesticInternational, PlanKind::PayAsYouGo];

    fn from_name(name: &str) -> Option<PlanKind> {
        PlanKind::ALL.into_iter().find(|k| plan_kind_name(*k) == name)
    }
}

impl DialOut {
    pub const ALL: [DialOut; 3] = [DialOut::Included, DialOut::Credits, DialOut::Unavailable];

    fn from_name(name: &str) -> Option<DialOut> {
        DialOut::ALL.into_iter().find(|d| dial_out_name(*d) == name)
    }
}

/// Every field of a country file the importer reads and writes, in the order reports
/// list them (the bundled schema's). A dot separates section and key.
pub const FIELDS: [&str; 19] = [
    "code",
    "audio_conferencing.available",
    "audio_conferencing.shared_numbers",
    "audio_conferencing.dial_out",
    "phone_system.available",
    "phone_system.auto_attendants",
    "phone_system.call_queues",
    "phone_system.voicemail",
    "calling_plans.available",
    "calling_plans.plans",
    "calling_plans.premium_numbers",
    "calling_plans.outbound_countries",
    "service_numbers.toll",
    "service_numbers.toll_free",
    "service_numbers.cities",
    "communications_credits",
    "business_voice",
    "notes",
    "source",
];

/// Fields no DocFX page states: always kept from the existing file.
pub const NOT_ON_PAGES: [&str; 2] = ["business_voice", "source"];

/// The one fact of the `business_voice` section, which the importer holds whole.
pub const BUSINESS_VOICE_MINUTES: &str = "calling_plan_minutes";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub kind: PlanKind,
    pub minutes: Option<u32>,
    /// A Domestic and International plan's domestic allotment ("N minutes of domestic
    /// OR 600 minutes of international calling").
    pub domestic_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Bool(bool),
    Text(String),
    List(Vec<String>),
    Plans(Vec<Plan>),
    DialOut(DialOut),
    /// `outbound_countries`: a count or null.
    Count(Option<u32>),
    /// `business_voice`: null or its Calling Plan minutes.
    BusinessVoice(Option<u32>),
}

impl Val {
    /// The value as YAML flow text, as the country files and the report show it.
    pub fn flow(&self) -> String {
        match self {
            Val::Bool(b) => b.to_string(),
            Val::Text(s) => scalar(s),
            Val::List(items) => flow_list(items),
            Val::Plans(plans) => {
                let inner: Vec<String> = plans.iter().map(plan_flow).collect();
                format!("[{}]", inner.join(", "))
            }
            Val::DialOut(d) => dial_out_name(*d).to_owned(),
            Val::Count(n) | Val::BusinessVoice(n) if n.is_none() => "null".to_owned(),
            Val::Count(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Val::BusinessVoice(n) => format!("{{{BUSINESS_VOICE_MINUTES}: {}}}", n.unwrap_or_default()),
        }
    }
}

pub fn plan_flow(plan: &Plan) -> String {
    let minutes = plan.minutes.map_or("null".to_owned(), |m| m.to_string());
    let domestic = plan.domestic_minutes.map(|m| format!(", domestic_minutes: {m}")).unwrap_or_default();
    format!("{{kind: {}, minutes: {minutes}{domestic}}}", plan_kind_name(plan.kind))
}

pub fn plan_kind_name(kind: PlanKind) -> &'static str {
    match kind {
        PlanKind::Domestic => "domestic",
        PlanKind::DomesticInternational => "domestic_international",
        PlanKind::PayAsYouGo => "pay_as_you_go",
    }
}

pub fn dial_out_name(d: DialOut) -> &'static str {
    match d {
        DialOut::Included => "included",
        DialOut::Credits => "credits",
        DialOut::Unavailable => "unavailable",
    }
}

/// The value a field takes when neither the page nor an existing file gives one.
/// `code` has none (a file cannot be written without it), nor has `source` (optional).
pub fn default_value(field: &str) -> Option<Val> {
    Some(match field {
        "code" | "source" => return None,
        "audio_conferencing.shared_numbers" | "service_numbers.cities" | "notes" => Val::List(Vec::new()),
        "audio_conferencing.dial_out" => Val::DialOut(DialOut::Unavailable),
        "calling_plans.plans" => Val::Plans(Vec::new()),
        "calling_plans.outbound_countries" => Val::Count(None),
        "business_voice" => Val::BusinessVoice(None),
        _ => Val::Bool(false),
    })
}

/// A complete (or, while merging, partial) set of field values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    values: BTreeMap<&'static str, Val>,
}

impl Facts {
    pub fn get(&self, field: &str) -> Option<&Val> {
        self.values.get(field)
    }

    /// Sets `field`, which must be one of [`FIELDS`].
    pub fn set(&mut self, field: &str, value: Val) {
        let field = FIELDS.iter().find(|f| **f == field).unwrap_or_else(|| panic!("unknown field {field}"));
        self.values.insert(field, value);
    }

    pub fn code(&self) -> Option<&str> {
        match self.get("code") {
            Some(Val::Text(code)) => Some(code),
            _ => None,
        }
    }

    pub fn notes(&self) -> Vec<String> {
        match self.get("notes") {
            Some(Val::List(notes)) => notes.clone(),
            _ => Vec::new(),
        }
    }
}

impl Facts {
    /// The importer's fields of an existing country file, read through the site's schema
    /// by their keys; a field the schema does not have is left unset.
    pub fn from_country(d: &CountryData, schema: &Schema) -> Facts {
        let mut f = Facts::default();
        f.set("code", Val::Text(d.code.value.clone()));
        for field in FIELDS {
            let (section, key) = field.split_once('.').unwrap_or((field, ""));
            let Some(si) = schema.section(section) else {
                continue;
            };
            let def = &schema.sections[si];
            if field == "business_voice" {
                let minutes = def.fact(BUSINESS_VOICE_MINUTES).and_then(|fi| match d.value(si, fi) {
                    Some(FactValue::Count(n)) => Some(*n as u32),
                    _ => None,
                });
                f.set(field, Val::BusinessVoice(minutes));
                continue;
            }
            let fi = if def.inline { Some(0) } else { def.fact(key) };
            let (Some(fi), Some(values)) = (fi, d.sections[si].as_ref()) else {
                continue;
            };
            let value = match (&def.facts[fi].kind, &values[fi]) {
                (_, FactValue::Bool(b)) => Val::Bool(*b),
                (FactKind::Choice { values }, FactValue::Choice(i)) => match DialOut::from_name(&values[*i].0) {
                    Some(d) => Val::DialOut(d),
                    None => continue,
                },
                (_, FactValue::Count(n)) => Val::Count(Some(*n as u32)),
                (FactKind::Count { .. }, FactValue::Absent) => Val::Count(None),
                (_, FactValue::Cities(list)) => Val::List(list.clone()),
                (FactKind::List { item }, FactValue::List(records)) => Val::Plans(
                    records
                        .iter()
                        .filter_map(|r| {
                            let get = |k: &str| item.iter().position(|d| d.key == k).map(|i| (&item[i], &r[i]));
                            let kind = match get("kind")? {
                                (
                                    crate::load::schema::FactDef { kind: FactKind::Choice { values }, .. },
                                    FactValue::Choice(i),
                                ) => PlanKind::from_name(&values[*i].0)?,
                                _ => return None,
                            };
                            let count = |k: &str| match get(k) {
                                Some((_, FactValue::Count(n))) => Some(*n as u32),
                                _ => None,
                            };
                            Some(Plan { kind, minutes: count("minutes"), domestic_minutes: count("domestic_minutes") })
                        })
                        .collect(),
                ),
                _ => continue,
            };
            f.set(field, value);
        }
        f.set("notes", Val::List(d.notes.iter().map(|n| n.value.clone()).collect()));
        if let Some(source) = &d.source {
            f.set("source", Val::Text(source.clone()));
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_text_matches_the_content_format() {
        assert_eq!(Val::Bool(true).flow(), "true");
        assert_eq!(Val::Count(None).flow(), "null");
        assert_eq!(Val::Count(Some(196)).flow(), "196");
        assert_eq!(Val::BusinessVoice(None).flow(), "null");
        assert_eq!(Val::BusinessVoice(Some(3000)).flow(), "{calling_plan_minutes: 3000}");
        let plans = Val::Plans(vec![
            Plan { kind: PlanKind::PayAsYouGo, minutes: None, domestic_minutes: None },
            Plan { kind: PlanKind::Domestic, minutes: Some(120), domestic_minutes: None },
        ]);
        assert_eq!(plans.flow(), "[{kind: pay_as_you_go, minutes: null}, {kind: domestic, minutes: 120}]");
        assert_eq!(Val::DialOut(DialOut::Credits).flow(), "credits");
    }

    /// The importer writes the schema's keys: every section, fact, list item and choice
    /// value it can write is in the bundled schema, with the type the importer gives it.
    #[test]
    fn every_field_the_importer_writes_is_in_the_bundled_schema() {
        let schema = Schema::builtin();
        let kind_of = |field: &str| -> Option<&FactKind> {
            let (section, key) = field.split_once('.').unwrap_or((field, ""));
            let def = &schema.sections[schema.section(section)?];
            let fact = match key {
                "" if def.inline => &def.facts[0],
                "" => &def.facts[def.fact(BUSINESS_VOICE_MINUTES)?],
                key => &def.facts[def.fact(key)?],
            };
            Some(&fact.kind)
        };
        for field in FIELDS.iter().filter(|f| !crate::load::schema::RESERVED_KEYS.contains(f)) {
            let kind = kind_of(field).unwrap_or_else(|| panic!("`{field}` is not in the bundled schema"));
            let value = default_value(field).unwrap();
            let fits = match (&value, kind) {
                (Val::Bool(_), FactKind::YesNo { .. }) => true,
                (Val::List(_), FactKind::Cities) => true,
                (Val::Count(_) | Val::BusinessVoice(_), FactKind::Count { .. }) => true,
                (Val::DialOut(_), FactKind::Choice { values }) => {
                    DialOut::ALL.iter().all(|d| values.iter().any(|(v, _)| v == dial_out_name(*d)))
                }
                (Val::Plans(_), FactKind::List { item }) => {
                    let item_kind = |key: &str| item.iter().find(|f| f.key == key).map(|f| &f.kind);
                    let kinds_fit = matches!(item_kind("kind"), Some(FactKind::Choice { values })
                        if PlanKind::ALL.iter().all(|k| values.iter().any(|(v, _)| v == plan_kind_name(*k))));
                    let counts_fit = ["minutes", "domestic_minutes"]
                        .iter()
                        .all(|k| matches!(item_kind(k), Some(FactKind::Count { .. })));
                    kinds_fit && counts_fit
                }
                _ => false,
            };
            assert!(fits, "`{field}`: the importer writes {value:?}, the bundled schema has a {} fact", kind.name());
        }
    }

    #[test]
    fn every_field_but_code_and_source_has_a_default() {
        for field in FIELDS {
            let has = default_value(field).is_some();
            assert_eq!(has, field != "code" && field != "source", "{field}");
        }
    }
}
