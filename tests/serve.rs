//! `clapboard serve`: pages served from memory, edits rebuilt and reloaded, failures shown in an
//! overlay while the last good site stays, and no path leads out of the site.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// A running `clapboard serve`, stopped when dropped.
struct Server {
    child: Child,
    base: String,
    /// The address it listens on.
    ip: IpAddr,
    /// What it has printed on stderr so far.
    stderr: Arc<Mutex<String>>,
    /// What it printed on stdout up to the address of its first site.
    printed: Vec<String>,
}

impl Server {
    fn start(project: &Path) -> Server {
        Server::start_with(project, &[])
    }

    fn start_with(project: &Path, extra: &[&str]) -> Server {
        let mut args = vec!["--audience", "client"];
        args.extend(extra);
        Server::launch(project, &args, None)
    }

    /// A server of every audience's site.
    fn start_all(project: &Path, extra: &[&str]) -> Server {
        Server::launch(project, extra, None)
    }

    /// A server that may hold at most `descriptors` open files (RLIMIT_NOFILE).
    fn start_limited(project: &Path, descriptors: u64) -> Server {
        Server::launch(project, &["--audience", "client"], Some(descriptors))
    }

    fn launch(project: &Path, extra: &[&str], descriptors: Option<u64>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_clapboard"));
        if let Some(limit) = descriptors {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is async-signal-safe and touches only the new process.
            unsafe {
                command.pre_exec(move || {
                    let limit = libc::rlimit {
                        rlim_cur: limit,
                        rlim_max: limit,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        let mut child = command
            .args([
                "serve",
                project.to_str().unwrap(),
                "--port",
                "0",
                "--now",
                NOW,
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut printed_lines = Vec::new();
        let mut first = None;
        loop {
            let line = lines.next().expect("serve prints its address").unwrap();
            if first.is_none()
                && let Some(at) = line.find("http://")
            {
                first = Some(line[at..].split_whitespace().next().unwrap().to_string());
            }
            let done = line.starts_with("watching for changes");
            printed_lines.push(line);
            if done {
                break;
            }
        }
        let printed = first.expect("serve prints its address");
        // `http://127.0.0.1:1234`, without the folder a site with a sub-folder `base_url` is
        // served in.
        let after_scheme = printed.trim_start_matches("http://");
        let authority = after_scheme.split('/').next().unwrap();
        let base = format!("http://{authority}");
        // Keep reading its output so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let stderr = Arc::new(Mutex::new(String::new()));
        let errors = BufReader::new(child.stderr.take().unwrap()).lines();
        let collected = stderr.clone();
        std::thread::spawn(move || {
            for line in errors.map_while(Result::ok) {
                let mut text = collected.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        let host = base
            .trim_start_matches("http://")
            .rsplit_once(':')
            .unwrap()
            .0;
        let ip = host.trim_matches(['[', ']']).parse().unwrap();
        Server {
            child,
            base,
            ip,
            stderr,
            printed: printed_lines,
        }
    }

    fn port(&self) -> u16 {
        self.base.rsplit(':').next().unwrap().parse().unwrap()
    }

    fn address(&self) -> SocketAddr {
        SocketAddr::new(self.ip, self.port())
    }

    /// Asserts that an ordinary request is answered, and soon: a starved server would keep it
    /// waiting for seconds, until some other connection gave up its place.
    fn answers_promptly(&self, when: &str) -> Duration {
        let started = Instant::now();
        let (status, response) = self.get("/");
        let took = started.elapsed();
        assert_eq!(
            status,
            200,
            "{when}: {}",
            response.chars().take(300).collect::<String>()
        );
        assert!(
            took < Duration::from_secs(1),
            "{when}: answered only after {took:?}"
        );
        took
    }

    /// A line of /proc/<pid>/status, such as `VmRSS`, in kB.
    fn status_kib(&self, field: &str) -> u64 {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {field} in {status}"))
    }

    /// The processor time the server has used so far, user and system.
    fn cpu_time(&self) -> Duration {
        let stat = fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        // The fields after the command name, which is in parentheses: utime and stime are
        // the 14th and 15th of the line.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        // SAFETY: sysconf only reads a constant of the system.
        let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
        Duration::from_millis(ticks * 1000 / per_second)
    }

    /// Whether the server process is still running.
    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn get(&self, path: &str) -> (u16, String) {
        raw_get(self.port(), "GET", path)
    }

    /// A GET of `path` with `host` as its Host header, over the address the server listens on.
    fn get_as(&self, host: &str, path: &str) -> (u16, String) {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        exchange(SocketAddr::new(self.ip, self.port()), &request)
    }

    /// Waits until the server has printed the line `line` on stderr `times` times; returns all
    /// it printed.
    fn wait_for_stderr(&self, line: &str, times: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let printed = self.stderr.lock().unwrap().clone();
            if printed.lines().filter(|l| *l == line).count() >= times {
                return printed;
            }
            assert!(
                Instant::now() < deadline,
                "stderr never showed {line:?} {times} times; it has:\n{printed}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
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

/// The sites a server of every audience said it serves: each audience and its address's path
/// (`/_/crew/`).
fn served_sites(server: &Server) -> Vec<(String, String)> {
    server
        .printed
        .iter()
        .filter_map(|line| {
            let rest = line.strip_prefix("serving the ")?;
            let (audience, _) = rest.split_once(" site")?;
            let url = &line[line.find("http://")?..];
            let url = url.split_whitespace().next()?;
            let path = url.trim_start_matches("http://").split_once('/')?.1;
            Some((audience.to_string(), format!("/{path}")))
        })
        .collect()
}

/// Without `--audience`, one server shows every audience's site, each where its links lead
/// (the first at its own address, the others under `/_/<audience>/`), with a switcher on every
/// page; a page only one audience has is found only in that audience's site; and a foreign host
/// name gets nothing from any of them.
#[test]
fn every_audience_is_served_from_one_port() {
    for production in productions() {
        let name = production.display().to_string();
        // Passwords and all: locked sites are served unencrypted, to this machine only.
        let project = protected_copy(&production);
        let built = unlocked_copy(&production);
        let dist = build(built.path());
        let audiences: Vec<String> = yaml(&project.path().join("clapboard.yaml"))["audiences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect();
        let server = Server::start_all(project.path(), &[]);
        let sites = served_sites(&server);
        let mut names: Vec<&str> = sites.iter().map(|(a, _)| a.as_str()).collect();
        names.sort();
        let mut expected: Vec<&str> = audiences.iter().map(String::as_str).collect();
        expected.sort();
        assert_eq!(names, expected, "{name}: {:?}", server.printed);
        for (i, (audience, path)) in sites.iter().enumerate() {
            if i > 0 {
                assert_eq!(path, &format!("/_/{audience}/"), "{name}");
            }
            let pages = common::pages(&dist.join(audience));
            assert!(pages.len() > 5, "{name}: {audience}");
            for page in &pages {
                let address = format!("{}{page}", path.trim_end_matches('/'));
                let (status, body) = server.get(&address);
                assert_eq!(status, 200, "{name}: {audience}'s {address}");
                let document = scraper::Html::parse_document(&body);
                let switcher = hrefs(&document, "#clapboard-audiences a");
                assert_eq!(
                    switcher.len(),
                    audiences.len(),
                    "{name}: {address} has no switcher to every audience"
                );
                let current = text_of(&document, "#clapboard-audiences a[aria-current=page]");
                assert!(current.starts_with(audience.as_str()), "{name}: {address}");
            }
            // A page the others lack is not found in their folders.
            for (other, other_path) in &sites {
                if other == audience {
                    continue;
                }
                let theirs = common::pages(&dist.join(other));
                if let Some(missing) = pages.iter().find(|p| !theirs.contains(p)) {
                    let address = format!("{}{missing}", other_path.trim_end_matches('/'));
                    assert_eq!(
                        server.get(&address).0,
                        404,
                        "{name}: {audience}'s {missing} is served in the {other} site"
                    );
                }
            }
            assert_eq!(
                server.get_as("evil.example", path).0,
                403,
                "{name}: a foreign host read the {audience} site"
            );
        }
    }
}

/// `serve --drafts` shows a draft note, marked as one.
#[test]
fn serve_shows_drafts_when_asked() {
    let project = example_copy();
    let slug = documents::write_draft(project.path(), "in the dev server");
    let plain = Server::start(project.path());
    assert_eq!(plain.get(&format!("/journal/{slug}/")).0, 404);
    drop(plain);
    let server = Server::start_with(project.path(), &["--drafts"]);
    let (status, body) = server.get(&format!("/journal/{slug}/"));
    assert_eq!(status, 200);
    assert!(body.contains("badge-draft"), "{body}");
}

/// A request written by hand, so that the path reaches the server exactly as given.
fn raw_get(port: u16, method: &str, path: &str) -> (u16, String) {
    let request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    exchange(SocketAddr::from(([127, 0, 0, 1], port)), &request)
}

/// Sends `request` as it is and reads the response until the server closes the connection,
/// or, for an event stream, which stays open, up to its first message.
fn exchange(address: SocketAddr, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => response.extend_from_slice(&buffer[..n]),
        }
        // An event stream never ends; its head and first message are enough.
        if response.windows(11).any(|w| w == b"retry: 300\n") {
            break;
        }
    }
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// The value of the header `name` in a response's head, whatever the case of its name.
fn header<'a>(response: &'a str, name: &str) -> &'a str {
    let head = response.split("\r\n\r\n").next().unwrap_or("");
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
        .unwrap_or_else(|| panic!("no {name} header in {head}"))
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
    assert!(header(&home, "Content-Type").starts_with("text/html"));
    assert!(
        home.contains("/__clapboard/events"),
        "the live-reload script is in the page"
    );
    assert_eq!(server.get("/treatment").0, 301);
    assert_eq!(server.get("/treatment/").0, 200);
    let (status, css) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(header(&css, "Content-Type").starts_with("text/css"));
    let (status, missing) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        missing.contains("This page is not in the edit"),
        "the site's own 404 page"
    );
    let (status, head) = raw_get(server.port(), "HEAD", "/style.css");
    assert_eq!(status, 200);
    assert!(
        header(&head, "Content-Length") != "0" && !head.contains(".masthead"),
        "HEAD has no body"
    );
    let etag = header(&css, "ETag").to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    write!(
        stream,
        "GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
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
fn a_site_is_served_in_the_folder_its_base_url_names() {
    for production in productions() {
        let project = unlocked_copy(&production);
        let server = Server::start(project.path());
        let folder = base_path(project.path(), "client");
        let (status, root) = server.get("/");
        if folder.is_empty() {
            assert_eq!(status, 200);
        } else {
            assert_eq!(status, 302, "{}", production.display());
            assert_eq!(header(&root, "Location"), format!("{folder}/"));
            assert_eq!(server.get(&folder).0, 302, "the folder without its slash");
            assert_eq!(
                server.get("/style.css").0,
                404,
                "nothing outside the folder"
            );
        }
        let (status, home) = server.get(&format!("{folder}/"));
        assert_eq!(status, 200, "{}", production.display());
        // Every address the home page links to, its stylesheet and navigation among them.
        let page = scraper::Html::parse_document(&home[home.find("\r\n\r\n").unwrap()..]);
        let linked = scraper::Selector::parse("[href], [src]").unwrap();
        let mut checked = 0;
        for element in page.select(&linked) {
            let value = element.value();
            let address = value.attr("href").or(value.attr("src")).unwrap();
            if !address.starts_with('/') || address.starts_with("//") {
                continue;
            }
            let address = address.split('#').next().unwrap();
            let encoded = clapboard::urls::encode_path(address);
            let (status, _) = server.get(&encoded);
            assert!(
                status == 200 || status == 301,
                "{}: {address} answers {status}",
                production.display()
            );
            checked += 1;
        }
        assert!(
            checked > 10,
            "{}: only {checked} links",
            production.display()
        );
    }
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

/// What the client site's budget page shows, which no foreign page may read.
const BUDGET_TEXT: &str = "Top sheet";

#[test]
fn answers_only_its_own_host_names() {
    let project = example_copy();
    let server = Server::start_with(project.path(), &["--allow-host", "Preview.Example.test"]);
    let port = server.port();
    assert!(
        server.get("/budget/").1.contains(BUDGET_TEXT),
        "the budget page is what the test thinks it is"
    );

    // A name that resolves here only through someone else's DNS (rebinding) is refused,
    // for pages, the 404 page and the event stream alike.
    for path in ["/", "/budget/", "/no/such/page/", "/__clapboard/events"] {
        let (status, response) = server.get_as(&format!("evil.example:{port}"), path);
        assert_eq!(status, 403, "{path}: {response}");
        assert!(
            !response.contains("text/event-stream") && !response.contains(BUDGET_TEXT),
            "{path}: {response}"
        );
        assert!(
            response.contains("evil.example") && response.contains("--allow-host"),
            "{path}: the refusal says what was refused and how to allow it: {response}"
        );
    }
    let printed = server.wait_for_stderr(
        &format!(
            "refused a request for evil.example:{port} (not a name of this server; add --allow-host evil.example to allow it)"
        ),
        4,
    );
    assert_eq!(
        printed.lines().filter(|l| l.starts_with("refused")).count(),
        4,
        "one line per refusal: {printed}"
    );
    for host in [
        "localhost.evil.example",
        "evil.localhost.example",
        "127.0.0.1.nip.io",
        "preview.example.test.evil.example",
    ] {
        assert_eq!(server.get_as(host, "/budget/").0, 403, "{host}");
    }

    // HTTP/1.1 requires a Host header: a request without one is refused.
    let (status, response) = exchange(
        SocketAddr::from(([127, 0, 0, 1], port)),
        "GET /budget/ HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 400, "{response}");
    assert!(!response.contains(BUDGET_TEXT));
    for hosts in ["Host: \r\n", "Host: localhost\r\nHost: evil.example\r\n"] {
        let request = format!("GET /budget/ HTTP/1.1\r\n{hosts}Connection: close\r\n\r\n");
        let (status, response) = exchange(SocketAddr::from(([127, 0, 0, 1], port)), &request);
        assert_eq!(status, 400, "{hosts:?}: {response}");
    }

    // Its own names, with or without the port, in any case, and the names it was given.
    for host in [
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("app.localhost:{port}"),
        format!("LOCALHOST.:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("preview.example.test:{port}"),
        "PREVIEW.EXAMPLE.TEST.".to_string(),
    ] {
        for path in ["/", "/budget/"] {
            let (status, response) = server.get_as(&host, path);
            assert_eq!(status, 200, "{host} {path}: {response}");
        }
        assert_eq!(server.get_as(&host, "/no/such/page/").0, 404, "{host}");
        let (status, stream) = server.get_as(&host, "/__clapboard/events");
        assert_eq!(status, 200, "{host}: {stream}");
        assert_eq!(
            header(&stream, "Content-Type"),
            "text/event-stream",
            "{host}"
        );
    }
}

#[test]
fn the_bind_address_is_a_name_of_the_server() {
    for (address, host) in [("::1", "[::1]"), ("127.0.0.2", "127.0.0.2")] {
        if TcpListener::bind((address, 0)).is_err() {
            eprintln!("\n*** SKIPPED {address}: this machine cannot listen on it ***\n");
            continue;
        }
        let project = example_copy();
        let server = Server::start_with(project.path(), &["--bind", address]);
        let port = server.port();
        for host in [format!("{host}:{port}"), "localhost".to_string()] {
            let (status, response) = server.get_as(&host, "/budget/");
            assert_eq!(status, 200, "{address} as {host}: {response}");
        }
        assert_eq!(
            server.get_as("evil.example", "/budget/").0,
            403,
            "{address}"
        );
    }
}

#[test]
fn no_response_carries_cors_headers() {
    let project = example_copy();
    let server = Server::start(project.path());
    let address = SocketAddr::new(server.ip, server.port());
    for (method, path, host) in [
        ("GET", "/", "127.0.0.1"),
        ("GET", "/budget/", "localhost"),
        ("GET", "/style.css", "127.0.0.1"),
        ("GET", "/no/such/page/", "127.0.0.1"),
        ("GET", "/__clapboard/events", "127.0.0.1"),
        ("HEAD", "/budget/", "127.0.0.1"),
        ("OPTIONS", "/budget/", "127.0.0.1"),
        ("GET", "/budget/", "evil.example"),
        ("GET", "/__clapboard/events", "evil.example"),
    ] {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n"
        );
        let (status, response) = exchange(address, &request);
        assert_ne!(status, 0, "{method} {path} as {host}: no response");
        let head = response.split("\r\n\r\n").next().unwrap();
        assert!(
            !head.to_ascii_lowercase().contains("access-control-allow"),
            "{method} {path} as {host}: {head}"
        );
    }
}

/// Sends `request` (as much of it as the server takes) and reads what comes back: the status,
/// or 0 when the server closed the connection without an answer.
fn send_oversized(address: SocketAddr, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may stop reading and close part of the way through.
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let mut buffer = [0u8; 8192];
    while response.len() < 1 << 20 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => response.extend_from_slice(&buffer[..n]),
        }
    }
    let response = String::from_utf8_lossy(&response);
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The largest resident memory the dev server may reach while it refuses oversized requests,
/// as the README states it.
const MEMORY_BOUND_KIB: u64 = 150 * 1024;

#[test]
fn an_over_long_request_line_is_refused() {
    let project = example_copy();
    let server = Server::start(project.path());
    let before = server.status_kib("VmRSS");
    let mut request = b"GET /".to_vec();
    request.extend(std::iter::repeat_n(b'a', 1 << 20));
    request.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    for round in 0..4 {
        let status = send_oversized(server.address(), &request);
        assert!(
            matches!(status, 0 | 414 | 431),
            "round {round}: a 1 MB request line got {status}"
        );
        server.answers_promptly("after a 1 MB request line");
    }
    // A long address in a head that is not too large gets its own answer.
    let request = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "a".repeat(12 * 1024)
    );
    assert_eq!(send_oversized(server.address(), request.as_bytes()), 414);
    let after = server.status_kib("VmRSS");
    eprintln!("resident memory: {before} kB before 1 MB request lines, {after} kB after");
    assert!(after < MEMORY_BOUND_KIB, "{after} kB");
    // A line of 64 MB costs no more: the server never holds more than the head's limit.
    let peak = server.status_kib("VmHWM");
    let mut request = b"GET /".to_vec();
    request.extend(std::iter::repeat_n(b'a', 64 << 20));
    request.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    let status = send_oversized(server.address(), &request);
    assert!(
        matches!(status, 0 | 414 | 431),
        "a 64 MB request line got {status}"
    );
    server.answers_promptly("after a 64 MB request line");
    let grown = server.status_kib("VmHWM").saturating_sub(peak);
    eprintln!("peak resident memory grew by {grown} kB with a 64 MB request line");
    assert!(grown < 16 * 1024, "{grown} kB");
}

#[test]
fn oversized_headers_are_refused() {
    let project = example_copy();
    let server = Server::start(project.path());
    let before = server.status_kib("VmRSS");
    // 1 MB in long header lines.
    let mut large = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_vec();
    for n in 0..256 {
        large.extend_from_slice(format!("X-Filler-{n}: ").as_bytes());
        large.extend(std::iter::repeat_n(b'h', 4096));
        large.extend_from_slice(b"\r\n");
    }
    large.extend_from_slice(b"Connection: close\r\n\r\n");
    // Many headers in few bytes.
    let mut many = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_vec();
    for n in 0..1000 {
        many.extend_from_slice(format!("X-{n}: 1\r\n").as_bytes());
    }
    many.extend_from_slice(b"Connection: close\r\n\r\n");
    for (what, request) in [("1 MB of headers", &large), ("1,000 headers", &many)] {
        for round in 0..4 {
            let status = send_oversized(server.address(), request);
            assert!(
                matches!(status, 0 | 431),
                "round {round}: {what} got {status}"
            );
            server.answers_promptly(&format!("after {what}"));
        }
    }
    let after = server.status_kib("VmRSS");
    eprintln!("resident memory: {before} kB before 1 MB of headers, {after} kB after");
    assert!(after < MEMORY_BOUND_KIB, "{after} kB");
}

/// Whether the server has closed `stream`: its end has been read, or it was reset.
fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            // An answer such as 408 comes just before the close.
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return false,
            Err(_) => return true,
        }
    }
}

#[test]
fn slow_requests_do_not_starve_the_server() {
    const SLOW: usize = 300;
    let project = example_copy();
    let server = Server::start(project.path());
    let started = Instant::now();
    let mut slow: Vec<Option<TcpStream>> = (0..SLOW)
        .map(|_| {
            let mut stream = TcpStream::connect(server.address()).unwrap();
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .unwrap();
            stream.set_nonblocking(true).unwrap();
            Some(stream)
        })
        .collect();
    let mut answered = Vec::new();
    let mut open_at_each_second = Vec::new();
    // One more byte of header a second on every connection, for at most 9 seconds.
    let mut second = 0;
    while started.elapsed() < Duration::from_secs(9) {
        for place in slow.iter_mut() {
            if let Some(stream) = place
                && (closed_by_server(stream) || stream.write_all(b"X").is_err())
            {
                *place = None;
            }
        }
        let open = slow.iter().filter(|s| s.is_some()).count();
        open_at_each_second.push(open);
        if open == 0 {
            break;
        }
        if second < 4 {
            answered.push(server.answers_promptly(&format!(
                "with {open} slow connections open, after {second} s"
            )));
        }
        second += 1;
        std::thread::sleep(Duration::from_secs(1));
    }
    let open = slow.iter().filter(|s| s.is_some()).count();
    eprintln!(
        "slow connections still open, second by second: {open_at_each_second:?}; ordinary requests answered in {answered:?}"
    );
    drop(slow);
    assert_eq!(
        open, 0,
        "the server closes connections that send no whole header within its deadline"
    );
    assert!(
        answered.len() >= 3,
        "ordinary requests were tried while they were open"
    );
    server.answers_promptly("once the slow connections are gone");
}

#[test]
fn running_out_of_file_descriptors_is_survived() {
    const DESCRIPTORS: u64 = 64;
    let project = example_copy();
    let mut server = Server::start_limited(project.path(), DESCRIPTORS);
    server.answers_promptly("with a few descriptors");
    // More connections than the server can hold descriptors for: those it cannot accept wait
    // in the listening queue.
    let mut held = Vec::new();
    for _ in 0..DESCRIPTORS + 60 {
        if let Ok(stream) = TcpStream::connect_timeout(&server.address(), Duration::from_secs(2)) {
            held.push(stream);
        }
    }
    // Let it find out that it cannot accept more.
    std::thread::sleep(Duration::from_millis(500));
    let cpu_before = server.cpu_time();
    std::thread::sleep(Duration::from_secs(2));
    let cpu_used = server.cpu_time() - cpu_before;
    eprintln!(
        "{} connections held; the server used {cpu_used:?} of processor time in 2 s while it could not accept more",
        held.len()
    );
    assert!(server.is_running(), "the server died");
    assert!(
        cpu_used < Duration::from_millis(300),
        "the server spins while it cannot accept: {cpu_used:?} in 2 s"
    );
    let printed = server.stderr.lock().unwrap().clone();
    assert!(
        printed.contains("cannot accept connections"),
        "the server ran out of descriptors and said so: {printed}"
    );
    drop(held);
    let took = server.answers_promptly("once the connections are closed");
    eprintln!("an ordinary request was then answered in {took:?}");
    assert!(server.is_running(), "the server died");
    // It still follows edits.
    edit(
        project.path(),
        "journal/why-sodium-light.md",
        "\n---\n",
        "\n---\nRebuilt after the rush.\n\n",
    );
    server.wait_for(
        "/journal/why-sodium-light/",
        "Rebuilt after the rush.",
        true,
    );
}

#[test]
fn sheets_and_edls_are_watched_like_any_document() {
    for production in common::productions() {
        let project = common::unlocked_copy(&production);
        let server = Server::start(project.path());
        let post = format!("{}/post/", common::base_path(project.path(), "client"));
        let cuts = common::yaml(&project.path().join("post/cuts.yaml"));
        let all_cuts = cuts["cuts"].as_array().unwrap();
        let cut = all_cuts[0]["version"].as_str().unwrap().to_string();
        let last_cut = all_cuts.last().unwrap()["version"].as_str().unwrap();
        let sheet = project.path().join("post/reviews/live.csv");
        fs::create_dir_all(sheet.parent().unwrap()).unwrap();

        // A review CSV written beside the others is read, and its note shown.
        fs::write(
            &sheet,
            format!("version,timecode,author,note\n{cut},0:05,Watcher,Seen from a sheet\n"),
        )
        .unwrap();
        server.wait_for(&post, "Seen from a sheet", true);

        // A wrong cell: the overlay names the file and the cell.
        fs::write(
            &sheet,
            format!("version,timecode,author,note\n{cut},0:5x,Watcher,Seen from a sheet\n"),
        )
        .unwrap();
        let broken = server.wait_for(&post, "clapboard-overlay", true);
        assert!(
            broken.contains("post/reviews/live.csv: B2"),
            "{}: the overlay names the cell",
            production.display()
        );

        // The lock file a spreadsheet keeps beside an open workbook is no document.
        fs::write(project.path().join("post/reviews/~$live.xlsx"), b"owner").unwrap();
        // An EDL of markers from the edit suite, named after its cut, is read too.
        fs::write(
            project.path().join(format!("post/reviews/{last_cut}.edl")),
            "TITLE: markers\nFCM: NON-DROP FRAME\n\n001  001      V     C        01:00:07:00 01:00:07:01 01:00:07:00 01:00:07:01  \nMarker from the suite |C:ResolveColorBlue |M:Editor |D:1\n",
        )
        .unwrap();
        fs::remove_file(&sheet).unwrap();
        let fixed = server.wait_for(&post, "clapboard-overlay", false);
        assert!(
            !fixed.contains("Seen from a sheet"),
            "{}: the deleted sheet's note is gone",
            production.display()
        );
        server.wait_for(&post, "Marker from the suite", true);
    }
}

#[test]
fn open_without_a_browser_says_so_in_one_line() {
    // An opener that fails as xdg-open does on a machine without a browser.
    let bin = tempfile::tempdir().unwrap();
    let opener = bin.path().join(if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    });
    fs::write(
        &opener,
        "#!/bin/sh\nfor i in 1 2 3 4 5 6 7; do echo \"xdg-open: no method available $i\" >&2; done\nexit 3\n",
    )
    .unwrap();
    let mut permissions = fs::metadata(&opener).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    fs::set_permissions(&opener, permissions).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let project = example_copy();
    let mut child = clapboard_command()
        .args([
            "serve",
            project.path().to_str().unwrap(),
            "--port",
            "0",
            "--open",
        ])
        .env("PATH", path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let errors = BufReader::new(child.stderr.take().unwrap());
    let (sender, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in errors.lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut printed = Vec::new();
    while Instant::now() < deadline {
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(100)) {
            let done = line.starts_with("could not open a browser");
            printed.push(line);
            if done {
                break;
            }
        }
    }
    // Anything the opener printed would have arrived by now.
    std::thread::sleep(Duration::from_millis(300));
    printed.extend(lines.try_iter());
    let _ = child.kill();
    let _ = child.wait();
    let about_browser: Vec<&String> = printed
        .iter()
        .filter(|l| l.contains("browser") || l.contains("xdg-open") || l.contains("no method"))
        .collect();
    assert_eq!(about_browser.len(), 1, "{printed:#?}");
    assert!(
        about_browser[0].contains("visit http://"),
        "it says where to go instead: {}",
        about_browser[0]
    );
}
