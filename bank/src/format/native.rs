//! The native format (DESIGN §10):
//!
//! ```json
//! {"format": "native",
//!  "account": {"type": "checking", "currency": "EUR", "balance": 1520.35, "balance_date": "2026-11-30"},
//!  "transactions": [{"id": "a1", "date": "2026-11-28", "amount": -42.10,
//!                    "label": "CB CARREFOUR MARKET 27/11", "counterparty": "CARREFOUR",
//!                    "mcc": "5411", "status": "booked"}]}
//! ```
//!
//! Every member is closed (`unknown_field` otherwise). `account` and all of its members are
//! required; `type` is `checking`, `savings`, `card` or `other`. A transaction needs `date`,
//! `amount` (a JSON number, signed, a debit negative) and `label` (at most
//! [`MAX_LABEL_CHARS`] characters); `id` (at most [`MAX_ID_CHARS`], else `tx-{index}`),
//! `counterparty` (at most [`MAX_LABEL_CHARS`]), `mcc` (`"5411"` or `5411`) and `status`
//! (`booked`, the default, or `pending`) are optional. `null` reads as absent.

use serde_json::{Map, Value};

use super::read::{Reader, optional, present};
use super::within_limit;
use crate::problem::Pointer;
use crate::statement::{Account, AccountType, Currency, Format, Statement, Status, Transaction};

pub const MAX_LABEL_CHARS: usize = 500;
pub const MAX_ID_CHARS: usize = 128;

const ACCOUNT_TYPES: [AccountType; 4] = [
    AccountType::Checking,
    AccountType::Savings,
    AccountType::Card,
    AccountType::Other,
];

pub(super) fn read(body: &Map<String, Value>, reader: &mut Reader) -> Option<Statement> {
    let root = Pointer::root();
    reader.only_known_fields(body, &["format", "account", "transactions"], &root);
    let account = reader
        .required(body, "account", &root)
        .and_then(|account| read_account(account, &root.key("account"), reader));
    let transactions = reader
        .required(body, "transactions", &root)
        .and_then(|transactions| {
            read_transactions(transactions, &root.key("transactions"), reader)
        });
    Some(Statement {
        format: Format::Native,
        account: account?,
        transactions: transactions?,
    })
}

fn read_account(value: &Value, at: &Pointer, reader: &mut Reader) -> Option<Account> {
    let object = reader.object(value, at)?;
    reader.only_known_fields(object, &["type", "currency", "balance", "balance_date"], at);
    let account_type = reader.required(object, "type", at).and_then(|value| {
        reader
            .one_of(
                value,
                &at.key("type"),
                &["checking", "savings", "card", "other"],
            )
            .and_then(|index| ACCOUNT_TYPES.get(index).copied())
    });
    let currency = reader
        .required(object, "currency", at)
        .and_then(|value| reader.euro(value, &at.key("currency")));
    let balance = reader
        .required(object, "balance", at)
        .and_then(|value| reader.number_amount(value, &at.key("balance")));
    let balance_date = reader
        .required(object, "balance_date", at)
        .and_then(|value| reader.date(value, &at.key("balance_date"), false));
    currency?;
    Some(Account {
        account_type: account_type?,
        currency: Currency::Eur,
        balance: balance?,
        balance_date: balance_date?,
    })
}

fn read_transactions(value: &Value, at: &Pointer, reader: &mut Reader) -> Option<Vec<Transaction>> {
    let items = reader.array(value, at)?;
    if !within_limit(reader, items.len(), at) {
        return None;
    }
    let mut transactions = Vec::with_capacity(items.len());
    let mut complete = true;
    for (index, item) in items.iter().enumerate() {
        match read_transaction(item, index, &at.index(index), reader) {
            Some(transaction) => transactions.push(transaction),
            None => complete = false,
        }
    }
    complete.then_some(transactions)
}

fn read_transaction(
    value: &Value,
    index: usize,
    at: &Pointer,
    reader: &mut Reader,
) -> Option<Transaction> {
    let object = reader.object(value, at)?;
    reader.only_known_fields(
        object,
        &[
            "id",
            "date",
            "amount",
            "label",
            "counterparty",
            "mcc",
            "status",
        ],
        at,
    );
    let id = match present(object, "id") {
        Some(id) => reader.text(id, &at.key("id"), MAX_ID_CHARS),
        None => Some(format!("tx-{index}")),
    };
    let date = reader
        .required(object, "date", at)
        .and_then(|value| reader.date(value, &at.key("date"), false));
    let amount = reader
        .required(object, "amount", at)
        .and_then(|value| reader.number_amount(value, &at.key("amount")));
    let label = reader
        .required(object, "label", at)
        .and_then(|value| reader.text(value, &at.key("label"), MAX_LABEL_CHARS));
    let counterparty = present(object, "counterparty")
        .map(|value| reader.text(value, &at.key("counterparty"), MAX_LABEL_CHARS));
    let mcc = present(object, "mcc").map(|value| reader.mcc(value, &at.key("mcc")));
    let status = present(object, "status").map(|value| {
        reader
            .one_of(value, &at.key("status"), &["booked", "pending"])
            .map(|index| {
                if index == 0 {
                    Status::Booked
                } else {
                    Status::Pending
                }
            })
    });
    Some(Transaction {
        id: id?,
        date: date?,
        amount: amount?,
        label: label?,
        counterparty: optional(counterparty)?,
        mcc: optional(mcc)?,
        status: status.unwrap_or(Some(Status::Booked))?,
    })
}
