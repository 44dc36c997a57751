//! Release and promotion: the press kit, the press release and the release page.

use serde_json::{Value, json};

use super::{Env, Page};
use crate::model::Config;

/// The video's player address, where it has been released.
fn video(env: &Env, config: &Config) -> Option<Value> {
    let video = config.video.as_ref()?;
    let (watch, platform) = match (&video.youtube, &video.vimeo) {
        (Some(id), _) => (format!("https://www.youtube.com/watch?v={id}"), "YouTube"),
        (None, Some(id)) => (format!("https://vimeo.com/{id}"), "Vimeo"),
        (None, None) => return None,
    };
    Some(json!({
        "watch_url": watch,
        "platform": platform,
        "poster": video.poster.as_ref().map(|p| env.urls.asset(&p.value)),
        "title": format!("{} – {}", config.artist, config.song.title),
    }))
}

/// The facts journalists ask for, from `clapboard.yaml` and the press kit's extra facts.
fn factsheet(env: &Env) -> Vec<Value> {
    let p = &env.view.production;
    let c = &p.config;
    let mut facts = vec![
        json!({ "name": "Artist", "value": c.artist }),
        json!({ "name": "Song", "value": c.song.title }),
    ];
    let mut push = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            facts.push(json!({ "name": name, "value": value }));
        }
    };
    push("Label", c.song.label.clone());
    push(
        "Release date",
        c.release_date.as_ref().map(|d| d.value.long()),
    );
    push("Runtime", Some(runtime(env)));
    push("Director", c.director.clone());
    push("Production company", c.production_company.clone());
    push("ISRC", c.song.isrc.clone());
    if let Some(kit) = &p.press_kit {
        for fact in &kit.facts {
            facts.push(json!({ "name": fact.name, "value": fact.value }));
        }
    }
    facts
}

/// The approved cut's length, or the song's while no cut is approved.
fn runtime(env: &Env) -> String {
    let p = &env.view.production;
    p.cuts
        .iter()
        .filter(|c| c.status == crate::model::post::CutStatus::Approved)
        .max_by_key(|c| c.date)
        .and_then(|c| c.duration)
        .unwrap_or(p.config.song.duration)
        .to_string()
}

pub fn press_kit(env: &Env) -> Page {
    let p = &env.view.production;
    let kit = p.press_kit.as_ref().map(|k| &k.inner);
    let images: Vec<Value> = kit
        .map(|k| k.images.iter().map(|i| env.image(i)).collect())
        .unwrap_or_default();
    let logos: Vec<Value> = kit
        .map(|k| k.logos.iter().map(|i| env.image(i)).collect())
        .unwrap_or_default();
    Page::new(
        "/press/",
        "press.html",
        "Press kit",
        json!({
            "facts": factsheet(env),
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
        }),
    )
}

pub fn press_release(env: &Env) -> Page {
    let p = &env.view.production;
    let release = p
        .press_release
        .as_ref()
        .expect("only called when there is a press release");
    let embargo = release.meta.embargo.as_ref().map(|e| e.value);
    let today_start = env.today.and_hms_opt(0, 0, 0).unwrap_or_default();
    Page::new(
        "/press/release/",
        "press-release.html",
        release.meta.headline.clone(),
        json!({
            "headline": release.meta.headline,
            "subheadline": release.meta.subheadline,
            "dateline": release.meta.dateline,
            "embargo": embargo.map(|e| e.to_string()),
            "embargoed": embargo.is_some_and(|e| e.0 > today_start),
            "contact": release.meta.contact,
            "html": env.markdown(&release.body),
        }),
    )
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
        }),
    )
}
