//! `locations.yaml`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Contact, Hospital, Image};
use super::values::{Id, Located, Money};

/// The locations: `locations.yaml` or `locations/*.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationsFile {
    /// The places the video is filmed.
    #[serde(default)]
    pub locations: Vec<Location>,
}

/// A place the video is filmed.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// A short id for the location, such as `rooftop`: shots, days and Markdown
    /// (`location:rooftop`) refer to it.
    pub id: Id,
    /// The location's name: "Bus depot, bay 4".
    pub name: String,
    /// The street address, for the call sheet and a map link.
    #[serde(default)]
    pub address: Option<String>,
    /// Latitude and longitude, for the map link, sunrise and sunset: `{ lat: 51.5, lon: -0.12 }`.
    #[serde(default)]
    pub coordinates: Option<Coordinates>,
    /// The number that reaches an ambulance here, when not the production's
    /// `emergency_number`.
    #[serde(default)]
    pub emergency_number: Option<String>,
    /// Who to call at the location: the owner or the site manager.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// What the location costs, such as `1200`.
    #[serde(default)]
    pub fee: Option<Located<Money>>,
    /// The filming permit: whether one is needed, who grants it and where it stands.
    #[serde(default)]
    pub permit: Option<Permit>,
    /// Where the unit and the crew park.
    #[serde(default)]
    pub parking: Option<String>,
    /// Power on site: mains, a generator, how many amps.
    #[serde(default)]
    pub power: Option<String>,
    /// Where the toilets are.
    #[serde(default)]
    pub restrooms: Option<String>,
    /// The nearest hospital with an emergency department, for the call sheet.
    #[serde(default)]
    pub hospital: Option<Hospital>,
    /// Recce photos of the location.
    #[serde(default)]
    pub photos: Vec<Image>,
    /// Whether the location release is signed: `true` or `false`.
    #[serde(default)]
    pub release_signed: bool,
    /// Anything else the crew should know about the location.
    #[serde(default)]
    pub notes: Option<String>,
}

impl Location {
    /// Whether the location is cleared to shoot: its permit granted (or none needed) and its
    /// release signed.
    pub fn cleared(&self) -> bool {
        let permitted = self
            .permit
            .as_ref()
            .is_none_or(|p| !p.required || p.status == Some(PermitStatus::Granted));
        permitted && self.release_signed
    }
}

/// A point on the map, in decimal degrees.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    /// Latitude in decimal degrees, north positive: `51.5072`.
    pub lat: f64,
    /// Longitude in decimal degrees, east positive: `-0.1276`.
    pub lon: f64,
}

/// A filming permit.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Permit {
    /// Whether the location needs a permit to film: `true` or `false`.
    #[serde(default)]
    pub required: bool,
    /// Where the permit stands: not applied, applied, granted or refused.
    #[serde(default)]
    pub status: Option<PermitStatus>,
    /// Who grants the permit: the council, the film office, the park authority.
    #[serde(default)]
    pub authority: Option<String>,
    /// The permit's reference number.
    #[serde(default)]
    pub reference: Option<String>,
}

/// Where a permit stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PermitStatus {
    /// Not applied: nobody has asked yet.
    #[serde(rename = "not applied")]
    NotApplied,
    /// Applied: waiting for an answer.
    Applied,
    /// Granted: cleared to film.
    Granted,
    /// Refused: the location cannot be used as planned.
    Refused,
}
