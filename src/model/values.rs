//! Small value types that production files are written in: ids, clock times, dates, durations,
//! money and colours. Each parses from the way a coordinator would type it and says what it
//! expected when it cannot.

use std::fmt;
use std::ops::Deref;

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A position in a source file, 1-based; `line == 0` means unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A value with the place in its YAML file that it came from, so that later stages can point
/// at it. Serializes as the bare value.
#[derive(Clone, Debug, Default)]
pub struct Located<T> {
    pub value: T,
    pub at: Pos,
}

impl<T> Located<T> {
    pub fn new(value: T) -> Self {
        Located {
            value,
            at: Pos::default(),
        }
    }
}

impl<T> Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Located<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: fmt::Display> fmt::Display for Located<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    /// Asks the production deserializer for the node's line and column, then its value.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocatedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for LocatedVisitor<T> {
            type Value = Located<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value with its position")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Located<T>, A::Error> {
                let missing = || de::Error::custom("a position was expected");
                let line: u32 = seq.next_element()?.ok_or_else(missing)?;
                let column: u32 = seq.next_element()?.ok_or_else(missing)?;
                let value: T = seq.next_element()?.ok_or_else(missing)?;
                Ok(Located {
                    value,
                    at: Pos { line, column },
                })
            }
        }
        deserializer.deserialize_struct(
            crate::load::node::LOCATED,
            &["line", "column", "value"],
            LocatedVisitor(std::marker::PhantomData),
        )
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// The id of a production item (`1A`, `rooftop`, `3`), or a reference to one. YAML numbers
/// are accepted, so `panel: 3` and `panel: "3"` mean the same panel.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub Located<String>);

impl Deref for Id {
    type Target = Located<String>;
    fn deref(&self) -> &Located<String> {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.value.fmt(f)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An id such as `1A`, `rooftop` or `3`.",
            "type": ["string", "integer"]
        })
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<T>()
    }
}

impl<T: JsonSchema> JsonSchema for OneOrMany<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<T>();
        json_schema!({
            "anyOf": [one.clone(), { "type": "array", "items": one }]
        })
    }
}

/// A JSON Schema for a scalar written as text (or, where `numbers`, as a number). A pattern
/// comes with the message an editor shows for text that does not match it.
fn scalar_schema(description: &str, pattern: Option<(&str, &str)>, numbers: bool) -> Schema {
    let text = match pattern {
        Some((pattern, message)) => serde_json::json!({
            "type": "string",
            "pattern": pattern,
            "patternErrorMessage": message
        }),
        None => serde_json::json!({ "type": "string" }),
    };
    let value = if numbers {
        serde_json::json!({ "description": description, "anyOf": [text, { "type": "number", "minimum": 0 }] })
    } else {
        let mut text = text;
        text["description"] = description.into();
        text
    };
    Schema::try_from(value).expect("a schema object")
}

/// A list that may be written as one value or as a sequence (`cast: mara` or `cast: [mara]`).
#[derive(Clone, Debug, Default, Serialize)]
#[serde(transparent)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> Deref for OneOrMany<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ManyVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ManyVisitor<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("one value or a list of values")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMany<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany(items))
            }
        }
        deserializer.deserialize_newtype_struct(
            crate::load::node::ONE_OR_MANY,
            ManyVisitor(std::marker::PhantomData),
        )
    }
}

/// Defines a type that deserializes from a YAML scalar through `FromStr`-like parsing, with an
/// error message that shows the expected form.
macro_rules! scalar_type {
    ($name:ident, $expecting:literal) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ScalarVisitor;
                impl Visitor<'_> for ScalarVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::parse(v).ok_or_else(|| {
                            E::custom(format!("`{v}` is not valid: expected {}", $expecting))
                        })
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$name, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$name, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$name, E> {
                        self.visit_str(&v.to_string())
                    }
                }
                deserializer.deserialize_any(ScalarVisitor)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

/// Gives a scalar type its JSON Schema.
macro_rules! scalar_schema_for {
    ($name:ident, $description:literal, $pattern:expr, $numbers:expr) => {
        scalar_schema_for!($name as stringify!($name), $description, $pattern, $numbers);
    };
    ($name:ident as $schema_name:expr, $description:literal, $pattern:expr, $numbers:expr) => {
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                $schema_name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                scalar_schema($description, $pattern, $numbers)
            }
        }
    };
}

/// A length of time, held in whole milliseconds: written `8`, `8.5` (seconds), `0:08`, `3:42`,
/// `1:02:03`. Schemas call it a `Duration`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Millis(pub u64);

impl Millis {
    pub fn parse(text: &str) -> Option<Millis> {
        let text = text.trim();
        let text = text.strip_suffix('s').unwrap_or(text).trim();
        if text.is_empty() {
            return None;
        }
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() > 3 {
            return None;
        }
        let (last, whole) = parts.split_last()?;
        let mut minutes: u64 = 0;
        for part in whole {
            minutes = minutes.checked_mul(60)?.checked_add(part.parse().ok()?)?;
        }
        let secs: f64 = last.parse().ok()?;
        if !secs.is_finite() || secs < 0.0 || (!whole.is_empty() && secs >= 60.0) {
            return None;
        }
        // Rounded to the millisecond; finer precision means nothing on a shot list.
        let last_ms = (secs * 1000.0).round() as u64;
        minutes
            .checked_mul(60_000)?
            .checked_add(last_ms)
            .map(Millis)
    }

    pub fn millis(self) -> u64 {
        self.0
    }

    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

impl std::iter::Sum for Millis {
    fn sum<I: Iterator<Item = Millis>>(iter: I) -> Millis {
        Millis(iter.map(|s| s.0).sum())
    }
}

impl fmt::Display for Millis {
    /// `m:ss`, or `h:mm:ss` past an hour, with tenths only when there are any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total_secs = self.0 / 1000;
        let tenths = (self.0 % 1000) / 100;
        let (h, m, s) = (total_secs / 3600, (total_secs / 60) % 60, total_secs % 60);
        if h > 0 {
            write!(f, "{h}:{m:02}:{s:02}")?;
        } else {
            write!(f, "{m}:{s:02}")?;
        }
        if tenths > 0 {
            write!(f, ".{tenths}")?;
        }
        Ok(())
    }
}

scalar_type!(Millis, "a duration such as `8` (seconds), `0:08` or `3:42`");
scalar_schema_for!(
    Millis as "Duration",
    "A duration: `8` (seconds), `0:08` or `3:42`.",
    Some((
        r"^\s*(\d+:){0,2}\d+(\.\d+)?s?\s*$",
        "A duration like 8 (seconds), 0:08 or 3:42"
    )),
    true
);

/// A frame rate: `24`, `23.976`, `25`, `29.97`, `50`, `59.94`.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct FrameRate(pub f64);

impl FrameRate {
    /// The rate timecodes count at when neither the cut nor the production gives one: most
    /// music videos are finished at 24 (or 23.976, which timecode counts the same).
    pub const DEFAULT: FrameRate = FrameRate(24.0);

    pub fn parse(text: &str) -> Option<FrameRate> {
        let text = text.trim();
        let text = text.strip_suffix("fps").unwrap_or(text).trim();
        let rate: f64 = text.parse().ok()?;
        (rate.is_finite() && (1.0..=240.0).contains(&rate)).then_some(FrameRate(rate))
    }

    /// The frames a second of timecode counts: 24 at 23.976, 30 at 29.97.
    pub fn timebase(self) -> u32 {
        self.0.round() as u32
    }

    /// Whether drop-frame timecode exists at this rate: 29.97 and 59.94.
    pub fn drops_frames(self) -> bool {
        matches!(self.timebase(), 30 | 60) && (self.0 - f64::from(self.timebase())).abs() > 1e-6
    }
}

impl fmt::Display for FrameRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

scalar_type!(FrameRate, "a frame rate such as `24`, `25` or `29.97`");
scalar_schema_for!(
    FrameRate,
    "Frames a second: `24`, `23.976`, `25`, `29.97`, `50`, `59.94`.",
    Some((
        r"^\s*\d+(\.\d+)?\s*(fps)?\s*$",
        "A frame rate like 24, 23.976, 25 or 29.97"
    )),
    true
);

/// A moment in the video: a time from its start (`38`, `0:38`, `0:38.5`), or an SMPTE timecode
/// as edit suites and review tools write it, `HH:MM:SS:FF` (`00:00:38:12`), with `;` before the
/// frames for drop-frame (`00:01:00;02`). Frames count at the cut's frame rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timecode {
    Time(Millis),
    Smpte(Smpte),
}

/// An SMPTE timecode's fields, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Smpte {
    pub hours: u32,
    pub minutes: u32,
    pub seconds: u32,
    pub frames: u32,
    /// Written with `;` (or `.`) before the frames: drop-frame timecode.
    pub drop_frame: bool,
}

impl Smpte {
    fn parse(text: &str) -> Option<Smpte> {
        let split = text.rfind([':', ';', '.'])?;
        let (clock, frames) = (&text[..split], &text[split + 1..]);
        let drop_frame = !text[split..].starts_with(':');
        let parts: Vec<&str> = clock.split(':').collect();
        let digits = |part: &str, most: usize| {
            (!part.is_empty() && part.len() <= most && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u32>().ok())
                .flatten()
        };
        let [hours, minutes, seconds] = parts[..] else {
            return None;
        };
        let smpte = Smpte {
            hours: digits(hours, 2)?,
            minutes: digits(minutes, 2)?,
            seconds: digits(seconds, 2)?,
            frames: digits(frames, 3)?,
            drop_frame,
        };
        (minutes.len() == 2 && seconds.len() == 2 && smpte.minutes < 60 && smpte.seconds < 60)
            .then_some(smpte)
    }

    /// Why this timecode cannot be at `rate`, if it cannot: a frame past the last of a second,
    /// drop-frame at a rate without it, or a frame number drop-frame skips.
    pub fn problem(self, rate: FrameRate) -> Option<String> {
        let timebase = rate.timebase();
        if self.frames >= timebase {
            return Some(format!(
                "frame {} is past the last frame of a second at {rate} fps ({})",
                self.frames,
                timebase - 1
            ));
        }
        if self.drop_frame && !rate.drops_frames() {
            return Some(format!(
                "drop-frame timecode (`;`) does not exist at {rate} fps"
            ));
        }
        let dropped = if timebase == 60 { 4 } else { 2 };
        if self.drop_frame
            && self.seconds == 0
            && !self.minutes.is_multiple_of(10)
            && self.frames < dropped
        {
            return Some(format!(
                "drop-frame timecode skips frames 0 to {} at the start of minute {}",
                dropped - 1,
                self.minutes
            ));
        }
        None
    }

    /// The time from the start of the video: frames counted at `rate`, dropped frames left
    /// out, so drop-frame timecode gives the real time at 29.97 and 59.94.
    fn millis(self, rate: FrameRate) -> Millis {
        let timebase = u64::from(rate.timebase().max(1));
        let minutes = u64::from(self.hours) * 60 + u64::from(self.minutes);
        let labelled = (minutes * 60 + u64::from(self.seconds)) * timebase + u64::from(self.frames);
        if self.drop_frame && rate.drops_frames() {
            let dropped = if timebase == 60 { 4 } else { 2 };
            let frames = labelled.saturating_sub(dropped * (minutes - minutes / 10));
            Millis((frames as f64 * 1000.0 / rate.0).round() as u64)
        } else {
            Millis(labelled * 1000 / timebase)
        }
    }
}

impl Timecode {
    pub fn parse(text: &str) -> Option<Timecode> {
        let text = text.trim();
        Smpte::parse(text)
            .map(Timecode::Smpte)
            .or_else(|| Millis::parse(text).map(Timecode::Time))
    }

    /// The time from the start of the video, an SMPTE timecode's frames counted at `rate`.
    pub fn millis(self, rate: FrameRate) -> Millis {
        match self {
            Timecode::Time(time) => time,
            Timecode::Smpte(smpte) => smpte.millis(rate),
        }
    }
}

impl fmt::Display for Timecode {
    /// As written: `0:38`, or `00:00:38:12` (`;12` for drop-frame).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timecode::Time(time) => time.fmt(f),
            Timecode::Smpte(t) => {
                let mark = if t.drop_frame { ';' } else { ':' };
                write!(
                    f,
                    "{:02}:{:02}:{:02}{mark}{:02}",
                    t.hours, t.minutes, t.seconds, t.frames
                )
            }
        }
    }
}

scalar_type!(
    Timecode,
    "a time in the video such as `38` (seconds), `0:38` or an SMPTE timecode `00:00:38:12`"
);
scalar_schema_for!(
    Timecode,
    "A time in the video: `38` (seconds), `0:38`, or an SMPTE timecode `HH:MM:SS:FF` (`;FF` for drop-frame).",
    Some((
        r"^\s*((\d+:){0,2}\d+(\.\d+)?s?|\d{1,2}:\d{2}:\d{2}[:;.]\d{2,3})\s*$",
        "A time in the video like 38 (seconds), 0:38 or the timecode 00:00:38:12"
    )),
    true
);

/// A time of day on a shoot day, `06:30` or `6:30`, minutes since midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(pub u16);

impl ClockTime {
    pub fn parse(text: &str) -> Option<ClockTime> {
        let (h, m) = text.trim().split_once(':')?;
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60 && !text.trim().ends_with(':')).then_some(ClockTime(h * 60 + m))
    }

    pub fn hour(self) -> u16 {
        self.0 / 60
    }

    pub fn minute(self) -> u16 {
        self.0 % 60
    }

    /// This time on `date`.
    pub fn on(self, date: chrono::NaiveDate) -> Option<chrono::NaiveDateTime> {
        date.and_hms_opt(u32::from(self.hour()), u32::from(self.minute()), 0)
    }

    /// Minutes from `earlier` to this time on a day that may run past midnight: `02:00` is 480
    /// minutes after `18:00`, and `07:30` almost a whole day after `08:00`.
    pub fn minutes_after(self, earlier: ClockTime) -> u16 {
        const DAY: u16 = 24 * 60;
        (self.0 + DAY - earlier.0) % DAY
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

scalar_type!(ClockTime, "a time of day such as `06:30` (24-hour clock)");
scalar_schema_for!(
    ClockTime,
    "A time of day on the 24-hour clock, such as `06:30`.",
    Some((
        r"^\s*([01]?\d|2[0-3]):[0-5]\d\s*$",
        "A time of day like 06:30 (24-hour clock)"
    )),
    false
);

/// A calendar date, written `2027-01-16`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub chrono::NaiveDate);

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .ok()
            .map(Date)
    }

    /// "Saturday 16 January 2027", as a call sheet prints it.
    pub fn long(self) -> String {
        self.0.format("%A %-d %B %Y").to_string()
    }

    /// "16 Jan 2027".
    pub fn short(self) -> String {
        self.0.format("%-d %b %Y").to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

scalar_type!(Date, "a date such as `2027-01-16` (year-month-day)");
scalar_schema_for!(
    Date,
    "A date: year-month-day, such as `2027-01-16`.",
    Some((
        r"^\s*\d{4}-\d{2}-\d{2}\s*$",
        "A date like 2027-01-16 (year-month-day)"
    )),
    false
);

/// A date with a time of day, `2027-02-10 09:00` or `2027-02-10T09:00:00Z`, in the
/// production's time zone unless it carries an offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub chrono::NaiveDateTime);

impl DateTime {
    pub fn parse(text: &str) -> Option<DateTime> {
        let text = text.trim();
        if let Ok(with_offset) = chrono::DateTime::parse_from_rfc3339(text) {
            return Some(DateTime(with_offset.naive_utc()));
        }
        const FORMATS: [&str; 4] = [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
        ];
        FORMATS
            .iter()
            .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
            .map(DateTime)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d %H:%M"))
    }
}

scalar_type!(
    DateTime,
    "a date and time such as `2027-02-10 09:00` or `2027-02-10T09:00:00Z`"
);
scalar_schema_for!(
    DateTime,
    "A date and time, such as `2027-02-10 09:00` or `2027-02-10T09:00:00Z`.",
    Some((
        r"^\s*\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}",
        "A date and time like 2027-02-10 09:00"
    )),
    false
);

/// An amount of money as written, in ten-thousandths of the currency's main unit: enough for
/// every currency of ISO 4217, whose minor units have at most four decimals. Written `2400`,
/// `2400.50` or `"2,400.50"`; [`super::Currency`] rounds it to its own minor unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

impl Money {
    /// The decimals an amount may be written with.
    pub const DECIMALS: u32 = 4;

    pub fn parse(text: &str) -> Option<Money> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '_')
            .collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if fraction.len() > Money::DECIMALS as usize
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let fraction: i64 = format!("{fraction:0<4}").parse().ok()?;
        let amount = whole.checked_mul(10_000)?.checked_add(fraction)?;
        Some(Money(if negative { -amount } else { amount }))
    }
}

// Sums saturate: an absurd amount typed in a budget makes an absurd total, never a panic.
impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money(0), |total, m| total + m)
    }
}

impl fmt::Display for Money {
    /// `2400.5`: the amount as a plain number, with the decimals it has; pages write money
    /// through its currency instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let fraction = format!("{:04}", abs % 10_000);
        let fraction = fraction.trim_end_matches('0');
        let point = if fraction.is_empty() { "" } else { "." };
        write!(f, "{sign}{}{point}{fraction}", abs / 10_000)
    }
}

scalar_type!(Money, "an amount such as `2400` or `2400.50`");
scalar_schema_for!(
    Money,
    "An amount of money, such as `2400` or `2400.50`.",
    Some((
        r"^\s*-?[\d,_]+(\.\d{1,4})?\s*$",
        "An amount of money like 2400 or 2400.50"
    )),
    true
);

/// A colour written as `#1b2a41` or `#abc`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HexColour(pub String);

impl HexColour {
    pub fn parse(text: &str) -> Option<HexColour> {
        let hex = text.trim().strip_prefix('#')?;
        ((hex.len() == 6 || hex.len() == 3) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| HexColour(format!("#{}", hex.to_ascii_lowercase())))
    }

    /// Whether dark text reads better than light text on this colour (WCAG relative luminance).
    pub fn is_light(&self) -> bool {
        let hex = &self.0[1..];
        let channel = |i: usize| -> f64 {
            let v = if hex.len() == 3 {
                u8::from_str_radix(&hex[i..i + 1].repeat(2), 16).unwrap_or(0)
            } else {
                u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).unwrap_or(0)
            };
            let c = f64::from(v) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
        luminance > 0.179
    }
}

impl fmt::Display for HexColour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

scalar_type!(HexColour, "a colour such as `#1b2a41`");
scalar_schema_for!(
    HexColour,
    "A colour such as `#1b2a41`.",
    Some((
        r"^\s*#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\s*$",
        "A colour like #1b2a41 or #abc"
    )),
    false
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_parse_the_ways_people_write_them() {
        assert_eq!(Millis::parse("8"), Some(Millis(8000)));
        assert_eq!(Millis::parse("8.5"), Some(Millis(8500)));
        assert_eq!(Millis::parse("8s"), Some(Millis(8000)));
        assert_eq!(Millis::parse("0:08"), Some(Millis(8000)));
        assert_eq!(Millis::parse("3:42"), Some(Millis(222_000)));
        assert_eq!(Millis::parse("1:02:03"), Some(Millis(3_723_000)));
        assert_eq!(Millis::parse("1:75"), None);
        assert_eq!(Millis::parse("abc"), None);
        assert_eq!(Millis::parse(""), None);
        assert_eq!(Millis(222_000).to_string(), "3:42");
        assert_eq!(Millis(8_500).to_string(), "0:08.5");
    }

    #[test]
    fn clock_times_and_dates() {
        assert_eq!(ClockTime::parse("06:30"), Some(ClockTime(390)));
        assert_eq!(ClockTime::parse("6:30").unwrap().to_string(), "06:30");
        assert_eq!(ClockTime::parse("24:00"), None);
        assert_eq!(ClockTime::parse("7"), None);
        assert!(Date::parse("2027-02-30").is_none());
        assert_eq!(
            Date::parse("2027-01-16").unwrap().long(),
            "Saturday 16 January 2027"
        );
        assert!(DateTime::parse("2027-02-10 09:00").is_some());
        assert!(DateTime::parse("2027-02-10T09:00:00Z").is_some());
    }

    #[test]
    fn timecodes_are_times_or_smpte_frames() {
        let at = |text: &str, rate: f64| Timecode::parse(text).unwrap().millis(FrameRate(rate));
        assert_eq!(at("38", 25.0), Millis(38_000));
        assert_eq!(at("0:38.5", 25.0), Millis(38_500));
        // 12 frames at 25 fps are 480 ms; at 24, 500.
        assert_eq!(at("00:00:38:12", 25.0), Millis(38_480));
        assert_eq!(at("00:00:38:12", 24.0), Millis(38_500));
        assert_eq!(at("01:02:03:00", 24.0), Millis(3_723_000));
        // Drop-frame at 29.97: 00:01:00;02 is the 1,800th frame, 60.06 s of real time.
        assert_eq!(at("00:01:00;02", 29.97), Millis(60_060));
        // Ten minutes of drop-frame timecode are ten minutes of real time.
        assert_eq!(at("00:10:00;00", 29.97), Millis(600_000));
        assert_eq!(
            Timecode::parse("00:00:38:12").unwrap().to_string(),
            "00:00:38:12"
        );
        assert_eq!(Timecode::parse("0:38").unwrap().to_string(), "0:38");
        assert_eq!(
            Timecode::parse("00:01:00;02").unwrap().to_string(),
            "00:01:00;02"
        );
        for bad in [
            "00:00:38:",
            "00:0:38:12",
            "00:60:00:00",
            "a:b:c:d",
            "1:2:3:4:5",
            "",
        ] {
            assert_eq!(Timecode::parse(bad), None, "{bad}");
        }
        let smpte = |text| match Timecode::parse(text) {
            Some(Timecode::Smpte(s)) => s,
            other => panic!("{other:?}"),
        };
        assert!(smpte("00:00:38:25").problem(FrameRate(25.0)).is_some());
        assert!(smpte("00:00:38:24").problem(FrameRate(25.0)).is_none());
        assert!(smpte("00:00:38;12").problem(FrameRate(25.0)).is_some());
        assert!(smpte("00:01:00;01").problem(FrameRate(29.97)).is_some());
        assert!(smpte("00:10:00;00").problem(FrameRate(29.97)).is_none());
        assert_eq!(FrameRate::parse("23.976 fps"), Some(FrameRate(23.976)));
        assert_eq!(FrameRate(23.976).timebase(), 24);
        assert!(FrameRate(59.94).drops_frames() && !FrameRate(30.0).drops_frames());
        assert_eq!(FrameRate::parse("0"), None);
    }

    #[test]
    fn money_is_exact() {
        assert_eq!(Money::parse("2400"), Some(Money(24_000_000)));
        assert_eq!(Money::parse("2,400.5"), Some(Money(24_005_000)));
        assert_eq!(Money::parse("-12.34"), Some(Money(-123_400)));
        assert_eq!(Money::parse("1.234"), Some(Money(12_340)));
        assert_eq!(Money::parse("1.2345"), Some(Money(12_345)));
        assert_eq!(Money::parse("1.23456"), None);
        assert_eq!(Money(24_005_000).to_string(), "2400.5");
        assert_eq!(Money(-500).to_string(), "-0.05");
    }

    #[test]
    fn colours() {
        assert_eq!(HexColour::parse("#1B2A41").unwrap().0, "#1b2a41");
        assert!(HexColour::parse("1b2a41").is_none());
        assert!(HexColour::parse("#ffffff").unwrap().is_light());
        assert!(!HexColour::parse("#101018").unwrap().is_light());
    }
}
