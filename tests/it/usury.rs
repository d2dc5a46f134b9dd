//! The usury thresholds as the operator runs them: `partnerb2b usury set` beside a running
//! server, on its data file or its DynamoDB table, changes the threshold the very next
//! analysis is held to, without a restart.

use partnerb2b_tests::app::{TestApp, TestResponse};
use scoring::Date;
use serde_json::{Value, json};
use shared::domain::attributes::today;
use std::time::Duration;

/// A consumer loan of 10 000 EUR over 48 months at 8.30 %, without fees or insurance: a
/// TAEG of 8.62 %, within the shipped ceiling of `consumer_gt_6000` (8.67 %).
pub fn consumer_loan() -> Value {
    let mut body = partnerb2b_tests::fixtures::complete_profile();
    body["reference"] = Value::Null;
    let attributes = body["attributes"].as_object_mut().expect("attributes");
    attributes.remove("property_value");
    attributes.remove("down_payment");
    attributes.insert("loan_type".into(), json!("consumer"));
    attributes.insert("loan_amount".into(), json!(10_000));
    attributes.insert("loan_duration_months".into(), json!(48));
    attributes.insert("loan_annual_rate".into(), json!(8.30));
    body
}

/// A submitted profile of `body`; its id.
pub async fn submitted(app: &TestApp, token: &str, body: &Value) -> String {
    let created = app.create_profile(token, body).await;
    created.assert_status(201);
    let id = created.body["data"]["id"].as_str().expect("id").to_owned();
    let submitted = app.submit_profile(token, &id).await;
    submitted.assert_status(200);
    id
}

/// A new analysis of `profile`, once completed.
pub async fn analysed(app: &TestApp, token: &str, profile: &str) -> TestResponse {
    let requested = app.request_analysis(token, profile).await;
    requested.assert_status(202);
    let id = requested.body["data"]["id"].as_str().expect("id");
    let finished = app
        .finished_analysis(token, id, Duration::from_secs(10))
        .await;
    assert_eq!(
        finished.body["data"]["status"], "completed",
        "{:?}",
        finished.body
    );
    finished
}

fn usury_rule(analysis: &TestResponse) -> &Value {
    analysis.body["data"]["result"]["rules"]
        .as_array()
        .and_then(|rules| rules.iter().find(|rule| rule["code"] == "USURY_RATE"))
        .expect("a USURY_RATE rule")
}

fn quarter_start(date: Date) -> String {
    date.quarter().first_day().to_string()
}

#[track_caller]
fn succeeded(output: &std::process::Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What an operator sees when a quarter starts: analyses warn until its thresholds are
/// loaded, the next analysis after `usury set` is held to the new one, and a threshold
/// loaded ahead for the next quarter waits for its date.
async fn a_quarters_thresholds_apply_to_the_next_analysis(app: TestApp) {
    let token = app.access_token().await;
    let profile = submitted(&app, &token, &consumer_loan()).await;
    let this_quarter = quarter_start(today());
    let next_quarter = today()
        .quarter()
        .next()
        .expect("a next quarter")
        .first_day()
        .to_string();

    let before = analysed(&app, &token, &profile).await;
    let rule = usury_rule(&before);
    assert_eq!(rule["status"], "warn", "none loaded yet: {rule}");
    assert_eq!(rule["value"], 0.0862);
    assert_eq!(
        rule["threshold"], 0.0867,
        "the latest shipped one stands in"
    );
    assert!(
        rule["message"]
            .as_str()
            .unwrap()
            .contains("none is loaded for"),
        "{rule}"
    );
    assert_eq!(
        before.body["data"]["result"]["metrics"]["usury_category"],
        "consumer_gt_6000"
    );

    let set = app
        .operator(&[
            "usury",
            "set",
            "--from",
            &this_quarter,
            "--category",
            "consumer_gt_6000",
            "--rate",
            "8.50",
        ])
        .await;
    assert!(
        succeeded(&set).contains("the next analysis uses it"),
        "{set:?}"
    );
    let ahead = app
        .operator(&[
            "usury",
            "set",
            "--from",
            &next_quarter,
            "--category",
            "consumer_gt_6000",
            "--rate",
            "9.00",
        ])
        .await;
    assert!(
        succeeded(&ahead).contains(&format!("analyses use it from {next_quarter}")),
        "{ahead:?}"
    );

    let after = analysed(&app, &token, &profile).await;
    let rule = usury_rule(&after);
    assert_eq!(
        (&rule["status"], &rule["threshold"]),
        (&json!("fail"), &json!(0.085)),
        "this quarter's threshold, loaded while the server ran: {rule}"
    );
    let result = &after.body["data"]["result"];
    assert_eq!(result["decision"], "unfavorable");
    assert_eq!(result["metrics"]["usury_threshold"], 0.085);

    let listed = app
        .operator(&["usury", "list", "--on", &next_quarter, "--json"])
        .await;
    let listed: Value = serde_json::from_str(&succeeded(&listed)).expect("--json prints JSON");
    assert_eq!(
        listed["categories"][6]["in_force"],
        json!({"from": next_quarter, "rate": 9.0, "source": "operator", "replaces_shipped": null})
    );
    let today_listed = app.operator(&["usury", "list", "--json"]).await;
    let today_listed: Value = serde_json::from_str(&succeeded(&today_listed)).unwrap();
    assert_eq!(today_listed["categories"][6]["in_force"]["rate"], 8.5);
    assert_eq!(today_listed["categories"][6]["loaded_for_quarter"], true);
    assert_eq!(today_listed["categories"][5]["loaded_for_quarter"], false);
    app.stop().await;
}

#[tokio::test]
async fn on_the_data_file_of_a_running_server() {
    a_quarters_thresholds_apply_to_the_next_analysis(TestApp::spawn().await).await;
}

#[tokio::test]
async fn on_dynamodb() {
    a_quarters_thresholds_apply_to_the_next_analysis(TestApp::spawn_dynamodb().await).await;
}
