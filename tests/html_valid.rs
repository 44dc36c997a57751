//! Every page of the example's sites passes the W3C Nu HTML Checker (`vnu.jar`, from the npm
//! package `vnu-jar`, run with Java). `.ci/run` installs both; outside CI, without them, the
//! test says so loudly and skips.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

/// Where the checker is: `CLAPBOARD_VNU_JAR`, or where `.ci/run` installs it.
fn checker() -> Option<PathBuf> {
    let jar = std::env::var_os("CLAPBOARD_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(".ci/tools/node_modules/vnu-jar/build/dist/vnu.jar")
        });
    let java = Command::new("java").arg("-version").output().is_ok();
    if jar.is_file() && java {
        return Some(jar);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but the Nu HTML Checker is missing ({}; java found: {java}): .ci/run installs it",
            jar.display()
        );
    }
    eprintln!(
        "\n*** SKIPPED: this test needs Java and the Nu HTML Checker: npm install --prefix .ci/tools vnu-jar ***\n"
    );
    None
}

#[test]
fn every_page_of_every_site_is_valid_html() {
    let Some(jar) = checker() else {
        return;
    };
    // All three sites as their readers see them, and the locked pages of protected ones.
    let open = example_copy();
    let open_dist = build(open.path());
    let locked = example_copy_protected();
    let out = clapboard_command()
        .args(["build", locked.path().to_str().unwrap(), "--now", NOW])
        .env("CLAPBOARD_CLIENT_PASSWORD", "label-review-sodium-2026")
        .env("CLAPBOARD_CREW_PASSWORD", "call-sheet-lamps-out-0919")
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut folders = vec![];
    for audience in ["public", "client", "crew"] {
        folders.push(open_dist.join(audience));
    }
    folders.push(locked.path().join("dist/crew"));
    let pages: usize = folders
        .iter()
        .map(|f| {
            snapshot(f)
                .keys()
                .filter(|p| p.extension().is_some_and(|e| e == "html"))
                .count()
        })
        .sum();
    assert!(pages > 80, "{pages} pages");
    let report = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .args(&folders)
        .output()
        .expect("java runs");
    let errors = String::from_utf8_lossy(&report.stderr);
    assert!(
        report.status.success() && errors.trim().is_empty(),
        "the Nu HTML Checker found errors in {pages} pages:\n{errors}"
    );
}
