//! The `analyses` Lambda: its dependencies built once per container, then
//! [`analyses::ROUTES`].

use std::sync::Arc;

use shared::config::Settings;
use shared::jwt::TokenVerifier;
use shared::queue::sqs::SqsQueue;
use shared::store::dynamodb::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Stopped> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let table = settings.required("TABLE_NAME")?;
    let queue_url = settings.required("ANALYSIS_QUEUE_URL")?;
    let sdk = shared::aws::sdk_config(&settings).await?;
    let secrets = shared::aws::secrets_manager(&sdk);
    let service = analyses::Service {
        store: Arc::new(DynamoStore::from_sdk(&sdk, table)),
        cursors: shared::aws::cursors(&secrets, &settings)?,
        tokens: TokenVerifier::from_settings(&settings)?,
        analysis_queue: Arc::new(SqsQueue::from_sdk(&sdk, queue_url)),
        records: shared::aws::record_signer(&secrets, &settings)?,
    };
    shared::lambda::run_http(&service, analyses::ROUTES).await
}
