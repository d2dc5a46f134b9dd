//! Fixed test data under `tests/fixtures/` and `events/`.

use std::path::PathBuf;

use shared::config::{DEFAULT_AUDIENCE, DEFAULT_ISSUER};
use shared::jwt::TokenService;
use shared::signing_keys::SigningKeys;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn read(relative: &str) -> String {
    let path = workspace_root().join(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// The key set that signed the tokens in `events/`, `tests/fixtures/signing-keys.json`.
pub fn event_signing_keys() -> SigningKeys {
    SigningKeys::from_json(&read("tests/fixtures/signing-keys.json")).expect("fixture key set")
}

pub fn event_token_service() -> TokenService {
    TokenService::new(&event_signing_keys(), DEFAULT_ISSUER, DEFAULT_AUDIENCE)
}

/// The body of a complete mortgage profile, `tests/fixtures/complete-profile.json`.
pub fn complete_profile() -> serde_json::Value {
    serde_json::from_str(&read("tests/fixtures/complete-profile.json")).expect("fixture profile")
}

/// An access token `tokens` issues for a partner created as the operator CLI does.
pub fn access_token(tokens: &TokenService, partner: &partnerb2b::operator::CreatedKey) -> String {
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
