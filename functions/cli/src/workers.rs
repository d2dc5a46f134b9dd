//! The workers of the local server: in-process pollers of the queues, handing messages
//! to the same code the worker Lambdas run, and deleting what they handled; and the
//! analysis sweeper on the schedule the template gives it (with `--store dynamodb`, an
//! analysis committed without its message is queued again as on AWS; on the data file
//! an analysis and its message are one transaction, and the sweep finds nothing).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use analysis_sweeper::Sweeper;
use analysis_worker::{WebhookEvents, Worker};
use shared::edge::serve::error_chain;
use shared::lambda::Message;
use shared::queue::Queue;
use tokio::task::JoinSet;
use webhook_worker::{Deliverer, Settings};

use crate::services::Services;

/// Messages taken per receive, as the Lambda event source's batch size.
const BATCH: usize = 10;
/// Long-poll wait of one receive.
const WAIT: Duration = Duration::from_secs(1);
/// How often the analysis sweeper runs: `rate(5 minutes)`, as in `template.yaml`.
const SWEEP_EVERY: Duration = Duration::from_secs(5 * 60);

/// Starts the analysis and webhook pollers of `services`. Webhook deliveries follow the
/// webhooks function's URL policy, and `settings` for timeouts and retries.
pub fn spawn(services: &Services, settings: Settings) -> JoinSet<()> {
    let mut workers = JoinSet::new();
    let events = WebhookEvents::new(services.store.clone(), services.webhook_queue.clone());
    let worker = Arc::new(Worker::new(services.store.clone(), Arc::new(events)));
    workers.spawn(poll(
        services.analysis_queue.clone(),
        "analysis",
        move |messages| {
            let worker = worker.clone();
            async move { worker.process_batch(&messages).await }
        },
    ));
    let queue = services.webhook_queue.clone();
    match Deliverer::new(services.store.clone(), queue.clone(), settings) {
        Ok(deliverer) => {
            let deliverer = Arc::new(deliverer);
            workers.spawn(poll(queue, "webhook", move |messages| {
                let deliverer = deliverer.clone();
                async move { deliverer.process_batch(&messages).await }
            }));
        }
        Err(error) => tracing::error!(error = %error, "webhook deliveries cannot start"),
    }
    let sweeper = Sweeper::new(services.store.clone(), services.analysis_queue.clone());
    workers.spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(error) = analysis_sweeper::handle(&sweeper).await {
                tracing::warn!(error = %error, "the analysis sweep failed; the next one retries");
            }
        }
    });
    workers
}

/// Receives from `queue` for ever, hands each batch to `handle` (which returns the ids
/// to retry) and deletes the others.
async fn poll<F, Fut>(queue: Arc<dyn Queue>, name: &'static str, handle: F)
where
    F: Fn(Vec<Message>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    loop {
        let received = match queue.receive(BATCH, WAIT).await {
            Ok(received) => received,
            Err(error) => {
                tracing::warn!(queue = name, error = %error_chain(&error), "the queue did not answer; retrying");
                tokio::time::sleep(WAIT).await;
                continue;
            }
        };
        if received.is_empty() {
            continue;
        }
        let messages = received
            .iter()
            .map(|message| Message {
                id: message.id.clone(),
                body: message.body.clone(),
            })
            .collect();
        let failed = handle(messages).await;
        for message in received
            .iter()
            .filter(|message| !failed.contains(&message.id))
        {
            if let Err(error) = queue.delete(&message.receipt).await {
                tracing::warn!(queue = name, error = %error_chain(&error), "a handled message could not be deleted");
            }
        }
    }
}
