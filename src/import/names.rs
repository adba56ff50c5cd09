//! Country name (as in "Availability in X") → ISO code, through the en-US names of the
//! target root's `locales/en-US.yaml` and the override table in `rules.rs`.

use std::collections::HashMap;

use super::rules::NAME_OVERRIDES;

pub struct Names {
    /// Lower-cased en-US name → code; `None` when two codes share a name.
    by_name: HashMap<String, Option<String>>,
    /// Code → en-US name.
    by_code: HashMap<String, String>,
}

/// How a name was matched, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub code: String,
    pub how: &'static str,
}

impl Names {
    pub fn new<'a>(en_us: impl IntoIterator<Item = (&'a str, &'a str)>) -> Names {
        let mut by_name: HashMap<String, Option<String>> = HashMap::new();
        let mut by_code = HashMap::new();
        for (code, name) in en_us {
            by_code.insert(code.to_owned(), name.to_owned());
            by_name.entry(name.to_lowercase()).and_modify(|c| *c = None).or_insert_with(|| Some(code.to_owned()));
        }
        Names { by_name, by_code }
    }

    pub fn english(&self, code: &str) -> Option<&str> {
        self.by_code.get(code).map(String::as_str)
    }

    /// The code for `name`, or why there is none.
    pub fn resolve(&self, name: &str) -> Result<Resolved, String> {
        let lower = name.trim().to_lowercase();
        if let Some((_, code)) = NAME_OVERRIDES.iter().find(|(n, _)| n.to_lowercase() == lower) {
            return Ok(Resolved { code: (*code).to_owned(), how: "override table" });
        }
        let without_the = lower.strip_prefix("the ");
        for (candidate, how) in [(Some(lower.as_str()), "en-US name"), (without_the, "en-US name, without \"the\"")] {
            match candidate.and_then(|c| self.by_name.get(c)) {
                Some(Some(code)) => return Ok(Resolved { code: code.clone(), how }),
                Some(None) => {
                    return Err(format!("\"{name}\" is the en-US name of more than one code in locales/en-US.yaml"))
                }
                None => {}
            }
        }
        Err(format!("\"{name}\" is neither an en-US country name in locales/en-US.yaml nor in the override table"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names::new([("GB", "United Kingdom"), ("AR", "Argentina"), ("CZ", "Czech Republic"), ("PH", "Philippines")])
    }

    #[test]
    fn en_us_names_and_overrides() {
        let n = names();
        assert_eq!(n.resolve("Argentina").unwrap().code, "AR");
        assert_eq!(n.resolve("argentina").unwrap().how, "en-US name");
        let uk = n.resolve("the United Kingdom (U.K.)").unwrap();
        assert_eq!((uk.code.as_str(), uk.how), ("GB", "override table"));
        assert_eq!(n.resolve("the U.S.").unwrap().code, "US");
        assert_eq!(n.resolve("the Netherlands").unwrap().code, "NL");
        assert_eq!(n.resolve("the United Arab Emirates (UAE)").unwrap().code, "AE");
        let ph = n.resolve("the Philippines").unwrap();
        assert_eq!(ph.code, "PH");
    }

    #[test]
    fn article_dropped_only_as_a_fallback() {
        let n = Names::new([("XX", "Example Islands")]);
        let r = n.resolve("the Example Islands").unwrap();
        assert_eq!((r.code.as_str(), r.how), ("XX", "en-US name, without \"the\""));
    }

    #[test]
    fn unknown_and_shared_names_are_errors() {
        assert!(names().resolve("Atlantis").unwrap_err().contains("Atlantis"));
        let n = Names::new([("AA", "Twin"), ("BB", "Twin")]);
        assert!(n.resolve("Twin").unwrap_err().contains("more than one"));
    }
}
