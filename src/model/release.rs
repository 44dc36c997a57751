//! `release/`: the press kit, the press release and the promotion plan.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Contact, Image, Link, Markdown};
use super::values::{ClockTime, Date, DateTime, Located, Millis};

/// The press kit: `release/press-kit.yaml`.
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
    /// A paragraph about the video for the press.
    #[serde(default)]
    pub description: Option<String>,
    /// The artist's biography, short and long.
    #[serde(default)]
    pub bio: Bio,
    /// The credits, in the order they are printed.
    #[serde(default)]
    pub credits: Vec<Credit>,
    /// Quotes about the video or the artist, with their source.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Awards and festival selections.
    #[serde(default)]
    pub awards: Vec<Award>,
    /// Where to listen and where to follow.
    #[serde(default)]
    pub links: PressLinks,
    /// Press contacts: publicist, label, management.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Press photos and stills, in high resolution; they go into the press kit's zip.
    #[serde(default)]
    pub images: Vec<Image>,
    /// The artist's and label's logos; they go into the press kit's zip.
    #[serde(default)]
    pub logos: Vec<Image>,
}

/// A line of the factsheet.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// What the fact is: "Shot on", "Locations".
    pub name: String,
    /// The fact: "ARRI Alexa Mini, anamorphic".
    pub value: String,
}

/// The artist's biography.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bio {
    /// A short biography: two or three sentences.
    #[serde(default)]
    pub short: Option<String>,
    /// A long biography: a few paragraphs.
    #[serde(default)]
    pub long: Option<String>,
}

/// A line of the credits.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// The job, or for cast the part played: "Director", "Ada".
    pub role: String,
    /// Who: a person's or a company's name.
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

/// A quote from the press or a fan.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The words quoted.
    pub text: String,
    /// Who said it: a name, a magazine.
    pub source: String,
    /// Where it was published: a web address.
    #[serde(default)]
    pub link: Option<String>,
}

/// An award or a festival selection.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Award {
    /// The award or festival: "UK Music Video Awards".
    pub name: String,
    /// The category: "Best Rock Video".
    #[serde(default)]
    pub category: Option<String>,
    /// The year, such as `2027`.
    #[serde(default)]
    pub year: Option<u16>,
    /// "Winner", "Nominee", "Official selection".
    #[serde(default)]
    pub result: Option<String>,
}

/// Where to listen and where to follow.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PressLinks {
    /// Streaming services, a name and a web address each.
    #[serde(default)]
    pub streaming: Vec<Link>,
    /// Social accounts, a name and a web address each.
    #[serde(default)]
    pub social: Vec<Link>,
}

/// The press release's front matter (`release/press-release.md`); its body is the release itself.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PressReleaseMeta {
    /// The headline.
    pub headline: String,
    /// A line under the headline.
    #[serde(default)]
    pub subheadline: Option<String>,
    /// "LONDON, 10 February 2027".
    #[serde(default)]
    pub dateline: Option<String>,
    /// Not to be published before this moment.
    #[serde(default)]
    pub embargo: Option<Located<DateTime>>,
    /// Who the press should call about it.
    #[serde(default)]
    pub contact: Option<Contact>,
}

#[derive(Clone, Debug)]
pub struct PressRelease {
    pub meta: PressReleaseMeta,
    pub body: Markdown,
}

/// The release plan: `release/promo.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Promo {
    /// The premiere: when and where the video is first shown.
    #[serde(default)]
    pub premiere: Option<Premiere>,
    /// Where the video is released.
    #[serde(default)]
    pub platforms: Vec<Platform>,
    /// The promotion campaign: posts, teasers and interviews, by date.
    #[serde(default)]
    pub campaign: Vec<CampaignItem>,
}

/// The video's premiere.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Premiere {
    /// The day of the premiere, such as `2027-02-12`.
    pub date: Date,
    /// When it starts, on the 24-hour clock: `"18:00"`.
    #[serde(default)]
    pub time: Option<ClockTime>,
    /// Where it premieres: "YouTube Premiere", a cinema, a TV channel.
    #[serde(default)]
    pub platform: Option<String>,
    /// The web address where it is watched.
    #[serde(default)]
    pub url: Option<String>,
    /// The event around it: a screening, a live chat.
    #[serde(default)]
    pub event: Option<String>,
}

/// A platform the video is released on.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// The platform's name: "YouTube", "Apple Music".
    pub name: String,
    /// The video's web address there.
    #[serde(default)]
    pub url: Option<String>,
    /// When it goes up there, when not the release date.
    #[serde(default)]
    pub date: Option<Date>,
}

/// A step of the promotion campaign.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignItem {
    /// When it goes out, such as `2027-02-05`.
    pub date: Date,
    /// Where: "Instagram", "TikTok", "Radio 1".
    pub channel: String,
    /// What goes out: "Teaser, 15 s, the bus at night".
    pub content: String,
    /// Where it stands: planned, scheduled or posted. `planned` by default.
    #[serde(default)]
    pub status: CampaignStatus,
}

/// Where a step of the campaign stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    /// Planned: not yet ready.
    #[default]
    Planned,
    /// Scheduled: ready, and set to go out.
    Scheduled,
    /// Posted: out.
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
