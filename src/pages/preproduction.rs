//! Pre-production pages: treatment, storyboard, shot list, locations, people.

use serde_json::{Value, json};

use super::{Env, Page, difference, plural};
use crate::model::{Seconds, Shot, ShotStatus};
use crate::sheets::ShotRow;
use crate::urls;

pub fn treatment(env: &Env) -> Page {
    let p = &env.view.production;
    let song = &p.config.song;
    let (meta, body) = match &p.treatment {
        Some(t) => (Some(&t.meta), Some(env.markdown(&t.body))),
        None => (None, None),
    };
    let palette: Vec<Value> = meta
        .map(|m| {
            m.palette
                .iter()
                .map(|s| json!({ "name": s.name, "hex": s.hex.0, "light": s.hex.is_light() }))
                .collect()
        })
        .unwrap_or_default();
    let references: Vec<Value> = meta
        .map(|m| {
            m.references
                .iter()
                .map(|r| {
                    json!({
                        "title": r.title,
                        "image": r.image.as_ref()
                            .map(|i| env.picture(&i.value, r.alt.as_deref().unwrap_or(&r.title))),
                        "url": r.url,
                        "purpose": r.purpose,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let beats: Vec<Value> = meta
        .map(|m| {
            m.beats
                .iter()
                .map(|b| {
                    let start =
                        b.start.as_secs_f64() / song.duration.as_secs_f64().max(1.0) * 100.0;
                    let width = Seconds(b.end.value.0.saturating_sub(b.start.value.0))
                        .as_secs_f64()
                        / song.duration.as_secs_f64().max(1.0)
                        * 100.0;
                    json!({
                        "section": b.section,
                        "start": b.start.to_string(),
                        "end": b.end.to_string(),
                        "idea": b.idea,
                        "offset_percent": format!("{start:.2}"),
                        "width_percent": format!("{width:.2}"),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let title = meta
        .and_then(|m| m.title.clone())
        .unwrap_or_else(|| "Treatment".to_string());
    let moodboard: Vec<_> = p.moodboard.iter().map(|i| env.image(i)).collect();
    Page::new(
        "/treatment/",
        "treatment.html",
        title,
        json!({
            "logline": meta.and_then(|m| m.logline.clone()),
            "palette": palette,
            "references": references,
            "beats": beats,
            "wardrobe": meta.map(|m| m.wardrobe.clone()).unwrap_or_default(),
            "casting": meta.map(|m| m.casting.clone()).unwrap_or_default(),
            "body": body,
            "moodboard": moodboard,
            "song_duration": song.duration.to_string(),
        }),
    )
}

pub fn storyboard(env: &Env) -> Page {
    let p = &env.view.production;
    let mut running = Seconds(0);
    let panels: Vec<Value> = p
        .storyboard
        .panels
        .iter()
        .map(|panel| {
            let start = panel.timecode.unwrap_or(running);
            let duration = panel.duration.unwrap_or_default();
            running = Seconds(start.0 + duration.0);
            json!({
                "id": panel.id.value,
                "anchor": urls::panel_anchor(&panel.id),
                "image": panel.image.as_ref()
                    .map(|i| env.picture(&i.value, panel.alt.as_deref().unwrap_or(&panel.action))),
                "alt": panel.alt.as_deref().unwrap_or(&panel.action),
                "section": panel.section,
                "start": start.to_string(),
                "duration": panel.duration.map(|d| d.to_string()),
                "action": panel.action,
                "lyric": panel.lyric,
                "camera": panel.camera,
                "shot": panel.shot.as_ref().filter(|s| env.view.index.shots.contains_key(&s.value))
                    .map(|s| json!({ "id": s.value, "url": env.urls.shot(s) })),
            })
        })
        .collect();
    let total = p.storyboard.runtime();
    let song = p.config.song.duration;
    Page::new(
        "/storyboard/",
        "storyboard.html",
        "Storyboard",
        json!({
            "aspect_ratio": p.storyboard.aspect_ratio,
            "aspect_css": p.storyboard.aspect_ratio.as_deref().and_then(aspect_css),
            "panels": panels,
            "count": p.storyboard.panels.len(),
            "runtime": total.to_string(),
            "song_duration": song.to_string(),
            "difference": difference(total, song),
        }),
    )
}

/// `2.39:1` -> `2.39 / 1` for CSS `aspect-ratio`.
fn aspect_css(ratio: &str) -> Option<String> {
    let (w, h) = ratio.split_once(':')?;
    let (w, h): (f64, f64) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    (w > 0.0 && h > 0.0).then(|| format!("{w} / {h}"))
}

pub fn shots(env: &Env) -> Page {
    let p = &env.view.production;
    let days = p.shot_days();
    // Scenes in the order they are named, then any only shots mention, in order of use.
    let mut scene_ids: Vec<&str> = p.scenes.iter().map(|s| s.id.value.as_str()).collect();
    for shot in &p.shots {
        if !scene_ids.contains(&shot.scene.value.as_str()) {
            scene_ids.push(&shot.scene.value);
        }
    }
    let scenes: Vec<Value> = scene_ids
        .iter()
        .filter_map(|id| {
            let shots: Vec<&Shot> = p
                .shots
                .iter()
                .map(|s| &s.inner)
                .filter(|s| s.scene.value == *id)
                .collect();
            if shots.is_empty() {
                return None;
            }
            let scene = env.view.index.scenes.get(*id).map(|i| &p.scenes[*i]);
            let runtime = crate::model::runtime(shots.iter().copied());
            Some(json!({
                "id": id,
                "name": scene.map(|s| s.name.clone()),
                "description": scene.and_then(|s| s.description.clone()),
                "shots": shots.iter().map(|s| ShotRow::new(env.view, &env.urls, s, &days)).collect::<Vec<_>>(),
                "count": shots.len(),
                "runtime": runtime.to_string(),
            }))
        })
        .collect();
    let runtime = p.shots_runtime();
    let song = p.config.song.duration;
    let mut by_location: Vec<Value> = p
        .locations
        .iter()
        .map(|l| {
            let count = p
                .shots
                .iter()
                .filter(|s| s.location.as_ref().is_some_and(|x| x.value == l.id.value))
                .count();
            json!({ "name": l.name, "url": env.urls.location(&l.id), "count": count })
        })
        .collect();
    let unplaced = p.shots.iter().filter(|s| s.location.is_none()).count();
    if unplaced > 0 {
        by_location.push(json!({ "name": "No location yet", "url": null, "count": unplaced }));
    }
    let by_status: Vec<Value> = ShotStatus::ALL
        .iter()
        .map(|status| {
            let count = p.shots.iter().filter(|s| s.status == *status).count();
            json!({ "status": status.name(), "count": count })
        })
        .collect();
    Page::new(
        "/shots/",
        "shots.html",
        "Shot list",
        json!({
            "scenes": scenes,
            "count": p.shots.len(),
            "count_text": plural(p.shots.len(), "shot", "shots"),
            "runtime": runtime.to_string(),
            "runtime_ms": runtime.millis(),
            "song_duration": song.to_string(),
            "difference": difference(runtime, song),
            "by_location": by_location,
            "by_status": by_status,
        }),
    )
}

pub fn locations(env: &Env) -> Page {
    let p = &env.view.production;
    let locations: Vec<Value> = p
        .locations
        .iter()
        .map(|l| {
            let shots: Vec<Value> = p
                .shots
                .iter()
                .filter(|s| s.location.as_ref().is_some_and(|x| x.value == l.id.value))
                .map(|s| json!({ "id": s.id.value, "url": env.urls.shot(&s.id) }))
                .collect();
            let days: Vec<Value> = p
                .days
                .iter()
                .filter(|d| d.locations.iter().any(|x| x.value == l.id.value))
                .map(|d| json!({ "number": d.day.value, "date": d.date.value.short(), "url": env.urls.day(d.day.value) }))
                .collect();
            json!({
                "id": l.id.value,
                "anchor": urls::location_anchor(&l.id),
                "name": l.name,
                "address": l.address,
                "coordinates": l.coordinates.map(|c| format!("{:.5}, {:.5}", c.lat, c.lon)),
                "map_url": l.coordinates.map(|c| format!("https://www.openstreetmap.org/?mlat={}&mlon={}#map=17/{}/{}", c.lat, c.lon, c.lat, c.lon)),
                "contact": l.contact,
                "fee": l.fee.map(|f| super::format_money(p.budget.currency.as_deref().unwrap_or(""), f)),
                "permit": l.permit.as_ref().map(|permit| json!({
                    "required": permit.required,
                    "status": permit.status.map(|s| match s {
                        crate::model::locations::PermitStatus::NotApplied => "not applied",
                        crate::model::locations::PermitStatus::Applied => "applied",
                        crate::model::locations::PermitStatus::Granted => "granted",
                        crate::model::locations::PermitStatus::Refused => "refused",
                    }),
                    "authority": permit.authority,
                    "reference": permit.reference,
                })),
                "parking": l.parking,
                "power": l.power,
                "restrooms": l.restrooms,
                "hospital": l.hospital,
                "photos": l.photos.iter().map(|i| env.image(i)).collect::<Vec<_>>(),
                "release_signed": l.release_signed,
                "notes": l.notes,
                "shots": shots,
                "days": days,
            })
        })
        .collect();
    Page::new(
        "/locations/",
        "locations.html",
        "Locations",
        json!({ "locations": locations }),
    )
}

pub fn people(env: &Env) -> Page {
    let p = &env.view.production;
    let cast: Vec<Value> = p
        .cast
        .iter()
        .map(|c| {
            let shots: Vec<Value> = p
                .shots
                .iter()
                .filter(|s| s.cast.iter().any(|x| x.value == c.id.value))
                .map(|s| json!({ "id": s.id.value, "url": env.urls.shot(&s.id) }))
                .collect();
            json!({
                "id": c.id.value,
                "anchor": urls::person_anchor(&c.id),
                "name": c.name,
                "character": c.character,
                "contact": c.contact,
                "agent": c.agent,
                "shots": shots,
            })
        })
        .collect();
    let mut departments: Vec<(String, Vec<Value>)> = Vec::new();
    for member in &p.crew {
        let row = json!({
            "id": member.id.value,
            "anchor": urls::person_anchor(&member.id),
            "name": member.name,
            "position": member.position,
            "phone": member.phone,
            "email": member.email,
        });
        match departments
            .iter_mut()
            .find(|(d, _)| *d == member.department)
        {
            Some((_, rows)) => rows.push(row),
            None => departments.push((member.department.clone(), vec![row])),
        }
    }
    let crew: Vec<Value> = departments
        .into_iter()
        .map(|(name, people)| json!({ "name": name, "people": people }))
        .collect();
    let extras: Vec<Value> = p
        .extras
        .iter()
        .map(|e| json!({ "group": e.group, "count": e.count, "notes": e.notes }))
        .collect();
    let credits = p
        .press_kit
        .as_ref()
        .map(|k| k.credits.clone())
        .unwrap_or_default();
    Page::new(
        "/people/",
        "people.html",
        "Cast, crew and credits",
        json!({
            "cast": cast,
            "extras": extras,
            "extras_total": p.extras.iter().map(|e| e.count).sum::<u32>(),
            "crew": crew,
            "crew_count": p.crew.len(),
            "credits": credits,
        }),
    )
}
