//! `content/outbound.yaml`: the destinations a Calling Plan user can call.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{yaml, SourceFile};
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outbound {
    #[serde(default)]
    pub source: Option<String>,
    /// The count the source documents state; checked against the list.
    pub count: Spanned<usize>,
    pub countries: Vec<Destination>,
    #[serde(skip)]
    pub rel_path: String,
    #[serde(skip)]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Destination {
    pub code: Spanned<String>,
    /// English name, used where neither the locale file nor CLDR has one.
    pub name: String,
    /// How the source page spelled the name, where that differs (typos kept as provenance).
    #[serde(default, rename = "page_spelling")]
    pub _page_spelling: Option<String>,
}

pub fn parse(source: &SourceFile) -> Result<Outbound, Vec<Diagnostic>> {
    let mut outbound: Outbound = yaml::parse(source, &source.text, 1).map_err(|d| vec![d])?;
    outbound.rel_path = source.rel_path.clone();
    outbound.text = source.text.clone();
    Ok(outbound)
}
