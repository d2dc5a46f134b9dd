//! A dependency a function fetches at its first use rather than at init: a secret read
//! from Secrets Manager, so that a cold start makes no network call for it.

use futures_util::future::BoxFuture;
use tokio::sync::OnceCell;

use crate::BoxError;
use crate::edge::error::ApiError;

/// Fetches the value where it is kept.
pub type Load<T> = Box<dyn Fn() -> BoxFuture<'static, Result<T, BoxError>> + Send + Sync>;

/// A value given at once ([`LoadedOnce::ready`]) or fetched by the first request that
/// needs it ([`LoadedOnce::loading`]); a failed fetch answers that request `503
/// service_unavailable` and is tried again by the next one.
pub struct LoadedOnce<T> {
    value: OnceCell<T>,
    load: Option<Load<T>>,
}

impl<T> LoadedOnce<T> {
    pub fn ready(value: T) -> Self {
        Self {
            value: OnceCell::new_with(Some(value)),
            load: None,
        }
    }

    pub fn loading(load: Load<T>) -> Self {
        Self {
            value: OnceCell::new(),
            load: Some(load),
        }
    }

    pub async fn get(&self) -> Result<&T, ApiError> {
        self.value
            .get_or_try_init(|| async {
                let load = self
                    .load
                    .as_ref()
                    .ok_or_else(|| ApiError::internal("a dependency with nothing to load it"))?;
                load().await.map_err(ApiError::unavailable)
            })
            .await
    }
}
