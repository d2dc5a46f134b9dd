//! The HTTP client deliveries go out through: pinned TLS roots (no certificate store
//! scan at start), no redirects, a timeout, and a resolver that refuses to connect to
//! any address the URL policy does not accept.

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::Utc;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect::Policy;
use shared::webhooks::delivery::Delivery;
use shared::webhooks::signature::{Signer, signature_header};
use shared::webhooks::url_policy::{UrlError, UrlPolicy, check_addresses};

use crate::Settings;

/// Most of an endpoint's answer that is read (then dropped).
const MAX_ANSWER_BYTES: usize = 4 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("TLS configuration: {0}")]
    Tls(#[from] rustls::Error),
    #[error("HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// Why an attempt got no answer; partner-facing, so it never quotes the endpoint.
#[derive(Debug, thiserror::Error)]
pub enum AttemptError {
    #[error("refused URL: {0}")]
    Refused(#[from] UrlError),
    #[error("timed out")]
    Timeout,
    #[error("connection failed")]
    Connect,
    #[error("redirects are not followed")]
    Redirect,
    #[error("request failed")]
    Other,
}

impl AttemptError {
    /// The stable kind the delivery log shows.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Refused(_) => "refused_address",
            Self::Timeout => "timeout",
            Self::Connect => "connection",
            Self::Redirect => "redirect",
            Self::Other => "request",
        }
    }
}

pub fn build(settings: &Settings) -> Result<reqwest::Client, ClientError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .dns_resolver(Arc::new(CheckedResolver {
            policy: settings.policy,
        }))
        .redirect(Policy::none())
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout)
        .https_only(!settings.policy.allow_loopback)
        .no_proxy()
        .user_agent("PartnerB2B-Webhooks/1")
        .build()?)
}

/// Resolves like the system does, then checks every address before any connection.
struct CheckedResolver {
    policy: UrlPolicy,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let loopback = self.policy.allow_loopback && name.as_str() == "localhost";
        Box::pin(async move {
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            check_addresses(&addresses, loopback)?;
            Ok(Box::new(addresses.into_iter()) as Addrs)
        })
    }
}

/// POSTs the delivery's event, signed now by each of `signers`; the endpoint's status,
/// or why there is none.
pub async fn post(
    client: &reqwest::Client,
    policy: UrlPolicy,
    url: &str,
    signers: &[Signer],
    delivery: &Delivery,
) -> Result<u16, AttemptError> {
    let checked = policy.check_form(url)?;
    let body = serde_json::to_vec(&delivery.event).map_err(|_| AttemptError::Other)?;
    let timestamp = Utc::now().timestamp();
    let response = client
        .post(checked.url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.delivery_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header(
            "webhook-signature",
            signature_header(signers, &delivery.delivery_id, timestamp, &body),
        )
        .body(body)
        .send()
        .await
        .map_err(classify)?;
    let status = response.status();
    drain(response).await;
    if status.is_redirection() {
        return Err(AttemptError::Redirect);
    }
    Ok(status.as_u16())
}

/// Reads at most [`MAX_ANSWER_BYTES`] of the answer, so the connection can be reused
/// for small answers and a huge one costs nothing.
async fn drain(mut response: reqwest::Response) {
    let mut read = 0;
    while read < MAX_ANSWER_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => read += chunk.len(),
            _ => break,
        }
    }
}

fn classify(error: reqwest::Error) -> AttemptError {
    if error.is_timeout() {
        return AttemptError::Timeout;
    }
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<UrlError>() {
            return AttemptError::Refused(refused.clone());
        }
        source = cause.source();
    }
    if error.is_connect() {
        AttemptError::Connect
    } else {
        AttemptError::Other
    }
}
