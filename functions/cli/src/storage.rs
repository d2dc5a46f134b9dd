//! Opening the store (and, for `serve`, the whole [`App`]) a command asked for.

use std::sync::Arc;

use shared::app::App;
use shared::config::Config;
use shared::store::Store;
use shared::store::dynamodb::DynamoStore;
use shared::store::embedded::EmbeddedStore;

use crate::CliError;
use crate::cli::{StorageArgs, StoreKind};

fn config(args: &StorageArgs) -> Config {
    let mut config = Config::from_env();
    if args.table.is_some() {
        config.table_name.clone_from(&args.table);
    }
    config
}

/// The store alone, for the partner and key commands.
pub async fn open_store(args: &StorageArgs) -> Result<Arc<dyn Store>, CliError> {
    match args.store {
        StoreKind::Embedded => Ok(Arc::new(EmbeddedStore::open(&args.data)?)),
        StoreKind::Dynamodb => {
            let config = config(args);
            let table = config.require_table().map_err(|_| {
                CliError::Usage("--store dynamodb needs --table or TABLE_NAME".to_owned())
            })?;
            let sdk = shared::app::load_aws_config().await;
            Ok(Arc::new(DynamoStore::from_sdk(&sdk, table)))
        }
    }
}

/// Everything `serve` needs: with DynamoDB, the signing keys come from Secrets Manager
/// (`SIGNING_KEYS_SECRET_ID`) as in the Lambdas.
pub async fn open_app(args: &StorageArgs) -> Result<App, CliError> {
    let config = config(args);
    match args.store {
        StoreKind::Embedded => App::embedded(&args.data, &config).map_err(CliError::setup),
        StoreKind::Dynamodb => App::from_aws(&config).await.map_err(CliError::setup),
    }
}
