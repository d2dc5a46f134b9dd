//! `partnerb2b sandbox load`: every persona reaches the outcome it is built for, on any
//! day it is loaded.

use std::collections::BTreeMap;

use partnerb2b::sandbox::{personas, statement_document};
use partnerb2b_tests::app::TestApp;
use partnerb2b_tests::fixtures::quarter_usury_thresholds;
use scoring::{Date, UsuryTable};
use serde_json::Value;
use shared::domain::attributes::Attributes;

/// Each persona's decision and the bank rules that must not pass, written here rather than
/// read from what `sandbox load` says of itself, so a persona that drifted fails.
/// A persona: its reference, its decision, and each bank rule not passing with its status.
type Persona = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const PERSONAS: [Persona; 6] = [
    ("sandbox-salaried-tenant", "favorable", &[]),
    (
        "sandbox-undeclared-credit",
        "review",
        &[("UNDECLARED_CREDIT", "fail")],
    ),
    ("sandbox-gambling", "review", &[("GAMBLING", "fail")]),
    (
        "sandbox-overdrawn",
        "unfavorable",
        &[("OVERDRAFT", "fail"), ("REJECTED_PAYMENTS", "fail")],
    ),
    ("sandbox-retired-owner", "favorable", &[]),
    (
        "sandbox-short-history",
        "review",
        &[
            ("BANK_DATA_COVERAGE", "warn"),
            ("INCOME_VERIFIED", "warn"),
            ("UNDECLARED_CREDIT", "warn"),
            ("OVERDRAFT", "warn"),
            ("REJECTED_PAYMENTS", "warn"),
            ("GAMBLING", "warn"),
        ],
    ),
];

const BANK_RULES: [&str; 6] = [
    "BANK_DATA_COVERAGE",
    "INCOME_VERIFIED",
    "UNDECLARED_CREDIT",
    "OVERDRAFT",
    "REJECTED_PAYMENTS",
    "GAMBLING",
];

/// What an analysis result shows of a persona's outcome: its decision, and each bank rule
/// not passing with its status.
fn outcome(result: &Value) -> (&str, BTreeMap<&str, &str>) {
    let bank_not_passing = result["rules"]
        .as_array()
        .expect("the rules")
        .iter()
        .filter_map(|rule| Some((rule["code"].as_str()?, rule["status"].as_str()?)))
        .filter(|(code, status)| BANK_RULES.contains(code) && *status != "pass")
        .collect();
    (
        result["decision"].as_str().expect("a decision"),
        bank_not_passing,
    )
}

/// `persona` loaded on `today` and analysed as the worker does it that day, with `usury`.
fn analysed(persona: &personas::Persona, today: Date, usury: &UsuryTable) -> Value {
    let raw = serde_json::from_value((persona.attributes)()).expect("raw attributes");
    let profile = Attributes::parse(&raw, today)
        .expect("the persona's attributes")
        .to_scoring_profile()
        .expect("complete");
    let document = statement_document(persona, today);
    let statement = bank::parse_statement(&document, today).expect("the persona's statement");
    let insights = bank::insights(&[statement]).expect("a statement has insights");
    let context = scoring::Context::new(today, usury).with_bank(insights.evidence());
    serde_json::to_value(scoring::analyse(&profile, &context)).expect("JSON")
}

/// Whatever day `sandbox load` runs on, each persona reaches its outcome: every day of
/// 2027 and 2028 (months of 28 to 31 days under the 90-day window, a leap February),
/// analysed in process with that quarter's thresholds loaded.
#[test]
fn every_persona_reaches_its_outcome_on_any_day() {
    let mut day = Date::new(2027, 1, 1).expect("a date");
    let last = Date::new(2028, 12, 31).expect("a date");
    let mut days = 0;
    let mut wrong = Vec::new();
    while day <= last {
        let usury = UsuryTable::shipped().merged(quarter_usury_thresholds(day));
        for (persona, (reference, decision, bank_not_passing)) in
            personas::PERSONAS.iter().zip(PERSONAS)
        {
            assert_eq!(persona.reference, reference, "the personas, in order");
            let result = analysed(persona, day, &usury);
            let expected = (decision, bank_not_passing.iter().copied().collect());
            let actual = outcome(&result);
            if actual != expected {
                wrong.push(format!("{day} {reference}: {actual:?}"));
            }
        }
        days += 1;
        day = Date::from_days_since_epoch(day.days_since_epoch() + 1).expect("a date");
    }
    assert_eq!(days, 731);
    assert!(
        wrong.is_empty(),
        "{} persona-days off their outcome, the first: {:#?}",
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
}

/// Loads the sandbox for a new partner with the operator CLI, then analyses every persona
/// as that partner.
async fn every_persona_reaches_its_outcome(app: &TestApp) {
    app.load_this_quarters_usury_thresholds().await;
    let partner = app.create_partner("Courtier Sandbox").await;
    let partner_id = partner.partner_id.to_string();
    let output = app
        .operator(&["sandbox", "load", "--partner", &partner_id, "--json"])
        .await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let loaded: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(
        loaded.get("api_key").is_none(),
        "an existing partner gets no new key"
    );
    let token = app.token(&partner.api_key).await.body["data"]["access"]
        .as_str()
        .unwrap()
        .to_owned();
    let profiles = loaded["profiles"].as_array().unwrap();
    let references: Vec<&str> = profiles
        .iter()
        .filter_map(|persona| persona["reference"].as_str())
        .collect();
    assert_eq!(
        references,
        PERSONAS.map(|(reference, ..)| reference),
        "the six personas, in order"
    );
    for (persona, (reference, decision, bank_not_passing)) in profiles.iter().zip(PERSONAS) {
        let id = persona["profile_id"].as_str().unwrap();
        let statements = app
            .request(
                reqwest::Method::GET,
                &format!("/api/v1/profiles/{id}/bank-statements/"),
                Some(&token),
            )
            .await;
        assert_eq!(statements.body["data"].as_array().map(Vec::len), Some(1));
        let requested = app.request_analysis(&token, id).await;
        requested.assert_status(202);
        let analysis_id = requested.body["data"]["id"].as_str().unwrap().to_owned();
        let analysis = app
            .finished_analysis(&token, &analysis_id, std::time::Duration::from_secs(20))
            .await;
        let result = &analysis.body["data"]["result"];
        let (actual_decision, bank_outcomes) = outcome(result);
        let not_passing: Vec<String> = result["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|rule| rule["status"] != "pass")
            .map(|rule| format!("{} {}", rule["code"], rule["status"]))
            .collect();
        assert_eq!(
            actual_decision, decision,
            "{reference}: score {}, {not_passing:?}",
            result["score"]
        );
        assert_eq!(
            persona["outcome"], decision,
            "{reference}: what the CLI says"
        );
        let expected: BTreeMap<&str, &str> = bank_not_passing.iter().copied().collect();
        assert_eq!(
            bank_outcomes, expected,
            "{reference}: the bank rules not passing"
        );
        assert!(result["bank"].is_object(), "{reference}");
    }

    let missing = app
        .operator(&[
            "sandbox",
            "load",
            "--partner",
            &uuid::Uuid::now_v7().to_string(),
        ])
        .await;
    assert_eq!(missing.status.code(), Some(3), "an unknown partner");
}

#[tokio::test]
async fn every_persona_reaches_its_outcome_on_the_embedded_store() {
    let app = TestApp::spawn().await;
    every_persona_reaches_its_outcome(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn without_a_partner_the_sandbox_creates_one_with_a_key() {
    let app = TestApp::spawn().await;
    let output = app.operator(&["sandbox", "load", "--json"]).await;
    assert!(output.status.success());
    let loaded: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let key = loaded["api_key"].as_str().expect("a key");
    app.token(key).await.assert_status(200);
    app.stop().await;
}
