//! The schemas in an editor: the real yaml-language-server (as VS Code, Neovim, Helix and Zed
//! run it) finds nothing wrong in any production's documents, explains a mistake in words a
//! crew can act on, and completes fields and values with their descriptions.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::lsp::{YamlServer, documentation};
use common::*;
use serde_json::Value;

/// The folders whose YAML documents must be clean: every production, and the blank one `new`
/// starts from where the repository has it.
fn folders() -> Vec<PathBuf> {
    let mut folders = productions();
    let blank = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/blank");
    if blank.is_dir() {
        folders.push(blank);
    }
    folders
}

/// Every YAML document of `folder`: the files clapboard reads with a schema of their own.
fn yaml_documents(folder: &Path) -> Vec<PathBuf> {
    let mut documents = Vec::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(folder).unwrap().to_string_lossy();
        if relative.starts_with("schemas") || relative.starts_with("dist") {
            continue;
        }
        if relative.ends_with(".yaml") && clapboard::schema::for_path(&relative).is_some() {
            documents.push(entry.path().to_path_buf());
        }
    }
    documents
}

/// `file:line: message` for each diagnostic, as a reader of a failed test wants them.
fn described(path: &Path, diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let line = d["range"]["start"]["line"].as_u64().unwrap_or_default() + 1;
            format!("{}:{line}: {}", path.display(), d["message"])
        })
        .collect()
}

#[test]
fn every_yaml_document_of_every_production_is_clean_in_the_editor() {
    let Some(mut server) = YamlServer::start() else {
        return;
    };
    let mut opened = Vec::new();
    for folder in folders() {
        let documents = yaml_documents(&folder);
        assert!(
            documents.len() >= 5,
            "{}: {} YAML documents",
            folder.display(),
            documents.len()
        );
        for path in documents {
            let text = fs::read_to_string(&path).unwrap();
            opened.push((server.open(&path, &text), path));
        }
    }
    let uris: Vec<String> = opened.iter().map(|(uri, _)| uri.clone()).collect();
    let mut problems = Vec::new();
    for ((_, path), diagnostics) in opened.iter().zip(server.diagnostics_of(&uris)) {
        problems.extend(described(path, &diagnostics));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A folder with the example's schemas, where edited copies of its documents are opened.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    fs::create_dir(&schemas).unwrap();
    for entry in fs::read_dir(example_dir().join("schemas")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), schemas.join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// `text` with the first line that starts (after its indent) with `from` made to start with
/// `to`, and that line's 0-based number.
fn edit(text: &str, from: &str, to: &str) -> (String, usize) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(from))
        .unwrap_or_else(|| panic!("no line starts with {from}"));
    let indent = lines[at].len() - lines[at].trim_start().len();
    let rest = lines[at].trim_start()[from.len()..].to_string();
    lines[at] = format!("{}{to}{rest}", &lines[at][..indent]);
    (lines.join("\n") + "\n", at)
}

/// The messages of the diagnostics on a 0-based line.
fn messages_on(diagnostics: &[Value], line: usize) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d["range"]["start"]["line"] == line)
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A message is for people: no JSON Schema type names, no regular expression, and no word of
/// the `{value, audience}` form the mistake has nothing to do with.
fn assert_readable(message: &str) {
    for jargon in [
        "object(",
        "\\d",
        "[0-",
        "^",
        "\"value\"",
        "\"audience\"",
        "anyOf",
    ] {
        assert!(
            !message.contains(jargon),
            "{message:?} should not mention {jargon}"
        );
    }
}

#[test]
fn mistakes_get_messages_a_crew_can_act_on() {
    let Some(mut server) = YamlServer::start() else {
        return;
    };
    let dir = scratch();
    let example = example_dir();

    let shots = fs::read_to_string(example.join("shots.yaml")).unwrap();
    let (shots, size) = edit(&shots, "size: ", "size: XXL #");
    let (shots, lens) = edit(&shots, "lens:", "lense:");
    let (shots, playback) = edit(&shots, "playback: true", "playback: often #");
    let (shots, fps) = edit(&shots, "fps:", "fps: fast #");
    let path = dir.path().join("shots.yaml");
    fs::write(&path, &shots).unwrap();
    let uri = server.open(&path, &shots);

    let schedule = fs::read_to_string(example.join("schedule.yaml")).unwrap();
    let (schedule, late) = edit(&schedule, "general_call:", "general_call: \"25:99\" #");
    let (schedule, dotted) = edit(&schedule, "shooting_call:", "shooting_call: 6.30 #");
    let schedule_path = dir.path().join("schedule.yaml");
    fs::write(&schedule_path, &schedule).unwrap();
    let schedule_uri = server.open(&schedule_path, &schedule);

    let diagnostics = server.diagnostics(&uri);
    eprintln!("{:#?}", described(&path, &diagnostics));

    // A shot size that does not exist: the sizes that do.
    let sizes = messages_on(&diagnostics, size);
    assert_eq!(sizes.len(), 1, "{sizes:?}");
    for allowed in ["\"ECU\"", "\"MCU\"", "\"OTS\"", "\"two-shot\""] {
        assert!(sizes[0].contains(allowed), "{sizes:?} lacks {allowed}");
    }
    assert_readable(&sizes[0]);

    // A misspelt field: named, with the fields a shot has.
    let fields = messages_on(&diagnostics, lens);
    assert!(
        fields.iter().any(|m| m.contains("lense")),
        "the misspelt field is named: {fields:?}"
    );
    assert!(
        fields
            .iter()
            .any(|m| m.contains(" lens,") && m.contains("size")),
        "the fields of a shot are listed: {fields:?}"
    );
    fields.iter().for_each(|m| assert_readable(m));

    // A wrong type: what the field takes, in words.
    let types = messages_on(&diagnostics, playback);
    assert_eq!(types.len(), 1, "{types:?}");
    assert_eq!(types, ["Expected true or false."]);
    assert_eq!(messages_on(&diagnostics, fps), ["Expected a number."]);
    assert_readable(&types[0]);

    // Times that are not times of day, as text and as a number: how to write one.
    let diagnostics = server.diagnostics(&schedule_uri);
    eprintln!("{:#?}", described(&schedule_path, &diagnostics));
    for line in [late, dotted] {
        let times = messages_on(&diagnostics, line);
        assert_eq!(
            times,
            ["A time of day like 06:30 (24-hour clock)"],
            "line {}",
            line + 1
        );
    }
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
}

#[test]
fn completion_offers_fields_and_values_with_their_descriptions() {
    let Some(mut server) = YamlServer::start() else {
        return;
    };
    let dir = scratch();
    let path = dir.path().join("shots.yaml");
    let text = "# yaml-language-server: $schema=schemas/shots.schema.json\n\
                shots:\n  - id: 9Z\n    scene: 1\n    description: The key ring.\n    \n";
    fs::write(&path, text).unwrap();
    let uri = server.open(&path, text);

    let items = server.completion(&uri, 5, 4);
    let doc_of = |items: &[Value], label: &str| -> String {
        let item = items
            .iter()
            .find(|i| i["label"] == label)
            .unwrap_or_else(|| panic!("{label} is not offered: {items:#?}"));
        documentation(&item["documentation"])
    };
    assert!(
        doc_of(&items, "size").contains("How much of the subject the frame holds"),
        "{items:#?}"
    );
    assert!(doc_of(&items, "duration").contains("screen time"));
    for field in ["lens", "status", "playback", "cast", "audience"] {
        assert!(
            !doc_of(&items, field).is_empty(),
            "{field} has no description"
        );
    }
    assert!(items.iter().all(|i| i["label"] != "value"), "{items:#?}");

    let text = text.replace("    \n", "    size: \n");
    let path = dir.path().join("shots-2.yaml");
    fs::write(&path, &text).unwrap();
    let uri = server.open(&path, &text);
    let items = server.completion(&uri, 5, 10);
    assert!(
        doc_of(&items, "MCU").contains("Medium close-up: head and shoulders"),
        "{items:#?}"
    );
    assert!(doc_of(&items, "OTS").contains("Over the shoulder"));
    assert!(doc_of(&items, "two-shot").contains("two people in the frame"));

    // Inside a field that holds an object, its own fields: not those of `{value, audience}`.
    let text = "# yaml-language-server: $schema=schemas/locations.schema.json\n\
                locations:\n  - id: depot\n    name: The depot\n    permit:\n      \n";
    let path = dir.path().join("locations.yaml");
    fs::write(&path, text).unwrap();
    let permit = server.open(&path, text);
    let items = server.completion(&permit, 5, 6);
    assert!(
        doc_of(&items, "status").contains("Where the permit stands"),
        "{items:#?}"
    );
    assert!(items.iter().all(|i| i["label"] != "value"), "{items:#?}");

    let hover = server.hover(&uri, 5, 6);
    assert!(
        hover.contains("How much of the subject the frame holds"),
        "{hover}"
    );
}
