//! End-to-end: build a copy of each production and read the site back as a visitor would.

mod common;

use std::fs;

use common::documents::{front_matter, items, note_slug, published_notes, shown_items};
use common::*;

#[test]
fn every_page_exists() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let dist = build(project.path());
        let mut pages: Vec<(&str, String)> = [
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
            ("public", "journal/index.html"),
            ("public", "journal/atom.xml"),
            ("public", "press/index.html"),
            ("public", "sitemap.xml"),
            ("public", "robots.txt"),
            ("public", "404.html"),
            ("public", "style.css"),
            ("public", "code.css"),
        ]
        .into_iter()
        .map(|(audience, page)| (audience, page.to_string()))
        .collect();
        // The press release is public once its embargo lifts; the client sees it before.
        let release = front_matter(&project.path().join("release/press-release.md"));
        let embargoed = release["embargo"]
            .as_str()
            .is_some_and(|at| at.replace(' ', "T").as_str() > NOW);
        let sees_release = if embargoed { "client" } else { "public" };
        pages.push((sees_release, "press/release/index.html".to_string()));
        if embargoed {
            assert!(
                !dist.join("public/press/release").exists(),
                "{what}: the press release is public before its embargo lifts"
            );
        }
        let days = items(project.path(), "schedule", "days");
        assert!(!days.is_empty(), "{what}: no shoot day");
        for day in &days {
            let number = day["day"].as_u64().unwrap();
            pages.push(("crew", format!("schedule/day-{number}/index.html")));
        }
        for (audience, page) in pages {
            let path = dist.join(audience).join(&page);
            assert!(path.is_file(), "{what}: {audience}/{page} is missing");
            assert!(
                fs::metadata(&path).unwrap().len() > 0,
                "{what}: {audience}/{page} is empty"
            );
        }
        let site = dist.join("public");
        let published = published_notes(project.path(), "public");
        let notes = fs::read_dir(site.join("journal"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
            .count();
        // One folder per published note plus the tags index.
        assert_eq!(notes, published.len() + 1, "{what}");
        for (path, front) in &published {
            let slug = note_slug(path, front);
            assert!(
                site.join("journal")
                    .join(&slug)
                    .join("index.html")
                    .is_file(),
                "{what}: the note {slug} has no page"
            );
        }
        assert!(site.join("journal/tags/index.html").is_file(), "{what}");
        let base = base_path(project.path(), "public");
        let document = html(&site, "journal/index.html");
        let tags = select(&document, ".note-list .tag");
        assert!(!tags.is_empty(), "{what}: the journal shows no tag");
        for tag in tags {
            let href = tag.value().attr("href").unwrap();
            assert!(file_of(&site, &base, href).is_file(), "{what}: {href}");
        }
    }
}

#[test]
fn every_shot_is_on_the_shot_list_and_the_runtime_adds_up() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let site = build(project.path()).join("client");
        let shots = shown_items(
            project.path(),
            "shots",
            "shots",
            "client",
            &["client", "crew"],
        );
        assert!(shots.len() >= 20, "{what}: {} shots", shots.len());
        let document = html(&site, "shots/index.html");
        let mut total = 0.0;
        for shot in &shots {
            let id = common::documents::id(&shot["id"]).unwrap();
            let row = select(&document, &format!("tr#shot-{}", id.to_lowercase()));
            assert_eq!(row.len(), 1, "{what}: shot {id} is not on the shot list");
            let row_text: String = row[0].text().collect();
            assert!(
                row_text.contains(shot["description"].as_str().unwrap()),
                "{what}: shot {id}'s description"
            );
            total += seconds(&shot["duration"]);
        }
        assert_eq!(
            select(&document, "table.shots tr.shot").len(),
            shots.len(),
            "{what}: the shot list shows shots the client may not see"
        );
        assert_eq!(
            text_of(&document, ".shot-count"),
            shots.len().to_string(),
            "{what}"
        );
        assert_eq!(
            text_of(&document, ".runtime"),
            minutes_seconds(total),
            "{what}"
        );
    }
}

/// The digits after the decimal point of `currency` (ISO 4217): none for yen.
fn minor_digits(currency: &str) -> i32 {
    match currency {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" => 0,
        _ => 2,
    }
}

#[test]
fn the_grand_total_is_the_lines_plus_contingency_and_fees() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let site = build(project.path()).join("client");
        // The settings are in the one file that has them; the lines may be in several.
        let settings = common::documents::files(project.path(), "budget")
            .iter()
            .map(|path| yaml(path))
            .find(|data| data.get("currency").is_some())
            .expect("a budget with a currency");
        let currency = settings["currency"].as_str().unwrap();
        let unit = 10f64.powi(minor_digits(currency));
        let minor = |v: &serde_json::Value| (v.as_f64().unwrap() * unit).round() as i64;
        let lines: i64 = shown_items(project.path(), "budget", "lines", "client", &["client"])
            .iter()
            .map(|l| minor(&l["estimate"]))
            .sum();
        assert!(lines > 0, "{what}: no budget line for the client");
        let percent = |p: f64| (lines as f64 * p / 100.0).round() as i64;
        let contingency = percent(settings["contingency_percent"].as_f64().unwrap_or(0.0));
        let fees: i64 = settings["fees"]
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
            "{what}: grand total shown as {shown}"
        );
        // As many digits after the point as the currency has minor units.
        let decimals = shown.split_once('.').map_or(0, |(_, d)| d.len());
        assert_eq!(decimals as i32, minor_digits(currency), "{what}: {shown}");
        let contingency_shown: String = text_of(&document, ".contingency")
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        assert_eq!(
            contingency_shown.parse::<i64>().unwrap(),
            contingency,
            "{what}"
        );
    }
}

#[test]
fn each_shoot_day_has_a_call_sheet() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let site = build(project.path()).join("crew");
        let days = shown_items(project.path(), "schedule", "days", "crew", &["crew"]);
        assert!(!days.is_empty(), "{what}: no shoot day");
        let crew_shots: Vec<String> = shown_items(
            project.path(),
            "shots",
            "shots",
            "crew",
            &["client", "crew"],
        )
        .iter()
        .filter_map(|s| common::documents::id(&s["id"]))
        .collect();
        let base = base_path(project.path(), "crew");
        let schedule = html(&site, "schedule/index.html");
        for (i, day) in days.iter().enumerate() {
            let number = day["day"].as_u64().unwrap();
            let page = format!("schedule/day-{number}/index.html");
            let document = html(&site, &page);
            assert_eq!(
                text_of(&document, "h1"),
                format!("Day {} of {}", i + 1, days.len()),
                "{what}: {page}"
            );
            let general = day["general_call"].as_str().unwrap();
            assert_eq!(
                text_of(&document, ".call-times .general dd"),
                general,
                "{what}: {page}"
            );
            let shots = day["shots"].as_array().unwrap();
            assert!(!shots.is_empty(), "{what}: day {number} has no shot");
            for shot in shots {
                let id = common::documents::id(shot).unwrap();
                assert!(crew_shots.contains(&id), "{what}: day {number} plans {id}");
                assert_eq!(
                    select(&document, &format!("#shot-{}", id.to_lowercase())).len(),
                    1,
                    "{what}: day {number} lists shot {id}"
                );
            }
            let text = read(&site, &page);
            assert!(
                text.contains("Nearest hospital"),
                "{what}: day {number} names the nearest hospital"
            );
            // The schedule links each call sheet where the site is published.
            let href = format!("{base}/schedule/day-{number}/");
            assert!(
                !select(&schedule, &format!("a[href='{href}']")).is_empty(),
                "{what}: the schedule does not link {href}"
            );
        }
    }
}

#[test]
fn the_feed_lists_the_journal_notes() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let site = build(project.path()).join("public");
        let feed = feed_rs::parser::parse(read(&site, "journal/atom.xml").as_bytes())
            .expect("a valid feed");
        let mut titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        let mut expected: Vec<String> = published_notes(project.path(), "public")
            .iter()
            .map(|(_, front)| front["title"].as_str().unwrap().to_string())
            .collect();
        assert!(!expected.is_empty(), "{what}: no published note");
        titles.sort();
        expected.sort();
        assert_eq!(titles, expected, "{what}");
        let base_url = base_url(project.path(), "public");
        for entry in &feed.entries {
            assert!(
                entry.links[0]
                    .href
                    .starts_with(&format!("{base_url}journal/")),
                "{what}: the feed links {} outside {base_url}journal/",
                entry.links[0].href
            );
        }
    }
}

#[test]
fn fenced_code_is_highlighted() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
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
        assert!(
            highlighted > 0,
            "{what}: no highlighted code block in the site"
        );
        assert!(
            read(&site.join("public"), "code.css").contains(".hl-"),
            "{what}"
        );
    }
}

/// The site paths Markdown references in `text` point at: `(shot:1A)` -> `shots/#shot-1a`.
fn references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (kind, path) in [
        ("shot", "shots/#shot-"),
        ("location", "locations/#location-"),
        ("person", "people/#person-"),
        ("panel", "storyboard/#panel-"),
        ("day", "schedule/day-"),
    ] {
        for (at, _) in text.match_indices(&format!("]({kind}:")) {
            let rest = &text[at + kind.len() + 3..];
            let id: String = rest
                .chars()
                .take_while(|c| !matches!(c, ')' | ' '))
                .collect();
            let slash = if kind == "day" { "/" } else { "" };
            found.push(format!("{path}{}{slash}", id.to_lowercase()));
        }
    }
    found
}

#[test]
fn internal_references_become_links() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let site = build(project.path()).join("crew");
        let base = base_path(project.path(), "crew");
        let mut links = 0;
        for (path, front) in published_notes(project.path(), "crew") {
            let slug = note_slug(&path, &front);
            let page = format!("journal/{slug}/index.html");
            let text = read(&site, &page);
            for reference in references(&fs::read_to_string(&path).unwrap()) {
                let href = format!("href=\"{base}/{reference}\"");
                assert!(text.contains(&href), "{what}: {page} has no {href}");
                links += 1;
            }
            assert!(
                !text.contains("href=\"shot:"),
                "{what}: an unresolved reference in {page}"
            );
        }
        assert!(links > 0, "{what}: no note refers to the production");
    }
}

#[test]
fn a_changed_value_changes_its_page() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let site = build(project.path());
        common::documents::sheets_as_yaml(project.path());
        // The first file of the shot list with a shot in it, and its first shot.
        let (shots_file, first) = common::documents::files(project.path(), "shots")
            .into_iter()
            .find_map(|path| {
                let first = yaml(&path)["shots"].get(0)?.clone();
                Some((path, first))
            })
            .expect("a shot");
        let site = site.join("client");
        let id = common::documents::id(&first["id"]).unwrap().to_lowercase();
        let old = first["description"].as_str().unwrap().to_string();
        let row = format!("tr#shot-{id}");
        assert!(
            text_of(&html(&site, "shots/index.html"), &row).contains(&old),
            "{what}"
        );
        let text = fs::read_to_string(&shots_file).unwrap();
        assert!(text.contains(&old), "{what}: {old}");
        let new = "A crane shot nobody has seen before";
        fs::write(&shots_file, text.replacen(&old, new, 1)).unwrap();
        let site = build(project.path()).join("client");
        let shown = text_of(&html(&site, "shots/index.html"), &row);
        assert!(shown.contains(new), "{what}: {shown}");
        assert!(!shown.contains(&old), "{what}: {shown}");
    }
}

// On the example alone: it misspells a field at a known place of its one-file shots.yaml.
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
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let note = &first_note(project.path());
        let mut text = fs::read_to_string(note).unwrap();
        text.push_str("\nSee [the missing shot](shot:99Z).\n");
        fs::write(note, text).unwrap();
        let out = clapboard(&["check", project.path().to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{what}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let name = note.file_name().unwrap().to_str().unwrap();
        assert!(stderr.contains(name), "{what}: {stderr}");
        assert!(stderr.contains("shot:99Z"), "{what}: {stderr}");
        assert!(
            !project.path().join("dist").exists(),
            "{what}: check writes nothing"
        );
    }
}

#[test]
fn a_project_template_overrides_the_theme() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
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
        assert_eq!(text_of(&document, "#ours"), "Lost on set", "{what}");
        assert_eq!(
            read(&site, "style.css"),
            "body { color: rebeccapurple; }",
            "{what}"
        );
        // Other pages keep the theme's templates.
        assert!(
            read(&dist.join("client"), "shots/index.html").contains("class=\"shots\""),
            "{what}"
        );
    }
}

#[test]
fn new_from_the_example_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("my-video");
    let out = clapboard(&["new", project.to_str().unwrap(), "--template", "example"]);
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

// On the example alone: the refusal depends on the output folder, not on what a production holds.
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

// On the example alone: it breaks the example's first storyboard image and one of its notes by name.
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
    for production in productions() {
        let project = unlocked_copy(&production);
        let out = clapboard(&[
            "build",
            project.path().to_str().unwrap(),
            "--out",
            project.path().join("site").to_str().unwrap(),
            "--now",
            NOW,
        ]);
        assert!(out.status.success(), "{}", production.display());
        let check = clapboard(&["check", project.path().to_str().unwrap()]);
        assert!(
            String::from_utf8_lossy(&check.stdout).contains("0 warnings"),
            "{}: {}",
            production.display(),
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

// On the example alone: it splits the example's one-file budget.yaml; shuden's is a folder already.
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
