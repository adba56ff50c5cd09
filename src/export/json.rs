//! `availability.json`: every country's facts, language-neutral, for other tools.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::load::country::{CountryData, FactValue};
use crate::load::schema::{FactDef, FactKind, Schema};
use crate::model::Site;

/// A country's facts as the country file writes them, keys in schema order; an absent
/// optional fact is `null`, so every country has the same keys.
struct FactsJson<'a> {
    schema: &'a Schema,
    data: &'a CountryData,
}

/// One fact's value; `defs` are the facts of the section or list item it belongs to.
struct ValueJson<'a> {
    def: &'a FactDef,
    value: &'a FactValue,
}

/// The facts of one section or list record, keyed by the schema.
struct RecordJson<'a> {
    defs: &'a [FactDef],
    values: &'a [FactValue],
}

impl Serialize for ValueJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (&self.def.kind, self.value) {
            (_, FactValue::Absent) => s.serialize_none(),
            (_, FactValue::Bool(b)) => s.serialize_bool(*b),
            (FactKind::Choice { values }, FactValue::Choice(i)) => s.serialize_str(&values[*i].0),
            (_, FactValue::Count(n)) => s.serialize_u64(*n),
            (_, FactValue::Cities(list)) => list.serialize(s),
            (FactKind::List { item }, FactValue::List(records)) => {
                s.collect_seq(records.iter().map(|r| RecordJson { defs: item, values: r }))
            }
            _ => s.serialize_none(),
        }
    }
}

impl Serialize for RecordJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.defs.len()))?;
        for (def, value) in self.defs.iter().zip(self.values) {
            map.serialize_entry(&def.key, &ValueJson { def, value })?;
        }
        map.end()
    }
}

impl Serialize for FactsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.schema.sections.len()))?;
        for (def, values) in self.schema.sections.iter().zip(&self.data.sections) {
            match values {
                None => map.serialize_entry(&def.key, &())?,
                Some(v) if def.inline => {
                    map.serialize_entry(&def.key, &ValueJson { def: &def.facts[0], value: &v[0] })?
                }
                Some(v) => map.serialize_entry(&def.key, &RecordJson { defs: &def.facts, values: v })?,
            }
        }
        map.end()
    }
}

#[derive(Serialize)]
struct CountryJson<'a> {
    slug: &'a str,
    code: &'a str,
    #[serde(flatten)]
    facts: FactsJson<'a>,
    notes: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    /// When its facts last changed (`YYYY-MM-DD`), with a git history.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_changed: Option<String>,
}

/// How far back the git history goes: `last_changed` equal to `known_from` in a history
/// that is not `complete` (a shallow clone) means "on or before".
#[derive(Serialize)]
struct HistoryJson {
    known_from: String,
    complete: bool,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<HistoryJson>,
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
                facts: FactsJson { schema: &site.schema, data: &c.data },
                notes: c.data.notes.iter().map(|n| n.value.as_str()).collect(),
                source: c.data.source.as_deref(),
                last_changed: c.last_changed.map(|last| last.date.iso()),
            })
            .collect(),
        calling_plan_destinations: site
            .outbound
            .iter()
            .flat_map(|o| o.countries.iter().map(|d| d.code.value.as_str()))
            .collect(),
        calling_plan_destinations_source: site.outbound.as_ref().and_then(|o| o.source.as_deref()),
        history: site
            .history
            .as_ref()
            .map(|h| HistoryJson { known_from: h.timeline.known_from.iso(), complete: h.timeline.complete }),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
