//! Night shoots: a day that wraps after midnight says so wherever its times are shown (call
//! sheet, schedule, calendar), and a wrap that would make an implausibly long day is flagged.

mod common;

use chrono::{Duration, NaiveDate};
use common::documents::{edit_items, items};
use common::*;

/// Makes the first shoot day of `project` a night shoot: called at 18:00, lunch at 23:30,
/// shooting from 19:00, wrapping at `wrap`. Returns its number and date.
fn night_shoot(project: &std::path::Path, wrap: &str) -> (u64, NaiveDate) {
    let days = items(project, "schedule", "days");
    let first = days.first().expect("a shoot day");
    let number = first["day"].as_u64().unwrap();
    let date = NaiveDate::parse_from_str(first["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    edit_items(project, "schedule", "days", |day| {
        if day["day"].as_u64() == Some(number) {
            day["general_call"] = "18:00".into();
            day["shooting_call"] = "19:00".into();
            day["lunch"] = "23:30".into();
            day["wrap"] = wrap.into();
            // Cast and crew calls stay within the day's window.
            if let Some(calls) = day["cast_calls"].as_array_mut() {
                for call in calls {
                    let call = call.as_object_mut().unwrap();
                    call.remove("pickup");
                    call.remove("hair_makeup");
                    call.insert("on_set".into(), "18:30".into());
                }
            }
            if let Some(calls) = day["crew_calls"].as_array_mut() {
                for call in calls {
                    call["call"] = "17:00".into();
                }
            }
        }
    });
    (number, date)
}

#[test]
fn a_wrap_after_midnight_carries_its_date_everywhere() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let (day, date) = night_shoot(copy.path(), "03:00");
        let next = (date + Duration::days(1)).format("%a %-d %b").to_string();
        let crew = build(copy.path()).join("crew");

        let sheet = html(&crew, &format!("schedule/day-{day}/index.html"));
        let times: Vec<String> = select(&sheet, ".call-times div")
            .iter()
            .map(|d| d.text().collect::<String>())
            .collect();
        let wrap = times.iter().find(|t| t.contains("wrap")).unwrap();
        assert!(wrap.contains("03:00") && wrap.contains(&next), "{times:?}");
        let lunch = times.iter().find(|t| t.contains("Lunch")).unwrap();
        assert!(!lunch.contains(&next), "23:30 is the day's own: {lunch}");
        let shooting = times.iter().find(|t| t.contains("Shooting")).unwrap();
        assert!(!shooting.contains(&next), "{shooting}");

        let schedule = read(&crew, "schedule/index.html");
        assert!(
            schedule.contains(&format!("03:00 <span class=\"next-day\">{next}</span>")),
            "{}",
            production.display()
        );

        let ics = read(&crew, &format!("schedule/day-{day}.ics"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(
            unfolded.contains(&format!("Estimated wrap 03:00 ({next})")),
            "{unfolded}"
        );
        assert!(unfolded.contains("Lunch 23:30\\n"), "{unfolded}");
        let end = (date + Duration::days(1))
            .format("%Y%m%dT030000")
            .to_string();
        assert!(unfolded.contains(&end), "DTEND on the next day: {unfolded}");
    }
}

#[test]
fn a_wrap_typed_before_the_call_that_makes_a_long_day_is_flagged() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        // 17:00 after an 18:00 call: read as the next evening, a 23-hour day.
        let (day, _) = night_shoot(copy.path(), "17:00");
        let out = clapboard(&["check", copy.path().to_str().unwrap(), "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let long: Vec<&serde_json::Value> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "long-day")
            .collect();
        assert_eq!(long.len(), 1, "{report}");
        let message = long[0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("day {day} would run 23 hours 0 minutes"))
                && message.contains("17:00 the next day"),
            "{message}"
        );
        assert_eq!(long[0]["severity"], "warning");
        assert!(long[0]["line"].as_u64().unwrap() > 0);

        // A real night shoot is not flagged.
        let copy = unlocked_copy(&production);
        night_shoot(copy.path(), "05:00");
        let out = clapboard(&["check", copy.path().to_str().unwrap(), "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!report.to_string().contains("long-day"), "{report}");
    }
}
