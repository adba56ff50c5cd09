//! YAML scalars and flow lists as the bundled country and locale files write them:
//! plain where that reads back as the same string, quoted only where YAML needs it.

/// `[a, b]`, each item quoted if it has to be.
pub fn flow_list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| scalar(s)).collect();
    format!("[{}]", inner.join(", "))
}

/// `s` as a YAML scalar that reads back as the same string in block and flow context:
/// plain when that is safe, else single-quoted (double-quoted if it has control characters).
pub fn scalar(s: &str) -> String {
    if s.chars().any(char::is_control) {
        return serde_json::to_string(s).unwrap_or_default();
    }
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// Words YAML 1.1 or 1.2 readers turn into booleans or null.
const RESERVED: [&str; 12] = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "", "<<"];

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || RESERVED.contains(&s.to_lowercase().as_str()) || looks_numeric(s) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    !(s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains([',', '[', ']', '{', '}']))
}

fn looks_numeric(s: &str) -> bool {
    let lower = s.to_lowercase();
    lower.parse::<f64>().is_ok()
        || lower.starts_with("0x")
        || lower.starts_with("0o")
        || matches!(lower.trim_start_matches(['+', '-']), ".inf" | ".nan")
        || (s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_digit() || "-:._+ ".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_yaml_needs() {
        assert_eq!(scalar("Buenos Aires"), "Buenos Aires");
        assert_eq!(scalar("Teesside (Middlesbrough)"), "Teesside (Middlesbrough)");
        assert_eq!(scalar("Saint-Etienne"), "Saint-Etienne");
        assert_eq!(scalar("Alabama, Birmingham"), "'Alabama, Birmingham'");
        assert_eq!(scalar("NO"), "'NO'");
        assert_eq!(scalar("yes"), "'yes'");
        assert_eq!(scalar("120"), "'120'");
        assert_eq!(scalar("{country}的功能"), "'{country}的功能'");
        assert_eq!(scalar("it's"), "it's");
        assert_eq!(scalar("'quoted'"), "'''quoted'''");
        assert_eq!(scalar("a: b"), "'a: b'");
        assert_eq!(scalar(""), "''");
        assert_eq!(scalar("阿拉伯联合酋长国 (UAE)"), "阿拉伯联合酋长国 (UAE)");
        assert_eq!(scalar("tab\there"), "\"tab\\there\"");
        assert_eq!(
            scalar("Teams/x/availability-in-argentina.md@500ff15d"),
            "Teams/x/availability-in-argentina.md@500ff15d"
        );
    }

    #[test]
    fn quoted_scalars_read_back_unchanged() {
        for s in ["NO", "Alabama, Birmingham", "a: b", "'x'", "true", "1.5", "#x"] {
            let yaml = format!("v: {}\nl: {}\n", scalar(s), flow_list(&[s.to_owned()]));
            let parsed: std::collections::BTreeMap<String, serde_json::Value> = serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(parsed["v"], serde_json::json!(s), "{yaml}");
            assert_eq!(parsed["l"], serde_json::json!([s]), "{yaml}");
        }
    }
}
