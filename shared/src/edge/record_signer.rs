//! The signer of decision records: the record key set, a set of its own that no function
//! accepts a token from (tokens verify against `TOKEN_PUBLIC_KEYS` only, and a record's
//! header is typed apart, [`crate::jws`]), so that holding it mints nothing. On AWS the
//! `analyses` function reads it from the secret `RECORD_KEYS_SECRET_ID` at the first
//! record a container signs, never at init.

use crate::domain::record::DecisionRecord;
use crate::edge::error::ApiError;
use crate::edge::loaded::{Load, LoadedOnce};
use crate::jws::JwsSigner;
use crate::key_set::PrivateKeySet;

pub struct RecordSigner {
    signer: LoadedOnce<JwsSigner>,
}

impl RecordSigner {
    pub fn new(keys: &PrivateKeySet) -> Self {
        Self {
            signer: LoadedOnce::ready(JwsSigner::new(keys)),
        }
    }

    /// A signer whose key set `load` fetches at the first signature.
    pub fn loading(load: Load<PrivateKeySet>) -> Self {
        Self {
            signer: LoadedOnce::loading(Box::new(move || {
                let keys = load();
                Box::pin(async move { Ok(JwsSigner::new(&keys.await?)) })
            })),
        }
    }

    /// The compact JWS of `record` ([`JwsSigner::sign_record`]).
    pub async fn sign(&self, record: &DecisionRecord) -> Result<String, ApiError> {
        self.signer
            .get()
            .await?
            .sign_record(record)
            .map_err(ApiError::internal)
    }
}
