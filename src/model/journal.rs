//! `journal/*.md`: behind-the-scenes notes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Markdown;
use super::values::{Date, Located};

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JournalMeta {
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub stage: Option<Stage>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub cover: Option<Located<String>>,
    #[serde(default)]
    pub cover_alt: Option<String>,
    /// Drafts are loaded and checked but not published.
    #[serde(default)]
    pub draft: bool,
}

#[derive(Clone, Debug)]
pub struct JournalNote {
    /// From the file name, and the note's address: `/journal/<slug>/`.
    pub slug: String,
    pub meta: JournalMeta,
    pub body: Markdown,
}

/// The four stages of a production, in order.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
pub enum Stage {
    #[serde(rename = "pre-production")]
    PreProduction,
    #[serde(rename = "production")]
    Production,
    #[serde(rename = "post-production")]
    PostProduction,
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
