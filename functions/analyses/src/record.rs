//! `GET /api/v1/analyses/{id}/record/`: the signed decision record (DESIGN §12,
//! [`shared::domain::record`]).

use serde::Serialize;
use shared::domain::model::{AnalysisId, PartnerId};
use shared::domain::record::DecisionRecord;
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::route::Call;
use shared::store::RecordSource;

use crate::{Service, no_decision_yet};

/// The record and its `signature`: a compact JWS whose payload is the record without
/// it, in canonical JSON.
#[derive(Serialize)]
struct SignedRecord<'a> {
    #[serde(flatten)]
    record: &'a DecisionRecord,
    signature: String,
}

/// `GET /api/v1/analyses/{id}/record/`: the decision record of a completed analysis,
/// signed. After the profile's erasure, the record it left (ids, digests, versions,
/// decisions and timestamps, `erased_at` set) for 6 months, then 404. 409
/// `analysis_not_completed` while the analysis is pending, or once it failed; 404 for an
/// analysis that is not the partner's.
///
/// 1 DynamoDB round trip: a `BatchGetItem` of the analysis and of the record an erasure
/// leaves, under the partner's key; and once per container, 1 Secrets Manager
/// `GetSecretValue` of the record key set.
pub async fn read(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: AnalysisId = call.id("analysis_id")?;
    let record = match service
        .store
        .get_decision_record(partner, id)
        .await?
        .ok_or(ApiError::NotFound)?
    {
        RecordSource::Analysis(analysis) => {
            DecisionRecord::of(&analysis).ok_or_else(|| no_decision_yet(analysis.status))?
        }
        RecordSource::Erased(record) => *record,
    };
    let signature = service.records.sign(&record).await?;
    Reply::ok(&SignedRecord {
        record: &record,
        signature,
    })
}
