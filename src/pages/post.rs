//! Post-production: cuts and their status, review notes by timecode, VFX, deliverables, and
//! the edit, colour and sound notes.

use serde_json::{Value, json};

use super::{Env, Page, markdown_all};
use crate::model::post::WorkStatus;

/// Edit, colour and sound notes come first, in that order, then any others by name.
fn note_order(slug: &str) -> (usize, &str) {
    let rank = ["edit", "colour", "color", "sound"]
        .iter()
        .position(|s| *s == slug)
        .unwrap_or(usize::MAX);
    (rank, slug)
}

pub fn page(env: &Env) -> Page {
    let p = &env.view.production;
    let mut cuts: Vec<_> = p.cuts.iter().collect();
    cuts.sort_by_key(|c| c.date);
    let cuts: Vec<Value> = cuts
        .iter()
        .map(|cut| {
            let mut notes: Vec<_> = p
                .reviews
                .iter()
                .filter(|r| r.version.value == cut.version.value)
                .collect();
            notes.sort_by_key(|r| r.timecode);
            let open = notes.iter().filter(|n| !n.resolved).count();
            json!({
                "version": cut.version.value,
                "date": cut.date.short(),
                "duration": cut.duration.map(|d| d.to_string()),
                "link": cut.link,
                "status": cut.status.name(),
                "status_class": cut.status.name().replace(' ', "-"),
                "notes": cut.notes,
                "open": open,
                "reviews": notes.iter().map(|n| json!({
                    "timecode": n.timecode.to_string(),
                    "author": n.author,
                    "note": n.note,
                    "resolved": n.resolved,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let vfx: Vec<Value> = p
        .vfx
        .iter()
        .map(|v| {
            json!({
                "shot": v.shot.value,
                "shot_url": env.urls.shot(&v.shot),
                "task": v.task,
                "vendor": v.vendor,
                "status": v.status.name(),
                "done": v.status == WorkStatus::Done,
                "due": v.due.map(|d| d.short()),
            })
        })
        .collect();
    let deliverables: Vec<Value> = p
        .deliverables
        .iter()
        .map(|d| {
            json!({
                "name": d.name,
                "cut": d.cut.as_ref().map(|c| &c.value),
                "format": d.format,
                "resolution": d.resolution,
                "due": d.due.map(|d| d.short()),
                "status": d.status.name(),
                "done": d.status == WorkStatus::Done,
                "notes": d.notes,
            })
        })
        .collect();
    let mut notes: Vec<_> = p.post_notes.iter().collect();
    notes.sort_by(|a, b| note_order(&a.slug).cmp(&note_order(&b.slug)));
    let bodies = markdown_all(env, notes.iter().map(|n| &n.body));
    let notes: Vec<Value> = notes
        .iter()
        .zip(bodies)
        .map(|(n, html)| json!({ "slug": n.slug, "title": n.title, "html": html }))
        .collect();
    Page::new(
        "/post/",
        "post.html",
        "Post-production",
        json!({
            "cuts": cuts,
            "vfx": vfx,
            "vfx_done": p.vfx.iter().filter(|v| v.status == WorkStatus::Done).count(),
            "deliverables": deliverables,
            "notes": notes,
        }),
    )
}
