//! The command line: `partnerb2b [--data PATH | --store dynamodb [--table T]] <command>`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use shared::domain::api_key::ApiKeyId;
use shared::domain::model::PartnerId;

/// PartnerB2B operator tool: run the API locally, manage partners and API keys.
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
    /// Print the OpenAPI description (`docs/openapi.json` is its committed copy).
    Openapi,
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
    /// Revoke a key for good.
    Revoke { id: ApiKeyId },
}
