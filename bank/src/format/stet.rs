//! STET PSD2 API v1.4 and later: `{"format": "stet", "balances": <the body of GET
//! /accounts/{id}/balances>, "transactions": <the body of GET /accounts/{id}/transactions>}`.
//!
//! **Balance.** The closing balance is the `CLBD` one of `balances.balances` (STET's
//! "accounting balance", which every bank must provide); with several, the one with the
//! latest date. Its date is its `referenceDate`, else the date of its `lastChangeDateTime`,
//! else the latest booked transaction's date, else `today`. No `CLBD` balance is
//! `required` at `/balances/balances`.
//!
//! **Transactions** (`transactions.transactions[]`):
//! - `status`: `BOOK` is booked, `PDNG` pending. `FUTR`, `INFO`, `OTHR` and `RJCT` are not
//!   movements of the account (planned, informative, rejected): they are left out and not
//!   read further. Anything else is `enum`.
//! - `transactionAmount {currency, amount}`: EUR, an unsigned decimal string; the sign
//!   comes from `creditDebitIndicator` (`CRDT` positive, `DBIT` negative), so a negative
//!   amount is `min`.
//! - date: for a booked entry `bookingDate`, else `transactionDate`, else `valueDate`; for
//!   a pending one `transactionDate`, else `bookingDate`, `valueDate`,
//!   `expectedBookingDate`. A date-time is read as the date it is written in.
//! - label: the lines of `remittanceInformation.unstructured` (or of
//!   `remittanceInformation` itself, the v1.4.0 array) joined by a space; without any, the
//!   counterparty's name.
//! - counterparty: `relatedParties.creditor.name` (then `ultimateCreditor`) of a debit,
//!   `relatedParties.debtor.name` (then `ultimateDebtor`) of a credit.
//! - id: `entryReference`, else `resourceId`, else `tx-{index}`.
//!
//! The account type is not in these bodies: a STET statement is read as a checking
//! account, which is what the STET AISP API serves (payment accounts).

use scoring::{Date, Money};
use serde_json::{Map, Value};

use super::read::{Reader, nested, optional, present};
use super::{MAX_LABEL_CHARS_PSD2, label_or_counterparty, latest_booked_date, within_limit};
use crate::problem::{Pointer, ProblemCode};
use crate::statement::{Account, AccountType, Currency, Format, Statement, Status, Transaction};

const STATUSES: [&str; 6] = ["BOOK", "PDNG", "FUTR", "INFO", "OTHR", "RJCT"];

pub(super) fn read(body: &Map<String, Value>, reader: &mut Reader) -> Option<Statement> {
    let root = Pointer::root();
    reader.only_known_fields(body, &["format", "balances", "transactions"], &root);
    let balance = reader
        .required(body, "balances", &root)
        .and_then(|value| read_balance(value, &root.key("balances"), reader));
    let transactions = reader
        .required(body, "transactions", &root)
        .and_then(|value| read_transactions(value, &root.key("transactions"), reader));
    let (balance, balance_date) = balance?;
    let transactions = transactions?;
    let balance_date = balance_date
        .or_else(|| latest_booked_date(&transactions))
        .unwrap_or(reader.today());
    Some(Statement {
        format: Format::Stet,
        account: Account {
            account_type: AccountType::Checking,
            currency: Currency::Eur,
            balance,
            balance_date,
        },
        transactions,
    })
}

/// The `CLBD` balance and its date, when it has one.
fn read_balance(value: &Value, at: &Pointer, reader: &mut Reader) -> Option<(Money, Option<Date>)> {
    let body = reader.object(value, at)?;
    let list_at = at.key("balances");
    let items = reader
        .required(body, "balances", at)
        .and_then(|list| reader.array(list, &list_at))?;
    let mut chosen: Option<(Money, Option<Date>)> = None;
    let mut complete = true;
    for (index, item) in items.iter().enumerate() {
        let item_at = list_at.index(index);
        let Some(balance) = reader.object(item, &item_at) else {
            complete = false;
            continue;
        };
        let balance_type = reader
            .required(balance, "balanceType", &item_at)
            .and_then(|kind| reader.string(kind, &item_at.key("balanceType")));
        if balance_type != Some("CLBD") {
            complete &= balance_type.is_some();
            continue;
        }
        let amount = reader
            .required(balance, "balanceAmount", &item_at)
            .and_then(|amount| reader.amount_object(amount, &item_at.key("balanceAmount")));
        let date = balance_date(balance, &item_at, reader);
        match (amount, date) {
            (Some(amount), Some(date)) => {
                if chosen.is_none_or(|(_, latest)| date > latest) {
                    chosen = Some((amount, date));
                }
            }
            _ => complete = false,
        }
    }
    if chosen.is_none() && complete {
        reader.problem(
            &list_at,
            ProblemCode::Required,
            "a balance of type CLBD (closing booked) is required",
        );
    }
    chosen.filter(|_| complete)
}

/// `referenceDate`, else the date of `lastChangeDateTime`; `Some(None)` for neither.
pub(super) fn balance_date(
    balance: &Map<String, Value>,
    at: &Pointer,
    reader: &mut Reader,
) -> Option<Option<Date>> {
    if let Some(date) = present(balance, "referenceDate") {
        return reader.date(date, &at.key("referenceDate"), true).map(Some);
    }
    optional(
        present(balance, "lastChangeDateTime")
            .map(|time| reader.date(time, &at.key("lastChangeDateTime"), true)),
    )
}

fn read_transactions(value: &Value, at: &Pointer, reader: &mut Reader) -> Option<Vec<Transaction>> {
    let body = reader.object(value, at)?;
    let list_at = at.key("transactions");
    let items = reader
        .required(body, "transactions", at)
        .and_then(|list| reader.array(list, &list_at))?;
    if !within_limit(reader, items.len(), &list_at) {
        return None;
    }
    let mut transactions = Vec::with_capacity(items.len());
    let mut complete = true;
    for (index, item) in items.iter().enumerate() {
        match read_transaction(item, index, &list_at.index(index), reader) {
            Some(Some(transaction)) => transactions.push(transaction),
            Some(None) => {}
            None => complete = false,
        }
    }
    complete.then_some(transactions)
}

/// `Some(None)` for an entry that is not a movement of the account.
fn read_transaction(
    value: &Value,
    index: usize,
    at: &Pointer,
    reader: &mut Reader,
) -> Option<Option<Transaction>> {
    let entry = reader.object(value, at)?;
    let status = reader
        .required(entry, "status", at)
        .and_then(|status| reader.one_of(status, &at.key("status"), &STATUSES))?;
    let status = match status {
        0 => Status::Booked,
        1 => Status::Pending,
        _ => return Some(None),
    };
    let id = ["entryReference", "resourceId"]
        .iter()
        .find_map(|key| {
            present(entry, key).map(|id| reader.text(id, &at.key(key), super::native::MAX_ID_CHARS))
        })
        .unwrap_or_else(|| Some(format!("tx-{index}")));
    let amount_at = at.key("transactionAmount");
    let amount = reader
        .required(entry, "transactionAmount", at)
        .and_then(|amount| reader.amount_object(amount, &amount_at));
    if amount.is_some_and(|amount| amount < Money::ZERO) {
        reader.problem(
            &amount_at.key("amount"),
            ProblemCode::Min,
            "must not be negative: the sign is given by creditDebitIndicator",
        );
    }
    let debit = reader
        .required(entry, "creditDebitIndicator", at)
        .and_then(|indicator| {
            reader.one_of(
                indicator,
                &at.key("creditDebitIndicator"),
                &["CRDT", "DBIT"],
            )
        })
        .map(|index| index == 1);
    let date_keys: &[&str] = match status {
        Status::Booked => &["bookingDate", "transactionDate", "valueDate"],
        Status::Pending => &[
            "transactionDate",
            "bookingDate",
            "valueDate",
            "expectedBookingDate",
        ],
    };
    let date = match date_keys.iter().find(|key| present(entry, key).is_some()) {
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
    let names: &[&str] = if debit == Some(false) {
        &["debtor", "ultimateDebtor", "creditor", "ultimateCreditor"]
    } else {
        &["creditor", "ultimateCreditor", "debtor", "ultimateDebtor"]
    };
    let counterparty = counterparty(entry, names, &at.key("relatedParties"), reader);
    let lines = remittance_lines(entry, &at.key("remittanceInformation"), reader);
    let (amount, debit, date, counterparty, lines) =
        (amount?, debit?, date?, counterparty?, lines?);
    if amount < Money::ZERO {
        return None;
    }
    let label = label_or_counterparty(
        &lines,
        counterparty.as_deref(),
        &at.key("remittanceInformation"),
        reader,
    )?;
    Some(Some(Transaction {
        id: id?,
        date,
        amount: if debit {
            Money::from_cents(-amount.cents())
        } else {
            amount
        },
        label,
        counterparty,
        mcc: None,
        status,
    }))
}

/// The first of `relatedParties.{role}.name` that is present.
fn counterparty(
    entry: &Map<String, Value>,
    roles: &[&str],
    at: &Pointer,
    reader: &mut Reader,
) -> Option<Option<String>> {
    let Some(parties) = present(entry, "relatedParties") else {
        return Some(None);
    };
    let found = roles
        .iter()
        .find_map(|role| nested(parties, &[role, "name"]).map(|name| (*role, name)));
    optional(
        found
            .map(|(role, name)| reader.text(name, &at.key(role).key("name"), MAX_LABEL_CHARS_PSD2)),
    )
}

/// The unstructured remittance lines, from `{"unstructured": [...]}` or a bare array.
fn remittance_lines(
    entry: &Map<String, Value>,
    at: &Pointer,
    reader: &mut Reader,
) -> Option<Vec<String>> {
    let Some(remittance) = present(entry, "remittanceInformation") else {
        return Some(Vec::new());
    };
    let (lines, lines_at) = match remittance {
        Value::Array(lines) => (lines, at.clone()),
        Value::Object(object) => match present(object, "unstructured") {
            Some(Value::Array(lines)) => (lines, at.key("unstructured")),
            Some(_) => {
                reader.problem(
                    &at.key("unstructured"),
                    ProblemCode::Type,
                    "must be an array of strings",
                );
                return None;
            }
            None => return Some(Vec::new()),
        },
        _ => {
            reader.problem(
                at,
                ProblemCode::Type,
                "must be an object with an unstructured array",
            );
            return None;
        }
    };
    super::string_lines(lines, &lines_at, reader)
}
