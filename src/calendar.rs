//! iCalendar files (RFC 5545): one per shoot day and one for the whole shoot in the schedule,
//! and the premiere and release day in the release pages.
//!
//! Times are written in the production's time zone (`timezone` in `clapboard.yaml`), with a
//! `VTIMEZONE` made from the tz database's transitions around the events, so calendar apps
//! place them right wherever the reader is. Without a time zone, times are floating: the same
//! clock time wherever the calendar is opened.

use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// When an event starts or ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// A whole day.
    Day(NaiveDate),
    /// A clock time in the calendar's time zone.
    At(NaiveDateTime),
}

#[derive(Clone, Debug)]
pub struct Event {
    /// Stays the same from build to build, so that importing a calendar again updates its
    /// events instead of doubling them.
    pub uid: String,
    pub summary: String,
    pub start: When,
    pub end: Option<When>,
    pub location: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Calendar {
    pub name: String,
    pub timezone: Option<Tz>,
    /// When the calendar was made (`DTSTAMP`), in UTC: the build's clock.
    pub stamp: NaiveDateTime,
    pub events: Vec<Event>,
}

impl Calendar {
    /// The calendar as an `.ics` file: CRLF line ends, lines folded at 75 octets.
    pub fn to_ics(&self) -> String {
        let mut lines: Vec<String> = vec![
            "BEGIN:VCALENDAR".into(),
            "VERSION:2.0".into(),
            format!(
                "PRODID:-//clapboard//clapboard {}//EN",
                env!("CARGO_PKG_VERSION")
            ),
            "CALSCALE:GREGORIAN".into(),
            "METHOD:PUBLISH".into(),
            format!("X-WR-CALNAME:{}", escape(&self.name)),
        ];
        let timed: Vec<NaiveDateTime> = self
            .events
            .iter()
            .flat_map(|e| [Some(e.start), e.end])
            .flatten()
            .filter_map(|w| match w {
                When::At(at) => Some(at),
                When::Day(_) => None,
            })
            .collect();
        let zone = self.timezone.filter(|_| !timed.is_empty());
        if let Some(tz) = zone {
            lines.push(format!("X-WR-TIMEZONE:{}", tz.name()));
            lines.extend(vtimezone(tz, &timed));
        }
        for event in &self.events {
            lines.push("BEGIN:VEVENT".into());
            lines.push(format!("UID:{}", escape(&event.uid)));
            lines.push(format!("DTSTAMP:{}Z", self.stamp.format("%Y%m%dT%H%M%S")));
            lines.push(property("DTSTART", event.start, zone));
            match (event.start, event.end) {
                (_, Some(end)) => lines.push(property("DTEND", end, zone)),
                // A whole day ends at the start of the next.
                (When::Day(day), None) => {
                    lines.push(property("DTEND", When::Day(day + Duration::days(1)), zone))
                }
                (When::At(_), None) => {}
            }
            lines.push(format!("SUMMARY:{}", escape(&event.summary)));
            if let Some(location) = &event.location {
                lines.push(format!("LOCATION:{}", escape(location)));
            }
            if let Some(description) = &event.description {
                lines.push(format!("DESCRIPTION:{}", escape(description)));
            }
            if let Some(url) = &event.url {
                lines.push(format!("URL;VALUE=URI:{url}"));
            }
            lines.push("END:VEVENT".into());
        }
        lines.push("END:VCALENDAR".into());
        let mut out = String::new();
        for line in lines {
            fold(&line, &mut out);
        }
        out
    }
}

fn property(name: &str, when: When, zone: Option<Tz>) -> String {
    match (when, zone) {
        (When::Day(day), _) => format!("{name};VALUE=DATE:{}", day.format("%Y%m%d")),
        (When::At(at), Some(tz)) => {
            format!("{name};TZID={}:{}", tz.name(), at.format("%Y%m%dT%H%M%S"))
        }
        (When::At(at), None) => format!("{name}:{}", at.format("%Y%m%dT%H%M%S")),
    }
}

/// TEXT values escape backslashes, semicolons, commas and line breaks (RFC 5545, 3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes `line` folded into lines of at most 75 octets, never inside a character, each
/// continuation starting with a space (RFC 5545, 3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let size = c.len_utf8();
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += size;
    }
    out.push_str("\r\n");
}

/// The zone's rules around the events: every change of offset from the year before the first
/// event to the year after the last, or, where the offset never changes, the one it has.
fn vtimezone(tz: Tz, times: &[NaiveDateTime]) -> Vec<String> {
    let first = times.iter().min().map_or(2000, |t| t.year()) - 1;
    let last = times.iter().max().map_or(2000, |t| t.year()) + 1;
    let offset_at = |utc: NaiveDateTime| tz.offset_from_utc_datetime(&utc);
    let start = NaiveDate::from_ymd_opt(first, 1, 1)
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(last, 12, 31)
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let mut lines = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{}", tz.name())];
    let mut observances = Vec::new();
    let mut at = start;
    let mut before = offset_at(at);
    while at < end {
        let next = at + Duration::hours(1);
        let after = offset_at(next);
        if after.fix() != before.fix() {
            // Find the second it changed.
            let (mut low, mut high) = (at, next);
            while high - low > Duration::seconds(1) {
                let middle = low + (high - low) / 2;
                if offset_at(middle).fix() == before.fix() {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            observances.push((high, before, offset_at(high)));
            before = offset_at(high);
        }
        at = next;
    }
    let seconds = |offset: &chrono_tz::TzOffset| offset.fix().local_minus_utc();
    if observances.is_empty() {
        let offset = offset_at(start);
        lines.push("BEGIN:STANDARD".into());
        lines.push("DTSTART:19700101T000000".into());
        lines.push(format!("TZOFFSETFROM:{}", utc_offset(seconds(&offset))));
        lines.push(format!("TZOFFSETTO:{}", utc_offset(seconds(&offset))));
        if let Some(name) = offset.abbreviation() {
            lines.push(format!("TZNAME:{}", escape(name)));
        }
        lines.push("END:STANDARD".into());
    }
    for (utc, from, to) in observances {
        let kind = if to.dst_offset().is_zero() {
            "STANDARD"
        } else {
            "DAYLIGHT"
        };
        // An observance starts at the local time the old offset showed.
        let local = utc + Duration::seconds(i64::from(seconds(&from)));
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")));
        lines.push(format!("TZOFFSETFROM:{}", utc_offset(seconds(&from))));
        lines.push(format!("TZOFFSETTO:{}", utc_offset(seconds(&to))));
        if let Some(name) = to.abbreviation() {
            lines.push(format!("TZNAME:{}", escape(name)));
        }
        lines.push(format!("END:{kind}"));
    }
    lines.push("END:VTIMEZONE".into());
    lines
}

/// `+0100`, `-0330`.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    let mut out = String::new();
    let _ = write!(out, "{sign}{:02}{:02}", minutes / 60, minutes % 60);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn text_is_escaped_and_folded() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        let mut out = String::new();
        fold(&format!("DESCRIPTION:{}", "é".repeat(60)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("DESCRIPTION:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn london_has_its_summer_and_winter_changes() {
        let calendar = Calendar {
            name: "Shoot".into(),
            timezone: Some(chrono_tz::Europe::London),
            stamp: at("2026-09-01 12:00"),
            events: vec![Event {
                uid: "day-1@example".into(),
                summary: "Day 1".into(),
                start: When::At(at("2026-09-19 16:00")),
                end: Some(When::At(at("2026-09-20 05:00"))),
                location: None,
                description: None,
                url: None,
            }],
        };
        let ics = calendar.to_ics();
        assert!(ics.contains("DTSTART;TZID=Europe/London:20260919T160000\r\n"));
        // The last Sunday of March 2026, 01:00 GMT, and of October, 01:00 GMT (02:00 BST).
        assert!(ics.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST"), "{ics}");
        assert!(ics.contains("BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT"), "{ics}");
    }

    #[test]
    fn a_zone_without_changes_has_one_observance() {
        let calendar = Calendar {
            name: "Shoot".into(),
            timezone: Some(chrono_tz::Asia::Tokyo),
            stamp: at("2026-09-01 12:00"),
            events: vec![Event {
                uid: "x".into(),
                summary: "x".into(),
                start: When::At(at("2026-09-19 16:00")),
                end: None,
                location: None,
                description: None,
                url: None,
            }],
        };
        let ics = calendar.to_ics();
        assert!(
            ics.contains("TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900"),
            "{ics}"
        );
    }
}
