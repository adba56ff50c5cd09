//! The facts of one country as the importer handles them: a flat set of fields, in the
//! order of the content format, so pages, existing files and reports can be compared
//! field by field.

use std::collections::BTreeMap;

use crate::load::country::{CountryData, DialOut, PlanKind};

/// Every field of a country file, in file order. A dot separates section and key.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub kind: PlanKind,
    pub minutes: Option<u32>,
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
            Val::Text(s) => super::emit::scalar(s),
            Val::List(items) => super::emit::flow_list(items),
            Val::Plans(plans) => {
                let inner: Vec<String> = plans.iter().map(plan_flow).collect();
                format!("[{}]", inner.join(", "))
            }
            Val::DialOut(d) => dial_out_name(*d).to_owned(),
            Val::Count(n) | Val::BusinessVoice(n) if n.is_none() => "null".to_owned(),
            Val::Count(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Val::BusinessVoice(n) => {
                format!("{{calling_plan_minutes: {}}}", n.unwrap_or_default())
            }
        }
    }
}

pub fn plan_flow(plan: &Plan) -> String {
    let minutes = plan.minutes.map_or("null".to_owned(), |m| m.to_string());
    format!("{{kind: {}, minutes: {minutes}}}", plan_kind_name(plan.kind))
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

impl From<&CountryData> for Facts {
    fn from(d: &CountryData) -> Self {
        let mut f = Facts::default();
        let ac = &d.audio_conferencing;
        let ps = &d.phone_system;
        let cp = &d.calling_plans;
        let sn = &d.service_numbers;
        f.set("code", Val::Text(d.code.value.clone()));
        f.set("audio_conferencing.available", Val::Bool(ac.available));
        f.set("audio_conferencing.shared_numbers", Val::List(ac.shared_numbers.clone()));
        f.set("audio_conferencing.dial_out", Val::DialOut(ac.dial_out));
        f.set("phone_system.available", Val::Bool(ps.available));
        f.set("phone_system.auto_attendants", Val::Bool(ps.auto_attendants));
        f.set("phone_system.call_queues", Val::Bool(ps.call_queues));
        f.set("phone_system.voicemail", Val::Bool(ps.voicemail));
        f.set("calling_plans.available", Val::Bool(cp.available));
        let plans = cp.plans.iter().map(|p| Plan { kind: p.kind, minutes: p.minutes }).collect();
        f.set("calling_plans.plans", Val::Plans(plans));
        f.set("calling_plans.premium_numbers", Val::Bool(cp.premium_numbers));
        f.set("calling_plans.outbound_countries", Val::Count(cp.outbound_countries));
        f.set("service_numbers.toll", Val::Bool(sn.toll));
        f.set("service_numbers.toll_free", Val::Bool(sn.toll_free));
        f.set("service_numbers.cities", Val::List(sn.cities.clone()));
        f.set("communications_credits", Val::Bool(d.communications_credits));
        f.set("business_voice", Val::BusinessVoice(d.business_voice.as_ref().map(|b| b.calling_plan_minutes)));
        let notes = d.notes.iter().map(|n| n.value.clone()).collect();
        f.set("notes", Val::List(notes));
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
            Plan { kind: PlanKind::PayAsYouGo, minutes: None },
            Plan { kind: PlanKind::Domestic, minutes: Some(120) },
        ]);
        assert_eq!(plans.flow(), "[{kind: pay_as_you_go, minutes: null}, {kind: domestic, minutes: 120}]");
        assert_eq!(Val::DialOut(DialOut::Credits).flow(), "credits");
    }

    #[test]
    fn every_field_but_code_and_source_has_a_default() {
        for field in FIELDS {
            let has = default_value(field).is_some();
            assert_eq!(has, field != "code" && field != "source", "{field}");
        }
    }
}
