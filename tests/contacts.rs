//! Every phone number and email address a page shows is a link that dials or writes to it.

mod common;

use common::*;

#[test]
fn every_number_and_address_shown_is_a_tel_or_mailto_link() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let crew = build(copy.path()).join("crew");
        let mut checked = 0;
        for page in pages(&crew) {
            let file = if page.ends_with(".html") {
                page.trim_start_matches('/').to_string()
            } else {
                format!("{}index.html", page.trim_start_matches('/'))
            };
            let document = html(&crew, &file);
            let links: Vec<(String, String)> = select(&document, "a[href]")
                .iter()
                .map(|a| {
                    (
                        a.value().attr("href").unwrap().to_string(),
                        a.text().collect::<String>(),
                    )
                })
                .collect();
            // Every shown number or address: text in a table cell or after a middle dot that
            // reads as a phone number or an email address.
            let text: String = select(&document, "main")
                .iter()
                .map(|m| m.text().collect::<Vec<_>>().join("\n"))
                .collect();
            for line in text.lines().map(str::trim) {
                let phone = line.len() >= 8
                    && line.starts_with(|c: char| c == '+' || c.is_ascii_digit())
                    && line
                        .chars()
                        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
                    && line.chars().filter(char::is_ascii_digit).count() >= 8;
                let email = line.contains('@') && !line.contains(' ') && line.contains('.');
                if !(phone || email) {
                    continue;
                }
                let scheme = if phone { "tel:" } else { "mailto:" };
                assert!(
                    links
                        .iter()
                        .any(|(href, shown)| href.starts_with(scheme) && shown.trim() == line),
                    "{}{page}: `{line}` is shown but not a {scheme} link",
                    production.display()
                );
                checked += 1;
            }
        }
        assert!(
            checked > 5,
            "{}: only {checked} numbers",
            production.display()
        );
    }
}

#[test]
fn a_shot_s_gear_is_on_the_shot_list_and_its_call_sheet() {
    use common::documents::{edit_items, items};
    for production in productions() {
        let copy = unlocked_copy(&production);
        // The first shot on the first shoot day, which the crew sees.
        let day = items(copy.path(), "schedule", "days")[0].clone();
        let shot = day["shots"][0].as_str().unwrap().to_string();
        let number = day["day"].as_u64().unwrap();
        edit_items(copy.path(), "shots", "shots", |item| {
            if common::documents::id(&item["id"]).as_deref() == Some(shot.as_str()) {
                item["gear"] = serde_json::json!(["Ronin 2 gimbal", "Teradek Bolt"]);
            }
        });
        let crew = build(copy.path()).join("crew");
        for file in [
            "shots/index.html".to_string(),
            format!("schedule/day-{number}/index.html"),
        ] {
            let page = html(&crew, &file);
            let rows = select(&page, "tr.shot");
            let row = rows
                .iter()
                .find(|r| {
                    r.select(&scraper::Selector::parse("th").unwrap())
                        .any(|th| th.text().collect::<String>().trim() == shot)
                })
                .unwrap_or_else(|| panic!("{file}: no row for {shot}"));
            let text = row.text().collect::<String>();
            assert!(
                text.contains("Ronin 2 gimbal, Teradek Bolt"),
                "{}: {file}: {text}",
                production.display()
            );
        }
    }
}
