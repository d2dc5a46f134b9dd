//! Load on the local server: the server runs in this process on its embedded store
//! ([`TestApp`]), and `LOAD_CONCURRENCY` (default 32) client tasks keep one request each
//! in flight over keep-alive connections for `LOAD_SECONDS` (default 5) per scenario,
//! after one second of warm-up. Every latency is kept and sorted for the percentiles.
//!
//! ```sh
//! cargo bench -p partnerb2b-tests --bench load
//! ```
//!
//! Client and server share the machine's cores, so the figures are a floor for the
//! server alone.

use std::sync::Arc;
use std::time::{Duration, Instant};

use partnerb2b_tests::app::TestApp;
use partnerb2b_tests::bench::count_from_env;
use partnerb2b_tests::fixtures::complete_profile;
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

/// One request of a scenario: its method, path and JSON body.
struct Request {
    method: Method,
    path: String,
    body: Option<Value>,
    expected: u16,
}

fn main() {
    let concurrency = count_from_env("LOAD_CONCURRENCY", 32);
    let seconds = Duration::from_secs(count_from_env("LOAD_SECONDS", 5) as u64);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let app = Arc::new(TestApp::spawn().await);
        let partner = app.create_partner("Banque Charge").await;
        let token = app.access_token().await;
        let mut profile = complete_profile();
        profile["reference"] = Value::Null;
        let created = app.create_profile(&token, &profile).await;
        assert_eq!(created.status, 201, "{:?}", created.body);
        let id = created.body["data"]["id"]
            .as_str()
            .expect("profile id")
            .to_owned();
        let scenarios = [
            (
                "POST /api/v1/auth/token/",
                Request {
                    method: Method::POST,
                    path: "/api/v1/auth/token/".into(),
                    body: Some(json!({ "apiKey": partner.api_key })),
                    expected: 200,
                },
                None,
            ),
            (
                "POST /api/v1/profiles/",
                Request {
                    method: Method::POST,
                    path: "/api/v1/profiles/".into(),
                    body: Some(profile),
                    expected: 201,
                },
                Some(token.clone()),
            ),
            (
                "GET /api/v1/profiles/{id}/",
                Request {
                    method: Method::GET,
                    path: format!("/api/v1/profiles/{id}/"),
                    body: None,
                    expected: 200,
                },
                Some(token.clone()),
            ),
        ];
        println!(
            "local server, embedded store, {concurrency} requests in flight, {} s per scenario",
            seconds.as_secs()
        );
        println!(
            "{:<28} {:>9} {:>8} {:>9} {:>9} {:>9} {:>7}",
            "scenario", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors"
        );
        for (name, request, bearer) in scenarios {
            let request = Arc::new(request);
            drive(
                &app,
                &request,
                bearer.as_deref(),
                concurrency,
                Duration::from_secs(1),
            )
            .await;
            let started = Instant::now();
            let (mut latencies, errors) =
                drive(&app, &request, bearer.as_deref(), concurrency, seconds).await;
            let elapsed = started.elapsed();
            assert!(
                !latencies.is_empty(),
                "{name}: no request answered as expected ({errors} errors)"
            );
            latencies.sort();
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let percentile = |p: f64| {
                let index = ((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1);
                ms(latencies[index.min(latencies.len() - 1)])
            };
            println!(
                "{name:<28} {:>9} {:>8.0} {:>9.2} {:>9.2} {:>9.2} {:>7}",
                latencies.len(),
                latencies.len() as f64 / elapsed.as_secs_f64(),
                percentile(0.50),
                percentile(0.99),
                ms(latencies[latencies.len() - 1]),
                errors
            );
        }
        match Arc::try_unwrap(app) {
            Ok(app) => app.stop().await,
            Err(_) => panic!("a client task outlived the run"),
        }
    });
}

/// `concurrency` tasks sending `request` back to back for `duration`: the latency of
/// every answer with the expected status, and the count of the others.
async fn drive(
    app: &Arc<TestApp>,
    request: &Arc<Request>,
    bearer: Option<&str>,
    concurrency: usize,
    duration: Duration,
) -> (Vec<Duration>, usize) {
    let end = Instant::now() + duration;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (app, request) = (app.clone(), request.clone());
            let bearer = bearer.map(str::to_owned);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                while Instant::now() < end {
                    let mut builder: RequestBuilder =
                        app.with(request.method.clone(), &request.path);
                    if let Some(token) = &bearer {
                        builder = builder.bearer_auth(token);
                    }
                    if let Some(body) = &request.body {
                        builder = builder.json(body);
                    }
                    let started = Instant::now();
                    let status = match builder.send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            // The whole body, as a client would read it.
                            match response.bytes().await {
                                Ok(_) => Some(status),
                                Err(_) => None,
                            }
                        }
                        Err(_) => None,
                    };
                    let latency = started.elapsed();
                    if status == Some(request.expected) {
                        latencies.push(latency);
                    } else {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (some, failed) = task.await.expect("client task");
        latencies.extend(some);
        errors += failed;
    }
    (latencies, errors)
}
