//! The spec's profile sections, black-box over HTTP against the local server.

use partnerb2b_tests::app::TestApp;
use partnerb2b_tests::fixtures::complete_profile;
use reqwest::Method;
use serde_json::{Value, json};

fn id(response: &partnerb2b_tests::app::TestResponse) -> String {
    response.body["data"]["id"]
        .as_str()
        .expect("an id")
        .to_owned()
}

async fn lifecycle(app: &TestApp) {
    let token = app.access_token().await;
    let created = app
        .create_profile(&token, &json!({"reference": "client-7", "attributes": {"monthly_net_income": 2500.55, "loan_type": "auto"}}))
        .await;
    created.assert_status(201);
    let data = &created.body["data"];
    assert_eq!(data["status"], "draft");
    assert_eq!(data["version"], 1);
    assert_eq!(data["attributes"]["monthly_net_income"], 2500.55);
    assert!(
        data["missing_attributes"]
            .as_array()
            .unwrap()
            .contains(&json!("birth_date"))
    );
    assert_eq!(created.header("etag"), Some("\"1\""));
    let profile = id(&created);
    assert_eq!(
        created.header("location"),
        Some(format!("/api/v1/profiles/{profile}/").as_str())
    );

    let read = app.get_profile(&token, &profile).await;
    read.assert_status(200);
    assert_eq!(read.body["data"], created.body["data"]);
    assert_eq!(read.header("etag"), Some("\"1\""));

    let complete = complete_profile();
    let patched = app
        .patch_profile(
            &token,
            &profile,
            &json!({"attributes": complete["attributes"]}),
        )
        .await;
    patched.assert_status(200);
    assert_eq!(patched.body["data"]["version"], 2);
    assert_eq!(patched.body["data"]["missing_attributes"], json!([]));
    assert_eq!(patched.header("etag"), Some("\"2\""));

    let submitted = app.submit_profile(&token, &profile).await;
    submitted.assert_status(200);
    assert_eq!(submitted.body["data"]["status"], "submitted");
    assert_eq!(submitted.body["data"]["submitted_version"], 2);
    let again = app.submit_profile(&token, &profile).await;
    assert_eq!(
        (again.status, &again.body["data"]["version"]),
        (200, &json!(2)),
        "submitting twice is harmless"
    );

    let back_to_draft = app
        .patch_profile(&token, &profile, &json!({"attributes": {"savings": null}}))
        .await;
    assert_eq!(back_to_draft.body["data"]["status"], "draft");
    assert_eq!(back_to_draft.body["data"]["version"], 3);
    assert!(
        back_to_draft.body["data"]["attributes"]
            .get("savings")
            .is_none()
    );

    let listed = app.list_profiles(&token, "").await;
    listed.assert_status(200);
    assert_eq!(listed.body["data"][0]["id"], profile);
    assert!(listed.body["meta"]["next_cursor"].is_null());

    let deleted = app.delete_profile(&token, &profile).await;
    deleted.assert_status(204);
    assert_eq!(deleted.body, Value::Null);
    assert_eq!(app.get_profile(&token, &profile).await.status, 404);
    let reused = app
        .create_profile(&token, &json!({"reference": "client-7"}))
        .await;
    assert_eq!(reused.status, 201, "the reference is free after erasure");
}

#[tokio::test]
async fn profile_lifecycle_on_the_embedded_store() {
    lifecycle(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn profile_lifecycle_on_dynamodb() {
    lifecycle(&TestApp::spawn_dynamodb().await).await;
}

#[tokio::test]
async fn bad_profile_bodies_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let big = json!({"attributes": {"birth_date": "x".repeat(70 * 1024)}}).to_string();
    let many: serde_json::Map<String, Value> = (0..101)
        .map(|index| (format!("a{index}"), json!(1)))
        .collect();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let long = "é".repeat(600);
    let cases: Vec<(String, u16, &str, Option<&str>, &str)> = vec![
        (
            json!({"attributes": {"shoe_size": 42}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/shoe_size"),
            "unknown attribute",
        ),
        (
            json!({"attributes": {"dependents": "two"}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/dependents"),
            "wrong type",
        ),
        (
            json!({"attributes": {"monthly_net_income": -1}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/monthly_net_income"),
            "negative money",
        ),
        (
            r#"{"attributes": {"loan_amount": 1e309}}"#.to_owned(),
            422,
            "validation_error",
            Some("/attributes/loan_amount"),
            "1e309",
        ),
        (
            r#"{"attributes": {"dependents": 123456789012345678901234567890}}"#.to_owned(),
            422,
            "validation_error",
            Some("/attributes/dependents"),
            "integer beyond 64 bits",
        ),
        (
            json!({"attributes": {"dependents": 1.5}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/dependents"),
            "fraction for an integer",
        ),
        (
            json!({"attributes": {"savings": 10.123}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/savings"),
            "three decimals",
        ),
        (
            json!({"attributes": {"loan_type": long}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/loan_type"),
            "string over 1 KiB",
        ),
        (
            json!({"attributes": many}).to_string(),
            422,
            "validation_error",
            Some("/attributes"),
            "more than 100 attributes",
        ),
        (
            json!({"attributes": {"birth_date": "2023-02-30"}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/birth_date"),
            "impossible date",
        ),
        (
            json!({"attributes": {"birth_date": "12/04/1985"}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/birth_date"),
            "not ISO 8601",
        ),
        (
            json!({"attributes": {"birth_date": "2999-01-01"}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/birth_date"),
            "birth date in the future",
        ),
        (
            json!({"attributes": {"housing_status": "castle"}}).to_string(),
            422,
            "validation_error",
            Some("/attributes/housing_status"),
            "unknown enum value",
        ),
        (
            json!({"status": "submitted"}).to_string(),
            422,
            "validation_error",
            Some("/status"),
            "mass assignment: status",
        ),
        (
            json!({"id": "0193a3c2-7a1e-7cc0-8d5e-3f2b1c9a4e10"}).to_string(),
            422,
            "validation_error",
            Some("/id"),
            "mass assignment: id",
        ),
        (
            json!({"version": 9}).to_string(),
            422,
            "validation_error",
            Some("/version"),
            "mass assignment: version",
        ),
        (
            json!({"partner_id": "x"}).to_string(),
            422,
            "validation_error",
            Some("/partner_id"),
            "mass assignment: partner_id",
        ),
        (
            json!({"reference": ""}).to_string(),
            422,
            "validation_error",
            Some("/reference"),
            "empty reference",
        ),
        (
            json!({"reference": "r".repeat(129)}).to_string(),
            422,
            "validation_error",
            Some("/reference"),
            "reference too long",
        ),
        (big, 413, "payload_too_large", None, "body over 64 KiB"),
        (
            deep,
            422,
            "validation_error",
            Some(""),
            "10 000-deep JSON (valid, but not an object)",
        ),
        (
            "[]".to_owned(),
            422,
            "validation_error",
            Some(""),
            "an array for an object",
        ),
        ("{".to_owned(), 400, "invalid_json", None, "truncated JSON"),
        (
            r#"{"reference": "a", "reference": "b"}"#.to_owned(),
            400,
            "invalid_json",
            None,
            "a member named twice, not last-wins",
        ),
        (
            r#"{"attributes": {"dependents": 1, "dependents": 2}}"#.to_owned(),
            400,
            "invalid_json",
            None,
            "an attribute named twice in the attributes map",
        ),
        (
            r#"{"attributes": {"savings": 1, "savin\u0067s": 2}}"#.to_owned(),
            400,
            "invalid_json",
            None,
            "an attribute named twice, once with an escape",
        ),
    ];
    for (body, status, code, field, why) in cases {
        let response = app
            .send(
                app.with(Method::POST, "/api/v1/profiles/")
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body),
            )
            .await;
        assert_eq!(response.status, status, "{why}: {:?}", response.body);
        assert_eq!(response.error_code(), code, "{why}");
        if let Some(field) = field {
            let fields: Vec<&str> = response.body["error"]["details"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|d| d["field"].as_str())
                .collect();
            assert!(fields.contains(&field), "{why}: {fields:?}");
        }
    }
    let response = app
        .send(
            app.with(Method::POST, "/api/v1/profiles/")
                .bearer_auth(&token)
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
    response.assert_error(415, "unsupported_media_type");
    let listed = app.list_profiles(&token, "").await;
    assert_eq!(listed.body["data"], json!([]), "nothing stored");
}

#[tokio::test]
async fn every_problem_is_reported_at_once() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let response = app
        .create_profile(&token, &json!({"reference": "", "attributes": {"dependents": -1, "loan_type": "boat", "color": "red"}}))
        .await;
    response.assert_status(422);
    let fields: Vec<&str> = response.body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "/reference",
            "/attributes/color",
            "/attributes/dependents",
            "/attributes/loan_type"
        ]
    );
    let codes: Vec<&str> = response.body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["format", "unknown_attribute", "min", "enum"]);
}

#[tokio::test]
async fn ids_limits_and_cursors_are_checked() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    assert_eq!(app.get_profile(&token, "not-a-uuid").await.status, 404);
    for query in [
        "limit=0",
        "limit=-1",
        "limit=1000",
        "limit=ten",
        "status=archived",
        "cursor=garbage",
        "colour=red",
        "limit=5&limit=6",
    ] {
        let response = app.list_profiles(&token, query).await;
        assert_eq!(
            (response.status, response.error_code()),
            (400, "invalid_request"),
            "{query}"
        );
    }
}

#[tokio::test]
async fn pages_follow_cursors_bound_to_their_partner_and_filters() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let mut created = Vec::new();
    for index in 0..25 {
        created.push(id(&app
            .create_profile(&token, &json!({"reference": format!("r-{index}")}))
            .await));
    }
    let mut seen = Vec::new();
    let mut query = "limit=10".to_owned();
    let mut pages = 0;
    let mut first_cursor = None;
    loop {
        let page = app.list_profiles(&token, &query).await;
        page.assert_status(200);
        pages += 1;
        seen.extend(
            page.body["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap().to_owned()),
        );
        match page.body["meta"]["next_cursor"].as_str() {
            Some(cursor) => {
                first_cursor.get_or_insert_with(|| cursor.to_owned());
                query = format!("limit=10&cursor={cursor}");
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, created, "every profile once, oldest first");

    let cursor = first_cursor.unwrap();
    let other = app.access_token().await;
    let foreign = app.list_profiles(&other, &format!("cursor={cursor}")).await;
    assert_eq!(
        (foreign.status, foreign.error_code()),
        (400, "invalid_request"),
        "another partner's cursor"
    );
    let refiltered = app
        .list_profiles(&token, &format!("status=submitted&cursor={cursor}"))
        .await;
    assert_eq!(refiltered.status, 400, "a cursor from another filter");
    let mut tampered = cursor.clone();
    tampered.insert(2, 'x');
    assert_eq!(
        app.list_profiles(&token, &format!("cursor={tampered}"))
            .await
            .status,
        400
    );

    let filtered = app.list_profiles(&token, "reference=r-3").await;
    assert_eq!(filtered.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(filtered.body["data"][0]["id"], created[3]);
}

#[tokio::test]
async fn idempotency_keys_replay_once_and_refuse_reuse() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let body = json!({"reference": "idem-1", "attributes": {"dependents": 1}});
    let post = |key: &'static str, body: Value| {
        app.send(
            app.with(Method::POST, "/api/v1/profiles/")
                .bearer_auth(&token)
                .header("idempotency-key", key)
                .json(&body),
        )
    };
    let first = post("key-1", body.clone()).await;
    first.assert_status(201);
    let replay = post("key-1", body.clone()).await;
    replay.assert_status(201);
    assert_eq!(replay.body["data"], first.body["data"]);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    for header in ["etag", "location"] {
        assert_eq!(
            replay.header(header),
            first.header(header),
            "{header} replayed"
        );
        assert!(first.header(header).is_some(), "{header}");
    }
    let reused = post("key-1", json!({"reference": "idem-2"})).await;
    reused.assert_error(422, "idempotency_key_reused");
    assert_eq!(
        app.list_profiles(&token, "").await.body["data"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "one profile"
    );

    let other = app.access_token().await;
    let theirs = app
        .send(
            app.with(Method::POST, "/api/v1/profiles/")
                .bearer_auth(&other)
                .header("idempotency-key", "key-1")
                .json(&json!({})),
        )
        .await;
    assert_eq!(theirs.status, 201, "keys are scoped per partner");
    assert_ne!(theirs.body["data"]["id"], first.body["data"]["id"]);

    let bad = app
        .send(
            app.with(Method::POST, "/api/v1/profiles/")
                .bearer_auth(&token)
                .header("idempotency-key", "")
                .json(&json!({})),
        )
        .await;
    bad.assert_error(400, "invalid_request");
}

#[tokio::test]
async fn if_match_protects_against_stale_writes() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let profile = id(&app
        .create_profile(&token, &json!({"attributes": {"dependents": 1}}))
        .await);
    let patch = |if_match: &'static str| {
        let path = format!("/api/v1/profiles/{profile}/");
        app.send(
            app.with(Method::PATCH, &path)
                .bearer_auth(&token)
                .header("if-match", if_match)
                .json(&json!({"attributes": {"dependents": 2}})),
        )
    };
    assert_eq!(patch("\"1\"").await.status, 200);
    let stale = patch("\"1\"").await;
    stale.assert_error(412, "precondition_failed");
    assert_eq!(patch("W/\"2\"").await.status, 200);
    for malformed in ["\"\"", "W/\"x\"", "\"+3\"", "3,4"] {
        let refused = patch(malformed).await;
        assert_eq!(
            (refused.status, refused.error_code()),
            (400, "invalid_request"),
            "{malformed}"
        );
    }
    let current = app.get_profile(&token, &profile).await;
    assert_eq!(current.body["data"]["version"], 3);
    assert_eq!(current.header("etag"), Some("\"3\""));
}

#[tokio::test]
async fn concurrent_patches_over_http_all_land() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let profile = id(&app.create_profile(&token, &json!({})).await);
    let names = [
        "monthly_rent",
        "savings",
        "down_payment",
        "other_monthly_income",
        "rental_income",
        "other_monthly_charges",
    ];
    let patches = names.iter().map(|name| {
        let body = json!({"attributes": {*name: 100}});
        let request = app
            .with(Method::PATCH, &format!("/api/v1/profiles/{profile}/"))
            .bearer_auth(&token)
            .json(&body);
        tokio::spawn(request.send())
    });
    for patch in patches.collect::<Vec<_>>() {
        assert_eq!(patch.await.unwrap().unwrap().status(), 200);
    }
    let current = app.get_profile(&token, &profile).await;
    assert_eq!(current.body["data"]["version"], 1 + names.len());
    for name in names {
        assert_eq!(current.body["data"]["attributes"][name], 100.0, "{name}");
    }
}

#[tokio::test]
async fn submission_lists_every_missing_or_invalid_attribute() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let empty = id(&app
        .create_profile(&token, &json!({"attributes": {"loan_type": "mortgage"}}))
        .await);
    let response = app.submit_profile(&token, &empty).await;
    response.assert_error(422, "profile_incomplete");
    let fields: Vec<&str> = response.body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    for name in [
        "birth_date",
        "dependents",
        "housing_status",
        "employment_status",
        "monthly_net_income",
        "existing_loans_monthly_payments",
        "loan_amount",
        "loan_duration_months",
        "ficp_registered",
        "property_value",
    ] {
        assert!(
            fields.contains(&format!("/attributes/{name}").as_str()),
            "{name} missing from {fields:?}"
        );
    }

    let mut minor = complete_profile();
    minor["attributes"]["birth_date"] = json!("2015-06-01");
    minor["reference"] = json!("minor");
    let minor = id(&app.create_profile(&token, &minor).await);
    let response = app.submit_profile(&token, &minor).await;
    response.assert_status(422);
    assert_eq!(
        response.body["error"]["details"],
        json!([{"field": "/attributes/birth_date", "code": "min", "message": "the borrower must be at least 18"}])
    );
    assert_eq!(
        app.get_profile(&token, &minor).await.body["data"]["status"],
        "draft",
        "nothing changed"
    );
}

#[tokio::test]
async fn another_partners_profiles_answer_404_everywhere_and_stay_unchanged() {
    let app = TestApp::spawn().await;
    let owner = app.access_token().await;
    let intruder = app.access_token().await;
    let created = app.create_profile(&owner, &complete_profile()).await;
    let profile = id(&created);

    assert_eq!(app.get_profile(&intruder, &profile).await.status, 404);
    assert_eq!(
        app.patch_profile(&intruder, &profile, &json!({"attributes": {"savings": 1}}))
            .await
            .status,
        404
    );
    assert_eq!(app.submit_profile(&intruder, &profile).await.status, 404);
    assert_eq!(app.delete_profile(&intruder, &profile).await.status, 404);
    assert_eq!(
        app.list_profiles(&intruder, "").await.body["data"],
        json!([])
    );
    assert_eq!(
        app.get_profile(&owner, &profile).await.body["data"],
        created.body["data"]
    );
}

#[tokio::test]
async fn profiles_and_attributes_need_an_access_token() {
    let app = TestApp::spawn().await;
    for (method, path) in [
        (Method::GET, "/api/v1/profiles/"),
        (Method::POST, "/api/v1/profiles/"),
        (Method::GET, "/api/v1/attributes/"),
    ] {
        let response = app.request(method.clone(), path, None).await;
        assert_eq!(
            (response.status, response.error_code()),
            (401, "missing_token"),
            "{method} {path}"
        );
        let response = app.request(method.clone(), path, Some("garbage")).await;
        assert_eq!(
            (response.status, response.error_code()),
            (401, "invalid_token"),
            "{method} {path}"
        );
    }
    let response = app.request(Method::PUT, "/api/v1/profiles/", None).await;
    assert_eq!(
        (response.status, response.header("allow")),
        (405, Some("GET, HEAD, POST"))
    );
}

#[tokio::test]
async fn the_attribute_catalogue_is_listed_with_its_version() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let response = app
        .request(Method::GET, "/api/v1/attributes", Some(&token))
        .await;
    response.assert_status(200);
    let attributes = response.body["data"].as_array().unwrap();
    assert_eq!(attributes.len(), 30);
    for attribute in attributes {
        for field in [
            "name",
            "type",
            "unit",
            "allowed_values",
            "min",
            "max",
            "required",
            "category",
            "description",
            "used_in_scoring",
        ] {
            assert!(attribute.get(field).is_some(), "{field} in {attribute}");
        }
        assert!(
            attribute["description"]["fr"].is_string()
                && attribute["description"]["en"].is_string()
        );
    }
    assert_eq!(
        response.body["meta"]["catalogue_version"],
        shared::domain::catalogue::CATALOGUE_VERSION
    );
}

/// The request that once took the whole server down: `1e27` reached an unchecked
/// multiplication before its bounds were checked.
#[tokio::test]
async fn a_huge_loan_amount_is_a_422_and_the_server_keeps_serving() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let request = app
        .with(reqwest::Method::POST, "/api/v1/profiles/")
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(r#"{"attributes": {"loan_amount": 1e27}}"#);
    let response = app.send(request).await;
    response.assert_status(422);
    assert_eq!(
        response.body["error"]["details"][0]["field"],
        "/attributes/loan_amount"
    );
    assert_eq!(response.body["error"]["details"][0]["code"], "max");
    let after = app.list_profiles(&token, "").await;
    assert_eq!(after.status, 200, "the server still answers");
}

/// RFC 9110 9.3.2: HEAD answers as GET, with the same headers and no body.
#[tokio::test]
async fn head_answers_as_get_without_the_body() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let created = app
        .create_profile(&token, &json!({"attributes": {"savings": 1000}}))
        .await;
    let path = format!(
        "/api/v1/profiles/{}/",
        created.body["data"]["id"].as_str().unwrap()
    );
    for path in [path.as_str(), "/api/v1/profiles/", "/api/v1/attributes/"] {
        let get = app
            .send(app.with(Method::GET, path).bearer_auth(&token))
            .await;
        let head = app
            .send(app.with(Method::HEAD, path).bearer_auth(&token))
            .await;
        assert_eq!((head.status, get.status), (200, 200), "{path}");
        assert_eq!(head.body, serde_json::Value::Null, "{path}: no body");
        assert_eq!(
            head.header("content-type"),
            get.header("content-type"),
            "{path}"
        );
        assert_eq!(head.header("etag"), get.header("etag"), "{path}");
        assert_eq!(
            head.header("content-length"),
            get.header("content-length"),
            "{path}: the GET's length"
        );
        assert!(get.header("content-length").is_some(), "{path}");
    }
    let head = app.send(app.with(Method::HEAD, "/api/v1/profiles/")).await;
    assert_eq!(head.status, 401, "HEAD is authenticated as GET is");
}
