//! A calendar date and the little arithmetic the model needs (ages, seniority, the
//! quarter a usury threshold belongs to).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid proleptic Gregorian date. Built only through [`Date::new`] or [`Date::parse`],
/// so a `Date` never holds a month 13 or a 30 February.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, or `None` when it does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Reads an ISO 8601 calendar date, `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
            return None;
        }
        Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days from 1970-01-01 (day 0) to `self`; negative before it.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's `days_from_civil`, on a year that starts on 1 March.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01, the inverse of [`Date::days_since_epoch`];
    /// `None` when its year does not fit an `i32`.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let shifted = days.checked_add(719_468)?;
        let era = shifted.div_euclid(146_097);
        let day_of_era = shifted - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_index + 2) / 5 + 1;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        };
        let year = era.checked_mul(400)?.checked_add(year_of_era)? + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The calendar quarter the date falls in.
    pub fn quarter(self) -> Quarter {
        Quarter {
            year: self.year,
            number: (self.month - 1) / 3 + 1,
        }
    }

    /// Completed months from `self` to `later`; 0 when `later` is not after `self`.
    ///
    /// A month is complete on the same day of the month, or on the last day of a shorter
    /// month (31 January to 28 February is one month; 29 February to 28 February of a
    /// common year is twelve).
    pub(crate) fn whole_months_until(self, later: Date) -> i64 {
        if later <= self {
            return 0;
        }
        let months = (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month)
            - i64::from(self.month);
        let short_of_a_month =
            later.day < self.day && later.day < days_in_month(later.year, later.month);
        if short_of_a_month { months - 1 } else { months }
    }
}

/// A calendar quarter: Q1 is January to March. Usury thresholds are published for one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    number: u8,
}

impl Quarter {
    /// Quarter `number` of `year`, the number brought within 1 to 4.
    pub const fn of(year: i32, number: u8) -> Quarter {
        let number = if number < 1 {
            1
        } else if number > 4 {
            4
        } else {
            number
        };
        Quarter { year, number }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 to 4.
    pub fn number(self) -> u8 {
        self.number
    }

    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: (self.number - 1) * 3 + 1,
            day: 1,
        }
    }

    /// The quarter after this one; `None` after the last quarter of `i32::MAX`.
    pub fn next(self) -> Option<Quarter> {
        if self.number < 4 {
            Some(Quarter::of(self.year, self.number + 1))
        } else {
            Some(Quarter::of(self.year.checked_add(1)?, 1))
        }
    }
}

impl std::fmt::Display for Quarter {
    /// `2026-Q1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.number)
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl std::fmt::Display for Date {
    /// ISO 8601, `YYYY-MM-DD`: the form [`Date::parse`] reads.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    /// As `YYYY-MM-DD`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date (YYYY-MM-DD): {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("valid test date")
    }

    #[test]
    fn rejects_dates_that_do_not_exist() {
        for (text, why) in [
            ("2025-02-29", "29 February of a common year"),
            ("2026-13-01", "month 13"),
            ("2026-04-31", "31 April"),
            ("2026-00-10", "month 0"),
            ("2026-1-10", "one-digit month"),
            ("2026-01-10-01", "trailing part"),
            ("20260110", "no separators"),
            ("+026-01-10", "sign in the year"),
        ] {
            assert_eq!(Date::parse(text), None, "{why}");
        }
        assert!(Date::parse("2024-02-29").is_some(), "leap day");
        assert!(Date::parse("2000-02-29").is_some(), "leap century");
        assert!(Date::parse("1900-02-29").is_none(), "common century");
    }

    #[test]
    fn counts_days_from_the_epoch_both_ways() {
        for (text, days) in [
            ("1970-01-01", 0),
            ("1969-12-31", -1),
            ("2000-03-01", 11_017),
            ("2024-02-29", 19_782),
            ("2026-12-31", 20_818),
            ("0000-03-01", -719_468),
        ] {
            assert_eq!(date(text).days_since_epoch(), days, "{text}");
            assert_eq!(
                Date::from_days_since_epoch(days),
                Some(date(text)),
                "{text}"
            );
        }
        for days in -800_000..80_000 {
            let day = Date::from_days_since_epoch(days).expect("a date in range");
            assert_eq!(day.days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
        assert_eq!(Date::from_days_since_epoch(i64::MIN), None);
    }

    #[test]
    fn quarters() {
        for (text, quarter, first_day) in [
            ("2026-01-01", "2026-Q1", "2026-01-01"),
            ("2026-03-31", "2026-Q1", "2026-01-01"),
            ("2026-04-01", "2026-Q2", "2026-04-01"),
            ("2026-09-30", "2026-Q3", "2026-07-01"),
            ("2026-12-31", "2026-Q4", "2026-10-01"),
        ] {
            let q = date(text).quarter();
            assert_eq!(q.to_string(), quarter, "{text}");
            assert_eq!(q.first_day(), date(first_day), "{text}");
        }
        assert_eq!(Quarter::of(2026, 3).next(), Some(Quarter::of(2026, 4)));
        assert_eq!(Quarter::of(2026, 4).next(), Some(Quarter::of(2027, 1)));
        assert_eq!(Quarter::of(i32::MAX, 4).next(), None);
    }

    #[test]
    fn serialises_as_iso_8601() {
        let json = serde_json::to_string(&date("2026-01-01")).expect("serialisable");
        assert_eq!(json, r#""2026-01-01""#);
        let back: Date = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, date("2026-01-01"));
        assert!(serde_json::from_str::<Date>(r#""2026-02-30""#).is_err());
    }

    #[test]
    fn counts_completed_months() {
        for (from, to, months, why) in [
            ("1990-06-15", "2026-06-15", 432, "36th birthday"),
            (
                "1990-06-15",
                "2026-06-14",
                431,
                "day before the 36th birthday",
            ),
            (
                "2026-01-31",
                "2026-02-28",
                1,
                "end of a shorter month completes it",
            ),
            (
                "2024-02-29",
                "2025-02-28",
                12,
                "leap-day anniversary in a common year",
            ),
            ("2026-03-10", "2026-03-25", 0, "same month"),
            ("2026-03-10", "2026-01-01", 0, "later date before the first"),
        ] {
            assert_eq!(date(from).whole_months_until(date(to)), months, "{why}");
        }
    }
}
