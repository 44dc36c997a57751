//! What public pages say about themselves to platforms and search engines: Open Graph and
//! Twitter card tags, and schema.org JSON-LD for the video (a `VideoObject`, also typed
//! `MusicVideoObject`), the song (a `MusicRecording` by the artist) and the premiere (a
//! `BroadcastEvent`). Only the public site carries them; they are made from its view, like
//! everything else in it.

use chrono::TimeZone;
use serde_json::{Value, json};

use super::{Env, Page};
use crate::model::Seconds;
use crate::sheets::Player;

/// A duration in ISO 8601: `PT3M38S`.
pub fn iso_duration(duration: Seconds) -> String {
    let millis = duration.millis();
    let (hours, minutes) = (millis / 3_600_000, millis / 60_000 % 60);
    let (seconds, fraction) = (millis / 1000 % 60, millis % 1000);
    let mut out = String::from("PT");
    if hours > 0 {
        out.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}M"));
    }
    if fraction > 0 {
        let fraction = format!("{fraction:03}");
        out.push_str(&format!("{seconds}.{}S", fraction.trim_end_matches('0')));
    } else if seconds > 0 || out == "PT" {
        out.push_str(&format!("{seconds}S"));
    }
    out
}

/// A moment on the production's clocks in ISO 8601, with its offset where the production
/// names its time zone: `2026-11-13T19:00:00+00:00`.
fn iso_moment(env: &Env, at: chrono::NaiveDateTime) -> String {
    match env
        .view
        .production
        .config
        .tz()
        .and_then(|tz| tz.from_local_datetime(&at).earliest())
    {
        Some(moment) => moment.to_rfc3339(),
        None => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

/// An image for link previews, in full: platforms need an absolute address of a JPEG, PNG or
/// WebP, with its size.
pub fn social_image(env: &Env, relative: &str, alt: &str) -> Option<Value> {
    let picture = env.picture(relative, alt);
    let copies = picture.copies.as_ref()?;
    let mime = copies.mime;
    if mime == "image/svg+xml" || !env.urls.is_absolute() {
        return None;
    }
    let (width, height) = (copies.src_width, copies.src_height);
    Some(json!({
        "url": env.urls.absolute_url(&picture.src),
        "type": mime,
        "width": width,
        "height": height,
        "alt": alt,
    }))
}

/// The image link previews show by default: the video's poster.
pub fn default_image(env: &Env) -> Option<Value> {
    let config = &env.view.production.config;
    let poster = config.video.as_ref()?.poster.as_ref()?;
    social_image(
        env,
        &poster.value,
        &format!(
            "Still from the video of {} by {}",
            config.song.title, config.artist
        ),
    )
}

/// The Open Graph and Twitter card values of `page`, ready for `base.html`.
pub fn social(env: &Env, page: &Page, default_image: &Option<Value>) -> Value {
    let config = &env.view.production.config;
    let head = &page.head;
    let title = if page.path == "/" {
        format!("{} – {}", config.artist, config.title)
    } else {
        format!("{} · {}", page.title, config.title)
    };
    let description = head["description"]
        .as_str()
        .map(str::to_string)
        .or_else(|| config.description.clone());
    let image = match &head["image"] {
        Value::Null => default_image.clone(),
        image => Some(image.clone()),
    };
    let locale = config
        .language
        .contains('-')
        .then(|| config.language.replace('-', "_"));
    json!({
        "type": head["type"].as_str().unwrap_or("website"),
        "title": title,
        "description": description,
        "image": image,
        "video": head["video"],
        "locale": locale,
    })
}

/// The schema.org description of the video, the song and the premiere, as one JSON-LD graph.
pub fn video_graph(env: &Env) -> Value {
    let p = &env.view.production;
    let config = &p.config;
    let id = |fragment: &str| env.urls.absolute(&format!("/release/#{fragment}"));
    let artist = json!({ "@type": "MusicGroup", "name": config.artist });
    let kit = p.press_kit.as_ref();

    let mut recording = json!({
        "@type": "MusicRecording",
        "@id": id("recording"),
        "name": config.song.title,
        "byArtist": artist,
        "duration": iso_duration(config.song.duration),
    });
    if let Some(isrc) = &config.song.isrc {
        recording["isrcCode"] = json!(isrc);
    }
    let mut graph = vec![];

    let player = config.video.as_ref().and_then(Player::of);
    let premiere = p.promo.as_ref().and_then(|promo| promo.premiere.as_ref());
    let premiere_at = premiere.map(|pr| match pr.time.and_then(|t| t.on(pr.date.0)) {
        Some(at) => iso_moment(env, at),
        None => pr.date.0.to_string(),
    });
    if let Some(player) = &player {
        let description = config
            .description
            .clone()
            .or_else(|| kit.and_then(|k| k.description.clone()))
            .unwrap_or_else(|| format!("The video for {} by {}", config.song.title, config.artist));
        let upload = config
            .release_date
            .as_ref()
            .map(|d| d.value.0.to_string())
            .or_else(|| premiere_at.clone());
        let thumbnail = default_image(env).map(|i| i["url"].clone());
        let credits: Vec<&crate::model::release::Credit> =
            kit.map(|k| k.credits.iter().collect()).unwrap_or_default();
        let actors: Vec<Value> = credits
            .iter()
            .filter(|c| c.cast)
            .map(|c| json!({ "@type": "Person", "name": c.name, "characterName": c.role }))
            .collect();
        let contributors: Vec<Value> = credits
            .iter()
            .filter(|c| !c.cast)
            .map(|c| json!({ "@type": "Person", "name": c.name, "jobTitle": c.role }))
            .collect();
        let mut video = json!({
            "@type": ["VideoObject", "MusicVideoObject"],
            "@id": id("video"),
            "name": format!("{} – {}", config.artist, config.song.title),
            "description": description,
            "thumbnailUrl": thumbnail.map(|t| vec![t]),
            "uploadDate": upload,
            "duration": iso_duration(env.view.production.video_runtime()),
            "embedUrl": player.embed_url.split('?').next().unwrap_or(&player.embed_url),
            "url": player.watch_url,
            "musicBy": artist,
            "inLanguage": config.language,
        });
        if let Some(director) = &config.director {
            video["director"] = json!({ "@type": "Person", "name": director });
        }
        if !actors.is_empty() {
            video["actor"] = json!(actors);
        }
        if let Some(company) = &config.production_company {
            video["productionCompany"] = json!({ "@type": "Organization", "name": company });
        }
        if !contributors.is_empty() {
            video["contributor"] = json!(contributors);
        }
        if premiere.is_some() {
            video["publication"] = json!({ "@id": id("premiere") });
        }
        recording["subjectOf"] = json!({ "@id": id("video") });
        // Fields with nothing to say are left out rather than written as null.
        if let Value::Object(map) = &mut video {
            map.retain(|_, v| !v.is_null());
        }
        graph.push(video);
    }
    graph.push(recording);
    if let (Some(premiere), Some(start)) = (premiere, premiere_at) {
        let mut event = json!({
            "@type": "BroadcastEvent",
            "@id": id("premiere"),
            "name": format!("Premiere: {} – {}", config.artist, config.song.title),
            "startDate": start,
            "isLiveBroadcast": true,
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        });
        if let Some(text) = &premiere.event {
            event["description"] = json!(text);
        }
        if let Some(url) = &premiere.url {
            event["url"] = json!(url);
            event["location"] = json!({ "@type": "VirtualLocation", "url": url });
        }
        if let Some(platform) = &premiere.platform {
            let mut service = json!({ "@type": "BroadcastService", "name": platform });
            if let Some(url) = &premiere.url {
                service["url"] = json!(url);
            }
            event["publishedOn"] = service;
        }
        if player.is_some() {
            event["workFeatured"] = json!({ "@id": id("video") });
        }
        graph.push(event);
    }
    json!({ "@context": "https://schema.org", "@graph": graph })
}

/// JSON for a `<script>` element: `<` is written as `\u003c`, so no text in it can close the
/// element.
pub fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(iso_duration(Seconds(218_000)), "PT3M38S");
        assert_eq!(iso_duration(Seconds(3_600_000)), "PT1H");
        assert_eq!(iso_duration(Seconds(0)), "PT0S");
        assert_eq!(iso_duration(Seconds(62_500)), "PT1M2.5S");
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let text = script_json(&json!({ "name": "</script><script>alert(1)</script>" }));
        assert!(!text.contains("</"), "{text}");
    }
}
