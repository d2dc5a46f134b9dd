//! [`ApiError`]: every error a partner can see, and the one place that maps each to its
//! HTTP status and stable code.

use std::time::Duration;

use lambda_http::http::StatusCode;
use serde::Serialize;

pub use crate::BoxError;
pub use crate::domain::detail::Detail;
use crate::store::StoreError;

/// An error answered to the partner. The `Display` text is the partner-facing message:
/// it never names internals. Causes worth logging travel in [`ApiError::Internal`] and
/// [`ApiError::ServiceUnavailable`] and stay in the logs.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON: {0}")]
    InvalidJson(String),
    #[error("{message}")]
    InvalidRequest {
        message: String,
        details: Vec<Detail>,
    },
    #[error("an Authorization: Bearer <access token> header is required")]
    MissingToken,
    #[error("the access token is invalid")]
    InvalidToken,
    #[error("the token has expired")]
    TokenExpired,
    #[error("the API key is invalid, unknown or revoked")]
    InvalidApiKey,
    #[error("the refresh token is invalid")]
    InvalidRefreshToken,
    #[error("resource not found")]
    NotFound,
    #[error("method not allowed; allowed: {allow}")]
    MethodNotAllowed { allow: String },
    #[error("{message}")]
    Conflict { kind: Conflict, message: String },
    #[error("the resource has changed since the version given in If-Match")]
    PreconditionFailed,
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("{message}")]
    Validation {
        kind: Validation,
        message: String,
        details: Vec<Detail>,
    },
    #[error("too many requests")]
    RateLimited { retry_after: Duration },
    #[error("an internal error occurred")]
    Internal(#[source] BoxError),
    #[error("a dependency is unavailable, try again shortly")]
    ServiceUnavailable {
        retry_after: Duration,
        #[source]
        source: BoxError,
    },
}

impl ApiError {
    /// A 422 `validation_error` listing every problem found.
    pub fn validation(details: Vec<Detail>) -> Self {
        Self::Validation {
            kind: Validation::Invalid,
            message: "the request is not valid; see details".to_owned(),
            details,
        }
    }

    /// A 400 `invalid_request` about one part of the request (a query parameter, a header).
    pub fn invalid_request(field: &str, code: &str, message: &str) -> Self {
        Self::InvalidRequest {
            message: format!("invalid {field}: {message}"),
            details: vec![Detail::new(field, code, message)],
        }
    }

    /// A 409 of `kind`.
    pub fn conflict(kind: Conflict, message: impl Into<String>) -> Self {
        Self::Conflict {
            kind,
            message: message.into(),
        }
    }

    pub fn internal(source: impl Into<BoxError>) -> Self {
        Self::Internal(source.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidJson(_) | Self::InvalidRequest { .. } => StatusCode::BAD_REQUEST,
            Self::MissingToken
            | Self::InvalidToken
            | Self::TokenExpired
            | Self::InvalidApiKey
            | Self::InvalidRefreshToken => StatusCode::UNAUTHORIZED,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::ServiceUnavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The stable snake_case code partners match on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidJson(_) => "invalid_json",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::MissingToken => "missing_token",
            Self::InvalidToken => "invalid_token",
            Self::TokenExpired => "token_expired",
            Self::InvalidApiKey => "invalid_api_key",
            Self::InvalidRefreshToken => "invalid_refresh_token",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::Conflict { kind, .. } => kind.code(),
            Self::Validation { kind, .. } => kind.code(),
            Self::PreconditionFailed => "precondition_failed",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::RateLimited { .. } => "rate_limited",
            Self::Internal(_) => "internal_error",
            Self::ServiceUnavailable { .. } => "service_unavailable",
        }
    }

    pub fn details(&self) -> &[Detail] {
        match self {
            Self::Validation { details, .. } | Self::InvalidRequest { details, .. } => details,
            _ => &[],
        }
    }

    /// `Retry-After`, for the statuses that carry it.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after } | Self::ServiceUnavailable { retry_after, .. } => {
                Some(*retry_after)
            }
            _ => None,
        }
    }

    /// `Allow`, for 405.
    pub fn allow(&self) -> Option<&str> {
        match self {
            Self::MethodNotAllowed { allow } => Some(allow),
            _ => None,
        }
    }

    /// Whether the response carries `WWW-Authenticate: Bearer`.
    pub fn is_authentication_failure(&self) -> bool {
        self.status() == StatusCode::UNAUTHORIZED
    }
}

/// Each store outcome's natural answer; a handler overrides one only where its context
/// changes the meaning (a version mismatch on an analysis request means the profile is
/// no longer submitted, not a failed `If-Match`).
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Self::NotFound,
            StoreError::VersionMismatch => Self::PreconditionFailed,
            StoreError::ReferenceTaken => Self::conflict(
                Conflict::ReferenceTaken,
                "another profile of yours already has this reference",
            ),
            StoreError::LimitReached => Self::conflict(
                Conflict::WebhookLimitReached,
                "at most 10 webhooks per partner; delete one first",
            ),
            StoreError::Conflict | StoreError::AlreadyExists | StoreError::IdempotencyKeyTaken => {
                Self::conflict(Conflict::Busy, "the resource changed meanwhile; retry")
            }
            StoreError::Unavailable(source) => Self::ServiceUnavailable {
                retry_after: Duration::from_secs(1),
                source,
            },
            corrupt @ StoreError::Corrupt(_) => Self::Internal(Box::new(corrupt)),
        }
    }
}

/// Why a request conflicts with the current state (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// The resource changed meanwhile, or the same idempotent request is in flight.
    Busy,
    ReferenceTaken,
    ProfileNotSubmitted,
    /// The analysis is still pending, or failed: it has no decision yet.
    AnalysisNotCompleted,
    WebhookLimitReached,
}

impl Conflict {
    pub const fn code(self) -> &'static str {
        match self {
            Self::Busy => "conflict",
            Self::ReferenceTaken => "reference_conflict",
            Self::ProfileNotSubmitted => "profile_not_submitted",
            Self::AnalysisNotCompleted => "analysis_not_completed",
            Self::WebhookLimitReached => "webhook_limit_reached",
        }
    }
}

/// Why a well-formed request is refused (422).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validation {
    /// The body breaks the schema or the catalogue; `details` says where.
    Invalid,
    ProfileIncomplete,
    IdempotencyKeyReused,
}

impl Validation {
    pub const fn code(self) -> &'static str {
        match self {
            Self::Invalid => "validation_error",
            Self::ProfileIncomplete => "profile_incomplete",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
        }
    }
}

/// One entry of the error catalogue partners read (the guide, the OpenAPI description).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ErrorCode {
    pub code: &'static str,
    pub status: u16,
    pub meaning: &'static str,
    pub action: &'static str,
}

/// Every `error.code` the API answers, by status. A test holds it to [`ApiError::code`].
pub const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode {
        code: "invalid_json",
        status: 400,
        meaning: "The body is empty where one is required, or is not well-formed JSON.",
        action: "Send a well-formed JSON body.",
    },
    ErrorCode {
        code: "invalid_request",
        status: 400,
        meaning: "A query parameter, cursor or header is invalid; `details` names it.",
        action: "Correct the named parameter or header.",
    },
    ErrorCode {
        code: "missing_token",
        status: 401,
        meaning: "No `Authorization: Bearer <access token>` header.",
        action: "Obtain an access token from POST /api/v1/auth/token/ and send it.",
    },
    ErrorCode {
        code: "invalid_token",
        status: 401,
        meaning: "The access token is malformed, forged, or not an access token.",
        action: "Obtain a new access token.",
    },
    ErrorCode {
        code: "token_expired",
        status: 401,
        meaning: "The access or refresh token has expired.",
        action: "Refresh the access token, or ask for new tokens with the API key.",
    },
    ErrorCode {
        code: "invalid_api_key",
        status: 401,
        meaning: "The API key is unknown, mistyped, revoked, or its partner is suspended.",
        action: "Check the key; otherwise contact Aberture.",
    },
    ErrorCode {
        code: "invalid_refresh_token",
        status: 401,
        meaning: "The refresh token is invalid, or its API key has been revoked since.",
        action: "Ask for new tokens with the API key.",
    },
    ErrorCode {
        code: "not_found",
        status: 404,
        meaning: "No such route, or no such resource among yours.",
        action: "Check the path and the identifier.",
    },
    ErrorCode {
        code: "method_not_allowed",
        status: 405,
        meaning: "The route exists but not with this method; `Allow` lists the methods it takes.",
        action: "Use one of the methods in `Allow`.",
    },
    ErrorCode {
        code: Conflict::Busy.code(),
        status: 409,
        meaning: "The resource changed while the request was handled, or the same idempotent request is still in flight.",
        action: "Retry the request.",
    },
    ErrorCode {
        code: Conflict::ReferenceTaken.code(),
        status: 409,
        meaning: "Another of your profiles already has this `reference`.",
        action: "Choose another reference, or work on the existing profile.",
    },
    ErrorCode {
        code: Conflict::ProfileNotSubmitted.code(),
        status: 409,
        meaning: "An analysis was requested for a profile that has not been submitted.",
        action: "Submit the profile (POST /api/v1/profiles/{id}/submit/) first.",
    },
    ErrorCode {
        code: Conflict::AnalysisNotCompleted.code(),
        status: 409,
        meaning: "The analysis has no decision to explain: it is still `pending`, or it `failed`.",
        action: "Wait for `analysis.completed` (or read the analysis until it is `completed`); after a failure, request a new analysis.",
    },
    ErrorCode {
        code: Conflict::WebhookLimitReached.code(),
        status: 409,
        meaning: "You already have the maximum of 10 webhooks.",
        action: "Delete a webhook first.",
    },
    ErrorCode {
        code: "precondition_failed",
        status: 412,
        meaning: "`If-Match` no longer matches the profile's version.",
        action: "Read the profile again, then retry with its new `ETag`.",
    },
    ErrorCode {
        code: "payload_too_large",
        status: 413,
        meaning: "The body is larger than 64 KiB.",
        action: "Send a smaller body.",
    },
    ErrorCode {
        code: "unsupported_media_type",
        status: 415,
        meaning: "The body is not sent as `Content-Type: application/json`.",
        action: "Send JSON with that content type.",
    },
    ErrorCode {
        code: Validation::Invalid.code(),
        status: 422,
        meaning: "The body breaks the schema or the attribute catalogue; `details` lists every problem with a JSON pointer.",
        action: "Correct each field named in `details`.",
    },
    ErrorCode {
        code: Validation::ProfileIncomplete.code(),
        status: 422,
        meaning: "The profile cannot be submitted yet: required attributes are missing or inconsistent; `details` lists them.",
        action: "Complete the profile with PATCH, then submit again.",
    },
    ErrorCode {
        code: Validation::IdempotencyKeyReused.code(),
        status: 422,
        meaning: "This `Idempotency-Key` was already used with a different request.",
        action: "Use a new key for a new request.",
    },
    ErrorCode {
        code: "rate_limited",
        status: 429,
        meaning: "Too many requests.",
        action: "Wait for `Retry-After` seconds, then retry.",
    },
    ErrorCode {
        code: "internal_error",
        status: 500,
        meaning: "An unexpected error on our side; it is logged with the request id.",
        action: "Retry later; if it persists, contact Aberture with `x-request-id`.",
    },
    ErrorCode {
        code: "service_unavailable",
        status: 503,
        meaning: "A dependency is briefly unavailable; nothing was changed.",
        action: "Retry after `Retry-After` seconds.",
    },
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// One error of every kind; the `match` fails to compile when a variant is added.
    fn one_of_each() -> Vec<ApiError> {
        let sample = |error: &ApiError| match error {
            ApiError::InvalidJson(_)
            | ApiError::InvalidRequest { .. }
            | ApiError::MissingToken
            | ApiError::InvalidToken
            | ApiError::TokenExpired
            | ApiError::InvalidApiKey
            | ApiError::InvalidRefreshToken
            | ApiError::NotFound
            | ApiError::MethodNotAllowed { .. }
            | ApiError::Conflict { .. }
            | ApiError::PreconditionFailed
            | ApiError::PayloadTooLarge { .. }
            | ApiError::UnsupportedMediaType
            | ApiError::Validation { .. }
            | ApiError::RateLimited { .. }
            | ApiError::Internal(_)
            | ApiError::ServiceUnavailable { .. } => (),
        };
        let mut errors = vec![
            ApiError::InvalidJson(String::new()),
            ApiError::invalid_request("limit", "range", "1 to 100"),
            ApiError::MissingToken,
            ApiError::InvalidToken,
            ApiError::TokenExpired,
            ApiError::InvalidApiKey,
            ApiError::InvalidRefreshToken,
            ApiError::NotFound,
            ApiError::MethodNotAllowed {
                allow: "GET".to_owned(),
            },
            ApiError::PreconditionFailed,
            ApiError::PayloadTooLarge { limit: 1 },
            ApiError::UnsupportedMediaType,
            ApiError::RateLimited {
                retry_after: Duration::from_secs(1),
            },
            ApiError::internal("boom"),
            ApiError::ServiceUnavailable {
                retry_after: Duration::from_secs(1),
                source: "down".into(),
            },
        ];
        for kind in [
            Conflict::Busy,
            Conflict::ReferenceTaken,
            Conflict::ProfileNotSubmitted,
            Conflict::AnalysisNotCompleted,
            Conflict::WebhookLimitReached,
        ] {
            errors.push(ApiError::conflict(kind, ""));
        }
        for kind in [
            Validation::Invalid,
            Validation::ProfileIncomplete,
            Validation::IdempotencyKeyReused,
        ] {
            errors.push(ApiError::Validation {
                kind,
                message: String::new(),
                details: Vec::new(),
            });
        }
        errors.iter().for_each(sample);
        errors
    }

    #[test]
    fn the_catalogue_lists_exactly_the_codes_answered() {
        let answered: BTreeSet<(u16, &str)> = one_of_each()
            .iter()
            .map(|error| (error.status().as_u16(), error.code()))
            .collect();
        let catalogued: BTreeSet<(u16, &str)> = ERROR_CODES
            .iter()
            .map(|entry| (entry.status, entry.code))
            .collect();
        assert_eq!(answered, catalogued);
        assert_eq!(
            catalogued.len(),
            ERROR_CODES.len(),
            "a code is listed twice"
        );
        assert!(
            ERROR_CODES.is_sorted_by_key(|entry| entry.status),
            "the catalogue reads by status"
        );
    }
}
