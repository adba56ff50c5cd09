//! `availability.json`: every country's facts, language-neutral, for other tools.

use serde::Serialize;

use crate::load::country::{AudioConferencing, BusinessVoice, CallingPlans, PhoneSystem, ServiceNumbers};
use crate::model::Site;

#[derive(Serialize)]
struct CountryJson<'a> {
    slug: &'a str,
    code: &'a str,
    audio_conferencing: &'a AudioConferencing,
    phone_system: &'a PhoneSystem,
    calling_plans: &'a CallingPlans,
    service_numbers: &'a ServiceNumbers,
    communications_credits: bool,
    business_voice: &'a Option<BusinessVoice>,
    notes: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct LocaleJson<'a> {
    tag: &'a str,
    name: &'a str,
    path: String,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    locales: Vec<LocaleJson<'a>>,
    countries: Vec<CountryJson<'a>>,
    /// ISO codes a Calling Plan user can call, and where that list came from.
    calling_plan_destinations: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calling_plan_destinations_source: Option<&'a str>,
}

pub fn write(site: &Site) -> Vec<u8> {
    let doc = SiteJson {
        locales: site
            .locales
            .iter()
            .map(|l| LocaleJson { tag: &l.tag, name: &l.name, path: format!("{}/", l.dir) })
            .collect(),
        countries: site
            .countries
            .iter()
            .map(|c| CountryJson {
                slug: &c.slug,
                code: &c.code,
                audio_conferencing: &c.data.audio_conferencing,
                phone_system: &c.data.phone_system,
                calling_plans: &c.data.calling_plans,
                service_numbers: &c.data.service_numbers,
                communications_credits: c.data.communications_credits,
                business_voice: &c.data.business_voice,
                notes: c.data.notes.iter().map(|n| n.value.as_str()).collect(),
                source: c.data.source.as_deref(),
            })
            .collect(),
        calling_plan_destinations: site
            .outbound
            .iter()
            .flat_map(|o| o.countries.iter().map(|d| d.code.value.as_str()))
            .collect(),
        calling_plan_destinations_source: site.outbound.as_ref().and_then(|o| o.source.as_deref()),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
