//! A small YAML emitter that writes country files exactly in the bundled files' style:
//! block sections, flow lists for cities and notes, one `- {kind: …, minutes: …}` line
//! per plan, and quotes only where YAML needs them (`yaml_text.rs`).

use super::facts::{plan_flow, Facts, Val, FIELDS};

/// The text of `content/countries/<slug>.yaml` for `facts`.
pub fn country_yaml(facts: &Facts) -> String {
    let mut out = String::new();
    let mut section = "";
    for field in FIELDS {
        let Some(value) = facts.get(field) else {
            continue;
        };
        let (sec, key) = field.split_once('.').unwrap_or(("", field));
        if sec != section {
            if !sec.is_empty() {
                out.push_str(sec);
                out.push_str(":\n");
            }
            section = sec;
        }
        let indent = if sec.is_empty() { "" } else { "  " };
        match value {
            Val::Plans(plans) if !plans.is_empty() => {
                out.push_str(&format!("{indent}{key}:\n"));
                for plan in plans {
                    out.push_str(&format!("{indent}- {}\n", plan_flow(plan)));
                }
            }
            Val::BusinessVoice(Some(minutes)) => {
                out.push_str(&format!("{indent}{key}:\n{indent}  calling_plan_minutes: {minutes}\n"));
            }
            other => out.push_str(&format!("{indent}{key}: {}\n", other.flow())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{country, SourceFile};

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
            assert_eq!(country_yaml(&Facts::from_country(&data, &schema)), text, "{}", path.display());
            count += 1;
        }
        assert!(count >= 100, "only {count} files");
    }
}
