//! Problems found in a production folder, and the source files they point into.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of stopping at the first one, so a
//! single run shows everything that needs fixing.

use std::fmt;
use std::path::{Path, PathBuf};

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the kind of problem (`unknown-field`, `broken-reference` ...), for
    /// editors and CI.
    pub code: &'static str,
    /// The file, relative to the project folder; `None` for problems with no file.
    pub file: Option<PathBuf>,
    pub at: Pos,
    /// The path of the field inside the document, such as `shots[3].location`.
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line of the file, when known.
    pub source_line: Option<String>,
    /// How many characters the offending text spans, when known exactly.
    pub length: Option<u32>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: "error",
            file: None,
            at: Pos::default(),
            field: None,
            message: message.into(),
            hint: None,
            source_line: None,
            length: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn code(mut self, code: &'static str) -> Diagnostic {
        self.code = code;
        self
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
        let mut group = Group::with_title(level.primary_title(self.message.as_str()).id(self.code));
        match (&path, &self.source_line) {
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
            "unknown-field" | "missing-field" | "duplicate-key"
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
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "field": self.field,
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
    /// Relative to the project folder.
    pub path: PathBuf,
    pub text: String,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile { path, text });
        FileId(u32::try_from(self.files.len() - 1).expect("fewer than 4 billion files"))
    }

    pub fn len(&self) -> usize {
        self.files.len()
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
        diagnostic.file = Some(file.path.clone());
        diagnostic.at = at;
        diagnostic.source_line = line_of(&file.text, at.line);
        diagnostic
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

/// Sorted by file and position, errors before warnings at the same place, without repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.at, a.severity, &a.message).cmp(&(&b.file, b.at, b.severity, &b.message))
    });
    diagnostics.dedup();
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
