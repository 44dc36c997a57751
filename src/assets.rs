//! The project files a site publishes: only the images its view names, stripped of metadata
//! (camera, GPS position, author), and for a locked site under names keyed by the site's key
//! (`assets/3fa2…`), which say nothing of the file to anyone without the password.
//!
//! Raster images also get responsive copies: at narrower widths, in their own format and in
//! WebP, made in parallel from the pixels alone (so they carry no metadata either) and kept
//! in a cache by the hash of their source, so a second build makes none.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use image::ImageFormat;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use rayon::prelude::*;

use img_parts::jpeg::Jpeg;
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};
use sha2::{Digest, Sha256};

use crate::diagnostics::{Code, Diagnostic};
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
    for body in production.bodies().into_iter().filter(|b| !b.draft) {
        paths.extend(
            body.markdown
                .document()
                .scan
                .images
                .iter()
                .filter(|(path, _, _)| markdown::is_project_path(path))
                .map(|(path, _, _)| path.clone()),
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
    /// Each image's size and the smaller copies made of it, by project path.
    pub pictures: HashMap<String, Picture>,
}

impl Picture {
    /// The height of a copy `width` pixels wide, keeping the proportions.
    pub fn height_at(&self, width: u32) -> u32 {
        scaled_height(self.width, self.height, width)
    }
}

/// The height of a `width` × `height` image scaled to `to` pixels wide, rounded, at least 1.
fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    ((u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1))).max(1)
        as u32
}

impl Published {
    /// The published bytes of a project file.
    pub fn bytes_of(&self, relative: &str) -> Option<Arc<Vec<u8>>> {
        let name = self.names.get(relative)?;
        self.files
            .iter()
            .find(|f| f.path == *name)
            .map(|f| f.bytes.clone())
    }
}

/// An image's size, and the copies of it at other widths and formats, for `srcset`.
#[derive(Clone, Debug, Default)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// The MIME type of the original's format, which every browser reads.
    pub mime: &'static str,
    /// Copies in the original's format, narrowest first; the widest is the original itself.
    pub fallback: Vec<Variant>,
    /// The same widths in WebP, which is smaller.
    pub modern: Vec<Variant>,
}

/// One copy of an image: where the site publishes it, and its width in pixels.
#[derive(Clone, Debug)]
pub struct Variant {
    pub path: String,
    pub width: u32,
}

/// The widths responsive copies are made at, where the original is wider.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// Originals wider than this are scaled down for pages; the download keeps every pixel.
pub const MAX_WIDTH: u32 = 2400;
/// Bumped whenever the copies come out differently, so that cached ones are made again.
const PIPELINE: &str = "v2";

/// Files made from the project by earlier builds (copies of images, by the hash of their
/// source and their width and format; the press kit's zip, by the hash of its members), so
/// that a build only makes what it has not made before. Kept on disk by `build`, in
/// `<out>/.clapboard-cache/`, and in memory by the dev server.
///
/// Each entry on disk starts with a line naming the SHA-256 of what follows, checked on every
/// read: an entry cut short, corrupted or planted is not used but made again, with a warning.
/// Entries are written beside and renamed into place, so a reader never sees half of one.
#[derive(Default)]
pub struct DerivedCache {
    dir: Option<PathBuf>,
    memory: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    made: AtomicUsize,
    reused: AtomicUsize,
    /// Entries that failed their check, by file name.
    rejected: Mutex<Vec<String>>,
    /// Numbers the files being written, so that two threads never share one.
    writes: AtomicUsize,
}

/// How an entry of the cache begins: this, the SHA-256 of the rest in hex, and a newline.
const ENTRY_HEADER: &[u8] = b"clapboard-cache sha256 ";

impl DerivedCache {
    /// A cache kept in `dir`, created when first needed.
    pub fn in_dir(dir: PathBuf) -> DerivedCache {
        DerivedCache {
            dir: Some(dir.join(PIPELINE)),
            ..DerivedCache::default()
        }
    }

    /// How many copies were made and how many were found ready since the cache was created.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.made.load(Ordering::Relaxed),
            self.reused.load(Ordering::Relaxed),
        )
    }

    /// The entries that failed their check and were made again, as warnings.
    pub fn rejected(&self) -> Vec<Diagnostic> {
        let rejected = self.rejected.lock().map(|r| r.clone()).unwrap_or_default();
        rejected
            .into_iter()
            .map(|name| {
                Diagnostic::warning(Code::BadCache, format!(
                    "the cached file {name} did not match its checksum, so it was made again"
                ))
                .hint("the cache folder may have been changed by hand or cut short; nothing of it was published")
            })
            .collect()
    }

    pub(crate) fn get(&self, key: &str) -> Option<Arc<Vec<u8>>> {
        if let Some(bytes) = self.memory.lock().ok()?.get(key) {
            return Some(bytes.clone());
        }
        let path = self.dir.as_ref()?.join(key);
        let entry = std::fs::read(&path).ok()?;
        let Some(bytes) = verified(entry) else {
            let _ = std::fs::remove_file(&path);
            if let Ok(mut rejected) = self.rejected.lock() {
                rejected.push(path.display().to_string());
            }
            return None;
        };
        let bytes = Arc::new(bytes);
        if let Ok(mut memory) = self.memory.lock() {
            memory.insert(key.to_string(), bytes.clone());
        }
        Some(bytes)
    }

    pub(crate) fn put(&self, key: &str, bytes: Vec<u8>) -> Arc<Vec<u8>> {
        let bytes = Arc::new(bytes);
        if let Some(dir) = &self.dir {
            // A cache that cannot be written only costs time in the next build.
            let number = self.writes.fetch_add(1, Ordering::Relaxed);
            let _ = write_atomically(dir, key, number, &bytes);
        }
        if let Ok(mut memory) = self.memory.lock() {
            memory.insert(key.to_string(), bytes.clone());
        }
        bytes
    }
}

fn write_atomically(dir: &Path, name: &str, number: usize, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(".{name}.{}-{number}", std::process::id()));
    let mut entry = Vec::with_capacity(ENTRY_HEADER.len() + 65 + bytes.len());
    entry.extend_from_slice(ENTRY_HEADER);
    entry.extend_from_slice(hex(&Sha256::digest(bytes)).as_bytes());
    entry.push(b'\n');
    entry.extend_from_slice(bytes);
    let written = std::fs::write(&temporary, &entry)
        .and_then(|()| std::fs::rename(&temporary, dir.join(name)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// The content of a cache entry, if its checksum holds.
fn verified(mut entry: Vec<u8>) -> Option<Vec<u8>> {
    let rest = entry.strip_prefix(ENTRY_HEADER)?;
    let newline = rest.iter().position(|b| *b == b'\n')?;
    let digest = std::str::from_utf8(&rest[..newline]).ok()?.to_string();
    let start = ENTRY_HEADER.len() + newline + 1;
    let bytes = entry.split_off(start);
    (hex(&Sha256::digest(&bytes)) == digest).then_some(bytes)
}

/// Reads, cleans and names every image `production` refers to, and makes (or takes from
/// `cache`) its responsive copies.
pub fn publish(
    production: &Production,
    folder: &crate::folder::ProjectFolder,
    lock: Option<&crate::protect::Lock>,
    cache: &DerivedCache,
) -> Result<Published, Diagnostic> {
    let sources: Vec<(String, Vec<u8>)> = referenced(production)
        .into_par_iter()
        .map(|relative| {
            // The check has read every path, once, as a real file inside assets/: these are
            // the bytes it checked.
            let bytes = folder.file(&relative).map_err(|e| {
                Diagnostic::error(Code::UnreadableFile, format!("cannot read {relative}: {e}"))
                    .in_file(&relative)
            })?;
            let cleaned = strip_metadata(&relative, bytes.to_vec());
            Ok((relative, cleaned))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let made: Vec<(String, Vec<OutputFile>, Option<Picture>)> = sources
        .into_par_iter()
        .map(|(relative, cleaned)| {
            let hex = hex_digest(&cleaned);
            let extension = extension_of(&relative);
            let name = match lock {
                Some(lock) => format!("assets/{}", lock.file_name(&hex)),
                None => relative.clone(),
            };
            let mut files = Vec::new();
            let picture = match extension.as_str() {
                "jpg" | "jpeg" | "png" | "webp" => {
                    derivatives(&relative, &name, &hex, &cleaned, lock, cache, &mut files)
                }
                "svg" => svg_size(&cleaned).map(|(width, height)| Picture {
                    width,
                    height,
                    mime: "image/svg+xml",
                    ..Picture::default()
                }),
                _ => None,
            };
            files.push(OutputFile::bytes(name, cleaned));
            (relative, files, picture)
        })
        .collect();
    let mut files = BTreeMap::new();
    let mut names = HashMap::new();
    let mut pictures = HashMap::new();
    for (relative, made, picture) in made {
        names.insert(
            relative.clone(),
            made.last().map(|f| f.path.clone()).unwrap_or_default(),
        );
        if let Some(picture) = picture {
            pictures.insert(relative, picture);
        }
        for file in made {
            files.insert(file.path.clone(), file);
        }
    }
    Ok(Published {
        files: files.into_values().collect(),
        names,
        pictures,
    })
}

/// The responsive copies of one raster image, pushed onto `files`; `None` when the image
/// cannot be read (it is then published as it is, without copies).
fn derivatives(
    relative: &str,
    published: &str,
    hex: &str,
    cleaned: &[u8],
    lock: Option<&crate::protect::Lock>,
    cache: &DerivedCache,
    files: &mut Vec<OutputFile>,
) -> Option<Picture> {
    let format = image::guess_format(cleaned).ok()?;
    let (width, height) = image::ImageReader::with_format(Cursor::new(cleaned), format)
        .into_dimensions()
        .ok()?;
    if width == 0 || height == 0 {
        return None;
    }
    let (fallback_format, mime, fallback_extension) = match format {
        ImageFormat::Png => (ImageFormat::Png, "image/png", "png"),
        ImageFormat::WebP => (ImageFormat::WebP, "image/webp", "webp"),
        _ => (ImageFormat::Jpeg, "image/jpeg", "jpg"),
    };
    let mut widths: Vec<u32> = WIDTHS
        .iter()
        .copied()
        .filter(|w| *w < width.min(MAX_WIDTH))
        .collect();
    widths.push(width.min(MAX_WIDTH));
    // The stem the copies are named after: `assets/stills/still-roof.3fa2b1c0`; a locked
    // site names each copy on its own, with nothing to say which image or width it is.
    let without = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    let stem = format!("{without}.{}", &hex[..8]);
    let mut jobs: Vec<(u32, &'static str)> = Vec::new();
    for &w in &widths {
        if fallback_format != ImageFormat::WebP {
            jobs.push((w, "webp"));
        }
        if w < width {
            jobs.push((w, fallback_extension));
        }
    }
    // Decoded once, and only when some copy is missing from the cache.
    let decoded: std::sync::OnceLock<Option<image::DynamicImage>> = std::sync::OnceLock::new();
    let made: Vec<Option<Made>> = jobs
        .par_iter()
        .map(|&(w, extension)| {
            let key = format!("{hex}-{w}.{extension}");
            if let Some(bytes) = cache.get(&key) {
                cache.reused.fetch_add(1, Ordering::Relaxed);
                return Some((w, extension, bytes));
            }
            let source = decoded
                .get_or_init(|| image::load_from_memory_with_format(cleaned, format).ok())
                .as_ref()?;
            let bytes = encode(&resize(source, w), extension)?;
            cache.made.fetch_add(1, Ordering::Relaxed);
            Some((w, extension, cache.put(&key, bytes)))
        })
        .collect();
    let mut picture = Picture {
        width,
        height,
        mime,
        ..Picture::default()
    };
    for (w, extension, bytes) in made.into_iter().flatten() {
        let path = match lock {
            Some(lock) => format!(
                "assets/{}",
                lock.file_name(&format!("{hex}-{w}.{extension}"))
            ),
            None => format!("{stem}.{w}.{extension}"),
        };
        let variant = Variant {
            path: path.clone(),
            width: w,
        };
        if extension == "webp" && fallback_format != ImageFormat::WebP {
            picture.modern.push(variant);
        } else {
            picture.fallback.push(variant);
        }
        files.push(OutputFile::shared(path, bytes));
    }
    if widths.last() == Some(&width) {
        picture.fallback.push(Variant {
            path: published.to_string(),
            width,
        });
    }
    picture.fallback.sort_by_key(|v| v.width);
    picture.modern.sort_by_key(|v| v.width);
    Some(picture)
}

/// One copy: its width, its file extension and its bytes.
type Made = (u32, &'static str, Arc<Vec<u8>>);

fn resize(source: &image::DynamicImage, width: u32) -> image::DynamicImage {
    if width >= source.width() {
        return source.clone();
    }
    let height = scaled_height(source.width(), source.height(), width);
    // SIMD convolution (Catmull-Rom) where the pixel layout allows; the image crate's own
    // resize otherwise.
    let mut resized = image::DynamicImage::new(width, height, source.color());
    let options = fast_image_resize::ResizeOptions::new().resize_alg(
        fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::CatmullRom),
    );
    match fast_image_resize::Resizer::new().resize(source, &mut resized, &options) {
        Ok(()) => resized,
        Err(_) => source.resize_exact(width, height, FilterType::CatmullRom),
    }
}

/// The image encoded as `extension`; the encoders write pixels only, so copies carry no
/// metadata.
fn encode(image: &image::DynamicImage, extension: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match extension {
        "webp" => {
            let encoded = if image.color().has_alpha() {
                let rgba = image.to_rgba8();
                webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height())
                    .encode_simple(false, 80.0)
                    .ok()?
                    .to_vec()
            } else {
                let rgb = image.to_rgb8();
                webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height())
                    .encode_simple(false, 80.0)
                    .ok()?
                    .to_vec()
            };
            out = encoded;
        }
        "png" => {
            image.write_with_encoder(PngEncoder::new(&mut out)).ok()?;
        }
        _ => {
            image
                .to_rgb8()
                .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 82))
                .ok()?;
        }
    }
    Some(out)
}

/// An SVG's size from its `width` and `height`, or else its `viewBox`.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attribute = |name: &str| -> Option<&str> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[at..].find('"')?;
        Some(&tag[at..at + end])
    };
    let number = |text: &str| -> Option<f64> {
        text.trim()
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
            .filter(|n| *n > 0.0)
    };
    if let (Some(w), Some(h)) = (
        attribute("width").and_then(number),
        attribute("height").and_then(number),
    ) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let view_box: Vec<f64> = attribute("viewBox")?
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .filter_map(|part| part.parse().ok())
        .collect();
    match view_box[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

fn hex_digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes)[..16])
}

/// Bytes in lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn extension_of(relative: &str) -> String {
    Path::new(relative)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
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
