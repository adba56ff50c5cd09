//! A language's CLDR conventions from ICU4X's compiled data: which plural form a number
//! takes, how numbers are written (digits, grouping), how an inline list is joined, and
//! how a date is written.
//!
//! The formatters of a tag are made once and shared: by the site's `Locale` of that tag,
//! and by the template filters (`number`, `plural`, `list`, `date`), which know a page
//! only by its locale's tag. A tag's formatters are a function of the tag alone, so they
//! are kept for the life of the process (`availgen serve` rebuilds reuse them).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::YMD;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};
use icu_list::ListFormatter;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRuleType, PluralRules};

pub struct Formatters {
    /// The tag they were made for: they are a function of it.
    tag: String,
    plurals: PluralRules,
    decimal: DecimalFormatter,
    list: ListFormatter,
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
}

impl std::fmt::Debug for Formatters {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Formatters({})", self.tag)
    }
}

/// The same formatters: made for the same tag (`availgen serve` compares sites).
impl PartialEq for Formatters {
    fn eq(&self, other: &Self) -> bool {
        self.tag == other.tag
    }
}

/// ICU4X's compiled data falls back to the root locale for a language it does not know,
/// so making a formatter fails only if the data compiled into availgen lacked it.
fn compiled<T>(made: Result<T, impl std::fmt::Debug>) -> T {
    made.expect("ICU4X's compiled data has every formatter for the root locale")
}

static MADE: LazyLock<Mutex<HashMap<String, Arc<Formatters>>>> = LazyLock::new(Default::default);

impl Formatters {
    /// The formatters of `tag` (a BCP 47 tag; `-u-nu-latn` asks for Latin digits), made
    /// the first time they are asked for. A tag ICU4X cannot read gets the root locale's.
    pub fn of(tag: &str) -> Arc<Formatters> {
        let mut made = MADE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        made.entry(tag.to_owned()).or_insert_with(|| Arc::new(Formatters::new(tag))).clone()
    }

    fn new(tag: &str) -> Formatters {
        let locale: Locale = tag.parse().unwrap_or(Locale::UNKNOWN);
        let list_options = ListFormatterOptions::default().with_length(ListLength::Wide);
        Formatters {
            tag: tag.to_owned(),
            plurals: compiled(PluralRules::try_new((&locale).into(), PluralRuleType::Cardinal.into())),
            decimal: compiled(DecimalFormatter::try_new((&locale).into(), Default::default())),
            list: compiled(ListFormatter::try_new_and((&locale).into(), list_options)),
            date: compiled(FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::medium())),
        }
    }

    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// `n` in the language's digits, with its grouping and decimal separators.
    pub fn number(&self, n: &Decimal) -> String {
        self.decimal.format(n).to_string()
    }

    /// A whole number, as [`Formatters::number`] writes it.
    pub fn count(&self, n: u64) -> String {
        self.number(&Decimal::from(n))
    }

    /// The plural category of `n` (cardinal), as the language's rules choose it.
    pub fn category(&self, n: &Decimal) -> PluralCategory {
        self.plurals.category_for(n)
    }

    /// The categories the language's numbers fall into, in CLDR order, `other` last.
    pub fn categories(&self) -> impl Iterator<Item = PluralCategory> + '_ {
        self.plurals.categories()
    }

    /// `items` joined by the language's pattern for "and" lists, as written inline in a
    /// sentence: "Toronto, Montreal, and Calgary", "多伦多、蒙特利尔和卡尔加里".
    pub fn list<'a>(&self, items: impl Iterator<Item = &'a str> + Clone) -> String {
        self.list.format(items).to_string()
    }

    /// A Gregorian date written as the language writes a medium-length year, month and
    /// day ("May 1, 2024", "01.05.2024", "2024年5月1日"); `iso` is `YYYY-MM-DD`. `None`
    /// when `iso` is not such a date.
    pub fn date(&self, iso: &str) -> Option<String> {
        let written_so = iso.len() == 10
            && iso.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        let date = Date::try_from_str(iso, Gregorian).ok().filter(|_| written_so)?;
        Some(self.date.format(&date).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_each_languages_digits_and_grouping() {
        let n = |tag: &str, n: u64| Formatters::of(tag).count(n);
        assert_eq!(n("en-US", 3000), "3,000");
        assert_eq!(n("de-DE", 3000), "3.000");
        assert_eq!(n("fr-FR", 3000), "3\u{202F}000");
        assert_eq!(n("hi-IN", 1234567), "12,34,567");
        assert_eq!(n("ar-SA", 3000), "٣٬٠٠٠");
        assert_eq!(n("ar-SA-u-nu-latn", 3000), "3,000");
        assert_eq!(n("not a tag", 3000), "3,000");
    }

    #[test]
    fn formatters_are_made_once_per_tag() {
        assert!(Arc::ptr_eq(&Formatters::of("pl-PL"), &Formatters::of("pl-PL")));
        assert!(!Arc::ptr_eq(&Formatters::of("pl-PL"), &Formatters::of("pl")));
    }

    #[test]
    fn plural_categories_by_the_languages_rules() {
        let f = Formatters::of("ru-RU");
        let of = |n: u64| f.category(&Decimal::from(n));
        assert_eq!([of(1), of(2), of(5), of(21), of(114)], {
            use PluralCategory::*;
            [One, Few, Many, One, Many]
        });
        assert_eq!(Formatters::of("zh-CN").categories().collect::<Vec<_>>(), [PluralCategory::Other]);
    }

    #[test]
    fn dates_are_gregorian_and_must_be_iso() {
        assert_eq!(Formatters::of("en-US").date("2024-05-01").as_deref(), Some("May 1, 2024"));
        assert_eq!(Formatters::of("ar-SA-u-nu-latn").date("2024-05-01").map(|d| d.contains("2024")), Some(true));
        for bad in ["2024-5-1", "2024-13-01", "yesterday", "2024-05-01T10:00", "+2024-05-01"] {
            assert_eq!(Formatters::of("en-US").date(bad), None, "{bad}");
        }
    }
}
