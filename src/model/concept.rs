//! The concept: `concept/treatment.md` and `concept/moodboard.yaml`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Image, Markdown};
use super::values::{HexColour, Located, Millis};

/// The treatment's front matter; its body is the treatment itself.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreatmentMeta {
    /// The treatment's title, when not the production's.
    #[serde(default)]
    pub title: Option<String>,
    /// The idea of the video in one sentence.
    #[serde(default)]
    pub logline: Option<String>,
    /// The colours of the video: a name and a hex colour each.
    #[serde(default)]
    pub palette: Vec<Swatch>,
    /// Films, photographs and videos the treatment points to, and what each is for.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// The story against the song: what happens in each section, with its time range.
    #[serde(default)]
    pub beats: Vec<Beat>,
    /// Wardrobe ideas, a line each.
    #[serde(default)]
    pub wardrobe: Vec<String>,
    /// Casting notes, a line each.
    #[serde(default)]
    pub casting: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Treatment {
    pub meta: TreatmentMeta,
    pub body: Markdown,
}

/// A colour of the palette.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Swatch {
    /// What the colour is called: "Sodium orange".
    pub name: String,
    /// The colour as a hex code, such as `#f29c38`.
    pub hex: HexColour,
}

/// A film, photograph or video the treatment points to, and what it is for.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// What the reference is: a film, a photographer's series, a video.
    pub title: String,
    /// A still of it: an image path in `assets/`.
    #[serde(default)]
    pub image: Option<Located<String>>,
    /// Where to see it: a web address.
    #[serde(default)]
    pub url: Option<String>,
    /// What the image shows, for people who cannot see it.
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
    /// The song section: intro, verse 1, chorus ...
    pub section: String,
    /// Where the beat starts in the song: `0:38` or seconds.
    pub start: Located<Millis>,
    /// Where the beat ends in the song: `1:02` or seconds.
    pub end: Located<Millis>,
    /// What happens on screen.
    pub idea: String,
}

/// The moodboard: `concept/moodboard.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moodboard {
    /// The moodboard's title.
    #[serde(default)]
    pub title: Option<String>,
    /// The images, in order, each with a caption and a credit.
    #[serde(default)]
    pub images: Vec<Image>,
}
