//! [`PartnerStore`] on DynamoDB: the partner under `PARTNERS`, each key under its own
//! partition (authentication reads it alone), and the partner's pointers to its keys.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{
    AttributeValue, ConditionCheck, ReturnValue, TransactWriteItem, Update,
};
use uuid::Uuid;

use super::DynamoStore;
use super::errors::{invalid_request, is_condition_failure, unavailable};
use super::items::{from_item, item, key_item};
use super::transaction::Transaction;
use crate::domain::api_key::ApiKeyId;
use crate::domain::model::{ApiKeyRecord, Partner, PartnerId, PartnerStatus};
use crate::store::keys::{self, Key, KeyRef, RevokedToken};
use crate::store::{PartnerStore, StoreError};

impl DynamoStore {
    /// Sets `attribute` of the existing record at `key` to `status`.
    fn set_status(
        &self,
        key: Key,
        attribute: &str,
        status: PartnerStatus,
    ) -> Result<TransactWriteItem, StoreError> {
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .update_expression("SET #attribute = :status")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#attribute", attribute)
            .expression_attribute_values(":status", AttributeValue::S(status.to_string()))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// The partner's pointer to its key `id`.
    fn key_ref(&self, partner: PartnerId, id: &ApiKeyId) -> Result<TransactWriteItem, StoreError> {
        let pointer = KeyRef { key_id: id.clone() };
        self.put(keys::api_key_ref(partner, id), &pointer)
    }
}

#[async_trait]
impl PartnerStore for DynamoStore {
    async fn create_partner(
        &self,
        partner: &Partner,
        first_key: &ApiKeyRecord,
    ) -> Result<(), StoreError> {
        let mut transaction = Transaction::default();
        let put = self.put_new(keys::partner(partner.id), partner)?;
        transaction.add(put, StoreError::AlreadyExists);
        let put = self.put_new(keys::api_key(&first_key.id), first_key)?;
        transaction.add(put, StoreError::AlreadyExists);
        transaction.add_unconditional(self.key_ref(partner.id, &first_key.id)?);
        self.commit(transaction, StoreError::Conflict).await
    }

    async fn get_partner(&self, id: PartnerId) -> Result<Option<Partner>, StoreError> {
        self.get(keys::partner(id)).await
    }

    async fn list_partners(&self) -> Result<Vec<Partner>, StoreError> {
        self.query(keys::partners()).await
    }

    async fn set_partner_status(
        &self,
        id: PartnerId,
        status: PartnerStatus,
    ) -> Result<(), StoreError> {
        let refs: Vec<KeyRef> = self.query(keys::api_key_refs(id)).await?;
        let mut transaction = Transaction::default();
        let update = self.set_status(keys::partner(id), "status", status)?;
        transaction.add(update, StoreError::NotFound);
        for KeyRef { key_id } in &refs {
            let update = self.set_status(keys::api_key(key_id), "partner_status", status)?;
            let vanished = StoreError::Corrupt(format!("a key of partner {id} vanished"));
            transaction.add(update, vanished);
        }
        for chunk in transaction.into_chunks() {
            self.commit(chunk, StoreError::Conflict).await?;
        }
        Ok(())
    }

    async fn add_api_key(&self, key: &ApiKeyRecord) -> Result<ApiKeyRecord, StoreError> {
        let partner = self
            .get_partner(key.partner_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let record = ApiKeyRecord {
            partner_status: partner.status,
            ..key.clone()
        };
        let status_unchanged = ConditionCheck::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::partner(partner.id))))
            .condition_expression("#status = :status")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":status", AttributeValue::S(partner.status.to_string()))
            .build()
            .map_err(invalid_request)?;
        let mut transaction = Transaction::default();
        let check = TransactWriteItem::builder()
            .condition_check(status_unchanged)
            .build();
        transaction.add(check, StoreError::Conflict);
        let put = self.put_new(keys::api_key(&record.id), &record)?;
        transaction.add(put, StoreError::AlreadyExists);
        transaction.add_unconditional(self.key_ref(partner.id, &record.id)?);
        self.commit(transaction, StoreError::Conflict).await?;
        Ok(record)
    }

    async fn get_api_key(&self, id: &ApiKeyId) -> Result<Option<ApiKeyRecord>, StoreError> {
        self.get(keys::api_key(id)).await
    }

    async fn list_api_keys(&self, partner: PartnerId) -> Result<Vec<ApiKeyRecord>, StoreError> {
        let refs: Vec<KeyRef> = self.query(keys::api_key_refs(partner)).await?;
        let wanted = refs.iter().map(|KeyRef { key_id }| keys::api_key(key_id));
        let mut records = self
            .batch_get(wanted.collect())
            .await?
            .into_iter()
            .map(from_item)
            .collect::<Result<Vec<ApiKeyRecord>, _>>()?;
        records.sort_by_key(|record| record.created_at);
        Ok(records)
    }

    async fn revoke_api_key(&self, id: &ApiKeyId) -> Result<ApiKeyRecord, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::api_key(id))))
            .update_expression("SET #status = :revoked")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":revoked", AttributeValue::S("revoked".to_owned()))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(output) => from_item(output.attributes.unwrap_or_default()),
            Err(error) if is_condition_failure(&error) => Err(StoreError::NotFound),
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn revoke_refresh_token(
        &self,
        partner: PartnerId,
        jti: Uuid,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let mark = RevokedToken { jti, expires_at };
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item(keys::revoked_token(partner, jti), &mark)?))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn get_refresh_key(
        &self,
        key: &ApiKeyId,
        partner: PartnerId,
        jti: Uuid,
    ) -> Result<Option<ApiKeyRecord>, StoreError> {
        let (record, revoked) = self
            .batch_get_two(keys::api_key(key), keys::revoked_token(partner, jti))
            .await?;
        match revoked {
            Some(_) => Ok(None),
            None => record.map(from_item).transpose(),
        }
    }
}
