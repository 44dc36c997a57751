//! Files a site offers for download besides its pages: the shoot's calendars, the premiere's
//! calendar and the press kit's zip.
//!
//! Each is made from the site's view only, like its pages, and published at its usual
//! address; a locked site encrypts them with its pages.

use std::collections::HashMap;
use std::io::{Cursor, Write as _};

use chrono::{Duration, NaiveDateTime};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::assets::{DerivedCache, Published, hex};
use crate::calendar::{Calendar, Event, When};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::ClockTime;
use crate::text::{escape, slugify};
use crate::urls::Urls;
use crate::view::View;
use crate::write::OutputFile;

/// The usual paths of downloads, which pages link to through [`Env::download`].
pub const SHOOT_CALENDAR: &str = "/schedule/shoot.ics";
pub const PREMIERE_CALENDAR: &str = "/release/premiere.ics";
pub const PRESS_KIT_ZIP: &str = "/press/press-kit.zip";

pub fn day_calendar(day: u32) -> String {
    format!("/schedule/day-{day}.ics")
}

/// What a download is made from: the site's view, its addresses and the build's clock.
pub struct Site<'a> {
    pub view: &'a View,
    pub urls: &'a Urls,
    /// The build's clock, in the production's time zone: the calendars' stamp.
    pub now: NaiveDateTime,
    /// The press release's body, rendered for this site.
    pub release_html: Option<String>,
}

/// Where each of `view`'s downloads is published, by its usual path: what [`make`] makes,
/// known before it is made, so pages can link to it.
pub fn addresses(view: &View) -> HashMap<String, String> {
    let p = &view.production;
    let mut paths = Vec::new();
    if !p.days.is_empty() {
        paths.extend(p.days.iter().map(|d| day_calendar(d.day.value)));
        paths.push(SHOOT_CALENDAR.to_string());
    }
    if p.promo
        .as_ref()
        .is_some_and(|promo| promo.premiere.is_some())
        || p.config.release_date.is_some()
    {
        paths.push(PREMIERE_CALENDAR.to_string());
    }
    if p.press_kit.is_some() {
        paths.push(PRESS_KIT_ZIP.to_string());
    }
    paths.into_iter().map(|path| (path.clone(), path)).collect()
}

/// The site's downloads, as files.
pub fn make(
    env: &Site,
    published: &Published,
    cache: &DerivedCache,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut made: Vec<(String, Vec<u8>)> = Vec::new();
    made.extend(shoot_calendars(env));
    made.extend(premiere_calendar(env));
    if let Some(zip) = press_kit(env, published, cache)? {
        made.push((PRESS_KIT_ZIP.to_string(), zip));
    }
    Ok(made
        .into_iter()
        .map(|(path, bytes)| OutputFile::bytes(path.trim_start_matches('/'), bytes))
        .collect())
}

/// A stable identifier for an event: the production, what the event is, and the site's host.
fn uid(env: &Site, what: &str) -> String {
    let config = &env.view.production.config;
    let base = config.base_url.value.trim();
    let host = base
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(rest))
        .filter(|h| !h.is_empty())
        .unwrap_or("clapboard.invalid");
    format!("{}-{what}@{host}", slugify(&config.title))
}

fn calendar(env: &Site, name: String, events: Vec<Event>) -> Calendar {
    let tz = env.view.production.config.tz();
    Calendar {
        name,
        timezone: tz,
        stamp: crate::clock::to_utc(env.now, tz),
        events,
    }
}

/// One calendar per shoot day, and one with every day.
fn shoot_calendars(env: &Site) -> Vec<(String, Vec<u8>)> {
    let p = &env.view.production;
    let days = p.days_by_date();
    if days.is_empty() {
        return Vec::new();
    }
    let total = days.len();
    let events: Vec<Event> = days
        .iter()
        .map(|day| {
            let n = day.day.value;
            let date = day.date.value.0;
            let call = day.general_call.value;
            let (start, end) = (day.start(), day.end());
            let locations: Vec<&crate::model::Location> = day
                .locations
                .iter()
                .filter_map(|l| env.view.index.locations.get(&l.value))
                .map(|i| &p.locations[*i].inner)
                .collect();
            let location = locations.first().map(|l| match &l.address {
                Some(address) => format!("{}, {address}", l.name),
                None => l.name.clone(),
            });
            let mut description = vec![format!("General call {call}")];
            // A time past midnight says its date: "Estimated wrap 03:00 (Fri 16 Oct)".
            let dated = |time: ClockTime, date: Option<String>| match date {
                Some(date) => format!("{time} ({date})"),
                None => time.to_string(),
            };
            if let Some(t) = &day.shooting_call {
                let date = day.date_after_call(t.value);
                description.push(format!("Shooting call {}", dated(t.value, date)));
            }
            for (name, t) in day.all_meals() {
                let date = day.date_after_call(t.value);
                description.push(format!("{name} {}", dated(t.value, date)));
            }
            if let Some(t) = &day.wrap {
                let date = day.next_date(day.end());
                description.push(format!("Estimated wrap {}", dated(t.value, date)));
            }
            if !locations.is_empty() {
                let names: Vec<&str> = locations.iter().map(|l| l.name.as_str()).collect();
                description.push(format!("Locations: {}", names.join("; ")));
            }
            let shots: Vec<&str> = day.shots.iter().map(|s| s.value.as_str()).collect();
            if !shots.is_empty() {
                description.push(format!("Shots: {}", shots.join(" ")));
            }
            let url = env.urls.absolute(&crate::urls::day_path(n));
            description.push(format!("Call sheet: {url}"));
            Event {
                uid: uid(env, &format!("shoot-day-{n}")),
                summary: format!("{}: shoot day {n} of {total}", p.config.title),
                start: start.map_or(When::Day(date), When::At),
                end: start.and(end).map(When::At),
                location,
                description: Some(description.join("\n")),
                url: Some(url),
            }
        })
        .collect();
    let title = &p.config.title;
    let mut files: Vec<(String, Vec<u8>)> = days
        .iter()
        .zip(&events)
        .map(|(day, event)| {
            let n = day.day.value;
            let ics = calendar(env, format!("{title}: shoot day {n}"), vec![event.clone()]);
            (day_calendar(n), ics.to_ics().into_bytes())
        })
        .collect();
    let all = calendar(env, format!("{title}: shoot"), events);
    files.push((SHOOT_CALENDAR.to_string(), all.to_ics().into_bytes()));
    files
}

/// The premiere, and the release day, in one calendar.
fn premiere_calendar(env: &Site) -> Option<(String, Vec<u8>)> {
    let p = &env.view.production;
    let config = &p.config;
    let premiere = p.promo.as_ref().and_then(|promo| promo.premiere.as_ref());
    let release = config.release_date.as_ref().map(|d| d.value.0);
    if premiere.is_none() && release.is_none() {
        return None;
    }
    let work = format!("{} – “{}”", config.artist, config.song.title);
    let release_url = env.urls.absolute("/release/");
    let mut events = Vec::new();
    if let Some(premiere) = premiere {
        let start: Option<NaiveDateTime> = premiere.time.and_then(|t| t.on(premiere.date.0));
        let mut description = Vec::new();
        if let Some(event) = &premiere.event {
            description.push(event.clone());
        }
        if let Some(url) = &premiere.url {
            description.push(format!("Watch: {url}"));
        }
        description.push(format!("More: {release_url}"));
        events.push(Event {
            uid: uid(env, "premiere"),
            summary: match &premiere.platform {
                Some(platform) => format!("Premiere: {work} on {platform}"),
                None => format!("Premiere: {work}"),
            },
            start: start.map_or(When::Day(premiere.date.0), When::At),
            // A premiere is given an hour: the video and what is around it.
            end: start.map(|s| When::At(s + Duration::hours(1))),
            location: premiere.platform.clone(),
            description: Some(description.join("\n")),
            url: Some(premiere.url.clone().unwrap_or_else(|| release_url.clone())),
        });
    }
    if let Some(day) = release {
        events.push(Event {
            uid: uid(env, "release-day"),
            summary: format!("Out now: {work}"),
            start: When::Day(day),
            end: None,
            location: None,
            description: Some(format!("The video is out. {release_url}")),
            url: Some(release_url.clone()),
        });
    }
    let ics = calendar(env, format!("{work}: premiere and release"), events);
    Some((PREMIERE_CALENDAR.to_string(), ics.to_ics().into_bytes()))
}

/// The press kit as a zip: the stills in full resolution with their captions and credits, the
/// logos, the press release (Markdown and HTML) and the factsheet, in one folder. The same
/// kit gives the same bytes: members are in a fixed order with a fixed date. A kit made
/// before is taken from the cache rather than compressed again.
fn press_kit(
    env: &Site,
    published: &Published,
    cache: &DerivedCache,
) -> Result<Option<Vec<u8>>, Diagnostic> {
    let p = &env.view.production;
    let Some(kit) = &p.press_kit else {
        return Ok(None);
    };
    let folder = format!("{}-press-kit", slugify(&p.config.title));
    let mut members: Vec<(String, std::sync::Arc<Vec<u8>>)> = Vec::new();
    let text = |s: String| std::sync::Arc::new(s.into_bytes());
    members.push((format!("{folder}/factsheet.txt"), text(factsheet(env))));
    let mut captions = String::new();
    let mut used = std::collections::HashSet::new();
    for (kind, images) in [("stills", &kit.images), ("logos", &kit.logos)] {
        for image in images {
            let relative = image.file.value.trim_start_matches("./");
            let Some(bytes) = published.bytes_of(relative) else {
                continue;
            };
            let file_name = relative.rsplit('/').next().unwrap_or(relative);
            let mut name = format!("{folder}/{kind}/{file_name}");
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{folder}/{kind}/{n}-{file_name}");
                n += 1;
            }
            if kind == "stills" {
                let _ = std::fmt::Write::write_fmt(
                    &mut captions,
                    format_args!(
                        "{}\n  {}\n  Credit: {}\n\n",
                        name.trim_start_matches(&format!("{folder}/")),
                        image.caption.as_deref().unwrap_or("(no caption)"),
                        image.credit.as_deref().unwrap_or("(no credit given)"),
                    ),
                );
            }
            members.push((name, bytes));
        }
    }
    if !captions.is_empty() {
        members.push((
            format!("{folder}/stills/captions.txt"),
            text(format!(
                "{}: stills\n\nPlease credit each still as given below.\n\n{captions}",
                p.config.title
            )),
        ));
    }
    if let Some(release) = &p.press_release {
        members.push((
            format!("{folder}/press-release.md"),
            text(press_release_markdown(env, release)),
        ));
        members.push((
            format!("{folder}/press-release.html"),
            text(press_release_html(env, release)),
        ));
    }
    members.sort_by(|a, b| a.0.cmp(&b.0));

    let mut hasher = Sha256::new();
    for (name, bytes) in &members {
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes.as_slice());
    }
    let key = format!("press-kit-{}.zip", hex(&hasher.finalize()[..16]));
    if let Some(bytes) = cache.get(&key) {
        return Ok(Some(bytes.to_vec()));
    }
    let zip = write_zip(&members).map_err(|e| {
        Diagnostic::error(Code::Io, format!("cannot make the press kit's zip: {e}"))
    })?;
    Ok(Some(cache.put(&key, zip).to_vec()))
}

fn write_zip(members: &[(String, std::sync::Arc<Vec<u8>>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in members {
        let compressed = !matches!(
            name.rsplit('.').next(),
            Some("jpg" | "jpeg" | "png" | "webp" | "zip")
        );
        let options = SimpleFileOptions::default()
            .compression_method(if compressed {
                CompressionMethod::Deflated
            } else {
                CompressionMethod::Stored
            })
            // 1980-01-01, zip's first day: the same bytes whenever the kit is made.
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The factsheet, the description, the bios, the credits and the contacts, as plain text.
fn factsheet(env: &Site) -> String {
    let p = &env.view.production;
    let mut out = format!(
        "{} – “{}”\nPress kit: {}\n\n",
        p.config.artist,
        p.config.song.title,
        env.urls.absolute("/press/")
    );
    for fact in crate::sheets::factsheet(p) {
        out.push_str(&format!("{}: {}\n", fact.name, fact.value));
    }
    let Some(kit) = &p.press_kit else {
        return out;
    };
    for (title, body) in [
        ("About the video", &kit.description),
        ("Short bio", &kit.bio.short),
        ("Bio", &kit.bio.long),
    ] {
        if let Some(body) = body {
            out.push_str(&format!("\n{title}\n\n{}\n", body.trim()));
        }
    }
    if !kit.credits.is_empty() {
        out.push_str("\nCredits\n\n");
        for credit in &kit.credits {
            out.push_str(&format!("{}: {}\n", credit.role, credit.name));
        }
    }
    if !kit.contacts.is_empty() {
        out.push_str("\nPress contacts\n\n");
        for contact in &kit.contacts {
            out.push_str(&contact_line(contact));
            out.push('\n');
        }
    }
    out
}

/// "Marisol Keane, Press, press@kestrellane.example.com, +44 7700 900160".
fn contact_line(contact: &crate::model::Contact) -> String {
    [&contact.name, &contact.role, &contact.email, &contact.phone]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .collect::<Vec<_>>()
        .join(", ")
}

fn press_release_markdown(env: &Site, release: &crate::model::PressRelease) -> String {
    let meta = &release.meta;
    let mut out = String::new();
    let tz = env.view.production.config.tz();
    if let Some(line) = crate::sheets::embargo_line(release, env.now, tz) {
        out.push_str(&format!("**{line}**\n\n"));
    }
    out.push_str(&format!("# {}\n\n", meta.headline));
    if let Some(sub) = &meta.subheadline {
        out.push_str(&format!("*{sub}*\n\n"));
    }
    if let Some(dateline) = &meta.dateline {
        out.push_str(&format!("{dateline}\n\n"));
    }
    out.push_str(release.body.text.trim());
    out.push('\n');
    if let Some(contact) = &meta.contact {
        out.push_str(&format!("\nPress contact: {}\n", contact_line(contact)));
    }
    out.push_str(&format!("\n{}\n", env.urls.absolute("/press/release/")));
    out
}

fn press_release_html(env: &Site, release: &crate::model::PressRelease) -> String {
    let meta = &release.meta;
    let config = &env.view.production.config;
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n<article>\n",
        escape(&config.language),
        escape(&meta.headline)
    );
    let tz = config.tz();
    if let Some(line) = crate::sheets::embargo_line(release, env.now, tz) {
        out.push_str(&format!("<p><strong>{}</strong></p>\n", escape(&line)));
    }
    out.push_str(&format!("<h1>{}</h1>\n", escape(&meta.headline)));
    if let Some(sub) = &meta.subheadline {
        out.push_str(&format!("<p><em>{}</em></p>\n", escape(sub)));
    }
    if let Some(dateline) = &meta.dateline {
        out.push_str(&format!("<p>{}</p>\n", escape(dateline)));
    }
    out.push_str(
        &env.urls
            .absolutize(env.release_html.as_deref().unwrap_or("")),
    );
    if let Some(contact) = &meta.contact {
        out.push_str(&format!(
            "<footer><p>Press contact: {}</p></footer>\n",
            escape(&contact_line(contact))
        ));
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}
