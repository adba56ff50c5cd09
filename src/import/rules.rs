//! What the pages say in words the content format has no field for, and the note key
//! each wording becomes (keys from `locales/en-US.yaml` `notes:`; which pages carry which
//! note is in `availability-data/notes.yaml`). Also the page text that carries no fact.

use super::cell::norm;
use super::docfx::Section;

/// The table row a piece of text comes from, when it comes from one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    AcAvailable,
    AcNumbers,
    AcDialOut,
    PsAvailable,
    PsAutoAttendants,
    PsCallQueues,
    PsVoicemail,
    CpAvailable,
    CpMinutes,
    CpPremium,
    CpOutbound,
    SnCities,
    SnToll,
    SnTollFree,
    Credits,
}

/// Where a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Anywhere,
    Section(Section),
    Row(RowKind),
}

pub struct NoteRule {
    pub key: &'static str,
    /// The countries the key is written for; empty for any country.
    pub codes: &'static [&'static str],
    pub scope: Scope,
    /// Alternatives, each a list of lower-case phrases that must all occur.
    pub phrases: &'static [&'static [&'static str]],
}

const NON_GEOGRAPHIC: &[&[&str]] = &[&["linked to a specific city"], &["not linked to a city"], &["non-geographic"]];

pub const NOTE_RULES: &[NoteRule] = &[
    NoteRule {
        key: "ac_numbers_non_geographic",
        codes: &[],
        scope: Scope::Row(RowKind::AcNumbers),
        phrases: NON_GEOGRAPHIC,
    },
    NoteRule {
        key: "service_numbers_non_geographic",
        codes: &[],
        scope: Scope::Section(Section::ServiceNumbers),
        phrases: NON_GEOGRAPHIC,
    },
    NoteRule {
        key: "ac_pay_per_minute_only",
        codes: &[],
        scope: Scope::Section(Section::AudioConferencing),
        phrases: &[&["pay-per-minute only"], &["pay-per-minute-only"], &["pay per minute only"]],
    },
    NoteRule {
        key: "au_calling_plans_via_telstra",
        codes: &["AU"],
        scope: Scope::Anywhere,
        phrases: &[&["only available through telstra"], &["see telstra calling"]],
    },
    NoteRule {
        key: "au_telstra_manages_subscriber_numbers",
        codes: &["AU"],
        scope: Scope::Anywhere,
        phrases: &[&["provided by telstra", "contact telstra directly"]],
    },
    NoteRule {
        key: "au_contact_for_numbers",
        codes: &["AU"],
        scope: Scope::Anywhere,
        phrases: &[&["contact us", "mailto:ptnapac@"]],
    },
    NoteRule {
        key: "ch_service_numbers_only",
        codes: &["CH"],
        scope: Scope::Anywhere,
        phrases: &[&["cannot get user numbers"], &["can't get user numbers"]],
    },
    NoteRule {
        key: "fr_premium_via_credits",
        codes: &["FR"],
        scope: Scope::Row(RowKind::CpPremium),
        phrases: &[&["fully supported", "communications credits"]],
    },
    NoteRule {
        key: "gb_premium_partial",
        codes: &["GB"],
        scope: Scope::Row(RowKind::CpPremium),
        phrases: &[&["partially supported", "shared cost"], &["9xx prefixes are not supported"]],
    },
    NoteRule {
        key: "in_country_orgs_only",
        codes: &[],
        scope: Scope::Anywhere,
        phrases: &[&["only available to organizations within"], &["only available to organizations located in"]],
    },
    NoteRule {
        key: "in_service_numbers_ac_only",
        codes: &["IN"],
        scope: Scope::Anywhere,
        phrases: &[&["service numbers can only be used for audio conferencing"]],
    },
    NoteRule {
        key: "jp_calling_plans_via_softbank",
        codes: &["JP"],
        scope: Scope::Anywhere,
        phrases: &[&["only available through softbank"], &["see softbank calling"]],
    },
    NoteRule {
        key: "jp_softbank_manages_subscriber_numbers",
        codes: &["JP"],
        scope: Scope::Anywhere,
        phrases: &[&["provided by softbank", "contact softbank directly"]],
    },
    NoteRule {
        key: "nl_pay_as_you_go_plan",
        codes: &["NL"],
        scope: Scope::Row(RowKind::CpMinutes),
        phrases: &[&["pay-as-you-go"], &["pay as you go"]],
    },
    NoteRule {
        key: "other_cities_on_request",
        codes: &[],
        scope: Scope::Row(RowKind::SnCities),
        phrases: &[&["other cities", "on request"]],
    },
    NoteRule {
        key: "toll_local_access_only",
        codes: &[],
        scope: Scope::Section(Section::ServiceNumbers),
        phrases: &[
            &["only accessible from within the country"],
            &["only be dialed from within"],
            &["only be dialled from within"],
        ],
    },
    NoteRule {
        key: "toll_on_request",
        codes: &[],
        scope: Scope::Section(Section::ServiceNumbers),
        phrases: &[&["(on request)"]],
    },
    NoteRule {
        key: "us_canada_domestic",
        codes: &["CA", "US"],
        scope: Scope::Anywhere,
        phrases: &[
            &["treated as domestic call"],
            &["treated as a domestic call"],
            &["also the case when a user in canada"],
        ],
    },
    NoteRule {
        key: "us_pr_shared_pool",
        codes: &["US", "PR"],
        scope: Scope::Anywhere,
        phrases: &[&["share the same pool of minutes"], &["all 50 u.s. states and puerto rico"]],
    },
    NoteRule {
        key: "us_small_plans_limited",
        codes: &["US"],
        scope: Scope::Row(RowKind::CpMinutes),
        phrases: &[&["availability is limited"]],
    },
];

/// Every note key the rules can produce: notes outside this set are ones no page can
/// express, and an import keeps them.
pub fn expressible(key: &str) -> bool {
    NOTE_RULES.iter().any(|r| r.key == key)
}

/// A rule that matched some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Note(&'static str),
    /// The wording of a country-specific note, on another country's page.
    OtherCountry(&'static str),
}

impl Hit {
    pub fn key(self) -> &'static str {
        match self {
            Hit::Note(k) | Hit::OtherCountry(k) => k,
        }
    }
}

/// Where some text was found, for scoping rules.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub code: Option<&'a str>,
    pub section: Section,
    pub row: Option<RowKind>,
}

impl Scope {
    fn covers(self, ctx: &Context) -> bool {
        match self {
            Scope::Anywhere => true,
            Scope::Section(s) => ctx.section == s,
            Scope::Row(r) => ctx.row == Some(r),
        }
    }
}

/// The rules that `text` (plus the targets of its links, `urls`) matches in `ctx`.
pub fn note_hits(text: &str, urls: &str, ctx: &Context) -> Vec<Hit> {
    let haystack = format!("{} {}", norm(text), urls.to_lowercase());
    NOTE_RULES
        .iter()
        .filter(|r| r.scope.covers(ctx))
        .filter(|r| r.phrases.iter().any(|all| all.iter().all(|p| haystack.contains(p))))
        .map(|r| match ctx.code {
            Some(code) if r.codes.is_empty() || r.codes.contains(&code) => Hit::Note(r.key),
            _ if r.codes.is_empty() => Hit::Note(r.key),
            _ => Hit::OtherCountry(r.key),
        })
        .collect()
}

/// Page text that every page carries and that states no fact about the country.
const BOILERPLATE: &[&str] = &[
    "find another country or region",
    "services for skype for business and microsoft teams available for",
    "if you want dedicated phone numbers",
    "if you want to get toll and toll",
    "if you want to set them up",
    "for more information, see",
    "if calling plans are not available to purchase",
    "with direct routing, you can use phone system",
    "plan options available per calendar month",
];

pub fn is_boilerplate(text: &str) -> bool {
    let t = norm(text);
    BOILERPLATE.iter().any(|b| t.contains(b))
}

/// Names in "Availability in X" that the en-US country names do not match as written.
pub const NAME_OVERRIDES: &[(&str, &str)] = &[
    ("the U.K.", "GB"),
    ("the United Kingdom (U.K.)", "GB"),
    ("U.K.", "GB"),
    ("the U.S.", "US"),
    ("the United States (U.S.)", "US"),
    ("U.S.", "US"),
    ("the Netherlands", "NL"),
    ("the United Arab Emirates (UAE)", "AE"),
    ("the United Arab Emirates", "AE"),
    ("Bosnia Herzegovina", "BA"),
    ("the Czech Republic", "CZ"),
    ("Czechia", "CZ"),
    ("the Ukraine", "UA"),
    ("the Bahamas", "BS"),
    ("the Cayman Islands", "KY"),
    ("the Dominican Republic", "DO"),
    ("the Philippines", "PH"),
    ("North Macedonia", "MK"),
    ("Korea", "KR"),
    ("Republic of Korea", "KR"),
    ("Hong Kong SAR", "HK"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(code: &str, section: Section, row: Option<RowKind>) -> Context<'_> {
        Context { code: Some(code), section, row }
    }

    #[test]
    fn keys_exist_in_the_source_locale() {
        let en = include_str!("../../locales/en-US.yaml");
        for rule in NOTE_RULES {
            assert!(en.contains(&format!("  {}: ", rule.key)), "{}", rule.key);
        }
    }

    #[test]
    fn the_same_words_mean_different_notes_in_different_rows() {
        let text = "Phone numbers aren't linked to a specific city or location.";
        let ac = ctx("CR", Section::AudioConferencing, Some(RowKind::AcNumbers));
        let sn = ctx("CR", Section::ServiceNumbers, Some(RowKind::SnCities));
        assert_eq!(note_hits(text, "", &ac), [Hit::Note("ac_numbers_non_geographic")]);
        assert_eq!(note_hits(text, "", &sn), [Hit::Note("service_numbers_non_geographic")]);
    }

    #[test]
    fn country_notes_only_for_their_country() {
        let text = "Only available through Telstra for Australian-based tenants.";
        let au = ctx("AU", Section::CallingPlans, None);
        let nz = ctx("NZ", Section::CallingPlans, None);
        assert_eq!(note_hits(text, "", &au), [Hit::Note("au_calling_plans_via_telstra")]);
        assert_eq!(note_hits(text, "", &nz), [Hit::OtherCountry("au_calling_plans_via_telstra")]);
    }

    #[test]
    fn links_count_for_matching() {
        let au = ctx("AU", Section::AudioConferencing, Some(RowKind::AcNumbers));
        assert_eq!(
            note_hits("Please contact us.", "mailto:ptnapac@microsoft.com", &au),
            [Hit::Note("au_contact_for_numbers")]
        );
        assert!(note_hits("Please contact us.", "", &au).is_empty());
    }

    #[test]
    fn boilerplate() {
        assert!(is_boilerplate("If you want to set them up, see Set up Communications Credits for your organization."));
        assert!(!is_boilerplate("Calls to the U.S. are treated as domestic calls."));
    }
}
