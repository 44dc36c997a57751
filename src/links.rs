//! Where internal references (`shot:1A`, `person:mara`) lead in one site, and what an
//! autolink to them says.

use crate::index::{Index, RefKind};
use crate::markdown::{Links, Target};
use crate::model::Production;
use crate::urls::Urls;

/// Internal references resolved against one production, for one site.
pub struct SiteLinks<'a> {
    production: &'a Production,
    index: &'a Index,
    urls: Urls,
}

impl<'a> SiteLinks<'a> {
    pub fn new(production: &'a Production, index: &'a Index, urls: Urls) -> SiteLinks<'a> {
        SiteLinks {
            production,
            index,
            urls,
        }
    }
}

impl Links for SiteLinks<'_> {
    fn asset(&self, path: &str) -> String {
        self.urls.asset(path)
    }

    fn resolve(&self, kind: RefKind, id: &str) -> Option<Target> {
        let p = self.production;
        let ix = self.index;
        let found = |map: &crate::index::Ids| map.get(id).copied();
        let (url, label) = match kind {
            RefKind::Shot => {
                found(&ix.shots).map(|_| (self.urls.shot(id), format!("shot {id}")))?
            }
            RefKind::Panel => {
                found(&ix.panels).map(|_| (self.urls.panel(id), format!("panel {id}")))?
            }
            RefKind::Location => found(&ix.locations)
                .map(|i| (self.urls.location(id), p.locations[i].name.clone()))?,
            RefKind::Person => match found(&ix.cast) {
                Some(i) => (self.urls.person(id), p.cast[i].name.clone()),
                None => found(&ix.crew).map(|i| (self.urls.person(id), p.crew[i].name.clone()))?,
            },
            RefKind::Day => found(&ix.days)
                .map(|i| (self.urls.day(p.days[i].day.value), format!("day {id}")))?,
            RefKind::Journal => (ix.journal.get(id).copied())
                .map(|i| (self.urls.journal(id), p.journal[i].meta.title.clone()))?,
        };
        Some(Target { url, label })
    }
}
