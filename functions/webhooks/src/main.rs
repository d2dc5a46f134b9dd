//! The `webhooks` Lambda: its dependencies built once per container, then
//! [`webhooks::ROUTES`].

use std::sync::Arc;

use shared::config::Settings;
use shared::jwt::TokenVerifier;
use shared::queue::sqs::SqsQueue;
use shared::store::dynamodb::DynamoStore;
use shared::webhooks::url_policy::UrlPolicy;

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Stopped> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let table = settings.required("TABLE_NAME")?;
    let queue_url = settings.required("WEBHOOK_QUEUE_URL")?;
    let sdk = shared::aws::sdk_config(&settings).await?;
    let service = webhooks::Service {
        store: Arc::new(DynamoStore::from_sdk(&sdk, table)),
        cursors: shared::aws::cursors(&shared::aws::secrets_manager(&sdk), &settings)?,
        tokens: TokenVerifier::from_settings(&settings)?,
        webhook_queue: Arc::new(SqsQueue::from_sdk(&sdk, queue_url)),
        webhook_urls: UrlPolicy::STRICT,
    };
    shared::lambda::run_http(&service, webhooks::ROUTES).await
}
