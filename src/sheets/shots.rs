//! A shot as a row of the shot list and of a call sheet.

use schemars::JsonSchema;
use std::collections::HashMap;

use serde::Serialize;

use super::{DayLink, Named};
use crate::model::Shot;
use crate::urls::{self, Urls};
use crate::view::View;

/// The storyboard panel a shot is drawn in.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct PanelLink<'a> {
    pub id: &'a str,
    pub url: String,
}

/// One shot, ready to print in `partials/shot-table.html`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ShotRow<'a> {
    /// The shot's id: `1A`.
    pub id: &'a str,
    /// The row's id on the shot list, for links: `shot-1a`.
    pub anchor: String,
    /// The id of its scene.
    pub scene: &'a str,
    pub description: &'a str,
    /// The shot size's abbreviation: `MCU`.
    pub size: Option<&'static str>,
    /// The shot size in words: `medium close-up`.
    pub size_name: Option<&'static str>,
    pub angle: &'a Option<String>,
    /// Camera movement: `dolly in`.
    pub movement: &'a Option<String>,
    pub lens: &'a Option<String>,
    /// Frames per second, when not the production's usual.
    pub fps: Option<f64>,
    /// Its screen time: `0:08`.
    pub duration: Option<String>,
    pub location: Option<Named<'a>>,
    /// The cast in the shot.
    pub cast: Vec<Named<'a>>,
    /// The part of the song it covers: `chorus 2`.
    pub section: &'a Option<String>,
    /// The lyric it is cut to.
    pub lyric: &'a Option<String>,
    /// Whether the song is played back on set for the shot.
    pub playback: bool,
    /// Equipment the shot needs.
    pub gear: &'a [String],
    /// `planned`, `scheduled`, `shot`, `selected` or `cut`.
    pub status: &'static str,
    pub notes: &'a Option<String>,
    /// The storyboard panel it is drawn in.
    pub panel: Option<PanelLink<'a>>,
    /// The day the shot is scheduled on ([`crate::model::Production::shot_days`]).
    pub day: Option<DayLink>,
    /// On a call sheet, whether the row is at the same location as the row before, which a
    /// printed sheet does not repeat.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub same_location: bool,
}

impl<'a> ShotRow<'a> {
    pub fn new(
        view: &'a View,
        urls: &Urls,
        shot: &'a Shot,
        days: &HashMap<&str, u32>,
    ) -> ShotRow<'a> {
        let p = &view.production;
        let ix = &view.index;
        ShotRow {
            id: &shot.id.value,
            anchor: urls::shot_anchor(&shot.id),
            scene: &shot.scene.value,
            description: &shot.description,
            size: shot.size.map(|s| s.abbreviation()),
            size_name: shot.size.map(|s| s.name()),
            angle: &shot.angle,
            movement: &shot.movement,
            lens: &shot.lens,
            fps: shot.fps,
            duration: shot.duration.map(|d| d.to_string()),
            location: shot
                .location
                .as_ref()
                .and_then(|l| ix.locations.get(&l.value))
                .map(|i| Named {
                    name: &p.locations[*i].name,
                    url: urls.location(&p.locations[*i].id),
                }),
            cast: shot
                .cast
                .iter()
                .filter_map(|c| ix.cast.get(&c.value))
                .map(|i| Named {
                    name: &p.cast[*i].name,
                    url: urls.person(&p.cast[*i].id),
                })
                .collect(),
            section: &shot.section,
            lyric: &shot.lyric,
            playback: shot.playback,
            gear: &shot.gear,
            status: shot.status.name(),
            notes: &shot.notes,
            panel: shot
                .panel
                .as_ref()
                .filter(|id| ix.panels.contains_key(&id.value))
                .map(|id| PanelLink {
                    id: &id.value,
                    url: urls.panel(id),
                }),
            day: days.get(shot.id.value.as_str()).map(|d| DayLink {
                number: *d,
                url: urls.day(*d),
            }),
            same_location: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_links_its_location_cast_and_day() {
        let view = super::super::tests::view();
        let urls = Urls::new("https://t.example.com/");
        let days = view.production.shot_days();
        let row = ShotRow::new(&view, &urls, &view.production.shots[0], &days);
        assert_eq!(row.id, "1A");
        assert_eq!(row.location.as_ref().unwrap().name, "Roof");
        assert_eq!(row.cast[0].name, "Mara");
        assert_eq!(row.day.as_ref().unwrap().number, 1);
        assert_eq!(row.duration.as_deref(), Some("0:10"));
    }
}
