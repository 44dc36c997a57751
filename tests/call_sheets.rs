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

/// The days in the order the call sheets count them: by date, then number.
fn days_by_date(project: &std::path::Path) -> Vec<Value> {
    let mut days = items(project, "schedule", "days");
    days.sort_by_key(|d| {
        (
            d["date"].as_str().unwrap_or_default().to_string(),
            d["day"].as_u64(),
        )
    });
    days
}

fn text_of(document: &scraper::Html, selector: &str) -> String {
    select(document, selector)
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_call_sheet_has_the_meals_hospitals_directions_revision_and_the_next_day() {
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let root = copy.path();
        let locations = items(root, "locations", "locations");
        let crew = build(root).join("crew");
        let days = days_by_date(root);
        let mut seen = (0, 0, 0);
        for (i, day) in days.iter().enumerate() {
            let number = day["day"].as_u64().unwrap();
            let page = html(&crew, &format!("schedule/day-{number}/index.html"));
            let times = text_of(&page, ".call-times dt");
            if day["lunch"].is_string() {
                assert!(times.contains("Lunch"), "{what}: day {number}: {times}");
            }
            for meal in day["meals"].as_array().into_iter().flatten() {
                let name = meal["name"].as_str().unwrap();
                assert!(
                    times.contains(name),
                    "{what}: day {number}: {name} in {times}"
                );
                seen.0 += 1;
            }
            let safety = text_of(&page, ".safety");
            let directions = hrefs(&page, ".call-location a");
            for id in day["locations"].as_array().unwrap() {
                let location = locations.iter().find(|l| l["id"] == *id).unwrap();
                if day["hospital"].is_null()
                    && let Some(hospital) = location["hospital"]["name"].as_str()
                {
                    assert!(
                        safety.contains(hospital),
                        "{what}: day {number}: {hospital}"
                    );
                }
                if let Some(lat) = location["coordinates"]["lat"].as_f64() {
                    let lon = location["coordinates"]["lon"].as_f64().unwrap();
                    let map = format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}");
                    assert!(
                        directions.iter().any(|d| d.starts_with(&map)),
                        "{what}: day {number}: no map of {id} in {directions:?}"
                    );
                    assert!(directions.contains(&format!("geo:{lat},{lon}")), "{what}");
                    seen.1 += 1;
                }
            }
            if let Some(revision) = day["revision"].as_str() {
                let line = text_of(&page, ".revision");
                assert!(
                    line.contains(&format!("Revision {revision}")),
                    "{what}: {line}"
                );
                for change in day["changes"].as_array().into_iter().flatten() {
                    let change = change.as_str().unwrap();
                    assert!(
                        text_of(&page, ".changes").contains(change),
                        "{what}: {change}"
                    );
                }
                seen.2 += 1;
            }
            let advance = select(&page, ".advance");
            match days.get(i + 1) {
                Some(next) => {
                    let next_number = next["day"].as_u64().unwrap();
                    let text = text_of(&page, ".advance");
                    assert!(
                        text.contains(next["general_call"].as_str().unwrap()),
                        "{what}: day {number}: {text}"
                    );
                    let links = hrefs(&page, ".advance a");
                    assert!(
                        links
                            .iter()
                            .any(|l| l.ends_with(&format!("/schedule/day-{next_number}/"))),
                        "{what}: day {number}: {links:?}"
                    );
                    for shot in next["shots"].as_array().unwrap() {
                        assert!(text.contains(shot.as_str().unwrap()), "{what}: {shot}");
                    }
                }
                None => assert!(advance.is_empty(), "{what}: the last day has no next day"),
            }
        }
        assert!(seen.1 > 0, "{what}: no location with coordinates: {seen:?}");
    }
}

/// A date, a place (latitude, longitude) and its sunrise and sunset (hours, minutes, seconds).
type Reference = (&'static str, f64, f64, (u32, u32, u32), (u32, u32, u32));

/// Sunrise and sunset from the NOAA Solar Calculator's equations
/// (gml.noaa.gov/grad/solcalc/calcdetails.html), local time, for the first shoot day of each
/// production at a reference point: Leeds city centre (53.7997 N, 1.5492 W) on 19 September
/// 2026, 06:46:27 and 19:12:28 BST; Tokyo (35.6895 N, 139.6917 E) on 8 October 2026, 05:41:25
/// and 17:15:49 JST. `src/sun.rs` checks the same equations against published tables.
const NOAA: [Reference; 2] = [
    ("2026-09-19", 53.7997, -1.5492, (6, 46, 27), (19, 12, 28)),
    ("2026-10-08", 35.6895, 139.6917, (5, 41, 25), (17, 15, 49)),
];

#[test]
fn sunrise_sunset_and_twilight_are_computed_from_the_location() {
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let root = copy.path();
        let first = days_by_date(root)[0].clone();
        let date = first["date"].as_str().unwrap().to_string();
        let (_, lat, lon, rise, set) = *NOAA
            .iter()
            .find(|n| n.0 == date)
            .unwrap_or_else(|| panic!("{what}: add NOAA's times for {date} to this test"));
        let place = first["locations"][0].clone();
        // The day types no sunrise or sunset, and its first location is at the reference point.
        edit_items(root, "schedule", "days", |day| {
            if day["day"] == first["day"]
                && let Some(weather) = day["weather"].as_object_mut()
            {
                weather.remove("sunrise");
                weather.remove("sunset");
            }
        });
        edit_items(root, "locations", "locations", |location| {
            if location["id"] == place {
                location["coordinates"] = serde_json::json!({ "lat": lat, "lon": lon });
            }
        });
        let crew = build(root).join("crew");
        let number = first["day"].as_u64().unwrap();
        let page = html(&crew, &format!("schedule/day-{number}/index.html"));
        let light = text_of(&page, ".light");
        let minutes = |label: &str| -> i64 {
            let at = light
                .find(label)
                .unwrap_or_else(|| panic!("{what}: {label} in {light}"));
            let time = &light[at + label.len() + 1..at + label.len() + 6];
            let (h, m) = time.split_once(':').unwrap();
            h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
        };
        let seconds = |(h, m, s): (u32, u32, u32)| i64::from(h * 3600 + m * 60 + s);
        for (label, noaa) in [("sunrise", rise), ("sunset", set)] {
            // The page gives minutes: within two minutes of NOAA's time to the second.
            let shown = minutes(label) * 60;
            assert!(
                (shown - seconds(noaa)).abs() <= 120 + 59,
                "{what}: {label} {light} against NOAA {noaa:?}"
            );
        }
        // The golden hour around sunrise starts before it, the blue hour before that.
        assert!(
            light.contains("blue hour") && light.contains("golden hour"),
            "{what}: {light}"
        );
        let golden = minutes("golden hour");
        assert!(
            golden < minutes("sunrise") && minutes("blue hour") < golden,
            "{what}: {light}"
        );
    }
}

#[test]
fn a_call_sheet_names_the_emergency_number_the_key_contacts_and_the_company_moves() {
    let mut all_hospitals = 0;
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let root = copy.path();
        let config = yaml(&root.join("clapboard.yaml"));
        let locations = items(root, "locations", "locations");
        let key: Vec<Value> = items(root, "people", "crew")
            .into_iter()
            .filter(|m| m["key_contact"] == true)
            .filter(|m| m["audience"].is_null() || m["audience"] == "crew")
            .collect();
        assert!(!key.is_empty(), "{what}: nobody is a key contact");
        let crew = build(root).join("crew");
        let (mut moves, mut hospitals) = (0, 0);
        for day in days_by_date(root) {
            let number = day["day"].as_u64().unwrap();
            let page = html(&crew, &format!("schedule/day-{number}/index.html"));
            let links = hrefs(&page, ".safety a");
            for id in day["locations"].as_array().unwrap() {
                let location = locations.iter().find(|l| l["id"] == *id).unwrap();
                let number = location["emergency_number"]
                    .as_str()
                    .or(config["emergency_number"].as_str())
                    .unwrap_or("112");
                assert!(
                    text_of(&page, ".emergency").contains(number)
                        && links.contains(&format!("tel:{number}")),
                    "{what}: emergency {number}"
                );
            }
            let tel = |phone: &str| format!("tel:{}", phone.replace(' ', ""));
            if let Some(office) = config["production_office"].as_object() {
                let phone = office["phone"].as_str().unwrap();
                assert!(links.contains(&tel(phone)), "{what}: the office's {phone}");
            }
            let contacts = text_of(&page, ".key-contacts");
            for member in &key {
                let name = member["name"].as_str().unwrap();
                assert!(contacts.contains(name), "{what}: day {number}: {name}");
                if let Some(phone) = member["phone"].as_str() {
                    assert!(links.contains(&tel(phone)), "{what}: {name}'s {phone}");
                }
                if let Some(email) = member["email"].as_str() {
                    assert!(
                        links.contains(&format!("mailto:{email}")),
                        "{what}: {email}"
                    );
                }
            }
            for company_move in day["moves"].as_array().into_iter().flatten() {
                let at = company_move["at"].as_str().unwrap();
                let to = locations
                    .iter()
                    .find(|l| l["id"] == company_move["to"])
                    .unwrap();
                let text = text_of(&page, ".move");
                assert!(
                    text.contains(&format!("Company move {at}"))
                        && text.contains(to["name"].as_str().unwrap()),
                    "{what}: day {number}: {text}"
                );
                // Where the move changes the nearest hospital, the hospital says from when.
                let safety = text_of(&page, ".safety");
                let heading = format!("Nearest hospital to {}", to["name"].as_str().unwrap());
                if safety.contains(&heading) {
                    assert!(
                        safety.contains(&format!("{heading} (from {at})")),
                        "{what}: day {number}: {safety}"
                    );
                    hospitals += 1;
                }
                moves += 1;
            }
        }
        assert!(moves > 0, "{what}: no company move");
        // The office's and the key crew's numbers and addresses are the crew's, never public.
        let mut private: Vec<String> = key
            .iter()
            .flat_map(|m| [m["phone"].as_str(), m["email"].as_str()])
            .flatten()
            .map(str::to_string)
            .collect();
        if let Some(office) = config["production_office"].as_object() {
            private.extend(
                ["phone", "email"]
                    .iter()
                    .filter_map(|k| office[*k].as_str().map(str::to_string)),
            );
        }
        for (path, bytes) in snapshot(&crew.parent().unwrap().join("public")) {
            let text = String::from_utf8_lossy(&bytes);
            for secret in &private {
                assert!(
                    !text.contains(secret.as_str()),
                    "{what}: public/{} has {secret}",
                    path.display()
                );
            }
        }
        all_hospitals += hospitals;
    }
    assert!(
        all_hospitals > 0,
        "no company move changes the nearest hospital"
    );
}

#[test]
fn a_call_sheet_calls_the_extras_with_their_count_and_where_they_report() {
    let mut called = 0;
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let root = copy.path();
        let groups = items(root, "people", "extras");
        let crew = build(root).join("crew");
        for day in days_by_date(root) {
            let number = day["day"].as_u64().unwrap();
            let page = html(&crew, &format!("schedule/day-{number}/index.html"));
            let rows: Vec<String> = select(&page, ".extras-calls tbody tr")
                .iter()
                .map(|r| r.text().collect::<String>())
                .collect();
            let calls = day["extras"].as_array().cloned().unwrap_or_default();
            assert_eq!(rows.len(), calls.len(), "{what}: day {number}: {rows:?}");
            for (call, row) in calls.iter().zip(&rows) {
                let group = call["group"].as_str().unwrap();
                let count = call["count"]
                    .as_u64()
                    .or_else(|| {
                        groups
                            .iter()
                            .find(|g| g["group"] == group)
                            .and_then(|g| g["count"].as_u64())
                    })
                    .unwrap();
                for part in [group, call["call"].as_str().unwrap(), &count.to_string()] {
                    assert!(row.contains(part), "{what}: day {number}: {part} in {row}");
                }
                if let Some(report) = call["report"].as_str() {
                    assert!(row.contains(report), "{what}: {report} in {row}");
                }
                called += 1;
            }
        }
    }
    assert!(called > 0, "no production calls extras");
}

/// Without `departments:`, post-production is known by its name and not called, and the crew
/// are listed in the order call sheets use: production and direction first.
#[test]
fn without_departments_post_is_not_called_and_the_order_is_the_usual_one() {
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let root = copy.path();
        common::documents::edit(root, "people", |data| {
            if let Some(map) = data.as_object_mut() {
                map.remove("departments");
            }
        });
        let crew = build(root).join("crew");
        let days = days_by_date(root);
        let first = days[0]["day"].as_u64().unwrap();
        let groups = called(&crew, first);
        let headings: Vec<String> = groups.iter().map(|(d, _)| d.to_lowercase()).collect();
        // Post is on the sheet only for those of it the day gives a call.
        let timed: Vec<String> = days[0]["crew_calls"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| id(&c["person"]))
            .collect();
        let post_called = items(root, "people", "crew").iter().any(|m| {
            m["department"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("post")
                && id(&m["id"]).is_some_and(|i| timed.contains(&i))
        });
        assert_eq!(
            headings.iter().any(|d| d.contains("post")),
            post_called,
            "{what}: {headings:?}"
        );
        let rank = |word: &str| headings.iter().position(|d| d.contains(word));
        let (production_rank, camera) = (rank("production"), rank("camera"));
        assert!(
            production_rank.is_some() && camera.is_some() && production_rank < camera,
            "{what}: {headings:?}"
        );
        if let (Some(camera), Some(sound)) = (camera, rank("sound")) {
            assert!(camera < sound, "{what}: {headings:?}");
        }
    }
}
