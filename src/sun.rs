//! The light of a shoot day: sunrise, sunset and the golden and blue hours around them, from a
//! location's coordinates and a date, in the production's local time.
//!
//! The astronomy is the `sunrise` crate's; this module chooses the angles and the day. An
//! elevation is the angle of the sun's centre above a flat horizon:
//!
//! - sunrise and sunset are the crate's: the upper limb on the horizon with standard
//!   refraction, the centre at −0.833°;
//! - the blue hour is the sun between −6° and −4°;
//! - the golden hour is the sun between −4° and +6°.
//!
//! So the morning blue hour runs from the sun at −6° rising to −4°, the morning golden hour from
//! −4° to +6°; the evening golden hour from +6° setting to −4°, the evening blue hour from −4° to
//! −6°. What does not happen is `None`: sunrise in a polar night, a golden hour in a winter whose
//! sun never climbs to 6°, a blue hour in a white night whose sun never sinks to −6°.
//!
//! The day computed is the one whose noon falls on the asked date on the production's clock, so
//! its events belong together even where that clock is hours from solar time. An event may
//! still fall on a neighbouring date (a northern summer's blue hour ending after midnight), so
//! times carry their date.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use chrono_tz::Tz;
use sunrise::{SolarDay, SolarEvent};

use crate::model::locations::Coordinates;

/// Where the blue hour starts in the morning and ends in the evening, in degrees.
const BLUE_LOW: f64 = -6.0;
/// Where the blue hour gives way to the golden hour.
const BLUE_TO_GOLDEN: f64 = -4.0;
/// Where the golden hour ends in the morning and starts in the evening.
const GOLDEN_HIGH: f64 = 6.0;

/// The light of one day at one place, in the production's local time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Light {
    pub sunrise: Option<NaiveDateTime>,
    pub sunset: Option<NaiveDateTime>,
    pub morning_blue: Option<Span>,
    pub morning_golden: Option<Span>,
    pub evening_golden: Option<Span>,
    pub evening_blue: Option<Span>,
}

/// A stretch of time between two local wall-clock times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

impl Span {
    fn between(start: Option<NaiveDateTime>, end: Option<NaiveDateTime>) -> Option<Span> {
        Some(Span {
            start: start?,
            end: end?,
        })
    }

    /// How long the span lasts.
    pub fn duration(&self) -> TimeDelta {
        self.end - self.start
    }
}

/// The light at `at` on `date`, a date on the clock of `tz`, with times on that clock. Invalid
/// coordinates, or a date the zone skipped, give a `Light` with nothing in it.
pub fn light(at: Coordinates, date: NaiveDate, tz: Tz) -> Light {
    let Some(day) = solar_day(at, date, tz) else {
        return Light::default();
    };
    let local = |event| {
        day.event_time(event)
            .map(|utc| utc.with_timezone(&tz).naive_local())
    };
    // The crate measures this angle downward from the horizon, as it does dawn's 6°.
    let elevation = |degrees: f64, morning| {
        local(SolarEvent::Elevation {
            elevation: (-degrees).to_radians(),
            morning,
        })
    };
    Light {
        sunrise: local(SolarEvent::Sunrise),
        sunset: local(SolarEvent::Sunset),
        morning_blue: Span::between(elevation(BLUE_LOW, true), elevation(BLUE_TO_GOLDEN, true)),
        morning_golden: Span::between(
            elevation(BLUE_TO_GOLDEN, true),
            elevation(GOLDEN_HIGH, true),
        ),
        evening_golden: Span::between(
            elevation(GOLDEN_HIGH, false),
            elevation(BLUE_TO_GOLDEN, false),
        ),
        evening_blue: Span::between(elevation(BLUE_TO_GOLDEN, false), elevation(BLUE_LOW, false)),
    }
}

/// The crate's day whose noon falls on `date` in `tz`. The crate's day of a date runs around the
/// mean solar noon of that UTC date, 12:00 UTC less four minutes a degree east; on a clock far
/// from solar time (Kiritimati, UTC+14 at 157° W) that noon falls on the next or previous date.
fn solar_day(at: Coordinates, date: NaiveDate, tz: Tz) -> Option<SolarDay> {
    let place = sunrise::Coordinates::new(at.lat, at.lon)?;
    // Days of margin keep every event inside chrono's range; beyond it the crate panics.
    date.checked_sub_days(Days::new(3))?;
    date.checked_add_days(Days::new(3))?;
    let noon_on = |day: NaiveDate| {
        let mean_noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0)?).and_utc()
            - TimeDelta::seconds((at.lon * 240.0).round() as i64);
        Some(mean_noon.with_timezone(&tz).date_naive())
    };
    [date.pred_opt()?, date, date.succ_opt()?]
        .into_iter()
        .find(|&day| noon_on(day) == Some(date))
        .map(|day| SolarDay::new(place, day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Datelike, Timelike, Utc};

    fn place(lat: f64, lon: f64) -> Coordinates {
        Coordinates { lat, lon }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const TOKYO: (f64, f64, Tz) = (35.6895, 139.6917, chrono_tz::Asia::Tokyo);
    const LEEDS: (f64, f64, Tz) = (53.7997, -1.5492, chrono_tz::Europe::London);
    const SYDNEY: (f64, f64, Tz) = (-33.8688, 151.2093, chrono_tz::Australia::Sydney);
    const LOS_ANGELES: (f64, f64, Tz) = (34.0522, -118.2437, chrono_tz::America::Los_Angeles);
    const TROMSO: (f64, f64, Tz) = (69.65, 18.96, chrono_tz::Europe::Oslo);
    // Its clock runs fourteen hours ahead of UTC though it lies west of Greenwich.
    const KIRITIMATI: (f64, f64, Tz) = (1.87, -157.4, chrono_tz::Pacific::Kiritimati);

    fn light_of((lat, lon, tz): (f64, f64, Tz), on: NaiveDate) -> Light {
        light(place(lat, lon), on, tz)
    }

    /// The NOAA Solar Calculator's sunrise or sunset, in local time: the equations of NOAA's
    /// spreadsheet (gml.noaa.gov/grad/solcalc/calcdetails.html, after Meeus, Astronomical
    /// Algorithms), written out here as a check independent of the crate. As NOAA's web
    /// calculator does, the sun's position is taken again at the event until it settles.
    fn noaa(at: (f64, f64, Tz), on: NaiveDate, rising: bool) -> NaiveDateTime {
        noaa_at(at, on, rising, -0.833)
    }

    /// The NOAA equations for the sun's centre at `elevation` degrees: −0.833 is sunrise and
    /// sunset, −6 civil twilight (NOAA's zenith of 96°).
    fn noaa_at(
        (lat, lon, tz): (f64, f64, Tz),
        on: NaiveDate,
        rising: bool,
        elevation: f64,
    ) -> NaiveDateTime {
        let (sin, cos) = (|d: f64| d.to_radians().sin(), |d: f64| d.to_radians().cos());
        let midnight = on.and_hms_opt(0, 0, 0).unwrap().and_utc();
        // Minutes after 00:00 UTC of `on`; first guess the local noon.
        let mut minutes = 720.0 - 4.0 * lon;
        for _ in 0..5 {
            let julian_day =
                2_440_587.5 + midnight.timestamp() as f64 / 86_400.0 + minutes / 1440.0;
            let t = (julian_day - 2_451_545.0) / 36_525.0;
            let mean_long = (280.46646 + t * (36000.76983 + t * 0.0003032)).rem_euclid(360.0);
            let mean_anom = 357.52911 + t * (35999.05029 - 0.0001537 * t);
            let ecc = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
            let centre = sin(mean_anom) * (1.914602 - t * (0.004817 + 0.000014 * t))
                + sin(2.0 * mean_anom) * (0.019993 - 0.000101 * t)
                + sin(3.0 * mean_anom) * 0.000289;
            let omega = 125.04 - 1934.136 * t;
            let app_long = mean_long + centre - 0.00569 - 0.00478 * sin(omega);
            let mean_obliq = 23.0
                + (26.0 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60.0) / 60.0;
            let obliq = mean_obliq + 0.00256 * cos(omega);
            let decl = (sin(obliq) * sin(app_long)).asin().to_degrees();
            let y = (obliq / 2.0).to_radians().tan().powi(2);
            let eq_time = 4.0
                * (y * sin(2.0 * mean_long) - 2.0 * ecc * sin(mean_anom)
                    + 4.0 * ecc * y * sin(mean_anom) * cos(2.0 * mean_long)
                    - 0.5 * y * y * sin(4.0 * mean_long)
                    - 1.25 * ecc * ecc * sin(2.0 * mean_anom))
                .to_degrees();
            let hour_angle = (cos(90.0 - elevation) / (cos(lat) * cos(decl))
                - lat.to_radians().tan() * decl.to_radians().tan())
            .acos()
            .to_degrees();
            let noon = 720.0 - 4.0 * lon - eq_time;
            minutes = if rising {
                noon - 4.0 * hour_angle
            } else {
                noon + 4.0 * hour_angle
            };
        }
        let utc: DateTime<Utc> = midnight + TimeDelta::seconds((minutes * 60.0).round() as i64);
        // NOAA reckons the UTC date's events; take the local date's, the day either side.
        let local = utc.with_timezone(&tz).naive_local();
        match local.date().cmp(&on) {
            std::cmp::Ordering::Equal => local,
            std::cmp::Ordering::Less => {
                noaa_at((lat, lon, tz), on.succ_opt().unwrap(), rising, elevation)
            }
            std::cmp::Ordering::Greater => {
                noaa_at((lat, lon, tz), on.pred_opt().unwrap(), rising, elevation)
            }
        }
    }

    fn within_two_minutes(a: NaiveDateTime, b: NaiveDateTime) -> bool {
        (a - b).num_seconds().abs() <= 120
    }

    /// NOAA's equations give (local time): Tokyo 05:41:25 and 17:15:49, Leeds 06:46:27 and
    /// 19:12:28, Sydney 05:40:39 and 20:05:26, Los Angeles 06:58:16 and 17:06:59.
    /// The blue and golden hours' edges, the sun at −6°, −4° and +6°, agree with the same
    /// equations within two minutes, morning and evening.
    #[test]
    fn twilight_agrees_with_noaa() {
        for (at, on) in [(TOKYO, date(2026, 10, 8)), (LEEDS, date(2026, 9, 19))] {
            let light = light_of(at, on);
            let (mb, mg) = (light.morning_blue.unwrap(), light.morning_golden.unwrap());
            let (eg, eb) = (light.evening_golden.unwrap(), light.evening_blue.unwrap());
            for (computed, rising, elevation) in [
                (mb.start, true, -6.0),
                (mb.end, true, -4.0),
                (mg.end, true, 6.0),
                (eg.start, false, 6.0),
                (eb.start, false, -4.0),
                (eb.end, false, -6.0),
            ] {
                let expected = noaa_at(at, on, rising, elevation);
                assert!(
                    within_two_minutes(computed, expected),
                    "{at:?} {on} at {elevation}°: {computed}, NOAA {expected}"
                );
            }
        }
    }

    #[test]
    fn sunrise_and_sunset_agree_with_noaa() {
        let cases = [
            (TOKYO, date(2026, 10, 8)),
            (LEEDS, date(2026, 9, 19)),
            (SYDNEY, date(2026, 12, 21)),
            (LOS_ANGELES, date(2026, 1, 15)),
        ];
        for (at, on) in cases {
            let light = light_of(at, on);
            let (sunrise, sunset) = (light.sunrise.unwrap(), light.sunset.unwrap());
            let (expected_rise, expected_set) = (noaa(at, on, true), noaa(at, on, false));
            assert!(
                within_two_minutes(sunrise, expected_rise),
                "{at:?} {on}: sunrise {sunrise}, NOAA {expected_rise}"
            );
            assert!(
                within_two_minutes(sunset, expected_set),
                "{at:?} {on}: sunset {sunset}, NOAA {expected_set}"
            );
        }
    }

    /// The reference itself against published tables, which give the minute: a slip in copying
    /// NOAA's equations would move these. The crate is held to the same times.
    #[test]
    fn the_noaa_reference_matches_published_tables() {
        let within = |t: NaiveDateTime, h, m, seconds| {
            let published = t.date().and_hms_opt(h, m, 30).unwrap();
            (t - published).num_seconds().abs() <= seconds
        };
        let published = [
            // Leeds, 21 December 2013: 08:22 and 15:47 (bradwan.wordpress.com/2013/09/).
            (LEEDS, date(2013, 12, 21), true, (8, 22)),
            (LEEDS, date(2013, 12, 21), false, (15, 47)),
            // Tokyo, 4 February 2007: 06:39 and 17:11 (Lyle Saxon, "Tokyo Night & Day",
            // www5d.biglobe.ne.jp/~LLLtrs/PhotoGlryMain/pgb/TokyoDNt02.html).
            (TOKYO, date(2007, 2, 4), true, (6, 39)),
            (TOKYO, date(2007, 2, 4), false, (17, 11)),
            // Sydney, 29 and 31 December 2021: sunrise 05:45 and 05:46 (timeanddate's table,
            // quoted at hike-australia.com/australians/how-long-are-the-days-in-australia.html).
            (SYDNEY, date(2021, 12, 29), true, (5, 45)),
            (SYDNEY, date(2021, 12, 31), true, (5, 46)),
            // Sydney, 1 to 10 December 2008: sunrise 05:37 (2009 Australian Sky Guide, quoted at
            // maas.museum/observations/2008/12/17/).
            (SYDNEY, date(2008, 12, 5), true, (5, 37)),
        ];
        for (at, on, rising, (h, m)) in published {
            let reference = noaa(at, on, rising);
            assert!(
                within(reference, h, m, 60),
                "{at:?} {on}: NOAA {reference}, published {h}:{m:02}"
            );
            let light = light_of(at, on);
            let ours = if rising { light.sunrise } else { light.sunset }.unwrap();
            assert!(
                within(ours, h, m, 120),
                "{at:?} {on}: {ours}, published {h}:{m:02}"
            );
        }
    }

    #[test]
    fn the_hours_follow_one_another_around_sunrise_and_sunset() {
        for (at, on) in [
            (TOKYO, date(2026, 10, 8)),
            (LEEDS, date(2026, 9, 19)),
            (SYDNEY, date(2026, 12, 21)),
            (LOS_ANGELES, date(2026, 1, 15)),
        ] {
            let light = light_of(at, on);
            let blue = light.morning_blue.unwrap();
            let golden = light.morning_golden.unwrap();
            let sunrise = light.sunrise.unwrap();
            assert!(blue.start < blue.end, "{at:?}: {light:?}");
            assert_eq!(blue.end, golden.start);
            assert!(golden.start < sunrise && sunrise < golden.end);

            let golden_evening = light.evening_golden.unwrap();
            let blue_evening = light.evening_blue.unwrap();
            let sunset = light.sunset.unwrap();
            assert!(golden.end < golden_evening.start);
            assert!(golden_evening.start < sunset && sunset < golden_evening.end);
            assert_eq!(golden_evening.end, blue_evening.start);
            assert!(blue_evening.start < blue_evening.end);
        }
    }

    #[test]
    fn at_a_mid_latitude_the_hours_last_as_photographers_expect() {
        let light = light_of(LEEDS, date(2026, 9, 19));
        for blue in [light.morning_blue, light.evening_blue] {
            let minutes = blue.unwrap().duration().num_minutes();
            assert!((10..=30).contains(&minutes), "blue hour of {minutes} min");
        }
        for golden in [light.morning_golden, light.evening_golden] {
            let minutes = golden.unwrap().duration().num_minutes();
            assert!((30..=90).contains(&minutes), "golden hour of {minutes} min");
        }
    }

    #[test]
    fn the_polar_night_has_no_sunrise_but_a_blue_noon() {
        let light = light_of(TROMSO, date(2026, 12, 15));
        assert_eq!((light.sunrise, light.sunset), (None, None));
        // The sun climbs to about −3°: blue but never golden.
        assert!(light.morning_blue.is_some() && light.evening_blue.is_some());
        assert_eq!((light.morning_golden, light.evening_golden), (None, None));
    }

    #[test]
    fn the_midnight_sun_has_no_sunset_nor_twilight() {
        // The sun sinks to about +3°: never to −4°, where both hours turn.
        assert_eq!(light_of(TROMSO, date(2026, 6, 15)), Light::default());
    }

    #[test]
    fn a_place_far_from_utc_gets_the_asked_dates_light() {
        for (at, on) in [
            (TOKYO, date(2026, 10, 8)),
            (LOS_ANGELES, date(2026, 1, 15)),
            (KIRITIMATI, date(2026, 3, 1)),
        ] {
            let light = light_of(at, on);
            let (sunrise, sunset) = (light.sunrise.unwrap(), light.sunset.unwrap());
            assert_eq!(
                (sunrise.date(), sunset.date()),
                (on, on),
                "{at:?}: {light:?}"
            );
            assert!(
                (5..=8).contains(&sunrise.hour()),
                "{at:?}: sunrise {sunrise}"
            );
            assert!(
                (16..=20).contains(&sunset.hour()),
                "{at:?}: sunset {sunset}"
            );
        }
    }

    #[test]
    fn a_date_the_zone_skipped_has_no_light() {
        // Samoa moved across the date line and went from 29 to 31 December 2011.
        let apia = light(
            place(-13.83, -171.76),
            date(2011, 12, 30),
            chrono_tz::Pacific::Apia,
        );
        assert_eq!(apia, Light::default());
        let next = light(
            place(-13.83, -171.76),
            date(2011, 12, 31),
            chrono_tz::Pacific::Apia,
        );
        assert_eq!(next.sunrise.map(|t| t.day()), Some(31));
    }

    #[test]
    fn invalid_coordinates_and_dates_at_the_ends_of_time_have_no_light() {
        let on = date(2026, 9, 19);
        let london = chrono_tz::Europe::London;
        for (lat, lon) in [
            (90.5, 0.0),
            (-91.0, 0.0),
            (0.0, 180.5),
            (f64::NAN, 0.0),
            (0.0, f64::INFINITY),
        ] {
            assert_eq!(light(place(lat, lon), on, london), Light::default());
        }
        for on in [NaiveDate::MIN, NaiveDate::MAX] {
            assert_eq!(light(place(0.0, 180.0), on, london), Light::default());
        }
    }
}
