//! `clapboard check`: human and JSON output, exit codes, warnings, on every production.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// The first line of `path` that sets `key` (`    location: depot`), and its value.
fn first_setting(path: &Path, key: &str) -> Option<(String, String)> {
    fs::read_to_string(path).unwrap().lines().find_map(|line| {
        let value = line.trim_start().strip_prefix(&format!("{key}: "))?;
        Some((line.to_string(), value.trim().to_string()))
    })
}

/// The first file of `document` with a line setting `key`, that line and its value (sheets
/// are made YAML first).
fn first_file_setting(project: &Path, document: &str, key: &str) -> (PathBuf, String, String) {
    common::documents::sheets_as_yaml(project);
    common::documents::files(project, document)
        .into_iter()
        .find_map(|path| {
            let (line, value) = first_setting(&path, key)?;
            Some((path, line, value))
        })
        .unwrap_or_else(|| panic!("{}: no `{key}` in {document}", project.display()))
}

/// Replaces the first `from` in `path` with `to`.
fn replace_in(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: {from}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `path` as `check` names it, from the project's folder.
fn relative(project: &Path, path: &Path) -> String {
    path.strip_prefix(project)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// An id misspelt as a hurried hand does: its last two letters swapped (`depot` -> `depto`).
fn misspelt(id: &str) -> String {
    let mut chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    chars.swap(n - 2, n - 1);
    chars.into_iter().collect()
}

#[test]
fn json_output_has_what_editors_need() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let (shots, line, location) = first_file_setting(project.path(), "shots", "location");
        let typo = misspelt(&location);
        replace_in(&shots, &line, &line.replace(&location, &typo));
        let (code, report) = check_json(project.path());
        assert_eq!(code, Some(1), "{what}");
        assert_eq!(report["errors"], 1, "{what}: {report}");
        let d = &report["diagnostics"][0];
        assert_eq!(d["file"], relative(project.path(), &shots), "{what}");
        assert!(d["line"].as_u64().unwrap() > 1, "{what}");
        assert!(d["column"].as_u64().unwrap() > 1, "{what}");
        assert_eq!(d["severity"], "error", "{what}");
        assert_eq!(d["code"], "unknown-id", "{what}");
        assert_eq!(
            d["message"],
            format!("there is no location `{typo}`"),
            "{what}"
        );
        assert_eq!(d["hint"], format!("did you mean `{location}`?"), "{what}");
        assert!(
            d["field"].as_str().unwrap().ends_with(".location"),
            "{what}: {}",
            d["field"]
        );
    }
}

#[test]
fn warnings_pass_unless_denied() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        // The first line's actual spend, far over its estimate.
        let (budget, line, actual) = first_file_setting(project.path(), "budget", "actual");
        replace_in(&budget, &line, &line.replace(&actual, "999999999"));
        let path = project.path().to_str().unwrap();
        let out = clapboard(&["check", path]);
        assert_eq!(out.status.code(), Some(0), "{what}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("warning[over-budget]"), "{what}: {stderr}");
        let file = relative(project.path(), &budget);
        assert!(stderr.contains(&format!("{file}:")), "{what}: {stderr}");
        assert_eq!(
            clapboard(&["check", path, "--deny-warnings"]).status.code(),
            Some(1),
            "{what}"
        );
        assert_eq!(
            clapboard(&["build", path, "--deny-warnings"]).status.code(),
            Some(1),
            "{what}"
        );
        assert!(!project.path().join("dist").exists(), "{what}");
    }
}

#[test]
fn every_problem_in_the_folder_is_reported_in_file_order() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        // Two mistakes in one file of the shot list, one in the schedule, one in the people.
        let (shots, line, location) = first_file_setting(root, "shots", "location");
        replace_in(
            &shots,
            &line,
            &line.replace(&location, &misspelt(&location)),
        );
        let (line, size) = first_setting(&shots, "size").expect("a shot with a size");
        replace_in(&shots, &line, &line.replace(&size, "MZ"));
        let (schedule, line, _) = first_file_setting(root, "schedule", "general_call");
        replace_in(
            &schedule,
            &line,
            &line.replace("general_call: \"", "general_call: \"9"),
        );
        let (people, line, _) = first_file_setting(root, "people", "department");
        replace_in(&people, &line, &line.replace("department:", "departmnet:"));
        let (_, report) = check_json(root);
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
        for edited in [&people, &schedule, &shots] {
            let edited = relative(root, edited);
            assert!(
                files.contains(&edited.as_str()),
                "{what}: {edited} not in {places:?}"
            );
        }
        let shots = relative(root, &shots);
        assert_eq!(
            files.iter().filter(|f| **f == shots).count(),
            2,
            "{what}: {places:?}"
        );
        let mut sorted = places.clone();
        sorted.sort();
        assert_eq!(places, sorted, "{what}: sorted by file and line");
    }
}

#[test]
fn text_from_yaml_is_escaped_in_html() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let attack = "\"<script>alert(1)</script><img src=x onerror=alert(2)>";
        let config = project.path().join("clapboard.yaml");
        let (title, _) = first_setting(&config, "title").unwrap();
        assert!(
            title.starts_with("title:"),
            "{what}: the production's title first"
        );
        replace_in(&config, &title, &format!("title: '{attack}'"));
        common::documents::sheets_as_yaml(project.path());
        let (shots, first) = common::documents::files(project.path(), "shots")
            .into_iter()
            .find_map(|path| {
                let first = yaml(&path)["shots"].get(0)?.clone();
                Some((path, first))
            })
            .expect("a shot");
        let description = first["description"].as_str().unwrap();
        replace_in(&shots, description, &format!("'{attack}'"));
        let site = build(project.path());
        let mut pages = 0;
        for entry in walkdir::WalkDir::new(&site) {
            let entry = entry.unwrap();
            if entry
                .path()
                .extension()
                .is_some_and(|e| e == "html" || e == "xml")
            {
                pages += 1;
                let text = fs::read_to_string(entry.path()).unwrap();
                assert!(
                    !text.contains("<script>alert"),
                    "{what}: {}",
                    entry.path().display()
                );
                assert!(
                    !text.contains("<img src=x"),
                    "{what}: {}",
                    entry.path().display()
                );
            }
        }
        assert!(pages > 0, "{what}");
        assert!(
            read(&site.join("client"), "shots/index.html")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{what}"
        );
    }
}

#[test]
fn symbolic_links_are_never_followed_or_copied() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
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
        std::os::unix::fs::symlink(outside.path(), project.path().join("assets/elsewhere"))
            .unwrap();
        let out = clapboard(&["build", project.path().to_str().unwrap(), "--now", NOW]);
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("symbolic link"), "{what}: {stderr}");
        let site = project.path().join("dist");
        let mut files = 0;
        for entry in walkdir::WalkDir::new(&site) {
            let entry = entry.unwrap();
            assert!(
                !entry.path_is_symlink(),
                "{what}: {}",
                entry.path().display()
            );
            if entry.file_type().is_file() {
                files += 1;
                let bytes = fs::read(entry.path()).unwrap();
                assert!(
                    !String::from_utf8_lossy(&bytes).contains("the location fee is secret"),
                    "{what}: {}",
                    entry.path().display()
                );
            }
        }
        assert!(files > 0, "{what}");
    }
}

// On the example alone: what --force keeps depends on the output folder, not on a production.
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
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let journal = project.path().join("journal");
        let note =
            |front: &str| format!("---\ntitle: A note\ndate: 2026-09-21\n{front}---\nText.\n");
        fs::write(journal.join("tags.md"), note("")).unwrap();
        fs::write(journal.join("---.md"), note("")).unwrap();
        fs::write(journal.join("one.md"), note("slug: the-roof\n")).unwrap();
        fs::write(
            journal.join("two.md"),
            note("slug: the-roof\ntags: [\"!!!\"]\n"),
        )
        .unwrap();
        let (code, report) = check_json(project.path());
        assert_eq!(code, Some(1), "{what}");
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
                "{what}: {code} in {file}:{line:?} not among {found:?}"
            );
        }
        assert_eq!(report["errors"], 4, "{what}: {found:?}");
    }
}

/// `clapboard check --format json`: its exit code and its report.
fn check_json(project: &Path) -> (Option<i32>, serde_json::Value) {
    let out = clapboard(&["check", project.to_str().unwrap(), "--format", "json"]);
    let report = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    (out.status.code(), report)
}
