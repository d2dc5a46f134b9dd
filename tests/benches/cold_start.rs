//! Cold start of every Lambda binary under the loopback Runtime API, with moto behind the
//! SDK (start it and export `AWS_ENDPOINT_URL` as `scripts/test` does), compared with
//! the floor: `hello-lambda`, a `lambda_runtime` function built the same way that
//! answers `{"hello":"world"}` and does nothing else. Release binaries:
//!
//! ```sh
//! cargo build --release --bins
//! PARTNERB2B_BIN_DIR=$PWD/target/release cargo bench -p partnerb2b-tests --bench cold_start
//! ```
//!
//! For each binary, over `COLD_START_SAMPLES` (default 15) starts:
//!
//! - **init**: process start → the runtime's first `/next` poll. This is Lambda's init
//!   phase: loading the SDK configuration, reading the signing keys from Secrets Manager
//!   (one round trip to moto), building the clients.
//! - **first answer**: process start → first invocation answered, init included, with
//!   the request's own round trips to moto.
//!
//! Both are printed with the ratio of their median to the floor's. To separate moto from
//! the binaries, the bench also times moto's own round trips from this process, through
//! the same SDK: `GetSecretValue` and `GetItem`, each on a new client (a new connection,
//! as a cold function has) and on a warm one.
//!
//! The functions inherit this process's environment and the template's settings
//! ([`moto_deployment`]), among them `SDK_TRUST_STORE=amazon-trust-services`: they trust
//! the Amazon roots they carry and read neither `SSL_CERT_FILE` nor `SSL_CERT_DIR`.
//! Binaries from before that setting (9bb7b11 and earlier) load every certificate those
//! two name (cargo exports both when they are unset); for them, `SSL_CERT_DIR=$(mktemp -d)`
//! leaves only the bundle file, as on Lambda.
//!
//! Last, the aws-lc jitter-entropy probe: aws-lc-sys ≥ 0.32 seeds its random generator
//! from CPU jitter the first time a process asks for randomness (a TLS handshake, on
//! AWS). The bench runs itself again as a fresh process that times its first and second
//! `fill` of the rustls aws-lc provider's `secure_random`. The workspace builds aws-lc
//! without jitter entropy (`.cargo/config.toml`); rebuilding with
//! `AWS_LC_SYS_NO_JITTER_ENTROPY=0` in the environment shows what it costs.

use std::process::Command;
use std::time::{Duration, Instant};

use partnerb2b_tests::aws::sdk_config;
use partnerb2b_tests::bench::{BENCHMARKED, count_from_env};
use partnerb2b_tests::fixtures::read;
use partnerb2b_tests::runtime_api::{Outcome, RuntimeApi, moto_deployment, spawn_function};

/// Set in the environment of the fresh process that runs the entropy probe.
const ENTROPY_PROBE: &str = "COLD_START_ENTROPY_PROBE";
const ENTROPY_SAMPLES: usize = 15;

fn main() {
    if std::env::var_os(ENTROPY_PROBE).is_some() {
        entropy_probe();
        return;
    }
    let samples = count_from_env("COLD_START_SAMPLES", 15);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let environment = moto_deployment().await;
        println!("cold start, {samples} starts each; ratio = median / hello-lambda's median");
        // Read only by binaries built before SDK_TRUST_STORE, or run with it `system`;
        // cargo exports both (from openssl-probe) when they are unset.
        let variable = |name| std::env::var(name).unwrap_or_else(|_| "(unset)".into());
        println!(
            "the functions inherit SSL_CERT_FILE={} SSL_CERT_DIR={}",
            variable("SSL_CERT_FILE"),
            variable("SSL_CERT_DIR")
        );
        println!(
            "{:<16} {:>9} {:>9} {:>9} {:>6} | {:>9} {:>9} {:>9} {:>6}",
            "binary", "init min", "median", "max", "ratio", "answer min", "median", "max", "ratio"
        );
        let mut floor: Option<(f64, f64)> = None;
        for (binary, event) in BENCHMARKED {
            let event = read(&format!("events/{event}"));
            let mut init = Vec::with_capacity(samples);
            let mut answer = Vec::with_capacity(samples);
            for _ in 0..samples {
                let api = RuntimeApi::default();
                let address = api.start().await;
                let started = Instant::now();
                let mut function = spawn_function(binary, &address, &environment);
                let outcome = api.invoke(&event, Duration::from_secs(30)).await;
                answer.push(started.elapsed());
                let polled = api
                    .first_poll()
                    .expect("the function polled before answering");
                init.push(polled.duration_since(started));
                let _ = function.kill().await;
                assert!(
                    matches!(outcome, Outcome::Response(_)),
                    "{binary}: {outcome:?}"
                );
            }
            let init = Summary::of(init);
            let answer = Summary::of(answer);
            let (floor_init, floor_answer) =
                *floor.get_or_insert((init.median_ms, answer.median_ms));
            println!(
                "{binary:<16} {:>9.1} {:>9.1} {:>9.1} {:>5.1}x | {:>9.1} {:>9.1} {:>9.1} {:>5.1}x",
                init.min_ms,
                init.median_ms,
                init.max_ms,
                init.median_ms / floor_init,
                answer.min_ms,
                answer.median_ms,
                answer.max_ms,
                answer.median_ms / floor_answer,
            );
        }
        moto_round_trips(&environment, samples).await;
    });
    entropy(samples.min(ENTROPY_SAMPLES));
}

struct Summary {
    min_ms: f64,
    median_ms: f64,
    max_ms: f64,
}

impl Summary {
    fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        Self {
            min_ms: ms(samples[0]),
            median_ms: ms(samples[samples.len() / 2]),
            max_ms: ms(samples[samples.len() - 1]),
        }
    }

    fn print(&self, what: &str) {
        println!(
            "{what:<44} {:>7.2} {:>7.2} {:>7.2}",
            self.min_ms, self.median_ms, self.max_ms
        );
    }
}

/// moto's own latency for the calls a cold function makes, through the same SDK.
async fn moto_round_trips(environment: &[(&str, String)], samples: usize) {
    let value = |name: &str| {
        environment
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.clone())
            .expect("the deployment names it")
    };
    let (secret, table) = (value("TOKEN_KEYS_SECRET_ID"), value("TABLE_NAME"));
    let sdk = sdk_config().await;
    let get_secret = |client: aws_sdk_secretsmanager::Client| {
        let secret = secret.clone();
        async move {
            let started = Instant::now();
            client
                .get_secret_value()
                .secret_id(secret)
                .send()
                .await
                .expect("GetSecretValue from moto");
            started.elapsed()
        }
    };
    let get_item = |client: aws_sdk_dynamodb::Client| {
        let table = table.clone();
        async move {
            use aws_sdk_dynamodb::types::AttributeValue;
            let started = Instant::now();
            client
                .get_item()
                .table_name(table)
                .key("PK", AttributeValue::S("PARTNER#cold-start".into()))
                .key("SK", AttributeValue::S("PARTNER".into()))
                .send()
                .await
                .expect("GetItem from moto");
            started.elapsed()
        }
    };
    println!();
    println!(
        "{:<44} {:>7} {:>7} {:>7}",
        "moto round trip from this process (ms)", "min", "median", "max"
    );
    let mut new_secret = Vec::new();
    let mut new_item = Vec::new();
    let mut warm_secret = Vec::new();
    let mut warm_item = Vec::new();
    let secrets = aws_sdk_secretsmanager::Client::new(&sdk);
    let dynamodb = aws_sdk_dynamodb::Client::new(&sdk);
    get_secret(secrets.clone()).await;
    get_item(dynamodb.clone()).await;
    for _ in 0..samples {
        new_secret.push(get_secret(aws_sdk_secretsmanager::Client::new(&sdk)).await);
        new_item.push(get_item(aws_sdk_dynamodb::Client::new(&sdk)).await);
        warm_secret.push(get_secret(secrets.clone()).await);
        warm_item.push(get_item(dynamodb.clone()).await);
    }
    Summary::of(new_secret).print("GetSecretValue, new client (new connection)");
    Summary::of(warm_secret).print("GetSecretValue, warm client");
    Summary::of(new_item).print("GetItem, new client (new connection)");
    Summary::of(warm_item).print("GetItem, warm client");
}

/// Runs the probe in `samples` fresh processes and prints the medians.
fn entropy(samples: usize) {
    let exe = std::env::current_exe().expect("this bench's path");
    let mut first = Vec::with_capacity(samples);
    let mut second = Vec::with_capacity(samples);
    for _ in 0..samples {
        let output = Command::new(&exe)
            .env(ENTROPY_PROBE, "1")
            .output()
            .expect("run the entropy probe");
        let text = String::from_utf8_lossy(&output.stdout);
        let mut fields = text.split_whitespace().map(|field| {
            field
                .parse::<u64>()
                .map(Duration::from_nanos)
                .expect("the probe prints nanoseconds")
        });
        first.push(fields.next().expect("first fill"));
        second.push(fields.next().expect("second fill"));
    }
    let jitter = std::env::var("AWS_LC_SYS_NO_JITTER_ENTROPY")
        .map(|value| format!("AWS_LC_SYS_NO_JITTER_ENTROPY={value}"))
        .unwrap_or_else(|_| "AWS_LC_SYS_NO_JITTER_ENTROPY unset".into());
    println!();
    println!(
        "{:<44} {:>7} {:>7} {:>7}",
        format!("aws-lc random, fresh process (ms; {jitter})"),
        "min",
        "median",
        "max"
    );
    Summary::of(first).print("first fill of 32 bytes");
    Summary::of(second).print("second fill of 32 bytes");
}

/// In a fresh process: the first and second random fills, in nanoseconds.
fn entropy_probe() {
    let random = rustls::crypto::aws_lc_rs::default_provider().secure_random;
    let mut buffer = [0u8; 32];
    let started = Instant::now();
    random.fill(&mut buffer).expect("random bytes");
    let first = started.elapsed();
    let started = Instant::now();
    random.fill(&mut buffer).expect("random bytes");
    let second = started.elapsed();
    println!("{} {}", first.as_nanos(), second.as_nanos());
}
