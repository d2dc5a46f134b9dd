//! The one statement every format is read into, and its summary (DESIGN §10).

use std::fmt;

use scoring::{Date, Money};
use serde::{Deserialize, Serialize};

/// The document format a statement was uploaded in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Native,
    /// STET PSD2 API v1.4 and later, the French standard.
    Stet,
    /// Berlin Group NextGenPSD2.
    BerlinGroup,
}

impl Format {
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::Stet => "stet",
            Format::BerlinGroup => "berlin_group",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// A current account (compte courant): the only kind whose balances count for overdraft.
    Checking,
    Savings,
    Card,
    Other,
}

/// Statements are in euros only; the parser refuses any other currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[default]
    #[serde(rename = "EUR")]
    Eur,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    #[serde(rename = "type")]
    pub account_type: AccountType,
    pub currency: Currency,
    /// The closing booked balance, at the end of `balance_date`.
    pub balance: Money,
    #[serde(with = "crate::date_serde")]
    pub balance_date: Date,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Booked,
    /// Known to the bank but not yet booked: kept, shown, never counted in the insights.
    Pending,
}

/// A merchant category code (ISO 18245), 0 to 9999; written as four digits, `"5411"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mcc(u16);

impl Mcc {
    pub fn new(code: u16) -> Option<Mcc> {
        (code <= 9_999).then_some(Mcc(code))
    }

    /// Exactly four ASCII digits.
    pub fn parse(text: &str) -> Option<Mcc> {
        if text.len() == 4 && text.bytes().all(|byte| byte.is_ascii_digit()) {
            text.parse().ok().and_then(Mcc::new)
        } else {
            None
        }
    }

    pub const fn code(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Mcc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

impl Serialize for Mcc {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Mcc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Mcc, D::Error> {
        let text = String::deserialize(deserializer)?;
        Mcc::parse(&text).ok_or_else(|| serde::de::Error::custom("an MCC is four digits"))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// As sent (native `id`, STET `entryReference` or `resourceId`, Berlin Group
    /// `transactionId` or `entryReference`), else made from the transaction's place in the
    /// document: `tx-3` (native, STET), `booked-3` or `pending-0` (Berlin Group).
    pub id: String,
    #[serde(with = "crate::date_serde")]
    pub date: Date,
    /// Signed: a debit is negative.
    pub amount: Money,
    pub label: String,
    pub counterparty: Option<String>,
    pub mcc: Option<Mcc>,
    pub status: Status,
}

impl Transaction {
    pub fn is_booked(&self) -> bool {
        self.status == Status::Booked
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub format: Format,
    pub account: Account,
    /// In document order (Berlin Group: booked, then pending).
    pub transactions: Vec<Transaction>,
}

/// The days a statement covers, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The earliest transaction's date (pending ones included), or `to` when that is
    /// earlier or there is no transaction.
    #[serde(with = "crate::date_serde")]
    pub from: Date,
    /// The balance date.
    #[serde(with = "crate::date_serde")]
    pub to: Date,
    /// `to - from + 1`.
    pub days: i64,
}

/// What `POST .../bank-statements/` answers, less the fields the caller owns (`id`,
/// `profile_id`, `created_at`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementSummary {
    pub format: Format,
    pub account: Account,
    pub period: Period,
    pub transaction_count: usize,
}

impl Statement {
    pub fn period(&self) -> Period {
        let to = self.account.balance_date;
        let from = self
            .transactions
            .iter()
            .map(|transaction| transaction.date)
            .min()
            .map_or(to, |earliest| earliest.min(to));
        Period {
            from,
            to,
            days: to.days_since_epoch() - from.days_since_epoch() + 1,
        }
    }

    pub fn summary(&self) -> StatementSummary {
        StatementSummary {
            format: self.format,
            account: self.account.clone(),
            period: self.period(),
            transaction_count: self.transactions.len(),
        }
    }
}
