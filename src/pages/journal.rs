//! The journal: an index, one page per note, a page per tag and an Atom feed, from the
//! [`Journal`] and the [`Feed`]. The index and each tag list
//! [`NOTES_PER_PAGE`](crate::sheets::NOTES_PER_PAGE) notes a page.

use std::hash::{Hash, Hasher};

use crate::cache::{StableHasher, hash_of, hash_serialized};

use rayon::prelude::*;

use super::{Env, Page, to_value};
use crate::model::JournalNote;
use crate::sheets::{
    FEED_ENTRIES, Feed, Head, Journal, JsonLd, NoteSheet, PageData, Tagged, on_page,
};
use crate::urls::{JOURNAL_FEED, JOURNAL_TAGS, journal_path};

/// The journal's pages, added to `pages`. A note's page is made only when no rendering of it
/// is at hand: its key hashes what its data and head are made from (its fields and text,
/// where its references lead, its neighbours, and what of the site every note shows), so an
/// edit of one note makes one note's page, whatever the number of notes.
pub fn pages<'e>(env: &'e Env, pages: &mut Vec<Page<'e>>) {
    let notes = env.view.production.published_notes();
    if notes.is_empty() {
        return;
    }
    let index = env.journal(&notes);
    let urls = &env.urls;
    // Without a cache (a locked site) every page is made, and no key is needed. With one, each
    // note's summary is hashed once; a list page's key is made from the hashes of the notes
    // it shows (a tag page's notes show a part of their summary) and its own fields, and its
    // sheet is made only when its rendering is not at hand.
    let cached = env.cache.is_some();
    // A list page's links to its other pages are made from its number, how many pages the
    // list has, and the site's addresses.
    let addresses = hash_of((urls.page(""), urls.absolute("")));
    let summaries: Vec<u64> = match cached {
        true => {
            (index.notes.par_iter().zip(&notes))
                .map(|(summary, note)| {
                    // A summary is made from the note's front matter and slug, the site's
                    // addresses and the cover as published.
                    let cover = summary.cover.as_ref().map(hash_serialized);
                    let inputs = hash_of((note.meta_hash(), &note.slug, addresses, cover));
                    note.summary_hash(inputs, || hash_serialized(summary))
                })
                .collect()
        }
        false => Vec::new(),
    };
    let list_key = |own: u64, shown: &mut dyn Iterator<Item = usize>| match cached {
        true => hash_of((own, shown.map(|i| summaries[i]).collect::<Vec<_>>())),
        false => 0,
    };
    // The index's pages first, then the notes', then the tags' and the feed, as the sitemap
    // lists them.
    let index_pages = index.page_count();
    let tagged = index.tagged();
    let tag_page_count: usize = tagged.iter().map(Tagged::page_count).sum();
    // Room for these pages and the site's last few, made once: a list of 20,000 pages is
    // not moved to grow.
    pages.reserve(index_pages + notes.len() + 1 + tag_page_count + 1 + 8);
    pages.par_extend((1..=index_pages).into_par_iter().map(|page| {
        let own = hash_of((&index.feed_url, addresses, (page, index_pages)));
        Page::made_by(
            Journal::index_path(page),
            paged_title("Journal", page),
            list_key(own, &mut on_page(notes.len(), page)),
            move || index.index_page(page, urls),
        )
    }));
    let shared = shown_by_every_note(env);
    pages.par_extend((0..notes.len()).into_par_iter().map(|i| {
        let note = notes[i];
        let key = match cached {
            true => note_key(env, index, (i, summaries[i]), note, shared),
            false => 0,
        };
        Page::deferred(
            journal_path(&note.slug),
            note.meta.title.clone(),
            NoteSheet::TEMPLATE,
            key,
            move || {
                let html = env.markdown(&note.body);
                let data = to_value(&index.note(i, &html));
                (data, to_value(&note_head(env, note)))
            },
        )
    }));
    pages.push(Page::keyed(
        env,
        JOURNAL_TAGS,
        "Journal tags",
        Journal::tag_index(&tagged, urls),
    ));
    // Each of a tag's pages shares the tag's list of notes.
    let tag_pages: Vec<(std::sync::Arc<Tagged>, usize)> = (tagged.into_iter())
        .map(std::sync::Arc::new)
        .flat_map(|tag| (1..=tag.page_count()).map(move |page| (tag.clone(), page)))
        .collect();
    pages.par_extend(tag_pages.into_par_iter().map(|(tag, page)| {
        let own = hash_of((tag.name, addresses, (page, tag.page_count())));
        Page::made_by(
            tag.path(page),
            paged_title(&format!("Journal: {}", tag.name), page),
            list_key(own, &mut tag.on_page(page).iter().copied()),
            move || tag.page(index, page, urls),
        )
    }));
    if !env.protected {
        let feed_notes = &notes[..notes.len().min(FEED_ENTRIES)];
        let bodies: Vec<String> = feed_notes
            .par_iter()
            .map(|n| env.markdown(&n.body))
            .collect();
        let feed = Feed::new(feed_notes, &bodies, urls, env.view.production.config.tz());
        pages.push(Page::new(JOURNAL_FEED, "Journal", &feed).unlisted());
    }
}

/// A hash of what every note's page shows of the site and the audience, besides the `site`
/// every page has: the configuration (the author and publisher of a note's structured data),
/// the site's address, whom it is for and whether drafts are shown.
fn shown_by_every_note(env: &Env) -> u64 {
    let view = env.view;
    crate::cache::hash_of((
        crate::cache::hash_serialized(&view.production.config.inner),
        view.base_url(),
        view.name(),
        env.protected,
        view.production.drafts_shown,
    ))
}

/// A hash of everything note `i`'s page data and head are made from.
/// `summary` is the hash of the note's summary, `index.notes[i]`.
fn note_key(
    env: &Env,
    index: &Journal,
    (i, summary): (usize, u64),
    note: &JournalNote,
    shared: u64,
) -> u64 {
    let mut hasher = StableHasher::new();
    shared.hash(&mut hasher);
    summary.hash(&mut hasher);
    note.meta_hash().hash(&mut hasher);
    let neighbour = |j: usize| index.notes.get(j).map(|n| (n.title, &n.url));
    (i.checked_sub(1).and_then(neighbour), neighbour(i + 1)).hash(&mut hasher);
    note.body.text_hash().hash(&mut hasher);
    note.body.document().feed_links(&env.links, &mut hasher);
    // The cover as link previews show it.
    note.meta
        .cover
        .as_ref()
        .and_then(|cover| {
            super::meta::social_image(
                env,
                &cover.value,
                note.meta.cover_alt.as_deref().unwrap_or(""),
            )
        })
        .map(|image| crate::cache::hash_serialized(&image))
        .hash(&mut hasher);
    hasher.finish()
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
