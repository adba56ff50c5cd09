//! Calendar dates of commits: what the change history is dated by.
//!
//! A commit's date is its committer date in UTC, so the same commit has the same date
//! wherever the site is built. Dates are shown to readers through [`display_date`] alone,
//! in the locale's own format.

use super::Locale;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

const SECONDS_PER_DAY: i64 = 86_400;

impl Date {
    /// The UTC date of a Unix time.
    pub fn of_unix(seconds: i64) -> Date {
        civil_from_days(seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// Parses `YYYY-MM-DD`, refusing days that do not exist.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date { year: y.parse().ok()?, month: m.parse().ok()?, day: d.parse().ok()? };
        (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= days_in_month(date.year, date.month))
            .then_some(date)
    }

    /// The same day a year earlier (28 February for 29 February).
    pub fn a_year_before(self) -> Date {
        let year = self.year - 1;
        Date { year, month: self.month, day: self.day.min(days_in_month(year, self.month)) }
    }

    /// `YYYY-MM-DD`: for machines (JSON, sitemaps, `<time datetime>`), never for people.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date of availgen.toml (`changes_since = 2025-01-01`).
impl From<crate::load::config::Date> for Date {
    fn from(d: crate::load::config::Date) -> Date {
        Date { year: d.year.into(), month: d.month.into(), day: d.day.into() }
    }
}

/// A date as `locale` writes a medium-length date ("May 1, 2024", "2024年5月1日"): CLDR's
/// Gregorian pattern of the language, from the formatter made once per locale.
pub fn display_date(locale: &Locale, date: Date) -> String {
    let iso = date.iso();
    // Every `Date` is a valid Gregorian day, so the formatter takes it; ISO is the fallback.
    locale.l10n.date(&iso).unwrap_or(iso)
}

/// A Unix time as RFC 3339 in UTC (`2026-12-03T06:57:54Z`), as Atom feeds date entries.
pub fn rfc3339(seconds: i64) -> String {
    let date = Date::of_unix(seconds);
    let s = seconds.rem_euclid(SECONDS_PER_DAY);
    format!("{}T{:02}:{:02}:{:02}Z", date.iso(), s / 3600, s / 60 % 60, s % 60)
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date `days` days after 1970-01-01: Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_become_utc_dates() {
        assert_eq!(Date::of_unix(0).iso(), "1970-01-01");
        // 2026-12-03T06:57:54Z, the bundled content's re-sync commit.
        assert_eq!(Date::of_unix(1_796_281_074).iso(), "2026-12-03");
        assert_eq!(rfc3339(1_796_281_074), "2026-12-03T06:57:54Z");
        assert_eq!(Date::of_unix(951_782_400).iso(), "2000-02-29");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn parses_only_real_days() {
        assert_eq!(Date::parse("2024-02-29"), Some(Date { year: 2024, month: 2, day: 29 }));
        for bad in ["2023-02-29", "2024-13-01", "2024-1-01", "2024-01-01T00:00", "yesterday", "2024-00-10"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_year_before_keeps_the_day_where_it_exists() {
        let leap = Date::parse("2024-02-29").unwrap();
        assert_eq!(leap.a_year_before().iso(), "2023-02-28");
        assert_eq!(Date::parse("2026-12-03").unwrap().a_year_before().iso(), "2025-12-03");
    }
}
