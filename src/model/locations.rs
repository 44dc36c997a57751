//! `locations.yaml`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Contact, Hospital, Image};
use super::values::{Id, Located, Money};

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationsFile {
    #[serde(default)]
    pub locations: Vec<Location>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub coordinates: Option<Coordinates>,
    /// The number that reaches an ambulance here, when not the production's
    /// `emergency_number`.
    #[serde(default)]
    pub emergency_number: Option<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    #[serde(default)]
    pub fee: Option<Located<Money>>,
    #[serde(default)]
    pub permit: Option<Permit>,
    #[serde(default)]
    pub parking: Option<String>,
    #[serde(default)]
    pub power: Option<String>,
    #[serde(default)]
    pub restrooms: Option<String>,
    #[serde(default)]
    pub hospital: Option<Hospital>,
    #[serde(default)]
    pub photos: Vec<Image>,
    #[serde(default)]
    pub release_signed: bool,
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

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Permit {
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub status: Option<PermitStatus>,
    #[serde(default)]
    pub authority: Option<String>,
    #[serde(default)]
    pub reference: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PermitStatus {
    #[serde(rename = "not applied")]
    NotApplied,
    Applied,
    Granted,
    Refused,
}
