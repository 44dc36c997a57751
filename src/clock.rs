//! The build's clock: the moment a build is made for (now, or `--now`), read on the production's
//! clocks, which decides what is done, due, late and under embargo.

use chrono::{NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The time now on the clocks of `tz`, or of the machine without one.
pub fn now_in(tz: Option<Tz>) -> NaiveDateTime {
    match tz {
        Some(tz) => Utc::now().with_timezone(&tz).naive_local(),
        None => chrono::Local::now().naive_local(),
    }
}

/// The build's clock in UTC, from a time read in `tz` (or in the machine's zone without one).
pub fn to_utc(local: NaiveDateTime, tz: Option<Tz>) -> NaiveDateTime {
    match tz {
        Some(tz) => tz
            .from_local_datetime(&local)
            .earliest()
            .map_or(local, |t| t.with_timezone(&Utc).naive_utc()),
        None => chrono::Local
            .from_local_datetime(&local)
            .earliest()
            .map_or(local, |t| t.with_timezone(&Utc).naive_utc()),
    }
}

/// The start of `date` on the production's clocks as an RFC 3339 timestamp, as feeds date a
/// note: `2026-10-01T00:00:00+09:00` in Tokyo; UTC without a time zone.
pub fn start_of_day(date: chrono::NaiveDate, tz: Option<Tz>) -> String {
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    match tz.and_then(|tz| tz.from_local_datetime(&midnight).earliest()) {
        Some(local) => local.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        None => format!("{}Z", midnight.format("%Y-%m-%dT%H:%M:%S")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_time_in_a_zone_is_one_instant() {
        let at = |text| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        // British Summer Time is an hour ahead of UTC; Tokyo nine hours all year.
        let london = Some(chrono_tz::Europe::London);
        assert_eq!(
            to_utc(at("2026-09-19 16:00"), london),
            at("2026-09-19 15:00")
        );
        assert_eq!(
            to_utc(at("2026-12-19 16:00"), london),
            at("2026-12-19 16:00")
        );
        let tokyo = Some(chrono_tz::Asia::Tokyo);
        assert_eq!(
            to_utc(at("2026-10-16 03:00"), tokyo),
            at("2026-10-15 18:00")
        );
        // A time skipped when clocks go forward stays as it was.
        assert_eq!(
            to_utc(at("2026-03-29 01:30"), london),
            at("2026-03-29 01:30")
        );
        assert_eq!(
            start_of_day(at("2026-10-01 15:00").date(), tokyo),
            "2026-10-01T00:00:00+09:00"
        );
        assert_eq!(
            start_of_day(at("2026-10-01 15:00").date(), None),
            "2026-10-01T00:00:00Z"
        );
        let now = now_in(tokyo);
        let utc = Utc::now().naive_utc();
        assert!((now - utc - chrono::Duration::hours(9)).num_seconds().abs() < 60);
    }
}
