//! `partnerb2b token-keys` and `partnerb2b record-keys`: the two Ed25519 key sets an
//! operator creates and rotates ([`shared::key_set`] documents the procedure), in the data
//! file or in Secrets Manager: the one `auth` signs tokens with, and the one `analyses`
//! signs decision records with.

use chrono::Utc;
use shared::config::Settings;
use shared::key_set::{PrivateKeySet, PrivateKeySetError};
use shared::store::embedded::EmbeddedStore;

use crate::CliError;
use crate::cli::{KeySetCommand, SecretArgs, StorageArgs, StoreKind};
use crate::operator::print_json;

/// Which of the two key sets a command works on, and how each is named around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySet {
    /// The command that works on it.
    command: &'static str,
    /// The function setting naming its secret, the `--secret-id` default.
    secret_setting: &'static str,
    /// The template's parameters of its secret's ARN and of its JWKS.
    arn_parameter: &'static str,
    jwks_parameter: &'static str,
    /// What its keys sign, and the function that reads the active one at its start.
    signs: &'static str,
    signer: &'static str,
    /// Its secret's description in Secrets Manager.
    description: &'static str,
    local: LocalSet,
}

/// Where the data file keeps the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LocalSet {
    Tokens,
    Records,
}

impl KeySet {
    pub const TOKENS: Self = Self {
        command: "token-keys",
        secret_setting: shared::aws::TOKEN_KEYS_SETTING,
        arn_parameter: "TokenKeysSecretArn",
        jwks_parameter: "TokenPublicKeys",
        signs: "tokens",
        signer: "auth",
        description: "PartnerB2B token key set (Ed25519), read by the auth function only",
        local: LocalSet::Tokens,
    };

    pub const RECORDS: Self = Self {
        command: "record-keys",
        secret_setting: shared::aws::RECORD_KEYS_SETTING,
        arn_parameter: "RecordKeysSecretArn",
        jwks_parameter: "RecordPublicKeys",
        signs: "decision records",
        signer: "analyses",
        description: "PartnerB2B decision record key set (Ed25519), read by the analyses function only",
        local: LocalSet::Records,
    };
}

/// Where the set is read from and written back to.
enum Location {
    DataFile(EmbeddedStore, LocalSet),
    Secret {
        client: aws_sdk_secretsmanager::Client,
        id: String,
    },
}

impl Location {
    async fn open(
        storage: &StorageArgs,
        set: KeySet,
        secret: &SecretArgs,
    ) -> Result<Self, CliError> {
        match storage.store {
            StoreKind::Embedded => Ok(Self::DataFile(
                EmbeddedStore::open(&storage.data)?,
                set.local,
            )),
            StoreKind::Dynamodb => {
                let setting = set.secret_setting;
                let id = secret
                    .secret_id
                    .clone()
                    .or_else(|| std::env::var(setting).ok())
                    .ok_or_else(|| {
                        CliError::Usage(format!("--store dynamodb needs --secret-id or {setting}"))
                    })?;
                let sdk = shared::aws::sdk_config(&Settings::from_env()).await?;
                Ok(Self::Secret {
                    client: aws_sdk_secretsmanager::Client::new(&sdk),
                    id,
                })
            }
        }
    }

    /// The set; the data file makes one on first use, as the local server does.
    async fn load(&self) -> Result<PrivateKeySet, CliError> {
        match self {
            Self::DataFile(store, LocalSet::Tokens) => Ok(store.token_keys()?),
            Self::DataFile(store, LocalSet::Records) => Ok(store.record_keys()?),
            Self::Secret { client, id } => PrivateKeySet::from_secrets_manager(client, id)
                .await
                .map_err(key_set_error),
        }
    }

    async fn save(&self, keys: &PrivateKeySet) -> Result<(), CliError> {
        match self {
            Self::DataFile(store, LocalSet::Tokens) => Ok(store.save_token_keys(keys)?),
            Self::DataFile(store, LocalSet::Records) => Ok(store.save_record_keys(keys)?),
            Self::Secret { client, id } => keys
                .to_secrets_manager(client, id)
                .await
                .map_err(key_set_error),
        }
    }
}

fn key_set_error(error: PrivateKeySetError) -> CliError {
    match error {
        PrivateKeySetError::UnknownKid(kid) => CliError::NotFound(format!("key {kid}")),
        PrivateKeySetError::Unavailable(_) => {
            CliError::Setup(shared::edge::serve::error_chain(&error))
        }
        other => CliError::Usage(other.to_string()),
    }
}

pub async fn run(
    storage: &StorageArgs,
    set: KeySet,
    command: KeySetCommand,
) -> Result<(), CliError> {
    let (jwks_parameter, command_name) = (set.jwks_parameter, set.command);
    match command {
        KeySetCommand::Init(secret) => init(storage, set, &secret).await,
        KeySetCommand::List { secret, json } => {
            let keys = Location::open(storage, set, &secret).await?.load().await?;
            let status = keys.status();
            if json {
                print_json(&status);
            } else {
                for key in status {
                    let state = if key.active {
                        "active"
                    } else {
                        "verifies only"
                    };
                    let retirable = key
                        .retirable_from
                        .map_or_else(|| "-".to_owned(), |at| at.to_rfc3339());
                    println!(
                        "{}  {state}  created {}  retirable from {retirable}",
                        key.kid,
                        key.created_at.to_rfc3339()
                    );
                }
            }
            Ok(())
        }
        KeySetCommand::Jwks(secret) => {
            let keys = Location::open(storage, set, &secret).await?.load().await?;
            println!("{}", keys.jwks_json());
            Ok(())
        }
        KeySetCommand::Add(secret) => {
            let location = Location::open(storage, set, &secret).await?;
            let mut keys = location.load().await?;
            let kid = keys.add_key(Utc::now()).map_err(key_set_error)?;
            location.save(&keys).await?;
            println!("added {kid}: it verifies, and signs once activated");
            println!(
                "next: publish the JWKS (`{command_name} jwks`) to {jwks_parameter}, deploy, wait an hour, then `{command_name} activate {kid}`"
            );
            Ok(())
        }
        KeySetCommand::Activate { kid, secret } => {
            let location = Location::open(storage, set, &secret).await?;
            let mut keys = location.load().await?;
            keys.activate(&kid, Utc::now()).map_err(key_set_error)?;
            location.save(&keys).await?;
            println!(
                "{kid} signs {} from the next start of {} (redeploy it, or restart the local server)",
                set.signs, set.signer
            );
            Ok(())
        }
        KeySetCommand::Retire { kid, now, secret } => {
            let location = Location::open(storage, set, &secret).await?;
            let mut keys = location.load().await?;
            if now {
                keys.retire_now(&kid)
            } else {
                keys.retire(&kid, Utc::now())
            }
            .map_err(key_set_error)?;
            location.save(&keys).await?;
            println!(
                "{kid} retired: publish the JWKS without it (`{command_name} jwks`) to {jwks_parameter} and deploy"
            );
            Ok(())
        }
    }
}

/// A first set: in the data file, the one the server would make; in Secrets Manager, a
/// new secret.
async fn init(storage: &StorageArgs, set: KeySet, secret: &SecretArgs) -> Result<(), CliError> {
    let (arn_parameter, jwks_parameter) = (set.arn_parameter, set.jwks_parameter);
    match Location::open(storage, set, secret).await? {
        location @ Location::DataFile(..) => {
            println!("{}", location.load().await?.jwks_json());
        }
        Location::Secret { client, id } => {
            let keys = PrivateKeySet::generate(Utc::now()).map_err(key_set_error)?;
            let arn = keys
                .create_in_secrets_manager(&client, &id, set.description)
                .await
                .map_err(key_set_error)?;
            println!("{arn_parameter}={arn}");
            println!("{jwks_parameter}={}", keys.jwks_json());
        }
    }
    Ok(())
}
