//! End-to-end: build a copy of the example project and read the site back as a visitor would.

mod common;

use std::fs;

use common::*;

#[test]
fn every_page_exists() {
    let project = example_copy();
    let dist = build(project.path());
    let pages = [
        ("public", "index.html"),
        ("client", "treatment/index.html"),
        ("client", "storyboard/index.html"),
        ("client", "shots/index.html"),
        ("client", "locations/index.html"),
        ("crew", "people/index.html"),
        ("client", "budget/index.html"),
        ("client", "post/index.html"),
        ("public", "release/index.html"),
        ("crew", "schedule/index.html"),
        ("crew", "schedule/day-1/index.html"),
        ("crew", "schedule/day-2/index.html"),
        ("public", "journal/index.html"),
        ("public", "journal/atom.xml"),
        ("public", "press/index.html"),
        ("public", "press/release/index.html"),
        ("public", "sitemap.xml"),
        ("public", "robots.txt"),
        ("public", "404.html"),
        ("public", "style.css"),
        ("public", "code.css"),
    ];
    for (audience, page) in pages {
        let path = dist.join(audience).join(page);
        assert!(path.is_file(), "{audience}/{page} is missing");
        assert!(
            fs::metadata(&path).unwrap().len() > 0,
            "{audience}/{page} is empty"
        );
    }
    let site = dist.join("public");
    let journal = fs::read_dir(project.path().join("journal"))
        .unwrap()
        .count();
    let notes = fs::read_dir(site.join("journal"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    // One folder per note plus the tags index.
    assert_eq!(notes, journal + 1);
    assert!(site.join("journal/tags/index.html").is_file());
    let document = html(&site, "journal/index.html");
    for tag in select(&document, ".note-list .tag") {
        let href = tag.value().attr("href").unwrap();
        assert!(
            site.join(href.trim_start_matches('/'))
                .join("index.html")
                .is_file(),
            "{href}"
        );
    }
}

#[test]
fn every_shot_is_on_the_shot_list_and_the_runtime_adds_up() {
    let project = example_copy();
    let site = build(project.path()).join("client");
    let shots = yaml(&project.path().join("shots.yaml"));
    let shots = shots["shots"].as_array().unwrap();
    assert!(shots.len() >= 25);
    let document = html(&site, "shots/index.html");
    let mut total = 0.0;
    for shot in shots {
        let id = shot["id"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| shot["id"].to_string());
        let row = select(&document, &format!("tr#shot-{}", id.to_lowercase()));
        assert_eq!(row.len(), 1, "shot {id} is not on the shot list");
        let row_text: String = row[0].text().collect();
        assert!(
            row_text.contains(shot["description"].as_str().unwrap()),
            "shot {id}'s description"
        );
        total += seconds(&shot["duration"]);
    }
    assert_eq!(text_of(&document, ".shot-count"), shots.len().to_string());
    assert_eq!(text_of(&document, ".runtime"), minutes_seconds(total));
}

#[test]
fn the_grand_total_is_the_lines_plus_contingency_and_fees() {
    let project = example_copy();
    let site = build(project.path()).join("client");
    let budget = yaml(&project.path().join("budget.yaml"));
    let cents = |v: &serde_json::Value| (v.as_f64().unwrap() * 100.0).round() as i64;
    let lines: i64 = budget["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| cents(&l["estimate"]))
        .sum();
    let percent = |p: f64| (lines as f64 * p / 100.0).round() as i64;
    let contingency = percent(budget["contingency_percent"].as_f64().unwrap_or(0.0));
    let fees: i64 = budget["fees"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|fee| percent(fee["percent"].as_f64().unwrap()))
                .sum()
        })
        .unwrap_or(0);
    let grand = lines + contingency + fees;
    let document = html(&site, "budget/index.html");
    let shown = text_of(&document, ".grand-total");
    let digits: String = shown.chars().filter(|c| c.is_ascii_digit()).collect();
    assert_eq!(
        digits.parse::<i64>().unwrap(),
        grand,
        "grand total shown as {shown}"
    );
    let contingency_shown: String = text_of(&document, ".contingency")
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    assert_eq!(contingency_shown.parse::<i64>().unwrap(), contingency);
}

#[test]
fn each_shoot_day_has_a_call_sheet() {
    let project = example_copy();
    let site = build(project.path()).join("crew");
    let schedule = yaml(&project.path().join("schedule.yaml"));
    let days = schedule["days"].as_array().unwrap();
    assert_eq!(days.len(), 2);
    for (i, day) in days.iter().enumerate() {
        let number = day["day"].as_u64().unwrap();
        let document = html(&site, &format!("schedule/day-{number}/index.html"));
        assert_eq!(
            text_of(&document, "h1"),
            format!("Day {} of {}", i + 1, days.len())
        );
        let general = day["general_call"].as_str().unwrap();
        assert_eq!(text_of(&document, ".call-times .general dd"), general);
        for shot in day["shots"].as_array().unwrap() {
            let id = shot
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| shot.to_string());
            assert_eq!(
                select(&document, &format!("#shot-{}", id.to_lowercase())).len(),
                1,
                "day {number} lists shot {id}"
            );
        }
        let text = read(&site, &format!("schedule/day-{number}/index.html"));
        assert!(
            text.contains("Nearest hospital"),
            "day {number} names the nearest hospital"
        );
    }
}

#[test]
fn the_feed_lists_the_journal_notes() {
    let project = example_copy();
    let site = build(project.path()).join("public");
    let feed =
        feed_rs::parser::parse(read(&site, "journal/atom.xml").as_bytes()).expect("a valid feed");
    let mut titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    let mut expected = Vec::new();
    for entry in fs::read_dir(project.path().join("journal")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        let front = text.split("---").nth(1).unwrap();
        let meta: serde_json::Value = serde_saphyr::from_str(front).unwrap();
        if meta["draft"].as_bool() != Some(true) {
            expected.push(meta["title"].as_str().unwrap().to_string());
        }
    }
    titles.sort();
    expected.sort();
    assert_eq!(titles, expected);
    for entry in &feed.entries {
        assert!(
            entry.links[0].href.starts_with("https://"),
            "absolute links in the feed"
        );
    }
}

#[test]
fn fenced_code_is_highlighted() {
    let project = example_copy();
    let site = build(project.path());
    let mut highlighted = 0;
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let document = html(
                &site,
                entry.path().strip_prefix(&site).unwrap().to_str().unwrap(),
            );
            highlighted += select(&document, "pre.code span[class^=\"hl-\"]").len();
        }
    }
    assert!(highlighted > 0, "no highlighted code block in the site");
    assert!(read(&site.join("public"), "code.css").contains(".hl-"));
}

#[test]
fn internal_references_become_links() {
    let project = example_copy();
    let site = build(project.path()).join("crew");
    let mut links = 0;
    for entry in walkdir::WalkDir::new(site.join("journal")) {
        let entry = entry.unwrap();
        if entry.file_name() == "index.html" {
            let text = fs::read_to_string(entry.path()).unwrap();
            for target in [
                "/shots/#shot-",
                "/locations/#location-",
                "/people/#person-",
                "/storyboard/#panel-",
                "/schedule/day-",
            ] {
                links += text.matches(&format!("href=\"{target}")).count();
            }
            assert!(
                !text.contains("href=\"shot:"),
                "an unresolved reference in {}",
                entry.path().display()
            );
        }
    }
    assert!(links > 0);
}

#[test]
fn a_changed_value_changes_its_page() {
    let project = example_copy();
    let site = build(project.path());
    let shots_file = project.path().join("shots.yaml");
    let shots = yaml(&shots_file);
    let site = site.join("client");
    let first = &shots["shots"][0];
    let id = first["id"].as_str().unwrap().to_lowercase();
    let old = first["description"].as_str().unwrap().to_string();
    let row = format!("tr#shot-{id}");
    assert!(text_of(&html(&site, "shots/index.html"), &row).contains(&old));
    let text = fs::read_to_string(&shots_file).unwrap();
    let new = "A crane shot nobody has seen before";
    fs::write(&shots_file, text.replacen(&old, new, 1)).unwrap();
    let site = build(project.path()).join("client");
    let shown = text_of(&html(&site, "shots/index.html"), &row);
    assert!(shown.contains(new), "{shown}");
    assert!(!shown.contains(&old));
}

#[test]
fn a_broken_copy_fails_names_file_and_field_and_keeps_the_old_site() {
    let project = example_copy();
    let site = build(project.path());
    let before = snapshot(&site);
    let shots_file = project.path().join("shots.yaml");
    let text = fs::read_to_string(&shots_file).unwrap();
    // The first shot's description, misspelt.
    let shots_start = text.find("\nshots:").unwrap();
    let at = shots_start + text[shots_start..].find("    description:").unwrap();
    let broken = format!(
        "{}    descriptoin:{}",
        &text[..at],
        &text[at + "    description:".len()..]
    );
    assert_ne!(text, broken);
    fs::write(&shots_file, broken).unwrap();
    let out = clapboard(&["build", project.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shots.yaml:"), "{stderr}");
    assert!(stderr.contains("descriptoin"), "{stderr}");
    assert!(stderr.contains("shots[0].descriptoin"), "{stderr}");
    assert!(
        stderr.contains("1 error, 0 warnings"),
        "one mistake, one error: {stderr}"
    );
    assert_eq!(snapshot(&site), before, "the earlier site is untouched");
}

#[test]
fn an_unknown_reference_is_an_error_naming_file_and_reference() {
    let project = example_copy();
    let note = fs::read_dir(project.path().join("journal"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut text = fs::read_to_string(&note).unwrap();
    text.push_str("\nSee [the missing shot](shot:99Z).\n");
    fs::write(&note, text).unwrap();
    let out = clapboard(&["check", project.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let name = note.file_name().unwrap().to_str().unwrap();
    assert!(stderr.contains(name), "{stderr}");
    assert!(stderr.contains("shot:99Z"), "{stderr}");
    assert!(
        !project.path().join("dist").exists(),
        "check writes nothing"
    );
}

#[test]
fn a_project_template_overrides_the_theme() {
    let project = example_copy();
    fs::create_dir_all(project.path().join("templates")).unwrap();
    fs::write(
        project.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"ours\">Lost on set</p>{% endblock content %}",
    )
    .unwrap();
    fs::create_dir_all(project.path().join("static")).unwrap();
    fs::write(
        project.path().join("static/style.css"),
        "body { color: rebeccapurple; }",
    )
    .unwrap();
    let dist = build(project.path());
    let site = dist.join("public");
    let document = html(&site, "404.html");
    assert_eq!(text_of(&document, "#ours"), "Lost on set");
    assert_eq!(read(&site, "style.css"), "body { color: rebeccapurple; }");
    // Other pages keep the theme's templates.
    assert!(read(&dist.join("client"), "shots/index.html").contains("class=\"shots\""));
}

#[test]
fn new_writes_a_production_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("my-video");
    let out = clapboard(&["new", project.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(project.join("clapboard.yaml").is_file());
    let check = clapboard(&["check", project.to_str().unwrap()]);
    assert!(check.status.success());
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("0 errors, 0 warnings"),
        "the example has no warnings"
    );
    assert!(
        check.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    build(&project);
    let again = clapboard(&["new", project.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1), "new never overwrites");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        clapboard(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(clapboard(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn no_production_here_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = clapboard(&["build", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no clapboard.yaml"));
}

#[test]
fn a_foreign_output_folder_is_refused() {
    let project = example_copy();
    let foreign = tempfile::tempdir().unwrap();
    fs::create_dir_all(foreign.path().join("public")).unwrap();
    fs::write(foreign.path().join("public/precious.txt"), "keep me").unwrap();
    let out = clapboard(&[
        "build",
        project.path().to_str().unwrap(),
        "--out",
        foreign.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        fs::read_to_string(foreign.path().join("public/precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_missing_image_is_an_error_naming_file_and_field() {
    let project = example_copy();
    let storyboard = project.path().join("storyboard.yaml");
    let text = fs::read_to_string(&storyboard).unwrap();
    fs::write(
        &storyboard,
        text.replacen(
            "assets/storyboard/panel-01.svg",
            "assets/storyboard/panel-1.svg",
            1,
        ),
    )
    .unwrap();
    let note = project.path().join("journal/scouting-the-rooftop.md");
    let mut body = fs::read_to_string(&note).unwrap();
    body.push_str("\n![the roof by night](assets/nowhere.svg)\n");
    fs::write(&note, body).unwrap();
    let out = clapboard(&["check", project.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("storyboard.yaml:"), "{stderr}");
    assert!(stderr.contains("panels[0].image"), "{stderr}");
    assert!(stderr.contains("assets/storyboard/panel-1.svg"), "{stderr}");
    assert!(
        stderr.contains("journal/scouting-the-rooftop.md:"),
        "{stderr}"
    );
    assert!(stderr.contains("assets/nowhere.svg"), "{stderr}");
    assert!(stderr.contains("2 errors"), "{stderr}");
}

#[test]
fn a_site_built_inside_the_project_is_not_read_back() {
    let project = example_copy();
    let out = clapboard(&[
        "build",
        project.path().to_str().unwrap(),
        "--out",
        project.path().join("site").to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert!(out.status.success());
    let check = clapboard(&["check", project.path().to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("0 warnings"),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_list_document_may_be_a_folder_of_files() {
    let project = example_copy();
    let budget = yaml(&project.path().join("budget.yaml"));
    let text = fs::read_to_string(project.path().join("budget.yaml")).unwrap();
    let lines_at = text.find("\nlines:").unwrap();
    let (head, lines) = text.split_at(lines_at);
    // The same budget, split in two files: settings and the lines.
    fs::create_dir_all(project.path().join("budget")).unwrap();
    fs::write(project.path().join("budget/a-settings.yaml"), head).unwrap();
    fs::write(
        project.path().join("budget/b-lines.yaml"),
        lines.trim_start(),
    )
    .unwrap();
    fs::remove_file(project.path().join("budget.yaml")).unwrap();
    let site = build(project.path()).join("client");
    let document = html(&site, "budget/index.html");
    let rows = select(
        &document,
        ".topsheet tbody.department tr:not(.department-head):not(.subtotal)",
    );
    assert_eq!(rows.len(), budget["lines"].as_array().unwrap().len());
}

/// Every amount written on a page in `symbol`, as printed: `¥8,255,631`, `£1,200.00`.
fn amounts(text: &str, symbol: char) -> Vec<String> {
    text.match_indices(symbol)
        .map(|(at, _)| {
            text[at..]
                .chars()
                .take_while(|c| *c == symbol || c.is_ascii_digit() || *c == ',' || *c == '.')
                .collect::<String>()
                .trim_end_matches(['.', ','])
                .to_string()
        })
        .collect()
}

/// The small production, its budget in yen with one line for the crew, and a location fee.
fn yen_production() -> tempfile::TempDir {
    let project = unlocked_copy(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"),
    );
    fs::write(
        project.path().join("budget.yaml"),
        "currency: JPY\ncontingency_percent: 7.5\nfees: [{name: Production fee, percent: 8}]\nlines:\n  - {account: \"1100\", department: Direction, item: Director, estimate: 7500000, actual: 7500000}\n  - {account: \"2100\", department: Camera, item: Camera package, estimate: 755631, actual: 801250}\n  - {account: \"4100\", department: Catering, item: Crew meals, estimate: 120000, audience: crew}\n",
    )
    .unwrap();
    let locations = project.path().join("locations.yaml");
    let text = fs::read_to_string(&locations).unwrap();
    fs::write(
        &locations,
        text.replace(
            "    address: 1 High Street\n",
            "    address: 1 High Street\n    fee: 150000\n",
        ),
    )
    .unwrap();
    project
}

/// A shoot in Japan keeps its budget in yen, which have no minor unit: every page shows whole
/// yen, and the totals are those of the figures shown.
#[test]
fn a_yen_production_shows_whole_yen_on_every_page() {
    let project = yen_production();
    let dist = build(project.path());

    let client = dist.join("client");
    let budget = html(&client, "budget/index.html");
    // 8,255,631 of lines, 7.5 % contingency (619,172.325) and 8 % fee (660,450.48) in whole yen.
    assert_eq!(text_of(&budget, ".contingency"), "¥619,172");
    assert_eq!(text_of(&budget, ".grand-total"), "¥9,535,253");
    for page in ["budget/index.html", "locations/index.html", "index.html"] {
        let text = read(&client, page);
        let found = amounts(&text, '¥');
        assert!(!found.is_empty(), "no amount on the client's {page}");
        assert!(
            found.iter().all(|a| !a.contains('.')),
            "yen with decimals on the client's {page}: {found:?}"
        );
    }
    assert!(read(&client, "budget/index.html").contains("¥8,255,631"));
    assert!(read(&client, "locations/index.html").contains("<dd>¥150,000</dd>"));
    assert!(read(&client, "index.html").contains("¥9,535,253 total"));
}

/// The crew see one line of the budget: they see its currency, and no contingency or fee made
/// from lines they may not see.
#[test]
fn an_audience_that_sees_one_budget_line_sees_its_currency_and_nothing_made_of_others() {
    let project = yen_production();
    let dist = build(project.path());
    let crew = read(&dist.join("crew"), "budget/index.html");
    assert!(crew.contains("All amounts in JPY"), "{crew}");
    let made_of_others = amounts(&crew, '¥')
        .into_iter()
        .filter(|a| a != "¥120,000" && a != "¥0")
        .count();
    assert_eq!(made_of_others, 0, "{crew}");
    assert!(
        !crew.contains("Contingency") && !crew.contains("Production fee"),
        "the crew's page names what it cannot see: {crew}"
    );
}
