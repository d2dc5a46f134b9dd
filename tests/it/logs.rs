//! Request logs: one line per request with its id, route, partner and status, and never
//! a key, a token or a body.

use std::cell::RefCell;
use std::io::Write;
use std::sync::{Arc, Mutex, Once};

use lambda_http::{Body, Request, http};
use partnerb2b::operator::create_partner;
use serde_json::{Value, json};
use shared::store::embedded::EmbeddedStore;

thread_local! {
    static CAPTURE: RefCell<Option<Arc<Mutex<Vec<u8>>>>> = const { RefCell::new(None) };
}

/// Writes log lines into the buffer the current thread captures into, if any.
struct ThreadCapture;

impl Write for ThreadCapture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|capture| {
            if let Some(buffer) = capture.borrow().as_ref() {
                buffer.lock().unwrap().extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures, as the Lambdas format them, the log lines written on this thread from now
/// on. A process-wide subscriber (rather than a scoped one) keeps callsite filtering
/// stable while other tests run on other threads.
fn capture_this_thread() -> Arc<Mutex<Vec<u8>>> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_writer(|| ThreadCapture)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
    });
    let buffer = Arc::new(Mutex::new(Vec::new()));
    CAPTURE.with(|capture| *capture.borrow_mut() = Some(buffer.clone()));
    buffer
}

fn post(path: &str, body: &str) -> Request {
    http::Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", "application/json")
        .body(Body::Text(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn request_logs_carry_context_and_no_secret() {
    let captured = capture_this_thread();

    let dir = tempfile::tempdir().unwrap();
    let (app, _queues) = partnerb2b_tests::in_process::services(Arc::new(
        EmbeddedStore::open(&dir.path().join("db")).unwrap(),
    ));
    let partner = create_partner(app.store.as_ref(), "P").await.unwrap();
    let response = auth::handle(
        &app.auth,
        post(
            "/api/v1/auth/token/",
            &json!({"apiKey": partner.api_key}).to_string(),
        ),
    )
    .await;
    let tokens: Value = match response.body() {
        Body::Text(text) => serde_json::from_str(text).unwrap(),
        _ => panic!("no body"),
    };
    let refresh = tokens["data"]["refresh"].as_str().unwrap().to_owned();
    let access = tokens["data"]["access"].as_str().unwrap().to_owned();
    auth::handle(
        &app.auth,
        post(
            "/api/v1/auth/token/refresh/",
            &json!({"refresh": refresh}).to_string(),
        ),
    )
    .await;
    let mut mistyped = partner.api_key.clone();
    let last = mistyped.pop().unwrap();
    mistyped.push(if last == 'Z' { 'Y' } else { 'Z' });
    auth::handle(
        &app.auth,
        post(
            "/api/v1/auth/token/",
            &json!({"apiKey": mistyped}).to_string(),
        ),
    )
    .await;
    auth::handle(
        &app.auth,
        post(
            "/api/v1/auth/token/",
            &format!(r#"{{"apiKey": "{}", "x""#, partner.api_key),
        ),
    )
    .await;

    let logs = String::from_utf8(captured.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = logs
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "one line per request:\n{logs}");
    let first = &lines[0];
    assert_eq!(first["fields"]["status"], 200);
    assert!(first["fields"]["latency_ms"].is_number());
    assert_eq!(first["span"]["route"], "POST /api/v1/auth/token/");
    assert_eq!(first["span"]["partner_id"], partner.partner_id.to_string());
    assert!(first["span"]["request_id"].is_string());
    for secret in [&partner.api_key, &mistyped, &refresh, &access] {
        assert!(
            !logs.contains(secret.as_str()),
            "a secret reached the logs:\n{logs}"
        );
    }
}

/// Bank statements are personal data: their labels, counterparties and amounts never
/// reach the logs, whether the document is stored, read back or refused.
#[tokio::test]
async fn bank_statements_never_reach_the_logs() {
    let captured = capture_this_thread();
    let dir = tempfile::tempdir().unwrap();
    let (app, _queues) = partnerb2b_tests::in_process::services(Arc::new(
        EmbeddedStore::open(&dir.path().join("db")).unwrap(),
    ));
    let partner = create_partner(app.store.as_ref(), "P").await.unwrap();
    let token = partnerb2b_tests::fixtures::access_token(&app.auth.tokens, &partner);
    let call = async |method: &str, path: &str, body: Option<&Value>| {
        app.handle(partnerb2b_tests::in_process::request(
            method, path, &token, body,
        ))
        .await
    };
    let created = call(
        "POST",
        "/api/v1/profiles/",
        Some(&json!({"attributes": {}})),
    )
    .await;
    let profile = partnerb2b_tests::in_process::data(&created)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let statements = format!("/api/v1/profiles/{profile}/bank-statements/");
    let document = partnerb2b_tests::statements::french_account("berlin_group");
    let uploaded = call("POST", &statements, Some(&document)).await;
    assert_eq!(uploaded.status(), 201);
    let id = partnerb2b_tests::in_process::data(&uploaded)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call("GET", &format!("{statements}{id}/"), None).await;
    call(
        "GET",
        &format!("/api/v1/profiles/{profile}/bank-insights/"),
        None,
    )
    .await;
    let mut refused = document.clone();
    refused["transactions"]["transactions"]["booked"][0]["transactionAmount"]["amount"] =
        json!("-43.12 EUR LOGISTIQUE");
    assert_eq!(
        call("POST", &statements, Some(&refused)).await.status(),
        422
    );

    let logs = String::from_utf8(captured.lock().unwrap().clone()).unwrap();
    assert!(logs.lines().count() >= 5, "one line per request:\n{logs}");
    for personal in [
        "CARREFOUR",
        "LOGISTIQUE RHONE",
        "COFIDIS",
        "SALAIRE",
        "2145.60",
        "412.58",
        "FR7630004000031234567890143",
    ] {
        assert!(
            !logs.contains(personal),
            "{personal} reached the logs:\n{logs}"
        );
    }
}
