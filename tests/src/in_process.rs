//! Requests for the functions' handlers called in-process, as the Lambda runtime hands
//! them over, and the JSON they answer.

use lambda_http::{Body, Request, Response, http};
use serde_json::Value;

/// `method path` with `token` as its bearer, and `body` as JSON when there is one.
pub fn request(method: &str, path: &str, token: &str, body: Option<&Value>) -> Request {
    let builder = http::Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"));
    match body {
        Some(body) => builder
            .header("content-type", "application/json")
            .body(Body::Text(body.to_string())),
        None => builder.body(Body::Empty),
    }
    .expect("a valid request")
}

/// The response's JSON body; `Null` when it has none (204).
pub fn json(response: &Response<Body>) -> Value {
    match response.body() {
        Body::Text(text) => serde_json::from_str(text).expect("a JSON body"),
        Body::Binary(bytes) => serde_json::from_slice(bytes).expect("a JSON body"),
        Body::Empty => Value::Null,
        _ => panic!("an unexpected body: {:?}", response.body()),
    }
}

/// The envelope's `data`.
pub fn data(response: &Response<Body>) -> Value {
    json(response)["data"].clone()
}
