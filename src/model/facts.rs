//! The localized facts of one country, as one list that both the country pages
//! and the spreadsheets are made from, so the two cannot disagree.

use super::{Country, Locale, Msg};
use crate::load::country::{DialOut, PlanKind};

#[derive(Debug, Clone)]
pub struct Section {
    /// Stable anchor id, the same in every locale.
    pub id: &'static str,
    pub title: Msg,
    pub facts: Vec<Fact>,
    /// A sentence shown under the section's table.
    pub hint: Option<Msg>,
    /// False for a section that does not apply to the country (Business Voice where it
    /// is not sold): the page leaves it out, the spreadsheet still has its column.
    pub applies: bool,
}

#[derive(Debug, Clone)]
pub struct Fact {
    /// The `ui:` key of the label; also the row's `data-fact` attribute.
    pub key: &'static str,
    pub label: Msg,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(Msg),
    List(Vec<Msg>),
}

impl Value {
    /// The value as one spreadsheet cell.
    pub fn cell(&self) -> String {
        match self {
            Value::Text(m) => m.text.clone(),
            Value::List(items) => items.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join("; "),
        }
    }
}

fn yes_no(locale: &Locale, b: bool) -> Value {
    Value::Text(locale.ui(if b { "yes" } else { "no" }))
}

fn available(locale: &Locale, b: bool) -> Value {
    Value::Text(locale.ui(if b { "available" } else { "not_available" }))
}

fn cities(locale: &Locale, list: &[String]) -> Value {
    if list.is_empty() {
        Value::Text(locale.ui("none"))
    } else {
        Value::List(list.iter().map(|c| Msg::own(locale.city(c).to_owned())).collect())
    }
}

fn fact(locale: &Locale, key: &'static str, value: Value) -> Fact {
    Fact { key, label: locale.ui(key), value }
}

/// Describes one plan, e.g. "Domestic Calling Plan: 120 minutes per user per month".
fn plan_text(locale: &Locale, kind: PlanKind, minutes: Option<u32>) -> Msg {
    let name = locale.ui(match kind {
        PlanKind::Domestic => "plan_domestic",
        PlanKind::DomesticInternational => "plan_domestic_international",
        PlanKind::PayAsYouGo => "plan_pay_as_you_go",
    });
    match minutes {
        Some(m) => {
            let minutes = locale.ui("cp_minutes").format(&[("minutes", &format_count(m))]);
            // "{section}: {feature}" is the locale's "label: value" pattern.
            let text = locale.ui("column_heading").format(&[("section", &name.text), ("feature", &minutes.text)]).text;
            Msg::new(text, name.fallback || minutes.fallback)
        }
        None => name,
    }
}

/// Digits grouped by thousands, as the seeds write them (3,000).
pub fn format_count(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn sections(country: &Country, locale: &Locale) -> Vec<Section> {
    let d = &country.data;
    let ac = &d.audio_conferencing;
    let ps = &d.phone_system;
    let cp = &d.calling_plans;
    let sn = &d.service_numbers;
    let dial_out = Value::Text(locale.ui(match ac.dial_out {
        DialOut::Included => "included",
        DialOut::Credits => "requires_credits",
        DialOut::Unavailable => "not_available",
    }));
    let plans = if !cp.available {
        Value::Text(locale.ui("none"))
    } else if cp.plans.is_empty() {
        Value::Text(locale.ui("cp_partner_only"))
    } else {
        Value::List(cp.plans.iter().map(|p| plan_text(locale, p.kind, p.minutes)).collect())
    };
    let outbound = match cp.outbound_countries {
        Some(n) if cp.available => Value::Text(locale.ui("cp_outbound_count").format(&[("count", &format_count(n))])),
        _ => Value::Text(locale.ui("none")),
    };
    let bv_minutes = match &d.business_voice {
        Some(bv) => Value::Text(locale.ui("cp_minutes").format(&[("minutes", &format_count(bv.calling_plan_minutes))])),
        None => Value::Text(locale.ui("not_available")),
    };
    vec![
        Section {
            id: "audio-conferencing",
            title: locale.ui("audio_conferencing"),
            facts: vec![
                fact(locale, "available_for_purchase", yes_no(locale, ac.available)),
                fact(locale, "ac_shared_numbers", cities(locale, &ac.shared_numbers)),
                fact(locale, "ac_dial_out", dial_out),
            ],
            hint: None,
            applies: true,
        },
        Section {
            id: "phone-system",
            title: locale.ui("phone_system"),
            facts: vec![
                fact(locale, "available_for_purchase", yes_no(locale, ps.available)),
                fact(locale, "ps_auto_attendants", available(locale, ps.auto_attendants)),
                fact(locale, "ps_call_queues", available(locale, ps.call_queues)),
                fact(locale, "ps_voicemail", available(locale, ps.voicemail)),
            ],
            hint: None,
            applies: true,
        },
        Section {
            id: "calling-plans",
            title: locale.ui("calling_plans"),
            facts: vec![
                fact(locale, "available_for_purchase", yes_no(locale, cp.available)),
                fact(locale, "cp_plans", plans),
                fact(locale, "cp_premium_numbers", yes_no(locale, cp.premium_numbers)),
                fact(locale, "cp_outbound_countries", outbound),
            ],
            hint: (!cp.available).then(|| locale.ui("cp_unavailable_hint")),
            applies: true,
        },
        Section {
            id: "service-numbers",
            title: locale.ui("service_numbers"),
            facts: vec![
                fact(locale, "sn_toll", yes_no(locale, sn.toll)),
                fact(locale, "sn_toll_free", yes_no(locale, sn.toll_free)),
                fact(locale, "sn_cities", cities(locale, &sn.cities)),
            ],
            hint: None,
            applies: true,
        },
        Section {
            id: "communications-credits",
            title: locale.ui("communications_credits"),
            facts: vec![fact(locale, "available_for_purchase", yes_no(locale, d.communications_credits))],
            hint: None,
            applies: true,
        },
        Section {
            id: "business-voice",
            title: locale.ui("business_voice"),
            facts: vec![fact(locale, "bv_minutes", bv_minutes)],
            hint: None,
            applies: d.business_voice.is_some(),
        },
    ]
}

/// The country's notes, localized, in the order the data lists them.
pub fn notes(country: &Country, locale: &Locale) -> Vec<Msg> {
    country.data.notes.iter().map(|n| locale.note(&n.value)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped() {
        assert_eq!(format_count(196), "196");
        assert_eq!(format_count(3000), "3,000");
        assert_eq!(format_count(1234567), "1,234,567");
    }
}
