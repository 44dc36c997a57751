//! `ignore:` in `clapboard.yaml`: files of the production folder that clapboard leaves alone,
//! such as a helper script or a folder of old drafts. Each entry is a line of a `.gitignore`
//! (`*.sh`, `scripts/`, `/drafts/*.md`, `!keep.md`), matched by the `ignore` crate that
//! ripgrep uses, from the production folder: an ignored file is neither read as a document nor
//! warned about, and nothing ignored in `static/` is published.

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::node::{Node, Value};
use crate::diagnostics::{Code, Diagnostic, Sources};
use crate::model::{FileId, Located};

/// The patterns of `ignore:`, ready to match paths from the production folder.
#[derive(Clone, Debug)]
pub struct Ignored {
    matcher: Gitignore,
}

impl Default for Ignored {
    fn default() -> Ignored {
        Ignored {
            matcher: Gitignore::empty(),
        }
    }
}

impl Ignored {
    /// The patterns `patterns`, from the production folder `root`; each that is not a pattern
    /// is `problem`'d and left out.
    pub fn new(
        root: &Path,
        patterns: &[Located<String>],
        mut problem: impl FnMut(usize, &Located<String>, String),
    ) -> Ignored {
        let mut builder = GitignoreBuilder::new(root);
        for (i, pattern) in patterns.iter().enumerate() {
            if let Err(e) = builder.add_line(None, &pattern.value) {
                problem(i, pattern, e.to_string());
            }
        }
        match builder.build() {
            Ok(matcher) => Ignored { matcher },
            Err(e) => {
                if let Some(first) = patterns.first() {
                    problem(0, first, e.to_string());
                }
                Ignored::default()
            }
        }
    }

    /// The patterns of a checked configuration, whose problems were already reported.
    pub fn of(root: &Path, config: &crate::model::Config) -> Ignored {
        Ignored::new(root, &config.ignore, |_, _, _| {})
    }

    /// The patterns of the raw `clapboard.yaml` (file `file`, with its tree `config`), read
    /// before any other document so that they can keep files from being read. Entries that are
    /// not text are left to the check of the configuration's types.
    pub fn of_config(
        root: &Path,
        config: Option<&Node>,
        file: FileId,
        sources: &Sources,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Ignored {
        let Some(Value::Map(fields)) = config.map(|n| &n.value) else {
            return Ignored::default();
        };
        let Some((
            _,
            Node {
                value: Value::Seq(items),
                ..
            },
        )) = fields
            .iter()
            .find(|(key, _)| key.value == Value::String("ignore".into()))
        else {
            return Ignored::default();
        };
        let (places, patterns): (Vec<usize>, Vec<Located<String>>) = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match &item.value {
                Value::String(text) => Some((
                    i,
                    Located {
                        value: text.clone(),
                        at: item.at,
                    },
                )),
                _ => None,
            })
            .unzip();
        Ignored::new(root, &patterns, |i, pattern, error| {
            diagnostics.push(
                sources.diagnostic(
                    Diagnostic::error(
                        Code::BadPattern,
                        format!("`{}` is not a pattern: {error}", pattern.value),
                    )
                    .field(format!("ignore[{}]", places[i]))
                    .hint(
                        "write each entry as a line of a .gitignore, such as `*.sh` or `scripts/`",
                    ),
                    file,
                    pattern.at,
                ),
            );
        })
    }

    /// Whether the file or folder at `relative` (from the production folder), or a folder
    /// holding it, is ignored.
    pub fn matches(&self, relative: &Path, is_dir: bool) -> bool {
        !relative.has_root()
            && self
                .matcher
                .matched_path_or_any_parents(relative, is_dir)
                .is_ignore()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignored(patterns: &[&str]) -> Ignored {
        let patterns: Vec<Located<String>> = patterns
            .iter()
            .map(|p| Located::new(p.to_string()))
            .collect();
        Ignored::new(Path::new("/p"), &patterns, |_, p, e| {
            panic!("{}: {e}", p.value)
        })
    }

    #[test]
    fn patterns_match_as_in_a_gitignore() {
        let i = ignored(&["*.sh", "scripts/", "/drafts/*.md", "!keep.sh"]);
        assert!(i.matches(Path::new("tools.sh"), false));
        assert!(i.matches(Path::new("journal/tools.sh"), false));
        assert!(!i.matches(Path::new("keep.sh"), false));
        assert!(i.matches(Path::new("scripts/a/b.py"), false));
        assert!(i.matches(Path::new("scripts"), true));
        assert!(i.matches(Path::new("drafts/old.md"), false));
        assert!(!i.matches(Path::new("journal/drafts/old.md"), false));
        assert!(!i.matches(Path::new("journal/note.md"), false));
        assert!(!Ignored::default().matches(Path::new("tools.sh"), false));
    }

    #[test]
    fn a_broken_pattern_is_reported() {
        let mut found = Vec::new();
        let patterns = vec![Located::new("[z-a".to_string())];
        Ignored::new(Path::new("/p"), &patterns, |i, p, e| {
            found.push((i, p.value.clone(), e))
        });
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
