//! DynamoDB's transaction conflicts, injected by the fault proxy in front of moto (moto
//! serialises every request, so it never answers one): a transaction cancelled because
//! another held its items, or a single-item write refused while a transaction is in
//! progress on its item, is sent again; what the retry meets then decides the answer
//! (the twin's replay, a 409), never a 500.

use partnerb2b_tests::aws_faults::{Call, Fault, first};
use partnerb2b_tests::fixtures::complete_profile;
use partnerb2b_tests::in_process::{data, json};
use partnerb2b_tests::twins::{Twins, call};
use serde_json::{Value, json};

fn transaction(call: &Call) -> bool {
    call.operation == "TransactWriteItems"
}

#[tokio::test]
async fn a_transaction_cancelled_by_another_is_sent_again() {
    let twins = Twins::start().await;
    twins
        .proxy
        .follow(first(2, transaction, Fault::transaction_conflict));

    let created = call(
        &twins.proxied,
        &twins.token,
        "POST",
        "/api/v1/profiles/",
        Some(&complete_profile()),
        None,
    )
    .await;

    assert_eq!(created.status(), 201, "{:?}", json(&created));
    assert_eq!(
        twins.proxy.injected().len(),
        2,
        "two conflicts, then a commit"
    );
    let id = data(&created)["id"].as_str().unwrap().to_owned();
    let read = twins.read(&format!("/api/v1/profiles/{id}/")).await;
    assert_eq!(read.status(), 200, "the retry committed it");
}

#[tokio::test]
async fn a_transaction_that_keeps_conflicting_is_a_409_to_retry() {
    let twins = Twins::start().await;
    twins
        .proxy
        .follow(first(usize::MAX, transaction, Fault::transaction_conflict));

    let created = call(
        &twins.proxied,
        &twins.token,
        "POST",
        "/api/v1/profiles/",
        Some(&complete_profile()),
        None,
    )
    .await;

    assert_eq!(created.status(), 409, "{:?}", json(&created));
    assert_eq!(json(&created)["error"]["code"], "conflict");
}

/// The twin lands its transaction first; ours conflicts with it, then meets its
/// records when sent again.
fn twin_lands_first(twins: &Twins, path: &'static str, body: Value, key: Option<&'static str>) {
    let direct = twins.direct.clone();
    let token = twins.token.clone();
    let mut pending = Some(async move {
        let response = call(&direct, &token, "POST", path, Some(&body), key).await;
        assert_eq!(response.status(), 201, "the twin: {:?}", json(&response));
    });
    twins
        .proxy
        .follow(Box::new(move |call| match pending.take() {
            Some(twin) if transaction(call) => {
                Fault::Preceded(Box::pin(twin), Box::new(Fault::transaction_conflict(call)))
            }
            other => {
                pending = other;
                Fault::Pass
            }
        }));
}

#[tokio::test]
async fn two_requests_with_one_idempotency_key_answer_one_profile() {
    let twins = Twins::start().await;
    let body = complete_profile();
    twin_lands_first(&twins, "/api/v1/profiles/", body.clone(), Some("same-key"));

    let ours = call(
        &twins.proxied,
        &twins.token,
        "POST",
        "/api/v1/profiles/",
        Some(&body),
        Some("same-key"),
    )
    .await;

    assert_eq!(ours.status(), 201, "{:?}", json(&ours));
    assert_eq!(
        ours.headers()["idempotent-replayed"],
        "true",
        "the twin's response, replayed"
    );
    let listed = twins.read("/api/v1/profiles/").await;
    let profiles = data(&listed);
    assert_eq!(profiles.as_array().unwrap().len(), 1, "one profile");
    assert_eq!(profiles[0]["id"], data(&ours)["id"]);
}

#[tokio::test]
async fn two_profiles_claiming_one_reference_leave_one_and_a_409() {
    let twins = Twins::start().await;
    let mut body = complete_profile();
    body["reference"] = json!("client-42");
    twin_lands_first(&twins, "/api/v1/profiles/", body.clone(), None);

    let ours = call(
        &twins.proxied,
        &twins.token,
        "POST",
        "/api/v1/profiles/",
        Some(&body),
        None,
    )
    .await;

    assert_eq!(ours.status(), 409, "{:?}", json(&ours));
    assert_eq!(json(&ours)["error"]["code"], "reference_conflict");
}

#[tokio::test]
async fn a_single_item_write_refused_for_a_transaction_in_progress_is_retried() {
    let twins = Twins::start().await;
    let id = twins.profile("client-1", false).await;
    twins.proxy.follow(first(
        1,
        |call| call.operation == "UpdateItem",
        |_| Fault::Error("TransactionConflictException", Value::Null),
    ));

    let patched = call(
        &twins.proxied,
        &twins.token,
        "PATCH",
        &format!("/api/v1/profiles/{id}/"),
        Some(&json!({"attributes": {"savings": 1234}})),
        None,
    )
    .await;

    assert_eq!(patched.status(), 200, "{:?}", json(&patched));
    assert_eq!(data(&patched)["version"], 2, "applied once");
    assert_eq!(twins.proxy.injected().len(), 1);
}

#[tokio::test]
async fn an_erasure_that_meets_the_worker_is_sent_again() {
    let twins = Twins::start().await;
    let id = twins.profile("client-1", false).await;
    twins
        .proxy
        .follow(first(1, transaction, Fault::transaction_conflict));

    let deleted = call(
        &twins.proxied,
        &twins.token,
        "DELETE",
        &format!("/api/v1/profiles/{id}/"),
        None,
        None,
    )
    .await;

    assert_eq!(deleted.status(), 204, "{:?}", json(&deleted));
    let read = twins.read(&format!("/api/v1/profiles/{id}/")).await;
    assert_eq!(read.status(), 404, "erased by the retry");
}
