//! Link previews and JSON-LD for public pages, from the typed values in `sheets::meta`. Only
//! the public site carries them; they are made from its view, like everything else in it.

use serde_json::Value;

use super::{Env, Page};
use crate::sheets::{BlogPosting, LinkPreview, SocialImage, VideoGraph};

/// An image for link previews, in full: platforms need an absolute address of a JPEG, PNG or
/// WebP, with its size.
pub fn social_image(env: &Env, relative: &str, alt: &str) -> Option<SocialImage> {
    SocialImage::of(&env.picture(relative, alt), &env.urls)
}

/// The image link previews show by default: the video's poster.
fn poster_image(env: &Env) -> Option<SocialImage> {
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

/// [`poster_image`] as the renderer keys its cache with it.
pub fn default_image(env: &Env) -> Option<Value> {
    poster_image(env).map(|image| super::to_value(&image))
}

/// The Open Graph and Twitter card values of `page`, ready for `base.html`.
pub fn social(env: &Env, page: &Page<'_>, default_image: &Option<Value>) -> LinkPreview {
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
    LinkPreview {
        kind: head["type"].as_str().unwrap_or("website").to_string(),
        title,
        description,
        image,
        video: head["video"].clone(),
        locale,
    }
}

/// The schema.org description of the video, the song and the premiere, as one JSON-LD graph.
pub fn video_graph(env: &Env) -> VideoGraph {
    let thumbnail = poster_image(env).map(|i| i.url);
    VideoGraph::new(&env.view.production, &env.urls, thumbnail)
}

/// A journal note's schema.org `BlogPosting`.
pub fn blog_posting<'a>(
    env: &Env,
    note: &'a crate::model::JournalNote,
    image: Option<&SocialImage>,
) -> BlogPosting<'a> {
    BlogPosting::new(&env.view.production, &env.urls, note, image)
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
    fn script_json_cannot_close_its_element() {
        let text = script_json(&Value::from("</script><script>alert(1)</script>"));
        assert!(!text.contains("</"), "{text}");
    }
}
