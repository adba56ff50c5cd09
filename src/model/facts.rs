//! The localized facts of one country, as one list that both the country pages
//! and the spreadsheets are made from, so the two cannot disagree. The list follows
//! the schema: its sections in page order, their facts in row order. Strings the
//! locale holds are borrowed from it.

use std::borrow::Cow;

use super::{Country, Locale, Msg};
use crate::load::country::FactValue;
use crate::load::schema::{FactDef, FactKind, Schema, SectionDef};

#[derive(Debug, Clone)]
pub struct Section<'s> {
    /// Stable anchor id, the same in every locale.
    pub id: &'s str,
    pub title: Cow<'s, Msg>,
    pub facts: Vec<Fact<'s>>,
    /// A sentence shown under the section's table.
    pub hint: Option<Cow<'s, Msg>>,
    /// False for an optional section the country leaves out (Business Voice where it
    /// is not sold): the page leaves it out, the spreadsheet still has its columns.
    pub applies: bool,
}

#[derive(Debug, Clone)]
pub struct Fact<'s> {
    /// The `ui:` key of the label; also the row's `data-fact` attribute.
    pub key: &'s str,
    pub label: Cow<'s, Msg>,
    pub value: Value<'s>,
    /// The prose page (and anchor) the value links to, when one is shown.
    pub link: Option<&'s str>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'l> {
    Text(Cow<'l, Msg>),
    /// A count fact: the number, and the text pages show for it.
    Count(u64, Msg),
    /// A list of the country's own (its cities).
    List(Vec<Msg>),
    /// A list of records, one line each (Calling Plans): the same list is on many
    /// countries' pages.
    Records(Vec<Msg>),
}

impl Value<'_> {
    /// The value's text, unless it is a list.
    pub fn text(&self) -> Option<&Msg> {
        match self {
            Value::Text(m) => Some(m),
            Value::Count(_, m) => Some(m),
            Value::List(_) | Value::Records(_) => None,
        }
    }

    /// The value's text as a string of its own, or a list's items.
    fn into_text(self) -> Result<Msg, Vec<Msg>> {
        match self {
            Value::Text(m) => Ok(m.into_owned()),
            Value::Count(_, m) => Ok(m),
            Value::List(items) | Value::Records(items) => Err(items),
        }
    }
}

/// One value as text: `None` for an absent value or an empty list.
fn value_text<'l>(locale: &'l Locale, def: &FactDef, value: &FactValue) -> Option<Value<'l>> {
    Some(match (&def.kind, value) {
        (FactKind::YesNo { yes, no }, FactValue::Bool(b)) => Value::Text(locale.ui_ref(if *b { yes } else { no })),
        (FactKind::Choice { values }, FactValue::Choice(i)) => Value::Text(locale.ui_ref(&values[*i].1)),
        (FactKind::Count { format, placeholder }, FactValue::Count(n)) => Value::Count(
            *n,
            match format {
                Some(f) => locale.ui_count(f, placeholder, *n),
                None => Msg::own(locale.l10n.count(*n)),
            },
        ),
        (FactKind::Cities, FactValue::Cities(list)) if !list.is_empty() => {
            Value::List(list.iter().map(|c| Msg::own(locale.city(c).to_owned())).collect())
        }
        (FactKind::List { item }, FactValue::List(records)) if !records.is_empty() => {
            Value::Records(records.iter().map(|r| record_text(locale, item, r)).collect())
        }
        _ => return None,
    })
}

/// One value as one string, for a sentence about it: a list's items joined, an absent
/// value or an empty list as the fact's `empty` string.
pub fn value_msg(locale: &Locale, def: &FactDef, value: &FactValue) -> Msg {
    match value_text(locale, def, value).map(Value::into_text) {
        Some(Ok(m)) => m,
        Some(Err(items)) => list(locale, &items),
        None => locale.ui(def.empty.as_deref().unwrap_or("none")),
    }
}

/// Items as one string, joined by `locale`'s list pattern ("A, B, and C", "A、B和C").
pub fn list(locale: &Locale, items: &[Msg]) -> Msg {
    Msg::new(locale.list(&items.iter().map(|m| m.text.as_str()).collect::<Vec<_>>()), items.iter().any(|m| m.fallback))
}

/// A record as one line: its first value, then the others after the locale's
/// "label: value" pattern, e.g. "Domestic Calling Plan: 120 minutes per user per month".
/// A list in it is written as the language writes a list in a sentence.
pub fn record_text(locale: &Locale, item: &[FactDef], record: &[FactValue]) -> Msg {
    let mut parts = item.iter().zip(record).filter_map(|(def, v)| match value_text(locale, def, v)?.into_text() {
        Ok(m) => Some(m),
        Err(items) => Some(list(locale, &items)),
    });
    let Some(first) = parts.next() else {
        return locale.ui("none");
    };
    let rest: Vec<Msg> = parts.collect();
    if rest.is_empty() {
        return first;
    }
    let mut details = String::new();
    for m in &rest {
        // Full-width punctuation (CJK) carries its own spacing; other text is spaced.
        let full_width = m.text.starts_with(|c: char| matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}'));
        if !details.is_empty() && !full_width {
            details.push(' ');
        }
        details.push_str(&m.text);
    }
    let text = locale.format(&locale.ui("column_heading"), &[("section", &first.text), ("feature", &details)]).text;
    Msg::new(text, first.fallback || rest.iter().any(|m| m.fallback))
}

/// One fact of a section as the page and the spreadsheet show it.
fn fact<'s>(
    locale: &'s Locale,
    section: &'s SectionDef,
    def: &'s FactDef,
    value: Option<&FactValue>,
    offered: bool,
) -> Fact<'s> {
    let shown = match value {
        None => Some(Value::Text(locale.ui_ref(section.absent.as_deref().unwrap_or("not_available")))),
        Some(_) if !offered && def.unavailable.is_some() => None,
        Some(v) => value_text(locale, def, v),
    };
    let link = shown.as_ref().and(def.link.as_deref()).filter(|_| value.is_some());
    let value = shown.unwrap_or_else(|| {
        let key = if !offered { def.unavailable.as_deref() } else { None };
        Value::Text(locale.ui_ref(key.or(def.empty.as_deref()).unwrap_or("none")))
    });
    Fact {
        key: def.label.as_deref().unwrap_or(&def.key),
        label: locale.ui_ref(def.label.as_deref().unwrap_or(&def.key)),
        value,
        link,
    }
}

/// The country's facts in `locale`, section by section, in schema order.
pub fn sections<'s>(schema: &'s Schema, country: &Country, locale: &'s Locale) -> Vec<Section<'s>> {
    schema
        .sections
        .iter()
        .enumerate()
        .map(|(si, def)| {
            let values = country.data.sections[si].as_ref();
            let offered = country.data.offers(schema, si);
            let unavailable = values.is_some() && def.available.is_some() && !offered;
            Section {
                id: &def.id,
                title: locale.ui_ref(&def.title),
                facts: def
                    .facts
                    .iter()
                    .enumerate()
                    .map(|(fi, f)| fact(locale, def, f, values.map(|v| &v[fi]), !unavailable))
                    .collect(),
                hint: def.unavailable_hint.as_deref().filter(|_| unavailable).map(|k| locale.ui_ref(k)),
                applies: values.is_some(),
            }
        })
        .collect()
}

/// The country's notes, localized, in the order the data lists them.
pub fn notes(country: &Country, locale: &Locale) -> Vec<Msg> {
    country.data.notes.iter().map(|n| locale.note(&n.value)).collect()
}
