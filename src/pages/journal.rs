//! The journal: an index, one page per note, a page per tag and an Atom feed, from the
//! [`JournalIndex`] and the [`Feed`].

use rayon::prelude::*;

use super::{Env, Page};
use crate::model::JournalNote;
use crate::sheets::{Feed, Head, JournalIndex, JsonLd};
use crate::urls::{JOURNAL, JOURNAL_FEED, JOURNAL_TAGS, journal_path};

pub fn pages(env: &Env) -> Vec<Page> {
    let notes = env.view.production.published_notes();
    if notes.is_empty() {
        return Vec::new();
    }
    let index = JournalIndex::new(
        &notes,
        &env.urls,
        |cover, alt| env.picture(cover, alt),
        env.protected,
    );
    let mut pages = vec![Page::new(JOURNAL, "Journal", &index)];

    let bodies: Vec<String> = notes.par_iter().map(|n| env.markdown(&n.body)).collect();
    let note_pages: Vec<Page> = notes
        .par_iter()
        .zip(bodies.par_iter())
        .enumerate()
        .map(|(i, (note, html))| {
            Page::new(
                journal_path(&note.slug),
                note.meta.title.clone(),
                &index.note(i, html),
            )
            .with_head(note_head(env, note))
        })
        .collect();
    pages.extend(note_pages);

    let (tags, tag_pages) = index.tags(&env.urls);
    pages.push(Page::new(JOURNAL_TAGS, "Journal tags", &tags));
    for (path, sheet) in tag_pages {
        let title = format!("Journal: {}", sheet.tag);
        pages.push(Page::new(path, title, &sheet));
    }

    if env.protected {
        return pages;
    }
    let feed = Feed::new(&notes, &bodies, &env.urls, env.view.production.config.tz());
    pages.push(Page::new(JOURNAL_FEED, "Journal", &feed).unlisted());
    pages
}

/// A note's link preview and its schema.org `BlogPosting`.
fn note_head<'a>(env: &Env, note: &'a JournalNote) -> Head<'a> {
    let image = note.meta.cover.as_ref().and_then(|cover| {
        super::meta::social_image(
            env,
            &cover.value,
            note.meta.cover_alt.as_deref().unwrap_or(""),
        )
    });
    let posting = super::meta::blog_posting(env, note, image.as_ref());
    Head {
        kind: Some("article"),
        description: note.meta.summary.as_deref(),
        image,
        video: None,
        jsonld: Some(JsonLd::Posting(Box::new(posting))),
    }
}
