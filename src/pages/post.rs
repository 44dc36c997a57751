//! Post-production: cuts and their status, review notes by timecode, VFX, deliverables, and
//! the edit, colour and sound notes, from the [`PostReport`].

use super::{Env, Page, markdown_all};
use crate::sheets::PostReport;

pub fn page(env: &Env) -> Page<'static> {
    let report = PostReport::new(env.view, &env.urls, |bodies| markdown_all(env, bodies));
    Page::new("/post/", "Post-production", &report)
}
