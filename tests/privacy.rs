//! Randomized: items and fields added to each production of the repository are given random
//! audiences and unique marker strings (their ids among them); after a build, no marker is on
//! a site whose audience may not see it, every marker is on the sites that may, and every
//! site's counts agree with what it lists.
//!
//! Privacy follows references: the VFX task of a generated shot, its storyboard panel's link,
//! its shoot day's entry, the review note and deliverable of a generated cut and the cast call
//! of a generated person are seen only by the audiences that see the item they refer to.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use common::documents::items;

const AUDIENCES: [&str; 3] = ["public", "client", "crew"];

/// Who may see something: a subset of the audiences, or the kind's default (`None`).
type Choice = Option<Vec<&'static str>>;

fn audience_choice() -> impl Strategy<Value = Choice> {
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

/// A generated shot's audience, and those of its notes, its VFX task and its panel.
#[derive(Debug, Clone)]
struct ShotPlan {
    shot: Choice,
    notes: Choice,
    vfx: Choice,
    panel: Choice,
}

/// A generated cut's audience, and those of its review note and its deliverable.
#[derive(Debug, Clone)]
struct CutPlan {
    cut: Choice,
    review: Choice,
    deliverable: Choice,
}

#[derive(Debug, Clone)]
struct Plan {
    /// The audience of the scene of the generated shots, where the production names scenes:
    /// a shot of a hidden scene is hidden.
    scene: Choice,
    shots: Vec<ShotPlan>,
    locations: Vec<Choice>,
    /// Per generated cast member: their audience. Each has a cast call on a generated day.
    cast: Vec<Choice>,
    /// Per generated crew member: the member's audience and their phone's. Each has a crew
    /// call on the generated day.
    crew: Vec<(Choice, Choice)>,
    cuts: Vec<CutPlan>,
    /// Per generated journal note: its audience.
    notes: Vec<Choice>,
    /// Per generated budget line: its audience.
    lines: Vec<Choice>,
}

fn plan() -> impl Strategy<Value = Plan> {
    let shot = (
        audience_choice(),
        audience_choice(),
        audience_choice(),
        audience_choice(),
    )
        .prop_map(|(shot, notes, vfx, panel)| ShotPlan {
            shot,
            notes,
            vfx,
            panel,
        });
    let cut = (audience_choice(), audience_choice(), audience_choice()).prop_map(
        |(cut, review, deliverable)| CutPlan {
            cut,
            review,
            deliverable,
        },
    );
    (
        audience_choice(),
        prop::collection::vec(shot, 1..5),
        prop::collection::vec(audience_choice(), 1..3),
        prop::collection::vec(audience_choice(), 1..3),
        prop::collection::vec((audience_choice(), audience_choice()), 1..4),
        prop::collection::vec(cut, 1..3),
        prop::collection::vec(audience_choice(), 1..4),
        prop::collection::vec(audience_choice(), 1..4),
    )
        .prop_map(
            |(scene, shots, locations, cast, crew, cuts, notes, lines)| Plan {
                scene,
                shots,
                locations,
                cast,
                crew,
                cuts,
                notes,
                lines,
            },
        )
}

/// The markers written into a production, each with the audiences that may see it.
#[derive(Default)]
struct Expected(BTreeMap<String, Vec<&'static str>>);

impl Expected {
    fn add(&mut self, marker: &str, audiences: Vec<&'static str>) {
        self.0.insert(marker.to_string(), audiences);
    }
}

/// The audiences a set lets see, or the default set's when it is `None`.
fn seen_by(choice: &Choice, default: &[&'static str]) -> Vec<&'static str> {
    let set = choice.clone().unwrap_or(default.to_vec());
    AUDIENCES
        .iter()
        .copied()
        .filter(|a| sees(&set, a))
        .collect()
}

fn intersect(a: &[&'static str], b: &[&'static str]) -> Vec<&'static str> {
    a.iter().copied().filter(|x| b.contains(x)).collect()
}

/// `audience: [...]` for an item indented by four spaces, when the plan names one.
fn audience_line(choice: &Choice) -> String {
    choice
        .as_ref()
        .map(|set| format!("    audience: {}\n", yaml_set(set)))
        .unwrap_or_default()
}

/// Writes `text` as a new file of the list document `document` (`post/vfx`), beside the
/// production's own: a list document may be a folder of files.
fn add_file(project: &Path, document: &str, text: &str) {
    let folder = project.join(document);
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("generated.yaml"), text).unwrap();
}

const BOTH: [&str; 2] = ["client", "crew"];

/// Writes the plan into `project` as new files; returns each marker with the audiences that
/// may see it.
fn write_plan(project: &Path, plan: &Plan) -> Expected {
    let mut expected = Expected::default();
    // A production that names no scenes does not check them, nor may it be given one.
    let names_scenes = !items(project, "shots", "scenes").is_empty();
    let scene_set = if names_scenes {
        seen_by(&plan.scene, &BOTH)
    } else {
        AUDIENCES.to_vec()
    };

    let mut locations = String::from("locations:\n");
    let mut location_sets = Vec::new();
    for (i, choice) in plan.locations.iter().enumerate() {
        locations.push_str(&format!(
            "  - id: LocationId{i}X\n    name: LOCATIONMARK{i}X\n{}",
            audience_line(choice)
        ));
        let set = seen_by(choice, &BOTH);
        expected.add(&format!("LocationId{i}X"), set.clone());
        expected.add(&format!("LOCATIONMARK{i}X"), set.clone());
        location_sets.push(set);
    }
    add_file(project, "locations", &locations);

    let mut people = String::from("cast:\n");
    for (i, choice) in plan.cast.iter().enumerate() {
        people.push_str(&format!(
            "  - id: CastId{i}X\n    name: CASTMARK{i}X\n{}",
            audience_line(choice)
        ));
        let set = seen_by(choice, &BOTH);
        expected.add(&format!("CastId{i}X"), set.clone());
        expected.add(&format!("CASTMARK{i}X"), set);
    }
    people.push_str("crew:\n");
    for (i, (item, phone)) in plan.crew.iter().enumerate() {
        people.push_str(&format!(
            "  - id: CrewId{i}X\n    name: CREWMARK{i}X\n    department: Grip\n    position: Grip\n{}",
            audience_line(item)
        ));
        let number = format!("PHONEMARK{i}X");
        let phone_set = match phone {
            Some(set) => {
                people.push_str(&format!(
                    "    phone: {{value: {number}, audience: {}}}\n",
                    yaml_set(set)
                ));
                seen_by(phone, &[])
            }
            // Contact details are for the crew unless they say otherwise.
            None => {
                people.push_str(&format!("    phone: {number}\n"));
                vec!["crew"]
            }
        };
        let set = seen_by(item, &BOTH);
        expected.add(&format!("CrewId{i}X"), set.clone());
        expected.add(&format!("CREWMARK{i}X"), set.clone());
        expected.add(&number, intersect(&set, &phone_set));
    }
    add_file(project, "people", &people);

    let mut shots = String::from("shots:\n");
    if names_scenes {
        shots = format!(
            "scenes:\n  - id: SceneId0X\n    name: Generated\n{}{shots}",
            audience_line(&plan.scene)
        );
        // The scene is named where it holds a shot the audience sees.
        let shown = AUDIENCES
            .iter()
            .copied()
            .filter(|a| {
                scene_set.contains(a)
                    && plan
                        .shots
                        .iter()
                        .any(|s| seen_by(&s.shot, &BOTH).contains(a))
            })
            .collect();
        expected.add("SceneId0X", shown);
    }
    let (mut vfx, mut panels) = (String::from("vfx:\n"), String::from("panels:\n"));
    for (i, s) in plan.shots.iter().enumerate() {
        let location = i % plan.locations.len();
        let cast = i % plan.cast.len();
        shots.push_str(&format!(
            "  - id: ShotId{i}X\n    scene: SceneId0X\n    description: SHOTMARK{i}X\n    status: planned\n    panel: PanelId{i}X\n    location: LocationId{location}X\n    cast: [CastId{cast}X]\n{}",
            audience_line(&s.shot)
        ));
        let note = format!("NOTEMARK{i}X");
        match &s.notes {
            Some(set) => shots.push_str(&format!(
                "    notes: {{value: {note}, audience: {}}}\n",
                yaml_set(set)
            )),
            None => shots.push_str(&format!("    notes: {note}\n")),
        }
        vfx.push_str(&format!(
            "  - shot: ShotId{i}X\n    task: VFXMARK{i}X\n    status: in progress\n    due: 2026-12-0{}\n{}",
            i + 1,
            audience_line(&s.vfx)
        ));
        panels.push_str(&format!(
            "  - id: PanelId{i}X\n    action: PANELMARK{i}X\n    duration: 2\n    shot: ShotId{i}X\n{}",
            audience_line(&s.panel)
        ));
        let shot = intersect(&seen_by(&s.shot, &BOTH), &scene_set);
        expected.add(&format!("ShotId{i}X"), shot.clone());
        expected.add(&format!("SHOTMARK{i}X"), shot.clone());
        let notes = s
            .notes
            .as_ref()
            .map_or(shot.clone(), |_| seen_by(&s.notes, &[]));
        expected.add(&note, intersect(&shot, &notes));
        expected.add(
            &format!("VFXMARK{i}X"),
            intersect(&shot, &seen_by(&s.vfx, &BOTH)),
        );
        let panel = seen_by(&s.panel, &BOTH);
        expected.add(&format!("PanelId{i}X"), panel.clone());
        expected.add(&format!("PANELMARK{i}X"), panel);
    }
    add_file(project, "shots", &shots);
    add_file(project, "post/vfx", &vfx);
    add_file(project, "storyboard", &panels);

    // One more shoot day, after the production's own, calling everything generated.
    let day = items(project, "schedule", "days")
        .iter()
        .filter_map(|d| d["day"].as_u64())
        .max()
        .unwrap_or(0)
        + 1;
    let list = |prefix: &str, n: usize| {
        (0..n)
            .map(|i| format!("{prefix}{i}X"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut schedule = format!(
        "days:\n  - day: {day}\n    date: 2026-09-30\n    general_call: \"08:00\"\n    locations: [{}]\n    shots: [{}]\n    cast_calls:\n",
        list("LocationId", plan.locations.len()),
        list("ShotId", plan.shots.len()),
    );
    for i in 0..plan.cast.len() {
        schedule.push_str(&format!(
            "      - person: CastId{i}X\n        on_set: \"09:00\"\n"
        ));
    }
    schedule.push_str("    crew_calls:\n");
    for i in 0..plan.crew.len() {
        schedule.push_str(&format!(
            "      - person: CrewId{i}X\n        call: \"07:00\"\n"
        ));
    }
    add_file(project, "schedule", &schedule);

    let (mut cuts, mut reviews, mut deliverables) = (
        String::from("cuts:\n"),
        String::from("reviews:\n"),
        String::from("deliverables:\n"),
    );
    for (i, c) in plan.cuts.iter().enumerate() {
        cuts.push_str(&format!(
            "  - version: CutId{i}X\n    date: 2026-10-0{}\n    status: pending review\n    notes: CUTMARK{i}X\n{}",
            i + 1,
            audience_line(&c.cut)
        ));
        reviews.push_str(&format!(
            "  - version: CutId{i}X\n    timecode: \"0:10\"\n    author: Generated\n    note: REVIEWMARK{i}X\n{}",
            audience_line(&c.review)
        ));
        deliverables.push_str(&format!(
            "  - name: DELIVERMARK{i}X\n    cut: CutId{i}X\n    status: in progress\n    due: 2026-12-1{i}\n{}",
            audience_line(&c.deliverable)
        ));
        let cut = seen_by(&c.cut, &BOTH);
        expected.add(&format!("CutId{i}X"), cut.clone());
        expected.add(&format!("CUTMARK{i}X"), cut.clone());
        expected.add(
            &format!("REVIEWMARK{i}X"),
            intersect(&cut, &seen_by(&c.review, &BOTH)),
        );
        expected.add(
            &format!("DELIVERMARK{i}X"),
            intersect(&cut, &seen_by(&c.deliverable, &BOTH)),
        );
    }
    add_file(project, "post/cuts", &cuts);
    add_file(project, "post/reviews", &reviews);
    add_file(project, "post/deliverables", &deliverables);

    for (i, note) in plan.notes.iter().enumerate() {
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
        expected.add(&marker, seen_by(note, &["public"]));
    }

    let mut budget = String::from("lines:\n");
    for (i, line) in plan.lines.iter().enumerate() {
        let marker = format!("LINEMARK{i}X");
        budget.push_str(&format!(
            "  - account: \"9{i}00\"\n    department: Extra\n    item: {marker}\n    estimate: 10\n{}",
            audience_line(line)
        ));
        expected.add(&marker, seen_by(line, &["client"]));
    }
    add_file(project, "budget", &budget);
    expected
}

/// Every file of a site, zip members too, as lower-case text: ids are found in their
/// anchors (`#shot-shotid0x`) too.
fn site_text(site: &Path) -> String {
    let mut text = String::new();
    if site.exists() {
        for bytes in common::unzipped(common::snapshot(site)).values() {
            text.push_str(&String::from_utf8_lossy(bytes).to_lowercase());
        }
    }
    text
}

/// The productions the plan is written into: the repository's, and the small fixture, where
/// the generated items are most of the site.
fn productions() -> Vec<PathBuf> {
    let mut productions = common::productions();
    productions.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"));
    productions
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_marker_reaches_an_audience_that_may_not_see_it(plan in plan()) {
        for production in productions() {
            let project = common::unlocked_copy(&production);
            let expected = write_plan(project.path(), &plan);
            let out = common::clapboard(&["build", project.path().to_str().unwrap(), "--now", common::NOW]);
            prop_assert!(out.status.success(), "{}: {}", production.display(), String::from_utf8_lossy(&out.stderr));
            for audience in AUDIENCES {
                let site = project.path().join("dist").join(audience);
                let text = site_text(&site);
                for (marker, allowed) in &expected.0 {
                    let found = text.contains(&marker.to_lowercase());
                    if allowed.contains(&audience) {
                        prop_assert!(found, "{}: {marker} missing from the {audience} site", production.display());
                    } else {
                        prop_assert!(!found, "{}: {marker} leaked to the {audience} site", production.display());
                    }
                }
                if site.exists() {
                    let wrong = common::figures::miscounts(&site);
                    prop_assert!(wrong.is_empty(), "{}: {wrong:#?}", production.display());
                }
            }
        }
    }
}
