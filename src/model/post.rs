//! `post/`: cuts, review notes, VFX, deliverables and the edit, colour and sound notes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Markdown;
use super::values::{Date, FrameRate, Id, Located, Millis, Timecode};

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CutsFile {
    #[serde(default)]
    pub cuts: Vec<Cut>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cut {
    /// The version name reviews refer to: `v1`, `v2-colour`.
    pub version: Id,
    pub date: Date,
    #[serde(default)]
    pub duration: Option<Millis>,
    /// The frame rate of the cut's timeline, which its review notes' SMPTE timecodes count
    /// frames at: `24`, `25`, `29.97` (the production's `video.frame_rate` by default).
    #[serde(default)]
    pub frame_rate: Option<FrameRate>,
    #[serde(default)]
    pub link: Option<String>,
    pub status: CutStatus,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum CutStatus {
    #[serde(rename = "pending review")]
    PendingReview,
    #[serde(rename = "changes requested")]
    ChangesRequested,
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

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewsFile {
    #[serde(default)]
    pub reviews: Vec<ReviewNote>,
}

/// One note from a review round, pinned to a timecode of a cut.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewNote {
    pub version: Id,
    /// Where in the cut: `38`, `0:38` or an SMPTE timecode `00:00:38:12`.
    pub timecode: Located<Timecode>,
    pub author: String,
    pub note: String,
    #[serde(default)]
    pub resolved: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VfxFile {
    #[serde(default)]
    pub vfx: Vec<VfxShot>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VfxShot {
    pub shot: Id,
    pub task: String,
    #[serde(default)]
    pub vendor: Option<String>,
    pub status: WorkStatus,
    #[serde(default)]
    pub due: Option<Date>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliverablesFile {
    #[serde(default)]
    pub deliverables: Vec<Deliverable>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deliverable {
    pub name: String,
    /// The cut it is made from (`v3`): a deliverable of a cut is shown only where the cut is.
    #[serde(default)]
    pub cut: Option<Id>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default)]
    pub due: Option<Date>,
    pub status: WorkStatus,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Progress of a piece of post work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum WorkStatus {
    #[serde(rename = "not started")]
    NotStarted,
    #[serde(rename = "in progress")]
    InProgress,
    #[serde(rename = "in review")]
    InReview,
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
