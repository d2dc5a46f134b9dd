//! Configuration read from the environment once per container.

use std::env;

/// Issuer written into and required from every token, unless `JWT_ISSUER` says otherwise.
pub const DEFAULT_ISSUER: &str = "partnerb2b";
/// Audience written into and required from every token, unless `JWT_AUDIENCE` says otherwise.
pub const DEFAULT_AUDIENCE: &str = "partnerb2b-api";

/// Typed configuration of a function.
///
/// Every value has a visible default except the ones a deployment must choose
/// (`TABLE_NAME`, `SIGNING_KEYS_SECRET_ID`), which are `None` until set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// DynamoDB table holding every record (`TABLE_NAME`).
    pub table_name: Option<String>,
    /// Secrets Manager id or ARN of the JWT signing key set (`SIGNING_KEYS_SECRET_ID`).
    pub signing_keys_secret_id: Option<String>,
    /// `iss` claim (`JWT_ISSUER`).
    pub jwt_issuer: String,
    /// `aud` claim (`JWT_AUDIENCE`).
    pub jwt_audience: String,
    /// The SQS queue of analysis requests (`ANALYSIS_QUEUE_URL`).
    pub analysis_queue_url: Option<String>,
    /// The SQS queue of webhook deliveries (`WEBHOOK_QUEUE_URL`).
    pub webhook_queue_url: Option<String>,
}

impl Config {
    pub fn from_env() -> Self {
        Self::from_lookup(|name| env::var(name).ok())
    }

    /// Builds the configuration from any variable source; `from_env` passes the process
    /// environment, tests pass a map.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let non_empty = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        Self {
            table_name: non_empty("TABLE_NAME"),
            signing_keys_secret_id: non_empty("SIGNING_KEYS_SECRET_ID"),
            jwt_issuer: non_empty("JWT_ISSUER").unwrap_or_else(|| DEFAULT_ISSUER.to_owned()),
            jwt_audience: non_empty("JWT_AUDIENCE").unwrap_or_else(|| DEFAULT_AUDIENCE.to_owned()),
            analysis_queue_url: non_empty("ANALYSIS_QUEUE_URL"),
            webhook_queue_url: non_empty("WEBHOOK_QUEUE_URL"),
        }
    }

    /// The table name, or an error naming the missing variable.
    pub fn require_table(&self) -> Result<&str, ConfigError> {
        self.table_name
            .as_deref()
            .ok_or(ConfigError::Missing("TABLE_NAME"))
    }

    /// The signing key secret id, or an error naming the missing variable.
    pub fn require_signing_keys_secret(&self) -> Result<&str, ConfigError> {
        self.signing_keys_secret_id
            .as_deref()
            .ok_or(ConfigError::Missing("SIGNING_KEYS_SECRET_ID"))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} must be set")]
    Missing(&'static str),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn defaults_apply_and_blank_values_count_as_unset() {
        let vars = HashMap::from([("TABLE_NAME", "  "), ("JWT_ISSUER", "iss-x")]);
        let config = Config::from_lookup(|name| vars.get(name).map(|v| v.to_string()));
        assert_eq!(config.table_name, None);
        assert_eq!(config.jwt_issuer, "iss-x");
        assert_eq!(config.jwt_audience, DEFAULT_AUDIENCE);
        assert!(matches!(
            config.require_table(),
            Err(ConfigError::Missing("TABLE_NAME"))
        ));
    }
}
