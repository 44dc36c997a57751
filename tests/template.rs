//! `clapboard template`: the sheets it writes, read back as a spreadsheet program would.

mod common;

use std::fs;
use std::io::Read;

use calamine::{Data, Reader, open_workbook_auto};
use common::*;

fn row(range: &calamine::Range<Data>, index: u32) -> Vec<String> {
    (0..range.width() as u32)
        .map(|col| {
            range
                .get_value((index, col))
                .map(|cell| cell.to_string())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn a_workbook_for_the_shot_list_has_headers_an_example_dropdowns_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let output = clapboard_command()
        .current_dir(dir.path())
        .args(["template", "shots", "--format", "xlsx"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("put it at shots.xlsx"), "{stdout}");
    let path = dir.path().join("shots.xlsx");

    let mut workbook = open_workbook_auto(&path).unwrap();
    let range = workbook.worksheet_range("shots").unwrap();
    let header = row(&range, 0);
    assert_eq!(&header[..4], ["id", "scene", "panel", "description"]);
    for name in ["size", "cast", "status"] {
        assert!(header.contains(&name.to_string()), "{name} in {header:?}");
    }
    assert_eq!(header.last().map(String::as_str), Some("audience"));
    let example = row(&range, 1);
    let at = |name: &str| &example[header.iter().position(|h| h == name).unwrap()];
    assert_eq!(at("id"), "1A");
    assert_eq!(at("size"), "insert");
    assert_eq!(at("cast"), "priya");
    assert_eq!(range.height(), 2, "a header and one example row");

    let mut archive = zip::ZipArchive::new(fs::File::open(&path).unwrap()).unwrap();
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(sheet.contains("<dataValidation "), "dropdowns for enums");
    assert!(sheet.contains("&quot;ECU,CU,MCU") || sheet.contains("\"ECU,CU,MCU"));
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let comments = names
        .iter()
        .find(|n| n.starts_with("xl/comments"))
        .unwrap_or_else(|| panic!("no comments part in {names:?}"))
        .clone();
    let mut notes = String::new();
    archive
        .by_name(&comments)
        .unwrap()
        .read_to_string(&mut notes)
        .unwrap();
    assert!(notes.contains("Required."), "{notes}");
}

#[test]
fn a_csv_for_the_budget_lines_is_a_header_and_an_example_row() {
    let dir = tempfile::tempdir().unwrap();
    let output = clapboard_command()
        .current_dir(dir.path())
        .args(["template", "budget.lines"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("put it at budget/lines.csv"), "{stdout}");
    let text = fs::read_to_string(dir.path().join("lines.csv")).unwrap();
    let mut rows = text.lines();
    assert_eq!(
        rows.next(),
        Some("account,department,item,estimate,actual,notes,audience")
    );
    assert!(rows.next().unwrap().starts_with("1100,Direction,"));
    assert_eq!(rows.next(), None);
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine.csv");
    fs::write(&out, "keep me").unwrap();
    let output = clapboard(&["template", "crew", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "keep me");
}

#[test]
fn an_unknown_list_is_refused_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let output = clapboard_command()
        .current_dir(dir.path())
        .args(["template", "shts"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("there is no list `shts`"), "{stderr}");
    assert!(stderr.contains("did you mean `shots`?"), "{stderr}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Problems that would mean a template is not read as it was written.
const UNREAD: [&str; 9] = [
    "unknown-field",
    "missing-field",
    "invalid-value",
    "unknown-value",
    "bad-sheet",
    "duplicate-key",
    "empty-file",
    "unknown-file",
    "not-utf8",
];

#[test]
fn every_template_is_read_back_where_it_says_it_belongs() {
    for production in productions() {
        for name in clapboard::template::known_names() {
            for format in ["csv", "xlsx"] {
                let project = unlocked_copy(&production);
                let scratch = tempfile::tempdir().unwrap();
                let output = clapboard_command()
                    .current_dir(scratch.path())
                    .args(["template", &name, "--format", format])
                    .output()
                    .unwrap();
                assert!(output.status.success(), "{name} {format}: {output:?}");
                let stdout = String::from_utf8_lossy(&output.stdout);
                let place = stdout
                    .split("put it at ")
                    .nth(1)
                    .and_then(|rest| rest.split(" in the production folder").next())
                    .unwrap_or_else(|| panic!("{name}: no place in {stdout}"));
                let written = fs::read_dir(scratch.path())
                    .unwrap()
                    .next()
                    .unwrap()
                    .unwrap()
                    .path();
                let target = project.path().join(place);
                fs::create_dir_all(target.parent().unwrap()).unwrap();
                fs::copy(&written, &target).unwrap();
                let check = clapboard(&[
                    "check",
                    project.path().to_str().unwrap(),
                    "--now",
                    NOW,
                    "--format",
                    "json",
                ]);
                let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
                let unread: Vec<&serde_json::Value> = report["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["file"].as_str() == Some(place))
                    .filter(|d| UNREAD.contains(&d["code"].as_str().unwrap_or_default()))
                    .collect();
                assert!(
                    unread.is_empty(),
                    "{}: the {name} template as {format} at {place} is not read as written: {unread:#?}",
                    production.display()
                );
            }
        }
    }
}
