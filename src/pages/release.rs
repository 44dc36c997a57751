//! Release and promotion: the press kit, the press release and the release page.

use serde_json::{Value, json};

use super::{Env, Page};
use crate::model::Config;

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

/// The video's player, where it has been released.
fn video(env: &Env, config: &Config) -> Option<Value> {
    let video = config.video.as_ref()?;
    let player = Player::of(video)?;
    Some(json!({
        "watch_url": player.watch_url,
        "embed_url": player.embed_url,
        "player_host": player.host,
        "platform": player.platform,
        "poster": video.poster.as_ref().map(|p| env.picture(&p.value, "")),
        "title": format!("{} – {}", config.artist, config.song.title),
    }))
}

pub fn press_kit(env: &Env) -> Page {
    let p = &env.view.production;
    let kit = p.press_kit.as_ref().map(|k| &k.inner);
    let images: Vec<_> = kit
        .map(|k| k.images.iter().map(|i| env.image(i)).collect())
        .unwrap_or_default();
    let logos: Vec<_> = kit
        .map(|k| k.logos.iter().map(|i| env.image(i)).collect())
        .unwrap_or_default();
    Page::new(
        "/press/",
        "press.html",
        "Press kit",
        json!({
            "facts": crate::sheets::factsheet(p),
            "description": kit.and_then(|k| k.description.clone()),
            "bio": kit.map(|k| k.bio.clone()),
            "video": video(env, &p.config),
            "images": images,
            "logos": logos,
            "credits": kit.map(|k| k.credits.clone()).unwrap_or_default(),
            "quotes": kit.map(|k| k.quotes.clone()).unwrap_or_default(),
            "awards": kit.map(|k| k.awards.clone()).unwrap_or_default(),
            "links": kit.map(|k| k.links.clone()),
            "contacts": kit.map(|k| k.contacts.clone()).unwrap_or_default(),
            "press_release": p.press_release.as_ref().map(|r| json!({
                "headline": r.meta.headline,
                "url": env.urls.page("/press/release/"),
            })),
            "zip": env.download(crate::downloads::PRESS_KIT_ZIP),
        }),
    )
    .with_head(json!({
        "description": kit.and_then(|k| k.description.clone()),
        "jsonld": super::meta::video_graph(env),
    }))
}

pub fn press_release(env: &Env) -> Page {
    let release = env
        .view
        .production
        .press_release
        .as_ref()
        .expect("only called when there is a press release");
    let sheet = crate::sheets::PressRelease::new(release, env.now, env.markdown(&release.body));
    Page::new(
        "/press/release/",
        "press-release.html",
        release.meta.headline.clone(),
        serde_json::to_value(&sheet).expect("sheets serialize to JSON"),
    )
    .with_head(json!({
        "type": "article",
        "description": release.meta.subheadline,
    }))
}

pub fn release(env: &Env) -> Page {
    let p = &env.view.production;
    let promo = p.promo.as_ref().map(|r| &r.inner);
    let premiere = promo.and_then(|r| r.premiere.as_ref()).map(|pr| {
        json!({
            "date": pr.date.long(),
            "time": pr.time.map(|t| t.to_string()),
            "platform": pr.platform,
            "url": pr.url,
            "event": pr.event,
        })
    });
    let platforms: Vec<Value> = promo
        .map(|r| {
            r.platforms
                .iter()
                .map(|pl| json!({ "name": pl.name, "url": pl.url, "date": pl.date.map(|d| d.short()) }))
                .collect()
        })
        .unwrap_or_default();
    let mut campaign: Vec<_> = promo
        .map(|r| r.campaign.iter().collect())
        .unwrap_or_default();
    campaign.sort_by_key(|c| c.date);
    let campaign: Vec<Value> = campaign
        .iter()
        .map(|c| {
            json!({
                "date": c.date.short(),
                "channel": c.channel,
                "content": c.content,
                "status": c.status.name(),
            })
        })
        .collect();
    Page::new(
        "/release/",
        "release.html",
        "Release",
        json!({
            "video": video(env, &p.config),
            "release_date": p.config.release_date.as_ref().map(|d| d.value.long()),
            "premiere": premiere,
            "platforms": platforms,
            "campaign": campaign,
            "streaming": p.press_kit.as_ref().map(|k| k.links.streaming.clone()).unwrap_or_default(),
            "calendar": env.download(crate::downloads::PREMIERE_CALENDAR),
        }),
    )
    .with_head(json!({
        "type": "video.other",
        "video": p.config.video.as_ref().and_then(Player::of).map(|player| json!({
            "url": player.embed_url.split('?').next().unwrap_or(&player.embed_url),
            "type": "text/html",
            "width": 1280,
            "height": 720,
        })),
        "jsonld": super::meta::video_graph(env),
    }))
}
