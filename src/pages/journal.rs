//! The journal: an index, one page per note, a page per tag and an Atom feed, from the
//! [`Journal`] and the [`Feed`]. The index and each tag list
//! [`NOTES_PER_PAGE`](crate::sheets::NOTES_PER_PAGE) notes a page.

use std::hash::{Hash, Hasher};

use crate::cache::{StableHasher, hash_of, hash_serialized};

use rayon::prelude::*;

use super::{Env, Page, to_value};
use crate::model::JournalNote;
use crate::sheets::{FEED_ENTRIES, Feed, Head, Journal, JsonLd, NoteSheet, PageData};
use crate::urls::{JOURNAL_FEED, JOURNAL_TAGS, journal_path};

/// The journal's pages. A note's page is made only when no rendering of it is at hand: its key
/// hashes what its data and head are made from (its fields and text, where its references
/// lead, its neighbours, and what of the site every note shows), so an edit of one note makes
/// one note's page, whatever the number of notes.
pub fn pages<'e>(env: &'e Env) -> Vec<Page<'e>> {
    let notes = env.view.production.published_notes();
    if notes.is_empty() {
        return Vec::new();
    }
    let index = env.journal(&notes);
    // The lists are made as sheets, cheaply, and turned into page data only when their
    // rendering is not at hand.
    let mut lists: Vec<(String, String, Sheet)> = Vec::new();
    for (path, sheet) in index.pages(&env.urls) {
        let title = paged_title("Journal", sheet.pagination.page);
        lists.push((path, title, Sheet::Index(sheet)));
    }
    let (tags, tag_pages) = index.tags(&env.urls);
    lists.push((
        JOURNAL_TAGS.into(),
        "Journal tags".into(),
        Sheet::Tags(tags),
    ));
    for (path, sheet) in tag_pages {
        let title = paged_title(&format!("Journal: {}", sheet.tag), sheet.pagination.page);
        lists.push((path, title, Sheet::Tag(sheet)));
    }
    // Each note's summary is hashed once; a list page's key is made from the hashes of the
    // notes it shows (a tag page's notes show a part of their summary) and its own fields.
    let cached = env.cache.is_some();
    // A list page's links to its other pages are made from its number, how many pages the
    // list has, and the site's addresses.
    let addresses = hash_of((env.urls.page(""), env.urls.absolute("")));
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
    let position: foldhash::HashMap<&str, usize> = match cached {
        true => (index.notes.iter().enumerate())
            .map(|(i, note)| (&*note.url, i))
            .collect(),
        false => Default::default(),
    };
    let mut pages: Vec<Page> = lists
        .into_par_iter()
        .map(|(path, title, sheet)| match sheet {
            Sheet::Index(sheet) if cached => {
                let start = (sheet.pagination.page - 1) * crate::sheets::NOTES_PER_PAGE;
                let shown = &summaries[start..start + sheet.notes.len()];
                let own = (sheet.feed_url, addresses, sheet.pagination.place());
                Page::keyed_by(path, title, sheet, hash_of((own, shown)))
            }
            Sheet::Tag(sheet) if cached => {
                let shown: Vec<u64> = (sheet.notes.iter())
                    .map(|note| summaries[position[note.url]])
                    .collect();
                let own = (sheet.tag, addresses, sheet.pagination.place());
                Page::keyed_by(path, title, sheet, hash_of((own, shown)))
            }
            Sheet::Index(sheet) => Page::keyed(env, path, title, sheet),
            Sheet::Tags(sheet) => Page::keyed(env, path, title, sheet),
            Sheet::Tag(sheet) => Page::keyed(env, path, title, sheet),
        })
        .collect();
    if !env.protected {
        let feed_notes = &notes[..notes.len().min(FEED_ENTRIES)];
        let bodies: Vec<String> = feed_notes
            .par_iter()
            .map(|n| env.markdown(&n.body))
            .collect();
        let feed = Feed::new(
            feed_notes,
            &bodies,
            &env.urls,
            env.view.production.config.tz(),
        );
        pages.push(Page::new(JOURNAL_FEED, "Journal", &feed).unlisted());
    }

    // Without a cache (a locked site) every page is made, and no key is needed.
    let keys: Vec<u64> = match cached {
        true => {
            let shared = shown_by_every_note(env);
            (0..notes.len())
                .into_par_iter()
                .map(|i| note_key(env, index, (i, summaries[i]), notes[i], shared))
                .collect()
        }
        false => vec![0; notes.len()],
    };
    let list_pages = pages.len();
    for (i, (note, key)) in notes.iter().copied().zip(keys).enumerate() {
        pages.push(Page::deferred(
            journal_path(&note.slug),
            note.meta.title.clone(),
            NoteSheet::TEMPLATE,
            key,
            move || {
                let html = env.markdown(&note.body);
                let data = to_value(&index.note(i, &html));
                (data, to_value(&note_head(env, note)))
            },
        ));
    }
    // The index's pages first, then the notes', then the tags' and the feed, as the sitemap
    // lists them.
    let index_pages = index.page_count();
    let mut lists = pages.drain(..list_pages).collect::<Vec<_>>();
    let rest = lists.split_off(index_pages);
    lists.extend(pages);
    lists.extend(rest);
    lists
}

/// One of the journal's lists, as a sheet.
enum Sheet<'s> {
    Index(crate::sheets::JournalIndex<'s>),
    Tags(crate::sheets::TagIndex<'s>),
    Tag(crate::sheets::TagSheet<'s>),
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
