//! Bank statements for the tests: the fixture account of the `bank` crate in its three
//! formats, and statements of any size.

use bank::{AccountType, Date, Money, Statement, Status, Transaction};
use serde_json::Value;

/// The day the fixtures are read on: after their balance date, within 24 months of them.
pub fn fixture_today() -> Date {
    Date::new(2026, 12, 1).expect("a date")
}

/// The `bank` crate's French checking account (24 July to 20 November 2026), as an upload
/// body in `format` (`native`, `stet` or `berlin_group`).
pub fn french_account(format: &str) -> Value {
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

/// The French account read as a statement.
pub fn french_statement() -> Statement {
    bank::parse_statement(&french_account("native"), fixture_today()).expect("a valid fixture")
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
