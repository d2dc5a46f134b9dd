//! Error answers in the language `Accept-Language` asks for: the same status, `code`,
//! `details[].field` and `details[].code` in every language, only the messages change,
//! and the French writes numbers the French way.

use partnerb2b_tests::app::{TestApp, TestResponse};
use reqwest::Method;
use serde_json::{Value, json};

/// `(field, code)` of each detail: what must not change with the language.
fn detail_codes(response: &TestResponse) -> Vec<(Value, Value)> {
    response.body["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|detail| (detail["field"].clone(), detail["code"].clone()))
        .collect()
}

fn messages(response: &TestResponse) -> Vec<&str> {
    response.body["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|detail| detail["message"].as_str().expect("a message"))
        .collect()
}

/// `request` sent once in English (no `Accept-Language`) and once asking for French:
/// both answers, after checking they differ in their messages only.
#[track_caller]
fn same_but_the_messages(english: &TestResponse, french: &TestResponse, what: &str) {
    assert_eq!(english.status, french.status, "{what}");
    assert_eq!(english.error_code(), french.error_code(), "{what}");
    assert_eq!(detail_codes(english), detail_codes(french), "{what}");
    assert_eq!(english.header("content-language"), Some("en"), "{what}");
    assert_eq!(french.header("content-language"), Some("fr"), "{what}");
    assert_ne!(
        english.body["error"]["message"], french.body["error"]["message"],
        "{what}"
    );
}

/// The request sent without `Accept-Language`, then asking for French.
async fn both(
    app: &TestApp,
    method: Method,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> (TestResponse, TestResponse) {
    let build = |language: Option<&str>| {
        let mut request = app.with(method.clone(), path);
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        if let Some(body) = &body {
            request = request.json(body);
        }
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        request
    };
    (
        app.send(build(None)).await,
        app.send(build(Some("fr-FR,fr;q=0.9,en;q=0.5"))).await,
    )
}

#[tokio::test]
async fn representative_errors_answer_in_french_when_asked() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let (en, fr) = both(&app, Method::GET, "/api/v1/profiles/", None, None).await;
    same_but_the_messages(&en, &fr, "no token");
    assert_eq!(fr.status, 401);
    assert_eq!(
        fr.body["error"]["message"],
        "l'en-tête Authorization: Bearer <access token> est obligatoire"
    );

    let (en, fr) = both(
        &app,
        Method::GET,
        &format!("/api/v1/profiles/{}/", uuid::Uuid::now_v7()),
        Some(&token),
        None,
    )
    .await;
    same_but_the_messages(&en, &fr, "unknown profile");
    assert_eq!(fr.body["error"]["message"], "ressource introuvable");

    let (en, fr) = both(
        &app,
        Method::GET,
        "/api/v1/profiles/?limit=0",
        Some(&token),
        None,
    )
    .await;
    same_but_the_messages(&en, &fr, "limit out of range");
    assert_eq!(
        en.body["error"]["message"],
        "invalid limit: a whole number from 1 to 100"
    );
    assert_eq!(
        fr.body["error"]["message"],
        "limit invalide\u{a0}: un nombre entier de 1 à 100"
    );
    assert_eq!(messages(&fr), ["un nombre entier de 1 à 100"]);

    let (en, fr) = both(
        &app,
        Method::POST,
        "/api/v1/profiles/",
        Some(&token),
        Some(json!({"attributes": {
            "loan_amount": 2_000_000_000,
            "dependents": 1.5,
            "employment_status": "astronaut",
            "pet": "cat"
        }})),
    )
    .await;
    same_but_the_messages(&en, &fr, "invalid attributes");
    assert_eq!(fr.status, 422);
    assert_eq!(
        fr.body["error"]["message"],
        "la requête n'est pas valide\u{a0}; voir details"
    );
    let french_details = messages(&fr);
    assert!(
        french_details
            .contains(&"doit valoir au plus 1\u{202f}000\u{202f}000\u{202f}000,00\u{a0}€"),
        "amounts written the French way: {french_details:?}"
    );
    assert!(
        french_details.contains(&"doit être un nombre entier"),
        "{french_details:?}"
    );
    assert!(
        french_details.contains(&"absent du catalogue (GET /api/v1/attributes/)"),
        "{french_details:?}"
    );
    assert!(
        messages(&en).contains(&"must be at most 1000000000 EUR"),
        "the English is unchanged: {:?}",
        messages(&en)
    );

    let (en, fr) = both(
        &app,
        Method::POST,
        "/api/v1/webhooks/",
        Some(&token),
        Some(json!({"url": "ftp://example.com/hook"})),
    )
    .await;
    same_but_the_messages(&en, &fr, "webhook URL refused");
    assert_eq!(messages(&fr), ["seules les URL https sont acceptées"]);

    let (en, fr) = both(
        &app,
        Method::POST,
        "/api/v1/webhooks/",
        Some(&token),
        Some(json!({"url": "https://example.com/hook", "events": ["analysis.started"]})),
    )
    .await;
    same_but_the_messages(&en, &fr, "an unknown event type");
    let french = messages(&fr);
    assert!(
        french[0].starts_with(
            "valeur inconnue `analysis.started`\u{a0}; valeurs admises\u{a0}: `analysis.completed`"
        ) && !french[0].contains(" line "),
        "{french:?}"
    );

    let (en, fr) = both(
        &app,
        Method::POST,
        "/api/v1/auth/token/",
        None,
        Some(json!({"apiKey": 42})),
    )
    .await;
    same_but_the_messages(&en, &fr, "a body of the wrong shape");
    assert_eq!(
        messages(&fr),
        ["la valeur doit être un texte, et non un nombre entier"]
    );

    let large = app
        .send(
            app.with(Method::POST, "/api/v1/auth/token/")
                .header("content-type", "application/json")
                .header("accept-language", "fr")
                .body(vec![b' '; 70_000]),
        )
        .await;
    assert_eq!(large.status, 413);
    assert_eq!(
        large.body["error"]["message"],
        "le corps de la requête dépasse 65\u{202f}536 octets"
    );
}

#[tokio::test]
async fn the_language_follows_the_quality_values_and_defaults_to_english() {
    let app = TestApp::spawn().await;
    for (header, expected) in [
        ("en;q=0.4, fr;q=0.8", "fr"),
        ("fr;q=0, en", "en"),
        ("de-DE, de;q=0.9", "en"),
        ("*", "en"),
    ] {
        let response = app
            .send(
                app.with(Method::GET, "/api/v1/profiles/")
                    .header("accept-language", header),
            )
            .await;
        assert_eq!(response.status, 401);
        assert_eq!(
            response.header("content-language"),
            Some(expected),
            "{header}"
        );
        let french = response.body["error"]["message"]
            .as_str()
            .expect("a message")
            .starts_with("l'en-tête");
        assert_eq!(french, expected == "fr", "{header}: {}", response.body);
    }
}
