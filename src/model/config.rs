//! `clapboard.yaml`: the production itself.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::{Date, Located, Seconds};

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The production's working title, usually the song's.
    pub title: String,
    pub artist: String,
    pub song: Song,
    #[serde(default)]
    pub director: Option<String>,
    #[serde(default)]
    pub production_company: Option<String>,
    /// One sentence about the video, used on the home page and in page descriptions.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the public site will live, for feeds and the sitemap.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// IANA time zone of the shoot, for calendars.
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub video: Option<Video>,
    #[serde(default)]
    pub release_date: Option<Located<Date>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Song {
    pub title: String,
    pub duration: Seconds,
    #[serde(default)]
    pub bpm: Option<f64>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub isrc: Option<String>,
}

/// The finished video, once it is released.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Video {
    #[serde(default)]
    pub youtube: Option<String>,
    #[serde(default)]
    pub vimeo: Option<String>,
    #[serde(default)]
    pub poster: Option<Located<String>>,
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}
