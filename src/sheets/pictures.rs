//! Images as pages show them: addresses, responsive copies and size.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assets::{self, Variant};
use crate::model;
use crate::urls::Urls;

/// A project image ready for `partials/picture.html`: its address (`url`, the full original),
/// the `src` pages show, `srcset`s in its own format and in WebP, and its size, so the browser
/// can keep its place before it loads.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Picture {
    pub url: String,
    pub download: String,
    pub src: String,
    pub thumb: String,
    pub alt: String,
    /// Absent for a file the images stage did not read (an SVG, a missing file).
    #[serde(flatten)]
    pub copies: Option<Copies>,
}

/// The responsive copies of a picture and its size.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Copies {
    pub srcset: Option<String>,
    pub webp_srcset: Option<String>,
    pub width: u32,
    pub height: u32,
    /// The size of the copy `src` names.
    pub src_width: u32,
    pub src_height: u32,
    pub mime: &'static str,
}

/// A picture with the caption and credit the project gives it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Image<'a> {
    #[serde(flatten)]
    pub picture: Picture,
    pub caption: &'a Option<String>,
    pub credit: &'a Option<String>,
}

impl Picture {
    /// `relative` is the project path; `found` its size and copies, when the images stage
    /// read it.
    pub fn new(urls: &Urls, relative: &str, alt: &str, found: Option<&assets::Picture>) -> Picture {
        let url = urls.asset(relative);
        let Some(picture) = found else {
            return Picture {
                download: url.clone(),
                src: url.clone(),
                thumb: url.clone(),
                url,
                alt: alt.to_string(),
                copies: None,
            };
        };
        let at_most = |limit: u32| {
            picture
                .fallback
                .iter()
                .rev()
                .find(|v| v.width <= limit)
                .or(picture.fallback.first())
        };
        let address = |variant: Option<&Variant>| {
            variant.map_or(url.clone(), |v| urls.page(&format!("/{}", v.path)))
        };
        let shown = at_most(1600);
        let src_width = shown.map_or(picture.width, |v| v.width);
        let srcset = |variants: &[Variant]| -> Option<String> {
            (!variants.is_empty()).then(|| {
                variants
                    .iter()
                    .map(|v| format!("{} {}w", urls.page(&format!("/{}", v.path)), v.width))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        };
        Picture {
            download: url.clone(),
            src: address(shown),
            thumb: address(at_most(480)),
            url,
            alt: alt.to_string(),
            copies: Some(Copies {
                srcset: srcset(&picture.fallback),
                webp_srcset: srcset(&picture.modern),
                width: picture.width,
                height: picture.height,
                src_width,
                src_height: picture.height_at(src_width),
                mime: picture.mime,
            }),
        }
    }
}

impl<'a> Image<'a> {
    /// The alt text is the image's own, or its caption.
    pub fn new(urls: &Urls, image: &'a model::Image, found: Option<&assets::Picture>) -> Image<'a> {
        let alt = image
            .alt
            .as_deref()
            .or(image.caption.as_deref())
            .unwrap_or("");
        Image {
            picture: Picture::new(urls, &image.file.value, alt, found),
            caption: &image.caption,
            credit: &image.credit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_shows_its_copy_of_at_most_1600_pixels() {
        let urls = Urls::new("https://t.example.com/");
        let variant = |width: u32| Variant {
            path: format!("img/a-{width}.jpg"),
            width,
        };
        let found = assets::Picture {
            width: 2400,
            height: 1200,
            mime: "image/jpeg",
            fallback: vec![variant(480), variant(960), variant(1600), variant(2400)],
            modern: vec![],
        };
        let picture = Picture::new(&urls, "a.jpg", "A", Some(&found));
        assert_eq!(picture.src, "/img/a-1600.jpg");
        assert_eq!(picture.thumb, "/img/a-480.jpg");
        let copies = picture.copies.unwrap();
        assert_eq!((copies.src_width, copies.src_height), (1600, 800));
        assert!(copies.webp_srcset.is_none());
        let missing = Picture::new(&urls, "b.svg", "B", None);
        let value = serde_json::to_value(&missing).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 5);
        assert_eq!(value["src"], value["url"]);
    }
}
