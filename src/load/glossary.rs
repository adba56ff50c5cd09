//! `locales/glossary.yaml`: per concept, each locale's preferred term and the variants
//! that are wrong in that locale (checked in locale strings and pages).

use indexmap::IndexMap;
use serde::Deserialize;

use super::{yaml, SourceFile};
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    /// concept → locale tag → term.
    pub terms: IndexMap<String, IndexMap<String, Term>>,
    #[serde(skip)]
    pub rel_path: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub preferred: String,
    #[serde(default)]
    pub forbidden: Vec<String>,
}

impl Glossary {
    /// `(concept, preferred, forbidden)` for every forbidden variant of locale `tag`.
    pub fn forbidden_in<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = (&'a str, &'a str, &'a str)> + 'a {
        self.terms.iter().filter_map(move |(concept, by_locale)| by_locale.get(tag).map(|t| (concept, t))).flat_map(
            |(concept, term)| {
                term.forbidden.iter().map(move |f| (concept.as_str(), term.preferred.as_str(), f.as_str()))
            },
        )
    }
}

pub fn parse(source: &SourceFile) -> Result<Glossary, Vec<Diagnostic>> {
    let mut glossary: Glossary = yaml::parse(source, &source.text, 1).map_err(|d| vec![d])?;
    glossary.rel_path = source.rel_path.clone();
    Ok(glossary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_forbidden_variants_per_locale() {
        let text = "terms:\n  calling_plan:\n    zh-CN: {preferred: 通话套餐, forbidden: [调用计划, 通話方案]}\n    zh-TW: {preferred: 通話方案}\n";
        let g = parse(&SourceFile { rel_path: "locales/glossary.yaml".into(), text: text.into() }).unwrap();
        let zh_cn: Vec<_> = g.forbidden_in("zh-CN").collect();
        assert_eq!(zh_cn, [("calling_plan", "通话套餐", "调用计划"), ("calling_plan", "通话套餐", "通話方案")]);
        assert_eq!(g.forbidden_in("zh-TW").count(), 0);
    }
}
