//! Which `Host` names the dev server answers. A page on any web site can point a name of its
//! own at 127.0.0.1 (DNS rebinding) and then read the dev server as if it were that site; the
//! browser still sends that foreign name as the `Host`, so refusing every name that is not the
//! server's own closes the hole.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The names the server answers to: its loopback names, the address it listens on and the
/// names it was given with `--allow-host`.
#[derive(Clone, Debug)]
pub struct Allowed {
    /// Names as [`name_of`] gives them; every `*.localhost` is allowed besides these.
    names: Vec<String>,
}

impl Allowed {
    /// The server's own names when it listens on `bind`, and `extra` names; an error for an
    /// extra name that is not a host name.
    pub fn new(bind: IpAddr, extra: &[String]) -> Result<Allowed, String> {
        let mut names: Vec<String> = vec![
            "localhost".to_string(),
            Ipv4Addr::LOCALHOST.to_string(),
            Ipv6Addr::LOCALHOST.to_string(),
            bind.to_string(),
        ];
        for name in extra {
            names.push(allow_host(name)?);
        }
        names.sort();
        names.dedup();
        Ok(Allowed { names })
    }

    /// Whether a request whose `Host` header is `host_header` is answered. The port is not
    /// compared: the server may have moved to the next free one.
    pub fn allows(&self, host_header: &str) -> bool {
        let Some(name) = name_of(host_header) else {
            return false;
        };
        // Browsers resolve every `*.localhost` to loopback themselves (RFC 6761).
        name.ends_with(".localhost") || self.names.contains(&name)
    }
}

/// The canonical name of a `Host` header (`Name.Example.:1111`, `[::1]:1111`): without its
/// port, in lower case, without a trailing dot, and an IP address as Rust writes it; `None`
/// for a header that is not a host name with an optional port.
pub fn name_of(host_header: &str) -> Option<String> {
    let header = host_header.trim();
    let bracketed = header.strip_prefix('[');
    let (host, port) = match bracketed {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            let port = if after.is_empty() {
                ""
            } else {
                after.strip_prefix(':')?
            };
            (inside, port)
        }
        None => header.split_once(':').unwrap_or((header, "")),
    };
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match bracketed {
        Some(_) => host.parse::<Ipv6Addr>().ok().map(|a| a.to_string()),
        None => canonical(host),
    }
}

/// A name as given to `--allow-host` (`preview.example`, `192.168.1.20`, `[fe80::1]`, `::1`), in
/// the form [`name_of`] gives (a port is dropped), or why it is not a host name.
pub fn allow_host(text: &str) -> Result<String, String> {
    let bare = text.trim();
    if let Ok(address) = bare.parse::<Ipv6Addr>() {
        return Ok(address.to_string());
    }
    name_of(bare).ok_or_else(|| {
        format!("`{text}` is not a host name (like `preview.example`) or an IP address")
    })
}

/// A host name (labels of letters, digits, `-` and `_`) or IPv4 address in lower case without
/// its trailing dot, if it is one.
fn canonical(host: &str) -> Option<String> {
    let name = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    if let Ok(address) = name.parse::<Ipv4Addr>() {
        return Some(address.to_string());
    }
    let labels_are_fine = name.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    (labels_are_fine && name.len() <= 253).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> Allowed {
        Allowed::new(IpAddr::V4(Ipv4Addr::LOCALHOST), &[]).unwrap()
    }

    #[test]
    fn loopback_names_with_and_without_ports() {
        let allowed = loopback();
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
            "app.localhost",
            "app.localhost:1111",
            "a.b.localhost:1111",
            "localhost:",
            " localhost:1111 ",
        ] {
            assert!(allowed.allows(host), "{host}");
        }
    }

    #[test]
    fn names_compare_without_case_and_trailing_dot() {
        let allowed = loopback();
        for host in [
            "LOCALHOST",
            "LocalHost:1111",
            "localhost.",
            "localhost.:1111",
            "App.LocalHost.:1111",
        ] {
            assert!(allowed.allows(host), "{host}");
        }
        assert!(!allowed.allows("localhost.."));
    }

    #[test]
    fn foreign_names_are_refused() {
        let allowed = loopback();
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "localhost.evil.example:1111",
            "evil.localhost.example",
            "127.0.0.1.nip.io",
            "127.0.0.1.nip.io:1111",
            "localhostx",
            "xlocalhost",
            ".localhost",
            "..localhost",
            "127.0.0.2",
            "127.1",
            "0x7f.0.0.1",
            "[::2]",
            "[::ffff:127.0.0.1]",
            "0.0.0.0",
        ] {
            assert!(!allowed.allows(host), "{host}");
        }
    }

    #[test]
    fn malformed_headers_are_refused() {
        let allowed = loopback();
        for host in [
            "",
            " ",
            ":1111",
            "localhost:port",
            "localhost:1111:2222",
            "::1",
            "::1:1111",
            "[::1",
            "[::1]1111",
            "[::1]:x",
            "[localhost]",
            "local host",
            "localhost/evil",
            "localhost@evil.example",
            "evil.example#.localhost",
            "app.localhost\u{1b}[31m",
        ] {
            assert!(!allowed.allows(host), "{host:?}");
        }
    }

    #[test]
    fn the_bind_address_and_extra_names_are_allowed() {
        let allowed = Allowed::new(
            "192.168.1.20".parse().unwrap(),
            &[
                "Preview.Example.".to_string(),
                "[fe80::1]".to_string(),
                "10.0.0.5".to_string(),
            ],
        )
        .unwrap();
        for host in [
            "192.168.1.20:1111",
            "preview.example",
            "PREVIEW.EXAMPLE.:1111",
            "[fe80::1]:1111",
            "10.0.0.5",
            "localhost",
        ] {
            assert!(allowed.allows(host), "{host}");
        }
        for host in [
            "sub.preview.example",
            "preview.example.evil",
            "192.168.1.21",
        ] {
            assert!(!allowed.allows(host), "{host}");
        }
        let unspecified = Allowed::new("::".parse().unwrap(), &[]).unwrap();
        assert!(unspecified.allows("[::]:1111"));
        assert!(!unspecified.allows("evil.example"));
    }

    #[test]
    fn allow_host_takes_names_and_addresses() {
        assert_eq!(
            allow_host("Preview.Example.").as_deref(),
            Ok("preview.example")
        );
        assert_eq!(allow_host("::1").as_deref(), Ok("::1"));
        assert_eq!(allow_host("[::1]").as_deref(), Ok("::1"));
        assert_eq!(
            allow_host("preview.example:1111").as_deref(),
            Ok("preview.example")
        );
        for bad in ["", "evil example", "http://preview.example", "a..b"] {
            assert!(allow_host(bad).is_err(), "{bad}");
        }
        assert!(Allowed::new(IpAddr::V4(Ipv4Addr::LOCALHOST), &["a b".to_string()]).is_err());
    }
}
