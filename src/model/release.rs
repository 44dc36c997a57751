//! `release/`: the press kit, the press release and the promotion plan.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Contact, Image, Link, Markdown};
use super::values::{ClockTime, Date, DateTime, Located, Millis};

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PressKit {
    /// Facts beyond those `clapboard.yaml` already gives (artist, song, label, director ...).
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// The finished video's length as the press may print it, such as `"3:44"`: every
    /// audience's factsheet and the video's structured data give it. Without it, an audience
    /// that sees the cuts gives the approved cut's length and the others the song's.
    #[serde(default)]
    pub runtime: Option<Located<Millis>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub bio: Bio,
    #[serde(default)]
    pub credits: Vec<Credit>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub awards: Vec<Award>,
    #[serde(default)]
    pub links: PressLinks,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub images: Vec<Image>,
    #[serde(default)]
    pub logos: Vec<Image>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bio {
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub long: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// The job, or for cast the part played: "Director", "Ada".
    pub role: String,
    pub name: String,
    /// Whether this is a part played: `role` is then the character, and the video's
    /// structured data lists the person among its actors.
    #[serde(default)]
    pub cast: bool,
    /// Whether the name is a company's (a rental house, a VFX studio) rather than a person's:
    /// its structured data then calls it an organization.
    #[serde(default)]
    pub company: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: String,
    pub source: String,
    #[serde(default)]
    pub link: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Award {
    pub name: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub year: Option<u16>,
    /// "Winner", "Nominee", "Official selection".
    #[serde(default)]
    pub result: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PressLinks {
    #[serde(default)]
    pub streaming: Vec<Link>,
    #[serde(default)]
    pub social: Vec<Link>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PressReleaseMeta {
    pub headline: String,
    #[serde(default)]
    pub subheadline: Option<String>,
    /// "LONDON, 10 February 2027".
    #[serde(default)]
    pub dateline: Option<String>,
    /// Not to be published before this moment.
    #[serde(default)]
    pub embargo: Option<Located<DateTime>>,
    #[serde(default)]
    pub contact: Option<Contact>,
}

#[derive(Clone, Debug)]
pub struct PressRelease {
    pub meta: PressReleaseMeta,
    pub body: Markdown,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Promo {
    #[serde(default)]
    pub premiere: Option<Premiere>,
    #[serde(default)]
    pub platforms: Vec<Platform>,
    #[serde(default)]
    pub campaign: Vec<CampaignItem>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Premiere {
    pub date: Date,
    #[serde(default)]
    pub time: Option<ClockTime>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// The event around it: a screening, a live chat.
    #[serde(default)]
    pub event: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignItem {
    pub date: Date,
    pub channel: String,
    pub content: String,
    #[serde(default)]
    pub status: CampaignStatus,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    #[default]
    Planned,
    Scheduled,
    Posted,
}

impl CampaignStatus {
    pub fn name(self) -> &'static str {
        match self {
            CampaignStatus::Planned => "planned",
            CampaignStatus::Scheduled => "scheduled",
            CampaignStatus::Posted => "posted",
        }
    }
}
