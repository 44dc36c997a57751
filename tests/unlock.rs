//! In headless Chromium: a protected site unlocks with the right password only, and with
//! "remember" on, the next page opens without asking again.

mod common;

use common::browser::Browser;
use common::*;

const CREW_PASSWORD: &str = "call-sheet-lamps-out-0919";

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
    let field = browser.wait_for("#password", 10).expect("the unlock form");
    browser.type_into(&field, "not the password");
    browser.click(&browser.find("button[type=submit]").unwrap());
    assert!(
        browser.wait_until(
            "return document.getElementById('unlock-message').textContent.includes('not right')",
            30
        ),
        "a wrong password says so"
    );
    assert!(browser.find("#unlock").is_some(), "the page stays locked");

    let field = browser.find("#password").unwrap();
    browser.execute("document.getElementById('password').value = ''");
    browser.type_into(&field, CREW_PASSWORD);
    browser.click(&browser.find("#remember").unwrap());
    browser.click(&browser.find("button[type=submit]").unwrap());
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
