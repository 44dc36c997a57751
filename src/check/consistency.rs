//! Warnings: things that are allowed but probably not meant.

use std::collections::{HashMap, HashSet};

use chrono::NaiveTime;

use super::{Checker, Problem};
use crate::diagnostics::Code;
use crate::load::Kind;
use crate::model::{Currency, FileId, Id, Located, Millis, Money};

pub(super) fn check(c: &mut Checker) {
    runtimes(c);
    scheduling(c);
    cast_calls(c);
    spending(c);
    decimals(c);
    currency(c);
    alt_text(c);
    embargo(c);
    base_url(c);
    press_runtime(c);
}

/// A runtime further than this from the song's is probably a mistake: 10 % or 10 seconds.
fn far_from(runtime: Millis, song: Millis) -> bool {
    let difference = runtime.0.abs_diff(song.0);
    difference > (song.0 / 10).max(10_000)
}

fn runtimes(c: &mut Checker) {
    let p = c.production;
    if let Some(first) = p.shots.first()
        && p.shots.iter().any(|s| s.duration.is_some())
    {
        runtime(
            c,
            (first.file, &first.id),
            p.shots_runtime(),
            p.incomplete.has(Kind::Shots),
            "the shots add up to {runtime} of screen time",
            "check the shots' durations (estimated screen time in the edit), or the song's duration in clapboard.yaml",
        );
    }
    if let Some(first) = p.storyboard.panels.first()
        && p.storyboard.panels.iter().any(|s| s.duration.is_some())
    {
        runtime(
            c,
            (first.file, &first.id),
            p.storyboard.runtime(),
            p.incomplete.has(Kind::Storyboard),
            "the storyboard adds up to {runtime}",
            "check the panels' durations, or the song's duration in clapboard.yaml",
        );
    }
}

/// Warns, at the first item, when a runtime is far from the song's.
fn runtime(
    c: &mut Checker,
    (file, id): (FileId, &Id),
    runtime: Millis,
    incomplete: bool,
    total: &str,
    hint: &str,
) {
    let song = c.production.config.song.duration;
    if song.0 == 0 || incomplete {
        return;
    }
    if far_from(runtime, song) {
        let message = format!(
            "{}, against a song of {song}",
            total.replace("{runtime}", &runtime.to_string())
        );
        c.warning(
            file,
            id.at,
            Problem::new(Code::RuntimeMismatch, "", message).hint(hint),
        );
    }
}

fn scheduling(c: &mut Checker) {
    let p = c.production;
    if p.days.is_empty() || p.incomplete.has(Kind::Schedule) {
        return;
    }
    let mut scheduled: HashMap<&str, u32> = HashMap::new();
    for (i, day) in p.days.iter().enumerate() {
        for (j, shot_id) in day.shots.iter().enumerate() {
            let Some(shot) = c.index.shots.get(&shot_id.value).map(|k| &p.shots[*k]) else {
                continue;
            };
            if let Some(first_day) = scheduled.insert(&shot_id.value, day.day.value) {
                c.warning(
                    day.file,
                    shot_id.at,
                    Problem::new(
                        Code::ScheduledTwice,
                        format!("days[{i}].shots[{j}]"),
                        format!(
                            "shot {} is scheduled twice, on day {first_day} and day {}",
                            shot_id.value, day.day.value
                        ),
                    )
                    .hint("schedule each shot on one day; a pick-up shot is best given its own id"),
                );
            }
            let day_places_known = day
                .locations
                .iter()
                .all(|l| c.index.locations.contains_key(&l.value));
            if let Some(location) = &shot.location
                && c.index.locations.contains_key(&location.value)
                && day_places_known
                && !p.incomplete.has(Kind::Locations)
                && !day.locations.iter().any(|l| l.value == location.value)
            {
                c.warning(
                    day.file,
                    shot_id.at,
                    Problem::new(
                        Code::WrongLocation,
                        format!("days[{i}].shots[{j}]"),
                        format!(
                            "shot {} is at `{}`, which is not among day {}'s locations",
                            shot_id.value, location.value, day.day.value
                        ),
                    )
                    .hint(format!(
                        "add `{}` to the day's locations, or move the shot to a day there",
                        location.value
                    )),
                );
            }
        }
    }
    if p.incomplete.has(Kind::Shots) {
        return;
    }
    let shot_days = p.shot_days();
    for shot in &p.shots {
        if !shot_days.contains_key(shot.id.value.as_str()) {
            c.warning(
                shot.file,
                shot.id.at,
                Problem::new(
                    Code::UnscheduledShot,
                    "",
                    format!("shot {} is not scheduled on any shoot day", shot.id.value),
                )
                .hint("add it to a day's `shots` in schedule.yaml"),
            );
        }
    }
}

fn cast_calls(c: &mut Checker) {
    let p = c.production;
    if p.incomplete.has(Kind::Shots) {
        return;
    }
    for (i, day) in p.days.iter().enumerate() {
        let in_shot: HashSet<&str> = day
            .shots
            .iter()
            .filter_map(|s| c.index.shots.get(&s.value))
            .flat_map(|k| p.shots[*k].cast.iter().map(|m| m.value.as_str()))
            .collect();
        for (j, call) in day.cast_calls.iter().enumerate() {
            let known = c.index.cast.contains_key(&call.person.value);
            if known && !in_shot.contains(call.person.value.as_str()) {
                c.warning(
                    day.file,
                    call.person.at,
                    Problem::new(
                        Code::IdleCast,
                        format!("days[{i}].cast_calls[{j}]"),
                        format!(
                            "{} is called on day {} but is in none of the day's shots",
                            call.person.value, day.day.value
                        ),
                    )
                    .hint("remove the call, or add their shots to the day"),
                );
            }
        }
    }
}

fn spending(c: &mut Checker) {
    let p = c.production;
    let currency = p.budget.currency();
    for (i, line) in p.budget.lines.iter().enumerate() {
        if let (Some(actual), Some(over)) = (&line.actual, line.overspend(&currency)) {
            let over = currency.format(over);
            c.warning(
                line.file,
                actual.at,
                Problem::new(
                    Code::OverBudget,
                    format!("lines[{i}].actual"),
                    format!("`{}` has spent {over} more than its estimate", line.item),
                )
                .hint("the top sheet shows the overspend; cover it from contingency or raise the estimate"),
            );
        }
    }
}

/// An amount written with more decimals than its currency has (yen with sen) counts rounded
/// to the currency's minor unit on every page; say so, since no page shows what was typed.
fn decimals(c: &mut Checker) {
    let p = c.production;
    let currency = p.budget.currency();
    let mut amounts: Vec<(FileId, &Located<Money>, String, String)> = Vec::new();
    for (i, line) in p.budget.lines.iter().enumerate() {
        let item = &line.item;
        amounts.push((
            line.file,
            &line.estimate,
            format!("lines[{i}].estimate"),
            format!("`{item}`'s estimate"),
        ));
        if let Some(actual) = &line.actual {
            amounts.push((
                line.file,
                actual,
                format!("lines[{i}].actual"),
                format!("`{item}`'s actual spend"),
            ));
        }
    }
    for (i, location) in p.locations.iter().enumerate() {
        if let Some(fee) = &location.fee {
            amounts.push((
                location.file,
                fee,
                format!("locations[{i}].fee"),
                format!("the fee of `{}`", location.name),
            ));
        }
    }
    let code = match currency.code() {
        "" => "amounts without a currency".to_string(),
        code => format!("{code} amounts"),
    };
    for (file, amount, field, what) in amounts {
        if currency.holds(amount.value) {
            continue;
        }
        let shown = currency.format(amount.value);
        let (message, hint) = match currency.decimals() {
            0 => (
                format!("{code} are whole: {what} counts as {shown}"),
                format!(
                    "write the amount in whole {}, as it is paid",
                    currency.code()
                ),
            ),
            n => (
                format!("{code} have {n} decimals: {what} counts as {shown}"),
                format!("write the amount with at most {n} decimals, as it is paid"),
            ),
        };
        c.warning(
            file,
            amount.at,
            Problem::new(Code::AmountDecimals, field, message).hint(hint),
        );
    }
}

/// A currency code ISO 4217 does not have (`YEN`, `£`) leaves the decimals of every amount to a
/// guess.
fn currency(c: &mut Checker) {
    let Some(code) = &c.production.budget.currency else {
        return;
    };
    if Currency::new(Some(&code.value)).is_known() {
        return;
    }
    c.warning(
        code.file,
        code.at,
        Problem::new(
            Code::UnknownCurrency,
            "currency",
            format!("`{}` is not an ISO 4217 currency code", code.value.trim()),
        )
        .hint("write the currency's three-letter code, such as GBP, EUR, USD or JPY: until then amounts are shown with two decimals"),
    );
}

fn alt_text(c: &mut Checker) {
    let p = c.production;
    for image in p.images() {
        let described = |t: Option<&str>| t.is_some_and(|t| !t.trim().is_empty());
        if image.public && !described(image.alt) && !described(image.caption) {
            c.warning(
                image.file,
                image.path.at,
                Problem::new(
                    Code::MissingAlt,
                    image.field,
                    format!(
                        "the public image `{}` has no alt text or caption",
                        image.path.value
                    ),
                )
                .hint("add `alt:` saying what the image shows, for people who cannot see it"),
            );
        }
    }
    let missing: Vec<_> = c
        .scans
        .iter()
        .filter(|s| s.public_note)
        .flat_map(|s| {
            s.scan
                .images
                .iter()
                .filter(|(_, alt, _)| alt.trim().is_empty())
                .map(move |(_, _, range)| (s.file, s.body, range.start))
        })
        .collect();
    for (file, body, start) in missing {
        c.warning(
            file,
            super::references::body_position(body, start),
            Problem::new(Code::MissingAlt, "", "this image has no alt text").hint(
                "write what the image shows between the brackets: ![the roof at dawn](assets/roof.jpg)",
            ),
        );
    }
}

/// Feeds, the sitemap, calendars and social cards need absolute addresses: a site without
/// `base_url` still builds, with addresses that only work from its own pages. An audience's own
/// `base_url` is held to the same rule.
fn base_url(c: &mut Checker) {
    let config = &c.production.config;
    if c.production.incomplete.has(Kind::Config) {
        return;
    }
    let own = config.audiences.iter().filter_map(|a| {
        Some((
            format!("audiences.{}.base_url", a.name.value),
            a.base_url.as_ref()?,
        ))
    });
    for (field, url) in std::iter::once(("base_url".to_string(), &config.base_url)).chain(own) {
        let text = url.value.trim();
        if text.starts_with("https://") || text.starts_with("http://") {
            continue;
        }
        let missing = text == "/" && url.at == Default::default();
        c.warning(
            config.file,
            url.at,
            Problem::new(
                Code::RelativeBaseUrl,
                &field,
                if missing {
                    "the production has no `base_url`".to_string()
                } else {
                    format!("`{text}` is not an absolute address")
                },
            )
            .hint("set `base_url` to where the site will live, such as `https://video.example.com/`: the feed, the sitemap, calendars and link previews need it"),
        );
    }
}

/// The press kit and the approved cut give the video one length, so that every audience's
/// factsheet prints the same one: the public site, which does not see the cuts, reads the kit's.
fn press_runtime(c: &mut Checker) {
    let p = c.production;
    if p.incomplete.has(Kind::PressKit) || p.incomplete.has(Kind::Cuts) {
        return;
    }
    let (Some(kit), Some(cut)) = (&p.press_kit, p.approved_cut()) else {
        return;
    };
    let Some(length) = cut.duration else {
        return;
    };
    let version = &cut.version.value;
    match &kit.runtime {
        Some(runtime) if runtime.value != length => c.warning(
            kit.file,
            runtime.at,
            Problem::new(
                Code::PressRuntime,
                "runtime",
                format!(
                    "the press kit gives a runtime of {}, the approved cut {version} runs {length}",
                    runtime.value
                ),
            )
            .hint(format!(
                "give the approved cut's length, `runtime: \"{length}\"`, or correct the cut's duration in {}",
                c.home_of(Kind::Cuts)
            )),
        ),
        Some(_) => {}
        // Where the cut runs as long as the song, every factsheet already agrees.
        None if length == p.config.song.duration => {}
        None => {
            let kit_file = c.home_of(Kind::PressKit);
            c.warning(
                cut.file,
                cut.version.at,
                Problem::new(
                    Code::PressRuntime,
                    "",
                    format!(
                        "cut {version} is approved at {length}, but the press kit gives no runtime: the public factsheet says the song's {}",
                        p.config.song.duration
                    ),
                )
                .hint(format!(
                    "add `runtime: \"{length}\"` to {kit_file}, so that every audience's factsheet gives the video's length"
                )),
            );
        }
    }
}

/// An embargo that has passed while the release is still to come usually means a wrong date,
/// which would let the press release out early.
fn embargo(c: &mut Checker) {
    let p = c.production;
    let Some(release) = &p.press_release else {
        return;
    };
    if p.incomplete.has(Kind::Config) {
        return;
    }
    let Some(embargo) = &release.meta.embargo else {
        return;
    };
    let released = p
        .config
        .release_date
        .as_ref()
        .is_some_and(|d| d.value.0.and_time(NaiveTime::MIN) <= c.now);
    if embargo.value.0 <= c.now && !released {
        c.warning(
            release.file,
            embargo.at,
            Problem::new(
                Code::EmbargoPast,
                "embargo",
                format!(
                    "the embargo ({}) has already passed, before the release",
                    embargo.value
                ),
            )
            .hint(
                "check the embargo's date and year; once it has passed the press release is public",
            ),
        );
    }
}
