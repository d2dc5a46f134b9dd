//! [`TestApp`]: the local server on a free loopback port with its own state, and a small
//! client with one method per endpoint.

use std::path::PathBuf;
use std::sync::Arc;

use partnerb2b::operator::{CreatedKey, create_partner};
use partnerb2b::services::Services;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::Value;
use shared::edge::cursor::CursorKey;
use shared::webhooks::url_policy::UrlPolicy;
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use webhook_worker::Settings;

use crate::aws;

pub struct TestApp {
    pub base_url: String,
    pub services: Arc<Services>,
    pub client: reqwest::Client,
    /// The embedded data file, when the app runs on one.
    pub data_path: Option<PathBuf>,
    /// The DynamoDB table in moto, when the app runs on one.
    pub table: Option<String>,
    _data_dir: Option<TempDir>,
    shutdown: oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// A response, its body parsed as JSON (`Value::Null` when empty).
#[derive(Debug)]
pub struct TestResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl TestResponse {
    /// `error.code`, for error responses.
    pub fn error_code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Fails the calling test, showing the body, unless the status is `expected`.
    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        assert_eq!(self.status, expected, "body: {:#}", self.body);
        self
    }

    /// Fails the calling test, showing the body, unless this is the error `code` with
    /// `status`, in the envelope with its request id.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) -> &Self {
        assert_eq!(
            (self.status, self.error_code()),
            (status, code),
            "body: {:#}",
            self.body
        );
        assert!(
            self.body["meta"]["request_id"].is_string(),
            "no meta.request_id: {:#}",
            self.body
        );
        self
    }
}

/// Webhook deliveries as in production, but with a 1-second timeout and 3 attempts
/// 1.1 s apart (a new second, so a new timestamp and signature), so tests see every
/// outcome quickly.
pub fn test_settings() -> Settings {
    Settings {
        policy: UrlPolicy::DEVELOPMENT,
        timeout: std::time::Duration::from_secs(1),
        schedule: vec![std::time::Duration::from_millis(1100); 2],
        jitter: false,
    }
}

impl TestApp {
    /// The local server on a fresh embedded data file.
    pub async fn spawn() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("partnerb2b.db");
        let services =
            Services::embedded(&path, UrlPolicy::DEVELOPMENT).expect("embedded services");
        Self::serve(services, Some(dir), Some(path), None).await
    }

    /// The local server on the embedded data file at `path`, as after a restart.
    pub async fn spawn_at(path: &std::path::Path) -> Self {
        let services = Services::embedded(path, UrlPolicy::DEVELOPMENT).expect("embedded services");
        Self::serve(services, None, Some(path.to_owned()), None).await
    }

    /// The local server on `store`, with the key set of `events/` and queues of its own.
    pub async fn spawn_on(store: Arc<dyn shared::store::Store>) -> Self {
        let (services, queues) = crate::in_process::services(store);
        Self::serve(services, Some(queues), None, None).await
    }

    /// The local server on a fresh DynamoDB table, token and record key sets and cursor
    /// key in moto.
    pub async fn spawn_dynamodb() -> Self {
        let (_, table) = aws::fresh_table().await;
        let keys = shared::key_set::PrivateKeySet::generate(chrono::Utc::now()).expect("a key set");
        let secret = aws::fresh_secret(&keys.to_json()).await;
        let cursor_secret = aws::fresh_secret(&CursorKey::generate_secret()).await;
        let record_keys =
            shared::key_set::PrivateKeySet::generate(chrono::Utc::now()).expect("a key set");
        let record_secret = aws::fresh_secret(&record_keys.to_json()).await;
        let (analysis_queue, _) =
            aws::fresh_queue_pair(std::time::Duration::from_secs(30), 5).await;
        let (webhook_queue, _) = aws::fresh_queue_pair(std::time::Duration::from_secs(30), 5).await;
        let settings = shared::config::Settings::from_lookup(|name| match name {
            "TABLE_NAME" => Some(table.clone()),
            "TOKEN_KEYS_SECRET_ID" => Some(secret.clone()),
            "CURSOR_KEY_SECRET_ID" => Some(cursor_secret.clone()),
            "RECORD_KEYS_SECRET_ID" => Some(record_secret.clone()),
            "RECORD_PUBLIC_KEYS" => Some(record_keys.jwks_json()),
            "ANALYSIS_QUEUE_URL" => Some(analysis_queue.clone()),
            "WEBHOOK_QUEUE_URL" => Some(webhook_queue.clone()),
            _ => None,
        });
        let services = Services::aws(&settings, UrlPolicy::DEVELOPMENT)
            .await
            .expect("AWS services against moto");
        drop(settings);
        Self::serve(services, None, None, Some(table)).await
    }

    async fn serve(
        services: Services,
        data_dir: Option<TempDir>,
        data_path: Option<PathBuf>,
        table: Option<String>,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let base_url = format!("http://{}", listener.local_addr().expect("local addr"));
        let services = Arc::new(services);
        let (shutdown, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(partnerb2b::server::run(
            listener,
            services.clone(),
            test_settings(),
            async {
                let _ = stopped.await;
            },
        ));
        Self {
            base_url,
            services,
            client: http_client(),
            data_path,
            table,
            _data_dir: data_dir,
            shutdown,
            server,
        }
    }

    /// Stops the server and its workers, and waits until they have stopped.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.server.await;
    }

    /// Loads, as the operator does each quarter (`partnerb2b usury set`), a threshold of
    /// every category for the current quarter: the latest shipped one, carried over.
    pub async fn load_this_quarters_usury_thresholds(&self) {
        let today = shared::domain::attributes::today();
        for row in crate::fixtures::quarter_usury_thresholds(today) {
            self.services
                .store
                .set_usury_row(&row)
                .await
                .expect("load a usury threshold");
        }
    }

    /// The `partnerb2b` binary's storage arguments for this app's store: `--data PATH` or
    /// `--store dynamodb --table NAME`, so that an operator command works on the store the
    /// running server uses.
    pub fn storage_args(&self) -> Vec<String> {
        match (&self.data_path, &self.table) {
            (Some(path), _) => vec!["--data".into(), path.display().to_string()],
            (None, Some(table)) => {
                vec![
                    "--store".into(),
                    "dynamodb".into(),
                    "--table".into(),
                    table.clone(),
                ]
            }
            (None, None) => Vec::new(),
        }
    }

    /// Runs the operator CLI (`target/debug/partnerb2b`) on this app's store, as an operator
    /// would beside the running server.
    pub async fn operator(&self, args: &[&str]) -> std::process::Output {
        tokio::process::Command::new(crate::runtime_api::binary("partnerb2b"))
            .args(self.storage_args())
            .args(args)
            .env_remove("PARTNERB2B_STORE")
            .env_remove("PARTNERB2B_DATA")
            .env_remove("TABLE_NAME")
            .output()
            .await
            .expect("run partnerb2b")
    }

    /// A new active partner with one API key, created as the operator CLI does.
    pub async fn create_partner(&self, name: &str) -> CreatedKey {
        create_partner(self.services.store.as_ref(), name)
            .await
            .expect("create partner")
    }

    /// An access token for a new partner.
    pub async fn access_token(&self) -> String {
        let partner = self.create_partner("Banque Test").await;
        let response = self.token(&partner.api_key).await;
        assert_eq!(response.status, 200, "{:?}", response.body);
        response.body["data"]["access"]
            .as_str()
            .expect("access token")
            .to_owned()
    }

    /// A refresh token of `partner` signed by this server's keys, expired a day ago.
    pub fn expired_refresh_token(&self, partner: &CreatedKey) -> String {
        let now = chrono::Utc::now().timestamp();
        self.services
            .auth
            .tokens
            .sign(&shared::jwt::Claims {
                iss: shared::config::DEFAULT_ISSUER.into(),
                aud: shared::config::DEFAULT_AUDIENCE.into(),
                sub: partner.partner_id,
                iat: now - 8 * 24 * 3600,
                nbf: now - 8 * 24 * 3600,
                exp: now - 24 * 3600,
                jti: uuid::Uuid::new_v4(),
                token_type: shared::jwt::TokenType::Refresh,
                key: partner.key_id.clone(),
            })
            .expect("a signed token")
    }

    pub async fn token(&self, api_key: &str) -> TestResponse {
        self.post_json(
            "/api/v1/auth/token/",
            &serde_json::json!({ "apiKey": api_key }),
        )
        .await
    }

    pub async fn refresh(&self, refresh: &str) -> TestResponse {
        self.post_json(
            "/api/v1/auth/token/refresh/",
            &serde_json::json!({ "refresh": refresh }),
        )
        .await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> TestResponse {
        self.post_raw(
            path,
            Some("application/json"),
            body.to_string().into_bytes(),
        )
        .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> TestResponse {
        let mut request = self.client.post(self.url(path)).body(body);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        Self::read(request.send().await.expect("send request")).await
    }

    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        bearer: Option<&str>,
    ) -> TestResponse {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        Self::read(request.send().await.expect("send request")).await
    }

    /// A request to `path`, to finish with headers or a body and [`TestApp::send`].
    pub fn with(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> TestResponse {
        Self::read(request.send().await.expect("send request")).await
    }

    /// `POST /api/v1/profiles/` with `body`.
    pub async fn create_profile(&self, token: &str, body: &Value) -> TestResponse {
        self.send(
            self.with(reqwest::Method::POST, "/api/v1/profiles/")
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    pub async fn get_profile(&self, token: &str, id: &str) -> TestResponse {
        self.request(
            reqwest::Method::GET,
            &format!("/api/v1/profiles/{id}/"),
            Some(token),
        )
        .await
    }

    pub async fn patch_profile(&self, token: &str, id: &str, body: &Value) -> TestResponse {
        let path = format!("/api/v1/profiles/{id}/");
        self.send(
            self.with(reqwest::Method::PATCH, &path)
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    pub async fn submit_profile(&self, token: &str, id: &str) -> TestResponse {
        let path = format!("/api/v1/profiles/{id}/submit/");
        self.request(reqwest::Method::POST, &path, Some(token))
            .await
    }

    pub async fn delete_profile(&self, token: &str, id: &str) -> TestResponse {
        self.request(
            reqwest::Method::DELETE,
            &format!("/api/v1/profiles/{id}/"),
            Some(token),
        )
        .await
    }

    /// `GET /api/v1/profiles/?{query}`.
    pub async fn list_profiles(&self, token: &str, query: &str) -> TestResponse {
        self.request(
            reqwest::Method::GET,
            &format!("/api/v1/profiles/?{query}"),
            Some(token),
        )
        .await
    }

    /// A submitted copy of the complete fixture profile; its id.
    pub async fn submitted_profile(&self, token: &str) -> String {
        let mut body = crate::fixtures::complete_profile();
        body["reference"] = Value::Null;
        let created = self.create_profile(token, &body).await;
        created.assert_status(201);
        let id = created.body["data"]["id"].as_str().expect("id").to_owned();
        let submitted = self.submit_profile(token, &id).await;
        submitted.assert_status(200);
        id
    }

    pub async fn request_analysis(&self, token: &str, profile: &str) -> TestResponse {
        let path = format!("/api/v1/profiles/{profile}/analyses/");
        self.request(reqwest::Method::POST, &path, Some(token))
            .await
    }

    pub async fn get_analysis(&self, token: &str, id: &str) -> TestResponse {
        let path = format!("/api/v1/analyses/{id}/");
        self.request(reqwest::Method::GET, &path, Some(token)).await
    }

    /// `GET /api/v1/analyses/{id}/explanation/`, with `Accept-Language: language` when
    /// one is given.
    pub async fn get_explanation(
        &self,
        token: &str,
        id: &str,
        language: Option<&str>,
    ) -> TestResponse {
        let path = format!("/api/v1/analyses/{id}/explanation/");
        let mut request = self.with(reqwest::Method::GET, &path).bearer_auth(token);
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        self.send(request).await
    }

    /// `POST /api/v1/analyses/{id}/reviews/` with `body`, and `Idempotency-Key: key` when
    /// one is given.
    pub async fn create_review(
        &self,
        token: &str,
        analysis: &str,
        body: &Value,
        key: Option<&str>,
    ) -> TestResponse {
        let path = format!("/api/v1/analyses/{analysis}/reviews/");
        let mut request = self
            .with(reqwest::Method::POST, &path)
            .bearer_auth(token)
            .json(body);
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        self.send(request).await
    }

    /// Polls the analysis until it is no longer pending, for at most `deadline`.
    pub async fn finished_analysis(
        &self,
        token: &str,
        id: &str,
        deadline: std::time::Duration,
    ) -> TestResponse {
        let end = tokio::time::Instant::now() + deadline;
        loop {
            let response = self.get_analysis(token, id).await;
            if response.body["data"]["status"] != "pending" || tokio::time::Instant::now() >= end {
                return response;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// `POST /api/v1/webhooks/` with `body`.
    pub async fn create_webhook(&self, token: &str, body: &Value) -> TestResponse {
        self.send(
            self.with(reqwest::Method::POST, "/api/v1/webhooks/")
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    pub async fn get_webhook(&self, token: &str, id: &str) -> TestResponse {
        let path = format!("/api/v1/webhooks/{id}/");
        self.request(reqwest::Method::GET, &path, Some(token)).await
    }

    pub async fn list_webhooks(&self, token: &str) -> TestResponse {
        self.request(reqwest::Method::GET, "/api/v1/webhooks/", Some(token))
            .await
    }

    pub async fn delete_webhook(&self, token: &str, id: &str) -> TestResponse {
        let path = format!("/api/v1/webhooks/{id}/");
        self.request(reqwest::Method::DELETE, &path, Some(token))
            .await
    }

    /// `POST /api/v1/webhooks/{id}/test/`: queues a `webhook.test` event.
    pub async fn test_webhook(&self, token: &str, id: &str) -> TestResponse {
        let path = format!("/api/v1/webhooks/{id}/test/");
        self.request(reqwest::Method::POST, &path, Some(token))
            .await
    }

    /// `GET /api/v1/profiles/{profile}/analyses/` with `query` (`""` or `?limit=…`).
    pub async fn list_profile_analyses(
        &self,
        token: &str,
        profile: &str,
        query: &str,
    ) -> TestResponse {
        let path = format!("/api/v1/profiles/{profile}/analyses/{query}");
        self.request(reqwest::Method::GET, &path, Some(token)).await
    }

    pub async fn list_attributes(&self, token: &str) -> TestResponse {
        self.request(reqwest::Method::GET, "/api/v1/attributes/", Some(token))
            .await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    async fn read(response: reqwest::Response) -> TestResponse {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("read body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|error| {
                panic!(
                    "body is not JSON ({error}): {}",
                    String::from_utf8_lossy(&bytes)
                )
            })
        };
        TestResponse {
            status,
            headers,
            body,
        }
    }
}

/// A plain client for the tests. reqwest is built without a bundled TLS provider (the
/// webhook worker brings its own), so the process-wide one is installed first.
pub fn http_client() -> reqwest::Client {
    static PROVIDER: std::sync::Once = std::sync::Once::new();
    PROVIDER.call_once(|| {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    });
    reqwest::Client::new()
}
