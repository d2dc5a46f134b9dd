//! Reading typed values out of a `serde_json::Value`, each problem recorded at its pointer.
//!
//! Every reader returns `None` after recording a problem, so a caller reads every field
//! of a transaction, collects all the problems, and builds the transaction only when all
//! of its fields were read.

use scoring::{Date, Money};
use serde_json::{Map, Value};

use crate::amount::{self, AmountError};
use crate::problem::{Collector, Pointer, ProblemCode};
use crate::statement::Mcc;

/// Statements may go back this many months before `today`.
pub const MAX_AGE_MONTHS: i32 = 24;

pub(crate) struct Reader {
    pub(crate) problems: Collector,
    today: Date,
    oldest: Date,
}

impl Reader {
    pub(crate) fn new(today: Date) -> Reader {
        Reader {
            problems: Collector::default(),
            today,
            oldest: months_before(today, MAX_AGE_MONTHS),
        }
    }

    pub(crate) fn today(&self) -> Date {
        self.today
    }

    pub(crate) fn problem(&mut self, at: &Pointer, code: ProblemCode, message: impl Into<String>) {
        self.problems.push(at, code, message);
    }

    pub(crate) fn object<'a>(
        &mut self,
        value: &'a Value,
        at: &Pointer,
    ) -> Option<&'a Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.problem(at, ProblemCode::Type, "must be an object");
        }
        object
    }

    pub(crate) fn array<'a>(&mut self, value: &'a Value, at: &Pointer) -> Option<&'a [Value]> {
        let array = value.as_array().map(Vec::as_slice);
        if array.is_none() {
            self.problem(at, ProblemCode::Type, "must be an array");
        }
        array
    }

    /// Members outside `known` are refused, in the order they appear.
    pub(crate) fn only_known_fields(
        &mut self,
        object: &Map<String, Value>,
        known: &[&str],
        at: &Pointer,
    ) {
        for key in object.keys() {
            if !known.contains(&key.as_str()) {
                self.problem(
                    &at.key(key),
                    ProblemCode::UnknownField,
                    "this field is not accepted here",
                );
            }
        }
    }

    /// The member, `null` reading as absent, or a `required` problem.
    pub(crate) fn required<'a>(
        &mut self,
        object: &'a Map<String, Value>,
        key: &str,
        at: &Pointer,
    ) -> Option<&'a Value> {
        let value = present(object, key);
        if value.is_none() {
            self.problem(
                &at.key(key),
                ProblemCode::Required,
                "this field is required",
            );
        }
        value
    }

    pub(crate) fn string<'a>(&mut self, value: &'a Value, at: &Pointer) -> Option<&'a str> {
        let text = value.as_str();
        if text.is_none() {
            self.problem(at, ProblemCode::Type, "must be a string");
        }
        text
    }

    /// A string of at most `max_chars` characters.
    pub(crate) fn text(&mut self, value: &Value, at: &Pointer, max_chars: usize) -> Option<String> {
        let text = self.string(value, at)?;
        if text.chars().count() > max_chars {
            self.problem(
                at,
                ProblemCode::Max,
                format!("must be at most {max_chars} characters"),
            );
            return None;
        }
        Some(text.to_owned())
    }

    /// One of `accepted`, returned as its index.
    pub(crate) fn one_of(
        &mut self,
        value: &Value,
        at: &Pointer,
        accepted: &[&str],
    ) -> Option<usize> {
        let text = self.string(value, at)?;
        let index = accepted.iter().position(|candidate| *candidate == text);
        if index.is_none() {
            self.problem(
                at,
                ProblemCode::Enum,
                format!("must be one of: {}", accepted.join(", ")),
            );
        }
        index
    }

    /// `YYYY-MM-DD`, an existing date, not after `today` and not older than
    /// [`MAX_AGE_MONTHS`] months. With `date_time_accepted`, an RFC 3339 date-time is read as
    /// the calendar date it is written in (`2018-02-12T23:00:00+01:00` is 12 February):
    /// some STET banks send their dates that way.
    pub(crate) fn date(
        &mut self,
        value: &Value,
        at: &Pointer,
        date_time_accepted: bool,
    ) -> Option<Date> {
        let text = self.string(value, at)?;
        let date_part = match text.get(..10) {
            Some(date) if date_time_accepted && text.as_bytes().get(10) == Some(&b'T') => date,
            _ => text,
        };
        let Some(date) = Date::parse(date_part) else {
            self.problem(
                at,
                ProblemCode::Format,
                "must be an existing date, YYYY-MM-DD",
            );
            return None;
        };
        if date > self.today {
            self.problem(at, ProblemCode::Max, "must not be in the future");
            return None;
        }
        if date < self.oldest {
            self.problem(
                at,
                ProblemCode::Min,
                format!(
                    "must not be more than {MAX_AGE_MONTHS} months old (before {})",
                    self.oldest
                ),
            );
            return None;
        }
        Some(date)
    }

    /// A JSON number of euros (the native format).
    pub(crate) fn number_amount(&mut self, value: &Value, at: &Pointer) -> Option<Money> {
        let Value::Number(number) = value else {
            self.problem(at, ProblemCode::Type, "must be a number");
            return None;
        };
        self.amount(amount::parse_json_number(&number.to_string()), at)
    }

    /// A decimal string of euros (STET, Berlin Group).
    pub(crate) fn string_amount(&mut self, value: &Value, at: &Pointer) -> Option<Money> {
        let text = self.string(value, at)?;
        self.amount(amount::parse_decimal_string(text), at)
    }

    fn amount(&mut self, parsed: Result<Money, AmountError>, at: &Pointer) -> Option<Money> {
        match parsed {
            Ok(money) => Some(money),
            Err(error) => {
                let code = match error {
                    AmountError::TooLarge => ProblemCode::Max,
                    AmountError::Format | AmountError::TooManyDecimals => ProblemCode::Format,
                };
                self.problem(at, code, error.message());
                None
            }
        }
    }

    /// `"EUR"`; any other currency is `unsupported_currency`.
    pub(crate) fn euro(&mut self, value: &Value, at: &Pointer) -> Option<()> {
        let text = self.string(value, at)?;
        if text == "EUR" {
            Some(())
        } else {
            self.problem(
                at,
                ProblemCode::UnsupportedCurrency,
                "only EUR is supported",
            );
            None
        }
    }

    /// Four digits, as a string (`"5411"`) or an integer (`5411`).
    pub(crate) fn mcc(&mut self, value: &Value, at: &Pointer) -> Option<Mcc> {
        let mcc = match value {
            Value::String(text) => Mcc::parse(text),
            Value::Number(number) => number
                .as_u64()
                .and_then(|code| u16::try_from(code).ok())
                .and_then(Mcc::new),
            _ => {
                self.problem(at, ProblemCode::Type, "must be a string of 4 digits");
                return None;
            }
        };
        if mcc.is_none() {
            self.problem(
                at,
                ProblemCode::Format,
                "must be a merchant category code of 4 digits, such as \"5411\"",
            );
        }
        mcc
    }

    /// An `{"currency": "EUR", "amount": "12.50"}` object (STET `AmountType`, Berlin Group
    /// `Amount`).
    pub(crate) fn amount_object(&mut self, value: &Value, at: &Pointer) -> Option<Money> {
        let object = self.object(value, at)?;
        let currency = self
            .required(object, "currency", at)
            .and_then(|currency| self.euro(currency, &at.key("currency")));
        let amount = self
            .required(object, "amount", at)
            .and_then(|amount| self.string_amount(amount, &at.key("amount")));
        currency.and(amount)
    }
}

/// The member, `null` reading as absent.
pub(crate) fn present<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|value| !value.is_null())
}

/// An optional member once read: `Some(None)` when absent, `None` when it had a problem.
pub(crate) fn optional<T>(read: Option<Option<T>>) -> Option<Option<T>> {
    match read {
        None => Some(None),
        Some(value) => value.map(Some),
    }
}

/// The value at `path` below `value`, through objects only; `null` reads as absent.
pub(crate) fn nested<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, key| {
        value.as_object().and_then(|object| present(object, key))
    })
}

/// The same day `months` months earlier, or the last day of that month when it is shorter.
fn months_before(date: Date, months: i32) -> Date {
    let index = i64::from(date.year()) * 12 + i64::from(date.month()) - 1 - i64::from(months);
    let (Ok(year), Ok(month)) = (
        i32::try_from(index.div_euclid(12)),
        u8::try_from(index.rem_euclid(12) + 1),
    ) else {
        return date;
    };
    (0..4)
        .find_map(|back| Date::new(year, month, date.day().saturating_sub(back)))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a valid test date")
    }

    #[test]
    fn goes_back_whole_months() {
        assert_eq!(months_before(date("2026-12-15"), 24), date("2024-12-15"));
        assert_eq!(months_before(date("2026-02-28"), 24), date("2024-02-28"));
        assert_eq!(months_before(date("2026-03-31"), 1), date("2026-02-28"));
        assert_eq!(months_before(date("2028-02-29"), 24), date("2026-02-28"));
        assert_eq!(months_before(date("2026-01-10"), 13), date("2024-12-10"));
    }
}
