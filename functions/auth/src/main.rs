//! The `auth` Lambda: its dependencies built once per container, then [`auth::ROUTES`].

use std::sync::Arc;

use shared::config::Settings;
use shared::jwks::{RECORD_PUBLIC_KEYS_SETTING, jwk_set_from_json};
use shared::store::dynamodb::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Stopped> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let table = settings.required("TABLE_NAME")?;
    let sdk = shared::aws::sdk_config(&settings).await?;
    let keys = shared::aws::token_keys(&sdk, &settings).await?;
    let record_keys = jwk_set_from_json(&settings.required(RECORD_PUBLIC_KEYS_SETTING)?)?;
    let service = auth::Service::new(
        Arc::new(DynamoStore::from_sdk(&sdk, table)),
        &keys,
        record_keys,
        &settings.token_audience(),
    )?;
    shared::lambda::run_http(&service, auth::ROUTES).await
}
