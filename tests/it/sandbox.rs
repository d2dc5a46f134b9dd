//! `partnerb2b sandbox load`: every persona reaches the outcome it is built for.

use partnerb2b_tests::app::TestApp;
use serde_json::Value;

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
    assert_eq!(profiles.len(), 6);
    for persona in profiles {
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
        let not_passing: Vec<String> = result["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|rule| rule["status"] != "pass")
            .map(|rule| format!("{} {}", rule["code"], rule["status"]))
            .collect();
        assert_eq!(
            result["decision"], persona["outcome"],
            "{}: score {}, {not_passing:?}",
            persona["reference"], result["score"]
        );
        assert!(result["bank"].is_object(), "{}", persona["reference"]);
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
