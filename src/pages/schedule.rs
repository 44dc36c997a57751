//! The shoot schedule and one call sheet per shoot day.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::preproduction::shot_row;
use super::{Env, Page, plural};
use crate::model::{Seconds, ShootDay, Sourced};

/// The screen time of a day's shots.
fn day_runtime(env: &Env, day: &ShootDay) -> Seconds {
    let p = &env.view.production;
    crate::model::runtime(
        day.shots
            .iter()
            .filter_map(|s| env.view.index.shots.get(&s.value))
            .map(|i| &p.shots[*i].inner),
    )
}

pub fn schedule(env: &Env) -> Page {
    let p = &env.view.production;
    let days: Vec<Value> = p
        .days_by_date()
        .iter()
        .map(|d| {
            let runtime = day_runtime(env, d);
            json!({
                "number": d.day.value,
                "url": env.urls.day(d.day.value),
                "date": d.date.value.long(),
                "general_call": d.general_call.value.to_string(),
                "wrap": d.wrap.as_ref().map(|w| w.value.to_string()),
                "locations": location_names(env, d),
                "shots": plural(d.shots.len(), "shot", "shots"),
                "runtime": runtime.to_string(),
                "cast": d.cast_calls.len(),
                "calendar": env.download(&crate::downloads::day_calendar(d.day.value)),
            })
        })
        .collect();
    Page::new(
        "/schedule/",
        "schedule.html",
        "Shoot schedule",
        json!({
            "days": days,
            "count": p.days.len(),
            "calendar": env.download(crate::downloads::SHOOT_CALENDAR),
        }),
    )
}

fn location_names(env: &Env, day: &ShootDay) -> Vec<Value> {
    let p = &env.view.production;
    day.locations
        .iter()
        .filter_map(|l| env.view.index.locations.get(&l.value))
        .map(|i| json!({ "name": p.locations[*i].name, "url": env.urls.location(&p.locations[*i].id) }))
        .collect()
}

/// The data of every call sheet, in date order: day X of Y.
pub fn call_sheets(env: &Env) -> Vec<Value> {
    let p = &env.view.production;
    let ix = &env.view.index;
    let ordered = p.days_by_date();
    let total = ordered.len();
    let shot_days = p.shot_days();
    ordered
        .iter()
        .enumerate()
        .map(|(position, day)| {
            let locations: Vec<Value> = day
                .locations
                .iter()
                .filter_map(|l| ix.locations.get(&l.value))
                .map(|i| {
                    let l = &p.locations[*i];
                    json!({
                        "name": l.name,
                        "url": env.urls.location(&l.id),
                        "address": l.address,
                        "parking": l.parking,
                        "power": l.power,
                        "restrooms": l.restrooms,
                        "contact": l.contact,
                    })
                })
                .collect();
            let mut shots: Vec<Value> = day
                .shots
                .iter()
                .filter_map(|s| ix.shots.get(&s.value))
                .map(|i| shot_row(env, &p.shots[*i], &shot_days))
                .collect();
            // A printed call sheet writes a location once per run of shots there.
            for i in 1..shots.len() {
                let same = shots[i]["location"].is_object()
                    && shots[i]["location"] == shots[i - 1]["location"];
                shots[i]["same_location"] = json!(same);
            }
            let runtime = day_runtime(env, day);
            let cast: Vec<Value> = day
                .cast_calls
                .iter()
                .map(|call| {
                    let member = ix.cast.get(&call.person.value).map(|i| &p.cast[*i]);
                    json!({
                        "name": member.map_or(call.person.value.clone(), |m| m.name.clone()),
                        "character": member.and_then(|m| m.character.clone()),
                        "url": env.urls.person(&call.person),
                        "phone": member.and_then(|m| m.contact.as_ref()).and_then(|c| c.phone.clone()),
                        "pickup": call.pickup.as_ref().map(|t| t.to_string()),
                        "hair_makeup": call.hair_makeup.as_ref().map(|t| t.to_string()),
                        "on_set": call.on_set.as_ref().map(|t| t.to_string()),
                        "notes": call.notes,
                    })
                })
                .collect();
            let overrides: HashMap<&str, _> = day
                .crew_calls
                .iter()
                .map(|c| (c.person.value.as_str(), c))
                .collect();
            let crew: Vec<Value> = p
                .crew
                .iter()
                .map(|m| {
                    let call = overrides.get(m.id.value.as_str());
                    json!({
                        "name": m.name,
                        "department": m.department,
                        "position": m.position,
                        "phone": m.phone,
                        "call": call.map_or(day.general_call.value, |c| c.call).to_string(),
                        "early": call.is_some_and(|c| c.call < day.general_call.value),
                        "notes": call.and_then(|c| c.notes.clone()),
                    })
                })
                .collect();
            let hospital = day.hospital.clone().or_else(|| {
                day.locations
                    .iter()
                    .filter_map(|l| ix.locations.get(&l.value))
                    .find_map(|i| p.locations[*i].hospital.clone())
            });
            let neighbour = |d: Option<&&Sourced<ShootDay>>| {
                d.map(|d| json!({ "number": d.day.value, "url": env.urls.day(d.day.value) }))
            };
            json!({
                "number": day.day.value,
                "position": position + 1,
                "total": total,
                "date": day.date.value.long(),
                "general_call": day.general_call.value.to_string(),
                "shooting_call": day.shooting_call.as_ref().map(|t| t.value.to_string()),
                "lunch": day.lunch.as_ref().map(|t| t.value.to_string()),
                "wrap": day.wrap.as_ref().map(|t| t.value.to_string()),
                "locations": locations,
                "shots": shots,
                "runtime": runtime.to_string(),
                "cast": cast,
                "crew": crew,
                "equipment": day.equipment,
                "weather": day.weather,
                "hospital": hospital,
                "notes": day.notes,
                "previous": neighbour(position.checked_sub(1).and_then(|i| ordered.get(i))),
                "next": neighbour(ordered.get(position + 1)),
                "production": p.config.title,
                "director": p.config.director,
                "company": p.config.production_company,
            })
        })
        .collect()
}

pub fn call_sheet_pages(env: &Env) -> Vec<Page> {
    call_sheets(env)
        .into_iter()
        .map(|sheet| {
            let number = sheet["number"].as_u64().unwrap_or_default() as u32;
            let title = format!(
                "Call sheet, day {} of {}",
                sheet["position"], sheet["total"]
            );
            Page::new(
                crate::urls::day_path(number),
                "call-sheet.html",
                title,
                json!({
                    "sheet": sheet,
                    "calendar": env.download(&crate::downloads::day_calendar(number)),
                }),
            )
        })
        .collect()
}
