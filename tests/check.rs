//! `clapboard check`: human and JSON output, exit codes, warnings.

mod common;

use std::fs;

use common::*;

#[test]
fn json_output_has_what_editors_need() {
    let project = example_copy();
    let shots = project.path().join("shots.yaml");
    let text = fs::read_to_string(&shots).unwrap();
    fs::write(
        &shots,
        text.replacen("location: depot", "location: depto", 1),
    )
    .unwrap();
    let (code, report) = check_json(project.path());
    assert_eq!(code, Some(1));
    assert_eq!(report["errors"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["file"], "shots.yaml");
    assert!(d["line"].as_u64().unwrap() > 1);
    assert!(d["column"].as_u64().unwrap() > 1);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "unknown-id");
    assert_eq!(d["message"], "there is no location `depto`");
    assert_eq!(d["hint"], "did you mean `depot`?");
    assert!(d["field"].as_str().unwrap().ends_with(".location"));
}

#[test]
fn warnings_pass_unless_denied() {
    let project = example_copy();
    let budget = project.path().join("budget.yaml");
    let text = fs::read_to_string(&budget).unwrap();
    // The first line's actual spend, far over its estimate.
    let at = text.find("actual:").unwrap();
    let end = at + text[at..].find('\n').unwrap();
    fs::write(
        &budget,
        format!("{}actual: 999999{}", &text[..at], &text[end..]),
    )
    .unwrap();
    let path = project.path().to_str().unwrap();
    let out = clapboard(&["check", path]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning[over-budget]"), "{stderr}");
    assert!(stderr.contains("budget.yaml:"), "{stderr}");
    assert_eq!(
        clapboard(&["check", path, "--deny-warnings"]).status.code(),
        Some(1)
    );
    assert_eq!(
        clapboard(&["build", path, "--deny-warnings"]).status.code(),
        Some(1)
    );
    assert!(!project.path().join("dist").exists());
}

#[test]
fn every_problem_in_the_folder_is_reported_in_file_order() {
    let project = example_copy();
    let edit = |file: &str, from: &str, to: &str| {
        let path = project.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("shots.yaml", "size: MS", "size: MZ");
    edit("shots.yaml", "location: depot", "location: depto");
    edit("schedule.yaml", "general_call: \"", "general_call: \"9");
    edit("people.yaml", "department:", "departmnet:");
    let (_, report) = check_json(project.path());
    let places: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let files: Vec<&str> = places.iter().map(|(f, _)| f.as_str()).collect();
    assert!(
        files.contains(&"people.yaml")
            && files.contains(&"schedule.yaml")
            && files.contains(&"shots.yaml"),
        "{places:?}"
    );
    assert_eq!(
        files.iter().filter(|f| **f == "shots.yaml").count(),
        2,
        "{places:?}"
    );
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted, "sorted by file and line");
}

#[test]
fn text_from_yaml_is_escaped_in_html() {
    let project = example_copy();
    let edit = |file: &str, from: &str, to: &str| {
        let path = project.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let attack = "\"<script>alert(1)</script><img src=x onerror=alert(2)>";
    edit(
        "clapboard.yaml",
        "title: Sodium Hours",
        &format!("title: '{attack}'"),
    );
    let shots = yaml(&project.path().join("shots.yaml"));
    let description = shots["shots"][0]["description"]
        .as_str()
        .unwrap()
        .to_string();
    edit("shots.yaml", &description, &format!("'{attack}'"));
    let site = build(project.path());
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if entry
            .path()
            .extension()
            .is_some_and(|e| e == "html" || e == "xml")
        {
            let text = fs::read_to_string(entry.path()).unwrap();
            assert!(
                !text.contains("<script>alert"),
                "{}",
                entry.path().display()
            );
            assert!(!text.contains("<img src=x"), "{}", entry.path().display());
        }
    }
    assert!(
        read(&site.join("client"), "shots/index.html")
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}

#[test]
fn symbolic_links_are_never_followed_or_copied() {
    let project = example_copy();
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.txt"),
        "the location fee is secret",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        project.path().join("assets/secret.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), project.path().join("assets/elsewhere")).unwrap();
    let out = clapboard(&["build", project.path().to_str().unwrap(), "--now", NOW]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("symbolic link"), "{stderr}");
    let site = project.path().join("dist");
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        assert!(!entry.path_is_symlink(), "{}", entry.path().display());
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).unwrap();
            assert!(!String::from_utf8_lossy(&bytes).contains("the location fee is secret"));
        }
    }
}

#[test]
fn force_adds_the_site_to_a_foreign_folder_and_keeps_its_files() {
    let project = example_copy();
    let foreign = tempfile::tempdir().unwrap();
    fs::create_dir_all(foreign.path().join("public")).unwrap();
    fs::write(foreign.path().join("public/precious.txt"), "keep me").unwrap();
    let path = project.path().to_str().unwrap();
    let out_dir = foreign.path().to_str().unwrap();
    let refused = clapboard(&["build", path, "--out", out_dir, "--now", NOW]);
    assert_eq!(refused.status.code(), Some(1));
    let forced = clapboard(&["build", path, "--out", out_dir, "--now", NOW, "--force"]);
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert_eq!(
        fs::read_to_string(foreign.path().join("public/precious.txt")).unwrap(),
        "keep me"
    );
    assert!(foreign.path().join("public/index.html").is_file());
    // A later build, forced or not, still keeps the file.
    let again = clapboard(&["build", path, "--out", out_dir, "--now", NOW]);
    assert!(again.status.success());
    assert_eq!(
        fs::read_to_string(foreign.path().join("public/precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn every_address_problem_is_reported_at_once() {
    let project = example_copy();
    let journal = project.path().join("journal");
    let note = |front: &str| format!("---\ntitle: A note\ndate: 2026-09-21\n{front}---\nText.\n");
    fs::write(journal.join("tags.md"), note("")).unwrap();
    fs::write(journal.join("---.md"), note("")).unwrap();
    fs::write(journal.join("one.md"), note("slug: the-roof\n")).unwrap();
    fs::write(
        journal.join("two.md"),
        note("slug: the-roof\ntags: [\"!!!\"]\n"),
    )
    .unwrap();
    let (code, report) = check_json(project.path());
    assert_eq!(code, Some(1));
    let found: Vec<(String, String, Option<u64>)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64(),
            )
        })
        .collect();
    let expected = [
        ("empty-slug", "journal/---.md", None),
        ("reserved-slug", "journal/tags.md", None),
        ("path-collision", "journal/two.md", Some(4)),
        ("empty-slug", "journal/two.md", Some(5)),
    ];
    for (code, file, line) in expected {
        assert!(
            found
                .iter()
                .any(|(c, f, l)| c == code && f == file && *l == line),
            "{code} in {file}:{line:?} not among {found:?}"
        );
    }
    assert_eq!(report["errors"], 4, "{found:?}");
}

/// `clapboard check --format json`: its exit code and its report.
fn check_json(project: &std::path::Path) -> (Option<i32>, serde_json::Value) {
    let out = clapboard(&["check", project.to_str().unwrap(), "--format", "json"]);
    let report = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    (out.status.code(), report)
}
