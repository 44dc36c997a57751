//! Property tests: arbitrary bytes and arbitrary YAML fed to the loader never make it panic,
//! and always either load or say what is wrong, in which file.
//!
//! The number of cases is bounded (proptest's default, or `PROPTEST_CASES`), so the run takes
//! seconds in CI.

use std::fs;
use std::path::Path;

use proptest::prelude::*;

const FILES: [&str; 6] = [
    "shots.yaml",
    "schedule.yaml",
    "clapboard.yaml",
    "journal/first-day.md",
    "budget.yaml",
    "concept/treatment.md",
];

fn base_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"),
        dir.path(),
    );
    dir
}

/// Loads and checks the project: it loads, or fails with errors that each name a file.
fn loads_or_explains(project: &Path) {
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    match clapboard::load_and_check(project, Some(now)) {
        Ok(_) => {}
        Err(failure) => {
            assert!(!failure.diagnostics.is_empty());
            for d in &failure.diagnostics {
                assert!(d.file.is_some(), "no file in {d}");
            }
            assert!(
                failure.diagnostics.iter().any(|d| d.is_error()),
                "a failure says what failed"
            );
        }
    }
}

/// Scalars that have tripped YAML readers before.
fn tricky_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("3:42".to_string()),
        Just("06:30".to_string()),
        Just("25:99".to_string()),
        Just("2026-02-30".to_string()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just("yes".to_string()),
        Just("-1".to_string()),
        Just("1e400".to_string()),
        Just(".nan".to_string()),
        Just("0x1F".to_string()),
        Just("\"\\u0000\"".to_string()),
        Just("'quoted: colon'".to_string()),
        Just("!!binary aGVsbG8=".to_string()),
        Just("&anchor value".to_string()),
        Just("*anchor".to_string()),
        Just("[1, [2, [3]]]".to_string()),
        Just("{a: 1}".to_string()),
        Just("|\n  block".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        "[a-zA-Z0-9 :#\\-]{0,12}",
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
    ]
}

/// Field names: the real ones, near misses and nonsense.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "scene",
            "panel",
            "description",
            "size",
            "duration",
            "location",
            "cast",
            "status",
            "shots",
            "scenes",
            "days",
            "day",
            "date",
            "general_call",
            "lunch",
            "wrap",
            "title",
            "artist",
            "song",
            "lines",
            "estimate",
            "actual",
            "currency",
            "tags",
            "stage",
            "<<",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,10}",
    ]
}

#[derive(Clone, Debug)]
enum Yaml {
    Scalar(String),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

fn yaml() -> impl Strategy<Value = Yaml> {
    let leaf = tricky_scalar().prop_map(Yaml::Scalar);
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Yaml::List),
            prop::collection::vec((key(), inner), 0..6).prop_map(Yaml::Map),
        ]
    })
}

fn render(yaml: &Yaml, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match yaml {
        Yaml::Scalar(s) => {
            out.push(' ');
            out.push_str(s);
            out.push('\n');
        }
        Yaml::List(items) if items.is_empty() => out.push_str(" []\n"),
        Yaml::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Yaml::List(items) => {
            out.push('\n');
            for item in items {
                out.push_str(&pad);
                out.push('-');
                render(item, indent + 2, out);
            }
        }
        Yaml::Map(entries) => {
            out.push('\n');
            for (k, v) in entries {
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                render(v, indent + 2, out);
            }
        }
    }
}

fn as_document(yaml: &Yaml, markdown: bool) -> String {
    let mut text = String::new();
    render(yaml, 0, &mut text);
    let text = text.trim_start_matches([' ', '\n']).to_string();
    if markdown {
        format!("---\n{text}---\nBody with [a link](shot:1A).\n")
    } else {
        text
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), which in 0..FILES.len()) {
        let project = base_copy();
        fs::write(project.path().join(FILES[which]), &bytes).unwrap();
        loads_or_explains(project.path());
    }

    #[test]
    fn arbitrary_yaml_never_panics(document in yaml(), which in 0..FILES.len()) {
        let project = base_copy();
        let file = FILES[which];
        fs::write(project.path().join(file), as_document(&document, file.ends_with(".md"))).unwrap();
        loads_or_explains(project.path());
    }

    #[test]
    fn arbitrary_shots_never_panic(shots in prop::collection::vec(prop::collection::vec((key(), tricky_scalar()), 0..8), 0..8)) {
        let project = base_copy();
        let items: Vec<Yaml> = shots
            .into_iter()
            .map(|fields| Yaml::Map(fields.into_iter().map(|(k, v)| (k, Yaml::Scalar(v))).collect()))
            .collect();
        let document = Yaml::Map(vec![("shots".to_string(), Yaml::List(items))]);
        fs::write(project.path().join("shots.yaml"), as_document(&document, false)).unwrap();
        loads_or_explains(project.path());
    }
}

/// Where sheets and EDLs are read from.
const SHEET_FILES: [&str; 4] = [
    "shots/shots",
    "people/crew",
    "post/reviews/v1",
    "budget/lines",
];

/// Header cells: the real fields, dotted, listed or near misses.
fn header_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        key(),
        (key(), key()).prop_map(|(a, b)| format!("{a}.{b}")),
        Just("notes.audience".to_string()),
        Just("audience".to_string()),
        Just(" ID ".to_string()),
        Just("a..b".to_string()),
        Just(String::new()),
    ]
}

/// A cell as a workbook types it.
#[derive(Clone, Debug)]
enum SheetCell {
    Text(String),
    Number(f64),
    Bool(bool),
    Empty,
}

fn sheet_cell() -> impl Strategy<Value = SheetCell> {
    prop_oneof![
        tricky_scalar().prop_map(SheetCell::Text),
        "[a-z0-9]{1,4}(; [a-z0-9]{1,4}){0,3}".prop_map(SheetCell::Text),
        any::<f64>().prop_map(SheetCell::Number),
        any::<bool>().prop_map(SheetCell::Bool),
        Just(SheetCell::Empty),
    ]
}

fn table() -> impl Strategy<Value = (Vec<String>, Vec<Vec<SheetCell>>)> {
    (
        prop::collection::vec(header_cell(), 0..8),
        prop::collection::vec(prop::collection::vec(sheet_cell(), 0..9), 0..8),
    )
}

fn write_csv(path: &Path, header: &[String], rows: &[Vec<SheetCell>]) {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    writer.write_record(header).unwrap();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                SheetCell::Text(t) => t.clone(),
                SheetCell::Number(n) => n.to_string(),
                SheetCell::Bool(b) => b.to_string(),
                SheetCell::Empty => String::new(),
            })
            .collect();
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
}

fn write_xlsx(path: &Path, header: &[String], rows: &[Vec<SheetCell>]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, name) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, name).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                SheetCell::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                // Workbooks hold finite numbers only.
                SheetCell::Number(n) if n.is_finite() => sheet.write_number(r, c, *n).map(|_| ()),
                SheetCell::Number(_) => Ok(()),
                SheetCell::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                SheetCell::Empty => Ok(()),
            }
            .unwrap();
        }
    }
    workbook.save(path).unwrap();
}

/// Lines that look like an EDL of markers, and some that do not.
fn edl_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("TITLE: v1".to_string()),
        Just("FCM: NON-DROP FRAME".to_string()),
        Just("FCM: DROP FRAME".to_string()),
        Just(String::new()),
        "[0-9]{3}  [0-9]{3}      V     C        [0-9:;]{11} [0-9:;]{11} [0-9:;]{11} [0-9:;]{11}",
        "[0-9]{3}  001 V C 01:00:0[0-9]:[0-9]{2} 01:00:00:01 01:00:0[0-9]:[0-9]{2} 01:00:00:01",
        "[ -~é]{0,20} \\|C:ResolveColor[A-Za-z]{0,6} \\|M:[ -~]{0,10} \\|D:[0-9]{0,3}",
        "\\* [A-Z ]{0,12}: [ -~]{0,20}",
        "[ -~ミオ]{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_sheets_and_edls_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        which in 0..SHEET_FILES.len(),
        extension in prop::sample::select(vec!["csv", "xlsx", "ods", "edl"]),
    ) {
        let project = base_copy();
        let path = project.path().join(format!("{}.{extension}", SHEET_FILES[which]));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &bytes).unwrap();
        loads_or_explains(project.path());
    }

    #[test]
    fn arbitrary_tables_never_panic(
        (header, rows) in table(),
        which in 0..SHEET_FILES.len(),
        workbook in any::<bool>(),
    ) {
        let project = base_copy();
        let extension = if workbook { "xlsx" } else { "csv" };
        let path = project.path().join(format!("{}.{extension}", SHEET_FILES[which]));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        if workbook {
            write_xlsx(&path, &header, &rows);
        } else {
            write_csv(&path, &header, &rows);
        }
        loads_or_explains(project.path());
    }

    #[test]
    fn damaged_workbooks_never_panic(
        (header, rows) in table(),
        cut in 0usize..4096,
        flips in prop::collection::vec((any::<usize>(), any::<u8>()), 0..8),
    ) {
        let project = base_copy();
        let path = project.path().join("shots/shots.xlsx");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        write_xlsx(&path, &header, &rows);
        let mut bytes = fs::read(&path).unwrap();
        for (at, byte) in flips {
            let len = bytes.len();
            bytes[at % len] ^= byte;
        }
        bytes.truncate(bytes.len().saturating_sub(cut));
        fs::write(&path, &bytes).unwrap();
        loads_or_explains(project.path());
    }

    #[test]
    fn arbitrary_edls_never_panic(lines in prop::collection::vec(edl_line(), 0..16), crlf in any::<bool>()) {
        let project = base_copy();
        let ending = if crlf { "\r\n" } else { "\n" };
        let path = project.path().join("post/reviews/v1.edl");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, lines.join(ending)).unwrap();
        loads_or_explains(project.path());
    }
}
