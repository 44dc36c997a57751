//! Who a call sheet calls: everyone of a department that works on set, or those the day names;
//! never post-production (an editor in Paris to a Tokyo night shoot) unless the day gives them
//! a call; listed by department in the order the people document gives.

mod common;

use common::documents::{edit_items, id, items};
use common::*;
use serde_json::Value;

/// The departments and the names under each, in the order the crew's day `day` lists them.
fn called(crew_site: &std::path::Path, day: u64) -> Vec<(String, Vec<String>)> {
    let page = html(crew_site, &format!("schedule/day-{day}/index.html"));
    let mut found = Vec::new();
    for body in select(&page, ".crew-calls tbody") {
        let heading = body
            .select(&scraper::Selector::parse("tr.department th").unwrap())
            .next()
            .map(|th| th.text().collect::<String>())
            .expect("a department heading");
        let names = body
            .select(&scraper::Selector::parse("th[scope=row]").unwrap())
            .map(|th| th.text().collect::<String>())
            .collect();
        found.push((heading.trim().to_string(), names));
    }
    found
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[test]
fn a_day_calls_the_crew_on_set_by_department_and_post_only_when_named() {
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let root = copy.path();
        let crew: Vec<Value> = items(root, "people", "crew")
            .into_iter()
            .filter(|m| m["audience"].is_null() || m["audience"] == "crew")
            .collect();
        let departments = items(root, "people", "departments");
        let off_set: Vec<&str> = departments
            .iter()
            .filter(|d| d["on_set"] == false)
            .filter_map(|d| d["name"].as_str())
            .collect();
        assert!(!off_set.is_empty(), "{what}: no department works off set");
        let order: Vec<&str> = departments
            .iter()
            .filter_map(|d| d["name"].as_str())
            .collect();
        let dist = build(root);
        for day in items(root, "schedule", "days") {
            let number = day["day"].as_u64().unwrap();
            let timed: Vec<String> = day["crew_calls"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| id(&c["person"]))
                .collect();
            let groups = called(&dist.join("crew"), number);
            assert!(!groups.is_empty(), "{what}: day {number} calls nobody");
            // Departments in the people document's order.
            let ranks: Vec<usize> = groups
                .iter()
                .map(|(d, _)| order.iter().position(|o| same(o, d)).unwrap_or(usize::MAX))
                .collect();
            assert!(ranks.is_sorted(), "{what}: day {number}: {groups:?}");
            for member in &crew {
                let name = member["name"].as_str().unwrap();
                let department = member["department"].as_str().unwrap();
                let listed = groups
                    .iter()
                    .find(|(_, names)| names.iter().any(|n| n == name))
                    .map(|(d, _)| d.as_str());
                let has_call = timed.iter().any(|t| Some(t) == id(&member["id"]).as_ref());
                let on_set = !off_set.iter().any(|d| same(d, department));
                assert_eq!(
                    listed.is_some(),
                    on_set || has_call,
                    "{what}: day {number}, {name} of {department}"
                );
                if let Some(heading) = listed {
                    assert!(same(heading, department), "{what}: {name} under {heading}");
                }
            }
        }

        // A day that names its crew calls them alone, and whole departments by name.
        let first = items(root, "schedule", "days")[0]["day"].as_u64().unwrap();
        let someone = crew[0].clone();
        let other_department = crew
            .iter()
            .map(|m| m["department"].as_str().unwrap().to_string())
            .find(|d| *d != someone["department"].as_str().unwrap())
            .unwrap();
        edit_items(root, "schedule", "days", |day| {
            if day["day"].as_u64() == Some(first) {
                day["crew"] = serde_json::json!([someone["id"], other_department]);
                day["crew_calls"] = serde_json::json!([]);
            }
        });
        let groups = called(&build(root).join("crew"), first);
        let names: Vec<&String> = groups.iter().flat_map(|(_, n)| n).collect();
        let expected: Vec<&str> = crew
            .iter()
            .filter(|m| m["id"] == someone["id"] || m["department"] == other_department.as_str())
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), expected.len(), "{what}: {groups:?}");
        for name in expected {
            assert!(
                names.iter().any(|n| *n == name),
                "{what}: {name} not called"
            );
        }
    }
}
