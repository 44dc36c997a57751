//! Write: files in memory -> the output folder, atomically.
//!
//! The site is written into a fresh folder beside the target and swapped in with renames,
//! so a failed build, or one interrupted half way, leaves the earlier site exactly as it was.
//!
//! Folders clapboard writes carry a marker file listing the files it wrote. It refuses to
//! write into any other non-empty folder unless forced, and even then it never deletes or
//! overwrites a file it did not write: such files are carried into the new site as they are.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::collections::HashSet;

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
    /// Shared, so that a page kept from an earlier build is not copied.
    Bytes(std::sync::Arc<Vec<u8>>),
    /// A file copied as it is from the project.
    Copy(PathBuf),
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            content: Content::Bytes(std::sync::Arc::new(bytes.into())),
        }
    }
}

/// Refuses a folder of sites (`--out`) that is the project, holds it, or is a file.
pub fn check_output_root(out: &Path, project: &Path) -> Result<PathBuf, Diagnostic> {
    let out = absolute(out);
    let project = project.canonicalize().unwrap_or_else(|_| absolute(project));
    let resolved = resolve_existing_prefix(&out);
    if resolved == project || project.starts_with(&resolved) {
        return Err(Diagnostic::error(format!(
            "the output folder {} is the production folder or holds it",
            out.display()
        ))
        .code("unsafe-output")
        .hint("choose an output folder inside or beside the project, such as dist/"));
    }
    if out.exists() && !out.is_dir() {
        return Err(
            Diagnostic::error(format!("{} is a file, not a folder", out.display()))
                .code("unsafe-output")
                .hint("choose another output folder"),
        );
    }
    Ok(out)
}

/// Refuses output folders that would overwrite the project or someone else's files; `force`
/// allows an existing folder clapboard did not create.
pub fn check_output_folder(out: &Path, project: &Path, force: bool) -> Result<PathBuf, Diagnostic> {
    let out = absolute(out);
    let project = project.canonicalize().unwrap_or_else(|_| absolute(project));
    let out_resolved = resolve_existing_prefix(&out);
    if out_resolved == project || project.starts_with(&out_resolved) {
        return Err(Diagnostic::error(format!(
            "the output folder {} is the production folder or holds it",
            out.display()
        ))
        .code("unsafe-output")
        .hint("choose an output folder inside or beside the project, such as dist/"));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(
                Diagnostic::error(format!("{} is a file, not a folder", out.display()))
                    .code("unsafe-output")
                    .hint("choose another output folder"),
            );
        }
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !force && !out.join(MARKER).is_file() {
            return Err(Diagnostic::error(format!(
                "{} already exists and was not written by clapboard",
                out.display()
            ))
            .code("unsafe-output")
            .hint("choose another output folder, or pass --force to add the site to it (clapboard keeps every file it did not write)"));
        }
    }
    Ok(out)
}

/// Writes `files` as the whole content of `out`, replacing what was there.
/// `salt` is a protected site's key salt, kept in the marker for the next build.
pub fn write_site(out: &Path, files: &[OutputFile], salt: Option<&str>) -> Result<(), Diagnostic> {
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

    let result = write_all(&staging, files, salt).and_then(|()| carry_over(out, &staging, files));
    if let Err(e) = result {
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

fn write_all(staging: &Path, files: &[OutputFile], salt: Option<&str>) -> Result<(), Diagnostic> {
    fs::create_dir_all(staging).map_err(|e| io_error(staging, e))?;
    files.par_iter().try_for_each(|file| {
        let target = staging.join(&file.path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        }
        match &file.content {
            Content::Bytes(bytes) => {
                fs::write(&target, bytes.as_slice()).map_err(|e| io_error(&target, e))
            }
            Content::Copy(source) => fs::copy(source, &target)
                .map(|_| ())
                .map_err(|e| io_error(source, e)),
        }
    })?;
    let marker = staging.join(MARKER);
    let mut manifest = String::from(MARKER_HEADER);
    if let Some(salt) = salt {
        manifest.push_str(&format!("{SALT_LINE}{salt}\n"));
    }
    for file in files {
        manifest.push_str(&file.path);
        manifest.push('\n');
    }
    fs::write(&marker, manifest).map_err(|e| io_error(&marker, e))
}

const MARKER_HEADER: &str = "# Written by clapboard, which replaces the files below at each build and\n# keeps every other file in this folder.\n";

const SALT_LINE: &str = "# salt: ";

/// The key salt of the protected site last written to `out`, if any.
pub fn previous_salt(out: &Path) -> Option<String> {
    let text = fs::read_to_string(out.join(MARKER)).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(SALT_LINE))
        .map(str::to_string)
}

/// The files the earlier build wrote, from its marker.
fn written_before(out: &Path) -> HashSet<String> {
    fs::read_to_string(out.join(MARKER))
        .map(|text| {
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Links every file of `out` that clapboard did not write into `staging`, so the swap keeps
/// it. A generated file in its place is an error: someone else's file is never overwritten.
fn carry_over(out: &Path, staging: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    if !out.is_dir() {
        return Ok(());
    }
    let ours = written_before(out);
    let generated: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for entry in walkdir::WalkDir::new(out).follow_links(false) {
        let entry = entry.map_err(|e| io_error(out, e.into()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(out)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if relative == MARKER || ours.contains(&relative) {
            continue;
        }
        if generated.contains(relative.as_str()) {
            return Err(Diagnostic::error(format!(
                "the site has a page at {relative}, but {} already holds a file there that clapboard did not write",
                out.display()
            ))
            .code("unsafe-output")
            .hint("move that file away, or choose another output folder; clapboard never overwrites files it did not write"));
        }
        let target = staging.join(&relative);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        }
        // A hard link keeps the very same file; a copy where links are not possible.
        if fs::hard_link(entry.path(), &target).is_err() {
            if entry.path_is_symlink() {
                let link = fs::read_link(entry.path()).map_err(|e| io_error(entry.path(), e))?;
                std::os::unix::fs::symlink(link, &target).map_err(|e| io_error(&target, e))?;
            } else {
                fs::copy(entry.path(), &target).map_err(|e| io_error(entry.path(), e))?;
            }
        }
    }
    Ok(())
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn io_error(path: &Path, error: io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {}: {error}", path.display()))
        .code("io")
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
        assert!(check_output_folder(&project, &project, true).is_err());
        assert!(check_output_folder(dir.path(), &project, true).is_err());
        let foreign = dir.path().join("foreign");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_output_folder(&foreign, &project, false).is_err());
        assert!(check_output_folder(&foreign, &project, true).is_ok());
        assert!(check_output_folder(&project.join("dist"), &project, false).is_ok());
    }

    #[test]
    fn never_deletes_or_overwrites_a_file_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir_all(out.join("keep")).unwrap();
        fs::write(out.join("keep/CNAME"), "video.example.com").unwrap();
        write_site(&out, &[OutputFile::bytes("index.html", "one")], None).unwrap();
        write_site(&out, &[OutputFile::bytes("other.html", "two")], None).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("keep/CNAME")).unwrap(),
            "video.example.com"
        );
        assert!(
            !out.join("index.html").exists(),
            "clapboard's own old files go"
        );
        fs::write(out.join("taken.html"), "mine").unwrap();
        assert!(write_site(&out, &[OutputFile::bytes("taken.html", "theirs")], None).is_err());
        assert_eq!(fs::read_to_string(out.join("taken.html")).unwrap(), "mine");
        assert_eq!(
            fs::read_to_string(out.join("other.html")).unwrap(),
            "two",
            "a refused build changes nothing"
        );
    }

    #[test]
    fn replaces_the_whole_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[OutputFile::bytes("a/index.html", "one")], None).unwrap();
        write_site(&out, &[OutputFile::bytes("b.html", "two")], None).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "two");
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
    }
}
