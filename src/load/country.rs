//! `content/countries/<slug>.yaml`: the language-neutral facts of one country or region.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{yaml, SourceFile};
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryData {
    pub code: Spanned<String>,
    pub audio_conferencing: AudioConferencing,
    pub phone_system: PhoneSystem,
    pub calling_plans: CallingPlans,
    pub service_numbers: ServiceNumbers,
    pub communications_credits: bool,
    pub business_voice: Option<BusinessVoice>,
    #[serde(default)]
    pub notes: Vec<Spanned<String>>,
    /// Provenance of the facts; never rendered.
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AudioConferencing {
    pub available: bool,
    /// Cities whose shared toll dial-in numbers are assigned automatically.
    #[serde(default)]
    pub shared_numbers: Vec<String>,
    pub dial_out: DialOut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DialOut {
    Included,
    Credits,
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneSystem {
    pub available: bool,
    pub auto_attendants: bool,
    pub call_queues: bool,
    pub voicemail: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CallingPlans {
    pub available: bool,
    #[serde(default)]
    pub plans: Vec<Plan>,
    pub premium_numbers: bool,
    pub outbound_countries: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub kind: PlanKind,
    /// Minutes per user per month; none for pay-as-you-go.
    pub minutes: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    Domestic,
    DomesticInternational,
    PayAsYouGo,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceNumbers {
    pub toll: bool,
    pub toll_free: bool,
    #[serde(default)]
    pub cities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessVoice {
    pub calling_plan_minutes: u32,
}

/// A country file as loaded: its slug (the file stem), its facts, and its source.
#[derive(Debug, Clone)]
pub struct Country {
    pub slug: String,
    pub rel_path: String,
    pub data: CountryData,
    /// The file's text, so later stages can point at lines in it.
    pub text: String,
}

pub fn parse(source: &SourceFile) -> Result<Country, Vec<Diagnostic>> {
    let slug = super::stem(&source.rel_path).to_owned();
    let data: CountryData = yaml::parse(source, &source.text, 1).map_err(|d| vec![d])?;
    Ok(Country { slug, rel_path: source.rel_path.clone(), data, text: source.text.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile { rel_path: "content/countries/argentina.yaml".into(), text: text.into() }
    }

    const ARGENTINA: &str = include_str!("../../content/countries/argentina.yaml");

    #[test]
    fn parses_a_real_country() {
        let c = parse(&src(ARGENTINA)).unwrap();
        assert_eq!(c.slug, "argentina");
        assert_eq!(c.data.code.value, "AR");
        assert_eq!(c.data.code.referenced.line(), 1);
        assert_eq!(c.data.audio_conferencing.dial_out, DialOut::Credits);
        assert_eq!(c.data.service_numbers.cities.len(), 6);
    }

    #[test]
    fn unknown_key_points_at_it_with_a_hint() {
        let text = ARGENTINA.replace("  toll_free: true", "  tol_free: true");
        let d = &parse(&src(&text)).unwrap_err()[0];
        assert!(d.message.contains("unknown field `tol_free`"), "{d:?}");
        assert_eq!(d.line, 1 + ARGENTINA.lines().position(|l| l == "  toll_free: true").unwrap());
        assert_eq!(d.column, 3);
        assert_eq!(d.hint.as_deref(), Some("did you mean `toll_free`?"));
    }

    #[test]
    fn yes_is_not_a_boolean() {
        let text = ARGENTINA.replace("communications_credits: true", "communications_credits: yes");
        let d = &parse(&src(&text)).unwrap_err()[0];
        assert_eq!(d.line, 1 + ARGENTINA.lines().position(|l| l.starts_with("communications_credits")).unwrap());
    }

    #[test]
    fn quoted_no_stays_a_string() {
        let text = ARGENTINA.replace("code: AR", "code: 'NO'");
        assert_eq!(parse(&src(&text)).unwrap().data.code.value, "NO");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let text = format!("{ARGENTINA}communications_credits: false\n");
        let d = &parse(&src(&text)).unwrap_err()[0];
        assert!(d.message.to_lowercase().contains("duplicate"), "{d:?}");
    }
}
