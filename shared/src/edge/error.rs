//! [`ApiError`]: every error a partner can see, and the one place that maps each to its
//! HTTP status and stable code.

use std::time::Duration;

use lambda_http::http::StatusCode;
use serde::Serialize;

pub use crate::BoxError;
pub use crate::domain::detail::Detail;
use crate::messages;
pub use crate::messages::Problem;
use crate::queue::QueueError;
use crate::store::StoreError;
use locale::Text;

/// An error answered to the partner. Its message, in English and French, is
/// [`ApiError::message`], from the one catalogue ([`crate::messages`]); `Display` is the
/// English one, for the logs. Messages never name internals: causes worth logging travel
/// in [`ApiError::Internal`] and [`ApiError::ServiceUnavailable`] and stay in the logs.
#[derive(Debug)]
pub enum ApiError {
    InvalidJson(JsonProblem),
    /// One part of the request (a query parameter, a header) is invalid.
    InvalidRequest(Detail),
    MissingToken,
    InvalidToken,
    TokenExpired,
    InvalidApiKey,
    InvalidRefreshToken,
    NotFound,
    MethodNotAllowed {
        allow: String,
    },
    Conflict(ConflictReason),
    PreconditionFailed,
    PayloadTooLarge {
        limit: usize,
    },
    UnsupportedMediaType,
    Validation {
        kind: Validation,
        details: Vec<Detail>,
    },
    RateLimited {
        retry_after: Duration,
    },
    Internal(BoxError),
    ServiceUnavailable {
        retry_after: Duration,
        source: BoxError,
    },
}

/// Why a body is not JSON (400 `invalid_json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonProblem {
    Empty,
    NotUtf8,
    /// An object names the same member twice, at any depth (never last-wins).
    DuplicateMember,
    /// serde's message, and where it found the problem.
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
}

impl JsonProblem {
    pub fn syntax(error: &serde_json::Error) -> Self {
        Self::Syntax {
            message: error.to_string(),
            line: error.line(),
            column: error.column(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Internal(source) | Self::ServiceUnavailable { source, .. } => {
                Some(source.as_ref())
            }
            _ => None,
        }
    }
}

impl ApiError {
    /// A 422 `validation_error` listing every problem found.
    pub fn validation(details: Vec<Detail>) -> Self {
        Self::Validation {
            kind: Validation::Invalid,
            details,
        }
    }

    /// A 400 `invalid_request` about one part of the request (a query parameter, a header).
    pub fn invalid_request(field: &str, problem: Problem) -> Self {
        Self::InvalidRequest(Detail::new(field, problem))
    }

    /// A 409, for `reason`.
    pub fn conflict(reason: ConflictReason) -> Self {
        Self::Conflict(reason)
    }

    pub fn internal(source: impl Into<BoxError>) -> Self {
        Self::Internal(source.into())
    }

    /// A 503 for a dependency that failed to answer (retry after a second).
    pub fn unavailable(source: impl Into<BoxError>) -> Self {
        Self::ServiceUnavailable {
            retry_after: Duration::from_secs(1),
            source: source.into(),
        }
    }

    /// The partner-facing message, in both languages.
    pub fn message(&self) -> Text {
        messages::error(self)
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidJson(_) | Self::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            Self::MissingToken
            | Self::InvalidToken
            | Self::TokenExpired
            | Self::InvalidApiKey
            | Self::InvalidRefreshToken => StatusCode::UNAUTHORIZED,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
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
            Self::InvalidRequest(_) => "invalid_request",
            Self::MissingToken => "missing_token",
            Self::InvalidToken => "invalid_token",
            Self::TokenExpired => "token_expired",
            Self::InvalidApiKey => "invalid_api_key",
            Self::InvalidRefreshToken => "invalid_refresh_token",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::Conflict(reason) => reason.kind().code(),
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
            Self::Validation { details, .. } => details,
            Self::InvalidRequest(detail) => std::slice::from_ref(detail),
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
            StoreError::ReferenceTaken => Self::conflict(ConflictReason::ReferenceTaken),
            StoreError::LimitReached => Self::conflict(ConflictReason::WebhookLimitReached),
            StoreError::Conflict | StoreError::AlreadyExists | StoreError::IdempotencyKeyTaken => {
                Self::conflict(ConflictReason::ChangedMeanwhile)
            }
            StoreError::Unavailable(source) => Self::unavailable(source),
            corrupt @ StoreError::Corrupt(_) => Self::Internal(Box::new(corrupt)),
        }
    }
}

/// A queue that refused a message is an outage, answered 503 like an unavailable store.
impl From<QueueError> for ApiError {
    fn from(error: QueueError) -> Self {
        match error {
            QueueError::Unavailable(_) => Self::ServiceUnavailable {
                retry_after: Duration::from_secs(1),
                source: Box::new(error),
            },
            encoding @ QueueError::Encoding(_) => Self::Internal(Box::new(encoding)),
        }
    }
}

/// Why a request conflicts with the current state, each with its message; its
/// [`kind`](ConflictReason::kind) gives the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictReason {
    /// The resource changed while the request was handled.
    ChangedMeanwhile,
    /// The same idempotent request is still in flight.
    InFlight,
    /// The profile changed on every attempt to submit it.
    ProfileKeepsChanging,
    ReferenceTaken,
    ProfileNotSubmitted,
    AnalysisPending,
    AnalysisFailed,
    /// A review of an analysis still pending.
    ReviewBeforeCompletion,
    /// A review of an analysis that failed.
    ReviewOfFailedAnalysis,
    /// The analysis holds its most reviews.
    ReviewLimitReached,
    WebhookLimitReached,
    /// The profile holds as many bank statements, or as many bytes of them, as allowed.
    StatementLimitReached,
    /// A redelivery asked of a disabled webhook.
    WebhookDisabled,
    /// `enable` asked of a webhook that is enabled.
    WebhookEnabled,
    /// A redelivery of a delivery that has had its most attempts.
    DeliveryAttemptsExhausted,
    /// Bank insights asked of a profile that holds no statement.
    NoBankStatements,
}

impl ConflictReason {
    /// Every reason, for the tests of the catalogue.
    pub const ALL: [ConflictReason; 16] = [
        Self::ChangedMeanwhile,
        Self::InFlight,
        Self::ProfileKeepsChanging,
        Self::ReferenceTaken,
        Self::ProfileNotSubmitted,
        Self::AnalysisPending,
        Self::AnalysisFailed,
        Self::ReviewBeforeCompletion,
        Self::ReviewOfFailedAnalysis,
        Self::ReviewLimitReached,
        Self::WebhookLimitReached,
        Self::StatementLimitReached,
        Self::WebhookDisabled,
        Self::WebhookEnabled,
        Self::DeliveryAttemptsExhausted,
        Self::NoBankStatements,
    ];

    pub const fn kind(self) -> Conflict {
        match self {
            Self::ChangedMeanwhile | Self::InFlight | Self::ProfileKeepsChanging => Conflict::Busy,
            Self::ReferenceTaken => Conflict::ReferenceTaken,
            Self::ProfileNotSubmitted => Conflict::ProfileNotSubmitted,
            Self::AnalysisPending
            | Self::AnalysisFailed
            | Self::ReviewBeforeCompletion
            | Self::ReviewOfFailedAnalysis => Conflict::AnalysisNotCompleted,
            Self::ReviewLimitReached => Conflict::ReviewLimitReached,
            Self::WebhookLimitReached => Conflict::WebhookLimitReached,
            Self::StatementLimitReached => Conflict::StatementLimitReached,
            Self::WebhookDisabled => Conflict::WebhookDisabled,
            Self::WebhookEnabled => Conflict::WebhookEnabled,
            Self::DeliveryAttemptsExhausted => Conflict::DeliveryAttemptsExhausted,
            Self::NoBankStatements => Conflict::NoBankStatements,
        }
    }
}

/// The codes of a 409.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// The resource changed meanwhile, or the same idempotent request is in flight.
    Busy,
    ReferenceTaken,
    ProfileNotSubmitted,
    /// The analysis is still pending, or failed: it has no decision yet.
    AnalysisNotCompleted,
    ReviewLimitReached,
    WebhookLimitReached,
    StatementLimitReached,
    WebhookDisabled,
    WebhookEnabled,
    DeliveryAttemptsExhausted,
    NoBankStatements,
}

impl Conflict {
    pub const fn code(self) -> &'static str {
        match self {
            Self::Busy => "conflict",
            Self::ReferenceTaken => "reference_conflict",
            Self::ProfileNotSubmitted => "profile_not_submitted",
            Self::AnalysisNotCompleted => "analysis_not_completed",
            Self::ReviewLimitReached => "review_limit_reached",
            Self::WebhookLimitReached => "webhook_limit_reached",
            Self::StatementLimitReached => "statement_limit_reached",
            Self::WebhookDisabled => "webhook_disabled",
            Self::WebhookEnabled => "webhook_enabled",
            Self::DeliveryAttemptsExhausted => "delivery_attempts_exhausted",
            Self::NoBankStatements => "no_bank_statements",
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
    /// A bank statement in another currency than the euro; `details` says where.
    UnsupportedCurrency,
}

impl Validation {
    pub const fn code(self) -> &'static str {
        match self {
            Self::Invalid => "validation_error",
            Self::ProfileIncomplete => "profile_incomplete",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::UnsupportedCurrency => "unsupported_currency",
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
        meaning: "The body is empty where one is required, is not well-formed JSON, or names a member twice in one object.",
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
        meaning: "The analysis has no decision to explain or review: it is still `pending`, or it `failed`.",
        action: "Wait for `analysis.completed` (or read the analysis until it is `completed`); after a failure, request a new analysis.",
    },
    ErrorCode {
        code: Conflict::ReviewLimitReached.code(),
        status: 409,
        meaning: "The analysis already holds the maximum of 10 reviews.",
        action: "Nothing to record: the latest review's decision stands.",
    },
    ErrorCode {
        code: Conflict::WebhookLimitReached.code(),
        status: 409,
        meaning: "You already have the maximum of 10 webhooks.",
        action: "Delete a webhook first.",
    },
    ErrorCode {
        code: Conflict::StatementLimitReached.code(),
        status: 409,
        meaning: "The profile already holds 12 bank statements, or 3 MiB of them.",
        action: "Delete a statement first, or send fewer, longer statements.",
    },
    ErrorCode {
        code: Conflict::WebhookDisabled.code(),
        status: 409,
        meaning: "A redelivery was asked of a disabled webhook.",
        action: "Fix the endpoint, enable the webhook (`POST /api/v1/webhooks/{id}/enable/`), then retry.",
    },
    ErrorCode {
        code: Conflict::WebhookEnabled.code(),
        status: 409,
        meaning: "`enable` was asked of a webhook that is enabled.",
        action: "Nothing to do: it delivers already.",
    },
    ErrorCode {
        code: Conflict::DeliveryAttemptsExhausted.code(),
        status: 409,
        meaning: "The delivery has had its 50 attempts, redeliveries included.",
        action: "Read the event on the events feed (`GET /api/v1/events/`) instead.",
    },
    ErrorCode {
        code: Conflict::NoBankStatements.code(),
        status: 409,
        meaning: "Bank insights were asked of a profile that holds no statement.",
        action: "Upload a statement (POST /api/v1/profiles/{id}/bank-statements/) first.",
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
        meaning: "The body is larger than 64 KiB (2 MiB for a bank statement).",
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
        code: Validation::UnsupportedCurrency.code(),
        status: 422,
        meaning: "A bank statement is in another currency than the euro; `details` points at each amount or balance.",
        action: "Send statements of euro accounts only.",
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
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// One error of every kind and of every conflict reason; the `match` fails to compile
    /// when a variant is added.
    pub(crate) fn one_of_each() -> Vec<ApiError> {
        let sample = |error: &ApiError| match error {
            ApiError::InvalidJson(_)
            | ApiError::InvalidRequest(_)
            | ApiError::MissingToken
            | ApiError::InvalidToken
            | ApiError::TokenExpired
            | ApiError::InvalidApiKey
            | ApiError::InvalidRefreshToken
            | ApiError::NotFound
            | ApiError::MethodNotAllowed { .. }
            | ApiError::Conflict(_)
            | ApiError::PreconditionFailed
            | ApiError::PayloadTooLarge { .. }
            | ApiError::UnsupportedMediaType
            | ApiError::Validation { .. }
            | ApiError::RateLimited { .. }
            | ApiError::Internal(_)
            | ApiError::ServiceUnavailable { .. } => (),
        };
        let mut errors = vec![
            ApiError::InvalidJson(JsonProblem::Empty),
            ApiError::InvalidJson(JsonProblem::NotUtf8),
            ApiError::InvalidJson(JsonProblem::DuplicateMember),
            ApiError::InvalidJson(JsonProblem::Syntax {
                message: "expected value at line 1 column 2".to_owned(),
                line: 1,
                column: 2,
            }),
            ApiError::invalid_request("limit", Problem::Limit(100)),
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
        errors.extend(ConflictReason::ALL.map(ApiError::conflict));
        for kind in [
            Validation::Invalid,
            Validation::ProfileIncomplete,
            Validation::IdempotencyKeyReused,
            Validation::UnsupportedCurrency,
        ] {
            errors.push(ApiError::Validation {
                kind,
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
