//! Privacy follows references: an item that exists for another (a VFX task of a shot, a review
//! note or deliverable of a cut, a cast call of a person) is left out of every site that may
//! not see that item, and every figure of a site counts only what the site lists. Each test
//! runs on every production of the repository.
//!
//! The hidden item, and each item that exists for it, is given a text that nothing else in
//! the production contains (the hidden item's id), so that a site can be searched for it.

mod common;

use std::path::Path;

use common::documents::{each, edit_items, id, items, rename, rename_references, set_audience};
use common::figures::miscounts;
use common::*;

/// The audiences below `audience`'s: the sites that must not show what only it sees.
fn others(audience: &str) -> Vec<&'static str> {
    ["public", "client", "crew"]
        .into_iter()
        .filter(|a| *a != audience)
        .collect()
}

/// Panics with every place `audience`'s site holds one of `needles`.
fn assert_absent(dist: &Path, audience: &str, needles: &[String]) {
    let found = mentions(&dist.join(audience), needles);
    assert!(found.is_empty(), "on the {audience} site: {found:#?}");
}

/// Panics unless `audience`'s site holds each of `needles`: what the test hides was there.
fn assert_present(dist: &Path, audience: &str, needles: &[String]) {
    for needle in needles {
        let found = mentions(&dist.join(audience), std::slice::from_ref(needle));
        assert!(
            !found.is_empty(),
            "{needle} is missing from the {audience} site"
        );
    }
}

/// Panics with every figure of every site that disagrees with what the site lists.
fn assert_counts_agree(dist: &Path) {
    for audience in ["public", "client", "crew"] {
        let wrong = miscounts(&dist.join(audience));
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}

/// Fails when no production could be set up for a case (`tested` is how many were): a test
/// that tests nothing must not pass.
fn assert_tested(tested: usize, what: &str) {
    assert!(tested > 0, "no production of the repository has {what}");
}

#[test]
fn a_hidden_shot_takes_its_vfx_tasks_with_it() {
    let mut tested = 0;
    for production in productions() {
        let project = unlocked_copy(&production);
        let p = project.path();
        let vfx = items(p, "post/vfx", "vfx");
        let Some(shot) = vfx.iter().find_map(|v| v.get("shot").and_then(id)) else {
            continue;
        };
        let hidden = "HiddenShot7Q";
        edit_items(p, "shots", "shots", |s| rename(s, "id", &shot, hidden));
        edit_items(p, "storyboard", "panels", |s| {
            rename(s, "shot", &shot, hidden)
        });
        edit_items(p, "schedule", "days", |d| rename(d, "shots", &shot, hidden));
        rename_references(p, "shot", &shot, hidden);
        let mut tasks = Vec::new();
        edit_items(p, "post/vfx", "vfx", |v| {
            rename(v, "shot", &shot, hidden);
            if v.get("shot").and_then(id).as_deref() == Some(hidden) {
                let task = format!("HiddenTask7Q{}", tasks.len());
                v["task"] = task.clone().into();
                tasks.push(task);
            }
        });
        set_audience(p, "shots", "shots", "id", hidden, "crew");
        let dist = build(p);
        let mut needles = vec![hidden.to_string()];
        needles.extend(tasks);
        assert_present(&dist, "crew", &needles);
        for audience in others("crew") {
            assert_absent(&dist, audience, &needles);
        }
        assert_counts_agree(&dist);
        tested += 1;
    }
    assert_tested(tested, "a VFX task");
}

#[test]
fn a_hidden_cut_takes_its_review_notes_and_deliverables_with_it() {
    let mut tested = 0;
    for production in productions() {
        let project = unlocked_copy(&production);
        let p = project.path();
        let reviews = items(p, "post/reviews", "reviews");
        let deliverables = items(p, "post/deliverables", "deliverables");
        let reviewed = |version: &String| {
            reviews
                .iter()
                .any(|r| r.get("version").and_then(id).as_ref() == Some(version))
        };
        let delivered = |version: &String| {
            deliverables
                .iter()
                .any(|d| d.get("cut").and_then(id).as_ref() == Some(version))
        };
        let versions: Vec<String> = items(p, "post/cuts", "cuts")
            .iter()
            .filter_map(|c| c.get("version").and_then(id))
            .filter(reviewed)
            .collect();
        let Some(cut) = versions
            .iter()
            .find(|v| delivered(v))
            .or(versions.first())
            .cloned()
        else {
            continue;
        };
        let hidden = "HiddenCut7Q";
        edit_items(p, "post/cuts", "cuts", |c| {
            rename(c, "version", &cut, hidden)
        });
        let mut needles = vec![hidden.to_string()];
        edit_items(p, "post/reviews", "reviews", |r| {
            rename(r, "version", &cut, hidden);
            if r.get("version").and_then(id).as_deref() == Some(hidden) {
                let note = format!("HiddenNote7Q{}", needles.len());
                r["note"] = note.clone().into();
                needles.push(note);
            }
        });
        // A production whose deliverables name no cut gets one made from this cut.
        let adopt = !delivered(&cut);
        let mut first = true;
        edit_items(p, "post/deliverables", "deliverables", |d| {
            rename(d, "cut", &cut, hidden);
            if std::mem::take(&mut first) && adopt {
                d["cut"] = hidden.into();
            }
            if d.get("cut").and_then(id).as_deref() == Some(hidden) {
                let name = format!("HiddenDeliverable7Q{}", needles.len());
                d["name"] = name.clone().into();
                needles.push(name);
            }
        });
        set_audience(p, "post/cuts", "cuts", "version", hidden, "crew");
        let dist = build(p);
        assert_present(&dist, "crew", &needles);
        for audience in others("crew") {
            assert_absent(&dist, audience, &needles);
        }
        assert_counts_agree(&dist);
        tested += 1;
    }
    assert_tested(tested, "a cut with review notes");
}

#[test]
fn a_person_the_crew_may_not_see_takes_their_calls_with_them() {
    let mut tested = 0;
    for production in productions() {
        let project = unlocked_copy(&production);
        let p = project.path();
        let cast: Vec<String> = items(p, "people", "cast")
            .iter()
            .filter_map(|c| c.get("id").and_then(id))
            .collect();
        let crew: Vec<String> = items(p, "people", "crew")
            .iter()
            .filter_map(|c| c.get("id").and_then(id))
            .collect();
        let days = items(p, "schedule", "days");
        let called = |list: &str, people: &[String]| {
            days.iter()
                .flat_map(|d| {
                    d.get(list)
                        .and_then(|l| l.as_array())
                        .cloned()
                        .unwrap_or_default()
                })
                .filter_map(|call| call.get("person").and_then(id))
                .find(|person| people.contains(person))
        };
        let (Some(actor), Some(member)) =
            (called("cast_calls", &cast), called("crew_calls", &crew))
        else {
            continue;
        };
        let mut needles = Vec::new();
        for (person, list, hidden) in [
            (&actor, "cast", "HiddenCast7Q"),
            (&member, "crew", "HiddenCrew7Q"),
        ] {
            edit_items(p, "people", list, |m| rename(m, "id", person, hidden));
            edit_items(p, "shots", "shots", |s| rename(s, "cast", person, hidden));
            edit_items(p, "schedule", "days", |d| {
                for calls in ["cast_calls", "crew_calls"] {
                    each(d, calls, |call| {
                        rename(call, "person", person, hidden);
                        if call.get("person").and_then(id).as_deref() == Some(hidden) {
                            let note = format!("HiddenCall7Q{}", needles.len());
                            call["notes"] = note.clone().into();
                            needles.push(note);
                        }
                    });
                }
            });
            rename_references(p, "person", person, hidden);
            set_audience(p, "people", list, "id", hidden, "client");
            needles.push(hidden.to_string());
        }
        let dist = build(p);
        assert_present(
            &dist,
            "client",
            &["HiddenCast7Q".to_string(), "HiddenCrew7Q".to_string()],
        );
        for audience in others("client") {
            assert_absent(&dist, audience, &needles);
        }
        assert_counts_agree(&dist);
        tested += 1;
    }
    assert_tested(tested, "a cast call and a crew call");
}
