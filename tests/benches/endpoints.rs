//! Every endpoint's handler in-process on the embedded store: what an invocation costs
//! besides its DynamoDB round trips (routing, the token check, parsing and validation,
//! the envelope) plus the embedded store's SQLite work. Each operation is called through
//! the handler of the function that serves it on AWS, as the Lambda runtime would.
//!
//! ```sh
//! cargo bench -p partnerb2b-tests --bench endpoints [-- <operation filter>]
//! ```
//!
//! Operations that consume what they act on (create a webhook, submit, request an
//! analysis, delete) get a fresh subject per iteration, prepared outside the timing.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use lambda_http::{Body, Response};
use partnerb2b::operator::{CreatedKey, create_partner};
use partnerb2b::services::Services;
use partnerb2b_tests::app::test_settings;
use partnerb2b_tests::fixtures::{access_token, complete_profile};
use partnerb2b_tests::in_process::{json, request};
use serde_json::{Value, json};
use shared::webhooks::url_policy::UrlPolicy;
use tokio::runtime::Runtime;

/// The embedded wiring of the local server, and one partner's credentials.
struct Bench {
    runtime: Runtime,
    app: Arc<Services>,
    partner: CreatedKey,
    token: String,
    /// The complete profile without its reference, which must be unique per partner.
    profile: Value,
    _data: tempfile::TempDir,
}

impl Bench {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let data = tempfile::tempdir().expect("temporary directory");
        let app = Services::embedded(&data.path().join("bench.db"), UrlPolicy::DEVELOPMENT)
            .expect("embedded services");
        let app = Arc::new(app);
        let partner = runtime
            .block_on(create_partner(app.store.as_ref(), "Banque Bench"))
            .expect("create a partner");
        let token = access_token(&app.auth.tokens, &partner);
        Self {
            runtime,
            app,
            partner,
            token,
            profile: json!({ "attributes": complete_profile()["attributes"] }),
            _data: data,
        }
    }

    /// One request through the handler of the function that serves it, as `token`'s
    /// partner.
    fn call(&self, token: &str, method: &str, path: &str, body: Option<&Value>) -> Response<Body> {
        let request = request(method, path, token, body);
        self.runtime.block_on(self.app.handle(request))
    }

    /// [`Self::call`] as the bench's partner, expecting `status`; the response's `data`.
    fn expect(&self, method: &str, path: &str, body: Option<&Value>, status: u16) -> Value {
        checked(self.call(&self.token, method, path, body), status)
    }

    fn draft_profile(&self) -> String {
        let created = self.expect("POST", "/api/v1/profiles/", Some(&self.profile), 201);
        id(&created)
    }

    fn submitted_profile(&self) -> String {
        let profile = self.draft_profile();
        let path = format!("/api/v1/profiles/{profile}/submit/");
        self.expect("POST", &path, None, 200);
        profile
    }

    /// A new partner with its access token: webhooks are limited per partner.
    fn new_partner(&self) -> String {
        let partner = self
            .runtime
            .block_on(create_partner(self.app.store.as_ref(), "Banque Webhooks"))
            .expect("create a partner");
        access_token(&self.app.auth.tokens, &partner)
    }

    /// An analysis the local workers completed, polled for with a deadline.
    fn completed_analysis(&self, profile: &str) -> String {
        let path = format!("/api/v1/profiles/{profile}/analyses/");
        let requested = self.expect("POST", &path, None, 202);
        let path = format!("/api/v1/analyses/{}/", id(&requested));
        let _workers = {
            let _entered = self.runtime.enter();
            partnerb2b::workers::spawn(&self.app, test_settings())
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let analysis = self.expect("GET", &path, None, 200);
            if analysis["status"] == "completed" {
                return id(&analysis);
            }
            assert!(Instant::now() < deadline, "analysis not completed in 30 s");
            self.runtime
                .block_on(async { tokio::time::sleep(Duration::from_millis(5)).await });
        }
    }
}

/// The response's `data`, once its status is `status`.
fn checked(response: Response<Body>, status: u16) -> Value {
    let body = json(&response);
    assert_eq!(response.status(), status, "{body}");
    body["data"].clone()
}

fn id(data: &Value) -> String {
    data["id"].as_str().expect("an id").to_owned()
}

fn endpoints(c: &mut Criterion) {
    let bench = Bench::new();
    let key = json!({ "apiKey": bench.partner.api_key });
    let tokens = bench.expect("POST", "/api/v1/auth/token/", Some(&key), 200);
    let refresh = json!({ "refresh": tokens["refresh"] });
    for _ in 0..20 {
        bench.draft_profile();
    }
    let draft = bench.draft_profile();
    let draft_path = format!("/api/v1/profiles/{draft}/");
    let patch = json!({ "attributes": { "monthly_net_income": 3500 } });
    let analysed = bench.submitted_profile();
    let analysis = bench.completed_analysis(&analysed);
    let webhook = json!({ "url": "http://127.0.0.1:9/hooks", "description": "bench" });
    let configured = id(&bench.expect("POST", "/api/v1/webhooks/", Some(&webhook), 201));

    let mut run = |name: &str, method, path: &str, body: Option<&Value>, status| {
        c.bench_function(name, |b| {
            b.iter(|| bench.expect(method, path, body, status))
        });
    };
    run(
        "createToken",
        "POST",
        "/api/v1/auth/token/",
        Some(&key),
        200,
    );
    run(
        "refreshToken",
        "POST",
        "/api/v1/auth/token/refresh/",
        Some(&refresh),
        200,
    );
    run("listAttributes", "GET", "/api/v1/attributes/", None, 200);
    run(
        "listProfiles (first page of 20)",
        "GET",
        "/api/v1/profiles/",
        None,
        200,
    );
    run("getProfile", "GET", &draft_path, None, 200);
    run("updateProfile", "PATCH", &draft_path, Some(&patch), 200);
    run(
        "createProfile",
        "POST",
        "/api/v1/profiles/",
        Some(&bench.profile),
        201,
    );
    run(
        "listProfileAnalyses",
        "GET",
        &format!("/api/v1/profiles/{analysed}/analyses/"),
        None,
        200,
    );
    run(
        "getAnalysis (completed)",
        "GET",
        &format!("/api/v1/analyses/{analysis}/"),
        None,
        200,
    );
    run("listWebhooks", "GET", "/api/v1/webhooks/", None, 200);
    run(
        "getWebhook",
        "GET",
        &format!("/api/v1/webhooks/{configured}/"),
        None,
        200,
    );
    run(
        "testWebhook",
        "POST",
        &format!("/api/v1/webhooks/{configured}/test/"),
        None,
        202,
    );

    // Webhooks are few per partner, so a webhook is created and deleted one at a time.
    let mut consuming = |name: &str, setup: &dyn Fn() -> (String, String), method, status, size| {
        c.bench_function(name, |b| {
            b.iter_batched(
                setup,
                |(token, path)| checked(bench.call(&token, method, &path, None), status),
                size,
            )
        });
    };
    let own = |path: String| (bench.token.clone(), path);
    consuming(
        "deleteProfile",
        &|| own(format!("/api/v1/profiles/{}/", bench.draft_profile())),
        "DELETE",
        204,
        BatchSize::SmallInput,
    );
    consuming(
        "submitProfile",
        &|| {
            own(format!(
                "/api/v1/profiles/{}/submit/",
                bench.draft_profile()
            ))
        },
        "POST",
        200,
        BatchSize::SmallInput,
    );
    consuming(
        "requestAnalysis",
        &|| {
            own(format!(
                "/api/v1/profiles/{}/analyses/",
                bench.submitted_profile()
            ))
        },
        "POST",
        202,
        BatchSize::SmallInput,
    );
    consuming(
        "deleteWebhook",
        &|| {
            let created = bench.expect("POST", "/api/v1/webhooks/", Some(&webhook), 201);
            own(format!("/api/v1/webhooks/{}/", id(&created)))
        },
        "DELETE",
        204,
        BatchSize::PerIteration,
    );
    c.bench_function("createWebhook", |b| {
        b.iter_batched(
            || bench.new_partner(),
            |token| {
                let request = Some(&webhook);
                checked(
                    bench.call(&token, "POST", "/api/v1/webhooks/", request),
                    201,
                )
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, endpoints);
criterion_main!(benches);
