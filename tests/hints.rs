//! What the home page counts and what hints name follow the production as it is written:
//! a location is cleared only with its release signed, and a hint names the file or folder
//! the production keeps its items in.

mod common;

use common::documents::{edit_items, files, items};
use common::*;

/// "4 locations, 3 cleared" on the client's home page.
fn cleared(dist: &std::path::Path) -> (usize, usize) {
    let home = read(&dist.join("client"), "index.html");
    let text = home
        .split(" locations, ")
        .nth(1)
        .and_then(|rest| rest.split(" cleared").next())
        .expect("the locations line");
    let before = home.split(" locations, ").next().unwrap();
    let count = before
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    (count, text.parse().unwrap())
}

#[test]
fn a_location_without_a_signed_release_is_not_cleared() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let (count, before) = cleared(&build(copy.path()));
        let signed: Vec<String> = items(copy.path(), "locations", "locations")
            .iter()
            .filter(|l| l["release_signed"] == true)
            .filter_map(|l| common::documents::id(&l["id"]))
            .collect();
        let unsign = signed.first().expect("a location with its release signed");
        edit_items(copy.path(), "locations", "locations", |location| {
            if common::documents::id(&location["id"]).as_ref() == Some(unsign) {
                location["release_signed"] = false.into();
            }
        });
        let (after_count, after) = cleared(&build(copy.path()));
        assert_eq!(after_count, count);
        assert_eq!(after, before - 1, "{}: {unsign}", production.display());
    }
}

#[test]
fn a_hint_names_where_this_production_keeps_the_items() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let mut shots = files(copy.path(), "shots");
        shots.extend(common::documents::sheet_files(copy.path(), "shots"));
        let relative: Vec<String> = shots
            .iter()
            .map(|f| {
                f.strip_prefix(copy.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let expected = match &relative[..] {
            [one] => one.clone(),
            _ if relative.iter().all(|f| f.starts_with("shots/")) => "shots/".to_string(),
            _ => "shots.yaml and shots/".to_string(),
        };
        let mut first = true;
        edit_items(copy.path(), "schedule", "days", |day| {
            if first {
                day["shots"].as_array_mut().unwrap().push("ZZ9".into());
                first = false;
            }
        });
        let out = clapboard(&["check", copy.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("the shots in {expected} are: "))
                || stderr.contains(&format!("the shot ids are listed in {expected}")),
            "{}: {stderr}",
            production.display()
        );
    }
}
