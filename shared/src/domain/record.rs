//! Decision records (DESIGN §12): what a lender shows its regulator about one analysis —
//! who asked, on which data (by digest), by which model, what the model decided and what
//! the humans who reviewed it decided — signed so that it proves itself.
//!
//! A record holds ids, digests, versions, decisions and timestamps only: no attribute, no
//! statement, no free text but the reviewers' ids the partner chose, which the erasure
//! clears. That is what lets it outlive the profile's erasure for [`RETENTION_MONTHS`],
//! with `erased_at` set, as the store keeps it ([`DecisionRecord::erased`]).
//!
//! The digests are SHA-256 of RFC 8785 canonical JSON ([`crate::canonical_json`]):
//! - `input_sha256`, of [`analysed_input`]: `{"attributes": …, "statements": […]}`, the
//!   attributes of the analysed version as `GET /api/v1/profiles/{id}/` shows them, and
//!   its bank statements, oldest first, each in the `native` form with every field
//!   present ([`bank::Statement`]'s JSON);
//! - `result_sha256`, of the analysis's `result` as `GET /api/v1/analyses/{id}/` gives
//!   it in French (`Accept-Language: fr`), the language of the French consumer and of
//!   the regulator.

use chrono::{DateTime, Months, NaiveDate, Utc};
use locale::Language;
use scoring::Decision;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::canonical_json::{CanonicalJsonError, canonical_sha256};
use crate::domain::api_key::ApiKeyId;
use crate::domain::model::{
    Analysis, AnalysisId, AnalysisStatus, PartnerId, ProfileId, ProfileSnapshot,
};
use crate::domain::review::ReviewId;

/// How long a record outlives its profile's erasure.
pub const RETENTION_MONTHS: u32 = 6;

/// What the analysis worker notes when it completes an analysis, for its record: the
/// digests of what the model read and wrote, and the versions of what it used besides
/// the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisProof {
    pub input_sha256: String,
    pub result_sha256: String,
    /// The bank categoriser's version, when the analysed version held statements.
    pub categoriser_version: Option<String>,
    /// The day from which the usury threshold the TAEG was held against applies; `None`
    /// when no threshold was loaded for the loan's category.
    pub usury_table_from: Option<NaiveDate>,
}

impl AnalysisProof {
    /// The proof of `result`, computed from `snapshot` with the usury threshold in force
    /// from `usury_table_from`.
    pub fn new(
        snapshot: &ProfileSnapshot,
        result: &scoring::AnalysisResult,
        usury_table_from: Option<NaiveDate>,
    ) -> Result<Self, CanonicalJsonError> {
        let result_json = serde_json::to_value(result.localized(Language::Fr))
            .map_err(CanonicalJsonError::from_serde)?;
        Ok(Self {
            input_sha256: canonical_sha256(&analysed_input(snapshot)?)?,
            result_sha256: canonical_sha256(&result_json)?,
            categoriser_version: (!snapshot.statements.is_empty())
                .then(|| bank::CATEGORISER_VERSION.to_owned()),
            usury_table_from,
        })
    }
}

/// The JSON `input_sha256` digests: the attributes and the statements of the analysed
/// version (the module's documentation says how a partner rebuilds it).
pub fn analysed_input(snapshot: &ProfileSnapshot) -> Result<Value, CanonicalJsonError> {
    let statements: Vec<&bank::Statement> = snapshot
        .statements
        .iter()
        .map(|stored| &stored.statement)
        .collect();
    let attributes =
        serde_json::to_value(&snapshot.attributes).map_err(CanonicalJsonError::from_serde)?;
    let statements = serde_json::to_value(statements).map_err(CanonicalJsonError::from_serde)?;
    Ok(json!({"attributes": attributes, "statements": statements}))
}

/// A review as a record keeps it: who, what and when, not why (free text). `reviewer` is
/// text the partner chose, as `justification` is (the events never carry it either): the
/// erasure clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedReview {
    pub id: ReviewId,
    /// The partner's own id for its agent; `None` once the profile is erased.
    pub reviewer: Option<String>,
    pub decision: Decision,
    pub created_at: DateTime<Utc>,
}

/// The decision record of a completed analysis, unsigned: `GET
/// /api/v1/analyses/{id}/record/` adds its `signature`, a compact JWS whose payload is
/// this record's canonical JSON ([`crate::jws::JwsSigner::sign_record`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub analysis_id: AnalysisId,
    pub profile_id: ProfileId,
    pub profile_version: u32,
    pub partner_id: PartnerId,
    /// The API key whose access token requested the analysis; `None` for analyses
    /// requested before records existed.
    pub api_key_id: Option<ApiKeyId>,
    pub requested_at: DateTime<Utc>,
    pub completed_at: DateTime<Utc>,
    pub model_version: String,
    pub categoriser_version: Option<String>,
    pub usury_table_from: Option<NaiveDate>,
    /// `None`, as `result_sha256`, for analyses completed before records existed.
    pub input_sha256: Option<String>,
    pub result_sha256: Option<String>,
    /// The model's decision; the reviews' follow, the latest standing.
    pub decision: Decision,
    /// Oldest first.
    pub reviews: Vec<RecordedReview>,
    /// When the profile was erased; the record expires [`RETENTION_MONTHS`] later.
    pub erased_at: Option<DateTime<Utc>>,
}

impl DecisionRecord {
    /// The record of `analysis`, if it is completed.
    pub fn of(analysis: &Analysis) -> Option<Self> {
        let result = analysis.result.as_ref()?;
        let completed_at = analysis.completed_at?;
        if analysis.status != AnalysisStatus::Completed {
            return None;
        }
        let proof = analysis.proof.as_ref();
        Some(Self {
            analysis_id: analysis.id,
            profile_id: analysis.profile_id,
            profile_version: analysis.profile_version,
            partner_id: analysis.partner_id,
            api_key_id: analysis.api_key_id.clone(),
            requested_at: analysis.created_at,
            completed_at,
            model_version: result.model_version.clone(),
            categoriser_version: proof.and_then(|proof| proof.categoriser_version.clone()),
            usury_table_from: proof.and_then(|proof| proof.usury_table_from),
            input_sha256: proof.map(|proof| proof.input_sha256.clone()),
            result_sha256: proof.map(|proof| proof.result_sha256.clone()),
            decision: result.decision,
            reviews: analysis
                .reviews
                .iter()
                .map(|review| RecordedReview {
                    id: review.id,
                    reviewer: Some(review.reviewer.clone()),
                    decision: review.decision,
                    created_at: review.created_at,
                })
                .collect(),
            erased_at: None,
        })
    }

    /// This record as it outlives an erasure at `at`: ids, digests, versions, decisions
    /// and timestamps, the partner's ids for its reviewers gone.
    pub fn erased(mut self, at: DateTime<Utc>) -> Self {
        self.erased_at = Some(at);
        for review in &mut self.reviews {
            review.reviewer = None;
        }
        self
    }

    /// When an erased record expires (epoch seconds, the table's TTL attribute).
    pub fn expires_at(&self) -> Option<i64> {
        self.erased_at?
            .checked_add_months(Months::new(RETENTION_MONTHS))
            .map(|at| at.timestamp())
    }

    /// Whether it is an erased record past its retention at `now`.
    pub fn has_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at()
            .is_some_and(|expires| expires <= now.timestamp())
    }
}

/// A record of a completed analysis erased at `at`, for the tests of its retention.
#[cfg(test)]
pub(crate) fn erased_at(at: DateTime<Utc>) -> DecisionRecord {
    DecisionRecord {
        analysis_id: AnalysisId::new(),
        profile_id: ProfileId::new(),
        profile_version: 1,
        partner_id: PartnerId::new(),
        api_key_id: None,
        requested_at: at,
        completed_at: at,
        model_version: "m".to_owned(),
        categoriser_version: None,
        usury_table_from: None,
        input_sha256: None,
        result_sha256: None,
        decision: Decision::Review,
        reviews: Vec::new(),
        erased_at: None,
    }
    .erased(at)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn erased_on(day: u32) -> DecisionRecord {
        erased_at(Utc.with_ymd_and_hms(2026, 8, day, 12, 0, 0).unwrap())
    }

    #[test]
    fn an_erased_record_expires_six_calendar_months_later() {
        let record = erased_on(31);
        let expiry = Utc.with_ymd_and_hms(2027, 2, 28, 12, 0, 0).unwrap();
        assert_eq!(record.expires_at(), Some(expiry.timestamp()));
        assert!(!record.has_expired(expiry - chrono::TimeDelta::seconds(1)));
        assert!(record.has_expired(expiry));
    }

    #[test]
    fn a_record_not_erased_never_expires() {
        let mut record = erased_on(1);
        record.erased_at = None;
        assert_eq!(record.expires_at(), None);
        assert!(!record.has_expired(Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap()));
    }

    #[test]
    fn only_a_completed_analysis_has_a_record() {
        let pending = Analysis::pending(PartnerId::new(), ProfileId::new(), 1, Utc::now());
        assert_eq!(DecisionRecord::of(&pending), None);
        let failed = Analysis {
            status: AnalysisStatus::Failed,
            completed_at: Some(Utc::now()),
            failure_reason: Some("missing".to_owned()),
            ..pending
        };
        assert_eq!(DecisionRecord::of(&failed), None);
    }
}
