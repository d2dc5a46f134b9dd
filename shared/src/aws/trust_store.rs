//! Which root certificates the SDK's HTTPS client trusts: the setting
//! [`TRUST_STORE_SETTING`].
//!
//! By default the SDK loads the operating system's store (on Lambda, the image's bundle
//! of about 150 roots) and decodes all of it at the first client a process builds: about
//! 1 ms of every cold start, the largest part of what a function's init spends beyond
//! the floor (PERFORMANCE.md "A trust store of the Amazon roots"). The functions talk
//! over HTTPS to AWS endpoints only (the webhook worker's deliveries go through a client
//! of their own), and every AWS endpoint's certificate chains to one of the five roots
//! Amazon Trust Services asks a custom trust store to hold, so `template.yaml` has them
//! trust those five alone. The operator's tools and local runs keep the system store.

use aws_smithy_http_client::tls::{self, TlsContext, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::shared::IntoShared;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::config::Settings;

/// The setting that chooses the trust store: `system` (the default) or
/// `amazon-trust-services`.
pub const TRUST_STORE_SETTING: &str = "SDK_TRUST_STORE";

/// Amazon Root CA 1 to 4 and Starfield Services Root Certificate Authority - G2, as
/// <https://www.amazontrust.com/repository/> lists them.
const AMAZON_TRUST_SERVICES_ROOTS: &[u8] = include_bytes!("amazon-trust-services.pem");

/// The roots the SDK's HTTPS client trusts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum TrustStore {
    /// The operating system's store, as the SDK loads it by default.
    #[default]
    System,
    /// [`AMAZON_TRUST_SERVICES_ROOTS`] only.
    AmazonTrustServices,
}

#[derive(Debug, thiserror::Error)]
pub enum TrustStoreError {
    #[error("{TRUST_STORE_SETTING} must be `system` or `amazon-trust-services`, not `{0}`")]
    Unknown(String),
    #[error("the trusted roots are not PEM certificates: {0}")]
    Pem(#[from] rustls_pki_types::pem::Error),
    #[error("the trusted roots hold no certificate")]
    NoCertificate,
    #[error("the SDK refused the trust store: {0}")]
    Sdk(#[from] aws_smithy_http_client::HttpClientError),
}

impl TrustStore {
    /// The store [`TRUST_STORE_SETTING`] names.
    pub(super) fn from_settings(settings: &Settings<'_>) -> Result<Self, TrustStoreError> {
        match settings
            .optional(TRUST_STORE_SETTING)
            .as_deref()
            .map(str::trim)
        {
            None | Some("system") => Ok(Self::System),
            Some("amazon-trust-services") => Ok(Self::AmazonTrustServices),
            Some(other) => Err(TrustStoreError::Unknown(other.to_owned())),
        }
    }

    /// The HTTPS client the SDK configuration should carry, or `None` for the SDK's own
    /// default client.
    pub(super) fn https_client(self) -> Result<Option<SharedHttpClient>, TrustStoreError> {
        match self {
            Self::System => Ok(None),
            // Checked by a test rather than at every cold start (a third decoding of
            // the roots, 0.3 M instructions).
            Self::AmazonTrustServices => https_client_with(AMAZON_TRUST_SERVICES_ROOTS).map(Some),
        }
    }
}

/// An HTTPS client for the SDK, as its default one is (rustls with aws-lc, hyper 1),
/// that trusts the PEM certificates `roots` and nothing else. Every service client of a
/// configuration carrying it shares it, and so its connections and its parsed roots.
/// Unlike the default client it reads no proxy from the environment (a Lambda has
/// none).
pub fn https_client_trusting(roots: &[u8]) -> Result<SharedHttpClient, TrustStoreError> {
    // The SDK would panic on a certificate it cannot parse: check them first.
    let certificates = CertificateDer::pem_slice_iter(roots).collect::<Result<Vec<_>, _>>()?;
    if certificates.is_empty() {
        return Err(TrustStoreError::NoCertificate);
    }
    https_client_with(roots)
}

/// [`https_client_trusting`] for roots known to be PEM certificates the SDK can parse:
/// it decodes them at each connector it builds (the first request's, then one per other
/// timeout setting), and panics on one it cannot.
fn https_client_with(roots: &[u8]) -> Result<SharedHttpClient, TrustStoreError> {
    let trust_store = tls::TrustStore::empty()
        .with_native_roots(false)
        .with_pem_certificate(roots.to_vec());
    let context = TlsContext::builder()
        .with_trust_store(trust_store)
        .build()?;
    let client = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
        .tls_context(context)
        .build_https();
    Ok(WithoutWarmUp(client).into_shared())
}

/// The SDK's client without its warm-up: at every service client built, the SDK's HTTPS
/// client builds a connector and throws it away, so that the system's roots (loaded once
/// per process) are loaded at init rather than at the first request. Roots given as PEM
/// are not kept between connectors, so with them the warm-up is a decoding of the roots
/// per service client, for nothing. Without it the first request builds the connector,
/// which the client keeps and every service client of the configuration shares (one
/// decoding per process).
#[derive(Debug)]
struct WithoutWarmUp(SharedHttpClient);

impl HttpClient for WithoutWarmUp {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.0.http_connector(settings, components)
    }

    fn connector_metadata(&self) -> Option<ConnectorMetadata> {
        self.0.connector_metadata()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;

    fn store(value: Option<&str>) -> Result<TrustStore, TrustStoreError> {
        let vars: HashMap<&str, &str> = value
            .map(|v| (TRUST_STORE_SETTING, v))
            .into_iter()
            .collect();
        TrustStore::from_settings(&Settings::from_lookup(move |name| {
            vars.get(name).map(|v| (*v).to_owned())
        }))
    }

    #[test]
    fn the_setting_names_the_store_and_defaults_to_the_system_one() {
        assert_eq!(store(None).unwrap(), TrustStore::System);
        assert_eq!(store(Some(" ")).unwrap(), TrustStore::System);
        assert_eq!(store(Some("system")).unwrap(), TrustStore::System);
        assert_eq!(
            store(Some("amazon-trust-services")).unwrap(),
            TrustStore::AmazonTrustServices
        );
        let error = store(Some("amazon")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "SDK_TRUST_STORE must be `system` or `amazon-trust-services`, not `amazon`"
        );
    }

    /// SHA-256 of each root's SubjectPublicKeyInfo, as the repository page publishes
    /// them, in the file's order.
    const PUBLISHED: [&str; 5] = [
        "fbe3018031f9586bcbf41727e417b7d1c45c2f47f93be372a17b96b50757d5a2",
        "7f4296fc5b6a4e3b35d3c369623e364ab1af381d8fa7121533c9d6c633ea2461",
        "36abc32656acfc645c61b71613c4bf21c787f5cabbee48348d58597803d7abc9",
        "f7ecded5c66047d28ed6466b543c40e0743abe81d109254dcf845d4c2c7853c5",
        "2b071c59a0a0ae76b0eadb2bad23bad4580b69c3601b630c2eaf0613afa83f92",
    ];

    #[test]
    fn amazon_roots_are_the_published_five() {
        let hashes: Vec<String> = CertificateDer::pem_slice_iter(AMAZON_TRUST_SERVICES_ROOTS)
            .map(|certificate| {
                let certificate = certificate.expect("a PEM certificate");
                let anchor = webpki::anchor_from_trusted_cert(&certificate).expect("a root");
                hex::encode(Sha256::digest(spki_der(&anchor.subject_public_key_info)))
            })
            .collect();
        assert_eq!(hashes, PUBLISHED);
    }

    /// The SubjectPublicKeyInfo SEQUENCE around the contents a trust anchor keeps.
    fn spki_der(contents: &[u8]) -> Vec<u8> {
        let length = contents.len();
        let mut der = vec![0x30];
        match length {
            0..=0x7f => der.push(length as u8),
            0x80..=0xff => der.extend([0x81, length as u8]),
            _ => der.extend([0x82, (length >> 8) as u8, length as u8]),
        }
        der.extend_from_slice(contents);
        der
    }

    /// The SDK panics on a root it cannot parse, which shows when it reads the roots:
    /// with the warm-up skipped, building a service client reads none.
    #[cfg(feature = "dynamodb")]
    #[test]
    fn building_a_service_client_reads_no_root() {
        let unparsable = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        let sdk = aws_config::SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("eu-west-3"))
            .http_client(https_client_with(unparsable).unwrap())
            .build();
        let _client = aws_sdk_dynamodb::Client::new(&sdk);
    }

    #[test]
    fn roots_that_are_not_certificates_are_refused_before_the_sdk_sees_them() {
        assert!(matches!(
            https_client_trusting(b"no certificate here"),
            Err(TrustStoreError::NoCertificate)
        ));
        let broken = b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            https_client_trusting(broken),
            Err(TrustStoreError::Pem(_))
        ));
        assert!(https_client_trusting(AMAZON_TRUST_SERVICES_ROOTS).is_ok());
    }
}
