//! The dev server's HTTP: GET and HEAD of the site in memory, and one event stream that tells
//! open pages to reload. Loopback by default; a thread per connection, each answered and
//! closed, which is all a writer's browser needs.
//!
//! Paths are looked up in the site's map of files, never on disk, so `..`, `%2e%2e` and `//`
//! cannot reach anything outside the site; they are refused all the same.
//!
//! Every request is checked for its `Host` before anything else (see [`super::hosts`]): a
//! request for a foreign name gets 403, and one without a `Host` header, which HTTP/1.1
//! requires, gets 400. No response carries CORS headers, so other origins cannot read any.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::Duration;

use super::hosts::{self, Allowed};
use super::session::Site;

/// The address of the event stream the injected script listens to.
pub const EVENTS: &str = "/__clapboard/events";

/// What the server shows: the last good site, and the problems of the last rebuild, if it
/// failed.
pub struct Shared {
    pub site: RwLock<Arc<Site>>,
    /// The overlay shown over every page while the last rebuild failed.
    pub overlay: RwLock<Option<String>>,
    listeners: Mutex<Vec<Sender<String>>>,
}

impl Shared {
    pub fn new(site: Site) -> Shared {
        Shared {
            site: RwLock::new(Arc::new(site)),
            overlay: RwLock::new(None),
            listeners: Mutex::new(Vec::new()),
        }
    }

    /// Tells every open page to reload; forgets pages that have gone.
    pub fn reload(&self, generation: u64) {
        let message = format!("event: reload\ndata: {generation}\n\n");
        let mut listeners = self.listeners.lock().expect("an unpoisoned list");
        listeners.retain(|listener| listener.send(message.clone()).is_ok());
    }

    fn listen(&self) -> Receiver<String> {
        let (sender, receiver) = channel();
        self.listeners
            .lock()
            .expect("an unpoisoned list")
            .push(sender);
        receiver
    }
}

/// Answers requests on `listener` for the names in `allowed` until the process ends.
pub fn run(listener: TcpListener, shared: Arc<Shared>, allowed: Arc<Allowed>) {
    for stream in listener.incoming().flatten() {
        let shared = shared.clone();
        let allowed = allowed.clone();
        thread::spawn(move || {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            handle(stream, &shared, &allowed);
        });
    }
}

struct Request {
    method: String,
    path: String,
    /// Every `Host` header of the request: exactly one is valid.
    hosts: Vec<String>,
    if_none_match: Option<String>,
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut hosts = Vec::new();
    let mut if_none_match = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("host") {
                hosts.push(value.trim().to_string());
            } else if name.eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_string());
            }
        }
    }
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    Some(Request {
        method,
        path,
        hosts,
        if_none_match,
    })
}

fn handle(mut stream: TcpStream, shared: &Shared, allowed: &Allowed) {
    let Some(request) = read_request(&stream) else {
        return;
    };
    if !host_is_allowed(&mut stream, &request, allowed) {
        return;
    }
    if request.method != "GET" && request.method != "HEAD" {
        let _ = respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            &[],
            b"only GET and HEAD\n",
            false,
        );
        return;
    }
    if request.path == EVENTS {
        stream_events(stream, shared);
        return;
    }
    let head = request.method == "HEAD";
    let site = shared.site.read().expect("an unpoisoned site").clone();
    let Some(path) = site_path(&request.path) else {
        not_found(&mut stream, &site, shared, head);
        return;
    };
    let found = site.files.get(&path).cloned();
    let Some(bytes) = found else {
        // `/shots` is the folder `/shots/`.
        if !path.is_empty() && site.files.contains_key(&format!("{path}/index.html")) {
            let location = format!("{}/", request.path.trim_end_matches('/'));
            let _ = respond(
                &mut stream,
                "301 Moved Permanently",
                "text/plain; charset=utf-8",
                &[("Location", &location)],
                b"",
                head,
            );
            return;
        }
        let index = if path.is_empty() {
            "index.html".to_string()
        } else {
            format!("{path}index.html")
        };
        match site.files.get(&index).cloned() {
            Some(bytes) if path.is_empty() || path.ends_with('/') => {
                serve(&mut stream, &index, &bytes, &request, shared, head)
            }
            _ => not_found(&mut stream, &site, shared, head),
        }
        return;
    };
    serve(&mut stream, &path, &bytes, &request, shared, head);
}

/// Whether `request` is for one of the server's own names; when it is not, refuses it with 400
/// (no single, non-empty `Host` header) or 403, and says so on the terminal.
fn host_is_allowed(stream: &mut TcpStream, request: &Request, allowed: &Allowed) -> bool {
    let head = request.method == "HEAD";
    let host = match request.hosts.as_slice() {
        [host] if !host.is_empty() => host,
        hosts => {
            let body: &[u8] = if hosts.len() < 2 {
                b"a request needs a Host header (HTTP/1.1)\n"
            } else {
                b"a request may have only one Host header\n"
            };
            let _ = respond(
                stream,
                "400 Bad Request",
                "text/plain; charset=utf-8",
                &[],
                body,
                head,
            );
            return false;
        }
    };
    if allowed.allows(host) {
        return true;
    }
    let shown = printable(host);
    let (body, line) = match hosts::name_of(host) {
        Some(name) => (
            format!(
                "This clapboard dev server does not answer to {shown}: it is not one of its names.\nTo allow it, start it with --allow-host {name}\n"
            ),
            format!(
                "refused a request for {shown} (not a name of this server; add --allow-host {name} to allow it)"
            ),
        ),
        None => (
            format!(
                "This clapboard dev server does not answer to {shown}: it is not a host name.\nOther names can be allowed with --allow-host <name>\n"
            ),
            format!("refused a request for {shown} (not a host name)"),
        ),
    };
    eprintln!("{line}");
    let _ = respond(
        stream,
        "403 Forbidden",
        "text/plain; charset=utf-8",
        &[("Cache-Control", "no-store")],
        body.as_bytes(),
        head,
    );
    false
}

/// A header as it may be shown on the terminal: printable ASCII only, and not too long.
fn printable(text: &str) -> String {
    const MOST: usize = 100;
    let mut shown: String = text
        .chars()
        .take(MOST)
        .map(|c| if c.is_ascii_graphic() { c } else { '?' })
        .collect();
    if text.chars().count() > MOST {
        shown.push_str("...");
    }
    shown
}

/// The site path a request path names, or `None` for a path that tries to leave the site.
pub fn site_path(request_path: &str) -> Option<String> {
    let decoded = percent_decode(request_path)?;
    if !decoded.starts_with('/') || decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let inner = &decoded[1..];
    if inner
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
        || inner.contains("//")
        || inner.starts_with('/')
    {
        return None;
    }
    Some(inner.to_string())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ics" => "text/calendar; charset=utf-8",
        "zip" => "application/zip",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn serve(
    stream: &mut TcpStream,
    path: &str,
    bytes: &[u8],
    request: &Request,
    shared: &Shared,
    head: bool,
) {
    let kind = content_type(path);
    if kind.starts_with("text/html") {
        let page = with_live_reload(bytes, shared);
        let _ = respond(
            stream,
            "200 OK",
            kind,
            &[("Cache-Control", "no-store")],
            &page,
            head,
        );
        return;
    }
    let etag = format!("\"{:016x}\"", crate::cache::hash_of(bytes));
    if request.if_none_match.as_deref() == Some(etag.as_str()) {
        let _ = respond(
            stream,
            "304 Not Modified",
            kind,
            &[("ETag", &etag)],
            b"",
            true,
        );
        return;
    }
    let _ = respond(
        stream,
        "200 OK",
        kind,
        &[("ETag", &etag), ("Cache-Control", "no-cache")],
        bytes,
        head,
    );
}

fn not_found(stream: &mut TcpStream, site: &Site, shared: &Shared, head: bool) {
    let page = site
        .files
        .get("404.html")
        .map(|bytes| with_live_reload(bytes, shared))
        .unwrap_or_else(|| b"not found\n".to_vec());
    let _ = respond(
        stream,
        "404 Not Found",
        "text/html; charset=utf-8",
        &[("Cache-Control", "no-store")],
        &page,
        head,
    );
}

/// The page with the live-reload script, and the problems overlay while a rebuild failed.
fn with_live_reload(bytes: &[u8], shared: &Shared) -> Vec<u8> {
    let mut addition = String::new();
    if let Some(overlay) = shared
        .overlay
        .read()
        .expect("an unpoisoned overlay")
        .as_ref()
    {
        addition.push_str(overlay);
    }
    addition.push_str(&format!(
        "<script>(() => {{ const events = new EventSource(\"{EVENTS}\"); events.addEventListener(\"reload\", () => location.reload()); }})();</script>\n"
    ));
    let text = String::from_utf8_lossy(bytes);
    let page = match text.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &text[..at], &text[at..]),
        None => format!("{text}{addition}"),
    };
    page.into_bytes()
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    stream.write_all(response.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Server-sent events: a `reload` event after every completed rebuild, good or failed.
fn stream_events(mut stream: TcpStream, shared: &Shared) {
    let events = shared.listen();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 300\n\n";
    if stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            // A comment now and then finds out when the page has gone.
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if stream
            .write_all(message.as_bytes())
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_site() {
        assert_eq!(site_path("/shots/").as_deref(), Some("shots/"));
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/caf%C3%A9/").as_deref(), Some("café/"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "//etc/passwd",
            "/a//b",
            "/a/./b",
            "/a\\\\..\\\\b",
            "/%00",
            "/%zz",
            "relative",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
