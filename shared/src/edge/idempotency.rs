//! `Idempotency-Key` on POST: the first response to a key is kept for 24 hours and
//! replayed, status, `data` and headers, for a retry of the same request; the same key with
//! another request is refused (422 `idempotency_key_reused`). Records are per partner.
//!
//! The record is written in the same transaction as the effect it describes, so a
//! request either happened and is replayable, or did not happen at all.

use chrono::{DateTime, Duration, Utc};
use lambda_http::Request;
use lambda_http::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::domain::model::{IdempotencyRecord, PartnerId, ProfileId};
use crate::edge::envelope::Reply;
use crate::edge::error::{ApiError, ConflictReason, Detail, Problem, Validation};
use crate::edge::request::body_bytes;
use crate::store::Store;

pub const HEADER: &str = "idempotency-key";
/// How long a response stays replayable.
pub const RETENTION: Duration = Duration::hours(24);
const MAX_KEY_LENGTH: usize = 255;

/// The request's `Idempotency-Key`, with what identifies the request it came with.
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub key: String,
    fingerprint: String,
}

impl Idempotency {
    /// Reads the header: `None` without it; 400 when it is empty, longer than 255
    /// characters or not visible ASCII.
    pub fn from_request(request: &Request) -> Result<Option<Self>, ApiError> {
        let Some(value) = request.headers().get(HEADER) else {
            return Ok(None);
        };
        let invalid =
            || ApiError::invalid_request("Idempotency-Key", Problem::IdempotencyKeyFormat);
        let key = value.to_str().map_err(|_| invalid())?;
        if key.is_empty()
            || key.len() > MAX_KEY_LENGTH
            || !key.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(invalid());
        }
        let mut digest = Sha256::new();
        digest.update(request.method().as_str());
        digest.update(b"\n");
        digest.update(request.uri().path().trim_end_matches('/'));
        digest.update(b"\n");
        digest.update(body_bytes(request.body()));
        Ok(Some(Self {
            key: key.to_owned(),
            fingerprint: hex::encode(digest.finalize()),
        }))
    }

    /// The record of `reply` (status, `data` and headers), to store with the effect.
    pub fn record(
        &self,
        partner: PartnerId,
        reply: &Reply,
        profile: Option<ProfileId>,
        now: DateTime<Utc>,
    ) -> IdempotencyRecord {
        IdempotencyRecord {
            key: self.key.clone(),
            partner_id: partner,
            fingerprint: self.fingerprint.clone(),
            status: reply.status().as_u16(),
            data: reply.data().unwrap_or("null").to_owned(),
            headers: reply
                .headers()
                .iter()
                .filter_map(|(name, value)| {
                    Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
                })
                .collect(),
            profile_id: profile,
            created_at: now,
            expires_at: Self::expires_at(now),
        }
    }

    /// When a record kept at `now` expires, in epoch seconds.
    pub fn expires_at(now: DateTime<Utc>) -> i64 {
        (now + RETENTION).timestamp()
    }

    /// The kept response for this key, once the store said the key is taken: replayed
    /// for the same request, 422 `idempotency_key_reused` for another. 1 read.
    pub async fn replay(&self, store: &dyn Store, partner: PartnerId) -> Result<Reply, ApiError> {
        let record = store
            .get_idempotency(partner, &self.key)
            .await?
            .ok_or_else(|| ApiError::conflict(ConflictReason::InFlight))?;
        if record.fingerprint != self.fingerprint {
            return Err(ApiError::Validation {
                kind: Validation::IdempotencyKeyReused,
                details: vec![Detail::new(
                    "Idempotency-Key",
                    Problem::IdempotencyKeyReused,
                )],
            });
        }
        let data = RawValue::from_string(record.data).map_err(ApiError::internal)?;
        let status = StatusCode::from_u16(record.status).map_err(ApiError::internal)?;
        let mut headers = HeaderMap::new();
        for (name, value) in &record.headers {
            headers.insert(
                HeaderName::from_bytes(name.as_bytes()).map_err(ApiError::internal)?,
                HeaderValue::from_str(value).map_err(ApiError::internal)?,
            );
        }
        headers.insert(
            HeaderName::from_static("idempotent-replayed"),
            HeaderValue::from_static("true"),
        );
        Ok(Reply::from_parts(status, Some(data), headers))
    }
}
