//! An HTTPS server on loopback whose certificate no public store holds (a self-signed
//! one for `localhost`, made by rcgen), answering every request with DynamoDB's
//! `ResourceNotFoundException`: for tests of which roots the SDK's HTTPS client trusts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

const NOT_FOUND: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#;

pub struct TlsServer {
    port: u16,
    certificate_pem: String,
    answered: Arc<AtomicUsize>,
}

impl TlsServer {
    pub async fn start() -> Self {
        let rcgen::CertifiedKey { cert, signing_key } =
            rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
                .expect("a self-signed certificate");
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(signing_key.serialize_der()));
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(cert.der().to_vec())], key)
        .expect("the server's certificate");
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let port = listener.local_addr().expect("its address").port();
        let answered = Arc::new(AtomicUsize::new(0));
        let counter = answered.clone();
        let app = Router::new().fallback(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async {
                (
                    StatusCode::BAD_REQUEST,
                    [(header::CONTENT_TYPE, "application/x-amz-json-1.0")],
                    NOT_FOUND,
                )
                    .into_response()
            }
        });
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (acceptor, app) = (acceptor.clone(), app.clone());
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake: nothing to serve.
                    if let Ok(tls) = acceptor.accept(stream).await {
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(tls), TowerToHyperService::new(app))
                            .await;
                    }
                });
            }
        });
        Self {
            port,
            certificate_pem: cert.pem(),
            answered,
        }
    }

    /// The endpoint, by a name its certificate holds.
    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    /// Its certificate, the one root that makes a client trust it.
    pub fn certificate_pem(&self) -> &str {
        &self.certificate_pem
    }

    /// How many requests it has answered (a refused handshake answers none).
    pub fn answered(&self) -> usize {
        self.answered.load(Ordering::SeqCst)
    }
}
