//! Every Lambda binary run as Lambda runs it: the real executable, started against a
//! Runtime API on loopback with the environment `template.yaml` gives it, its SDK
//! pointed at moto, fed one of its `events/` files, and its answer checked.

use std::time::Duration;

use partnerb2b_tests::aws_recorder::AwsRecorder;
use partnerb2b_tests::fixtures::read;
use partnerb2b_tests::runtime_api::{Outcome, RuntimeApi, moto_deployment, spawn_function};

async fn invoke(binary: &str, event: &str) -> Outcome {
    let environment = moto_deployment().await;
    let api = RuntimeApi::default();
    let address = api.start().await;
    let mut function = spawn_function(binary, &address, &environment);
    let outcome = api
        .invoke(&read(&format!("events/{event}")), Duration::from_secs(60))
        .await;
    let _ = function.kill().await;
    outcome
}

fn api_gateway_status(outcome: &Outcome) -> u64 {
    match outcome {
        Outcome::Response(response) => response["statusCode"]
            .as_u64()
            .expect("an API Gateway response"),
        Outcome::Error(error) => panic!("the function failed: {error}"),
    }
}

fn failed_items(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Response(response) => response["batchItemFailures"]
            .as_array()
            .expect("an SQS batch response")
            .iter()
            .map(|failure| {
                failure["itemIdentifier"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect(),
        Outcome::Error(error) => panic!("the function failed: {error}"),
    }
}

#[tokio::test]
async fn the_auth_binary_answers_a_token_event() {
    let outcome = invoke("auth", "auth-token.json").await;
    assert_eq!(api_gateway_status(&outcome), 200, "{outcome:?}");
}

#[tokio::test]
async fn the_attributes_binary_answers_its_event() {
    let outcome = invoke("attributes", "attributes-list.json").await;
    assert_eq!(api_gateway_status(&outcome), 200, "{outcome:?}");
}

#[tokio::test]
async fn the_profiles_binary_answers_its_event() {
    let outcome = invoke("profiles", "profiles-get.json").await;
    assert_eq!(api_gateway_status(&outcome), 200, "{outcome:?}");
}

#[tokio::test]
async fn the_analyses_binary_queues_on_sqs() {
    let outcome = invoke("analyses", "analyses-request.json").await;
    assert_eq!(api_gateway_status(&outcome), 202, "{outcome:?}");
}

#[tokio::test]
async fn the_webhooks_binary_answers_its_event() {
    let outcome = invoke("webhooks", "webhooks-get.json").await;
    assert_eq!(api_gateway_status(&outcome), 200, "{outcome:?}");
}

#[tokio::test]
async fn the_analysis_worker_binary_reports_only_the_malformed_record() {
    let outcome = invoke("analysis-worker", "analysis-worker-sqs.json").await;
    assert_eq!(
        failed_items(&outcome),
        ["5f2b1c9a-0003-4c1e-9a55-3f1f0c2d4e77"],
        "{outcome:?}"
    );
}

#[tokio::test]
async fn the_analysis_sweeper_binary_queues_the_lost_analysis_again() {
    let outcome = invoke("analysis-sweeper", "analysis-sweeper-schedule.json").await;
    let Outcome::Response(sweep) = &outcome else {
        panic!("the function failed: {outcome:?}");
    };
    assert_eq!(sweep, &serde_json::json!({"requeued": 1, "skipped": 0}));
}

#[tokio::test]
async fn the_webhook_worker_binary_reports_only_the_malformed_record() {
    // Its strict URL policy refuses the fixture's unresolvable host: an attempt that
    // failed and is rescheduled, not a failed message.
    let outcome = invoke("webhook-worker", "webhook-worker-sqs.json").await;
    assert_eq!(
        failed_items(&outcome),
        ["7a3c2b1d-0002-4c1e-9a55-3f1f0c2d4e77"],
        "{outcome:?}"
    );
}

/// The AWS calls `binary` makes before it first asks for an invocation (its init).
async fn calls_at_init(binary: &str) -> Vec<(String, String)> {
    let mut environment = moto_deployment().await;
    let (recorder, proxy) = AwsRecorder::start().await;
    environment.push(("AWS_ENDPOINT_URL", proxy));
    let api = RuntimeApi::default();
    let address = api.start().await;
    let mut function = spawn_function(binary, &address, &environment);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while api.first_poll().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "{binary} did not finish its init"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let calls = recorder.calls().into_iter().collect();
    let _ = function.kill().await;
    calls
}

/// DESIGN section 12: only `auth` reads a secret at init (its private token keys); the
/// other HTTP functions verify tokens with the public keys in their configuration and
/// read the cursor key when they first need it.
#[tokio::test]
async fn only_auth_calls_aws_at_init() {
    let auth = calls_at_init("auth").await;
    assert_eq!(auth.len(), 1, "{auth:?}");
    assert_eq!(auth[0].0, "secretsmanager:GetSecretValue");
    for binary in ["attributes", "profiles", "analyses", "webhooks"] {
        assert_eq!(calls_at_init(binary).await, [], "{binary}");
    }
}

/// It says why in words: `main` returns `shared::lambda::Stopped`, whose debug form (what
/// a `main` returning `Err` prints) is the error's message and causes.
#[tokio::test]
async fn a_function_missing_its_configuration_exits_instead_of_serving() {
    let api = RuntimeApi::default();
    let address = api.start().await;
    let output = tokio::time::timeout(
        Duration::from_secs(60),
        tokio::process::Command::new(partnerb2b_tests::runtime_api::binary("auth"))
            .env("AWS_LAMBDA_RUNTIME_API", &address)
            .env("TABLE_NAME", "")
            .output(),
    )
    .await
    .expect("the function stops")
    .expect("its output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "a function missing TABLE_NAME must not start serving"
    );
    assert!(
        stderr.contains("Error: environment variable TABLE_NAME must be set"),
        "{stderr}"
    );
}

/// An API Gateway event for `GET path`, as the events in `events/` are shaped.
fn get_event(path: &str) -> String {
    let mut event: serde_json::Value =
        serde_json::from_str(&read("events/attributes-list.json")).expect("an event");
    event["rawPath"] = path.into();
    event["routeKey"] = format!("ANY {path}").into();
    event["requestContext"]["http"]["path"] = path.into();
    event["requestContext"]["routeKey"] = format!("ANY {path}").into();
    event.to_string()
}

#[tokio::test]
async fn a_panic_is_answered_500_and_the_same_process_serves_the_next_request() {
    let api = RuntimeApi::default();
    let address = api.start().await;
    let mut function = spawn_function("panicking-lambda", &address, &[]);
    let deadline = Duration::from_secs(30);

    let outcome = api.invoke(&get_event("/api/v1/panic/"), deadline).await;
    assert_eq!(api_gateway_status(&outcome), 500, "{outcome:?}");
    let Outcome::Response(response) = &outcome else {
        unreachable!()
    };
    let body: serde_json::Value =
        serde_json::from_str(response["body"].as_str().expect("a body")).expect("JSON");
    assert_eq!(body["error"]["code"], "internal_error");
    assert_eq!(
        body["meta"]["request_id"].as_str(),
        response["headers"]["x-request-id"].as_str(),
        "the envelope names the request, as the log line does"
    );

    let outcome = api.invoke(&get_event("/api/v1/fine/"), deadline).await;
    assert_eq!(api_gateway_status(&outcome), 200, "{outcome:?}");
    assert!(
        function.try_wait().expect("the process state").is_none(),
        "the process that panicked is still running: the container is kept"
    );
    let _ = function.kill().await;
}
