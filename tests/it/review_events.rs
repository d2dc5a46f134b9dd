//! `analysis.reviewed` through the analysis worker: a message finding its analysis
//! finished queues every event of it not queued yet, the completion's first, then each
//! review's, once, with ids and decisions only.

use std::sync::Arc;
use std::time::Duration;

use analysis_worker::{Outcome, WebhookEvents, WorkError, Worker};
use chrono::Utc;
use partnerb2b_tests::conformance::reviews::review;
use partnerb2b_tests::conformance::{StoreUnderTest, embedded};
use partnerb2b_tests::fixtures;
use partnerb2b_tests::flaky_queue::FailingAfter;
use scoring::Decision;
use shared::domain::model::{Analysis, EventType, Webhook};
use shared::queue::Queue;
use shared::store::Store;
use shared::webhooks::delivery::Delivery;
use shared::webhooks::log::FeedFilter;

/// An embedded store with a pending analysis whose partner has a webhook per entry of
/// `subscriptions`, subscribed to those events; the analysis's message body and the
/// webhook queue, in `dir`.
async fn with_webhooks(
    dir: &std::path::Path,
    subscriptions: &[&[EventType]],
) -> (StoreUnderTest, Analysis, String, Arc<dyn Queue>) {
    let store = embedded().await;
    let analysis = fixtures::pending_analysis(&*store, Utc::now()).await;
    let body = serde_json::to_string(&analysis.request()).unwrap();
    for (n, events) in subscriptions.iter().enumerate() {
        let webhook = Webhook::new(
            analysis.partner_id,
            format!("https://hooks{n}.example/partnerb2b"),
            events.to_vec(),
            None,
            shared::webhooks::signature::new_secret(),
            Utc::now(),
        );
        store.create_webhook(&webhook, 10).await.unwrap();
    }
    (
        store,
        analysis,
        body,
        partnerb2b_tests::fixtures::webhook_queue(dir),
    )
}

/// The deliveries queued, in the order they were queued.
async fn queued(queue: &dyn Queue) -> Vec<Delivery> {
    queue
        .receive(10, Duration::ZERO)
        .await
        .unwrap()
        .iter()
        .map(|message| serde_json::from_str(&message.body).unwrap())
        .collect()
}

async fn stored(store: &dyn Store, analysis: &Analysis) -> Analysis {
    store
        .get_analysis(analysis.partner_id, analysis.id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_reviews_event_leaves_once_after_the_completions() {
    let dir = tempfile::tempdir().unwrap();
    let both: &[EventType] = &[EventType::AnalysisCompleted, EventType::AnalysisReviewed];
    let (store, analysis, body, queue) = with_webhooks(dir.path(), &[both]).await;
    let worker = Worker::new(
        store.store.clone(),
        Arc::new(WebhookEvents::new(store.store.clone(), queue.clone())),
    );
    assert_eq!(worker.process(&body).await.unwrap(), Outcome::Completed);
    let completed = stored(&*store, &analysis).await;
    let mut overturned = review(Decision::Favorable, None);
    overturned.justification = "Bulletins de salaire vérifiés".into();
    overturned.reviewer = "agent-secret-name".into();
    store
        .add_review(&completed, &overturned, None, 10)
        .await
        .unwrap();

    let first = worker.process(&body).await.unwrap();
    let again = worker.process(&body).await.unwrap();

    assert_eq!((first, again), (Outcome::Duplicate, Outcome::Duplicate));
    let deliveries = queued(queue.as_ref()).await;
    let types: Vec<EventType> = deliveries
        .iter()
        .map(|delivery| delivery.event.event_type)
        .collect();
    assert_eq!(
        types,
        [EventType::AnalysisCompleted, EventType::AnalysisReviewed],
        "one event each, the completion's first"
    );
    let event = &deliveries[1].event;
    assert_eq!(event.id, format!("evt_{}", overturned.id.0.simple()));
    assert_eq!(event.created_at, overturned.created_at);
    let data = serde_json::to_value(&event.data).unwrap();
    let model = completed.result.as_ref().unwrap().decision;
    assert_eq!(
        data,
        serde_json::json!({
            "analysis_id": analysis.id,
            "profile_id": analysis.profile_id,
            "status": "completed",
            "review_id": overturned.id,
            "decision": model,
            "final_decision": "favorable",
            "decided_by": "human",
        }),
        "ids and decisions only: no reviewer, justification or consumer statement"
    );
    let feed = store
        .list_events(
            analysis.partner_id,
            FeedFilter {
                event_type: Some(EventType::AnalysisReviewed),
                since: Utc::now() - chrono::TimeDelta::days(1),
            },
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(feed.items.len(), 1, "once on the feed");
    assert!(stored(&*store, &analysis).await.reviews[0].notified);
}

#[tokio::test]
async fn a_reviews_event_failing_part_way_is_queued_by_the_retry_each_once() {
    let dir = tempfile::tempdir().unwrap();
    let reviewed: &[EventType] = &[EventType::AnalysisReviewed];
    let (store, analysis, body, queue) = with_webhooks(dir.path(), &[reviewed, reviewed]).await;
    let flaky = Arc::new(FailingAfter::new(queue.clone(), 1));
    let worker = Worker::new(
        store.store.clone(),
        Arc::new(WebhookEvents::new(store.store.clone(), flaky.clone())),
    );
    assert_eq!(worker.process(&body).await.unwrap(), Outcome::Completed);
    let completed = stored(&*store, &analysis).await;
    store
        .add_review(&completed, &review(Decision::Review, None), None, 10)
        .await
        .unwrap();

    let failed = worker.process(&body).await;
    flaky.accept_all();
    let retried = worker.process(&body).await.unwrap();
    let after = worker.process(&body).await.unwrap();

    assert!(matches!(failed, Err(WorkError::Events(_))), "{failed:?}");
    assert_eq!((retried, after), (Outcome::Duplicate, Outcome::Duplicate));
    let mut webhooks: Vec<_> = queued(queue.as_ref())
        .await
        .iter()
        .map(|delivery| delivery.webhook_id)
        .collect();
    webhooks.sort();
    let mut subscribed: Vec<_> = store
        .list_webhooks(analysis.partner_id)
        .await
        .unwrap()
        .iter()
        .map(|webhook| webhook.id)
        .collect();
    subscribed.sort();
    assert_eq!(webhooks, subscribed, "one delivery per webhook");
    let review = &stored(&*store, &analysis).await.reviews[0];
    assert!(review.notified && review.notifying_since.is_none());
}
