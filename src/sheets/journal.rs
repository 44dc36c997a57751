//! The journal: its index, a page per note, its tags and its Atom feed.

use schemars::JsonSchema;
use std::collections::BTreeMap;

use serde::Serialize;

use super::Picture;
use crate::model::{JournalNote, Located};
use crate::urls::{JOURNAL, JOURNAL_FEED, Urls, journal_path, tag_slug, tag_slug_path};

/// The feed carries the newest notes, in full; readers keep the older ones they have seen.
pub const FEED_ENTRIES: usize = 50;

/// `journal.html`'s data: the published notes, newest first as the production lists them.
#[derive(Debug, Serialize, JsonSchema)]
pub struct JournalIndex<'a> {
    pub notes: Vec<NoteSummary<'a>>,
    /// The Atom feed; a password-protected site has none, as feed readers could not unlock it.
    pub feed_url: Option<String>,
}

/// A note as the journal lists it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NoteSummary<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub date: String,
    pub date_iso: String,
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
    pub url: String,
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

/// `journal-tag.html`'s data: a tag and its notes.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TagSheet<'a> {
    pub tag: &'a str,
    pub notes: Vec<TaggedNote<'a>>,
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

impl<'a> JournalIndex<'a> {
    /// `notes` are the published notes; `cover` makes a cover as pages show it.
    pub fn new(
        notes: &[&'a JournalNote],
        urls: &Urls,
        cover: impl Fn(&str, &str) -> Picture,
        protected: bool,
    ) -> JournalIndex<'a> {
        let notes = notes
            .iter()
            .map(|note| NoteSummary {
                slug: &note.slug,
                url: urls.journal(&note.slug),
                title: &note.meta.title,
                date: note.meta.date.long(),
                date_iso: note.meta.date.to_string(),
                stage: note.meta.stage.map(|s| s.name()),
                stage_slug: note.meta.stage.map(|s| s.slug()),
                author: &note.meta.author,
                summary: &note.meta.summary,
                tags: note
                    .meta
                    .tags
                    .iter()
                    .map(|t| TagLink {
                        name: &t.value,
                        url: urls.tag(t),
                    })
                    .collect(),
                cover: note
                    .meta
                    .cover
                    .as_ref()
                    .map(|c| cover(&c.value, note.meta.cover_alt.as_deref().unwrap_or(""))),
                draft: note.meta.draft,
            })
            .collect();
        JournalIndex {
            notes,
            feed_url: (!protected).then(|| urls.page(JOURNAL_FEED)),
        }
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
    /// Each tag page comes with its address.
    pub fn tags(&self, urls: &Urls) -> (TagIndex<'_>, Vec<(String, TagSheet<'_>)>) {
        let mut tags: BTreeMap<String, TagSheet> = BTreeMap::new();
        for summary in &self.notes {
            let mut slugs: Vec<String> = Vec::with_capacity(summary.tags.len());
            for tag in &summary.tags {
                let slug = tag_slug(tag.name);
                if slugs.contains(&slug) {
                    continue;
                }
                slugs.push(slug.clone());
                tags.entry(slug)
                    .or_insert_with(|| TagSheet {
                        tag: tag.name,
                        notes: Vec::new(),
                    })
                    .notes
                    .push(TaggedNote {
                        title: summary.title,
                        url: &summary.url,
                        date: &summary.date,
                        date_iso: &summary.date_iso,
                        summary: summary.summary,
                    });
            }
        }
        let index = TagIndex {
            tags: tags
                .iter()
                .map(|(slug, sheet)| TagCount {
                    name: sheet.tag,
                    url: urls.page(&tag_slug_path(slug)),
                    count: sheet.notes.len(),
                })
                .collect(),
        };
        let pages = tags
            .into_iter()
            .map(|(slug, sheet)| (tag_slug_path(&slug), sheet))
            .collect();
        (index, pages)
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
        let index = JournalIndex::new(&notes, &urls, |_, _| unreachable!(), false);
        let titles: Vec<&str> = index.notes.iter().map(|n| n.title).collect();
        assert_eq!(titles, ["Wrap", "Recce"]);
        assert!(index.feed_url.is_some());
        let page = index.note(0, "");
        assert!(page.newer.is_none());
        assert_eq!(page.older.as_ref().unwrap().title, "Recce");
        let (tags, pages) = index.tags(&urls);
        let counts: Vec<(&str, usize)> = tags.tags.iter().map(|t| (t.name, t.count)).collect();
        assert_eq!(counts, [("Light", 1), ("night", 2)]);
        assert_eq!(pages[1].1.notes[1].title, "Recce");
        let feed = Feed::new(&notes, &[String::new(), String::new()], &urls, None);
        assert_eq!(feed.updated.as_deref(), Some("2026-09-20T00:00:00Z"));
    }
}
