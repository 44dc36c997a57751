//! A built site's figures against what it lists: every count and done/due line on the home
//! page, the shot list, the storyboard, post-production and the schedule must agree with the
//! items the same site shows.

use std::path::Path;

use scraper::{ElementRef, Html};

use super::{read, select};

fn text(element: &ElementRef) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The whole numbers in `text`, in order: `3 of 5 done` -> [3, 5].
fn numbers(text: &str) -> Vec<usize> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// The page at `path` (`/post/`, or a link such as `/videos/x/schedule/day-1/` on a site
/// under a base path) of `site`, if the site has it.
fn page(site: &Path, path: &str) -> Option<Html> {
    let mut relative = path.trim_matches('/');
    loop {
        let file = format!("{relative}/index.html");
        let file = file.trim_start_matches('/');
        if site.join(file).is_file() {
            return Some(Html::parse_document(&read(site, file)));
        }
        // A base path's segments are not folders of the site.
        relative = relative.split_once('/')?.1;
    }
}

/// The rows of the table in the section labelled `title` (`vfx-title`) of `page`, each as the
/// text of its cells.
fn rows(page: &Html, title: &str) -> Vec<Vec<String>> {
    select(
        page,
        &format!("section[aria-labelledby=\"{title}\"] tbody tr"),
    )
    .iter()
    .map(|row| select_in(row, "th, td").iter().map(text).collect())
    .collect()
}

fn select_in<'a>(element: &ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = scraper::Selector::parse(selector).unwrap();
    element.select(&selector).collect()
}

/// What the site lists, read from its pages.
struct Listed {
    shots: Option<Vec<String>>,
    /// Per shot row, its status.
    shot_statuses: Vec<String>,
    panels: Option<usize>,
    locations: Option<usize>,
    days: Option<usize>,
    /// Review notes: (resolved, text).
    reviews: Vec<(bool, String)>,
    cuts: Vec<String>,
    /// VFX rows: shot, task, vendor, due, status.
    vfx: Vec<Vec<String>>,
    /// Deliverable rows: name, format, resolution, due, status.
    deliverables: Vec<Vec<String>>,
}

fn listed(site: &Path) -> Listed {
    let shots = page(site, "/shots/");
    let post = page(site, "/post/");
    let post_rows = |title| post.as_ref().map(|p| rows(p, title)).unwrap_or_default();
    Listed {
        shots: shots.as_ref().map(|p| {
            select(p, "table.shots tr.shot .shot-id")
                .iter()
                .map(text)
                .collect()
        }),
        shot_statuses: shots
            .as_ref()
            .map(|p| {
                select(p, "table.shots tr.shot .status")
                    .iter()
                    .map(text)
                    .collect()
            })
            .unwrap_or_default(),
        panels: page(site, "/storyboard/").map(|p| select(&p, "li.panel").len()),
        locations: page(site, "/locations/").map(|p| select(&p, "article.location").len()),
        days: page(site, "/schedule/").map(|p| select(&p, "li.day").len()),
        reviews: post
            .as_ref()
            .map(|p| {
                select(p, "ol.reviews li")
                    .iter()
                    .map(|li| (li.value().classes().any(|c| c == "resolved"), text(li)))
                    .collect()
            })
            .unwrap_or_default(),
        cuts: post
            .as_ref()
            .map(|p| {
                select(p, "article.cut")
                    .iter()
                    .filter_map(|c| c.value().id().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        vfx: post_rows("vfx-title"),
        deliverables: post_rows("deliverables-title"),
    }
}

/// Every figure of `site` that disagrees with what the site lists, each said in a sentence;
/// empty when they all agree.
pub fn miscounts(site: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    let listed = listed(site);
    let mut expect = |what: String, said: usize, counted: usize| {
        if said != counted {
            wrong.push(format!(
                "{}: {what} says {said}, the site lists {counted}",
                site.display()
            ));
        }
    };
    let home = Html::parse_document(&read(site, "index.html"));
    let shot_count = listed.shots.as_ref().map_or(0, Vec::len);
    let in_the_can = listed
        .shot_statuses
        .iter()
        .filter(|s| matches!(s.as_str(), "shot" | "selected" | "cut"))
        .count();
    let vfx_done = listed
        .vfx
        .iter()
        .filter(|r| r.get(4).is_some_and(|s| s == "done"))
        .count();
    let delivered = listed
        .deliverables
        .iter()
        .filter(|r| r.get(4).is_some_and(|s| s == "done"))
        .count();
    let open = listed
        .reviews
        .iter()
        .filter(|(resolved, _)| !resolved)
        .count();
    for item in select(&home, "dl.stage-items > div") {
        let label = select_in(&item, "dt").first().map(text).unwrap_or_default();
        let value = select_in(&item, "dd").first().map(text).unwrap_or_default();
        let n = numbers(&value);
        let what = format!("the home page's “{label}: {value}”");
        match (label.as_str(), n.as_slice()) {
            ("Storyboard", [panels]) => expect(what, *panels, listed.panels.unwrap_or(0)),
            ("Shot list", [shots]) => expect(what, *shots, shot_count),
            ("Locations", [locations, ..]) => {
                expect(what, *locations, listed.locations.unwrap_or(0))
            }
            ("Shoot", [days]) => expect(what, *days, listed.days.unwrap_or(0)),
            ("Shots in the can", [shot, all]) => {
                expect(what.clone(), *all, shot_count);
                expect(what, *shot, in_the_can);
            }
            ("Review notes", [open_notes, all]) => {
                expect(what.clone(), *all, listed.reviews.len());
                expect(what, *open_notes, open);
            }
            ("VFX shots", [done, all]) => {
                expect(what.clone(), *all, listed.vfx.len());
                expect(what, *done, vfx_done);
            }
            ("Deliverables", [done, all]) => {
                expect(what.clone(), *all, listed.deliverables.len());
                expect(what, *done, delivered);
            }
            ("Latest cut", _) => {
                let version = value.split(',').next().unwrap_or_default();
                let shown = listed.cuts.iter().any(|c| *c == format!("cut-{version}"));
                expect(what, 1, usize::from(shown));
            }
            _ => {}
        }
    }
    // The done, due and late list names only work the site lists.
    let dues: Vec<String> = select(&home, "ul.dues li a").iter().map(text).collect();
    let vfx_dues: Vec<&String> = dues.iter().filter(|d| d.starts_with("VFX ")).collect();
    let deliverable_dues: Vec<&String> = dues
        .iter()
        .filter(|d| d.starts_with("Deliverable: "))
        .collect();
    let dated = |rows: &[Vec<String>]| {
        rows.iter()
            .filter(|r| r.get(3).is_some_and(|d| !d.is_empty()))
            .count()
    };
    expect(
        "the home page's VFX dues".into(),
        vfx_dues.len(),
        dated(&listed.vfx),
    );
    expect(
        "the home page's deliverable dues".into(),
        deliverable_dues.len(),
        dated(&listed.deliverables),
    );
    for due in vfx_dues {
        let known = listed
            .vfx
            .iter()
            .any(|r| *due == format!("VFX {}: {}", r[0], r[1]));
        expect(
            format!("the home page's due “{due}”"),
            1,
            usize::from(known),
        );
    }
    for due in deliverable_dues {
        let known = listed.deliverables.iter().any(|r| {
            due.strip_prefix("Deliverable: ")
                .is_some_and(|name| r[0].starts_with(name))
        });
        expect(
            format!("the home page's due “{due}”"),
            1,
            usize::from(known),
        );
    }
    if let Some(shots) = page(site, "/shots/") {
        let said = select(&shots, ".shot-count")
            .first()
            .map(text)
            .unwrap_or_default();
        expect(
            "the shot list's count".into(),
            numbers(&said).first().copied().unwrap_or(0),
            shot_count,
        );
    }
    if let Some(storyboard) = page(site, "/storyboard/") {
        let said = select(&storyboard, ".totals")
            .first()
            .map(text)
            .unwrap_or_default();
        expect(
            "the storyboard's count".into(),
            numbers(&said).first().copied().unwrap_or(0),
            listed.panels.unwrap_or(0),
        );
    }
    let post = page(site, "/post/");
    let heading = post
        .as_ref()
        .and_then(|p| select(p, "#vfx-title").into_iter().next());
    if let Some(heading) = heading {
        let n = numbers(&text(&heading));
        expect(
            "the VFX heading's total".into(),
            n.get(1).copied().unwrap_or(0),
            listed.vfx.len(),
        );
        expect(
            "the VFX heading's done".into(),
            n.first().copied().unwrap_or(0),
            vfx_done,
        );
    }
    if let Some(schedule) = page(site, "/schedule/") {
        for day in select(&schedule, "li.day") {
            let Some(link) = select_in(&day, "h2 a")
                .first()
                .and_then(|a| a.value().attr("href"))
            else {
                continue;
            };
            let shots_said = select_in(&day, "dl.facts > div")
                .iter()
                .find(|d| {
                    select_in(d, "dt")
                        .first()
                        .is_some_and(|dt| text(dt) == "Shots")
                })
                .map(|d| numbers(&text(d)).first().copied().unwrap_or(0))
                .unwrap_or(0);
            let sheet = page(site, link)
                .map(|p| select(&p, "table.shots tr.shot").len())
                .unwrap_or(0);
            expect(format!("the schedule's shots on {link}"), shots_said, sheet);
        }
    }
    wrong
}
