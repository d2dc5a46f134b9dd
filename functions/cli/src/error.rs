//! What can go wrong in a command, and the exit code scripts see for it.

use shared::aws::TrustStoreError;
use shared::edge::error::BoxError;
use shared::store::StoreError;

/// Exit codes: 0 success, 1 failure (storage, network, I/O), 2 bad usage (clap's own),
/// 3 the named partner or key does not exist.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Usage(String),
    #[error("storage: {}", shared::edge::serve::error_chain(.0))]
    Store(#[from] StoreError),
    #[error("{0}")]
    Setup(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<TrustStoreError> for CliError {
    fn from(error: TrustStoreError) -> Self {
        match error {
            TrustStoreError::Unknown(_) => Self::Usage(error.to_string()),
            _ => Self::Setup(error.to_string()),
        }
    }
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::NotFound(_) => 3,
            Self::Usage(_) => 2,
            Self::Store(_) | Self::Setup(_) | Self::Io { .. } => 1,
        }
    }

    pub fn setup(error: BoxError) -> Self {
        Self::Setup(shared::edge::serve::error_chain(error.as_ref()))
    }
}
