//! The typed production model: plain data, no I/O. Every stage after `load` works on it.
//!
//! Items in lists are wrapped in [`Sourced`] because a document kind may be spread over a
//! folder of files; the file id says which one an item came from, for diagnostics.

pub mod budget;
pub mod common;
pub mod concept;
pub mod config;
pub mod currency;
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
pub use currency::Currency;
pub use journal::{JournalNote, Stage};
pub use locations::Location;
pub use people::{CastMember, CrewMember, Department, ExtrasGroup};
pub use post::{Cut, Deliverable, PostNote, ReviewNote, VfxShot};
pub use release::{PressKit, PressRelease, Promo};
pub use schedule::ShootDay;
pub use shots::{Scene, Shot, ShotSize, ShotStatus};
pub use storyboard::Panel;
pub use values::{
    ClockTime, Date, DateTime, FrameRate, HexColour, Id, Located, Millis, Money, Pos, Smpte,
    Timecode,
};

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
    pub departments: Vec<Sourced<Department>>,
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
    /// Whether draft notes are published too, each marked as a draft (`--drafts`, for a
    /// writer's preview).
    pub drafts_shown: bool,
}

/// The kinds of document that lost a file, or an item of one, to errors: their items may be
/// missing, so references into them are not judged (`clapboard.yaml` among them means fields
/// such as the release date may be missing).
#[derive(Clone, Debug, Default)]
pub struct Incomplete(std::collections::BTreeSet<crate::load::Kind>);

impl Incomplete {
    pub fn mark(&mut self, kind: crate::load::Kind) {
        self.0.insert(kind);
    }

    /// Whether documents of `kind` may be missing items.
    pub fn has(&self, kind: crate::load::Kind) -> bool {
        self.0.contains(&kind)
    }
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
            departments: Vec::new(),
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
            drafts_shown: false,
        }
    }

    /// Whether the journal note is published: it is not a draft, or drafts are shown.
    pub fn publishes(&self, note: &JournalNote) -> bool {
        !note.meta.draft || self.drafts_shown
    }

    /// The crew's departments in call-sheet order: those the people document's `departments`
    /// names, in its order; then the others in the order call sheets use
    /// ([`people::CALL_SHEET_ORDER`], by the words in their names), and last those it does not
    /// know, in the order the crew list first gives them.
    pub fn department_order(&self) -> Vec<&str> {
        let mut order: Vec<&str> = Vec::new();
        for name in self.departments.iter().map(|d| d.name.value.as_str()) {
            if !order.iter().any(|known| same_department(known, name)) {
                order.push(name);
            }
        }
        let mut others: Vec<&str> = Vec::new();
        for name in self.crew.iter().map(|m| m.department.as_str()) {
            let known = order
                .iter()
                .chain(&others)
                .any(|k| same_department(k, name));
            if !known {
                others.push(name);
            }
        }
        // A stable sort keeps the crew list's order among equals.
        others.sort_by_key(|name| people::call_sheet_rank(name));
        order.extend(others);
        order
    }

    /// Whether the department `name` works on set: as `departments` says, or else unless its
    /// name is post-production's ([`people::POST_WORDS`]).
    pub fn on_set(&self, name: &str) -> bool {
        match self
            .departments
            .iter()
            .find(|d| same_department(&d.name.value, name))
        {
            Some(department) => department.on_set,
            None => !people::is_post(name),
        }
    }

    /// The crew `day` calls, in call-sheet order (by department, then as the crew list gives
    /// them): those its `crew` names by id or department, or without it everyone of a
    /// department on set; and everyone it gives a call time in `crew_calls`.
    pub fn called_crew(&self, day: &ShootDay) -> Vec<&CrewMember> {
        let named = |member: &CrewMember| match &day.crew {
            Some(names) => names.iter().any(|name| {
                name.value == member.id.value || same_department(&name.value, &member.department)
            }),
            None => self.on_set(&member.department),
        };
        let timed = |member: &CrewMember| {
            day.crew_calls
                .iter()
                .any(|call| call.person.value == member.id.value)
        };
        let order = self.department_order();
        let rank = |member: &CrewMember| {
            order
                .iter()
                .position(|d| same_department(d, &member.department))
                .unwrap_or(order.len())
        };
        let mut called: Vec<&CrewMember> = self
            .crew
            .iter()
            .map(|m| &m.inner)
            .filter(|m| named(m) || timed(m))
            .collect();
        // A stable sort keeps the crew list's order within a department.
        called.sort_by_key(|m| rank(m));
        called
    }

    /// The shoot days in date order (by number on one date): day X of Y counts in this order.
    pub fn days_by_date(&self) -> Vec<&Sourced<ShootDay>> {
        let mut days: Vec<_> = self.days.iter().collect();
        days.sort_by_key(|d| (d.date.value, d.day.value));
        days
    }

    /// The day each shot is scheduled on, by shot id: the earliest by date when a shot is
    /// on several days (which the check warns of).
    pub fn shot_days(&self) -> std::collections::HashMap<&str, u32> {
        let mut days = std::collections::HashMap::new();
        for day in self.days_by_date() {
            for shot in &day.shots {
                days.entry(shot.value.as_str()).or_insert(day.day.value);
            }
        }
        days
    }

    /// The video's length: the press kit's `runtime`, the approved cut's (the latest
    /// approved), or the song's while neither is known.
    pub fn video_runtime(&self) -> Millis {
        self.press_kit
            .as_ref()
            .and_then(|kit| kit.runtime.as_ref())
            .map(|r| r.value)
            .or_else(|| self.approved_cut().and_then(|c| c.duration))
            .unwrap_or(self.config.song.duration)
    }

    /// The latest approved cut, the one the video is released from.
    pub fn approved_cut(&self) -> Option<&Sourced<post::Cut>> {
        self.cuts
            .iter()
            .filter(|c| c.status == post::CutStatus::Approved)
            .max_by_key(|c| c.date)
    }

    /// The frame rate the timecodes of cut `version` count at: the cut's, the video's, or
    /// [`FrameRate::DEFAULT`].
    pub fn frame_rate(&self, version: &str) -> FrameRate {
        self.cuts
            .iter()
            .find(|c| c.version.value == version)
            .and_then(|c| c.frame_rate)
            .or_else(|| self.config.video.as_ref().and_then(|v| v.frame_rate))
            .unwrap_or(FrameRate::DEFAULT)
    }

    /// The screen time of every shot.
    pub fn shots_runtime(&self) -> Millis {
        runtime(self.shots.iter().map(|s| &s.inner))
    }

    /// The journal's published notes (not drafts, unless drafts are shown), in the journal's
    /// order.
    pub fn published_notes(&self) -> Vec<&JournalNote> {
        self.journal
            .iter()
            .filter(|n| self.publishes(n))
            .map(|n| &n.inner)
            .collect()
    }

    /// The shots at `location`.
    pub fn shots_at<'a>(&'a self, location: &'a Id) -> impl Iterator<Item = &'a Sourced<Shot>> {
        let here = |s: &&Sourced<Shot>| {
            s.location
                .as_ref()
                .is_some_and(|x| x.value == location.value)
        };
        self.shots.iter().filter(here)
    }

    /// How many VFX shots are done.
    pub fn vfx_done(&self) -> usize {
        let done = |v: &&Sourced<post::VfxShot>| v.status == post::WorkStatus::Done;
        self.vfx.iter().filter(done).count()
    }

    /// How many deliverables are delivered.
    pub fn deliverables_done(&self) -> usize {
        let done = |d: &&Sourced<post::Deliverable>| d.status == post::WorkStatus::Done;
        self.deliverables.iter().filter(done).count()
    }

    /// How many review notes are not resolved.
    pub fn open_reviews(&self) -> usize {
        self.reviews.iter().filter(|r| !r.resolved).count()
    }
}

/// The screen time of `shots`: the sum of the durations given.
pub fn runtime<'a>(shots: impl IntoIterator<Item = &'a Shot>) -> Millis {
    shots.into_iter().filter_map(|s| s.duration).sum()
}

impl Storyboard {
    /// The storyboard's length: the sum of the panels' durations given.
    pub fn runtime(&self) -> Millis {
        self.panels.iter().filter_map(|p| p.duration).sum()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Storyboard {
    pub aspect_ratio: Option<String>,
    pub panels: Vec<Sourced<Panel>>,
}

#[derive(Clone, Debug, Default)]
pub struct Budget {
    pub currency: Option<Sourced<Located<String>>>,
    pub contingency_percent: Option<f64>,
    pub fees: Vec<Fee>,
    pub lines: Vec<Sourced<BudgetLine>>,
}

impl Budget {
    /// The currency of the budget, in which every amount of the production is written.
    pub fn currency(&self) -> Currency {
        Currency::new(self.currency.as_ref().map(|c| c.value.as_str()))
    }
}

/// A place where the production names an image file.
pub struct ImageUse<'a> {
    pub file: FileId,
    /// The field path, such as `panels[3].image`.
    pub field: String,
    pub path: &'a Located<String>,
    pub alt: Option<&'a str>,
    pub caption: Option<&'a str>,
    /// Whether the image belongs to a public document (press kit, journal, release).
    pub public: bool,
}

/// A Markdown body of the production and the file it is in.
pub struct Body<'a> {
    pub file: FileId,
    pub markdown: &'a Markdown,
    /// A journal note marked `draft`: it is published nowhere.
    pub draft: bool,
    /// A journal note, drafts included.
    pub journal: bool,
}

impl Production {
    /// Every Markdown body: the treatment, post notes, journal notes and press release.
    pub fn bodies(&self) -> Vec<Body<'_>> {
        let body = |file, markdown, draft, journal| Body {
            file,
            markdown,
            draft,
            journal,
        };
        let mut bodies = Vec::new();
        if let Some(t) = &self.treatment {
            bodies.push(body(t.file, &t.body, false, false));
        }
        bodies.extend(
            self.post_notes
                .iter()
                .map(|n| body(n.file, &n.body, false, false)),
        );
        bodies.extend(
            self.journal
                .iter()
                .map(|n| body(n.file, &n.body, !self.publishes(n), true)),
        );
        if let Some(r) = &self.press_release {
            bodies.push(body(r.file, &r.body, false, false));
        }
        bodies
    }

    /// Takes the readings of `other`'s Markdown bodies for the same texts, so that a body read
    /// for the check is not read again for a site.
    pub fn adopt_readings(&self, other: &Production) {
        // Bodies cloned from one document (every note's) share their reading cell already:
        // only the others are matched by their text.
        let (mine, theirs) = (self.bodies(), other.bodies());
        let cells = |bodies: &[Body]| -> foldhash::HashSet<usize> {
            bodies.iter().map(|b| b.markdown.reading_cell()).collect()
        };
        let (my_cells, their_cells) = (cells(&mine), cells(&theirs));
        let read: foldhash::HashMap<&str, &Markdown> = theirs
            .iter()
            .filter(|b| !my_cells.contains(&b.markdown.reading_cell()))
            .map(|b| (&*b.markdown.text, b.markdown))
            .collect();
        for body in &mine {
            if their_cells.contains(&body.markdown.reading_cell()) {
                continue;
            }
            if let Some(from) = read.get(&*body.markdown.text) {
                body.markdown.adopt_reading(from);
            }
        }
    }

    /// Every image the documents name, in document order.
    pub fn images(&self) -> Vec<ImageUse<'_>> {
        let mut uses = Vec::new();
        let mut push = |file, field: String, path, alt, caption, public| {
            uses.push(ImageUse {
                file,
                field,
                path,
                alt,
                caption,
                public,
            })
        };
        let config = &self.config;
        if let Some(poster) = config.video.as_ref().and_then(|v| v.poster.as_ref()) {
            push(
                config.file,
                "video.poster".into(),
                poster,
                None,
                Some(config.title.as_str()),
                true,
            );
        }
        if let Some(t) = &self.treatment {
            for (i, r) in t.meta.references.iter().enumerate() {
                if let Some(image) = &r.image {
                    push(
                        t.file,
                        format!("references[{i}].image"),
                        image,
                        r.alt.as_deref(),
                        Some(r.title.as_str()),
                        false,
                    );
                }
            }
        }
        for (i, image) in self.moodboard.iter().enumerate() {
            push(
                image.file,
                format!("images[{i}].file"),
                &image.inner.file,
                image.alt.as_deref(),
                image.caption.as_deref(),
                false,
            );
        }
        for (i, panel) in self.storyboard.panels.iter().enumerate() {
            if let Some(image) = &panel.image {
                push(
                    panel.file,
                    format!("panels[{i}].image"),
                    image,
                    panel.alt.as_deref(),
                    Some(panel.action.as_str()),
                    false,
                );
            }
        }
        for (i, location) in self.locations.iter().enumerate() {
            for (j, photo) in location.photos.iter().enumerate() {
                push(
                    location.file,
                    format!("locations[{i}].photos[{j}].file"),
                    &photo.file,
                    photo.alt.as_deref(),
                    photo.caption.as_deref(),
                    false,
                );
            }
        }
        for note in &self.journal {
            if let Some(cover) = &note.meta.cover {
                push(
                    note.file,
                    "cover".into(),
                    cover,
                    note.meta.cover_alt.as_deref(),
                    None,
                    self.publishes(note),
                );
            }
        }
        if let Some(kit) = &self.press_kit {
            for (i, image) in kit.images.iter().enumerate() {
                push(
                    kit.file,
                    format!("images[{i}].file"),
                    &image.file,
                    image.alt.as_deref(),
                    image.caption.as_deref(),
                    true,
                );
            }
            for (i, logo) in kit.logos.iter().enumerate() {
                push(
                    kit.file,
                    format!("logos[{i}].file"),
                    &logo.file,
                    logo.alt.as_deref(),
                    logo.caption.as_deref(),
                    true,
                );
            }
        }
        uses
    }
}

/// Department names compare as people type them: case and surrounding space ignored.
pub fn same_department(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}
