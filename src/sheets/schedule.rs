//! The shoot schedule and the call sheets: day X of Y counts the days in date order
//! ([`crate::model::Production::days_by_date`]).

use schemars::JsonSchema;
use std::collections::HashMap;

use serde::Serialize;

use super::{DayLink, Named, ShotRow};
use crate::model::{
    CastMember, Contact, Hospital, Location, Millis, ShootDay, runtime, schedule::Weather,
};
use crate::urls::Urls;
use crate::view::View;

/// The screen time of a day's shots, as the audience sees them.
fn day_runtime(view: &View, day: &ShootDay) -> Millis {
    let p = &view.production;
    runtime(
        day.shots
            .iter()
            .filter_map(|s| view.index.shots.get(&s.value))
            .map(|i| &p.shots[*i].inner),
    )
}

pub(super) fn day_locations<'a>(
    view: &'a View,
    day: &ShootDay,
) -> impl Iterator<Item = &'a Location> {
    day.locations
        .iter()
        .filter_map(|l| view.index.locations.get(&l.value))
        .map(|i| &view.production.locations[*i].inner)
}

/// The light of `day` at its first location with coordinates, in the production's time zone;
/// the sunrise and sunset the day types win over the computed ones.
fn light_times(view: &View, day: &ShootDay) -> Option<LightTimes> {
    let tz = view.production.config.tz()?;
    let (location, at) =
        day_locations(view, day).find_map(|l| Some((l, l.coordinates.as_ref()?)))?;
    let light = crate::sun::light(*at, day.date.value.0, tz);
    let time = |t: chrono::NaiveDateTime| t.format("%H:%M").to_string();
    let span =
        |s: Option<crate::sun::Span>| s.map(|s| format!("{}–{}", time(s.start), time(s.end)));
    let typed = day.weather.as_ref();
    Some(LightTimes {
        location: location.name.clone(),
        sunrise: typed
            .and_then(|w| w.sunrise)
            .map(|t| t.to_string())
            .or(light.sunrise.map(time)),
        sunset: typed
            .and_then(|w| w.sunset)
            .map(|t| t.to_string())
            .or(light.sunset.map(time)),
        morning_blue: span(light.morning_blue),
        morning_golden: span(light.morning_golden),
        evening_golden: span(light.evening_golden),
        evening_blue: span(light.evening_blue),
    })
}

/// `/schedule/`: every shoot day in date order.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Schedule<'a> {
    pub days: Vec<ScheduleDay<'a>>,
    pub count: usize,
    /// The calendar of the whole shoot.
    pub calendar: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ScheduleDay<'a> {
    pub number: u32,
    pub url: String,
    pub date: String,
    pub general_call: String,
    pub wrap: Option<String>,
    /// The wrap's date when it is past midnight: `Fri 16 Oct`.
    pub wrap_date: Option<String>,
    pub locations: Vec<Named<'a>>,
    /// "3 shots".
    pub shots: String,
    pub runtime: String,
    /// How many cast members are called.
    pub cast: usize,
    pub calendar: Option<String>,
}

impl<'a> Schedule<'a> {
    /// `download` says where a download is published, by its usual path.
    pub fn new(
        view: &'a View,
        urls: &Urls,
        download: impl Fn(&str) -> Option<String>,
    ) -> Schedule<'a> {
        let p = &view.production;
        let days = p
            .days_by_date()
            .into_iter()
            .map(|d| ScheduleDay {
                number: d.day.value,
                url: urls.day(d.day.value),
                date: d.date.value.long(),
                general_call: d.general_call.value.to_string(),
                wrap: d.wrap.as_ref().map(|w| w.value.to_string()),
                wrap_date: d.next_date(d.end()),
                locations: day_locations(view, d)
                    .map(|l| Named::location(l, urls))
                    .collect(),
                shots: super::plural(d.shots.len(), "shot", "shots"),
                runtime: day_runtime(view, d).to_string(),
                cast: d.cast_calls.len(),
                calendar: download(&crate::downloads::day_calendar(d.day.value)),
            })
            .collect();
        Schedule {
            days,
            count: p.days.len(),
            calendar: download(crate::downloads::SHOOT_CALENDAR),
        }
    }
}

/// One shoot day's call sheet, as a first AD sends it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CallSheet<'a> {
    /// The day's number in the schedule (`day: 2`), which its address uses.
    pub number: u32,
    /// Day X of Y: the day's place among the shoot days in date order.
    pub position: usize,
    /// How many shoot days there are.
    pub total: usize,
    /// The date in words: `Saturday 19 September 2026`.
    pub date: String,
    /// The general call, `16:00`; every time is on the 24-hour clock.
    pub general_call: String,
    /// When the camera rolls.
    pub shooting_call: Option<String>,
    /// The shooting call's date when it is past midnight: `Fri 16 Oct`.
    pub shooting_call_date: Option<String>,
    /// Lunch and the day's other meals, in the order of the day.
    pub meals: Vec<MealTime>,
    /// The estimated wrap; at or before the general call it is past midnight.
    pub wrap: Option<String>,
    /// The wrap's date when it is past midnight: `Fri 16 Oct`.
    pub wrap_date: Option<String>,
    /// The day's locations, in the order of the day.
    pub locations: Vec<CallLocation<'a>>,
    /// The day's shots, in shooting order.
    pub shots: Vec<ShotRow<'a>>,
    /// The screen time of the day's shots: `1:12`.
    pub runtime: String,
    /// The cast called, with their times.
    pub cast: Vec<CastTimes<'a>>,
    /// The extras called, by group.
    pub extras: Vec<ExtrasRow<'a>>,
    /// The crew called, with their call times, by department in call-sheet order.
    pub crew: Vec<CrewDepartment<'a>>,
    /// Equipment the day needs beyond the usual kit.
    pub equipment: &'a [String],
    /// The forecast, as typed on the day.
    pub weather: &'a Option<Weather>,
    /// The nearest hospitals: the day's own, or each of its locations' (a company move
    /// changes which is nearest).
    pub hospitals: Vec<CallHospital<'a>>,
    /// Sunrise, sunset and the golden and blue hours at the day's first location with
    /// coordinates, in the production's time zone; sunrise and sunset as the day types them,
    /// when it does.
    pub light: Option<LightTimes>,
    /// The company moves of the day, in the order of the day.
    pub moves: Vec<CompanyMove<'a>>,
    /// Whom to call: the production office, then the crew marked `key_contact`.
    pub key_contacts: Vec<KeyContact<'a>>,
    /// The numbers that reach an ambulance at the day's locations: each location's own, or
    /// the production's (`112` by default).
    pub emergency_numbers: Vec<&'a str>,
    /// The next shoot day, so that the crew can plan: its date, calls, locations and shots.
    pub advance: Option<Advance<'a>>,
    /// The call sheet's revision, when the day names one: `2`, `Blue`.
    pub revision: Option<&'a str>,
    /// When the revision was issued: `Wed 7 Oct 18:00`.
    pub issued: Option<String>,
    /// What changed since the last revision.
    pub changes: &'a [String],
    pub notes: &'a Option<String>,
    /// The shoot day before, in date order.
    pub previous: Option<DayLink>,
    /// The shoot day after, in date order.
    pub next: Option<DayLink>,
    /// The production's title.
    pub production: &'a str,
    pub director: &'a Option<String>,
    /// The production company.
    pub company: &'a Option<String>,
}

/// A meal and its time: `Lunch 23:30`, or `Second meal 03:30 Fri 9 Oct` past midnight.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MealTime {
    pub name: String,
    pub time: String,
    /// The meal's date when it is past midnight: `Fri 16 Oct`.
    pub date: Option<String>,
}

/// A hospital near a location of the day.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CallHospital<'a> {
    /// The location it is nearest to; none for the day's own.
    pub location: Option<&'a str>,
    /// From when it is the nearest: the time of the company move to its location.
    pub from: Option<String>,
    pub hospital: &'a Hospital,
}

/// A company move: `03:15 to Tanner Row Car Park`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CompanyMove<'a> {
    pub at: String,
    /// The move's date when it is past midnight: `Fri 16 Oct`.
    pub date: Option<String>,
    pub to: Named<'a>,
}

/// Someone to call about the day: a key crew member or the production office.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KeyContact<'a> {
    pub name: &'a str,
    /// `Producer`, `Production office`.
    pub role: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
}

/// The day's light, `HH:MM` in the production's time zone; spans as `05:12–05:26`.
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct LightTimes {
    /// The location the light is computed for.
    pub location: String,
    pub sunrise: Option<String>,
    pub sunset: Option<String>,
    /// The sun between 6° and 4° below the horizon, before sunrise.
    pub morning_blue: Option<String>,
    /// The sun between 4° below and 6° above the horizon, around sunrise.
    pub morning_golden: Option<String>,
    pub evening_golden: Option<String>,
    pub evening_blue: Option<String>,
}

/// The next shoot day, as the bottom of a call sheet announces it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Advance<'a> {
    pub number: u32,
    /// Its call sheet.
    pub url: String,
    /// `Monday 21 September 2026`.
    pub date: String,
    pub general_call: String,
    pub shooting_call: Option<String>,
    pub locations: Vec<Named<'a>>,
    /// Its shots' ids, in shooting order.
    pub shots: Vec<&'a str>,
}

/// A location of the day, with what the crew needs to get there and work there.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CallLocation<'a> {
    pub name: &'a str,
    /// The location's card on the locations page.
    pub url: String,
    pub address: &'a Option<String>,
    pub parking: &'a Option<String>,
    pub power: &'a Option<String>,
    pub restrooms: &'a Option<String>,
    pub contact: &'a Option<Contact>,
    /// A map of the location, from its coordinates, on OpenStreetMap: nothing is requested
    /// before a click.
    pub map: Option<String>,
    /// The same place as a `geo:` URI, which a phone opens in its maps app.
    pub geo: Option<String>,
}

/// A cast member's times: pickup, hair and make-up, on set.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CastTimes<'a> {
    pub name: String,
    /// The part they play.
    pub character: Option<&'a str>,
    /// Their card on the people page.
    pub url: String,
    /// Their phone number, on sites that may show it.
    pub phone: Option<&'a str>,
    /// When they are picked up.
    pub pickup: Option<String>,
    /// When hair and make-up starts.
    pub hair_makeup: Option<String>,
    /// When they are wanted on set.
    pub on_set: Option<String>,
    pub notes: &'a Option<String>,
}

/// A group of extras called on a day.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExtrasRow<'a> {
    pub group: &'a str,
    /// How many: the day's count, or the whole group's.
    pub count: Option<u32>,
    pub call: String,
    /// The call's date when it is past midnight: `Fri 16 Oct`.
    pub call_date: Option<String>,
    /// Where they report.
    pub report: Option<&'a str>,
    pub notes: Option<&'a str>,
}

/// A department's people called on a day.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CrewDepartment<'a> {
    /// `Camera`, `撮影部 (Camera)`, as the crew list names it.
    pub name: &'a str,
    pub people: Vec<CrewCallRow<'a>>,
}

/// A crew member's call: the general call unless the day calls them at another time.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CrewCallRow<'a> {
    pub name: &'a str,
    /// `Camera`, `Art` ...
    pub department: &'a str,
    /// Their role: `Director of photography`.
    pub position: &'a str,
    /// Their phone number, on sites that may show it.
    pub phone: &'a Option<String>,
    /// Their call time: the general call unless the day calls them at another.
    pub call: String,
    /// Called before the general call.
    pub early: bool,
    pub notes: Option<&'a str>,
}

impl<'a> CallSheet<'a> {
    /// Every call sheet of the view, in date order.
    pub fn all(view: &'a View, urls: &Urls) -> Vec<CallSheet<'a>> {
        let p = &view.production;
        let ix = &view.index;
        let ordered = p.days_by_date();
        let total = ordered.len();
        let shot_days = p.shot_days();
        let link = |d: &ShootDay| DayLink {
            number: d.day.value,
            url: urls.day(d.day.value),
        };
        ordered
            .iter()
            .enumerate()
            .map(|(position, day)| {
                let locations = day_locations(view, day)
                    .map(|l| CallLocation {
                        name: &l.name,
                        url: urls.location(&l.id),
                        address: &l.address,
                        parking: &l.parking,
                        power: &l.power,
                        restrooms: &l.restrooms,
                        contact: &l.contact,
                        map: l.coordinates.as_ref().map(|c| {
                            format!(
                                "https://www.openstreetmap.org/?mlat={0}&mlon={1}#map=17/{0}/{1}",
                                c.lat, c.lon
                            )
                        }),
                        geo: l
                            .coordinates
                            .as_ref()
                            .map(|c| format!("geo:{},{}", c.lat, c.lon)),
                    })
                    .collect();
                let mut shots: Vec<ShotRow> = day
                    .shots
                    .iter()
                    .filter_map(|s| ix.shots.get(&s.value))
                    .map(|i| ShotRow::new(view, urls, &p.shots[*i], &shot_days))
                    .collect();
                // A printed call sheet writes a location once per run of shots there.
                for i in 1..shots.len() {
                    shots[i].same_location =
                        shots[i].location.is_some() && shots[i].location == shots[i - 1].location;
                }
                let cast = day
                    .cast_calls
                    .iter()
                    .map(|call| {
                        let member: Option<&CastMember> =
                            ix.cast.get(&call.person.value).map(|i| &p.cast[*i].inner);
                        CastTimes {
                            name: member.map_or(call.person.value.clone(), |m| m.name.clone()),
                            character: member.and_then(|m| m.character.as_deref()),
                            url: urls.person(&call.person),
                            phone: member
                                .and_then(|m| m.contact.as_ref())
                                .and_then(|c| c.phone.as_deref()),
                            pickup: call.pickup.as_ref().map(|t| t.to_string()),
                            hair_makeup: call.hair_makeup.as_ref().map(|t| t.to_string()),
                            on_set: call.on_set.as_ref().map(|t| t.to_string()),
                            notes: &call.notes,
                        }
                    })
                    .collect();
                let overrides: HashMap<&str, _> = day
                    .crew_calls
                    .iter()
                    .map(|c| (c.person.value.as_str(), c))
                    .collect();
                let mut crew: Vec<CrewDepartment> = Vec::new();
                for m in p.called_crew(day) {
                    let call = overrides.get(m.id.value.as_str());
                    let row = CrewCallRow {
                        name: &m.name,
                        department: &m.department,
                        position: &m.position,
                        phone: &m.phone,
                        call: call.map_or(day.general_call.value, |c| c.call).to_string(),
                        early: call.is_some_and(|c| c.call < day.general_call.value),
                        notes: call.and_then(|c| c.notes.as_deref()),
                    };
                    match crew.last_mut() {
                        Some(group) if crate::model::same_department(group.name, &m.department) => {
                            group.people.push(row)
                        }
                        _ => crew.push(CrewDepartment {
                            name: &m.department,
                            people: vec![row],
                        }),
                    }
                }
                let moved_at = |l: &Location| {
                    day.moves
                        .iter()
                        .find(|m| m.to.value == l.id.value)
                        .map(|m| m.at.value.to_string())
                };
                let hospitals = match &day.hospital {
                    Some(hospital) => vec![CallHospital {
                        location: None,
                        from: None,
                        hospital,
                    }],
                    None => {
                        let mut found: Vec<CallHospital> = Vec::new();
                        for l in day_locations(view, day) {
                            if let Some(hospital) = &l.hospital
                                && !found.iter().any(|h| h.hospital.name == hospital.name)
                            {
                                found.push(CallHospital {
                                    location: Some(&l.name),
                                    from: moved_at(l),
                                    hospital,
                                });
                            }
                        }
                        found
                    }
                };
                let mut moves: Vec<(chrono::NaiveDateTime, CompanyMove)> = day
                    .moves
                    .iter()
                    .filter_map(|m| {
                        let l = &p.locations[*ix.locations.get(&m.to.value)?];
                        Some((
                            day.after_call(m.at.value)?,
                            CompanyMove {
                                at: m.at.value.to_string(),
                                date: day.date_after_call(m.at.value),
                                to: Named::location(l, urls),
                            },
                        ))
                    })
                    .collect();
                moves.sort_by_key(|(at, _)| *at);
                let office = p.config.production_office.as_ref().map(|o| KeyContact {
                    name: o.name.as_deref().unwrap_or("Production office"),
                    role: o.role.as_deref().unwrap_or("Production office"),
                    phone: o.phone.as_deref(),
                    email: o.email.as_deref(),
                });
                let key_contacts = office
                    .into_iter()
                    .chain(
                        p.department_order()
                            .into_iter()
                            .flat_map(|d| {
                                p.crew.iter().filter(move |m| {
                                    crate::model::same_department(&m.department, d)
                                })
                            })
                            .filter(|m| m.key_contact)
                            .map(|m| KeyContact {
                                name: &m.name,
                                role: &m.position,
                                phone: m.phone.as_deref(),
                                email: m.email.as_deref(),
                            }),
                    )
                    .collect();
                let mut emergency_numbers: Vec<&str> = Vec::new();
                for l in day_locations(view, day) {
                    let number = l
                        .emergency_number
                        .as_deref()
                        .unwrap_or(p.config.emergency_number());
                    if !emergency_numbers.contains(&number) {
                        emergency_numbers.push(number);
                    }
                }
                if emergency_numbers.is_empty() {
                    emergency_numbers.push(p.config.emergency_number());
                }
                let mut meals: Vec<(chrono::NaiveDateTime, MealTime)> = day
                    .all_meals()
                    .filter_map(|(name, time)| {
                        let at = day.after_call(time.value)?;
                        Some((
                            at,
                            MealTime {
                                name: name.to_string(),
                                time: time.value.to_string(),
                                date: day.date_after_call(time.value),
                            },
                        ))
                    })
                    .collect();
                meals.sort_by_key(|(at, _)| *at);
                let advance = ordered.get(position + 1).map(|next| Advance {
                    number: next.day.value,
                    url: urls.day(next.day.value),
                    date: next.date.value.long(),
                    general_call: next.general_call.value.to_string(),
                    shooting_call: next.shooting_call.as_ref().map(|t| t.value.to_string()),
                    locations: day_locations(view, next)
                        .map(|l| Named::location(l, urls))
                        .collect(),
                    shots: next
                        .shots
                        .iter()
                        .filter(|s| ix.shots.contains_key(&s.value))
                        .map(|s| s.value.as_str())
                        .collect(),
                });
                CallSheet {
                    number: day.day.value,
                    position: position + 1,
                    total,
                    date: day.date.value.long(),
                    general_call: day.general_call.value.to_string(),
                    shooting_call: day.shooting_call.as_ref().map(|t| t.value.to_string()),
                    shooting_call_date: day
                        .shooting_call
                        .as_ref()
                        .and_then(|t| day.date_after_call(t.value)),
                    meals: meals.into_iter().map(|(_, meal)| meal).collect(),
                    wrap: day.wrap.as_ref().map(|t| t.value.to_string()),
                    wrap_date: day.next_date(day.end()),
                    locations,
                    shots,
                    runtime: day_runtime(view, day).to_string(),
                    cast,
                    extras: day
                        .extras
                        .iter()
                        .map(|e| ExtrasRow {
                            group: &e.group.value,
                            count: e.count.or_else(|| {
                                p.extras
                                    .iter()
                                    .find(|g| g.group == e.group.value)
                                    .map(|g| g.count)
                            }),
                            call: e.call.to_string(),
                            call_date: day.date_after_call(e.call),
                            report: e.report.as_deref(),
                            notes: e.notes.as_deref(),
                        })
                        .collect(),
                    crew,
                    equipment: &day.equipment,
                    weather: &day.weather,
                    hospitals,
                    moves: moves.into_iter().map(|(_, m)| m).collect(),
                    key_contacts,
                    emergency_numbers,
                    light: light_times(view, day),
                    advance,
                    revision: day.revision.as_deref(),
                    issued: day
                        .issued
                        .as_ref()
                        .map(|t| t.value.0.format("%a %-d %b %H:%M").to_string()),
                    changes: &day.changes,
                    notes: &day.notes,
                    previous: position
                        .checked_sub(1)
                        .and_then(|i| ordered.get(i))
                        .map(|d| link(d)),
                    next: ordered.get(position + 1).map(|d| link(d)),
                    production: &p.config.title,
                    director: &p.config.director,
                    company: &p.config.production_company,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_sheets_count_days_by_date_and_call_the_crew() {
        let view = super::super::tests::view();
        let urls = Urls::new("https://t.example.com/");
        let sheets = CallSheet::all(&view, &urls);
        assert_eq!(sheets.len(), 2);
        let first = &sheets[0];
        assert_eq!((first.number, first.position, first.total), (1, 1, 2));
        assert_eq!(first.runtime, "0:15");
        assert!(first.shots[1].same_location, "1B is on the roof too");
        assert_eq!(first.hospitals[0].hospital.name, "St Mary");
        assert_eq!(first.cast[0].pickup.as_deref(), Some("07:00"));
        let crew = || first.crew.iter().flat_map(|d| &d.people);
        let kit = crew().find(|c| c.name == "Kit").unwrap();
        assert!(kit.early && kit.call == "07:30");
        let lu = crew().find(|c| c.name == "Lu").unwrap();
        assert!(!lu.early && lu.call == "08:00");
        assert_eq!(first.next.as_ref().unwrap().number, 2);
        assert!(sheets[1].previous.is_some() && sheets[1].next.is_none());
        assert_eq!(sheets[1].runtime, "0:07");
        // Day 2 is called at 18:00 on Sunday 20 September and wraps at 02:00 on the Monday.
        assert_eq!(first.wrap_date, None);
        assert_eq!(sheets[1].wrap.as_deref(), Some("02:00"));
        assert_eq!(sheets[1].wrap_date.as_deref(), Some("Mon 21 Sep"));
        let schedule = Schedule::new(&view, &urls, |_| None);
        assert_eq!(schedule.days[1].wrap_date.as_deref(), Some("Mon 21 Sep"));
    }

    #[test]
    fn the_schedule_lists_days_in_date_order() {
        let view = super::super::tests::view();
        let urls = Urls::new("https://t.example.com/");
        let schedule = Schedule::new(&view, &urls, |path| Some(path.to_string()));
        let numbers: Vec<u32> = schedule.days.iter().map(|d| d.number).collect();
        assert_eq!(numbers, [1, 2]);
        assert_eq!(schedule.days[0].shots, "2 shots");
        assert_eq!(schedule.days[0].runtime, "0:15");
        assert_eq!(schedule.calendar.as_deref(), Some("/schedule/shoot.ics"));
    }
}
