//! `journal/*.md`: behind-the-scenes notes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Markdown;
use super::values::{Date, Located};
use crate::text::slugify;

/// A journal note's front matter (`journal/*.md`); its body is the note itself.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JournalMeta {
    /// The note's title.
    pub title: String,
    /// The note's date, such as `2026-10-15`.
    pub date: Date,
    /// The note's address, `/journal/<slug>/`, when it should not come from the file name.
    /// It is made a slug as file names are: `Night Shoot` is `night-shoot`.
    #[serde(default)]
    pub slug: Option<Located<String>>,
    /// The stage of the production the note belongs to: pre-production, production, post-production
    /// or release.
    #[serde(default)]
    pub stage: Option<Stage>,
    /// Each tag has a page, `/journal/tags/<tag>/`.
    #[serde(default)]
    pub tags: Vec<Located<String>>,
    /// Who wrote the note.
    #[serde(default)]
    pub author: Option<String>,
    /// A sentence about the note, for the list of notes and the feed.
    #[serde(default)]
    pub summary: Option<String>,
    /// The cover image: an image path in `assets/`.
    #[serde(default)]
    pub cover: Option<Located<String>>,
    /// What the cover image shows, for people who cannot see it.
    #[serde(default)]
    pub cover_alt: Option<String>,
    /// Drafts are loaded and checked but not published.
    #[serde(default)]
    pub draft: bool,
}

#[derive(Clone, Debug)]
pub struct JournalNote {
    /// The note's address, `/journal/<slug>/`: from `slug:`, or else the file name.
    pub slug: std::sync::Arc<str>,
    /// Shared by the note's copies: every site's production, and the dev server's next
    /// rebuild while the file is unchanged.
    pub meta: std::sync::Arc<JournalMeta>,
    pub body: Markdown,
    /// Hashes made from the note, shared as `meta` is.
    pub memo: std::sync::Arc<NoteMemo>,
}

/// What is made from a note's front matter and slug, kept with them: shared by the note's
/// copies, and by the dev server's next rebuild while its file is unchanged.
#[derive(Default)]
pub struct NoteMemo {
    meta: std::sync::OnceLock<u64>,
    /// The slug of each tag, made from the front matter alone: read without a lock, since
    /// every rebuild looks at every note's.
    tag_slugs: std::sync::OnceLock<Vec<std::sync::Arc<str>>>,
    /// What sites made of the note (how they list it, its hash), each with a hash of
    /// everything else it was made from: the site's addresses, the cover as published.
    made: std::sync::Mutex<Vec<(u64, Made)>>,
}

type Made = std::sync::Arc<dyn std::any::Any + Send + Sync>;

impl std::fmt::Debug for NoteMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoteMemo")
            .field("meta", &self.meta)
            .finish()
    }
}

/// How many things made of a note its memo keeps: a few for each of a few sites. The oldest
/// goes first.
const MADE_KEPT: usize = 16;

impl JournalNote {
    /// A hash of the note's front matter.
    pub fn meta_hash(&self) -> u64 {
        *self
            .memo
            .meta
            .get_or_init(|| crate::cache::hash_serialized(&*self.meta))
    }

    /// A hash of how a site lists the note, made by `make` unless it was made for the same
    /// `inputs`: a hash of everything the listing is made from besides the note's front
    /// matter and slug.
    pub fn summary_hash(&self, inputs: u64, make: impl FnOnce() -> u64) -> u64 {
        *self.made(inputs, make)
    }

    /// The slug of each of the note's tags, in order.
    pub fn tag_slugs(&self) -> &[std::sync::Arc<str>] {
        self.memo.tag_slugs.get_or_init(|| {
            (self.meta.tags.iter())
                .map(|tag| crate::urls::tag_slug(tag).into())
                .collect()
        })
    }

    /// What `make` makes from the note, unless it made it already for the same `inputs`: a
    /// hash of everything it is made from besides the note's front matter and slug.
    pub fn made<T: std::any::Any + Send + Sync>(
        &self,
        inputs: u64,
        make: impl FnOnce() -> T,
    ) -> std::sync::Arc<T> {
        let found = (self.memo.made.lock().expect("an unpoisoned memo"))
            .iter()
            .filter(|(k, _)| *k == inputs)
            .find_map(|(_, made)| made.clone().downcast::<T>().ok());
        found.unwrap_or_else(|| {
            let made = std::sync::Arc::new(make());
            let mut kept = self.memo.made.lock().expect("an unpoisoned memo");
            if kept.len() >= MADE_KEPT {
                kept.remove(0);
            }
            kept.push((inputs, made.clone()));
            made
        })
    }
}

impl JournalNote {
    /// A note read from the file whose name makes `file_slug`.
    pub fn new(
        file_slug: &std::sync::Arc<str>,
        (meta, memo): (std::sync::Arc<JournalMeta>, std::sync::Arc<NoteMemo>),
        body: Markdown,
    ) -> JournalNote {
        let slug = match &meta.slug {
            Some(slug) => slugify(slug).into(),
            None => file_slug.clone(),
        };
        JournalNote {
            slug,
            meta,
            body,
            memo,
        }
    }
}

/// The four stages of a production, in order.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
pub enum Stage {
    /// Pre-production: concept, storyboard, casting, locations, budget.
    #[serde(rename = "pre-production")]
    PreProduction,
    /// Production: the shoot days.
    #[serde(rename = "production")]
    Production,
    /// Post-production: edit, VFX, colour and sound.
    #[serde(rename = "post-production")]
    PostProduction,
    /// Release and promotion: press kit, premiere and campaign.
    #[serde(rename = "release")]
    Release,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::PreProduction,
        Stage::Production,
        Stage::PostProduction,
        Stage::Release,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Stage::PreProduction => "pre-production",
            Stage::Production => "production",
            Stage::PostProduction => "post-production",
            Stage::Release => "release",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Stage::PreProduction => "Pre-production",
            Stage::Production => "Production",
            Stage::PostProduction => "Post-production",
            Stage::Release => "Release and promotion",
        }
    }
}
