//! The corpus of broken productions: each folder in `tests/broken/` is a change to the small,
//! valid production in `tests/fixtures/base/`, with the diagnostics it must produce.
//!
//! A case folder holds:
//! - `files/`: files laid over a copy of the base production (replacing or adding);
//! - `case.yaml` (optional): `about`, `args` (default `[check, "{project}"]`), `delete` (paths
//!   removed from the copy), `outside` (files written outside the project, under `{outside}`),
//!   `symlinks` (`{path, target}`), `generate` (`{path, kind}` with kind `large`, `binary`,
//!   `deep`, `alias-bomb` or `not-utf8`), `workbooks` (`{path, sheets: [{name, rows}]}`, each
//!   row a list of cells: text, numbers and true/false are written as such);
//! - `expected.txt`: the snapshot of the exit code and of what clapboard printed.
//!
//! Each case must exit 1 or 2, never panic, and place every error in a file and, where the
//! problem has one, a line. Set `UPDATE_SNAPSHOTS=1` to rewrite the snapshots after a deliberate
//! change, and read the diff before committing it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The clock every case runs at.
const NOW: &str = "2026-11-23T12:00";

/// Problems that concern a whole file or folder, so have no line.
const WHOLE_FILE: [&str; 14] = [
    "binary-file",
    "empty-file",
    "file-too-large",
    "symbolic-link",
    "unknown-file",
    "unsafe-output",
    "no-project",
    "unreadable-file",
    "duplicate-id",
    // A journal note's address made from its file name (from `slug:`, it has a line).
    "path-collision",
    "empty-slug",
    "reserved-slug",
    "folder-not-empty",
    "io",
];

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn generate(path: &Path, kind: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let bytes: Vec<u8> = match kind {
        // Past the 16 MiB limit for a document.
        "large" => {
            let mut text = String::from("shots:\n");
            while text.len() < 17 * 1024 * 1024 {
                text.push_str(
                    "  - {id: X, scene: 1, description: padding padding padding padding}\n",
                );
            }
            text.into_bytes()
        }
        "binary" => (0..4096u32).map(|i| (i % 251) as u8).collect(),
        "deep" => format!("shots: {}1{}\n", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
        "alias-bomb" => {
            let mut text =
                String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            for i in 1..10 {
                let p = i - 1;
                text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
            }
            text.into_bytes()
        }
        "not-utf8" => b"shots:\n  - id: 1A\n    description: caf\xe9 au lait\n".to_vec(),
        other => panic!("unknown generated kind {other}"),
    };
    fs::write(path, bytes).unwrap();
}

/// A workbook as `case.yaml` describes it, written with a writer independent of clapboard.
fn write_workbook(path: &Path, spec: &serde_json::Value) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for sheet_spec in spec["sheets"].as_array().unwrap() {
        let sheet = workbook.add_worksheet();
        sheet
            .set_name(sheet_spec["name"].as_str().unwrap())
            .unwrap();
        for (r, row) in sheet_spec["rows"].as_array().unwrap().iter().enumerate() {
            for (c, cell) in row.as_array().unwrap().iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    serde_json::Value::String(text) => sheet.write_string(r, c, text).map(|_| ()),
                    serde_json::Value::Number(n) => {
                        sheet.write_number(r, c, n.as_f64().unwrap()).map(|_| ())
                    }
                    serde_json::Value::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
    }
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    workbook.save(path).unwrap();
}

struct Case {
    name: String,
    dir: PathBuf,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut cases: Vec<Case> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|dir| Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            dir,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// Sets the case up in a fresh folder; returns the project and the folder outside it.
fn prepare(case: &Case, work: &Path) -> (PathBuf, PathBuf, serde_json::Value) {
    let project = work.join("project");
    let outside = work.join("outside");
    fs::create_dir_all(&outside).unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"),
        &project,
    );
    if case.dir.join("files").is_dir() {
        copy_dir(&case.dir.join("files"), &project);
    }
    let spec: serde_json::Value = match fs::read_to_string(case.dir.join("case.yaml")) {
        Ok(text) => serde_saphyr::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: case.yaml: {e}", case.name)),
        Err(_) => serde_json::json!({}),
    };
    let fill = |text: &str| {
        text.replace("{project}", project.to_str().unwrap())
            .replace("{outside}", outside.to_str().unwrap())
    };
    for path in spec["delete"].as_array().into_iter().flatten() {
        let path = project.join(path.as_str().unwrap());
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }
    for file in spec["outside"].as_array().into_iter().flatten() {
        let path = outside.join(file["path"].as_str().unwrap());
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, file["text"].as_str().unwrap_or("")).unwrap();
    }
    for link in spec["symlinks"].as_array().into_iter().flatten() {
        let path = project.join(link["path"].as_str().unwrap());
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = fs::remove_file(&path);
        std::os::unix::fs::symlink(fill(link["target"].as_str().unwrap()), path).unwrap();
    }
    for workbook in spec["workbooks"].as_array().into_iter().flatten() {
        write_workbook(&project.join(workbook["path"].as_str().unwrap()), workbook);
    }
    for item in spec["generate"].as_array().into_iter().flatten() {
        generate(
            &project.join(item["path"].as_str().unwrap()),
            item["kind"].as_str().unwrap(),
        );
    }
    (project, outside, spec)
}

fn run(case: &Case) -> Result<(), String> {
    let work = tempfile::tempdir().unwrap();
    let (project, outside, spec) = prepare(case, work.path());
    let fill = |text: &str| {
        text.replace("{project}", project.to_str().unwrap())
            .replace("{outside}", outside.to_str().unwrap())
    };
    let mut args: Vec<String> = match spec["args"].as_array() {
        Some(args) => args.iter().map(|a| fill(a.as_str().unwrap())).collect(),
        None => vec!["check".into(), project.to_str().unwrap().into()],
    };
    if matches!(args.first().map(String::as_str), Some("check" | "build")) {
        args.extend(["--now".into(), NOW.into()]);
    }
    let output = Command::new(env!("CARGO_BIN_EXE_clapboard"))
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let code = output.status.code();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut problems = Vec::new();
    if !matches!(code, Some(1 | 2)) {
        problems.push(format!("exit code {code:?}, expected 1 or 2"));
    }
    if stderr.contains("panicked") {
        problems.push("clapboard panicked".to_string());
    }
    // The same case as JSON: every error has a file, and a line where one applies.
    if args.first().map(String::as_str) == Some("check") && code != Some(2) {
        let mut json_args = args.clone();
        json_args.extend(["--format".into(), "json".into()]);
        let json = Command::new(env!("CARGO_BIN_EXE_clapboard"))
            .args(&json_args)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&json.stdout)
            .map_err(|e| format!("--format json printed no JSON: {e}"))?;
        let diagnostics = report["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if diagnostics.is_empty() {
            problems.push("no diagnostics".to_string());
        }
        for d in &diagnostics {
            let code = d["code"].as_str().unwrap_or("");
            if d["file"].is_null() && code != "no-project" {
                problems.push(format!("no file for {d}"));
            }
            if d["severity"] == "error" && d["line"].is_null() && !WHOLE_FILE.contains(&code) {
                problems.push(format!("no line for {d}"));
            }
        }
    }
    let shown = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        code.map_or("signal".to_string(), |c| c.to_string()),
        normalize(&stdout, &project, &outside),
        normalize(&stderr, &project, &outside),
    );
    let expected_path = case.dir.join("expected.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(&expected_path, &shown).unwrap();
    } else {
        match fs::read_to_string(&expected_path) {
            Ok(expected) if expected == shown => {}
            Ok(expected) => problems.push(format!(
                "output differs from expected.txt\n--- expected\n{expected}\n--- got\n{shown}"
            )),
            Err(_) => problems.push(format!("no expected.txt; got\n{shown}")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Temporary paths become placeholders, so snapshots are the same on every machine.
fn normalize(text: &str, project: &Path, outside: &Path) -> String {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    text.replace(canonical(project).to_str().unwrap(), "{project}")
        .replace(project.to_str().unwrap(), "{project}")
        .replace(canonical(outside).to_str().unwrap(), "{outside}")
        .replace(outside.to_str().unwrap(), "{outside}")
}

#[test]
fn the_base_production_is_valid() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    let out = common::clapboard(&[
        "check",
        base.to_str().unwrap(),
        "--now",
        NOW,
        "--deny-warnings",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_broken_production_is_reported() {
    let cases = cases();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| run(case).err().map(|e| format!("== {}\n{e}", case.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
}
