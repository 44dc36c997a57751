//! Check: the loaded production against itself, and against the folder it came from.
//!
//! - ids: no two items of a kind share one;
//! - addresses: no two pages share one, and no journal note or tag takes the journal's own;
//! - references: between documents and from Markdown, every id names an item;
//! - files: every file a document names exists inside the project, in `assets/`, and is an
//!   image;
//! - times: valid and in order on every shoot day;
//! - consistency (warnings): runtimes against the song, shots scheduled once at their own
//!   location, cast called only when they are in shot, spend within estimate, alt text on
//!   public images, an embargo that has passed before the release.

mod addresses;
mod audiences;
mod consistency;
mod files;
mod ids;
mod references;
mod times;

use std::path::Path;

use chrono::NaiveDateTime;

use crate::diagnostics::{Code, Diagnostic, Severity, Sources};
use crate::folder::ProjectFolder;
use crate::index::{Index, RefKind};
use crate::model::{FileId, Pos, Production};

/// Every problem found in `production` at the moment `now` (for embargoes); the folder itself
/// is only looked at to see whether referenced files exist.
pub fn check(
    production: &Production,
    index: &Index,
    sources: &Sources,
    folder: &ProjectFolder,
    now: NaiveDateTime,
) -> Vec<Diagnostic> {
    let scans = references::scans(production);
    let mut checker = Checker {
        production,
        index,
        sources,
        root: folder.root(),
        folder,
        now,
        scans,
        out: Vec::new(),
    };
    audiences::check(&mut checker);
    ids::check(&mut checker);
    addresses::check(&mut checker);
    references::check(&mut checker);
    files::check(&mut checker);
    times::check(&mut checker);
    consistency::check(&mut checker);
    checker.out
}

struct Checker<'a> {
    production: &'a Production,
    index: &'a Index,
    sources: &'a Sources,
    root: &'a Path,
    /// Where referenced files are read, once, without following links.
    folder: &'a ProjectFolder,
    now: NaiveDateTime,
    /// Every Markdown body, read once for its links and images.
    scans: Vec<references::BodyScan<'a>>,
    out: Vec<Diagnostic>,
}

/// What one problem says, before it is placed in its file.
struct Problem {
    code: Code,
    field: String,
    message: String,
    hint: Option<String>,
    /// Characters of the offending text, where the line holds more than it.
    length: Option<u32>,
}

impl Problem {
    fn new(code: Code, field: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            code,
            field: field.into(),
            message: message.into(),
            hint: None,
            length: None,
        }
    }

    fn length(mut self, chars: usize) -> Problem {
        self.length = u32::try_from(chars).ok();
        self
    }

    fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl Checker<'_> {
    fn report(&mut self, severity: Severity, file: FileId, at: Pos, problem: Problem) {
        let diagnostic = match severity {
            Severity::Error => Diagnostic::error(problem.code, problem.message),
            Severity::Warning => Diagnostic::warning(problem.code, problem.message),
        };
        let mut diagnostic = diagnostic.field(problem.field);
        diagnostic.hint = problem.hint;
        diagnostic.length = problem.length;
        self.out.push(self.sources.diagnostic(diagnostic, file, at));
    }

    fn error(&mut self, file: FileId, at: Pos, problem: Problem) {
        self.report(Severity::Error, file, at, problem);
    }

    fn warning(&mut self, file: FileId, at: Pos, problem: Problem) {
        self.report(Severity::Warning, file, at, problem);
    }

    /// Where this production keeps its documents of `kind`, for hints: the one file that holds
    /// them (`shots.yaml`, `shots/day-1.yaml`), their folder (`shots/`), or where they would go.
    fn home_of(&self, kind: crate::load::Kind) -> String {
        let place = kind.document().place;
        let files: Vec<String> = self
            .sources
            .paths()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .filter(|p| crate::load::classify(p) == Some(kind))
            .collect();
        match (&files[..], place) {
            ([], _) => place.home(),
            ([one], _) => one.clone(),
            // `shots/`, `shots.yaml and shots/`, `shots.yaml and shots.csv`.
            (_, crate::load::Place::List(name)) => {
                let folder = format!("{name}/");
                let mut parts: Vec<String> = files
                    .iter()
                    .filter(|f| !f.starts_with(&folder))
                    .cloned()
                    .collect();
                parts.sort();
                parts.dedup();
                if files.iter().any(|f| f.starts_with(&folder)) {
                    parts.push(folder);
                }
                match parts.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                    None => place.home(),
                }
            }
            _ => place.home(),
        }
    }

    /// Whether items of `kind` may be missing because their file failed to load; references
    /// into such a document are not reported, since the real problem already is.
    fn incomplete(&self, kind: RefKind) -> bool {
        self.production.incomplete.has(kind.item().document)
    }
}

/// The ids a reference could have named, when they are few enough to list.
fn known_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_unstable();
    (!ids.is_empty() && ids.len() <= 12).then(|| ids.join(", "))
}
