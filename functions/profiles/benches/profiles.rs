//! `cargo bench -p profiles`: validating a complete profile against the catalogue, the
//! work every create, update and submit does. The handlers themselves are measured by
//! `cargo bench -p partnerb2b-tests --bench endpoints`.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::value::RawValue;
use shared::domain::attributes::{Attributes, today};

const PROFILE: &str = include_str!("../../../tests/fixtures/complete-profile.json");

fn validation(c: &mut Criterion) {
    let body: serde_json::Value = serde_json::from_str(PROFILE).unwrap();
    let attributes: BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(&body["attributes"].to_string()).unwrap();
    let today = today();
    c.bench_function("validate/complete_profile", |b| {
        b.iter(|| Attributes::parse(black_box(&attributes), today).unwrap())
    });
}

criterion_group!(benches, validation);
criterion_main!(benches);
