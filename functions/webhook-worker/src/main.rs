//! The webhook worker Lambda: its dependencies built once per container, then every
//! batch of deliveries from SQS.

use std::sync::Arc;

use aws_lambda_events::event::sqs::SqsEvent;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use shared::config::Settings;
use shared::queue::sqs::SqsQueue;
use shared::store::dynamodb::DynamoStore;
use shared::webhooks::url_policy::UrlPolicy;
use webhook_worker::{Deliverer, Settings as DeliverySettings};

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Stopped> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let table = settings.required("TABLE_NAME")?;
    let queue_url = settings.required("WEBHOOK_QUEUE_URL")?;
    let sdk = shared::aws::sdk_config(&settings).await?;
    let deliverer = Deliverer::new(
        Arc::new(DynamoStore::from_sdk(&sdk, table)),
        Arc::new(SqsQueue::from_sdk(&sdk, queue_url)),
        DeliverySettings::production(UrlPolicy::STRICT),
    )?;
    let deliverer = &deliverer;
    Ok(
        run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
            Ok::<_, Error>(webhook_worker::handle(deliverer, event.payload).await)
        }))
        .await?,
    )
}
