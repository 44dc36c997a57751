//! Write: files in memory -> the output folder, atomically.
//!
//! The site is written into a fresh folder beside the target and swapped in with renames,
//! so a failed build, or one interrupted half way, leaves the earlier site exactly as it was.
//!
//! Each site's record (the files clapboard wrote, and a locked site's salt) is kept outside
//! every site, in `<out>/.clapboard/<audience>.site`, so a site folder holds only what a
//! visitor may fetch and can be published with any tool. clapboard refuses to write into a
//! non-empty folder it has no record of unless forced, and even then it never deletes or
//! overwrites a file it did not write: such files are carried into the new site as they are.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::collections::HashSet;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// The folder, beside the sites, that holds the build's records.
pub const RECORDS: &str = ".clapboard";

/// The marker earlier versions kept inside each site; read once, then removed.
pub const MARKER: &str = ".clapboard-site";

/// Where the record of the site at `out` (`dist/crew`) is kept: `dist/.clapboard/crew.site`,
/// and for its spare, `crew.spare`.
fn record_path(out: &Path, kind: &str) -> PathBuf {
    let parent = out.parent().unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string());
    parent.join(RECORDS).join(format!("{name}.{kind}"))
}

/// Whether clapboard wrote the site at `out`, by its record (or an earlier version's marker).
pub fn is_site(out: &Path) -> bool {
    record_path(out, "site").is_file() || out.join(MARKER).is_file()
}

/// Whether `dir` holds sites clapboard wrote (its records), or is one (an earlier version's).
pub fn holds_sites(dir: &Path) -> bool {
    dir.join(RECORDS).is_dir() || dir.join(MARKER).is_file()
}

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
        if !empty && !force && !is_site(&out) {
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
/// `salt` is a protected site's key salt, kept in the site's record for the next build.
///
/// The site replaced by a build is kept beside the output as a spare
/// (`.<name>.clapboard-spare`). The next build brings the spare up to date, writing only the
/// files that differ from it and removing those it no longer has, and swaps it in: a rebuild
/// touches the disk for what changed, not for every page. Each file is checked against the
/// length and modification time the record kept, so a file changed by hand is written again.
pub fn write_site(out: &Path, files: &[OutputFile], salt: Option<&str>) -> Result<(), Diagnostic> {
    let parent = out.parent().unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string());
    let records = parent.join(RECORDS);
    fs::create_dir_all(&records).map_err(|e| io_error(&records, e))?;
    let staging = parent.join(format!(".{name}.clapboard-new-{}", std::process::id()));
    let spare = parent.join(format!(".{name}.clapboard-spare"));
    let (live_record, spare_record) = (record_path(out, "site"), record_path(out, "spare"));
    let staging_record = record_path(out, &format!("new-{}", std::process::id()));
    remove_if_exists(&staging).map_err(|e| io_error(&staging, e))?;

    // Taking the spare is one rename, so two builds can never both update it; its record goes
    // at once, so an update cut short leaves a spare that the next build does not trust.
    let previous = match fs::rename(&spare, &staging) {
        Ok(()) => take_manifest(&spare_record, &staging),
        Err(_) => None,
    };
    let previous = match previous {
        Some(manifest) => manifest,
        None => {
            remove_if_exists(&staging).map_err(|e| io_error(&staging, e))?;
            fs::create_dir_all(&staging).map_err(|e| io_error(&staging, e))?;
            Manifest::default()
        }
    };
    let result = update(&staging, files, &previous).and_then(|written| {
        carry_over(out, &staging, files)?;
        write_record(&staging_record, salt, &written)
    });
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        let _ = fs::remove_file(&staging_record);
        return Err(e);
    }
    let had_earlier = out.exists();
    if had_earlier {
        // An earlier version's marker inside the site becomes the spare's record.
        let legacy = out.join(MARKER);
        if legacy.is_file() && !live_record.is_file() {
            let _ = fs::rename(&legacy, &live_record);
        }
        let _ = fs::remove_file(&legacy);
        fs::rename(out, &spare).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            let _ = fs::remove_file(&staging_record);
            io_error(out, e)
        })?;
        let _ = fs::rename(&live_record, &spare_record);
    }
    if let Err(e) = fs::rename(&staging, out) {
        if had_earlier {
            let _ = fs::rename(&spare, out);
            let _ = fs::rename(&spare_record, &live_record);
        }
        let _ = fs::remove_dir_all(&staging);
        let _ = fs::remove_file(&staging_record);
        return Err(io_error(out, e));
    }
    fs::rename(&staging_record, &live_record).map_err(|e| io_error(&live_record, e))
}

/// What the marker of a site says of one file clapboard wrote: a hash of its content, and its
/// length and modification time once written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Written {
    hash: u64,
    len: u64,
    modified: u128,
}

/// A site's marker, read: the files clapboard wrote.
#[derive(Default)]
struct Manifest {
    written: std::collections::HashMap<String, Option<Written>>,
}

fn read_manifest(record: &Path) -> Option<Manifest> {
    let text = fs::read_to_string(record).ok()?;
    let mut manifest = Manifest::default();
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut parts = line.split('\t');
        let path = parts.next().unwrap_or_default().to_string();
        let numbers: Vec<&str> = parts.collect();
        let written = match numbers[..] {
            [hash, len, modified] => Some(Written {
                hash: u64::from_str_radix(hash, 16).ok()?,
                len: len.parse().ok()?,
                modified: modified.parse().ok()?,
            }),
            _ => None,
        };
        manifest.written.insert(path, written);
    }
    Some(manifest)
}

/// The manifest of a spare about to be updated, which loses its record first: an update cut
/// short leaves a spare without one, which the next build does not trust. A spare written by
/// an earlier version keeps its marker inside.
fn take_manifest(record: &Path, staging: &Path) -> Option<Manifest> {
    let legacy = staging.join(MARKER);
    let record = if record.is_file() {
        record
    } else {
        legacy.as_path()
    };
    let manifest = read_manifest(record)?;
    fs::remove_file(record).ok()?;
    let _ = fs::remove_file(&legacy);
    Some(manifest)
}

fn content_hash(file: &OutputFile) -> u64 {
    match &file.content {
        Content::Bytes(bytes) => crate::cache::hash_of(bytes.as_slice()),
        // A project file is known by where it is, its length and when it changed.
        Content::Copy(source) => {
            let stamp = fs::metadata(source)
                .ok()
                .map(|m| (m.len(), modified_nanos(&m)));
            crate::cache::hash_of((source, stamp))
        }
    }
}

fn modified_nanos(metadata: &fs::Metadata) -> u128 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Brings `staging`, holding the site `previous` describes, to `files`: removes every file
/// that is not one of clapboard's pages still in the site (files carried over from the live
/// site are linked again afterwards, as they are now), then writes what differs.
fn update(
    staging: &Path,
    files: &[OutputFile],
    previous: &Manifest,
) -> Result<Vec<(String, Written)>, Diagnostic> {
    let wanted: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut emptied = std::collections::BTreeSet::new();
    let mut stale = Vec::new();
    if !previous.written.is_empty() {
        for entry in walkdir::WalkDir::new(staging)
            .follow_links(false)
            .min_depth(1)
        {
            let entry = entry.map_err(|e| io_error(staging, e.into()))?;
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = relative_to(staging, entry.path());
            let keep =
                previous.written.contains_key(&relative) && wanted.contains(relative.as_str());
            if !keep {
                stale.push(relative);
            }
        }
    }
    for path in &stale {
        let target = staging.join(path);
        match fs::remove_file(&target) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_error(&target, e)),
            _ => {}
        }
        let mut dir = Path::new(path.as_str()).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            emptied.insert(d.to_path_buf());
            dir = d.parent();
        }
    }
    // Deepest first; a folder that still holds something stays.
    for dir in emptied.iter().rev() {
        let _ = fs::remove_dir(staging.join(dir));
    }
    files
        .par_iter()
        .map(|file| {
            let hash = content_hash(file);
            let target = staging.join(&file.path);
            let before = previous.written.get(&file.path).copied().flatten();
            if let Some(before) = before.filter(|b| b.hash == hash) {
                let unchanged = fs::symlink_metadata(&target).is_ok_and(|m| {
                    m.is_file() && m.len() == before.len && modified_nanos(&m) == before.modified
                });
                if unchanged {
                    return Ok((file.path.clone(), before));
                }
            }
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
            }
            // A file already there is replaced by a rename, never written into: the old one
            // may be a link to a file elsewhere.
            let exists = fs::symlink_metadata(&target).is_ok();
            let destination = if exists {
                let name = target
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                target.with_file_name(format!(".{name}.clapboard-tmp"))
            } else {
                target.clone()
            };
            match &file.content {
                Content::Bytes(bytes) => fs::write(&destination, bytes.as_slice())
                    .map_err(|e| io_error(&destination, e))?,
                Content::Copy(source) => {
                    fs::copy(source, &destination).map_err(|e| io_error(source, e))?;
                }
            }
            if exists {
                fs::rename(&destination, &target).map_err(|e| io_error(&target, e))?;
            }
            let metadata = fs::metadata(&target).map_err(|e| io_error(&target, e))?;
            Ok((
                file.path.clone(),
                Written {
                    hash,
                    len: metadata.len(),
                    modified: modified_nanos(&metadata),
                },
            ))
        })
        .collect()
}

fn write_record(
    record: &Path,
    salt: Option<&str>,
    written: &[(String, Written)],
) -> Result<(), Diagnostic> {
    let mut manifest = String::from(RECORD_HEADER);
    if let Some(salt) = salt {
        manifest.push_str(&format!("{SALT_LINE}{salt}\n"));
    }
    for (path, w) in written {
        manifest.push_str(&format!(
            "{path}\t{:016x}\t{}\t{}\n",
            w.hash, w.len, w.modified
        ));
    }
    fs::write(record, manifest).map_err(|e| io_error(record, e))
}

const RECORD_HEADER: &str = "# Written by clapboard: the files it wrote into the site beside this folder,\n# which it replaces at each build, keeping every other file there.\n";

const SALT_LINE: &str = "# salt: ";

/// The key salt of the protected site last written to `out`, if any.
pub fn previous_salt(out: &Path) -> Option<String> {
    let text = fs::read_to_string(record_path(out, "site"))
        .or_else(|_| fs::read_to_string(out.join(MARKER)))
        .ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(SALT_LINE))
        .map(str::to_string)
}

/// The files the earlier build wrote, from its marker.
fn written_before(out: &Path) -> HashSet<String> {
    read_manifest(&record_path(out, "site"))
        .or_else(|| read_manifest(&out.join(MARKER)))
        .map(|m| m.written.into_keys().collect())
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
        let relative = relative_to(out, entry.path());
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
        // Whatever the staging folder holds there goes first: linking or copying onto it
        // could otherwise write into the very file being carried.
        match fs::remove_file(&target) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_error(&target, e)),
            _ => {}
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

/// `path` inside `root`, with `/` separators: `journal/a/index.html`.
fn relative_to(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
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
        assert!(dir.path().join(".clapboard/site.site").is_file());
        assert!(
            !out.join(MARKER).exists(),
            "the site holds only what a visitor may fetch"
        );
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".clapboard", ".site.clapboard-spare", "site"],
            "the records, the site and the spare, and no staging folder"
        );
    }

    fn modified(path: &Path) -> std::time::SystemTime {
        fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn a_rebuild_writes_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = |page: &str| {
            vec![
                OutputFile::bytes("same/index.html", "unchanged"),
                OutputFile::bytes("page/index.html", page.to_string()),
            ]
        };
        // The first two builds write everything; from the third on, the spare is reused.
        write_site(&out, &site("one"), None).unwrap();
        write_site(&out, &site("two"), None).unwrap();
        let same_before = modified(&out.join("same/index.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_site(&out, &site("three"), None).unwrap();
        write_site(&out, &site("four"), None).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("page/index.html")).unwrap(),
            "four"
        );
        assert_eq!(
            modified(&out.join("same/index.html")),
            same_before,
            "an unchanged page is not written again"
        );
    }

    #[test]
    fn a_site_with_an_earlier_version_s_marker_moves_it_out() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        fs::write(out.join("CNAME"), "video.example.com").unwrap();
        fs::write(
            out.join(MARKER),
            "# old\n# salt: AAAAAAAAAAAAAAAAAAAAAA==\nindex.html\n",
        )
        .unwrap();
        assert!(is_site(&out));
        assert_eq!(
            previous_salt(&out).as_deref(),
            Some("AAAAAAAAAAAAAAAAAAAAAA==")
        );
        write_site(
            &out,
            &[OutputFile::bytes("index.html", "new")],
            Some("salt"),
        )
        .unwrap();
        assert!(!out.join(MARKER).exists());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "video.example.com"
        );
        assert_eq!(previous_salt(&out).as_deref(), Some("salt"));
        assert!(is_site(&out));
    }

    #[test]
    fn a_page_changed_by_hand_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let files = [OutputFile::bytes("index.html", "built")];
        write_site(&out, &files, None).unwrap();
        fs::write(out.join("index.html"), "edited by hand").unwrap();
        for _ in 0..3 {
            write_site(&out, &files, None).unwrap();
            assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "built");
        }
    }

    #[test]
    fn a_spare_without_its_marker_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let files = [OutputFile::bytes("index.html", "built")];
        write_site(&out, &files, None).unwrap();
        write_site(&out, &files, None).unwrap();
        // As if an update of the spare had been cut short.
        let spare = dir.path().join(".site.clapboard-spare");
        fs::remove_file(dir.path().join(".clapboard/site.spare")).unwrap();
        fs::write(spare.join("index.html"), "half written").unwrap();
        fs::write(spare.join("stray.html"), "stray").unwrap();
        write_site(&out, &files, None).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "built");
        assert!(!out.join("stray.html").exists());
    }

    #[test]
    fn files_carried_over_follow_the_live_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let files = [OutputFile::bytes("index.html", "built")];
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("CNAME"), "video.example.com").unwrap();
        write_site(&out, &files, None).unwrap();
        write_site(&out, &files, None).unwrap();
        fs::remove_file(out.join("CNAME")).unwrap();
        fs::write(out.join("robots-extra.txt"), "mine").unwrap();
        write_site(&out, &files, None).unwrap();
        write_site(&out, &files, None).unwrap();
        assert!(
            !out.join("CNAME").exists(),
            "a file the owner removed stays removed"
        );
        assert_eq!(
            fs::read_to_string(out.join("robots-extra.txt")).unwrap(),
            "mine"
        );
        // Added after a build, carried, then removed: it does not come back from the spare.
        fs::write(out.join("later.txt"), "later").unwrap();
        write_site(&out, &files, None).unwrap();
        fs::remove_file(out.join("later.txt")).unwrap();
        for _ in 0..3 {
            write_site(&out, &files, None).unwrap();
            assert!(!out.join("later.txt").exists());
            assert_eq!(
                fs::read_to_string(out.join("robots-extra.txt")).unwrap(),
                "mine"
            );
        }
    }
}
