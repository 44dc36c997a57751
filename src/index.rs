//! Lookup of production items by id, built once per build and shared by the check, the
//! Markdown renderer and the pages.

use std::sync::Arc;

use foldhash::HashMap;

use crate::load::Kind;
use crate::model::{Production, Sourced};

/// The kinds of item an internal reference (`shot:1A`) can point to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    Shot,
    Panel,
    Location,
    Person,
    Day,
    Journal,
}

/// What a kind of item is called, and the document that lists it.
#[derive(Debug)]
pub struct ItemKind {
    pub kind: RefKind,
    /// The scheme of a reference: `shot` in `shot:1A`.
    pub scheme: &'static str,
    /// What a producer calls one, and several, in messages.
    pub name: &'static str,
    pub plural: &'static str,
    /// The document the items are listed in.
    pub document: Kind,
}

/// Every kind of item a reference can point to, in the order of [`RefKind`].
#[rustfmt::skip]
pub const ITEMS: [ItemKind; 6] = {
    const fn row(kind: RefKind, scheme: &'static str, name: &'static str, plural: &'static str, document: Kind) -> ItemKind {
        ItemKind { kind, scheme, name, plural, document }
    }
    [
        row(RefKind::Shot,     "shot",     "shot",             "shots",             Kind::Shots),
        row(RefKind::Panel,    "panel",    "storyboard panel", "storyboard panels", Kind::Storyboard),
        row(RefKind::Location, "location", "location",         "locations",         Kind::Locations),
        row(RefKind::Person,   "person",   "person",           "people",            Kind::People),
        row(RefKind::Day,      "day",      "shoot day",        "shoot days",        Kind::Schedule),
        row(RefKind::Journal,  "journal",  "journal note",     "journal notes",     Kind::Journal),
    ]
};

impl RefKind {
    pub const ALL: [RefKind; 6] = [
        RefKind::Shot,
        RefKind::Panel,
        RefKind::Location,
        RefKind::Person,
        RefKind::Day,
        RefKind::Journal,
    ];

    /// This kind's row of [`ITEMS`].
    pub fn item(self) -> &'static ItemKind {
        &ITEMS[self as usize]
    }

    pub fn scheme(self) -> &'static str {
        self.item().scheme
    }

    pub fn from_scheme(scheme: &str) -> Option<RefKind> {
        ITEMS
            .iter()
            .find(|item| item.scheme == scheme)
            .map(|item| item.kind)
    }

    /// Where the items are listed, for messages: `shots.yaml`, `journal/`.
    pub fn home(self) -> String {
        self.item().document.document().place.home()
    }
}

/// Positions of items in their lists in [`Production`], by id.
/// Items of one kind by id: where each is in the production's list.
pub type Ids = HashMap<String, usize>;

#[derive(Debug, Default)]
pub struct Index {
    pub shots: HashMap<String, usize>,
    pub panels: HashMap<String, usize>,
    pub scenes: HashMap<String, usize>,
    pub locations: HashMap<String, usize>,
    pub cast: HashMap<String, usize>,
    pub crew: HashMap<String, usize>,
    /// Shoot days by their number.
    pub days: HashMap<String, usize>,
    /// Notes by slug, sharing each note's own: a journal has thousands.
    pub journal: HashMap<Arc<str>, usize>,
    pub cuts: HashMap<String, usize>,
}

fn by_id<T, K: std::hash::Hash + Eq>(
    items: &[Sourced<T>],
    id: impl Fn(&T) -> K,
) -> HashMap<K, usize> {
    let mut map = HashMap::with_capacity_and_hasher(items.len(), Default::default());
    for (i, item) in items.iter().enumerate() {
        // The first of two items with one id wins; the check reports the second.
        map.entry(id(&item.inner)).or_insert(i);
    }
    map
}

impl Index {
    pub fn new(p: &Production) -> Index {
        Index {
            shots: by_id(&p.shots, |s| s.id.value.clone()),
            panels: by_id(&p.storyboard.panels, |s| s.id.value.clone()),
            scenes: by_id(&p.scenes, |s| s.id.value.clone()),
            locations: by_id(&p.locations, |s| s.id.value.clone()),
            cast: by_id(&p.cast, |s| s.id.value.clone()),
            crew: by_id(&p.crew, |s| s.id.value.clone()),
            days: by_id(&p.days, |d| d.day.value.to_string()),
            journal: by_id(&p.journal, |j| j.slug.clone()),
            cuts: by_id(&p.cuts, |c| c.version.value.clone()),
        }
    }

    /// Whether `kind:id` names an item of the production.
    pub fn contains(&self, kind: RefKind, id: &str) -> bool {
        match kind {
            RefKind::Shot => self.shots.contains_key(id),
            RefKind::Panel => self.panels.contains_key(id),
            RefKind::Location => self.locations.contains_key(id),
            RefKind::Person => self.cast.contains_key(id) || self.crew.contains_key(id),
            RefKind::Day => self.days.contains_key(id),
            RefKind::Journal => self.journal.contains_key(id),
        }
    }

    /// The ids of one kind, for did-you-mean hints.
    pub fn ids(&self, kind: RefKind) -> Vec<&str> {
        fn keys(m: &HashMap<String, usize>) -> Vec<&str> {
            m.keys().map(String::as_str).collect()
        }
        match kind {
            RefKind::Shot => keys(&self.shots),
            RefKind::Panel => keys(&self.panels),
            RefKind::Location => keys(&self.locations),
            RefKind::Person => {
                let mut ids = keys(&self.cast);
                ids.extend(keys(&self.crew));
                ids
            }
            RefKind::Day => keys(&self.days),
            RefKind::Journal => self.journal.keys().map(|slug| &**slug).collect(),
        }
    }
}

/// The closest of `candidates` to `wrong`, if it is close enough to be a slip of the keyboard.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest(wrong, candidates, 1)
}

/// [`did_you_mean`] for ids, which may be too short to guess at: `3` is as close to `1` as to
/// `2`, so ids of one or two characters get no suggestion.
pub fn did_you_mean_id<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest(wrong, candidates, 3)
}

/// The closest candidate at least `shortest` characters long, within a third of its length
/// (transpositions counting one).
fn closest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    shortest: usize,
) -> Option<&'a str> {
    let wrong = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&wrong, &c.to_lowercase()), c))
        .filter(|(distance, c)| {
            let length = c.chars().count();
            length >= shortest && *distance <= length.div_ceil(3).max(1)
        })
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_item_kind_has_its_row_and_home() {
        for (i, item) in ITEMS.iter().enumerate() {
            assert_eq!(item.kind as usize, i, "{item:?} is out of order");
            assert_eq!(RefKind::from_scheme(item.scheme), Some(item.kind));
        }
        let homes: Vec<String> = RefKind::ALL.iter().map(|k| k.home()).collect();
        assert_eq!(
            homes,
            [
                "shots.yaml",
                "storyboard.yaml",
                "locations.yaml",
                "people.yaml",
                "schedule.yaml",
                "journal/"
            ]
        );
    }
}
