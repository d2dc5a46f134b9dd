//! [`PartnerStore`] on the embedded store.

use async_trait::async_trait;
use uuid::Uuid;

use super::EmbeddedStore;
use super::rows::{exists, get, insert_new, put, put_expiring, query};
use crate::domain::api_key::ApiKeyId;
use crate::domain::model::{ApiKeyRecord, KeyStatus, Partner, PartnerId, PartnerStatus};
use crate::store::keys::{self, KeyRef, RevokedToken};
use crate::store::{PartnerStore, StoreError};

/// Stores the partner's pointer to its key `id`.
fn put_key_ref(
    connection: &rusqlite::Connection,
    partner: PartnerId,
    id: &ApiKeyId,
) -> Result<(), StoreError> {
    let pointer = KeyRef { key_id: id.clone() };
    put(connection, &keys::api_key_ref(partner, id), &pointer)
}

#[async_trait]
impl PartnerStore for EmbeddedStore {
    async fn create_partner(
        &self,
        partner: &Partner,
        first_key: &ApiKeyRecord,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            insert_new(tx, &keys::partner(partner.id), partner)?;
            insert_new(tx, &keys::api_key(&first_key.id), first_key)?;
            put_key_ref(tx, partner.id, &first_key.id)
        })
    }

    async fn get_partner(&self, id: PartnerId) -> Result<Option<Partner>, StoreError> {
        self.read(|connection| get(connection, &keys::partner(id)))
    }

    async fn list_partners(&self) -> Result<Vec<Partner>, StoreError> {
        self.read(|connection| query(connection, &keys::partners()))
    }

    async fn set_partner_status(
        &self,
        id: PartnerId,
        status: PartnerStatus,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let mut partner: Partner = get(tx, &keys::partner(id))?.ok_or(StoreError::NotFound)?;
            partner.status = status;
            put(tx, &keys::partner(id), &partner)?;
            for KeyRef { key_id } in query::<KeyRef>(tx, &keys::api_key_refs(id))? {
                if let Some(mut record) = get::<ApiKeyRecord>(tx, &keys::api_key(&key_id))? {
                    record.partner_status = status;
                    put(tx, &keys::api_key(&key_id), &record)?;
                }
            }
            Ok(())
        })
    }

    async fn add_api_key(&self, key: &ApiKeyRecord) -> Result<ApiKeyRecord, StoreError> {
        self.write(|tx| {
            let partner: Partner =
                get(tx, &keys::partner(key.partner_id))?.ok_or(StoreError::NotFound)?;
            let record = ApiKeyRecord {
                partner_status: partner.status,
                ..key.clone()
            };
            insert_new(tx, &keys::api_key(&record.id), &record)?;
            put_key_ref(tx, partner.id, &record.id)?;
            Ok(record)
        })
    }

    async fn get_api_key(&self, id: &ApiKeyId) -> Result<Option<ApiKeyRecord>, StoreError> {
        self.read(|connection| get(connection, &keys::api_key(id)))
    }

    async fn list_api_keys(&self, partner: PartnerId) -> Result<Vec<ApiKeyRecord>, StoreError> {
        self.read(|connection| {
            let mut records = Vec::new();
            for KeyRef { key_id } in query::<KeyRef>(connection, &keys::api_key_refs(partner))? {
                records.extend(get::<ApiKeyRecord>(connection, &keys::api_key(&key_id))?);
            }
            records.sort_by_key(|record| record.created_at);
            Ok(records)
        })
    }

    async fn revoke_api_key(&self, id: &ApiKeyId) -> Result<ApiKeyRecord, StoreError> {
        self.write(|tx| {
            let mut record: ApiKeyRecord =
                get(tx, &keys::api_key(id))?.ok_or(StoreError::NotFound)?;
            record.status = KeyStatus::Revoked;
            put(tx, &keys::api_key(id), &record)?;
            Ok(record)
        })
    }

    async fn revoke_refresh_token(
        &self,
        partner: PartnerId,
        jti: Uuid,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let mark = RevokedToken { jti, expires_at };
        self.write(|tx| {
            put_expiring(
                tx,
                &keys::revoked_token(partner, jti),
                &mark,
                Some(expires_at),
            )
        })
    }

    async fn get_refresh_key(
        &self,
        key: &ApiKeyId,
        partner: PartnerId,
        jti: Uuid,
    ) -> Result<Option<ApiKeyRecord>, StoreError> {
        self.read(|connection| {
            if exists(connection, &keys::revoked_token(partner, jti))? {
                return Ok(None);
            }
            get(connection, &keys::api_key(key))
        })
    }
}
