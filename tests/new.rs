//! `clapboard new`: the blank production is complete (every field of every document written as
//! a comment), named after its folder, and checks and builds clean; the example is still there.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn blank_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/blank")
}

/// Runs `clapboard new` into `parent/name`, and returns the production's folder.
fn new(parent: &Path, name: &str, template: &[&str]) -> PathBuf {
    let project = parent.join(name);
    let mut args = vec!["new", project.to_str().unwrap()];
    args.extend(template);
    let out = clapboard(&args);
    assert!(
        out.status.success(),
        "new failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    project
}

fn check_is_clean(project: &Path) {
    let check = clapboard(&["check", project.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("0 errors, 0 warnings"),
        "{stdout}\n{stderr}"
    );
    assert!(stderr.is_empty(), "{stderr}");
}

fn title(project: &Path) -> String {
    yaml(&project.join("clapboard.yaml"))["title"]
        .as_str()
        .expect("a title")
        .to_string()
}

#[test]
fn blank_is_the_default_named_after_its_folder_and_builds_clean() {
    let dir = tempfile::tempdir().unwrap();
    let project = new(dir.path(), "my-video", &[]);
    for file in [
        "clapboard.yaml",
        "concept/treatment.md",
        "concept/moodboard.yaml",
        "storyboard.yaml",
        "shots.yaml",
        "locations.yaml",
        "people.yaml",
        "schedule.yaml",
        "budget.yaml",
        "post/cuts.yaml",
        "post/reviews.yaml",
        "post/vfx.yaml",
        "post/deliverables.yaml",
        "post/edit.md",
        "journal/first-note.md",
        "release/press-kit.yaml",
        "release/press-release.md",
        "release/promo.yaml",
        "schemas/shots.schema.json",
    ] {
        assert!(project.join(file).is_file(), "{file}");
    }
    assert_eq!(title(&project), "My Video");
    assert_eq!(
        yaml(&project.join("clapboard.yaml"))["song"]["title"],
        "My Video"
    );
    // No one's name or number comes with it: the example's people stay in the example.
    let example_people = yaml(&example_dir().join("people.yaml"));
    let mut private = Vec::new();
    for person in ["cast", "crew"]
        .iter()
        .flat_map(|list| example_people[list].as_array().unwrap())
    {
        for found in [
            &person["name"],
            &person["phone"],
            &person["contact"]["phone"],
        ] {
            if let Some(text) = found.as_str() {
                private.push(text.to_string());
            }
        }
    }
    assert!(private.len() > 10, "{private:?}");
    assert_eq!(mentions(&project, &private), Vec::<String>::new());

    // Every schema is written, and each is the one `clapboard schema` writes today.
    for schema in clapboard::schema::all() {
        let written = fs::read_to_string(project.join("schemas").join(schema.file_name()))
            .unwrap_or_else(|e| panic!("{}: {e}", schema.file_name()));
        assert_eq!(written, schema.text(), "{}", schema.file_name());
    }

    check_is_clean(&project);
    let dist = build(&project);
    for audience in ["public", "client", "crew"] {
        let site = dist.join(audience);
        assert!(site.join("index.html").is_file(), "{audience}");
        let home = html(&site, "index.html");
        assert!(
            text_of(&home, "title").contains("My Video"),
            "{audience}: {}",
            text_of(&home, "title")
        );
    }
    // The draft note is checked, not published.
    assert!(!dist.join("public/journal/first-note").exists());
}

/// The files of the production at `root` for each document kind, by its schema's name.
fn files_by_schema(root: &Path) -> BTreeMap<&'static str, Vec<PathBuf>> {
    let mut found: BTreeMap<&'static str, Vec<PathBuf>> = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(root).unwrap();
            if relative.starts_with("schemas") || relative.starts_with("dist") {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else if let Some(schema) =
                clapboard::schema::for_path(&relative.to_string_lossy().replace('\\', "/"))
            {
                found.entry(schema).or_default().push(path);
            }
        }
    }
    found
}

/// Every field a schema names, at any depth: its own properties and those of its `$defs`. The
/// `audience` every item may have, and the `{value, audience}` form of any field, are left out:
/// they are not fields of the model.
fn fields(schema: &Value, into: &mut BTreeSet<String>) {
    match schema {
        Value::Object(object) => {
            if let Some(Value::Object(properties)) = object.get("properties") {
                let names: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
                let wrapper = names == BTreeSet::from(["value", "audience"]);
                for (name, property) in properties {
                    if !wrapper && name != "audience" {
                        into.insert(name.clone());
                    }
                    fields(property, into);
                }
            }
            for (key, value) in object {
                if key != "properties" {
                    fields(value, into);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| fields(item, into)),
        _ => {}
    }
}

/// Whether `text` names `field` as a YAML key, commented or not: `field:` after a space, a `#`,
/// a `-` or a `{`, or at the start of a line.
fn names_field(text: &str, field: &str) -> bool {
    let key = format!("{field}:");
    text.match_indices(&key).any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, ' ' | '#' | '-' | '{' | ',' | '\n'))
    })
}

/// Every field of every document kind, missing from the blank production's files of that kind.
fn missing_fields(root: &Path) -> Vec<String> {
    let files = files_by_schema(root);
    let mut missing = Vec::new();
    for schema in clapboard::schema::all() {
        let Some(paths) = files.get(schema.name) else {
            missing.push(format!("{}: no file", schema.name));
            continue;
        };
        let text: String = paths
            .iter()
            .map(|p| fs::read_to_string(p).unwrap())
            .collect();
        let mut names = BTreeSet::new();
        fields(&schema.schema, &mut names);
        assert!(!names.is_empty(), "{}", schema.name);
        for field in names {
            if !names_field(&text, &field) {
                missing.push(format!("{}: {field}", schema.name));
            }
        }
    }
    missing
}

#[test]
fn the_blank_names_every_field_of_every_document() {
    let missing = missing_fields(&blank_dir());
    assert!(
        missing.is_empty(),
        "write these fields, commented, into templates/blank/: {missing:#?}"
    );
}

#[test]
fn a_field_left_out_of_the_blank_is_found() {
    let copy = production_copy(&blank_dir());
    let shots = copy.path().join("shots.yaml");
    let text = fs::read_to_string(&shots).unwrap();
    let without: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("#     lens:"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_ne!(text, without, "the blank's shots name a lens");
    fs::write(&shots, without).unwrap();
    assert_eq!(missing_fields(copy.path()), ["shots: lens"]);
}

#[test]
fn the_blank_in_the_repository_builds_as_it_is() {
    let copy = production_copy(&blank_dir());
    assert_eq!(title(copy.path()), clapboard::starter::PLACEHOLDER_TITLE);
    check_is_clean(copy.path());
    build(copy.path());
}

#[test]
fn new_refuses_a_folder_that_holds_files() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("taken");
    fs::create_dir(&project).unwrap();
    fs::write(project.join("notes.txt"), "mine").unwrap();
    for template in ["blank", "example"] {
        let out = clapboard(&["new", project.to_str().unwrap(), "--template", template]);
        assert_eq!(out.status.code(), Some(1), "{template}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not empty"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        fs::read_dir(&project).unwrap().count(),
        1,
        "nothing written"
    );
    assert_eq!(
        fs::read_to_string(project.join("notes.txt")).unwrap(),
        "mine"
    );
    let unknown = clapboard(&["new", "elsewhere", "--template", "sodium"]);
    assert_eq!(unknown.status.code(), Some(2), "an unknown template");
}

#[test]
fn new_template_example_writes_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let project = new(dir.path(), "explore", &["--template", "example"]);
    for (file, expected) in [
        ("clapboard.yaml", "clapboard.yaml"),
        ("people.yaml", "people.yaml"),
        ("journal/premiere-night.md", "journal/premiere-night.md"),
    ] {
        assert_eq!(
            fs::read(project.join(file)).unwrap(),
            fs::read(example_dir().join(expected)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn any_folder_name_makes_a_valid_title() {
    let dir = tempfile::tempdir().unwrap();
    for (name, expected) in [
        ("it's: #1", "It's: #1"),
        ("\"quoted\" - \\back", "\"quoted\" \\back"),
        ("été-à-paris", "Été À Paris"),
        ("終電", "終電"),
        ("- [x] {y}: &z *w !t |", "[x] {y}: &z *w !t |"),
    ] {
        let project = new(dir.path(), name, &[]);
        assert_eq!(title(&project), expected, "{name}");
        check_is_clean(&project);
    }
}

/// `line` with its `# ` taken off, when it is a commented field (`#   - id: 1A # ...`).
fn uncommented(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("# ")?;
    let field = rest.trim_start().trim_start_matches("- ");
    let key = field.split_once(':')?.0;
    let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    is_key.then_some(rest)
}

#[test]
fn every_commented_field_is_valid_once_uncommented() {
    let copy = production_copy(&blank_dir());
    let mut uncommented_lines = 0;
    for paths in files_by_schema(copy.path()).values() {
        for path in paths {
            let text = fs::read_to_string(path).unwrap();
            let open: String = text
                .lines()
                .map(|line| match uncommented(line) {
                    Some(field) => {
                        uncommented_lines += 1;
                        format!("{field}\n")
                    }
                    None => format!("{line}\n"),
                })
                .collect();
            fs::write(path, open).unwrap();
        }
    }
    assert!(uncommented_lines > 250, "{uncommented_lines}");
    let out = clapboard(&["check", copy.path().to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    // What the example values refer to (images in assets/, a second location) is not there,
    // and one example shot is not a whole song; every value must still be read as what its
    // field holds.
    let unreadable: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            !matches!(
                d["code"].as_str().unwrap(),
                "missing-file" | "unknown-id" | "broken-reference" | "runtime-mismatch"
            )
        })
        .collect();
    assert!(unreadable.is_empty(), "{unreadable:#?}");
}

#[test]
fn the_blank_in_the_repository_carries_its_schemas_and_names_them() {
    for schema in clapboard::schema::all() {
        let path = blank_dir().join("schemas").join(schema.file_name());
        assert_eq!(
            fs::read_to_string(&path).unwrap_or_default(),
            schema.text(),
            "{} is out of date: run `clapboard schema --out templates/blank/schemas`",
            path.display()
        );
    }
    for (schema, paths) in files_by_schema(&blank_dir()) {
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        {
            let text = fs::read_to_string(path).unwrap();
            let first = text.lines().next().unwrap_or_default();
            assert!(
                first.starts_with("# yaml-language-server: $schema=")
                    && first.ends_with(&format!("schemas/{schema}.schema.json")),
                "{}: {first}",
                path.display()
            );
        }
    }
}
