//! Fixed test data under `tests/fixtures/` and `events/`.

use std::path::PathBuf;

use shared::config::{DEFAULT_AUDIENCE, DEFAULT_ISSUER};
use shared::jwt::{TokenIssuer, TokenVerifier};
use shared::key_set::PrivateKeySet;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn read(relative: &str) -> String {
    let path = workspace_root().join(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// The Ed25519 key set that signed the tokens in `events/`,
/// `tests/fixtures/token-keys.json`.
pub fn event_token_keys() -> PrivateKeySet {
    PrivateKeySet::from_json(&read("tests/fixtures/token-keys.json")).expect("fixture key set")
}

/// A decision record key set of its own, as `analyses` holds one apart from the token
/// keys.
pub fn event_record_keys() -> PrivateKeySet {
    PrivateKeySet::generate(chrono::Utc::now()).expect("a generated key set")
}

/// The issuer of the tokens in `events/`, as `auth` would be with the fixture key set.
pub fn event_token_issuer() -> TokenIssuer {
    TokenIssuer::new(&event_token_keys(), DEFAULT_ISSUER, DEFAULT_AUDIENCE)
}

/// A verifier of the tokens in `events/`, as the other functions build it.
pub fn event_token_verifier() -> TokenVerifier {
    TokenVerifier::new(
        event_token_keys().public_keys(),
        DEFAULT_ISSUER,
        DEFAULT_AUDIENCE,
    )
}

/// The body of a complete mortgage profile, `tests/fixtures/complete-profile.json`.
pub fn complete_profile() -> serde_json::Value {
    serde_json::from_str(&read("tests/fixtures/complete-profile.json")).expect("fixture profile")
}

/// An access token `tokens` issues for a partner created as the operator CLI does.
pub fn access_token(tokens: &TokenIssuer, partner: &partnerb2b::operator::CreatedKey) -> String {
    tokens
        .issue(
            shared::jwt::TokenType::Access,
            partner.partner_id,
            &partner.key_id,
            chrono::Utc::now(),
        )
        .expect("sign an access token")
        .token
}

/// A new partner's submitted complete profile and a pending analysis of it, requested at
/// `requested_at`, in `store`, with no message sent for it.
pub async fn pending_analysis(
    store: &dyn shared::store::Store,
    requested_at: chrono::DateTime<chrono::Utc>,
) -> shared::domain::model::Analysis {
    use shared::domain::model::{Analysis, PartnerId, Profile};
    let partner = PartnerId::new();
    let profile = Profile::draft(
        partner,
        None,
        crate::conformance::attributes(complete_profile()["attributes"].clone()),
        chrono::Utc::now(),
    );
    store.create_profile(&profile, None).await.expect("create");
    store
        .submit_profile(&profile, chrono::Utc::now(), None)
        .await
        .expect("submit");
    let analysis = Analysis::pending(partner, profile.id, 1, requested_at);
    store
        .create_analysis(&analysis, None)
        .await
        .expect("create the analysis");
    analysis
}

/// The thresholds of `on`'s quarter as an operator would load them: the latest shipped
/// rate of each category, from the quarter's first day.
pub fn quarter_usury_thresholds(on: scoring::Date) -> Vec<scoring::UsuryRow> {
    let shipped = scoring::UsuryTable::shipped();
    scoring::UsuryCategory::ALL
        .into_iter()
        .map(|category| scoring::UsuryRow {
            category,
            from: on.quarter().first_day(),
            rate: shipped
                .lookup(category, on)
                .expect("a shipped threshold for every category")
                .rate,
        })
        .collect()
}

/// The embedded webhook queue in the data file `dir/q.db`, as the local server opens it
/// (30 s of visibility, 5 receives before the dead letters).
pub fn webhook_queue(
    dir: &std::path::Path,
) -> std::sync::Arc<shared::queue::embedded::EmbeddedQueue> {
    let queue = shared::queue::embedded::EmbeddedQueue::open(
        &dir.join("q.db"),
        "webhook",
        std::time::Duration::from_secs(30),
        5,
    )
    .expect("the webhook queue");
    std::sync::Arc::new(queue)
}
