//! Opening the store (and, for `serve`, every function's [`Services`]) a command asked for.

use std::sync::Arc;

use shared::config::Settings;
use shared::store::Store;
use shared::store::dynamodb::DynamoStore;
use shared::store::embedded::EmbeddedStore;
use shared::webhooks::url_policy::UrlPolicy;

use crate::CliError;
use crate::cli::{StorageArgs, StoreKind};
use crate::services::Services;

/// The process environment, with `--table` in place of `TABLE_NAME` when given.
fn settings(args: &StorageArgs) -> Settings<'_> {
    Settings::from_lookup(move |name| match (name, &args.table) {
        ("TABLE_NAME", Some(table)) => Some(table.clone()),
        _ => std::env::var(name).ok(),
    })
}

/// The store alone, for the partner and key commands.
pub async fn open_store(args: &StorageArgs) -> Result<Arc<dyn Store>, CliError> {
    match args.store {
        StoreKind::Embedded => Ok(Arc::new(EmbeddedStore::open(&args.data)?)),
        StoreKind::Dynamodb => Ok(Arc::new(open_table(args).await?)),
    }
}

/// The DynamoDB table of `--table` or `TABLE_NAME`, whatever `--store` says.
pub async fn open_table(args: &StorageArgs) -> Result<DynamoStore, CliError> {
    let settings = settings(args);
    let table = settings
        .required("TABLE_NAME")
        .map_err(|_| CliError::Usage("--store dynamodb needs --table or TABLE_NAME".to_owned()))?;
    let sdk = shared::aws::sdk_config(&settings).await?;
    Ok(DynamoStore::from_sdk(&sdk, table))
}

/// Everything `serve` needs: with DynamoDB, the token key set and the cursor key come from
/// Secrets Manager (`TOKEN_KEYS_SECRET_ID`, `CURSOR_KEY_SECRET_ID`) and the queues from
/// `ANALYSIS_QUEUE_URL` and `WEBHOOK_QUEUE_URL`, as in the Lambdas.
pub async fn open_services(
    args: &StorageArgs,
    webhook_urls: UrlPolicy,
) -> Result<Services, CliError> {
    match args.store {
        StoreKind::Embedded => {
            Services::embedded(&args.data, webhook_urls).map_err(CliError::setup)
        }
        StoreKind::Dynamodb => Services::aws(&settings(args), webhook_urls)
            .await
            .map_err(CliError::setup),
    }
}
