//! The journal: its index, a page per note, its tags and its Atom feed.

use schemars::JsonSchema;
use std::sync::Arc;

use serde::Serialize;

use super::Picture;
use crate::model::{JournalNote, Located};
use crate::urls::{JOURNAL, JOURNAL_FEED, Urls, journal_path, list_page_path, tag_slug_path};

/// The feed carries the newest notes, in full; readers keep the older ones they have seen.
pub const FEED_ENTRIES: usize = 50;

/// How many notes a page of the journal's index, or of a tag, lists: a journal of 20,000 notes
/// is 400 pages of this size, each as light as the first. A list that fits on one page has
/// only its first page, at its usual address, and no links to others.
pub const NOTES_PER_PAGE: usize = 50;

/// How many pages either side of the current one a page links by number, besides the first
/// and the last: a page's links stay few however many pages there are.
const PAGE_LINKS_AROUND: usize = 2;

/// The published notes, newest first as the production lists them, as the journal's pages
/// show them: [`Journal::pages`] makes the index's pages, [`Journal::note`] a note's page and
/// [`Journal::tags`] the tags' pages.
#[derive(Debug)]
pub struct Journal<'a> {
    pub notes: Vec<NoteSummary<'a>>,
    /// The Atom feed; a password-protected site has none, as feed readers could not unlock it.
    pub feed_url: Option<String>,
}

/// `journal.html`'s data: one page of the published notes, newest first as the production
/// lists them, [`NOTES_PER_PAGE`] at most.
#[derive(Debug, Serialize, JsonSchema)]
pub struct JournalIndex<'a> {
    /// This page's notes.
    pub notes: &'a [NoteSummary<'a>],
    /// The Atom feed; a password-protected site has none, as feed readers could not unlock it.
    pub feed_url: Option<&'a str>,
    /// Where this page is among the index's pages: `/journal/`, then `/journal/page/2/`….
    pub pagination: Pagination,
}

/// Where a page of a list of notes (the journal's index, a tag's notes) is among the list's
/// pages. The first page, with the newest notes, keeps the list's address; the others are
/// `page/2/`, `page/3/`… under it. A list that fits on one page has `pages: 1`, and its
/// page links to no other.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Pagination {
    /// This page's number, from 1 (the newest notes).
    pub page: usize,
    /// How many pages the list has.
    pub pages: usize,
    /// The page before, of newer notes (`rel="prev"`); none on the first page.
    pub newer: Option<String>,
    /// The page after, of older notes (`rel="next"`); none on the last page.
    pub older: Option<String>,
    /// The pages to link by number, in order: the first, the last and the two either side of
    /// this one (itself included), so that a page of a long list still links only a handful.
    /// Empty when the list has one page.
    pub links: Vec<PageLink>,
}

/// A page of a list, linked by its number.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PageLink {
    /// The page's number, from 1.
    pub number: usize,
    /// The page's address.
    pub url: String,
    /// Whether this is the page showing it (`aria-current="page"`).
    pub current: bool,
    /// Whether pages are left out between the one linked before and this one (shown as `…`).
    pub after_gap: bool,
}

/// A note as the journal lists it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NoteSummary<'a> {
    pub slug: &'a str,
    pub url: Arc<str>,
    pub title: &'a str,
    pub date: Arc<str>,
    pub date_iso: Arc<str>,
    pub stage: Option<&'static str>,
    pub stage_slug: Option<&'static str>,
    pub author: &'a Option<String>,
    pub summary: &'a Option<String>,
    pub tags: Vec<TagLink<'a>>,
    pub cover: Option<Picture>,
    /// A draft, published only because the build was asked to (`--drafts`).
    pub draft: bool,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TagLink<'a> {
    pub name: &'a str,
    // Shared by every note with the tag.
    pub url: Arc<str>,
    /// The tag's slug, which its address ends with: tags with one slug are one tag.
    #[serde(skip)]
    pub slug: Arc<str>,
}

/// What of a note's summary a site makes from its front matter, slug and addresses alone,
/// and is slow to make: kept with the note ([`JournalNote::made`]) while they stay the same.
/// Its tags' links are made again: most notes share a few tags.
struct Listing {
    url: Arc<str>,
    date: Arc<str>,
    date_iso: Arc<str>,
}

/// `journal-note.html`'s data.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NoteSheet<'a> {
    pub note: NoteSummary<'a>,
    pub html: &'a str,
    pub newer: Option<Neighbour<'a>>,
    pub older: Option<Neighbour<'a>>,
}

/// The note before or after, in the index's order.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Neighbour<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

/// `journal-tags.html`'s data: every tag, by slug.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TagIndex<'a> {
    pub tags: Vec<TagCount<'a>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct TagCount<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// `journal-tag.html`'s data: a tag and one page of its notes, [`NOTES_PER_PAGE`] at most.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TagSheet<'a> {
    pub tag: &'a str,
    /// This page's notes, newest first.
    pub notes: Vec<TaggedNote<'a>>,
    /// Where this page is among the tag's pages: `/journal/tags/<tag>/`, then
    /// `/journal/tags/<tag>/page/2/`….
    pub pagination: Pagination,
}

/// A note as a tag page lists it: what the list shows, not every detail.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TaggedNote<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date: &'a str,
    pub date_iso: &'a str,
    pub summary: &'a Option<String>,
}

/// `atom.xml`'s data.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Feed<'a> {
    pub feed_url: String,
    pub journal_url: String,
    /// The newest note's date.
    pub updated: Option<String>,
    /// The newest [`FEED_ENTRIES`] notes.
    pub entries: Vec<FeedEntry<'a>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FeedEntry<'a> {
    pub title: &'a str,
    pub url: String,
    pub id: String,
    pub updated: String,
    pub author: &'a Option<String>,
    pub summary: &'a Option<String>,
    pub tags: &'a [Located<String>],
    /// Feed readers show entries away from the site: links point back in full.
    pub html: String,
}

impl Pagination {
    /// Where the page is, as a key: with the list's first page and the site's addresses, it
    /// is all the pagination is made from.
    pub fn place(&self) -> (usize, usize) {
        (self.page, self.pages)
    }

    /// The `page`th (from 1) of `pages` pages of the list whose first page is at `first`.
    pub fn new(first: &str, page: usize, pages: usize, urls: &Urls) -> Pagination {
        let url = |number: usize| urls.page(&list_page_path(first, number));
        let mut links = Vec::new();
        if pages > 1 {
            let around = page.saturating_sub(PAGE_LINKS_AROUND)..=page + PAGE_LINKS_AROUND;
            let mut last_linked = 0;
            for number in 1..=pages {
                if number == 1 || number == pages || around.contains(&number) {
                    links.push(PageLink {
                        number,
                        url: url(number),
                        current: number == page,
                        after_gap: number > last_linked + 1,
                    });
                    last_linked = number;
                }
            }
        }
        Pagination {
            page,
            pages,
            newer: (page > 1).then(|| url(page - 1)),
            older: (page < pages).then(|| url(page + 1)),
            links,
        }
    }
}

/// How many pages a list of `count` notes takes: one at least, as an empty list still has its
/// page.
pub fn page_count(count: usize) -> usize {
    count.div_ceil(NOTES_PER_PAGE).max(1)
}

/// The places, in a list of `count` notes, of those its `page`th page (from 1) shows.
pub fn on_page(count: usize, page: usize) -> std::ops::Range<usize> {
    let start = ((page - 1) * NOTES_PER_PAGE).min(count);
    start..(start + NOTES_PER_PAGE).min(count)
}

impl<'a> Journal<'a> {
    /// `notes` are the published notes; `cover` makes a cover as pages show it.
    pub fn new(
        notes: &[&'a JournalNote],
        urls: &Urls,
        cover: impl Fn(&str, &str) -> Picture + Sync,
        protected: bool,
    ) -> Journal<'a> {
        use rayon::prelude::*;
        let site = crate::cache::hash_of(urls.page(""));
        // A journal has a few tags, each on many notes: each tag's address is made once.
        let tag_urls: foldhash::HashMap<Arc<str>, Arc<str>> = (notes.par_iter())
            .fold(foldhash::HashSet::default, |mut slugs, note| {
                slugs.extend(note.tag_slugs().iter().cloned());
                slugs
            })
            .reduce(foldhash::HashSet::default, |mut slugs, more| {
                slugs.extend(more);
                slugs
            })
            .into_iter()
            .map(|slug| {
                let url = urls.page(&tag_slug_path(&slug)).into();
                (slug, url)
            })
            .collect();
        let notes = notes
            .par_iter()
            .map(|note| {
                let listing = note.made(crate::cache::hash_of((site, &note.slug)), || Listing {
                    url: urls.journal(&note.slug).into(),
                    date: note.meta.date.long().into(),
                    date_iso: note.meta.date.to_string().into(),
                });
                let tags = (note.meta.tags.iter().zip(note.tag_slugs().iter()))
                    .map(|(tag, slug)| TagLink {
                        name: &tag.value,
                        url: tag_urls[slug].clone(),
                        slug: slug.clone(),
                    })
                    .collect();
                NoteSummary {
                    slug: &note.slug,
                    url: listing.url.clone(),
                    title: &note.meta.title,
                    date: listing.date.clone(),
                    date_iso: listing.date_iso.clone(),
                    stage: note.meta.stage.map(|s| s.name()),
                    stage_slug: note.meta.stage.map(|s| s.slug()),
                    author: &note.meta.author,
                    summary: &note.meta.summary,
                    tags,
                    cover: (note.meta.cover.as_ref())
                        .map(|c| cover(&c.value, note.meta.cover_alt.as_deref().unwrap_or(""))),
                    draft: note.meta.draft,
                }
            })
            .collect();
        Journal {
            notes,
            feed_url: (!protected).then(|| urls.page(JOURNAL_FEED)),
        }
    }

    /// How many pages the index has.
    pub fn page_count(&self) -> usize {
        page_count(self.notes.len())
    }

    /// The `page`th (from 1) of the index's pages, at [`Journal::index_path`].
    pub fn index_page<'s>(&'s self, page: usize, urls: &Urls) -> JournalIndex<'s> {
        JournalIndex {
            notes: &self.notes[on_page(self.notes.len(), page)],
            feed_url: self.feed_url.as_deref(),
            pagination: Pagination::new(JOURNAL, page, self.page_count(), urls),
        }
    }

    /// The address of the index's `page`th page: `/journal/`, `/journal/page/2/`….
    pub fn index_path(page: usize) -> String {
        list_page_path(JOURNAL, page)
    }

    /// The `i`th note's page, with its body as HTML.
    pub fn note<'s>(&'s self, i: usize, html: &'s str) -> NoteSheet<'s> {
        let neighbour = |j: usize| {
            self.notes.get(j).map(|s| Neighbour {
                title: s.title,
                url: &s.url,
            })
        };
        NoteSheet {
            note: self.notes[i].clone(),
            html,
            newer: i.checked_sub(1).and_then(neighbour),
            older: neighbour(i + 1),
        }
    }

    /// The tags by slug, each with its notes; a note tagged `Light` and `light` is listed once.
    /// Only which notes each tag lists is found here: [`Journal::tag_index`] and
    /// [`Tagged::page`] make the pages from it.
    pub fn tagged(&self) -> Vec<Tagged<'_>> {
        let mut tags: foldhash::HashMap<&str, Tagged> = foldhash::HashMap::default();
        for (n, summary) in self.notes.iter().enumerate() {
            for (i, tag) in summary.tags.iter().enumerate() {
                if summary.tags[..i].iter().any(|t| t.slug == tag.slug) {
                    continue;
                }
                tags.entry(&tag.slug)
                    .or_insert_with(|| Tagged {
                        slug: &tag.slug,
                        name: tag.name,
                        notes: Vec::new(),
                    })
                    .notes
                    .push(n);
            }
        }
        let mut tags: Vec<Tagged> = tags.into_values().collect();
        tags.sort_unstable_by(|a, b| a.slug.cmp(b.slug));
        tags
    }

    /// Every tag, by slug, with how many notes it has.
    pub fn tag_index<'s>(tagged: &[Tagged<'s>], urls: &Urls) -> TagIndex<'s> {
        TagIndex {
            tags: (tagged.iter())
                .map(|tagged| TagCount {
                    name: tagged.name,
                    url: urls.page(&tag_slug_path(tagged.slug)),
                    count: tagged.notes.len(),
                })
                .collect(),
        }
    }
}

/// A tag, as written first, and the notes it lists: their places in [`Journal::notes`].
pub struct Tagged<'s> {
    pub slug: &'s str,
    pub name: &'s str,
    pub notes: Vec<usize>,
}

impl<'s> Tagged<'s> {
    /// How many pages the tag's list takes.
    pub fn page_count(&self) -> usize {
        page_count(self.notes.len())
    }

    /// The places of the notes the tag's `page`th page (from 1) lists.
    pub fn on_page(&self, page: usize) -> &[usize] {
        &self.notes[on_page(self.notes.len(), page)]
    }

    /// The address of the tag's `page`th page: `/journal/tags/<tag>/`, then
    /// `/journal/tags/<tag>/page/2/`….
    pub fn path(&self, page: usize) -> String {
        list_page_path(&tag_slug_path(self.slug), page)
    }

    /// The tag's `page`th page, of the notes of `journal`.
    pub fn page(&self, journal: &'s Journal, page: usize, urls: &Urls) -> TagSheet<'s> {
        let notes = (self.on_page(page).iter())
            .map(|&i| {
                let summary = &journal.notes[i];
                TaggedNote {
                    title: summary.title,
                    url: &summary.url,
                    date: &summary.date,
                    date_iso: &summary.date_iso,
                    summary: summary.summary,
                }
            })
            .collect();
        TagSheet {
            tag: self.name,
            notes,
            pagination: Pagination::new(&tag_slug_path(self.slug), page, self.page_count(), urls),
        }
    }
}

impl<'a> Feed<'a> {
    /// `notes` are the published notes and `bodies` their HTML, in the same order.
    /// Dates are the start of the note's day in `tz`, the production's time zone.
    pub fn new(
        notes: &[&'a JournalNote],
        bodies: &[String],
        urls: &Urls,
        tz: Option<chrono_tz::Tz>,
    ) -> Feed<'a> {
        let entries = notes
            .iter()
            .zip(bodies)
            .take(FEED_ENTRIES)
            .map(|(note, html)| FeedEntry {
                title: &note.meta.title,
                url: urls.absolute(&journal_path(&note.slug)),
                id: urls.absolute(&journal_path(&note.slug)),
                updated: crate::clock::start_of_day(note.meta.date.0, tz),
                author: &note.meta.author,
                summary: &note.meta.summary,
                tags: &note.meta.tags,
                html: urls.absolutize(html),
            })
            .collect();
        Feed {
            feed_url: urls.absolute(JOURNAL_FEED),
            journal_url: urls.absolute(JOURNAL),
            updated: notes
                .iter()
                .map(|n| n.meta.date)
                .max()
                .map(|d| crate::clock::start_of_day(d.0, tz)),
            entries,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_listed_once_per_note_and_neighbours_link() {
        let view = super::super::tests::view_with(&[
            (
                "journal/2026-09-20-wrap.md",
                "---\ntitle: Wrap\ndate: 2026-09-20\ntags: [Light, light, night]\n---\nDone.\n",
            ),
            (
                "journal/2026-09-01-prep.md",
                "---\ntitle: Prep\ndate: 2026-09-01\ntags: [light]\ndraft: true\n---\nSoon.\n",
            ),
            (
                "journal/2026-08-01-recce.md",
                "---\ntitle: Recce\ndate: 2026-08-01\ntags: [night]\n---\nRoof.\n",
            ),
        ]);
        let notes = view.production.published_notes();
        let urls = Urls::new("https://t.example.com/");
        let index = Journal::new(&notes, &urls, |_, _| unreachable!(), false);
        let titles: Vec<&str> = index.notes.iter().map(|n| n.title).collect();
        assert_eq!(titles, ["Wrap", "Recce"]);
        assert!(index.feed_url.is_some());
        let page = index.note(0, "");
        assert!(page.newer.is_none());
        assert_eq!(page.older.as_ref().unwrap().title, "Recce");
        let tagged = index.tagged();
        let tags = Journal::tag_index(&tagged, &urls);
        let counts: Vec<(&str, usize)> = tags.tags.iter().map(|t| (t.name, t.count)).collect();
        assert_eq!(counts, [("Light", 1), ("night", 2)]);
        assert_eq!(tagged[1].path(1), "/journal/tags/night/");
        assert_eq!(tagged[1].page(&index, 1, &urls).notes[1].title, "Recce");
        let feed = Feed::new(&notes, &[String::new(), String::new()], &urls, None);
        assert_eq!(feed.updated.as_deref(), Some("2026-09-20T00:00:00Z"));
    }

    #[test]
    fn lists_are_paged_with_a_few_links_each() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(NOTES_PER_PAGE), 1);
        assert_eq!(page_count(NOTES_PER_PAGE + 1), 2);
        assert_eq!(page_count(20_000), 400);
        let urls = Urls::new("https://t.example.com/videos/");
        let one = Pagination::new(JOURNAL, 1, 1, &urls);
        assert!(one.links.is_empty() && one.newer.is_none() && one.older.is_none());

        let middle = Pagination::new(JOURNAL, 200, 400, &urls);
        assert_eq!(middle.newer.as_deref(), Some("/videos/journal/page/199/"));
        assert_eq!(middle.older.as_deref(), Some("/videos/journal/page/201/"));
        let numbers: Vec<(usize, bool, bool)> = middle
            .links
            .iter()
            .map(|l| (l.number, l.current, l.after_gap))
            .collect();
        assert_eq!(
            numbers,
            [
                (1, false, false),
                (198, false, true),
                (199, false, false),
                (200, true, false),
                (201, false, false),
                (202, false, false),
                (400, false, true),
            ]
        );
        let first = Pagination::new(JOURNAL, 1, 3, &urls);
        assert_eq!(first.newer, None);
        assert_eq!(first.older.as_deref(), Some("/videos/journal/page/2/"));
        assert_eq!(first.links[0].url, "/videos/journal/");
        assert!(first.links.iter().all(|l| !l.after_gap));
    }
}
