//! The home page: the production as a timeline of its four stages, from the [`HomeBoard`].

use super::{Env, Page};
use crate::sheets::{Head, HomeBoard, JsonLd};

pub fn page(env: &Env) -> Page<'static> {
    let p = &env.view.production;
    let mut board = HomeBoard::new(env.view, &env.urls, env.today);
    // Once released, the page leads with the video, whose facade shows the poster.
    if board.released {
        board.video = super::release::video(env);
    }
    if board.video.is_none() {
        board.key_art = p
            .config
            .video
            .as_ref()
            .and_then(|v| v.poster.as_ref())
            .map(|poster| env.picture(&poster.value, &format!("{}: the poster", p.config.title)));
    }
    Page::new("/", p.config.title.clone(), &board).with_head(Head {
        jsonld: Some(JsonLd::Graph(super::meta::video_graph(env))),
        ..Head::default()
    })
}
