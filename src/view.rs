//! View: the production as one audience may see it, made once and used for every output.
//!
//! Every page, feed, sitemap and file of a site is rendered from its [`View`], never from the
//! loaded production, so what a view leaves out cannot reach that site. The production in a
//! view was assembled from the documents with the audience's filter (see
//! [`crate::load::audience`]): hidden documents, items and fields are simply not in it.

use chrono::NaiveDateTime;

use crate::index::Index;
use crate::model::Production;
use crate::model::config::AudienceConfig;

pub struct View {
    /// The audience this view is for.
    pub audience: AudienceConfig,
    pub production: Production,
    pub index: Index,
}

impl View {
    /// The view of `production` for `audience` at the moment `now` (in the production's time
    /// zone): the public site leaves out a press release still under embargo.
    pub fn new(mut production: Production, audience: AudienceConfig, now: NaiveDateTime) -> View {
        let public = audience.name.value == crate::load::audience::PUBLIC;
        if public
            && production
                .press_release
                .as_ref()
                .is_some_and(|r| embargoed(r, now))
        {
            production.press_release = None;
        }
        let index = Index::new(&production);
        View {
            audience,
            production,
            index,
        }
    }

    /// The audience's name, which is also its site's folder.
    pub fn name(&self) -> &str {
        &self.audience.name.value
    }

    /// Whether search engines may index the site: only the public one.
    pub fn indexable(&self) -> bool {
        self.name() == crate::load::audience::PUBLIC
    }
}

/// Whether the press release may not be published yet at `now`.
pub fn embargoed(release: &crate::model::PressRelease, now: NaiveDateTime) -> bool {
    release
        .meta
        .embargo
        .as_ref()
        .is_some_and(|e| e.value.0 > now)
}
