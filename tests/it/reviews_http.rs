//! Human reviews over HTTP (DESIGN §12): at most 10, each body checked field by field,
//! once per `Idempotency-Key`, told to webhooks as `analysis.reviewed` with ids and
//! decisions only, and erased with the profile.

use std::time::Duration;

use partnerb2b_tests::app::TestApp;
use partnerb2b_tests::receiver::Receiver;
use serde_json::{Value, json};
use shared::domain::review::MAX_REVIEWS;

const WAIT: Duration = Duration::from_secs(10);

/// A review overturning an unfavorable decision, its free text recognisable.
pub fn overturning() -> Value {
    json!({
        "reviewer": "agent-secret-0042",
        "decision": "favorable",
        "justification": "Prime annuelle attestée par l'employeur, hors revenus déclarés.",
        "consumer_statement": "Je touche une prime de 6 000 euros chaque mois de mars."
    })
}

/// A completed, unfavorable analysis of a new profile of `token`'s partner: its id.
async fn unfavorable_analysis(app: &TestApp, token: &str) -> String {
    let mut profile = partnerb2b_tests::fixtures::complete_profile();
    profile["reference"] = Value::Null;
    profile["attributes"]["loan_amount"] = json!(900000);
    let created = app.create_profile(token, &profile).await;
    let profile = created.body["data"]["id"].as_str().unwrap().to_owned();
    app.submit_profile(token, &profile).await.assert_status(200);
    let requested = app.request_analysis(token, &profile).await;
    let id = requested.body["data"]["id"].as_str().unwrap().to_owned();
    let finished = app.finished_analysis(token, &id, WAIT).await;
    assert_eq!(finished.body["data"]["status"], "completed");
    assert_eq!(finished.body["data"]["result"]["decision"], "unfavorable");
    id
}

fn members(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .map(|object| object.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

async fn a_review_is_recorded_and_told_to_webhooks(app: &TestApp) {
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let subscribed = app
        .create_webhook(
            &token,
            &json!({"url": receiver.url, "events": ["analysis.completed", "analysis.reviewed"]}),
        )
        .await;
    subscribed.assert_status(201);
    receiver.set_secret(subscribed.body["data"]["secret"].as_str().unwrap());
    let analysis = unfavorable_analysis(app, &token).await;
    let before = app.get_analysis(&token, &analysis).await;
    let model = &before.body["data"];
    assert_eq!(
        (
            &model["final_decision"],
            &model["decided_by"],
            &model["reviews"]
        ),
        (&json!("unfavorable"), &json!("model"), &json!([]))
    );

    let recorded = app
        .create_review(&token, &analysis, &overturning(), None)
        .await;

    recorded.assert_status(201);
    let review = &recorded.body["data"];
    let mut expected = overturning();
    expected["id"] = review["id"].clone();
    expected["analysis_id"] = json!(analysis);
    expected["created_at"] = review["created_at"].clone();
    assert_eq!(review, &expected);
    assert!(review["id"].as_str().unwrap().parse::<uuid::Uuid>().is_ok());
    let after = app.get_analysis(&token, &analysis).await;
    let read = &after.body["data"];
    assert_eq!(read["final_decision"], "favorable");
    assert_eq!(read["decided_by"], "human");
    assert_eq!(read["reviews"], json!([review]));
    assert_eq!(
        read["result"], model["result"],
        "the model's result never changes"
    );
    let profile = read["profile_id"].as_str().unwrap();
    let listed = app.list_profile_analyses(&token, profile, "").await;
    assert_eq!(listed.body["data"][0], *read, "the list shows the same");
    let explained = app.get_explanation(&token, &analysis, None).await;
    assert_eq!(
        (
            &explained.body["data"]["decision"],
            &explained.body["data"]["final_decision"]
        ),
        (&json!("unfavorable"), &json!("favorable"))
    );
    let received = receiver.wait_for(2, WAIT).await;
    let types: Vec<&Value> = received.iter().map(|got| &got.body["type"]).collect();
    assert_eq!(
        types,
        ["analysis.completed", "analysis.reviewed"],
        "the completion's event, then the review's"
    );
    let event = &received[1];
    assert!(event.verified, "signed: {event:?}");
    let data = &event.body["data"];
    assert_eq!(
        data,
        &json!({
            "analysis_id": analysis,
            "profile_id": data["profile_id"],
            "status": "completed",
            "review_id": review["id"],
            "decision": "unfavorable",
            "final_decision": "favorable",
            "decided_by": "human",
        })
    );
    assert_eq!(
        members(data),
        [
            "analysis_id",
            "decided_by",
            "decision",
            "final_decision",
            "profile_id",
            "review_id",
            "status"
        ]
    );
    let raw = String::from_utf8_lossy(&event.raw_body);
    for free_text in ["agent-secret", "Prime annuelle", "6 000 euros"] {
        assert!(!raw.contains(free_text), "no free text in the event: {raw}");
    }
}

#[tokio::test]
async fn a_review_is_recorded_and_told_to_webhooks_on_the_embedded_store() {
    a_review_is_recorded_and_told_to_webhooks(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn a_review_is_recorded_and_told_to_webhooks_through_dynamodb_and_sqs() {
    a_review_is_recorded_and_told_to_webhooks(&TestApp::spawn_dynamodb().await).await;
}

/// The `(field, code)` of each detail a 422 lists, in order.
type Expected = &'static [(&'static str, &'static str)];

#[tokio::test]
async fn each_field_of_a_review_is_checked_with_its_pointer() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let analysis = unfavorable_analysis(&app, &token).await;
    let with = |field: &str, value: Value| {
        let mut body = overturning();
        body[field] = value;
        body
    };
    let without = |field: &str| {
        let mut body = overturning();
        body.as_object_mut().unwrap().remove(field);
        body
    };
    let cases: Vec<(Value, Expected, &str)> = vec![
        (
            without("reviewer"),
            &[("/reviewer", "required")],
            "no reviewer",
        ),
        (
            with("reviewer", json!("")),
            &[("/reviewer", "min")],
            "an empty reviewer",
        ),
        (
            with("reviewer", json!("  \t")),
            &[("/reviewer", "min")],
            "a blank reviewer",
        ),
        (
            with("reviewer", json!("é".repeat(65))),
            &[("/reviewer", "max")],
            "65 characters of reviewer",
        ),
        (
            with("reviewer", json!(7)),
            &[("/reviewer", "type")],
            "a number as reviewer",
        ),
        (
            without("decision"),
            &[("/decision", "required")],
            "no decision",
        ),
        (
            with("decision", json!("approved")),
            &[("/decision", "enum")],
            "an unknown decision",
        ),
        (
            with("decision", json!("Favorable")),
            &[("/decision", "enum")],
            "a decision spelled otherwise",
        ),
        (
            without("justification"),
            &[("/justification", "required")],
            "no justification",
        ),
        (
            with("justification", json!("")),
            &[("/justification", "min")],
            "an empty justification",
        ),
        (
            with("justification", json!("x".repeat(2001))),
            &[("/justification", "max")],
            "2001 characters of justification",
        ),
        (
            with("consumer_statement", json!("€".repeat(4001))),
            &[("/consumer_statement", "max")],
            "4001 characters of consumer statement",
        ),
        (
            with("consumer_statement", json!(["a"])),
            &[("/consumer_statement", "type")],
            "a list as consumer statement",
        ),
        (
            with("score", json!(1)),
            &[("/score", "unknown_field")],
            "an unknown field",
        ),
        (
            json!({"reviewer": "", "decision": "maybe", "justification": " ", "consumer_statement": "x".repeat(4001)}),
            &[
                ("/reviewer", "min"),
                ("/justification", "min"),
                ("/consumer_statement", "max"),
                ("/decision", "enum"),
            ],
            "every field wrong at once",
        ),
    ];
    for (body, expected, what) in cases {
        let response = app.create_review(&token, &analysis, &body, None).await;
        response.assert_error(422, "validation_error");
        let details: Vec<(&str, &str)> = response.body["error"]["details"]
            .as_array()
            .unwrap()
            .iter()
            .map(|detail| {
                (
                    detail["field"].as_str().unwrap(),
                    detail["code"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(details, expected, "{what}");
    }
    let at_the_limits = json!({
        "reviewer": "é".repeat(64),
        "decision": "review",
        "justification": "€".repeat(2000),
        "consumer_statement": "ü".repeat(4000)
    });
    app.create_review(&token, &analysis, &at_the_limits, None)
        .await
        .assert_status(201);
    let without_statement = without("consumer_statement");
    let recorded = app
        .create_review(&token, &analysis, &without_statement, None)
        .await;
    recorded.assert_status(201);
    assert_eq!(recorded.body["data"]["consumer_statement"], Value::Null);
}

#[tokio::test]
async fn an_analysis_holds_at_most_ten_reviews() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let analysis = unfavorable_analysis(&app, &token).await;
    for _ in 0..MAX_REVIEWS {
        app.create_review(&token, &analysis, &overturning(), None)
            .await
            .assert_status(201);
    }

    let refused = app
        .create_review(&token, &analysis, &overturning(), None)
        .await;

    refused.assert_error(409, "review_limit_reached");
    let french = app
        .send(
            app.with(
                reqwest::Method::POST,
                &format!("/api/v1/analyses/{analysis}/reviews/"),
            )
            .bearer_auth(&token)
            .header("accept-language", "fr")
            .json(&overturning()),
        )
        .await;
    french.assert_error(409, "review_limit_reached");
    assert!(
        french.body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("10 revues au plus"),
        "{:#}",
        french.body
    );
}

#[tokio::test]
async fn another_partners_or_an_unknown_analysis_answers_404() {
    let app = TestApp::spawn().await;
    let owner = app.access_token().await;
    let intruder = app.access_token().await;
    let analysis = unfavorable_analysis(&app, &owner).await;
    for (token, id, what) in [
        (&intruder, analysis.clone(), "another partner's analysis"),
        (
            &owner,
            uuid::Uuid::now_v7().to_string(),
            "an unknown analysis",
        ),
        (&owner, "not-a-uuid".to_owned(), "not an id"),
    ] {
        let response = app.create_review(token, &id, &overturning(), None).await;
        assert_eq!(
            (response.status, response.error_code()),
            (404, "not_found"),
            "{what}"
        );
    }
    let first = app
        .create_review(&owner, &analysis, &overturning(), None)
        .await;
    first.assert_status(201);
}

#[tokio::test]
async fn an_idempotency_key_records_one_review() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let analysis = unfavorable_analysis(&app, &token).await;

    let first = app
        .create_review(&token, &analysis, &overturning(), Some("review-once"))
        .await;
    let again = app
        .create_review(&token, &analysis, &overturning(), Some("review-once"))
        .await;
    let mut other = overturning();
    other["decision"] = json!("review");
    let reused = app
        .create_review(&token, &analysis, &other, Some("review-once"))
        .await;

    first.assert_status(201);
    again.assert_status(201);
    assert_eq!(again.body["data"], first.body["data"], "the same review");
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.header("idempotent-replayed"), None);
    reused.assert_error(422, "idempotency_key_reused");
    for _ in 1..MAX_REVIEWS {
        app.create_review(&token, &analysis, &overturning(), None)
            .await
            .assert_status(201);
    }
    let after_the_limit = app
        .create_review(&token, &analysis, &overturning(), Some("review-once"))
        .await;
    assert_eq!(
        after_the_limit.body["data"], first.body["data"],
        "one review for the key: 10 in all, the retry answered"
    );
}

async fn erasing_the_profile_erases_its_reviews(app: &TestApp) {
    let token = app.access_token().await;
    let analysis = unfavorable_analysis(app, &token).await;
    let read = app.get_analysis(&token, &analysis).await;
    let profile = read.body["data"]["profile_id"].as_str().unwrap().to_owned();
    app.create_review(&token, &analysis, &overturning(), Some("review-erased"))
        .await
        .assert_status(201);

    app.delete_profile(&token, &profile)
        .await
        .assert_status(204);

    app.get_analysis(&token, &analysis)
        .await
        .assert_error(404, "not_found");
    let retried = app
        .create_review(&token, &analysis, &overturning(), Some("review-erased"))
        .await;
    retried.assert_error(404, "not_found");
    let feed = app
        .request(
            reqwest::Method::GET,
            "/api/v1/events/?type=analysis.reviewed",
            Some(&token),
        )
        .await;
    let raw = feed.body.to_string();
    for free_text in ["agent-secret", "Prime annuelle", "6 000 euros"] {
        assert!(
            !raw.contains(free_text),
            "nothing of the review is left: {raw}"
        );
    }
}

#[tokio::test]
async fn erasing_the_profile_erases_its_reviews_on_the_embedded_store() {
    erasing_the_profile_erases_its_reviews(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn erasing_the_profile_erases_its_reviews_on_dynamodb() {
    erasing_the_profile_erases_its_reviews(&TestApp::spawn_dynamodb().await).await;
}
