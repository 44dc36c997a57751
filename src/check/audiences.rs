//! The audiences of `clapboard.yaml`: names that can be folder names, each once, and
//! passwords read from the environment or from a file outside the project.

use std::collections::HashSet;

use super::{Checker, Problem};
use crate::diagnostics::Code;

pub(super) fn check(c: &mut Checker) {
    let config = &c.production.config;
    let mut seen = HashSet::new();
    for (i, audience) in config.audiences.iter().enumerate() {
        let name = &audience.name;
        let valid = !name.value.is_empty()
            && name.value.len() <= 40
            && name
                .value
                .starts_with(|ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit())
            && name
                .value
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
        if !valid {
            c.error(
                config.file,
                name.at,
                Problem::new(Code::BadAudience, format!("audiences[{i}].name"), format!("`{}` cannot be an audience's name", name.value))
                    .hint("use lower-case letters, digits and hyphens, such as `crew` or `label-team`: it is also the site's folder name"),
            );
        }
        if !seen.insert(name.value.as_str()) {
            c.error(
                config.file,
                name.at,
                Problem::new(
                    Code::DuplicateId,
                    format!("audiences[{i}].name"),
                    format!("there are two audiences named `{}`", name.value),
                )
                .hint("give each audience its own name"),
            );
        }
        if audience.password_env.is_some() && audience.password_file.is_some() {
            c.error(
                config.file,
                name.at,
                Problem::new(
                    Code::BadAudience,
                    format!("audiences[{i}]"),
                    format!(
                        "the `{}` audience has both a password variable and a password file",
                        name.value
                    ),
                )
                .hint("keep one of `password_env` and `password_file`"),
            );
        }
        if let Some(file) = &audience.password_file {
            let path = std::path::Path::new(&file.value);
            let full = if path.is_absolute() {
                path.to_path_buf()
            } else {
                c.root.join(path)
            };
            let inside = full
                .parent()
                .and_then(|p| p.canonicalize().ok())
                .zip(c.root.canonicalize().ok())
                .is_some_and(|(p, root)| p.starts_with(root));
            if inside {
                c.error(
                    config.file,
                    file.at,
                    Problem::new(Code::PasswordInProject, format!("audiences[{i}].password_file"), format!("the `{}` site's password file is inside the project", name.value))
                        .hint("keep it outside the project folder (for example ~/.config/clapboard/crew-password), so it is never committed or published"),
                );
            }
        }
    }
}
