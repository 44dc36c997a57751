//! Helpers for end-to-end tests: copies of the example project, running the real binary, and
//! reading the generated site back.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// The fixed clock of test builds.
pub const NOW: &str = "2026-11-23T12:00";

pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-project")
}

/// The productions of the repository: every folder holding `clapboard.yaml` at its top level
/// or in `examples/`. End-to-end and privacy tests run on each, so a new one is covered.
pub fn productions() -> Vec<PathBuf> {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for folder in [repository.to_path_buf(), repository.join("examples")] {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.join("clapboard.yaml").is_file() {
                found.push(path);
            }
        }
    }
    found.sort();
    assert!(!found.is_empty(), "the repository holds no production");
    found
}

/// The absolute addresses in a site's text files, calendars unfolded.
pub fn addresses_in(site: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (path, bytes) in snapshot(site) {
        let is_text = path.extension().is_some_and(|e| {
            ["html", "xml", "ics", "txt", "json", "webmanifest"].contains(&e.to_str().unwrap())
        });
        if !is_text {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap().replace("\r\n ", "");
        for (at, _) in text.match_indices("http") {
            let rest = &text[at..];
            if !(rest.starts_with("https://") || rest.starts_with("http://")) {
                continue;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || "\"'<>()\\,".contains(c))
                .unwrap_or(rest.len());
            found.push((path.display().to_string(), rest[..end].to_string()));
        }
    }
    found
}

/// A fresh copy of the example project (without any build output) in a temporary folder,
/// with its client and crew sites unprotected, so tests can read their pages.
pub fn example_copy() -> tempfile::TempDir {
    unlocked_copy(&example_dir())
}

/// A fresh copy of `production` (without any build output), its sites unprotected.
pub fn unlocked_copy(production: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(production, dir.path());
    let config = dir.path().join("clapboard.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let unlocked: String = text
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            !l.starts_with("password_env:") && !l.starts_with("password_file:")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(config, unlocked).unwrap();
    dir
}

/// A fresh copy of the example project as it is, passwords and all.
pub fn example_copy_protected() -> tempfile::TempDir {
    protected_copy(&example_dir())
}

/// A fresh copy of `production` (without any build output) as it is, passwords and all.
pub fn protected_copy(production: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(production, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "dist" {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The pages of a built site, as paths from its root (`/`, `/journal/`).
pub fn pages(site: &Path) -> Vec<String> {
    snapshot(site)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| format!("/{}", p.to_str().unwrap().trim_end_matches("index.html")))
        .collect()
}

/// The clapboard binary, ready to run. Builds share one cache of image copies, kept with the
/// tests' build files, so that only the first makes them.
pub fn clapboard_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clapboard"));
    command.env(
        "CLAPBOARD_CACHE",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("clapboard-cache"),
    );
    command
}

/// Runs the clapboard binary with `args`.
pub fn clapboard(args: &[&str]) -> Output {
    clapboard_command()
        .args(args)
        .output()
        .expect("the clapboard binary runs")
}

/// Builds `project` into `project/dist/<audience>/` with the test clock; returns `dist`. Panics
/// with the output if it fails.
pub fn build(project: &Path) -> PathBuf {
    build_at(project, NOW)
}

/// The `dist` folder of the example, built once per test process with the test clock and
/// without passwords, for tests that only read what was built. It is kept under the tests'
/// build files, a folder per test binary, and made again by each run.
pub fn built_example() -> &'static Path {
    static DIST: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIST.get_or_init(|| {
        let binary = std::env::current_exe().expect("the test binary's path");
        let name = binary.file_stem().expect("a file name").to_string_lossy();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("built-example-{name}"));
        let _ = fs::remove_dir_all(&dir);
        let copy = example_copy();
        copy_dir(copy.path(), &dir);
        build(&dir)
    })
}

/// Builds `project` with the clock at `now`; returns `dist`.
pub fn build_at(project: &Path, now: &str) -> PathBuf {
    let out = clapboard(&["build", project.to_str().unwrap(), "--now", now]);
    assert!(
        out.status.success(),
        "build failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    project.join("dist")
}

/// The `base_url` of `audience`'s site of `project` (the audience's own, or the production's),
/// with its trailing slash: `https://tsukishima.example.jp/videos/shuden/`.
pub fn base_url(project: &Path, audience: &str) -> String {
    let config = yaml(&project.join("clapboard.yaml"));
    let own = config["audiences"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["name"].as_str() == Some(audience))
        .and_then(|a| a["base_url"].as_str());
    let base_url = own.or(config["base_url"].as_str()).unwrap_or("/");
    format!("{}/", base_url.trim_end_matches('/'))
}

/// The path `audience`'s site of `project` is published under, from its `base_url` (the
/// audience's own, or the production's), without the trailing slash: `` for a site at its
/// host's root, `/videos/shuden` for one in a folder.
pub fn base_path(project: &Path, audience: &str) -> String {
    let base_url = base_url(project, audience);
    let base_url = base_url.trim_end_matches('/');
    match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]).to_string(),
        None => base_url.to_string(),
    }
}

/// The file of `site` a link of its pages points at: `href` (`/videos/shuden/journal/`,
/// percent-encoded) without the site's `base` path, its folder's `index.html` for a page.
pub fn file_of(site: &Path, base: &str, href: &str) -> PathBuf {
    let path = href.split(['#', '?']).next().unwrap();
    let path = path
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{href} is not under {base}/"));
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .unwrap();
    let file = site.join(path.trim_start_matches('/'));
    if path.ends_with('/') || path.is_empty() {
        file.join("index.html")
    } else {
        file
    }
}

pub fn read(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn html(site: &Path, path: &str) -> Html {
    Html::parse_document(&read(site, path))
}

pub fn select<'a>(document: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e:?}"));
    document.select(&selector).collect()
}

/// The production's first journal note, by file name, at the top of `journal/`.
pub fn first_note(project: &Path) -> PathBuf {
    let mut notes: Vec<PathBuf> = fs::read_dir(project.join("journal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    notes.sort();
    notes.swap_remove(0)
}

/// The `href` of every link matching `selector` (such as `.safety a`), in document order.
pub fn hrefs(document: &Html, selector: &str) -> Vec<String> {
    select(document, selector)
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

/// The text of the one element matching `selector`, whitespace collapsed.
pub fn text_of(document: &Html, selector: &str) -> String {
    let found = select(document, selector);
    assert_eq!(
        found.len(),
        1,
        "expected one `{selector}`, found {}",
        found.len()
    );
    found[0]
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a YAML file of the project as untyped data, independently of clapboard's model.
pub fn yaml(path: &Path) -> serde_json::Value {
    serde_saphyr::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// Every file of a site, with its bytes.
pub fn snapshot(site: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files.insert(
                entry.path().strip_prefix(site).unwrap().to_path_buf(),
                fs::read(entry.path()).unwrap(),
            );
        }
    }
    files
}

/// `files` with what each zip among them holds, as a reader unzips it:
/// `press/press-kit.zip/<member>`.
pub fn unzipped(mut files: BTreeMap<PathBuf, Vec<u8>>) -> BTreeMap<PathBuf, Vec<u8>> {
    let zips: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "zip"))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    for (path, bytes) in zips {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for i in 0..archive.len() {
            let mut member = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut member, &mut content).unwrap();
            files.insert(path.join(member.name().unwrap().to_string()), content);
        }
    }
    files
}

/// Where the unlocked `site` (every file, zip members too) holds any of `needles`, ignoring
/// case so that an id is found in its anchors (`#shot-1a`) too: `needle in path` for each.
pub fn mentions(site: &Path, needles: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    if !site.exists() {
        return found;
    }
    for (path, bytes) in unzipped(snapshot(site)) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for needle in needles {
            if text.contains(&needle.to_lowercase()) {
                found.push(format!("{needle} in {}", path.display()));
            }
        }
    }
    found
}

/// Millis in a duration written as `8`, `8.5`, `0:08` or `3:42`.
pub fn seconds(value: &serde_json::Value) -> f64 {
    match value {
        serde_json::Value::Number(n) => n.as_f64().unwrap(),
        serde_json::Value::String(s) => s.split(':').fold(0.0, |total, part| {
            total * 60.0 + part.parse::<f64>().unwrap()
        }),
        other => panic!("not a duration: {other}"),
    }
}

/// `m:ss` as the site prints it.
pub fn minutes_seconds(seconds: f64) -> String {
    let whole = seconds.round() as u64;
    format!("{}:{:02}", whole / 60, whole % 60)
}

/// A fresh copy of `production` (without build output) in a temporary folder.
pub fn production_copy(production: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(production, dir.path());
    dir
}

/// The passphrase tests give every locked audience: strong, and the same for each run.
pub fn test_password(audience: &str) -> String {
    format!("tulip-gravel-orbit-saxophone-{audience}")
}

/// Builds `project` with every audience that reads its password from the environment locked
/// with [`test_password`]; returns `dist` and the names of the locked audiences.
pub fn build_locked(project: &Path) -> (PathBuf, Vec<String>) {
    let checked = clapboard::load_and_check(project, None).expect("the production checks");
    let mut command = clapboard_command();
    command.args(["build", project.to_str().unwrap(), "--now", NOW]);
    let mut locked = Vec::new();
    for audience in &checked.production.config.audiences {
        if let Some(variable) = &audience.password_env {
            command.env(variable, test_password(&audience.name.value));
            locked.push(audience.name.value.clone());
        }
    }
    let out = command.output().expect("the clapboard binary runs");
    assert!(
        out.status.success(),
        "build failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (project.join("dist"), locked)
}

pub mod browser;
pub mod documents;
pub mod figures;
pub mod lsp;
pub mod server;
pub mod sheets;
