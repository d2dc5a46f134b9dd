//! The command line: `partnerb2b [--data PATH | --store dynamodb [--table T]] <command>`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use scoring::{Date, Percent, UsuryCategory};
use shared::domain::api_key::ApiKeyId;
use shared::domain::model::PartnerId;

use crate::usury::{parse_category, parse_date, parse_rate};

/// PartnerB2B operator tool: run the API locally, manage partners, API keys and the usury
/// thresholds.
#[derive(Debug, Parser)]
#[command(name = "partnerb2b", version)]
pub struct Cli {
    #[command(flatten)]
    pub storage: StorageArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Where records live: the embedded data file, or the DynamoDB table.
    #[arg(long, value_enum, default_value_t = StoreKind::Embedded, global = true, env = "PARTNERB2B_STORE")]
    pub store: StoreKind,
    /// The embedded data file (created on first use).
    #[arg(
        long,
        default_value = "partnerb2b.db",
        global = true,
        env = "PARTNERB2B_DATA"
    )]
    pub data: PathBuf,
    /// The DynamoDB table, with `--store dynamodb`. Region, credentials and endpoint come
    /// from the AWS SDK's standard configuration (`AWS_ENDPOINT_URL` included).
    #[arg(long, global = true, env = "TABLE_NAME")]
    pub table: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    Embedded,
    Dynamodb,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve every endpoint on one address (development mode).
    Serve {
        #[arg(long, default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
    },
    /// Create, list, suspend or reactivate partners.
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// Create, list or revoke API keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Create, rotate and publish the Ed25519 key set that signs tokens: in the data
    /// file, or with `--store dynamodb` in the Secrets Manager secret `--secret-id`.
    #[command(subcommand)]
    TokenKeys(KeySetCommand),
    /// Create, rotate and publish the Ed25519 key set that signs decision records, a set
    /// apart from the token keys: in the data file, or with `--store dynamodb` in the
    /// Secrets Manager secret `--secret-id` (default `RECORD_KEYS_SECRET_ID`).
    #[command(subcommand)]
    RecordKeys(KeySetCommand),
    /// Load or list the usury thresholds analyses hold a loan's TAEG to.
    #[command(subcommand)]
    Usury(UsuryCommand),
    /// Load sandbox personas: submitted profiles with bank statements, one per outcome.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Print the OpenAPI description (`docs/openapi.json` is its committed copy).
    Openapi,
    /// File the profiles a DynamoDB table held before its status index (`ByStatus`) in
    /// that index, once after deploying it; the data file's index is built when it opens.
    IndexProfiles,
}

#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Create a partner and its first API key (shown once).
    Create {
        #[arg(long)]
        name: String,
        /// Print `{"partner_id": ..., "key_id": ..., "api_key": ...}`.
        #[arg(long)]
        json: bool,
    },
    /// List partners.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Suspend a partner: its keys and refresh tokens stop working at once.
    Suspend { id: PartnerId },
    /// Reactivate a suspended partner.
    Activate { id: PartnerId },
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Create the personas (a salaried tenant who passes, undeclared credit, gambling,
    /// overdrawn, a retired owner, too short a history), each a submitted profile with
    /// its account statement.
    Load {
        /// The partner that gets them; a new partner `Sandbox` when absent.
        #[arg(long)]
        partner: Option<PartnerId>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create another API key for a partner (shown once).
    Create {
        #[arg(long)]
        partner: PartnerId,
        #[arg(long)]
        json: bool,
    },
    /// List a partner's keys (prefix and status, never the key).
    List {
        #[arg(long)]
        partner: PartnerId,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key for good: it buys no more tokens, and the refresh tokens it issued
    /// are refused.
    Revoke { id: ApiKeyId },
}

/// Where the key set is, with `--store dynamodb`: a secret name or ARN; by default the
/// one `auth`'s `TOKEN_KEYS_SECRET_ID` (token keys) or `analyses`'
/// `RECORD_KEYS_SECRET_ID` (record keys) names, read from the environment.
#[derive(Debug, Clone, Args)]
pub struct SecretArgs {
    #[arg(long = "secret-id")]
    pub secret_id: Option<String>,
}

/// The rotation steps of README's "Rotating the signing keys", one command each, for
/// either key set.
#[derive(Debug, Subcommand)]
pub enum KeySetCommand {
    /// Create the key set: a first active key. With `--store dynamodb`, creates the secret
    /// `--secret-id` (refused if it exists) and prints its ARN, for the template's
    /// `TokenKeysSecretArn` or `RecordKeysSecretArn`, and the JWKS, for its
    /// `TokenPublicKeys` or `RecordPublicKeys`.
    Init(SecretArgs),
    /// List the keys: kid, active or not, when each was created and deactivated, and
    /// from when it may be retired.
    List {
        #[command(flatten)]
        secret: SecretArgs,
        #[arg(long)]
        json: bool,
    },
    /// Print the public keys as a JWKS, for the template's `TokenPublicKeys` or
    /// `RecordPublicKeys`.
    Jwks(SecretArgs),
    /// Step 1: add a key that does not sign yet, and print its kid. Publish the JWKS next.
    Add(SecretArgs),
    /// Step 3: make `kid` the key that signs, once every function verifies with it.
    Activate {
        /// A thumbprint, which may begin with `-`.
        #[arg(allow_hyphen_values = true)]
        kid: String,
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// Step 5: remove `kid`, refused while a token it signed may still be valid. With
    /// `--now`, at once, for a compromised key: every token it signed is refused.
    Retire {
        /// A thumbprint, which may begin with `-`.
        #[arg(allow_hyphen_values = true)]
        kid: String,
        #[arg(long)]
        now: bool,
        #[command(flatten)]
        secret: SecretArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsuryCommand {
    /// Load the threshold of one category from a quarter's first day, as the Banque de
    /// France publishes it (replacing one loaded for the same category and date). The next
    /// analysis uses it, without a restart.
    Set {
        /// The first day it is in force: a quarter's first day (01-01, 04-01, 07-01 or
        /// 10-01), at most the next quarter's.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        from: Date,
        /// The loan category, as `usury list` and the API's `metrics.usury_category` name it.
        #[arg(long, value_name = "CATEGORY", value_parser = parse_category)]
        category: UsuryCategory,
        /// The threshold, a TAEG in percent with at most 2 decimals (`8.67` for 8.67 %).
        #[arg(long, value_name = "PERCENT", value_parser = parse_rate, allow_hyphen_values = true)]
        rate: Percent,
    },
    /// List every threshold, shipped and loaded, and the one in force per category.
    List {
        /// The day to show the thresholds in force on (today by default).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        on: Option<Date>,
        #[arg(long)]
        json: bool,
    },
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::{Cli, Command, KeySetCommand};

    /// One thumbprint in 64 begins with `-`; it is still a kid, not an option.
    #[test]
    fn a_kid_beginning_with_a_hyphen_is_a_kid() {
        let kid = "-9Yd5J2x8kKq0n3y9Hh3hQh1wH6aQm0U5Bb2nXcJt4A";
        for command in ["activate", "retire"] {
            let cli = Cli::try_parse_from(["partnerb2b", "token-keys", command, kid])
                .unwrap_or_else(|error| panic!("{command}: {error}"));
            match cli.command {
                Command::TokenKeys(
                    KeySetCommand::Activate { kid: parsed, .. }
                    | KeySetCommand::Retire { kid: parsed, .. },
                ) => assert_eq!(parsed, kid),
                other => panic!("{command}: {other:?}"),
            }
        }
    }
}
