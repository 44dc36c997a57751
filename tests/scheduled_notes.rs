//! A journal note dated after the build's clock is scheduled: no site has it until a build on
//! or after its date. Feeds date notes at the start of their day in the production's zone.

mod common;

use chrono::{NaiveDate, TimeZone};
use common::*;

const SCHEDULED: &str = "---\ntitle: The first week in numbers\ndate: 2026-12-20\nstage: release\ntags: [wk1-figures]\nsummary: Views, shares and the comments we loved.\n---\n\nA million views in seven days.\n";

#[test]
fn a_note_dated_after_the_clock_is_published_from_its_date() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        std::fs::write(copy.path().join("journal/first-week.md"), SCHEDULED).unwrap();

        let dist = build_at(copy.path(), "2026-11-23T12:00");
        for site in ["public", "client", "crew"] {
            let site = dist.join(site);
            assert!(
                !site.join("journal/first-week").exists(),
                "{}",
                site.display()
            );
            assert!(!site.join("journal/tags/wk1-figures").exists());
            for file in walkdir::WalkDir::new(&site) {
                let file = file.unwrap();
                if file.file_type().is_file() {
                    let bytes = std::fs::read(file.path()).unwrap();
                    let text = String::from_utf8_lossy(&bytes);
                    assert!(
                        !text.contains("The first week in numbers")
                            && !text.contains("wk1-figures"),
                        "{} names the scheduled note",
                        file.path().display()
                    );
                }
            }
        }

        let dist = build_at(copy.path(), "2026-12-20T09:00");
        let public = dist.join("public");
        assert!(public.join("journal/first-week/index.html").is_file());
        assert!(read(&public, "journal/index.html").contains("The first week in numbers"));
        assert!(read(&public, "journal/atom.xml").contains("The first week in numbers"));
        assert!(read(&public, "sitemap.xml").contains("/journal/first-week/"));
    }
}

#[test]
fn feed_dates_are_the_start_of_the_note_s_day_where_the_production_is() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let dist = build(copy.path());
        let config = yaml(&copy.path().join("clapboard.yaml"));
        let feed =
            feed_rs::parser::parse(read(&dist.join("public"), "journal/atom.xml").as_bytes())
                .unwrap();
        let tz: Option<chrono_tz::Tz> = config["timezone"].as_str().map(|z| z.parse().unwrap());
        for entry in &feed.entries {
            let updated = entry.updated.expect("an updated date");
            let slug = entry.links[0].href.split_once("/journal/").unwrap().1;
            let slug = percent_encoding::percent_decode_str(slug)
                .decode_utf8()
                .unwrap();
            let page = read(&dist.join("public"), &format!("journal/{slug}index.html"));
            // The page's own date, from its <time datetime="...">.
            let date = page
                .split("<time datetime=\"")
                .nth(1)
                .and_then(|rest| rest.get(..10))
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .expect("the note's date on its page");
            let midnight = date.and_hms_opt(0, 0, 0).unwrap();
            let expected = match tz {
                Some(tz) => tz
                    .from_local_datetime(&midnight)
                    .earliest()
                    .unwrap()
                    .with_timezone(&chrono::Utc),
                None => midnight.and_utc(),
            };
            assert_eq!(updated, expected, "{}: {}", production.display(), entry.id);
        }
    }
}
