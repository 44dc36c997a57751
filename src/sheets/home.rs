//! The home board: the production as a timeline of its four stages, with what is done, due
//! and late on the build's date.

use chrono::{Days, NaiveDate};
use schemars::JsonSchema;
use serde::Serialize;

use super::{TopSheet, plural};
use crate::model::locations::PermitStatus;
use crate::model::post::{CutStatus, WorkStatus};
use crate::model::release::CampaignStatus;
use crate::model::{ShotStatus, Stage};
use crate::urls::Urls;
use crate::view::View;

/// `index.html`'s data.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HomeBoard<'a> {
    pub stages: Vec<StageCard<'a>>,
    /// Dated work, in date order.
    pub dues: Vec<Due>,
    /// The build's date: "23 November 2026".
    pub today: String,
    /// Whether a cut is approved.
    pub approved: bool,
    /// The poster, as `partials/picture.html` takes it; the page fills it in.
    pub key_art: Option<super::Picture>,
    /// Once the video is out (on or after the release date): its player, which the page fills
    /// in and leads with, and where to watch and listen.
    pub video: Option<super::VideoPlayer>,
    pub released: bool,
    pub platforms: Vec<super::release::PlatformRow<'a>>,
    pub streaming: &'a [crate::model::Link],
    /// The next shoot day's call, from the day before the shoot to its last day, on sites
    /// that see the schedule.
    pub next_call: Option<NextCall<'a>>,
}

/// The call the crew looks for first: when and where the next shoot day starts.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NextCall<'a> {
    pub number: u32,
    /// Day X of Y.
    pub position: usize,
    pub total: usize,
    /// Whether the day is the build's date.
    pub today: bool,
    /// `Monday 21 September 2026`.
    pub date: String,
    pub general_call: String,
    pub locations: Vec<super::Named<'a>>,
    /// Its call sheet.
    pub url: String,
}

/// One stage of the production, dated, with its figures.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StageCard<'a> {
    pub slug: &'static str,
    pub name: &'static str,
    /// `done`, `current`, `upcoming` or `undated`, on the build's date.
    pub status: &'static str,
    pub dates: Option<String>,
    pub items: Vec<Figure<'a>>,
}

/// A figure of a stage and the page it comes from: "Shot list: 24 shots".
#[derive(Debug, Serialize, JsonSchema)]
pub struct Figure<'a> {
    pub label: &'a str,
    pub value: String,
    pub url: String,
}

/// Dated work: done, due (today or later) or late (past and not done).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Due {
    pub date: String,
    pub date_iso: String,
    pub what: String,
    pub state: &'static str,
    pub url: String,
}

/// The dates each stage spans, as far as the production says.
struct StageDates {
    first_shoot: Option<NaiveDate>,
    last_shoot: Option<NaiveDate>,
    release: Option<NaiveDate>,
}

impl StageDates {
    fn range(&self, stage: Stage) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let before = |d: Option<NaiveDate>| d.and_then(|d| d.checked_sub_days(Days::new(1)));
        let after = |d: Option<NaiveDate>| d.and_then(|d| d.checked_add_days(Days::new(1)));
        match stage {
            Stage::PreProduction => (None, before(self.first_shoot)),
            Stage::Production => (self.first_shoot, self.last_shoot),
            Stage::PostProduction => (after(self.last_shoot), before(self.release)),
            Stage::Release => (self.release, None),
        }
    }

    fn status(&self, stage: Stage, today: NaiveDate) -> &'static str {
        match self.range(stage) {
            (_, Some(end)) if today > end => "done",
            (Some(start), _) if today < start => "upcoming",
            (None, None) => "undated",
            _ => "current",
        }
    }
}

fn date_range(range: (Option<NaiveDate>, Option<NaiveDate>)) -> Option<String> {
    let fmt = |d: NaiveDate| d.format("%-d %b %Y").to_string();
    match range {
        (Some(a), Some(b)) if a == b => Some(fmt(a)),
        (Some(a), Some(b)) => Some(format!("{} – {}", fmt(a), fmt(b))),
        (Some(a), None) => Some(format!("from {}", fmt(a))),
        (None, Some(b)) => Some(format!("until {}", fmt(b))),
        (None, None) => None,
    }
}

impl<'a> HomeBoard<'a> {
    pub fn new(view: &'a View, urls: &Urls, today: NaiveDate) -> HomeBoard<'a> {
        let p = &view.production;
        let days = p.days_by_date();
        let dates = StageDates {
            first_shoot: days.first().map(|d| d.date.value.0),
            last_shoot: days.last().map(|d| d.date.value.0),
            release: p.config.release_date.as_ref().map(|d| d.value.0),
        };
        let item = |label: &'a str, value: String, path: &str| Figure {
            label,
            value,
            url: urls.page(path),
        };

        let mut stages = Vec::new();
        for stage in Stage::ALL {
            let mut items = Vec::new();
            match stage {
                Stage::PreProduction => {
                    if let Some(t) = &p.treatment {
                        items.push(item(
                            "Treatment",
                            // A count, like the other stages' items: the logline is on the page.
                            match t.meta.beats.len() {
                                0 => "written".to_string(),
                                n => plural(n, "beat", "beats"),
                            },
                            "/treatment/",
                        ));
                    }
                    if !p.storyboard.panels.is_empty() {
                        items.push(item(
                            "Storyboard",
                            plural(p.storyboard.panels.len(), "panel", "panels"),
                            "/storyboard/",
                        ));
                    }
                    if !p.shots.is_empty() {
                        items.push(item(
                            "Shot list",
                            plural(p.shots.len(), "shot", "shots"),
                            "/shots/",
                        ));
                    }
                    if !p.locations.is_empty() {
                        let granted = p.locations.iter().filter(|l| l.cleared()).count();
                        items.push(item(
                            "Locations",
                            format!(
                                "{}, {granted} cleared",
                                plural(p.locations.len(), "location", "locations")
                            ),
                            "/locations/",
                        ));
                    }
                    if !p.budget.lines.is_empty() {
                        let sheet = TopSheet::new(&p.budget);
                        items.push(item(
                            "Budget",
                            format!("{} total", sheet.grand_total),
                            "/budget/",
                        ));
                    }
                }
                Stage::Production => {
                    if !p.days.is_empty() {
                        items.push(item(
                            "Shoot",
                            plural(p.days.len(), "shoot day", "shoot days"),
                            "/schedule/",
                        ));
                    }
                    if !p.shots.is_empty() {
                        let shot = p
                            .shots
                            .iter()
                            .filter(|s| s.status >= ShotStatus::Shot)
                            .count();
                        items.push(item(
                            "Shots in the can",
                            format!("{shot} of {}", p.shots.len()),
                            "/shots/",
                        ));
                    }
                }
                Stage::PostProduction => {
                    if let Some(cut) = p.cuts.iter().max_by_key(|c| c.date) {
                        items.push(item(
                            "Latest cut",
                            format!("{}, {}", cut.version.value, cut.status.name()),
                            "/post/",
                        ));
                    }
                    if !p.reviews.is_empty() {
                        items.push(item(
                            "Review notes",
                            format!("{} open of {}", p.open_reviews(), p.reviews.len()),
                            "/post/",
                        ));
                    }
                    if !p.vfx.is_empty() {
                        items.push(item(
                            "VFX shots",
                            format!("{} of {} done", p.vfx_done(), p.vfx.len()),
                            "/post/",
                        ));
                    }
                    if !p.deliverables.is_empty() {
                        items.push(item(
                            "Deliverables",
                            format!(
                                "{} of {} delivered",
                                p.deliverables_done(),
                                p.deliverables.len()
                            ),
                            "/post/",
                        ));
                    }
                }
                Stage::Release => {
                    if let Some(date) = &p.config.release_date {
                        items.push(item("Release date", date.value.long(), "/release/"));
                    }
                    if let Some(premiere) = p.promo.as_ref().and_then(|r| r.premiere.as_ref()) {
                        items.push(item("Premiere", premiere.date.long(), "/release/"));
                    }
                    if p.press_kit.is_some() {
                        items.push(item("Press kit", "ready".into(), "/press/"));
                    }
                    if let Some(promo) = &p.promo
                        && !promo.campaign.is_empty()
                    {
                        let posted = promo
                            .campaign
                            .iter()
                            .filter(|c| c.status == CampaignStatus::Posted)
                            .count();
                        items.push(item(
                            "Campaign",
                            format!("{posted} of {} posted", promo.campaign.len()),
                            "/release/",
                        ));
                    }
                }
            }
            let journal = p
                .published_notes()
                .iter()
                .filter(|n| n.meta.stage == Some(stage))
                .count();
            if journal > 0 {
                items.push(item(
                    "Journal",
                    plural(journal, "note", "notes"),
                    "/journal/",
                ));
            }
            stages.push(StageCard {
                slug: stage.slug(),
                name: stage.name(),
                status: dates.status(stage, today),
                dates: date_range(dates.range(stage)),
                items,
            });
        }

        // The public sees no schedule: a stage it cannot date is left out, not shown undated.
        if view.name() == crate::load::audience::PUBLIC {
            stages.retain(|s| s.status != "undated");
        }
        let next_call = days.iter().position(|d| d.date.value.0 >= today).map(|i| {
            let d = days[i];
            NextCall {
                number: d.day.value,
                position: i + 1,
                total: days.len(),
                today: d.date.value.0 == today,
                date: d.date.value.long(),
                general_call: d.general_call.value.to_string(),
                locations: super::schedule::day_locations(view, d)
                    .map(|l| super::Named::location(l, urls))
                    .collect(),
                url: urls.day(d.day.value),
            }
        });
        let released = dates.release.is_some_and(|r| r <= today);
        HomeBoard {
            released,
            video: None,
            platforms: super::release::platform_rows(p),
            streaming: p.press_kit.as_ref().map_or(&[], |k| &k.links.streaming),
            next_call,
            stages,
            dues: dues(view, urls, today),
            today: today.format("%-d %B %Y").to_string(),
            approved: p.cuts.iter().any(|c| c.status == CutStatus::Approved),
            key_art: None,
        }
    }
}

/// Dated work, in date order: done, due (today or later) or late (past and not done).
fn dues(view: &View, urls: &Urls, today: NaiveDate) -> Vec<Due> {
    let p = &view.production;
    let mut dues: Vec<(NaiveDate, String, bool, String)> = Vec::new();
    for d in &p.deliverables {
        if let Some(due) = d.due {
            dues.push((
                due.0,
                format!("Deliverable: {}", d.name),
                d.status == WorkStatus::Done,
                "/post/".into(),
            ));
        }
    }
    for v in &p.vfx {
        if let Some(due) = v.due {
            dues.push((
                due.0,
                format!("VFX {}: {}", v.shot.value, v.task),
                v.status == WorkStatus::Done,
                "/post/".into(),
            ));
        }
    }
    if let Some(first) = p.days_by_date().first().map(|d| d.date.value.0) {
        for l in &p.locations {
            if let Some(permit) = l.permit.as_ref().filter(|pm| pm.required) {
                dues.push((
                    first,
                    format!("Permit: {}", l.name),
                    permit.status == Some(PermitStatus::Granted),
                    "/locations/".into(),
                ));
            }
        }
    }
    if let Some(promo) = &p.promo {
        for c in &promo.campaign {
            dues.push((
                c.date.0,
                format!("{}: {}", c.channel, c.content),
                c.status == CampaignStatus::Posted,
                "/release/".into(),
            ));
        }
    }
    dues.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    dues.into_iter()
        .map(|(date, what, done, path)| {
            let state = if done {
                "done"
            } else if date < today {
                "late"
            } else {
                "due"
            };
            Due {
                date: date.format("%-d %b %Y").to_string(),
                date_iso: date.to_string(),
                what,
                state,
                url: urls.page(&path),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_dated_from_the_shoot_days() {
        let view = super::super::tests::view();
        let urls = Urls::new("https://t.example.com/");
        let today = NaiveDate::from_ymd_opt(2026, 9, 20).unwrap();
        let board = HomeBoard::new(&view, &urls, today);
        let production = &board.stages[1];
        assert_eq!(production.slug, Stage::Production.slug());
        assert_eq!(production.status, "current");
        assert_eq!(
            production.dates.as_deref(),
            Some("19 Sep 2026 – 20 Sep 2026")
        );
        assert_eq!(production.items[0].value, "2 shoot days");
        assert_eq!(production.items[1].value, "0 of 4");
        assert_eq!(board.stages[0].status, "done");
        assert_eq!(board.today, "20 September 2026");
        assert!(!board.approved);
    }
}
