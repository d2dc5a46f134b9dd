//! Requests for the functions' handlers called in-process, as the Lambda runtime hands
//! them over, and the JSON they answer.

use std::sync::Arc;

use lambda_http::{Body, Request, Response, http};
use partnerb2b::services::{Keys, Queues, RecordKeys, Services};
use serde_json::Value;
use shared::config::TokenAudience;
use shared::edge::cursor::{CursorKey, Cursors};
use shared::queue::embedded::EmbeddedQueue;
use shared::store::Store;
use shared::webhooks::url_policy::UrlPolicy;
use tempfile::TempDir;

use crate::fixtures::{event_record_keys, event_token_keys};

/// Every function on `store`, with the key set of `events/` and durable queues in a temp
/// directory (kept as long as the returned `TempDir`), as the local server wires them.
pub fn services(store: Arc<dyn Store>) -> (Services, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let queue = |name| {
        Arc::new(
            EmbeddedQueue::open(
                &dir.path().join("queues.db"),
                name,
                std::time::Duration::from_secs(30),
                5,
            )
            .expect("embedded queue"),
        )
    };
    let cursor_key =
        CursorKey::from_secret(&CursorKey::generate_secret()).expect("a generated secret");
    let keys = Keys {
        tokens: &event_token_keys(),
        records: RecordKeys::of(&event_record_keys()),
        audience: &TokenAudience::default(),
    };
    let queues = Queues {
        analysis: queue("analysis"),
        webhook: queue("webhook"),
    };
    let services = Services::new(
        store,
        keys,
        || Cursors::new(&cursor_key),
        queues,
        UrlPolicy::DEVELOPMENT,
    )
    .expect("the two key sets have distinct kids");
    (services, dir)
}

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
