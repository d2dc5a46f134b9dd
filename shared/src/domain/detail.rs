//! [`Detail`]: one problem with one part of a request, as the domain finds it and the
//! HTTP edge reports it in `error.details`.

use locale::Language;

use crate::messages::Problem;

/// One problem with one part of a request: `field` is a JSON pointer into the body
/// (`/attributes/monthly_net_income`), or the name of a query parameter or header. Its
/// code and message come from the [`Problem`]; the envelope writes the message in the
/// request's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub field: String,
    pub problem: Problem,
}

impl Detail {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }

    /// The stable `details[].code`.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    /// The message in `language`.
    pub fn message(&self, language: Language) -> String {
        self.problem.text().get(language).to_owned()
    }
}

/// Escapes a member name for use in a JSON pointer (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
