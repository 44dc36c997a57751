//! Write: files in memory -> the output folder, atomically.
//!
//! The site is written into a fresh folder beside the target and swapped in with renames,
//! so a failed build, or one interrupted half way, leaves the earlier site exactly as it was.
//! Folders clapboard writes carry a marker file; it refuses to replace any other folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// The marker in every output folder clapboard writes.
pub const MARKER: &str = ".clapboard-site";

/// One file of a site.
#[derive(Clone, Debug)]
pub struct OutputFile {
    /// Relative to the site's root, with `/` separators: `shots/index.html`.
    pub path: String,
    pub content: Content,
}

#[derive(Clone, Debug)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A file copied as it is from the project.
    Copy(PathBuf),
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            content: Content::Bytes(bytes.into()),
        }
    }
}

/// Refuses output folders that would overwrite the project or someone else's files.
pub fn check_output_folder(out: &Path, project: &Path) -> Result<PathBuf, Diagnostic> {
    let out = absolute(out);
    let project = project.canonicalize().unwrap_or_else(|_| absolute(project));
    let out_resolved = resolve_existing_prefix(&out);
    if out_resolved == project || project.starts_with(&out_resolved) {
        return Err(Diagnostic::error(format!(
            "the output folder {} would contain the production folder",
            out.display()
        ))
        .hint("choose an output folder inside or beside the project, such as dist/"));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(
                Diagnostic::error(format!("{} is a file, not a folder", out.display()))
                    .hint("choose another output folder"),
            );
        }
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).is_file() {
            return Err(Diagnostic::error(format!(
                "{} already exists and was not written by clapboard",
                out.display()
            ))
            .hint("choose another output folder, or empty this one yourself; clapboard never replaces folders it did not create"));
        }
    }
    Ok(out)
}

/// Writes `files` as the whole content of `out`, replacing what was there.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let parent = out.parent().unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string());
    fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    let staging = parent.join(format!(".{name}.clapboard-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.clapboard-old-{}", std::process::id()));
    remove_if_exists(&staging).map_err(|e| io_error(&staging, e))?;
    remove_if_exists(&retired).map_err(|e| io_error(&retired, e))?;

    if let Err(e) = write_all(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_earlier = out.exists();
    if had_earlier {
        fs::rename(out, &retired).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            io_error(out, e)
        })?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        if had_earlier {
            let _ = fs::rename(&retired, out);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(io_error(out, e));
    }
    if had_earlier {
        let _ = fs::remove_dir_all(&retired);
    }
    Ok(())
}

fn write_all(staging: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    fs::create_dir_all(staging).map_err(|e| io_error(staging, e))?;
    files.par_iter().try_for_each(|file| {
        let target = staging.join(&file.path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        }
        match &file.content {
            Content::Bytes(bytes) => fs::write(&target, bytes).map_err(|e| io_error(&target, e)),
            Content::Copy(source) => fs::copy(source, &target)
                .map(|_| ())
                .map_err(|e| io_error(source, e)),
        }
    })?;
    let marker = staging.join(MARKER);
    fs::write(
        &marker,
        "This folder was written by clapboard and is replaced by each build.\n",
    )
    .map_err(|e| io_error(&marker, e))
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn io_error(path: &Path, error: io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {}: {error}", path.display()))
        .hint("check that the folder is writable and the disk is not full")
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// `path` with its longest existing prefix resolved through symbolic links.
fn resolve_existing_prefix(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for part in rest.iter().rev() {
        resolved.push(part);
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_project_and_its_parents_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p");
        fs::create_dir_all(&project).unwrap();
        assert!(check_output_folder(&project, &project).is_err());
        assert!(check_output_folder(dir.path(), &project).is_err());
        let foreign = dir.path().join("foreign");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_output_folder(&foreign, &project).is_err());
        assert!(check_output_folder(&project.join("dist"), &project).is_ok());
    }

    #[test]
    fn replaces_the_whole_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[OutputFile::bytes("a/index.html", "one")]).unwrap();
        write_site(&out, &[OutputFile::bytes("b.html", "two")]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "two");
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
    }
}
