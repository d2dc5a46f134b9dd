//! Decision records over HTTP (DESIGN §12), as a partner uses them: the record of a
//! reviewed analysis, its signature verified with nothing but the JWKS, its digests
//! recomputed from what the API gives back, and what outlives the profile's erasure.

use std::time::Duration;

use partnerb2b_tests::app::{TestApp, TestResponse};
use partnerb2b_tests::fixtures::complete_profile;
use partnerb2b_tests::statements::french_account;
use reqwest::Method;
use serde_json::{Value, json};
use shared::canonical_json::canonical_sha256;
use shared::jwks::PublicKeySet;

const WAIT: Duration = Duration::from_secs(10);

/// Every member of a record, in alphabetical order.
const RECORD_MEMBERS: [&str; 16] = [
    "analysis_id",
    "api_key_id",
    "categoriser_version",
    "completed_at",
    "decision",
    "erased_at",
    "input_sha256",
    "model_version",
    "partner_id",
    "profile_id",
    "profile_version",
    "requested_at",
    "result_sha256",
    "reviews",
    "signature",
    "usury_table_from",
];

async fn get(app: &TestApp, token: &str, path: &str) -> TestResponse {
    app.request(Method::GET, path, Some(token)).await
}

async fn get_record(app: &TestApp, token: &str, analysis: &str) -> TestResponse {
    get(app, token, &format!("/api/v1/analyses/{analysis}/record/")).await
}

/// The record's payload as its signature holds it, verified with the served JWKS only:
/// the record must be that payload plus `signature`.
async fn verified(app: &TestApp, record: &Value) -> Value {
    let jwks = app.request(Method::GET, "/api/v1/keys/", None).await;
    jwks.assert_status(200);
    let keys = PublicKeySet::from_jwks_json(&jwks.body.to_string()).expect("a JWKS");
    let signature = record["signature"].as_str().expect("a signature");
    let payload = shared::jws::verify_record(signature, &keys).expect("a valid signature");
    let mut unsigned = record.clone();
    unsigned.as_object_mut().unwrap().remove("signature");
    assert_eq!(
        payload, unsigned,
        "the signature covers the record as served"
    );
    payload
}

/// What `input_sha256` digests, rebuilt from the API as a partner would (DESIGN §12):
/// the profile's attributes as read at the analysed version, and each statement in the
/// `native` form, its transactions without the categoriser's `category` and `rule`.
async fn rebuilt_input(app: &TestApp, token: &str, attributes: &Value, profile: &str) -> Value {
    let listed = get(
        app,
        token,
        &format!("/api/v1/profiles/{profile}/bank-statements/"),
    )
    .await;
    let mut statements = Vec::new();
    for summary in listed.body["data"].as_array().unwrap() {
        let id = summary["id"].as_str().unwrap();
        let read = get(
            app,
            token,
            &format!("/api/v1/profiles/{profile}/bank-statements/{id}/"),
        )
        .await;
        let statement = &read.body["data"];
        let transactions: Vec<Value> = statement["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|transaction| {
                let mut transaction = transaction.clone();
                let members = transaction.as_object_mut().unwrap();
                members.remove("category");
                members.remove("rule");
                transaction
            })
            .collect();
        statements.push(json!({
            "format": statement["format"],
            "account": statement["account"],
            "transactions": transactions,
        }));
    }
    json!({"attributes": attributes, "statements": statements})
}

async fn a_reviewed_analysis_has_a_record_that_proves_itself(app: &TestApp) {
    let token = app.access_token().await;
    let mut body = complete_profile();
    body["reference"] = Value::Null;
    let created = app.create_profile(&token, &body).await;
    let profile = created.body["data"]["id"].as_str().unwrap().to_owned();
    app.send(
        app.with(
            Method::POST,
            &format!("/api/v1/profiles/{profile}/bank-statements/"),
        )
        .bearer_auth(&token)
        .json(&french_account("native")),
    )
    .await
    .assert_status(201);
    let submitted = app.submit_profile(&token, &profile).await;
    submitted.assert_status(200);
    let attributes = submitted.body["data"]["attributes"].clone();
    let requested = app.request_analysis(&token, &profile).await;
    let analysis = requested.body["data"]["id"].as_str().unwrap().to_owned();
    let finished = app.finished_analysis(&token, &analysis, WAIT).await;
    assert_eq!(finished.body["data"]["status"], "completed");
    let model_decision = finished.body["data"]["result"]["decision"].clone();
    let reviewed = app
        .create_review(
            &token,
            &analysis,
            &json!({"reviewer": "agent-0042", "decision": "review", "justification": "Pièces demandées au client."}),
            None,
        )
        .await;
    reviewed.assert_status(201);

    let response = get_record(app, &token, &analysis).await;

    response.assert_status(200);
    let record = &response.body["data"];
    let members: Vec<&str> = record
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(members, RECORD_MEMBERS);
    let payload = verified(app, record).await;
    assert_eq!(payload["analysis_id"], json!(analysis));
    assert_eq!(payload["profile_id"], json!(profile));
    assert_eq!(
        payload["profile_version"],
        submitted.body["data"]["version"]
    );
    assert_eq!(payload["decision"], model_decision);
    assert_eq!(payload["model_version"], scoring::MODEL_VERSION);
    assert_eq!(payload["categoriser_version"], bank::CATEGORISER_VERSION);
    assert_eq!(payload["erased_at"], Value::Null);
    assert!(
        payload["api_key_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("key_")),
        "{payload}"
    );
    assert!(payload["usury_table_from"].is_string(), "{payload}");
    let review = &reviewed.body["data"];
    assert_eq!(
        payload["reviews"],
        json!([{
            "id": review["id"],
            "reviewer": "agent-0042",
            "decision": "review",
            "created_at": review["created_at"],
        }]),
        "a review as the record keeps it: no free text"
    );
    let input = rebuilt_input(app, &token, &attributes, &profile).await;
    assert_eq!(
        payload["input_sha256"],
        json!(canonical_sha256(&input).unwrap()),
        "the partner recomputes input_sha256 from {input:#}"
    );
    let in_french = app
        .send(
            app.with(Method::GET, &format!("/api/v1/analyses/{analysis}/"))
                .bearer_auth(&token)
                .header("accept-language", "fr"),
        )
        .await;
    assert_eq!(
        payload["result_sha256"],
        json!(canonical_sha256(&in_french.body["data"]["result"]).unwrap()),
        "result_sha256 is the digest of the result read in French"
    );
    let as_token = get(
        app,
        record["signature"].as_str().unwrap(),
        "/api/v1/profiles/",
    )
    .await;
    as_token.assert_error(401, "invalid_token");

    app.delete_profile(&token, &profile)
        .await
        .assert_status(204);

    get(app, &token, &format!("/api/v1/analyses/{analysis}/"))
        .await
        .assert_status(404);
    let after = get_record(app, &token, &analysis).await;
    after.assert_status(200);
    let erased = verified(app, &after.body["data"]).await;
    assert!(erased["erased_at"].is_string(), "{erased}");
    let mut kept = erased.clone();
    kept["erased_at"] = Value::Null;
    assert_eq!(
        kept, payload,
        "the erasure keeps every member of the record, erased_at set"
    );
    let raw = after.body.to_string();
    for personal in ["Pièces demandées", "CARREFOUR", "LOGISTIQUE RHONE"] {
        assert!(!raw.contains(personal), "{personal} outlived the erasure");
    }
}

#[tokio::test]
async fn a_reviewed_analysis_has_a_record_that_proves_itself_on_the_embedded_store() {
    a_reviewed_analysis_has_a_record_that_proves_itself(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn a_reviewed_analysis_has_a_record_that_proves_itself_through_dynamodb_and_sqs() {
    a_reviewed_analysis_has_a_record_that_proves_itself(&TestApp::spawn_dynamodb().await).await;
}

#[tokio::test]
async fn another_partners_or_an_unknown_analysis_has_no_record() {
    let app = TestApp::spawn().await;
    let owner = app.access_token().await;
    let intruder = app.access_token().await;
    let profile = app.submitted_profile(&owner).await;
    let requested = app.request_analysis(&owner, &profile).await;
    let analysis = requested.body["data"]["id"].as_str().unwrap().to_owned();
    app.finished_analysis(&owner, &analysis, WAIT).await;

    get_record(&app, &intruder, &analysis)
        .await
        .assert_error(404, "not_found");
    get_record(&app, &owner, &uuid::Uuid::now_v7().to_string())
        .await
        .assert_error(404, "not_found");
    get_record(&app, &owner, "not-an-id")
        .await
        .assert_error(404, "not_found");
}
