//! Settings read once per container, at start: each function turns them into its own typed
//! configuration, so a missing setting stops the function before it serves anything
//! instead of failing every request.

use std::env;

/// Issuer written into and required from every token, unless `JWT_ISSUER` says otherwise.
pub const DEFAULT_ISSUER: &str = "partnerb2b";
/// Audience written into and required from every token, unless `JWT_AUDIENCE` says otherwise.
pub const DEFAULT_AUDIENCE: &str = "partnerb2b-api";

/// Where a setting's value comes from: its name in, its value (if set) out.
type Lookup<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;

/// A source of settings: the process environment, or a map in tests. Blank values count
/// as unset.
pub struct Settings<'a> {
    lookup: Lookup<'a>,
}

impl Settings<'static> {
    pub fn from_env() -> Self {
        Self::from_lookup(|name| env::var(name).ok())
    }
}

impl<'a> Settings<'a> {
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String> + 'a) -> Self {
        Self {
            lookup: Box::new(lookup),
        }
    }

    pub fn optional(&self, name: &str) -> Option<String> {
        (self.lookup)(name).filter(|value| !value.trim().is_empty())
    }

    /// The setting `name`, or an error naming it.
    pub fn required(&self, name: &'static str) -> Result<String, ConfigError> {
        self.optional(name).ok_or(ConfigError::Missing(name))
    }

    /// What every token is issued for and checked against (`JWT_ISSUER`, `JWT_AUDIENCE`).
    pub fn token_audience(&self) -> TokenAudience {
        TokenAudience {
            issuer: self
                .optional("JWT_ISSUER")
                .unwrap_or_else(|| DEFAULT_ISSUER.to_owned()),
            audience: self
                .optional("JWT_AUDIENCE")
                .unwrap_or_else(|| DEFAULT_AUDIENCE.to_owned()),
        }
    }
}

/// The `iss` and `aud` claims of this deployment's tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenAudience {
    pub issuer: String,
    pub audience: String,
}

impl Default for TokenAudience {
    fn default() -> Self {
        Self {
            issuer: DEFAULT_ISSUER.to_owned(),
            audience: DEFAULT_AUDIENCE.to_owned(),
        }
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
        let settings = Settings::from_lookup(|name| vars.get(name).map(|v| v.to_string()));
        assert_eq!(settings.optional("TABLE_NAME"), None);
        let audience = settings.token_audience();
        assert_eq!(audience.issuer, "iss-x");
        assert_eq!(audience.audience, DEFAULT_AUDIENCE);
        assert!(matches!(
            settings.required("TABLE_NAME"),
            Err(ConfigError::Missing("TABLE_NAME"))
        ));
    }
}
