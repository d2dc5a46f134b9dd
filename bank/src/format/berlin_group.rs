//! Berlin Group NextGenPSD2: `{"format": "berlin_group", "balances": <the body of GET
//! /v1/accounts/{id}/balances>, "transactions": <the body of GET
//! /v1/accounts/{id}/transactions>}`.
//!
//! **Balance.** The `closingBooked` one of `balances.balances`; without one, the
//! `interimBooked` one (also booked only, so the end-of-day balances rebuilt from it agree
//! with the booked transactions); with several, the latest. Its date is its
//! `referenceDate`, else the date of its `lastChangeDateTime`, else the latest booked
//! transaction's date, else `today`. Neither type is `required` at `/balances/balances`.
//! A `currency` in `balances.account` or `transactions.account` must be EUR.
//!
//! **Transactions**: `transactions.transactions.booked[]` are booked,
//! `transactions.transactions.pending[]` pending (other report parts, such as
//! `information`, are not movements and are ignored). Each one:
//! - `transactionAmount {currency, amount}`: EUR, a signed decimal string (a debit is
//!   negative).
//! - date: `bookingDate`, else `valueDate` (the standard's pending example has only a
//!   value date).
//! - label: `remittanceInformationUnstructured`, else the lines of
//!   `remittanceInformationUnstructuredArray`, else `additionalInformation`, else the
//!   counterparty's name.
//! - counterparty: `creditorName` (then `ultimateCreditor`) of a debit, `debtorName` (then
//!   `ultimateDebtor`) of a credit.
//! - `merchantCategoryCode` as the MCC.
//! - id: `transactionId`, else `entryReference`, else `booked-{index}` / `pending-{index}`.
//!
//! The account type is not in these bodies: the statement is read as a checking account.

use scoring::{Date, Money};
use serde_json::{Map, Value};

use super::read::{Reader, optional, present};
use super::stet::balance_date;
use super::{MAX_LABEL_CHARS_PSD2, label_or_counterparty, latest_booked_date, within_limit};
use crate::problem::{Pointer, ProblemCode};
use crate::statement::{Account, AccountType, Currency, Format, Statement, Status, Transaction};

pub(super) fn read(body: &Map<String, Value>, reader: &mut Reader) -> Option<Statement> {
    let root = Pointer::root();
    reader.only_known_fields(body, &["format", "balances", "transactions"], &root);
    let balance = reader
        .required(body, "balances", &root)
        .and_then(|value| read_balance(value, &root.key("balances"), reader));
    let transactions = reader
        .required(body, "transactions", &root)
        .and_then(|value| read_report(value, &root.key("transactions"), reader));
    let (balance, balance_date) = balance?;
    let transactions = transactions?;
    let balance_date = balance_date
        .or_else(|| latest_booked_date(&transactions))
        .unwrap_or(reader.today());
    Some(Statement {
        format: Format::BerlinGroup,
        account: Account {
            account_type: AccountType::Checking,
            currency: Currency::Eur,
            balance,
            balance_date,
        },
        transactions,
    })
}

/// `Some(())` unless `body.account.currency` is there and is not EUR.
fn account_currency(body: &Map<String, Value>, at: &Pointer, reader: &mut Reader) -> Option<()> {
    match present(body, "account").and_then(|account| super::read::nested(account, &["currency"])) {
        Some(currency) => reader.euro(currency, &at.key("account").key("currency")),
        None => Some(()),
    }
}

fn read_balance(value: &Value, at: &Pointer, reader: &mut Reader) -> Option<(Money, Option<Date>)> {
    let body = reader.object(value, at)?;
    let currency = account_currency(body, at, reader);
    let list_at = at.key("balances");
    let items = reader
        .required(body, "balances", at)
        .and_then(|list| reader.array(list, &list_at))?;
    // The best so far: (rank, amount, date), closingBooked ranking above interimBooked.
    let mut chosen: Option<(u8, Money, Option<Date>)> = None;
    let mut complete = currency.is_some();
    for (index, item) in items.iter().enumerate() {
        let item_at = list_at.index(index);
        let Some(balance) = reader.object(item, &item_at) else {
            complete = false;
            continue;
        };
        let balance_type = reader
            .required(balance, "balanceType", &item_at)
            .and_then(|kind| reader.string(kind, &item_at.key("balanceType")));
        let rank = match balance_type {
            Some("closingBooked") => 2,
            Some("interimBooked") => 1,
            other => {
                complete &= other.is_some();
                continue;
            }
        };
        let amount = reader
            .required(balance, "balanceAmount", &item_at)
            .and_then(|amount| reader.amount_object(amount, &item_at.key("balanceAmount")));
        let date = balance_date(balance, &item_at, reader);
        match (amount, date) {
            (Some(amount), Some(date)) => {
                if chosen.is_none_or(|(best, _, latest)| (rank, date) > (best, latest)) {
                    chosen = Some((rank, amount, date));
                }
            }
            _ => complete = false,
        }
    }
    if chosen.is_none() && complete {
        reader.problem(
            &list_at,
            ProblemCode::Required,
            "a balance of type closingBooked (or interimBooked) is required",
        );
    }
    chosen
        .filter(|_| complete)
        .map(|(_, amount, date)| (amount, date))
}

fn read_report(value: &Value, at: &Pointer, reader: &mut Reader) -> Option<Vec<Transaction>> {
    let body = reader.object(value, at)?;
    let currency = account_currency(body, at, reader);
    let report_at = at.key("transactions");
    let report = reader
        .required(body, "transactions", at)
        .and_then(|report| reader.object(report, &report_at))?;
    let mut parts = Vec::with_capacity(2);
    for (key, status) in [("booked", Status::Booked), ("pending", Status::Pending)] {
        if let Some(list) = present(report, key) {
            let items = reader.array(list, &report_at.key(key))?;
            parts.push((key, status, items));
        }
    }
    let count = parts.iter().map(|(_, _, items)| items.len()).sum();
    if !within_limit(reader, count, &report_at) {
        return None;
    }
    let mut transactions = Vec::with_capacity(count);
    let mut complete = currency.is_some();
    for (key, status, items) in parts {
        for (index, item) in items.iter().enumerate() {
            let item_at = report_at.key(key).index(index);
            match read_transaction(item, status, &format!("{key}-{index}"), &item_at, reader) {
                Some(transaction) => transactions.push(transaction),
                None => complete = false,
            }
        }
    }
    complete.then_some(transactions)
}

fn read_transaction(
    value: &Value,
    status: Status,
    default_id: &str,
    at: &Pointer,
    reader: &mut Reader,
) -> Option<Transaction> {
    let entry = reader.object(value, at)?;
    let id = ["transactionId", "entryReference"]
        .iter()
        .find_map(|key| {
            present(entry, key).map(|id| reader.text(id, &at.key(key), super::native::MAX_ID_CHARS))
        })
        .unwrap_or_else(|| Some(default_id.to_owned()));
    let amount = reader
        .required(entry, "transactionAmount", at)
        .and_then(|amount| reader.amount_object(amount, &at.key("transactionAmount")));
    let date = match ["bookingDate", "valueDate"]
        .iter()
        .find(|key| present(entry, key).is_some())
    {
        Some(key) => present(entry, key).and_then(|date| reader.date(date, &at.key(key), true)),
        None => {
            reader.problem(
                &at.key("bookingDate"),
                ProblemCode::Required,
                "this field is required",
            );
            None
        }
    };
    let names: &[&str] = if amount.is_some_and(|amount| amount > Money::ZERO) {
        &[
            "debtorName",
            "ultimateDebtor",
            "creditorName",
            "ultimateCreditor",
        ]
    } else {
        &[
            "creditorName",
            "ultimateCreditor",
            "debtorName",
            "ultimateDebtor",
        ]
    };
    let counterparty = optional(names.iter().find_map(|key| {
        present(entry, key).map(|name| reader.text(name, &at.key(key), MAX_LABEL_CHARS_PSD2))
    }));
    let mcc = optional(
        present(entry, "merchantCategoryCode")
            .map(|mcc| reader.mcc(mcc, &at.key("merchantCategoryCode"))),
    );
    let (lines, lines_at) = remittance_lines(entry, at, reader);
    let (amount, date, counterparty, mcc, lines) = (amount?, date?, counterparty?, mcc?, lines?);
    let label = label_or_counterparty(&lines, counterparty.as_deref(), &lines_at, reader)?;
    Some(Transaction {
        id: id?,
        date,
        amount,
        label,
        counterparty,
        mcc,
        status,
    })
}

/// The first of the unstructured remittance members that is present, as lines, and where
/// it is.
fn remittance_lines(
    entry: &Map<String, Value>,
    at: &Pointer,
    reader: &mut Reader,
) -> (Option<Vec<String>>, Pointer) {
    for key in [
        "remittanceInformationUnstructured",
        "remittanceInformationUnstructuredArray",
        "additionalInformation",
    ] {
        if let Some(value) = present(entry, key) {
            let key_at = at.key(key);
            let lines = match value {
                Value::Array(values) => super::string_lines(values, &key_at, reader),
                other => reader
                    .string(other, &key_at)
                    .map(|line| vec![line.to_owned()]),
            };
            return (lines, key_at);
        }
    }
    (
        Some(Vec::new()),
        at.key("remittanceInformationUnstructured"),
    )
}
