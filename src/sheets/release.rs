//! The release: the press kit, the release plan (premiere, platforms, campaign) and the video's
//! player.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Fact, Image, Picture};
use crate::model::common::{Contact, Link};
use crate::model::release::{Award, Bio, Credit, PressLinks, Quote};
use crate::model::{Config, Production};
use crate::urls::Urls;

/// Where the released video is watched and embedded.
pub struct Player {
    pub platform: &'static str,
    pub watch_url: String,
    /// The player for an `<iframe>`: YouTube's privacy-enhanced domain, or Vimeo with
    /// do-not-track, starting at once (the visitor has pressed play).
    pub embed_url: String,
    pub host: &'static str,
}

impl Player {
    pub fn of(video: &crate::model::config::Video) -> Option<Player> {
        let encode = |id: &str| -> String {
            id.chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect()
        };
        match (&video.youtube, &video.vimeo) {
            (Some(id), _) => {
                let id = encode(id);
                Some(Player {
                    platform: "YouTube",
                    watch_url: format!("https://www.youtube.com/watch?v={id}"),
                    embed_url: format!(
                        "https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0"
                    ),
                    host: "youtube-nocookie.com",
                })
            }
            (None, Some(id)) => {
                let id = encode(id);
                Some(Player {
                    platform: "Vimeo",
                    watch_url: format!("https://vimeo.com/{id}"),
                    embed_url: format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
                    host: "player.vimeo.com",
                })
            }
            (None, None) => None,
        }
    }
}

/// The released video, ready for `partials/video.html`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct VideoPlayer {
    pub watch_url: String,
    pub embed_url: String,
    pub player_host: &'static str,
    pub platform: &'static str,
    pub poster: Option<Picture>,
    /// "Artist – Song".
    pub title: String,
}

impl VideoPlayer {
    /// The video's player, where it has been released; `poster` is its poster as pages show
    /// it.
    pub fn of(config: &Config, poster: impl FnOnce(&str) -> Picture) -> Option<VideoPlayer> {
        let video = config.video.as_ref()?;
        let player = Player::of(video)?;
        Some(VideoPlayer {
            watch_url: player.watch_url,
            embed_url: player.embed_url,
            player_host: player.host,
            platform: player.platform,
            poster: video.poster.as_ref().map(|p| poster(&p.value)),
            title: format!("{} – {}", config.artist, config.song.title),
        })
    }
}

/// `press.html`'s data.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PressKit<'a> {
    /// [`super::factsheet`].
    pub facts: Vec<Fact>,
    pub description: Option<&'a String>,
    pub bio: Option<&'a Bio>,
    pub video: Option<VideoPlayer>,
    pub images: Vec<Image<'a>>,
    pub logos: Vec<Image<'a>>,
    pub credits: &'a [Credit],
    pub quotes: &'a [Quote],
    pub awards: &'a [Award],
    pub links: Option<&'a PressLinks>,
    pub contacts: &'a [Contact],
    pub press_release: Option<ReleaseLink<'a>>,
    /// The press kit's zip, where this site publishes one.
    pub zip: Option<String>,
}

/// The press release, from the press kit.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReleaseLink<'a> {
    pub headline: &'a str,
    pub url: String,
}

impl<'a> PressKit<'a> {
    /// `image` makes a project image as pages show it; `zip` is where the zip is published.
    pub fn new(
        p: &'a Production,
        urls: &Urls,
        image: impl Fn(&'a crate::model::Image) -> Image<'a>,
        video: Option<VideoPlayer>,
        zip: Option<String>,
    ) -> PressKit<'a> {
        let kit = p.press_kit.as_ref().map(|k| &k.inner);
        PressKit {
            facts: super::factsheet(p),
            description: kit.and_then(|k| k.description.as_ref()),
            bio: kit.map(|k| &k.bio),
            video,
            images: kit
                .map(|k| k.images.iter().map(&image).collect())
                .unwrap_or_default(),
            logos: kit
                .map(|k| k.logos.iter().map(&image).collect())
                .unwrap_or_default(),
            credits: kit.map_or(&[], |k| &k.credits),
            quotes: kit.map_or(&[], |k| &k.quotes),
            awards: kit.map_or(&[], |k| &k.awards),
            links: kit.map(|k| &k.links),
            contacts: kit.map_or(&[], |k| &k.contacts),
            press_release: p.press_release.as_ref().map(|r| ReleaseLink {
                headline: &r.meta.headline,
                url: urls.page("/press/release/"),
            }),
            zip,
        }
    }
}

/// `release.html`'s data: the release date, the premiere, where the video streams and the
/// promotion campaign.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReleasePlan<'a> {
    pub video: Option<VideoPlayer>,
    pub release_date: Option<String>,
    pub premiere: Option<PremiereRow<'a>>,
    pub platforms: Vec<PlatformRow<'a>>,
    /// In date order.
    pub campaign: Vec<CampaignRow<'a>>,
    pub streaming: &'a [Link],
    /// The premiere's calendar, where this site publishes one.
    pub calendar: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PremiereRow<'a> {
    pub date: String,
    pub time: Option<String>,
    pub platform: &'a Option<String>,
    pub url: &'a Option<String>,
    pub event: &'a Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PlatformRow<'a> {
    pub name: &'a str,
    pub url: &'a Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CampaignRow<'a> {
    pub date: String,
    pub channel: &'a str,
    pub content: &'a str,
    pub status: &'static str,
}

/// Where the video streams, from the promotion plan: the release page and the home page.
pub fn platform_rows(p: &Production) -> Vec<PlatformRow<'_>> {
    p.promo.as_ref().map_or_else(Vec::new, |r| {
        r.platforms
            .iter()
            .map(|pl| PlatformRow {
                name: &pl.name,
                url: &pl.url,
                date: pl.date.map(|d| d.short()),
            })
            .collect()
    })
}

impl<'a> ReleasePlan<'a> {
    pub fn new(
        p: &'a Production,
        video: Option<VideoPlayer>,
        calendar: Option<String>,
    ) -> ReleasePlan<'a> {
        let promo = p.promo.as_ref().map(|r| &r.inner);
        let premiere = promo
            .and_then(|r| r.premiere.as_ref())
            .map(|pr| PremiereRow {
                date: pr.date.long(),
                time: pr.time.map(|t| t.to_string()),
                platform: &pr.platform,
                url: &pr.url,
                event: &pr.event,
            });
        let platforms = platform_rows(p);
        let mut campaign: Vec<_> = promo
            .map(|r| r.campaign.iter().collect())
            .unwrap_or_default();
        campaign.sort_by_key(|c| c.date);
        let campaign = campaign
            .into_iter()
            .map(|c| CampaignRow {
                date: c.date.short(),
                channel: &c.channel,
                content: &c.content,
                status: c.status.name(),
            })
            .collect();
        ReleasePlan {
            video,
            release_date: p.config.release_date.as_ref().map(|d| d.value.long()),
            premiere,
            platforms,
            campaign,
            streaming: p.press_kit.as_ref().map_or(&[], |k| &k.links.streaming),
            calendar,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_campaign_is_in_date_order_and_the_kit_links_its_release() {
        // The campaign is the client's.
        let view = super::super::tests::view_as(
            "client",
            &[
                (
                    "release/promo.yaml",
                    "premiere: {date: 2026-11-20, time: \"18:00\", platform: YouTube}\ncampaign:\n  - {date: 2026-11-21, channel: Instagram, content: clip}\n  - {date: 2026-11-10, channel: TikTok, content: teaser, status: posted}\n",
                ),
                (
                    "release/press-kit.yaml",
                    "description: A night bus.\ncredits: [{role: Director, name: Ada}]\n",
                ),
            ],
        );
        let p = &view.production;
        let plan = ReleasePlan::new(p, None, None);
        assert_eq!(plan.campaign[0].channel, "TikTok");
        assert_eq!(plan.campaign[0].status, "posted");
        assert_eq!(
            plan.premiere.as_ref().unwrap().time.as_deref(),
            Some("18:00")
        );
        let urls = Urls::new("https://t.example.com/");
        let kit = PressKit::new(p, &urls, |i| Image::new(&urls, i, None), None, None);
        assert_eq!(kit.credits[0].name, "Ada");
        assert_eq!(kit.description.map(String::as_str), Some("A night bus."));
        assert!(kit.press_release.is_none());
    }
}
