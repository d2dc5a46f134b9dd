//! `GET /api/v1/analyses/{id}/explanation/`: what the consumer is owed about the decision
//! (DESIGN §11), for the partner to hand over as it stands.

use shared::domain::model::{AnalysisStatus, PartnerId};
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::route::Call;

use crate::{Service, no_decision_yet, partners_analysis};

/// `GET /api/v1/analyses/{id}/explanation/`: the model's decision and the one that stands
/// (the latest human review's, else the model's), its main reasons (the failing,
/// then the warning rules, at most 4), what would change it and the consumer's rights, in
/// the negotiated language. 404 for an analysis that is not the partner's; 409
/// `analysis_not_completed` while it is `pending`, or once it `failed` (there is no
/// decision to explain).
///
/// 1 DynamoDB round trip: `GetItem` of the analysis under the partner's key.
pub async fn read(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let analysis = partners_analysis(service, partner, &call).await?;
    let result = match (analysis.status, &analysis.result) {
        (AnalysisStatus::Completed, Some(result)) => result,
        (status, _) => return Err(no_decision_yet(status)),
    };
    let final_decision = analysis.final_decision().unwrap_or(result.decision);
    Reply::ok(&scoring::explain(result, final_decision, call.language))
}
