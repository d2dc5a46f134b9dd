//! `components/headers` and `components/responses`: the response headers, and one shared
//! response per error status, its `error.code` narrowed to the error catalogue's codes
//! of that status.

use serde_json::{Map, Value, json};
use shared::edge::error::ERROR_CODES;

use super::values;

/// The statuses whose answer, on AWS, may be API Gateway's own instead of this API's.
const GATEWAY_STATUSES: [u16; 3] = [429, 500, 503];

/// A response header, by its name in `components/headers`.
pub fn header(name: &str) -> Value {
    json!({"$ref": format!("#/components/headers/{name}")})
}

pub fn headers() -> Value {
    let header = |description: &str, schema: Value, required: bool| json!({"description": description, "required": required, "schema": schema});
    let text = |examples: &[&str]| json!({"type": "string", "examples": examples});
    json!({
        "RequestId": header(
            "Repeats `meta.request_id`: quote it when you contact us.",
            json!({"type": "string", "format": "uuid"}),
            true,
        ),
        "GatewayRequestId": header(
            "Repeats `meta.request_id` when the body is this API's envelope. API Gateway's own answers (`{\"message\": …}`) come without it; on AWS, their `apigw-requestid` header names the request.",
            json!({"type": "string", "format": "uuid"}),
            false,
        ),
        "ETag": header(
            "The profile's version, for `If-Match`.",
            json!({"type": "string", "pattern": "^\"[0-9]+\"$", "examples": ["\"1\""]}),
            true,
        ),
        "Location": header(
            "The profile's URL.",
            text(&["/api/v1/profiles/01a2131f-4e1a-7b90-8c3f-1d2e3f4a5b6c/"]),
            true,
        ),
        "IdempotentReplayed": header(
            "`true` when this is the response kept for the request's `Idempotency-Key`, answered again (nothing was done twice); absent otherwise.",
            json!({"type": "string", "const": "true"}),
            false,
        ),
        "Allow": header(
            "The methods the path takes, HEAD wherever GET is.",
            text(&["DELETE, GET, HEAD, PATCH"]),
            true,
        ),
        "ContentLanguage": header(
            "The language of the messages, as `Accept-Language` chose it: `fr` or `en`.",
            json!({"type": "string", "enum": ["en", "fr"]}),
            true,
        ),
        "GatewayContentLanguage": header(
            "The language of the messages when the body is this API's envelope; API Gateway's own answers come without it.",
            json!({"type": "string", "enum": ["en", "fr"]}),
            false,
        ),
        "CacheControl": header(
            "How long the JWKS may be kept: an hour. A new key is published at least that long before it signs.",
            text(&["public, max-age=3600"]),
            true,
        ),
        "WWWAuthenticate": header("The authentication scheme: `Bearer`.", text(&["Bearer"]), true),
        "RetryAfter": header(
            "Seconds to wait before retrying, when the body is this API's envelope; API Gateway's own answers come without it: back off exponentially, with jitter.",
            json!({"type": "string", "pattern": "^[0-9]+$", "examples": ["1"]}),
            false,
        )
    })
}

/// `components/responses`: `Error{status}` for every status of the error catalogue.
pub fn errors() -> Value {
    let mut statuses: Vec<u16> = ERROR_CODES.iter().map(|entry| entry.status).collect();
    statuses.dedup();
    let responses: Map<String, Value> = statuses
        .into_iter()
        .map(|status| (format!("Error{status}"), error(status)))
        .collect();
    Value::Object(responses)
}

fn error(status: u16) -> Value {
    let codes = values::error_codes(Some(status));
    let envelope = json!({
        "allOf": [{"$ref": "#/components/schemas/Error"}],
        "properties": {"error": {"properties": {"code": {"examples": codes, "x-extensible-enum": codes}}}}
    });
    let schema = if GATEWAY_STATUSES.contains(&status) {
        json!({"anyOf": [envelope, {"$ref": "#/components/schemas/GatewayError"}]})
    } else {
        envelope
    };
    json!({
        "description": error_description(status),
        "headers": error_headers(status),
        "content": {"application/json": {"schema": schema}}
    })
}

fn error_headers(status: u16) -> Value {
    let mut headers = Map::new();
    let request_id = if GATEWAY_STATUSES.contains(&status) {
        "GatewayRequestId"
    } else {
        "RequestId"
    };
    headers.insert("x-request-id".to_owned(), header(request_id));
    let language = if GATEWAY_STATUSES.contains(&status) {
        "GatewayContentLanguage"
    } else {
        "ContentLanguage"
    };
    headers.insert("Content-Language".to_owned(), header(language));
    match status {
        401 => {
            headers.insert("WWW-Authenticate".to_owned(), header("WWWAuthenticate"));
        }
        405 => {
            headers.insert("Allow".to_owned(), header("Allow"));
        }
        429 | 503 => {
            headers.insert("Retry-After".to_owned(), header("RetryAfter"));
        }
        _ => {}
    }
    Value::Object(headers)
}

/// The catalogue's codes of `status` with their meaning, and where the answer comes from
/// when it is not this API's code.
fn error_description(status: u16) -> String {
    let codes = ERROR_CODES
        .iter()
        .filter(|entry| entry.status == status)
        .map(|entry| format!("`{}`: {}", entry.code, entry.meaning))
        .collect::<Vec<_>>()
        .join(" ");
    let origin = match status {
        405 => "Answered on this path to any method it does not take.",
        429 => {
            "On AWS, API Gateway throttles the stage (a steady rate and a burst, for all partners together) and answers this itself: `{\"message\": \"Too Many Requests\"}`, with no `Retry-After` and no `x-request-id`; retry with exponential backoff and jitter. This API's own envelope with `rate_limited` and `Retry-After` is kept for limits of its own, and none is applied today."
        }
        500 => {
            "On AWS, when the function itself fails (it crashed, or ran out of time or memory), API Gateway answers instead: `{\"message\": \"Internal Server Error\"}`."
        }
        503 => {
            "On AWS, when the function does not answer in time, API Gateway answers instead: `{\"message\": \"Service Unavailable\"}`, with no `Retry-After`."
        }
        _ => "",
    };
    [codes, origin.to_owned()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
