//! The journal: an index, one page per note, a page per tag and an Atom feed.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::{Env, Page};
use crate::model::{JournalNote, Sourced};
use crate::urls::{JOURNAL, JOURNAL_FEED, JOURNAL_TAGS, journal_path, tag_slug, tag_slug_path};

/// The feed carries the newest notes, in full; readers keep the older ones they have seen.
pub const FEED_ENTRIES: usize = 50;

fn published<'a>(env: &'a Env) -> Vec<&'a Sourced<JournalNote>> {
    env.view
        .production
        .journal
        .iter()
        .filter(|n| !n.meta.draft)
        .collect()
}

fn summary(env: &Env, note: &JournalNote) -> Value {
    json!({
        "slug": note.slug,
        "url": env.urls.journal(&note.slug),
        "title": note.meta.title,
        "date": note.meta.date.long(),
        "date_iso": note.meta.date.to_string(),
        "stage": note.meta.stage.map(|s| s.name()),
        "stage_slug": note.meta.stage.map(|s| s.slug()),
        "author": note.meta.author,
        "summary": note.meta.summary,
        "tags": note.meta.tags.iter().map(|t| json!({ "name": t.value, "url": env.urls.tag(t) })).collect::<Vec<_>>(),
        "cover": note.meta.cover.as_ref()
            .map(|c| env.picture(&c.value, note.meta.cover_alt.as_deref().unwrap_or(""))),
    })
}

pub fn pages(env: &Env) -> Vec<Page> {
    let notes = published(env);
    if notes.is_empty() {
        return Vec::new();
    }
    let summaries: Vec<Value> = notes.iter().map(|n| summary(env, n)).collect();
    let mut pages = vec![Page::new(
        JOURNAL,
        "journal.html",
        "Journal",
        json!({
            "notes": summaries,
            "feed_url": (!env.protected).then(|| env.urls.page(JOURNAL_FEED)),
        }),
    )];

    let bodies: Vec<String> = notes.par_iter().map(|n| env.markdown(&n.body)).collect();
    let note_pages: Vec<Page> = notes
        .par_iter()
        .zip(bodies.par_iter())
        .enumerate()
        .map(|(i, (note, html))| {
            let neighbour = |j: usize| {
                summaries
                    .get(j)
                    .map(|s| json!({ "title": s["title"], "url": s["url"] }))
            };
            Page::new(
                journal_path(&note.slug),
                "journal-note.html",
                note.meta.title.clone(),
                json!({
                    "note": summaries[i],
                    "html": html,
                    "newer": i.checked_sub(1).and_then(neighbour),
                    "older": neighbour(i + 1),
                }),
            )
            .with_head(note_head(env, note))
        })
        .collect();
    pages.extend(note_pages);

    let mut tags: BTreeMap<String, (String, Vec<Value>)> = BTreeMap::new();
    for (note, summary) in notes.iter().zip(&summaries) {
        let mut slugs: Vec<String> = Vec::with_capacity(note.meta.tags.len());
        for tag in &note.meta.tags {
            // A note tagged `Light` and `light` is listed once.
            let slug = tag_slug(tag);
            if slugs.contains(&slug) {
                continue;
            }
            slugs.push(slug.clone());
            // A tag page lists its notes: what the list shows, not every detail.
            let entry = json!({
                "title": summary["title"],
                "url": summary["url"],
                "date": summary["date"],
                "date_iso": summary["date_iso"],
                "summary": summary["summary"],
            });
            tags.entry(slug)
                .or_insert_with(|| (tag.value.clone(), Vec::new()))
                .1
                .push(entry);
        }
    }
    let tag_list: Vec<Value> = tags
        .iter()
        .map(|(slug, (name, tagged))| {
            json!({ "name": name, "url": env.urls.page(&tag_slug_path(slug)), "count": tagged.len() })
        })
        .collect();
    pages.push(Page::new(
        JOURNAL_TAGS,
        "journal-tags.html",
        "Journal tags",
        json!({ "tags": tag_list }),
    ));
    for (slug, (name, tagged)) in &tags {
        pages.push(Page::new(
            tag_slug_path(slug),
            "journal-tag.html",
            format!("Journal: {name}"),
            json!({ "tag": name, "notes": tagged }),
        ));
    }

    let updated = notes
        .iter()
        .map(|n| n.meta.date)
        .max()
        .map(|d| format!("{d}T00:00:00Z"));
    let entries: Vec<Value> = notes
        .iter()
        .zip(&bodies)
        .take(FEED_ENTRIES)
        .map(|(note, html)| {
            json!({
                "title": note.meta.title,
                "url": env.urls.absolute(&journal_path(&note.slug)),
                "id": env.urls.absolute(&journal_path(&note.slug)),
                "updated": format!("{}T00:00:00Z", note.meta.date),
                "author": note.meta.author,
                "summary": note.meta.summary,
                "tags": note.meta.tags,
                // Feed readers show entries away from the site: links point back in full.
                "html": env.urls.absolutize(html),
            })
        })
        .collect();
    if env.protected {
        return pages;
    }
    pages.push(
        Page::new(
            JOURNAL_FEED,
            "atom.xml",
            "Journal",
            json!({
                "feed_url": env.urls.absolute(JOURNAL_FEED),
                "journal_url": env.urls.absolute(JOURNAL),
                "updated": updated,
                "entries": entries,
            }),
        )
        .unlisted(),
    );
    pages
}

/// A note's link preview and its schema.org `BlogPosting`.
fn note_head(env: &Env, note: &JournalNote) -> Value {
    let image = note.meta.cover.as_ref().and_then(|cover| {
        super::meta::social_image(
            env,
            &cover.value,
            note.meta.cover_alt.as_deref().unwrap_or(""),
        )
    });
    let config = &env.view.production.config;
    let mut posting = json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": note.meta.title,
        "datePublished": note.meta.date.to_string(),
        "url": env.urls.absolute(&journal_path(&note.slug)),
        "author": { "@type": "Person", "name": note.meta.author.as_deref().unwrap_or(&config.artist) },
        "about": { "@type": "MusicRecording", "name": config.song.title, "byArtist": { "@type": "MusicGroup", "name": config.artist } },
        "keywords": note.meta.tags,
    });
    if let Some(summary) = &note.meta.summary {
        posting["description"] = json!(summary);
    }
    if let Some(image) = &image {
        posting["image"] = image["url"].clone();
    }
    json!({
        "type": "article",
        "description": note.meta.summary,
        "image": image,
        "jsonld": posting,
    })
}
