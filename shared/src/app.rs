//! [`App`]: the dependencies of every HTTP function, built once per container (or once
//! per local server) and shared by reference with every request.

use std::path::Path;
use std::sync::Arc;

use lambda_http::Request;

use crate::config::Config;
use crate::cursor::Cursors;
use crate::error::{ApiError, BoxError};
use crate::http::record_partner;
use crate::jwt::{TokenError, TokenService, TokenType};
use crate::model::PartnerId;
use crate::request::bearer_token;
use crate::signing_keys::SigningKeys;
use crate::store::Store;
use crate::store::dynamodb::DynamoStore;
use crate::store::embedded::EmbeddedStore;

pub struct App {
    pub store: Arc<dyn Store>,
    pub tokens: TokenService,
    pub cursors: Cursors,
}

impl App {
    pub fn new(store: Arc<dyn Store>, tokens: TokenService) -> Self {
        let cursors = Cursors::new(&tokens);
        Self {
            store,
            tokens,
            cursors,
        }
    }

    /// The AWS wiring: the SDK's standard configuration (region, credentials and
    /// `AWS_ENDPOINT_URL`), the table `TABLE_NAME`, the key set in `SIGNING_KEYS_SECRET_ID`.
    pub async fn from_aws(config: &Config) -> Result<Self, BoxError> {
        let sdk = load_aws_config().await;
        let store = DynamoStore::from_sdk(&sdk, config.require_table()?);
        let secrets = aws_sdk_secretsmanager::Client::new(&sdk);
        let keys =
            SigningKeys::from_secrets_manager(&secrets, config.require_signing_keys_secret()?)
                .await?;
        Ok(Self::new(Arc::new(store), tokens(&keys, config)))
    }

    /// The local wiring: the embedded store at `path` and the key set kept in it.
    pub fn embedded(path: &Path, config: &Config) -> Result<Self, BoxError> {
        let store = EmbeddedStore::open(path)?;
        let keys = store.signing_keys()?;
        Ok(Self::new(Arc::new(store), tokens(&keys, config)))
    }

    /// The partner behind the request's access token: 401 `missing_token`,
    /// `invalid_token` or `token_expired` otherwise. Reads nothing from the store.
    pub fn authenticate(&self, request: &Request) -> Result<PartnerId, ApiError> {
        let claims = self
            .tokens
            .verify(bearer_token(request)?, TokenType::Access)
            .map_err(|error| match error {
                TokenError::Expired => ApiError::TokenExpired,
                _ => ApiError::InvalidToken,
            })?;
        record_partner(&claims.sub);
        Ok(claims.sub)
    }
}

/// The AWS SDK's standard configuration: region, credentials, `AWS_ENDPOINT_URL`.
pub async fn load_aws_config() -> aws_config::SdkConfig {
    aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await
}

pub fn tokens(keys: &SigningKeys, config: &Config) -> TokenService {
    TokenService::new(keys, &config.jwt_issuer, &config.jwt_audience)
}
