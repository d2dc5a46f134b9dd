//! A Lambda Runtime API on loopback, enough to run a function's real binary as Lambda
//! would: the binary asks for the next invocation, gets an event, and posts a response
//! (or an error). This proves what handler tests cannot: the bootstrap in `main`, the
//! environment it reads, and the runtime's serialisation.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tokio::sync::Notify;

/// What the function answered to one invocation.
#[derive(Debug, Clone)]
pub enum Outcome {
    Response(Value),
    Error(Value),
}

#[derive(Default)]
struct Inner {
    pending: VecDeque<(String, String)>,
    outcomes: Vec<(String, Outcome)>,
    init_error: Option<Value>,
    /// When the function first asked for an invocation: its init is over.
    first_poll: Option<Instant>,
}

#[derive(Clone, Default)]
pub struct RuntimeApi {
    inner: Arc<Mutex<Inner>>,
    queued: Arc<Notify>,
    answered: Arc<Notify>,
}

/// The binary of `name`: the debug build from `cargo build --workspace --bins` (the
/// test command does it first), or the one in `PARTNERB2B_BIN_DIR` when set (the cold
/// start benchmark points it at `target/release`).
pub fn binary(name: &str) -> PathBuf {
    let directory = std::env::var_os("PARTNERB2B_BIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| crate::fixtures::workspace_root().join("target"))
                .join("debug")
        });
    let path = directory.join(name);
    assert!(
        path.exists(),
        "{} is missing: run `cargo build --workspace --bins` first (./scripts/test does)",
        path.display()
    );
    path
}

impl RuntimeApi {
    /// Serves the Runtime API on a free loopback port; its `host:port`.
    pub async fn start(&self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address").to_string();
        let router = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(self.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        address
    }

    /// When the function first asked for the next invocation (the end of its init, as
    /// Lambda counts it), if it has.
    pub fn first_poll(&self) -> Option<Instant> {
        self.inner.lock().unwrap().first_poll
    }

    /// Queues an invocation of `event` and waits (at most `deadline`) for its outcome,
    /// which is then forgotten (so that long runs do not accumulate them).
    pub async fn invoke(&self, event: &str, deadline: Duration) -> Outcome {
        let id = uuid::Uuid::new_v4().to_string();
        self.inner
            .lock()
            .unwrap()
            .pending
            .push_back((id.clone(), event.to_owned()));
        self.queued.notify_waiters();
        let end = tokio::time::Instant::now() + deadline;
        loop {
            let answered = self.answered.notified();
            {
                let mut inner = self.inner.lock().unwrap();
                if let Some(index) = inner.outcomes.iter().position(|(done, _)| *done == id) {
                    return inner.outcomes.swap_remove(index).1;
                }
                if let Some(error) = &inner.init_error {
                    panic!("the function failed to start: {error}");
                }
            }
            if tokio::time::timeout_at(end, answered).await.is_err() {
                panic!("no answer to the invocation within {deadline:?}");
            }
        }
    }
}

async fn next(State(api): State<RuntimeApi>) -> Response {
    api.inner
        .lock()
        .unwrap()
        .first_poll
        .get_or_insert_with(Instant::now);
    loop {
        let queued = api.queued.notified();
        if let Some((id, event)) = api.inner.lock().unwrap().pending.pop_front() {
            let deadline = chrono::Utc::now().timestamp_millis() + 30_000;
            let mut headers = HeaderMap::new();
            let header = |value: String| HeaderValue::from_str(&value).expect("header");
            headers.insert("lambda-runtime-aws-request-id", header(id));
            headers.insert("lambda-runtime-deadline-ms", header(deadline.to_string()));
            headers.insert(
                "lambda-runtime-invoked-function-arn",
                header("arn:aws:lambda:eu-west-3:123456789012:function:partnerb2b-test".into()),
            );
            headers.insert(
                "lambda-runtime-trace-id",
                header("Root=1-00000000-000000000000000000000000;Sampled=0".into()),
            );
            return (StatusCode::OK, headers, event).into_response();
        }
        queued.await;
    }
}

async fn response(
    State(api): State<RuntimeApi>,
    Path(id): Path<String>,
    body: Bytes,
) -> StatusCode {
    record(
        &api,
        id,
        Outcome::Response(serde_json::from_slice(&body).unwrap_or(Value::Null)),
    )
}

async fn error(State(api): State<RuntimeApi>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    record(
        &api,
        id,
        Outcome::Error(serde_json::from_slice(&body).unwrap_or(Value::Null)),
    )
}

async fn init_error(State(api): State<RuntimeApi>, body: Bytes) -> StatusCode {
    api.inner.lock().unwrap().init_error =
        Some(serde_json::from_slice(&body).unwrap_or(Value::Null));
    api.answered.notify_waiters();
    StatusCode::ACCEPTED
}

fn record(api: &RuntimeApi, id: String, outcome: Outcome) -> StatusCode {
    api.inner.lock().unwrap().outcomes.push((id, outcome));
    api.answered.notify_waiters();
    StatusCode::ACCEPTED
}

/// Starts the function binary `name` against the Runtime API at `address`, with
/// `environment` on top of the test process's own (which points the SDK at moto).
pub fn spawn_function(name: &str, address: &str, environment: &[(&str, String)]) -> Child {
    let mut command = Command::new(binary(name));
    command
        .env("AWS_LAMBDA_RUNTIME_API", address)
        .env(
            "AWS_LAMBDA_FUNCTION_NAME",
            format!("partnerb2b-test-{name}"),
        )
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/partnerb2b-test")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "test")
        .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    for (name, value) in environment {
        command.env(name, value);
    }
    command.spawn().expect("start the function binary")
}

/// The table, secret and queues of a deployment, in moto, with the event fixtures in
/// it: the environment `template.yaml` gives the functions.
pub async fn moto_deployment() -> Vec<(&'static str, String)> {
    moto_deployment_with(AnalysisState::Pending).await
}

/// How the fixture analysis of a [`moto_deployment_with`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalysisState {
    /// Pending, its message lost ten minutes ago.
    Pending,
    /// Completed by the analysis worker, so that it can be reviewed and its record signed.
    Completed,
}

/// [`moto_deployment`], the fixture analysis in `state`.
pub async fn moto_deployment_with(state: AnalysisState) -> Vec<(&'static str, String)> {
    use crate::{aws, event_fixture};
    use shared::store::Store;
    use shared::store::dynamodb::DynamoStore;

    let (client, table) = aws::fresh_table().await;
    let store: Arc<dyn Store> = Arc::new(DynamoStore::new(client, table.clone()));
    event_fixture::plant_partner(store.as_ref()).await;
    event_fixture::plant_profile(store.as_ref()).await;
    let analysis = event_fixture::submit_and_plant_analysis(store.as_ref()).await;
    if state == AnalysisState::Completed {
        let worker =
            analysis_worker::Worker::new(store.clone(), Arc::new(analysis_worker::NoEvents));
        let message = serde_json::to_string(&analysis.request()).expect("the message");
        worker
            .process(&message)
            .await
            .expect("the fixture analysis completes");
    }
    event_fixture::plant_webhook(
        store.as_ref(),
        "https://hooks.banque-exemple.invalid/partnerb2b",
    )
    .await;
    event_fixture::plant_other_draft(store.as_ref()).await;
    event_fixture::plant_feed(store.as_ref(), 2).await;
    let keys = crate::fixtures::event_token_keys();
    let secret = aws::fresh_secret(&keys.to_json()).await;
    let cursor_secret =
        aws::fresh_secret(&shared::edge::cursor::CursorKey::generate_secret()).await;
    let record_keys = crate::fixtures::event_record_keys();
    let record_secret = aws::fresh_secret(&record_keys.to_json()).await;
    let (analysis_queue, _) = aws::fresh_queue_pair(Duration::from_secs(30), 5).await;
    let (webhook_queue, _) = aws::fresh_queue_pair(Duration::from_secs(30), 5).await;
    vec![
        ("TABLE_NAME", table),
        // template.yaml's Globals: the functions trust the Amazon roots alone.
        ("SDK_TRUST_STORE", "amazon-trust-services".to_owned()),
        ("TOKEN_KEYS_SECRET_ID", secret),
        ("TOKEN_PUBLIC_KEYS", keys.jwks_json()),
        ("CURSOR_KEY_SECRET_ID", cursor_secret),
        ("RECORD_KEYS_SECRET_ID", record_secret),
        ("RECORD_PUBLIC_KEYS", record_keys.jwks_json()),
        ("ANALYSIS_QUEUE_URL", analysis_queue),
        ("WEBHOOK_QUEUE_URL", webhook_queue),
    ]
}
