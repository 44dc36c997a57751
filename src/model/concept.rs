//! The concept: `concept/treatment.md` and `concept/moodboard.yaml`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Image, Markdown};
use super::values::{HexColour, Located, Millis};

/// The treatment's front matter; its body is the treatment itself.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreatmentMeta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub logline: Option<String>,
    #[serde(default)]
    pub palette: Vec<Swatch>,
    #[serde(default)]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub beats: Vec<Beat>,
    #[serde(default)]
    pub wardrobe: Vec<String>,
    #[serde(default)]
    pub casting: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Treatment {
    pub meta: TreatmentMeta,
    pub body: Markdown,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Swatch {
    pub name: String,
    pub hex: HexColour,
}

/// A film, photograph or video the treatment points to, and what it is for.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    #[serde(default)]
    pub image: Option<Located<String>>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub alt: Option<String>,
    /// What the reference is for: "the light", "the camera moves".
    #[serde(default, rename = "for")]
    pub purpose: Option<String>,
}

/// A beat of the video against a section of the song.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Beat {
    pub section: String,
    pub start: Located<Millis>,
    pub end: Located<Millis>,
    pub idea: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moodboard {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub images: Vec<Image>,
}
