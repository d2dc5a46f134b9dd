//! The analysis worker Lambda: its dependencies built once per container, then every
//! batch of analysis requests from SQS.

use std::sync::Arc;

use analysis_worker::{WebhookEvents, Worker};
use aws_lambda_events::event::sqs::SqsEvent;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use shared::config::Settings;
use shared::queue::sqs::SqsQueue;
use shared::store::dynamodb::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Stopped> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let table = settings.required("TABLE_NAME")?;
    let webhook_queue = settings.required("WEBHOOK_QUEUE_URL")?;
    let sdk = shared::aws::sdk_config(&settings).await?;
    let store = Arc::new(DynamoStore::from_sdk(&sdk, table));
    let events = WebhookEvents::new(
        store.clone(),
        Arc::new(SqsQueue::from_sdk(&sdk, webhook_queue)),
    );
    let worker = Worker::new(store, Arc::new(events));
    let worker = &worker;
    Ok(
        run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
            Ok::<_, Error>(analysis_worker::handle(worker, event.payload).await)
        }))
        .await?,
    )
}
