//! clapboard turns one folder of Markdown and YAML describing a music video production into
//! static websites for every stage, from the treatment to the press kit.
//!
//! A build is a pipeline that reads top to bottom:
//!
//! ```text
//! load   (folder -> typed production, with source positions)
//! check  (references, files, times -> diagnostics)
//! view   (the production as one audience may see it)
//! render (Markdown, templates, feeds -> files in memory)
//! write  (atomically into the output folder)
//! ```

// Diagnostics travel in `Err` and are rare; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod assets;
pub(crate) mod build;
pub mod cache;
pub mod calendar;
pub mod check;
pub mod clock;
pub mod diagnostics;
pub mod downloads;
mod embedded;
pub mod folder;
pub mod highlight;
pub mod index;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod pages;
pub mod progress;
pub mod protect;
pub mod render;
pub mod schema;
pub mod serve;
pub mod sheets;
pub mod starter;
pub mod sun;
pub mod template;
pub mod text;
pub mod timings;
pub mod urls;
pub mod view;
pub mod write;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

pub use crate::build::{BuildOptions, BuildReport, Overrides, SiteReport, build};
use crate::diagnostics::{Code, Diagnostic};
use crate::index::Index;
use crate::model::Production;
pub use crate::starter::Starter;

/// A build or check that found errors: every problem, sorted by file and line.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Failure {
        Failure {
            diagnostics: vec![diagnostic],
        }
    }
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(mut diagnostics: Vec<Diagnostic>) -> Failure {
        diagnostics::sort(&mut diagnostics);
        Failure { diagnostics }
    }
}

/// A production that passed the check, with its warnings.
pub struct Checked {
    pub root: PathBuf,
    pub production: Production,
    pub warnings: Vec<Diagnostic>,
    /// The documents as read, from which each audience's production is made.
    pub documents: load::Documents,
    pub sources: diagnostics::Sources,
    /// The production folder, and every file read from it besides the documents.
    pub folder: std::sync::Arc<folder::ProjectFolder>,
    /// The moment the production was checked at, in its time zone.
    pub now: NaiveDateTime,
}

/// Load and check the production in `dir` (or the nearest parent holding `clapboard.yaml`), at
/// the moment `now` (for embargoes), read in the production's time zone; the clock's time
/// there by default.
/// Frees `spent` on a thread of its own: a large production takes milliseconds to free, and
/// what was made from it is ready without waiting.
pub(crate) fn free_aside<T: Send + 'static>(spent: T) {
    let _ = std::thread::Builder::new()
        .name("clapboard-free".into())
        .spawn(move || drop(spent));
}

pub fn load_and_check(dir: &Path, now: Option<NaiveDateTime>) -> Result<Checked, Failure> {
    load_and_check_timed(dir, now, &mut timings::Timings::default())
}

/// [`load_and_check`], adding the time of each stage to `timings`.
pub fn load_and_check_timed(
    dir: &Path,
    now: Option<NaiveDateTime>,
    timings: &mut timings::Timings,
) -> Result<Checked, Failure> {
    let root = load::find_root(dir)?;
    check_cached(&root, now, timings, &mut load::LoadCache::default())
}

/// Loads (re-reading only the files `cache` does not hold as they are) and checks the
/// production at `root`; the dev server keeps the cache between rebuilds.
pub fn check_cached(
    root: &Path,
    now: Option<NaiveDateTime>,
    timings: &mut timings::Timings,
    cache: &mut load::LoadCache,
) -> Result<Checked, Failure> {
    let root = root.to_path_buf();
    let folder = folder::ProjectFolder::open(&root).map_err(|e| {
        Diagnostic::error(
            Code::NoProject,
            format!("cannot open {}: {e}", root.display()),
        )
        .hint("check that the production folder can be read")
    })?;
    let folder = std::sync::Arc::new(folder);
    let loaded = timings.time(|t| &mut t.load, || load::load_cached(&folder, cache));
    let mut diagnostics = loaded.diagnostics;
    let Some(production) = loaded.production else {
        return Err(diagnostics.into());
    };
    let now = now.unwrap_or_else(|| clock::now_in(production.config.tz()));
    let found = timings.time(
        |t| &mut t.check,
        || {
            let index = Index::new(&production);
            check::check(&production, &index, &loaded.sources, &folder, now)
        },
    );
    diagnostics.extend(found);
    diagnostics::sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics.into());
    }
    Ok(Checked {
        root,
        production,
        warnings: diagnostics,
        documents: loaded.documents,
        sources: loaded.sources,
        folder,
        now,
    })
}

/// Writes the JSON Schema of every document kind into `out`, and of every template's data into
/// `out/templates/`; returns the files written.
pub fn write_schemas(out: &Path) -> Result<Vec<PathBuf>, Failure> {
    let templates = out.join("templates");
    std::fs::create_dir_all(&templates).map_err(|e| {
        Diagnostic::error(
            Code::Io,
            format!("cannot create {}: {e}", templates.display()),
        )
    })?;
    let documents = schema::all()
        .into_iter()
        .map(|schema| (out.join(schema.file_name()), schema.text()));
    let data = sheets::template_schemas()
        .into_iter()
        .map(|schema| (templates.join(schema.file_name()), schema.text()));
    let mut written = Vec::new();
    for (path, text) in documents.chain(data) {
        std::fs::write(&path, text).map_err(|e| {
            Diagnostic::error(Code::Io, format!("cannot write {}: {e}", path.display()))
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a new production into `dir`, which must not exist or be empty: the blank production,
/// titled after the folder, with its `schemas/` made from the model; or a copy of the example.
/// Returns the number of files written.
pub fn new_project(dir: &Path, starter: Starter) -> Result<usize, Failure> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(
                Code::FolderNotEmpty,
                format!("{} already exists and is not empty", dir.display()),
            )
            .hint("choose a new folder name; clapboard new never overwrites files")
            .into());
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(Code::Io, format!("cannot create {}: {e}", dir.display()))
    })?;
    // `new .` names the production after the folder it is run in.
    let folder = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let title = starter::title_from_folder(
        &folder
            .file_name()
            .map(|name| name.to_string_lossy())
            .unwrap_or_default(),
    );
    let files = starter.files();
    for (relative, bytes) in files {
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(Code::Io, format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        std::fs::write(&target, starter.file(relative, bytes, &title)).map_err(|e| {
            Diagnostic::error(Code::Io, format!("cannot write {}: {e}", target.display()))
        })?;
    }
    let schemas = match starter {
        Starter::Blank => write_schemas(&dir.join("schemas"))?.len(),
        Starter::Example => 0,
    };
    Ok(files.len() + schemas)
}
