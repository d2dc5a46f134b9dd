//! Where webhooks may point: a defence against server-side request forgery.
//!
//! A URL is accepted when it is `https`, on the default port 443, without credentials
//! or fragment, names its host by a DNS name (never an IP literal, nor the decimal,
//! octal or hexadecimal spellings of one), and every address that name resolves to is
//! public: not loopback, private, link-local (169.254.169.254, the instance metadata
//! service, included), CGNAT, benchmarking, documentation, reserved, ULA, multicast,
//! unspecified, broadcast, nor an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 form of
//! one. Other ports are refused because internal services listen on them and a
//! partner's public receiver has no need of them.
//!
//! In development mode (the local server only) `http://127.0.0.1`, `http://localhost`
//! and `http://[::1]` on any port are accepted too, so a receiver on the developer's
//! machine can be tried.
//!
//! The check runs at registration and again at each delivery, on the addresses the
//! connection will use (see the webhook worker's resolver), so a name re-pointed at an
//! internal address after registration is refused too.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use url::{Host, Url};

/// Longest accepted URL.
pub const MAX_URL_LENGTH: usize = 2048;
/// How long a registration waits for the host name to resolve: a healthy name answers
/// in milliseconds, and the request must answer well within API Gateway's 30 s.
pub const RESOLVE_TIMEOUT: Duration = Duration::from_secs(5);
const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlPolicy {
    /// Development mode: loopback receivers over plain HTTP.
    pub allow_loopback: bool,
}

impl UrlPolicy {
    pub const STRICT: Self = Self {
        allow_loopback: false,
    };
    pub const DEVELOPMENT: Self = Self {
        allow_loopback: true,
    };
}

/// Why a webhook URL is refused; the message is [`crate::messages::url`]'s (English for
/// `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    Malformed,
    TooLong,
    Scheme,
    Credentials,
    Fragment,
    IpLiteral,
    Port,
    Unresolvable,
    ResolutionTimedOut,
    NonPublicAddress,
}

impl UrlError {
    /// Every reason, for the tests of the catalogue.
    pub const ALL: [UrlError; 10] = [
        Self::Malformed,
        Self::TooLong,
        Self::Scheme,
        Self::Credentials,
        Self::Fragment,
        Self::IpLiteral,
        Self::Port,
        Self::Unresolvable,
        Self::ResolutionTimedOut,
        Self::NonPublicAddress,
    ];
}

impl std::fmt::Display for UrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::messages::url(self).en)
    }
}

impl std::error::Error for UrlError {}

/// A URL whose form passed the policy: where to connect and what to check there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedUrl {
    pub url: Url,
    pub host: String,
    pub port: u16,
    /// A development-mode loopback receiver: its addresses must be loopback ones.
    pub loopback: bool,
}

impl UrlPolicy {
    /// Checks the URL's form, without resolving it.
    pub fn check_form(&self, text: &str) -> Result<CheckedUrl, UrlError> {
        if text.len() > MAX_URL_LENGTH {
            return Err(UrlError::TooLong);
        }
        let url = Url::parse(text).map_err(|_| UrlError::Malformed)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(UrlError::Credentials);
        }
        if url.fragment().is_some() {
            return Err(UrlError::Fragment);
        }
        let host_text = url.host_str().ok_or(UrlError::Malformed)?.to_owned();
        let loopback = self.allow_loopback
            && LOOPBACK_NAMES.contains(&host_text.as_str())
            && written_host(text).is_some_and(|written| written.eq_ignore_ascii_case(&host_text));
        match (url.scheme(), loopback) {
            ("https", _) | ("http", true) => {}
            _ => return Err(UrlError::Scheme),
        }
        let host = match url.host() {
            Some(Host::Domain(domain)) => domain.to_owned(),
            Some(Host::Ipv4(_) | Host::Ipv6(_)) if loopback => {
                host_text.trim_matches(['[', ']']).to_owned()
            }
            Some(Host::Ipv4(_) | Host::Ipv6(_)) => return Err(UrlError::IpLiteral),
            None => return Err(UrlError::Malformed),
        };
        if looks_numeric(&host) && !loopback {
            return Err(UrlError::IpLiteral);
        }
        let port = url.port_or_known_default().ok_or(UrlError::Port)?;
        if !loopback && port != 443 {
            return Err(UrlError::Port);
        }
        Ok(CheckedUrl {
            url,
            host,
            port,
            loopback,
        })
    }

    /// Checks the form, resolves the host (the system's resolver, given
    /// [`RESOLVE_TIMEOUT`]) and checks every address it resolves to.
    pub async fn check(&self, text: &str) -> Result<(CheckedUrl, Vec<SocketAddr>), UrlError> {
        self.check_resolving(text, RESOLVE_TIMEOUT, |host, port| async move {
            tokio::net::lookup_host((host.as_str(), port))
                .await
                .map(Iterator::collect)
        })
        .await
    }

    /// [`Self::check`] with the resolver `resolve`, which has `timeout` to answer:
    /// `ResolutionTimedOut` after it.
    pub async fn check_resolving<F, Fut>(
        &self,
        text: &str,
        timeout: Duration,
        resolve: F,
    ) -> Result<(CheckedUrl, Vec<SocketAddr>), UrlError>
    where
        F: FnOnce(String, u16) -> Fut,
        Fut: Future<Output = std::io::Result<Vec<SocketAddr>>>,
    {
        let checked = self.check_form(text)?;
        let addresses = tokio::time::timeout(timeout, resolve(checked.host.clone(), checked.port))
            .await
            .map_err(|_| UrlError::ResolutionTimedOut)?
            .map_err(|_| UrlError::Unresolvable)?;
        check_addresses(&addresses, checked.loopback)?;
        Ok((checked, addresses))
    }
}

/// Every address must be public (or, for a development loopback receiver, loopback).
pub fn check_addresses(addresses: &[SocketAddr], loopback: bool) -> Result<(), UrlError> {
    if addresses.is_empty() {
        return Err(UrlError::Unresolvable);
    }
    let allowed = |ip: IpAddr| {
        if loopback {
            ip.is_loopback()
        } else {
            is_public(ip)
        }
    };
    if addresses.iter().all(|address| allowed(address.ip())) {
        Ok(())
    } else {
        Err(UrlError::NonPublicAddress)
    }
}

/// The host as the partner wrote it (the URL parser normalises `2130706433` into
/// `127.0.0.1`, which must not sneak through as the literal loopback name).
fn written_host(text: &str) -> Option<&str> {
    let rest = text.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host_port.starts_with('[') {
        return host_port.split_inclusive(']').next();
    }
    Some(host_port.split(':').next().unwrap_or(host_port))
}

/// A DNS name made only of digits, dots and hex markers is an IP in disguise.
fn looks_numeric(host: &str) -> bool {
    let last = host
        .trim_end_matches('.')
        .rsplit('.')
        .next()
        .unwrap_or(host);
    last.bytes().all(|b| b.is_ascii_digit()) || last.to_ascii_lowercase().starts_with("0x")
}

pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => is_public_v6(ip),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // CGNAT, RFC 6598
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking, RFC 2544
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast, RFC 7526
        || a >= 240) // reserved
}

/// Not public: what the IANA IPv6 Special-Purpose Address Registry marks as not
/// globally reachable, and every form that embeds or translates an IPv4 address (so an
/// internal IPv4 cannot be reached through it).
fn is_public_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    let embeds_ipv4 = ip.to_ipv4_mapped().is_some()
        || segments[..6] == [0, 0, 0, 0, 0xffff, 0] // IPv4-translated, ::ffff:0:0:0/96
        || (segments[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified()) // IPv4-compatible
        || segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] // NAT64, 64:ff9b::/96
        || segments[..3] == [0x64, 0xff9b, 1] // local-use NAT64, 64:ff9b:1::/48
        || segments[0] == 0x2002 // 6to4
        || segments[..2] == [0x2001, 0]; // Teredo, 2001::/32
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || embeds_ipv4
        || segments[..4] == [0x100, 0, 0, 0] // discard-only, 100::/64
        || (segments[0] == 0x2001 && segments[1] < 0x200) // IETF protocol assignments, 2001::/23
        || (segments[0] & 0xfe00) == 0xfc00 // unique local, fc00::/7
        || (segments[0] & 0xffc0) == 0xfe80 // link-local, fe80::/10
        || (segments[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation
        || (segments[0] & 0xfff0) == 0x3ff0 // documentation, 3fff::/20 (RFC 9637)
        || segments[0] == 0x5f00) // SRv6 SIDs, 5f00::/16 (RFC 9602)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_forms() {
        let cases = [
            ("http://example.com/hook", UrlError::Scheme, "plain http"),
            ("ftp://example.com/hook", UrlError::Scheme, "ftp"),
            (
                "https://user:pass@example.com/hook",
                UrlError::Credentials,
                "credentials",
            ),
            ("https://example.com/hook#x", UrlError::Fragment, "fragment"),
            (
                "https://93.184.216.34/hook",
                UrlError::IpLiteral,
                "public IPv4 literal",
            ),
            (
                "https://127.0.0.1/hook",
                UrlError::IpLiteral,
                "loopback literal",
            ),
            (
                "https://169.254.169.254/latest/meta-data/",
                UrlError::IpLiteral,
                "metadata service",
            ),
            (
                "https://[::1]/hook",
                UrlError::IpLiteral,
                "IPv6 loopback literal",
            ),
            (
                "https://[::ffff:127.0.0.1]/hook",
                UrlError::IpLiteral,
                "IPv4-mapped literal",
            ),
            (
                "https://2130706433/hook",
                UrlError::IpLiteral,
                "decimal IPv4",
            ),
            ("https://0177.0.0.1/hook", UrlError::IpLiteral, "octal IPv4"),
            (
                "https://0x7f000001/hook",
                UrlError::IpLiteral,
                "hexadecimal IPv4",
            ),
            (
                "https://example.com:8443/hook",
                UrlError::Port,
                "non-default port",
            ),
            ("https://example.com:22/hook", UrlError::Port, "ssh port"),
            ("not a url", UrlError::Malformed, "not a URL"),
            ("/relative/path", UrlError::Malformed, "relative"),
        ];
        for (url, expected, why) in cases {
            assert_eq!(UrlPolicy::STRICT.check_form(url), Err(expected), "{why}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_LENGTH));
        assert_eq!(UrlPolicy::STRICT.check_form(&long), Err(UrlError::TooLong));
    }

    #[test]
    fn accepted_forms() {
        let checked = UrlPolicy::STRICT
            .check_form("https://hooks.banque.example/partnerb2b?x=1")
            .unwrap();
        assert_eq!(
            (checked.host.as_str(), checked.port, checked.loopback),
            ("hooks.banque.example", 443, false)
        );
        assert!(
            UrlPolicy::STRICT
                .check_form("https://example.com:443/hook")
                .is_ok()
        );
    }

    #[test]
    fn development_mode_accepts_loopback_receivers_only_as_written() {
        for url in [
            "http://127.0.0.1:8080/hook",
            "http://localhost:3001/",
            "http://[::1]:9000/x",
        ] {
            let checked = UrlPolicy::DEVELOPMENT
                .check_form(url)
                .unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(checked.loopback, "{url}");
            assert!(
                UrlPolicy::STRICT.check_form(url).is_err(),
                "{url} in strict mode"
            );
        }
        for url in [
            "http://2130706433:8080/",
            "http://10.0.0.1/",
            "http://example.com/",
        ] {
            assert!(UrlPolicy::DEVELOPMENT.check_form(url).is_err(), "{url}");
        }
    }

    #[test]
    fn non_public_addresses() {
        let refused = [
            "0.0.0.0",
            "0.1.2.3",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.1",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.51.100.1",
            "203.0.113.1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:a00:1::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "192.88.99.1",
            "64:ff9b:1::a00:1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "100::1",
            "::ffff:0:7f00:1",
            "2001:2::1",
            "2001:10::1",
            "3fff::1",
            "5f00::1",
        ];
        for ip in refused {
            assert!(!is_public(ip.parse().unwrap()), "{ip} must be refused");
        }
        for ip in [
            "8.8.8.8",
            "93.184.216.34",
            "100.128.0.1",
            "172.32.0.1",
            "2a00:1450:4007:80e::200e",
            "2606:4700::1111",
            "2001:4860:4860::8888",
            "192.88.98.1",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip} is public");
        }
    }

    #[test]
    fn every_resolved_address_must_pass() {
        let public: SocketAddr = "93.184.216.34:443".parse().unwrap();
        let private: SocketAddr = "10.0.0.1:443".parse().unwrap();
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(check_addresses(&[public], false), Ok(()));
        assert_eq!(
            check_addresses(&[public, private], false),
            Err(UrlError::NonPublicAddress)
        );
        assert_eq!(check_addresses(&[], false), Err(UrlError::Unresolvable));
        assert_eq!(check_addresses(&[loopback], true), Ok(()));
        assert_eq!(
            check_addresses(&[public], true),
            Err(UrlError::NonPublicAddress),
            "a loopback name re-pointed outside"
        );
    }

    #[tokio::test]
    async fn names_resolving_to_loopback_are_refused() {
        let refused = UrlPolicy::STRICT.check("https://localhost/hook").await;
        assert!(
            matches!(
                refused,
                Err(UrlError::NonPublicAddress | UrlError::Unresolvable)
            ),
            "{refused:?}"
        );
        let accepted = UrlPolicy::DEVELOPMENT
            .check("http://localhost:9/hook")
            .await;
        assert!(accepted.is_ok(), "{accepted:?}");
    }

    #[tokio::test]
    async fn a_resolver_that_never_answers_is_given_up_on_with_a_clear_error() {
        let started = std::time::Instant::now();

        let refused = UrlPolicy::STRICT
            .check_resolving(
                "https://hooks.example.com/hook",
                Duration::from_millis(20),
                |_, _| std::future::pending(),
            )
            .await;

        assert_eq!(refused, Err(UrlError::ResolutionTimedOut));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            UrlError::ResolutionTimedOut.to_string(),
            "the host name did not resolve within 5 seconds; check its DNS servers"
        );
    }

    #[tokio::test]
    async fn a_resolver_that_answers_in_time_is_checked_as_usual() {
        let public: SocketAddr = "93.184.216.34:443".parse().unwrap();
        let private: SocketAddr = "10.0.0.1:443".parse().unwrap();
        let answer = |addresses: Vec<SocketAddr>| {
            move |host: String, port: u16| async move {
                assert_eq!((host.as_str(), port), ("hooks.example.com", 443));
                Ok(addresses)
            }
        };
        let url = "https://hooks.example.com/hook";

        let accepted = UrlPolicy::STRICT
            .check_resolving(url, RESOLVE_TIMEOUT, answer(vec![public]))
            .await;
        let refused = UrlPolicy::STRICT
            .check_resolving(url, RESOLVE_TIMEOUT, answer(vec![public, private]))
            .await;
        let unresolvable = UrlPolicy::STRICT
            .check_resolving(url, RESOLVE_TIMEOUT, |_, _| async {
                Err(std::io::Error::other("NXDOMAIN"))
            })
            .await;

        assert_eq!(accepted.map(|(_, addresses)| addresses), Ok(vec![public]));
        assert_eq!(refused, Err(UrlError::NonPublicAddress));
        assert_eq!(unresolvable, Err(UrlError::Unresolvable));
    }
}
