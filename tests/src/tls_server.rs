//! An HTTPS server on loopback whose certificate no public store holds (a self-signed
//! one for `localhost`, made by rcgen), answering every request with DynamoDB's
//! `ResourceNotFoundException`: for tests of which roots the SDK's HTTPS client trusts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
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
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let counter = counter.clone();
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake: nothing to answer.
                    if let Ok(mut tls) = acceptor.accept(stream).await {
                        while read_request(&mut tls).await {
                            counter.fetch_add(1, Ordering::SeqCst);
                            let response = format!(
                                "HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.0\r\nx-amzn-requestid: tls-server\r\ncontent-length: {}\r\n\r\n{NOT_FOUND}",
                                NOT_FOUND.len()
                            );
                            if tls.write_all(response.as_bytes()).await.is_err() {
                                break;
                            }
                        }
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

/// Reads one HTTP/1.1 request, head and `content-length` body; false once the client
/// is gone.
async fn read_request(stream: &mut (impl AsyncReadExt + Unpin)) -> bool {
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse().ok())
                .unwrap_or(0);
            if received.len() >= end + 4 + length {
                return true;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(read) => received.extend_from_slice(&chunk[..read]),
        }
    }
}
