//! Review notes pinned by SMPTE timecode, as edit suites and review tools write them: shown as
//! written, ordered by the frame, and refused when the frame cannot exist at the cut's rate.

mod common;

use common::documents::{edit_items, items};
use common::*;
use serde_json::Value;

/// `m:ss` (or seconds) as an SMPTE timecode with `frames`.
fn smpte(time: &Value, frames: u32) -> String {
    let text = match time {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let seconds: u32 = text.split(':').fold(0, |total, part| {
        total * 60 + part.parse::<f64>().unwrap() as u32
    });
    format!(
        "{:02}:{:02}:{:02}:{frames:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The timecodes the post page lists, in its order.
fn listed(dist: &std::path::Path, audience: &str) -> Vec<String> {
    let page = html(&dist.join(audience), "post/index.html");
    select(&page, ".reviews .tc")
        .iter()
        .map(|tc| tc.text().collect::<String>())
        .collect()
}

#[test]
fn smpte_timecodes_are_shown_as_written_and_ordered_by_frame() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let reviews = items(copy.path(), "post/reviews", "reviews");
        if reviews.is_empty() {
            continue;
        }
        let before = listed(&build(copy.path()), "client");
        assert!(!before.is_empty(), "{}", production.display());
        edit_items(copy.path(), "post/reviews", "reviews", |review| {
            review["timecode"] = smpte(&review["timecode"], 12).into();
        });
        // Two notes a few frames apart in one second, the later one written first.
        let version = reviews[0]["version"].clone();
        let mut added = false;
        common::documents::edit(copy.path(), "post/reviews", |data| {
            if added {
                return;
            }
            added = true;
            let list = data["reviews"].as_array_mut().unwrap();
            for (frames, note) in [(20, "Twenty frames in"), (3, "Three frames in")] {
                list.push(serde_json::json!({
                    "version": version,
                    "timecode": format!("00:00:01:{frames:02}"),
                    "author": "Edit suite",
                    "note": note,
                }));
            }
        });
        let after = listed(&build(copy.path()), "client");
        let expected: Vec<String> = before
            .iter()
            .map(|tc| smpte(&Value::String(tc.clone()), 12))
            .collect();
        let without_added: Vec<String> = after
            .iter()
            .filter(|tc| !tc.starts_with("00:00:01:"))
            .cloned()
            .collect();
        assert_eq!(without_added, expected, "{}", production.display());
        let three = after.iter().position(|tc| tc == "00:00:01:03").unwrap();
        let twenty = after.iter().position(|tc| tc == "00:00:01:20").unwrap();
        assert!(three < twenty, "{after:?}");
    }
}

#[test]
fn a_frame_that_cannot_exist_at_the_cut_s_rate_is_an_error_at_its_place() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let reviews = items(copy.path(), "post/reviews", "reviews");
        if reviews.is_empty() {
            continue;
        }
        let version = reviews[0]["version"].as_str().unwrap().to_string();
        edit_items(copy.path(), "post/cuts", "cuts", |cut| {
            if cut["version"] == version.as_str() {
                cut["frame_rate"] = 25.into();
            }
        });
        let mut first = true;
        edit_items(copy.path(), "post/reviews", "reviews", |review| {
            if first {
                review["timecode"] = "00:00:38:25".into();
                first = false;
            }
        });
        let out = clapboard(&["check", copy.path().to_str().unwrap(), "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{}", production.display());
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let text = report.to_string();
        assert!(
            text.contains("frame 25 is past the last frame of a second at 25 fps"),
            "{text}"
        );
        let problem = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["message"].as_str().unwrap_or("").contains("frame 25"))
            .expect("the timecode's problem");
        assert!(
            problem["file"].as_str().unwrap().contains("reviews"),
            "{problem}"
        );
        assert!(problem["line"].as_u64().unwrap() > 0, "{problem}");

        // Drop-frame timecode at a rate without it.
        let mut first = true;
        edit_items(copy.path(), "post/reviews", "reviews", |review| {
            if first {
                review["timecode"] = "00:00:38;12".into();
                first = false;
            }
        });
        let out = clapboard(&["check", copy.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("drop-frame timecode (`;`) does not exist at 25 fps"),
            "{stderr}"
        );
    }
}
