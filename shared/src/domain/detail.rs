//! [`Detail`]: one problem with one part of a request, as the domain finds it and the
//! HTTP edge reports it in `error.details`.

use serde::Serialize;

/// One problem with one part of a request: `field` is a JSON pointer into the body
/// (`/attributes/monthly_net_income`), or the name of a query parameter or header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl Detail {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Escapes a member name for use in a JSON pointer (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
