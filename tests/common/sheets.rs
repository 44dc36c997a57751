//! A production's spreadsheets and EDLs read as the YAML documents they stand for, with calamine,
//! the csv crate and a few lines of text handling, independently of clapboard's reader.

use std::fs;
use std::path::Path;

use calamine::{Data, Reader};
use serde_json::{Map, Value};

/// Whether the field `field` of an item of `list` is a list, by the production's schema.
fn is_list_field(schema: &Value, list: &str, field: &str) -> bool {
    fn plain(value: &Value) -> &Value {
        value["anyOf"].get(0).unwrap_or(value)
    }
    fn holds_array(value: &Value) -> bool {
        let types = match &value["type"] {
            Value::Array(types) => types.clone(),
            other => vec![other.clone()],
        };
        types.iter().any(|t| t == "array")
            || value["anyOf"]
                .as_array()
                .is_some_and(|options| options.iter().any(holds_array))
    }
    let reference = plain(&schema["properties"][list])["items"]["$ref"]
        .as_str()
        .unwrap_or_default();
    let name = reference.rsplit('/').next().unwrap_or_default();
    holds_array(plain(&schema["$defs"][name]["properties"][field]))
}

/// The cells of the sheet of `path` that holds `list` (the sheet named after it, or the
/// first): text for CSV, typed for workbooks.
pub fn grid(path: &Path, list: &str) -> Vec<Vec<Value>> {
    if path.extension().is_some_and(|e| e == "csv") {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(path)
            .unwrap();
        return reader
            .records()
            .map(|r| {
                r.unwrap()
                    .iter()
                    .map(|c| Value::String(c.to_string()))
                    .collect()
            })
            .collect();
    }
    let mut workbook = calamine::open_workbook_auto(path).unwrap();
    let names = workbook.sheet_names();
    let name = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(list))
        .unwrap_or(&names[0])
        .clone();
    let range = workbook.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(text) => Value::String(text.clone()),
                    Data::Float(n) if n.fract() == 0.0 => Value::from(*n as i64),
                    Data::Float(n) => Value::from(*n),
                    Data::Int(n) => Value::from(*n),
                    Data::Bool(b) => Value::Bool(*b),
                    Data::Empty => Value::Null,
                    other => Value::String(other.to_string()),
                })
                .collect()
        })
        .collect()
}

/// Puts `value` at the dotted `path` of `item`; `notes` beside `notes.audience` makes
/// `notes: {value, audience}`.
fn put(item: &mut Map<String, Value>, path: &[&str], value: Value) {
    let (first, rest) = path.split_first().unwrap();
    if rest.is_empty() {
        match item.get_mut(*first) {
            Some(Value::Object(inner)) => {
                inner.insert("value".into(), value);
            }
            _ => {
                item.insert(first.to_string(), value);
            }
        }
        return;
    }
    let entry = item
        .entry(first.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        let plain = entry.take();
        *entry = Value::Object(Map::from_iter([("value".to_string(), plain)]));
    }
    put(entry.as_object_mut().unwrap(), rest, value);
}

/// The sheet at `path` of the list document `document` (`shots`, `post/reviews`) as the YAML
/// document it stands for: `{<list>: [items]}`.
pub fn sheet_document(project: &Path, document: &str, path: &Path) -> Value {
    let schema_name = document.rsplit('/').next().unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    let in_reviews = document == "post/reviews";
    let list = if in_reviews {
        "reviews".to_string()
    } else {
        stem.clone()
    };
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(project.join(format!("schemas/{schema_name}.schema.json"))).unwrap(),
    )
    .unwrap();
    let mut rows = grid(path, &list).into_iter();
    let header: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(|h| h.as_str().unwrap_or_default().trim().to_lowercase())
        .collect();
    let items: Vec<Value> = rows
        .filter(|row| row.iter().any(|c| !c.is_null() && c != ""))
        .map(|row| {
            let mut item = Map::new();
            for (name, cell) in header.iter().zip(row) {
                if cell.is_null() || cell == "" || name.is_empty() {
                    continue;
                }
                let path: Vec<&str> = name.split('.').collect();
                let value = match cell {
                    Value::String(text) if is_list_field(&schema, &list, path[0]) => Value::Array(
                        text.split(';')
                            .map(str::trim)
                            .filter(|p| !p.is_empty())
                            .map(|p| Value::String(p.to_string()))
                            .collect(),
                    ),
                    Value::String(text) => Value::String(text.trim().to_string()),
                    other => other,
                };
                put(&mut item, &path, value);
            }
            if in_reviews && !item.contains_key("version") {
                item.insert("version".into(), Value::String(stem.clone()));
            }
            Value::Object(item)
        })
        .collect();
    Value::Object(Map::from_iter([(list, Value::Array(items))]))
}

/// An EDL of timeline markers in `post/reviews/` as the review notes it stands for: the
/// record-in (from the first hour, when every marker is in it), the marker's name as the
/// author, its note, and green as resolved.
pub fn edl_document(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let version = path.file_stem().unwrap().to_string_lossy().to_string();
    let mut markers: Vec<(String, String, String, bool)> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() < 8 || !fields[0].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let timecode = fields[6].to_string();
        let marker = lines.next().unwrap_or_default();
        let (note, tags) = marker.split_once(" |C:").unwrap_or((marker, ""));
        let colour = tags.split(" |").next().unwrap_or_default();
        let author = tags
            .split(" |M:")
            .nth(1)
            .and_then(|rest| rest.split(" |D:").next())
            .unwrap_or_default();
        markers.push((
            timecode,
            author.trim().to_string(),
            note.trim().to_string(),
            colour == "ResolveColorGreen",
        ));
    }
    let first_hour = markers.iter().all(|(tc, ..)| tc.starts_with("01:"));
    let reviews: Vec<Value> = markers
        .into_iter()
        .map(|(timecode, author, note, resolved)| {
            let timecode = if first_hour {
                format!("00{}", &timecode[2..])
            } else {
                timecode
            };
            serde_json::json!({
                "version": version,
                "timecode": timecode,
                "author": author,
                "note": note,
                "resolved": resolved,
            })
        })
        .collect();
    serde_json::json!({ "reviews": reviews })
}
