//! The JSON envelope around every response body:
//! `{"data": ..., "meta": {...}}` on success, `{"error": {...}, "meta": {...}}` on failure;
//! except a standard document a generic client fetches (the JWKS), served bare.

use chrono::{DateTime, SecondsFormat, Utc};
use lambda_http::http::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use lambda_http::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use lambda_http::{Body, Response};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use uuid::Uuid;

use locale::Language;

use crate::edge::error::ApiError;

/// The response header repeating `meta.request_id`.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// What every body's `meta` says, plus what a handler adds (a list's `next_cursor`).
#[derive(Debug, Serialize)]
pub struct Meta {
    #[serde(serialize_with = "rfc3339_micros")]
    pub timestamp: DateTime<Utc>,
    pub request_id: Uuid,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn rfc3339_micros<S: serde::Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Micros, true))
}

/// A successful outcome of a handler, before it is wrapped in the envelope.
#[derive(Debug)]
pub struct Reply {
    status: StatusCode,
    data: Option<Box<RawValue>>,
    meta: Map<String, Value>,
    headers: HeaderMap,
    /// `data` is the whole body, outside the envelope ([`Reply::bare`]).
    bare: bool,
}

impl Reply {
    /// 200 with `data`.
    pub fn ok(data: &impl Serialize) -> Result<Self, ApiError> {
        Self::with_status(StatusCode::OK, data)
    }

    /// 201 with `data`.
    pub fn created(data: &impl Serialize) -> Result<Self, ApiError> {
        Self::with_status(StatusCode::CREATED, data)
    }

    /// 202 with `data`.
    pub fn accepted(data: &impl Serialize) -> Result<Self, ApiError> {
        Self::with_status(StatusCode::ACCEPTED, data)
    }

    /// 204 with no body.
    pub fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            data: None,
            meta: Map::new(),
            headers: HeaderMap::new(),
            bare: false,
        }
    }

    /// 200 with `document` as the whole body, outside the envelope: for a standard
    /// document that generic clients read (the JWKS of `GET /api/v1/keys/`). Errors on the
    /// same route keep the envelope.
    pub fn bare(document: &impl Serialize) -> Result<Self, ApiError> {
        Ok(Self {
            bare: true,
            ..Self::ok(document)?
        })
    }

    pub fn with_status(status: StatusCode, data: &impl Serialize) -> Result<Self, ApiError> {
        let data = serde_json::value::to_raw_value(data).map_err(ApiError::internal)?;
        Ok(Self {
            status,
            data: Some(data),
            meta: Map::new(),
            headers: HeaderMap::new(),
            bare: false,
        })
    }

    /// Adds a member to `meta` (for instance `next_cursor`).
    pub fn meta(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.meta.insert(key.to_owned(), value.into());
        self
    }

    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// `data`, as JSON text.
    pub fn data(&self) -> Option<&str> {
        self.data.as_deref().map(RawValue::get)
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A reply from its parts as [`Reply::data`] and [`Reply::headers`] gave them.
    pub fn from_parts(status: StatusCode, data: Option<Box<RawValue>>, headers: HeaderMap) -> Self {
        Self {
            status,
            data,
            meta: Map::new(),
            headers,
            bare: false,
        }
    }

    /// Renders the envelope for the request `request_id`.
    pub fn into_response(self, request_id: Uuid) -> Response<Body> {
        if self.bare {
            let mut response = json_response(self.status, request_id, self.data.as_ref());
            response.headers_mut().extend(self.headers);
            return response;
        }
        #[derive(Serialize)]
        struct Success<'a> {
            data: &'a RawValue,
            meta: Meta,
        }
        let body = self.data.as_deref().map(|data| Success {
            data,
            meta: Meta {
                timestamp: Utc::now(),
                request_id,
                extra: self.meta.clone(),
            },
        });
        let mut response = json_response(self.status, request_id, body.as_ref());
        response.headers_mut().extend(self.headers);
        response
    }
}

/// Renders the error envelope for `error`, its messages in `language`.
pub fn error_response(error: &ApiError, request_id: Uuid, language: Language) -> Response<Body> {
    #[derive(Serialize)]
    struct DetailBody<'a> {
        field: &'a str,
        code: &'a str,
        message: String,
    }
    #[derive(Serialize)]
    struct ErrorBody<'a> {
        code: &'a str,
        message: String,
        details: Vec<DetailBody<'a>>,
    }
    #[derive(Serialize)]
    struct Failure<'a> {
        error: ErrorBody<'a>,
        meta: Meta,
    }
    let body = Failure {
        error: ErrorBody {
            code: error.code(),
            message: error.message().get(language).to_owned(),
            details: error
                .details()
                .iter()
                .map(|detail| DetailBody {
                    field: &detail.field,
                    code: detail.code(),
                    message: detail.message(language),
                })
                .collect(),
        },
        meta: Meta {
            timestamp: Utc::now(),
            request_id,
            extra: Map::new(),
        },
    };
    let mut response = json_response(error.status(), request_id, Some(&body));
    let headers = response.headers_mut();
    if error.is_authentication_failure() {
        headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    if let Some(allow) = error
        .allow()
        .and_then(|allow| HeaderValue::from_str(allow).ok())
    {
        headers.insert(ALLOW, allow);
    }
    if let Some(after) = error.retry_after() {
        headers.insert(RETRY_AFTER, HeaderValue::from(after.as_secs().max(1)));
    }
    response
}

fn json_response(
    status: StatusCode,
    request_id: Uuid,
    body: Option<&impl Serialize>,
) -> Response<Body> {
    let (body, content_type) = match body.map(serde_json::to_string) {
        Some(Ok(json)) => (Body::Text(json), true),
        Some(Err(error)) => {
            tracing::error!(%error, "response body could not be serialised");
            return fallback_internal_error(request_id);
        }
        None => (Body::Empty, false),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if content_type {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    headers.insert(REQUEST_ID_HEADER, request_id_header(request_id));
    response
}

/// The last resort when even the error body cannot be serialised: a fixed body.
fn fallback_internal_error(request_id: Uuid) -> Response<Body> {
    let body = format!(
        r#"{{"error":{{"code":"internal_error","message":"an internal error occurred","details":[]}},"meta":{{"timestamp":"{}","request_id":"{request_id}"}}}}"#,
        Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true)
    );
    let mut response = Response::new(Body::Text(body));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
        .headers_mut()
        .insert(REQUEST_ID_HEADER, request_id_header(request_id));
    response
}

fn request_id_header(request_id: Uuid) -> HeaderValue {
    let mut buffer = Uuid::encode_buffer();
    HeaderValue::from_str(request_id.hyphenated().encode_lower(&mut buffer))
        .unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edge::error::{Detail, JsonProblem};
    use crate::messages::Problem;
    use std::time::Duration;

    fn body_json(response: &Response<Body>) -> Value {
        match response.body() {
            Body::Text(text) => serde_json::from_str(text).expect("json body"),
            other => panic!("unexpected body {other:?}"),
        }
    }

    #[test]
    fn a_bare_reply_is_the_document_alone() {
        let document = serde_json::json!({"keys": [{"kty": "OKP", "kid": "a"}]});
        let response = Reply::bare(&document)
            .unwrap()
            .header(
                lambda_http::http::header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=300"),
            )
            .into_response(Uuid::nil());
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(body_json(&response), document);
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(response.headers()["cache-control"], "max-age=300");
        assert_eq!(
            response.headers()[REQUEST_ID_HEADER],
            Uuid::nil().to_string()
        );
    }

    #[test]
    fn success_wraps_data_and_meta_and_repeats_request_id() {
        let id = Uuid::now_v7();
        let response = Reply::created(&serde_json::json!({"a": 1}))
            .unwrap()
            .meta("next_cursor", Value::Null)
            .into_response(id);
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(
            response.headers()[REQUEST_ID_HEADER],
            id.to_string().as_str()
        );
        let body = body_json(&response);
        assert_eq!(body["data"]["a"], 1);
        assert_eq!(body["meta"]["request_id"], id.to_string());
        assert!(body["meta"]["next_cursor"].is_null());
        let timestamp = body["meta"]["timestamp"].as_str().unwrap();
        assert!(timestamp.ends_with('Z'), "{timestamp}");
        DateTime::parse_from_rfc3339(timestamp).unwrap();
    }

    #[test]
    fn no_content_has_no_body() {
        let response = Reply::no_content().into_response(Uuid::now_v7());
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert!(matches!(response.body(), Body::Empty));
        assert!(response.headers().get(CONTENT_TYPE).is_none());
    }

    #[test]
    fn errors_carry_code_details_and_their_headers() {
        let id = Uuid::now_v7();
        type ExpectedHeader = Option<(HeaderName, &'static str)>;
        let cases: Vec<(ApiError, u16, &str, ExpectedHeader)> = vec![
            (
                ApiError::InvalidJson(JsonProblem::Empty),
                400,
                "invalid_json",
                None,
            ),
            (
                ApiError::MissingToken,
                401,
                "missing_token",
                Some((WWW_AUTHENTICATE, "Bearer")),
            ),
            (
                ApiError::TokenExpired,
                401,
                "token_expired",
                Some((WWW_AUTHENTICATE, "Bearer")),
            ),
            (ApiError::NotFound, 404, "not_found", None),
            (
                ApiError::MethodNotAllowed {
                    allow: "POST".to_owned(),
                },
                405,
                "method_not_allowed",
                Some((ALLOW, "POST")),
            ),
            (
                ApiError::PayloadTooLarge { limit: 65536 },
                413,
                "payload_too_large",
                None,
            ),
            (
                ApiError::UnsupportedMediaType,
                415,
                "unsupported_media_type",
                None,
            ),
            (
                ApiError::RateLimited {
                    retry_after: Duration::from_secs(7),
                },
                429,
                "rate_limited",
                Some((RETRY_AFTER, "7")),
            ),
            (
                ApiError::ServiceUnavailable {
                    retry_after: Duration::from_secs(1),
                    source: "dynamodb down at 10.0.0.1".into(),
                },
                503,
                "service_unavailable",
                Some((RETRY_AFTER, "1")),
            ),
            (
                ApiError::internal("secret internal detail"),
                500,
                "internal_error",
                None,
            ),
        ];
        for (error, status, code, header) in cases {
            let response = error_response(&error, id, Language::En);
            assert_eq!(response.status().as_u16(), status, "{code}");
            let body = body_json(&response);
            assert_eq!(body["error"]["code"], code);
            assert_eq!(body["meta"]["request_id"], id.to_string());
            assert!(body["error"]["details"].is_array());
            let text = body.to_string();
            assert!(
                !text.contains("internal detail") && !text.contains("10.0.0.1"),
                "{text}"
            );
            if let Some((name, value)) = header {
                assert_eq!(response.headers()[name], value, "{code}");
            }
        }
    }

    #[test]
    fn validation_details_are_listed() {
        let error = ApiError::validation(vec![Detail::new("/apiKey", Problem::String)]);
        let body = body_json(&error_response(&error, Uuid::now_v7(), Language::En));
        assert_eq!(body["error"]["code"], "validation_error");
        assert_eq!(body["error"]["details"][0]["field"], "/apiKey");
        assert_eq!(body["error"]["details"][0]["code"], "type");
    }
}
