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

/// When a press release's embargo lifts, naming the zone it is read in: `2026-12-11 10:00 JST`
/// (without a `timezone`, the clock time alone).
pub fn embargo_time(
    release: &crate::model::PressRelease,
    tz: Option<chrono_tz::Tz>,
) -> Option<String> {
    use chrono::TimeZone;
    let at = release.meta.embargo.as_ref()?.value;
    let zone = tz
        .and_then(|tz| tz.from_local_datetime(&at.0).earliest())
        .map(|local| format!(" {}", local.format("%Z")));
    Some(format!("{at}{}", zone.unwrap_or_default()))
}

/// The embargo line a press release opens with, as its page says it at `now`: "Embargoed
/// until 2026-12-11 10:00 JST", or "Embargo lifted 2026-12-11 10:00 JST" once it has.
pub fn embargo_line(
    release: &crate::model::PressRelease,
    now: NaiveDateTime,
    tz: Option<chrono_tz::Tz>,
) -> Option<String> {
    let time = embargo_time(release, tz)?;
    Some(if crate::view::embargoed(release, now) {
        format!("Embargoed until {time}")
    } else {
        format!("Embargo lifted {time}")
    })
}

/// `/press/release/`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PressRelease<'a> {
    pub headline: &'a str,
    pub subheadline: &'a Option<String>,
    pub dateline: &'a Option<String>,
    /// When the embargo lifts, with the production's time zone: `2026-12-11 10:00 JST`.
    pub embargo: Option<String>,
    /// Whether the embargo has not yet lifted at the build's clock.
    pub embargoed: bool,
    pub contact: &'a Option<Contact>,
    /// The body, rendered for this site.
    pub html: String,
}

impl<'a> PressRelease<'a> {
    /// `tz` is the production's time zone, which the embargo is read in and named with.
    pub fn new(
        release: &'a crate::model::PressRelease,
        now: NaiveDateTime,
        tz: Option<chrono_tz::Tz>,
        html: String,
    ) -> PressRelease<'a> {
        let meta = &release.meta;
        PressRelease {
            headline: &meta.headline,
            subheadline: &meta.subheadline,
            dateline: &meta.dateline,
            embargo: embargo_time(release, tz),
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
