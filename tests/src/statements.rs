//! Bank statements for the tests: the fixture account of the `bank` crate in its three
//! formats, and statements of any size.

use bank::{AccountType, Date, Money, Statement, Status, Transaction};
use serde_json::Value;

/// The day the fixtures are read on: after their balance date, within 24 months of them.
pub fn fixture_today() -> Date {
    Date::new(2026, 12, 1).expect("a date")
}

/// The `bank` crate's French checking account (24 July to 20 November 2026), as an upload
/// body in `format` (`native`, `stet` or `berlin_group`), its dates moved forward by
/// [`fixture_years_ahead`] whole years: the server refuses statements older than 24 months
/// of its today, and these tests upload the account whatever year they run in.
pub fn french_account(format: &str) -> Value {
    let mut account = fixture(format);
    move_dates(&mut account, fixture_years_ahead());
    account
}

/// The fixture account in `format`, as the `bank` crate holds it.
fn fixture(format: &str) -> Value {
    let text = match format {
        "native" => include_str!("../../bank/tests/fixtures/french_account.native.json"),
        "stet" => include_str!("../../bank/tests/fixtures/french_account.stet.json"),
        "berlin_group" => {
            include_str!("../../bank/tests/fixtures/french_account.berlin_group.json")
        }
        other => panic!("no fixture in the format {other}"),
    };
    serde_json::from_str(text).expect("a JSON fixture")
}

/// Whole years from [`fixture_today`] to today (none before 2027-12-01): how far
/// [`french_account`] moves the fixture's dates. Whole years keep each day of the month,
/// which is all the categoriser and the insights read of a date besides its order.
pub fn fixture_years_ahead() -> i32 {
    whole_years(fixture_today(), shared::domain::attributes::today())
}

/// Whole years from `from` to `to`, none when `to` comes first.
fn whole_years(from: Date, to: Date) -> i32 {
    let years = to.year() - from.year();
    let before_the_anniversary = (to.month(), to.day()) < (from.month(), from.day());
    (years - i32::from(before_the_anniversary)).max(0)
}

/// One of the fixture's dates (`YYYY-MM-DD`) as [`french_account`] gives it.
pub fn fixture_date(date: &str) -> String {
    let mut value = Value::String(date.to_owned());
    move_dates(&mut value, fixture_years_ahead());
    value.as_str().expect("a string").to_owned()
}

/// Every string of `value` that opens with a `YYYY-MM-DD` date (a date, or an RFC 3339
/// date-time) moved `years` years forward.
fn move_dates(value: &mut Value, years: i32) {
    match value {
        Value::String(text) => {
            let Some(date) = text.get(..10).and_then(Date::parse) else {
                return;
            };
            let moved = Date::new(date.year() + years, date.month(), date.day())
                .unwrap_or_else(|| panic!("{date} has no day {years} years later"));
            text.replace_range(..10, &moved.to_string());
        }
        Value::Array(items) => items.iter_mut().for_each(|item| move_dates(item, years)),
        Value::Object(members) => members
            .values_mut()
            .for_each(|member| move_dates(member, years)),
        _ => {}
    }
}

/// The French account read as a statement on [`fixture_today`], its dates as the `bank`
/// crate holds them.
pub fn french_statement() -> Statement {
    bank::parse_statement(&fixture("native"), fixture_today()).expect("a valid fixture")
}

/// A checking account statement of `count` card payments of 12.34 EUR, one a day going
/// back from `balance_date`, with labels long enough to make the document large.
pub fn statement_of(count: usize, balance_date: Date) -> Statement {
    let last = balance_date.days_since_epoch();
    let transactions = (0..count)
        .map(|index| {
            let back = i64::try_from(index % 600).expect("small");
            Transaction {
                id: format!("tx-{index}"),
                date: Date::from_days_since_epoch(last - back).expect("a date"),
                amount: Money::from_cents(-1_234),
                label: format!(
                    "CB CARREFOUR MARKET {index:05} LYON 3EME ARRONDISSEMENT RUE DE LA REPUBLIQUE"
                ),
                counterparty: Some("CARREFOUR MARKET".to_owned()),
                mcc: None,
                status: Status::Booked,
            }
        })
        .collect();
    Statement {
        format: bank::Format::Native,
        account: bank::Account {
            account_type: AccountType::Checking,
            currency: bank::Currency::Eur,
            balance: Money::from_cents(150_000),
            balance_date,
        },
        transactions,
    }
}

/// [`statement_of`] as a native upload body.
pub fn native_body(statement: &Statement) -> Value {
    let transactions: Vec<Value> = statement
        .transactions
        .iter()
        .map(|transaction| {
            serde_json::json!({
                "id": transaction.id,
                "date": transaction.date.to_string(),
                "amount": transaction.amount.euros_f64(),
                "label": transaction.label,
                "counterparty": transaction.counterparty,
            })
        })
        .collect();
    serde_json::json!({
        "format": "native",
        "account": {
            "type": "checking",
            "currency": "EUR",
            "balance": statement.account.balance.euros_f64(),
            "balance_date": statement.account.balance_date.to_string(),
        },
        "transactions": transactions,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Date, move_dates, whole_years};

    #[test]
    fn the_fixtures_move_a_year_on_each_anniversary_of_their_day() {
        let fixture = Date::new(2026, 12, 1).unwrap();
        for (today, years) in [
            ((2026, 11, 30), 0),
            ((2026, 12, 1), 0),
            ((2027, 11, 30), 0),
            ((2027, 12, 1), 1),
            ((2028, 9, 15), 1),
            ((2030, 2, 10), 3),
        ] {
            let (year, month, day) = today;
            let today = Date::new(year, month, day).unwrap();
            assert_eq!(whole_years(fixture, today), years, "on {today}");
        }
    }

    #[test]
    fn dates_and_date_times_move_by_whole_years_and_nothing_else_does() {
        let mut document = json!({
            "account": {"balance_date": "2026-11-20", "balance": 1234.5},
            "transactions": [
                {"id": "tx-1", "date": "2026-07-24", "label": "CB 2026-07-24 LYON"},
                {"bookingDate": "2026-08-31T10:15:00Z", "amount": "-12.00"}
            ]
        });

        move_dates(&mut document, 2);

        assert_eq!(
            document,
            json!({
                "account": {"balance_date": "2028-11-20", "balance": 1234.5},
                "transactions": [
                    {"id": "tx-1", "date": "2028-07-24", "label": "CB 2026-07-24 LYON"},
                    {"bookingDate": "2028-08-31T10:15:00Z", "amount": "-12.00"}
                ]
            })
        );
    }
}
