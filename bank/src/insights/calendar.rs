//! Calendar months and the full months inside a period.

use std::fmt;

use scoring::Date;
use serde::{Serialize, Serializer};

/// A calendar month, written `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u8,
}

impl Month {
    pub fn of(date: Date) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> Option<Date> {
        Date::new(self.year, self.month, 1)
    }

    /// The month's last day: the day before the next month's first.
    pub fn last_day(self) -> Option<Date> {
        let next = self.next()?.first_day()?;
        Date::from_days_since_epoch(next.days_since_epoch() - 1)
    }

    pub fn next(self) -> Option<Month> {
        if self.month == 12 {
            Some(Month {
                year: self.year.checked_add(1)?,
                month: 1,
            })
        } else {
            Some(Month {
                year: self.year,
                month: self.month + 1,
            })
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The calendar months wholly inside `from..=to`, in order: the partial first and last
/// months are left out.
pub fn full_months(from: Date, to: Date) -> Vec<Month> {
    let mut months = Vec::new();
    let mut month = Month::of(from);
    while month <= Month::of(to) {
        if let (Some(first), Some(last)) = (month.first_day(), month.last_day())
            && first >= from
            && last <= to
        {
            months.push(month);
        }
        match month.next() {
            Some(next) => month = next,
            None => break,
        }
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a valid test date")
    }

    fn names(from: &str, to: &str) -> Vec<String> {
        full_months(date(from), date(to))
            .iter()
            .map(Month::to_string)
            .collect()
    }

    #[test]
    fn keeps_only_whole_months() {
        assert_eq!(
            names("2026-07-15", "2026-11-20"),
            ["2026-08", "2026-09", "2026-10"]
        );
        assert_eq!(
            names("2026-08-01", "2026-10-31"),
            ["2026-08", "2026-09", "2026-10"]
        );
        assert_eq!(names("2026-08-02", "2026-10-30"), ["2026-09"]);
        assert_eq!(names("2026-03-10", "2026-04-20"), Vec::<String>::new());
        assert_eq!(
            names("2023-12-01", "2024-02-29"),
            ["2023-12", "2024-01", "2024-02"]
        );
        assert_eq!(names("2026-05-01", "2026-05-30"), Vec::<String>::new());
    }
}
