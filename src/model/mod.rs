//! The typed production model: plain data, no I/O. Every stage after `load` works on it.
//!
//! Items in lists are wrapped in [`Sourced`] because a document kind may be spread over a
//! folder of files; the file id says which one an item came from, for diagnostics.

pub mod budget;
pub mod common;
pub mod concept;
pub mod config;
pub mod journal;
pub mod locations;
pub mod people;
pub mod post;
pub mod release;
pub mod schedule;
pub mod shots;
pub mod storyboard;
pub mod values;

use std::ops::Deref;

pub use budget::{BudgetLine, Fee};
pub use common::{Contact, Hospital, Image, Link, Markdown};
pub use concept::{Moodboard, Treatment, TreatmentMeta};
pub use config::Config;
pub use journal::{JournalNote, Stage};
pub use locations::Location;
pub use people::{CastMember, CrewMember, ExtrasGroup};
pub use post::{Cut, Deliverable, PostNote, ReviewNote, VfxShot};
pub use release::{PressKit, PressRelease, Promo};
pub use schedule::ShootDay;
pub use shots::{Scene, Shot, ShotSize, ShotStatus};
pub use storyboard::Panel;
pub use values::{ClockTime, Date, DateTime, HexColour, Id, Located, Money, Pos, Seconds};

/// Index of a source file in [`crate::diagnostics::Sources`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// An item and the file it was read from.
#[derive(Clone, Debug)]
pub struct Sourced<T> {
    pub file: FileId,
    pub inner: T,
}

impl<T> Deref for Sourced<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

/// A whole production, as loaded from its folder.
#[derive(Clone, Debug)]
pub struct Production {
    pub config: Sourced<Config>,
    pub treatment: Option<Sourced<Treatment>>,
    pub moodboard: Vec<Sourced<Image>>,
    pub storyboard: Storyboard,
    pub scenes: Vec<Sourced<Scene>>,
    pub shots: Vec<Sourced<Shot>>,
    pub locations: Vec<Sourced<Location>>,
    pub cast: Vec<Sourced<CastMember>>,
    pub extras: Vec<Sourced<ExtrasGroup>>,
    pub crew: Vec<Sourced<CrewMember>>,
    pub days: Vec<Sourced<ShootDay>>,
    pub budget: Budget,
    pub cuts: Vec<Sourced<Cut>>,
    pub reviews: Vec<Sourced<ReviewNote>>,
    pub vfx: Vec<Sourced<VfxShot>>,
    pub deliverables: Vec<Sourced<Deliverable>>,
    pub post_notes: Vec<Sourced<PostNote>>,
    /// Newest first.
    pub journal: Vec<Sourced<JournalNote>>,
    pub press_kit: Option<Sourced<PressKit>>,
    pub press_release: Option<Sourced<PressRelease>>,
    pub promo: Option<Sourced<Promo>>,
    /// Documents that could not be read; references into them are not reported as broken,
    /// since the real problem is already reported.
    pub incomplete: Incomplete,
}

/// Which kinds of item may be missing because a file holding them failed to load.
#[derive(Clone, Copy, Debug, Default)]
pub struct Incomplete {
    pub shots: bool,
    pub panels: bool,
    pub locations: bool,
    pub people: bool,
    pub days: bool,
    pub journal: bool,
    pub cuts: bool,
}

impl Production {
    /// A production with its configuration and no documents yet.
    pub fn new(config: Sourced<Config>) -> Production {
        Production {
            config,
            treatment: None,
            moodboard: Vec::new(),
            storyboard: Storyboard::default(),
            scenes: Vec::new(),
            shots: Vec::new(),
            locations: Vec::new(),
            cast: Vec::new(),
            extras: Vec::new(),
            crew: Vec::new(),
            days: Vec::new(),
            budget: Budget::default(),
            cuts: Vec::new(),
            reviews: Vec::new(),
            vfx: Vec::new(),
            deliverables: Vec::new(),
            post_notes: Vec::new(),
            journal: Vec::new(),
            press_kit: None,
            press_release: None,
            promo: None,
            incomplete: Incomplete::default(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Storyboard {
    pub aspect_ratio: Option<String>,
    pub panels: Vec<Sourced<Panel>>,
}

#[derive(Clone, Debug, Default)]
pub struct Budget {
    pub currency: Option<String>,
    pub contingency_percent: Option<f64>,
    pub fees: Vec<Fee>,
    pub lines: Vec<Sourced<BudgetLine>>,
}
