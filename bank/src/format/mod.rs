//! Statement documents, as DESIGN §10 defines the upload body, read into one
//! [`Statement`].
//!
//! The body is `{"format": ..., ...}`, `format` being `native` (the default when absent),
//! `stet` or `berlin_group`. Each format's module says which members it reads and how.
//! Rules common to all three:
//!
//! - Every problem is reported with a JSON pointer into the body, and all of them are
//!   collected (at most [`crate::MAX_PROBLEMS`]), not just the first.
//! - EUR only: another currency anywhere an amount is read is `unsupported_currency`.
//! - Amounts are exact to the cent, at most two decimals, below one billion euros
//!   ([`crate::amount`]).
//! - Dates are `YYYY-MM-DD`, existing, not after `today` and not older than 24 months
//!   before it (the same day of the month, or that month's last day).
//! - At most [`MAX_TRANSACTIONS`] transactions (`too_many`); their members are then not
//!   read.
//! - The members of the body itself (and in the native format, of every object) are
//!   closed: an unknown one is `unknown_field`. The STET and Berlin Group bodies are what
//!   a bank's API returned, with `_links` and many optional members: what this crate does
//!   not read there is ignored.

mod berlin_group;
mod native;
pub(crate) mod read;
mod stet;

use scoring::Date;
use serde_json::Value;

use crate::problem::{Pointer, ProblemCode, Problems};
use crate::statement::{Format, Statement};
use read::Reader;

/// The most transactions one statement may hold (booked and pending together).
pub const MAX_TRANSACTIONS: usize = 5_000;

const FORMATS: [&str; 3] = ["native", "stet", "berlin_group"];

/// Reads an upload body into a statement, or every problem found in it.
///
/// `today` bounds the dates (none after it, none older than 24 months before it).
pub fn parse_statement(body: &Value, today: Date) -> Result<Statement, Problems> {
    let mut reader = Reader::new(today);
    let root = Pointer::root();
    let statement = reader.object(body, &root).and_then(|object| {
        let format = match read::present(object, "format") {
            None => Some(Format::Native),
            Some(value) => reader
                .one_of(value, &root.key("format"), &FORMATS)
                .map(|index| match index {
                    0 => Format::Native,
                    1 => Format::Stet,
                    _ => Format::BerlinGroup,
                }),
        }?;
        match format {
            Format::Native => native::read(object, &mut reader),
            Format::Stet => stet::read(object, &mut reader),
            Format::BerlinGroup => berlin_group::read(object, &mut reader),
        }
    });
    match statement {
        Some(statement) if reader.problems.is_empty() => Ok(statement),
        _ => {
            if reader.problems.is_empty() {
                reader.problem(&root, ProblemCode::Format, "the document could not be read");
            }
            Err(reader.problems.into_problems())
        }
    }
}

/// Whether a transactions array is short enough to read; records `too_many` otherwise.
pub(crate) fn within_limit(reader: &mut Reader, count: usize, at: &Pointer) -> bool {
    if count > MAX_TRANSACTIONS {
        reader.problem(
            at,
            ProblemCode::TooMany,
            format!("at most {MAX_TRANSACTIONS} transactions per statement, {count} sent"),
        );
        false
    } else {
        true
    }
}

/// A label joined from STET or Berlin Group remittance lines is at most this long.
pub(crate) const MAX_LABEL_CHARS_PSD2: usize = 1_000;

/// The strings of a remittance array, each one a `type` problem when it is not a string.
pub(crate) fn string_lines(
    values: &[Value],
    at: &Pointer,
    reader: &mut Reader,
) -> Option<Vec<String>> {
    let mut lines = Vec::with_capacity(values.len());
    let mut complete = true;
    for (index, value) in values.iter().enumerate() {
        match reader.string(value, &at.index(index)) {
            Some(line) => lines.push(line.to_owned()),
            None => complete = false,
        }
    }
    complete.then_some(lines)
}

/// The remittance lines joined by a space; without any, the counterparty's name, else `""`.
pub(crate) fn label_or_counterparty(
    lines: &[String],
    counterparty: Option<&str>,
    at: &Pointer,
    reader: &mut Reader,
) -> Option<String> {
    let label = lines
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if label.chars().count() > MAX_LABEL_CHARS_PSD2 {
        reader.problem(
            at,
            ProblemCode::Max,
            format!("must be at most {MAX_LABEL_CHARS_PSD2} characters in all"),
        );
        return None;
    }
    if label.is_empty() {
        Some(counterparty.unwrap_or_default().to_owned())
    } else {
        Some(label)
    }
}

/// The date of the latest booked transaction: a closing balance without a date of its own
/// is at least that recent.
pub(crate) fn latest_booked_date(transactions: &[crate::statement::Transaction]) -> Option<Date> {
    transactions
        .iter()
        .filter(|transaction| transaction.is_booked())
        .map(|transaction| transaction.date)
        .max()
}
