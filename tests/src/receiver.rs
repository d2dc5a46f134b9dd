//! A webhook receiver on loopback that verifies every delivery's signature with its own
//! implementation of Standard Webhooks (checked against the specification's published
//! test vector in `it/webhooks.rs`), and answers as a test tells it to.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// How the receiver answers one delivery.
#[derive(Debug, Clone)]
pub enum Answer {
    Status(u16),
    /// Waits, then answers 200.
    Slow(Duration),
    /// 302 to this location.
    Redirect(String),
}

/// One delivery as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: serde_json::Value,
    pub raw_body: Vec<u8>,
    /// Whether one of the signatures verified with a secret given to the receiver.
    pub verified: bool,
}

impl Received {
    /// The signatures of `webhook-signature`, space-separated as Standard Webhooks allows.
    pub fn signatures(&self) -> Vec<&str> {
        self.signature
            .split(' ')
            .filter(|part| !part.is_empty())
            .collect()
    }

    /// Whether one of the signatures verifies with `secret`.
    pub fn verifies_with(&self, secret: &str) -> bool {
        let expected =
            standard_webhooks_signature(secret, &self.id, &self.timestamp, &self.raw_body);
        self.signatures().contains(&expected.as_str())
    }
}

#[derive(Default)]
struct Inner {
    secrets: Vec<String>,
    answers: VecDeque<Answer>,
    received: Vec<Received>,
}

#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
    arrived: Arc<Notify>,
}

/// `v1,<base64 HMAC-SHA256(base64-decoded secret, "id.timestamp.body")>`, computed
/// here without any of the code under test.
pub fn standard_webhooks_signature(secret: &str, id: &str, timestamp: &str, body: &[u8]) -> String {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .expect("a base64 secret");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

impl Receiver {
    /// Starts a receiver on a free loopback port; it answers 200 unless told otherwise.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        let receiver = Self {
            url,
            inner: Arc::default(),
            arrived: Arc::default(),
        };
        let router = Router::new().fallback(receive).with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        receiver
    }

    /// The secret deliveries are verified with, replacing any other.
    pub fn set_secret(&self, secret: &str) {
        self.inner.lock().unwrap().secrets = vec![secret.to_owned()];
    }

    /// One more secret a delivery may verify with (a rotation's new one).
    pub fn add_secret(&self, secret: &str) {
        self.inner.lock().unwrap().secrets.push(secret.to_owned());
    }

    /// The answers to the next deliveries, in order; then 200 again.
    pub fn answer_next(&self, answers: impl IntoIterator<Item = Answer>) {
        self.inner.lock().unwrap().answers.extend(answers);
    }

    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().unwrap().received.clone()
    }

    /// Waits until `count` deliveries arrived, for at most `deadline`.
    pub async fn wait_for(&self, count: usize, deadline: Duration) -> Vec<Received> {
        let end = tokio::time::Instant::now() + deadline;
        loop {
            let arrived = self.arrived.notified();
            let received = self.received();
            if received.len() >= count || tokio::time::Instant::now() >= end {
                return received;
            }
            let _ = tokio::time::timeout_at(end, arrived).await;
        }
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (id, timestamp, signature) = (
        header("webhook-id"),
        header("webhook-timestamp"),
        header("webhook-signature"),
    );
    let answer = {
        let mut inner = receiver.inner.lock().unwrap();
        let verified = inner.secrets.iter().any(|secret| {
            let expected = standard_webhooks_signature(secret, &id, &timestamp, &body);
            signature.split(' ').any(|part| part == expected)
        });
        inner.received.push(Received {
            id,
            timestamp,
            signature,
            body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
            raw_body: body.to_vec(),
            verified,
        });
        inner.answers.pop_front()
    };
    receiver.arrived.notify_waiters();
    match answer {
        None => StatusCode::NO_CONTENT.into_response(),
        Some(Answer::Status(status)) => StatusCode::from_u16(status)
            .unwrap_or(StatusCode::OK)
            .into_response(),
        Some(Answer::Slow(wait)) => {
            tokio::time::sleep(wait).await;
            StatusCode::OK.into_response()
        }
        Some(Answer::Redirect(location)) => {
            (StatusCode::FOUND, [("location", location)]).into_response()
        }
    }
}
