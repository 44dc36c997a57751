//! Reading one YAML text into a typed document, with the failing field's path and position.

use std::cell::RefCell;

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;
use crate::model::Pos;

/// Limits that keep hostile YAML (alias bombs, deep nesting) cheap to refuse.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: 64,
            max_nodes: 1_000_000,
        },
    }
}

/// A problem in a YAML text, relative to the text's own first line.
#[derive(Debug)]
pub struct YamlError {
    pub at: Pos,
    pub field: String,
    pub message: String,
    pub hint: Option<String>,
}

impl YamlError {
    /// As a diagnostic, with lines counted from `first_line` of the file.
    pub fn into_diagnostic(self, first_line: u32) -> Diagnostic {
        let at = if self.at.line == 0 {
            Pos::default()
        } else {
            Pos {
                line: self.at.line + first_line - 1,
                column: self.at.column,
            }
        };
        let mut diagnostic = Diagnostic::error(self.message).field(self.field).at(at);
        diagnostic.hint = self.hint;
        diagnostic
    }
}

/// Deserializes `text` as a `T`. An empty text is `T::default()`-like only if `T` accepts an
/// empty mapping; callers decide what emptiness means.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let path = RefCell::new(String::new());
    let result = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        serde_path_to_error::deserialize(de).map_err(|e| {
            *path.borrow_mut() = e.path().to_string();
            e.into_inner()
        })
    });
    result.map_err(|error| {
        let at = error
            .location()
            .map(|l| Pos {
                line: u32::try_from(l.line()).unwrap_or(u32::MAX),
                column: u32::try_from(l.column()).unwrap_or(u32::MAX),
            })
            .unwrap_or_default();
        let message = plain_message(&error.to_string());
        YamlError {
            at,
            field: path.into_inner(),
            hint: did_you_mean(&message),
            message,
        }
    })
}

/// The parser's message without the position it appends (we print positions ourselves), and
/// in words a producer would use.
fn plain_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => &message[..at],
        _ => message,
    };
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// For "unknown field `descriptoin`, expected one of id, description ...", the closest
/// expected name; the same for enum values such as shot sizes and statuses.
fn did_you_mean(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (wrong, rest) = rest.split_once('`')?;
    let expected = rest
        .split_once("expected one of ")
        .map(|(_, list)| list)
        .or_else(|| rest.split_once("expected ").map(|(_, one)| one))?;
    let candidates: Vec<&str> = expected
        .split(',')
        .map(|c| c.trim().trim_matches('`'))
        .filter(|c| !c.is_empty())
        .collect();
    match crate::index::did_you_mean(wrong, candidates.iter().copied()) {
        Some(close) => Some(format!("did you mean `{close}`?")),
        None => Some(format!(
            "the possible values are: {}",
            candidates.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        #[allow(dead_code)]
        id: String,
    }

    #[test]
    fn unknown_field_names_path_and_position() {
        let err = parse::<Doc>("items:\n  - id: a\n  - idd: b\n").unwrap_err();
        assert_eq!(err.field, "items[1].idd");
        assert_eq!(err.at, Pos { line: 3, column: 5 });
        assert!(
            err.message.starts_with("unknown field `idd`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse::<serde_json::Value>(&text).is_err());
    }
}
