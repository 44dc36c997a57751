//! Pieces shared by several documents: images, contacts, Markdown bodies.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::Located;

/// An image from `assets/`, referenced by its path relative to the project folder.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The image's path relative to the project folder, such as `assets/stills/depot.jpg`.
    pub file: Located<String>,
    /// A caption shown under the image.
    #[serde(default)]
    pub caption: Option<String>,
    /// What the image shows, for people who cannot see it.
    #[serde(default)]
    pub alt: Option<String>,
    /// Who made the image: "Photo: Kim Ode".
    #[serde(default)]
    pub credit: Option<String>,
}

/// How to reach someone.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The person's or office's name.
    #[serde(default)]
    pub name: Option<String>,
    /// What they do: "Producer", "Location manager".
    #[serde(default)]
    pub role: Option<String>,
    /// A phone number, as it should be dialled: `+44 20 7946 0000`.
    #[serde(default)]
    pub phone: Option<String>,
    /// An email address.
    #[serde(default)]
    pub email: Option<String>,
}

/// A hospital, for the call sheet's safety box.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hospital {
    /// The hospital's name.
    pub name: String,
    /// The hospital's address, for a map link and the call sheet.
    #[serde(default)]
    pub address: Option<String>,
    /// The hospital's phone number.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A named link: a streaming service, a social account, a reference film.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// What the link is called on the page: "Spotify", "Instagram".
    pub name: String,
    /// The web address.
    pub url: String,
}

/// Markdown text and where it starts in its file, so that problems inside it can be placed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Markdown {
    /// Shared by the body's clones (the check's production, each site's and the dev server's
    /// cache hold one text) and with the text of the file it was read from.
    pub text: SharedText,
    /// The 1-based line of the file on which `text` begins.
    #[serde(skip)]
    pub first_line: u32,
    /// The text as read by [`crate::markdown::read`], the first time it is needed. Clones
    /// share the cell, so the check, every site and the dev server's next rebuild (which
    /// clones an unchanged file's body from its cache) share one reading.
    #[serde(skip)]
    read: std::sync::Arc<std::sync::OnceLock<std::sync::Arc<crate::markdown::Document>>>,
    /// A hash of the text, made the first time it is needed and shared as the reading is.
    #[serde(skip)]
    hashed: std::sync::Arc<std::sync::OnceLock<u64>>,
}

/// A text that is the end of a file's text, sharing it: the file's text, as the load stage
/// keeps it for placing problems, and where this text starts in it.
#[derive(Clone, Default)]
pub struct SharedText {
    whole: std::sync::Arc<str>,
    start: usize,
}

impl SharedText {
    /// The end of `whole` from byte `start`, which must be a character boundary.
    pub fn end_of(whole: std::sync::Arc<str>, start: usize) -> SharedText {
        assert!(
            whole.is_char_boundary(start),
            "a text starts at a character"
        );
        SharedText { whole, start }
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> SharedText {
        SharedText::end_of(text.into(), 0)
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.whole[self.start..]
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        **self == **other
    }
}

impl Eq for SharedText {}

impl std::hash::Hash for SharedText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for SharedText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl Markdown {
    pub fn new(text: impl Into<SharedText>, first_line: u32) -> Markdown {
        Markdown {
            text: text.into(),
            first_line,
            read: Default::default(),
            hashed: Default::default(),
        }
    }

    /// A hash of the text, for keys of what is made from it.
    pub fn text_hash(&self) -> u64 {
        *self
            .hashed
            .get_or_init(|| crate::cache::hash_of(&self.text))
    }

    /// What tells this body's reading cell from others: clones of one body share it, and
    /// share their reading with it.
    pub fn reading_cell(&self) -> usize {
        std::sync::Arc::as_ptr(&self.read) as usize
    }

    /// Shares `other`'s reading, if it has one, when both hold the same text.
    pub fn adopt_reading(&self, other: &Markdown) {
        if let Some(read) = other.read.get()
            && other.text == self.text
        {
            let _ = self.read.set(read.clone());
        }
    }

    /// The text, parsed once and shared by every reader of this body and its clones.
    pub fn document(&self) -> &crate::markdown::Document {
        self.read
            .get_or_init(|| std::sync::Arc::new(crate::markdown::read(&self.text)))
    }
}

impl<'de> Deserialize<'de> for Markdown {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let located = Located::<String>::deserialize(deserializer)?;
        Ok(Markdown::new(located.value, located.at.line))
    }
}
