//! What public pages say about themselves to platforms and search engines: link-preview values
//! (Open Graph, Twitter cards) and schema.org JSON-LD for the video (a `VideoObject`, also
//! typed `MusicVideoObject`), the song (a `MusicRecording` by the artist), the premiere (a
//! `BroadcastEvent`) and journal notes (a `BlogPosting`).
//!
//! Pages carry these serialized, whose maps sort their keys, so the output's key order does
//! not depend on the order of fields here.

use chrono::TimeZone;
use schemars::JsonSchema;
use serde::Serialize;

use super::{Picture, Player};
use crate::model::{JournalNote, Located, Millis, Production};
use crate::urls::{Urls, journal_path};

/// What a page says of itself: `description`, `type` (Open Graph), `image` and `video` for
/// link previews, `jsonld` for search engines. What it does not say is left out.
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct Head<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<SocialImage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video: Option<EmbeddedVideo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jsonld: Option<JsonLd<'a>>,
}

/// The Open Graph and Twitter card values of a page, ready for `base.html`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LinkPreview {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    /// A [`SocialImage`], the page's own or the site's default.
    pub image: Option<serde_json::Value>,
    /// An [`EmbeddedVideo`], where the page has one.
    pub video: serde_json::Value,
    /// `en_GB`, where the language names a region.
    pub locale: Option<String>,
}

/// An image for link previews, in full: platforms need an absolute address of a JPEG, PNG or
/// WebP, with its size.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SocialImage {
    pub alt: String,
    pub height: u32,
    #[serde(rename = "type")]
    pub mime: &'static str,
    pub url: String,
    pub width: u32,
}

impl SocialImage {
    /// `picture` as link previews show it, when it is a raster image and the site's address
    /// is absolute.
    pub fn of(picture: &Picture, urls: &Urls) -> Option<SocialImage> {
        let copies = picture.copies.as_ref()?;
        if copies.mime == "image/svg+xml" || !urls.is_absolute() {
            return None;
        }
        Some(SocialImage {
            alt: picture.alt.clone(),
            height: copies.src_height,
            mime: copies.mime,
            url: urls.absolute_url(&picture.src),
            width: copies.src_width,
        })
    }
}

/// The released video's player, for `og:video`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EmbeddedVideo {
    pub height: u32,
    #[serde(rename = "type")]
    pub mime: &'static str,
    pub url: String,
    pub width: u32,
}

impl EmbeddedVideo {
    pub fn of(player: &Player) -> EmbeddedVideo {
        EmbeddedVideo {
            height: 720,
            mime: "text/html",
            url: embed_address(player),
            width: 1280,
        }
    }
}

/// The player's address without its query (autoplay and the like).
fn embed_address(player: &Player) -> String {
    player
        .embed_url
        .split('?')
        .next()
        .unwrap_or(&player.embed_url)
        .to_string()
}

/// The JSON-LD a page carries.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum JsonLd<'a> {
    Graph(VideoGraph),
    Posting(Box<BlogPosting<'a>>),
}

/// The video, the song and the premiere, as one graph.
#[derive(Debug, Serialize, JsonSchema)]
pub struct VideoGraph {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@graph")]
    pub graph: Vec<GraphNode>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum GraphNode {
    Video(Box<VideoObject>),
    Recording(MusicRecording),
    Premiere(BroadcastEvent),
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Thing {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
}

/// A schema.org `Person` with the part played or the job done.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Person {
    /// `Person`, or `Organization` for a company in the credits.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    pub name: String,
}

/// A part played in the video: schema.org puts the character's name on the role, not the
/// person.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PerformanceRole {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub actor: Person,
    #[serde(rename = "characterName")]
    pub character_name: String,
}

impl Person {
    fn named(name: &str) -> Person {
        Person {
            kind: "Person",
            job_title: None,
            name: name.to_string(),
        }
    }
}

/// A reference to a node of the graph by its `@id`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NodeRef {
    #[serde(rename = "@id")]
    pub id: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct VideoObject {
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "@type")]
    pub kind: [&'static str; 2],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actor: Vec<PerformanceRole>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contributor: Vec<Person>,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub director: Option<Person>,
    pub duration: String,
    #[serde(rename = "embedUrl")]
    pub embed_url: String,
    #[serde(rename = "inLanguage")]
    pub in_language: String,
    #[serde(rename = "musicBy")]
    pub music_by: Thing,
    pub name: String,
    #[serde(rename = "productionCompany", skip_serializing_if = "Option::is_none")]
    pub production_company: Option<Thing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication: Option<NodeRef>,
    #[serde(rename = "thumbnailUrl", skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<Vec<String>>,
    #[serde(rename = "uploadDate", skip_serializing_if = "Option::is_none")]
    pub upload_date: Option<String>,
    pub url: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MusicRecording {
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "byArtist")]
    pub by_artist: Thing,
    pub duration: String,
    #[serde(rename = "isrcCode", skip_serializing_if = "Option::is_none")]
    pub isrc_code: Option<String>,
    pub name: String,
    #[serde(rename = "subjectOf", skip_serializing_if = "Option::is_none")]
    pub subject_of: Option<NodeRef>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BroadcastEvent {
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "eventAttendanceMode")]
    pub event_attendance_mode: &'static str,
    #[serde(rename = "isLiveBroadcast")]
    pub is_live_broadcast: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<VirtualLocation>,
    pub name: String,
    #[serde(rename = "publishedOn", skip_serializing_if = "Option::is_none")]
    pub published_on: Option<BroadcastService>,
    #[serde(rename = "startDate")]
    pub start_date: String,
    /// When the video has played: the start and the video's length.
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(rename = "workFeatured", skip_serializing_if = "Option::is_none")]
    pub work_featured: Option<NodeRef>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct VirtualLocation {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub url: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BroadcastService {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A journal note.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BlogPosting<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The song the note is about.
    pub about: SongByArtist,
    pub author: Person,
    #[serde(rename = "datePublished")]
    pub date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    pub keywords: &'a [Located<String>],
    pub url: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SongByArtist {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "byArtist")]
    pub by_artist: Thing,
    pub name: String,
}

/// A duration in ISO 8601: `PT3M38S`.
pub fn iso_duration(duration: Millis) -> String {
    let millis = duration.millis();
    let (hours, minutes) = (millis / 3_600_000, millis / 60_000 % 60);
    let (seconds, fraction) = (millis / 1000 % 60, millis % 1000);
    let mut out = String::from("PT");
    if hours > 0 {
        out.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}M"));
    }
    if fraction > 0 {
        let fraction = format!("{fraction:03}");
        out.push_str(&format!("{seconds}.{}S", fraction.trim_end_matches('0')));
    } else if seconds > 0 || out == "PT" {
        out.push_str(&format!("{seconds}S"));
    }
    out
}

/// A moment on the production's clocks in ISO 8601, with its offset where the production
/// names its time zone: `2026-11-13T19:00:00+00:00`.
fn iso_moment(p: &Production, at: chrono::NaiveDateTime) -> String {
    match p
        .config
        .tz()
        .and_then(|tz| tz.from_local_datetime(&at).earliest())
    {
        Some(moment) => moment.to_rfc3339(),
        None => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

impl VideoGraph {
    /// `thumbnail` is the absolute address of the video's still for link previews.
    pub fn new(p: &Production, urls: &Urls, thumbnail: Option<String>) -> VideoGraph {
        let config = &p.config;
        let id = |fragment: &str| urls.absolute(&format!("/release/#{fragment}"));
        let artist = Thing {
            kind: "MusicGroup",
            name: config.artist.clone(),
        };
        let kit = p.press_kit.as_ref();
        let mut recording = MusicRecording {
            id: id("recording"),
            kind: "MusicRecording",
            by_artist: artist.clone(),
            duration: iso_duration(config.song.duration),
            isrc_code: config.song.isrc.clone(),
            name: config.song.title.clone(),
            subject_of: None,
        };
        let mut graph = vec![];
        let player = config.video.as_ref().and_then(Player::of);
        let premiere = p.promo.as_ref().and_then(|promo| promo.premiere.as_ref());
        let premiere_at = premiere.map(|pr| match pr.time.and_then(|t| t.on(pr.date.0)) {
            Some(at) => iso_moment(p, at),
            None => pr.date.0.to_string(),
        });
        // The premiere ends when the video does; a premiere dated without a time is a day.
        let premiere_end = premiere.map(|pr| match pr.time.and_then(|t| t.on(pr.date.0)) {
            Some(at) => {
                let runtime = p.video_runtime().millis().div_ceil(1000);
                iso_moment(p, at + chrono::Duration::seconds(runtime as i64))
            }
            None => pr.date.0.to_string(),
        });
        if let Some(player) = &player {
            let credits: &[crate::model::release::Credit] = kit.map_or(&[], |k| &k.credits);
            let person = |c: &crate::model::release::Credit| Person::named(&c.name);
            recording.subject_of = Some(NodeRef { id: id("video") });
            graph.push(GraphNode::Video(Box::new(VideoObject {
                id: id("video"),
                kind: ["VideoObject", "MusicVideoObject"],
                actor: credits
                    .iter()
                    .filter(|c| c.cast)
                    .map(|c| PerformanceRole {
                        kind: "PerformanceRole",
                        actor: person(c),
                        character_name: c.role.clone(),
                    })
                    .collect(),
                contributor: credits
                    .iter()
                    .filter(|c| !c.cast)
                    .map(|c| match c.company {
                        true => Person {
                            kind: "Organization",
                            ..person(c)
                        },
                        false => Person {
                            job_title: Some(c.role.clone()),
                            ..person(c)
                        },
                    })
                    .collect(),
                description: config
                    .description
                    .clone()
                    .or_else(|| kit.and_then(|k| k.description.clone()))
                    .unwrap_or_else(|| {
                        format!("The video for {} by {}", config.song.title, config.artist)
                    }),
                director: config.director.as_deref().map(Person::named),
                duration: iso_duration(p.video_runtime()),
                embed_url: embed_address(player),
                in_language: config.language.clone(),
                music_by: artist,
                name: format!("{} – {}", config.artist, config.song.title),
                production_company: config.production_company.as_ref().map(|company| Thing {
                    kind: "Organization",
                    name: company.clone(),
                }),
                publication: premiere.map(|_| NodeRef { id: id("premiere") }),
                thumbnail_url: thumbnail.map(|t| vec![t]),
                upload_date: config
                    .release_date
                    .as_ref()
                    .map(|d| d.value.0.to_string())
                    .or_else(|| premiere_at.clone()),
                url: player.watch_url.clone(),
            })));
        }
        graph.push(GraphNode::Recording(recording));
        if let (Some(premiere), Some(start)) = (premiere, premiere_at) {
            graph.push(GraphNode::Premiere(BroadcastEvent {
                id: id("premiere"),
                kind: "BroadcastEvent",
                description: premiere.event.clone(),
                event_attendance_mode: "https://schema.org/OnlineEventAttendanceMode",
                is_live_broadcast: true,
                location: premiere.url.as_ref().map(|url| VirtualLocation {
                    kind: "VirtualLocation",
                    url: url.clone(),
                }),
                name: format!("Premiere: {} – {}", config.artist, config.song.title),
                published_on: premiere.platform.as_ref().map(|platform| BroadcastService {
                    kind: "BroadcastService",
                    name: platform.clone(),
                    url: premiere.url.clone(),
                }),
                start_date: start,
                end_date: premiere_end,
                url: premiere.url.clone(),
                work_featured: player.is_some().then(|| NodeRef { id: id("video") }),
            }));
        }
        VideoGraph {
            context: "https://schema.org",
            graph,
        }
    }
}

impl<'a> BlogPosting<'a> {
    /// `image` is the note's cover for link previews.
    pub fn new(
        p: &Production,
        urls: &Urls,
        note: &'a JournalNote,
        image: Option<&SocialImage>,
    ) -> BlogPosting<'a> {
        let config = &p.config;
        BlogPosting {
            context: "https://schema.org",
            kind: "BlogPosting",
            about: SongByArtist {
                kind: "MusicRecording",
                by_artist: Thing {
                    kind: "MusicGroup",
                    name: config.artist.clone(),
                },
                name: config.song.title.clone(),
            },
            author: Person::named(note.meta.author.as_deref().unwrap_or(&config.artist)),
            date_published: note.meta.date.to_string(),
            description: note.meta.summary.as_deref(),
            headline: &note.meta.title,
            image: image.map(|i| i.url.clone()),
            keywords: &note.meta.tags,
            url: urls.absolute(&journal_path(&note.slug)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(iso_duration(Millis(218_000)), "PT3M38S");
        assert_eq!(iso_duration(Millis(3_600_000)), "PT1H");
        assert_eq!(iso_duration(Millis(0)), "PT0S");
        assert_eq!(iso_duration(Millis(62_500)), "PT1M2.5S");
    }

    #[test]
    fn the_graph_has_the_song_and_the_premiere() {
        let view = super::super::tests::view_with(&[(
            "release/promo.yaml",
            "premiere: {date: 2026-11-20, platform: YouTube, url: https://v.example.com/p}\n",
        )]);
        let urls = Urls::new("https://t.example.com/");
        let graph = serde_json::to_value(VideoGraph::new(&view.production, &urls, None)).unwrap();
        let nodes = graph["@graph"].as_array().unwrap();
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0]["@type"], "MusicRecording");
        assert_eq!(nodes[0]["duration"], "PT30S");
        assert!(nodes[0].get("subjectOf").is_none());
        assert_eq!(nodes[1]["startDate"], "2026-11-20");
        assert_eq!(nodes[1]["publishedOn"]["url"], "https://v.example.com/p");
        assert!(nodes[1].get("workFeatured").is_none());
    }
}
