//! Turning a raw request into typed input, in one place: the JSON body (media type, size,
//! syntax, shape), the bearer token and the route's path segments.

use lambda_http::http::HeaderValue;
use lambda_http::http::header::{AUTHORIZATION, CONTENT_TYPE, IF_MATCH};
use lambda_http::{Body, Request};
use serde::de::DeserializeOwned;

pub use crate::domain::detail::escape_pointer_token;
use crate::edge::error::{ApiError, Detail, JsonProblem, Problem};
use crate::edge::unique_members::names_a_member_twice;

/// Largest body a route accepts unless its table entry says otherwise
/// ([`crate::edge::route::Route::with_body_limit`]); the dispatcher refuses larger ones
/// (413) before the route runs.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Base path of every route.
pub const BASE_PATH: &str = "/api/v1";

/// The raw bytes of a body, whatever way the runtime delivered it.
pub fn body_bytes(body: &Body) -> &[u8] {
    match body {
        Body::Empty => &[],
        Body::Text(text) => text.as_bytes(),
        Body::Binary(bytes) => bytes,
        _ => &[],
    }
}

/// Parses the JSON body of `request` into `T`.
///
/// 415 unless the content type is `application/json` (a `charset` other than UTF-8 is
/// refused too); 400 `invalid_json` for an empty body, invalid UTF-8, malformed JSON or
/// an object naming a member twice (at any depth, `attributes` included); 422 `validation_error` when the JSON does not have
/// the shape of `T` (unknown field, missing field, wrong type), each with a JSON pointer.
pub fn json_body<T: DeserializeOwned>(request: &Request) -> Result<T, ApiError> {
    require_json_content_type(request)?;
    let bytes = body_bytes(request.body());
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::InvalidJson(JsonProblem::Empty));
    }
    let text =
        std::str::from_utf8(bytes).map_err(|_| ApiError::InvalidJson(JsonProblem::NotUtf8))?;
    // Syntax first, so that malformed JSON is always a 400, whatever its shape.
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map_err(|error| ApiError::InvalidJson(JsonProblem::syntax(&error)))?;
    if !text.trim_start().starts_with('{') {
        let detail = Detail::new("", Problem::NotAnObject);
        return Err(ApiError::validation(vec![detail]));
    }
    // Not last-wins: a member named twice, at any depth, is malformed.
    if names_a_member_twice(text) {
        return Err(ApiError::InvalidJson(JsonProblem::DuplicateMember));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let pointer = json_pointer(error.path());
        ApiError::validation(vec![shape_detail(pointer, &error.inner().to_string())])
    })
}

fn shape_detail(pointer: String, message: &str) -> Detail {
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(escape_pointer_token)
    };
    if message.starts_with("unknown field `") {
        // The path already ends with the unknown member.
        Detail::new(pointer, Problem::UnknownField)
    } else if let Some(field) = quoted("missing field `") {
        Detail::new(format!("{pointer}/{field}"), Problem::RequiredField)
    } else if message.starts_with("duplicate field") {
        Detail::new(pointer, Problem::DuplicateField(message.to_owned()))
    } else {
        Detail::new(pointer, Problem::Shape(message.to_owned()))
    }
}

fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
            }
            Segment::Unknown => {}
        }
    }
    pointer
}

/// For an action with nothing to say (submit, request an analysis): no body, or an
/// empty JSON object; anything else is refused as any body would be (415, 400, 422).
pub fn no_body(request: &Request) -> Result<(), ApiError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Nothing {}

    if body_bytes(request.body())
        .iter()
        .all(u8::is_ascii_whitespace)
    {
        return Ok(());
    }
    json_body::<Nothing>(request).map(|_| ())
}

/// The query string's parameters, decoded. Unknown or repeated parameters are refused
/// (400), so a typo never silently widens a list.
pub fn query_parameters(request: &Request, known: &[&str]) -> Result<QueryParameters, ApiError> {
    let query = request.uri().query().unwrap_or_default();
    let mut parameters: Vec<(String, String)> = Vec::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if !known.contains(&name.as_ref()) {
            return Err(ApiError::invalid_request(&name, Problem::UnknownParameter));
        }
        if parameters.iter().any(|(seen, _)| *seen == name) {
            return Err(ApiError::invalid_request(&name, Problem::RepeatedParameter));
        }
        parameters.push((name.into_owned(), value.into_owned()));
    }
    Ok(QueryParameters(parameters))
}

/// The decoded query parameters of a request, each given at most once.
#[derive(Debug, Clone, Default)]
pub struct QueryParameters(Vec<(String, String)>);

impl QueryParameters {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Page size of a list: `limit`, 1 to `max`, `default` when absent.
pub fn page_limit(value: Option<&str>, default: usize, max: usize) -> Result<usize, ApiError> {
    let Some(value) = value else {
        return Ok(default);
    };
    match value.parse::<usize>() {
        Ok(limit) if (1..=max).contains(&limit) => Ok(limit),
        _ => Err(ApiError::invalid_request("limit", Problem::Limit(max))),
    }
}

/// An id from the path; 404 when it is not a valid id (it names nothing).
pub fn path_id<T: std::str::FromStr>(segment: &str) -> Result<T, ApiError> {
    segment.parse().map_err(|_| ApiError::NotFound)
}

/// The version `If-Match` requires: `"3"` (an `ETag` this API gave), `W/"3"` or `3`.
/// `None` without the header or with `*`; anything else is not an `ETag` of ours: 400.
pub fn if_match(request: &Request) -> Result<Option<u32>, ApiError> {
    let Some(value) = request.headers().get(IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Ok(None);
    }
    let tag = text.strip_prefix("W/").unwrap_or(text);
    let tag = tag
        .strip_prefix('"')
        .and_then(|quoted| quoted.strip_suffix('"'))
        .unwrap_or(tag);
    match tag.parse::<u32>() {
        Ok(version) if tag.bytes().all(|byte| byte.is_ascii_digit()) => Ok(Some(version)),
        _ => Err(ApiError::invalid_request("If-Match", Problem::IfMatch)),
    }
}

/// The `ETag` of a resource at `version`: `"3"`.
pub fn etag(version: u32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

fn require_json_content_type(request: &Request) -> Result<(), ApiError> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .ok_or(ApiError::UnsupportedMediaType)?;
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    let json = ["application/json", "application/merge-patch+json"];
    if !json
        .iter()
        .any(|accepted| essence.eq_ignore_ascii_case(accepted))
    {
        return Err(ApiError::UnsupportedMediaType);
    }
    for parameter in parts {
        if let Some((name, value)) = parameter.split_once('=') {
            let value = value.trim().trim_matches('"');
            if name.trim().eq_ignore_ascii_case("charset") && !value.eq_ignore_ascii_case("utf-8") {
                return Err(ApiError::UnsupportedMediaType);
            }
        }
    }
    Ok(())
}

/// The bearer token of `Authorization`: 401 `missing_token` without one.
pub fn bearer_token(request: &Request) -> Result<&str, ApiError> {
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .ok_or(ApiError::MissingToken)?
        .to_str()
        .map_err(|_| ApiError::InvalidToken)?;
    let (scheme, token) = header.split_once(' ').ok_or(ApiError::MissingToken)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::MissingToken);
    }
    match token.trim() {
        "" => Err(ApiError::MissingToken),
        token => Ok(token),
    }
}

/// The segments of `path` below [`BASE_PATH`], with or without a trailing slash:
/// `/api/v1/auth/token/` and `/api/v1/auth/token` both give `["auth", "token"]`.
/// `None` outside the base path or for an empty segment (`//`).
pub fn route_segments(path: &str) -> Option<Vec<&str>> {
    let rest = path.strip_prefix(BASE_PATH)?.strip_prefix('/')?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.iter().any(|segment| segment.is_empty()) {
        return None;
    }
    Some(segments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_http::http;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Input {
        #[serde(alias = "api_key", rename = "apiKey")]
        api_key: String,
    }

    fn request(content_type: Option<&str>, body: Body) -> Request {
        let mut builder = http::Request::builder()
            .method("POST")
            .uri("/api/v1/auth/token/");
        if let Some(content_type) = content_type {
            builder = builder.header(CONTENT_TYPE, content_type);
        }
        builder.body(body).unwrap()
    }

    fn parse(content_type: Option<&str>, body: &str) -> Result<Input, ApiError> {
        json_body(&request(content_type, Body::Text(body.to_owned())))
    }

    #[test]
    fn accepts_json_with_utf8_charset_and_the_alias() {
        let input = parse(
            Some("Application/JSON; charset=UTF-8"),
            r#"{"api_key":"k"}"#,
        )
        .unwrap();
        assert_eq!(input.api_key, "k");
    }

    #[test]
    fn bad_bodies_map_to_their_errors() {
        let deep = "[".repeat(10_000);
        let cases: Vec<(Option<&str>, &str, &str, &str)> = vec![
            (
                None,
                r#"{"apiKey":"k"}"#,
                "unsupported_media_type",
                "no content type",
            ),
            (
                Some("text/plain"),
                r#"{"apiKey":"k"}"#,
                "unsupported_media_type",
                "text/plain",
            ),
            (
                Some("application/json; charset=latin1"),
                r#"{"apiKey":"k"}"#,
                "unsupported_media_type",
                "latin1",
            ),
            (Some("application/json"), "", "invalid_json", "empty body"),
            (
                Some("application/json"),
                "  \n",
                "invalid_json",
                "blank body",
            ),
            (
                Some("application/json"),
                "{",
                "invalid_json",
                "truncated JSON",
            ),
            (
                Some("application/json"),
                "apiKey=k",
                "invalid_json",
                "form encoding",
            ),
            (
                Some("application/json"),
                &deep,
                "invalid_json",
                "10 000-deep nesting",
            ),
            (
                Some("application/json"),
                r#"{"apiKey":1}"#,
                "validation_error",
                "number for a string",
            ),
            (
                Some("application/json"),
                r#"{}"#,
                "validation_error",
                "missing field",
            ),
            (
                Some("application/json"),
                r#"[]"#,
                "validation_error",
                "array for an object",
            ),
        ];
        for (content_type, body, code, why) in cases {
            let error = parse(content_type, body).expect_err(why);
            assert_eq!(error.code(), code, "{why}");
        }
    }

    #[test]
    fn invalid_utf8_is_invalid_json() {
        let request = request(
            Some("application/json"),
            Body::Binary(vec![b'"', 0xff, b'"']),
        );
        assert_eq!(
            json_body::<serde_json::Value>(&request).unwrap_err().code(),
            "invalid_json"
        );
    }

    #[test]
    fn unknown_and_missing_fields_are_pointed_at() {
        let error = parse(Some("application/json"), r#"{"apiKey":"k","status":"x"}"#).unwrap_err();
        assert_eq!(error.details()[0].field, "/status");
        assert_eq!(error.details()[0].code(), "unknown_field");
        let error = parse(Some("application/json"), r#"{}"#).unwrap_err();
        assert_eq!(error.details()[0].field, "/apiKey");
        assert_eq!(error.details()[0].code(), "required");
    }

    #[test]
    fn bearer_token_extraction() {
        let with = |value: Option<&str>| {
            let mut builder = http::Request::builder();
            if let Some(value) = value {
                builder = builder.header(AUTHORIZATION, value);
            }
            builder.body(Body::Empty).unwrap()
        };
        assert_eq!(bearer_token(&with(Some("Bearer abc"))).unwrap(), "abc");
        assert_eq!(bearer_token(&with(Some("bearer  abc "))).unwrap(), "abc");
        for value in [None, Some("Basic abc"), Some("Bearer"), Some("Bearer   ")] {
            assert_eq!(
                bearer_token(&with(value)).unwrap_err().code(),
                "missing_token",
                "{value:?}"
            );
        }
    }

    #[test]
    fn segments_with_and_without_trailing_slash() {
        assert_eq!(
            route_segments("/api/v1/auth/token/"),
            Some(vec!["auth", "token"])
        );
        assert_eq!(
            route_segments("/api/v1/auth/token"),
            Some(vec!["auth", "token"])
        );
        assert_eq!(route_segments("/api/v1/"), Some(vec![]));
        assert_eq!(route_segments("/api/v1//token"), None);
        assert_eq!(route_segments("/api/v2/auth/token"), None);
        assert_eq!(route_segments("/api/v1auth"), None);
    }

    #[test]
    fn actions_take_no_body_or_an_empty_object() {
        assert!(no_body(&request(None, Body::Empty)).is_ok());
        assert!(no_body(&request(None, Body::Text(" \n".into()))).is_ok());
        assert!(no_body(&request(Some("application/json"), Body::Text("{}".into()))).is_ok());
        let cases = [
            (
                Some("application/json"),
                r#"{"force": true}"#,
                "validation_error",
            ),
            (Some("application/json"), "{", "invalid_json"),
            (None, "{}", "unsupported_media_type"),
        ];
        for (content_type, body, code) in cases {
            let error = no_body(&request(content_type, Body::Text(body.into()))).unwrap_err();
            assert_eq!(error.code(), code, "{body}");
        }
    }
}
