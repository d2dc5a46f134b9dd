//! `partnerb2b usury set|list`: the usury thresholds (seuils de l'usure) analyses hold a
//! loan's TAEG to. The model ships with the published ones ([`UsuryTable::shipped`]); each
//! quarter the operator loads the next quarter's, as the Banque de France publishes them
//! in the Journal officiel in the last days of the quarter before. The analysis worker
//! reads the loaded rows once per batch, so a row loaded here is used by the next
//! analysis, on DynamoDB or on the data file of a running `serve`, without a restart.
//!
//! What `set` accepts, each refusal a usage error (exit code 2) that says why:
//! - `--category`: one of the seven categories' names ([`UsuryCategory::ALL`]).
//! - `--rate`: a TAEG in percent, above 0 and at most [`MAX_RATE`] (50 %), with at most two
//!   decimals as the avis print them; a comma is read as the decimal separator. The
//!   highest threshold ever published is about 24 % (consumer loans of 3 000 EUR or less),
//!   so 50 % leaves room while catching a slipped decimal point (`867` for 8.67) or a
//!   fraction (`0.0867`, four decimals).
//! - `--from`: the first day of a quarter (the days thresholds come into force), and at
//!   most the next quarter's: a quarter further ahead is not published yet, so it is a
//!   typo. Past quarters are accepted, to correct a value; an analysis already completed
//!   keeps its result.

use serde::Serialize;
use shared::domain::attributes::today;
use shared::store::Store;

use scoring::{Date, Percent, Quarter, UsuryCategory, UsuryRow, UsuryTable};

use crate::CliError;
use crate::cli::{StorageArgs, UsuryCommand};
use crate::operator::print_json;
use crate::storage::open_store;

/// The highest threshold `set` accepts: 50 %.
pub const MAX_RATE: Percent = Percent::from_hundredths(5_000);

pub async fn usury(storage: &StorageArgs, command: UsuryCommand) -> Result<(), CliError> {
    match command {
        UsuryCommand::Set {
            from,
            category,
            rate,
        } => {
            let today = today();
            check_from(from, today).map_err(CliError::Usage)?;
            let store = open_store(storage).await?;
            let row = UsuryRow {
                category,
                from,
                rate,
            };
            let set = set(store.as_ref(), row).await?;
            println!("{}", set.sentence(today));
        }
        UsuryCommand::List { on, json } => {
            let store = open_store(storage).await?;
            let listing = Listing::new(&store.usury_rows().await?, on.unwrap_or_else(today));
            if json {
                print_json(&listing);
            } else {
                print!("{}", listing.text());
            }
        }
    }
    Ok(())
}

/// What loading a row did: what it replaced and what stood before it.
#[derive(Debug)]
pub struct Set {
    pub row: UsuryRow,
    /// The row of the same category and date it replaced, shipped or loaded.
    pub replaced: Option<(Percent, Source)>,
    /// The row in force the day before it, if any.
    pub before: Option<UsuryRow>,
}

/// Loads `row` on top of those already loaded. 2 DynamoDB round trips: 1 `Query` of the
/// loaded rows (to say what it replaces), 1 `PutItem`.
pub async fn set(store: &dyn Store, row: UsuryRow) -> Result<Set, CliError> {
    let loaded = store.usury_rows().await?;
    let shipped = UsuryTable::shipped();
    let replaced = loaded
        .iter()
        .find(|r| (r.category, r.from) == (row.category, row.from))
        .map(|r| (r.rate, Source::Operator))
        .or_else(|| {
            shipped
                .rows()
                .iter()
                .find(|r| (r.category, r.from) == (row.category, row.from))
                .map(|r| (r.rate, Source::Shipped))
        });
    let table = shipped.merged(loaded);
    let before = Date::from_days_since_epoch(row.from.days_since_epoch() - 1)
        .and_then(|eve| table.lookup(row.category, eve))
        .map(|found| UsuryRow {
            category: found.category,
            from: found.from,
            rate: found.rate,
        });
    store.set_usury_row(&row).await?;
    Ok(Set {
        row,
        replaced,
        before,
    })
}

impl Set {
    fn sentence(&self, today: Date) -> String {
        let UsuryRow {
            category,
            from,
            rate,
        } = self.row;
        let mut text = format!("loaded: {category} from {from}, {rate}");
        match self.replaced {
            Some((old, Source::Shipped)) => text += &format!(" (replaces the shipped {old})"),
            Some((old, Source::Operator)) => text += &format!(" (replaces {old}, loaded before)"),
            None => {}
        }
        if let Some(before) = self.before {
            text += &format!("; before it, {} from {}", before.rate, before.from);
        }
        if from > today {
            text += &format!("; analyses use it from {from}");
        } else {
            text += "; the next analysis uses it";
        }
        text
    }
}

/// Where a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Published before this version of the model, which ships with it.
    Shipped,
    /// Loaded by the operator (`usury set`).
    Operator,
}

/// `usury list`: every row by category, and the one in force on a day.
#[derive(Debug, Serialize)]
pub struct Listing {
    /// The day the rows in force are those of.
    pub on: Date,
    /// Its quarter, `2026-Q4`.
    pub quarter: String,
    pub categories: Vec<CategoryRows>,
}

#[derive(Debug, Serialize)]
pub struct CategoryRows {
    pub category: UsuryCategory,
    /// The row in force on the day; `null` before any.
    pub in_force: Option<RowView>,
    /// Whether the row in force starts in the day's quarter. When not, analyses of that
    /// quarter compare with an older threshold and `USURY_RATE` warns at best.
    pub loaded_for_quarter: bool,
    /// Every row of the category, oldest first.
    pub rows: Vec<RowView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RowView {
    pub from: Date,
    /// In percent (`8.67`).
    pub rate: Percent,
    pub source: Source,
    /// The shipped rate a loaded row replaces, for the same date.
    pub replaces_shipped: Option<Percent>,
}

impl Listing {
    /// The shipped rows with `loaded` on top, as the analysis worker merges them, seen on
    /// `on`.
    pub fn new(loaded: &[UsuryRow], on: Date) -> Listing {
        let shipped = UsuryTable::shipped();
        let table = shipped.merged(loaded.iter().copied());
        let view = |row: &UsuryRow| {
            let shipped_rate = shipped
                .rows()
                .iter()
                .find(|r| (r.category, r.from) == (row.category, row.from))
                .map(|r| r.rate);
            let is_loaded = loaded
                .iter()
                .any(|r| (r.category, r.from) == (row.category, row.from));
            RowView {
                from: row.from,
                rate: row.rate,
                source: if is_loaded {
                    Source::Operator
                } else {
                    Source::Shipped
                },
                replaces_shipped: shipped_rate.filter(|_| is_loaded),
            }
        };
        let categories = UsuryCategory::ALL
            .into_iter()
            .map(|category| {
                let rows: Vec<RowView> = table
                    .rows()
                    .iter()
                    .filter(|row| row.category == category)
                    .map(view)
                    .collect();
                let found = table.lookup(category, on);
                CategoryRows {
                    category,
                    in_force: found
                        .and_then(|found| rows.iter().copied().find(|row| row.from == found.from)),
                    loaded_for_quarter: found.is_some_and(|found| found.loaded_for_quarter),
                    rows,
                }
            })
            .collect();
        Listing {
            on,
            quarter: on.quarter().to_string(),
            categories,
        }
    }

    /// The listing as a table, the row in force marked `*`, and what is missing.
    pub fn text(&self) -> String {
        let mut text = format!(
            "usury thresholds on {} ({}); * marks the one in force\n\n{:<23}{:<12}{:>8}  source\n",
            self.on, self.quarter, "category", "from", "rate"
        );
        for category in &self.categories {
            for row in &category.rows {
                let mark = if category.in_force == Some(*row) {
                    " *"
                } else {
                    ""
                };
                let source = match (row.source, row.replaces_shipped) {
                    (Source::Shipped, _) => "shipped".to_owned(),
                    (Source::Operator, None) => "loaded".to_owned(),
                    (Source::Operator, Some(old)) => format!("loaded, replaces the shipped {old}"),
                };
                text += &format!(
                    "{:<23}{:<12}{:>8}  {source}{mark}\n",
                    category.category.name(),
                    row.from.to_string(),
                    row.rate.to_string(),
                );
            }
        }
        let missing: Vec<&str> = self
            .categories
            .iter()
            .filter(|category| !category.loaded_for_quarter)
            .map(|category| category.category.name())
            .collect();
        if !missing.is_empty() {
            text += &format!(
                "\nno threshold loaded for {} in {}: their analyses compare with an earlier \
                 quarter's and USURY_RATE warns; load each with\n  partnerb2b usury set --from {} --category CATEGORY --rate PERCENT\n",
                self.quarter,
                missing.join(", "),
                self.on.quarter().first_day(),
            );
        }
        text
    }
}

/// `--from` on `today`: a quarter's first day, no later than the next quarter's.
pub fn check_from(from: Date, today: Date) -> Result<(), String> {
    let quarter_start = from.quarter().first_day();
    if from != quarter_start {
        return Err(format!(
            "--from {from} is not the first day of a quarter: usury thresholds are in force \
             from 1 January, 1 April, 1 July or 1 October (this quarter's is {quarter_start})"
        ));
    }
    let latest = today.quarter().next().map(Quarter::first_day);
    if latest.is_some_and(|latest| from > latest) {
        let latest = latest.map(|date| date.to_string()).unwrap_or_default();
        return Err(format!(
            "--from {from} is more than a quarter ahead: a quarter's thresholds are published \
             in the last days of the quarter before, so the latest --from today is {latest}"
        ));
    }
    Ok(())
}

/// `--from` / `--on`: `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text.trim()).ok_or_else(|| format!("{text:?} is not an existing date YYYY-MM-DD"))
}

/// `--category`: a category's name.
pub fn parse_category(text: &str) -> Result<UsuryCategory, String> {
    UsuryCategory::from_name(text.trim()).ok_or_else(|| {
        let names: Vec<&str> = UsuryCategory::ALL.iter().map(|c| c.name()).collect();
        format!(
            "{text:?} is not a usury category; the categories are {}",
            names.join(", ")
        )
    })
}

/// `--rate`: a percentage above 0 and at most [`MAX_RATE`], with at most 2 decimals.
pub fn parse_rate(text: &str) -> Result<Percent, String> {
    let trimmed = text.trim();
    let digits = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
    let (whole, decimals) = digits.split_once(['.', ',']).unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(decimals) {
        return Err(format!(
            "{text:?} is not a rate in percent such as 8.67 (a number, without a sign)"
        ));
    }
    if decimals.len() > 2 {
        return Err(format!(
            "{text:?} has more than 2 decimals: give the rate in percent as the avis prints \
             it (8.67 for 8.67 %, not 0.0867)"
        ));
    }
    let over = || {
        format!(
            "{text:?} is above {MAX_RATE}: no usury threshold comes near it (check the decimal point)"
        )
    };
    let whole: i64 = whole.parse().map_err(|_| over())?;
    let cents: i64 = format!("{decimals:0<2}").parse().unwrap_or(0);
    let hundredths = whole.checked_mul(100).and_then(|w| w.checked_add(cents));
    match hundredths {
        Some(0) => Err(format!("{text:?} is not above 0 %")),
        Some(hundredths) if hundredths <= MAX_RATE.hundredths() => {
            Ok(Percent::from_hundredths(hundredths))
        }
        _ => Err(over()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a test date")
    }

    #[test]
    fn rates_in_percent_with_two_decimals_at_most() {
        for (text, hundredths) in [
            ("8.67", 867),
            ("8,67", 867),
            ("8.5", 850),
            ("23", 2300),
            (" 4.12 % ", 412),
            ("0.01", 1),
            ("50", 5000),
            ("050.00", 5000),
            ("8.", 800),
        ] {
            assert_eq!(
                parse_rate(text).map(Percent::hundredths),
                Ok(hundredths),
                "{text}"
            );
        }
        for (text, why) in [
            ("", "empty"),
            ("-8.67", "negative"),
            ("+8.67", "a sign"),
            ("0", "zero"),
            ("0.00", "zero with decimals"),
            ("0.0867", "a fraction, four decimals"),
            ("8.675", "three decimals"),
            ("867", "a slipped decimal point"),
            ("50.01", "just above the bound"),
            ("99999999999999999999", "beyond i64"),
            ("8.6.7", "two points"),
            (".5", "no whole part"),
            ("huit", "words"),
            ("NaN", "not a number"),
            ("1e1", "exponent"),
        ] {
            assert!(parse_rate(text).is_err(), "{text:?}: {why}");
        }
    }

    #[test]
    fn categories_by_their_contract_name() {
        for category in UsuryCategory::ALL {
            assert_eq!(parse_category(category.name()), Ok(category));
        }
        let error = parse_category("consumer").unwrap_err();
        assert!(error.contains("consumer_gt_6000"), "{error}");
    }

    #[test]
    fn from_is_a_quarters_first_day_at_most_a_quarter_ahead() {
        let today = date("2026-12-03");
        for from in ["2026-10-01", "2027-01-01", "2026-01-01", "2019-04-01"] {
            assert_eq!(check_from(date(from), today), Ok(()), "{from}");
        }
        let error = check_from(date("2027-01-15"), today).unwrap_err();
        assert!(error.contains("2027-01-01"), "{error}");
        check_from(date("2026-12-01"), today).expect_err("a month's first day");
        let error = check_from(date("2027-04-01"), today).unwrap_err();
        assert!(
            error.contains("latest --from today is 2027-01-01"),
            "{error}"
        );
        assert_eq!(check_from(date("2026-04-01"), date("2026-03-31")), Ok(()));
    }

    #[test]
    fn the_listing_marks_what_is_in_force_and_what_is_missing() {
        let loaded = [
            UsuryRow {
                category: UsuryCategory::ConsumerGt6000,
                from: date("2026-10-01"),
                rate: Percent::from_hundredths(850),
            },
            UsuryRow {
                category: UsuryCategory::ConsumerGt6000,
                from: date("2026-01-01"),
                rate: Percent::from_hundredths(866),
            },
        ];
        let listing = Listing::new(&loaded, date("2026-12-03"));
        assert_eq!(listing.quarter, "2026-Q4");
        let consumer = &listing.categories[6];
        assert_eq!(consumer.category, UsuryCategory::ConsumerGt6000);
        assert!(consumer.loaded_for_quarter);
        assert_eq!(
            consumer
                .in_force
                .map(|row| (row.rate.hundredths(), row.source)),
            Some((850, Source::Operator))
        );
        assert_eq!(consumer.rows.len(), 3);
        assert_eq!(
            consumer.rows[1].replaces_shipped,
            Some(Percent::from_hundredths(867))
        );
        let mortgage = &listing.categories[0];
        assert!(!mortgage.loaded_for_quarter);
        assert_eq!(
            mortgage.in_force.map(|row| (row.from, row.source)),
            Some((date("2026-01-01"), Source::Shipped))
        );
        let text = listing.text();
        assert!(
            text.contains("consumer_gt_6000       2026-10-01    8.50 %  loaded *"),
            "{text}"
        );
        assert!(
            text.contains("loaded, replaces the shipped 8.67 %"),
            "{text}"
        );
        assert!(
            text.contains("no threshold loaded for 2026-Q4 in mortgage_fixed_lt_10y"),
            "{text}"
        );
        assert!(
            !text.contains("consumer_le_3000, consumer_gt_6000"),
            "{text}"
        );
        let json = serde_json::to_value(&listing).expect("serialisable");
        assert_eq!(json["categories"][6]["in_force"]["rate"], 8.5);
        assert_eq!(json["categories"][6]["in_force"]["source"], "operator");
        assert_eq!(json["categories"][0]["in_force"]["from"], "2026-01-01");
    }
}
