//! `post/`: cuts, review notes, VFX, deliverables and the edit, colour and sound notes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Markdown;
use super::values::{Date, FrameRate, Id, Located, Millis, Timecode};

/// The cuts: `post/cuts.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CutsFile {
    /// The versions of the edit, oldest first.
    #[serde(default)]
    pub cuts: Vec<Cut>,
}

/// A version of the edit.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cut {
    /// The version name reviews refer to: `v1`, `v2-colour`.
    pub version: Id,
    /// When the cut was delivered, such as `2026-11-02`.
    pub date: Date,
    /// The cut's length, such as `3:44`.
    #[serde(default)]
    pub duration: Option<Millis>,
    /// The frame rate of the cut's timeline, which its review notes' SMPTE timecodes count
    /// frames at: `24`, `25`, `29.97` (the production's `video.frame_rate` by default).
    #[serde(default)]
    pub frame_rate: Option<FrameRate>,
    /// Where to watch it: a review link.
    #[serde(default)]
    pub link: Option<String>,
    /// Where the cut stands: pending review, changes requested or approved.
    pub status: CutStatus,
    /// What changed in this cut.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Where a cut stands in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum CutStatus {
    /// Pending review: waiting for notes.
    #[serde(rename = "pending review")]
    PendingReview,
    /// Changes requested: notes are in, a new cut is due.
    #[serde(rename = "changes requested")]
    ChangesRequested,
    /// Approved: signed off.
    #[serde(rename = "approved")]
    Approved,
}

impl CutStatus {
    pub fn name(self) -> &'static str {
        match self {
            CutStatus::PendingReview => "pending review",
            CutStatus::ChangesRequested => "changes requested",
            CutStatus::Approved => "approved",
        }
    }
}

/// Review notes: `post/reviews.yaml` or `post/reviews/*`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewsFile {
    /// The notes of every review round.
    #[serde(default)]
    pub reviews: Vec<ReviewNote>,
}

/// One note from a review round, pinned to a timecode of a cut.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewNote {
    /// The cut the note is about, by its `version`.
    pub version: Id,
    /// Where in the cut: `38`, `0:38` or an SMPTE timecode `00:00:38:12`.
    pub timecode: Located<Timecode>,
    /// Who gave the note.
    pub author: String,
    /// The note itself.
    pub note: String,
    /// Whether the note has been dealt with: `true` or `false`.
    #[serde(default)]
    pub resolved: bool,
}

/// The VFX shots: `post/vfx.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VfxFile {
    /// The visual effects work, a task each.
    #[serde(default)]
    pub vfx: Vec<VfxShot>,
}

/// A piece of visual effects work on a shot.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VfxShot {
    /// The shot, by its id.
    pub shot: Id,
    /// What is to be done: "Remove rigging", "Sky replacement".
    pub task: String,
    /// Who does it: a VFX studio or an artist.
    #[serde(default)]
    pub vendor: Option<String>,
    /// Where the work stands: not started, in progress, in review or done.
    pub status: WorkStatus,
    /// When it is due, such as `2026-11-20`.
    #[serde(default)]
    pub due: Option<Date>,
}

/// The deliverables: `post/deliverables.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliverablesFile {
    /// The files to deliver: masters, versions for each platform, subtitles.
    #[serde(default)]
    pub deliverables: Vec<Deliverable>,
}

/// A file to deliver.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deliverable {
    /// What it is: "YouTube master", "Clean version".
    pub name: String,
    /// The cut it is made from (`v3`): a deliverable of a cut is shown only where the cut is.
    #[serde(default)]
    pub cut: Option<Id>,
    /// The file format or codec: "ProRes 422 HQ", "H.264".
    #[serde(default)]
    pub format: Option<String>,
    /// The picture size: "3840x2160", "1080x1920".
    #[serde(default)]
    pub resolution: Option<String>,
    /// When it is due, such as `2027-01-30`.
    #[serde(default)]
    pub due: Option<Date>,
    /// Where it stands: not started, in progress, in review or done.
    pub status: WorkStatus,
    /// Anything else: loudness, captions, where it goes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Progress of a piece of post work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum WorkStatus {
    /// Not started.
    #[serde(rename = "not started")]
    NotStarted,
    /// In progress: someone is working on it.
    #[serde(rename = "in progress")]
    InProgress,
    /// In review: waiting for approval.
    #[serde(rename = "in review")]
    InReview,
    /// Done: approved and delivered.
    #[serde(rename = "done")]
    Done,
}

impl WorkStatus {
    pub fn name(self) -> &'static str {
        match self {
            WorkStatus::NotStarted => "not started",
            WorkStatus::InProgress => "in progress",
            WorkStatus::InReview => "in review",
            WorkStatus::Done => "done",
        }
    }
}

/// Front matter of an edit, colour or sound note (`post/colour.md`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostNoteMeta {
    /// The note's title, when not "Edit", "Colour" or "Sound" from its file name.
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Clone, Debug)]
pub struct PostNote {
    /// From the file name: `edit`, `colour`, `sound` ...
    pub slug: String,
    pub title: String,
    pub body: Markdown,
}
