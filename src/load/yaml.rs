//! Reading one YAML text into a typed document, reporting every problem in it.
//!
//! The text is parsed once into a [`Node`] tree. The typed document is then deserialized from
//! the tree; when a field fails, the failure is recorded, the field (or, for a missing required
//! field, its item) is taken out of the tree and the document is tried again. So a file with
//! three mistakes gets three messages, each with its position and field path.

use serde::de::DeserializeOwned;

use super::node::{self, Node, NodeProblem, Segment};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Pos;

/// How many problems one file may report before the rest are left unread.
const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Limits that keep hostile YAML (alias bombs, deep nesting) cheap to refuse.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: 64,
            max_nodes: 250_000,
            max_aliases: 10_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
        },
    }
}

/// A problem in a YAML text, relative to the text's own first line.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub at: Pos,
    pub field: String,
    pub message: String,
    pub hint: Option<String>,
    pub code: Code,
}

impl YamlError {
    pub fn into_diagnostic(self) -> Diagnostic {
        let at = self.at;
        let mut diagnostic = Diagnostic::error(self.code, self.message)
            .field(self.field)
            .at(at);
        diagnostic.hint = self.hint;
        diagnostic
    }
}

/// Parses `text` into its node tree; a syntax error (or a refused hostile input) is the only
/// problem reported, since nothing after it can be trusted.
pub fn parse_tree(text: &str) -> Result<Node, YamlError> {
    serde_saphyr::from_str_with_options::<Node>(text, options()).map_err(|error| {
        let at = error
            .location()
            .map(|l| Pos {
                line: u32::try_from(l.line()).unwrap_or(u32::MAX),
                column: u32::try_from(l.column()).unwrap_or(u32::MAX),
            })
            .unwrap_or_default();
        let (message, hint, code) = describe_syntax_error(&error);
        YamlError {
            at,
            field: String::new(),
            message,
            hint,
            code,
        }
    })
}

/// What a parser error means for a producer, chosen by its kind.
fn describe_syntax_error(error: &serde_saphyr::Error) -> (String, Option<String>, Code) {
    use serde_saphyr::Error as E;
    use serde_saphyr::ExternalMessageSource;
    use serde_saphyr::budget::BudgetBreach;
    use serde_saphyr::granit_parser::ErrorKind;

    let mut cause = error;
    while let E::AliasError { error: inner, .. } | E::WithSnippet { error: inner, .. } = cause {
        cause = inner;
    }
    let too_deep = || {
        (
            "this file is nested too deeply and was refused".to_string(),
            Some("production documents are a few levels deep; check the indentation".to_string()),
            Code::HostileYaml,
        )
    };
    match cause {
        E::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        } => too_deep(),
        E::ExternalMessage { source, .. }
            if matches!(source.as_ref(), ExternalMessageSource::Parser(scan)
                if matches!(scan.kind(), ErrorKind::RecursionLimitExceeded)) =>
        {
            too_deep()
        }
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayStackDepthExceeded { .. } => (
            "this file expands to too much data and was refused".to_string(),
            Some(
                "YAML anchors and aliases may not multiply a document; write the values out"
                    .to_string(),
            ),
            Code::HostileYaml,
        ),
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(field) => format!("the field `{field}` appears twice here"),
                None => "a field appears twice here".to_string(),
            },
            Some(
                "each field may appear once in an item; keep the right one and delete the other"
                    .to_string(),
            ),
            Code::DuplicateKey,
        ),
        _ => (
            format!(
                "this is not valid YAML: {}",
                plain_message(&error.to_string())
            ),
            Some("check the indentation, and quote text that contains `: ` or starts with a special character".to_string()),
            Code::YamlSyntax,
        ),
    }
}

/// What reading a document gave: the document (when what is left of it reads), every problem,
/// and whether whole items had to be left out (so references to them cannot be judged).
pub struct Parsed<T> {
    pub value: Option<T>,
    pub errors: Vec<YamlError>,
    pub lost_items: bool,
}

/// [`parse_tree`] for YAML that starts on `first_line` of its file (front matter starts on
/// line 2): every position in the tree, and in the error, is a position in the file.
pub fn parse_tree_at(text: &str, first_line: u32) -> Result<Node, YamlError> {
    let shift = first_line.saturating_sub(1);
    match parse_tree(text) {
        Ok(mut tree) => {
            node::shift_lines(&mut tree, shift);
            Ok(tree)
        }
        Err(mut error) => {
            if error.at.line > 0 {
                error.at.line += shift;
            }
            Err(error)
        }
    }
}

/// Deserializes `text` as a `T`, collecting every problem. Returns the document when what is
/// left of it after taking out the broken fields is still a `T`. `first_line` is the line of
/// the file on which `text` starts (front matter starts on line 2), so that every position,
/// in errors and in the document, is a position in the file.
pub fn parse<T: DeserializeOwned>(text: &str, first_line: u32) -> Parsed<T> {
    let shift = first_line.saturating_sub(1);
    match parse_tree(text) {
        Ok(mut tree) => {
            node::shift_lines(&mut tree, shift);
            parse_node(tree)
        }
        Err(mut error) => {
            if error.at.line > 0 {
                error.at.line += shift;
            }
            Parsed {
                value: None,
                errors: vec![error],
                lost_items: true,
            }
        }
    }
}

/// Deserializes a `T` from `tree`, taking out what fails and trying again.
pub fn parse_node<T: DeserializeOwned>(mut tree: Node) -> Parsed<T> {
    let mut errors = Vec::new();
    let mut removed: Vec<Vec<Segment>> = Vec::new();
    let lost = |removed: &[Vec<Segment>]| {
        removed
            .iter()
            .any(|path| matches!(path.last(), Some(Segment::Index(_))))
    };
    for _ in 0..MAX_PROBLEMS_PER_FILE * 2 {
        let error = match node::from_node::<T>(&tree) {
            Ok(value) => {
                return Parsed {
                    value: Some(value),
                    lost_items: lost(&removed),
                    errors,
                };
            }
            Err(error) => error,
        };
        // A required field reported missing because its misspelt or broken spelling was
        // taken out is not a second problem.
        let missing = match &error.problem {
            NodeProblem::MissingField(field) => Some(field),
            _ => None,
        };
        let consequence = missing.is_some_and(|field| {
            removed.iter().any(|gone| {
                gone.len() == error.path.len() + 1
                    && gone.starts_with(&error.path)
                    && matches!(gone.last(), Some(Segment::Key(key))
                        if key == field || crate::index::did_you_mean(key, [field.as_str()]).is_some())
            })
        });
        if !consequence && errors.len() < MAX_PROBLEMS_PER_FILE {
            errors.push(describe(&error));
        }
        if !node::remove(&mut tree, &error.path) {
            return Parsed {
                value: None,
                errors,
                lost_items: true,
            };
        }
        removed.push(error.path);
    }
    Parsed {
        value: None,
        errors,
        lost_items: true,
    }
}

fn describe(error: &node::NodeError) -> YamlError {
    // The possible names go in the hint, keeping the message to the point.
    let (code, message, hint) = match &error.problem {
        NodeProblem::MissingField(field) => (
            Code::MissingField,
            error.problem.to_string(),
            Some(format!("add `{field}:` to this item")),
        ),
        NodeProblem::UnknownField {
            field,
            expected: _,
            split_from: Some((before, text)),
        } => (
            Code::UnknownField,
            format!("unknown field `{field}`"),
            Some(format!(
                "a comma ends a value inside `{{ }}`: if `{field}` belongs to `{before}`, put the value in quotes: `{before}: \"{text}, {field}\"`"
            )),
        ),
        NodeProblem::UnknownField {
            field, expected, ..
        } => (
            Code::UnknownField,
            format!("unknown field `{field}`"),
            Some(did_you_mean(field, expected)),
        ),
        NodeProblem::UnknownValue { value, expected } => (
            Code::UnknownValue,
            format!("`{value}` is not one of the possible values"),
            Some(did_you_mean(value, expected)),
        ),
        NodeProblem::WrongType { .. } | NodeProblem::Other(_) => {
            (Code::InvalidValue, error.problem.to_string(), None)
        }
    };
    YamlError {
        at: error.at,
        field: node::path_text(&error.path),
        message,
        hint,
        code,
    }
}

/// The parser's message without the position it appends (positions are printed separately).
fn plain_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => &message[..at],
        _ => message,
    };
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// For an unknown field or value, the closest expected name, or else the possible ones.
fn did_you_mean(wrong: &str, expected: &[&str]) -> String {
    match crate::index::did_you_mean(wrong, expected.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("possible here: {}", expected.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        id: String,
        #[serde(default)]
        size: Option<Size>,
        #[serde(default)]
        count: Option<u32>,
    }

    #[derive(Debug, Deserialize)]
    enum Size {
        #[serde(rename = "CU")]
        CloseUp,
        #[serde(rename = "WS")]
        Wide,
    }

    #[test]
    fn unknown_field_names_path_and_position() {
        let errors = parse::<Doc>("items:\n  - id: a\n  - idd: b\n", 1).errors;
        let err = &errors[0];
        assert_eq!(err.field, "items[1].idd");
        assert_eq!(err.at, Pos { line: 3, column: 5 });
        assert_eq!(err.message, "unknown field `idd`");
        assert_eq!(err.hint.as_deref(), Some("did you mean `id`?"));
        assert_eq!(
            errors.len(),
            1,
            "the missing id is a consequence: {errors:?}"
        );
    }

    #[test]
    fn a_comma_inside_braces_is_taken_for_a_field_and_the_hint_says_to_quote() {
        let errors = parse::<Doc>("items:\n  - { id: milk bottles, neon }\n", 1).errors;
        let err = &errors[0];
        assert_eq!(err.message, "unknown field `neon`");
        assert_eq!(
            err.hint.as_deref(),
            Some(
                "a comma ends a value inside `{ }`: if `neon` belongs to `id`, put the value in quotes: `id: \"milk bottles, neon\"`"
            )
        );
        // A field on a line of its own is only a misspelling.
        let errors = parse::<Doc>("items:\n  - id: a\n    neon:\n", 1).errors;
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("possible here: id, size, count")
        );
    }

    #[test]
    fn every_problem_in_a_file_is_reported() {
        let text =
            "items:\n  - id: a\n    size: XCU\n  - id: b\n    count: many\n  - {}\n  - id: c\n";
        let Parsed {
            value: doc,
            errors,
            lost_items,
        } = parse::<Doc>(text, 1);
        assert!(lost_items, "the item without an id is left out");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["items[0].size", "items[1].count", "items[2]"],
            "{errors:?}"
        );
        assert_eq!(
            errors[0].at,
            Pos {
                line: 3,
                column: 11
            }
        );
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `CU`?"));
        assert_eq!(errors[2].code, Code::MissingField);
        let doc = doc.expect("what is left is a document");
        let ids: Vec<&str> = doc.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert!(doc.items[0].size.is_none());
        assert!(doc.items[1].count.is_none());
    }

    #[test]
    fn numbers_are_text_where_text_is_wanted() {
        let Parsed {
            value: doc, errors, ..
        } = parse::<Doc>("items:\n  - id: 3\n    size: CU\n", 1);
        assert!(errors.is_empty(), "{errors:?}");
        let doc = doc.unwrap();
        assert_eq!(doc.items[0].id, "3");
        assert!(matches!(doc.items[0].size, Some(Size::CloseUp)));
        let _ = Size::Wide;
    }

    #[test]
    fn syntax_errors_are_placed() {
        let errors = parse::<Doc>("items: [\n", 1).errors;
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::YamlSyntax);
        assert_eq!(errors[0].at.line, 1);
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
        let error = parse_tree(&text).unwrap_err();
        assert_eq!(error.code, Code::HostileYaml, "{error:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let error = parse_tree(&text).unwrap_err();
        assert_eq!(error.code, Code::HostileYaml, "{error:?}");
        assert_eq!(
            error.message,
            "this file is nested too deeply and was refused"
        );
    }

    #[test]
    fn deep_indentation_is_refused_as_too_deep() {
        // Past the depth budget before the parser's own limit.
        let text: String = (0..100)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        let error = parse_tree(&text).unwrap_err();
        assert_eq!(error.code, Code::HostileYaml, "{error:?}");
        assert_eq!(
            error.message,
            "this file is nested too deeply and was refused"
        );
    }

    #[test]
    fn a_field_twice_is_named() {
        let error = parse_tree("items:\n  - id: a\n    id: b\n").unwrap_err();
        assert_eq!(error.code, Code::DuplicateKey);
        assert_eq!(error.message, "the field `id` appears twice here");
        assert_eq!(error.at, Pos { line: 3, column: 5 });
    }

    #[test]
    fn an_unknown_value_lists_the_possible_ones() {
        let errors = parse::<Doc>("items:\n  - id: a\n    size: XX\n", 1).errors;
        assert_eq!(errors[0].code, Code::UnknownValue);
        assert_eq!(errors[0].message, "`XX` is not one of the possible values");
        assert_eq!(errors[0].hint.as_deref(), Some("possible here: CU, WS"));
    }

    #[test]
    fn a_value_of_the_wrong_kind_says_what_was_expected() {
        let errors = parse::<Doc>("items:\n  - id: a\n    count: [1]\n", 1).errors;
        assert_eq!(errors[0].code, Code::InvalidValue);
        assert_eq!(
            errors[0].message,
            "expected a whole number such as 2, found a list"
        );
        assert_eq!(errors[0].hint, None);
    }
}
