//! In headless Chromium: a locked site unlocks with the right password only; its pages show
//! their images and give their calendars and zip, decrypted in the browser; a remembered
//! device is forgotten after its time or at the Lock button; a page moved to another address
//! does not open.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::browser::Browser;
use common::*;

const CREW_PASSWORD: &str = "call-sheet-lamps-out-0919";

/// Whether the page shows its own content rather than the password form.
const UNLOCKED: &str =
    "return !document.getElementById('unlock') && !!document.querySelector('main h1')";

/// Types `password` into the form of the page open in `browser`, ticking "remember" when asked.
fn unlock(browser: &Browser, password: &str, remember: bool) {
    let field = browser.wait_for("#password", 20).expect("the unlock form");
    browser.execute("document.getElementById('password').value = ''");
    browser.type_into(&field, password);
    if remember {
        browser.click(&browser.find("#remember").expect("a remember box"));
    }
    browser.click(&browser.find("button[type=submit]").unwrap());
}

#[test]
fn a_protected_page_unlocks_in_the_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let project = example_copy_protected();
    let out = clapboard_command()
        .args([
            "build",
            project.path().to_str().unwrap(),
            "--now",
            NOW,
            "--audience",
            "crew",
        ])
        .env("CLAPBOARD_CREW_PASSWORD", CREW_PASSWORD)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let base = server::serve(&project.path().join("dist/crew"));

    browser.goto(&format!("{base}/schedule/day-1/"));
    unlock(&browser, "not the password", false);
    assert!(
        browser.wait_until(
            "return document.getElementById('unlock-message').textContent.includes('not right')",
            30
        ),
        "a wrong password says so"
    );
    assert!(browser.find("#unlock").is_some(), "the page stays locked");

    unlock(&browser, CREW_PASSWORD, true);
    assert!(
        browser.wait_until("return !!document.querySelector('.call-sheet h1') && document.querySelector('.call-sheet h1').textContent.includes('Day 1 of 2')", 30),
        "the right password shows the call sheet"
    );

    // Another page of the same site opens without a second entry.
    browser.goto(&format!("{base}/people/"));
    assert!(
        browser.wait_until("return !!document.querySelector('main h1') && document.querySelector('main h1').textContent.includes('Cast, crew and credits')", 30),
        "the remembered key opens the next page"
    );
    assert!(browser.find("#unlock").is_none());
}

/// Waits for a file named `name` to be complete in `dir`, and reads it.
fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let path = dir.join(name);
        let partial = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
        if path.is_file() && !partial {
            return fs::read(path).unwrap();
        }
        assert!(Instant::now() < deadline, "{name} was not downloaded");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn every_locked_page_shows_its_images_and_its_downloads_open() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let downloads = tempfile::tempdir().unwrap();
    browser.download_into(downloads.path());
    for production in productions() {
        let project = production_copy(&production);
        let (dist, locked) = build_locked(project.path());
        for audience in &locked {
            let site = dist.join(audience);
            // Served where its `base_url` puts it, as a host would.
            let base = server::serve_at(&site, &base_path(project.path(), audience));
            browser.goto(&format!("{base}/"));
            unlock(&browser, &test_password(audience), false);
            assert!(browser.wait_until(UNLOCKED, 30), "{audience}: / unlocks");
            let mut images = 0;
            let mut saved = std::collections::BTreeSet::new();
            for width in [1280, 390] {
                browser.viewport(width, 900);
                for page in pages(&site) {
                    browser.goto(&format!("{base}{page}"));
                    assert!(
                        browser.wait_until(UNLOCKED, 30),
                        "{audience}{page}: the key of the tab opens it"
                    );
                    // Images below the fold load as they are scrolled to: load them all now.
                    browser.execute("for (const i of document.images) i.loading = 'eager'");
                    let shown = "return [...document.images].every(i => i.complete && i.naturalWidth > 0 && i.src.startsWith('blob:'))";
                    assert!(
                        browser.wait_until(shown, 30),
                        "{audience}{page} at {width} px: not every image shows: {}",
                        browser.execute("return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0 && i.src.startsWith('blob:'))).map(i => i.outerHTML).join('\\n')")
                    );
                    images += browser
                        .execute("return document.images.length")
                        .as_u64()
                        .unwrap();
                    // One copy of each image, the size the screen needs, not every size.
                    let fetched = browser
                        .execute("return performance.getEntriesByType('resource').filter(e => e.name.includes('/assets/')).length")
                        .as_u64()
                        .unwrap();
                    let count = browser
                        .execute("return document.images.length")
                        .as_u64()
                        .unwrap();
                    assert!(
                        fetched <= count,
                        "{audience}{page}: {fetched} image files fetched for {count} images"
                    );
                    if width != 1280 {
                        continue;
                    }
                    let links = browser.execute(
                        "return [...document.querySelectorAll('a[data-locked-name]')].filter(a => /\\.(ics|zip)$/.test(a.dataset.lockedName)).map(a => a.dataset.lockedName)",
                    );
                    for (n, name) in links.as_array().unwrap().iter().enumerate() {
                        let name = name.as_str().unwrap().to_string();
                        if !saved.insert(name.clone()) {
                            continue;
                        }
                        browser.execute(&format!(
                            "[...document.querySelectorAll('a[data-locked-name]')].filter(a => /\\.(ics|zip)$/.test(a.dataset.lockedName))[{n}].click()"
                        ));
                        let bytes = downloaded(downloads.path(), &name);
                        if name.ends_with(".ics") {
                            let text = String::from_utf8(bytes).expect("a calendar is text");
                            let calendar: icalendar::Calendar =
                                text.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
                            assert!(!calendar.components.is_empty(), "{name}");
                        } else {
                            let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
                                .unwrap_or_else(|e| panic!("{name}: {e}"));
                            assert!(!zip.is_empty(), "{name}");
                        }
                        fs::remove_file(downloads.path().join(&name)).unwrap();
                    }
                }
            }
            assert!(images > 3, "{audience}: only {images} images shown");
            if audience == "crew" {
                assert!(
                    saved.iter().any(|n| n.ends_with(".ics")),
                    "{audience}: no calendar downloaded: {saved:?}"
                );
            }
            assert!(
                saved.iter().any(|n| n.ends_with(".zip")),
                "{audience}: the press kit's zip was not downloaded: {saved:?}"
            );
            browser.execute("sessionStorage.clear(); localStorage.clear()");
        }
    }
}

#[test]
fn a_remembered_device_is_forgotten_after_its_days_and_at_the_lock_button() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let project = production_copy(&example_dir());
    let (dist, _) = build_locked(project.path());
    let base = server::serve(&dist.join("crew"));
    // The page's clock runs as many days ahead as the test says.
    browser.before_each_page(
        "(() => { const days = Number(localStorage.getItem('test-clock-days') || 0); const now = Date.now.bind(Date); Date.now = () => now() + days * 86400000; })();",
    );
    browser.goto(&format!("{base}/schedule/"));
    unlock(&browser, &test_password("crew"), true);
    assert!(browser.wait_until(UNLOCKED, 30), "the password opens it");
    let until = browser.execute(
        "const kept = Object.keys(localStorage).filter(k => k.startsWith('clapboard-key:')); return kept.length === 1 ? JSON.parse(localStorage.getItem(kept[0])).until - Date.now() : null",
    );
    let days = until.as_f64().expect("a remembered key with its time") / 86_400_000.0;
    assert!((29.9..=30.0).contains(&days), "remembered for {days} days");

    // A later visit (a new tab: nothing in this one's storage) within the 30 days opens.
    let visit = |days_later: u32| {
        browser.execute(&format!(
            "sessionStorage.clear(); localStorage.setItem('test-clock-days', '{days_later}')"
        ));
        browser.goto(&format!("{base}/people/"));
        std::thread::sleep(Duration::from_millis(500));
        browser.wait_until(UNLOCKED, 10)
    };
    assert!(visit(29), "29 days later the device is remembered");
    assert!(!visit(31), "31 days later the device is forgotten");
    assert!(browser.find("#unlock").is_some());
    assert_eq!(
        browser.execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('clapboard-key:')).length"
        ),
        serde_json::json!(0),
        "the expired key is deleted"
    );

    // The Lock button locks the site again and forgets the device.
    browser.execute("localStorage.setItem('test-clock-days', '0')");
    unlock(&browser, &test_password("crew"), true);
    assert!(browser.wait_until(UNLOCKED, 30));
    let button = browser
        .wait_for("[data-lock-site]:not([hidden])", 10)
        .expect("a visible Lock button");
    browser.click(&button);
    assert!(
        browser.wait_until("return !!document.getElementById('unlock')", 30),
        "the page is locked again"
    );
    assert_eq!(
        browser.execute("return Object.keys(localStorage).concat(Object.keys(sessionStorage)).filter(k => k.startsWith('clapboard-key:')).length"),
        serde_json::json!(0),
        "nothing of the key is kept"
    );
    browser.goto(&format!("{base}/schedule/"));
    std::thread::sleep(Duration::from_millis(500));
    assert!(!browser.wait_until(UNLOCKED, 5), "the next page asks again");
}

#[test]
fn a_page_moved_to_another_address_does_not_open() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let project = production_copy(&example_dir());
    let (dist, _) = build_locked(project.path());
    let site = dist.join("client");
    // As a host (or someone between it and the visitor) could: the budget served as the
    // shot list.
    fs::copy(
        site.join("budget/index.html"),
        site.join("shots/index.html"),
    )
    .unwrap();
    let base = server::serve(&site);
    browser.goto(&format!("{base}/budget/"));
    unlock(&browser, &test_password("client"), false);
    assert!(
        browser.wait_until(UNLOCKED, 30),
        "the budget opens at its own address"
    );

    browser.goto(&format!("{base}/shots/"));
    assert!(
        browser.wait_until(
            "return document.getElementById('unlock-message').textContent.includes('does not open')",
            30
        ),
        "the kept key does not open the moved page"
    );
    unlock(&browser, &test_password("client"), false);
    assert!(
        browser.wait_until(
            "return document.getElementById('unlock-message').textContent.includes('not right')",
            30
        ),
        "nor does the password"
    );
    assert!(browser.find("#unlock").is_some(), "the page stays locked");
}
