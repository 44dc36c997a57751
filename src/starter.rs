//! What `clapboard new` starts a production from. The blank production (`templates/blank/`)
//! has every document with its fields written as comments, and is named after its folder; the
//! example is a copy of Sodium Hours, with its people's names and phone numbers, for exploring.

use std::fmt::Write as _;

use crate::embedded;

/// What a new production starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Starter {
    /// Every document, its fields written as comments to uncomment and fill in; titled after
    /// the folder.
    #[default]
    Blank,
    /// A copy of the example production, Sodium Hours, to explore what clapboard makes.
    Example,
}

/// The blank production's title, until `clapboard new` names it after its folder.
pub const PLACEHOLDER_TITLE: &str = "Untitled production";

impl Starter {
    /// The files it writes, by their path in the production folder.
    pub(crate) fn files(self) -> &'static [(&'static str, &'static [u8])] {
        match self {
            Starter::Blank => embedded::BLANK_FILES,
            Starter::Example => embedded::EXAMPLE_FILES,
        }
    }

    /// The file at `relative` as written into a production titled `title`.
    pub(crate) fn file(self, relative: &str, bytes: &[u8], title: &str) -> Vec<u8> {
        let text = std::str::from_utf8(bytes).ok();
        let document = relative.ends_with(".yaml") || relative.ends_with(".md");
        match (self, text) {
            (Starter::Blank, Some(text)) if document => named(text, title).into_bytes(),
            _ => bytes.to_vec(),
        }
    }
}

/// A production's title from its folder's name: `my-video` is `My Video`. Words keep their
/// letters, whatever the script; only the first letter of each is made a capital.
pub fn title_from_folder(name: &str) -> String {
    let words: Vec<String> = name
        .split(['-', '_', ' '])
        .filter(|word| !word.trim().is_empty())
        .map(capitalised)
        .collect();
    if words.is_empty() {
        PLACEHOLDER_TITLE.to_string()
    } else {
        words.join(" ")
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut upper = first.to_uppercase();
    // A letter whose capital is two (`ß`) is left as it is.
    let first = match (upper.next(), upper.next()) {
        (Some(capital), None) => capital,
        _ => first,
    };
    std::iter::once(first).chain(chars).collect()
}

/// `text` as a YAML double-quoted scalar, which holds any text: quotes, colons, `#`, leading
/// dashes or spaces. Characters YAML cannot print are escaped.
pub fn yaml_quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(quoted, "\\u{:04x}", c as u32);
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The blank's `text` with its placeholder title made `title`, wherever the placeholder is a
/// field's whole value (`title: Untitled production # ...`).
fn named(text: &str, title: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let Some((key, value)) = line.split_once(": ") else {
                return line.to_string();
            };
            let is_field = key
                .trim_start()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
                && !key.trim_start().is_empty();
            match value.strip_prefix(PLACEHOLDER_TITLE) {
                Some(rest) if is_field && (rest.trim().is_empty() || rest.starts_with(" #")) => {
                    format!("{key}: {}{rest}", yaml_quoted(title))
                }
                _ => line.to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_name_becomes_a_title() {
        assert_eq!(title_from_folder("my-video"), "My Video");
        assert_eq!(title_from_folder("night_shoot 2"), "Night Shoot 2");
        assert_eq!(title_from_folder("MV-final"), "MV Final");
        assert_eq!(title_from_folder("été-à-paris"), "Été À Paris");
        assert_eq!(title_from_folder("終電"), "終電");
        assert_eq!(title_from_folder("straße"), "Straße");
        assert_eq!(title_from_folder("--"), PLACEHOLDER_TITLE);
    }

    #[test]
    fn any_title_is_quoted_safely() {
        assert_eq!(yaml_quoted("it's: #1"), r#""it's: #1""#);
        assert_eq!(yaml_quoted(r#"say "hi" \o/"#), r#""say \"hi\" \\o/""#);
        assert_eq!(yaml_quoted("a\nb\t"), r#""a\u000ab\u0009""#);
    }

    #[test]
    fn only_whole_placeholder_values_are_named() {
        let text = "title: Untitled production # Required.\nsong:\n  title: Untitled production\n\
                    headline: Untitled production, the video\nWrite about Untitled production.\n";
        assert_eq!(
            named(text, "It's: #1"),
            "title: \"It's: #1\" # Required.\nsong:\n  title: \"It's: #1\"\n\
             headline: Untitled production, the video\nWrite about Untitled production.\n"
        );
    }
}
