//! A minimal static file server on a loopback port, for browser tests of built sites.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::thread;

/// Serves `root` on 127.0.0.1 until the test process ends; returns the base URL.
pub fn serve(root: &Path) -> String {
    serve_at(root, "")
}

/// Serves `root` under the path `prefix` (`/videos/shuden`, as a production's `base_url` puts
/// its site), as a host would; returns the site's URL without the trailing slash. Addresses
/// outside `prefix` are not found.
pub fn serve_at(root: &Path, prefix: &str) -> String {
    let prefix = prefix.trim_end_matches('/').to_string();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().unwrap().port();
    let root: PathBuf = root.to_path_buf();
    let site = format!("http://127.0.0.1:{port}{prefix}");
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let prefix = prefix.clone();
            thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                // The rest of the head is not needed.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split(['?', '#']).next().unwrap_or("/");
                // Addresses come percent-encoded (`/journal/%E9%8A%AD…/`); files have names.
                let decoded = percent_encoding::percent_decode_str(path)
                    .decode_utf8()
                    .map(|p| p.into_owned())
                    .unwrap_or_default();
                let path = decoded.as_str();
                let path = match path.strip_prefix(prefix.as_str()) {
                    Some(rest) if rest.starts_with('/') || rest.is_empty() => rest,
                    _ => "/..",
                };
                let mut file = root.join(path.trim_start_matches('/'));
                if path.ends_with('/') {
                    file = file.join("index.html");
                }
                let safe = !path.contains("..");
                let (status, body) = match std::fs::read(&file) {
                    Ok(body) if safe => ("200 OK", body),
                    _ => (
                        "404 Not Found",
                        std::fs::read(root.join("404.html")).unwrap_or_default(),
                    ),
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("svg") => "image/svg+xml",
                    Some("xml") => "application/xml",
                    Some("png") => "image/png",
                    Some("jpg" | "jpeg") => "image/jpeg",
                    Some("webp") => "image/webp",
                    _ => "application/octet-stream",
                };
                let mut stream = &stream;
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    site
}
