//! The journal: an index, one page per note, a page per tag and an Atom feed, from the
//! [`Journal`] and the [`Feed`]. The index and each tag list
//! [`NOTES_PER_PAGE`](crate::sheets::NOTES_PER_PAGE) notes a page.

use rayon::prelude::*;

use super::{Env, Page};
use crate::model::JournalNote;
use crate::sheets::{Feed, Head, Journal, JsonLd};
use crate::urls::{JOURNAL_FEED, JOURNAL_TAGS, journal_path};

pub fn pages(env: &Env) -> Vec<Page> {
    let notes = env.view.production.published_notes();
    if notes.is_empty() {
        return Vec::new();
    }
    let index = Journal::new(
        &notes,
        &env.urls,
        |cover, alt| env.picture(cover, alt),
        env.protected,
    );
    let mut pages: Vec<Page> = index
        .pages(&env.urls)
        .into_iter()
        .map(|(path, sheet)| Page::new(path, paged_title("Journal", sheet.pagination.page), &sheet))
        .collect();

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
        let title = paged_title(&format!("Journal: {}", sheet.tag), sheet.pagination.page);
        pages.push(Page::new(path, title, &sheet));
    }

    if env.protected {
        return pages;
    }
    let feed = Feed::new(&notes, &bodies, &env.urls, env.view.production.config.tz());
    pages.push(Page::new(JOURNAL_FEED, "Journal", &feed).unlisted());
    pages
}

/// A list's title on its `page`th page: `Journal`, then `Journal, page 2`.
fn paged_title(title: &str, page: usize) -> String {
    if page > 1 {
        format!("{title}, page {page}")
    } else {
        title.to_string()
    }
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
