//! The HTTP edge of the local server: what every route does with a body over its limit,
//! and what the HTTP layer below the API answers itself (malformed HTTP).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use partnerb2b::services::api_routes;
use partnerb2b_tests::app::TestApp;
use shared::edge::request::MAX_BODY_BYTES;

/// `template` with each `{parameter}` replaced by a fresh id.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                uuid::Uuid::now_v7().to_string()
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_route_refuses_a_body_one_byte_over_its_limit() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    for route in api_routes() {
        let path = concrete(route.path);
        for (length, too_large) in [(route.body_limit, false), (route.body_limit + 1, true)] {
            let body = format!("\"{}\"", "a".repeat(length - 2));
            let response = app
                .send(
                    app.with(route.method.clone(), &path)
                        .bearer_auth(&token)
                        .header("content-type", "application/json")
                        .body(body),
                )
                .await;
            assert_eq!(
                response.status == 413,
                too_large,
                "{} with {length} bytes answered {}",
                route.name(),
                response.status
            );
            if too_large {
                assert_eq!(
                    response.error_code(),
                    "payload_too_large",
                    "{}",
                    route.name()
                );
            }
        }
    }
    assert!(
        api_routes()
            .iter()
            .all(|route| route.body_limit >= MAX_BODY_BYTES)
    );
}

/// What the local server's HTTP layer (hyper) answers, before any route runs, to a
/// request that is not valid HTTP/1.1: a bare status with no body and the connection
/// closed. The README says so; on AWS, API Gateway answers these itself.
#[tokio::test]
async fn malformed_http_gets_the_http_layers_bare_answer() {
    let app = TestApp::spawn().await;
    let many_headers: String = (0..200).map(|i| format!("X-{i}: a\r\n")).collect();
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (
            b"GET /api/v1/profiles/?limit=\xff HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            "400",
            "a raw non-ASCII byte in the query",
        ),
        (
            b"GET /api/v1/pro files/ HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            "400",
            "a space in the path",
        ),
        (
            b"GET /api/v1/profiles/ HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n".to_vec(),
            "400",
            "a control character in a header",
        ),
        (
            format!("GET /api/v1/profiles/ HTTP/1.1\r\nHost: x\r\n{many_headers}\r\n").into_bytes(),
            "431",
            "more than 100 headers",
        ),
        (
            b"POST /api/v1/auth/token/ HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}".to_vec(),
            "400",
            "two different Content-Length values",
        ),
        (
            b"POST /api/v1/auth/token/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n{}".to_vec(),
            "400",
            "a Transfer-Encoding that does not end in chunked",
        ),
    ];
    for (request, status, why) in cases {
        let answer = exchange(&app, request).await;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status}")),
            "{why}: {head}"
        );
        assert!(body.is_empty(), "{why}: {body}");
        assert!(head.to_lowercase().contains("connection: close"), "{why}");
    }
}

/// Transfer-Encoding beside Content-Length is valid HTTP/1.1 (RFC 9112 §6.3: the chunked
/// body wins and the connection closes after the answer): it reaches the API, whose answer
/// is in the envelope.
#[tokio::test]
async fn transfer_encoding_beside_content_length_is_answered_in_the_envelope() {
    let app = TestApp::spawn().await;
    let request = b"POST /api/v1/auth/token/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    let answer = exchange(&app, request.to_vec()).await;
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    assert!(head.starts_with("HTTP/1.1 422"), "{head}");
    assert!(head.to_lowercase().contains("x-request-id: "), "{head}");
    assert!(head.to_lowercase().contains("connection: close"), "{head}");
    let body: serde_json::Value = serde_json::from_str(body).expect("an enveloped body");
    assert_eq!(body["error"]["code"], "validation_error");
}

/// Invalid percent-encoding is not malformed HTTP: it reaches the API, whose answer is
/// in the envelope.
#[tokio::test]
async fn invalid_percent_encoding_in_the_query_is_answered_in_the_envelope() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let response = app
        .send(
            app.with(reqwest::Method::GET, "/api/v1/profiles/?limit=%zz")
                .bearer_auth(&token),
        )
        .await;
    response.assert_error(400, "invalid_request");
    assert!(response.header("x-request-id").is_some());
}

/// A bug that panics in one request is that request's 500, in the envelope with its
/// request id; the server goes on serving every other request.
#[tokio::test]
async fn a_panic_in_a_handler_is_its_own_500_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = shared::store::embedded::EmbeddedStore::open(&dir.path().join("db")).unwrap();
    let store = std::sync::Arc::new(
        partnerb2b_tests::conformance::coverage::Recording::panicking_in(
            std::sync::Arc::new(store),
            "get_profile",
        ),
    );
    let app = TestApp::spawn_on(store).await;
    let token = app.access_token().await;

    let path = format!("/api/v1/profiles/{}/", uuid::Uuid::now_v7());
    let panicked = app
        .send(app.with(reqwest::Method::GET, &path).bearer_auth(&token))
        .await;
    panicked.assert_error(500, "internal_error");
    assert_eq!(
        panicked.header("x-request-id"),
        panicked.body["meta"]["request_id"].as_str()
    );

    for _ in 0..3 {
        let listed = app.list_profiles(&token, "").await;
        assert_eq!(
            listed.status, 200,
            "the server still serves: {:?}",
            listed.body
        );
    }
    let again = app
        .send(app.with(reqwest::Method::GET, &path).bearer_auth(&token))
        .await;
    assert_eq!(again.status, 500, "the same bug, the same answer, no crash");
}

/// Sends `request` as raw bytes on a new connection and reads the answer until the server
/// closes it.
async fn exchange(app: &TestApp, request: Vec<u8>) -> String {
    let address = app.base_url.trim_start_matches("http://").to_owned();
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        stream.write_all(&request).expect("send");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .expect("the exchange")
}
