//! Every route of every function, fed generated requests (any JSON in the route's body
//! shape, numbers at every edge, raw bytes, any query, header and path segment) through
//! the handler that serves it on AWS, on the embedded store: whatever a partner sends,
//! the answer is a response in the envelope with a catalogued code, never a 500.
//!
//! The budget is proptest's: 256 cases per route, `PROPTEST_CASES` to change it.

use std::sync::Arc;

use chrono::Utc;
use lambda_http::{Body, Request, http};
use partnerb2b::services::{Services, api_routes};
use partnerb2b_tests::event_fixture::{self, event_fixture};
use partnerb2b_tests::fuzz;
use partnerb2b_tests::in_process::services;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use shared::domain::api_key::ApiKey;
use shared::domain::catalogue::ATTRIBUTES;
use shared::edge::error::ERROR_CODES;
use shared::edge::route::RouteInfo;
use shared::jwt::TokenType;
use shared::store::embedded::EmbeddedStore;

/// The services on a store holding the `events/` fixtures, and a valid access token.
struct World {
    services: Services,
    token: String,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

impl World {
    async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(EmbeddedStore::open(&dir.path().join("fuzz.db")).expect("store"));
        let (services, queues) = services(store);
        let store = services.store.as_ref();
        event_fixture::plant_partner(store).await;
        event_fixture::plant_profile(store).await;
        event_fixture::submit_and_plant_analysis(store).await;
        event_fixture::plant_webhook(store, "http://127.0.0.1:9/hook").await;
        let fixture = event_fixture();
        let key = ApiKey::parse(&fixture.api_key).expect("fixture key").id();
        let token = services
            .auth
            .tokens
            .issue(TokenType::Access, fixture.partner_id, &key, Utc::now())
            .expect("a token")
            .token;
        Self {
            services,
            token,
            _dirs: (dir, queues),
        }
    }
}

/// One generated request, before it is built.
#[derive(Debug, Clone)]
struct Generated {
    method: http::Method,
    path: String,
    query: String,
    content_type: Option<String>,
    authorization: Option<Vec<u8>>,
    headers: Vec<(&'static str, Vec<u8>)>,
    body: Option<Vec<u8>>,
}

impl Generated {
    /// The request, or `None` when `http` refuses its parts (no client could send it).
    fn build(&self) -> Option<Request> {
        let uri = if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        };
        let mut builder = http::Request::builder()
            .method(self.method.clone())
            .uri(uri);
        if let Some(content_type) = &self.content_type {
            builder = builder.header("content-type", content_type);
        }
        if let Some(authorization) = &self.authorization {
            builder = builder.header(
                "authorization",
                http::HeaderValue::from_bytes(authorization).ok()?,
            );
        }
        for (name, value) in &self.headers {
            builder = builder.header(*name, http::HeaderValue::from_bytes(value).ok()?);
        }
        let body = match &self.body {
            None => Body::Empty,
            Some(bytes) => Body::Binary(bytes.clone()),
        };
        builder.body(body).ok()
    }
}

/// The body shape of an operation: the members its body takes.
fn shaped_body(operation: &str) -> BoxedStrategy<String> {
    static NAMES: std::sync::LazyLock<Vec<&'static str>> =
        std::sync::LazyLock::new(|| ATTRIBUTES.iter().map(|attribute| attribute.name).collect());
    match operation {
        "createToken" => fuzz::object_of(&["apiKey", "api_key"]),
        "refreshToken" => fuzz::object_of(&["refresh", "refresg"]),
        "revokeToken" => fuzz::object_of(&["token", "token_type_hint"]),
        "createProfile" | "updateProfile" => fuzz::profile_body(&NAMES),
        "createWebhook" => fuzz::object_of(&["url", "events", "description"]),
        _ => fuzz::object_of(&[]),
    }
}

/// Requests for `route`: mostly its own method with a valid token, sometimes another
/// method, no token or a garbled one; ids real or not; any query, headers and body.
fn requests(route: &RouteInfo, world: &World) -> BoxedStrategy<Generated> {
    let fixture = event_fixture();
    let segments: Vec<BoxedStrategy<String>> = route
        .path
        .split('/')
        .map(|segment| match segment {
            "{profile_id}" => fuzz::id_segment(fixture.profile_id.to_string()),
            "{analysis_id}" => fuzz::id_segment(fixture.analysis_id.to_string()),
            "{webhook_id}" => fuzz::id_segment(fixture.webhook_id.to_string()),
            literal => Just(literal.to_owned()).boxed(),
        })
        .collect();
    let method = prop_oneof![
        8 => Just(route.method.clone()),
        1 => proptest::sample::select(vec![
            http::Method::GET,
            http::Method::HEAD,
            http::Method::POST,
            http::Method::PUT,
            http::Method::PATCH,
            http::Method::DELETE,
            http::Method::OPTIONS,
        ]),
    ];
    let content_type = prop_oneof![
        6 => Just(Some("application/json".to_owned())),
        1 => Just(Some("application/merge-patch+json; charset=utf-8".to_owned())),
        1 => Just(None),
        1 => "[ -~]{0,30}".prop_map(Some),
    ];
    let bearer = format!("Bearer {}", world.token).into_bytes();
    let authorization = prop_oneof![
        8 => Just(Some(bearer)),
        1 => Just(None),
        1 => fuzz::header_value().prop_map(Some),
    ];
    let header = (
        proptest::sample::select(vec!["idempotency-key", "if-match", "accept-language"]),
        fuzz::header_value(),
    );
    (
        method,
        segments,
        prop_oneof![2 => Just(String::new()), 1 => fuzz::query()],
        content_type,
        authorization,
        proptest::collection::vec(header, 0..3),
        fuzz::body(shaped_body(route.operation)),
    )
        .prop_map(
            |(method, segments, query, content_type, authorization, headers, body)| Generated {
                method,
                path: segments.join("/"),
                query,
                content_type,
                authorization,
                headers,
                body,
            },
        )
        .boxed()
}

fn check(
    world: &World,
    runtime: &tokio::runtime::Runtime,
    generated: &Generated,
) -> Result<(), TestCaseError> {
    let Some(request) = generated.build() else {
        return Ok(());
    };
    let response = runtime.block_on(world.services.handle(request));
    let status = response.status().as_u16();
    prop_assert_ne!(status, 500, "{:?}: {:?}", generated, response.body());
    let body = match response.body() {
        Body::Text(text) => serde_json::from_str::<serde_json::Value>(text)
            .map_err(|error| TestCaseError::fail(format!("not JSON: {error}")))?,
        _ => return Ok(()),
    };
    if status >= 400 {
        let code = body["error"]["code"].as_str().unwrap_or_default();
        prop_assert!(
            ERROR_CODES
                .iter()
                .any(|entry| entry.code == code && entry.status == status),
            "{status} {code} is not in the catalogue: {generated:?}"
        );
    } else if generated.path.trim_end_matches('/') == auth::KEYS_PATH.trim_end_matches('/') {
        prop_assert!(body["keys"].is_array(), "not a JWKS: {body}");
    } else {
        prop_assert!(body.get("data").is_some(), "no data: {body}");
    }
    Ok(())
}

#[test]
fn no_request_to_any_route_is_a_500_or_outside_the_envelope() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let world = runtime.block_on(World::new());
    for route in api_routes()
        .into_iter()
        .filter(|route| route.path != "/api/v1/openapi.json")
    {
        let mut runner = TestRunner::new(Config {
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&requests(&route, &world), |generated| {
                check(&world, &runtime, &generated)
            })
            .unwrap_or_else(|failure| panic!("{}: {failure}", route.name()));
    }
}
