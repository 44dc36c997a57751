//! A production's documents read and edited as data, independently of clapboard's model, so
//! tests can hide an item and give it an id no other text contains.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The YAML files of a list document (`shots`, `post/vfx`): the single file and any files in
/// its folder. Spreadsheets and EDLs are [`sheet_files`].
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

/// The spreadsheets (CSV, workbooks) and EDLs of a list document.
pub fn sheet_files(project: &Path, document: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    let is_sheet = |path: &Path| {
        path.extension()
            .is_some_and(|e| e == "csv" || e == "xlsx" || e == "ods" || e == "edl")
    };
    for extension in ["csv", "xlsx", "ods"] {
        let path = project.join(format!("{document}.{extension}"));
        if path.is_file() {
            found.push(path);
        }
    }
    let folder = project.join(document);
    if folder.is_dir() {
        for entry in walkdir::WalkDir::new(&folder).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() && is_sheet(entry.path()) {
                found.push(entry.path().to_path_buf());
            }
        }
    }
    found
}

/// The document at `path` as data: a YAML file as it is, a sheet or an EDL as the YAML it
/// stands for.
fn data(project: &Path, document: &str, path: &Path) -> Value {
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv" | "xlsx" | "ods") => super::sheets::sheet_document(project, document, path),
        Some("edl") => super::sheets::edl_document(path),
        _ => super::yaml(path),
    }
}

/// Every document of a list kind, YAML, sheets and EDLs, in the order clapboard reads them.
fn all_files(project: &Path, document: &str) -> Vec<PathBuf> {
    let mut all = files(project, document);
    all.extend(sheet_files(project, document));
    all.sort_by(|a, b| {
        let relative = |p: &Path| p.strip_prefix(project).unwrap().to_path_buf();
        relative(a).cmp(&relative(b))
    });
    all
}

/// Every item of `list` in `document` (`items(project, "shots", "shots")`), in file order,
/// whether kept in YAML, in a sheet or in an EDL.
pub fn items(project: &Path, document: &str, list: &str) -> Vec<Value> {
    all_files(project, document)
        .iter()
        .flat_map(|path| {
            data(project, document, path)[list]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

/// Rewrites every sheet and EDL of the copy `project` as the YAML document it stands for, so a
/// test can edit its lists as data or as text. Never on the
/// productions in the repository.
pub fn sheets_as_yaml(project: &Path) {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        !project.canonicalize().unwrap().starts_with(repository),
        "{} is not a copy",
        project.display()
    );
    for document in [
        "concept/moodboard",
        "storyboard",
        "shots",
        "locations",
        "people",
        "schedule",
        "budget",
        "post/cuts",
        "post/reviews",
        "post/vfx",
        "post/deliverables",
    ] {
        for path in sheet_files(project, document) {
            let data = data(project, document, &path);
            let mut yaml = path.with_extension("yaml");
            if yaml.exists() {
                yaml = path.with_file_name(format!(
                    "{}-sheet.yaml",
                    path.file_stem().unwrap().to_string_lossy()
                ));
            }
            // Each value on its key's line, as a producer writes it, for tests that edit text.
            let mut options = serde_saphyr::SerializerOptions::default();
            options.prefer_block_scalars = false;
            let text = serde_saphyr::to_string_with_options(&data, options).unwrap();
            fs::write(&yaml, text).unwrap();
            fs::remove_file(&path).unwrap();
        }
    }
}

/// Applies `edit` to the data of every file of `document`, written back as JSON (which is
/// YAML, so clapboard reads it as before, comments aside); sheets become YAML first.
pub fn edit(project: &Path, document: &str, mut edit: impl FnMut(&mut Value)) {
    sheets_as_yaml(project);
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

/// Whether an `audience:` value (one name or a list) lets `audience` see what it is on.
fn names(set: &Value, audience: &str) -> bool {
    match set {
        Value::String(name) => name == audience || name == "public",
        Value::Array(names) => names.iter().any(|n| self::names(n, audience)),
        _ => false,
    }
}

/// The items of `list` in `document` that `audience`'s site shows, in file order: a file's
/// own `audience:` (or the kind's `default`, such as `["client", "crew"]` for shots) decides,
/// and an item naming an audience is shown to it alone, whatever its file says.
pub fn shown_items(
    project: &Path,
    document: &str,
    list: &str,
    audience: &str,
    default: &[&str],
) -> Vec<Value> {
    let mut shown = Vec::new();
    for path in all_files(project, document) {
        let data = data(project, document, &path);
        let file_shown = match data.get("audience") {
            Some(set) => names(set, audience),
            None => default.iter().any(|d| *d == audience || *d == "public"),
        };
        for item in data[list].as_array().into_iter().flatten() {
            let item_shown = match item.get("audience") {
                Some(set) => names(set, audience),
                None => file_shown,
            };
            if item_shown {
                shown.push(item.clone());
            }
        }
    }
    shown
}

/// The front matter of a Markdown document.
pub fn front_matter(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let front = text
        .strip_prefix("---")
        .and_then(|rest| rest.split("\n---").next())
        .unwrap_or_else(|| panic!("{} has no front matter", path.display()));
    serde_saphyr::from_str(front).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The journal notes `audience`'s site publishes at the test clock, with their front matter:
/// not drafts, not dated after the clock, and not for other audiences.
pub fn published_notes(project: &Path, audience: &str) -> Vec<(PathBuf, Value)> {
    let today = &super::NOW[..10];
    let mut notes: Vec<(PathBuf, Value)> = fs::read_dir(project.join("journal"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let front = front_matter(&path);
            (path, front)
        })
        .filter(|(_, front)| front["draft"].as_bool() != Some(true))
        .filter(|(_, front)| front["date"].as_str().is_some_and(|d| &d[..10] <= today))
        .filter(|(_, front)| front.get("audience").is_none_or(|a| names(a, audience)))
        .collect();
    notes.sort_by(|a, b| a.0.cmp(&b.0));
    notes
}

/// The address slug of a journal note: its `slug`, or its file's name.
pub fn note_slug(path: &Path, front: &Value) -> String {
    front["slug"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| path.file_stem().unwrap().to_string_lossy().into_owned())
}

/// Writes a draft journal note carrying `marker` in its title and body; returns its address
/// slug.
pub fn write_draft(project: &Path, marker: &str) -> String {
    let slug = "a-draft-in-progress";
    fs::write(
        project.join("journal").join(format!("{slug}.md")),
        format!(
            "---\ntitle: Half-written {marker}\ndate: 2026-10-01\ndraft: true\n---\n\nNot ready yet: {marker}.\n"
        ),
    )
    .unwrap();
    slug.to_string()
}
