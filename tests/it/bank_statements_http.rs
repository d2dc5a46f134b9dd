//! Bank statements on a profile (DESIGN §10), black-box over HTTP against the local
//! server: the three formats, the refusals with pointers, the version bump, idempotency,
//! the 2 MiB limit of this route only, isolation and erasure.

use partnerb2b_tests::app::{TestApp, TestResponse};
use partnerb2b_tests::fixtures::complete_profile;
use partnerb2b_tests::statements::{fixture_date, french_account, native_body, statement_of};
use reqwest::Method;
use serde_json::{Value, json};

async fn upload(app: &TestApp, token: &str, profile: &str, body: &Value) -> TestResponse {
    app.send(
        app.with(
            Method::POST,
            &format!("/api/v1/profiles/{profile}/bank-statements/"),
        )
        .bearer_auth(token)
        .json(body),
    )
    .await
}

async fn get(app: &TestApp, token: &str, path: &str) -> TestResponse {
    app.request(Method::GET, path, Some(token)).await
}

async fn draft(app: &TestApp, token: &str) -> String {
    let mut body = complete_profile();
    body.as_object_mut().unwrap().remove("reference");
    let created = app.create_profile(token, &body).await;
    created.assert_status(201);
    created.body["data"]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_same_account_in_the_three_formats_gives_the_same_insights() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let mut insights = Vec::new();
    for format in ["native", "stet", "berlin_group"] {
        let profile = draft(&app, &token).await;
        get(
            &app,
            &token,
            &format!("/api/v1/profiles/{profile}/bank-insights/"),
        )
        .await
        .assert_error(409, "no_bank_statements");
        let uploaded = upload(&app, &token, &profile, &french_account(format)).await;
        uploaded.assert_status(201);
        let summary = &uploaded.body["data"];
        assert_eq!(summary["format"], format);
        assert_eq!(summary["profile_id"], profile.as_str());
        let balance_date = fixture_date("2026-11-20");
        assert_eq!(summary["account"]["balance_date"], balance_date.as_str());
        assert_eq!(summary["period"]["to"], balance_date.as_str());
        let statement = summary["id"].as_str().unwrap();
        assert_eq!(
            uploaded.header("location"),
            Some(format!("/api/v1/profiles/{profile}/bank-statements/{statement}/").as_str())
        );
        let found = get(
            &app,
            &token,
            &format!("/api/v1/profiles/{profile}/bank-insights/"),
        )
        .await;
        found.assert_status(200);
        insights.push(found.body["data"].clone());
    }
    assert_eq!(insights[0], insights[1], "native and STET");
    assert_eq!(insights[0], insights[2], "native and Berlin Group");
    assert_eq!(insights[0]["period"]["full_months"], 3);
    assert_eq!(insights[0]["charges"]["lenders"], json!(["COFIDIS"]));
    assert_eq!(insights[0]["rejected_payments_90d"], 1);
    app.stop().await;
}

#[tokio::test]
async fn statements_are_listed_read_with_categories_and_deleted() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let profile = app.submitted_profile(&token).await;
    let statements = format!("/api/v1/profiles/{profile}/bank-statements/");

    let uploaded = upload(&app, &token, &profile, &french_account("native")).await;
    uploaded.assert_status(201);
    let id = uploaded.body["data"]["id"].as_str().unwrap().to_owned();
    let after = app.get_profile(&token, &profile).await;
    assert_eq!(after.body["data"]["version"], 2, "the version bumps");
    assert_eq!(after.body["data"]["status"], "draft", "back to draft");

    let listed = get(&app, &token, &statements).await;
    listed.assert_status(200);
    assert_eq!(listed.body["data"], json!([uploaded.body["data"]]));

    let read = get(&app, &token, &format!("{statements}{id}/")).await;
    read.assert_status(200);
    let transactions = read.body["data"]["transactions"].as_array().unwrap();
    assert_eq!(transactions.len(), 60);
    let cofidis = transactions
        .iter()
        .find(|transaction| transaction["id"] == "SM0008")
        .expect("the Cofidis instalment");
    assert_eq!(cofidis["category"], "credit.repayment");
    assert!(cofidis["rule"].is_string());
    assert_eq!(cofidis["amount"], -142.37);

    let deleted = app
        .request(Method::DELETE, &format!("{statements}{id}/"), Some(&token))
        .await;
    deleted.assert_status(204);
    get(&app, &token, &format!("{statements}{id}/"))
        .await
        .assert_error(404, "not_found");
    assert_eq!(get(&app, &token, &statements).await.body["data"], json!([]));
    assert_eq!(
        app.get_profile(&token, &profile).await.body["data"]["version"],
        3
    );
    get(
        &app,
        &token,
        &format!("/api/v1/profiles/{profile}/bank-insights/"),
    )
    .await
    .assert_error(409, "no_bank_statements");
    app.stop().await;
}

#[tokio::test]
async fn a_malformed_document_is_a_422_pointing_into_it() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let profile = draft(&app, &token).await;
    let mut body = french_account("native");
    let transactions = body["transactions"].as_array_mut().unwrap();
    transactions[0].as_object_mut().unwrap().remove("amount");
    transactions[1]["amount"] = json!("12.50");
    transactions[2]["date"] = json!("2999-01-01");
    let mut stet = french_account("stet");
    stet["transactions"]["transactions"][0]["creditDebitIndicator"] = json!("SIDEWAYS");
    let cases = [
        (
            body,
            vec![
                "/transactions/0/amount",
                "/transactions/1/amount",
                "/transactions/2/date",
            ],
            "native: missing, string, future",
        ),
        (
            stet,
            vec!["/transactions/transactions/0/creditDebitIndicator"],
            "STET: unknown indicator",
        ),
        (
            json!({"format": "ofx"}),
            vec!["/format"],
            "an unknown format",
        ),
    ];
    for (body, pointers, why) in cases {
        let refused = upload(&app, &token, &profile, &body).await;
        refused.assert_error(422, "validation_error");
        let fields: Vec<&str> = refused.body["error"]["details"]
            .as_array()
            .unwrap()
            .iter()
            .map(|detail| detail["field"].as_str().unwrap())
            .collect();
        for pointer in pointers {
            assert!(fields.contains(&pointer), "{why}: {pointer} in {fields:?}");
        }
    }
    let mut dollars = french_account("native");
    dollars["account"]["currency"] = json!("USD");
    let refused = upload(&app, &token, &profile, &dollars).await;
    refused.assert_error(422, "unsupported_currency");
    assert_eq!(
        refused.body["error"]["details"][0]["field"],
        "/account/currency"
    );
    let french = app
        .send(
            app.with(
                Method::POST,
                &format!("/api/v1/profiles/{profile}/bank-statements/"),
            )
            .bearer_auth(&token)
            .header("accept-language", "fr")
            .json(&dollars),
        )
        .await;
    assert!(
        french.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("euros"),
        "{:#}",
        french.body
    );
    assert_eq!(
        app.get_profile(&token, &profile).await.body["data"]["version"],
        1,
        "nothing refused changes the profile"
    );
    app.stop().await;
}

#[tokio::test]
async fn five_thousand_transactions_fit_and_two_mib_is_this_routes_limit_only() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let profile = draft(&app, &token).await;
    let today = shared::domain::attributes::today();
    let large = native_body(&statement_of(5_000, today));
    assert!(large.to_string().len() > 64 * 1024);

    upload(&app, &token, &profile, &large)
        .await
        .assert_status(201);
    let mut too_many = native_body(&statement_of(5_001, today));
    too_many["transactions"]
        .as_array_mut()
        .unwrap()
        .truncate(5_001);
    let refused = upload(&app, &token, &profile, &too_many).await;
    refused.assert_error(422, "validation_error");
    assert_eq!(refused.body["error"]["details"][0]["code"], "too_many");

    let mut oversized = native_body(&statement_of(1, today));
    oversized["transactions"][0]["label"] = json!("X".repeat(2 * 1024 * 1024));
    upload(&app, &token, &profile, &oversized)
        .await
        .assert_error(413, "payload_too_large");
    let big_patch = json!({"reference": "x".repeat(70 * 1024)});
    app.patch_profile(&token, &profile, &big_patch)
        .await
        .assert_error(413, "payload_too_large");
    app.stop().await;
}

#[tokio::test]
async fn an_upload_is_idempotent_and_another_partners_profile_is_not_found() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let profile = draft(&app, &token).await;
    let path = format!("/api/v1/profiles/{profile}/bank-statements/");
    let send = async |body: &Value| {
        app.send(
            app.with(Method::POST, &path)
                .bearer_auth(&token)
                .header("idempotency-key", "statement-1")
                .json(body),
        )
        .await
    };
    let first = send(&french_account("native")).await;
    first.assert_status(201);
    let again = send(&french_account("native")).await;
    again.assert_status(201);
    assert_eq!(again.body["data"], first.body["data"]);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    send(&french_account("stet"))
        .await
        .assert_error(422, "idempotency_key_reused");
    assert_eq!(
        get(&app, &token, &path).await.body["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let other = app.create_partner("Other").await;
    let intruder = app.token(&other.api_key).await.body["data"]["access"]
        .as_str()
        .unwrap()
        .to_owned();
    let statement = first.body["data"]["id"].as_str().unwrap();
    upload(&app, &intruder, &profile, &french_account("native"))
        .await
        .assert_error(404, "not_found");
    get(&app, &intruder, &path)
        .await
        .assert_error(404, "not_found");
    get(&app, &intruder, &format!("{path}{statement}/"))
        .await
        .assert_error(404, "not_found");
    get(
        &app,
        &intruder,
        &format!("/api/v1/profiles/{profile}/bank-insights/"),
    )
    .await
    .assert_error(404, "not_found");

    app.delete_profile(&token, &profile)
        .await
        .assert_status(204);
    get(&app, &token, &format!("{path}{statement}/"))
        .await
        .assert_error(404, "not_found");
    app.stop().await;
}

/// Upload, submit, analyse: the worker scores the snapshot with its statements.
async fn the_analysis_reads_the_statements(app: &TestApp) {
    let token = app.access_token().await;
    let profile = draft(app, &token).await;
    upload(app, &token, &profile, &french_account("berlin_group"))
        .await
        .assert_status(201);
    let insights = get(
        app,
        &token,
        &format!("/api/v1/profiles/{profile}/bank-insights/"),
    )
    .await
    .body["data"]
        .clone();
    app.submit_profile(&token, &profile)
        .await
        .assert_status(200);
    let requested = app.request_analysis(&token, &profile).await;
    requested.assert_status(202);
    let id = requested.body["data"]["id"].as_str().unwrap().to_owned();

    let analysis = app
        .finished_analysis(&token, &id, std::time::Duration::from_secs(20))
        .await;

    let result = &analysis.body["data"]["result"];
    assert_eq!(
        analysis.body["data"]["status"], "completed",
        "{:#}",
        analysis.body
    );
    assert_eq!(
        numbers_as_f64(&result["bank"]),
        numbers_as_f64(&insights),
        "result.bank is the insights (DynamoDB keeps 60.0 as the number 60)"
    );
    assert_eq!(result["model_version"], scoring::MODEL_VERSION);
    let rule = |code: &str| {
        result["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|rule| rule["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {result:#}"))
            .clone()
    };
    assert_eq!(
        rule("BANK_DATA_COVERAGE")["status"],
        "pass",
        "120 days, 3 full months"
    );
    // Observed 2 332.02 (salary + CAF) of the 5 500 declared: 0.424.
    assert_eq!(rule("INCOME_VERIFIED")["status"], "fail");
    assert_eq!(
        rule("UNDECLARED_CREDIT")["status"],
        "pass",
        "Cofidis 142.37 <= 180 x 1.1 + 20"
    );
    assert_eq!(
        rule("REJECTED_PAYMENTS")["status"],
        "warn",
        "one rejected direct debit"
    );
    assert_eq!(result["metrics"]["income_basis"], "observed");
    assert_eq!(
        result["metrics"]["monthly_income"],
        insights["income"]["monthly_average"]
    );
    assert_eq!(result["decision"], "unfavorable");
}

/// `value` with every number as a float: 60 and 60.0 are the same JSON number.
fn numbers_as_f64(value: &Value) -> Value {
    match value {
        Value::Number(number) => json!(number.as_f64()),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_f64).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(name, member)| (name.clone(), numbers_as_f64(member)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[tokio::test]
async fn the_analysis_reads_the_statements_on_the_embedded_store() {
    let app = TestApp::spawn().await;
    the_analysis_reads_the_statements(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn the_analysis_reads_the_statements_on_dynamodb() {
    let app = TestApp::spawn_dynamodb().await;
    the_analysis_reads_the_statements(&app).await;
    app.stop().await;
}

/// Erasure on DynamoDB: no statement part, no snapshot part, nothing naming the profile
/// is left in the partner's partition, read straight from moto.
#[tokio::test]
async fn erasure_leaves_no_statement_item_on_dynamodb() {
    let app = TestApp::spawn_dynamodb().await;
    let partner = app.create_partner("Banque Effacement").await;
    let token = app.token(&partner.api_key).await.body["data"]["access"]
        .as_str()
        .unwrap()
        .to_owned();
    let profile = draft(&app, &token).await;
    upload(&app, &token, &profile, &french_account("stet"))
        .await
        .assert_status(201);
    let large = native_body(&statement_of(5_000, shared::domain::attributes::today()));
    upload(&app, &token, &profile, &large)
        .await
        .assert_status(201);
    app.submit_profile(&token, &profile)
        .await
        .assert_status(200);
    let table = app.table.clone().expect("a DynamoDB app");
    let before = partnerb2b_tests::aws::partition_sort_keys(&table, partner.partner_id).await;
    assert!(
        before
            .iter()
            .filter(|key| key.contains("#STATEMENT#"))
            .count()
            >= 4,
        "the large statement is in parts: {before:?}"
    );
    assert!(
        before.iter().any(|key| key.contains("#PART#")),
        "{before:?}"
    );

    app.delete_profile(&token, &profile)
        .await
        .assert_status(204);

    let left = partnerb2b_tests::aws::partition_sort_keys(&table, partner.partner_id).await;
    assert!(
        left.iter().all(|key| !key.contains(&profile)),
        "left behind: {left:?}"
    );
    app.stop().await;
}
