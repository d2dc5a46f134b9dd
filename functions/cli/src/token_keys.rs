//! `partnerb2b token-keys`: the token key set an operator creates and rotates
//! ([`shared::key_set`] documents the procedure), in the data file or in Secrets Manager.

use chrono::Utc;
use shared::key_set::{PrivateKeySet, PrivateKeySetError};
use shared::store::embedded::EmbeddedStore;

use crate::CliError;
use crate::cli::{SecretArgs, StorageArgs, StoreKind, TokenKeysCommand};
use crate::operator::print_json;

/// Where the set is read from and written back to.
enum Location {
    DataFile(EmbeddedStore),
    Secret {
        client: aws_sdk_secretsmanager::Client,
        id: String,
    },
}

impl Location {
    async fn open(storage: &StorageArgs, secret: &SecretArgs) -> Result<Self, CliError> {
        match storage.store {
            StoreKind::Embedded => Ok(Self::DataFile(EmbeddedStore::open(&storage.data)?)),
            StoreKind::Dynamodb => {
                let id = secret.secret_id.clone().ok_or_else(|| {
                    CliError::Usage(
                        "--store dynamodb needs --secret-id or TOKEN_KEYS_SECRET_ID".to_owned(),
                    )
                })?;
                let sdk = shared::aws::sdk_config().await;
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
            Self::DataFile(store) => Ok(store.token_keys()?),
            Self::Secret { client, id } => PrivateKeySet::from_secrets_manager(client, id)
                .await
                .map_err(key_set_error),
        }
    }

    async fn save(&self, keys: &PrivateKeySet) -> Result<(), CliError> {
        match self {
            Self::DataFile(store) => Ok(store.save_token_keys(keys)?),
            Self::Secret { client, id } => keys
                .to_secrets_manager(client, id)
                .await
                .map_err(key_set_error),
        }
    }
}

fn key_set_error(error: PrivateKeySetError) -> CliError {
    match error {
        PrivateKeySetError::UnknownKid(kid) => CliError::NotFound(format!("token key {kid}")),
        PrivateKeySetError::Unavailable(_) => {
            CliError::Setup(shared::edge::serve::error_chain(&error))
        }
        other => CliError::Usage(other.to_string()),
    }
}

pub async fn run(storage: &StorageArgs, command: TokenKeysCommand) -> Result<(), CliError> {
    match command {
        TokenKeysCommand::Init(secret) => init(storage, &secret).await,
        TokenKeysCommand::List { secret, json } => {
            let keys = Location::open(storage, &secret).await?.load().await?;
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
        TokenKeysCommand::Jwks(secret) => {
            let keys = Location::open(storage, &secret).await?.load().await?;
            println!("{}", keys.jwks_json());
            Ok(())
        }
        TokenKeysCommand::Add(secret) => {
            let location = Location::open(storage, &secret).await?;
            let mut keys = location.load().await?;
            let kid = keys.add_key(Utc::now()).map_err(key_set_error)?;
            location.save(&keys).await?;
            println!("added {kid}: it verifies, and signs once activated");
            println!(
                "next: publish the JWKS (`token-keys jwks`) to TokenPublicKeys, deploy, wait an hour, then `token-keys activate {kid}`"
            );
            Ok(())
        }
        TokenKeysCommand::Activate { kid, secret } => {
            let location = Location::open(storage, &secret).await?;
            let mut keys = location.load().await?;
            keys.activate(&kid, Utc::now()).map_err(key_set_error)?;
            location.save(&keys).await?;
            println!(
                "{kid} signs from the next start of auth (redeploy it, or restart the local server)"
            );
            Ok(())
        }
        TokenKeysCommand::Retire { kid, now, secret } => {
            let location = Location::open(storage, &secret).await?;
            let mut keys = location.load().await?;
            if now {
                keys.retire_now(&kid)
            } else {
                keys.retire(&kid, Utc::now())
            }
            .map_err(key_set_error)?;
            location.save(&keys).await?;
            println!("{kid} retired: publish the JWKS without it (`token-keys jwks`) and deploy");
            Ok(())
        }
    }
}

/// A first set: in the data file, the one the server would make; in Secrets Manager, a
/// new secret.
async fn init(storage: &StorageArgs, secret: &SecretArgs) -> Result<(), CliError> {
    match Location::open(storage, secret).await? {
        location @ Location::DataFile(_) => {
            println!("{}", location.load().await?.jwks_json());
        }
        Location::Secret { client, id } => {
            let keys = PrivateKeySet::generate(Utc::now()).map_err(key_set_error)?;
            let arn = keys
                .create_in_secrets_manager(&client, &id)
                .await
                .map_err(key_set_error)?;
            println!("TokenKeysSecretArn={arn}");
            println!("TokenPublicKeys={}", keys.jwks_json());
        }
    }
    Ok(())
}
