//! `people.yaml`: cast, extras and crew.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Contact;
use super::values::{Id, Located};

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeopleFile {
    #[serde(default)]
    pub cast: Vec<CastMember>,
    #[serde(default)]
    pub extras: Vec<ExtrasGroup>,
    #[serde(default)]
    pub crew: Vec<CrewMember>,
    /// The crew's departments in the order call sheets list them, and which work on set.
    /// Departments not named here come after, in the order the crew list first gives them.
    #[serde(default)]
    pub departments: Vec<Department>,
}

/// A crew department, as call sheets group the crew.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// The department's name, exactly as crew members give it in `department`.
    pub name: Located<String>,
    /// Whether the department works on set, so that a shoot day calls its people unless the
    /// day names its crew: `false` for post-production (edit, colour, VFX, sound design).
    #[serde(default = "on_set")]
    pub on_set: bool,
}

fn on_set() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CastMember {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub character: Option<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    #[serde(default)]
    pub agent: Option<Contact>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtrasGroup {
    pub group: String,
    pub count: u32,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrewMember {
    pub id: Id,
    pub name: String,
    pub department: String,
    pub position: String,
    /// Listed among the key contacts at the top of every call sheet: the producer, the
    /// director, the first assistant director.
    #[serde(default)]
    pub key_contact: bool,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}
