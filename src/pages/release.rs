//! Release and promotion: the press kit, the press release and the release page.

use super::{Env, Page};
use crate::sheets::{EmbeddedVideo, Head, JsonLd, Player, PressKit, ReleasePlan, VideoPlayer};

/// The video's player, where it has been released.
pub(super) fn video(env: &Env) -> Option<VideoPlayer> {
    VideoPlayer::of(&env.view.production.config, |poster| {
        env.picture(poster, "")
    })
}

pub fn press_kit(env: &Env) -> Page<'static> {
    let p = &env.view.production;
    let kit = p.press_kit.as_ref().map(|k| &k.inner);
    let sheet = PressKit::new(
        p,
        &env.urls,
        |i| env.image(i),
        video(env),
        env.download(crate::downloads::PRESS_KIT_ZIP),
    );
    Page::new("/press/", "Press kit", &sheet).with_head(Head {
        description: kit.and_then(|k| k.description.as_deref()),
        jsonld: Some(JsonLd::Graph(super::meta::video_graph(env))),
        ..Head::default()
    })
}

pub fn press_release(env: &Env) -> Page<'static> {
    let release = env
        .view
        .production
        .press_release
        .as_ref()
        .expect("only called when there is a press release");
    let sheet = crate::sheets::PressRelease::new(
        release,
        env.now,
        env.view.production.config.tz(),
        env.markdown(&release.body),
    );
    Page::new("/press/release/", release.meta.headline.clone(), &sheet).with_head(Head {
        kind: Some("article"),
        description: release.meta.subheadline.as_deref(),
        ..Head::default()
    })
}

pub fn release(env: &Env) -> Page<'static> {
    let p = &env.view.production;
    let plan = ReleasePlan::new(
        p,
        video(env),
        env.download(crate::downloads::PREMIERE_CALENDAR),
    );
    Page::new("/release/", "Release", &plan).with_head(Head {
        kind: Some("video.other"),
        video: p
            .config
            .video
            .as_ref()
            .and_then(Player::of)
            .map(|player| EmbeddedVideo::of(&player)),
        jsonld: Some(JsonLd::Graph(super::meta::video_graph(env))),
        ..Head::default()
    })
}
