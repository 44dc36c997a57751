//! A production's documents read and edited as data, independently of clapboard's model, so
//! tests can hide an item and give it an id no other text contains.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The YAML files of a list document (`shots`, `post/vfx`): the single file and any files in
/// its folder. Spreadsheets are not read.
pub fn files(project: &Path, document: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["yaml", "yml"]
        .iter()
        .map(|extension| project.join(format!("{document}.{extension}")))
        .filter(|path| path.is_file())
        .collect();
    let folder = project.join(document);
    if folder.is_dir() {
        for entry in walkdir::WalkDir::new(&folder).sort_by_file_name() {
            let entry = entry.unwrap();
            let yaml = entry
                .path()
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml");
            if entry.file_type().is_file() && yaml {
                files.push(entry.path().to_path_buf());
            }
        }
    }
    files
}

/// Every item of `list` in `document` (`items(project, "shots", "shots")`), in file order.
pub fn items(project: &Path, document: &str, list: &str) -> Vec<Value> {
    files(project, document)
        .iter()
        .flat_map(|path| {
            super::yaml(path)[list]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

/// Applies `edit` to the data of every file of `document`, written back as JSON (which is
/// YAML, so clapboard reads it as before, comments aside).
pub fn edit(project: &Path, document: &str, mut edit: impl FnMut(&mut Value)) {
    for path in files(project, document) {
        let mut data = super::yaml(&path);
        edit(&mut data);
        fs::write(&path, serde_json::to_string_pretty(&data).unwrap()).unwrap();
    }
}

/// Applies `edit` to every item of `list` in `document`.
pub fn edit_items(project: &Path, document: &str, list: &str, mut edit: impl FnMut(&mut Value)) {
    self::edit(project, document, |data| {
        if let Some(items) = data[list].as_array_mut() {
            items.iter_mut().for_each(&mut edit);
        }
    });
}

/// An id as the documents write it: `1A`, or a number such as `3`.
pub fn id(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Sets `item`'s field `key` to `new` where it is the id `old`, or a list (or a single id,
/// as `cast: nell` may be written) holding it.
pub fn rename(item: &mut Value, key: &str, old: &str, new: &str) {
    let renamed = |value: &mut Value| {
        if id(value).as_deref() == Some(old) {
            *value = Value::String(new.to_string());
        }
    };
    match item.get_mut(key) {
        Some(Value::Array(ids)) => ids.iter_mut().for_each(renamed),
        Some(value) => renamed(value),
        None => {}
    }
}

/// Applies `edit` to each item of the list `key` of `item` (a shoot day's `cast_calls`).
pub fn each(item: &mut Value, key: &str, edit: impl FnMut(&mut Value)) {
    if let Some(Value::Array(items)) = item.get_mut(key) {
        items.iter_mut().for_each(edit);
    }
}

/// Renames the Markdown references `kind:old` (`[x](shot:1A)`, `<shot:1A>`) in every
/// Markdown file of the project to `kind:new`.
pub fn rename_references(project: &Path, kind: &str, old: &str, new: &str) {
    for entry in walkdir::WalkDir::new(project) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = fs::read_to_string(entry.path()).unwrap();
        let renamed = text
            .replace(&format!("({kind}:{old})"), &format!("({kind}:{new})"))
            .replace(&format!("({kind}:{old} "), &format!("({kind}:{new} "))
            .replace(&format!("<{kind}:{old}>"), &format!("<{kind}:{new}>"));
        if renamed != text {
            fs::write(entry.path(), renamed).unwrap();
        }
    }
}

/// Sets `audience` on the item of `list` in `document` whose `key` is the id `id`.
pub fn set_audience(
    project: &Path,
    document: &str,
    list: &str,
    key: &str,
    id: &str,
    audience: &str,
) {
    edit_items(project, document, list, |item| {
        if item.get(key).and_then(self::id).as_deref() == Some(id) {
            item["audience"] = Value::String(audience.to_string());
        }
    });
}
