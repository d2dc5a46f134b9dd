//! [`App`]: the dependencies of every HTTP function, built once per container (or once
//! per local server) and shared by reference with every request.

use std::path::Path;
use std::sync::Arc;

use lambda_http::Request;

use crate::config::Config;
use crate::domain::model::PartnerId;
use crate::edge::cursor::Cursors;
use crate::edge::error::{ApiError, BoxError};
use crate::edge::request::bearer_token;
use crate::edge::serve::record_partner;
use crate::jwt::{TokenError, TokenService, TokenType};
use crate::queue::Queue;
use crate::queue::embedded::EmbeddedQueue;
use crate::queue::sqs::SqsQueue;
use crate::signing_keys::SigningKeys;
use crate::store::Store;
use crate::store::dynamodb::DynamoStore;
use crate::store::embedded::EmbeddedStore;
use crate::webhooks::url_policy::UrlPolicy;

pub struct App {
    pub store: Arc<dyn Store>,
    pub tokens: TokenService,
    pub cursors: Cursors,
    pub queues: Queues,
    /// Where webhooks may point: strict on AWS, loopback allowed by the local server.
    pub webhook_urls: UrlPolicy,
}

/// The queues a function sends work to; a function that sends nothing has none.
#[derive(Clone, Default)]
pub struct Queues {
    pub analysis: Option<Arc<dyn Queue>>,
    pub webhook: Option<Arc<dyn Queue>>,
}

impl Queues {
    /// The analysis queue, or a 500 naming the missing configuration.
    pub fn analysis(&self) -> Result<&dyn Queue, ApiError> {
        self.analysis
            .as_deref()
            .ok_or_else(|| ApiError::internal("ANALYSIS_QUEUE_URL is not configured"))
    }

    /// The webhook queue, or a 500 naming the missing configuration.
    pub fn webhook(&self) -> Result<&dyn Queue, ApiError> {
        self.webhook
            .as_deref()
            .ok_or_else(|| ApiError::internal("WEBHOOK_QUEUE_URL is not configured"))
    }

    /// SQS queues at the configured URLs; the client is built only if one is configured.
    pub fn sqs(sdk: &aws_config::SdkConfig, config: &Config) -> Self {
        let mut client = None;
        let mut queue = |url: &Option<String>| {
            url.as_ref().map(|url| {
                let client = client.get_or_insert_with(|| aws_sdk_sqs::Client::new(sdk));
                Arc::new(SqsQueue::new(client.clone(), url)) as Arc<dyn Queue>
            })
        };
        Self {
            analysis: queue(&config.analysis_queue_url),
            webhook: queue(&config.webhook_queue_url),
        }
    }

    /// Durable queues in the local data file at `path`.
    pub fn embedded(path: &Path) -> Result<Self, BoxError> {
        let queue = |name| -> Result<Arc<dyn Queue>, BoxError> {
            Ok(Arc::new(EmbeddedQueue::open(
                path,
                name,
                LOCAL_VISIBILITY_TIMEOUT,
                LOCAL_MAX_RECEIVES,
            )?))
        };
        Ok(Self {
            analysis: Some(queue("analysis")?),
            webhook: Some(queue("webhook")?),
        })
    }
}

/// How long a message the local workers received stays hidden before a retry.
pub const LOCAL_VISIBILITY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// Receives after which the local queues dead-letter a message, as `maxReceiveCount` does on AWS.
pub const LOCAL_MAX_RECEIVES: u32 = 5;

impl App {
    pub fn new(store: Arc<dyn Store>, tokens: TokenService) -> Self {
        let cursors = Cursors::new(&tokens);
        Self {
            store,
            tokens,
            cursors,
            queues: Queues::default(),
            webhook_urls: UrlPolicy::STRICT,
        }
    }

    pub fn with_webhook_urls(mut self, policy: UrlPolicy) -> Self {
        self.webhook_urls = policy;
        self
    }

    pub fn with_queues(mut self, queues: Queues) -> Self {
        self.queues = queues;
        self
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
        Ok(
            Self::new(Arc::new(store), tokens(&keys, config))
                .with_queues(Queues::sqs(&sdk, config)),
        )
    }

    /// The local wiring: the embedded store at `path` and the key set kept in it.
    pub fn embedded(path: &Path, config: &Config) -> Result<Self, BoxError> {
        let store = EmbeddedStore::open(path)?;
        let keys = store.signing_keys()?;
        Ok(Self::new(Arc::new(store), tokens(&keys, config)).with_queues(Queues::embedded(path)?))
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
