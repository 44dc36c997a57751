//! Timeline markers from an EDL, as DaVinci Resolve writes them with "Timeline Markers to EDL".
//!
//! Each marker is a one-frame CMX 3600 event; the line after it holds the note and the
//! marker's fields: `Lamp flicker is late |C:ResolveColorBlue |M:Hayase |D:1`. Other
//! exporters put the fields first and the note on the lines after, or the note in a
//! `* COMMENT:` line; all of these are read the same way.

use super::node::{Node, Value};
use crate::model::Pos;

/// One timeline marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The line of its event in the file, 1-based, and the column (1-based, in characters) where the record-in timecode starts.
    pub line: u32,
    pub column: u32,
    /// The record-in timecode exactly as written: `01:00:38:12` (or `01:00:38;12` drop-frame).
    pub timecode: String,
    /// The colour without Resolve's prefix, lower case: `blue`, `green`; None when absent.
    pub colour: Option<String>,
    /// The marker's name (`|M:`), trimmed; None when absent or empty.
    pub name: Option<String>,
    /// The note text, trimmed, lines joined with a space; empty when there is none.
    pub note: String,
    /// Where the note's text starts (line, column), or the event's line when there is no note.
    pub note_line: u32,
}

/// What is wrong with an EDL, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdlError {
    pub line: u32,
    pub column: u32,
    /// What is wrong, in a producer's words: "`01:00:3x:12` is not a timecode".
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// The fields of an event: number, reel, track, transition, source in and out, record in and out.
const EVENT_FIELDS: usize = 8;

/// How much of a line an error message quotes.
const QUOTE_CHARS: usize = 40;

const EXPORT_HINT: &str = "in DaVinci Resolve, right-click the timeline in the Media Pool and \
     choose Timelines > Export > Timeline Markers to EDL";

/// Every marker of an EDL, in the order written.
pub fn markers(text: &str) -> Result<Vec<Marker>, EdlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut markers: Vec<Marker> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let content = raw.trim();
        if content.is_empty() || is_header(content) {
            continue;
        }
        if let Some(comment) = content.strip_prefix('*') {
            if let (Some(marker), Some(note)) = (markers.last_mut(), comment_note(comment)) {
                read_marker_text(marker, note, line);
            }
            continue;
        }
        if field_starts(content).next().is_some() {
            // Fields before the first event belong to no marker.
            if let Some(marker) = markers.last_mut() {
                read_marker_text(marker, content, line);
            }
            continue;
        }
        let fields = fields(raw);
        if looks_like_event(&fields) {
            markers.push(event(&fields, line)?);
            continue;
        }
        match markers.last_mut() {
            Some(marker) => add_note(marker, content, line),
            None => {
                let column = 1 + raw.chars().take_while(|c| c.is_whitespace()).count();
                return Err(EdlError {
                    line,
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                    message: format!(
                        "`{}` is not part of an EDL of timeline markers",
                        quote(content)
                    ),
                    hint: EXPORT_HINT.to_string(),
                });
            }
        }
    }
    Ok(markers)
}

/// The hour every marker of a timeline starting at Resolve's default 01:00:00:00 shares: `Some(1)`
/// when every marker's timecode is in hour 01 (then the caller reads them from the timeline's
/// start), else None. Empty input gives None.
pub fn common_start_hour(markers: &[Marker]) -> Option<u32> {
    let in_hour_one = |marker: &Marker| {
        marker
            .timecode
            .split([':', ';'])
            .next()
            .and_then(|hour| hour.parse::<u32>().ok())
            == Some(1)
    };
    (!markers.is_empty() && markers.iter().all(in_hour_one)).then_some(1)
}

/// `TITLE:` and `FCM:` lines, which say nothing about markers.
fn is_header(content: &str) -> bool {
    ["TITLE:", "FCM:"].iter().any(|header| {
        content
            .get(..header.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(header))
    })
}

/// Comment labels whose text is the note.
const NOTE_LABELS: [&str; 2] = ["COMMENT", "FROM CLIP NAME"];

/// Comment labels of CMX 3600 and its exporters that carry no note.
const TECHNICAL_LABELS: [&str; 13] = [
    "TO CLIP NAME",
    "SOURCE FILE",
    "CLIP FILTER",
    "EFFECT NAME",
    "KEY CLIP NAME",
    "FREEZE FRAME",
    "AUDIO LEVEL",
    "LOC",
    "ASC_SOP",
    "ASC_SAT",
    "ASC_CC_XML",
    "FRMC",
    "REEL",
];

/// The note a `*` comment line carries: `* COMMENT: text`, `*FROM CLIP NAME: text` or plain
/// `* text`; None for technical comments (`* SOURCE FILE:`, `*ASC_SOP` ...).
fn comment_note(comment: &str) -> Option<&str> {
    let comment = comment.trim();
    if let Some(rest) = NOTE_LABELS.iter().find_map(|label| {
        after_label(comment, label).and_then(|rest| rest.trim_start().strip_prefix(':'))
    }) {
        return Some(rest);
    }
    let technical = TECHNICAL_LABELS.iter().any(|label| {
        after_label(comment, label)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    });
    (!technical).then_some(comment)
}

/// What follows `label` at the start of `text`, in any case.
fn after_label<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let start = text.get(..label.len())?;
    start
        .eq_ignore_ascii_case(label)
        .then(|| &text[label.len()..])
}

/// Where each `|C:`, `|M:` and `|D:` field of `text` starts, in bytes.
fn field_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.match_indices('|').map(|(at, _)| at).filter(move |at| {
        let after = &text.as_bytes()[at + 1..];
        after.len() >= 2 && matches!(after[0], b'C' | b'M' | b'D') && after[1] == b':'
    })
}

/// Reads a marker line into `marker`: the note text and the `|C:`, `|M:`, `|D:` fields, in
/// any order. Fields already read are kept.
fn read_marker_text(marker: &mut Marker, text: &str, line: u32) {
    let mut starts = field_starts(text).peekable();
    let first = starts.peek().copied().unwrap_or(text.len());
    add_note(marker, &text[..first], line);
    while let Some(start) = starts.next() {
        let end = starts.peek().copied().unwrap_or(text.len());
        // `|`, the key and `:` are one byte each.
        let value = text[start + 3..end].trim();
        match text.as_bytes()[start + 1] {
            b'C' => {
                if marker.colour.is_none() {
                    marker.colour = colour(value);
                }
            }
            b'M' => {
                if marker.name.is_none() && !value.is_empty() {
                    marker.name = Some(value.to_string());
                }
            }
            _ => {
                // The duration is not needed; words after its frames are the note.
                add_note(
                    marker,
                    value.trim_start_matches(|c: char| c.is_ascii_digit()),
                    line,
                );
            }
        }
    }
}

/// `ResolveColorBlue` -> `blue`.
fn colour(value: &str) -> Option<String> {
    const PREFIX: &str = "ResolveColor";
    let bare = match value.get(..PREFIX.len()) {
        Some(start) if start.eq_ignore_ascii_case(PREFIX) => &value[PREFIX.len()..],
        _ => value,
    };
    let bare = bare.trim();
    (!bare.is_empty()).then(|| bare.to_lowercase())
}

/// Adds a piece of note text to `marker`'s note.
fn add_note(marker: &mut Marker, text: &str, line: u32) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if marker.note.is_empty() {
        marker.note_line = line;
    } else {
        marker.note.push(' ');
    }
    marker.note.push_str(text);
}

/// A line's fields, split at whitespace, each with its column.
fn fields(line: &str) -> Vec<(u32, &str)> {
    let mut fields = Vec::new();
    let mut start: Option<(u32, usize)> = None;
    let mut column = 0u32;
    for (at, c) in line.char_indices() {
        column = column.saturating_add(1);
        match (c.is_whitespace(), start) {
            (true, Some((field_column, from))) => {
                fields.push((field_column, &line[from..at]));
                start = None;
            }
            (false, None) => start = Some((column, at)),
            _ => {}
        }
    }
    if let Some((field_column, from)) = start {
        fields.push((field_column, &line[from..]));
    }
    fields
}

/// An event opens with its number and has eight fields, or at least something like a timecode:
/// a note that happens to start with a number does not.
fn looks_like_event(fields: &[(u32, &str)]) -> bool {
    let Some((_, number)) = fields.first() else {
        return false;
    };
    number.chars().all(|c| c.is_ascii_digit())
        && (fields.len() >= EVENT_FIELDS || fields.iter().any(|(_, f)| looks_like_timecode(f)))
}

fn looks_like_timecode(field: &str) -> bool {
    field.chars().filter(|c| matches!(c, ':' | ';')).count() == 3
        && field.chars().any(|c| c.is_ascii_digit())
}

/// `HH:MM:SS:FF`, or `HH:MM:SS;FF` drop-frame.
fn is_timecode(field: &str) -> bool {
    let b = field.as_bytes();
    let two_digits = |at: usize| b[at].is_ascii_digit() && b[at + 1].is_ascii_digit();
    let below_60 = |at: usize| b[at] < b'6';
    b.len() == 11
        && (0..4).all(|part| two_digits(part * 3))
        && b[2] == b':'
        && b[5] == b':'
        && matches!(b[8], b':' | b';')
        && below_60(3)
        && below_60(6)
}

/// The marker of an event line.
fn event(fields: &[(u32, &str)], line: u32) -> Result<Marker, EdlError> {
    let number = fields.first().map_or("", |(_, number)| *number);
    if fields.len() < EVENT_FIELDS {
        return Err(EdlError {
            line,
            column: fields.first().map_or(1, |(column, _)| *column),
            message: format!(
                "event {} has {} fields where an event has {EVENT_FIELDS}",
                quote(number),
                fields.len()
            ),
            hint: "an event is its number, reel, track, transition, source in and out, record in \
                   and out: export the markers again from Resolve, or complete the line"
                .to_string(),
        });
    }
    // A dissolve adds its length before the timecodes, so they are always the last four.
    let timecodes = &fields[fields.len() - 4..];
    if let Some((column, field)) = timecodes.iter().find(|(_, field)| !is_timecode(field)) {
        return Err(EdlError {
            line,
            column: *column,
            message: format!("`{}` is not a timecode", quote(field)),
            hint: "write timecodes as hours, minutes, seconds and frames: `01:00:38:12` \
                   (`01:00:38;12` drop-frame)"
                .to_string(),
        });
    }
    let (column, record_in) = timecodes[2];
    Ok(Marker {
        line,
        column,
        timecode: record_in.to_string(),
        colour: None,
        name: None,
        note: String::new(),
        note_line: line,
    })
}

/// The start of `text`, short enough for a message.
fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let mut quoted: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        quoted.push('…');
    }
    quoted
}

/// The review notes an EDL's markers stand for, on the cut `version`: the record-in is the
/// timecode (from the timeline's start when every marker is in hour 01, Resolve's default
/// start), the marker's name the author, its note the note, and a green marker resolved.
pub fn review_notes(markers: &[Marker], version: &str) -> Vec<Node> {
    let from_hour_one = common_start_hour(markers) == Some(1);
    let field = |name: &str, value: &str, at: Pos| {
        (
            Node {
                value: Value::String(name.to_string()),
                at,
            },
            Node::cell(value, at),
        )
    };
    markers
        .iter()
        .map(|marker| {
            let at = Pos {
                line: marker.line,
                column: marker.column,
            };
            let timecode = match marker.timecode.strip_prefix("01") {
                Some(rest) if from_hour_one => format!("00{rest}"),
                _ => marker.timecode.clone(),
            };
            let mut fields = vec![
                field("version", version, at),
                field("timecode", &timecode, at),
            ];
            if let Some(name) = &marker.name {
                fields.push(field("author", name, at));
            }
            if !marker.note.is_empty() {
                let note_at = Pos {
                    line: marker.note_line,
                    column: 1,
                };
                fields.push(field("note", &marker.note, note_at));
            }
            if marker.colour.as_deref() == Some("green") {
                fields.push(field("resolved", "true", at));
            }
            Node {
                value: Value::Map(fields),
                at,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SHUDEN: &str = "TITLE: Shuden v1
FCM: NON-DROP FRAME

001  001      V     C        01:00:38:12 01:00:38:13 01:00:38:12 01:00:38:13  
Lamp flicker is late |C:ResolveColorBlue |M:Hayase |D:1

002  001      V     C        01:01:02:00 01:01:02:01 01:01:02:00 01:01:02:01  
 |C:ResolveColorGreen |M:Miura |D:1
";

    fn marker(line: u32, timecode: &str, colour: &str, name: &str, note: &str) -> Marker {
        Marker {
            line,
            column: 54,
            timecode: timecode.to_string(),
            colour: Some(colour.to_string()),
            name: Some(name.to_string()),
            note: note.to_string(),
            note_line: if note.is_empty() { line } else { line + 1 },
        }
    }

    fn error(text: &str) -> (u32, u32, String) {
        let e = markers(text).unwrap_err();
        assert!(!e.hint.is_empty());
        (e.line, e.column, e.message)
    }

    #[test]
    fn reads_resolves_markers() {
        assert_eq!(
            markers(SHUDEN).unwrap(),
            [
                marker(4, "01:00:38:12", "blue", "Hayase", "Lamp flicker is late"),
                marker(7, "01:01:02:00", "green", "Miura", ""),
            ]
        );
    }

    #[test]
    fn notes_before_and_after_the_fields() {
        let text = "TITLE: Shuden v1
001  001      V     C        01:00:38:12 01:00:38:13 01:00:38:12 01:00:38:13
|C:ResolveColorBlue |M: Hayase  |D:1
Lamp flicker
  is late  

002  001      V     C        01:01:02:00 01:01:02:01 01:01:02:00 01:01:02:01
* COMMENT: Grade the sky
003  001      V     C        01:01:03:00 01:01:03:01 01:01:03:00 01:01:03:01
*FROM CLIP NAME: A012_C003.mov
* SOURCE FILE: A012_C003.mov
*ASC_SOP (1.0 1.0 1.0)(0.0 0.0 0.0)(1.0 1.0 1.0)
* |C:ResolveColorCyan |M: |D:1
004  001      V     C        01:01:04:00 01:01:04:01 01:01:04:00 01:01:04:01
Too dark | keep |C:ResolveColorRed |D:1 then lift it
";
        let found = markers(text).unwrap();
        assert_eq!(found.len(), 4);
        assert_eq!(found[0].name.as_deref(), Some("Hayase"));
        assert_eq!(found[0].note, "Lamp flicker is late");
        assert_eq!(found[0].note_line, 4);
        assert_eq!(found[1].note, "Grade the sky");
        assert_eq!((found[1].colour.clone(), found[1].note_line), (None, 8));
        assert_eq!(found[2].note, "A012_C003.mov");
        assert_eq!(found[2].colour.as_deref(), Some("cyan"));
        assert_eq!(found[2].name, None);
        assert_eq!(found[3].note, "Too dark | keep then lift it");
        assert_eq!(found[3].colour.as_deref(), Some("red"));
    }

    #[test]
    fn drop_frame() {
        let text =
            "FCM: DROP FRAME\n001  001  V  C  01:00:59;29 01:01:00;02 01:00:59;29 01:01:00;02\n";
        let found = markers(text).unwrap();
        assert_eq!(found[0].timecode, "01:00:59;29");
        assert_eq!((found[0].line, found[0].column), (2, 41));
        assert_eq!(found[0].note, "");
        assert_eq!(found[0].note_line, 2);
    }

    #[test]
    fn crlf_and_bom() {
        let text = format!("\u{feff}{}", SHUDEN.replace('\n', "\r\n"));
        assert_eq!(markers(&text).unwrap(), markers(SHUDEN).unwrap());
        let untitled =
            "\u{feff}001  001  V  C  01:00:00:00 01:00:00:01 01:00:00:00 01:00:00:01\r\n";
        assert_eq!(markers(untitled).unwrap()[0].column, 41);
    }

    #[test]
    fn a_file_without_events_has_no_markers() {
        assert_eq!(markers("").unwrap(), []);
        assert_eq!(markers("\u{feff}").unwrap(), []);
        assert_eq!(
            markers("TITLE: Shuden v1\r\nFCM: NON-DROP FRAME\r\n\r\n* nothing yet\r\n").unwrap(),
            []
        );
    }

    #[test]
    fn a_note_starting_with_a_number_is_a_note() {
        let text = format!("{SHUDEN}2 frames late\n");
        assert_eq!(markers(&text).unwrap()[1].note, "2 frames late");
    }

    #[test]
    fn a_bad_timecode_is_reported_where_it_is() {
        let text = "TITLE: x\n\n001  001  V  C  01:00:3x:12 01:00:38:13 01:00:38:12 01:00:38:13\n";
        assert_eq!(
            error(text),
            (3, 17, "`01:00:3x:12` is not a timecode".to_string())
        );
        let text = "001  001  V  C  01:00:38:12 01:00:38:13 01:61:38:12 01:00:38:13\n";
        assert_eq!(error(text).1, 41);
    }

    #[test]
    fn a_short_event_is_reported() {
        let text = "TITLE: x\n  003  001  V  C  01:00:38:12 01:00:38:13\n";
        assert_eq!(
            error(text),
            (
                2,
                3,
                "event 003 has 6 fields where an event has 8".to_string()
            )
        );
    }

    #[test]
    fn other_text_is_not_an_edl() {
        let (line, column, message) = error("TITLE: x\n\n   Scene 4, take 2\n001");
        assert_eq!((line, column), (3, 4));
        assert!(message.contains("`Scene 4, take 2` is not part of an EDL"));
        assert_eq!(error("é,shot\n").0, 1);
    }

    #[test]
    fn the_start_hour() {
        let found = markers(SHUDEN).unwrap();
        assert_eq!(common_start_hour(&found), Some(1));
        assert_eq!(common_start_hour(&[]), None);
        let mut later = found.clone();
        later[1].timecode = "02:00:00:00".to_string();
        assert_eq!(common_start_hour(&later), None);
        later[1].timecode = "01:00:00;00".to_string();
        assert_eq!(common_start_hour(&later), Some(1));
    }

    #[test]
    fn long_files_are_read_in_one_pass() {
        let fields = "|M:".repeat(16 * 1024 * 1024 / 3);
        let text = format!("{SHUDEN}{fields}\n");
        assert_eq!(markers(&text).unwrap().len(), 2);
        let block = "001  001      V     C        01:00:38:12 01:00:38:13 01:00:38:12 01:00:38:13  \n\
                     Lamp flicker is late |C:ResolveColorBlue |M:Hayase |D:1\n\n";
        let text = block.repeat(16 * 1024 * 1024 / block.len());
        assert_eq!(
            markers(&text).unwrap().len(),
            16 * 1024 * 1024 / block.len()
        );
    }

    /// Whether 1-based `line` and `column` are a character of `text`.
    fn inside(text: &str, line: u32, column: u32) -> bool {
        let Some(content) = (line as usize)
            .checked_sub(1)
            .and_then(|index| text.split('\n').nth(index))
        else {
            return false;
        };
        column >= 1 && column as usize <= content.chars().count()
    }

    fn check(text: &str) {
        match markers(text) {
            Ok(found) => {
                for marker in found {
                    assert!(inside(text, marker.line, marker.column), "{marker:?}");
                    assert!(inside(text, marker.note_line, 1), "{marker:?}");
                    assert_eq!(marker.note.trim(), marker.note);
                }
            }
            Err(e) => assert!(inside(text, e.line, e.column), "{e:?}"),
        }
    }

    fn fragment() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "001",
            "  ",
            " ",
            "\t",
            "V",
            "C",
            "AA/V",
            "01:00:38:12",
            "01:00:38;12",
            "01:00:3x:12",
            "99:99:99:99",
            "|C:",
            "|M:",
            "|D:",
            "ResolveColorBlue",
            "note",
            "*",
            "* COMMENT:",
            "TITLE:",
            "FCM:",
            "\r",
            "\u{feff}",
            "é",
            "|",
            ":",
            ";",
            "1",
            "日本",
        ])
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in any::<String>()) {
            check(&text);
        }

        #[test]
        fn never_panics_on_edl_like_lines(
            lines in prop::collection::vec(prop::collection::vec(fragment(), 0..12), 0..8)
        ) {
            let text = lines.iter().map(|line| line.concat()).collect::<Vec<_>>().join("\n");
            check(&text);
        }
    }
}
