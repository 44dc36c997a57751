//! Every page of every production's sites passes the W3C Nu HTML Checker (`vnu.jar`, from the npm
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
    // All three sites of every production as their readers see them, and the locked pages of
    // protected ones.
    let mut copies = Vec::new();
    let mut folders = vec![];
    for production in productions() {
        let open = unlocked_copy(&production);
        let open_dist = build(open.path());
        for audience in ["public", "client", "crew"] {
            folders.push(open_dist.join(audience));
        }
        let locked = protected_copy(&production);
        let (locked_dist, names) = build_locked(locked.path());
        for name in names {
            folders.push(locked_dist.join(name));
        }
        copies.push((open, locked));
    }
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
