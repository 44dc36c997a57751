//! Pieces shared by several documents: images, contacts, Markdown bodies.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::Located;

/// An image from `assets/`, referenced by its path relative to the project folder.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub file: Located<String>,
    #[serde(default)]
    pub caption: Option<String>,
    /// What the image shows, for people who cannot see it.
    #[serde(default)]
    pub alt: Option<String>,
    #[serde(default)]
    pub credit: Option<String>,
}

/// How to reach someone.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// A hospital, for the call sheet's safety box.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hospital {
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// A named link: a streaming service, a social account, a reference film.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// Markdown text and where it starts in its file, so that problems inside it can be placed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Markdown {
    pub text: String,
    /// The 1-based line of the file on which `text` begins.
    #[serde(skip)]
    pub first_line: u32,
}

impl<'de> Deserialize<'de> for Markdown {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let located = Located::<String>::deserialize(deserializer)?;
        Ok(Markdown {
            text: located.value,
            first_line: located.at.line,
        })
    }
}
