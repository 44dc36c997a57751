//! The theme's data contract: what a project's own template receives is exactly what the
//! schema `clapboard schema` writes for it describes, on every page of every production.
//!
//! Each production is built with every template overridden by one that prints its whole
//! context as JSON; each file of every site is then validated against its template's schema,
//! whose objects admit no property they do not list.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

/// Writes `schemas/` with `clapboard schema`; returns the template schemas by template name.
fn template_schemas(dir: &Path) -> Vec<(String, Value)> {
    let out = dir.join("schemas");
    let run = clapboard(&["schema", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{run:?}");
    let mut schemas: Vec<(String, Value)> = fs::read_dir(out.join("templates"))
        .expect("schema writes schemas/templates/")
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap();
            let template = name.strip_suffix(".schema.json").unwrap().to_string();
            let schema = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            (template, schema)
        })
        .collect();
    schemas.sort_by(|a, b| a.0.cmp(&b.0));
    schemas
}

/// Overrides every template of `project` with one printing `{"template": ..., "data": ...}`.
fn dump_every_template(project: &Path, templates: &[(String, Value)]) {
    let folder = project.join("templates");
    fs::create_dir_all(&folder).unwrap();
    for (template, _) in templates {
        fs::write(
            folder.join(template),
            format!("{{\"template\": \"{template}\", \"data\": {{{{ __tera_context | safe }}}}}}"),
        )
        .unwrap();
    }
}

/// Validates every file of every site in `dist` that a template made; returns the templates
/// seen, and every file whose data its schema refuses, with why.
fn validate_sites(dist: &Path, schemas: &[(String, Value)]) -> (BTreeSet<String>, Vec<String>) {
    let validators: Vec<(&str, jsonschema::Validator)> = schemas
        .iter()
        .map(|(template, schema)| {
            let validator = jsonschema::validator_for(schema)
                .unwrap_or_else(|e| panic!("{template}'s schema is not a schema: {e}"));
            (template.as_str(), validator)
        })
        .collect();
    let mut seen = BTreeSet::new();
    let mut refused = Vec::new();
    for entry in walkdir::WalkDir::new(dist) {
        let entry = entry.unwrap();
        let path = entry.path();
        if !entry.file_type().is_file() {
            continue;
        }
        // What a template made starts as the dumping template does; the rest are the theme's
        // static files, images, calendars and the zip.
        let bytes = fs::read(path).unwrap();
        if !bytes.starts_with(b"{\"template\": \"") {
            continue;
        }
        let printed: Value =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let template = printed["template"].as_str().unwrap().to_string();
        let (_, validator) = validators
            .iter()
            .find(|(name, _)| *name == template)
            .unwrap_or_else(|| panic!("{template} has no schema"));
        for error in validator.iter_errors(&printed["data"]) {
            refused.push(format!(
                "{} ({template}): {error} at {}",
                path.display(),
                error.instance_path()
            ));
        }
        seen.insert(template);
    }
    (seen, refused)
}

#[test]
fn every_template_gets_exactly_what_its_schema_describes() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = template_schemas(dir.path());
    let page_templates: BTreeSet<String> = schemas
        .iter()
        .map(|(t, _)| t.clone())
        .filter(|t| t != "locked.html")
        .collect();
    for production in productions() {
        let copy = unlocked_copy(&production);
        dump_every_template(copy.path(), &schemas);
        let dist = build(copy.path());
        let (seen, refused) = validate_sites(&dist, &schemas);
        assert!(
            refused.is_empty(),
            "{}: template data the schemas do not describe:\n{}",
            production.display(),
            refused.join("\n")
        );
        assert_eq!(
            seen,
            page_templates,
            "{}: every page template is used on some site",
            production.display()
        );

        let copy = protected_copy(&production);
        dump_every_template(copy.path(), &schemas);
        let (dist, locked) = build_locked(copy.path());
        assert!(!locked.is_empty(), "{} locks a site", production.display());
        let (seen, refused) = validate_sites(&dist, &schemas);
        assert!(refused.is_empty(), "{}", refused.join("\n"));
        assert!(seen.contains("locked.html"), "{seen:?}");
    }
}

#[test]
fn the_schemas_refuse_data_they_do_not_describe() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = template_schemas(dir.path());
    let schema = |name: &str| {
        let (_, schema) = schemas.iter().find(|(t, _)| t == name).unwrap();
        jsonschema::validator_for(schema).unwrap()
    };
    let copy = unlocked_copy(&example_dir());
    dump_every_template(copy.path(), &schemas);
    let dist = build(copy.path());
    let printed: Value =
        serde_json::from_str(&read(&dist.join("crew"), "schedule/day-1/index.html")).unwrap();
    assert_eq!(printed["template"], "call-sheet.html");
    let mut data = printed["data"].clone();
    let errors: Vec<String> = schema("call-sheet.html")
        .iter_errors(&data)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // A value the contract does not name, at the top, in the sheet and in `site`.
    for pointer in ["", "/sheet", "/site"] {
        let mut extra = data.clone();
        extra.pointer_mut(pointer).unwrap()["undocumented"] = 1.into();
        assert!(!schema("call-sheet.html").is_valid(&extra), "{pointer}");
    }
    // A value of the wrong type, and a missing one.
    data["sheet"]["number"] = "one".into();
    assert!(!schema("call-sheet.html").is_valid(&data));
    let mut data = printed["data"].clone();
    data["site"].as_object_mut().unwrap().remove("title");
    assert!(!schema("call-sheet.html").is_valid(&data));
    // Another template's data is not a call sheet's.
    let schedule: Value =
        serde_json::from_str(&read(&dist.join("crew"), "schedule/index.html")).unwrap();
    assert!(!schema("call-sheet.html").is_valid(&schedule["data"]));
}

#[test]
fn every_production_carries_the_current_template_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = template_schemas(dir.path());
    for production in productions() {
        for (template, schema) in &schemas {
            let path = production
                .join("schemas/templates")
                .join(format!("{template}.schema.json"));
            let carried: Value =
                serde_json::from_str(&fs::read_to_string(&path).unwrap_or_default())
                    .unwrap_or(Value::Null);
            assert_eq!(
                &carried,
                schema,
                "{} is out of date: run `clapboard schema --out {}/schemas`",
                path.display(),
                production.display()
            );
        }
    }
}
