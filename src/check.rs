//! Check: the loaded production against itself. Duplicate ids, references between documents
//! and from Markdown, files that must exist, times that must be in order.

use std::collections::HashMap;
use std::path::{Component, Path};

use crate::diagnostics::{Diagnostic, Sources};
use crate::index::{Index, RefKind, did_you_mean};
use crate::links::SiteLinks;
use crate::markdown;
use crate::model::{FileId, Id, Located, Markdown, Pos, Production};
use crate::urls::Urls;

/// Every problem found in `production`; the folder itself is only looked at to see whether
/// referenced files exist.
pub fn check(
    production: &Production,
    index: &Index,
    sources: &Sources,
    root: &Path,
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        production,
        index,
        sources,
        root,
        out: Vec::new(),
    };
    checker.duplicates();
    checker.references();
    checker.files();
    checker.schedule_times();
    checker.markdown();
    checker.out
}

struct Checker<'a> {
    production: &'a Production,
    index: &'a Index,
    sources: &'a Sources,
    root: &'a Path,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(
        &mut self,
        file: FileId,
        at: Pos,
        field: String,
        message: String,
        hint: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::error(message).field(field);
        diagnostic.hint = hint;
        self.out.push(self.sources.diagnostic(diagnostic, file, at));
    }

    fn duplicates(&mut self) {
        let p = self.production;
        type Ids<'a> = Vec<(FileId, &'a Id)>;
        let lists: Vec<(&str, Ids)> = vec![
            ("shot", p.shots.iter().map(|s| (s.file, &s.id)).collect()),
            (
                "panel",
                p.storyboard
                    .panels
                    .iter()
                    .map(|s| (s.file, &s.id))
                    .collect(),
            ),
            ("scene", p.scenes.iter().map(|s| (s.file, &s.id)).collect()),
            (
                "location",
                p.locations.iter().map(|s| (s.file, &s.id)).collect(),
            ),
            (
                "person",
                p.cast
                    .iter()
                    .map(|s| (s.file, &s.id))
                    .chain(p.crew.iter().map(|s| (s.file, &s.id)))
                    .collect(),
            ),
            ("cut", p.cuts.iter().map(|s| (s.file, &s.version)).collect()),
        ];
        for (what, items) in lists {
            let mut seen: HashMap<&str, (FileId, Pos)> = HashMap::new();
            for (file, id) in items {
                if let Some((first_file, first_at)) = seen.get(id.value.as_str()) {
                    let first = format!(
                        "{}:{}",
                        self.sources.path(*first_file).display(),
                        first_at.line
                    );
                    self.error(
                        file,
                        id.at,
                        String::new(),
                        format!("two {what}s have the id `{}`", id.value),
                        Some(format!(
                            "the first is at {first}; give each {what} its own id"
                        )),
                    );
                } else {
                    seen.insert(&id.value, (file, id.at));
                }
            }
        }
        let mut days: HashMap<u32, ()> = HashMap::new();
        for day in &p.days {
            if days.insert(day.day.value, ()).is_some() {
                self.error(
                    day.file,
                    day.day.at,
                    String::new(),
                    format!("there are two shoot days numbered {}", day.day.value),
                    Some("number shoot days 1, 2, 3 ... in order".to_string()),
                );
            }
        }
    }

    /// Reports `reference` (found in `field`) if it names no item of `kind`.
    fn reference(
        &mut self,
        file: FileId,
        field: String,
        kind: RefKind,
        reference: &Id,
        ids: &HashMap<String, usize>,
    ) {
        if ids.contains_key(&reference.value) || incomplete(self.production, kind) {
            return;
        }
        let what = kind_name(kind);
        let hint = match did_you_mean(&reference.value, ids.keys().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None if ids.is_empty() => format!("no {what}s are defined yet"),
            None => format!("the {what} ids are listed in {}", home_of(kind)),
        };
        self.error(
            file,
            reference.at,
            field,
            format!("there is no {what} `{}`", reference.value),
            Some(hint),
        );
    }

    fn references(&mut self) {
        let p = self.production;
        let ix = self.index;
        let people: HashMap<String, usize> = ix
            .cast
            .iter()
            .chain(ix.crew.iter())
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        for (i, shot) in p.shots.iter().enumerate() {
            if !p.scenes.is_empty() && !ix.scenes.contains_key(&shot.scene.value) {
                let hint =
                    match did_you_mean(&shot.scene.value, ix.scenes.keys().map(String::as_str)) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "scenes are listed under `scenes:` in shots.yaml".to_string(),
                    };
                self.error(
                    shot.file,
                    shot.scene.at,
                    format!("shots[{i}].scene"),
                    format!("there is no scene `{}`", shot.scene.value),
                    Some(hint),
                );
            }
            if let Some(panel) = &shot.panel {
                self.reference(
                    shot.file,
                    format!("shots[{i}].panel"),
                    RefKind::Panel,
                    panel,
                    &ix.panels,
                );
            }
            if let Some(location) = &shot.location {
                self.reference(
                    shot.file,
                    format!("shots[{i}].location"),
                    RefKind::Location,
                    location,
                    &ix.locations,
                );
            }
            for (j, person) in shot.cast.iter().enumerate() {
                self.reference(
                    shot.file,
                    format!("shots[{i}].cast[{j}]"),
                    RefKind::Person,
                    person,
                    &ix.cast,
                );
            }
        }
        for (i, panel) in p.storyboard.panels.iter().enumerate() {
            if let Some(shot) = &panel.shot {
                self.reference(
                    panel.file,
                    format!("panels[{i}].shot"),
                    RefKind::Shot,
                    shot,
                    &ix.shots,
                );
            }
        }
        for (i, day) in p.days.iter().enumerate() {
            for (j, location) in day.locations.iter().enumerate() {
                self.reference(
                    day.file,
                    format!("days[{i}].locations[{j}]"),
                    RefKind::Location,
                    location,
                    &ix.locations,
                );
            }
            for (j, shot) in day.shots.iter().enumerate() {
                self.reference(
                    day.file,
                    format!("days[{i}].shots[{j}]"),
                    RefKind::Shot,
                    shot,
                    &ix.shots,
                );
            }
            for (j, call) in day.cast_calls.iter().enumerate() {
                self.reference(
                    day.file,
                    format!("days[{i}].cast_calls[{j}].person"),
                    RefKind::Person,
                    &call.person,
                    &ix.cast,
                );
            }
            for (j, call) in day.crew_calls.iter().enumerate() {
                self.reference(
                    day.file,
                    format!("days[{i}].crew_calls[{j}].person"),
                    RefKind::Person,
                    &call.person,
                    &people,
                );
            }
        }
        for (i, review) in p.reviews.iter().enumerate() {
            if !ix.cuts.contains_key(&review.version.value) && !p.incomplete.cuts {
                let hint =
                    match did_you_mean(&review.version.value, ix.cuts.keys().map(String::as_str)) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "cut versions are listed in post/cuts.yaml".to_string(),
                    };
                self.error(
                    review.file,
                    review.version.at,
                    format!("reviews[{i}].version"),
                    format!("there is no cut `{}`", review.version.value),
                    Some(hint),
                );
            }
        }
        for (i, vfx) in p.vfx.iter().enumerate() {
            self.reference(
                vfx.file,
                format!("vfx[{i}].shot"),
                RefKind::Shot,
                &vfx.shot,
                &ix.shots,
            );
        }
    }

    /// Every image a document names must be a file inside the project.
    fn files(&mut self) {
        let p = self.production;
        let mut wanted: Vec<(FileId, String, &Located<String>)> = Vec::new();
        let config = &p.config;
        if let Some(poster) = config.video.as_ref().and_then(|v| v.poster.as_ref()) {
            wanted.push((config.file, "video.poster".into(), poster));
        }
        if let Some(t) = &p.treatment {
            for (i, r) in t.meta.references.iter().enumerate() {
                if let Some(image) = &r.image {
                    wanted.push((t.file, format!("references[{i}].image"), image));
                }
            }
        }
        for (i, image) in p.moodboard.iter().enumerate() {
            wanted.push((image.file, format!("images[{i}].file"), &image.inner.file));
        }
        for (i, panel) in p.storyboard.panels.iter().enumerate() {
            if let Some(image) = &panel.image {
                wanted.push((panel.file, format!("panels[{i}].image"), image));
            }
        }
        for (i, location) in p.locations.iter().enumerate() {
            for (j, photo) in location.photos.iter().enumerate() {
                wanted.push((
                    location.file,
                    format!("locations[{i}].photos[{j}].file"),
                    &photo.file,
                ));
            }
        }
        for note in &p.journal {
            if let Some(cover) = &note.meta.cover {
                wanted.push((note.file, "cover".into(), cover));
            }
        }
        if let Some(kit) = &p.press_kit {
            for (i, image) in kit.images.iter().enumerate() {
                wanted.push((kit.file, format!("images[{i}].file"), &image.file));
            }
            for (i, logo) in kit.logos.iter().enumerate() {
                wanted.push((kit.file, format!("logos[{i}].file"), &logo.file));
            }
        }
        for (file, field, path) in wanted {
            if let Some((message, hint)) = self.bad_file(&path.value) {
                self.error(file, path.at, field, message, Some(hint));
            }
        }
    }

    fn bad_file(&self, relative: &str) -> Option<(String, String)> {
        let path = Path::new(relative);
        let escapes = path.is_absolute()
            || path.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            });
        if escapes {
            return Some((
                format!("`{relative}` is outside the production folder"),
                "give a path inside the project, such as assets/stills/frame-01.jpg".to_string(),
            ));
        }
        if !relative.starts_with("assets/") {
            return Some((
                format!("`{relative}` is not in the assets/ folder"),
                "keep images and other files the site shows in assets/; only assets/ is published"
                    .to_string(),
            ));
        }
        let full = self.root.join(path);
        match std::fs::symlink_metadata(&full) {
            Ok(meta) if meta.file_type().is_symlink() => Some((
                format!("`{relative}` is a symbolic link"),
                "clapboard does not follow links; copy the file into the project".to_string(),
            )),
            Ok(meta) if meta.is_file() => None,
            Ok(_) => Some((
                format!("`{relative}` is a folder, not a file"),
                "name the image file itself".to_string(),
            )),
            Err(_) => Some((
                format!("the file `{relative}` does not exist"),
                "paths are relative to the production folder, such as assets/storyboard/panel-01.svg".to_string(),
            )),
        }
    }

    fn schedule_times(&mut self) {
        let p = self.production;
        for (i, day) in p.days.iter().enumerate() {
            if let Some(shooting) = &day.shooting_call
                && shooting.value < day.general_call.value
            {
                self.error(
                    day.file,
                    shooting.at,
                    format!("days[{i}].shooting_call"),
                    format!(
                        "the shooting call ({}) is before the general call ({})",
                        shooting.value, day.general_call.value
                    ),
                    Some("the crew is called first; the camera rolls after".to_string()),
                );
            }
            if let (Some(lunch), Some(wrap)) = (&day.lunch, &day.wrap)
                && lunch.value >= wrap.value
            {
                self.error(
                    day.file,
                    lunch.at,
                    format!("days[{i}].lunch"),
                    format!(
                        "lunch ({}) is not before wrap ({})",
                        lunch.value, wrap.value
                    ),
                    Some("check both times; they use the 24-hour clock".to_string()),
                );
            }
        }
    }

    fn markdown(&mut self) {
        let p = self.production;
        let links = SiteLinks::new(p, self.index, Urls::new("/"));
        let mut bodies: Vec<(FileId, &Markdown)> = Vec::new();
        if let Some(t) = &p.treatment {
            bodies.push((t.file, &t.body));
        }
        bodies.extend(p.post_notes.iter().map(|n| (n.file, &n.body)));
        bodies.extend(p.journal.iter().map(|n| (n.file, &n.body)));
        if let Some(r) = &p.press_release {
            bodies.push((r.file, &r.body));
        }
        for (file, body) in bodies {
            for (image, range) in markdown::project_images(&body.text) {
                if let Some((message, hint)) = self.bad_file(&image) {
                    let (line, column) = markdown::line_column(&body.text, range.start);
                    let at = Pos {
                        line: line + body.first_line - 1,
                        column,
                    };
                    self.error(file, at, String::new(), message, Some(hint));
                }
            }
            for broken in markdown::broken_references(&body.text, &links) {
                let target = markdown::parse_reference(&broken.reference).map(|(kind, _)| kind);
                if target.is_some_and(|kind| incomplete(p, kind)) {
                    continue;
                }
                let (line, column) = markdown::line_column(&body.text, broken.range.start);
                let at = Pos {
                    line: line + body.first_line - 1,
                    column,
                };
                let hint = broken
                    .hint
                    .unwrap_or_else(|| reference_hint(&broken.reference, self.index));
                self.error(
                    file,
                    at,
                    String::new(),
                    format!("the reference `{}` leads nowhere", broken.reference),
                    Some(hint),
                );
            }
        }
    }
}

/// Whether items of `kind` may be missing because their file failed to load.
fn incomplete(production: &Production, kind: RefKind) -> bool {
    let incomplete = &production.incomplete;
    match kind {
        RefKind::Shot => incomplete.shots,
        RefKind::Panel => incomplete.panels,
        RefKind::Location => incomplete.locations,
        RefKind::Person => incomplete.people,
        RefKind::Day => incomplete.days,
        RefKind::Journal => incomplete.journal,
    }
}

fn reference_hint(reference: &str, index: &Index) -> String {
    match markdown::parse_reference(reference) {
        Some((kind, id)) => match did_you_mean(id, index.ids(kind)) {
            Some(close) => format!("did you mean `{}:{close}`?", kind.scheme()),
            None => format!("no {} has the id `{id}`; the ids are in {}", kind_name(kind), home_of(kind)),
        },
        None => "internal references look like shot:1A, panel:3, location:rooftop, person:mara, day:2, journal:<slug>".to_string(),
    }
}

fn kind_name(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Shot => "shot",
        RefKind::Panel => "storyboard panel",
        RefKind::Location => "location",
        RefKind::Person => "person",
        RefKind::Day => "shoot day",
        RefKind::Journal => "journal note",
    }
}

fn home_of(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Shot => "shots.yaml",
        RefKind::Panel => "storyboard.yaml",
        RefKind::Location => "locations.yaml",
        RefKind::Person => "people.yaml",
        RefKind::Day => "schedule.yaml",
        RefKind::Journal => "journal/",
    }
}
