//! Erasure on DynamoDB against the writes that can land inside it: it reads the
//! profile and queries what it holds, then deletes all of it in a transaction. The fault
//! proxy holds that transaction back while another request (a submission, an analysis
//! request, a reference change, a review) lands in between, every time,
//! deterministically; after the 204 nothing of the profile may be left in its partition,
//! nor answer, but the stripped decision record of each completed analysis (`RECORD#`,
//! whose content `records_http` and the conformance suite hold).
//!
//! The embedded store has no such window: its erasure is one SQLite transaction under
//! the write lock, which every other write waits for (the conformance suite's
//! `submitting_an_erased_profile_is_a_version_mismatch` and friends hold what comes
//! after it).

use std::future::Future;
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use partnerb2b_tests::aws::partition_sort_keys;
use partnerb2b_tests::aws_faults::Fault;
use partnerb2b_tests::fixtures::complete_profile;
use partnerb2b_tests::in_process::{data, json};
use partnerb2b_tests::twins::{Twins, call};
use serde_json::{Value, json};
use shared::domain::model::ProfileId;
use shared::store::keys;

/// Erases `id` through the proxy, `write` landing after the erasure's reads, just
/// before its first transaction; then holds that nothing of the profile is left.
async fn erase_while(twins: &Twins, id: &str, write: impl Future<Output = ()> + Send + 'static) {
    let profile: ProfileId = id.parse().unwrap();
    let (_, sk) = keys::profile(twins.partner.partner_id, profile);
    let mut write: Option<BoxFuture<'static, ()>> = Some(Box::pin(write));
    twins.proxy.follow(Box::new(move |call| match write.take() {
        Some(write) if call.transaction_deletes(&sk) => Fault::before(write),
        other => {
            write = other;
            Fault::Pass
        }
    }));

    let path = format!("/api/v1/profiles/{id}/");
    let deleted = call(&twins.proxied, &twins.token, "DELETE", &path, None, None).await;

    assert_eq!(deleted.status(), 204, "{:?}", json(&deleted));
    assert_eq!(
        twins.proxy.injected(),
        [("TransactWriteItems".to_owned(), "preceded")],
        "the write landed inside the erasure"
    );
    let left: Vec<String> = partition_sort_keys(&twins.table, twins.partner.partner_id)
        .await
        .into_iter()
        .filter(|sk| !sk.starts_with("APIKEY#") && !sk.starts_with("RECORD#"))
        .collect();
    assert!(left.is_empty(), "the erasure left {left:?}");
    let read = twins.read(&path).await;
    assert_eq!(read.status(), 404);
}

/// `method path` with an `Idempotency-Key`, on the direct side: the write that lands
/// inside the erasure. Its response's `data` goes to `answered`.
fn landing(
    twins: &Twins,
    method: &'static str,
    path: String,
    body: Option<Value>,
    expected: u16,
    answered: Arc<Mutex<Value>>,
) -> impl Future<Output = ()> + Send + 'static {
    let (direct, token) = (twins.direct.clone(), twins.token.clone());
    async move {
        let response = call(
            &direct,
            &token,
            method,
            &path,
            body.as_ref(),
            Some("landing-key"),
        )
        .await;
        assert_eq!(response.status(), expected, "{:?}", json(&response));
        *answered.lock().unwrap() = data(&response);
    }
}

#[tokio::test]
async fn a_submission_inside_an_erasure_leaves_no_snapshot() {
    let twins = Twins::start().await;
    let id = twins.profile("r-submit", false).await;
    let answered = Arc::default();
    let submit = landing(
        &twins,
        "POST",
        format!("/api/v1/profiles/{id}/submit/"),
        None,
        200,
        Arc::clone(&answered),
    );

    erase_while(&twins, &id, submit).await;

    assert_eq!(answered.lock().unwrap()["status"], "submitted");
}

#[tokio::test]
async fn an_analysis_requested_inside_an_erasure_goes_with_it() {
    let twins = Twins::start().await;
    let id = twins.profile("r-analysis", true).await;
    let answered = Arc::default();
    let request = landing(
        &twins,
        "POST",
        format!("/api/v1/profiles/{id}/analyses/"),
        None,
        202,
        Arc::clone(&answered),
    );

    erase_while(&twins, &id, request).await;

    let analysis = answered.lock().unwrap()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/analyses/{analysis}/");
    let read = twins.read(&path).await;
    assert_eq!(read.status(), 404, "no analysis stays pending for ever");
}

#[tokio::test]
async fn a_reference_claimed_inside_an_erasure_is_freed() {
    let twins = Twins::start().await;
    let id = twins.profile("r-before", false).await;
    let answered = Arc::default();
    let patch = landing(
        &twins,
        "PATCH",
        format!("/api/v1/profiles/{id}/"),
        Some(json!({"reference": "r-after"})),
        200,
        Arc::clone(&answered),
    );

    erase_while(&twins, &id, patch).await;

    assert_eq!(answered.lock().unwrap()["reference"], "r-after");
    let mut body = complete_profile();
    body["reference"] = json!("r-after");
    let again = call(
        &twins.direct,
        &twins.token,
        "POST",
        "/api/v1/profiles/",
        Some(&body),
        None,
    )
    .await;
    assert_eq!(again.status(), 201, "the reference is free again");
}

#[tokio::test]
async fn a_review_recorded_inside_an_erasure_goes_with_it() {
    let twins = Twins::start().await;
    let id = twins.profile("r-review", true).await;
    let path = format!("/api/v1/profiles/{id}/analyses/");
    let requested = call(&twins.direct, &twins.token, "POST", &path, None, None).await;
    assert_eq!(requested.status(), 202, "{:?}", json(&requested));
    let analysis = data(&requested)["id"].as_str().unwrap().to_owned();
    let pending = twins
        .direct
        .store
        .get_analysis(twins.partner.partner_id, analysis.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let worker = analysis_worker::Worker::new(
        twins.direct.store.clone(),
        Arc::new(analysis_worker::NoEvents),
    );
    worker
        .process(&serde_json::to_string(&pending.request()).unwrap())
        .await
        .unwrap();
    let answered = Arc::default();
    let review = landing(
        &twins,
        "POST",
        format!("/api/v1/analyses/{analysis}/reviews/"),
        Some(json!({
            "reviewer": "agent-7",
            "decision": "favorable",
            "justification": "Texte libre à effacer avec le profil.",
            "consumer_statement": "Déclaration du client, à effacer aussi."
        })),
        201,
        Arc::clone(&answered),
    );

    // The partition left empty: the review, on the analysis and its copy, and the
    // idempotency record keeping its response are gone.
    erase_while(&twins, &id, review).await;

    assert_eq!(answered.lock().unwrap()["decision"], "favorable");
    let read = twins.read(&format!("/api/v1/analyses/{analysis}/")).await;
    assert_eq!(read.status(), 404);
}
