//! `schedule.yaml`: the shoot days.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Hospital;
use super::values::{ClockTime, Date, DateTime, Id, Located};

/// The shoot schedule: `schedule.yaml` or `schedule/*.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleFile {
    /// The shoot days; each makes a call sheet.
    #[serde(default)]
    pub days: Vec<ShootDay>,
}

/// A shoot day: its calls, locations, shots and people.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShootDay {
    /// The call sheet's revision, as the office names it: `2`, `Blue`.
    #[serde(default)]
    pub revision: Option<String>,
    /// When this revision was issued: `2026-10-07 18:00`.
    #[serde(default)]
    pub issued: Option<Located<DateTime>>,
    /// What changed since the last revision, a line each.
    #[serde(default)]
    pub changes: Vec<String>,
    /// The day's number in the shoot: 1, 2 ...
    pub day: Located<u32>,
    /// The day's date, such as `2026-10-15`.
    pub date: Located<Date>,
    /// When the crew is called, on the 24-hour clock: `"07:00"`.
    pub general_call: Located<ClockTime>,
    /// When the camera is due to roll: `"08:30"`.
    #[serde(default)]
    pub shooting_call: Option<Located<ClockTime>>,
    /// When lunch is called: `"13:00"`.
    #[serde(default)]
    pub lunch: Option<Located<ClockTime>>,
    /// Other meals, by name: breakfast, a second meal, a walking lunch.
    #[serde(default)]
    pub meals: Vec<Meal>,
    /// Estimated wrap.
    #[serde(default)]
    pub wrap: Option<Located<ClockTime>>,
    /// The day's locations, by id, in the order the unit works them.
    #[serde(default)]
    pub locations: Vec<Id>,
    /// Company moves: when the unit moves to another of the day's locations.
    #[serde(default)]
    pub moves: Vec<Move>,
    /// The day's shots, by id, in shooting order.
    #[serde(default)]
    pub shots: Vec<Id>,
    /// When each cast member is picked up, goes into hair and make-up and is on set.
    #[serde(default)]
    pub cast_calls: Vec<CastCall>,
    /// Who the day calls, by crew id or department name: `[hayase, "Camera", "Grip"]`.
    /// Without it, everyone in a department that works on set (see `departments` in the
    /// people document). People in `crew_calls` are called either way.
    #[serde(default)]
    pub crew: Option<Vec<Located<String>>>,
    /// Crew members called at another time than the general call.
    #[serde(default)]
    pub crew_calls: Vec<CrewCall>,
    /// Extras and background called, by their group in the people document.
    #[serde(default)]
    pub extras: Vec<ExtrasCall>,
    /// Equipment for the day, a line each: a crane, a generator, a rain machine.
    #[serde(default)]
    pub equipment: Vec<String>,
    /// The forecast, for the call sheet.
    #[serde(default)]
    pub weather: Option<Weather>,
    /// Overrides the nearest hospital of the day's first location.
    #[serde(default)]
    pub hospital: Option<Hospital>,
    /// Anything else for the call sheet: safety, transport, a closed set.
    #[serde(default)]
    pub notes: Option<String>,
}

impl ShootDay {
    /// Lunch, then the day's other meals, as written: `("Lunch", 23:30)`.
    pub fn all_meals(&self) -> impl Iterator<Item = (&str, &Located<ClockTime>)> {
        self.lunch
            .iter()
            .map(|t| ("Lunch", t))
            .chain(self.meals.iter().map(|m| (m.name.as_str(), &m.time)))
    }

    /// The general call as an instant: the day starts there.
    pub fn start(&self) -> Option<chrono::NaiveDateTime> {
        self.general_call.value.on(self.date.value.0)
    }

    /// The estimated wrap as an instant: the first time after the general call that the
    /// clock reads the wrap, so a wrap at or before the general call is past midnight.
    pub fn end(&self) -> Option<chrono::NaiveDateTime> {
        let wrap = self.wrap.as_ref()?.value;
        let minutes = match wrap.minutes_after(self.general_call.value) {
            0 => 24 * 60,
            minutes => minutes,
        };
        Some(self.start()? + chrono::Duration::minutes(i64::from(minutes)))
    }

    /// The instant of a time of the day that comes after the general call (the shooting call,
    /// a meal): the first at or after the call when the clock reads `time`.
    pub fn after_call(&self, time: ClockTime) -> Option<chrono::NaiveDateTime> {
        let minutes = time.minutes_after(self.general_call.value);
        Some(self.start()? + chrono::Duration::minutes(i64::from(minutes)))
    }

    /// The date `instant` falls on when it is not the day's own: a wrap or a meal past
    /// midnight, as `Fri 16 Oct`.
    pub fn next_date(&self, instant: Option<chrono::NaiveDateTime>) -> Option<String> {
        let date = instant?.date();
        (date != self.date.value.0).then(|| date.format("%a %-d %b").to_string())
    }

    /// The date of a time after the general call (a shooting call, a meal) when it is past
    /// midnight: `Fri 16 Oct`.
    pub fn date_after_call(&self, time: ClockTime) -> Option<String> {
        self.next_date(self.after_call(time))
    }

    /// How long the day runs from the general call to the estimated wrap.
    pub fn length(&self) -> Option<chrono::Duration> {
        Some(self.end()? - self.start()?)
    }
}

/// A cast member's times on a shoot day.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CastCall {
    /// The cast member, by id.
    pub person: Id,
    /// When they are picked up: `"06:15"`.
    #[serde(default)]
    pub pickup: Option<Located<ClockTime>>,
    /// When they go into hair and make-up: `"06:45"`.
    #[serde(default)]
    pub hair_makeup: Option<Located<ClockTime>>,
    /// When they are due on set: `"08:00"`.
    #[serde(default)]
    pub on_set: Option<Located<ClockTime>>,
    /// Anything else about their day.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A group of extras called on a day: `{ group: Depot workers, call: "15:00", report: the
/// depot gate }`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtrasCall {
    /// The group's name, as the people document's `extras` gives it.
    pub group: Located<String>,
    /// How many are called, when not the whole group.
    #[serde(default)]
    pub count: Option<u32>,
    /// When the group is called: `"15:00"`.
    pub call: ClockTime,
    /// Where they report: the unit base, a gate.
    #[serde(default)]
    pub report: Option<String>,
    /// Anything else for the group: wardrobe, what to bring.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A company move: `{ to: rooftop, at: "03:15" }`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// The location moved to, one of the day's.
    pub to: Id,
    /// When the unit moves; before the general call, the next morning.
    pub at: Located<ClockTime>,
}

/// A meal of the day, such as `{ name: Second meal, time: "01:30" }`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meal {
    /// The meal's name: "Breakfast", "Second meal".
    pub name: String,
    /// A time after the general call; before it, the next morning.
    pub time: Located<ClockTime>,
}

/// A crew member called at another time than the general call.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrewCall {
    /// The crew member, by id.
    pub person: Id,
    /// When they are called: `"05:30"`.
    pub call: ClockTime,
    /// Why, or what they do first.
    #[serde(default)]
    pub notes: Option<String>,
}

/// The day's forecast, as the call sheet prints it.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Weather {
    /// The forecast in words: "Dry, clouding over after 4pm".
    #[serde(default)]
    pub forecast: Option<String>,
    /// Highest temperature, as written ("11°C").
    #[serde(default)]
    pub high: Option<String>,
    /// Lowest temperature, as written ("4°C").
    #[serde(default)]
    pub low: Option<String>,
    /// Sunrise as the call sheet should give it, over the time computed from the coordinates of
    /// the day's location: `"07:12"`.
    #[serde(default)]
    pub sunrise: Option<ClockTime>,
    /// Sunset as the call sheet should give it, over the time computed from the coordinates of
    /// the day's location: `"18:04"`.
    #[serde(default)]
    pub sunset: Option<ClockTime>,
}
