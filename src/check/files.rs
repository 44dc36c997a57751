//! Every file a document names exists inside the project, in `assets/`, and is an image.

use std::path::{Component, Path};

use super::references::body_position;
use super::{Checker, Problem};
use crate::diagnostics::Code;
use crate::folder::{ProjectFolder, Unreadable};
use crate::markdown;

/// File name endings of images a browser shows.
const IMAGE_EXTENSIONS: [&str; 7] = ["svg", "png", "jpg", "jpeg", "gif", "webp", "avif"];

pub(super) fn check(c: &mut Checker) {
    let p = c.production;
    for image in p.images() {
        if let Some(problem) = bad_image(c.folder, &image.path.value, image.field) {
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
        if let Some(problem) = bad_image(c.folder, &image, String::new()) {
            c.error(file, body_position(body, start), problem);
        }
    }
}

/// What is wrong with `relative` as an image of the site, if anything.
fn bad_image(folder: &ProjectFolder, relative: &str, field: String) -> Option<Problem> {
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
                Code::OutsideProject,
                field,
                format!("`{relative}` is outside the production folder"),
            )
            .hint("give a path inside the project, such as assets/stills/frame-01.jpg"),
        );
    }
    if !relative.starts_with("assets/") {
        return Some(
            Problem::new(
                Code::NotInAssets,
                field,
                format!("`{relative}` is not in the assets/ folder"),
            )
            .hint(
                "keep images and other files the site shows in assets/; only assets/ is published",
            ),
        );
    }
    let bytes = match folder.file(relative) {
        Ok(bytes) => bytes,
        Err(Unreadable::Link) => {
            return Some(
                Problem::new(
                    Code::SymbolicLink,
                    field,
                    format!("`{relative}` is, or goes through, a symbolic link"),
                )
                .hint("clapboard does not follow links; copy the file into the project"),
            );
        }
        Err(Unreadable::NotAFile) => {
            return Some(
                Problem::new(
                    Code::WrongFileKind,
                    field,
                    format!("`{relative}` is a folder, not a file"),
                )
                .hint("name the image file itself"),
            );
        }
        Err(Unreadable::Missing) => {
            return Some(
                Problem::new(Code::MissingFile, field, format!("the file `{relative}` does not exist"))
                    .hint("paths are relative to the production folder, such as assets/storyboard/panel-01.svg; check the spelling and the extension"),
            );
        }
        Err(problem) => {
            return Some(
                Problem::new(
                    Code::UnreadableFile,
                    field,
                    format!("`{relative}` cannot be read: {problem}"),
                )
                .hint("check the file's permissions; images are limited to 256 MiB"),
            );
        }
    };
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !IMAGE_EXTENSIONS.contains(&extension.as_str()) {
        return Some(
            Problem::new(
                Code::WrongFileKind,
                field,
                format!("`{relative}` is not an image"),
            )
            .hint(format!(
                "use an image file: {}",
                IMAGE_EXTENSIONS.join(", ")
            )),
        );
    }
    if !content_matches(&bytes, &extension) {
        return Some(
            Problem::new(Code::WrongFileKind, field, format!("`{relative}` does not hold a {} image", extension.to_uppercase()))
                .hint("the file's content does not match its name; export it again, or rename it to its real type"),
        );
    }
    if !crate::assets::metadata_removable(relative, &bytes) {
        return Some(
            Problem::new(Code::WrongFileKind, field, format!("`{relative}` is cut short or damaged"))
                .hint("export it again: clapboard reads the whole file to remove its metadata (camera, GPS position) before publishing it"),
        );
    }
    None
}

/// Whether the first bytes of the file are those of its type.
fn content_matches(bytes: &[u8], extension: &str) -> bool {
    let head = &bytes[..bytes.len().min(512)];
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
