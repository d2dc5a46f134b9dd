//! A profile's list of idempotency keys forgets the expired ones, so its item stays small.

use chrono::{TimeDelta, TimeZone, Utc};

use super::{HeldIdempotencyKey, PartnerId, Profile};
use crate::domain::attributes::Attributes;

#[test]
fn a_year_of_hourly_submissions_holds_a_days_keys_at_most() {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let mut profile = Profile::draft(PartnerId::new(), None, Attributes::default(), start);
    let mut longest = 0;

    for hour in 0..24 * 365 {
        let now = start + TimeDelta::hours(hour);
        let expires_at = (now + TimeDelta::hours(24)).timestamp();
        profile = profile.submitted(now, Some((&format!("key-{hour}"), expires_at)));
        longest = longest.max(profile.idempotency_keys.len());
    }

    assert_eq!(
        longest, 24,
        "the keys of the last 24 hours, the new one included"
    );
    let json = serde_json::to_string(&profile).unwrap();
    assert!(json.len() < 4_000, "{} bytes", json.len());
    let newest = profile.idempotency_keys.last().unwrap();
    assert_eq!(newest.key, format!("key-{}", 24 * 365 - 1));
}

#[test]
fn a_key_is_held_until_its_record_expires() {
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
    let mut profile = Profile::draft(PartnerId::new(), None, Attributes::default(), now);
    profile.idempotency_keys = vec![
        HeldIdempotencyKey::new("expired", now.timestamp()),
        HeldIdempotencyKey::new("live", now.timestamp() + 1),
    ];

    profile.hold_idempotency_key("new", now.timestamp() + 86_400, now);

    let held: Vec<&str> = profile
        .idempotency_keys
        .iter()
        .map(|held| held.key.as_str())
        .collect();
    assert_eq!(held, ["live", "new"]);
}

#[test]
fn keys_stored_before_expiries_were_noted_are_read_and_never_forgotten() {
    let stored: Vec<HeldIdempotencyKey> =
        serde_json::from_str(r#"["bare", {"key": "held", "expires_at": 10}]"#).unwrap();

    assert_eq!(
        stored,
        [
            HeldIdempotencyKey::new("bare", i64::MAX),
            HeldIdempotencyKey::new("held", 10)
        ]
    );
}
