//! Cold start of every Lambda binary: process start → first invocation answered, under
//! the loopback Runtime API, with moto behind the SDK (start it and export
//! `AWS_ENDPOINT_URL` as `scripts/test` does). Release binaries:
//!
//! ```sh
//! cargo build --release --bins
//! PARTNERB2B_BIN_DIR=$PWD/target/release cargo bench -p partnerb2b-tests --bench cold_start
//! ```
//!
//! This counts what a Lambda cold start adds to the process itself: loading the SDK
//! configuration, reading the signing keys from Secrets Manager, building clients, the
//! runtime's first poll and the first request (one DynamoDB round trip to moto).

use std::time::{Duration, Instant};

use partnerb2b_tests::fixtures::read;
use partnerb2b_tests::runtime_api::{Outcome, RuntimeApi, moto_deployment, spawn_function};

const FUNCTIONS: [(&str, &str); 7] = [
    ("auth", "auth-token.json"),
    ("attributes", "attributes-list.json"),
    ("profiles", "profiles-get.json"),
    ("analyses", "analyses-get.json"),
    ("webhooks", "webhooks-get.json"),
    ("analysis-worker", "analysis-worker-sqs.json"),
    ("webhook-worker", "webhook-worker-sqs.json"),
];
const SAMPLES: usize = 15;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let environment = moto_deployment().await;
        println!(
            "{:<16} {:>10} {:>10} {:>10}",
            "binary", "min ms", "median ms", "max ms"
        );
        for (binary, event) in FUNCTIONS {
            let event = read(&format!("events/{event}"));
            let mut samples: Vec<Duration> = Vec::with_capacity(SAMPLES);
            for _ in 0..SAMPLES {
                let api = RuntimeApi::default();
                let address = api.start().await;
                let started = Instant::now();
                let mut function = spawn_function(binary, &address, &environment);
                let outcome = api.invoke(&event, Duration::from_secs(30)).await;
                samples.push(started.elapsed());
                let _ = function.kill().await;
                assert!(
                    matches!(outcome, Outcome::Response(_)),
                    "{binary}: {outcome:?}"
                );
            }
            samples.sort();
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            println!(
                "{binary:<16} {:>10.1} {:>10.1} {:>10.1}",
                ms(samples[0]),
                ms(samples[SAMPLES / 2]),
                ms(samples[SAMPLES - 1])
            );
        }
    });
}
