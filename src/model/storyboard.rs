//! `storyboard.yaml`: the panels, in order.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::{Id, Located, Millis};

/// The storyboard: `storyboard.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StoryboardFile {
    /// The frame's aspect ratio, such as `2.39:1` or `16:9`.
    #[serde(default)]
    pub aspect_ratio: Option<String>,
    /// The panels, in story order.
    #[serde(default)]
    pub panels: Vec<Panel>,
}

/// A storyboard panel: one drawing or frame of the story.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    /// The panel's number or name, such as `3`: shots and Markdown (`panel:3`) refer to it.
    pub id: Id,
    /// The drawing or frame: an image path in `assets/`.
    #[serde(default)]
    pub image: Option<Located<String>>,
    /// What the drawing shows, for people who cannot see it.
    #[serde(default)]
    pub alt: Option<String>,
    /// The song section: intro, verse 1, chorus ...
    #[serde(default)]
    pub section: Option<String>,
    /// Where in the song the panel starts.
    #[serde(default)]
    pub timecode: Option<Millis>,
    /// How long the panel lasts on screen: `4` (seconds) or `0:04`.
    #[serde(default)]
    pub duration: Option<Millis>,
    /// What happens in the panel.
    pub action: String,
    /// The lyric heard over the panel.
    #[serde(default)]
    pub lyric: Option<String>,
    /// Camera notes: framing, movement, lens.
    #[serde(default)]
    pub camera: Option<String>,
    /// The shot that films this panel.
    #[serde(default)]
    pub shot: Option<Id>,
}
