//! Writes a country file in the bundled files' style: block sections, flow lists for
//! cities and notes, one `- {kind: …, minutes: …}` line per plan. Sections and their
//! facts come in the order of the site's schema, as a person editing it would expect.

use super::facts::{plan_flow, Facts, Val, BUSINESS_VOICE_MINUTES};
use crate::load::Schema;

/// The text of `content/countries/<slug>.yaml` for `facts`. A field the schema has no
/// place for is left out: the caller checks the text against the schema before writing.
pub fn country_yaml(facts: &Facts, schema: &Schema) -> String {
    let mut out = String::new();
    key_value(&mut out, "", "code", facts.get("code"));
    for section in &schema.sections {
        // Sections the importer holds as one value: an inline one
        // (`communications_credits: true`) and Business Voice (null or its minutes).
        if let Some(whole) = facts.get(&section.key) {
            key_value(&mut out, "", &section.key, Some(whole));
            continue;
        }
        let mut body = String::new();
        for fact in &section.facts {
            key_value(&mut body, "  ", &fact.key, facts.get(&format!("{}.{}", section.key, fact.key)));
        }
        if !body.is_empty() {
            out.push_str(&format!("{}:\n{body}", section.key));
        }
    }
    key_value(&mut out, "", "notes", facts.get("notes"));
    key_value(&mut out, "", "source", facts.get("source"));
    out
}

/// `key: value` at `indent`, or the key and a block under it; nothing for no value.
fn key_value(out: &mut String, indent: &str, key: &str, value: Option<&Val>) {
    match value {
        None => {}
        Some(Val::Plans(plans)) if !plans.is_empty() => {
            out.push_str(&format!("{indent}{key}:\n"));
            for plan in plans {
                out.push_str(&format!("{indent}- {}\n", plan_flow(plan)));
            }
        }
        Some(Val::BusinessVoice(Some(minutes))) => {
            out.push_str(&format!("{indent}{key}:\n{indent}  {BUSINESS_VOICE_MINUTES}: {minutes}\n"));
        }
        Some(other) => out.push_str(&format!("{indent}{key}: {}\n", other.flow())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facts::{default_value, DialOut, Plan, PlanKind, FIELDS};
    use crate::load::schema::{self, BUILTIN, SCHEMA_PATH};
    use crate::load::{country, SourceFile};

    /// Canada with every field the importer writes set, every plan kind with both minutes.
    fn every_field(dial_out: DialOut) -> Facts {
        let plan = |kind| Plan { kind, minutes: Some(600), domestic_minutes: Some(3000) };
        let mut facts = Facts::default();
        for field in FIELDS {
            let value = match field {
                "code" => Val::Text("CA".into()),
                "source" => Val::Text("availability-in-canada.md@ab47ff8".into()),
                "notes" => Val::List(vec!["us_canada_domestic".into()]),
                "audio_conferencing.dial_out" => Val::DialOut(dial_out),
                "calling_plans.plans" => Val::Plans(PlanKind::ALL.map(plan).to_vec()),
                "calling_plans.outbound_countries" => Val::Count(Some(196)),
                "business_voice" => Val::BusinessVoice(Some(3000)),
                _ => match default_value(field) {
                    Some(Val::List(_)) => Val::List(vec!["Toronto".into()]),
                    _ => Val::Bool(true),
                },
            };
            facts.set(field, value);
        }
        facts
    }

    #[test]
    fn every_value_the_importer_writes_reads_back_through_the_bundled_schema() {
        let schema = Schema::builtin();
        for dial_out in DialOut::ALL {
            let facts = every_field(dial_out);
            let text = country_yaml(&facts, &schema);
            let source = SourceFile { rel_path: "content/countries/canada.yaml".into(), text: text.clone() };
            let data = country::parse_checked(&source, &schema).unwrap_or_else(|d| panic!("{d:#?}\n{text}")).data;
            assert_eq!(Facts::from_country(&data, &schema), facts, "{text}");
        }
    }

    #[test]
    fn sections_and_facts_come_in_the_schema_order() {
        let service_numbers = "  - key: service_numbers\n    title: service_numbers\n    facts:\n      - {key: toll, type: yes_no, label: sn_toll}\n      - {key: toll_free, type: yes_no, label: sn_toll_free}\n      - {key: cities, type: cities, label: sn_cities, empty: none}\n\n";
        assert!(BUILTIN.contains(service_numbers), "the bundled schema changed; update this test");
        // Service numbers first, its facts in reverse order.
        let mut lines: Vec<&str> = service_numbers.lines().collect();
        lines[3..6].reverse();
        let moved = format!("sections:\n{}\n", lines.join("\n"));
        let text = BUILTIN.replace(service_numbers, "").replace("sections:\n", &moved);
        let schema = schema::parse(&SourceFile { rel_path: SCHEMA_PATH.into(), text }).unwrap();
        let yaml = country_yaml(&every_field(DialOut::Included), &schema);
        let keys: Vec<&str> =
            yaml.lines().filter(|l| !l.starts_with("  - ")).filter_map(|l| l.split(':').next()).take(6).collect();
        assert_eq!(
            keys,
            ["code", "service_numbers", "  cities", "  toll_free", "  toll", "audio_conferencing"],
            "{yaml}"
        );
    }

    /// Every bundled country file, read and written again, is byte-identical.
    #[test]
    fn round_trips_every_bundled_country_file() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/countries");
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let source = SourceFile {
                rel_path: format!("content/countries/{}", path.file_name().unwrap().to_string_lossy()),
                text: text.clone(),
            };
            let schema = crate::load::Schema::builtin();
            let data = country::parse_checked(&source, &schema).unwrap().data;
            assert_eq!(country_yaml(&Facts::from_country(&data, &schema), &schema), text, "{}", path.display());
            count += 1;
        }
        assert!(count >= 100, "only {count} files");
    }
}
