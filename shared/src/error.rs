//! [`ApiError`]: every error a partner can see, and the one place that maps each to its
//! HTTP status and stable code.

use std::time::Duration;

use lambda_http::http::StatusCode;
use serde::Serialize;

use crate::store::StoreError;

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
    MethodNotAllowed { allow: &'static str },
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("the resource has changed since the version given in If-Match")]
    PreconditionFailed,
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("{message}")]
    Validation {
        code: &'static str,
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

pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

impl ApiError {
    /// A 422 `validation_error` listing every problem found.
    pub fn validation(details: Vec<Detail>) -> Self {
        Self::Validation {
            code: "validation_error",
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

    /// A 409 with its specific code.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
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
            Self::Conflict { code, .. } | Self::Validation { code, .. } => code,
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
    pub fn allow(&self) -> Option<&'static str> {
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

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(source) => Self::ServiceUnavailable {
                retry_after: Duration::from_secs(1),
                source,
            },
            other => Self::Internal(Box::new(other)),
        }
    }
}
