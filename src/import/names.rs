//! Country name (as in "Availability in X") → ISO code, through the override table in
//! `rules.rs`, the en-US names of the target root's `locales/en-US.yaml`, then CLDR's
//! English region names (pages name places the locale file spells otherwise, such as
//! "Bosnia & Herzegovina", or does not name at all).

use std::collections::HashMap;

use super::rules::NAME_OVERRIDES;
use crate::iso3166::ALPHA2;
use crate::model::cldr::RegionNames;

pub struct Names {
    /// Matching key of each en-US name → code; `None` when two codes share a name.
    en_us: HashMap<String, Option<String>>,
    /// Matching key of CLDR's English name of every assigned ISO code → code.
    cldr: HashMap<String, Option<String>>,
    /// Code → en-US name.
    by_code: HashMap<String, String>,
}

/// How a name was matched, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub code: String,
    pub how: &'static str,
}

/// Names match whatever their case and apostrophes: CLDR writes "Côte d’Ivoire".
fn key(name: &str) -> String {
    name.trim().to_lowercase().replace(['’', '‘'], "'")
}

fn by_key<'a>(names: impl IntoIterator<Item = (&'a str, String)>) -> HashMap<String, Option<String>> {
    let mut out: HashMap<String, Option<String>> = HashMap::new();
    for (code, name) in names {
        out.entry(key(&name)).and_modify(|c| *c = None).or_insert_with(|| Some(code.to_owned()));
    }
    out
}

impl Names {
    pub fn new<'a>(en_us: impl IntoIterator<Item = (&'a str, &'a str)>) -> Names {
        let en_us: Vec<(&str, &str)> = en_us.into_iter().collect();
        let by_code = en_us.iter().map(|(code, name)| ((*code).to_owned(), (*name).to_owned())).collect();
        let english = RegionNames::new("en");
        Names {
            en_us: by_key(en_us.iter().map(|(code, name)| (*code, (*name).to_owned()))),
            cldr: by_key(ALPHA2.iter().filter_map(|code| Some((*code, english.of(code)?)))),
            by_code,
        }
    }

    pub fn english(&self, code: &str) -> Option<&str> {
        self.by_code.get(code).map(String::as_str)
    }

    /// The code for `name`, or why there is none. The locale file's names come before
    /// CLDR's: they are the site's own.
    pub fn resolve(&self, name: &str) -> Result<Resolved, String> {
        let wanted = key(name);
        if let Some((_, code)) = NAME_OVERRIDES.iter().find(|(n, _)| key(n) == wanted) {
            return Ok(Resolved { code: (*code).to_owned(), how: "override table" });
        }
        let without_the = wanted.strip_prefix("the ");
        let tables = [
            (&self.en_us, "en-US name", "en-US name, without \"the\"", "locales/en-US.yaml"),
            (&self.cldr, "CLDR English name", "CLDR English name, without \"the\"", "CLDR"),
        ];
        for (table, as_written, without, source) in tables {
            for (candidate, how) in [(Some(wanted.as_str()), as_written), (without_the, without)] {
                match candidate.and_then(|c| table.get(c)) {
                    Some(Some(code)) => return Ok(Resolved { code: code.clone(), how }),
                    Some(None) => {
                        return Err(format!("\"{name}\" is the English name of more than one code in {source}"))
                    }
                    None => {}
                }
            }
        }
        Err(format!(
            "\"{name}\" is neither an en-US country name in locales/en-US.yaml, nor a CLDR English region name, nor in the override table"
        ))
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
    fn cldr_english_names_when_the_locale_file_has_none() {
        let n = Names::new([("BA", "Bosnia and Herzegovina"), ("TR", "Turkey")]);
        let ba = n.resolve("Bosnia & Herzegovina").unwrap();
        assert_eq!((ba.code.as_str(), ba.how), ("BA", "CLDR English name"));
        assert_eq!(n.resolve("Türkiye").unwrap().code, "TR");
        // Straight or curly apostrophe, and a code the locale file does not name.
        assert_eq!(n.resolve("Côte d'Ivoire").unwrap().code, "CI");
        assert_eq!(n.resolve("the Faroe Islands").unwrap().how, "CLDR English name, without \"the\"");
        // The locale file's name wins over CLDR's.
        let n = Names::new([("XK", "Bosnia & Herzegovina")]);
        assert_eq!(n.resolve("Bosnia & Herzegovina").unwrap().code, "XK");
    }

    #[test]
    fn unknown_and_shared_names_are_errors() {
        assert!(names().resolve("Atlantis").unwrap_err().contains("Atlantis"));
        let n = Names::new([("AA", "Twin"), ("BB", "Twin")]);
        assert!(n.resolve("Twin").unwrap_err().contains("more than one"));
    }
}
