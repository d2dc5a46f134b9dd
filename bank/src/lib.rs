//! Bank data for PartnerB2B (DESIGN §10): a customer's account statements, as a partner's
//! PSD2 aggregator returned them, read into one [`Statement`]; every transaction given
//! exactly one [`Category`] by rules over French banking labels; and the [`Insights`] a
//! lender reads from them (observed income, charges, overdraft, rejected payments,
//! gambling), with the [`BankEvidence`] the model's bank rules read.
//!
//! Pure computation: no I/O, no clock (`today` is an argument), no network, and no panic
//! on any input: a malformed document gives [`Problems`], never a crash.
//!
//! ```
//! use bank::{Date, insights, parse_statement};
//! let body = serde_json::json!({
//!     "account": {"type": "checking", "currency": "EUR", "balance": 1250.40, "balance_date": "2026-11-30"},
//!     "transactions": [
//!         {"date": "2026-11-02", "amount": 2450.00, "label": "VIR SEPA RECU /DE ACME SAS /MOTIF SALAIRE NOVEMBRE"},
//!         {"date": "2026-11-05", "amount": -820.00, "label": "PRLV SEPA FONCIA LOYER NOVEMBRE"},
//!     ],
//! });
//! let today = Date::parse("2026-12-01").expect("a date");
//! let statement = parse_statement(&body, today).expect("a valid statement");
//! assert_eq!(statement.summary().period.days, 29);
//! let insights = insights(&[statement]).expect("one statement");
//! assert_eq!(insights.period.full_months, 0);
//! assert_eq!(insights.evidence().coverage_days, 29);
//! ```

pub mod amount;
pub mod categorise;
pub mod category;
mod date_serde;
mod format;
pub mod insights;
pub mod label;
pub mod problem;
pub mod rules;
pub mod statement;

pub use categorise::{
    CATEGORISER_VERSION, Categorisation, CategorisedTransaction, categorise, categorise_statements,
    categorised_transactions,
};
pub use category::Category;
pub use format::read::MAX_AGE_MONTHS;
pub use format::{MAX_TRANSACTIONS, parse_statement};
pub use insights::{BankEvidence, Insights, Ratio, insights};
pub use problem::{MAX_PROBLEMS, Problem, ProblemCode, Problems};
pub use scoring::{Date, Money};
pub use statement::{
    Account, AccountType, Currency, Format, Mcc, Period, Statement, StatementSummary, Status,
    Transaction,
};
