//! Times and dates in order: the calls of each shoot day, cast calls, shoot days against their
//! numbers, the treatment's beats; and timecodes that exist at their cut's frame rate.
//!
//! A shoot day may run past midnight, so times are compared as minutes after the general call.

use super::{Checker, Problem};
use crate::diagnostics::Code;
use crate::model::{ClockTime, Located, Timecode};

/// Minutes from `from` to `to` on a day that may cross midnight
/// ([`ClockTime::minutes_after`]).
fn after(from: ClockTime, to: ClockTime) -> u16 {
    to.minutes_after(from)
}

/// A call more than this long after the general call is taken to be before it.
const LONGEST_DAY: u16 = 20 * 60;

/// A day from general call to wrap longer than this is taken to be a mistyped time.
const LONGEST_PLAUSIBLE_DAY: i64 = 18;

/// How long before the general call a cast member's day may start (pickup).
const CALL_WINDOW: u16 = 8 * 60;

pub(super) fn check(c: &mut Checker) {
    let p = c.production;
    if let Some(zone) = &p.config.timezone
        && p.config.tz().is_none()
    {
        let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
        let hint = match crate::index::did_you_mean(zone.value.trim(), names) {
            Some(close) => format!("did you mean `{close}`?"),
            None => {
                "use a name from the tz database, such as `Europe/London` or `America/New_York`"
                    .to_string()
            }
        };
        c.error(
            p.config.file,
            zone.at,
            Problem::new(
                Code::InvalidValue,
                "timezone",
                format!("`{}` is not a time zone clapboard knows", zone.value),
            )
            .hint(hint),
        );
    }
    for (i, day) in p.days.iter().enumerate() {
        let general = day.general_call.value;
        if let Some(shooting) = &day.shooting_call
            && after(general, shooting.value) > LONGEST_DAY
        {
            c.error(
                day.file,
                shooting.at,
                Problem::new(
                    Code::TimeOrder,
                    format!("days[{i}].shooting_call"),
                    format!("the shooting call ({}) is before the general call ({general})", shooting.value),
                )
                .hint("the crew is called first and the camera rolls after; times use the 24-hour clock"),
            );
        }
        for (j, (name, meal)) in day.all_meals().enumerate() {
            let Some(wrap) = &day.wrap else { break };
            if wrap.value == general || after(general, meal.value) < after(general, wrap.value) {
                continue;
            }
            let field = match (j, &day.lunch) {
                (0, Some(_)) => format!("days[{i}].lunch"),
                _ => format!(
                    "days[{i}].meals[{}].time",
                    j - usize::from(day.lunch.is_some())
                ),
            };
            c.error(
                day.file,
                meal.at,
                Problem::new(
                    Code::TimeOrder,
                    field,
                    format!(
                        "{} ({}) is not before wrap ({})",
                        name.to_lowercase(),
                        meal.value,
                        wrap.value
                    ),
                )
                .hint("check both times; they use the 24-hour clock"),
            );
        }
        if let Some(wrap) = &day.wrap
            && after(general, wrap.value) == 0
        {
            c.error(
                day.file,
                wrap.at,
                Problem::new(
                    Code::TimeOrder,
                    format!("days[{i}].wrap"),
                    format!("wrap ({}) is the general call", wrap.value),
                )
                .hint("give the estimated wrap time"),
            );
        }
        if let (Some(wrap), Some(length)) = (&day.wrap, day.length())
            && length > chrono::Duration::hours(LONGEST_PLAUSIBLE_DAY)
            && length < chrono::Duration::hours(24)
        {
            let next = if day.next_date(day.end()).is_some() {
                " the next day"
            } else {
                ""
            };
            c.warning(
                day.file,
                wrap.at,
                Problem::new(
                    Code::LongDay,
                    format!("days[{i}].wrap"),
                    format!(
                        "day {} would run {} hours {} minutes, from the general call at {general} to a wrap at {}{next}",
                        day.day.value,
                        length.num_hours(),
                        length.num_minutes() % 60,
                        wrap.value
                    ),
                )
                .hint("a wrap before the general call is read as the next morning; if the day ends the same evening, check both times (24-hour clock)"),
            );
        }
        // Pickups come hours before the general call: order is measured from well before it.
        let anchor = ClockTime((general.0 + 24 * 60 - CALL_WINDOW) % (24 * 60));
        for (j, call) in day.cast_calls.iter().enumerate() {
            let steps = [
                ("pickup", "pickup", &call.pickup),
                ("hair_makeup", "hair and make-up", &call.hair_makeup),
                ("on_set", "on set", &call.on_set),
            ];
            let present: Vec<(&str, &str, &Located<ClockTime>)> = steps
                .iter()
                .filter_map(|(field, name, time)| time.as_ref().map(|t| (*field, *name, t)))
                .collect();
            for pair in present.windows(2) {
                let ((_, earlier_name, earlier), (later_field, later_name, later)) =
                    (pair[0], pair[1]);
                if after(anchor, later.value) < after(anchor, earlier.value) {
                    c.error(
                        day.file,
                        later.at,
                        Problem::new(
                            Code::TimeOrder,
                            format!("days[{i}].cast_calls[{j}].{later_field}"),
                            format!(
                                "{}'s {later_name} time ({}) is before their {earlier_name} time ({})",
                                call.person.value, later.value, earlier.value
                            ),
                        )
                        .hint("cast calls run pickup, then hair and make-up, then on set"),
                    );
                }
            }
        }
    }
    // Day numbers follow the calendar.
    let mut days: Vec<_> = p.days.iter().collect();
    days.sort_by_key(|d| d.day.value);
    for pair in days.windows(2) {
        if pair[1].date.value < pair[0].date.value {
            c.warning(
                pair[1].file,
                pair[1].date.at,
                Problem::new(
                    Code::DayOrder,
                    "",
                    format!(
                        "day {} ({}) is dated before day {} ({})",
                        pair[1].day.value,
                        pair[1].date.value,
                        pair[0].day.value,
                        pair[0].date.value
                    ),
                )
                .hint("number shoot days in the order they are shot"),
            );
        }
    }
    // SMPTE timecodes name frames that exist at their cut's frame rate.
    for (i, review) in p.reviews.iter().enumerate() {
        let Timecode::Smpte(smpte) = review.timecode.value else {
            continue;
        };
        let rate = p.frame_rate(&review.version.value);
        if let Some(problem) = smpte.problem(rate) {
            c.error(
                review.file,
                review.timecode.at,
                Problem::new(
                    Code::InvalidValue,
                    format!("reviews[{i}].timecode"),
                    format!("`{}` is not a timecode at {rate} fps: {problem}", review.timecode.value),
                )
                .hint("timecodes are HH:MM:SS:FF; set the cut's `frame_rate` (or `video.frame_rate` in clapboard.yaml) to the timeline's"),
            );
        }
    }
    if let Some(t) = &p.treatment {
        for (i, beat) in t.meta.beats.iter().enumerate() {
            if beat.end.value <= beat.start.value {
                c.error(
                    t.file,
                    beat.end.at,
                    Problem::new(
                        Code::TimeOrder,
                        format!("beats[{i}]"),
                        format!(
                            "the beat `{}` ends ({}) before it starts ({})",
                            beat.section, beat.end, beat.start
                        ),
                    )
                    .hint("a beat runs from `start` to a later `end`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_across_midnight() {
        let t = |s| ClockTime::parse(s).unwrap();
        assert_eq!(after(t("18:00"), t("23:00")), 300);
        assert_eq!(after(t("18:00"), t("02:00")), 480);
        assert!(after(t("08:00"), t("07:30")) > LONGEST_DAY);
    }
}
