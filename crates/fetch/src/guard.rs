//! The address guard: which destinations a crawler may reach.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use url::{Host, Url};

/// The kind of an IP address, as far as the guard is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    /// Routable on the public internet.
    Public,
    /// 127.0.0.0/8 or ::1.
    Loopback,
    /// RFC 1918, carrier-grade NAT (100.64.0.0/10) or IPv6 unique-local (fc00::/7).
    Private,
    /// 169.254.0.0/16 or fe80::/10 (cloud metadata services live here).
    LinkLocal,
    /// Multicast or broadcast.
    Multicast,
    /// 0.0.0.0, ::, documentation and reserved ranges.
    Reserved,
}

impl AddressClass {
    fn name(self) -> &'static str {
        match self {
            AddressClass::Public => "public",
            AddressClass::Loopback => "loopback",
            AddressClass::Private => "private",
            AddressClass::LinkLocal => "link-local",
            AddressClass::Multicast => "multicast",
            AddressClass::Reserved => "reserved",
        }
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let o = ip.octets();
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_private() || (o[0] == 100 && (64..128).contains(&o[1])) {
        AddressClass::Private
    } else if ip.is_link_local() {
        AddressClass::LinkLocal
    } else if ip.is_multicast() || ip.is_broadcast() {
        AddressClass::Multicast
    } else if ip.is_unspecified()
        || ip.is_documentation()
        || o[0] == 0
        || o[0] >= 240
        || (o[0] == 192 && o[1] == 0 && o[2] == 0)
        || (o[0] == 198 && (o[1] == 18 || o[1] == 19))
    {
        AddressClass::Reserved
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    let first = ip.segments()[0];
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_unspecified() || first == 0x2001 && ip.segments()[1] == 0x0db8 {
        AddressClass::Reserved
    } else if first & 0xfe00 == 0xfc00 {
        AddressClass::Private
    } else if first & 0xffc0 == 0xfe80 {
        AddressClass::LinkLocal
    } else if ip.is_multicast() {
        AddressClass::Multicast
    } else {
        AddressClass::Public
    }
}

/// Classifies an address (IPv4-mapped IPv6 addresses as their IPv4 address).
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn check_ip(ip: IpAddr, allow_private: bool) -> Result<(), String> {
    match classify(ip) {
        AddressClass::Public => Ok(()),
        _ if allow_private => Ok(()),
        class => Err(format!(
            "{ip} is a {} address (allow with --allow-private-addresses)",
            class.name()
        )),
    }
}

/// Checks a URL whose host is an IP literal; names are checked when they resolve.
pub(crate) fn check_url(url: &Url, allow_private: bool) -> Result<(), String> {
    match url.host() {
        Some(Host::Ipv4(ip)) => check_ip(IpAddr::V4(ip), allow_private),
        Some(Host::Ipv6(ip)) => check_ip(IpAddr::V6(ip), allow_private),
        Some(Host::Domain(d)) if !allow_private && d.eq_ignore_ascii_case("localhost") => {
            Err("localhost is a loopback name (allow with --allow-private-addresses)".into())
        }
        Some(Host::Domain(_)) => Ok(()),
        None => Err("URL has no host".into()),
    }
}

/// A refusal by the guard, carried through reqwest's error chain.
#[derive(Debug)]
pub(crate) struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "address guard: {}", self.0)
    }
}

impl std::error::Error for Refusal {}

/// A resolver that drops addresses the guard refuses, and fails if none remain.
pub(crate) struct GuardedResolver {
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut refused = None;
            let allowed: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| match check_ip(a.ip(), allow_private) {
                    Ok(()) => true,
                    Err(reason) => {
                        refused.get_or_insert(reason);
                        false
                    }
                })
                .collect();
            if allowed.is_empty() {
                let reason = refused.unwrap_or_else(|| format!("{host} has no address"));
                return Err(Box::new(Refusal(format!("{host}: {reason}"))) as _);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let c = |s: &str| classify(s.parse().unwrap());
        assert_eq!(c("8.8.8.8"), AddressClass::Public);
        assert_eq!(c("2a00:1450::1"), AddressClass::Public);
        for lo in ["127.0.0.1", "127.0.1.22", "::1", "::ffff:127.0.0.1"] {
            assert_eq!(c(lo), AddressClass::Loopback, "{lo}");
        }
        for p in [
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "fd12::1",
        ] {
            assert_eq!(c(p), AddressClass::Private, "{p}");
        }
        assert_eq!(c("172.32.0.1"), AddressClass::Public);
        assert_eq!(c("169.254.169.254"), AddressClass::LinkLocal);
        assert_eq!(c("fe80::1"), AddressClass::LinkLocal);
        assert_eq!(c("224.0.0.1"), AddressClass::Multicast);
        assert_eq!(c("ff02::1"), AddressClass::Multicast);
        assert_eq!(c("0.0.0.0"), AddressClass::Reserved);
        assert_eq!(c("::"), AddressClass::Reserved);
    }

    #[test]
    fn literals_and_localhost_are_checked_before_any_connection() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(check_url(&u("http://127.0.0.1/"), false).is_err());
        assert!(check_url(&u("http://[::1]:8080/"), false).is_err());
        assert!(check_url(&u("http://LOCALHOST/"), false).is_err());
        assert!(check_url(&u("http://169.254.169.254/latest/meta-data"), false).is_err());
        assert!(check_url(&u("http://127.0.0.1/"), true).is_ok());
        assert!(check_url(&u("https://news.example/"), false).is_ok());
    }
}
