//! What is wrong with an uploaded statement: a list of problems, each with a JSON pointer
//! (RFC 6901) into the request body, a stable code and an English message.
//!
//! The codes are the API's detail codes where they fit, so the caller maps a problem to
//! an error detail `{field: pointer, code, message}` without translation. Two codes are
//! this crate's own: [`ProblemCode::UnsupportedCurrency`], which the caller answers with the
//! 422 `unsupported_currency` error, and [`ProblemCode::TooMany`] (over
//! [`crate::MAX_TRANSACTIONS`] transactions).

use std::fmt;

use serde::Serialize;

/// At most this many problems are kept; a document with more is reported by its first
/// ones, then one last problem saying that the list stops there.
pub const MAX_PROBLEMS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// A required field is missing (or `null`).
    Required,
    /// A value of the wrong JSON type.
    Type,
    /// A string or number of the right type but the wrong shape: not a date, more than two
    /// decimals.
    Format,
    /// A value outside its list of accepted values.
    Enum,
    /// Below its lower bound: a date older than 24 months, a negative STET amount.
    Min,
    /// Above its upper bound: a date in the future, an amount too large, a string too long.
    Max,
    /// A member that the format does not define.
    UnknownField,
    /// An amount or a balance in another currency than EUR.
    UnsupportedCurrency,
    /// More transactions than a statement may hold, or more problems than are listed.
    TooMany,
}

impl ProblemCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Required => "required",
            ProblemCode::Type => "type",
            ProblemCode::Format => "format",
            ProblemCode::Enum => "enum",
            ProblemCode::Min => "min",
            ProblemCode::Max => "max",
            ProblemCode::UnknownField => "unknown_field",
            ProblemCode::UnsupportedCurrency => "unsupported_currency",
            ProblemCode::TooMany => "too_many",
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON pointer into the request body; `""` is the body itself.
    pub pointer: String,
    pub code: ProblemCode,
    /// English, for a developer.
    pub message: String,
}

/// Why a statement document was refused: every problem found, in document order, at most
/// [`MAX_PROBLEMS`] of them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the statement document has {} problem(s), the first at {:?}: {}", .problems.len(), first_pointer(.problems), first_message(.problems))]
pub struct Problems {
    pub problems: Vec<Problem>,
}

fn first_pointer(problems: &[Problem]) -> &str {
    problems
        .first()
        .map_or("", |problem| problem.pointer.as_str())
}

fn first_message(problems: &[Problem]) -> &str {
    problems
        .first()
        .map_or("", |problem| problem.message.as_str())
}

impl Problems {
    /// True when a currency other than EUR is among the problems: the API answers the 422
    /// `unsupported_currency` error rather than `validation_error`.
    pub fn has_unsupported_currency(&self) -> bool {
        self.problems
            .iter()
            .any(|problem| problem.code == ProblemCode::UnsupportedCurrency)
    }
}

/// A JSON pointer under construction: each token is escaped once, when pushed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pointer(String);

impl Pointer {
    pub(crate) fn root() -> Pointer {
        Pointer(String::new())
    }

    pub(crate) fn key(&self, key: &str) -> Pointer {
        let mut pointer = String::with_capacity(self.0.len() + key.len() + 1);
        pointer.push_str(&self.0);
        pointer.push('/');
        for character in key.chars() {
            match character {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                other => pointer.push(other),
            }
        }
        Pointer(pointer)
    }

    pub(crate) fn index(&self, index: usize) -> Pointer {
        Pointer(format!("{}/{index}", self.0))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// Collects problems in document order, keeping the first [`MAX_PROBLEMS`].
#[derive(Debug, Default)]
pub(crate) struct Collector {
    problems: Vec<Problem>,
    overflowed: bool,
}

impl Collector {
    pub(crate) fn push(
        &mut self,
        pointer: &Pointer,
        code: ProblemCode,
        message: impl Into<String>,
    ) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                pointer: pointer.as_str().to_owned(),
                code,
                message: message.into(),
            });
        } else {
            self.overflowed = true;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems collected, with a last one saying so when some were left out.
    pub(crate) fn into_problems(self) -> Problems {
        let mut problems = self.problems;
        if self.overflowed {
            problems.push(Problem {
                pointer: String::new(),
                code: ProblemCode::TooMany,
                message: format!("more than {MAX_PROBLEMS} problems; only the first are listed"),
            });
        }
        Problems { problems }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_pointer_tokens() {
        let pointer = Pointer::root().key("a/b").key("m~n").index(3);
        assert_eq!(pointer.as_str(), "/a~1b/m~0n/3");
    }

    #[test]
    fn keeps_the_first_problems_and_says_when_it_stops() {
        let mut collector = Collector::default();
        for index in 0..150 {
            collector.push(&Pointer::root().index(index), ProblemCode::Type, "wrong");
        }
        let problems = collector.into_problems().problems;
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        assert_eq!(problems[MAX_PROBLEMS - 1].pointer, "/99");
        assert_eq!(problems[MAX_PROBLEMS].code, ProblemCode::TooMany);
    }
}
