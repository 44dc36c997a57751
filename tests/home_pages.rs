//! Home pages lead with what each visitor came for: after the release the public home leads
//! with the video and where to watch it, and never shows a stage it cannot date; the crew home
//! says when and where the next call is, from before the shoot to its last day.

mod common;

use chrono::{Days, NaiveDate};
use common::documents::items;
use common::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn at(day: NaiveDate) -> String {
    format!("{day}T12:00")
}

#[test]
fn the_public_home_leads_with_the_video_once_it_is_released() {
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let root = copy.path();
        let config = yaml(&root.join("clapboard.yaml"));
        let release = date(config["release_date"].as_str().expect("a release date"));
        let platforms: Vec<String> = yaml(&root.join("release/promo.yaml"))["platforms"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["url"].as_str().map(str::to_string))
            .collect();
        for (when, released) in [(release - Days::new(1), false), (release, true)] {
            let _ = std::fs::remove_dir_all(root.join("dist"));
            let public = build_at(root, &at(when)).join("public");
            let home = read(&public, "index.html");
            assert!(
                !home.contains("badge-undated"),
                "{what} on {when}: an undated stage"
            );
            let video = home.find("video-facade");
            assert_eq!(video.is_some(), released, "{what} on {when}: the video");
            if let Some(video) = video {
                // The video comes before the production's timeline.
                if let Some(timeline) = home.find("timeline-title") {
                    assert!(video < timeline, "{what}: the video is not first");
                }
                let page = html(&public, "index.html");
                let links = hrefs(&page, ".watch-links a");
                for url in &platforms {
                    assert!(links.contains(url), "{what}: {url} in {links:?}");
                }
            }
        }
    }
}

#[test]
fn the_crew_home_shows_the_next_call_before_and_during_the_shoot() {
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let root = copy.path();
        let mut days = items(root, "schedule", "days");
        days.sort_by_key(|d| d["date"].as_str().unwrap().to_string());
        let first = &days[0];
        let last = &days[days.len() - 1];
        let first_date = date(first["date"].as_str().unwrap());
        let last_date = date(last["date"].as_str().unwrap());
        for (when, expected, heading) in [
            (first_date - Days::new(3), Some(first), "Next call"),
            (last_date, Some(last), "Today's call"),
            (last_date + Days::new(1), None, ""),
        ] {
            let _ = std::fs::remove_dir_all(root.join("dist"));
            let crew = build_at(root, &at(when)).join("crew");
            let page = html(&crew, "index.html");
            let card = select(&page, ".next-call");
            match expected {
                None => assert!(card.is_empty(), "{what} on {when}: a call after the shoot"),
                Some(day) => {
                    let text: String = card[0].text().collect();
                    let number = day["day"].as_u64().unwrap();
                    assert!(text.contains(heading), "{what} on {when}: {text}");
                    assert!(
                        text.contains(day["general_call"].as_str().unwrap()),
                        "{what} on {when}: {text}"
                    );
                    let links = hrefs(&page, ".next-call a");
                    assert!(
                        links
                            .iter()
                            .any(|l| l.ends_with(&format!("/schedule/day-{number}/"))),
                        "{what} on {when}: {links:?}"
                    );
                }
            }
            // The public site never has a call.
            let public = read(&crew.parent().unwrap().join("public"), "index.html");
            assert!(
                !public.contains("next-call"),
                "{what}: a call on the public home"
            );
        }
    }
}
