//! `cargo bench -p partnerb2b-tests --bench flow`: end-to-end latencies on the local
//! server (embedded store and queues, in-process workers), over HTTP on loopback:
//! analysis requested → completed (polled every millisecond), and analysis requested →
//! its `analysis.completed` event received by a webhook receiver.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use partnerb2b_tests::app::TestApp;
use partnerb2b_tests::receiver::Receiver;
use serde_json::json;

fn flow(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (app, token, profile, receiver) = runtime.block_on(async {
        let app = TestApp::spawn().await;
        let token = app.access_token().await;
        let profile = app.submitted_profile(&token).await;
        let receiver = Receiver::start().await;
        (app, token, profile, receiver)
    });
    let mut group = c.benchmark_group("local_server");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(10));

    group.bench_function("analysis_requested_to_completed", |b| {
        b.iter_custom(|iterations| {
            runtime.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let started = Instant::now();
                    let accepted = app.request_analysis(&token, &profile).await;
                    let id = accepted.body["data"]["id"].as_str().unwrap().to_owned();
                    loop {
                        let read = app.get_analysis(&token, &id).await;
                        if read.body["data"]["status"] == "completed" {
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                    total += started.elapsed();
                }
                total
            })
        })
    });

    runtime.block_on(async {
        let created = app
            .create_webhook(&token, &json!({"url": receiver.url}))
            .await;
        receiver.set_secret(created.body["data"]["secret"].as_str().unwrap());
    });
    group.bench_function("analysis_requested_to_webhook_received", |b| {
        b.iter_custom(|iterations| {
            runtime.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let before = receiver.received().len();
                    let started = Instant::now();
                    app.request_analysis(&token, &profile).await;
                    let received = receiver.wait_for(before + 1, Duration::from_secs(10)).await;
                    assert!(received.len() > before && received.last().unwrap().verified);
                    total += started.elapsed();
                }
                total
            })
        })
    });
    group.finish();
}

criterion_group!(benches, flow);
criterion_main!(benches);
