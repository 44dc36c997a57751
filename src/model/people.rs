//! `people.yaml`: cast, extras and crew.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Contact;
use super::values::{Id, Located};

/// Cast, extras and crew: `people.yaml` or `people/*.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeopleFile {
    /// The cast: the artist and actors, each with an id.
    #[serde(default)]
    pub cast: Vec<CastMember>,
    /// Extras and background, by group.
    #[serde(default)]
    pub extras: Vec<ExtrasGroup>,
    /// The crew, each with a department and a position.
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

/// A member of the cast.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CastMember {
    /// A short id, such as `mara`: shots, cast calls and Markdown (`person:mara`) refer to it.
    pub id: Id,
    /// The performer's name.
    pub name: String,
    /// The part they play.
    #[serde(default)]
    pub character: Option<String>,
    /// How to reach them.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Their agent, and how to reach them.
    #[serde(default)]
    pub agent: Option<Contact>,
}

/// A group of extras.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtrasGroup {
    /// The group's name: "Depot workers"; shoot days call extras by it.
    pub group: String,
    /// How many people are in the group.
    pub count: u32,
    /// Wardrobe, age range, anything the casting or the AD should know.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A member of the crew.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrewMember {
    /// A short id, such as `hayase`: shoot days and Markdown (`person:hayase`) refer to it.
    pub id: Id,
    /// The crew member's name.
    pub name: String,
    /// Their department, such as `Camera` or `Art`: call sheets group the crew by it.
    pub department: String,
    /// Their job: "Director of photography", "1st AC".
    pub position: String,
    /// Listed among the key contacts at the top of every call sheet: the producer, the
    /// director, the first assistant director.
    #[serde(default)]
    pub key_contact: bool,
    /// Their phone number, for the call sheet.
    #[serde(default)]
    pub phone: Option<String>,
    /// Their email address.
    #[serde(default)]
    pub email: Option<String>,
}

/// The order call sheets list departments in, by the start of a word of their name (case
/// ignored, so `Editor` is `edit`'s and `Department` is not `art`'s):
/// production and direction first, then camera, grip and electric, art, wardrobe, hair and
/// make-up, sound and the rest. A people document's `departments` sets another.
pub const CALL_SHEET_ORDER: [&[&str]; 12] = [
    &["production", "producer"],
    &["direction", "director"],
    &["camera", "cinematograph", "photography"],
    &["grip"],
    &["electric", "lighting", "gaffer"],
    &["art", "props", "set dec"],
    &["wardrobe", "costume"],
    &["hair", "make-up", "makeup"],
    &["sound", "audio"],
    &["stills"],
    &["location", "transport", "catering"],
    &["post", "edit", "colour", "color", "vfx", "visual effects"],
];

/// Words that name a post-production department, which is not called to set unless a day
/// names it: `Post`, `Edit`, `Colour`, `VFX`, `Sound design`. A people document's
/// `departments` may say otherwise (`on_set:`).
pub const POST_WORDS: [&str; 8] = [
    "post",
    "edit",
    "colour",
    "color",
    "grading",
    "vfx",
    "visual effects",
    "sound design",
];

/// Where the department `name` comes in [`CALL_SHEET_ORDER`]: after every listed one when no
/// word of it matches.
pub fn call_sheet_rank(name: &str) -> usize {
    CALL_SHEET_ORDER
        .iter()
        .position(|words| words.iter().any(|w| starts_a_word(name, w)))
        .unwrap_or(CALL_SHEET_ORDER.len())
}

/// Whether the department `name` is post-production's, by [`POST_WORDS`].
pub fn is_post(name: &str) -> bool {
    POST_WORDS.iter().any(|w| starts_a_word(name, w))
}

/// Whether a word of `name` starts with `start` (lower case).
fn starts_a_word(name: &str, start: &str) -> bool {
    let name = name.to_lowercase();
    name.match_indices(start).any(|(at, _)| {
        name[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_are_ranked_and_post_is_found_by_their_words() {
        let mut names = vec![
            "Sound department",
            "Post",
            "Art",
            "Camera",
            "Hair & Make-up",
            "Production",
            "Catering",
        ];
        names.sort_by_key(|n| call_sheet_rank(n));
        assert_eq!(
            names,
            [
                "Production",
                "Camera",
                "Art",
                "Hair & Make-up",
                "Sound department",
                "Catering",
                "Post"
            ]
        );
        assert!(is_post("Post-production") && is_post("Editorial") && is_post("VFX"));
        assert!(is_post("ポスプロ (Post-production)") && is_post("Sound design"));
        assert!(!is_post("Sound") && !is_post("Sound mixer") && !is_post("Compost heap crew"));
        assert_eq!(call_sheet_rank("Party planners"), CALL_SHEET_ORDER.len());
    }
}
