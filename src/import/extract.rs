//! A parsed page → field values, note keys and ambiguities, each with the line it came
//! from. Nothing is guessed silently: text that no rule explains becomes an ambiguity,
//! and the field it was found in is left for a person to decide.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::cell::{self, answer, collapse, norm, sentences, trailing_paren, Inline};
use super::docfx::{Page, Prose, Row, Section};
use super::facts::{DialOut, PlanKind};
use super::facts::{Plan, Val};
use super::rules::{is_boilerplate, note_hits, Context, Hit, RowKind, NOTE_RULES};

/// Where a value came from: the line and its text as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub line: usize,
    pub text: String,
}

/// Something a person has to look at. `line` 0 means the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub line: usize,
    pub text: String,
    pub message: String,
    /// The field whose value this leaves undecided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// The note key this is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

#[derive(Debug, Default)]
pub struct Extracted {
    pub values: BTreeMap<&'static str, (Val, Origin)>,
    /// Fields with an ambiguity: their value (if any) is only tentative.
    pub undecided: BTreeSet<&'static str>,
    pub notes: BTreeMap<&'static str, Origin>,
    pub ambiguities: Vec<Issue>,
    /// Values taken as written that contradict each other.
    pub warnings: Vec<Issue>,
}

impl Extracted {
    pub fn value(&self, field: &str) -> Option<&Val> {
        self.values.get(field).map(|(v, _)| v)
    }

    /// Note keys an ambiguity leaves undecided.
    pub fn undecided_notes(&self) -> BTreeSet<&'static str> {
        self.ambiguities.iter().filter_map(|a| a.note).collect()
    }
}

pub fn extract(page: &Page, code: Option<&str>) -> Extracted {
    let mut x = Extractor { code, out: Extracted::default(), seen: BTreeMap::new() };
    for row in &page.rows {
        x.row(row);
    }
    x.missing_rows();
    for prose in &page.prose {
        x.prose(prose);
    }
    x.consistency();
    x.out
}

/// The row a label names. Labels are matched loosely: case, `<br/>`, `**`, `?` and
/// "toll-free"/"toll free" do not matter.
pub fn classify(label: &str) -> Option<RowKind> {
    use RowKind::*;
    let l = norm(&cell::plain(label)).replace("toll-free", "toll free");
    let l = l.trim_end_matches(|c: char| "?.: ".contains(c));
    let kind = if l.starts_with("is audio conferencing available") {
        AcAvailable
    } else if l.contains("automatically assigned") {
        AcNumbers
    } else if l.contains("call me") {
        AcDialOut
    } else if l.starts_with("is phone system available") {
        PsAvailable
    } else if l == "auto attendants" {
        PsAutoAttendants
    } else if l == "call queues" {
        PsCallQueues
    } else if l == "voicemail" {
        PsVoicemail
    } else if l.starts_with("calling plans are available") || l.starts_with("are calling plans available") {
        CpAvailable
    } else if l.starts_with("minutes available for calling plans") {
        CpMinutes
    } else if l.contains("premium numbers") {
        CpPremium
    } else if l.starts_with("can make outbound calls to") {
        CpOutbound
    } else if l.contains("cities") && l.contains("toll numbers") {
        SnCities
    } else if l == "are toll numbers available" {
        SnToll
    } else if l == "are toll free numbers available" {
        SnTollFree
    } else if l.starts_with("are communications credits available") {
        Credits
    } else {
        return None;
    };
    Some(kind)
}

pub fn field_of(kind: RowKind) -> &'static str {
    use RowKind::*;
    match kind {
        AcAvailable => "audio_conferencing.available",
        AcNumbers => "audio_conferencing.shared_numbers",
        AcDialOut => "audio_conferencing.dial_out",
        PsAvailable => "phone_system.available",
        PsAutoAttendants => "phone_system.auto_attendants",
        PsCallQueues => "phone_system.call_queues",
        PsVoicemail => "phone_system.voicemail",
        CpAvailable => "calling_plans.available",
        CpMinutes => "calling_plans.plans",
        CpPremium => "calling_plans.premium_numbers",
        CpOutbound => "calling_plans.outbound_countries",
        SnCities => "service_numbers.cities",
        SnToll => "service_numbers.toll",
        SnTollFree => "service_numbers.toll_free",
        Credits => "communications_credits",
    }
}

fn section_of(kind: RowKind) -> Section {
    use RowKind::*;
    match kind {
        AcAvailable | AcNumbers | AcDialOut => Section::AudioConferencing,
        PsAvailable | PsAutoAttendants | PsCallQueues | PsVoicemail => Section::PhoneSystem,
        CpAvailable | CpMinutes | CpPremium | CpOutbound => Section::CallingPlans,
        SnCities | SnToll | SnTollFree => Section::ServiceNumbers,
        Credits => Section::CommunicationsCredits,
    }
}

/// Rows every page has; a page without the premium-numbers row says nothing about them.
const REQUIRED: [RowKind; 14] = [
    RowKind::AcAvailable,
    RowKind::AcNumbers,
    RowKind::AcDialOut,
    RowKind::PsAvailable,
    RowKind::PsAutoAttendants,
    RowKind::PsCallQueues,
    RowKind::PsVoicemail,
    RowKind::CpAvailable,
    RowKind::CpMinutes,
    RowKind::CpOutbound,
    RowKind::SnCities,
    RowKind::SnToll,
    RowKind::SnTollFree,
    RowKind::Credits,
];

/// What one piece of text says about a plan.
enum PlanRead {
    Plan(Plan),
    NotAPlan,
    /// Half a plan: the ambiguity is already recorded.
    Reported,
}

/// The row being read: where it is, its field, and the context rules see.
struct RowCtx<'a> {
    line: usize,
    raw: String,
    field: &'static str,
    ctx: Context<'a>,
}

struct Extractor<'a> {
    code: Option<&'a str>,
    out: Extracted,
    seen: BTreeMap<&'static str, usize>,
}

impl<'a> Extractor<'a> {
    fn set(&mut self, rc: &RowCtx, value: Val) {
        let origin = Origin { line: rc.line, text: rc.raw.clone() };
        self.out.values.insert(rc.field, (value, origin));
    }

    fn note(&mut self, key: &'static str, line: usize, text: &str) {
        self.out.notes.entry(key).or_insert_with(|| Origin { line, text: text.to_owned() });
    }

    fn ambiguous(&mut self, field: Option<&'static str>, line: usize, text: &str, message: String) {
        if let Some(field) = field {
            self.out.undecided.insert(field);
        }
        self.out.ambiguities.push(Issue { line, text: text.to_owned(), message, field, note: None });
    }

    fn warn(&mut self, line: usize, text: &str, message: String) {
        self.out.warnings.push(Issue { line, text: text.to_owned(), message, field: None, note: None });
    }

    /// Records what the rules make of `hits` found in `text`.
    fn record(&mut self, hits: &[Hit], line: usize, text: &str) {
        for hit in hits {
            match *hit {
                Hit::Note(key) => self.note(key, line, text),
                Hit::OtherCountry(key) => {
                    let codes =
                        NOTE_RULES.iter().find(|r| r.key == key).map(|r| r.codes.join(", ")).unwrap_or_default();
                    let here = self.code.unwrap_or("an unknown country");
                    self.out.ambiguities.push(Issue {
                        line,
                        text: text.to_owned(),
                        message: format!(
                            "this is the wording of note `{key}`, which is written for {codes}, not {here}: add a note key for {here} or decide it needs none"
                        ),
                        field: Some("notes"),
                        note: Some(key),
                    });
                }
            }
        }
    }

    /// Every sentence must be explained: by a note rule, or as boilerplate. Anything else
    /// becomes an ambiguity on `field`. Returns the note keys matched.
    fn consume(
        &mut self,
        text: &str,
        urls: &str,
        ctx: &Context,
        line: usize,
        field: Option<&'static str>,
    ) -> Vec<&'static str> {
        let mut keys = Vec::new();
        for sentence in sentences(text) {
            let hits = note_hits(&sentence, urls, ctx);
            if hits.is_empty() {
                if !is_boilerplate(&sentence) {
                    let message = match field {
                        Some(f) => format!(
                            "no rule explains this text, so `{f}` needs a person: map it to a value or a note key"
                        ),
                        None => "no rule explains this text: it may state a fact that needs a note key".to_owned(),
                    };
                    self.ambiguous(field, line, &sentence, message);
                }
                continue;
            }
            self.record(&hits, line, &sentence);
            keys.extend(hits.iter().map(|h| h.key()));
        }
        keys
    }

    fn consume_inline(&mut self, inline: &Inline, rc: &RowCtx) -> Vec<&'static str> {
        let urls = inline.urls();
        self.consume(&inline.text, &urls, &rc.ctx, rc.line, Some(rc.field))
    }

    fn row(&mut self, row: &Row) {
        let Some(kind) = classify(&row.label) else {
            let text = collapse(&row.label);
            self.ambiguous(None, row.line, &text, "unknown table row: no field reads it".to_owned());
            return;
        };
        let field = field_of(kind);
        if let Some(first) = self.seen.get(field) {
            let message = format!("second row for `{field}` (the first is on line {first}); it was not read");
            self.ambiguous(Some(field), row.line, &collapse(&row.label), message);
            return;
        }
        self.seen.insert(field, row.line);
        let rc = RowCtx {
            line: row.line,
            raw: collapse(&row.value),
            field,
            ctx: Context { code: self.code, section: section_of(kind), row: Some(kind) },
        };
        let cell = cell::cell(&row.value);
        match kind {
            RowKind::AcNumbers => self.shared_numbers(&cell, &rc),
            RowKind::AcDialOut => self.dial_out(&cell, &rc),
            RowKind::CpMinutes => self.plans(&cell, &rc),
            RowKind::CpPremium => self.premium(&cell, &rc),
            RowKind::CpOutbound => self.outbound(&cell, &rc),
            RowKind::SnCities => self.toll_cities(&cell, &rc),
            RowKind::SnToll => self.toll(&cell, &rc),
            _ => self.boolean(&cell, &rc),
        }
    }

    /// `Yes`, `No`, `Available`, `Not available`, maybe followed by words a rule explains.
    fn boolean(&mut self, cell: &cell::Cell, rc: &RowCtx) {
        self.no_list(cell, rc);
        match answer(&cell.lead.text) {
            Some((value, rest)) => {
                self.set(rc, Val::Bool(value));
                let rest = Inline { text: rest, links: cell.lead.links.clone() };
                self.consume_inline(&rest, rc);
            }
            None => self.ambiguous(
                Some(rc.field),
                rc.line,
                &rc.raw,
                "expected Yes, No, Available or Not available".to_owned(),
            ),
        }
        self.consume_inline(&cell.tail, rc);
    }

    fn no_list(&mut self, cell: &cell::Cell, rc: &RowCtx) {
        if !cell.items.is_empty() {
            self.ambiguous(Some(rc.field), rc.line, &rc.raw, "a list where a single answer was expected".to_owned());
        }
    }

    /// `Are toll numbers available?`: like [`Self::boolean`], and "Non-geographic" means yes.
    fn toll(&mut self, cell: &cell::Cell, rc: &RowCtx) {
        if norm(&cell.lead.text).starts_with("non-geographic") {
            self.no_list(cell, rc);
            self.set(rc, Val::Bool(true));
            self.consume_inline(&cell.lead, rc);
            self.consume_inline(&cell.tail, rc);
        } else {
            self.boolean(cell, rc);
        }
    }

    /// `Yes, for:<ul><li>City…</ul>`, `No`, or a sentence such as "Phone numbers aren't
    /// linked to a specific city".
    fn shared_numbers(&mut self, cell: &cell::Cell, rc: &RowCtx) {
        let cities = match answer(&cell.lead.text) {
            Some((true, rest)) => {
                let rest = match rest.get(..3) {
                    Some(head) if head.eq_ignore_ascii_case("for") => &rest[3..],
                    _ => rest.as_str(),
                };
                let rest = rest.trim_start_matches([':', ' ']).trim();
                let rest = Inline { text: rest.to_owned(), links: cell.lead.links.clone() };
                self.consume_inline(&rest, rc);
                let cities = self.cities(&cell.items, rc);
                if cities.is_empty() {
                    self.ambiguous(
                        Some(rc.field),
                        rc.line,
                        &rc.raw,
                        "the answer is Yes but no city is listed".to_owned(),
                    );
                }
                cities
            }
            Some((false, rest)) => {
                let rest = Inline { text: rest, links: cell.lead.links.clone() };
                self.consume_inline(&rest, rc);
                self.no_list(cell, rc);
                Vec::new()
            }
            None => {
                let keys = self.consume_inline(&cell.lead, rc);
                let cities = self.cities(&cell.items, rc);
                if cities.is_empty() && !keys.contains(&"ac_numbers_non_geographic") {
                    self.ambiguous(
                        Some(rc.field),
                        rc.line,
                        &rc.raw,
                        "expected Yes with a list of cities, or No".to_owned(),
                    );
                }
                cities
            }
        };
        self.consume_inline(&cell.tail, rc);
        self.set(rc, Val::List(cities));
    }

    /// The toll-number cities: a list, or one city per line.
    fn toll_cities(&mut self, cell: &cell::Cell, rc: &RowCtx) {
        let cities = if cell.items.is_empty() {
            self.cities(std::slice::from_ref(&cell.lead), rc)
        } else {
            self.consume_inline(&cell.lead, rc);
            self.cities(&cell.items, rc)
        };
        self.consume_inline(&cell.tail, rc);
        self.set(rc, Val::List(cities));
    }

    /// City names from list items or lines. A trailing remark such as "(on request)"
    /// becomes a note; a line that is a remark as a whole is not a city.
    fn cities(&mut self, pieces: &[Inline], rc: &RowCtx) -> Vec<String> {
        let mut cities = Vec::new();
        for piece in pieces {
            let urls = piece.urls();
            for line in piece.lines() {
                let (name, paren) = trailing_paren(&line);
                if let Some(paren) = paren {
                    let hits = note_hits(&format!("({paren})"), &urls, &rc.ctx);
                    if !hits.is_empty() {
                        self.record(&hits, rc.line, &line);
                        self.city(&name, rc, &mut cities);
                        continue;
                    }
                }
                let hits = note_hits(&line, &urls, &rc.ctx);
                if !hits.is_empty() {
                    self.record(&hits, rc.line, &line);
                    self.other_cities(&hits, &urls, rc, &line);
                    continue;
                }
                let n = norm(&line);
                if n.starts_with("not applicable") || n == "none" || is_boilerplate(&line) {
                    continue;
                }
                self.city(&line, rc, &mut cities);
            }
        }
        cities
    }

    fn city(&mut self, name: &str, rc: &RowCtx, cities: &mut Vec<String>) {
        let name = collapse(name);
        if looks_like_city(&name) {
            cities.push(name);
        } else {
            self.ambiguous(
                Some(rc.field),
                rc.line,
                &name,
                "this does not look like a city name, and no rule explains it".to_owned(),
            );
        }
    }

    /// "Other cities on request", linked to the service desk, says that *unlisted* cities
    /// are on request; whether the listed ones are self-service the page leaves open.
    fn other_cities(&mut self, hits: &[Hit], urls: &str, rc: &RowCtx, line: &str) {
        if hits.contains(&Hit::Note("other_cities_on_request")) && urls.contains("service-desk") {
            self.out.ambiguities.push(Issue {
                line: rc.line,
                text: line.to_owned(),
                message: "only cities that aren't listed are said to be on request (through the service desk); `toll_on_request` (toll numbers aren't self-service) was not set: decide whether it applies".to_owned(),
                field: Some("notes"),
                note: Some("toll_on_request"),
            });
        }
    }

    /// Call Me: "Available" → included; "Requires communication credits" → credits;
    /// "Available without Communications Credits" → included; "Not available" → unavailable.
    fn dial_out(&mut self, cell: &cell::Cell, rc: &RowCtx) {
        self.no_list(cell, rc);
        let text = cell.lead.flat();
        let n = norm(&text);
        let value = if n.starts_with("not available")
            || n.starts_with("not supported")
            || n.starts_with("unavailable")
            || n == "no"
            || n.starts_with("no.")
        {
            Some(DialOut::Unavailable)
        } else if n.contains("credit") {
            let without =
                ["without", "not required", "no communications credits", "doesn't require", "does not require"]
                    .iter()
                    .any(|w| n.contains(w));
            Some(if without { DialOut::Included } else { DialOut::Credits })
        } else if n.starts_with("available") || n.starts_with("yes") || n.starts_with("included") {
            Some(DialOut::Included)
        } else {
            None
        };
        match value {
            Some(v) => {
                self.set(rc, Val::DialOut(v));
                let qualified = sentences(&text).len() > 1
                    || [" but ", " except", " only", "(", " if "].iter().any(|w| n.contains(w));
                if qualified {
                    self.ambiguous(
                        Some(rc.field),
                        rc.line,
                        &text,
                        format!("read as `{}`, but the text qualifies it", super::facts::dial_out_name(v)),
                    );
                }
            }
            None => self.ambiguous(
                Some(rc.field),
                rc.line,
                &text,
                "expected Available, Not available or a mention of Communications Credits".to_owned(),
            ),
        }
        self.consume_inline(&cell.tail, rc);
    }

    /// Premium numbers: "Not supported at this time", "Yes, fully supported when using
    /// Communications Credits…" (France), "Partially supported: …" (UK).
    fn premium(&mut self, cell: &cell::Cell, rc: &RowCtx) {
        self.no_list(cell, rc);
        if norm(&cell.lead.text).starts_with("partially supported") {
            // The field is yes/no; "partially" is carried by a note.
            self.set(rc, Val::Bool(false));
            let keys = self.consume_inline(&cell.lead, rc);
            if keys.is_empty() {
                self.ambiguous(
                    Some(rc.field),
                    rc.line,
                    &rc.raw,
                    "partial support has no note key for this country".to_owned(),
                );
            }
        } else {
            self.boolean(cell, rc);
            return;
        }
        self.consume_inline(&cell.tail, rc);
    }

    /// "To 196 countries, including these." / "Not applicable" / "See <partner>".
    fn outbound(&mut self, cell: &cell::Cell, rc: &RowCtx) {
        self.no_list(cell, rc);
        let n = norm(&cell.lead.text);
        if n.starts_with("not applicable") {
            self.set(rc, Val::Count(None));
        } else if n.starts_with("see ") {
            self.set(rc, Val::Count(None));
            self.partner(&cell.lead, rc);
        } else if let Some((count, rest)) = country_count(&n) {
            self.set(rc, Val::Count(Some(count)));
            let rest = rest.trim_matches(|c: char| !c.is_alphanumeric());
            if !rest.is_empty() && rest != "including these" {
                self.ambiguous(
                    Some(rc.field),
                    rc.line,
                    &rc.raw,
                    format!("read {count} countries, but the text goes on: \"{rest}\""),
                );
            }
        } else {
            self.ambiguous(
                Some(rc.field),
                rc.line,
                &rc.raw,
                "expected \"To N countries\" or Not applicable".to_owned(),
            );
        }
        self.consume_inline(&cell.tail, rc);
    }

    /// "See [Telstra Calling for Office 365]": a partner's offer sets the value.
    fn partner(&mut self, text: &Inline, rc: &RowCtx) {
        let keys = self.consume_inline(text, rc);
        if keys.is_empty() {
            self.ambiguous(
                Some(rc.field),
                rc.line,
                &rc.raw,
                "refers elsewhere for the value, to no partner the rules know".to_owned(),
            );
        }
    }

    /// Minutes: "Not applicable"; "See <partner>"; a list of plans; or plans in sentences.
    fn plans(&mut self, cell: &cell::Cell, rc: &RowCtx) {
        let mut plans = Vec::new();
        let lead = norm(&cell.lead.text);
        if cell.items.is_empty() {
            if lead.starts_with("see ") {
                self.partner(&cell.lead, rc);
            } else if !lead.starts_with("not applicable") {
                let urls = cell.lead.urls();
                for sentence in sentences(&cell.lead.text) {
                    match self.plan(&sentence, &urls, rc) {
                        PlanRead::Plan(plan) => plans.push(plan),
                        PlanRead::NotAPlan => {
                            self.consume(&sentence, &urls, &rc.ctx, rc.line, Some(rc.field));
                        }
                        PlanRead::Reported => {}
                    }
                }
            }
        } else {
            self.consume_inline(&cell.lead, rc);
            for item in &cell.items {
                let text = item.flat();
                match self.plan(&text, &item.urls(), rc) {
                    PlanRead::Plan(plan) => plans.push(plan),
                    PlanRead::NotAPlan => self.ambiguous(
                        Some(rc.field),
                        rc.line,
                        &text,
                        "this list item is not a plan the rules can read".to_owned(),
                    ),
                    PlanRead::Reported => {}
                }
            }
            if let Some(said) = announced_count(&lead) {
                if said != cell.items.len() {
                    let message = format!("the page announces {said} plan options but lists {}", cell.items.len());
                    self.ambiguous(Some(rc.field), rc.line, &cell.lead.flat(), message);
                }
            }
        }
        self.consume_inline(&cell.tail, rc);
        self.set(rc, Val::Plans(plans));
    }

    /// One plan from text such as "120 minute Domestic Calling Plan", "Domestic and
    /// International Calling Plan: 1200 minutes of domestic -OR- 600 minutes of
    /// international calling", "Pay-As-You-Go Calling Plan" (see [`plan_of`]). Remarks in
    /// parentheses become notes.
    fn plan(&mut self, text: &str, urls: &str, rc: &RowCtx) -> PlanRead {
        let (bare, remarks) = split_remarks(text);
        let plan = match plan_of(&bare) {
            Ok(Some(plan)) => plan,
            Ok(None) => return PlanRead::NotAPlan,
            Err(why) => {
                self.ambiguous(Some(rc.field), rc.line, text, why.to_owned());
                return PlanRead::Reported;
            }
        };
        for remark in remarks {
            if norm(&remark).contains("whichever is reached first") {
                continue;
            }
            let hits = note_hits(&remark, urls, &rc.ctx);
            if hits.is_empty() {
                let message = format!("the remark \"({remark})\" on this plan has no note key");
                self.ambiguous(Some(rc.field), rc.line, text, message);
            }
            self.record(&hits, rc.line, text);
        }
        let hits = note_hits(&bare, urls, &rc.ctx);
        self.record(&hits, rc.line, text);
        PlanRead::Plan(plan)
    }

    fn missing_rows(&mut self) {
        for kind in REQUIRED {
            let field = field_of(kind);
            if !self.seen.contains_key(field) {
                self.ambiguous(Some(field), 0, "", format!("the page has no row for `{field}`"));
            }
        }
    }

    fn prose(&mut self, prose: &Prose) {
        if matches!(prose.section, Section::RelatedTopics) {
            return;
        }
        let text = cell::inline(&prose.text);
        let ctx = Context { code: self.code, section: prose.section, row: None };
        self.consume(&text.text, &text.urls(), &ctx, prose.line, None);
    }

    /// Values taken as written that contradict each other: reported, not changed.
    fn consistency(&mut self) {
        let get = |x: &Self, f: &str| x.out.values.get(f).cloned();
        if let Some((Val::Bool(false), origin)) = get(self, "audio_conferencing.available") {
            let numbers =
                matches!(self.out.value("audio_conferencing.shared_numbers"), Some(Val::List(l)) if !l.is_empty());
            let dial_out = matches!(self.out.value("audio_conferencing.dial_out"), Some(Val::DialOut(d)) if *d != DialOut::Unavailable);
            if numbers || dial_out {
                self.warn(origin.line, &origin.text, "Audio Conferencing is not for sale, yet the page lists automatically assigned numbers or Call Me dial-out; kept as written".to_owned());
            }
        }
        if let Some((Val::Bool(false), origin)) = get(self, "calling_plans.available") {
            let plans = matches!(self.out.value("calling_plans.plans"), Some(Val::Plans(p)) if !p.is_empty());
            let outbound = matches!(self.out.value("calling_plans.outbound_countries"), Some(Val::Count(Some(_))));
            if plans || outbound {
                self.warn(
                    origin.line,
                    &origin.text,
                    "Calling Plans are not for sale, yet the page lists plans or destinations; kept as written"
                        .to_owned(),
                );
            }
        }
        if let Some((Val::Bool(false), origin)) = get(self, "communications_credits") {
            if self.out.value("audio_conferencing.dial_out") == Some(&Val::DialOut(DialOut::Credits)) {
                self.warn(origin.line, &origin.text, "Call Me dial-out requires Communications Credits, which the page says aren't available; kept as written".to_owned());
            }
        }
    }
}

fn looks_like_city(name: &str) -> bool {
    let n = norm(name);
    !name.is_empty()
        && name.split_whitespace().count() <= 6
        && !name.ends_with('.')
        && !name.contains(':')
        && !name.chars().any(|c| c.is_ascii_digit())
        && !["number", "available", "request", "see ", "contact", "applicable"].iter().any(|w| n.contains(w))
}

/// `text` without its parenthesized remarks, and the remarks.
fn split_remarks(text: &str) -> (String, Vec<String>) {
    let mut bare = String::new();
    let mut remarks = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    remarks.push(collapse(&current));
                    current.clear();
                } else {
                    current.push(c);
                }
            }
            _ if depth > 0 => current.push(c),
            _ => bare.push(c),
        }
    }
    (collapse(&bare), remarks)
}

/// The plan `text` describes; none if it describes no plan; an error if it half does.
/// A Domestic and International plan's `minutes` are its international allotment and
/// `domestic_minutes` its domestic one ("3000 minutes of domestic -OR- 600 minutes of
/// international"); older pages give only the plan's minutes ("600 minute for Domestic
/// and International Calling Plans").
fn plan_of(text: &str) -> Result<Option<Plan>, &'static str> {
    let n = norm(text);
    if n.contains("pay-as-you-go") || n.contains("pay as you go") {
        return Ok(Some(Plan { kind: PlanKind::PayAsYouGo, minutes: None, domestic_minutes: None }));
    }
    let tokens: Vec<&str> = n.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
    let found = allotments(&tokens);
    let first = |wanted: Allotment| found.iter().find(|(_, a)| *a == wanted).map(|(minutes, _)| *minutes);
    let plan = |kind, minutes, domestic_minutes| Ok(Some(Plan { kind, minutes: Some(minutes), domestic_minutes }));
    match (first(Allotment::Combined), first(Allotment::Domestic), first(Allotment::International)) {
        (Some(minutes), None, None) => plan(PlanKind::DomesticInternational, minutes, None),
        (Some(_), _, _) => Err("minutes are given both for the whole plan and for domestic or international calling"),
        (None, domestic, Some(minutes)) => plan(PlanKind::DomesticInternational, minutes, domestic),
        (None, Some(_), None) if n.contains("international") => {
            Err("the plan mentions international calling but gives no international minutes")
        }
        (None, Some(minutes), None) => plan(PlanKind::Domestic, minutes, None),
        (None, None, None) if minutes_without_kind(&tokens) => {
            Err("minutes are given, but not whether they are domestic or international")
        }
        (None, None, None) => Ok(None),
    }
}

/// What a number of minutes on a page is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Allotment {
    Domestic,
    International,
    /// "600 minute for Domestic and International Calling Plans": the whole plan's.
    Combined,
}

/// Each number in `tokens` that the next word (after words such as "minutes of" or
/// "minutes per user per month for") says is for domestic or international calling.
fn allotments(tokens: &[&str]) -> Vec<(u32, Allotment)> {
    const BETWEEN: [&str; 7] = ["minute", "minutes", "per", "user", "month", "for", "of"];
    tokens
        .iter()
        .enumerate()
        .filter_map(|(i, token)| {
            let minutes: u32 = token.parse().ok()?;
            let after = &tokens[i + 1..];
            let skip = after.iter().take_while(|w| BETWEEN.contains(w)).count();
            let allotment = match &after[skip..] {
                ["domestic", "and", "international", ..] => Allotment::Combined,
                ["domestic", ..] => Allotment::Domestic,
                ["international", ..] => Allotment::International,
                _ => return None,
            };
            Some((minutes, allotment))
        })
        .collect()
}

/// A number of minutes that no "domestic" or "international" follows.
fn minutes_without_kind(tokens: &[&str]) -> bool {
    tokens.windows(2).any(|w| w[0].parse::<u32>().is_ok() && (w[1] == "minute" || w[1] == "minutes"))
}

/// "There are four plan options…" → 4.
fn announced_count(lead: &str) -> Option<usize> {
    const WORDS: [&str; 10] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    let rest = lead.split("there are ").nth(1)?;
    let word = rest.split_whitespace().next()?;
    if !rest.contains("plan") {
        return None;
    }
    word.parse().ok().or_else(|| WORDS.iter().position(|w| *w == word).map(|i| i + 1))
}

/// "to 196 countries, including these." → (196, ", including these.").
fn country_count(n: &str) -> Option<(u32, &str)> {
    let rest = n.strip_prefix("to ")?;
    let digits = rest.split(|c: char| !c.is_ascii_digit()).next()?;
    let count = digits.parse().ok()?;
    let after = rest[digits.len()..].trim_start();
    let after = after.strip_prefix("countries and regions").or_else(|| after.strip_prefix("countries"))?;
    Some((count, after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docfx;

    fn page(rows: &str) -> String {
        format!("# Availability in X\n\n## Audio Conferencing\n\n|**Feature**|**Details**|\n|:-----|:-----|\n{rows}\n")
    }

    fn run(code: &str, rows: &str) -> Extracted {
        extract(&docfx::parse(&page(rows)), Some(code))
    }

    fn ambiguities(x: &Extracted) -> Vec<&str> {
        x.ambiguities.iter().filter(|a| a.line != 0).map(|a| a.message.as_str()).collect()
    }

    #[test]
    fn labels() {
        assert_eq!(classify("Is Audio Conferencing available for purchase?  <br/> "), Some(RowKind::AcAvailable));
        assert_eq!(classify(" Auto attendants <br/> "), Some(RowKind::PsAutoAttendants));
        assert_eq!(classify("Minutes available for Calling Plans. "), Some(RowKind::CpMinutes));
        assert_eq!(classify("Can make outbound calls to French premium numbers? <br/> "), Some(RowKind::CpPremium));
        assert_eq!(classify("Can make outbound calls to?  <br/> "), Some(RowKind::CpOutbound));
        assert_eq!(classify("Are toll-free numbers available?  <br/> "), Some(RowKind::SnTollFree));
        assert_eq!(classify("Are toll free numbers available?  <br/> "), Some(RowKind::SnTollFree));
        assert_eq!(classify("Are toll&nbsp;free numbers available&#63;"), Some(RowKind::SnTollFree));
        assert_eq!(classify("What capitals or major cities can you get toll numbers for?   "), Some(RowKind::SnCities));
        assert_eq!(classify("Something new?"), None);
    }

    #[test]
    fn yes_with_break_and_available() {
        let x = run("AR", "|Is Audio Conferencing available for purchase?  <br/> |Yes  <br/> |\n|Voicemail  <br/> |Not available  <br/> |");
        assert_eq!(x.value("audio_conferencing.available"), Some(&Val::Bool(true)));
        assert_eq!(x.value("phone_system.voicemail"), Some(&Val::Bool(false)));
        assert_eq!(x.values["audio_conferencing.available"].1.line, 7);
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
    }

    #[test]
    fn yes_for_a_list_of_cities() {
        let x = run("IN", "|Are phone numbers automatically assigned for Audio Conferencing?  <br/> |Yes, for:<br/><ul><li> Chennai<li> Mumbai</ul>If you want dedicated phone numbers, see [Getting service phone numbers](/x).  <br/> |");
        assert_eq!(
            x.value("audio_conferencing.shared_numbers"),
            Some(&Val::List(vec!["Chennai".into(), "Mumbai".into()]))
        );
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
    }

    #[test]
    fn numbers_not_linked_to_a_city() {
        let x = run("CR", "|Are phone numbers automatically assigned for Audio Conferencing?  <br/> |Phone numbers aren't linked to a specific city or location.  <br/> If you want dedicated phone numbers, see [x](/y).  <br/> |\n|What capitals or major cities can you get toll numbers for?  <br/> |Phone numbers aren't linked to a specific city or location.  <br/> |");
        assert_eq!(x.value("audio_conferencing.shared_numbers"), Some(&Val::List(vec![])));
        assert_eq!(x.value("service_numbers.cities"), Some(&Val::List(vec![])));
        let notes: Vec<&str> = x.notes.keys().copied().collect();
        assert_eq!(notes, ["ac_numbers_non_geographic", "service_numbers_non_geographic"]);
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
    }

    #[test]
    fn cities_on_request() {
        let x = run("ID", "|What capitals or major cities can you get toll numbers for?  <br/> |Jakarta ([on request](../m/contact-pstn-service-desk.md)) <br/> |\n|Are toll numbers available?  <br/> |Yes ([on request](../m/contact-tns-service-desk.md)) <br/> Toll numbers are only accessible from within the country.|");
        assert_eq!(x.value("service_numbers.cities"), Some(&Val::List(vec!["Jakarta".into()])));
        assert_eq!(x.value("service_numbers.toll"), Some(&Val::Bool(true)));
        let notes: Vec<&str> = x.notes.keys().copied().collect();
        assert_eq!(notes, ["toll_local_access_only", "toll_on_request"]);
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
    }

    #[test]
    fn other_cities_on_request_leaves_toll_on_request_to_a_person() {
        let x = run("IN", "|What capitals or major cities can you get toll numbers for?  <br/> |<ul><li>Chennai <li>Mumbai<li>Other cities [on request](../m/contact-pstn-service-desk.md)</ul> |");
        assert_eq!(x.value("service_numbers.cities"), Some(&Val::List(vec!["Chennai".into(), "Mumbai".into()])));
        assert!(x.notes.contains_key("other_cities_on_request"));
        assert!(!x.notes.contains_key("toll_on_request"));
        assert_eq!(x.undecided_notes().into_iter().collect::<Vec<_>>(), ["toll_on_request"]);
    }

    #[test]
    fn remarks_that_are_part_of_a_city_name_stay() {
        let x = run("GB", "|What capitals or major cities can you get toll numbers for?  <br/> |<ul><li>Stoke-on-Trent <li>  Teesside (Middlesbrough) </ul> |");
        assert_eq!(
            x.value("service_numbers.cities"),
            Some(&Val::List(vec!["Stoke-on-Trent".into(), "Teesside (Middlesbrough)".into()]))
        );
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
    }

    #[test]
    fn city_remarks_and_note_lines_become_notes() {
        let x = run("CL", "|Are phone numbers automatically assigned for Audio Conferencing?  <br/> |Yes, for:<br/><ul><li> Santiago (only available to organizations within Chile)</ul> |\n|What capitals or major cities can you get toll numbers for?  <br/> |Santiago  <br/> **Note:** Only available to organizations within Chile.           |");
        assert_eq!(x.value("audio_conferencing.shared_numbers"), Some(&Val::List(vec!["Santiago".into()])));
        assert_eq!(x.value("service_numbers.cities"), Some(&Val::List(vec!["Santiago".into()])));
        assert!(x.notes.contains_key("in_country_orgs_only"));
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
    }

    #[test]
    fn plan_wordings() {
        let plan = |kind, minutes, domestic_minutes| Ok(Some(Plan { kind, minutes, domestic_minutes }));
        let domestic = |minutes| plan(PlanKind::Domestic, Some(minutes), None);
        let both = |minutes, domestic| plan(PlanKind::DomesticInternational, Some(minutes), domestic);
        assert_eq!(plan_of("120 minute Domestic Calling Plan"), domestic(120));
        assert_eq!(plan_of("120 minutes Domestic Calling Plan"), domestic(120));
        assert_eq!(
            plan_of("Domestic and International Calling Plan:  1200 minutes of domestic -OR- 600 minutes of international calling"),
            both(600, Some(1200))
        );
        assert_eq!(
            plan_of("International Calling Plan: 1200 minutes of domestic or 600 minutes of international calling"),
            both(600, Some(1200))
        );
        assert_eq!(plan_of("3000 domestic minutes or 600 international minutes."), both(600, Some(3000)));
        // The older wording names the plan, not an allotment.
        assert_eq!(plan_of("600 minute for Domestic and International Calling Plans"), both(600, None));
        assert_eq!(
            plan_of("600 minutes per user per month for Domestic and International Calling Plan"),
            both(600, None)
        );
        assert_eq!(plan_of("Pay-As-You-Go Calling Plan"), plan(PlanKind::PayAsYouGo, None, None));
        assert!(plan_of("Domestic and International Calling Plan: 3000 minutes").is_err());
        assert!(plan_of("Domestic and International Calling Plan: 3000 minutes of domestic").is_err());
        assert!(plan_of("600 minute for Domestic and International Calling Plans: 3000 minutes of domestic").is_err());
        assert_eq!(plan_of("United States domestic calling includes all 50 U.S. states."), Ok(None));
    }

    #[test]
    fn plans_list_with_remarks_and_count() {
        let x = run("US", "|Minutes available for Calling Plans. | There are three plan options available per calendar month: <ul><li>120 minute Domestic Calling Plan (availability is limited)</li><li>240 minute Domestic Calling Plan (availability is limited)</li></li><li>Domestic and International Calling Plan: 3000 minutes of domestic -OR- 600 minutes of international calling (whichever is reached first in the calendar month)</li></li> |");
        let Some(Val::Plans(plans)) = x.value("calling_plans.plans") else { panic!() };
        assert_eq!(plans.len(), 3);
        assert!(x.notes.contains_key("us_small_plans_limited"));
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
        let x = run("US", "|Minutes available for Calling Plans. | There are four plan options available per calendar month: <ul><li>120 minute Domestic Calling Plan</ul> |");
        assert_eq!(ambiguities(&x), ["the page announces 4 plan options but lists 1"]);
    }

    #[test]
    fn plans_in_sentences() {
        let x = run("PR", "|Minutes available for Calling Plans  <br/> |3000 domestic minutes or 600 international minutes (whichever is reached first per calendar month). United States domestic calling includes calls to all 50 U.S. states and Puerto Rico. Users assigned with the license usage location of U.S. and/or Puerto Rico share the same pool of minutes.  <br/> |");
        assert_eq!(
            x.value("calling_plans.plans"),
            Some(&Val::Plans(vec![Plan {
                kind: PlanKind::DomesticInternational,
                minutes: Some(600),
                domestic_minutes: Some(3000)
            }]))
        );
        assert!(x.notes.contains_key("us_pr_shared_pool"));
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
    }

    #[test]
    fn partner_only_calling_plans() {
        let rows = "|Calling Plans are available to purchase?  <br/> |Yes,  see [Telstra Calling for Office 365](https://aka.ms/TelstraVoicePlan).  <br/> |\n|Minutes available for Calling Plans  <br/> |See [Telstra Calling for Office 365](https://aka.ms/TelstraVoicePlan). <br/> |\n|Can make outbound calls to?  <br/> |See [Telstra Calling for Office 365](https://aka.ms/TelstraVoicePlan). <br/> |";
        let x = run("AU", rows);
        assert_eq!(x.value("calling_plans.available"), Some(&Val::Bool(true)));
        assert_eq!(x.value("calling_plans.plans"), Some(&Val::Plans(vec![])));
        assert_eq!(x.value("calling_plans.outbound_countries"), Some(&Val::Count(None)));
        assert_eq!(x.notes.keys().copied().collect::<Vec<_>>(), ["au_calling_plans_via_telstra"]);
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
        let x = run("NZ", rows);
        assert!(ambiguities(&x).iter().all(|m| m.contains("au_calling_plans_via_telstra")));
        assert_eq!(x.undecided_notes().into_iter().collect::<Vec<_>>(), ["au_calling_plans_via_telstra"]);
    }

    #[test]
    fn outbound_countries() {
        let x = run("CA", "|Can make outbound calls to?  <br/> | To 196 countries, including [these](users-can-make-outbound-calls-to-these-countries-and-regions.md).<br/> |");
        assert_eq!(x.value("calling_plans.outbound_countries"), Some(&Val::Count(Some(196))));
        assert!(ambiguities(&x).is_empty(), "{:?}", x.ambiguities);
        let x = run("CA", "|Can make outbound calls to?  <br/> |Not applicable  <br/> |");
        assert_eq!(x.value("calling_plans.outbound_countries"), Some(&Val::Count(None)));
        let x = run("CA", "|Can make outbound calls to?  <br/> |Most of Europe|");
        assert!(x.undecided.contains("calling_plans.outbound_countries"));
    }

    #[test]
    fn premium_numbers_french_and_uk_wording() {
        let fr = run("FR", "|Can make outbound calls to French premium numbers? <br/> | Yes, fully supported when using Communications Credits to pay per minute. <br/> |");
        assert_eq!(fr.value("calling_plans.premium_numbers"), Some(&Val::Bool(true)));
        assert!(fr.notes.contains_key("fr_premium_via_credits"));
        assert!(ambiguities(&fr).is_empty(), "{:?}", fr.ambiguities);
        let gb = run("GB", "|Can make outbound calls to premium numbers? <br/> | Partially supported: Calls to shared cost numbers (prefixes 44843, 44844) are supported using Communications Credits to pay per minute.  Calls to 449XX prefixes are not supported. <br/> |");
        assert_eq!(gb.value("calling_plans.premium_numbers"), Some(&Val::Bool(false)));
        assert!(gb.notes.contains_key("gb_premium_partial"));
        assert!(ambiguities(&gb).is_empty(), "{:?}", gb.ambiguities);
        let no = run("CA", "|Can make outbound calls to premium numbers?  <br/> | Not supported at this time.<br/> |");
        assert_eq!(no.value("calling_plans.premium_numbers"), Some(&Val::Bool(false)));
        assert!(ambiguities(&no).is_empty(), "{:?}", no.ambiguities);
    }

    #[test]
    fn call_me_with_and_without_credits() {
        let row = |v: &str| format!("|Dial-out capability using the Call Me feature  <br/> |{v}|");
        let read = |v: &str| run("AR", &row(v)).value("audio_conferencing.dial_out").cloned();
        assert_eq!(read("Available  <br/> "), Some(Val::DialOut(DialOut::Included)));
        assert_eq!(read(" Requires communication credits <br/> "), Some(Val::DialOut(DialOut::Credits)));
        assert_eq!(read("Available with Communications Credits"), Some(Val::DialOut(DialOut::Credits)));
        assert_eq!(read("Available without Communications Credits"), Some(Val::DialOut(DialOut::Included)));
        assert_eq!(read("Not available"), Some(Val::DialOut(DialOut::Unavailable)));
        let x = run("AR", &row("Available only in Buenos Aires"));
        assert!(x.undecided.contains("audio_conferencing.dial_out"));
    }

    #[test]
    fn unexplained_text_is_an_ambiguity() {
        let x = run("AR", "|Are toll numbers available?  <br/> |Yes, but only on weekdays  <br/> |");
        assert_eq!(x.value("service_numbers.toll"), Some(&Val::Bool(true)));
        assert!(x.undecided.contains("service_numbers.toll"));
        assert_eq!(x.ambiguities[0].text, "but only on weekdays");
        let x = run("AR", "|Is there a new feature?|Yes|");
        assert_eq!(ambiguities(&x), ["unknown table row: no field reads it"]);
    }

    #[test]
    fn missing_rows_are_reported_once_each() {
        let x = run("AR", "|Voicemail|Yes|");
        let missing = x.ambiguities.iter().filter(|a| a.line == 0).count();
        assert_eq!(missing, REQUIRED.len() - 1);
    }

    #[test]
    fn contradictions_are_warnings() {
        let x = run("CN", "|Is Audio Conferencing available for purchase?  <br/> |No  <br/> |\n|Are phone numbers automatically assigned for Audio Conferencing?  <br/> |Yes, for:<br/><ul><li> Beijing</ul> |");
        assert_eq!(x.warnings.len(), 1);
        assert_eq!(x.value("audio_conferencing.available"), Some(&Val::Bool(false)));
    }
}
