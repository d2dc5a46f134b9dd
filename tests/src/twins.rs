//! The functions twice on one moto table: [`Twins::direct`] talks to moto, and
//! [`Twins::proxied`] goes through a [`FaultProxy`], so that a test can fail the
//! proxied side's requests, or land a direct write just before one of them.

use std::sync::Arc;

use lambda_http::{Body, Response};
use partnerb2b::operator::{CreatedKey, create_partner};
use partnerb2b::services::Services;
use serde_json::{Value, json};
use shared::store::dynamodb::DynamoStore;
use tempfile::TempDir;

use crate::aws::{fresh_table, sdk_config};
use crate::aws_faults::{Fault, FaultProxy};
use crate::fixtures::{access_token, complete_profile};
use crate::in_process::{data, json, request, services};

pub struct Twins {
    /// Shared, so that a write the proxy runs before a request can own it.
    pub direct: Arc<Services>,
    pub proxied: Services,
    pub proxy: FaultProxy,
    pub table: String,
    pub partner: CreatedKey,
    /// An access token of `partner`.
    pub token: String,
    _queues: (TempDir, TempDir),
}

impl Twins {
    /// Both sides on a fresh table with one partner; the proxy passes everything until
    /// told otherwise ([`FaultProxy::follow`]).
    pub async fn start() -> Self {
        let (_, table) = fresh_table().await;
        let proxy = FaultProxy::start(Box::new(|_| Fault::Pass)).await;
        let sdk = sdk_config().await;
        let (direct, direct_queues) = services(Arc::new(DynamoStore::from_sdk(&sdk, &table)));
        let (proxied, proxied_queues) = services(Arc::new(proxy.dynamo_store(&sdk, &table)));
        let partner = create_partner(direct.store.as_ref(), "P").await.unwrap();
        let token = access_token(&direct.auth.tokens, &partner);
        Self {
            direct: Arc::new(direct),
            proxied,
            proxy,
            table,
            partner,
            token,
            _queues: (direct_queues, proxied_queues),
        }
    }

    /// A complete profile with `reference`, created (and submitted when asked) on the
    /// direct side; its id.
    pub async fn profile(&self, reference: &str, submitted: bool) -> String {
        let mut body = complete_profile();
        body["reference"] = json!(reference);
        let created = call(
            &self.direct,
            &self.token,
            "POST",
            "/api/v1/profiles/",
            Some(&body),
            Some(&format!("create-{reference}")),
        )
        .await;
        assert_eq!(created.status(), 201, "{:?}", json(&created));
        let id = data(&created)["id"].as_str().expect("an id").to_owned();
        if submitted {
            let path = format!("/api/v1/profiles/{id}/submit/");
            let submitted = call(&self.direct, &self.token, "POST", &path, None, None).await;
            assert_eq!(submitted.status(), 200, "{:?}", json(&submitted));
        }
        id
    }

    /// `GET path` on the direct side: what is stored, past the proxy.
    pub async fn read(&self, path: &str) -> Response<Body> {
        call(&self.direct, &self.token, "GET", path, None, None).await
    }
}

/// `method path` on `services` as the partner of `token`, with `body` as JSON and
/// `Idempotency-Key: key` when given.
pub async fn call(
    services: &Services,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
    key: Option<&str>,
) -> Response<Body> {
    let mut request = request(method, path, token, body);
    if let Some(key) = key {
        request
            .headers_mut()
            .insert("idempotency-key", key.parse().expect("a header value"));
    }
    services.handle(request).await
}
