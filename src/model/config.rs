//! `clapboard.yaml`: the production itself.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::{Date, FrameRate, Located, Millis};

/// The production: `clapboard.yaml`, at the top of the production folder.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The production's working title, usually the song's.
    pub title: String,
    /// The artist or band the video is for.
    pub artist: String,
    /// The song the video is made for.
    pub song: Song,
    /// The video's director, as the credits name them.
    #[serde(default)]
    pub director: Option<String>,
    /// The production company making the video.
    #[serde(default)]
    pub production_company: Option<String>,
    /// The production office, at the top of every call sheet's key contacts.
    #[serde(default)]
    pub production_office: Option<super::common::Contact>,
    /// The number that reaches an ambulance where the production shoots, on every call sheet:
    /// `112` by default (any mobile phone in Europe and many other countries); `119` in Japan,
    /// `911` in North America, `000` in Australia. A location may give its own.
    #[serde(default)]
    pub emergency_number: Option<String>,
    /// One sentence about the video, used on the home page and in page descriptions.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the public site will live, such as `https://video.example.com/`: feeds, the
    /// sitemap, calendars and link previews need an absolute address. Every audience's site
    /// lives here too unless the audience gives its own `base_url`.
    #[serde(default = "default_base_url")]
    pub base_url: Located<String>,
    /// The sites' language, as a language tag such as `en`, `fr` or `ja`: `en` by default.
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme the sites are made with: `default` unless the project names another.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The production's IANA time zone, such as `Europe/London`: calendars give their times
    /// in it, and embargoes are read in it.
    #[serde(default)]
    pub timezone: Option<Located<String>>,
    /// The finished video, once it is out: where it is watched and its poster frame.
    #[serde(default)]
    pub video: Option<Video>,
    /// The day the video comes out, such as `2027-02-12`.
    #[serde(default)]
    pub release_date: Option<Located<Date>>,
    /// Files of the production folder clapboard leaves alone, each written as a line of a
    /// `.gitignore`: `*.sh`, `scripts/`, `/drafts/*.md`. They are not read as documents, not
    /// warned about, and not published from `static/`.
    #[serde(default)]
    pub ignore: Vec<Located<String>>,
    /// Who the sites are for; one site is built per audience. By default `public`, `client`
    /// and `crew`.
    #[serde(default = "default_audiences")]
    pub audiences: Vec<AudienceConfig>,
}

/// One audience, and the password its site may have.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceConfig {
    /// The audience's name, used in `audience:` fields and as the site's folder: `dist/<name>/`.
    pub name: Located<String>,
    /// What the site calls its readers, such as "Crew".
    #[serde(default)]
    pub title: Option<String>,
    /// Where this audience's site will live, when not at the production's `base_url`, such as
    /// `https://crew.video.example.com/`: its links, feed, sitemap and calendars use it.
    #[serde(default)]
    pub base_url: Option<Located<String>>,
    /// The environment variable holding the site's password.
    #[serde(default)]
    pub password_env: Option<String>,
    /// A file outside the project holding the site's password.
    #[serde(default)]
    pub password_file: Option<Located<String>>,
    /// How many days a browser remembers the site's key when the visitor ticks "Remember on
    /// this device"; 30 by default.
    #[serde(default)]
    pub remember_days: Option<u32>,
    /// Lock the site even with a password that could be guessed (refused by default).
    #[serde(default)]
    pub accept_weak_password: bool,
}

impl AudienceConfig {
    pub fn named(name: &str) -> AudienceConfig {
        AudienceConfig {
            name: Located::new(name.to_string()),
            title: None,
            base_url: None,
            password_env: None,
            password_file: None,
            remember_days: None,
            accept_weak_password: false,
        }
    }

    pub fn is_protected(&self) -> bool {
        self.password_env.is_some() || self.password_file.is_some()
    }
}

fn default_audiences() -> Vec<AudienceConfig> {
    Config::default_audience_names()
        .iter()
        .map(|n| AudienceConfig::named(n))
        .collect()
}

impl Config {
    /// The production's time zone, when it names a known one.
    pub fn tz(&self) -> Option<chrono_tz::Tz> {
        self.timezone.as_ref()?.value.trim().parse().ok()
    }

    /// The emergency number call sheets give where a location has none of its own.
    pub fn emergency_number(&self) -> &str {
        self.emergency_number.as_deref().unwrap_or("112")
    }

    pub fn default_audience_names() -> Vec<String> {
        vec!["public".into(), "client".into(), "crew".into()]
    }

    /// Where `audience`'s site lives: its own `base_url`, or the production's.
    pub fn base_url_of<'a>(&'a self, audience: &'a AudienceConfig) -> &'a Located<String> {
        audience.base_url.as_ref().unwrap_or(&self.base_url)
    }

    pub fn audience_names(&self) -> Vec<String> {
        self.audiences
            .iter()
            .map(|a| a.name.value.clone())
            .collect()
    }
}

/// The song: title, length and the label's details.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Song {
    /// The song's title.
    pub title: String,
    /// The song's length, such as `3:42`.
    pub duration: Millis,
    /// Tempo in beats a minute, such as `118`.
    #[serde(default)]
    pub bpm: Option<f64>,
    /// The record label releasing the song.
    #[serde(default)]
    pub label: Option<String>,
    /// The recording's ISRC code, such as `GBAYE2700123`.
    #[serde(default)]
    pub isrc: Option<String>,
}

/// The finished video, once it is released.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Video {
    /// The YouTube video id (the part after `v=`), such as `dQw4w9WgXcQ`.
    #[serde(default)]
    pub youtube: Option<String>,
    /// The Vimeo video id, such as `76979871`.
    #[serde(default)]
    pub vimeo: Option<String>,
    /// The poster frame shown before the video plays: an image path in `assets/`.
    #[serde(default)]
    pub poster: Option<Located<String>>,
    /// The frame rate of the finished video, which SMPTE timecodes count frames at unless a cut
    /// gives its own: 24 by default.
    #[serde(default)]
    pub frame_rate: Option<FrameRate>,
}

fn default_base_url() -> Located<String> {
    Located::new("/".to_string())
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}
