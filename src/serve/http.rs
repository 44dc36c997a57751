//! The dev server's HTTP: GET and HEAD of the site it built, and one event stream that tells
//! open pages to reload. HTTP/1.1 itself is hyper's, on a single-threaded tokio runtime, so
//! that every limit below is enforced by a well-tried parser rather than by hand.
//!
//! The server is bounded, so that no client can starve it or grow it:
//! - a request head is at most [`MAX_HEAD`] bytes and [`MAX_HEADERS`] headers (hyper answers 431
//!   beyond, even when the head is one over-long request line), its target at most
//!   [`MAX_TARGET`] bytes (414);
//! - a head must arrive whole within [`HEADER_DEADLINE`], and a connection may stay idle between
//!   requests as long; hyper then closes it without an answer;
//! - at most [`MAX_CONNECTIONS`] connections are served at once (more wait in the listening
//!   queue), of which at most [`MAX_EVENT_STREAMS`] event streams (503 beyond), and any other
//!   connection is closed after [`CONNECTION_LIFETIME`];
//! - a failing accept (out of file descriptors, say) is retried after a growing pause, never in
//!   a busy loop, and nothing panics for want of a thread or a descriptor.
//!
//! Paths are looked up in the site's map of files, never on disk (a file's bytes are then read
//! from the server's store by their hash), so `..`, `%2e%2e` and `//` cannot reach anything
//! outside the site; they are refused all the same.
//!
//! Every request is checked for its `Host` before anything else (see [`super::hosts`]): a
//! request for a foreign name gets 403, and one without a `Host` header, which HTTP/1.1
//! requires, gets 400. No response carries CORS headers, so other origins cannot read any.

use std::convert::Infallible;
use std::io;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use http_body_util::{Either, Full};
use hyper::body::{Body, Bytes, Frame};
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use super::hosts::{self, Allowed};
use super::session::{Site, Sites};
use super::store::Stored;

/// The address of the event stream the injected script listens to.
pub const EVENTS: &str = "/__clapboard/events";

/// The most bytes a request line and its headers may take together.
const MAX_HEAD: usize = 16 * 1024;
/// The longest request target (path and query); a longer one that fits in the head gets 414.
const MAX_TARGET: usize = 8 * 1024;
/// The most headers a request may have; browsers send about twenty.
const MAX_HEADERS: usize = 64;
/// How long a connection may take to send a whole request head, or stay idle between requests.
const HEADER_DEADLINE: Duration = Duration::from_secs(5);
/// The most connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 512;
/// The most event streams open at once (one per open page).
const MAX_EVENT_STREAMS: usize = 64;
/// How long a connection may live, unless it is an event stream; then it is closed once its
/// current answer is sent, so that a client that never reads cannot hold its place.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(30);
/// How long a connection past its lifetime has to finish its answer.
const CLOSING_GRACE: Duration = Duration::from_secs(5);
/// The first and the longest pause after an accept fails.
const FIRST_PAUSE: Duration = Duration::from_millis(10);
const LONGEST_PAUSE: Duration = Duration::from_millis(250);
/// How often an idle event stream sends a comment, to find out when the page has gone.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// What the server shows: the last good site, and the problems of the last rebuild, if it
/// failed.
pub struct Shared {
    pub sites: RwLock<Arc<Sites>>,
    /// The overlay shown over every page while the last rebuild failed.
    pub overlay: RwLock<Option<String>>,
    listeners: Mutex<Vec<mpsc::Sender<Bytes>>>,
}

impl Shared {
    pub fn new(sites: Sites) -> Shared {
        Shared {
            sites: RwLock::new(Arc::new(sites)),
            overlay: RwLock::new(None),
            listeners: Mutex::new(Vec::new()),
        }
    }

    /// Tells every open page to reload; forgets pages that have gone.
    pub fn reload(&self, generation: u64) {
        let message = Bytes::from(format!("event: reload\ndata: {generation}\n\n"));
        let mut listeners = self.listeners.lock().expect("an unpoisoned list");
        // A page that has not read the last reload yet will reload anyway.
        listeners.retain(|listener| {
            !matches!(
                listener.try_send(message.clone()),
                Err(mpsc::error::TrySendError::Closed(_))
            )
        });
    }

    fn listen(&self) -> mpsc::Receiver<Bytes> {
        let (sender, receiver) = mpsc::channel(4);
        let mut listeners = self.listeners.lock().expect("an unpoisoned list");
        listeners.retain(|listener| !listener.is_closed());
        listeners.push(sender);
        receiver
    }
}

/// The HTTP server, ready to answer on its listener once [`Server::run`] is called.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    responder: Arc<Responder>,
    http: http1::Builder,
}

impl Server {
    /// A server for `listener` (already bound) answering for the names in `allowed`.
    pub fn new(
        listener: std::net::TcpListener,
        shared: Arc<Shared>,
        allowed: Arc<Allowed>,
    ) -> io::Result<Server> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        listener.set_nonblocking(true)?;
        let listener = {
            let _inside = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let mut http = http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(HEADER_DEADLINE)
            .max_buf_size(MAX_HEAD)
            .max_headers(MAX_HEADERS)
            .title_case_headers(true);
        Ok(Server {
            runtime,
            listener,
            responder: Arc::new(Responder {
                shared,
                allowed,
                streams: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
            }),
            http,
        })
    }

    /// Answers requests until the process ends.
    pub fn run(self) {
        self.runtime
            .block_on(accept(self.listener, self.responder, self.http));
    }
}

async fn accept(
    listener: tokio::net::TcpListener,
    responder: Arc<Responder>,
    http: http1::Builder,
) {
    let places = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut pause = Pause::default();
    loop {
        // A connection past the limit waits in the listening queue for a place.
        let Ok(place) = places.clone().acquire_owned().await else {
            return;
        };
        match listener.accept().await {
            Ok((stream, _)) => {
                pause.reset();
                let _ = stream.set_nodelay(true);
                tokio::spawn(connection(stream, responder.clone(), http.clone(), place));
            }
            // The client gave up before it was accepted: nothing is wrong with the server.
            Err(e) if is_about_one_connection(&e) => {}
            // Out of file descriptors, memory or buffers: wait for some to be given back.
            Err(e) => pause.after(&e).await,
        }
    }
}

fn is_about_one_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    )
}

/// The growing pause between failed accepts.
#[derive(Default)]
struct Pause {
    next: Option<Duration>,
    /// When the terminal was last told; once a minute is enough.
    said: Option<Instant>,
}

impl Pause {
    /// The pause after one more failure in a row.
    fn grow(&mut self) -> Duration {
        let pause = self.next.unwrap_or(FIRST_PAUSE);
        self.next = Some((pause * 2).min(LONGEST_PAUSE));
        pause
    }

    async fn after(&mut self, error: &io::Error) {
        if self
            .said
            .is_none_or(|said| said.elapsed() > Duration::from_secs(60))
        {
            eprintln!("cannot accept connections ({error}); trying again shortly");
            self.said = Some(Instant::now());
        }
        tokio::time::sleep(self.grow()).await;
    }

    fn reset(&mut self) {
        self.next = None;
    }
}

/// Serves one connection, for at most [`CONNECTION_LIFETIME`] unless it became an event stream.
async fn connection(
    stream: tokio::net::TcpStream,
    responder: Arc<Responder>,
    http: http1::Builder,
    _place: OwnedSemaphorePermit,
) {
    let streaming = Arc::new(AtomicBool::new(false));
    let service = {
        let streaming = streaming.clone();
        service_fn(move |request| {
            let answer = responder.respond(&request, &streaming);
            async move { Ok::<_, Infallible>(answer) }
        })
    };
    let mut connection = pin!(http.serve_connection(TokioIo::new(stream), service));
    if tokio::time::timeout(CONNECTION_LIFETIME, connection.as_mut())
        .await
        .is_ok()
    {
        return;
    }
    if streaming.load(Ordering::Relaxed) {
        let _ = connection.await;
        return;
    }
    connection.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(CLOSING_GRACE, connection).await;
}

/// A response's body: bytes, or an event stream.
type Answer = Response<Either<Full<Bytes>, EventStream>>;

/// Answers requests: what every connection shares.
struct Responder {
    shared: Arc<Shared>,
    allowed: Arc<Allowed>,
    /// Places for event streams.
    streams: Arc<Semaphore>,
}

impl Responder {
    /// The answer to `request`; only its head is read. `streaming` is set when the answer is an
    /// event stream, which outlives the connection's lifetime.
    fn respond<B>(&self, request: &Request<B>, streaming: &AtomicBool) -> Answer {
        if let Some(refusal) = self.refusal(request) {
            return refusal;
        }
        let target = request
            .uri()
            .path_and_query()
            .map_or(0, |p| p.as_str().len());
        if target > MAX_TARGET {
            return answer(
                StatusCode::URI_TOO_LONG,
                "text/plain; charset=utf-8",
                &[],
                Bytes::from(format!(
                    "an address may be at most {MAX_TARGET} bytes long\n"
                )),
            );
        }
        let method = request.method();
        if method != Method::GET && method != Method::HEAD {
            return answer(
                StatusCode::METHOD_NOT_ALLOWED,
                "text/plain; charset=utf-8",
                &[(header::ALLOW, "GET, HEAD")],
                Bytes::from_static(b"only GET and HEAD\n"),
            );
        }
        let head = method == Method::HEAD;
        let request_path = request.uri().path();
        if request_path == EVENTS {
            return self.events(head, streaming);
        }
        let sites = self.shared.sites.read().expect("unpoisoned sites").clone();
        let Some(path) = site_path(request_path) else {
            return self.not_found(&sites, sites.first());
        };
        let Some(site) = sites.site_for(&path) else {
            return self.not_found(&sites, None);
        };
        // A site in a folder of its host (`base_url: https://example.com/videos/hikari/`) is
        // served in that folder, where its links point; the root leads there.
        let path = match under_base(&path, &site.base_path) {
            Under::Inside(inner) => inner,
            Under::Base => {
                let location = format!("{}/", crate::urls::encode_path(&site.base_path));
                return answer(
                    StatusCode::FOUND,
                    "text/plain; charset=utf-8",
                    &[(header::LOCATION, &location)],
                    Bytes::new(),
                );
            }
            Under::Outside => return self.not_found(&sites, Some(site)),
        };
        let page = Page {
            sites: &sites,
            site,
            path: &path,
        };
        if let Some(stored) = site.files.get(&path) {
            return self.file(page, *stored, request);
        }
        // `/shots` is the folder `/shots/`.
        if !path.is_empty() && site.files.contains_key(&format!("{path}/index.html")) {
            let location = format!("{}/", request_path.trim_end_matches('/'));
            return answer(
                StatusCode::MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                &[(header::LOCATION, &location)],
                Bytes::new(),
            );
        }
        if path.is_empty() || path.ends_with('/') {
            let index = format!("{path}index.html");
            if let Some(stored) = site.files.get(&index) {
                let page = Page {
                    path: &index,
                    ..page
                };
                return self.file(page, *stored, request);
            }
        }
        self.not_found(&sites, Some(site))
    }

    /// A refusal of a request that is not for one of the server's own names: 400 without a
    /// single, non-empty `Host` header, 403 for a foreign name, said on the terminal too.
    fn refusal<B>(&self, request: &Request<B>) -> Option<Answer> {
        let hosts: Vec<String> = request
            .headers()
            .get_all(header::HOST)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .collect();
        let host = match hosts.as_slice() {
            [host] if !host.trim().is_empty() => host,
            hosts => {
                let body: &'static [u8] = if hosts.len() < 2 {
                    b"a request needs a Host header (HTTP/1.1)\n"
                } else {
                    b"a request may have only one Host header\n"
                };
                return Some(answer(
                    StatusCode::BAD_REQUEST,
                    "text/plain; charset=utf-8",
                    &[],
                    Bytes::from_static(body),
                ));
            }
        };
        // A request for `http://name/path` names its host twice: both must be the server's.
        let authority = request.uri().authority().map(|a| a.as_str());
        let foreign = std::iter::once(host.as_str())
            .chain(authority)
            .find(|name| !self.allowed.allows(name))?;
        Some(foreign_host(foreign))
    }

    fn events(&self, head: bool, streaming: &AtomicBool) -> Answer {
        let headers = [(header::CACHE_CONTROL, "no-store")];
        if head {
            return answer(StatusCode::OK, "text/event-stream", &headers, Bytes::new());
        }
        let Ok(place) = self.streams.clone().try_acquire_owned() else {
            return answer(
                StatusCode::SERVICE_UNAVAILABLE,
                "text/plain; charset=utf-8",
                &[(header::CACHE_CONTROL, "no-store")],
                Bytes::from(format!(
                    "{MAX_EVENT_STREAMS} pages are already listening for reloads; close some and reload this one\n"
                )),
            );
        };
        streaming.store(true, Ordering::Relaxed);
        let stream = EventStream::new(self.shared.listen(), place);
        let mut response = Response::new(Either::Right(stream));
        set_headers(
            &mut response,
            "text/event-stream",
            &[(header::CACHE_CONTROL, "no-store")],
        );
        response
    }

    fn file<B>(&self, page: Page, stored: Stored, request: &Request<B>) -> Answer {
        let kind = content_type(page.path);
        let bytes = match page.sites.read(stored) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("cannot serve /{}: {e}", printable(page.path));
                return answer(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "text/plain; charset=utf-8",
                    &[(header::CACHE_CONTROL, "no-store")],
                    Bytes::from(format!(
                        "the dev server's copy of this file cannot be read ({e}); save a file of the production to build it again\n"
                    )),
                );
            }
        };
        if kind.starts_with("text/html") {
            let page = self.with_live_reload(&bytes, Some(page));
            return answer(
                StatusCode::OK,
                kind,
                &[(header::CACHE_CONTROL, "no-store")],
                Bytes::from(page),
            );
        }
        let etag = format!("\"{:016x}\"", stored.hash);
        let matches = request
            .headers()
            .get(header::IF_NONE_MATCH)
            .is_some_and(|value| value.as_bytes() == etag.as_bytes());
        if matches {
            return answer(
                StatusCode::NOT_MODIFIED,
                kind,
                &[(header::ETAG, &etag)],
                Bytes::new(),
            );
        }
        answer(
            StatusCode::OK,
            kind,
            &[(header::ETAG, &etag), (header::CACHE_CONTROL, "no-cache")],
            Bytes::from(bytes),
        )
    }

    fn not_found(&self, sites: &Sites, site: Option<&Site>) -> Answer {
        let page = site
            .and_then(|site| Some((site, sites.read(*site.files.get("404.html")?).ok()?)))
            .map(|(site, bytes)| {
                let page = Page {
                    sites,
                    site,
                    path: "404.html",
                };
                self.with_live_reload(&bytes, Some(page))
            })
            .unwrap_or_else(|| b"not found\n".to_vec());
        answer(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            &[(header::CACHE_CONTROL, "no-store")],
            Bytes::from(page),
        )
    }

    /// The page with the live-reload script, the problems overlay while a rebuild failed, and
    /// the switcher between audiences' sites when there are several.
    fn with_live_reload(&self, bytes: &[u8], page: Option<Page>) -> Vec<u8> {
        let mut addition = String::new();
        if let Some(page) = page {
            addition.push_str(&switcher(page));
        }
        if let Some(overlay) = self
            .shared
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
}

/// A page being answered: the sites, the one it is in and its path there (`shots/index.html`).
#[derive(Clone, Copy)]
struct Page<'a> {
    sites: &'a Sites,
    site: &'a Site,
    path: &'a str,
}

/// Links to the same page in every audience's site (or to the site's home, where it has no
/// such page), for a page of the dev server when it serves several; nothing otherwise.
fn switcher(page: Page) -> String {
    if page.sites.sites.len() < 2 {
        return String::new();
    }
    let folder = page.path.strip_suffix("index.html").unwrap_or(page.path);
    let links: Vec<String> = page
        .sites
        .sites
        .iter()
        .map(|site| {
            let inner = if site.files.contains_key(page.path) && page.path != "404.html" {
                folder
            } else {
                ""
            };
            let href = crate::text::escape(&format!(
                "{}/{}",
                crate::urls::encode_path(&site.base_path),
                crate::urls::encode_path(inner)
            ));
            let name = crate::text::escape(&site.audience);
            let lock = if site.protected {
                " title=\"Locked with a password when built; shown unlocked here\""
            } else {
                ""
            };
            if std::ptr::eq(site, page.site) {
                format!("<a href=\"{href}\"{lock} aria-current=\"page\" style=\"color:#111015;background:#f4f1ea;border-radius:999px;padding:.1rem .5rem;text-decoration:none\">{name}</a>")
            } else {
                format!("<a href=\"{href}\"{lock} style=\"color:#f4f1ea;padding:.1rem .5rem\">{name}</a>")
            }
        })
        .collect();
    format!(
        "<nav id=\"clapboard-audiences\" aria-label=\"Audiences (dev server)\" style=\"position:fixed;right:.5rem;bottom:.5rem;z-index:2147483646;display:flex;flex-wrap:wrap;gap:.25rem;align-items:center;max-width:calc(100vw - 1rem);font:13px/1.6 system-ui,sans-serif;background:#111015;color:#f4f1ea;border-radius:1rem;padding:.25rem .5rem;box-shadow:0 2px 10px rgba(0,0,0,.35)\"><span aria-hidden=\"true\">View as</span> {}</nav><style>body{{padding-bottom:3rem}}@media print{{#clapboard-audiences{{display:none}}}}</style>\n",
        links.join(" ")
    )
}

/// The 403 for a request for `host`, which is not one of the server's names.
fn foreign_host(host: &str) -> Answer {
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
    answer(
        StatusCode::FORBIDDEN,
        "text/plain; charset=utf-8",
        &[(header::CACHE_CONTROL, "no-store")],
        Bytes::from(body),
    )
}

/// A response with `body`, its content type and `headers`; hyper adds the length, and leaves
/// the body out of answers to HEAD.
fn answer(
    status: StatusCode,
    kind: &'static str,
    headers: &[(HeaderName, &str)],
    body: Bytes,
) -> Answer {
    let mut response = Response::new(Either::Left(Full::new(body)));
    *response.status_mut() = status;
    set_headers(&mut response, kind, headers);
    response
}

fn set_headers<T>(response: &mut Response<T>, kind: &'static str, headers: &[(HeaderName, &str)]) {
    let map = response.headers_mut();
    map.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    for (name, value) in headers {
        // Every value is made here from the site or a request path, which are valid headers.
        if let Ok(value) = HeaderValue::from_str(value) {
            map.insert(name.clone(), value);
        }
    }
}

/// Server-sent events: `retry`, then a `reload` event after every completed rebuild, good or
/// failed, and a comment when idle. Holds one of the places for event streams while open.
pub struct EventStream {
    first: Option<Bytes>,
    events: mpsc::Receiver<Bytes>,
    heartbeat: tokio::time::Interval,
    _place: OwnedSemaphorePermit,
}

impl EventStream {
    fn new(events: mpsc::Receiver<Bytes>, place: OwnedSemaphorePermit) -> EventStream {
        let mut heartbeat =
            tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
        heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        EventStream {
            first: Some(Bytes::from_static(b"retry: 300\n\n")),
            events,
            heartbeat,
            _place: place,
        }
    }
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let stream = &mut *self;
        if let Some(first) = stream.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        if let Poll::Ready(message) = stream.events.poll_recv(cx) {
            return Poll::Ready(message.map(|m| Ok(Frame::data(m))));
        }
        ready!(stream.heartbeat.poll_tick(cx));
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
            b": still here\n\n",
        )))))
    }
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
/// Where a request's path is, against the site's base path.
enum Under {
    /// Inside the site: the path inside it.
    Inside(String),
    /// The host's root or the base path without its slash, which lead to the site.
    Base,
    /// Elsewhere on the host.
    Outside,
}

/// `path` (decoded, without its leading slash) against `base_path` (`` or `/videos/hikari`).
fn under_base(path: &str, base_path: &str) -> Under {
    let base = base_path.trim_matches('/');
    if base.is_empty() {
        return Under::Inside(path.to_string());
    }
    if path.is_empty() || path == base {
        return Under::Base;
    }
    match path
        .strip_prefix(base)
        .and_then(|rest| rest.strip_prefix('/'))
    {
        Some(inner) => Under::Inside(inner.to_string()),
        None => Under::Outside,
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

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

    #[test]
    fn accept_failures_pause_longer_and_longer() {
        let mut pause = Pause::default();
        let pauses: Vec<Duration> = (0..8).map(|_| pause.grow()).collect();
        assert_eq!(pauses[0], FIRST_PAUSE);
        assert!(pauses.windows(2).all(|w| w[0] <= w[1]), "{pauses:?}");
        assert_eq!(pauses[7], LONGEST_PAUSE);
        pause.reset();
        assert_eq!(pause.grow(), FIRST_PAUSE);
    }

    fn responder() -> Responder {
        let store = Arc::new(super::super::store::Store::new().unwrap());
        let mut files = foldhash::HashMap::default();
        files.insert(
            "index.html".to_string(),
            store.put(b"<html><body>home</body></html>").unwrap(),
        );
        let site = Site {
            files,
            audience: "client".to_string(),
            protected: false,
            base_path: String::new(),
        };
        let sites = Sites {
            sites: vec![site],
            store: Some(store),
        };
        Responder {
            shared: Arc::new(Shared::new(sites)),
            allowed: Arc::new(Allowed::new([127, 0, 0, 1].into(), &[]).unwrap()),
            streams: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
        }
    }

    fn request(method: &str, target: &str, hosts: &[&str]) -> Request<()> {
        let mut request = Request::builder().method(method).uri(target);
        for host in hosts {
            request = request.header(header::HOST, *host);
        }
        request.body(()).unwrap()
    }

    /// A file whose copy in the store was changed or removed is refused, never served.
    #[test]
    fn a_changed_copy_in_the_store_is_never_served() {
        let responder = responder();
        let streaming = AtomicBool::new(false);
        let get = || responder.respond(&request("GET", "/", &["localhost"]), &streaming);
        assert_eq!(get().status(), StatusCode::OK);
        let sites = responder.shared.sites.read().unwrap().clone();
        let store = sites.store.as_ref().unwrap();
        let copies: Vec<_> = std::fs::read_dir(store.folder())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(copies.len(), 1);
        std::fs::write(&copies[0], b"<html><body>planted</body></html>").unwrap();
        let answer = get();
        assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let Either::Left(body) = answer.into_body() else {
            panic!("a plain answer")
        };
        let bytes = whole_body(body);
        assert!(!String::from_utf8_lossy(&bytes).contains("planted"));
        std::fs::remove_file(&copies[0]).unwrap();
        assert_eq!(get().status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    /// The bytes of a whole body, ready at once.
    fn whole_body(body: Full<Bytes>) -> Bytes {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(body.collect()).unwrap().to_bytes()
    }

    #[test]
    fn requests_are_checked_for_their_host_first() {
        let responder = responder();
        let streaming = AtomicBool::new(false);
        let status = |method, target, hosts: &[&str]| {
            responder
                .respond(&request(method, target, hosts), &streaming)
                .status()
        };
        assert_eq!(status("GET", "/", &["localhost:1111"]), StatusCode::OK);
        assert_eq!(status("GET", "/", &[]), StatusCode::BAD_REQUEST);
        assert_eq!(
            status("GET", "/", &["localhost", "localhost"]),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(status("GET", "/", &["evil.example"]), StatusCode::FORBIDDEN);
        assert_eq!(
            status("GET", "http://evil.example/", &["localhost"]),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status("POST", "/", &["localhost"]),
            StatusCode::METHOD_NOT_ALLOWED
        );
        assert_eq!(
            status("POST", "/", &["evil.example"]),
            StatusCode::FORBIDDEN
        );
        let long = format!("/{}", "a".repeat(MAX_TARGET));
        assert_eq!(
            status("GET", &long, &["localhost"]),
            StatusCode::URI_TOO_LONG
        );
        assert_eq!(
            status("GET", &long[..MAX_TARGET], &["localhost"]),
            StatusCode::NOT_FOUND
        );
        assert!(!streaming.load(Ordering::Relaxed));
    }

    #[test]
    fn event_streams_are_bounded_and_carry_reloads() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let _inside = runtime.enter();
        let responder = responder();
        let streaming = AtomicBool::new(false);
        let events = request("GET", EVENTS, &["localhost"]);
        let mut open: Vec<Answer> = (0..MAX_EVENT_STREAMS)
            .map(|_| responder.respond(&events, &streaming))
            .collect();
        assert!(open.iter().all(|r| r.status() == StatusCode::OK));
        assert!(streaming.load(Ordering::Relaxed));
        let refused = responder.respond(&events, &AtomicBool::new(false));
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        // A closed stream gives its place back.
        open.pop();
        assert_eq!(
            responder.respond(&events, &AtomicBool::new(false)).status(),
            StatusCode::OK
        );
        responder.shared.reload(7);
        let body = open.remove(0).into_body();
        let text = runtime.block_on(async move {
            let mut body = pin!(body);
            let mut text = String::new();
            for _ in 0..2 {
                let frame = body.frame().await.unwrap().unwrap();
                text.push_str(&String::from_utf8_lossy(&frame.into_data().unwrap()));
            }
            text
        });
        assert_eq!(text, "retry: 300\n\nevent: reload\ndata: 7\n\n");
    }
}
