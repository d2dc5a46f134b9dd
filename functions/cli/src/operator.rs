//! `partnerb2b partner …` and `partnerb2b key …`: onboarding partners and their keys.

use chrono::Utc;
use serde::Serialize;
use shared::domain::api_key::{ApiKey, ApiKeyId};
use shared::domain::model::{ApiKeyRecord, KeyStatus, Partner, PartnerId, PartnerStatus};
use shared::store::{Store, StoreError};

use crate::CliError;
use crate::cli::{KeyCommand, PartnerCommand, StorageArgs, StoreKind};
use crate::storage::{self, open_store};

pub async fn partner(storage: &StorageArgs, command: PartnerCommand) -> Result<(), CliError> {
    let store = open_store(storage).await?;
    match command {
        PartnerCommand::Create { name, json } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(CliError::Usage("--name must not be empty".to_owned()));
            }
            let created = create_partner(store.as_ref(), name).await?;
            if json {
                print_json(&created);
            } else {
                println!("created partner {} ({name})", created.partner_id);
                println!(
                    "api key {} (shown once, store it now): {}",
                    created.key_id, created.api_key
                );
            }
        }
        PartnerCommand::List { json } => {
            let partners = store.list_partners().await?;
            if json {
                print_json(&partners);
            } else if partners.is_empty() {
                println!("no partners");
            } else {
                for partner in partners {
                    println!(
                        "{}  {:<9}  {}  {}",
                        partner.id,
                        partner.status,
                        partner.created_at.format("%Y-%m-%d"),
                        partner.name
                    );
                }
            }
        }
        PartnerCommand::Suspend { id } => {
            set_status(store.as_ref(), id, PartnerStatus::Suspended).await?;
            println!("partner {id} suspended: its keys and refresh tokens are refused from now on");
        }
        PartnerCommand::Activate { id } => {
            set_status(store.as_ref(), id, PartnerStatus::Active).await?;
            println!("partner {id} active");
        }
    }
    Ok(())
}

pub async fn key(storage: &StorageArgs, command: KeyCommand) -> Result<(), CliError> {
    let store = open_store(storage).await?;
    match command {
        KeyCommand::Create { partner, json } => {
            let key = ApiKey::generate();
            let record = store
                .add_api_key(&ApiKeyRecord::new(&key, partner, Utc::now()))
                .await
                .map_err(|error| not_found_as(error, format!("partner {partner}")))?;
            let created = CreatedKey {
                partner_id: partner,
                key_id: record.id,
                api_key: key.expose().to_owned(),
            };
            if json {
                print_json(&created);
            } else {
                println!(
                    "api key {} (shown once, store it now): {}",
                    created.key_id, created.api_key
                );
            }
        }
        KeyCommand::List { partner, json } => {
            if store.get_partner(partner).await?.is_none() {
                return Err(CliError::NotFound(format!("partner {partner}")));
            }
            let keys: Vec<KeySummary> = store
                .list_api_keys(partner)
                .await?
                .into_iter()
                .map(KeySummary::from)
                .collect();
            if json {
                print_json(&keys);
            } else {
                for key in keys {
                    println!(
                        "{}  {}…  {:?}  {}",
                        key.id, key.display_prefix, key.status, key.created_at
                    );
                }
            }
        }
        KeyCommand::Revoke { id } => {
            store
                .revoke_api_key(&id)
                .await
                .map_err(|error| not_found_as(error, format!("key {id}")))?;
            println!("key {id} revoked");
        }
    }
    Ok(())
}

/// A new partner and its first key, as `partner create --json` prints it.
#[derive(Debug, Serialize)]
pub struct CreatedKey {
    pub partner_id: PartnerId,
    pub key_id: ApiKeyId,
    pub api_key: String,
}

/// Creates a partner named `name` with a first API key.
pub async fn create_partner(store: &dyn Store, name: &str) -> Result<CreatedKey, StoreError> {
    let now = Utc::now();
    let partner = Partner::new(name, now);
    let key = ApiKey::generate();
    let record = ApiKeyRecord::new(&key, partner.id, now);
    store.create_partner(&partner, &record).await?;
    Ok(CreatedKey {
        partner_id: partner.id,
        key_id: record.id,
        api_key: key.expose().to_owned(),
    })
}

async fn set_status(
    store: &dyn Store,
    id: PartnerId,
    status: PartnerStatus,
) -> Result<(), CliError> {
    store
        .set_partner_status(id, status)
        .await
        .map_err(|error| not_found_as(error, format!("partner {id}")))
}

fn not_found_as(error: StoreError, what: String) -> CliError {
    match error {
        StoreError::NotFound => CliError::NotFound(what),
        other => other.into(),
    }
}

#[derive(Debug, Serialize)]
struct KeySummary {
    id: ApiKeyId,
    display_prefix: String,
    status: KeyStatus,
    created_at: chrono::DateTime<Utc>,
}

impl From<ApiKeyRecord> for KeySummary {
    fn from(record: ApiKeyRecord) -> Self {
        Self {
            id: record.id,
            display_prefix: record.display_prefix,
            status: record.status,
            created_at: record.created_at,
        }
    }
}

pub(crate) fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(json) => println!("{json}"),
        Err(error) => eprintln!("error: {error}"),
    }
}

/// `partnerb2b index-profiles`: files in the status index the profiles a DynamoDB table
/// held before it, and says how many; nothing to do on the data file.
pub async fn index_profiles(args: &StorageArgs) -> Result<(), CliError> {
    if args.store == StoreKind::Embedded {
        println!("the data file indexes its profiles when it is opened: nothing to do");
        return Ok(());
    }
    let filed = storage::open_table(args)
        .await?
        .index_profiles_by_status()
        .await?;
    println!("{filed} profiles filed in the status index");
    Ok(())
}
