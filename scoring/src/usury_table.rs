//! The usury thresholds (seuils de l'usure): data with effective dates, shipped with the
//! published values and completed each quarter by the operator.
//!
//! The Banque de France computes each quarter, per category of loan, the average TAEG
//! lenders charged over the previous quarter; raised by a third it becomes the threshold
//! (code de la consommation L. 314-6 and D. 314-15 ff.), published by an avis in the
//! Journal officiel at the end of the quarter for the next one. A row says: from this date
//! on, loans of this category may not exceed this TAEG. The threshold in force on a date
//! is the row of its category with the latest `from` on or before it.

use serde::{Deserialize, Serialize};

use crate::input::{Date, Percent, Quarter};
use crate::usury::UsuryCategory;

/// One published threshold: loans of `category` may not exceed `rate` from `from` on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UsuryRow {
    pub category: UsuryCategory,
    pub from: Date,
    /// The highest lawful TAEG, in percent (`4.12` in JSON).
    pub rate: Percent,
}

/// The threshold in force for a loan on a date, as [`UsuryTable::lookup`] found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UsuryThreshold {
    pub category: UsuryCategory,
    pub rate: Percent,
    /// The first day of the row used.
    pub from: Date,
    /// Whether the row used starts in the quarter of the date looked up. When it does not,
    /// no threshold was loaded for that quarter and an older one stood in.
    pub loaded_for_quarter: bool,
}

/// Every threshold known, at most one per category and date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UsuryTable {
    /// Sorted by category, then date.
    rows: Vec<UsuryRow>,
}

impl UsuryTable {
    /// A table of `rows`; of two rows for the same category and date, the later one in
    /// `rows` is kept.
    pub fn new(rows: impl IntoIterator<Item = UsuryRow>) -> UsuryTable {
        UsuryTable::default().merged(rows)
    }

    /// The thresholds published in the Journal officiel that this version of the model
    /// ships with:
    ///
    /// | category | from 2025-10-01 | from 2026-01-01 |
    /// |---|---|---|
    /// | `mortgage_fixed_lt_10y` | 4.23 % | 4.12 % |
    /// | `mortgage_fixed_10_20y` | 4.71 % | 4.59 % |
    /// | `mortgage_fixed_ge_20y` | 5.09 % | 5.13 % |
    /// | `mortgage_variable` | 5.25 % | 4.99 % |
    /// | `consumer_le_3000` | 23.49 % | 23.56 % |
    /// | `consumer_3000_6000` | 15.71 % | 15.87 % |
    /// | `consumer_gt_6000` | 8.73 % | 8.67 % |
    ///
    /// From 2026-01-01: avis of 22 December 2025 (DESIGN §11). From 2025-10-01: the
    /// consumer thresholds as DESIGN §11 gives them; the mortgage ones as the Banque de
    /// France published them on 30 September 2025 for the fourth quarter (reported by
    /// Moneyvox, Boursedescredits and Magnolia, which agree).
    pub fn shipped() -> UsuryTable {
        use UsuryCategory::*;
        let row = |category, from: Quarter, hundredths| UsuryRow {
            category,
            from: from.first_day(),
            rate: Percent::from_hundredths(hundredths),
        };
        let (q4_2025, q1_2026) = (Quarter::of(2025, 4), Quarter::of(2026, 1));
        UsuryTable::new([
            row(MortgageFixedLt10y, q4_2025, 423),
            row(MortgageFixed10To20y, q4_2025, 471),
            row(MortgageFixedGe20y, q4_2025, 509),
            row(MortgageVariable, q4_2025, 525),
            row(ConsumerLe3000, q4_2025, 2349),
            row(Consumer3000To6000, q4_2025, 1571),
            row(ConsumerGt6000, q4_2025, 873),
            row(MortgageFixedLt10y, q1_2026, 412),
            row(MortgageFixed10To20y, q1_2026, 459),
            row(MortgageFixedGe20y, q1_2026, 513),
            row(MortgageVariable, q1_2026, 499),
            row(ConsumerLe3000, q1_2026, 2356),
            row(Consumer3000To6000, q1_2026, 1587),
            row(ConsumerGt6000, q1_2026, 867),
        ])
    }

    /// This table with `rows` added; a row for a category and date already present
    /// replaces it (the operator corrects a shipped or earlier value).
    #[must_use]
    pub fn merged(&self, rows: impl IntoIterator<Item = UsuryRow>) -> UsuryTable {
        let mut merged = self.rows.clone();
        for row in rows {
            let key = (row.category, row.from);
            match merged.binary_search_by_key(&key, |r| (r.category, r.from)) {
                Ok(at) => merged[at] = row,
                Err(at) => merged.insert(at, row),
            }
        }
        UsuryTable { rows: merged }
    }

    /// Every row, by category then date.
    pub fn rows(&self) -> &[UsuryRow] {
        &self.rows
    }

    /// The threshold in force for `category` on `on`: the row with the latest `from` on
    /// or before it, `None` when there is none.
    pub fn lookup(&self, category: UsuryCategory, on: Date) -> Option<UsuryThreshold> {
        let after = self
            .rows
            .partition_point(|row| (row.category, row.from) <= (category, on));
        let row = after.checked_sub(1).map(|at| self.rows[at])?;
        (row.category == category).then(|| UsuryThreshold {
            category,
            rate: row.rate,
            from: row.from,
            loaded_for_quarter: row.from.quarter() == on.quarter(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use UsuryCategory::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("valid test date")
    }

    fn row(category: UsuryCategory, from: &str, hundredths: i64) -> UsuryRow {
        UsuryRow {
            category,
            from: date(from),
            rate: Percent::from_hundredths(hundredths),
        }
    }

    #[test]
    fn ships_the_published_thresholds() {
        let table = UsuryTable::shipped();
        assert_eq!(table.rows().len(), 14);
        for (category, on, hundredths) in [
            (MortgageFixedLt10y, "2026-01-01", 412),
            (MortgageFixed10To20y, "2026-02-15", 459),
            (MortgageFixedGe20y, "2026-03-31", 513),
            (MortgageVariable, "2026-01-01", 499),
            (ConsumerLe3000, "2026-01-01", 2356),
            (Consumer3000To6000, "2026-01-01", 1587),
            (ConsumerGt6000, "2026-01-01", 867),
            (ConsumerLe3000, "2025-12-31", 2349),
            (Consumer3000To6000, "2025-10-01", 1571),
            (ConsumerGt6000, "2025-11-15", 873),
            (MortgageFixedGe20y, "2025-10-01", 509),
        ] {
            let found = table.lookup(category, date(on)).expect("a threshold");
            assert_eq!(found.rate.hundredths(), hundredths, "{category:?} on {on}");
            assert!(found.loaded_for_quarter, "{category:?} on {on}");
        }
    }

    #[test]
    fn an_older_threshold_stands_in_for_a_quarter_not_loaded() {
        let table = UsuryTable::shipped();
        let found = table
            .lookup(ConsumerGt6000, date("2026-11-25"))
            .expect("a threshold");
        assert_eq!(found.rate.hundredths(), 867);
        assert_eq!(found.from, date("2026-01-01"));
        assert!(!found.loaded_for_quarter);
        assert_eq!(
            table.lookup(ConsumerGt6000, date("2025-09-30")),
            None,
            "before any"
        );
        assert_eq!(
            UsuryTable::default().lookup(ConsumerGt6000, date("2026-01-01")),
            None
        );
    }

    #[test]
    fn operator_rows_add_and_replace() {
        let table = UsuryTable::shipped().merged([
            row(ConsumerGt6000, "2026-10-01", 850),
            row(ConsumerGt6000, "2026-01-01", 866),
        ]);
        assert_eq!(table.rows().len(), 15);
        let q4 = table
            .lookup(ConsumerGt6000, date("2026-11-25"))
            .expect("a threshold");
        assert_eq!((q4.rate.hundredths(), q4.loaded_for_quarter), (850, true));
        let q1 = table
            .lookup(ConsumerGt6000, date("2026-02-01"))
            .expect("a threshold");
        assert_eq!(
            q1.rate.hundredths(),
            866,
            "the operator corrected the shipped row"
        );
        let q1_other = table
            .lookup(ConsumerLe3000, date("2026-11-25"))
            .expect("a threshold");
        assert_eq!(
            q1_other.rate.hundredths(),
            2356,
            "other categories unchanged"
        );
        let twice = UsuryTable::new([
            row(MortgageVariable, "2026-04-01", 500),
            row(MortgageVariable, "2026-04-01", 510),
        ]);
        assert_eq!(twice.rows(), [row(MortgageVariable, "2026-04-01", 510)]);
    }

    #[test]
    fn a_mid_quarter_row_counts_for_its_quarter() {
        let table = UsuryTable::new([row(ConsumerLe3000, "2023-02-01", 2100)]);
        let found = table
            .lookup(ConsumerLe3000, date("2023-03-15"))
            .expect("a threshold");
        assert!(found.loaded_for_quarter);
        let found = table
            .lookup(ConsumerLe3000, date("2023-04-01"))
            .expect("a threshold");
        assert!(!found.loaded_for_quarter);
    }

    #[test]
    fn rows_serialise_with_percent_rates() {
        let json = serde_json::to_string(&row(ConsumerGt6000, "2026-01-01", 867)).expect("json");
        assert_eq!(
            json,
            r#"{"category":"consumer_gt_6000","from":"2026-01-01","rate":8.67}"#
        );
        let back: UsuryRow = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, row(ConsumerGt6000, "2026-01-01", 867));
    }
}
