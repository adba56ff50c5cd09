//! `availgen schema`: a JSON Schema (draft 2020-12) of a country file under the site's
//! fact schema, so that editors check and complete country files as they are typed.
//!
//! It accepts what `load::country::check` accepts, and no more, with one addition from
//! validation: `code` is two capital letters. Each property carries the en-US text of
//! its `label` or `title`, which editors show on hover. Only keywords that mean the same
//! in draft 7 are used, since editors' YAML language servers implement that draft.

use serde_json::{json, Map, Value};

use crate::load::locale::Messages;
use crate::load::schema::{FactDef, FactKind, Schema, SectionDef};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Matches a city name with a character outside Unicode's White_Space set, which
/// `str::trim` removes: the loader refuses a name of white space alone. Spelled out
/// because `\s` differs between the regex dialects of editors (JavaScript) and
/// validators (Python).
const NOT_BLANK: &str = "[^\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// The JSON Schema of a country file under `schema`; `ui` gives the descriptions.
pub fn country_file(schema: &Schema, ui: Option<&Messages>) -> Value {
    let mut properties = Map::new();
    properties.insert("code".into(), json!({"type": "string", "pattern": "^[A-Z]{2}$"}));
    properties.insert("notes".into(), json!({"type": ["array", "null"], "items": {"type": "string"}}));
    properties.insert("source".into(), json!({"type": ["string", "null"]}));
    let mut required = vec!["code"];
    for s in &schema.sections {
        properties.insert(s.key.clone(), section(s, ui));
        if !s.optional {
            required.push(&s.key);
        }
    }
    json!({
        "$schema": DRAFT,
        "title": "availgen country file",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// A section: a mapping of its facts, or its one fact's value when `inline`; null too
/// when `optional`.
fn section(s: &SectionDef, ui: Option<&Messages>) -> Value {
    let mut out = if s.inline { fact(&s.facts[0], None) } else { record(&s.facts, ui) };
    if s.optional {
        allow_null(&mut out);
    }
    describe(&mut out, Some(&s.title), ui);
    out
}

/// A mapping of `facts` (a section's, or a list item's). A fact left out is an error
/// unless it is optional, or a list, which left out is empty.
fn record(facts: &[FactDef], ui: Option<&Messages>) -> Value {
    let properties: Map<String, Value> = facts.iter().map(|f| (f.key.clone(), fact(f, ui))).collect();
    let required: Vec<&str> = facts
        .iter()
        .filter(|f| !f.optional && !matches!(f.kind, FactKind::Cities | FactKind::List { .. }))
        .map(|f| f.key.as_str())
        .collect();
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

/// One fact's value; null too when it is optional. `ui` is `None` for an inline
/// section's fact, which the section's title describes.
fn fact(f: &FactDef, ui: Option<&Messages>) -> Value {
    let mut out = match &f.kind {
        FactKind::YesNo { .. } => json!({"type": "boolean"}),
        FactKind::Choice { values } => json!({"enum": values.iter().map(|(v, _)| v).collect::<Vec<_>>()}),
        FactKind::Count { .. } => json!({"type": "integer", "minimum": 0, "maximum": u32::MAX}),
        FactKind::Cities => json!({"type": "array", "items": {"type": "string", "pattern": NOT_BLANK}}),
        FactKind::List { item } => json!({"type": "array", "items": record(item, ui)}),
    };
    if f.optional {
        allow_null(&mut out);
    }
    describe(&mut out, f.label.as_deref(), ui);
    out
}

/// Lets a schema with a `type` or an `enum` (every one made here) also accept null.
fn allow_null(schema: &mut Value) {
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        values.push(Value::Null);
    } else if let Some(t) = schema.get_mut("type") {
        *t = json!([t.take(), "null"]);
    }
}

/// Adds the en-US text of the ui string `key` as the description, when there is one.
fn describe(schema: &mut Value, key: Option<&str>, ui: Option<&Messages>) {
    let text = key.zip(ui).and_then(|(key, ui)| ui.get(key));
    if let (Some(text), Some(schema)) = (text, schema.as_object_mut()) {
        schema.insert("description".into(), text.value.other().into());
    }
}
