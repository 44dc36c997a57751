//! `shots.yaml`: the shot list.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::{Id, Millis, OneOrMany};

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShotsFile {
    /// Optional names for scenes; shots refer to them by `scene`.
    #[serde(default)]
    pub scenes: Vec<Scene>,
    #[serde(default)]
    pub shots: Vec<Shot>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shot {
    pub id: Id,
    pub scene: Id,
    #[serde(default)]
    pub panel: Option<Id>,
    pub description: String,
    #[serde(default)]
    pub size: Option<ShotSize>,
    #[serde(default)]
    pub angle: Option<String>,
    #[serde(default)]
    pub movement: Option<String>,
    #[serde(default)]
    pub lens: Option<String>,
    #[serde(default)]
    pub fps: Option<f64>,
    /// Estimated screen time in the cut.
    #[serde(default)]
    pub duration: Option<Millis>,
    #[serde(default)]
    pub location: Option<Id>,
    #[serde(default)]
    pub cast: OneOrMany<Id>,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub lyric: Option<String>,
    /// Whether the artist lip-syncs to playback.
    #[serde(default)]
    pub playback: bool,
    #[serde(default)]
    pub gear: Vec<String>,
    #[serde(default)]
    pub status: ShotStatus,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
pub enum ShotSize {
    #[serde(rename = "ECU")]
    ExtremeCloseUp,
    #[serde(rename = "CU")]
    CloseUp,
    #[serde(rename = "MCU")]
    MediumCloseUp,
    #[serde(rename = "MS")]
    Medium,
    #[serde(rename = "MWS")]
    MediumWide,
    #[serde(rename = "WS")]
    Wide,
    #[serde(rename = "EWS")]
    ExtremeWide,
    #[serde(rename = "insert")]
    Insert,
    #[serde(rename = "OTS")]
    OverTheShoulder,
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
    #[default]
    Planned,
    Scheduled,
    Shot,
    Selected,
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
