//! The project files a site publishes: only the images its view names, stripped of metadata
//! (camera, GPS position, author), and for a protected site under names made from a hash of
//! their content, so their addresses cannot be guessed.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use img_parts::jpeg::Jpeg;
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::model::Production;
use crate::write::OutputFile;

/// The images a production names: in its documents and in its Markdown.
pub fn referenced(production: &Production) -> Vec<String> {
    let mut paths: Vec<String> = production
        .images()
        .iter()
        .map(|i| i.path.value.clone())
        .collect();
    let p = production;
    let mut bodies = Vec::new();
    if let Some(t) = &p.treatment {
        bodies.push(&t.body);
    }
    bodies.extend(p.post_notes.iter().map(|n| &n.body));
    bodies.extend(p.journal.iter().filter(|n| !n.meta.draft).map(|n| &n.body));
    if let Some(r) = &p.press_release {
        bodies.push(&r.body);
    }
    for body in bodies {
        paths.extend(
            markdown::project_images(&body.text)
                .into_iter()
                .map(|(path, _)| path),
        );
    }
    paths.sort();
    paths.dedup();
    paths
}

/// The published files, and each project path's address in the site (relative to its root).
pub struct Published {
    pub files: Vec<OutputFile>,
    pub names: HashMap<String, String>,
}

/// Reads, cleans and names every image `production` refers to.
pub fn publish(
    production: &Production,
    root: &Path,
    hashed_names: bool,
) -> Result<Published, Diagnostic> {
    let mut files = BTreeMap::new();
    let mut names = HashMap::new();
    for relative in referenced(production) {
        // The check has made sure every path is a real file inside assets/.
        let bytes = std::fs::read(root.join(&relative)).map_err(|e| {
            Diagnostic::error(format!("cannot read {relative}: {e}"))
                .code("io")
                .in_file(&relative)
        })?;
        let cleaned = strip_metadata(&relative, bytes);
        let name = if hashed_names {
            let digest = Sha256::digest(&cleaned);
            let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
            let extension = Path::new(&relative)
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            format!("assets/{hex}.{extension}")
        } else {
            relative.clone()
        };
        names.insert(relative, name.clone());
        files.insert(name.clone(), OutputFile::bytes(name, cleaned));
    }
    Ok(Published {
        files: files.into_values().collect(),
        names,
    })
}

/// The image without what it says about where, when and by whom it was taken: EXIF (with GPS),
/// XMP, IPTC and comments. The pixels and colour profile are kept as they are.
pub fn strip_metadata(relative: &str, bytes: Vec<u8>) -> Vec<u8> {
    let extension = Path::new(relative)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let original = Bytes::from(bytes);
    let cleaned = match extension.as_str() {
        "jpg" | "jpeg" => Jpeg::from_bytes(original.clone()).ok().map(|mut jpeg| {
            jpeg.set_exif(None);
            // APP1 (EXIF, XMP), APP12, APP13 (IPTC), COM; APP2 (colour profile) and APP14 stay.
            for marker in [0xE1, 0xEC, 0xED, 0xFE] {
                jpeg.remove_segments_by_marker(marker);
            }
            jpeg.encoder().bytes()
        }),
        "png" => Png::from_bytes(original.clone()).ok().map(|mut png| {
            png.set_exif(None);
            for kind in [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"] {
                png.remove_chunks_by_type(kind);
            }
            png.encoder().bytes()
        }),
        "webp" => WebP::from_bytes(original.clone()).ok().map(|mut webp| {
            webp.set_exif(None);
            webp.remove_chunks_by_id(*b"XMP ");
            webp.encoder().bytes()
        }),
        "svg" => Some(Bytes::from(strip_svg_metadata(&original))),
        _ => None,
    };
    cleaned.unwrap_or(original).to_vec()
}

/// An SVG without its `<metadata>` elements (authoring tools put authors and places there).
fn strip_svg_metadata(bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<metadata") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find("</metadata>")
            .map(|i| i + "</metadata>".len())
            .or_else(|| after.find("/>").map(|i| i + 2))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny JPEG with an EXIF segment naming a place.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8];
        let exif = b"Exif\0\0GPS 53.79 -1.56 Leeds";
        bytes.extend([0xFF, 0xE1]);
        bytes.extend(((exif.len() + 2) as u16).to_be_bytes());
        bytes.extend(exif);
        let comment = b"shot on the roof";
        bytes.extend([0xFF, 0xFE]);
        bytes.extend(((comment.len() + 2) as u16).to_be_bytes());
        bytes.extend(comment);
        // Start of scan with no data, then the end.
        bytes.extend([0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9]);
        bytes
    }

    #[test]
    fn jpeg_metadata_goes() {
        let cleaned = strip_metadata("assets/a.jpg", jpeg_with_exif());
        let text = String::from_utf8_lossy(&cleaned);
        assert!(!text.contains("GPS") && !text.contains("roof"), "{text}");
        assert!(cleaned.starts_with(&[0xFF, 0xD8]));
    }

    #[test]
    fn svg_metadata_goes() {
        let svg = b"<svg><metadata><dc:creator>Kit</dc:creator></metadata><rect/></svg>";
        assert_eq!(strip_metadata("a.svg", svg.to_vec()), b"<svg><rect/></svg>");
    }

    #[test]
    fn unknown_content_is_kept() {
        assert_eq!(
            strip_metadata("a.jpg", b"not a jpeg".to_vec()),
            b"not a jpeg"
        );
    }
}
