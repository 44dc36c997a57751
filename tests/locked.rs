//! A locked site as a stranger sees it: served by a plain static file server, fetched without
//! the password, file by file and at every address a crawler could guess. Nothing private may
//! come back: no phone number, address, call time, budget line or shot description, no image,
//! and no build record. With the key, every file opens, but only at its own address.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use clapboard::protect::Key;
use common::*;

/// What each production keeps from strangers, read with clapboard's own model.
fn secrets(production: &Path) -> BTreeSet<String> {
    let checked = clapboard::load_and_check(production, None).expect("the production checks");
    let p = &checked.production;
    let mut found = BTreeSet::new();
    let mut add = |text: Option<&str>| {
        if let Some(text) = text.map(str::trim).filter(|t| t.len() >= 5) {
            found.insert(text.to_string());
        }
    };
    for member in &p.crew {
        add(member.inner.phone.as_deref());
        add(member.inner.email.as_deref());
    }
    for member in &p.cast {
        for contact in member.inner.contact.iter().chain(&member.inner.agent) {
            add(contact.phone.as_deref());
            add(contact.email.as_deref());
        }
    }
    for location in &p.locations {
        add(location.inner.address.as_deref());
        if let Some(contact) = &location.inner.contact {
            add(contact.phone.as_deref());
        }
    }
    for day in &p.days {
        add(Some(&day.inner.general_call.value.to_string()));
        add(day
            .inner
            .wrap
            .as_ref()
            .map(|w| w.value.to_string())
            .as_deref());
    }
    for line in &p.budget.lines {
        add(Some(&line.inner.item));
    }
    for shot in &p.shots {
        add(Some(&shot.inner.description));
    }
    assert!(
        found.len() > 10,
        "{}: too few secrets to look for",
        production.display()
    );
    found
}

/// Addresses a crawler tries on any clapboard site, and this production's own guessable ones.
fn guessable(production: &Path) -> Vec<String> {
    let mut paths: Vec<String> = [
        "/",
        "/index.html",
        "/treatment/",
        "/storyboard/",
        "/shots/",
        "/locations/",
        "/people/",
        "/budget/",
        "/post/",
        "/release/",
        "/schedule/",
        "/schedule/shoot.ics",
        "/journal/",
        "/journal/atom.xml",
        "/press/",
        "/press/release/",
        "/press/press-kit.zip",
        "/release/premiere.ics",
        "/sitemap.xml",
        "/robots.txt",
        "/404.html",
        "/.clapboard-site",
        "/.clapboard/",
        "/.clapboard/crew.site",
        "/.git/config",
        "/.env",
        "/.well-known/",
        "/clapboard.yaml",
        "/people.yaml",
        "/budget.yaml",
        "/schedule.yaml",
        "/assets/",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    for day in 1..=12 {
        paths.push(format!("/schedule/day-{day}/"));
        paths.push(format!("/schedule/day-{day}.ics"));
    }
    // Every file of the project at its own path: images under their names, documents.
    for entry in walkdir::WalkDir::new(production) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(production).unwrap();
        if entry.file_type().is_file() && !relative.starts_with("dist") {
            paths.push(format!("/{}", relative.to_string_lossy()));
        }
    }
    paths
}

/// The theme's own files and the project's `static/`: the frame every site is served with.
fn frame(production: &Path) -> Vec<Vec<u8>> {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    [theme, production.join("static")]
        .iter()
        .flat_map(|dir| walkdir::WalkDir::new(dir).into_iter().flatten())
        .filter(|e| e.file_type().is_file())
        .map(|e| fs::read(e.path()).unwrap())
        .collect()
}

fn get(base: &str, path: &str) -> (u16, Vec<u8>) {
    let response = ureq::get(&format!("{base}{path}"))
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    (status, body)
}

/// Whether a response is a picture a stranger could look at: it decodes, or it starts like
/// one of the formats a site publishes. (Formats sniffed from two bytes, such as BMP's `BM`
/// or PNM's `P5`, are left out: a random nonce starts that way about once in a few hundred
/// files, and decoding still catches any real one.)
fn looks_like_an_image(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(2048)]).to_lowercase();
    let publishable = body.starts_with(b"\x89PNG\r\n\x1a\n")
        || body.starts_with(&[0xFF, 0xD8, 0xFF])
        || body.starts_with(b"GIF8")
        || (body.len() >= 12 && &body[..4] == b"RIFF" && &body[8..12] == b"WEBP");
    publishable || image::load_from_memory(body).is_ok() || head.contains("<svg")
}

#[test]
fn a_stranger_without_the_password_learns_nothing_private() {
    for production in productions() {
        let project = production_copy(&production);
        let (dist, locked) = build_locked(project.path());
        assert!(
            !locked.is_empty(),
            "{}: no locked site",
            production.display()
        );
        let secrets = secrets(project.path());
        let frame = frame(project.path());
        for audience in &locked {
            let site = dist.join(audience);
            let files: Vec<PathBuf> = snapshot(&site).into_keys().collect();
            let dotfiles: Vec<&PathBuf> = files
                .iter()
                .filter(|f| f.to_string_lossy().split('/').any(|p| p.starts_with('.')))
                .collect();
            assert!(
                dotfiles.is_empty(),
                "{audience}: the site folder holds files a visitor should not fetch: {dotfiles:?}"
            );
            let base = server::serve(&site);
            let mut addresses: Vec<String> = files
                .iter()
                .map(|f| format!("/{}", f.to_string_lossy()))
                .collect();
            addresses.extend(guessable(project.path()));
            let mut problems = Vec::new();
            for address in &addresses {
                let (status, body) = get(&base, address);
                let text = String::from_utf8_lossy(&body);
                for secret in &secrets {
                    if text.contains(secret.as_str()) {
                        problems.push(format!("{address} ({status}) shows {secret:?}"));
                    }
                }
                if looks_like_an_image(&body) && !frame.contains(&body) {
                    problems.push(format!("{address} ({status}) is an image"));
                }
                for word in [
                    "# salt: ",
                    ".clapboard-site",
                    "BEGIN:VCALENDAR",
                    "PK\u{3}\u{4}",
                ] {
                    if text.contains(word) {
                        problems.push(format!("{address} ({status}) holds {word:?}"));
                    }
                }
            }
            assert!(
                problems.is_empty(),
                "{} {audience}: {} responses give something away:\n{}",
                production.display(),
                problems.len(),
                problems.join("\n")
            );
        }
    }
}

/// The salt, nonce and ciphertext of a locked page.
fn sealed_page(site: &Path, file: &str) -> (String, String, String) {
    let page = html(site, file);
    let form = select(&page, "form#unlock");
    let form = form
        .first()
        .unwrap_or_else(|| panic!("{file} is not locked"));
    let attribute = |name: &str| form.value().attr(name).unwrap().to_string();
    (
        attribute("data-salt"),
        attribute("data-nonce"),
        attribute("data-page"),
    )
}

#[test]
fn with_the_key_every_file_opens_only_at_its_own_address() {
    for production in productions() {
        let project = production_copy(&production);
        let (dist, locked) = build_locked(project.path());
        for audience in &locked {
            let site = dist.join(audience);
            let (salt, _, _) = sealed_page(&site, "index.html");
            let key = Key::derive(
                &test_password(audience),
                &salt,
                clapboard::protect::ITERATIONS,
            )
            .unwrap();
            let pages: Vec<String> = pages(&site);
            assert!(pages.len() > 5, "{audience}: {pages:?}");
            let mut opened = Vec::new();
            for (n, address) in pages.iter().enumerate() {
                let file = format!("{}index.html", address.trim_start_matches('/'));
                let file = if address.ends_with(".html") {
                    address.trim_start_matches('/').to_string()
                } else {
                    file
                };
                let (_, nonce, data) = sealed_page(&site, &file);
                let html = key
                    .open(address, &nonce, &data)
                    .unwrap_or_else(|| panic!("{audience}{address} does not open"));
                let html = String::from_utf8(html).unwrap();
                assert!(html.contains("<main"), "{address}");
                // Moved to the next page's address, the same ciphertext does not open.
                let other = &pages[(n + 1) % pages.len()];
                assert!(
                    key.open(other, &nonce, &data).is_none(),
                    "{audience}: the page of {address} opens at {other}"
                );
                opened.push(html);
            }
            // Every other file the pages point at opens at its address, and only there.
            let mut private = BTreeSet::new();
            for html in &opened {
                for attribute in ["data-locked-src", "data-locked-href", "data-locked-srcset"] {
                    for part in html.split(&format!("{attribute}=\"")).skip(1) {
                        let value = part.split('"').next().unwrap();
                        for candidate in value.split(',') {
                            if let Some(url) = candidate.split_whitespace().next() {
                                private.insert(url.to_string());
                            }
                        }
                    }
                }
            }
            assert!(
                private.iter().any(|u| u.ends_with(".ics")) || audience != "crew",
                "{audience}: no calendar among {private:?}"
            );
            let mut images = 0;
            // Pages link under the site's base path; a file is sealed to its address in the
            // site.
            let base = base_path(project.path(), audience);
            let private: BTreeSet<String> = private
                .iter()
                .map(|url| url.strip_prefix(base.as_str()).unwrap_or(url).to_string())
                .collect();
            for url in &private {
                let sealed = fs::read(site.join(url.trim_start_matches('/'))).unwrap();
                let plain = key
                    .open_file(url, &sealed)
                    .unwrap_or_else(|| panic!("{audience}: {url} does not open"));
                if url.ends_with(".ics") {
                    let text = String::from_utf8(plain).unwrap();
                    let calendar: icalendar::Calendar = text.parse().expect("a calendar");
                    assert!(!calendar.components.is_empty(), "{url}");
                } else if url.ends_with(".zip") {
                    let zip = zip::ZipArchive::new(std::io::Cursor::new(plain)).expect("a zip");
                    assert!(!zip.is_empty(), "{url}");
                } else {
                    let svg = String::from_utf8_lossy(&plain).contains("<svg");
                    assert!(
                        svg || image::load_from_memory(&plain).is_ok(),
                        "{audience}: {url} is not an image once opened"
                    );
                    images += 1;
                }
                let elsewhere = private.iter().find(|u| *u != url).unwrap();
                assert!(
                    key.open_file(elsewhere, &sealed).is_none(),
                    "{audience}: {url} opens at {elsewhere}"
                );
            }
            assert!(images > 3, "{audience}: only {images} images");
        }
    }
}

#[test]
fn build_records_live_beside_the_sites_not_in_them() {
    let project = production_copy(&example_dir());
    let (dist, locked) = build_locked(project.path());
    let records = dist.join(".clapboard");
    for audience in ["public", "client", "crew"] {
        let record = fs::read_to_string(records.join(format!("{audience}.site")))
            .unwrap_or_else(|e| panic!("{audience}: {e}"));
        assert!(record.contains("index.html"));
        assert_eq!(
            record.contains("# salt: "),
            locked.iter().any(|a| a == audience),
            "{audience}: only a locked site has a salt"
        );
        assert!(!dist.join(audience).join(".clapboard-site").exists());
    }
    // The salt survives a rebuild, so keys that browsers remember keep working.
    let (salt, _, _) = sealed_page(&dist.join("crew"), "index.html");
    build_locked(project.path());
    assert_eq!(sealed_page(&dist.join("crew"), "index.html").0, salt);
}

#[test]
fn a_weak_password_is_refused_naming_the_audience() {
    let project = example_copy_protected();
    let build = |crew_password: &str| {
        clapboard_command()
            .args(["build", project.path().to_str().unwrap(), "--now", NOW])
            .env("CLAPBOARD_CLIENT_PASSWORD", "label-review-sodium-2026")
            .env("CLAPBOARD_CREW_PASSWORD", crew_password)
            .output()
            .unwrap()
    };
    let out = build("sodium2026");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("weak-password"), "{stderr}");
    assert!(stderr.contains("crew site"), "{stderr}");
    assert!(stderr.contains("passphrase"), "{stderr}");
    assert!(stderr.contains("clapboard.yaml"), "{stderr}");
    assert!(
        !stderr.contains("sodium2026"),
        "the password is never printed"
    );
    assert!(!project.path().join("dist/crew").exists());

    // An audience may accept a weak password, knowingly.
    let config = project.path().join("clapboard.yaml");
    let text = fs::read_to_string(&config).unwrap().replace(
        "password_env: CLAPBOARD_CREW_PASSWORD",
        "password_env: CLAPBOARD_CREW_PASSWORD\n    accept_weak_password: true",
    );
    fs::write(&config, text).unwrap();
    let out = build("sodium2026");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_locked_site_s_file_names_do_not_change_from_build_to_build() {
    for production in productions() {
        let project = production_copy(&production);
        let names = |dist: &Path, locked: &[String]| -> Vec<String> {
            locked
                .iter()
                .flat_map(|audience| {
                    snapshot(&dist.join(audience))
                        .into_keys()
                        .map(move |p| format!("{audience}/{}", p.display()))
                })
                .collect()
        };
        let (dist, locked) = build_locked(project.path());
        let first = names(&dist, &locked);
        assert!(first.iter().any(|n| n.ends_with(".ics")), "{first:?}");
        // Another build of the same sites, a week later by its clock. (A build into an empty
        // folder makes a new salt, and with it new names for private files: by design.)
        let checked = clapboard::load_and_check(project.path(), None).unwrap();
        let mut command = clapboard_command();
        command.args([
            "build",
            project.path().to_str().unwrap(),
            "--now",
            "2026-11-30T09:30",
        ]);
        for audience in &checked.production.config.audiences {
            if let Some(variable) = &audience.password_env {
                command.env(variable, test_password(&audience.name.value));
            }
        }
        assert!(command.output().unwrap().status.success());
        assert_eq!(names(&dist, &locked), first, "{}", production.display());
    }
}
