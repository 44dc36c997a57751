//! Randomized: items and fields of a generated production are given random audiences and
//! unique marker strings; after a build, no marker is on a site whose audience may not see it,
//! and every marker is on the sites that may.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use proptest::prelude::*;

const AUDIENCES: [&str; 3] = ["public", "client", "crew"];

/// Who may see something: a subset of the audiences, or the kind's default (`None`).
fn audience_choice() -> impl Strategy<Value = Option<Vec<&'static str>>> {
    prop_oneof![
        Just(None),
        prop::sample::subsequence(AUDIENCES.to_vec(), 1..=3).prop_map(Some),
    ]
}

fn yaml_set(set: &[&str]) -> String {
    format!("[{}]", set.join(", "))
}

fn sees(set: &[&str], audience: &str) -> bool {
    set.contains(&"public") || set.contains(&audience)
}

/// An item's audience and one of its fields'.
type Choices = (Option<Vec<&'static str>>, Option<Vec<&'static str>>);

#[derive(Debug, Clone)]
struct Plan {
    /// Per generated shot: the shot's own audience and its notes field's.
    shots: Vec<Choices>,
    /// Per generated crew member: the member's audience and their phone's.
    crew: Vec<Choices>,
    /// Per generated journal note: its audience.
    notes: Vec<Option<Vec<&'static str>>>,
    /// Per generated budget line: its audience.
    lines: Vec<Option<Vec<&'static str>>>,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec((audience_choice(), audience_choice()), 1..5),
        prop::collection::vec((audience_choice(), audience_choice()), 1..4),
        prop::collection::vec(audience_choice(), 1..4),
        prop::collection::vec(audience_choice(), 1..4),
    )
        .prop_map(|(shots, crew, notes, lines)| Plan {
            shots,
            crew,
            notes,
            lines,
        })
}

/// Writes the plan into a copy of the base production; returns each marker with the
/// audiences that may see it.
fn write_plan(project: &Path, plan: &Plan) -> BTreeMap<String, Vec<&'static str>> {
    let mut expected = BTreeMap::new();
    let shots_default = ["client", "crew"];
    let mut shots = fs::read_to_string(project.join("shots.yaml")).unwrap();
    for (i, (item, notes)) in plan.shots.iter().enumerate() {
        let item_set: Vec<&str> = item.clone().unwrap_or(shots_default.to_vec());
        let description = format!("SHOTMARK{i}X");
        let note = format!("NOTEMARK{i}X");
        shots.push_str(&format!(
            "  - id: G{i}\n    scene: 1\n    description: {description}\n    status: planned\n"
        ));
        if let Some(set) = item {
            shots.push_str(&format!("    audience: {}\n", yaml_set(set)));
        }
        let note_set: Vec<&str> = match notes {
            Some(set) => {
                shots.push_str(&format!(
                    "    notes: {{value: {note}, audience: {}}}\n",
                    yaml_set(set)
                ));
                set.clone()
            }
            None => {
                shots.push_str(&format!("    notes: {note}\n"));
                item_set.clone()
            }
        };
        expected.insert(description, expand(&item_set));
        expected.insert(note, intersect(&expand(&item_set), &expand(&note_set)));
    }
    fs::write(project.join("shots.yaml"), shots).unwrap();

    let mut people = fs::read_to_string(project.join("people.yaml")).unwrap();
    for (i, (item, phone)) in plan.crew.iter().enumerate() {
        let item_set: Vec<&str> = item.clone().unwrap_or(vec!["client", "crew"]);
        let name = format!("CREWMARK{i}X");
        let number = format!("PHONEMARK{i}X");
        people.push_str(&format!(
            "  - id: g{i}\n    name: {name}\n    department: Grip\n    position: Grip\n"
        ));
        if let Some(set) = item {
            people.push_str(&format!("    audience: {}\n", yaml_set(set)));
        }
        let phone_set: Vec<&str> = match phone {
            Some(set) => {
                people.push_str(&format!(
                    "    phone: {{value: {number}, audience: {}}}\n",
                    yaml_set(set)
                ));
                set.clone()
            }
            // Contact details are for the crew unless they say otherwise.
            None => {
                people.push_str(&format!("    phone: {number}\n"));
                vec!["crew"]
            }
        };
        expected.insert(name, expand(&item_set));
        expected.insert(number, intersect(&expand(&item_set), &expand(&phone_set)));
    }
    fs::write(project.join("people.yaml"), people).unwrap();

    for (i, note) in plan.notes.iter().enumerate() {
        let set: Vec<&str> = note.clone().unwrap_or(vec!["public"]);
        let marker = format!("JOURNALMARK{i}X");
        let audience = note
            .as_ref()
            .map(|s| format!("audience: {}\n", yaml_set(s)))
            .unwrap_or_default();
        fs::write(
            project.join(format!("journal/generated-{i}.md")),
            format!("---\ntitle: Generated {i}\ndate: 2026-09-2{i}\n{audience}---\nThe body says {marker}.\n"),
        )
        .unwrap();
        expected.insert(marker, expand(&set));
    }

    let mut budget = fs::read_to_string(project.join("budget.yaml")).unwrap();
    for (i, line) in plan.lines.iter().enumerate() {
        let set: Vec<&str> = line.clone().unwrap_or(vec!["client"]);
        let marker = format!("LINEMARK{i}X");
        budget.push_str(&format!(
            "  - account: \"9{i}00\"\n    department: Extra\n    item: {marker}\n    estimate: 10\n"
        ));
        if let Some(s) = line {
            budget.push_str(&format!("    audience: {}\n", yaml_set(s)));
        }
        expected.insert(marker, expand(&set));
    }
    fs::write(project.join("budget.yaml"), budget).unwrap();
    expected
}

/// The audiences a set lets see: `public` is everyone.
fn expand(set: &[&str]) -> Vec<&'static str> {
    AUDIENCES.iter().copied().filter(|a| sees(set, a)).collect()
}

fn intersect(a: &[&'static str], b: &[&'static str]) -> Vec<&'static str> {
    a.iter().copied().filter(|x| b.contains(x)).collect()
}

fn site_text(site: &Path) -> String {
    let mut text = String::new();
    if site.exists() {
        for entry in walkdir::WalkDir::new(site) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                text.push_str(&String::from_utf8_lossy(&fs::read(entry.path()).unwrap()));
            }
        }
    }
    text
}

fn base_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in
        walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"))
    {
        let entry = entry.unwrap();
        let relative = entry
            .path()
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"))
            .unwrap();
        let target = dir.path().join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_marker_reaches_an_audience_that_may_not_see_it(plan in plan()) {
        let project = base_copy();
        let expected = write_plan(project.path(), &plan);
        let out = common::clapboard(&["build", project.path().to_str().unwrap(), "--now", common::NOW]);
        prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for audience in AUDIENCES {
            let text = site_text(&project.path().join("dist").join(audience));
            for (marker, allowed) in &expected {
                if allowed.contains(&audience) {
                    prop_assert!(text.contains(marker.as_str()), "{marker} missing from the {audience} site");
                } else {
                    prop_assert!(!text.contains(marker.as_str()), "{marker} leaked to the {audience} site");
                }
            }
        }
    }
}
