//! One site per audience, and nothing private on a site that may not show it.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;

const CLIENT_PASSWORD: &str = "label-review-sodium-2026";
const CREW_PASSWORD: &str = "call-sheet-lamps-out-0919";

/// Builds `project` with the example's passwords set; returns clapboard's output.
fn build_protected(project: &Path) -> (String, String) {
    let out = clapboard_command()
        .args(["build", project.to_str().unwrap(), "--now", NOW])
        .env("CLAPBOARD_CLIENT_PASSWORD", CLIENT_PASSWORD)
        .env("CLAPBOARD_CREW_PASSWORD", CREW_PASSWORD)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr)
}

/// Every file of a site, as a reader of that audience gets it: pages, images, calendars and
/// the zip of a locked site decrypted with `password`.
fn readable(site: &Path, password: Option<&str>) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = snapshot(site);
    if let Some(password) = password {
        // The key is derived once per site, as a browser that remembers it does.
        let key = key_for(&files[Path::new("index.html")], password);
        for (path, bytes) in files.iter_mut() {
            let file = path.to_string_lossy();
            if path.extension().is_some_and(|e| e == "html") {
                let (nonce, data) = sealed(bytes).unwrap();
                *bytes = key
                    .open(&clapboard::protect::page_address(&file), &nonce, &data)
                    .unwrap_or_else(|| panic!("{} does not unlock", path.display()));
            } else if let Some(plain) = key.open_file(&format!("/{file}"), bytes) {
                // The theme's own files are not encrypted, and do not open.
                *bytes = plain;
            }
        }
    }
    // What a zip holds is read as a reader unzips it: `press/press-kit.zip/<member>`.
    unzipped(files)
}

/// The lock's attributes of a locked page: salt, iterations, nonce and data.
fn lock_of(page: &[u8]) -> Option<[String; 4]> {
    let document = scraper::Html::parse_document(&String::from_utf8_lossy(page));
    let form = select(&document, "form#unlock").into_iter().next()?;
    let data = |name: &str| form.value().attr(name).unwrap_or_default().to_string();
    Some([
        data("data-salt"),
        data("data-iterations"),
        data("data-nonce"),
        data("data-page"),
    ])
}

fn sealed(page: &[u8]) -> Option<(String, String)> {
    let [_, _, nonce, data] = lock_of(page)?;
    Some((nonce, data))
}

fn key_for(page: &[u8], password: &str) -> clapboard::protect::Key {
    let [salt, iterations, _, _] = lock_of(page).expect("a locked page");
    clapboard::protect::Key::derive(password, &salt, iterations.parse().unwrap()).unwrap()
}

/// Decrypts the locked page at `address` as the browser does.
fn decrypt(page: &[u8], address: &str, password: &str) -> Option<Vec<u8>> {
    let [salt, iterations, nonce, data] = lock_of(page)?;
    clapboard::protect::open(
        password,
        &salt,
        iterations.parse().ok()?,
        address,
        &nonce,
        &data,
    )
}

/// Crew contact details and budget lines of the example, read from its YAML.
fn secrets(project: &Path) -> (Vec<String>, Vec<String>) {
    let people = yaml(&project.join("people.yaml"));
    let locations = yaml(&project.join("locations.yaml"));
    let budget = yaml(&project.join("budget.yaml"));
    let mut contacts = Vec::new();
    for member in people["cast"].as_array().unwrap() {
        for part in ["contact", "agent"] {
            for field in ["phone", "email"] {
                if let Some(v) = member[part][field].as_str() {
                    contacts.push(v.to_string());
                }
            }
        }
    }
    for member in people["crew"].as_array().unwrap() {
        for field in ["phone", "email"] {
            if let Some(v) = member[field].as_str() {
                contacts.push(v.to_string());
            }
        }
    }
    for location in locations["locations"].as_array().unwrap() {
        for field in ["phone", "email"] {
            if let Some(v) = location["contact"][field].as_str() {
                contacts.push(v.to_string());
            }
        }
    }
    let lines = budget["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["item"].as_str().unwrap().to_string())
        .collect();
    (contacts, lines)
}

fn find_in(files: &BTreeMap<PathBuf, Vec<u8>>, needles: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        for needle in needles {
            if text.contains(needle.as_str()) {
                found.push(format!("{needle} in {}", path.display()));
            }
        }
    }
    found
}

#[test]
fn nothing_private_reaches_the_public_or_client_site() {
    let project = example_copy_protected();
    build_protected(project.path());
    let dist = project.path().join("dist");
    let (contacts, lines) = secrets(project.path());
    assert!(contacts.len() > 20 && lines.len() > 20);

    let public = readable(&dist.join("public"), None);
    assert!(public.len() > 20);
    assert!(
        public.keys().any(|p| p.starts_with("press/press-kit.zip/")),
        "the zip's members are read too"
    );
    assert_eq!(
        find_in(&public, &contacts),
        Vec::<String>::new(),
        "crew contacts on the public site"
    );
    assert_eq!(
        find_in(&public, &lines),
        Vec::<String>::new(),
        "budget lines on the public site"
    );

    let client = readable(&dist.join("client"), Some(CLIENT_PASSWORD));
    assert_eq!(
        find_in(&client, &contacts),
        Vec::<String>::new(),
        "crew contacts on the client site"
    );
    // The client does see the budget, the crew the call sheets.
    assert!(!find_in(&client, &lines).is_empty());
    let crew = readable(&dist.join("crew"), Some(CREW_PASSWORD));
    assert!(!find_in(&crew, &contacts).is_empty());
    assert!(
        crew.keys()
            .any(|p| p.ends_with("schedule/day-1/index.html"))
    );
    assert!(
        !client.keys().any(|p| p.starts_with("schedule")),
        "no call sheets for the client"
    );
    assert!(
        !public
            .keys()
            .any(|p| p.starts_with("budget") || p.starts_with("shots"))
    );
}

#[test]
fn protected_pages_hide_their_text_and_need_the_password() {
    let project = example_copy_protected();
    build_protected(project.path());
    let crew = project.path().join("dist/crew");
    let raw = read(&crew, "schedule/day-1/index.html");
    assert!(
        !raw.contains("General call") && !raw.contains("Day 1 of 2"),
        "plaintext in a protected page"
    );
    let day = "/schedule/day-1/";
    assert!(decrypt(raw.as_bytes(), day, "not the password").is_none());
    assert!(decrypt(raw.as_bytes(), "/schedule/day-2/", CREW_PASSWORD).is_none());
    let page = String::from_utf8(decrypt(raw.as_bytes(), day, CREW_PASSWORD).unwrap()).unwrap();
    assert!(page.contains("Day 1 of 2"));
    for (path, bytes) in snapshot(&crew) {
        if path.extension().is_some_and(|e| e == "html") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("Cast and crew calls") && !text.contains("Nearest hospital"),
                "{}",
                path.display()
            );
        }
        // Images of a locked site, and their copies, have names that say nothing of them.
        if path.starts_with("assets") {
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(is_hex(&name, 32), "{}", path.display());
        }
    }
    // Calendars keep their usual addresses, encrypted.
    for calendar in [
        "schedule/day-1.ics",
        "schedule/day-2.ics",
        "schedule/shoot.ics",
    ] {
        let bytes = fs::read(crew.join(calendar)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("VCALENDAR"),
            "{calendar} is readable"
        );
    }
    let calendars = snapshot(&crew)
        .into_iter()
        .filter(|(p, _)| p.starts_with("schedule") && p.extension().is_some_and(|e| e == "ics"))
        .count();
    assert_eq!(
        calendars, 3,
        "a calendar per shoot day and one for the shoot"
    );
}

#[test]
fn no_password_is_written_or_printed() {
    let project = example_copy_protected();
    let (stdout, stderr) = build_protected(project.path());
    for password in [CLIENT_PASSWORD, CREW_PASSWORD] {
        assert!(!stdout.contains(password) && !stderr.contains(password));
        let found = find_in(
            &snapshot(&project.path().join("dist")),
            &[password.to_string()],
        );
        assert!(found.is_empty(), "{found:?}");
    }
}

#[test]
fn only_the_public_site_is_indexed() {
    let project = example_copy_protected();
    build_protected(project.path());
    let dist = project.path().join("dist");
    assert!(dist.join("public/sitemap.xml").is_file());
    assert!(read(&dist.join("public"), "robots.txt").contains("Allow: /"));
    assert!(!read(&dist.join("public"), "index.html").contains("noindex"));
    for audience in ["client", "crew"] {
        let site = dist.join(audience);
        assert!(
            !site.join("sitemap.xml").exists(),
            "{audience} has a sitemap"
        );
        assert!(read(&site, "robots.txt").contains("Disallow: /"));
        let password = if audience == "client" {
            CLIENT_PASSWORD
        } else {
            CREW_PASSWORD
        };
        for (path, bytes) in readable(&site, Some(password)) {
            // Pages, not the press release inside the zip.
            let in_zip = path.to_string_lossy().contains(".zip/");
            if path.extension().is_some_and(|e| e == "html") && !in_zip {
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    text.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
                    "{audience}: {}",
                    path.display()
                );
            }
        }
        assert!(
            !site.join("journal/atom.xml").exists(),
            "a protected site has no plaintext feed"
        );
    }
}

#[test]
fn a_missing_password_skips_that_site_and_says_why() {
    let project = example_copy_protected();
    let out = clapboard(&["build", project.path().to_str().unwrap(), "--now", NOW]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CLAPBOARD_CLIENT_PASSWORD"), "{stderr}");
    assert!(project.path().join("dist/public/index.html").is_file());
    assert!(!project.path().join("dist/client").exists());
    let asked = clapboard(&[
        "build",
        project.path().to_str().unwrap(),
        "--audience",
        "crew",
    ]);
    assert_eq!(
        asked.status.code(),
        Some(1),
        "a site asked for by name must be built or fail"
    );
}

#[test]
fn a_password_file_inside_the_project_is_refused() {
    let project = example_copy_protected();
    let config = project.path().join("clapboard.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace(
            "password_env: CLAPBOARD_CREW_PASSWORD",
            "password_file: crew-password.txt",
        ),
    )
    .unwrap();
    fs::write(project.path().join("crew-password.txt"), "secret").unwrap();
    let out = clapboard(&[
        "build",
        project.path().to_str().unwrap(),
        "--audience",
        "crew",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside the project"));
    // Outside the project it is read.
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("crew-password");
    fs::write(&file, "a long crew passphrase for the night shoot\n").unwrap();
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace(
            "password_file: crew-password.txt",
            &format!("password_file: {}", file.display()),
        ),
    )
    .unwrap();
    fs::remove_file(project.path().join("crew-password.txt")).unwrap();
    let out = clapboard(&[
        "build",
        project.path().to_str().unwrap(),
        "--audience",
        "crew",
        "--now",
        NOW,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(&project.path().join("dist/crew"), "index.html");
    assert!(
        decrypt(
            page.as_bytes(),
            "/",
            "a long crew passphrase for the night shoot"
        )
        .is_some()
    );
}

#[test]
fn images_lose_their_location_on_the_way_out() {
    let project = example_copy_protected();
    // A JPEG whose EXIF names where it was taken.
    let mut jpeg = vec![0xFF, 0xD8];
    let exif = b"Exif\0\0GPSLatitude 53.7898 GPSLongitude -1.5602";
    jpeg.extend([0xFF, 0xE1]);
    jpeg.extend(((exif.len() + 2) as u16).to_be_bytes());
    jpeg.extend(exif);
    jpeg.extend([0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9]);
    fs::write(project.path().join("assets/stills/roof.jpg"), &jpeg).unwrap();
    let kit = project.path().join("release/press-kit.yaml");
    let text = fs::read_to_string(&kit).unwrap();
    fs::write(&kit, text.replacen("images:\n", "images:\n  - file: assets/stills/roof.jpg\n    caption: The roof\n    alt: The roof at dawn\n", 1)).unwrap();
    build_protected(project.path());
    let published = fs::read(project.path().join("dist/public/assets/stills/roof.jpg")).unwrap();
    assert!(published.starts_with(&[0xFF, 0xD8]));
    assert!(!String::from_utf8_lossy(&published).contains("GPS"));
    // Unreferenced files are not published at all.
    fs::write(
        project.path().join("assets/notes-for-the-grader.txt"),
        "not for anyone",
    )
    .unwrap();
    build_protected(project.path());
    assert!(
        !project
            .path()
            .join("dist/public/assets/notes-for-the-grader.txt")
            .exists()
    );
}

#[test]
fn a_link_to_what_an_audience_cannot_see_is_plain_text() {
    let project = example_copy_protected();
    build_protected(project.path());
    let public = project.path().join("dist/public");
    for (path, bytes) in snapshot(&public) {
        let text = String::from_utf8_lossy(&bytes);
        for hidden in [
            "/shots/#",
            "/schedule/",
            "/locations/#",
            "/storyboard/#",
            "/budget/",
        ] {
            assert!(
                !text.contains(&format!("href=\"{hidden}")),
                "{} links to {hidden}",
                path.display()
            );
        }
    }
}

/// Whether `text` is `digits` hexadecimal digits: a name made from a hash.
fn is_hex(text: &str, digits: usize) -> bool {
    text.len() == digits && text.chars().all(|c| c.is_ascii_hexdigit())
}
