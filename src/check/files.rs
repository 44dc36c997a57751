//! Every file a document names exists inside the project, in `assets/`, and is an image.

use std::io::Read;
use std::path::{Component, Path};

use super::references::body_position;
use super::{Checker, Problem};
use crate::markdown;

/// File name endings of images a browser shows.
const IMAGE_EXTENSIONS: [&str; 7] = ["svg", "png", "jpg", "jpeg", "gif", "webp", "avif"];

pub(super) fn check(c: &mut Checker) {
    let p = c.production;
    for image in p.images() {
        if let Some(problem) = bad_image(c.root, &image.path.value, image.field) {
            c.error(image.file, image.path.at, problem);
        }
    }
    let found: Vec<_> = c
        .scans
        .iter()
        .flat_map(|s| {
            s.scan
                .images
                .iter()
                .filter(|(source, _, _)| markdown::is_project_path(source))
                .map(move |(source, _, range)| (s.file, s.body, source.clone(), range.start))
        })
        .collect();
    for (file, body, image, start) in found {
        if let Some(problem) = bad_image(c.root, &image, String::new()) {
            c.error(file, body_position(body, start), problem);
        }
    }
}

/// What is wrong with `relative` as an image of the site, if anything.
fn bad_image(root: &Path, relative: &str, field: String) -> Option<Problem> {
    let path = Path::new(relative);
    let escapes = path.is_absolute()
        || path.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::RootDir | Component::Prefix(_)
            )
        });
    if escapes {
        return Some(
            Problem::new(
                "outside-project",
                field,
                format!("`{relative}` is outside the production folder"),
            )
            .hint("give a path inside the project, such as assets/stills/frame-01.jpg"),
        );
    }
    if !relative.starts_with("assets/") {
        return Some(
            Problem::new(
                "not-in-assets",
                field,
                format!("`{relative}` is not in the assets/ folder"),
            )
            .hint(
                "keep images and other files the site shows in assets/; only assets/ is published",
            ),
        );
    }
    let full = root.join(path);
    // Every folder on the way must be a real folder too: a linked folder could lead anywhere.
    let mut walked = root.to_path_buf();
    for component in path.components() {
        walked.push(component);
        if walked
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return Some(
                Problem::new(
                    "symbolic-link",
                    field,
                    format!("`{relative}` goes through a symbolic link"),
                )
                .hint("clapboard does not follow links; copy the file into the project"),
            );
        }
    }
    match std::fs::metadata(&full) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => {
            return Some(
                Problem::new(
                    "wrong-file-kind",
                    field,
                    format!("`{relative}` is a folder, not a file"),
                )
                .hint("name the image file itself"),
            );
        }
        Err(_) => {
            return Some(
                Problem::new("missing-file", field, format!("the file `{relative}` does not exist"))
                    .hint("paths are relative to the production folder, such as assets/storyboard/panel-01.svg; check the spelling and the extension"),
            );
        }
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !IMAGE_EXTENSIONS.contains(&extension.as_str()) {
        return Some(
            Problem::new(
                "wrong-file-kind",
                field,
                format!("`{relative}` is not an image"),
            )
            .hint(format!(
                "use an image file: {}",
                IMAGE_EXTENSIONS.join(", ")
            )),
        );
    }
    if !content_matches(&full, &extension) {
        return Some(
            Problem::new("wrong-file-kind", field, format!("`{relative}` does not hold a {} image", extension.to_uppercase()))
                .hint("the file's content does not match its name; export it again, or rename it to its real type"),
        );
    }
    None
}

/// Whether the first bytes of the file are those of its type.
fn content_matches(path: &Path, extension: &str) -> bool {
    let mut head = [0u8; 512];
    let Ok(read) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let head = &head[..read];
    match extension {
        "png" => head.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => head.starts_with(&[0xFF, 0xD8, 0xFF]),
        "gif" => head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a"),
        "webp" => head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP",
        "avif" => head.len() >= 12 && &head[4..8] == b"ftyp",
        "svg" => {
            let text = String::from_utf8_lossy(head);
            let text = text.trim_start_matches('\u{feff}').trim_start();
            text.starts_with('<') && text.contains("<svg") || text.starts_with("<?xml")
        }
        _ => false,
    }
}
