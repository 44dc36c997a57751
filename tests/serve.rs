//! `clapboard serve`: pages served from memory, edits rebuilt and reloaded, failures shown in an
//! overlay while the last good site stays, and no path leads out of the site.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A running `clapboard serve`, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(project: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clapboard"))
            .args([
                "serve",
                project.to_str().unwrap(),
                "--port",
                "0",
                "--audience",
                "client",
                "--now",
                NOW,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines.next().expect("serve prints its address").unwrap();
            if let Some(at) = line.find("http://") {
                break line[at..]
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches('/')
                    .to_string();
            }
        };
        // Keep reading its output so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    fn port(&self) -> u16 {
        self.base.rsplit(':').next().unwrap().parse().unwrap()
    }

    fn get(&self, path: &str) -> (u16, String) {
        raw_get(self.port(), "GET", path)
    }

    /// Waits until `path` contains `text` (or, with `present` false, no longer does).
    fn wait_for(&self, path: &str, text: &str, present: bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (_, body) = self.get(path);
            if body.contains(text) == present {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never {} {text:?}",
                if present { "showed" } else { "lost" }
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A request written by hand, so that the path reaches the server exactly as given.
fn raw_get(port: u16, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

fn edit(project: &Path, file: &str, from: &str, to: &str) {
    let path = project.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file}: {from}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_pages_and_follows_edits() {
    let project = example_copy();
    let server = Server::start(project.path());
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("Content-Type: text/html"));
    assert!(
        home.contains("/__clapboard/events"),
        "the live-reload script is in the page"
    );
    assert_eq!(server.get("/treatment").0, 301);
    assert_eq!(server.get("/treatment/").0, 200);
    let (status, css) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(css.contains("Content-Type: text/css"));
    let (status, missing) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        missing.contains("This page is not in the edit"),
        "the site's own 404 page"
    );
    let (status, head) = raw_get(server.port(), "HEAD", "/style.css");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Length:") && !head.contains(".masthead"),
        "HEAD has no body"
    );
    let etag = css
        .lines()
        .find_map(|l| l.strip_prefix("ETag: "))
        .unwrap()
        .to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    write!(
        stream,
        "GET /style.css HTTP/1.1\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut again = String::new();
    stream.read_to_string(&mut again).unwrap();
    assert!(again.starts_with("HTTP/1.1 304"), "{again}");

    // An edited note is served with its new text.
    edit(
        project.path(),
        "journal/why-sodium-light.md",
        "\n---\n",
        "\n---\nThe sodium line was rewritten on set.\n\n",
    );
    server.wait_for(
        "/journal/why-sodium-light/",
        "The sodium line was rewritten on set.",
        true,
    );

    // A broken document: the last good page stays, under an overlay saying what is wrong.
    let before = server.get("/shots/").1;
    edit(project.path(), "shots.yaml", "size: MS", "size: medium");
    let broken = server.wait_for("/shots/", "clapboard-overlay", true);
    assert!(
        broken.contains("is not one of the possible values"),
        "the overlay names the problem"
    );
    assert!(broken.contains("shots.yaml"));
    let shot_rows = |page: &str| page.matches("class=\"shot\"").count();
    assert_eq!(
        shot_rows(&broken),
        shot_rows(&before),
        "the old page is kept"
    );
    // Fixing it clears the overlay.
    edit(project.path(), "shots.yaml", "size: medium", "size: MS");
    server.wait_for("/shots/", "clapboard-overlay", false);
}

#[test]
fn no_request_leaves_the_site() {
    let project = example_copy();
    fs::write(
        project.path().join("secret.txt"),
        "the location fee is secret",
    )
    .unwrap();
    let server = Server::start(project.path());
    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "//etc/passwd",
        "/assets/../../secret.txt",
        "/clapboard.yaml",
        "/secret.txt",
        "/journal/%2e%2e/%2e%2e/secret.txt",
        "/..\\secret.txt",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("secret") && !body.contains("root:"),
            "{path} leaked"
        );
    }
}

#[test]
fn an_open_page_reloads_by_itself_after_an_edit() {
    let Some(browser) = browser::Browser::start() else {
        return;
    };
    let project = example_copy();
    let server = Server::start(project.path());
    browser.goto(&format!("{}/journal/why-sodium-light/", server.base));
    assert!(browser.wait_until("return document.readyState === 'complete'", 10));
    // Give the page's event stream a moment to connect, and mark this copy of the page.
    std::thread::sleep(Duration::from_millis(300));
    browser.execute("window.clapboardMark = 'old page'; return true");
    edit(
        project.path(),
        "journal/why-sodium-light.md",
        "\n---\n",
        "\n---\nReloaded without a click.\n\n",
    );
    assert!(
        browser.wait_until(
            "return window.clapboardMark === undefined && document.body.innerText.includes('Reloaded without a click.')",
            20
        ),
        "the page reloaded with the new text"
    );
}
