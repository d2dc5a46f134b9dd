//! [`Services`]: every function's dependencies in one process, sharing one store, one key
//! set and the two queues, as the local server runs them; and the routing of a request
//! to the function whose route table has its path, as API Gateway does on AWS.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use lambda_http::{Body, Request, Response};
use shared::BoxError;
use shared::config::{Settings, TokenAudience};
use shared::edge::cursor::{CursorKey, Cursors};
use shared::edge::error::ApiError;
use shared::edge::record_signer::RecordSigner;
use shared::edge::route::{RouteInfo, owns};
use shared::edge::serve::respond;
use shared::jwks::{JwkSet, JwksError, RECORD_PUBLIC_KEYS_SETTING, jwk_set_from_json};
use shared::jwt::TokenVerifier;
use shared::key_set::PrivateKeySet;
use shared::queue::Queue;
use shared::queue::embedded::EmbeddedQueue;
use shared::queue::sqs::SqsQueue;
use shared::store::Store;
use shared::store::dynamodb::DynamoStore;
use shared::store::embedded::EmbeddedStore;
use shared::webhooks::url_policy::UrlPolicy;

/// How long a message the local workers received stays hidden before a retry.
pub const LOCAL_VISIBILITY_TIMEOUT: Duration = Duration::from_secs(30);
/// Receives after which the local queues dead-letter a message, as `maxReceiveCount` does on AWS.
pub const LOCAL_MAX_RECEIVES: u32 = 5;
/// The local analysis queue's name in the data file.
pub const ANALYSIS_QUEUE: &str = "analysis";

/// The decision records' key set as the functions hold it: `analyses` signs with it,
/// `auth` publishes its public half beside the token keys.
pub struct RecordKeys {
    pub signer: RecordSigner,
    pub public: JwkSet,
}

impl RecordKeys {
    pub fn of(keys: &PrivateKeySet) -> Self {
        Self {
            signer: RecordSigner::new(keys),
            public: keys.jwks(),
        }
    }
}

/// What tokens and records are signed and verified with: the token key set (`auth`
/// signs with it, the others verify with its public keys), the record keys, and the
/// audience tokens are issued for.
pub struct Keys<'a> {
    pub tokens: &'a PrivateKeySet,
    pub records: RecordKeys,
    pub audience: &'a TokenAudience,
}

/// The two queues the functions send to.
pub struct Queues {
    pub analysis: Arc<dyn Queue>,
    pub webhook: Arc<dyn Queue>,
}

pub struct Services {
    pub store: Arc<dyn Store>,
    pub analysis_queue: Arc<dyn Queue>,
    pub webhook_queue: Arc<dyn Queue>,
    pub auth: auth::Service,
    pub attributes: attributes::Service,
    pub profiles: profiles::Service,
    pub analyses: analyses::Service,
    pub webhooks: webhooks::Service,
}

impl Services {
    /// Every function on `store` and the two queues, tokens signed with `keys` by `auth`
    /// and verified by the others with their public halves only, as on AWS; decision
    /// records signed with the record keys; cursors from `cursors`, webhooks held to
    /// `webhook_urls`.
    pub fn new(
        store: Arc<dyn Store>,
        keys: Keys<'_>,
        cursors: impl Fn() -> Cursors,
        queues: Queues,
        webhook_urls: UrlPolicy,
    ) -> Result<Self, JwksError> {
        let Keys {
            tokens: token_keys,
            records,
            audience,
        } = keys;
        let tokens = || TokenVerifier::for_audience(token_keys.public_keys(), audience);
        Ok(Self {
            auth: auth::Service::new(store.clone(), token_keys, records.public, audience)?,
            attributes: attributes::Service { tokens: tokens() },
            profiles: profiles::Service {
                store: store.clone(),
                tokens: tokens(),
                cursors: cursors(),
            },
            analyses: analyses::Service {
                store: store.clone(),
                tokens: tokens(),
                cursors: cursors(),
                analysis_queue: queues.analysis.clone(),
                records: records.signer,
            },
            webhooks: webhooks::Service {
                store: store.clone(),
                tokens: tokens(),
                cursors: cursors(),
                webhook_queue: queues.webhook.clone(),
                webhook_urls,
            },
            store,
            analysis_queue: queues.analysis,
            webhook_queue: queues.webhook,
        })
    }

    /// The local wiring: the embedded store at `path`, the key set and cursor secret kept
    /// in it, and durable queues in the same file, the analysis queue written in the
    /// transaction of each analysis it carries.
    pub fn embedded(path: &Path, webhook_urls: UrlPolicy) -> Result<Self, BoxError> {
        let store = EmbeddedStore::open(path)?.queuing_analyses_on(ANALYSIS_QUEUE)?;
        let keys = store.token_keys()?;
        let records = RecordKeys::of(&store.record_keys()?);
        let cursor_key = CursorKey::from_secret(&store.cursor_secret()?)?;
        let queue = |name| -> Result<Arc<dyn Queue>, BoxError> {
            Ok(Arc::new(EmbeddedQueue::open(
                path,
                name,
                LOCAL_VISIBILITY_TIMEOUT,
                LOCAL_MAX_RECEIVES,
            )?))
        };
        let keys = Keys {
            tokens: &keys,
            records,
            audience: &TokenAudience::default(),
        };
        let queues = Queues {
            analysis: queue(ANALYSIS_QUEUE)?,
            webhook: queue("webhook")?,
        };
        Ok(Self::new(
            Arc::new(store),
            keys,
            || Cursors::new(&cursor_key),
            queues,
            webhook_urls,
        )?)
    }

    /// The AWS wiring, as the Lambdas have it: the table `TABLE_NAME`, the token key set
    /// in `TOKEN_KEYS_SECRET_ID`, the cursor key in `CURSOR_KEY_SECRET_ID` and the record
    /// key set in `RECORD_KEYS_SECRET_ID` (both read at first use), the records' public
    /// keys in `RECORD_PUBLIC_KEYS`, the queues `ANALYSIS_QUEUE_URL` and
    /// `WEBHOOK_QUEUE_URL`.
    pub async fn aws(settings: &Settings<'_>, webhook_urls: UrlPolicy) -> Result<Self, BoxError> {
        let table = settings.required("TABLE_NAME")?;
        let analysis_queue = settings.required("ANALYSIS_QUEUE_URL")?;
        let webhook_queue = settings.required("WEBHOOK_QUEUE_URL")?;
        let sdk = shared::aws::sdk_config(settings).await?;
        let secrets = shared::aws::secrets_manager(&sdk);
        let cursor_secret = settings.required(shared::aws::CURSOR_KEY_SETTING)?;
        let keys = shared::aws::token_keys(&sdk, settings).await?;
        let records = RecordKeys {
            signer: shared::aws::record_signer(&secrets, settings)?,
            public: jwk_set_from_json(&settings.required(RECORD_PUBLIC_KEYS_SETTING)?)?,
        };
        let keys = Keys {
            tokens: &keys,
            records,
            audience: &settings.token_audience(),
        };
        let queues = Queues {
            analysis: Arc::new(SqsQueue::from_sdk(&sdk, analysis_queue)),
            webhook: Arc::new(SqsQueue::from_sdk(&sdk, webhook_queue)),
        };
        Ok(Self::new(
            Arc::new(DynamoStore::from_sdk(&sdk, table)),
            keys,
            || shared::aws::cursors_in_secret(&secrets, cursor_secret.clone()),
            queues,
            webhook_urls,
        )?)
    }

    /// `request` through the handler of the function whose route table has its path
    /// (each function's table is also its events in `template.yaml`); the enveloped 404
    /// for a path no function serves, as the template's `$default` route answers.
    pub async fn handle(&self, request: Request) -> Response<Body> {
        let path = request.uri().path();
        if owns(auth::ROUTES, path) {
            auth::handle(&self.auth, request).await
        } else if owns(attributes::ROUTES, path) {
            attributes::handle(&self.attributes, request).await
        } else if owns(profiles::ROUTES, path) {
            profiles::handle(&self.profiles, request).await
        } else if owns(analyses::ROUTES, path) {
            analyses::handle(&self.analyses, request).await
        } else if owns(webhooks::ROUTES, path) {
            webhooks::handle(&self.webhooks, request).await
        } else {
            respond(request, |_| async { Err(ApiError::NotFound) }).await
        }
    }

    /// The webhook URL policy the `webhooks` function holds registrations to.
    pub fn webhook_urls(&self) -> UrlPolicy {
        self.webhooks.webhook_urls
    }
}

/// Each HTTP function, by the name of its binary (its `BuildProperties.Binary` in
/// `template.yaml`), with its routes.
pub fn function_routes() -> Vec<(&'static str, Vec<RouteInfo>)> {
    fn infos<S>(routes: &[shared::edge::route::Route<S>]) -> Vec<RouteInfo> {
        routes.iter().map(|route| route.info()).collect()
    }
    vec![
        ("auth", infos(auth::ROUTES)),
        ("attributes", infos(attributes::ROUTES)),
        ("profiles", infos(profiles::ROUTES)),
        ("analyses", infos(analyses::ROUTES)),
        ("webhooks", infos(webhooks::ROUTES)),
    ]
}

/// Every route the API answers: each function's, then the local server's own
/// (`/api/v1/openapi.json`), in the order the description lists them.
pub fn api_routes() -> Vec<RouteInfo> {
    let mut routes: Vec<RouteInfo> = function_routes()
        .into_iter()
        .flat_map(|(_, routes)| routes)
        .collect();
    routes.push(crate::docs::OPENAPI_ROUTE);
    routes
}

#[cfg(test)]
mod tests {
    use shared::edge::route::template_segments;

    use super::*;

    /// Two templates overlap when some concrete path matches both: then which function
    /// serves it would depend on the order of the checks in [`Services::handle`].
    fn overlap(a: &'static str, b: &'static str) -> bool {
        let (a, b) = (template_segments(a), template_segments(b));
        a.len() == b.len()
            && a.iter()
                .zip(&b)
                .all(|(x, y)| x == y || x.starts_with('{') || y.starts_with('{'))
    }

    #[test]
    fn no_path_belongs_to_two_functions() {
        let functions = function_routes();
        for (i, (first, routes)) in functions.iter().enumerate() {
            for (second, others) in &functions[i + 1..] {
                for route in routes {
                    for other in others {
                        assert!(
                            !overlap(route.path, other.path),
                            "{first} {} and {second} {}",
                            route.path,
                            other.path
                        );
                    }
                }
            }
        }
    }
}
