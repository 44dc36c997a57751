//! Sheets: the typed models of pages, between the view and the templates.
//!
//! Each sheet is plain data built once from the view (`CallSheet`, `Schedule`, `TopSheet`, the
//! shot rows, the factsheet ...), with every figure computed here or on the model, so a
//! template, a calendar or the press kit's zip prints values it never works out again. A theme
//! overriding a template may use every field of its sheet.

mod budget;
mod contract;
mod home;
mod journal;
mod meta;
mod navigation;
mod pictures;
mod post;
mod preproduction;
mod press;
mod release;
mod schedule;
mod shots;

pub use budget::TopSheet;
pub use contract::{
    AudienceSheet, BudgetPage, CallSheetPage, LockSheet, LockedPage, LockedSite, NotFound,
    PageData, PageInfo, Robots, SiteSheet, Sitemap, SitemapUrl, SongSheet, TemplateSchema,
    template_schemas,
};
pub use home::HomeBoard;
pub use journal::{
    FEED_ENTRIES, Feed, FeedEntry, Journal, JournalIndex, NOTES_PER_PAGE, Neighbour, NoteSheet,
    NoteSummary, PageLink, Pagination, TagCount, TagIndex, TagLink, TagSheet, Tagged, TaggedNote,
    on_page,
};
pub use meta::{
    BlogPosting, BroadcastEvent, BroadcastService, EmbeddedVideo, GraphNode, Head, JsonLd,
    LinkPreview, MusicRecording, NodeRef, Person, SocialImage, SongByArtist, Thing, VideoGraph,
    VideoObject, VirtualLocation, iso_duration,
};
pub use navigation::Section;
pub use pictures::{Copies, Image, Picture};
pub use post::PostReport;
pub use preproduction::{
    Beat, CastCard, CrewRow, Department, ExtrasRow, LocationCard, LocationCount, LocationDay,
    LocationList, PanelCard, People, PermitRow, Pictures, Reference, SceneShots, ShotLink,
    ShotList, StatusCount, Storyboard, Swatch, Treatment, difference,
};
pub use press::{Fact, PressRelease, embargo_line, embargo_time, factsheet};
pub use release::{Player, PressKit, ReleaseLink, ReleasePlan, VideoPlayer};
pub use schedule::{CallSheet, Schedule};
pub use shots::ShotRow;

use schemars::JsonSchema;
use serde::Serialize;

/// "1 shot", "3 shots".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A name and the page it links to: a location, a cast member.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Named<'a> {
    pub name: &'a str,
    pub url: String,
}

impl<'a> Named<'a> {
    /// A location and its card on the locations page.
    pub fn location(location: &'a crate::model::Location, urls: &crate::urls::Urls) -> Named<'a> {
        Named {
            name: &location.name,
            url: urls.location(&location.id),
        }
    }
}

/// A shoot day and its call sheet.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct DayLink {
    pub number: u32,
    pub url: String,
}

#[cfg(test)]
pub(crate) mod tests {

    use crate::view::View;

    /// A small production for the sheets' tests: two shoot days given out of date order, the
    /// second wrapping past midnight, four shots on two locations.
    pub const FILES: [(&str, &str); 5] = [
        (
            "clapboard.yaml",
            "title: Night Bus\nartist: Nell\nsong: {title: Sodium, duration: 30, label: Moth}\nbase_url: https://t.example.com/\ndirector: Ada\n",
        ),
        (
            "shots.yaml",
            "scenes:\n  - {id: 1, name: Roof}\nshots:\n  - {id: 1A, scene: 1, description: a, location: roof, duration: 10, cast: [mara]}\n  - {id: 1B, scene: 1, description: b, location: roof, duration: 5}\n  - {id: 1C, scene: 1, description: c, location: depot, duration: 7}\n  - {id: 1D, scene: 1, description: d, location: depot}\n",
        ),
        (
            "locations.yaml",
            "locations:\n  - {id: roof, name: Roof, address: 1 High St, hospital: {name: St Mary}}\n  - {id: depot, name: Depot}\n",
        ),
        (
            "people.yaml",
            "cast:\n  - {id: mara, name: Mara, character: Rider}\ncrew:\n  - {id: kit, name: Kit, department: Grip, position: Key grip}\n  - {id: lu, name: Lu, department: Camera, position: DP}\n",
        ),
        (
            "schedule.yaml",
            "days:\n  - day: 2\n    date: 2026-09-20\n    general_call: \"18:00\"\n    wrap: \"02:00\"\n    locations: [depot]\n    shots: [1C, 1D]\n  - day: 1\n    date: 2026-09-19\n    general_call: \"08:00\"\n    lunch: \"13:00\"\n    wrap: \"19:00\"\n    locations: [roof]\n    shots: [1A, 1B]\n    cast_calls: [{person: mara, pickup: \"07:00\"}]\n    crew_calls: [{person: kit, call: \"07:30\"}]\n",
        ),
    ];

    /// The crew's view of [`FILES`].
    pub fn view() -> View {
        view_with(&[])
    }

    /// The crew's view of [`FILES`] and `more`.
    pub fn view_with(more: &[(&str, &str)]) -> View {
        view_as("crew", more)
    }

    /// `audience`'s view of [`FILES`] and `more`.
    pub fn view_as(name: &str, more: &[(&str, &str)]) -> View {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in FILES.iter().chain(more) {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        crate::view::view_of_folder(dir.path(), name)
    }

    #[test]
    fn the_model_computes_days_instants_and_runtimes() {
        let view = view();
        let p = &view.production;
        let order: Vec<u32> = p.days_by_date().iter().map(|d| d.day.value).collect();
        assert_eq!(order, [1, 2]);
        let night = p.days_by_date()[1];
        assert_eq!(night.start().unwrap().to_string(), "2026-09-20 18:00:00");
        assert_eq!(night.end().unwrap().to_string(), "2026-09-21 02:00:00");
        assert_eq!(p.shot_days().get("1C"), Some(&2));
        assert_eq!(p.shots_runtime().to_string(), "0:22");
    }
}
