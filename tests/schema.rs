//! The JSON Schemas: every production carries the current ones and validates against them
//! with a JSON Schema validator, and a broken copy does not.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Every document of a project, as JSON, with the schema it should match.
fn documents(project: &Path) -> Vec<(String, &'static str, serde_json::Value)> {
    let mut documents = Vec::new();
    for entry in walkdir::WalkDir::new(project) {
        let entry = entry.unwrap();
        let relative = entry
            .path()
            .strip_prefix(project)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if relative.starts_with("schemas")
            || relative.starts_with("assets")
            || relative.starts_with("dist")
        {
            continue;
        }
        let Some(schema) = clapboard::schema::for_path(&relative) else {
            continue;
        };
        // A list kept as a sheet or an EDL is checked as the document it stands for.
        let list = match clapboard::load::classify(&relative).map(|k| k.document().place) {
            Some(clapboard::load::Place::List(list)) => list,
            _ => "",
        };
        match entry.path().extension().and_then(|e| e.to_str()) {
            Some("csv" | "xlsx" | "ods") => {
                let value = common::sheets::sheet_document(project, list, entry.path());
                documents.push((relative, schema, value));
                continue;
            }
            Some("edl") => {
                documents.push((relative, schema, common::sheets::edl_document(entry.path())));
                continue;
            }
            _ => {}
        }
        let text = fs::read_to_string(entry.path()).unwrap();
        let yaml = if relative.ends_with(".md") {
            text.split("\n---")
                .next()
                .unwrap()
                .trim_start_matches("---")
                .to_string()
        } else {
            text
        };
        let value: serde_json::Value =
            serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{relative}: {e}"));
        documents.push((relative, schema, value));
    }
    documents
}

fn validator(project: &Path, schema: &str) -> jsonschema::Validator {
    let text = fs::read_to_string(
        project
            .join("schemas")
            .join(format!("{schema}.schema.json")),
    )
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn every_production_carries_the_current_schemas() {
    for production in productions() {
        for schema in clapboard::schema::all() {
            let path = production.join("schemas").join(schema.file_name());
            let on_disk = fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(
                on_disk,
                schema.text(),
                "{} is out of date: run `clapboard schema --out {}/schemas`",
                path.display(),
                production.display()
            );
        }
    }
}

#[test]
fn every_yaml_file_of_every_production_names_its_schema() {
    for production in productions() {
        for (relative, schema, _) in documents(&production) {
            if relative.ends_with(".yaml") {
                let text = fs::read_to_string(production.join(&relative)).unwrap();
                let first = text.lines().next().unwrap();
                assert!(
                    first.starts_with("# yaml-language-server: $schema=")
                        && first.ends_with(&format!("schemas/{schema}.schema.json")),
                    "{}: {relative}: {first}",
                    production.display()
                );
            }
        }
    }
}

#[test]
fn every_production_validates_against_the_schemas() {
    for production in productions() {
        let what = production.display();
        let documents = documents(&production);
        assert!(
            documents.len() >= 20,
            "{what}: {} documents",
            documents.len()
        );
        for (relative, schema, value) in &documents {
            let validator = validator(&production, schema);
            let errors: Vec<String> = validator
                .iter_errors(value)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{what}: {relative} against {schema}: {errors:#?}"
            );
        }
    }
}

/// The first file of `document` in `project` with a line setting `key`, and that line.
fn first_line_setting(project: &Path, document: &str, key: &str) -> (String, String) {
    let files = if document == "clapboard" {
        vec![project.join("clapboard.yaml")]
    } else {
        common::documents::files(project, document)
    };
    files
        .iter()
        .find_map(|path| {
            let text = fs::read_to_string(path).unwrap();
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{key}:")))?;
            let relative = path.strip_prefix(project).unwrap().to_string_lossy();
            Some((relative.into_owned(), line.to_string()))
        })
        .unwrap_or_else(|| panic!("{}: no `{key}` in {document}", project.display()))
}

#[test]
fn a_broken_copy_does_not_validate() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        common::documents::sheets_as_yaml(root);
        let mut mistakes = Vec::new();
        let (file, line) = first_line_setting(root, "shots", "size");
        let size = line.split_once(':').unwrap().1.trim().to_string();
        mistakes.push((file, line.clone(), line.replace(&size, "medium")));
        let (file, line) = first_line_setting(root, "schedule", "general_call");
        mistakes.push((
            file,
            line.clone(),
            line.replace("general_call:", "general_cal:"),
        ));
        let (file, line) = first_line_setting(root, "budget", "currency");
        let currency = line.split_once(':').unwrap().1.trim().to_string();
        mistakes.push((
            file,
            line.clone(),
            line.replace(&currency, &format!("[{currency}]")),
        ));
        let (file, line) = first_line_setting(root, "clapboard", "artist");
        mistakes.push((file, line.clone(), line.replace("artist:", "artst:")));
        for (file, from, to) in &mistakes {
            let path = root.join(file);
            let text = fs::read_to_string(&path).unwrap();
            assert_ne!(from, to, "{what}: {file}");
            fs::write(&path, text.replacen(from.as_str(), to, 1)).unwrap();
        }
        let documents = documents(root);
        for (file, _, _) in &mistakes {
            let (_, schema, value) = documents
                .iter()
                .find(|(r, _, _)| r == file)
                .unwrap_or_else(|| panic!("{what}: {file} has no schema"));
            let validator = validator(root, schema);
            assert!(
                !validator.is_valid(value),
                "{what}: {file} should not validate"
            );
        }
        // And clapboard agrees.
        let out = clapboard(&["check", root.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{what}");
    }
}

#[test]
fn schema_writes_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let out = clapboard(&["schema", "--out", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let count = |dir: &std::path::Path| {
        fs::read_dir(dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_file())
            .count()
    };
    assert_eq!(count(dir.path()), clapboard::schema::all().len());
    assert_eq!(
        count(&dir.path().join("templates")),
        clapboard::sheets::template_schemas().len()
    );
}

#[test]
fn schema_run_inside_a_production_writes_into_its_own_schemas_folder() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        fs::remove_dir_all(project.path().join("schemas")).unwrap();
        let out = clapboard_command()
            .current_dir(project.path().join("journal"))
            .arg("schema")
            .output()
            .unwrap();
        assert!(out.status.success(), "{what}: {out:?}");
        assert!(
            !project.path().join("journal/schemas").exists(),
            "{what}: schemas written into journal/"
        );
        for schema in clapboard::schema::all() {
            let path = project.path().join("schemas").join(schema.file_name());
            assert_eq!(
                fs::read_to_string(&path).unwrap_or_default(),
                schema.text(),
                "{what}: {}",
                path.display()
            );
        }
        let check = clapboard(&[
            "check",
            project.path().to_str().unwrap(),
            "--now",
            NOW,
            "--deny-warnings",
        ]);
        assert!(
            check.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    // Outside any production, the current folder's `schemas/`, as before.
    let dir = tempfile::tempdir().unwrap();
    let out = clapboard_command()
        .current_dir(dir.path())
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(dir.path().join("schemas/shots.schema.json").is_file());
}
