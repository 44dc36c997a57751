//! Release and promotion: the press kit, the press release and the release page.

use serde_json::json;

use super::{Env, Page, to_value};
use crate::sheets::{Player, PressKit, ReleasePlan, VideoPlayer};

/// The video's player, where it has been released.
fn video(env: &Env) -> Option<VideoPlayer> {
    VideoPlayer::of(&env.view.production.config, |poster| {
        env.picture(poster, "")
    })
}

pub fn press_kit(env: &Env) -> Page {
    let p = &env.view.production;
    let kit = p.press_kit.as_ref().map(|k| &k.inner);
    let sheet = PressKit::new(
        p,
        &env.urls,
        |i| env.image(i),
        video(env),
        env.download(crate::downloads::PRESS_KIT_ZIP),
    );
    Page::new("/press/", "press.html", "Press kit", to_value(&sheet)).with_head(json!({
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
        to_value(&sheet),
    )
    .with_head(json!({
        "type": "article",
        "description": release.meta.subheadline,
    }))
}

pub fn release(env: &Env) -> Page {
    let p = &env.view.production;
    let plan = ReleasePlan::new(
        p,
        video(env),
        env.download(crate::downloads::PREMIERE_CALENDAR),
    );
    Page::new("/release/", "release.html", "Release", to_value(&plan)).with_head(json!({
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
