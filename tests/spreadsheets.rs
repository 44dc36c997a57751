//! Lists kept as spreadsheets: every production's shot list, budget lines, crew list and review
//! notes, moved out of YAML (and out of the workbooks a production keeps) into CSV files and into
//! workbooks (written here with a writer crate, independently of clapboard), build to sites
//! byte-identical to the production's own.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use clapboard::load::{Kind, classify};
use serde_json::Value;

/// A list to move into a sheet.
struct ListSpec {
    kind: Kind,
    list: &'static str,
}

const LISTS: [ListSpec; 4] = [
    ListSpec {
        kind: Kind::Shots,
        list: "shots",
    },
    ListSpec {
        kind: Kind::Budget,
        list: "lines",
    },
    ListSpec {
        kind: Kind::People,
        list: "crew",
    },
    ListSpec {
        kind: Kind::Reviews,
        list: "reviews",
    },
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum SheetFormat {
    Csv,
    Xlsx,
}

impl SheetFormat {
    fn extension(self) -> &'static str {
        match self {
            SheetFormat::Csv => "csv",
            SheetFormat::Xlsx => "xlsx",
        }
    }
}

/// The YAML files and sheets of `kind` in `project`, in the order clapboard reads them.
fn documents_of(project: &Path, kind: Kind) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(project)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(project).unwrap().to_path_buf())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "xlsx" || e == "csv")
        })
        .filter(|p| !p.starts_with("dist") && !p.starts_with("schemas"))
        .filter(|p| classify(&p.to_string_lossy()) == Some(kind))
        .collect();
    files.sort();
    files
}

/// Takes `list` out of the document at `relative` (rewriting or deleting the file) and gives
/// its items as rows of named cells.
fn take_rows(project: &Path, relative: &Path, list: &str) -> Vec<Vec<(String, Cell)>> {
    if relative.extension().is_some_and(|e| e == "xlsx") {
        return take_workbook_rows(&project.join(relative), list);
    }
    assert!(
        relative.extension().is_some_and(|e| e == "yaml"),
        "{}: only YAML and workbooks are moved",
        relative.display()
    );
    take_items(project, relative, list)
        .iter()
        .map(|item| {
            let mut row = Vec::new();
            flatten("", item, &mut row);
            row
        })
        .collect()
}

/// The rows of a workbook's sheet named after `list` (or its first), read with calamine as
/// their cells are typed; the workbook is deleted.
fn take_workbook_rows(path: &Path, list: &str) -> Vec<Vec<(String, Cell)>> {
    let mut rows = common::sheets::grid(path, list).into_iter();
    let header: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap_or_default().to_string())
        .collect();
    let taken = rows
        .map(|row| {
            header
                .iter()
                .zip(row)
                .filter_map(|(name, value)| {
                    let cell = match value {
                        Value::Null => return None,
                        Value::String(text) => Cell::Text(text),
                        Value::Number(n) => Cell::Number(n.as_f64().unwrap()),
                        Value::Bool(b) => Cell::Bool(b),
                        other => panic!("{}: a {other:?} cell", path.display()),
                    };
                    Some((name.clone(), cell))
                })
                .collect()
        })
        .collect();
    fs::remove_file(path).unwrap();
    taken
}

/// Takes `list` out of the YAML document at `path` (rewriting or deleting the file) and gives
/// its items, each with the audience it had through its document.
fn take_items(project: &Path, relative: &Path, list: &str) -> Vec<Value> {
    let path = project.join(relative);
    let mut document = common::yaml(&path);
    let Some(fields) = document.as_object_mut() else {
        return Vec::new();
    };
    let Some(taken) = fields.remove(list) else {
        return Vec::new();
    };
    let document_audience = fields.get("audience").cloned();
    let (items, list_audience) = match taken {
        Value::Object(mut wrapper) => (
            wrapper.remove("value").unwrap_or(Value::Null),
            wrapper.remove("audience"),
        ),
        other => (other, None),
    };
    let audience = list_audience.or(document_audience);
    let items: Vec<Value> = items
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut item| {
            if let (Some(fields), Some(audience)) = (item.as_object_mut(), &audience)
                && !fields.contains_key("audience")
            {
                fields.insert("audience".into(), audience.clone());
            }
            item
        })
        .collect();
    let rest: Vec<&String> = fields.keys().filter(|k| *k != "audience").collect();
    if rest.is_empty() {
        fs::remove_file(&path).unwrap();
    } else {
        // JSON is YAML: the rest of the document, as it was read.
        fs::write(&path, serde_json::to_string_pretty(&document).unwrap()).unwrap();
    }
    items
}

/// A cell as the sheet holds it: text, a number or true/false.
#[derive(Clone, Debug)]
enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// An item's fields as columns: nested fields with dots, lists in one cell with `; `.
fn flatten(prefix: &str, value: &Value, row: &mut Vec<(String, Cell)>) {
    let scalar = |value: &Value| -> Option<Cell> {
        match value {
            Value::String(s) => Some(Cell::Text(s.clone())),
            Value::Number(n) => Some(match n.as_i64() {
                Some(i) => Cell::Number(i as f64),
                None => Cell::Number(n.as_f64().unwrap()),
            }),
            Value::Bool(b) => Some(Cell::Bool(*b)),
            _ => None,
        }
    };
    match value {
        Value::Null => {}
        // A field with an audience of its own: `notes` and `notes.audience`.
        Value::Object(fields)
            if fields.len() == 2
                && fields.contains_key("value")
                && fields.contains_key("audience") =>
        {
            flatten(prefix, &fields["value"], row);
            flatten(&format!("{prefix}.audience"), &fields["audience"], row);
        }
        Value::Object(fields) => {
            for (key, value) in fields {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&name, value, row);
            }
        }
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|item| {
                    let cell = scalar(item)
                        .unwrap_or_else(|| panic!("{prefix}: a list of sets of fields"));
                    let text = cell.text();
                    assert!(!text.contains(';'), "{prefix}: `{text}` holds a `;`");
                    text
                })
                .collect();
            if !parts.is_empty() {
                row.push((prefix.to_string(), Cell::Text(parts.join("; "))));
            }
        }
        other => row.push((prefix.to_string(), scalar(other).unwrap())),
    }
}

/// The header and rows of `items`, columns in the order first met.
fn table(flat: &[Vec<(String, Cell)>]) -> (Vec<String>, Vec<Vec<Option<Cell>>>) {
    let mut header: Vec<String> = Vec::new();
    for row in flat {
        for (name, _) in row {
            if !header.contains(name) {
                header.push(name.clone());
            }
        }
    }
    let rows = flat
        .iter()
        .map(|row| {
            header
                .iter()
                .map(|name| row.iter().find(|(n, _)| n == name).map(|(_, c)| c.clone()))
                .collect()
        })
        .collect();
    (header, rows)
}

fn write_sheet(path: &Path, list: &str, items: &[Vec<(String, Cell)>], format: SheetFormat) {
    let (header, rows) = table(items);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    match format {
        SheetFormat::Csv => {
            let mut writer = csv::Writer::from_path(path).unwrap();
            writer.write_record(&header).unwrap();
            for row in &rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| c.as_ref().map(Cell::text).unwrap_or_default())
                    .collect();
                writer.write_record(&cells).unwrap();
            }
            writer.flush().unwrap();
        }
        SheetFormat::Xlsx => {
            let mut workbook = rust_xlsxwriter::Workbook::new();
            // A sheet of notes before the list's own, found by its name.
            let notes = workbook.add_worksheet();
            notes.set_name("Notes").unwrap();
            notes
                .write_string(0, 0, "Exported for the production office")
                .unwrap();
            let sheet = workbook.add_worksheet();
            let mut name = list.to_string();
            name[..1].make_ascii_uppercase();
            sheet.set_name(&name).unwrap();
            for (column, title) in header.iter().enumerate() {
                sheet.write_string(0, column as u16, title).unwrap();
            }
            let duration = rust_xlsxwriter::Format::new().set_num_format("[h]:mm:ss.000");
            let currency = rust_xlsxwriter::Format::new().set_num_format("#,##0.00 [$¤]");
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 1, c as u16);
                    match cell {
                        Some(Cell::Text(text)) => sheet.write_string(r, c, text).map(|_| ()),
                        // Typed as an office types them: durations as durations (a day is
                        // 1), amounts as currency.
                        Some(Cell::Number(n)) if header[c as usize] == "duration" => sheet
                            .write_number_with_format(r, c, *n / 86_400.0, &duration)
                            .map(|_| ()),
                        Some(Cell::Number(n))
                            if ["estimate", "actual"].contains(&header[c as usize].as_str()) =>
                        {
                            sheet
                                .write_number_with_format(r, c, *n, &currency)
                                .map(|_| ())
                        }
                        Some(Cell::Number(n)) => sheet.write_number(r, c, *n).map(|_| ()),
                        Some(Cell::Bool(b)) => sheet.write_boolean(r, c, *b).map(|_| ()),
                        None => Ok(()),
                    }
                    .unwrap();
                }
            }
            workbook.save(path).unwrap();
        }
    }
}

/// Moves the four lists of `project` into sheets of `format`; gives how many items moved.
fn convert(project: &Path, format: SheetFormat) -> Vec<(&'static str, usize)> {
    let extension = format.extension();
    let mut moved = Vec::new();
    for spec in &LISTS {
        let documents = documents_of(project, spec.kind);
        let mut count = 0;
        if spec.kind == Kind::Reviews {
            // One sheet a review file; in `post/reviews/` the file's name is the cut.
            for relative in &documents {
                let mut items = take_rows(project, relative, spec.list);
                count += items.len();
                if items.is_empty() {
                    continue;
                }
                let stem = relative.file_stem().unwrap().to_string_lossy().to_string();
                let in_folder = relative.starts_with("post/reviews");
                let version_is_stem = |row: &Vec<(String, Cell)>| {
                    row.iter().any(|(n, c)| n == "version" && c.text() == stem)
                };
                if in_folder && items.iter().all(version_is_stem) {
                    for item in &mut items {
                        item.retain(|(n, _)| n != "version");
                    }
                }
                let sheet = relative.with_extension(extension);
                write_sheet(&project.join(sheet), spec.list, &items, format);
            }
        } else {
            let items: Vec<Vec<(String, Cell)>> = documents
                .iter()
                .flat_map(|relative| take_rows(project, relative, spec.list))
                .collect();
            count = items.len();
            let folder = spec.kind.document().place.home();
            let folder = folder.trim_end_matches(".yaml");
            let sheet = if spec.kind == Kind::Shots && project.join("shots.yaml").exists() {
                PathBuf::from(format!("shots.{extension}"))
            } else {
                PathBuf::from(format!("{folder}/{}.{extension}", spec.list))
            };
            write_sheet(&project.join(sheet), spec.list, &items, format);
        }
        moved.push((spec.list, count));
    }
    moved
}

/// Every file of every site in `dist`, without the build's own records of what it wrote.
fn sites(dist: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = common::snapshot(dist);
    files.retain(|path, _| !path.starts_with(".clapboard"));
    assert!(files.len() > 50, "{} holds no sites", dist.display());
    files
}

#[test]
fn every_production_s_lists_read_from_sheets_build_the_same_sites() {
    for production in common::productions() {
        let yaml = common::unlocked_copy(&production);
        let expected = sites(&common::build(yaml.path()));
        for format in [SheetFormat::Csv, SheetFormat::Xlsx] {
            let sheets = common::unlocked_copy(&production);
            let moved = convert(sheets.path(), format);
            for (list, count) in &moved {
                assert!(
                    *count > 0,
                    "{}: no {list} to move into a sheet",
                    production.display()
                );
            }
            let check = common::clapboard(&[
                "check",
                sheets.path().to_str().unwrap(),
                "--now",
                common::NOW,
            ]);
            assert!(
                check.status.success() && check.stderr.is_empty(),
                "{} with {format:?} sheets ({moved:?}) does not check clean:\n{}",
                production.display(),
                String::from_utf8_lossy(&check.stderr)
            );
            let built = sites(&common::build(sheets.path()));
            let differing: Vec<&PathBuf> = expected
                .iter()
                .filter(|(path, bytes)| built.get(*path) != Some(bytes))
                .map(|(path, _)| path)
                .chain(built.keys().filter(|p| !expected.contains_key(*p)))
                .collect();
            assert!(
                differing.is_empty(),
                "{} with {format:?} sheets builds other files: {differing:?}",
                production.display()
            );
        }
    }
}

/// Runs `check` on `project`; gives its exit code and what it printed.
fn check(project: &Path) -> (Option<i32>, String) {
    let out = common::clapboard(&["check", project.to_str().unwrap(), "--now", common::NOW]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A copy of `production`, and the path of `relative` in it, its folder made.
fn copy_with(production: &Path, relative: &str) -> (tempfile::TempDir, PathBuf) {
    let project = common::unlocked_copy(production);
    let path = project.path().join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    (project, path)
}

#[test]
fn a_hostile_workbook_is_refused_before_it_fills_memory() {
    for production in common::productions() {
        // A cell at the sheet's last row and column: the whole grid would be 17 billion cells.
        let (project, path) = copy_with(&production, "people/crew.xlsx");
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "id").unwrap();
        sheet.write_string(1, 0, "far").unwrap();
        sheet.write_string(1_048_575, 16_383, "corner").unwrap();
        workbook.save(&path).unwrap();
        let (code, printed) = check(project.path());
        assert_eq!(code, Some(1), "{printed}");
        assert!(
            printed.contains("error[bad-sheet]: this sheet uses more than 100000 rows")
                && printed.contains("people/crew.xlsx"),
            "{}: {printed}",
            production.display()
        );

        // A workbook that unpacks to 300 MiB from a few hundred KiB.
        let (project, path) = copy_with(&production, "people/crew.xlsx");
        let mut zip = zip::ZipWriter::new(fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", options).unwrap();
        std::io::Write::write_all(&mut zip, b"<Types/>").unwrap();
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let padding = vec![b' '; 1024 * 1024];
        for _ in 0..300 {
            std::io::Write::write_all(&mut zip, &padding).unwrap();
        }
        zip.finish().unwrap();
        assert!(fs::metadata(&path).unwrap().len() < 2 * 1024 * 1024);
        let (code, printed) = check(project.path());
        assert_eq!(code, Some(1), "{printed}");
        assert!(
            printed.contains("error[file-too-large]: this workbook unpacks to 300 MiB"),
            "{}: {printed}",
            production.display()
        );

        // An OpenDocument sheet whose repeat counts make a billion cells of one word.
        let (project, path) = copy_with(&production, "people/crew.ods");
        let mut zip = zip::ZipWriter::new(fs::File::create(&path).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        std::io::Write::write_all(&mut zip, b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("content.xml", stored).unwrap();
        let content = concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content "#,
            r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
            r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
            r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">"#,
            r#"<office:body><office:spreadsheet><table:table table:name="crew">"#,
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="1048575">"#,
            r#"<table:table-cell table:number-columns-repeated="1024" office:value-type="string"><text:p>x</text:p></table:table-cell>"#,
            r#"</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        );
        std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        zip.finish().unwrap();
        let (code, printed) = check(project.path());
        assert_eq!(code, Some(1), "{printed}");
        assert!(
            printed.contains("error[bad-sheet]: this sheet uses more than 100000 rows")
                && printed.contains("people/crew.ods"),
            "{}: {printed}",
            production.display()
        );

        // A symbolic link named like a sheet is not followed.
        let project = common::unlocked_copy(&production);
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.csv");
        fs::write(
            &secret,
            "id,name,department,position\nspy,Secret Name,Camera,Spy\n",
        )
        .unwrap();
        let link = project.path().join("people/crew.csv");
        fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        let (_, printed) = check(project.path());
        assert!(
            printed.contains("warning[symbolic-link]") && printed.contains("people/crew.csv"),
            "{printed}"
        );
        let dist = common::build(project.path());
        assert!(
            common::mentions(&dist, &["Secret Name".to_string()]).is_empty(),
            "a linked sheet was read"
        );
    }
}

#[test]
fn json_output_names_the_cell() {
    for production in common::productions() {
        let project = common::unlocked_copy(&production);
        let cuts = common::yaml(&project.path().join("post/cuts.yaml"));
        let cut = cuts["cuts"][0]["version"].as_str().unwrap().to_string();
        let path = project.path().join("post/reviews/round.xlsx");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Round 2").unwrap();
        for (column, title) in ["Cut", "TC", "Commenter", "Comment"].iter().enumerate() {
            sheet.write_string(0, column as u16, *title).unwrap();
        }
        for (column, text) in [cut.as_str(), "0:12", "Label", "Warmer."]
            .iter()
            .enumerate()
        {
            sheet.write_string(1, column as u16, *text).unwrap();
        }
        for (column, text) in [cut.as_str(), "soon", "Label", "Later."].iter().enumerate() {
            sheet.write_string(2, column as u16, *text).unwrap();
        }
        workbook.save(&path).unwrap();
        let out = common::clapboard(&[
            "check",
            project.path().to_str().unwrap(),
            "--now",
            common::NOW,
            "--format",
            "json",
        ]);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let diagnostics = report["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        let found = &diagnostics[0];
        assert_eq!(found["file"], "post/reviews/round.xlsx");
        assert_eq!(found["cell"], "'Round 2'!B3");
        assert_eq!(
            (found["line"].as_u64(), found["column"].as_u64()),
            (Some(3), Some(2))
        );
        assert_eq!(found["code"], "invalid-value");
        assert_eq!(found["field"], "reviews[1].timecode");
    }
}
