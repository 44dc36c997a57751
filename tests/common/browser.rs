//! Headless Chromium driven through chromedriver (WebDriver), for tests that need a real
//! browser. Debian's `chromium` and `chromium-driver`; nothing is downloaded.
//!
//! Outside CI, when they are not installed, [`Browser::start`] says so loudly and the test
//! skips; under `CI=true` a missing browser fails the test.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A fresh headless Chromium with an empty profile; `None` (and a loud message) when no
    /// browser is installed outside CI.
    pub fn start() -> Option<Browser> {
        if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "CI=true but {CHROMIUM} or {CHROMEDRIVER} is missing: .ci/run installs them"
                );
            }
            eprintln!(
                "\n*** SKIPPED: this test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver) ***\n"
            );
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-dev-shm-usage",
                        format!("--user-data-dir={}", profile.path().display()),
                        "--window-size=1280,900",
                        // Tests use loopback only: any other host fails at once.
                        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                    ]
                },
                // The network events, so that tests can see every request a page makes, and
                // the console.
                "goog:loggingPrefs": { "performance": "ALL", "browser": "ALL" }
            }}
        });
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            _profile: profile,
        };
        let created = browser.post("/session", capabilities);
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_string();
        // Generous limits: on a loaded two-core machine a page's scripts can take a while.
        browser.post(
            &browser.session("/timeouts"),
            json!({ "script": 120_000, "pageLoad": 120_000 }),
        );
        Some(browser)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match method {
            "GET" => ureq::get(&url).call(),
            "DELETE" => ureq::delete(&url).call(),
            _ => ureq::post(&url).send_json(body.unwrap_or(json!({}))),
        };
        match response {
            Ok(mut response) => response
                .body_mut()
                .read_json::<Value>()
                .map(|v| v["value"].clone())
                .unwrap_or(Value::Null),
            Err(ureq::Error::StatusCode(code)) => json!({ "error": code }),
            Err(e) => json!({ "error": e.to_string() }),
        }
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let mut response = ureq::post(&url)
            .send_json(body)
            .expect("chromedriver answers");
        response.body_mut().read_json::<Value>().expect("JSON")["value"].clone()
    }

    fn session(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", &self.session("/url"), Some(json!({ "url": url })));
    }

    /// The element matching `css`, if there is one now.
    pub fn find(&self, css: &str) -> Option<String> {
        let found = self.call(
            "POST",
            &self.session("/element"),
            Some(json!({ "using": "css selector", "value": css })),
        );
        found[ELEMENT].as_str().map(str::to_string)
    }

    /// Waits up to `seconds` for `css` to match.
    pub fn wait_for(&self, css: &str, seconds: u64) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            if let Some(element) = self.find(css) {
                return Some(element);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &self.session(&format!("/element/{element}/value")),
            Some(json!({ "text": text })),
        );
    }

    pub fn click(&self, element: &str) {
        self.call(
            "POST",
            &self.session(&format!("/element/{element}/click")),
            Some(json!({})),
        );
    }

    pub fn text(&self, element: &str) -> String {
        self.call(
            "GET",
            &self.session(&format!("/element/{element}/text")),
            None,
        )
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    /// Runs `script` in the page and returns its value.
    pub fn execute(&self, script: &str) -> Value {
        self.call(
            "POST",
            &self.session("/execute/sync"),
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// The addresses the browser asked for since the last call: every request of the page, its
    /// frames and its workers, from Chromium's network events. Chromium's own pages (its new
    /// tab page loads `chrome://` resources while the browser starts) are not the site's
    /// requests and never reach the network, so they are left out.
    pub fn requests(&self) -> Vec<String> {
        let mut urls = Vec::new();
        for entry in self.log("performance") {
            let Some(message) = entry["message"].as_str() else {
                continue;
            };
            let Ok(event) = serde_json::from_str::<Value>(message) else {
                continue;
            };
            let event = &event["message"];
            if event["method"] == "Network.requestWillBeSent"
                && let Some(url) = event["params"]["request"]["url"].as_str()
                && !is_browser_internal(url)
            {
                urls.push(url.to_string());
            }
        }
        urls
    }

    /// Runs `script`, which calls its last argument with the result, and returns that result.
    pub fn execute_async(&self, script: &str) -> Value {
        self.call(
            "POST",
            &self.session("/execute/async"),
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// The entries of chromedriver's log `kind` (`performance`, `browser`) since the last call.
    fn log(&self, kind: &str) -> Vec<Value> {
        match self.call(
            "POST",
            &self.session("/se/log"),
            Some(json!({ "type": kind })),
        ) {
            Value::Array(entries) => entries,
            _ => Vec::new(),
        }
    }

    /// The console's errors since the last call: messages logged at the severe level,
    /// failed loads included.
    pub fn console_errors(&self) -> Vec<String> {
        self.log("browser")
            .into_iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// Sets the viewport to `width` × `height` CSS pixels, through the device metrics, so that
    /// media queries see exactly that width.
    pub fn viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
    }

    /// Makes `prefers-color-scheme` report `scheme` (`light` or `dark`).
    pub fn color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// Makes the page use its `media` styles (`print`, `screen`); `""` ends the emulation, so
    /// that printing uses the print styles again.
    pub fn media(&self, media: &str) {
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": media }));
    }

    /// Saves the browser's downloads into `dir`.
    pub fn download_into(&self, dir: &Path) {
        self.cdp(
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": dir.to_str().unwrap() }),
        );
    }

    /// Runs `script` in every page before the page's own scripts, from the next load on.
    pub fn before_each_page(&self, script: &str) {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": script }),
        );
    }

    /// A Chrome DevTools Protocol command, through chromedriver.
    fn cdp(&self, command: &str, params: Value) -> Value {
        self.call(
            "POST",
            &self.session("/goog/cdp/execute"),
            Some(json!({ "cmd": command, "params": params })),
        )
    }

    /// The current page printed to PDF on paper `width` × `height` centimetres, with the
    /// page's own print styles and margins, never shrunk to fit.
    pub fn print(&self, width_cm: f64, height_cm: f64) -> Vec<u8> {
        use base64::Engine;
        let printed = self.cdp(
            "Page.printToPDF",
            json!({
                "paperWidth": width_cm / 2.54,
                "paperHeight": height_cm / 2.54,
                "preferCSSPageSize": false,
                "printBackground": true,
                "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0,
            }),
        );
        let data = printed["data"]
            .as_str()
            .unwrap_or_else(|| panic!("no PDF: {printed}"));
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64")
    }

    /// Waits up to `seconds` for `script` to return true.
    pub fn wait_until(&self, script: &str, seconds: u64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while Instant::now() < deadline {
            if self.execute(script) == Value::Bool(true) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &self.session(""), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Whether `url` names one of Chromium's own resources, served from inside the browser.
fn is_browser_internal(url: &str) -> bool {
    [
        "chrome:",
        "chrome-untrusted:",
        "chrome-extension:",
        "devtools:",
    ]
    .iter()
    .any(|scheme| url.starts_with(scheme))
}
