//! The analysis sweeper against DynamoDB and SQS in moto: an analysis committed without
//! its message is queued by one sweep and completed by the worker; a completed one, a
//! fresh one and one a sweep just queued are left alone; a review committed without its
//! message is queued by a sweep too, and its event leaves.

use std::sync::Arc;
use std::time::Duration;

use analysis_sweeper::{STALE_AFTER, Sweep, Sweeper};
use analysis_worker::{NoEvents, Outcome, WebhookEvents, Worker};
use chrono::{TimeDelta, Utc};
use partnerb2b_tests::aws::{self, counted_dynamo_store};
use partnerb2b_tests::conformance::reviews::review;
use partnerb2b_tests::fixtures::pending_analysis;
use scoring::Decision;
use shared::domain::model::{Analysis, AnalysisStatus, EventType, Webhook};
use shared::domain::review::Review;
use shared::queue::Queue;
use shared::queue::sqs::SqsQueue;
use shared::store::Store;
use shared::webhooks::delivery::Delivery;

/// A submitted profile's analysis, committed `ago` and never sent: the analyses function
/// stopped between its transaction and its `SendMessage`.
async fn committed_without_its_message(store: &dyn Store, ago: TimeDelta) -> Analysis {
    pending_analysis(store, Utc::now() - ago).await
}

#[tokio::test]
async fn one_sweep_queues_a_lost_analysis_once_and_the_worker_completes_it() {
    let (store, _) = counted_dynamo_store().await;
    let store: Arc<dyn Store> = Arc::new(store);
    let (queue_url, _) = aws::fresh_queue_pair(Duration::from_secs(30), 5).await;
    let queue = Arc::new(SqsQueue::new(
        aws_sdk_sqs::Client::new(&aws::sdk_config().await),
        queue_url,
    ));
    let long_ago = STALE_AFTER * 2;
    let lost = committed_without_its_message(store.as_ref(), long_ago).await;
    let completed = committed_without_its_message(store.as_ref(), long_ago).await;
    let worker = Worker::new(store.clone(), Arc::new(NoEvents));
    let body = serde_json::to_string(&completed.request()).unwrap();
    assert_eq!(worker.process(&body).await.unwrap(), Outcome::Completed);
    let fresh = committed_without_its_message(store.as_ref(), TimeDelta::seconds(5)).await;
    let sweeper = Sweeper::new(store.clone(), queue.clone());

    let first = sweeper.sweep(Utc::now()).await.unwrap();
    let second = sweeper.sweep(Utc::now()).await.unwrap();

    assert_eq!(
        first,
        Sweep {
            requeued: 1,
            skipped: 0
        },
        "the lost one; not the completed or the fresh one"
    );
    assert_eq!(
        second,
        Sweep::default(),
        "queued again just now: fresh, so not queued twice"
    );
    let received = queue.receive(10, Duration::from_secs(2)).await.unwrap();
    let bodies: Vec<&str> = received
        .iter()
        .map(|message| message.body.as_str())
        .collect();
    assert_eq!(
        bodies,
        [serde_json::to_string(&lost.request()).unwrap()],
        "one message, for the lost analysis"
    );
    assert!(
        queue
            .receive(10, Duration::from_secs(1))
            .await
            .unwrap()
            .is_empty(),
        "and no other"
    );

    assert_eq!(
        worker.process(&received[0].body).await.unwrap(),
        Outcome::Completed
    );
    let done = store
        .get_analysis(lost.partner_id, lost.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.status, AnalysisStatus::Completed);
    assert_eq!(done.queued_at, None, "out of the index of pending analyses");
    let much_later = sweeper.sweep(Utc::now() + STALE_AFTER * 3).await.unwrap();
    assert_eq!(
        much_later,
        Sweep {
            requeued: 1,
            skipped: 0
        },
        "only the fresh one, which has waited too by then"
    );
    let last = queue.receive(10, Duration::from_secs(2)).await.unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(
        last[0].body,
        serde_json::to_string(&fresh.request()).unwrap()
    );
}

/// The message the sweep duplicates (its original was only late, not lost) changes
/// nothing: the worker stores one result and reports the second as a duplicate.
#[tokio::test]
async fn a_message_a_sweep_duplicated_is_harmless() {
    let (store, _) = counted_dynamo_store().await;
    let store: Arc<dyn Store> = Arc::new(store);
    let (queue_url, _) = aws::fresh_queue_pair(Duration::from_secs(30), 5).await;
    let queue = Arc::new(SqsQueue::new(
        aws_sdk_sqs::Client::new(&aws::sdk_config().await),
        queue_url,
    ));
    let late = committed_without_its_message(store.as_ref(), STALE_AFTER * 2).await;
    let original = serde_json::to_string(&late.request()).unwrap();
    let sweeper = Sweeper::new(store.clone(), queue.clone());
    sweeper.sweep(Utc::now()).await.unwrap();
    let duplicate = queue.receive(10, Duration::from_secs(2)).await.unwrap();
    assert_eq!(duplicate.len(), 1);
    let worker = Worker::new(store.clone(), Arc::new(NoEvents));

    let outcomes = [
        worker.process(&original).await.unwrap(),
        worker.process(&duplicate[0].body).await.unwrap(),
    ];

    assert_eq!(outcomes, [Outcome::Completed, Outcome::Duplicate]);
    let stored = store
        .get_analysis(late.partner_id, late.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, AnalysisStatus::Completed);
}

/// An SQS queue in moto, as the functions build it.
async fn sqs_queue() -> Arc<SqsQueue> {
    let (queue_url, _) = aws::fresh_queue_pair(Duration::from_secs(30), 5).await;
    Arc::new(SqsQueue::new(
        aws_sdk_sqs::Client::new(&aws::sdk_config().await),
        queue_url,
    ))
}

/// The event types of the deliveries on `queue`, as queued.
async fn delivered(queue: &SqsQueue) -> Vec<EventType> {
    let messages = queue.receive(10, Duration::from_secs(1)).await.unwrap();
    messages
        .iter()
        .map(|message| {
            let delivery: Delivery = serde_json::from_str(&message.body).unwrap();
            delivery.event.event_type
        })
        .collect()
}

/// The `analyses` function recorded a review and stopped before its `SendMessage`: the
/// sweep queues the analysis's message, the worker queues `analysis.reviewed`, and the
/// analysis leaves the index of waiting analyses.
#[tokio::test]
async fn a_review_whose_message_was_lost_is_told_after_a_sweep() {
    let (store, _) = counted_dynamo_store().await;
    let store: Arc<dyn Store> = Arc::new(store);
    let (analysis_queue, webhook_queue) = (sqs_queue().await, sqs_queue().await);
    let analysis = committed_without_its_message(store.as_ref(), STALE_AFTER * 4).await;
    let webhook = Webhook::new(
        analysis.partner_id,
        "https://hooks.example/partnerb2b".to_owned(),
        vec![EventType::AnalysisCompleted, EventType::AnalysisReviewed],
        None,
        shared::webhooks::signature::new_secret(),
        Utc::now(),
    );
    store.create_webhook(&webhook, 10).await.unwrap();
    let events = WebhookEvents::new(store.clone(), webhook_queue.clone());
    let worker = Worker::new(store.clone(), Arc::new(events));
    let body = serde_json::to_string(&analysis.request()).unwrap();
    assert_eq!(worker.process(&body).await.unwrap(), Outcome::Completed);
    assert_eq!(
        delivered(&webhook_queue).await,
        [EventType::AnalysisCompleted]
    );
    let completed = store
        .get_analysis(analysis.partner_id, analysis.id)
        .await
        .unwrap()
        .unwrap();
    let lost = Review {
        created_at: Utc::now() - STALE_AFTER * 2,
        ..review(Decision::Favorable, None)
    };
    store.add_review(&completed, &lost, None, 10).await.unwrap();
    let sweeper = Sweeper::new(store.clone(), analysis_queue.clone());

    let sweep = sweeper.sweep(Utc::now()).await.unwrap();

    assert_eq!(
        sweep,
        Sweep {
            requeued: 1,
            skipped: 0
        },
        "the reviewed analysis is owed a message"
    );
    let received = analysis_queue
        .receive(10, Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, body, "the analysis's own message");
    assert_eq!(
        worker.process(&received[0].body).await.unwrap(),
        Outcome::Duplicate
    );
    assert_eq!(
        delivered(&webhook_queue).await,
        [EventType::AnalysisReviewed],
        "the review's event, once"
    );
    let settled = store
        .get_analysis(analysis.partner_id, analysis.id)
        .await
        .unwrap()
        .unwrap();
    assert!(settled.reviews[0].notified);
    assert_eq!(settled.queued_at, None, "out of the index again");
    assert_eq!(
        sweeper.sweep(Utc::now() + STALE_AFTER * 3).await.unwrap(),
        Sweep::default(),
        "nothing is owed any more"
    );
}
