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

/// What a reference names, found in the index: the item's place in its list, where the URL or
/// label needs it.
enum Item {
    Shot,
    Panel,
    Location(usize),
    Cast(usize),
    Crew(usize),
    Day(usize),
    Journal(usize),
}

impl SiteLinks<'_> {
    /// The item `kind:id` names, looked up in the index alone.
    fn item(&self, kind: RefKind, id: &str) -> Option<Item> {
        let ix = self.index;
        let found = |map: &crate::index::Ids| map.get(id).copied();
        match kind {
            RefKind::Shot => found(&ix.shots).map(|_| Item::Shot),
            RefKind::Panel => found(&ix.panels).map(|_| Item::Panel),
            RefKind::Location => found(&ix.locations).map(Item::Location),
            RefKind::Person => {
                (found(&ix.cast).map(Item::Cast)).or_else(|| found(&ix.crew).map(Item::Crew))
            }
            RefKind::Day => found(&ix.days).map(Item::Day),
            RefKind::Journal => ix.journal.get(id).copied().map(Item::Journal),
        }
    }
}

impl Links for SiteLinks<'_> {
    fn asset(&self, path: &str) -> String {
        self.urls.asset(path)
    }

    fn resolve(&self, kind: RefKind, id: &str) -> Option<Target> {
        let p = self.production;
        let (url, label) = match self.item(kind, id)? {
            Item::Shot => (self.urls.shot(id), format!("shot {id}")),
            Item::Panel => (self.urls.panel(id), format!("panel {id}")),
            Item::Location(i) => (self.urls.location(id), p.locations[i].name.clone()),
            Item::Cast(i) => (self.urls.person(id), p.cast[i].name.clone()),
            Item::Crew(i) => (self.urls.person(id), p.crew[i].name.clone()),
            Item::Day(i) => (self.urls.day(p.days[i].day.value), format!("day {id}")),
            Item::Journal(i) => (self.urls.journal(id), p.journal[i].meta.title.clone()),
        };
        Some(Target { url, label })
    }

    fn exists(&self, kind: RefKind, id: &str) -> bool {
        self.item(kind, id).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `exists` answers as `resolve` does, for every item of every kind and for ids of none,
    /// on each production in the repository.
    #[test]
    fn a_reference_exists_exactly_when_it_resolves() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in [root.join("example-project"), root.join("examples/shuden")] {
            let checked = crate::load_and_check(&dir, None).expect("the production checks");
            let p = &checked.production;
            let index = Index::new(p);
            let links = SiteLinks::new(p, &index, Urls::new("/"));
            let ids = |map: &crate::index::Ids| map.keys().cloned().collect::<Vec<_>>();
            let kinds = [
                (RefKind::Shot, ids(&index.shots)),
                (RefKind::Panel, ids(&index.panels)),
                (RefKind::Location, ids(&index.locations)),
                (
                    RefKind::Person,
                    [ids(&index.cast), ids(&index.crew)].concat(),
                ),
                (RefKind::Day, ids(&index.days)),
                (
                    RefKind::Journal,
                    index.journal.keys().map(|k| k.to_string()).collect(),
                ),
            ];
            for (kind, mut known) in kinds {
                assert!(!known.is_empty(), "{}: no {kind:?}", dir.display());
                known.extend(["99Z".to_string(), "nobody".to_string(), String::new()]);
                for id in known {
                    assert_eq!(
                        links.exists(kind, &id),
                        links.resolve(kind, &id).is_some(),
                        "{}: {kind:?} {id:?}",
                        dir.display()
                    );
                }
            }
        }
    }
}
