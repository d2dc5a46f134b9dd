//! Lookups as a partner's data grows: one partner's embedded store filled to 1 000, then
//! 100 000, then 1 000 000 profiles (complete ones, each with its reference, one in a
//! thousand submitted), and at each size a plain page, a lookup by reference, a page of
//! the rare status, a GET by id and a create, each through the `profiles` handler as the
//! Lambda runtime calls it.
//!
//! ```sh
//! cargo bench -p partnerb2b-tests --bench scale
//! PARTNERB2B_SCALE_SIZES=1000,100000 cargo bench -p partnerb2b-tests --bench scale
//! ```
//!
//! The store is filled through `ProfileStore::create_profile` and
//! `ProfileStore::submit_profile`, without the HTTP edge; what is timed goes through the
//! handler. After each fill it prints the data file's size per profile (the SQLite file
//! and its write-ahead log together).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use lambda_http::{Body, Response};
use partnerb2b::operator::{CreatedKey, create_partner};
use partnerb2b::services::Services;
use partnerb2b_tests::conformance::attributes;
use partnerb2b_tests::fixtures::{access_token, complete_profile};
use partnerb2b_tests::in_process::{json, request};
use serde_json::{Value, json};
use shared::domain::attributes::Attributes;
use shared::domain::model::Profile;
use shared::webhooks::url_policy::UrlPolicy;
use tokio::runtime::Runtime;

/// One profile in this many is submitted: the status the filter looks for is rare.
const SUBMITTED_EVERY: usize = 1000;

struct Scale {
    runtime: Runtime,
    app: Arc<Services>,
    partner: CreatedKey,
    token: String,
    path: PathBuf,
    attributes: Attributes,
    /// The profiles created so far.
    size: usize,
    /// The newest profile's id and reference.
    newest: Option<(String, String)>,
    _data: tempfile::TempDir,
}

impl Scale {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let data = tempfile::tempdir().expect("temporary directory");
        let path = data.path().join("scale.db");
        let app =
            Arc::new(Services::embedded(&path, UrlPolicy::DEVELOPMENT).expect("embedded services"));
        let partner = runtime
            .block_on(create_partner(app.store.as_ref(), "Banque Scale"))
            .expect("create a partner");
        let token = access_token(&app.auth.tokens, &partner);
        Self {
            runtime,
            app,
            partner,
            token,
            path,
            attributes: attributes(complete_profile()["attributes"].clone()),
            size: 0,
            newest: None,
            _data: data,
        }
    }

    /// Creates profiles until the partner has `size`.
    fn fill(&mut self, size: usize) {
        let started = Instant::now();
        let store = self.app.store.clone();
        let from = self.size;
        let newest = self.runtime.block_on(async {
            let mut newest = None;
            for index in from..size {
                let reference = format!("client-{index:07}");
                let profile = Profile::draft(
                    self.partner.partner_id,
                    Some(reference.clone()),
                    self.attributes.clone(),
                    Utc::now(),
                );
                store.create_profile(&profile, None).await.expect("create");
                if index % SUBMITTED_EVERY == SUBMITTED_EVERY - 1 {
                    store
                        .submit_profile(&profile, Utc::now(), None)
                        .await
                        .expect("submit");
                }
                newest = Some((profile.id.to_string(), reference));
            }
            newest
        });
        if newest.is_some() {
            self.newest = newest;
        }
        self.size = size;
        let bytes = file_size(&self.path);
        eprintln!(
            "{size} profiles: filled in {:.1} s, data file {:.1} MB, {} bytes per profile",
            started.elapsed().as_secs_f64(),
            bytes as f64 / 1e6,
            bytes / size.max(1) as u64,
        );
    }

    fn expect(&self, method: &str, path: &str, body: Option<&Value>, status: u16) -> Value {
        let response: Response<Body> = self.runtime.block_on(profiles::handle(
            &self.app.profiles,
            request(method, path, &self.token, body),
        ));
        let body = json(&response);
        assert_eq!(response.status(), status, "{method} {path}: {body}");
        body
    }
}

/// The data file and its write-ahead log, in bytes.
fn file_size(path: &Path) -> u64 {
    let wal = path.with_extension("db-wal");
    [path, wal.as_path()]
        .iter()
        .filter_map(|path| std::fs::metadata(path).ok())
        .map(|metadata| metadata.len())
        .sum()
}

fn sizes() -> Vec<usize> {
    let sizes = std::env::var("PARTNERB2B_SCALE_SIZES")
        .unwrap_or_else(|_| "1000,100000,1000000".to_owned());
    let mut sizes: Vec<usize> = sizes
        .split(',')
        .filter_map(|size| size.trim().parse().ok())
        .filter(|size| *size > 0)
        .collect();
    sizes.sort_unstable();
    sizes
}

fn scale(c: &mut Criterion) {
    let mut scale = Scale::new();
    let create = json!({ "attributes": complete_profile()["attributes"] });
    for size in sizes() {
        scale.fill(size);
        let (id, reference) = scale.newest.clone().expect("profiles were created");
        let mut group = c.benchmark_group(format!("{size} profiles"));
        group
            .sample_size(30)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        let page = scale.expect("GET", "/api/v1/profiles/?limit=20", None, 200);
        assert_eq!(page["data"].as_array().map(Vec::len), Some(20));
        let found = scale.expect(
            "GET",
            &format!("/api/v1/profiles/?reference={reference}"),
            None,
            200,
        );
        assert_eq!(
            found["data"][0]["id"],
            id.as_str(),
            "the newest, by reference"
        );
        let submitted = scale.expect(
            "GET",
            "/api/v1/profiles/?status=submitted&limit=20",
            None,
            200,
        );
        let expected = (size / SUBMITTED_EVERY).min(20);
        assert_eq!(submitted["data"].as_array().map(Vec::len), Some(expected));

        let mut run = |name: &str, method: &str, path: &str, body: Option<&Value>, status| {
            group.bench_function(name, |b| {
                b.iter(|| scale.expect(method, path, body, status))
            });
        };
        run(
            "listProfiles (first page of 20)",
            "GET",
            "/api/v1/profiles/?limit=20",
            None,
            200,
        );
        run(
            "listProfiles by reference (the newest)",
            "GET",
            &format!("/api/v1/profiles/?reference={reference}"),
            None,
            200,
        );
        run(
            "listProfiles status=submitted (first page of 20)",
            "GET",
            "/api/v1/profiles/?status=submitted&limit=20",
            None,
            200,
        );
        run(
            "getProfile",
            "GET",
            &format!("/api/v1/profiles/{id}/"),
            None,
            200,
        );
        run(
            "createProfile",
            "POST",
            "/api/v1/profiles/",
            Some(&create),
            201,
        );
        group.finish();
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
