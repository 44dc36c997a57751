//! The press kit's factsheet and the press release, shared by their pages and the zip.

use chrono::NaiveDateTime;
use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Contact, Production};

/// One line of the factsheet: "Runtime: 3:38".
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Fact {
    pub name: String,
    pub value: String,
}

/// The facts journalists ask for, from `clapboard.yaml` and the press kit's extra facts.
pub fn factsheet(p: &Production) -> Vec<Fact> {
    let c = &p.config;
    let fact = |name: &str, value: &str| Fact {
        name: name.to_string(),
        value: value.to_string(),
    };
    let mut facts = vec![fact("Artist", &c.artist), fact("Song", &c.song.title)];
    let release_date = c.release_date.as_ref().map(|d| d.value.long());
    let runtime = p.video_runtime().to_string();
    for (name, value) in [
        ("Label", c.song.label.as_deref()),
        ("Release date", release_date.as_deref()),
        ("Runtime", Some(runtime.as_str())),
        ("Director", c.director.as_deref()),
        ("Production company", c.production_company.as_deref()),
        ("ISRC", c.song.isrc.as_deref()),
    ] {
        if let Some(value) = value {
            facts.push(fact(name, value));
        }
    }
    if let Some(kit) = &p.press_kit {
        facts.extend(kit.facts.iter().map(|f| fact(&f.name, &f.value)));
    }
    facts
}

/// `/press/release/`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PressRelease<'a> {
    pub headline: &'a str,
    pub subheadline: &'a Option<String>,
    pub dateline: &'a Option<String>,
    pub embargo: Option<String>,
    /// Whether the embargo has not yet lifted at the build's clock.
    pub embargoed: bool,
    pub contact: &'a Option<Contact>,
    /// The body, rendered for this site.
    pub html: String,
}

impl<'a> PressRelease<'a> {
    pub fn new(
        release: &'a crate::model::PressRelease,
        now: NaiveDateTime,
        html: String,
    ) -> PressRelease<'a> {
        let meta = &release.meta;
        PressRelease {
            headline: &meta.headline,
            subheadline: &meta.subheadline,
            dateline: &meta.dateline,
            embargo: meta.embargo.as_ref().map(|e| e.value.to_string()),
            embargoed: crate::view::embargoed(release, now),
            contact: &meta.contact,
            html,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_factsheet_gives_what_is_known() {
        let view = super::super::tests::view();
        let facts = factsheet(&view.production);
        let names: Vec<&str> = facts.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Artist", "Song", "Label", "Runtime", "Director"]);
        // No approved cut yet: the song's length.
        assert_eq!(facts[3].value, "0:30");
    }
}
