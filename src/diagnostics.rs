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

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-like: the message, where it is, the offending line with a marker, and a hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.severity.name(), self.message)?;
        if let Some(file) = &self.file {
            write!(f, "  --> {}", file.display())?;
            if self.at.line > 0 {
                write!(f, ":{}:{}", self.at.line, self.at.column)?;
            }
            writeln!(f)?;
        }
        if let Some(field) = &self.field {
            writeln!(f, "   = field: {field}")?;
        }
        if let Some(line) = &self.source_line {
            let number = self.at.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {line}")?;
            let column = self.at.column.max(1) as usize;
            let indent: String = line
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {indent}^")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "   = hint: {hint}")?;
        }
        Ok(())
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
