//! `shots.yaml`: the shot list.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::{Id, Millis, OneOrMany};

/// The shot list: `shots.yaml` or `shots/*.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShotsFile {
    /// Optional names for scenes; shots refer to them by `scene`.
    #[serde(default)]
    pub scenes: Vec<Scene>,
    /// The shots, in any order; the site groups them by scene, location or day.
    #[serde(default)]
    pub shots: Vec<Shot>,
}

/// A scene: shots that play together in one place and time.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// The scene's number or name, such as `1`: shots give it as `scene`.
    pub id: Id,
    /// The scene's name: "The depot".
    pub name: String,
    /// What happens in the scene.
    #[serde(default)]
    pub description: Option<String>,
}

/// A shot: one set-up of the camera.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shot {
    /// The shot's id, such as `1A` or `12C`: the schedule and Markdown (`shot:1A`) refer to it.
    pub id: Id,
    /// The scene the shot belongs to, by its id.
    pub scene: Id,
    /// The storyboard panel the shot films, by its id.
    #[serde(default)]
    pub panel: Option<Id>,
    /// What the shot shows.
    pub description: String,
    /// How much of the subject the frame holds, from ECU (extreme close-up) to EWS (extreme wide).
    #[serde(default)]
    pub size: Option<ShotSize>,
    /// The camera's angle: eye level, low, high, top shot, Dutch.
    #[serde(default)]
    pub angle: Option<String>,
    /// How the camera moves: static, pan, tilt, dolly, handheld, Steadicam, drone.
    #[serde(default)]
    pub movement: Option<String>,
    /// The lens: focal length and kind, such as `35mm` or `75mm macro`.
    #[serde(default)]
    pub lens: Option<String>,
    /// The frame rate the shot is filmed at, such as `25`, or `50` and `120` for slow motion.
    #[serde(default)]
    pub fps: Option<f64>,
    /// Estimated screen time in the cut.
    #[serde(default)]
    pub duration: Option<Millis>,
    /// Where the shot is filmed: a location's id from the locations document.
    #[serde(default)]
    pub location: Option<Id>,
    /// Who is in the shot: a cast member's id, or a list of them.
    #[serde(default)]
    pub cast: OneOrMany<Id>,
    /// The song section the shot plays over: intro, verse 1, chorus ...
    #[serde(default)]
    pub section: Option<String>,
    /// The lyric the shot plays over.
    #[serde(default)]
    pub lyric: Option<String>,
    /// Whether the artist lip-syncs to playback.
    #[serde(default)]
    pub playback: bool,
    /// Special equipment the shot needs, a line each: a crane, a macro lens, rain towers.
    #[serde(default)]
    pub gear: Vec<String>,
    /// Where the shot is: planned, scheduled, shot, selected or cut (in the final edit). `planned`
    /// by default.
    #[serde(default)]
    pub status: ShotStatus,
    /// Anything else the crew should know.
    #[serde(default)]
    pub notes: Option<String>,
}

/// How much of the subject the frame holds.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
pub enum ShotSize {
    /// Extreme close-up: a detail, such as the eyes, a hand or an object.
    #[serde(rename = "ECU")]
    ExtremeCloseUp,
    /// Close-up: the face fills the frame.
    #[serde(rename = "CU")]
    CloseUp,
    /// Medium close-up: head and shoulders.
    #[serde(rename = "MCU")]
    MediumCloseUp,
    /// Medium shot: from the waist up.
    #[serde(rename = "MS")]
    Medium,
    /// Medium wide shot: from the knees up.
    #[serde(rename = "MWS")]
    MediumWide,
    /// Wide shot: the whole body, with room around it.
    #[serde(rename = "WS")]
    Wide,
    /// Extreme wide shot: the place, with people small in it.
    #[serde(rename = "EWS")]
    ExtremeWide,
    /// Insert: a cutaway to a detail or an object that matters to the story.
    #[serde(rename = "insert")]
    Insert,
    /// Over the shoulder: past one person's shoulder onto another.
    #[serde(rename = "OTS")]
    OverTheShoulder,
    /// Two-shot: two people in the frame together.
    #[serde(rename = "two-shot")]
    TwoShot,
}

impl ShotSize {
    pub fn abbreviation(self) -> &'static str {
        match self {
            ShotSize::ExtremeCloseUp => "ECU",
            ShotSize::CloseUp => "CU",
            ShotSize::MediumCloseUp => "MCU",
            ShotSize::Medium => "MS",
            ShotSize::MediumWide => "MWS",
            ShotSize::Wide => "WS",
            ShotSize::ExtremeWide => "EWS",
            ShotSize::Insert => "insert",
            ShotSize::OverTheShoulder => "OTS",
            ShotSize::TwoShot => "two-shot",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ShotSize::ExtremeCloseUp => "extreme close-up",
            ShotSize::CloseUp => "close-up",
            ShotSize::MediumCloseUp => "medium close-up",
            ShotSize::Medium => "medium shot",
            ShotSize::MediumWide => "medium wide shot",
            ShotSize::Wide => "wide shot",
            ShotSize::ExtremeWide => "extreme wide shot",
            ShotSize::Insert => "insert",
            ShotSize::OverTheShoulder => "over the shoulder",
            ShotSize::TwoShot => "two-shot",
        }
    }
}

/// Where a shot is in its life, in order.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Deserialize,
    Serialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ShotStatus {
    /// Planned: on the shot list, not yet on a shoot day.
    #[default]
    Planned,
    /// Scheduled: on a shoot day's list.
    Scheduled,
    /// Shot: filmed, not yet chosen in the edit.
    Shot,
    /// Selected: a take is chosen for the edit.
    Selected,
    /// Cut: in the final edit.
    Cut,
}

impl ShotStatus {
    pub const ALL: [ShotStatus; 5] = [
        ShotStatus::Planned,
        ShotStatus::Scheduled,
        ShotStatus::Shot,
        ShotStatus::Selected,
        ShotStatus::Cut,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ShotStatus::Planned => "planned",
            ShotStatus::Scheduled => "scheduled",
            ShotStatus::Shot => "shot",
            ShotStatus::Selected => "selected",
            ShotStatus::Cut => "cut",
        }
    }
}
