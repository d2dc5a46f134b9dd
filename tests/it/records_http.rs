//! Decision records over HTTP (DESIGN §12), as a partner uses them: the record of a
//! reviewed analysis, its signature verified with nothing but the JWKS, its digests
//! recomputed from what the API gives back, and what outlives the profile's erasure.

use std::time::Duration;

use chrono::Datelike;
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
    assert_eq!(payload["api_key_id"], token_claims(&token)["key"]);
    let category = finished.body["data"]["result"]["metrics"]["usury_category"]
        .as_str()
        .and_then(scoring::UsuryCategory::from_name)
        .expect("the result's usury category");
    let created =
        chrono::DateTime::parse_from_rfc3339(finished.body["data"]["created_at"].as_str().unwrap())
            .unwrap()
            .date_naive();
    let on =
        scoring::Date::new(created.year(), created.month() as u8, created.day() as u8).unwrap();
    let threshold = scoring::UsuryTable::shipped()
        .lookup(category, on)
        .expect("a shipped threshold");
    assert_eq!(
        payload["usury_table_from"],
        json!(format!(
            "{:04}-{:02}-{:02}",
            threshold.from.year(),
            threshold.from.month(),
            threshold.from.day()
        )),
        "the threshold the TAEG was held against"
    );
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
    assert_eq!(erased["reviews"][0]["reviewer"], Value::Null);
    let mut kept = erased.clone();
    kept["erased_at"] = Value::Null;
    kept["reviews"][0]["reviewer"] = json!("agent-0042");
    assert_eq!(
        kept, payload,
        "the erasure keeps every other member of the record"
    );
    let raw = after.body.to_string();
    for personal in [
        "agent-0042",
        "Pièces demandées",
        "CARREFOUR",
        "LOGISTIQUE RHONE",
    ] {
        assert!(!raw.contains(personal), "{personal} outlived the erasure");
    }
    if let Some(table) = &app.table {
        let mut kept: Vec<&str> = ["PK", "SK", "expires_at"]
            .into_iter()
            .chain(
                RECORD_MEMBERS
                    .into_iter()
                    .filter(|member| *member != "signature"),
            )
            .collect();
        kept.sort_unstable();
        assert_eq!(
            stored_record_members(table, &erased).await,
            kept,
            "the item kept holds the record and its expiry, nothing else"
        );
    }
}

/// The claims of an access token, read without verifying it.
fn token_claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// The attribute names of the item an erasure left for `record`, read from moto.
async fn stored_record_members(table: &str, record: &Value) -> Vec<String> {
    use aws_sdk_dynamodb::types::AttributeValue;
    let partner: shared::domain::model::PartnerId =
        record["partner_id"].as_str().unwrap().parse().unwrap();
    let analysis: shared::domain::model::AnalysisId =
        record["analysis_id"].as_str().unwrap().parse().unwrap();
    let (pk, sk) = shared::store::keys::erased_record(partner, analysis);
    let client = aws_sdk_dynamodb::Client::new(&partnerb2b_tests::aws::sdk_config().await);
    let item = client
        .get_item()
        .table_name(table)
        .key("PK", AttributeValue::S(pk))
        .key("SK", AttributeValue::S(sk))
        .consistent_read(true)
        .send()
        .await
        .expect("read the item")
        .item
        .expect("the erasure left the record");
    let mut members: Vec<String> = item.into_keys().collect();
    members.sort();
    members
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

/// `value` as DynamoDB stores it (numbers as `N`, objects as `M`, arrays as `L`).
fn attribute(value: &Value) -> aws_sdk_dynamodb::types::AttributeValue {
    use aws_sdk_dynamodb::types::AttributeValue;
    match value {
        Value::Null => AttributeValue::Null(true),
        Value::Bool(flag) => AttributeValue::Bool(*flag),
        Value::Number(number) => AttributeValue::N(number.to_string()),
        Value::String(text) => AttributeValue::S(text.clone()),
        Value::Array(items) => AttributeValue::L(items.iter().map(attribute).collect()),
        Value::Object(members) => AttributeValue::M(
            members
                .iter()
                .map(|(name, member)| (name.clone(), attribute(member)))
                .collect(),
        ),
    }
}

/// DynamoDB's TTL deletes an expired item within days, not at once: until it does, the
/// store holds an erased record past its six months as absent itself.
#[tokio::test]
async fn an_erased_record_past_its_six_months_reads_as_absent_on_dynamodb() {
    use shared::store::AnalysisStore;
    let (client, table) = partnerb2b_tests::aws::fresh_table().await;
    let store = shared::store::dynamodb::DynamoStore::new(client.clone(), table.clone());
    let mut records = Vec::new();
    for months in [5, 7] {
        let at = chrono::Utc::now() - chrono::Months::new(months);
        let record = shared::domain::record::DecisionRecord {
            analysis_id: shared::domain::model::AnalysisId::new(),
            profile_id: shared::domain::model::ProfileId::new(),
            profile_version: 1,
            partner_id: shared::domain::model::PartnerId::new(),
            api_key_id: None,
            requested_at: at,
            completed_at: at,
            model_version: scoring::MODEL_VERSION.to_owned(),
            categoriser_version: None,
            usury_table_from: None,
            input_sha256: None,
            result_sha256: None,
            decision: scoring::Decision::Review,
            reviews: Vec::new(),
            erased_at: None,
        }
        .erased(at);
        let (pk, sk) = shared::store::keys::erased_record(record.partner_id, record.analysis_id);
        let mut item = json!(record);
        item["PK"] = json!(pk);
        item["SK"] = json!(sk);
        item["expires_at"] = json!(record.expires_at().unwrap());
        let aws_sdk_dynamodb::types::AttributeValue::M(item) = attribute(&item) else {
            unreachable!("a record is an object")
        };
        client
            .put_item()
            .table_name(&table)
            .set_item(Some(item))
            .send()
            .await
            .expect("plant the record");
        records.push(record);
    }

    let recent = store
        .get_decision_record(records[0].partner_id, records[0].analysis_id)
        .await
        .unwrap();
    let expired = store
        .get_decision_record(records[1].partner_id, records[1].analysis_id)
        .await
        .unwrap();

    assert_eq!(
        recent,
        Some(shared::store::RecordSource::Erased(Box::new(
            records[0].clone()
        )))
    );
    assert_eq!(expired, None);
}
