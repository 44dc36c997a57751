//! The project files a site publishes: only the images its view names, stripped of metadata
//! (camera, GPS position, author) after being turned upright as their EXIF orientation said
//! (phones store portraits sideways), and for a locked site under names keyed by the site's key
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
use image::metadata::Orientation;
use rayon::prelude::*;

use img_parts::jpeg::Jpeg;
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF, ImageICC};
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
    /// What went wrong without stopping the images being published (an image left unturned).
    pub warnings: Vec<Diagnostic>,
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
/// (Copies are keyed by the bytes they are made from, which are the upright image: a copy
/// made by an older build from a photo left sideways has another key, and is never used.)
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
    (cache, progress): (&DerivedCache, crate::progress::Progress),
) -> Result<Published, Diagnostic> {
    let referenced = referenced(production);
    // Each image is read and turned upright, then its copies made: two steps.
    let stage = progress.stage("images", referenced.len() * 2);
    let sources: Vec<(String, Upright)> = referenced
        .into_par_iter()
        .map(|relative| {
            // The check has read every path, once, as a real file inside assets/: these are
            // the bytes it checked.
            let bytes = folder.file(&relative).map_err(|e| {
                Diagnostic::error(Code::UnreadableFile, format!("cannot read {relative}: {e}"))
                    .in_file(&relative)
            })?;
            let cleaned = upright(&relative, bytes.to_vec(), cache);
            stage.step();
            Ok((relative, cleaned))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let warnings: Vec<Diagnostic> = sources
        .iter()
        .filter_map(|(_, upright)| upright.warning.clone())
        .collect();
    let made: Vec<(String, Vec<OutputFile>, Option<Picture>)> = sources
        .into_par_iter()
        .map(|(relative, upright)| {
            let cleaned = upright.bytes;
            let hex = hex_digest(&cleaned);
            let extension = extension_of(&relative);
            let name = match lock {
                Some(lock) => format!("assets/{}", lock.file_name(&hex)),
                None => relative.clone(),
            };
            let mut files = Vec::new();
            let picture = match extension.as_str() {
                // An image left unturned is shown only as it is: its size is not the one it
                // shows at.
                _ if upright.warning.is_some() => None,
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
            files.push(OutputFile::shared(name, cleaned));
            stage.step();
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
        warnings,
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

/// The quality a turned JPEG is saved at. Turning decodes and encodes again, which loses a
/// little: at 92, about what cameras and phones save at, the loss cannot be seen (44 dB from
/// the original's pixels for a 9-megapixel photo) and the file stays near its original's size
/// (4% larger); 95 makes it a third larger for nothing one can see.
const TURNED_JPEG_QUALITY: u8 = 92;
/// The quality a turned lossy WebP is saved at (a lossless one stays lossless).
const TURNED_WEBP_QUALITY: f32 = 92.0;

/// An image as a site publishes it, and what stopped it being turned upright, if anything.
pub(crate) struct Upright {
    pub bytes: Arc<Vec<u8>>,
    /// Set when the image says to turn it but could not be turned: it is then published with
    /// only its orientation, which browsers apply, and gets no copies.
    pub warning: Option<Diagnostic>,
}

/// The image as a site publishes it: without metadata (see [`strip_metadata`]), and turned as
/// its EXIF orientation says (phones store portraits sideways with orientation 6), so that it
/// shows upright everywhere once the EXIF is gone and its size is the size it shows at. An
/// image with no orientation to apply keeps its bytes; a turned one is kept in `cache`, by
/// the hash of the bytes it was made from and the orientation.
pub(crate) fn upright(relative: &str, bytes: Vec<u8>, cache: &DerivedCache) -> Upright {
    let (stripped, orientation) = strip(relative, bytes);
    if orientation == Orientation::NoTransforms {
        return Upright {
            bytes: Arc::new(stripped),
            warning: None,
        };
    }
    let format = match extension_of(relative).as_str() {
        "png" => ImageFormat::Png,
        "webp" => ImageFormat::WebP,
        _ => ImageFormat::Jpeg,
    };
    let number = orientation.to_exif();
    let key = format!(
        "{}-turned-{number}.{}",
        hex_digest(&stripped),
        format.extensions_str()[0]
    );
    if let Some(bytes) = cache.get(&key) {
        cache.reused.fetch_add(1, Ordering::Relaxed);
        return Upright {
            bytes,
            warning: None,
        };
    }
    match turn(&stripped, format, orientation) {
        Ok(turned) => {
            cache.made.fetch_add(1, Ordering::Relaxed);
            Upright {
                bytes: cache.put(&key, turned),
                warning: None,
            }
        }
        Err(reason) => {
            let warning = Diagnostic::warning(
                Code::UnturnedImage,
                format!(
                    "`{relative}` is stored turned (EXIF orientation {number}), but it cannot be turned upright: {reason}"
                ),
            )
            .in_file(relative)
            .hint("it is published with only its orientation, which browsers apply, and without smaller copies; open it in an image editor and save it again upright");
            Upright {
                bytes: Arc::new(with_only_orientation(format, stripped, orientation)),
                warning: Some(warning),
            }
        }
    }
}

/// The image in `bytes` (without metadata) turned as `orientation` says, in its own format
/// and colour profile, or why it cannot be.
fn turn(bytes: &[u8], format: ImageFormat, orientation: Orientation) -> Result<Vec<u8>, String> {
    let animated = match format {
        ImageFormat::Png => Png::from_bytes(Bytes::copy_from_slice(bytes))
            .is_ok_and(|png| png.chunk_by_type(*b"acTL").is_some()),
        ImageFormat::WebP => WebP::from_bytes(Bytes::copy_from_slice(bytes))
            .is_ok_and(|webp| webp.chunk_by_id(*b"ANIM").is_some()),
        _ => false,
    };
    if animated {
        return Err("it is animated, and only still images are turned".to_string());
    }
    // The default limits refuse to decode more than 512 MiB of pixels.
    let mut image = image::ImageReader::with_format(Cursor::new(bytes), format)
        .decode()
        .map_err(|e| format!("its pixels cannot be read ({e})"))?;
    image.apply_orientation(orientation);
    let grey = !image.color().has_color();
    let mut out = Vec::new();
    let encoded = match format {
        ImageFormat::Png => image.write_with_encoder(PngEncoder::new(&mut out)),
        ImageFormat::WebP => {
            let lossless = WebP::from_bytes(Bytes::copy_from_slice(bytes))
                .is_ok_and(|webp| webp.chunk_by_id(*b"VP8L").is_some());
            let rgba;
            let rgb;
            let encoder = if image.color().has_alpha() {
                rgba = image.to_rgba8();
                webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height())
            } else {
                rgb = image.to_rgb8();
                webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height())
            };
            out = encoder
                .encode_simple(lossless, TURNED_WEBP_QUALITY)
                .map_err(|e| format!("it cannot be saved as WebP again ({e:?})"))?
                .to_vec();
            Ok(())
        }
        _ => {
            let encoder = JpegEncoder::new_with_quality(&mut out, TURNED_JPEG_QUALITY);
            match image {
                image::DynamicImage::ImageLuma8(grey) => grey.write_with_encoder(encoder),
                other => other.to_rgb8().write_with_encoder(encoder),
            }
        }
    };
    encoded.map_err(|e| format!("it cannot be saved again ({e})"))?;
    Ok(with_colour_of(bytes, format, out, grey))
}

/// `turned` with the colour profile (and, for PNG, the colour chunks) of `original`, so that
/// it shows in the same colours. A JPEG's profile is kept only where it describes the
/// pixels as they are saved again (RGB, or grey when `grey`; not CMYK, which is saved as RGB).
fn with_colour_of(original: &[u8], format: ImageFormat, turned: Vec<u8>, grey: bool) -> Vec<u8> {
    let (original, turned) = (Bytes::copy_from_slice(original), Bytes::from(turned));
    let fresh = turned.clone();
    let coloured = match format {
        ImageFormat::Png => {
            Png::from_bytes(original)
                .ok()
                .zip(Png::from_bytes(turned).ok())
                .map(|(original, mut turned)| {
                    let colour = [*b"iCCP", *b"sRGB", *b"gAMA", *b"cHRM", *b"cICP"];
                    let chunks = original
                        .chunks()
                        .iter()
                        .filter(|c| colour.contains(&c.kind()))
                        .cloned();
                    // Right after the header, before the pixels, as PNG requires.
                    let at = turned.chunks().len().min(1);
                    turned.chunks_mut().splice(at..at, chunks);
                    turned.encoder().bytes()
                })
        }
        ImageFormat::WebP => WebP::from_bytes(original)
            .ok()
            .zip(WebP::from_bytes(turned).ok())
            .map(|(original, mut turned)| {
                if let Some(profile) = original.icc_profile() {
                    turned.set_icc_profile(Some(profile));
                }
                turned.encoder().bytes()
            }),
        _ => Jpeg::from_bytes(original)
            .ok()
            .zip(Jpeg::from_bytes(turned).ok())
            .map(|(original, mut turned)| {
                let wanted: &[u8] = if grey { b"GRAY" } else { b"RGB " };
                let profile = original.icc_profile();
                if profile.as_ref().and_then(|p| p.get(16..20)) == Some(wanted) {
                    turned.set_icc_profile(profile);
                }
                turned.encoder().bytes()
            }),
    };
    coloured.unwrap_or(fresh).to_vec()
}

/// `stripped` with an EXIF block holding only `orientation`: what is published of an image that
/// could not be turned, so that browsers still show it upright.
fn with_only_orientation(
    format: ImageFormat,
    stripped: Vec<u8>,
    orientation: Orientation,
) -> Vec<u8> {
    let mut exif = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
    exif.extend([orientation.to_exif(), 0, 0, 0, 0, 0, 0, 0]);
    let exif = Some(Bytes::from(exif));
    let bytes = Bytes::from(stripped);
    let marked = match format {
        ImageFormat::Png => Png::from_bytes(bytes.clone()).ok().map(|mut png| {
            png.set_exif(exif);
            png.encoder().bytes()
        }),
        ImageFormat::WebP => WebP::from_bytes(bytes.clone()).ok().map(|mut webp| {
            webp.set_exif(exif);
            webp.encoder().bytes()
        }),
        _ => Jpeg::from_bytes(bytes.clone()).ok().map(|mut jpeg| {
            jpeg.set_exif(exif);
            jpeg.encoder().bytes()
        }),
    };
    marked.unwrap_or(bytes).to_vec()
}

/// Whether the metadata of the image in `bytes` can be found and removed: not when a JPEG,
/// PNG or WebP is cut short or damaged so that its segments or chunks cannot be read (it would
/// then be published with its EXIF, GPS position and all).
pub fn metadata_removable(relative: &str, bytes: &[u8]) -> bool {
    let bytes = Bytes::copy_from_slice(bytes);
    match extension_of(relative).as_str() {
        "jpg" | "jpeg" => Jpeg::from_bytes(bytes).is_ok(),
        "png" => Png::from_bytes(bytes).is_ok(),
        "webp" => WebP::from_bytes(bytes).is_ok(),
        _ => true,
    }
}

/// The image without what it says about where, when and by whom it was taken: EXIF (with GPS),
/// XMP, IPTC and comments. The pixels and colour profile are kept as they are.
pub fn strip_metadata(relative: &str, bytes: Vec<u8>) -> Vec<u8> {
    strip(relative, bytes).0
}

/// [`strip_metadata`], and the orientation the EXIF gave (none when it gave none, or none
/// that is valid: a browser shows those as stored).
fn strip(relative: &str, bytes: Vec<u8>) -> (Vec<u8>, Orientation) {
    let extension = extension_of(relative);
    let original = Bytes::from(bytes);
    let orientation_of = |exif: Option<Bytes>| {
        exif.and_then(|exif| Orientation::from_exif_chunk(&exif))
            .unwrap_or(Orientation::NoTransforms)
    };
    let cleaned = match extension.as_str() {
        "jpg" | "jpeg" => Jpeg::from_bytes(original.clone()).ok().map(|mut jpeg| {
            let orientation = orientation_of(jpeg.exif());
            jpeg.set_exif(None);
            // APP1 (EXIF, XMP), APP12, APP13 (IPTC), COM; APP2 (colour profile) and APP14 stay.
            for marker in [0xE1, 0xEC, 0xED, 0xFE] {
                jpeg.remove_segments_by_marker(marker);
            }
            (jpeg.encoder().bytes(), orientation)
        }),
        "png" => Png::from_bytes(original.clone()).ok().map(|mut png| {
            let orientation = orientation_of(png.exif());
            png.set_exif(None);
            for kind in [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"] {
                png.remove_chunks_by_type(kind);
            }
            (png.encoder().bytes(), orientation)
        }),
        "webp" => WebP::from_bytes(original.clone()).ok().map(|mut webp| {
            let orientation = orientation_of(webp.exif());
            webp.set_exif(None);
            webp.remove_chunks_by_id(*b"XMP ");
            (webp.encoder().bytes(), orientation)
        }),
        "svg" => Some((
            Bytes::from(strip_svg_metadata(&original)),
            Orientation::NoTransforms,
        )),
        _ => None,
    };
    let (bytes, orientation) = cleaned.unwrap_or((original, Orientation::NoTransforms));
    (bytes.to_vec(), orientation)
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

    /// EXIF as a phone writes it: the orientation, a description and a GPS position.
    fn phone_exif(orientation: u16) -> Vec<u8> {
        let mut e = b"II*\0\x08\0\0\0".to_vec();
        let entry = |e: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
            e.extend(tag.to_le_bytes());
            e.extend(kind.to_le_bytes());
            e.extend(count.to_le_bytes());
            e.extend(value);
        };
        // IFD0 at 8: description (at 104), orientation, GPS IFD (at 50).
        e.extend(3u16.to_le_bytes());
        entry(&mut e, 0x010E, 2, 15, 104u32.to_le_bytes());
        let [low, high] = orientation.to_le_bytes();
        entry(&mut e, 0x0112, 3, 1, [low, high, 0, 0]);
        entry(&mut e, 0x8825, 4, 1, 50u32.to_le_bytes());
        e.extend(0u32.to_le_bytes());
        // The GPS IFD at 50: latitude N 53° 47' 45" (at 80).
        e.extend(2u16.to_le_bytes());
        entry(&mut e, 0x0001, 2, 2, *b"N\0\0\0");
        entry(&mut e, 0x0002, 5, 3, 80u32.to_le_bytes());
        e.extend(0u32.to_le_bytes());
        for n in [53u32, 1, 47, 1, 45, 1] {
            e.extend(n.to_le_bytes());
        }
        e.extend(b"SECRET-ROOFTOP\0");
        e
    }

    /// A picture 40 pixels wide and 20 high, blue with a red 10-pixel square in its top-left
    /// corner, stored as `extension` with `exif`.
    fn photo_with(extension: &str, exif: Option<Vec<u8>>) -> Vec<u8> {
        let pixels = image::RgbImage::from_fn(40, 20, |x, y| {
            if x < 10 && y < 10 {
                image::Rgb([230, 20, 20])
            } else {
                image::Rgb([20, 40, 220])
            }
        });
        let mut out = Vec::new();
        let exif = exif.map(Bytes::from);
        match extension {
            "png" => {
                pixels
                    .write_with_encoder(PngEncoder::new(&mut out))
                    .unwrap();
                let mut png = Png::from_bytes(out.into()).unwrap();
                png.set_exif(exif);
                png.encoder().bytes().to_vec()
            }
            "webp" => {
                let encoded = webp::Encoder::from_rgb(&pixels, 40, 20)
                    .encode_simple(false, 95.0)
                    .unwrap();
                let mut webp = WebP::from_bytes(Bytes::copy_from_slice(&encoded)).unwrap();
                webp.set_exif(exif);
                webp.encoder().bytes().to_vec()
            }
            _ => {
                pixels
                    .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 95))
                    .unwrap();
                let mut jpeg = Jpeg::from_bytes(out.into()).unwrap();
                jpeg.set_exif(exif);
                jpeg.encoder().bytes().to_vec()
            }
        }
    }

    fn photo(extension: &str, orientation: u16) -> Vec<u8> {
        photo_with(extension, Some(phone_exif(orientation)))
    }

    /// Which corner of `image` is red.
    fn red_corner(image: &image::DynamicImage) -> &'static str {
        let rgb = image.to_rgb8();
        let (w, h) = rgb.dimensions();
        let corners = [
            ("top-left", 4, 4),
            ("top-right", w - 5, 4),
            ("bottom-left", 4, h - 5),
            ("bottom-right", w - 5, h - 5),
        ];
        let red: Vec<&str> = corners
            .iter()
            .filter(|(_, x, y)| {
                let [r, _, b] = rgb.get_pixel(*x, *y).0;
                r > 150 && b < 100
            })
            .map(|(name, _, _)| *name)
            .collect();
        assert_eq!(red.len(), 1, "one red corner, not {red:?}");
        red[0]
    }

    /// The published bytes carry no EXIF, nothing of the phone's, and no orientation.
    fn assert_no_exif(extension: &str, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("SECRET-ROOFTOP"), "the description is kept");
        assert!(
            !bytes.windows(4).any(|w| w == b"II*\0"),
            "a TIFF header is kept"
        );
        let bytes = Bytes::copy_from_slice(bytes);
        let exif = match extension {
            "png" => Png::from_bytes(bytes).unwrap().exif(),
            "webp" => WebP::from_bytes(bytes).unwrap().exif(),
            _ => Jpeg::from_bytes(bytes).unwrap().exif(),
        };
        assert!(exif.is_none(), "EXIF is kept");
    }

    /// Where the red corner of the picture shows, and its size, for each EXIF orientation.
    const SHOWN: [(u16, &str, (u32, u32)); 8] = [
        (1, "top-left", (40, 20)),
        (2, "top-right", (40, 20)),
        (3, "bottom-right", (40, 20)),
        (4, "bottom-left", (40, 20)),
        (5, "top-left", (20, 40)),
        (6, "top-right", (20, 40)),
        (7, "bottom-right", (20, 40)),
        (8, "bottom-left", (20, 40)),
    ];

    #[test]
    fn a_phone_portrait_is_published_upright() {
        let published = upright(
            "assets/phone.jpg",
            photo("jpg", 6),
            &DerivedCache::default(),
        );
        assert!(published.warning.is_none());
        let shown = image::load_from_memory(&published.bytes).unwrap();
        assert_eq!((shown.width(), shown.height()), (20, 40));
        assert_eq!(red_corner(&shown), "top-right");
        assert_no_exif("jpg", &published.bytes);
    }

    #[test]
    fn every_orientation_is_applied_in_every_format() {
        for extension in ["jpg", "png", "webp"] {
            for (orientation, corner, size) in SHOWN {
                let relative = format!("assets/phone.{extension}");
                let published = upright(
                    &relative,
                    photo(extension, orientation),
                    &DerivedCache::default(),
                );
                let shown = image::load_from_memory(&published.bytes).unwrap();
                let seen = (shown.width(), shown.height());
                assert_eq!(seen, size, "{extension} orientation {orientation}");
                assert_eq!(
                    red_corner(&shown),
                    corner,
                    "{extension} orientation {orientation}"
                );
                assert_no_exif(extension, &published.bytes);
            }
        }
    }

    #[test]
    fn copies_of_a_turned_image_are_upright_and_so_is_its_size() {
        let cache = DerivedCache::default();
        let source = photo("jpg", 8);
        // What a build before turning published, with its copy in the cache, sideways.
        let sideways = strip_metadata("assets/phone.jpg", source.clone());
        let old = hex_digest(&sideways);
        let sideways_copy = encode(&image::load_from_memory(&sideways).unwrap(), "webp").unwrap();
        cache.put(&format!("{old}-20.webp"), sideways_copy.clone());
        cache.put(&format!("{old}-40.webp"), sideways_copy);

        let published = upright("assets/phone.jpg", source, &cache);
        let hex = hex_digest(&published.bytes);
        let mut files = Vec::new();
        let picture = derivatives(
            "assets/phone.jpg",
            "assets/phone.jpg",
            &hex,
            &published.bytes,
            None,
            &cache,
            &mut files,
        )
        .unwrap();
        assert_eq!((picture.width, picture.height), (20, 40));
        assert_eq!(picture.modern.len(), 1);
        assert_eq!(picture.modern[0].width, 20);
        assert_eq!(files.len(), 1);
        let copy = image::load_from_memory(&files[0].bytes).unwrap();
        assert_eq!((copy.width(), copy.height()), (20, 40));
        assert_eq!(red_corner(&copy), "bottom-left");
    }

    #[test]
    fn an_upright_image_keeps_its_bytes() {
        for extension in ["jpg", "png", "webp"] {
            let relative = format!("assets/still.{extension}");
            let no_exif = photo_with(extension, None);
            // 0 and 9 and above are not orientations: a browser shows the image as stored.
            for source in [
                photo(extension, 1),
                photo(extension, 0),
                photo(extension, 9),
                photo(extension, 600),
                no_exif,
            ] {
                let published = upright(&relative, source.clone(), &DerivedCache::default());
                assert!(published.warning.is_none());
                assert_eq!(
                    *published.bytes,
                    strip_metadata(&relative, source),
                    "{extension}"
                );
            }
        }
    }

    #[test]
    fn a_turned_image_is_made_once() {
        let cache = DerivedCache::default();
        let first = upright("assets/phone.jpg", photo("jpg", 6), &cache);
        let again = upright("assets/phone.jpg", photo("jpg", 6), &cache);
        assert_eq!(first.bytes, again.bytes);
        assert_eq!(cache.counts(), (1, 1));
    }

    #[test]
    fn the_colour_profile_is_kept_when_turning() {
        let mut profile = vec![0u8; 132];
        profile[16..20].copy_from_slice(b"RGB ");
        profile[36..40].copy_from_slice(b"acsp");
        let mut jpeg = Jpeg::from_bytes(photo("jpg", 6).into()).unwrap();
        jpeg.set_icc_profile(Some(Bytes::from(profile.clone())));
        let source = jpeg.encoder().bytes().to_vec();
        let published = upright("assets/phone.jpg", source, &DerivedCache::default());
        let turned = Jpeg::from_bytes(Bytes::copy_from_slice(&published.bytes)).unwrap();
        assert_eq!(turned.icc_profile().as_deref(), Some(&profile[..]));
    }

    #[test]
    fn hostile_exif_is_harmless() {
        let mut huge = phone_exif(6);
        huge.resize(60_000, 0xAB);
        let mut endless = b"MM\0*\0\0\0\x08\xFF\xFF".to_vec();
        endless.extend([0x01, 0x12, 0, 3]);
        let hostile: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"II*\0".to_vec(),
            b"II*\0\xFF\xFF\xFF\xFF".to_vec(),
            endless,
            b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\xFF\xFF\0\0".to_vec(),
            vec![0xFF; 65_000],
        ];
        for exif in hostile {
            let source = photo_with("jpg", Some(exif));
            let published = upright("assets/x.jpg", source.clone(), &DerivedCache::default());
            assert_eq!(*published.bytes, strip_metadata("assets/x.jpg", source));
        }
        // A whole EXIF with junk after it still turns the image.
        let published = upright(
            "assets/x.jpg",
            photo_with("jpg", Some(huge)),
            &DerivedCache::default(),
        );
        let shown = image::load_from_memory(&published.bytes).unwrap();
        assert_eq!((shown.width(), shown.height()), (20, 40));
    }

    #[test]
    fn an_image_that_cannot_be_turned_is_published_with_only_its_orientation() {
        // A frame header claiming 65,000 × 65,000 pixels: too big to decode.
        let mut bomb = photo("jpg", 6);
        let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        bomb[sof + 5..sof + 9].copy_from_slice(&[0xFD, 0xE8, 0xFD, 0xE8]);
        let mut truncated = photo("jpg", 6);
        truncated.truncate(truncated.len() - 40);
        for (source, decodable) in [(bomb, false), (truncated, true)] {
            let published = upright("assets/x.jpg", source, &DerivedCache::default());
            // A cut-short JPEG decodes, the missing part grey.
            assert_eq!(published.warning.is_none(), decodable);
            let text = String::from_utf8_lossy(&published.bytes);
            assert!(!text.contains("SECRET-ROOFTOP"));
            if let Some(warning) = published.warning {
                assert_eq!(warning.code, Code::UnturnedImage);
                assert!(
                    warning.message.contains("assets/x.jpg"),
                    "{}",
                    warning.message
                );
                let jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(&published.bytes)).unwrap();
                let exif = jpeg.exif().expect("the orientation is kept");
                assert_eq!(
                    image::metadata::Orientation::from_exif_chunk(&exif),
                    Some(image::metadata::Orientation::Rotate90)
                );
                assert!(exif.len() < 32, "only the orientation is kept");
            } else {
                let shown = image::load_from_memory(&published.bytes).unwrap();
                assert_eq!((shown.width(), shown.height()), (20, 40));
            }
        }
    }

    #[test]
    fn a_file_cut_short_is_found_before_it_leaks_its_metadata() {
        for extension in ["jpg", "png", "webp"] {
            let relative = format!("assets/x.{extension}");
            let whole = photo(extension, 6);
            assert!(metadata_removable(&relative, &whole), "{extension}");
            // Cut inside the metadata, or inside the chunk after it.
            let header = if extension == "jpg" { 30 } else { 60 };
            assert!(
                !metadata_removable(&relative, &whole[..header]),
                "{extension}"
            );
        }
        // A PNG cut inside its pixels would be published with its EXIF.
        let png = photo("png", 6);
        let cut = &png[..png.len() - 20];
        assert!(String::from_utf8_lossy(&strip_metadata("a.png", cut.to_vec())).contains("SECRET"));
        assert!(!metadata_removable("a.png", cut));
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
