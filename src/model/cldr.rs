//! Region names from CLDR (ICU4X compiled data), for places a locale file does not name.

use icu_experimental::displaynames::{multi::RegionDisplayNames, DisplayNamesOptions};
use icu_locale_core::subtags::Region;

/// Display names of regions in one language.
#[derive(Debug)]
pub struct RegionNames {
    /// The tag the names were made for: they are a function of it.
    tag: String,
    names: Option<RegionDisplayNames>,
}

impl RegionNames {
    pub fn new(tag: &str) -> Self {
        let names = tag
            .parse::<icu_locale_core::Locale>()
            .ok()
            .and_then(|l| RegionDisplayNames::try_new((&l).into(), DisplayNamesOptions::default()).ok());
        RegionNames { tag: tag.to_owned(), names }
    }

    /// CLDR's name of ISO code `code` in this language, if it has one.
    pub fn of(&self, code: &str) -> Option<String> {
        let region: Region = code.parse().ok()?;
        self.names.as_ref()?.of(region).map(str::to_owned)
    }
}

/// The same names: made for the same tag (`availgen serve` compares sites).
impl PartialEq for RegionNames {
    fn eq(&self, other: &Self) -> bool {
        self.tag == other.tag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_each_language() {
        assert_eq!(RegionNames::new("zh-CN").of("CI").as_deref(), Some("科特迪瓦"));
        assert_eq!(RegionNames::new("zh-TW").of("CI").as_deref(), Some("象牙海岸"));
        assert_eq!(RegionNames::new("en-US").of("AF").as_deref(), Some("Afghanistan"));
        assert_eq!(RegionNames::new("zh-CN").of("AN"), None);
    }
}
