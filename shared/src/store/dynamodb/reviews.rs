//! An analysis's human reviews on DynamoDB, and the queuing state of each of its events.
//!
//! Reviews are a list attribute, `reviews`, on the analysis's record and on its copy under
//! the profile, appended to both in one transaction and never changed but for the
//! queuing of each one's event, which only the record tracks (as it does the
//! completion's: the worker reads the record). A review is addressed in an update by its
//! place in the list (`reviews[3]`), which every condition holds to its id.

use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::types::builders::UpdateBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use chrono::{DateTime, Utc};

use super::DynamoStore;
use super::errors::{invalid_request, is_condition_failure, unavailable};
use super::items::{attribute_value, key_item};
use super::transaction::Transaction;
use crate::domain::model::{Analysis, IdempotencyRecord, WebhookId};
use crate::domain::notification::Notice;
use crate::domain::review::{Review, ReviewId};
use crate::store::keys::{self, Key};
use crate::store::{Queuing, StoreError};

/// Where the queuing state of one of an analysis's events is on its item: the item's own
/// attributes for its completion's, a review's (`#reviews[3].`) for that review's.
struct NoticeAt {
    prefix: String,
    review: Option<ReviewId>,
}

impl NoticeAt {
    /// `None` for a review `seen` does not hold.
    fn of(seen: &Analysis, notice: Notice) -> Option<Self> {
        match notice {
            Notice::Finished => Some(Self {
                prefix: String::new(),
                review: None,
            }),
            Notice::Review(id) => {
                seen.reviews
                    .iter()
                    .position(|review| review.id == id)
                    .map(|index| Self {
                        prefix: format!("#reviews[{index}]."),
                        review: Some(id),
                    })
            }
        }
    }

    /// The path of one of the state's attributes: `#since`, `#reviews[3].#since`.
    fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// `condition`, and for a review that the place still holds it.
    fn condition(&self, condition: &str) -> String {
        match self.review {
            Some(_) => format!("{} = :review_id AND ({condition})", self.path("#id")),
            None => condition.to_owned(),
        }
    }

    /// `request` with the names and values the paths and [`Self::condition`] use, besides
    /// those of the state (`#since`, `#notified`, `#webhooks`) that it names itself.
    fn bind(&self, request: UpdateItemFluentBuilder) -> UpdateItemFluentBuilder {
        match self.review {
            Some(id) => request
                .expression_attribute_names("#reviews", "reviews")
                .expression_attribute_names("#id", "id")
                .expression_attribute_values(":review_id", AttributeValue::S(id.to_string())),
            None => request,
        }
    }
}

/// The update expression of [`DynamoStore::append`].
const APPEND: &str = "SET #reviews = list_append(if_not_exists(#reviews, :none), :new)";

fn transact(update: UpdateBuilder) -> Result<TransactWriteItem, StoreError> {
    Ok(TransactWriteItem::builder()
        .update(update.build().map_err(invalid_request)?)
        .build())
}

/// `(attribute_not_exists(path) OR attribute_type(path, :null))`: unset, as a stored
/// `None` is (`:null` bound to `"NULL"`).
fn unset(path: &str) -> String {
    format!("(attribute_not_exists({path}) OR attribute_type({path}, :null))")
}

impl DynamoStore {
    /// [`crate::store::AnalysisStore::add_review`]: 1 `TransactWriteItems`.
    pub(super) async fn append_review(
        &self,
        analysis: &Analysis,
        review: &Review,
        idempotency: Option<&IdempotencyRecord>,
        max: usize,
    ) -> Result<Queuing, StoreError> {
        let (partner, profile, id) = (analysis.partner_id, analysis.profile_id, analysis.id);
        let mut transaction = Transaction::default();
        if let Some(record) = idempotency {
            let put = self.put_idempotency(record, Utc::now())?;
            transaction.add(put, StoreError::IdempotencyKeyTaken);
        }
        // The profile's revision moves, so an erasure that read the profile before this
        // review existed starts over and finds its idempotency record.
        let revision = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::profile(partner, profile))))
            .update_expression("SET #revision = if_not_exists(#revision, :zero) + :one")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#revision", "revision")
            .expression_attribute_values(":zero", AttributeValue::N("0".to_owned()))
            .expression_attribute_values(":one", AttributeValue::N("1".to_owned()))
            .build()
            .map_err(invalid_request)?;
        transaction.add(
            TransactWriteItem::builder().update(revision).build(),
            StoreError::NotFound,
        );
        let appended = attribute_value(&[review])?;
        let copy = self.append(
            keys::analysis_copy(partner, profile, id),
            &appended,
            "#status = :completed",
        );
        transaction.add(transact(copy)?, StoreError::Conflict);
        // The record alone holds the limit, and enters the index of waiting analyses.
        let record = self
            .append(
                keys::analysis(partner, id),
                &appended,
                "#status = :completed AND (attribute_not_exists(#reviews) OR size(#reviews) < :max)",
            )
            .update_expression(format!("{APPEND}, #queued_at = :queued_at, #shard = :shard"))
            .expression_attribute_names("#queued_at", keys::QUEUED_AT)
            .expression_attribute_names("#shard", keys::PENDING_SHARD)
            .expression_attribute_values(":max", AttributeValue::N(max.to_string()))
            .expression_attribute_values(
                ":queued_at",
                AttributeValue::N(review.created_at.timestamp_micros().to_string()),
            )
            .expression_attribute_values(":shard", AttributeValue::S(keys::pending_shard(id)));
        transaction.add(transact(record)?, StoreError::LimitReached);
        self.commit(transaction, StoreError::Conflict).await?;
        Ok(Queuing::ToSend)
    }

    /// An update appending `appended` (a list of one review) to the `reviews` of the item
    /// at `key`, under `condition`.
    fn append(&self, key: Key, appended: &AttributeValue, condition: &str) -> UpdateBuilder {
        Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .update_expression(APPEND)
            .condition_expression(condition)
            .expression_attribute_names("#reviews", "reviews")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":none", AttributeValue::L(Vec::new()))
            .expression_attribute_values(":new", appended.clone())
            .expression_attribute_values(":completed", AttributeValue::S("completed".to_owned()))
    }

    /// [`crate::store::AnalysisStore::discard_review`]: 1 `GetItem`, 1 `TransactWriteItems`.
    pub(super) async fn remove_review(
        &self,
        analysis: &Analysis,
        review: &Review,
    ) -> Result<(), StoreError> {
        let partner = analysis.partner_id;
        let record_key = keys::analysis(partner, analysis.id);
        let Some(stored) = self.get::<Analysis>(record_key.clone()).await? else {
            return Ok(());
        };
        let Some(index) = stored.reviews.iter().position(|held| held.id == review.id) else {
            return Ok(());
        };
        let held = &stored.reviews[index];
        if held.notified || held.notifying_since.is_some() {
            return Err(StoreError::Conflict);
        }
        let at = format!("#reviews[{index}]");
        let remove = |key: Key, condition: String| {
            Update::builder()
                .table_name(&self.table)
                .set_key(Some(key_item(key)))
                .update_expression(format!("REMOVE {at}"))
                .condition_expression(condition)
                .expression_attribute_names("#reviews", "reviews")
                .expression_attribute_names("#id", "id")
                .expression_attribute_values(":id", AttributeValue::S(review.id.to_string()))
        };
        let record = remove(
            record_key,
            format!(
                "{at}.#id = :id AND {at}.#notified = :false AND {}",
                unset(&format!("{at}.#since"))
            ),
        )
        .expression_attribute_names("#notified", "notified")
        .expression_attribute_names("#since", "notifying_since")
        .expression_attribute_values(":false", AttributeValue::Bool(false))
        .expression_attribute_values(":null", AttributeValue::S("NULL".to_owned()))
        .build()
        .map_err(invalid_request)?;
        let copy = remove(
            keys::analysis_copy(partner, analysis.profile_id, analysis.id),
            format!("{at}.#id = :id"),
        )
        .build()
        .map_err(invalid_request)?;
        let mut transaction = Transaction::default();
        transaction.add(
            TransactWriteItem::builder().update(record).build(),
            StoreError::Conflict,
        );
        transaction.add(
            TransactWriteItem::builder().update(copy).build(),
            StoreError::Conflict,
        );
        if let Some(key) = &review.idempotency_key {
            transaction.add_unconditional(self.delete(keys::idempotency(partner, key))?);
        }
        self.commit(transaction, StoreError::Conflict).await
    }

    /// [`crate::store::AnalysisStore::claim_analysis_notification`]: 1 `UpdateItem`.
    pub(super) async fn claim_notice(
        &self,
        seen: &Analysis,
        notice: Notice,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (Some(place), Some(state)) = (NoticeAt::of(seen, notice), seen.notification(notice))
        else {
            return Err(StoreError::Conflict);
        };
        let (since, notified) = (place.path("#since"), place.path("#notified"));
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::analysis(seen.partner_id, seen.id))))
            .update_expression(format!("SET {since} = :at"))
            .expression_attribute_names("#status", "status")
            .expression_attribute_names("#notified", "notified")
            .expression_attribute_names("#since", "notifying_since")
            .expression_attribute_values(":pending", AttributeValue::S("pending".to_owned()))
            .expression_attribute_values(":false", AttributeValue::Bool(false))
            .expression_attribute_values(":at", attribute_value(&at)?);
        let mut condition = format!(
            "#status <> :pending AND (attribute_not_exists({notified}) OR {notified} = :false) AND "
        );
        match &state.notifying_since {
            Some(seen_since) => {
                condition.push_str(&format!("{since} = :seen"));
                request =
                    request.expression_attribute_values(":seen", attribute_value(seen_since)?);
            }
            None => {
                condition.push_str(&unset(&since));
                request = request
                    .expression_attribute_values(":null", AttributeValue::S("NULL".to_owned()));
            }
        }
        let condition = format!("attribute_exists(PK) AND {}", place.condition(&condition));
        match place
            .bind(request)
            .condition_expression(condition)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Err(StoreError::Conflict),
            Err(error) => Err(unavailable(error)),
        }
    }

    /// [`crate::store::AnalysisStore::release_analysis_notification`]: 1 `UpdateItem`.
    pub(super) async fn release_notice(
        &self,
        claimed: &Analysis,
        notice: Notice,
        queued: &[WebhookId],
    ) -> Result<(), StoreError> {
        let (Some(place), Some(since)) = (
            NoticeAt::of(claimed, notice),
            claimed
                .notification(notice)
                .and_then(|state| state.notifying_since),
        ) else {
            return Ok(());
        };
        let path = place.path("#since");
        let request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::analysis(
                claimed.partner_id,
                claimed.id,
            ))))
            .update_expression(format!(
                "SET {} = :queued REMOVE {path}",
                place.path("#webhooks")
            ))
            .condition_expression(place.condition(&format!("{path} = :claimed")))
            .expression_attribute_names("#since", "notifying_since")
            .expression_attribute_names("#webhooks", "notified_webhooks")
            .expression_attribute_values(":claimed", attribute_value(&since)?)
            .expression_attribute_values(":queued", attribute_value(&queued)?);
        match place.bind(request).send().await {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }

    /// [`crate::store::AnalysisStore::mark_analysis_notified`]: 1 `UpdateItem`.
    pub(super) async fn mark_notice(
        &self,
        analysis: &Analysis,
        notice: Notice,
    ) -> Result<(), StoreError> {
        let Some(place) = NoticeAt::of(analysis, notice) else {
            return Ok(());
        };
        let request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::analysis(
                analysis.partner_id,
                analysis.id,
            ))))
            .update_expression(format!(
                "SET {} = :true REMOVE {}",
                place.path("#notified"),
                place.path("#since")
            ))
            .condition_expression(place.condition("attribute_exists(PK)"))
            .expression_attribute_names("#notified", "notified")
            .expression_attribute_names("#since", "notifying_since")
            .expression_attribute_values(":true", AttributeValue::Bool(true));
        match place.bind(request).send().await {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}
