//! Bank statements (issue 14's targets):
//! - an upload of a 5 000-transaction statement through the `profiles` handler,
//!   in-process on the local server's wiring (embedded store): parsing, checking and
//!   storing it (< 50 ms);
//! - the analysis worker's CPU for a profile with 12 monthly statements: reading the
//!   snapshot's statements from their stored JSON, categorising them, the insights and
//!   the model with its bank rules (< 10 ms).
//!
//! ```sh
//! cargo bench -p partnerb2b-tests --bench bank
//! ```

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use partnerb2b::operator::create_partner;
use partnerb2b::services::Services;
use partnerb2b_tests::fixtures::{access_token, complete_profile};
use partnerb2b_tests::in_process::{json, request};
use partnerb2b_tests::statements::{native_body, statement_of};
use serde_json::json;
use shared::domain::attributes::today;
use shared::domain::model::{ProfileId, ProfileSnapshot};
use shared::domain::statements::StoredStatement;
use shared::webhooks::url_policy::UrlPolicy;

fn upload(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let data = tempfile::tempdir().expect("temporary directory");
    let app = Services::embedded(&data.path().join("bench.db"), UrlPolicy::DEVELOPMENT)
        .expect("embedded services");
    let partner = runtime
        .block_on(create_partner(app.store.as_ref(), "Banque Bench"))
        .expect("a partner");
    let token = access_token(&app.auth.tokens, &partner);
    let profile = json!({ "attributes": complete_profile()["attributes"] });
    let body = native_body(&statement_of(5_000, today()));
    let bytes = body.to_string().len();
    eprintln!("a 5 000-transaction native statement: {bytes} bytes");
    c.bench_function("uploadBankStatement/5000_transactions", |b| {
        b.iter_batched(
            || {
                let created = runtime.block_on(app.handle(request(
                    "POST",
                    "/api/v1/profiles/",
                    &token,
                    Some(&profile),
                )));
                let id = json(&created)["data"]["id"].as_str().unwrap().to_owned();
                request(
                    "POST",
                    &format!("/api/v1/profiles/{id}/bank-statements/"),
                    &token,
                    Some(&body),
                )
            },
            |upload| {
                let response = runtime.block_on(app.handle(upload));
                assert_eq!(response.status(), 201);
                response
            },
            BatchSize::PerIteration,
        )
    });
}

/// Twelve monthly statements of a checking account, 120 transactions each, as the
/// snapshot's parts hold them.
fn twelve_months() -> (scoring::Profile, String) {
    let today = today();
    let statements: Vec<StoredStatement> = (0..12)
        .map(|month| {
            let end = bank::Date::from_days_since_epoch(today.days_since_epoch() - 30 * month)
                .expect("a date");
            let mut statement = statement_of(120, end);
            for (index, transaction) in statement.transactions.iter_mut().enumerate() {
                let back = i64::try_from(index / 4).expect("small");
                transaction.date = bank::Date::from_days_since_epoch(end.days_since_epoch() - back)
                    .expect("a date");
            }
            statement.transactions[0].amount = bank::Money::from_euros(2_650);
            statement.transactions[0].label = "VIR SEPA RECU /DE ACME SAS /MOTIF SALAIRE".into();
            StoredStatement::new(ProfileId::new(), statement, chrono::Utc::now())
        })
        .collect();
    let attributes =
        partnerb2b_tests::conformance::attributes(complete_profile()["attributes"].clone());
    let profile = attributes.to_scoring_profile().expect("a complete profile");
    (profile, serde_json::to_string(&statements).expect("JSON"))
}

fn analysis(c: &mut Criterion) {
    let (profile, parts) = twelve_months();
    let usury = scoring::UsuryTable::shipped();
    let context = scoring::Context::new(today(), &usury);
    c.bench_function("analysis_worker/12_monthly_statements", |b| {
        b.iter(|| {
            let statements: Vec<StoredStatement> =
                serde_json::from_str(black_box(&parts)).expect("the stored statements");
            let snapshot = ProfileSnapshot {
                statements,
                ..snapshot_without_statements()
            };
            analysis_worker::analyse(&profile, &snapshot, context).expect("a result")
        })
    });
}

fn snapshot_without_statements() -> ProfileSnapshot {
    ProfileSnapshot {
        profile_id: ProfileId::new(),
        partner_id: shared::domain::model::PartnerId::new(),
        reference: None,
        version: 1,
        attributes: Default::default(),
        submitted_at: chrono::Utc::now(),
        statements: Vec::new(),
    }
}

criterion_group!(benches, upload, analysis);
criterion_main!(benches);
