//! DynamoDB round trips per request, counted on the wire against moto.

use std::sync::Arc;

use lambda_http::{Body, Request, Response, http};
use partnerb2b::operator::create_partner;
use partnerb2b::services::Services;
use partnerb2b_tests::aws::{RoundTrips, counted_dynamo_store};
use partnerb2b_tests::in_process::{data, request, services};
use serde_json::{Value, json};

fn post(path: &str, body: Value) -> Request {
    http::Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", "application/json")
        .body(Body::Text(body.to_string()))
        .unwrap()
}

/// `method path` through the function that serves it, as `token`'s partner, which must
/// succeed: the DynamoDB round trips it took, and its response.
async fn measure(
    services: &Services,
    round_trips: &RoundTrips,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (usize, Response<Body>) {
    let (count, response) = measure_refusal(services, round_trips, token, method, path, body).await;
    assert!(
        response.status().is_success(),
        "{method} {path}: {:?}",
        response.body()
    );
    (count, response)
}

/// [`measure`], for a request that may be refused.
async fn measure_refusal(
    services: &Services,
    round_trips: &RoundTrips,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (usize, Response<Body>) {
    round_trips.reset();
    let response = services
        .handle(request(method, path, token, body.as_ref()))
        .await;
    (round_trips.count(), response)
}

/// `analysis`'s message through a worker without events, the usury thresholds read: its
/// outcome and the DynamoDB round trips it took.
async fn measure_work(
    services: &Services,
    round_trips: &RoundTrips,
    analysis: &shared::domain::model::Analysis,
) -> (analysis_worker::Outcome, usize) {
    let worker =
        analysis_worker::Worker::new(services.store.clone(), Arc::new(analysis_worker::NoEvents));
    let usury = worker.usury_table().await.unwrap();
    round_trips.reset();
    let outcome = worker
        .process_with(&serde_json::to_string(&analysis.request()).unwrap(), &usury)
        .await
        .unwrap();
    (outcome, round_trips.count())
}

#[tokio::test]
async fn token_and_refresh_cost_one_round_trip_each() {
    let (store, round_trips) = counted_dynamo_store().await;
    let (services, _queues) = services(Arc::new(store));
    let partner = create_partner(services.store.as_ref(), "P").await.unwrap();

    round_trips.reset();
    let response = auth::handle(
        &services.auth,
        post("/api/v1/auth/token/", json!({ "apiKey": partner.api_key })),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(round_trips.count(), 1, "token");

    round_trips.reset();
    let refresh = data(&response)["refresh"].as_str().unwrap().to_owned();
    let response = auth::handle(
        &services.auth,
        post("/api/v1/auth/token/refresh/", json!({ "refresh": refresh })),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(round_trips.count(), 1, "refresh");

    round_trips.reset();
    let mut mistyped = partner.api_key.clone();
    let last = mistyped.pop().unwrap();
    mistyped.push(if last == 'x' { 'y' } else { 'x' });
    let response = auth::handle(
        &services.auth,
        post("/api/v1/auth/token/", json!({ "apiKey": mistyped })),
    )
    .await;
    assert_eq!(response.status(), 401);
    assert_eq!(
        round_trips.count(),
        0,
        "a mistyped key is refused without a read"
    );
}

#[tokio::test]
async fn revocation_costs_one_round_trip_for_a_refresh_token_and_none_otherwise() {
    let (store, round_trips) = counted_dynamo_store().await;
    let (services, _queues) = services(Arc::new(store));
    let partner = create_partner(services.store.as_ref(), "P").await.unwrap();
    let tokens = auth::handle(
        &services.auth,
        post("/api/v1/auth/token/", json!({ "apiKey": partner.api_key })),
    )
    .await;
    let refresh = data(&tokens)["refresh"].as_str().unwrap().to_owned();
    let access = data(&tokens)["access"].as_str().unwrap().to_owned();
    let revoke = async |token: &str| {
        round_trips.reset();
        let response = auth::handle(
            &services.auth,
            post("/api/v1/auth/token/revoke/", json!({ "token": token })),
        )
        .await;
        assert_eq!(response.status(), 200, "{:?}", response.body());
        round_trips.count()
    };

    assert_eq!(revoke(&refresh).await, 1, "a refresh token: its PutItem");
    assert_eq!(revoke(&access).await, 0, "an access token");
    assert_eq!(revoke("not.a.jwt").await, 0, "garbage");

    round_trips.reset();
    let response = auth::handle(
        &services.auth,
        post("/api/v1/auth/token/refresh/", json!({ "refresh": refresh })),
    )
    .await;
    assert_eq!(response.status(), 401, "the revoked token is refused");
    assert_eq!(round_trips.count(), 1, "refresh of a revoked token");
}

#[tokio::test]
async fn profile_endpoints_cost_what_their_doc_comments_say() {
    let (store, round_trips) = counted_dynamo_store().await;
    let (services, _queues) = services(Arc::new(store));
    let partner = create_partner(services.store.as_ref(), "P").await.unwrap();
    let token = partnerb2b_tests::fixtures::access_token(&services.auth.tokens, &partner);
    let complete = partnerb2b_tests::fixtures::complete_profile();

    let measure = async |method, path: String, body| {
        measure(&services, &round_trips, &token, method, &path, body).await
    };

    let (count, _) = measure("GET", "/api/v1/attributes/".into(), None).await;
    assert_eq!(count, 0, "attributes");
    let (count, response) =
        measure("POST", "/api/v1/profiles/".into(), Some(complete.clone())).await;
    assert_eq!(count, 1, "create");
    let id = data(&response)["id"].as_str().unwrap().to_owned();
    let (count, _) = measure("GET", format!("/api/v1/profiles/{id}/"), None).await;
    assert_eq!(count, 1, "get");
    let (count, _) = measure("GET", "/api/v1/profiles/?limit=5".into(), None).await;
    assert_eq!(count, 1, "list");
    let (count, _) = measure("GET", "/api/v1/profiles/?status=draft".into(), None).await;
    assert_eq!(count, 1, "list by status: Query of the index");
    let (count, _) = measure(
        "PATCH",
        format!("/api/v1/profiles/{id}/"),
        Some(json!({"attributes": {"savings": 1}})),
    )
    .await;
    assert_eq!(count, 1, "patch");
    let (count, _) = measure(
        "PATCH",
        format!("/api/v1/profiles/{id}/"),
        Some(json!({"reference": "moved"})),
    )
    .await;
    assert_eq!(count, 2, "patch moving the reference");
    let (count, _) = measure("GET", "/api/v1/profiles/?reference=moved".into(), None).await;
    assert_eq!(
        count, 2,
        "list by reference: GetItem of the claim + GetItem"
    );
    let (count, _) = measure("POST", format!("/api/v1/profiles/{id}/submit/"), None).await;
    assert_eq!(count, 2, "submit");
    let (count, _) = measure("DELETE", format!("/api/v1/profiles/{id}/"), None).await;
    assert_eq!(count, 3, "delete");
}

/// Whatever the partner holds: a reference is found in 2 reads on the first page, and a
/// page of a rare status is full in 1 `Query`, its last page with no cursor.
#[tokio::test]
async fn lookups_cost_the_same_whatever_the_partner_holds() {
    let (store, round_trips) = counted_dynamo_store().await;
    let (services, _queues) = services(Arc::new(store));
    let partner = create_partner(services.store.as_ref(), "P").await.unwrap();
    let token = partnerb2b_tests::fixtures::access_token(&services.auth.tokens, &partner);
    let mut ids = Vec::new();
    for index in 0..25 {
        let mut body = partnerb2b_tests::fixtures::complete_profile();
        body["reference"] = json!(format!("client-{index:04}"));
        let created = profiles::handle(
            &services.profiles,
            request("POST", "/api/v1/profiles/", &token, Some(&body)),
        )
        .await;
        ids.push(data(&created)["id"].as_str().unwrap().to_owned());
    }
    for id in &ids[22..] {
        let path = format!("/api/v1/profiles/{id}/submit/");
        let submitted =
            profiles::handle(&services.profiles, request("POST", &path, &token, None)).await;
        assert_eq!(submitted.status(), 200);
    }
    let measure = async |path: String| {
        let (count, response) = measure(&services, &round_trips, &token, "GET", &path, None).await;
        let body = partnerb2b_tests::in_process::json(&response);
        let listed: Vec<String> = body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|profile| profile["id"].as_str().unwrap().to_owned())
            .collect();
        (
            count,
            listed,
            body["meta"]["next_cursor"].as_str().map(str::to_owned),
        )
    };

    let by_reference = measure("/api/v1/profiles/?reference=client-0024".into()).await;
    let first = measure("/api/v1/profiles/?status=submitted&limit=2".into()).await;
    let cursor = first.2.clone().expect("a cursor to the rest");
    let last = measure(format!(
        "/api/v1/profiles/?status=submitted&limit=2&cursor={cursor}"
    ))
    .await;

    assert_eq!(
        by_reference,
        (2, vec![ids[24].clone()], None),
        "the newest, by reference"
    );
    assert_eq!(
        (first.0, &first.1[..]),
        (1, &ids[22..24]),
        "a full first page"
    );
    assert_eq!(
        last,
        (1, vec![ids[24].clone()], None),
        "the last page, without a cursor"
    );
}

#[tokio::test]
async fn analysis_endpoints_cost_what_their_doc_comments_say() {
    let (store, round_trips) = counted_dynamo_store().await;
    let store: Arc<dyn shared::store::Store> = Arc::new(store);
    let (services, _queues) = services(store);
    let partner = create_partner(services.store.as_ref(), "P").await.unwrap();
    let token = partnerb2b_tests::fixtures::access_token(&services.auth.tokens, &partner);
    let created = profiles::handle(
        &services.profiles,
        request(
            "POST",
            "/api/v1/profiles/",
            &token,
            Some(&partnerb2b_tests::fixtures::complete_profile()),
        ),
    )
    .await;
    let profile = data(&created)["id"].as_str().unwrap().to_owned();
    profiles::handle(
        &services.profiles,
        request(
            "POST",
            &format!("/api/v1/profiles/{profile}/submit/"),
            &token,
            None,
        ),
    )
    .await;

    round_trips.reset();
    let response = analyses::handle(
        &services.analyses,
        request(
            "POST",
            &format!("/api/v1/profiles/{profile}/analyses/"),
            &token,
            None,
        ),
    )
    .await;
    assert_eq!(response.status(), 202);
    assert_eq!(
        round_trips.count(),
        2,
        "request: GetItem + TransactWriteItems"
    );
    let analysis = data(&response)["id"].as_str().unwrap().to_owned();

    round_trips.reset();
    let response = analyses::handle(
        &services.analyses,
        request(
            "GET",
            &format!("/api/v1/analyses/{analysis}/"),
            &token,
            None,
        ),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(round_trips.count(), 1, "get");

    let record = format!("/api/v1/analyses/{analysis}/record/");
    let (count, response) =
        measure_refusal(&services, &round_trips, &token, "GET", &record, None).await;
    assert_eq!(response.status(), 409, "no record while pending");
    assert_eq!(count, 1, "pending record: BatchGetItem");

    let id: shared::domain::model::AnalysisId = analysis.parse().unwrap();
    let pending = services
        .store
        .get_analysis(partner.partner_id, id)
        .await
        .unwrap()
        .unwrap();
    let (outcome, _) = measure_work(&services, &round_trips, &pending).await;
    assert_eq!(outcome, analysis_worker::Outcome::Completed);
    let (count, response) = measure(
        &services,
        &round_trips,
        &token,
        "GET",
        &format!("/api/v1/analyses/{analysis}/explanation/"),
        None,
    )
    .await;
    assert_eq!(data(&response)["language"], "en");
    assert_eq!(count, 1, "explanation: GetItem");

    let reviews = format!("/api/v1/analyses/{analysis}/reviews/");
    let review =
        json!({"reviewer": "agent-1", "decision": "review", "justification": "Pièces à vérifier."});
    let keyed = |key: &str| {
        let mut keyed = request("POST", &reviews, &token, Some(&review));
        keyed
            .headers_mut()
            .insert("idempotency-key", key.parse().unwrap());
        keyed
    };
    drained(&services).await;
    round_trips.reset();
    let response = services.handle(keyed("review-once")).await;
    assert_eq!(response.status(), 201, "{:?}", response.body());
    assert_eq!(
        round_trips.count(),
        2,
        "review: GetItem + TransactWriteItems"
    );
    assert_eq!(
        drained(&services).await,
        [serde_json::to_string(&pending.request()).unwrap()],
        "review: 1 SQS message, the analysis's again"
    );
    let (count, _) = measure(&services, &round_trips, &token, "GET", &record, None).await;
    assert_eq!(
        count, 1,
        "record: BatchGetItem of the analysis and an erased record"
    );

    round_trips.reset();
    let response = services.handle(keyed("review-once")).await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        round_trips.count(),
        3,
        "review replayed: GetItem + TransactWriteItems + GetItem of the record"
    );

    let (outcome, count) = measure_work(&services, &round_trips, &pending).await;
    assert_eq!(outcome, analysis_worker::Outcome::Duplicate);
    assert_eq!(
        count, 4,
        "worker, the review's message: BatchGetItem + UpdateItem claiming its event + \
         UpdateItem noting it queued + UpdateItem taking the analysis out of the index"
    );

    round_trips.reset();
    let response = analyses::handle(
        &services.analyses,
        request(
            "GET",
            &format!("/api/v1/profiles/{profile}/analyses/"),
            &token,
            None,
        ),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(round_trips.count(), 2, "list: GetItem + Query");
}

/// A webhook to a receiver on a DynamoDB store whose round trips are counted, and the
/// worker delivering to it.
struct CountedDeliveries {
    store: Arc<dyn shared::store::Store>,
    round_trips: RoundTrips,
    receiver: partnerb2b_tests::receiver::Receiver,
    webhook: shared::domain::model::Webhook,
    deliverer: webhook_worker::Deliverer,
    _queue_dir: tempfile::TempDir,
}

impl CountedDeliveries {
    async fn start() -> Self {
        use shared::domain::model::{EventType, Webhook};

        let (store, round_trips) = counted_dynamo_store().await;
        let store: Arc<dyn shared::store::Store> = Arc::new(store);
        let receiver = partnerb2b_tests::receiver::Receiver::start().await;
        let webhook = Webhook::new(
            shared::domain::model::PartnerId::new(),
            receiver.url.clone(),
            vec![EventType::AnalysisCompleted],
            None,
            shared::webhooks::signature::new_secret(),
            chrono::Utc::now(),
        );
        store.create_webhook(&webhook, 10).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let queue = partnerb2b_tests::fixtures::webhook_queue(dir.path());
        let deliverer = webhook_worker::Deliverer::new(
            store.clone(),
            queue,
            partnerb2b_tests::app::test_settings(),
        )
        .unwrap();
        Self {
            store,
            round_trips,
            receiver,
            webhook,
            deliverer,
            _queue_dir: dir,
        }
    }

    /// A new event's first delivery, as its message.
    fn message(&self) -> (String, String) {
        use shared::webhooks::delivery::{Delivery, Event};
        let event = Event::test(self.webhook.id, chrono::Utc::now());
        let delivery = Delivery::first(
            self.webhook.partner_id,
            self.webhook.id,
            event,
            chrono::Utc::now(),
        );
        let body = serde_json::to_string(&delivery).unwrap();
        (delivery.delivery_id, body)
    }

    async fn stored(&self) -> shared::domain::model::Webhook {
        self.store
            .get_webhook(self.webhook.partner_id, self.webhook.id)
            .await
            .unwrap()
            .unwrap()
    }
}

#[tokio::test]
async fn a_webhook_delivery_attempt_costs_two_round_trips() {
    let deliveries = CountedDeliveries::start().await;
    let (id, message) = deliveries.message();
    deliveries.round_trips.reset();
    deliveries.deliverer.process(&message).await.unwrap();
    assert_eq!(
        deliveries.round_trips.count(),
        2,
        "BatchGetItem + TransactWriteItems (the webhook and its delivery log)"
    );
    let webhook = &deliveries.webhook;
    let (_, logged) = deliveries
        .store
        .get_delivery(webhook.partner_id, webhook.id, &id)
        .await
        .unwrap();
    assert_eq!(logged.expect("logged").attempts.len(), 1);
    let stored = deliveries.stored().await;
    assert_eq!(stored.stats.delivered, 1, "recorded on DynamoDB");
    assert_eq!(stored.recent_attempts.len(), 1);
}

/// Two attempts on one webhook at once, answered 300 ms apart: both read it before either
/// is recorded, so the second to finish is refused once and reads the webhook again.
#[tokio::test]
async fn an_attempt_recorded_after_another_began_costs_one_read_and_write_more() {
    use partnerb2b_tests::receiver::Answer;

    let deliveries = CountedDeliveries::start().await;
    let (_, first) = deliveries.message();
    let (_, second) = deliveries.message();
    deliveries.receiver.answer_next([
        Answer::Slow(std::time::Duration::ZERO),
        Answer::Slow(std::time::Duration::from_millis(300)),
    ]);
    deliveries.round_trips.reset();
    let (a, b) = tokio::join!(
        deliveries.deliverer.process(&first),
        deliveries.deliverer.process(&second)
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(
        deliveries.round_trips.count(),
        6,
        "2 x (BatchGetItem + TransactWriteItems), then GetItem + TransactWriteItems again"
    );
    let stored = deliveries.stored().await;
    assert_eq!(stored.stats.attempts, 2);
    assert_eq!(stored.recent_attempts.len(), 2);
}

#[tokio::test]
async fn webhook_endpoints_cost_what_their_doc_comments_say() {
    let (store, round_trips) = counted_dynamo_store().await;
    let (services, _queues) = services(Arc::new(store));
    let partner = create_partner(services.store.as_ref(), "P").await.unwrap();
    let token = partnerb2b_tests::fixtures::access_token(&services.auth.tokens, &partner);

    let measure = async |method, path: String, body| {
        measure(&services, &round_trips, &token, method, &path, body).await
    };
    let refused = async |method, path: String| {
        measure_refusal(&services, &round_trips, &token, method, &path, None).await
    };

    let hook = json!({"url": "http://127.0.0.1:9/hooks"});
    let (count, response) = measure("POST", "/api/v1/webhooks/".into(), Some(hook)).await;
    assert_eq!(count, 1, "create: TransactWriteItems");
    let id = data(&response)["id"].as_str().unwrap().to_owned();
    let (count, _) = measure("GET", "/api/v1/webhooks/".into(), None).await;
    assert_eq!(count, 1, "list: Query");
    let (count, _) = measure("GET", format!("/api/v1/webhooks/{id}/"), None).await;
    assert_eq!(count, 1, "get: GetItem");
    let (count, _) = measure("POST", format!("/api/v1/webhooks/{id}/test/"), None).await;
    assert_eq!(count, 1, "test: GetItem");
    let delivery = partnerb2b_tests::event_fixture::RETRIED_DELIVERY;
    plant_failed_delivery(services.store.as_ref(), partner.partner_id, &id, delivery).await;
    let (count, response) =
        measure("GET", format!("/api/v1/webhooks/{id}/deliveries/"), None).await;
    assert_eq!(data(&response)[0]["id"], delivery);
    assert_eq!(count, 2, "deliveries: GetItem + Query");
    let (count, response) = refused(
        "POST",
        format!("/api/v1/webhooks/{id}/deliveries/{delivery}/retry/"),
    )
    .await;
    assert_eq!(response.status(), 409, "the planted 410 disabled it");
    assert_eq!(count, 1, "retry: BatchGetItem");
    let (count, response) = measure("POST", format!("/api/v1/webhooks/{id}/enable/"), None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(count, 1, "enable: UpdateItem");
    let (count, response) = refused("POST", format!("/api/v1/webhooks/{id}/enable/")).await;
    assert_eq!(response.status(), 409);
    assert_eq!(count, 2, "enable refused: UpdateItem + GetItem");
    let (count, response) = measure(
        "POST",
        format!("/api/v1/webhooks/{id}/deliveries/{delivery}/retry/"),
        None,
    )
    .await;
    assert_eq!(response.status(), 202);
    assert_eq!(count, 1, "retry: BatchGetItem");
    let (count, response) = measure(
        "POST",
        format!("/api/v1/webhooks/{id}/rotate-secret/"),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(count, 1, "rotate-secret: UpdateItem");
    let (count, response) = measure("GET", "/api/v1/events/".into(), None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(count, 1, "events: Query");
    let (count, _) = measure("DELETE", format!("/api/v1/webhooks/{id}/"), None).await;
    assert_eq!(count, 1, "delete: TransactWriteItems");
}

#[tokio::test]
async fn bank_statement_endpoints_cost_what_their_doc_comments_say() {
    let (store, round_trips) = counted_dynamo_store().await;
    let (services, _queues) = services(Arc::new(store));
    let partner = create_partner(services.store.as_ref(), "P").await.unwrap();
    let token = partnerb2b_tests::fixtures::access_token(&services.auth.tokens, &partner);
    let measure = async |method, path: String, body| {
        measure(&services, &round_trips, &token, method, &path, body).await
    };
    let (_, response) = measure(
        "POST",
        "/api/v1/profiles/".into(),
        Some(partnerb2b_tests::fixtures::complete_profile()),
    )
    .await;
    let id = data(&response)["id"].as_str().unwrap().to_owned();
    let statements = format!("/api/v1/profiles/{id}/bank-statements/");
    let large =
        partnerb2b_tests::statements::statement_of(5_000, shared::domain::attributes::today());

    let (count, response) = measure_refusal(
        &services,
        &round_trips,
        &token,
        "GET",
        &format!("/api/v1/profiles/{id}/bank-insights/"),
        None,
    )
    .await;
    assert_eq!(
        count, 2,
        "insights without statements: Query of the parts + GetItem of the profile"
    );
    assert_eq!(response.status(), 409);
    let (count, response) = measure(
        "POST",
        statements.clone(),
        Some(partnerb2b_tests::statements::french_account("stet")),
    )
    .await;
    assert_eq!(count, 2, "upload: GetItem + TransactWriteItems");
    let statement = data(&response)["id"].as_str().unwrap().to_owned();
    let (count, _) = measure(
        "POST",
        statements.clone(),
        Some(partnerb2b_tests::statements::native_body(&large)),
    )
    .await;
    assert_eq!(
        count, 2,
        "upload of 5 000 transactions: still one transaction"
    );
    let (count, _) = measure("GET", statements.clone(), None).await;
    assert_eq!(count, 1, "list: GetItem of the profile");
    let (count, response) = measure("GET", format!("{statements}{statement}/"), None).await;
    assert_eq!(count, 1, "read: Query of the parts");
    assert!(data(&response)["transactions"][0]["category"].is_string());
    let (count, _) = measure("GET", format!("/api/v1/profiles/{id}/bank-insights/"), None).await;
    assert_eq!(count, 1, "insights: Query of the parts");
    let (count, _) = measure("POST", format!("/api/v1/profiles/{id}/submit/"), None).await;
    assert_eq!(
        count, 3,
        "submit: GetItem + Query of the parts + TransactWriteItems"
    );
    let (_, response) = measure("POST", format!("/api/v1/profiles/{id}/analyses/"), None).await;
    let analysis: shared::domain::model::AnalysisId =
        data(&response)["id"].as_str().unwrap().parse().unwrap();
    let pending = services
        .store
        .get_analysis(partner.partner_id, analysis)
        .await
        .unwrap()
        .unwrap();
    let (outcome, count) = measure_work(&services, &round_trips, &pending).await;
    assert_eq!(outcome, analysis_worker::Outcome::Completed);
    assert_eq!(
        count, 5,
        "worker: BatchGetItem + 2 pages of the Query of the snapshot's parts (the \
         5 000-transaction statement makes them about 1 MB) + TransactWriteItems + UpdateItem"
    );
    let (count, _) = measure("DELETE", format!("{statements}{statement}/"), None).await;
    assert_eq!(count, 2, "delete: GetItem + TransactWriteItems");
}

/// A delivery `id` to the webhook `webhook`, in its log, whose one attempt was answered
/// 410 Gone (which disabled the webhook).
async fn plant_failed_delivery(
    store: &dyn shared::store::Store,
    partner: shared::domain::model::PartnerId,
    webhook: &str,
    id: &str,
) {
    use shared::domain::model::{AttemptOutcome, DeliveryAttempt, EventType};
    use shared::store::{AttemptRecord, Health};
    use shared::webhooks::delivery::Event;
    use shared::webhooks::log::{DeliveryStatus, DeliveryUpdate, LoggedAttempt};

    let seen = store
        .get_webhook(partner, webhook.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let attempt = DeliveryAttempt {
        delivery_id: id.to_owned(),
        event_type: EventType::WebhookTest,
        attempt: 1,
        at: now,
        outcome: AttemptOutcome::Disabled,
        status: Some(410),
        error: None,
        duration_ms: 3,
    };
    let delivery = DeliveryUpdate {
        id: id.to_owned(),
        event: Event::test(seen.id, now),
        status: DeliveryStatus::Failed,
        attempt: LoggedAttempt {
            at: now,
            status_code: Some(410),
            error: None,
            duration_ms: 3,
        },
        next_attempt_at: None,
    };
    store
        .record_attempt(&AttemptRecord {
            seen: &seen,
            attempt: &attempt,
            recent: std::slice::from_ref(&attempt),
            health: Health {
                failing_since: Some(now),
                failing_reported: false,
                disable: Some(("410".to_owned(), now)),
            },
            delivery: &delivery,
            event: None,
        })
        .await
        .unwrap();
}

/// The bodies of the messages waiting on the analysis queue, deleted.
async fn drained(services: &Services) -> Vec<String> {
    let waiting = services
        .analysis_queue
        .receive(10, std::time::Duration::ZERO)
        .await
        .unwrap();
    for message in &waiting {
        services
            .analysis_queue
            .delete(&message.receipt)
            .await
            .unwrap();
    }
    waiting.into_iter().map(|message| message.body).collect()
}
