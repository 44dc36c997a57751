//! Pre-production: the treatment, the storyboard, the shot list, the locations and the people.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Image, Picture, ShotRow, plural};
use crate::model::common::Contact;
use crate::model::locations::PermitStatus;
use crate::model::release::Credit;
use crate::model::{self, Hospital, Id, Millis, Production, Shot, ShotStatus};
use crate::urls::{self, Urls};
use crate::view::View;

/// How pages make a project image: from its path and alt text.
pub trait Pictures {
    fn picture(&self, relative: &str, alt: &str) -> Picture;
    fn image<'i>(&self, image: &'i model::Image) -> Image<'i>;
}

/// `+0:04` / `−0:12`: a runtime against the song's.
pub fn difference(runtime: Millis, song: Millis) -> String {
    if runtime >= song {
        format!("+{}", Millis(runtime.0 - song.0))
    } else {
        format!("−{}", Millis(song.0 - runtime.0))
    }
}

/// A shot and its place in the shot list.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ShotLink<'a> {
    pub id: &'a str,
    pub url: String,
}

impl<'a> ShotLink<'a> {
    fn new(urls: &Urls, id: &'a Id) -> ShotLink<'a> {
        ShotLink {
            id: &id.value,
            url: urls.shot(id),
        }
    }
}

/// `treatment.html`'s data.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Treatment<'a> {
    pub logline: Option<&'a String>,
    pub palette: Vec<Swatch<'a>>,
    pub references: Vec<Reference<'a>>,
    pub beats: Vec<Beat<'a>>,
    pub wardrobe: &'a [String],
    pub casting: &'a [String],
    /// The treatment's text as HTML.
    pub body: Option<String>,
    pub moodboard: Vec<Image<'a>>,
    pub song_duration: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Swatch<'a> {
    pub name: &'a str,
    pub hex: &'a str,
    /// Whether dark text reads on it.
    pub light: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Reference<'a> {
    pub title: &'a str,
    pub image: Option<Picture>,
    pub url: &'a Option<String>,
    pub purpose: &'a Option<String>,
}

/// A beat of the song, placed on the song's timeline.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Beat<'a> {
    pub section: &'a str,
    pub start: String,
    pub end: String,
    pub idea: &'a str,
    /// Where it starts and how long it lasts, in percent of the song: `12.50`.
    pub offset_percent: String,
    pub width_percent: String,
}

impl<'a> Treatment<'a> {
    /// `body` is the treatment's text as HTML.
    pub fn new(p: &'a Production, pictures: &impl Pictures, body: Option<String>) -> Treatment<'a> {
        let song = &p.config.song;
        let meta = p.treatment.as_ref().map(|t| &t.meta);
        let length = song.duration.as_secs_f64().max(1.0);
        Treatment {
            logline: meta.and_then(|m| m.logline.as_ref()),
            palette: meta
                .map(|m| {
                    m.palette
                        .iter()
                        .map(|s| Swatch {
                            name: &s.name,
                            hex: &s.hex.0,
                            light: s.hex.is_light(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            references: meta
                .map(|m| {
                    m.references
                        .iter()
                        .map(|r| Reference {
                            title: &r.title,
                            image: r.image.as_ref().map(|i| {
                                pictures.picture(&i.value, r.alt.as_deref().unwrap_or(&r.title))
                            }),
                            url: &r.url,
                            purpose: &r.purpose,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            beats: meta
                .map(|m| {
                    m.beats
                        .iter()
                        .map(|b| {
                            let start = b.start.as_secs_f64() / length * 100.0;
                            let width = Millis(b.end.value.0.saturating_sub(b.start.value.0))
                                .as_secs_f64()
                                / length
                                * 100.0;
                            Beat {
                                section: &b.section,
                                start: b.start.to_string(),
                                end: b.end.to_string(),
                                idea: &b.idea,
                                offset_percent: format!("{start:.2}"),
                                width_percent: format!("{width:.2}"),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
            wardrobe: meta.map_or(&[], |m| &m.wardrobe),
            casting: meta.map_or(&[], |m| &m.casting),
            body,
            moodboard: p.moodboard.iter().map(|i| pictures.image(i)).collect(),
            song_duration: song.duration.to_string(),
        }
    }
}

/// `storyboard.html`'s data.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Storyboard<'a> {
    pub aspect_ratio: &'a Option<String>,
    /// The aspect ratio for CSS: `2.39 / 1`.
    pub aspect_css: Option<String>,
    pub panels: Vec<PanelCard<'a>>,
    pub count: usize,
    /// [`model::Storyboard::runtime`].
    pub runtime: String,
    pub song_duration: String,
    /// The runtime against the song's.
    pub difference: String,
    /// What each printed page says at its head, as a CSS string (quotes and escapes
    /// included): `"Sodium Hours \0000b7 Storyboard"` for "Sodium Hours · Storyboard".
    pub print_title: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PanelCard<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub image: Option<Picture>,
    pub alt: &'a str,
    pub section: &'a Option<String>,
    /// Its timecode, or where the panel before it ends.
    pub start: String,
    pub duration: Option<String>,
    pub action: &'a str,
    pub lyric: &'a Option<String>,
    pub camera: &'a Option<String>,
    pub shot: Option<ShotLink<'a>>,
}

/// `2.39:1` -> `2.39 / 1` for CSS `aspect-ratio`.
fn aspect_css(ratio: &str) -> Option<String> {
    let (w, h) = ratio.split_once(':')?;
    let (w, h): (f64, f64) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    (w > 0.0 && h > 0.0).then(|| format!("{w} / {h}"))
}

impl<'a> Storyboard<'a> {
    pub fn new(view: &'a View, urls: &Urls, pictures: &impl Pictures) -> Storyboard<'a> {
        let p = &view.production;
        let mut running = Millis(0);
        let panels = p
            .storyboard
            .panels
            .iter()
            .map(|panel| {
                let start = panel.timecode.unwrap_or(running);
                let duration = panel.duration.unwrap_or_default();
                running = Millis(start.0 + duration.0);
                let alt = panel.alt.as_deref().unwrap_or(&panel.action);
                PanelCard {
                    id: &panel.id.value,
                    anchor: urls::panel_anchor(&panel.id),
                    image: panel
                        .image
                        .as_ref()
                        .map(|i| pictures.picture(&i.value, alt)),
                    alt,
                    section: &panel.section,
                    start: start.to_string(),
                    duration: panel.duration.map(|d| d.to_string()),
                    action: &panel.action,
                    lyric: &panel.lyric,
                    camera: &panel.camera,
                    shot: panel
                        .shot
                        .as_ref()
                        .filter(|s| view.index.shots.contains_key(&s.value))
                        .map(|s| ShotLink::new(urls, s)),
                }
            })
            .collect();
        let total = p.storyboard.runtime();
        let song = p.config.song.duration;
        Storyboard {
            aspect_ratio: &p.storyboard.aspect_ratio,
            aspect_css: p.storyboard.aspect_ratio.as_deref().and_then(aspect_css),
            panels,
            count: p.storyboard.panels.len(),
            runtime: total.to_string(),
            song_duration: song.to_string(),
            difference: difference(total, song),
            print_title: crate::text::css_string(&format!("{} · Storyboard", p.config.title)),
        }
    }
}

/// `shots.html`'s data: the shots by scene, and how they add up.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ShotList<'a> {
    pub scenes: Vec<SceneShots<'a>>,
    pub count: usize,
    pub count_text: String,
    /// [`Production::shots_runtime`].
    pub runtime: String,
    pub runtime_ms: u64,
    pub song_duration: String,
    /// The runtime against the song's.
    pub difference: String,
    /// Shots per location, and those with none yet.
    pub by_location: Vec<LocationCount<'a>>,
    pub by_status: Vec<StatusCount>,
}

/// A scene and its shots.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SceneShots<'a> {
    pub id: &'a str,
    pub name: Option<&'a String>,
    pub description: Option<&'a String>,
    pub shots: Vec<ShotRow<'a>>,
    pub count: usize,
    /// "1 shot", "5 shots".
    pub count_text: String,
    /// [`model::runtime`] of its shots.
    pub runtime: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LocationCount<'a> {
    pub name: &'a str,
    pub url: Option<String>,
    pub count: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct StatusCount {
    pub status: &'static str,
    pub count: usize,
}

impl<'a> ShotList<'a> {
    pub fn new(view: &'a View, urls: &Urls) -> ShotList<'a> {
        let p = &view.production;
        let days = p.shot_days();
        // Scenes in the order they are named, then any only shots mention, in order of use.
        let mut scene_ids: Vec<&str> = p.scenes.iter().map(|s| s.id.value.as_str()).collect();
        for shot in &p.shots {
            if !scene_ids.contains(&shot.scene.value.as_str()) {
                scene_ids.push(&shot.scene.value);
            }
        }
        let scenes = scene_ids
            .iter()
            .filter_map(|id| {
                let shots: Vec<&Shot> = p
                    .shots
                    .iter()
                    .map(|s| &s.inner)
                    .filter(|s| s.scene.value == *id)
                    .collect();
                if shots.is_empty() {
                    return None;
                }
                let scene = view.index.scenes.get(*id).map(|i| &p.scenes[*i]);
                Some(SceneShots {
                    id,
                    name: scene.map(|s| &s.name),
                    description: scene.and_then(|s| s.description.as_ref()),
                    count: shots.len(),
                    count_text: plural(shots.len(), "shot", "shots"),
                    runtime: model::runtime(shots.iter().copied()).to_string(),
                    shots: shots
                        .into_iter()
                        .map(|s| ShotRow::new(view, urls, s, &days))
                        .collect(),
                })
            })
            .collect();
        let runtime = p.shots_runtime();
        let song = p.config.song.duration;
        let mut by_location: Vec<LocationCount> = p
            .locations
            .iter()
            .map(|l| LocationCount {
                name: &l.name,
                url: Some(urls.location(&l.id)),
                count: p.shots_at(&l.id).count(),
            })
            .collect();
        let unplaced = p.shots.iter().filter(|s| s.location.is_none()).count();
        if unplaced > 0 {
            by_location.push(LocationCount {
                name: "No location yet",
                url: None,
                count: unplaced,
            });
        }
        ShotList {
            scenes,
            count: p.shots.len(),
            count_text: plural(p.shots.len(), "shot", "shots"),
            runtime: runtime.to_string(),
            runtime_ms: runtime.millis(),
            song_duration: song.to_string(),
            difference: difference(runtime, song),
            by_location,
            by_status: ShotStatus::ALL
                .iter()
                .map(|status| StatusCount {
                    status: status.name(),
                    count: p.shots.iter().filter(|s| s.status == *status).count(),
                })
                .collect(),
        }
    }
}

/// `locations.html`'s data.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LocationList<'a> {
    pub locations: Vec<LocationCard<'a>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LocationCard<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub name: &'a str,
    pub address: &'a Option<String>,
    /// `51.50735, -0.12776`.
    pub coordinates: Option<String>,
    /// The place on OpenStreetMap.
    pub map_url: Option<String>,
    pub contact: &'a Option<Contact>,
    pub fee: Option<String>,
    pub permit: Option<PermitRow<'a>>,
    pub parking: &'a Option<String>,
    pub power: &'a Option<String>,
    pub restrooms: &'a Option<String>,
    pub hospital: &'a Option<Hospital>,
    pub photos: Vec<Image<'a>>,
    pub release_signed: bool,
    pub notes: &'a Option<String>,
    pub shots: Vec<ShotLink<'a>>,
    /// The shoot days there, in the schedule's order.
    pub days: Vec<LocationDay>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PermitRow<'a> {
    pub required: bool,
    pub status: Option<&'static str>,
    pub authority: &'a Option<String>,
    pub reference: &'a Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LocationDay {
    pub number: u32,
    pub date: String,
    pub url: String,
}

impl<'a> LocationList<'a> {
    pub fn new(p: &'a Production, urls: &Urls, pictures: &impl Pictures) -> LocationList<'a> {
        let currency = p.budget.currency();
        let locations = p
            .locations
            .iter()
            .map(|l| LocationCard {
                id: &l.id.value,
                anchor: urls::location_anchor(&l.id),
                name: &l.name,
                address: &l.address,
                coordinates: l.coordinates.map(|c| format!("{:.5}, {:.5}", c.lat, c.lon)),
                map_url: l.coordinates.map(|c| {
                    format!(
                        "https://www.openstreetmap.org/?mlat={}&mlon={}#map=17/{}/{}",
                        c.lat, c.lon, c.lat, c.lon
                    )
                }),
                contact: &l.contact,
                fee: l.fee.as_ref().map(|f| currency.format(f.value)),
                permit: l.permit.as_ref().map(|permit| PermitRow {
                    required: permit.required,
                    status: permit.status.map(|s| match s {
                        PermitStatus::NotApplied => "not applied",
                        PermitStatus::Applied => "applied",
                        PermitStatus::Granted => "granted",
                        PermitStatus::Refused => "refused",
                    }),
                    authority: &permit.authority,
                    reference: &permit.reference,
                }),
                parking: &l.parking,
                power: &l.power,
                restrooms: &l.restrooms,
                hospital: &l.hospital,
                photos: l.photos.iter().map(|i| pictures.image(i)).collect(),
                release_signed: l.release_signed,
                notes: &l.notes,
                shots: p
                    .shots_at(&l.id)
                    .map(|s| ShotLink::new(urls, &s.id))
                    .collect(),
                days: p
                    .days
                    .iter()
                    .filter(|d| d.locations.iter().any(|x| x.value == l.id.value))
                    .map(|d| LocationDay {
                        number: d.day.value,
                        date: d.date.value.short(),
                        url: urls.day(d.day.value),
                    })
                    .collect(),
            })
            .collect();
        LocationList { locations }
    }
}

/// `people.html`'s data: cast, extras, crew by department and the credits.
#[derive(Debug, Serialize, JsonSchema)]
pub struct People<'a> {
    pub cast: Vec<CastCard<'a>>,
    pub extras: Vec<ExtrasRow<'a>>,
    pub extras_total: u32,
    /// Departments in the order they first appear.
    pub crew: Vec<Department<'a>>,
    pub crew_count: usize,
    pub credits: &'a [Credit],
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CastCard<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub name: &'a str,
    pub character: &'a Option<String>,
    pub contact: &'a Option<Contact>,
    pub agent: &'a Option<Contact>,
    /// The shots they are in.
    pub shots: Vec<ShotLink<'a>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ExtrasRow<'a> {
    pub group: &'a str,
    pub count: u32,
    pub notes: &'a Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Department<'a> {
    pub name: &'a str,
    pub people: Vec<CrewRow<'a>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CrewRow<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub name: &'a str,
    pub position: &'a str,
    pub phone: &'a Option<String>,
    pub email: &'a Option<String>,
}

impl<'a> People<'a> {
    pub fn new(p: &'a Production, urls: &Urls) -> People<'a> {
        let cast = p
            .cast
            .iter()
            .map(|c| CastCard {
                id: &c.id.value,
                anchor: urls::person_anchor(&c.id),
                name: &c.name,
                character: &c.character,
                contact: &c.contact,
                agent: &c.agent,
                shots: p
                    .shots
                    .iter()
                    .filter(|s| s.cast.iter().any(|x| x.value == c.id.value))
                    .map(|s| ShotLink::new(urls, &s.id))
                    .collect(),
            })
            .collect();
        let mut crew: Vec<Department> = Vec::new();
        for member in &p.crew {
            let row = CrewRow {
                id: &member.id.value,
                anchor: urls::person_anchor(&member.id),
                name: &member.name,
                position: &member.position,
                phone: &member.phone,
                email: &member.email,
            };
            match crew.iter_mut().find(|d| d.name == member.department) {
                Some(department) => department.people.push(row),
                None => crew.push(Department {
                    name: &member.department,
                    people: vec![row],
                }),
            }
        }
        People {
            cast,
            extras: p
                .extras
                .iter()
                .map(|e| ExtrasRow {
                    group: &e.group,
                    count: e.count,
                    notes: &e.notes,
                })
                .collect(),
            extras_total: p.extras.iter().map(|e| e.count).sum(),
            crew,
            crew_count: p.crew.len(),
            credits: p.press_kit.as_ref().map_or(&[], |k| &k.credits),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain(Urls);

    impl Pictures for Plain {
        fn picture(&self, relative: &str, alt: &str) -> Picture {
            Picture::new(&self.0, relative, alt, None)
        }
        fn image<'i>(&self, image: &'i model::Image) -> Image<'i> {
            Image::new(&self.0, image, None)
        }
    }

    #[test]
    fn the_shot_list_adds_up_by_scene_location_and_status() {
        let view = super::super::tests::view();
        let urls = Urls::new("https://t.example.com/");
        let list = ShotList::new(&view, &urls);
        assert_eq!(list.count_text, "4 shots");
        assert_eq!(list.runtime, "0:22");
        assert_eq!(list.difference, "−0:08");
        assert_eq!(list.scenes[0].runtime, "0:22");
        assert_eq!(list.scenes[0].count_text, "4 shots");
        let by_location: Vec<(&str, usize)> =
            list.by_location.iter().map(|l| (l.name, l.count)).collect();
        assert_eq!(by_location, [("Roof", 2), ("Depot", 2)]);
        assert_eq!(list.by_status[0].count, 4);
    }

    #[test]
    fn locations_and_people_link_their_shots_and_days() {
        let view = super::super::tests::view();
        let p = &view.production;
        let urls = Urls::new("https://t.example.com/");
        let locations = LocationList::new(p, &urls, &Plain(urls.clone()));
        let depot = &locations.locations[1];
        assert_eq!(depot.shots.len(), 2);
        assert_eq!(depot.days[0].number, 2);
        let people = People::new(p, &urls);
        assert_eq!(people.cast[0].shots[0].id, "1A");
        let departments: Vec<&str> = people.crew.iter().map(|d| d.name).collect();
        assert_eq!(departments, ["Grip", "Camera"]);
    }

    #[test]
    fn the_treatment_places_beats_on_the_song_and_reads_its_swatches() {
        let files = [(
            "concept/treatment.md",
            "---\nlogline: A bus at night\npalette:\n  - {name: Sodium, hex: \"#F2A33A\"}\n  - {name: Night, hex: \"#101820\"}\nbeats:\n  - {section: Verse, start: \"0:06\", end: \"0:15\", idea: Lights}\nwardrobe: [Raincoat]\n---\nThe bus.\n",
        )];
        let view = super::super::tests::view_as("client", &files);
        let urls = Urls::new("https://t.example.com/");
        let sheet = Treatment::new(
            &view.production,
            &Plain(urls.clone()),
            Some("<p>The bus.</p>".into()),
        );
        assert_eq!(sheet.logline.map(String::as_str), Some("A bus at night"));
        let swatches: Vec<(&str, bool)> = sheet.palette.iter().map(|s| (s.name, s.light)).collect();
        assert_eq!(swatches, [("Sodium", true), ("Night", false)]);
        // 6 to 15 seconds of a 30-second song.
        let beat = &sheet.beats[0];
        assert_eq!((beat.start.as_str(), beat.end.as_str()), ("0:06", "0:15"));
        assert_eq!(beat.offset_percent, "20.00");
        assert_eq!(beat.width_percent, "30.00");
        assert_eq!(sheet.wardrobe, ["Raincoat"]);
        assert_eq!(sheet.song_duration, "0:30");
        // The treatment is the client's: the crew's site has none.
        let crew = super::super::tests::view_as("crew", &files);
        assert!(crew.production.treatment.is_none());
    }

    #[test]
    fn the_storyboard_runs_panels_on_from_each_other() {
        let view = super::super::tests::view_with(&[(
            "storyboard.yaml",
            "aspect_ratio: \"2.39:1\"\npanels:\n  - {id: P1, action: Bus, duration: \"0:04\", shot: 1A}\n  - {id: P2, action: Stop, duration: \"0:03\"}\n",
        )]);
        let urls = Urls::new("https://t.example.com/");
        let board = Storyboard::new(&view, &urls, &Plain(urls.clone()));
        assert_eq!(board.aspect_css.as_deref(), Some("2.39 / 1"));
        assert_eq!(board.panels[1].start, "0:04");
        assert_eq!(board.panels[0].shot.as_ref().unwrap().id, "1A");
        assert_eq!(board.runtime, "0:07");
        assert_eq!(board.difference, "−0:23");
    }
}
