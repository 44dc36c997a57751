//! `clapboard serve`: builds the production through the same pipeline as `build`, into a
//! store of its own (`store`) rather than the output folder,
//! serves it on loopback, watches the folder, rebuilds what an edit touched and tells open
//! pages to reload once the new site is complete. A failed rebuild keeps the last good site
//! and shows its problems over every page until they are fixed.

pub mod hosts;
mod http;
mod session;
pub mod store;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDateTime;

use self::http::Shared;
pub use self::http::{EVENTS, site_path};
pub use self::session::{Serving, Session, Site, Sites};
pub use self::watch::{Change, FolderWatch};
use crate::build::Overrides;
use crate::diagnostics::{self, Code, Diagnostic};
use crate::{Failure, load};

/// How to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub dir: PathBuf,
    /// The port to try first; the next free one is used when it is taken.
    pub port: u16,
    /// The address to listen on; loopback unless asked otherwise.
    pub bind: IpAddr,
    /// More names to answer to, besides loopback and `bind` (see [`hosts::Allowed`]).
    pub allowed_hosts: Vec<String>,
    /// The audience whose site to serve; the one that sees the most by default.
    pub audience: Option<String>,
    /// Open the site in the default browser.
    pub open: bool,
    pub now: Option<NaiveDateTime>,
    /// What the command line changes in the production (`--drafts`, `--base-url`).
    pub overrides: Overrides,
    /// Whether problems are printed in colour.
    pub styled: bool,
    /// Print only errors, and where the sites are served.
    pub quiet: bool,
    /// Print where each rebuild spent its time.
    pub verbose: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            dir: PathBuf::from("."),
            port: 1111,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            allowed_hosts: Vec::new(),
            audience: None,
            open: false,
            now: None,
            overrides: Overrides::default(),
            styled: false,
            quiet: false,
            verbose: false,
        }
    }
}

/// Binds `port` or the next free one after it.
fn bind(address: IpAddr, port: u16) -> Result<TcpListener, Failure> {
    for candidate in port..port.saturating_add(50) {
        if let Ok(listener) = TcpListener::bind(SocketAddr::new(address, candidate)) {
            return Ok(listener);
        }
    }
    Err(Diagnostic::error(
        Code::Io,
        format!("no free port from {port} to {}", port.saturating_add(49)),
    )
    .hint("pass another one with --port")
    .into())
}

/// The problems of a failed rebuild, as an overlay shown over every page.
fn overlay(diagnostics: &[Diagnostic]) -> String {
    let text: String = diagnostics
        .iter()
        .map(|d| format!("{}\n\n", d.render(false)))
        .collect();
    format!(
        "<div id=\"clapboard-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(17,16,21,.94);color:#f4f1ea;padding:2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace\"><p style=\"font:600 1.1rem system-ui,sans-serif;margin:0 0 1rem\">The last change could not be built ({}); this is the last good version. Fix the problem and save: the page reloads by itself.</p><pre style=\"white-space:pre-wrap;margin:0\">{}</pre></div>\n",
        crate::text::escape(&diagnostics::summary(diagnostics)),
        crate::text::escape(&text)
    )
}

/// Serves until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), Failure> {
    let allowed = hosts::Allowed::new(options.bind, &options.allowed_hosts).map_err(|e| {
        Diagnostic::error(Code::BadHost, e).hint("correct or remove that --allow-host")
    })?;
    let root = load::find_root(&options.dir)?;
    let serving = Serving {
        audience: options.audience.clone(),
        // Other machines are never served a locked site unasked: it is unencrypted here.
        locked_sites: options.bind.is_loopback(),
        now: options.now,
        overrides: options.overrides.clone(),
    };
    let mut session = Session::new(&root, serving);
    let printer = Printer::of(options);
    let started = Instant::now();
    let (sites, warnings) = session.rebuild()?;
    printer.problems(&warnings);
    // Watching starts before anything is served, so that no edit made once the address is
    // known can be missed.
    // Ctrl-C, a closed terminal or a kill ends the server: its store goes with it.
    if let Some(folder) = session.store_folder() {
        let _ = ctrlc::set_handler(move || {
            let _ = std::fs::remove_dir_all(&folder);
            std::process::exit(130);
        });
    }
    // The store's folder too, should the temporary folder be inside the production.
    let mut ignored = vec![root.join("dist"), root.join(".git"), root.join("target")];
    ignored.extend(session.store_folder());
    let mut watch = FolderWatch::new(&root, ignored).map_err(|e| {
        Diagnostic::error(Code::Io, format!("cannot watch {}: {e}", root.display()))
    })?;
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Diagnostic::error(Code::Io, e.to_string()))?;
    if options.port != 0 && address.port() != options.port {
        println!("port {} is taken; using {}", options.port, address.port());
    }
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: serving on {}, where other machines can reach it; sites with a password are served to them only when named with --audience, and then unencrypted",
            address.ip()
        );
    }
    let addresses: Vec<(String, bool, String)> = sites
        .sites
        .iter()
        .map(|site| {
            let base_path = crate::urls::encode_path(&site.base_path);
            let url = format!("http://{address}{base_path}/");
            (site.audience.clone(), site.protected, url)
        })
        .collect();
    let shared = Arc::new(Shared::new(sites));
    let server = http::Server::new(listener, shared.clone(), Arc::new(allowed))
        .map_err(|e| Diagnostic::error(Code::Io, format!("cannot start the server: {e}")))?;
    for (i, (audience, protected, url)) in addresses.iter().enumerate() {
        if i == 0 {
            println!(
                "serving the {audience} site of {} at {url} (built in {} ms)",
                root.display(),
                started.elapsed().as_millis()
            );
        } else {
            println!("serving the {audience} site at {url}");
        }
        if *protected && !printer.quiet {
            println!(
                "the {audience} site has a password: it is served here unencrypted, to this machine only"
            );
        }
    }
    let url = addresses
        .first()
        .map(|(_, _, url)| url.clone())
        .unwrap_or_default();
    if !printer.quiet {
        println!("watching for changes; press Ctrl-C to stop");
    }
    std::thread::Builder::new()
        .name("http".to_string())
        .spawn(move || server.run())
        .map_err(|e| {
            Diagnostic::error(Code::Io, format!("cannot start the server's thread: {e}"))
        })?;
    if options.open {
        open_browser(&url);
    }
    let mut generation = 0u64;
    loop {
        let change = watch.next_change();
        if change.paths.is_empty() && change.complete {
            continue;
        }
        let started = Instant::now();
        generation += 1;
        let rebuilt = session.rebuild_after(&change);
        let changed = change.paths;
        match rebuilt {
            Ok((sites, warnings)) => {
                *shared.sites.write().expect("unpoisoned sites") = Arc::new(sites);
                *shared.overlay.write().expect("an unpoisoned overlay") = None;
                shared.reload(generation);
                printer.problems(&warnings);
                let t = session.timings;
                if printer.verbose {
                    println!(
                        "{} changed; rebuilt in {} ms (load {}, check {}, view {}, render {})",
                        describe(&root, &changed),
                        started.elapsed().as_millis(),
                        t.load.as_millis(),
                        t.check.as_millis(),
                        t.view.as_millis(),
                        t.render.as_millis()
                    );
                } else if !printer.quiet {
                    println!(
                        "{} changed; rebuilt in {} ms",
                        describe(&root, &changed),
                        started.elapsed().as_millis()
                    );
                }
            }
            Err(Failure { diagnostics }) => {
                *shared.overlay.write().expect("an unpoisoned overlay") =
                    Some(overlay(&diagnostics));
                shared.reload(generation);
                printer.problems(&diagnostics);
                if !printer.quiet {
                    println!(
                        "{} changed; the sites were not rebuilt, the last good ones are still served",
                        describe(&root, &changed)
                    );
                }
            }
        }
    }
}

fn describe(root: &Path, changed: &[PathBuf]) -> String {
    let names: Vec<String> = changed
        .iter()
        .take(3)
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    let more = changed.len().saturating_sub(3);
    if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    }
}

/// What the dev server prints, as the command line asks.
struct Printer {
    styled: bool,
    quiet: bool,
    verbose: bool,
}

impl Printer {
    fn of(options: &ServeOptions) -> Printer {
        Printer {
            styled: options.styled,
            quiet: options.quiet,
            verbose: options.verbose,
        }
    }

    /// Prints problems: only errors when quiet.
    fn problems(&self, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics {
            if !self.quiet || diagnostic.is_error() {
                eprintln!("{}\n", diagnostic.render(self.styled));
            }
        }
    }
}

/// Opens `url` in the default browser, saying in one line when it cannot: the opener's own
/// output (xdg-open's complaints on a machine without a browser) is not shown.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(command)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let url = url.to_string();
    match spawned {
        Err(e) => eprintln!("could not open a browser ({command}: {e}); visit {url}"),
        // Waited for aside, so that a slow opener never holds the server up.
        Ok(mut child) => {
            std::thread::spawn(move || match child.wait() {
                Ok(status) if !status.success() => {
                    eprintln!("could not open a browser ({command} failed: {status}); visit {url}")
                }
                _ => {}
            });
        }
    }
}
