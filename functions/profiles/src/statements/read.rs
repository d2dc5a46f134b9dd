use serde::Serialize;
use shared::domain::model::{PartnerId, ProfileId, StatementId};
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::route::Call;

use super::SummaryView;
use crate::Service;

/// `GET /api/v1/profiles/{id}/bank-statements/`: the summaries of the profile's
/// statements, oldest first.
///
/// 1 DynamoDB round trip: `GetItem` of the profile, which holds the summaries.
pub async fn list_statements(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: ProfileId = call.id("profile_id")?;
    let profile = service
        .store
        .get_profile(partner, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let summaries: Vec<SummaryView> = profile
        .statements
        .iter()
        .map(|held| SummaryView::held(id, held))
        .collect();
    Reply::ok(&summaries)
}

/// A statement with its transactions, each categorised.
#[derive(Serialize)]
struct StatementView<'a> {
    #[serde(flatten)]
    summary: SummaryView,
    transactions: Vec<bank::CategorisedTransaction<'a>>,
}

/// `GET /api/v1/profiles/{id}/bank-statements/{statement_id}/`: the summary and every
/// transaction as sent, with its `category` and the `rule` that chose it. Categories are
/// those of the profile's statements together (a transfer between two of them is
/// `transfer.internal`), as the insights see them.
///
/// 1 DynamoDB round trip: a `Query` of the parts of the profile's statements (one more
/// per 1 MB).
pub async fn read_statement(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let profile: ProfileId = call.id("profile_id")?;
    let id: StatementId = call.id("statement_id")?;
    let stored = service.store.profile_statements(partner, profile).await?;
    let Some(position) = stored.iter().position(|statement| statement.id == id) else {
        return Err(ApiError::NotFound);
    };
    let summary = SummaryView::stored(&stored[position]);
    let statements: Vec<bank::Statement> = stored.into_iter().map(|kept| kept.statement).collect();
    let categories = bank::categorise_statements(&statements);
    let (statement, categories) = statements
        .get(position)
        .zip(categories.get(position))
        .ok_or_else(|| ApiError::internal("the categoriser returned fewer statements"))?;
    Reply::ok(&StatementView {
        summary,
        transactions: bank::categorised_transactions(statement, categories),
    })
}
