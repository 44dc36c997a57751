//! yaml-language-server, the YAML language server of VS Code, Neovim, Helix and Zed, driven as
//! an editor drives it: JSON-RPC over its standard input and output, with `Content-Length`
//! framing. From the npm package `yaml-language-server`, run with Node.js.
//!
//! Outside CI, when it is not installed, [`YamlServer::start`] says so loudly and the test
//! skips; under `CI=true` a missing server fails the test. Every read has a deadline, so a
//! server that stops answering fails the test rather than hanging it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any answer may take: a schema is read and compiled on first use.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct YamlServer {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    /// The latest diagnostics published for each document, by URI.
    diagnostics: HashMap<String, Vec<Value>>,
}

/// Where the server is: `CLAPBOARD_YAML_LS`, or where `.ci/run` installs it.
fn server_script() -> PathBuf {
    std::env::var_os("CLAPBOARD_YAML_LS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(".ci/tools/node_modules/yaml-language-server/bin/yaml-language-server")
        })
}

/// A `file://` URI of a path, as editors send them.
pub fn uri(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

impl YamlServer {
    /// The server, initialised as an editor would with validation, completion and hover on
    /// and the online schema store off; `None` (and a loud message) when the server or Node.js
    /// is missing outside CI.
    pub fn start() -> Option<YamlServer> {
        let script = server_script();
        let node = Command::new("node").arg("--version").output().is_ok();
        if !script.is_file() || !node {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "CI=true but yaml-language-server is missing ({}; node found: {node}): .ci/run installs it",
                    script.display()
                );
            }
            eprintln!(
                "\n*** SKIPPED: this test needs Node.js and yaml-language-server: npm install --prefix .ci/tools yaml-language-server ***\n"
            );
            return None;
        }
        let mut child = Command::new("node")
            .arg(&script)
            .arg("--stdio")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node starts yaml-language-server");
        let input = child.stdin.take().unwrap();
        let output = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut output = BufReader::new(output);
            while let Some(message) = read_message(&mut output) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut server = YamlServer {
            child,
            input,
            messages,
            next_id: 0,
            diagnostics: HashMap::new(),
        };
        let markdown = json!(["markdown", "plaintext"]);
        server.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": null,
                "capabilities": { "textDocument": {
                    "completion": { "completionItem": {
                        "documentationFormat": markdown,
                        "snippetSupport": true
                    } },
                    "hover": { "contentFormat": markdown },
                    "publishDiagnostics": {}
                } }
            }),
        );
        server.notify("initialized", json!({}));
        server.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "yaml": {
                "validate": true,
                "completion": true,
                "hover": true,
                "schemaStore": { "enable": false }
            } } }),
        );
        Some(server)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|_| self.input.flush())
            .expect("yaml-language-server reads its input");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next message from the server before `deadline`, answering its own requests (for
    /// configuration and the like) with nothing and keeping the diagnostics it publishes.
    fn next_message(&mut self, deadline: Instant) -> Option<Value> {
        let wait = deadline.saturating_duration_since(Instant::now());
        let message = match self.messages.recv_timeout(wait) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => panic!("yaml-language-server stopped"),
        };
        match (
            message.get("method").and_then(Value::as_str),
            message.get("id"),
        ) {
            (Some("textDocument/publishDiagnostics"), _) => {
                let params = &message["params"];
                let uri = params["uri"].as_str().unwrap_or_default().to_string();
                let found = params["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                self.diagnostics.insert(uri, found);
            }
            (Some(method), Some(id)) => {
                let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                let result = match method {
                    "workspace/configuration" => Value::Array(vec![Value::Null; items]),
                    _ => Value::Null,
                };
                self.send(json!({ "jsonrpc": "2.0", "id": id.clone(), "result": result }));
            }
            _ => {}
        }
        Some(message)
    }

    /// Sends a request and waits for its answer.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self
                .next_message(deadline)
                .unwrap_or_else(|| panic!("yaml-language-server did not answer {method}"));
            if message.get("method").is_none() && message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    panic!("yaml-language-server answered {method} with {error}");
                }
                return message["result"].clone();
            }
        }
    }

    /// Opens `path` in the server with `text` as its content, and returns its URI. The file
    /// should exist where its modeline's relative `$schema` path is to resolve.
    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = uri(path);
        self.diagnostics.remove(&uri);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "yaml", "version": 1, "text": text
            } }),
        );
        uri
    }

    /// The diagnostics of an open document: waits for the server to publish them, then for
    /// it to fall quiet, so that a later publication is not missed.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        self.diagnostics_of(&[uri.to_string()]).remove(0)
    }

    /// The diagnostics of each of `uris`, open documents, in their order, waiting as
    /// [`YamlServer::diagnostics`] does.
    pub fn diagnostics_of(&mut self, uris: &[String]) -> Vec<Vec<Value>> {
        let deadline = Instant::now() + PATIENCE;
        while let Some(missing) = uris.iter().find(|u| !self.diagnostics.contains_key(*u)) {
            if self.next_message(deadline).is_none() {
                panic!("yaml-language-server published no diagnostics for {missing}");
            }
        }
        while self
            .next_message(Instant::now() + Duration::from_millis(500))
            .is_some()
        {}
        uris.iter().map(|u| self.diagnostics[u].clone()).collect()
    }

    /// The completion items offered at a 0-based line and character of an open document.
    pub fn completion(&mut self, uri: &str, line: usize, character: usize) -> Vec<Value> {
        let result = self.request(
            "textDocument/completion",
            json!({
                "textDocument": { "uri": uri },
                "position": { "line": line, "character": character }
            }),
        );
        match result {
            Value::Array(items) => items,
            Value::Object(list) => list
                .get("items")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The text of a hover at a 0-based line and character of an open document.
    pub fn hover(&mut self, uri: &str, line: usize, character: usize) -> String {
        let result = self.request(
            "textDocument/hover",
            json!({
                "textDocument": { "uri": uri },
                "position": { "line": line, "character": character }
            }),
        );
        documentation(&result["contents"])
    }
}

/// The text of a completion item's or a hover's documentation, plain or Markdown.
pub fn documentation(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(markup) => markup
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        Value::Array(parts) => parts
            .iter()
            .map(documentation)
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

impl Drop for YamlServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One framed message, or `None` at the end of the output.
fn read_message(output: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if output.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    output.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
