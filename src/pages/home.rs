//! The home page: the production as a timeline of its four stages, with what is done, due
//! and late on the build's date.

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use super::{Env, Page, plural};
use crate::model::locations::PermitStatus;
use crate::model::post::{CutStatus, WorkStatus};
use crate::model::release::CampaignStatus;
use crate::model::{ShotStatus, Stage};

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

pub fn page(env: &Env) -> Page {
    let p = &env.view.production;
    let shoot_dates: Vec<NaiveDate> = p.days.iter().map(|d| d.date.value.0).collect();
    let dates = StageDates {
        first_shoot: shoot_dates.iter().min().copied(),
        last_shoot: shoot_dates.iter().max().copied(),
        release: p.config.release_date.as_ref().map(|d| d.value.0),
    };
    let item = |label: &str, value: String, path: &str| json!({ "label": label, "value": value, "url": env.urls.page(path) });

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
                    let granted = p
                        .locations
                        .iter()
                        .filter(|l| {
                            l.permit.as_ref().is_none_or(|pm| {
                                !pm.required || pm.status == Some(PermitStatus::Granted)
                            })
                        })
                        .count();
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
                    let sheet = super::TopSheet::new(&p.budget);
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
                    let open = p.reviews.iter().filter(|r| !r.resolved).count();
                    items.push(item(
                        "Review notes",
                        format!("{open} open of {}", p.reviews.len()),
                        "/post/",
                    ));
                }
                if !p.vfx.is_empty() {
                    let done = p
                        .vfx
                        .iter()
                        .filter(|v| v.status == WorkStatus::Done)
                        .count();
                    items.push(item(
                        "VFX shots",
                        format!("{done} of {} done", p.vfx.len()),
                        "/post/",
                    ));
                }
                if !p.deliverables.is_empty() {
                    let done = p
                        .deliverables
                        .iter()
                        .filter(|d| d.status == WorkStatus::Done)
                        .count();
                    items.push(item(
                        "Deliverables",
                        format!("{done} of {} delivered", p.deliverables.len()),
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
            .journal
            .iter()
            .filter(|n| !n.meta.draft && n.meta.stage == Some(stage))
            .count();
        if journal > 0 {
            items.push(item(
                "Journal",
                plural(journal, "note", "notes"),
                "/journal/",
            ));
        }
        stages.push(json!({
            "slug": stage.slug(),
            "name": stage.name(),
            "status": dates.status(stage, env.today),
            "dates": date_range(dates.range(stage)),
            "items": items,
        }));
    }

    Page::new(
        "/",
        "index.html",
        p.config.title.clone(),
        json!({
            "stages": stages,
            "dues": dues(env),
            "today": env.today.format("%-d %B %Y").to_string(),
            "approved": p.cuts.iter().any(|c| c.status == CutStatus::Approved),
            "key_art": p.config.video.as_ref().and_then(|v| v.poster.as_ref()).map(|poster| {
                env.picture(&poster.value, &format!("{}: the poster", p.config.title))
            }),
        }),
    )
    .with_head(json!({ "jsonld": super::meta::video_graph(env) }))
}

/// Dated work, in date order: done, due (today or later) or late (past and not done).
fn dues(env: &Env) -> Vec<Value> {
    let p = &env.view.production;
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
    if let Some(first) = p.days.iter().map(|d| d.date.value.0).min() {
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
            } else if date < env.today {
                "late"
            } else {
                "due"
            };
            json!({ "date": date.format("%-d %b %Y").to_string(), "date_iso": date.to_string(), "what": what, "state": state, "url": env.urls.page(&path) })
        })
        .collect()
}
