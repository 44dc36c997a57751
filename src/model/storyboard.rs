//! `storyboard.yaml`: the panels, in order.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::{Id, Located, Millis};

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StoryboardFile {
    #[serde(default)]
    pub aspect_ratio: Option<String>,
    #[serde(default)]
    pub panels: Vec<Panel>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    pub id: Id,
    #[serde(default)]
    pub image: Option<Located<String>>,
    #[serde(default)]
    pub alt: Option<String>,
    /// The song section: intro, verse 1, chorus ...
    #[serde(default)]
    pub section: Option<String>,
    /// Where in the song the panel starts.
    #[serde(default)]
    pub timecode: Option<Millis>,
    #[serde(default)]
    pub duration: Option<Millis>,
    pub action: String,
    #[serde(default)]
    pub lyric: Option<String>,
    #[serde(default)]
    pub camera: Option<String>,
    /// The shot that films this panel.
    #[serde(default)]
    pub shot: Option<Id>,
}
