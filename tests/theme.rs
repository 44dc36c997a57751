//! The default theme in headless Chromium. Every page of the example's three sites, and the
//! password page of a locked one, is checked by axe-core at 1280 and 390 CSS pixels wide, in
//! the light and the dark scheme: no violation, no console error, no request to another host.
//! Call sheets print on one page of A4 and of US Letter; the storyboard prints six panels a
//! page.
//!
//! axe-core comes from the npm registry: `.ci/run` installs it into `.ci/tools/`
//! (`CLAPBOARD_AXE` may name another `axe.min.js`). Outside CI, without it or without Chromium,
//! these tests say so loudly and skip.

mod common;

use std::path::{Path, PathBuf};

use common::browser::Browser;
use common::*;
use serde_json::Value;

/// The widths every page is checked at: a laptop and a phone.
const WIDTHS: [u32; 2] = [1280, 390];
const SCHEMES: [&str; 2] = ["light", "dark"];

fn axe_source() -> Option<String> {
    let path = std::env::var_os("CLAPBOARD_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/tools/node_modules/axe-core/axe.min.js")
        });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!(
                "CI=true but {} is missing: .ci/run installs axe-core",
                path.display()
            )
        }
        Err(_) => {
            eprintln!(
                "\n*** SKIPPED: this test needs axe-core at {} (npm install --prefix .ci/tools axe-core) ***\n",
                path.display()
            );
            None
        }
    }
}

/// axe-core's violations on the page as it is now, one line each.
fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    if browser.execute("return typeof axe === 'object';") != Value::Bool(true) {
        browser.execute(&format!("{axe}\nreturn true;"));
    }
    let found = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { resultTypes: ['violations'] })
           .then(r => done(r.violations.map(v =>
             v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
             v.nodes.map(n => n.target.join(' ') + (n.failureSummary ? ' [' + n.failureSummary.replace(/\\s+/g, ' ') + ']' : '')).join(', '))))
           .catch(e => done(['axe failed: ' + e]));",
    );
    match found {
        Value::Array(lines) => lines
            .into_iter()
            .map(|l| l.as_str().unwrap_or("").to_string())
            .collect(),
        other => vec![format!("axe gave no answer: {other}")],
    }
}

/// Loads every page of `site` (served under `folder`, its `base_url`'s path) and checks it at
/// each width and scheme; returns the problems.
fn check_site(
    browser: &Browser,
    axe: &str,
    site: &Path,
    folder: &str,
    pages: &[String],
) -> Vec<String> {
    let base = server::serve_at(site, folder);
    let origin = base.split('/').take(3).collect::<Vec<_>>().join("/");
    let mut problems = Vec::new();
    let _ = browser.requests();
    let _ = browser.console_errors();
    for page in pages {
        browser.viewport(WIDTHS[0], 900);
        browser.color_scheme(SCHEMES[0]);
        browser.goto(&format!("{base}{}", clapboard::urls::encode_path(page)));
        assert!(
            browser.wait_until("return document.readyState === 'complete'", 60),
            "{page} did not load"
        );
        for scheme in SCHEMES {
            browser.color_scheme(scheme);
            assert_eq!(
                browser.execute(&format!(
                    "return matchMedia('(prefers-color-scheme: {scheme})').matches;"
                )),
                Value::Bool(true),
                "the {scheme} scheme"
            );
            for width in WIDTHS {
                browser.viewport(width, 900);
                assert_eq!(
                    browser.execute("return window.innerWidth;"),
                    Value::from(width),
                    "the viewport"
                );
                // Scrolled to the end, so that lazy images load too.
                browser.execute("window.scrollTo(0, document.body.scrollHeight); return true;");
                for violation in violations(browser, axe) {
                    problems.push(format!("{page} at {width}px, {scheme}: {violation}"));
                }
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        for error in browser.console_errors() {
            problems.push(format!("{page}: console error: {error}"));
        }
        for request in browser.requests() {
            if !request.starts_with(&origin) && !request.starts_with("data:") {
                problems.push(format!("{page}: asked another host for {request}"));
            }
        }
    }
    problems
}

fn check_audience(audience: &str) {
    let Some(axe) = axe_source() else { return };
    let Some(browser) = Browser::start() else {
        return;
    };
    for production in productions() {
        let copy = unlocked_copy(&production);
        let site = build(copy.path()).join(audience);
        let pages = pages(&site);
        assert!(pages.len() > 15, "{audience}: {pages:?}");
        let problems = check_site(
            &browser,
            &axe,
            &site,
            &base_path(copy.path(), audience),
            &pages,
        );
        assert!(
            problems.is_empty(),
            "{} problems on the {audience} site's {} pages of {}:\n{}",
            problems.len(),
            pages.len(),
            production.display(),
            problems.join("\n")
        );
    }
}

#[test]
fn the_public_site_is_accessible_at_both_widths_in_both_schemes() {
    check_audience("public");
}

#[test]
fn the_client_site_is_accessible_at_both_widths_in_both_schemes() {
    check_audience("client");
}

#[test]
fn the_crew_site_is_accessible_at_both_widths_in_both_schemes() {
    check_audience("crew");
}

#[test]
fn the_password_page_is_accessible_at_both_widths_in_both_schemes() {
    let Some(axe) = axe_source() else { return };
    let Some(browser) = Browser::start() else {
        return;
    };
    let project = example_copy_protected();
    let dist = clapboard_command()
        .args(["build", project.path().to_str().unwrap()])
        .env("CLAPBOARD_CLIENT_PASSWORD", "label-review-sodium-2026")
        .env("CLAPBOARD_CREW_PASSWORD", "call-sheet-lamps-out-0919")
        .output()
        .expect("clapboard runs");
    assert!(
        dist.status.success(),
        "{}",
        String::from_utf8_lossy(&dist.stderr)
    );
    let site = project.path().join("dist/crew");
    let problems = check_site(&browser, &axe, &site, "", &["/".to_string()]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The number of pages of a PDF, read by a PDF parser.
fn page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .expect("Chromium's PDF parses")
        .get_pages()
        .len()
}

/// A4 and US Letter, in centimetres.
const PAPERS: [(&str, f64, f64); 2] = [("A4", 21.0, 29.7), ("Letter", 21.59, 27.94)];

#[test]
fn each_call_sheet_prints_on_one_page_and_the_storyboard_six_panels_a_page() {
    let Some(browser) = Browser::start() else {
        return;
    };
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let site = build(copy.path()).join("crew");
        let base = server::serve_at(&site, &base_path(copy.path(), "crew"));
        let days: Vec<String> = pages(&site)
            .into_iter()
            .filter(|p| p.starts_with("/schedule/day-"))
            .collect();
        let written = common::documents::items(copy.path(), "schedule", "days").len();
        assert_eq!(days.len(), written, "{what}: {days:?}");
        for day in &days {
            browser.goto(&format!("{base}{}", clapboard::urls::encode_path(day)));
            assert!(browser.wait_until("return document.readyState === 'complete'", 10));
            for (paper, width, height) in PAPERS {
                let pdf = browser.print(width, height);
                assert_eq!(
                    page_count(&pdf),
                    1,
                    "{what}: the call sheet {day} prints on more than one {paper} page"
                );
            }
        }

        browser.goto(&format!("{base}/storyboard/"));
        assert!(browser.wait_until("return document.readyState === 'complete'", 10));
        let panels = browser.execute("return document.querySelectorAll('.panel').length;");
        let panels = panels.as_u64().expect("a count") as usize;
        let written = common::documents::items(copy.path(), "storyboard", "panels").len();
        assert_eq!(panels, written, "{what}");
        // On paper, panels 7, 13, 19 … start new pages and no other panel does.
        browser.media("print");
        let breaks = browser.execute(
            "return [...document.querySelectorAll('.panel')].map(p => getComputedStyle(p).breakBefore === 'page');",
        );
        browser.media("");
        let starts: Vec<usize> = breaks
            .as_array()
            .expect("a list")
            .iter()
            .enumerate()
            .filter(|(_, b)| b.as_bool() == Some(true))
            .map(|(i, _)| i + 1)
            .collect();
        let expected: Vec<usize> = (7..=panels).step_by(6).collect();
        assert_eq!(starts, expected, "{what}");
        let title = yaml(&copy.path().join("clapboard.yaml"))["title"]
            .as_str()
            .unwrap()
            .to_string();
        for (paper, width, height) in PAPERS {
            let pdf = browser.print(width, height);
            let pages = panels.div_ceil(6);
            assert_eq!(
                page_count(&pdf),
                pages,
                "{what}: the storyboard's {panels} panels on {paper}, six a page"
            );
            // Each printed page names the production and is numbered.
            let document = lopdf::Document::load_mem(&pdf).unwrap();
            for page in 1..=pages as u32 {
                let text = document.extract_text(&[page]).unwrap_or_default();
                let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    text.contains(&format!("{page} / {pages}")),
                    "{what}: page {page} on {paper} is not numbered: {text}"
                );
                let latin: String = title.chars().filter(char::is_ascii_alphabetic).collect();
                let found: String = text.chars().filter(char::is_ascii_alphabetic).collect();
                assert!(
                    found.contains(&latin) && text.contains("Storyboard"),
                    "{what}: page {page} on {paper} does not name {title}: {text}"
                );
            }
        }
    }
}
