//! Problems found in a production folder, and the source files they point into.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of stopping at the first one, so a
//! single run shows everything that needs fixing.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::load::sheet::Grid;
use crate::model::{FileId, Pos};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Defines [`Code`] from one list of variants and their printed names.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// The kind of a problem: a stable name for editors and CI, printed as
        /// `error[unknown-field]` and as the `code` of the JSON output. The README's table lists
        /// every one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order of the README's table.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case name, as printed.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    /// The file is not valid YAML.
    YamlSyntax = "yaml-syntax",
    /// A field named twice in one item.
    DuplicateKey = "duplicate-key",
    /// A field that does not exist.
    UnknownField = "unknown-field",
    /// A required field that is missing.
    MissingField = "missing-field",
    /// A value of the wrong form: a time, a date, a number.
    InvalidValue = "invalid-value",
    /// A value not among the possible ones.
    UnknownValue = "unknown-value",
    /// Two items of a kind share an id.
    DuplicateId = "duplicate-id",
    /// A journal note or tag with no letters or digits, so no address.
    EmptySlug = "empty-slug",
    /// A journal note whose address is one of the journal's own pages.
    ReservedSlug = "reserved-slug",
    /// Two notes, tags or files of a site with one address.
    PathCollision = "path-collision",
    /// A reference to an item that does not exist.
    UnknownId = "unknown-id",
    /// A link in Markdown to an item that does not exist.
    BrokenReference = "broken-reference",
    /// A referenced file that does not exist.
    MissingFile = "missing-file",
    /// A referenced image outside `assets/`.
    NotInAssets = "not-in-assets",
    /// A referenced file outside the project.
    OutsideProject = "outside-project",
    /// A file or folder reached through a link.
    SymbolicLink = "symbolic-link",
    /// A file that does not hold what its name says.
    WrongFileKind = "wrong-file-kind",
    /// Calls, meals, wraps or beats out of order.
    TimeOrder = "time-order",
    /// Shoot days numbered out of date order.
    DayOrder = "day-order",
    /// A shoot day longer than any crew works: usually a wrap typed before the call.
    LongDay = "long-day",
    /// Runtimes far from the song's.
    RuntimeMismatch = "runtime-mismatch",
    /// A shot on no shoot day.
    UnscheduledShot = "unscheduled-shot",
    /// A shot on two shoot days.
    ScheduledTwice = "scheduled-twice",
    /// A shot scheduled on a day at another location.
    WrongLocation = "wrong-location",
    /// Cast called on a day with nothing of theirs to shoot.
    IdleCast = "idle-cast",
    /// Spend over the estimate.
    OverBudget = "over-budget",
    /// An amount with more decimals than its currency has.
    AmountDecimals = "amount-decimals",
    /// A budget currency that ISO 4217 does not have.
    UnknownCurrency = "unknown-currency",
    /// A public image without alt text or caption.
    MissingAlt = "missing-alt",
    /// An embargo that passed before the release.
    EmbargoPast = "embargo-past",
    /// An `ignore:` entry that is not a pattern.
    BadPattern = "bad-pattern",
    /// A press kit without the approved cut's runtime, or with another one.
    PressRuntime = "press-runtime",
    /// A `base_url` that is not an absolute address.
    RelativeBaseUrl = "relative-base-url",
    /// YAML refused for its size or depth: alias bombs, deep nesting.
    HostileYaml = "hostile-yaml",
    /// A CSV file or workbook that cannot be read as a list, or a cell holding an error.
    BadSheet = "bad-sheet",
    /// An EDL of timeline markers that cannot be read.
    BadEdl = "bad-edl",
    /// A binary file where a document was expected.
    BinaryFile = "binary-file",
    /// A text file that is not UTF-8.
    NotUtf8 = "not-utf8",
    /// An empty document.
    EmptyFile = "empty-file",
    /// A document over the size limit.
    FileTooLarge = "file-too-large",
    /// Broken front matter.
    FrontMatter = "front-matter",
    /// A file clapboard does not know.
    UnknownFile = "unknown-file",
    /// An `audience:` naming no audience.
    UnknownAudience = "unknown-audience",
    /// An audience name that cannot be a folder.
    BadAudience = "bad-audience",
    /// A password file inside the project.
    PasswordInProject = "password-in-project",
    /// A password that cannot be read.
    MissingPassword = "missing-password",
    /// A password that could be guessed.
    WeakPassword = "weak-password",
    /// An output folder that is refused.
    UnsafeOutput = "unsafe-output",
    /// No production found.
    NoProject = "no-project",
    /// A broken template.
    Template = "template",
    /// A file that cannot be written, or another failure of the system.
    Io = "io",
    /// `clapboard new` into a folder that already holds files.
    FolderNotEmpty = "folder-not-empty",
    /// `clapboard template` onto a file that exists.
    FileExists = "file-exists",
    /// An `--allow-host` the dev server cannot use.
    BadHost = "bad-host",
    /// A file or folder of the project that cannot be read.
    UnreadableFile = "unreadable-file",
    /// A cache entry that failed its checksum and was made again.
    BadCache = "bad-cache",
    /// An image whose EXIF says to turn it, but whose pixels could not be read to do so.
    UnturnedImage = "unturned-image",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The kind of problem (`unknown-field`, `broken-reference` ...), for editors and CI.
    pub code: Code,
    /// The file, relative to the project folder; `None` for problems with no file.
    pub file: Option<PathBuf>,
    pub at: Pos,
    /// The path of the field inside the document, such as `shots[3].location`.
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line of the file, when known; in a spreadsheet, the cell's text.
    pub source_line: Option<String>,
    /// In a spreadsheet, the cell: `Shots!F12` in a workbook, `F12` in a CSV file.
    pub cell: Option<String>,
    /// How many characters the offending text spans, when known exactly.
    pub length: Option<u32>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            at: Pos::default(),
            field: None,
            message: message.into(),
            hint: None,
            source_line: None,
            cell: None,
            length: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, at: Pos) -> Diagnostic {
        self.at = at;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Diagnostic {
        let field = field.into();
        self.field = (!field.is_empty() && field != ".").then_some(field);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The same problem, as a warning.
    pub fn severity_warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// rustc-like text: the message and its code, where it is, the offending line with the
    /// span marked, the field path and a hint. Colours when `styled`.
    pub fn render(&self, styled: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self
            .file
            .as_ref()
            .map(|f| f.display().to_string().replace('\\', "/"));
        let mut group = Group::with_title(
            level
                .primary_title(self.message.as_str())
                .id(self.code.as_str()),
        );
        match (&path, &self.source_line) {
            (Some(path), text) if self.cell.is_some() => {
                let cell = self.cell.as_deref().unwrap_or_default();
                group = group.element(Origin::path(format!("{path}: {cell}")));
                if let Some(text) = text {
                    group = group.element(
                        Level::NOTE.message(format!("the cell holds `{}`", cell_excerpt(text))),
                    );
                }
            }
            (Some(path), Some(line)) if self.at.line > 0 => {
                let span = self.span_in(line);
                group = group.element(
                    Snippet::source(line.as_str())
                        .line_start(self.at.line as usize)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                );
            }
            (Some(path), _) => {
                let mut origin = Origin::path(path.as_str());
                if self.at.line > 0 {
                    origin = origin
                        .line(self.at.line as usize)
                        .char_column(self.at.column as usize);
                }
                group = group.element(origin);
            }
            _ => {}
        }
        if let Some(field) = &self.field {
            group = group.element(Level::NOTE.message(format!("field: {field}")));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }

    /// The byte range of the offending text in its line: the key for field problems, the
    /// value otherwise, up to a comment.
    fn span_in(&self, line: &str) -> std::ops::Range<usize> {
        let start = line
            .char_indices()
            .nth(self.at.column.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i);
        let rest = &line[start..];
        let rest = rest.split(" #").next().unwrap_or(rest).trim_end();
        let key_only = matches!(
            self.code,
            Code::UnknownField | Code::MissingField | Code::DuplicateKey
        );
        let length = match (self.length, rest.find(':')) {
            (Some(chars), _) => rest
                .char_indices()
                .nth(chars as usize)
                .map_or(rest.len(), |(i, _)| i),
            (None, Some(colon)) if key_only => colon,
            // An item of a flow list (`[1A, 1B]`) ends at the next separator.
            _ if line[..start].trim_end().ends_with(['[', ',', '{']) => rest
                .find([',', ']', '}'])
                .map_or(rest.len(), |end| rest[..end].trim_end().len()),
            _ => rest.len(),
        };
        start..start + length.max(1).min(line.len() - start)
    }
}

/// A cell's text on one line, shortened to what a message can show.
fn cell_excerpt(text: &str) -> String {
    const MOST: usize = 60;
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MOST) {
        Some((end, _)) => format!("{}…", &one_line[..end]),
        None => one_line,
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl Diagnostic {
    /// The diagnostic as JSON for editors and CI: file, line, column, severity, code, message,
    /// hint and field. Unknown positions are `null`.
    pub fn to_json(&self) -> serde_json::Value {
        let known = |n: u32| (n > 0).then_some(n);
        serde_json::json!({
            "file": self.file.as_ref().map(|f| f.display().to_string().replace('\\', "/")),
            "line": known(self.at.line),
            "column": known(self.at.column),
            "severity": self.severity.name(),
            "code": self.code.as_str(),
            "message": self.message,
            "hint": self.hint,
            "field": self.field,
            "cell": self.cell,
        })
    }
}

/// The text of every file read, so that diagnostics can quote the offending line.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative to the project folder; shared, like the text.
    pub path: std::sync::Arc<Path>,
    /// Shared: the dev server's next rebuild takes an unchanged file's text without copying it.
    pub text: std::sync::Arc<str>,
    /// The cells of a spreadsheet, whose positions are rows and columns rather than lines.
    pub grid: Option<Grid>,
}

impl Sources {
    /// The files read, by their path in the project.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| &*f.path)
    }

    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.add_file(SourceFile {
            path: path.into(),
            text: text.into(),
            grid: None,
        })
    }

    /// Makes room for `more` files, so that adding them moves none of those already in.
    pub fn reserve(&mut self, more: usize) {
        self.files.reserve(more);
    }

    pub fn add_file(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).expect("fewer than 4 billion files"))
    }

    /// Gives file `id` the cells it was read as: its positions are then rows and columns.
    pub fn set_grid(&mut self, id: FileId, grid: Grid) {
        self.files[id.0 as usize].grid = Some(grid);
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// The files, in order, to add to other sources.
    pub fn into_files(self) -> Vec<SourceFile> {
        self.files
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }

    /// A diagnostic in file `id` at `at`, quoting the line.
    pub fn diagnostic(&self, mut diagnostic: Diagnostic, id: FileId, at: Pos) -> Diagnostic {
        let file = self.get(id);
        diagnostic.file = Some(file.path.to_path_buf());
        diagnostic.at = at;
        match &file.grid {
            Some(grid) if at.line > 0 => {
                if grid.is_header(at)
                    && let Some(field) = &diagnostic.field
                {
                    // A header names the field of every row: `shots.lense`, not `shots[0].lense`.
                    diagnostic.field = Some(without_index(field));
                }
                diagnostic.cell = Some(grid.address(at));
                diagnostic.source_line = grid
                    .text_at(at)
                    .filter(|text| !text.trim().is_empty())
                    .map(str::to_string);
            }
            Some(_) => {}
            None => diagnostic.source_line = line_of(&file.text, at.line),
        }
        diagnostic
    }
}

/// A field path without its first item's index: `shots[0].lense` -> `shots.lense`.
fn without_index(field: &str) -> String {
    match (field.find('['), field.find(']')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &field[..open], &field[close + 1..])
        }
        _ => field.to_string(),
    }
}

/// Line `line` (1-based) of `text`, without its ending.
pub fn line_of(text: &str, line: u32) -> Option<String> {
    if line == 0 {
        return None;
    }
    text.lines()
        .nth(line as usize - 1)
        .map(|l| l.trim_end_matches('\r').to_string())
}

/// Sorted by file and position, errors before warnings at the same place, without repeats:
/// one problem at one place is told once, even when several items share it (a spreadsheet's
/// unknown header, a YAML alias used twice).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.at, a.severity, &a.message).cmp(&(&b.file, b.at, b.severity, &b.message))
    });
    diagnostics.dedup_by(|later, earlier| {
        later == earlier
            || (later.at.line > 0
                && (
                    &later.file,
                    later.at,
                    later.severity,
                    later.code,
                    &later.message,
                ) == (
                    &earlier.file,
                    earlier.at,
                    earlier.severity,
                    earlier.code,
                    &earlier.message,
                ))
    });
}

/// "2 errors, 1 warning".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::Code;

    /// The codes in the README's table, in backticks in its first column.
    fn readme_codes() -> BTreeSet<String> {
        let readme = include_str!("../README.md");
        let (_, table) = readme
            .split_once("Each problem has a stable code")
            .expect("the README lists the codes");
        table
            .lines()
            .skip_while(|line| !line.starts_with('|'))
            .take_while(|line| line.starts_with('|'))
            .skip(2)
            .flat_map(|row| {
                let first = row.split('|').nth(1).unwrap_or_default();
                first
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn readme_lists_every_code_and_only_those() {
        let readme = readme_codes();
        let codes: BTreeSet<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
        let unlisted: Vec<_> = codes.difference(&readme).collect();
        let unknown: Vec<_> = readme.difference(&codes).collect();
        assert!(
            unlisted.is_empty(),
            "codes missing from the README's table: {unlisted:?}"
        );
        assert!(
            unknown.is_empty(),
            "codes in the README's table but not in `Code`: {unknown:?}"
        );
        assert_eq!(codes.len(), Code::ALL.len(), "two codes share a name");
    }
}
