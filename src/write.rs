//! Write: a site's files, as they are made -> the output folder, atomically.
//!
//! A site clapboard created is written into a fresh folder beside it and exchanged with the
//! live one in one step (`renameat2(RENAME_EXCHANGE)` on Linux), so a failed build, or one
//! killed at any moment, leaves the earlier site or the new one, whole. A folder clapboard did
//! not create (`--force`, or one that existed empty) keeps its identity: clapboard writes its
//! own files into it in place, each replaced whole, and never touches another file there.
//!
//! Each site's record (the files clapboard wrote, and a locked site's salt) is kept outside
//! every site, in `<out>/.clapboard/<audience>.site`, so a site folder holds only what a
//! visitor may fetch and can be published with any tool. A record names the folder it
//! describes by its device and inode, so that after a crash between two steps the next build
//! knows which record belongs to which folder. One build at a time writes a site: the next
//! waits for the lock in `<out>/.clapboard/<audience>.lock`.

use foldhash::{HashMap, HashSet};
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};

/// The folder, beside the sites, that holds the build's records.
pub const RECORDS: &str = ".clapboard";

/// The marker earlier versions kept inside each site; read once, then removed.
pub const MARKER: &str = ".clapboard-site";

/// The environment variable that makes a build stop at named points of the write stage
/// (comma-separated), so that tests can kill it there; see [`pause`].
pub const PAUSE_VARIABLE: &str = "CLAPBOARD_TEST_PAUSE";

/// One file of a site.
#[derive(Clone, Debug)]
pub struct OutputFile {
    /// Relative to the site's root, with `/` separators: `shots/index.html`.
    pub path: String,
    /// Shared, so that a page kept from an earlier build is not copied. Empty for a file
    /// [`kept`](OutputFile::kept) in the live site.
    pub bytes: Arc<Vec<u8>>,
    /// For a page `clapboard build` takes unchanged from the live site: the hash of its bytes,
    /// which are not held. The write stage reads them from the live site (without following
    /// links, checked against the hash) only where the folder it brings up to date does not
    /// already have them.
    pub kept: Option<u64>,
    /// The hash of `bytes`, made the first time it is needed: the page cache, the write stage
    /// and the dev server's store all key a file by it.
    hash: std::sync::OnceLock<u64>,
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: Arc::new(bytes.into()),
            kept: None,
            hash: Default::default(),
        }
    }

    pub fn shared(path: impl Into<String>, bytes: Arc<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes,
            kept: None,
            hash: Default::default(),
        }
    }

    /// The file at `path` of the live site, as the last build wrote it, its bytes hashing to
    /// `hash`.
    pub fn kept(path: impl Into<String>, hash: u64) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: Arc::default(),
            kept: Some(hash),
            hash: Default::default(),
        }
    }

    /// The hash of the file's bytes: a kept file's, or its own, hashed once.
    pub fn content_hash(&self) -> u64 {
        self.kept.unwrap_or_else(|| {
            *self
                .hash
                .get_or_init(|| crate::cache::hash_of(self.bytes.as_slice()))
        })
    }
}

/// What the record of the site at `out` says of each file clapboard wrote there: the hash of
/// its bytes, its length and its modification time. Empty when the record is missing or
/// describes another folder.
pub fn live_files(out: &Path) -> HashMap<String, (u64, u64, u128)> {
    let folders = Folders::of(out);
    let Some(record) = Record::read(&folders.live_record) else {
        return HashMap::default();
    };
    if record.folder.is_none() || record.folder != FolderId::of(out) {
        return HashMap::default();
    }
    record
        .written
        .into_iter()
        .filter_map(|(path, w)| Some((path, w.map(|w| (w.hash, w.len, w.modified))?)))
        .collect()
}

/// Whether the file at `path` has the length and modification time a record gave it.
pub fn stamp_matches(path: &Path, len: u64, modified: u128) -> bool {
    fs::symlink_metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() == len && modified_nanos(&m) == modified)
}

/// Whether clapboard wrote the site at `out`, by its record (or an earlier version's marker).
pub fn is_site(out: &Path) -> bool {
    let folders = Folders::of(out);
    folders.live_record.is_file() || out.join(MARKER).is_file()
}

/// Whether `dir` holds sites clapboard wrote (its records), or is one (an earlier version's).
pub fn holds_sites(dir: &Path) -> bool {
    dir.join(RECORDS).is_dir() || dir.join(MARKER).is_file()
}

/// Refuses a folder of sites (`--out`) that is the project, holds it, or is a file.
pub fn check_output_root(out: &Path, project: &Path) -> Result<PathBuf, Diagnostic> {
    let out = absolute(out);
    let project = project.canonicalize().unwrap_or_else(|_| absolute(project));
    let resolved = resolve_existing_prefix(&out);
    if resolved == project || project.starts_with(&resolved) {
        return Err(Diagnostic::error(
            Code::UnsafeOutput,
            format!(
                "the output folder {} is the production folder or holds it",
                out.display()
            ),
        )
        .hint("choose an output folder inside or beside the project, such as dist/"));
    }
    if out.exists() && !out.is_dir() {
        return Err(Diagnostic::error(
            Code::UnsafeOutput,
            format!("{} is a file, not a folder", out.display()),
        )
        .hint("choose another output folder"));
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
        return Err(Diagnostic::error(
            Code::UnsafeOutput,
            format!(
                "the output folder {} is the production folder or holds it",
                out.display()
            ),
        )
        .hint("choose an output folder inside or beside the project, such as dist/"));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(Diagnostic::error(
                Code::UnsafeOutput,
                format!("{} is a file, not a folder", out.display()),
            )
            .hint("choose another output folder"));
        }
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !force && !is_site(&out) {
            return Err(Diagnostic::error(Code::UnsafeOutput, format!(
                "{} already exists and was not written by clapboard",
                out.display()
            ))
            .hint("choose another output folder, or pass --force to add the site to it (clapboard keeps every file it did not write)"));
        }
    }
    Ok(out)
}

/// The paths that belong to the site at `out` (`dist/crew`): its records, its lock, its
/// spare, and the prefix of the folders a build stages it in.
struct Folders {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    records: PathBuf,
    live_record: PathBuf,
    spare_record: PathBuf,
    spare: PathBuf,
}

impl Folders {
    fn of(out: &Path) -> Folders {
        let parent = out.parent().unwrap_or(Path::new(".")).to_path_buf();
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".to_string());
        let records = parent.join(RECORDS);
        Folders {
            out: out.to_path_buf(),
            live_record: records.join(format!("{name}.site")),
            spare_record: records.join(format!("{name}.spare")),
            spare: parent.join(format!(".{name}.clapboard-spare")),
            records,
            parent,
            name,
        }
    }

    /// A folder this process builds the site in, beside it.
    fn staging(&self) -> PathBuf {
        self.parent.join(format!(
            ".{}.clapboard-new-{}",
            self.name,
            std::process::id()
        ))
    }

    /// The record of the site being staged, until it is swapped in.
    fn staging_record(&self) -> PathBuf {
        self.records
            .join(format!("{}.new-{}", self.name, std::process::id()))
    }

    /// Folders of builds of this site that did not finish (the lock is held, so none is
    /// running): `(path, identity)`.
    fn unfinished(&self) -> Vec<(PathBuf, Option<FolderId>)> {
        let prefixes = [
            format!(".{}.clapboard-new-", self.name),
            format!(".{}.clapboard-old-", self.name),
        ];
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                prefixes.iter().any(|p| name.starts_with(p.as_str()))
            })
            .map(|e| (e.path(), FolderId::of(&e.path())))
            .collect()
    }

    /// Every record of this site: the live one, the spare's, and those of unfinished builds.
    fn all_records(&self) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(&self.records) else {
            return Vec::new();
        };
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name == format!("{}.site", self.name)
                    || name == format!("{}.spare", self.name)
                    || name.starts_with(&format!("{}.new-", self.name))
            })
            .map(|e| e.path())
            .collect();
        found.sort();
        found
    }
}

/// A folder's identity on its file system, which renames keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FolderId {
    device: u64,
    inode: u64,
}

impl FolderId {
    /// The identity of the real folder at `path` (a link to one is not it).
    fn of(path: &Path) -> Option<FolderId> {
        let metadata = fs::symlink_metadata(path).ok()?;
        metadata.is_dir().then(|| FolderId {
            device: metadata.dev(),
            inode: metadata.ino(),
        })
    }

    fn parse(text: &str) -> Option<FolderId> {
        let (device, inode) = text.split_once(':')?;
        Some(FolderId {
            device: device.parse().ok()?,
            inode: inode.parse().ok()?,
        })
    }
}

impl std::fmt::Display for FolderId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.device, self.inode)
    }
}

/// What the record of a site says of one file clapboard wrote: a hash of its content, and its
/// length and modification time once written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Written {
    hash: u64,
    len: u64,
    modified: u128,
}

/// A site's record: which folder it describes, how clapboard writes there, the files it
/// wrote, and a locked site's salt.
#[derive(Default)]
struct Record {
    /// `None` in records of earlier versions, which describe the live site.
    folder: Option<FolderId>,
    /// The folder is not clapboard's: its files are written in place, never swapped.
    in_place: bool,
    salt: Option<String>,
    written: HashMap<String, Option<Written>>,
}

const RECORD_HEADER: &str = "# Written by clapboard: the files it wrote into the site beside this folder,\n# which it replaces at each build, keeping every other file there.\n";
const SALT_LINE: &str = "# salt: ";
const FOLDER_LINE: &str = "# folder: ";
const IN_PLACE_LINE: &str = "# in place";

impl Record {
    fn read(path: &Path) -> Option<Record> {
        let text = fs::read_to_string(path).ok()?;
        let mut record = Record::default();
        for line in text.lines() {
            if let Some(salt) = line.strip_prefix(SALT_LINE) {
                record.salt = Some(salt.to_string());
            } else if let Some(folder) = line.strip_prefix(FOLDER_LINE) {
                record.folder = FolderId::parse(folder);
            } else if line == IN_PLACE_LINE {
                record.in_place = true;
            }
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
            record.written.insert(path, written);
        }
        Some(record)
    }

    fn text(&self) -> String {
        let mut text = String::from(RECORD_HEADER);
        if let Some(folder) = self.folder {
            text.push_str(&format!("{FOLDER_LINE}{folder}\n"));
        }
        if self.in_place {
            text.push_str(IN_PLACE_LINE);
            text.push('\n');
        }
        if let Some(salt) = &self.salt {
            text.push_str(&format!("{SALT_LINE}{salt}\n"));
        }
        let mut paths: Vec<_> = self.written.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        for (path, written) in paths {
            match written {
                Some(w) => text.push_str(&format!(
                    "{path}\t{:016x}\t{}\t{}\n",
                    w.hash, w.len, w.modified
                )),
                None => text.push_str(&format!("{path}\n")),
            }
        }
        text
    }

    /// Writes the record whole or not at all.
    fn save(&self, path: &Path) -> Result<(), Diagnostic> {
        replace_file(path, self.text().as_bytes()).map_err(|e| io_error(path, e))
    }
}

/// Writes `bytes` to a new file beside `path` and renames it over `path`: whoever reads
/// `path` sees the old file or the new one, never a part.
fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = temporary_beside(path);
    let result = fs::write(&temporary, bytes).and_then(|()| fs::rename(&temporary, path));
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Writes `bytes` to a new file at `path`, never through anything already there (a link is
/// not followed); `None` when something is there. Returns the file's metadata once written.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<Option<fs::Metadata>> {
    use std::io::Write as _;
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(None),
        Err(e) => return Err(e),
    };
    let written = file.write_all(bytes).and_then(|()| file.metadata());
    if written.is_err() {
        let _ = fs::remove_file(path);
    }
    written.map(Some)
}

/// The name a file is written under before it is renamed over `path`.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}{TEMPORARY}", std::process::id()))
}

/// How the names of files being written end, so that a build cut short can find its own.
const TEMPORARY: &str = ".clapboard-tmp";

/// Stops the build at `point` when the test variable names it, until the process is killed:
/// fault-injection tests kill builds between the steps of the write stage.
fn pause(point: &str) {
    let Some(points) = std::env::var_os(PAUSE_VARIABLE) else {
        return;
    };
    if points.to_string_lossy().split(',').any(|p| p == point) {
        eprintln!("clapboard: paused at {point}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
    }
}

/// The site's lock, held until dropped; a second build of the same site waits for it.
struct SiteLock {
    _file: fs::File,
}

impl SiteLock {
    fn take(folders: &Folders) -> Result<SiteLock, Diagnostic> {
        let path = folders.records.join(format!("{}.lock", folders.name));
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io_error(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "waiting for another clapboard build writing {}",
                    folders.out.display()
                );
                file.lock().map_err(|e| io_error(&path, e))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_error(&path, e)),
        }
        Ok(SiteLock { _file: file })
    }
}

/// Writes `files` as the whole content of `out`, replacing what clapboard wrote there before.
/// `salt` is a locked site's key salt, kept in the site's record for the next build. See
/// [`SiteWriter`], which this runs from start to finish.
#[cfg(test)]
pub fn write_site(out: &Path, files: &[OutputFile], salt: Option<&str>) -> Result<(), Diagnostic> {
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let writer = SiteWriter::begin(out, &paths, salt)?;
    files
        .par_iter()
        .try_for_each(|file| writer.put(file.clone()))?;
    writer.finish()
}

/// Writes one site, file by file as each is made, then makes it the live site in one step.
///
/// The site a build replaces is kept beside it as a spare (`.<name>.clapboard-spare`). The
/// next build brings the spare up to date, writing only the files that differ from it and
/// removing those it no longer has, and swaps it in: a rebuild touches the disk for what
/// changed, not for every page. Each file is checked against the length and modification time
/// the record kept, so a file changed by hand is written again.
///
/// Files are written as they are [`put`](SiteWriter::put), so a site is never held whole in
/// memory, except in a folder clapboard did not create: there files are written in place, so
/// they are held until [`finish`](SiteWriter::finish), and none is written unless every one
/// was made. A writer dropped unfinished removes what it staged; the live site is untouched.
pub struct SiteWriter {
    folders: Folders,
    salt: Option<String>,
    /// Every path the site will have.
    wanted: HashSet<String>,
    how: How,
    /// What was written (or found already there) for each file put.
    written: std::sync::Mutex<Vec<(String, Written)>>,
    /// Set once the site is swapped in or written, so that dropping the writer keeps it.
    done: bool,
    _lock: SiteLock,
}

enum How {
    /// Into a staging folder (the spare, brought up to date, or a new one), then exchanged
    /// with the live site.
    Swap {
        staging: PathBuf,
        staging_record: PathBuf,
        /// What the staging folder held, by the spare's record.
        previous: HashMap<String, Option<Written>>,
        /// The files of the live site clapboard wrote: every other one is the owner's.
        ours: HashSet<String>,
        /// The live site, where kept pages are read from.
        live: Option<crate::folder::ProjectFolder>,
    },
    /// Into a folder clapboard did not create, in place, once every file is made.
    InPlace {
        previous: HashMap<String, Option<Written>>,
        held: std::sync::Mutex<Vec<OutputFile>>,
    },
}

impl SiteWriter {
    /// Takes the site's lock, recovers from builds that did not finish, and prepares to write
    /// a site of the files at `paths`: what the staging folder holds that the site no longer
    /// has is removed first.
    pub fn begin(out: &Path, paths: &[&str], salt: Option<&str>) -> Result<SiteWriter, Diagnostic> {
        let folders = Folders::of(out);
        fs::create_dir_all(&folders.records).map_err(|e| io_error(&folders.records, e))?;
        let lock = SiteLock::take(&folders)?;
        pause("locked");
        recover(&folders)?;
        let wanted: HashSet<String> = paths.iter().map(|p| p.to_string()).collect();
        let live = Record::read(&folders.live_record);
        let how = match live {
            Some(record) if record.in_place => in_place(&folders, &wanted, Some(record))?,
            None if out.exists() => in_place(&folders, &wanted, None)?,
            live => staged(&folders, &wanted, live)?,
        };
        Ok(SiteWriter {
            folders,
            salt: salt.map(str::to_string),
            wanted,
            how,
            written: std::sync::Mutex::default(),
            done: false,
            _lock: lock,
        })
    }

    /// Writes one file of the site (one of the paths it began with), or holds it until the
    /// end when writing in place. Files may be put from several threads at once.
    pub fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        debug_assert!(self.wanted.contains(&file.path), "{}", file.path);
        match &self.how {
            How::Swap {
                staging,
                previous,
                live,
                ..
            } => {
                let put = put_file((staging, live.as_ref()), &file, previous, Stale::AllButOurs)?;
                self.written.lock().expect("an unpoisoned record").push(put);
            }
            How::InPlace { held, .. } => held.lock().expect("unpoisoned files").push(file),
        }
        Ok(())
    }

    /// Makes the site written the live site: carries the owner's files into it and swaps it
    /// in, or, in place, writes the files held.
    pub fn finish(mut self) -> Result<(), Diagnostic> {
        let written = std::mem::take(&mut *self.written.lock().expect("an unpoisoned record"));
        let salt = self.salt.clone();
        let folders = &self.folders;
        let record = |folder: &Path, in_place: bool, written: Vec<(String, Written)>| Record {
            folder: FolderId::of(folder),
            in_place,
            salt: salt.clone(),
            written: written.into_iter().map(|(p, w)| (p, Some(w))).collect(),
        };
        match &self.how {
            How::InPlace { previous, held } => {
                let files = std::mem::take(&mut *held.lock().expect("unpoisoned files"));
                let out = &folders.out;
                remove_stale(out, &self.wanted, previous, Stale::OursOnly)?;
                let live = files
                    .iter()
                    .any(|f| f.kept.is_some())
                    .then(|| crate::folder::ProjectFolder::open(out).ok())
                    .flatten();
                let written = files
                    .par_iter()
                    .map(|file| put_file((out, live.as_ref()), file, previous, Stale::OursOnly))
                    .collect::<Result<Vec<_>, _>>()?;
                pause("written");
                self.done = true;
                record(out, true, written).save(&folders.live_record)
            }
            How::Swap {
                staging,
                staging_record,
                ours,
                ..
            } => {
                carry_over(&folders.out, staging, &self.wanted, ours)?;
                record(staging, false, written).save(staging_record)?;
                pause("staged");
                // From here on the staging folder is the site, or about to be.
                self.done = true;
                swap(folders, staging, staging_record)
            }
        }
    }
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if let (
            false,
            How::Swap {
                staging,
                staging_record,
                ..
            },
        ) = (self.done, &self.how)
        {
            let _ = fs::remove_dir_all(staging);
            let _ = fs::remove_file(staging_record);
        }
    }
}

/// Prepares to build the site in a staging folder: the spare, its files the site no longer
/// has removed, or a new folder.
fn staged(
    folders: &Folders,
    wanted: &HashSet<String>,
    live: Option<Record>,
) -> Result<How, Diagnostic> {
    let staging = folders.staging();
    let staging_record = folders.staging_record();
    // The spare's record goes first: a spare being updated is never trusted as it is.
    let previous = match Record::read(&folders.spare_record) {
        Some(record) if record.folder == FolderId::of(&folders.spare) => {
            fs::remove_file(&folders.spare_record)
                .map_err(|e| io_error(&folders.spare_record, e))?;
            fs::rename(&folders.spare, &staging).map_err(|e| io_error(&staging, e))?;
            record.written
        }
        _ => {
            fs::create_dir(&staging).map_err(|e| io_error(&staging, e))?;
            HashMap::default()
        }
    };
    pause("staging");
    if let Err(e) = remove_stale(&staging, wanted, &previous, Stale::AllButOurs) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let ours = live
        .as_ref()
        .map(|r| r.written.keys().cloned().collect())
        .unwrap_or_default();
    // Kept pages are read from the live site where the staging folder lacks them.
    let live = crate::folder::ProjectFolder::open(&folders.out).ok();
    Ok(How::Swap {
        staging,
        staging_record,
        previous,
        ours,
        live,
    })
}

/// Prepares to write into a folder clapboard did not create: nothing is written there if a
/// file of someone else's stands where one of the site's would go.
fn in_place(
    folders: &Folders,
    wanted: &HashSet<String>,
    record: Option<Record>,
) -> Result<How, Diagnostic> {
    let out = &folders.out;
    let previous = record.map(|r| r.written).unwrap_or_default();
    remove_temporaries(out)?;
    let mut paths: Vec<&String> = wanted.iter().collect();
    paths.sort();
    for path in paths {
        if previous.contains_key(path) {
            continue;
        }
        if let Some(problem) = foreign_on_the_way(out, path) {
            return Err(problem);
        }
    }
    Ok(How::InPlace {
        previous,
        held: std::sync::Mutex::default(),
    })
}

/// Puts the staging folder, with its record written, where the live site is, and keeps the
/// site it replaces as the spare.
fn swap(folders: &Folders, staging: &Path, staging_record: &Path) -> Result<(), Diagnostic> {
    if FolderId::of(&folders.out).is_none() {
        fs::rename(staging, &folders.out).map_err(|e| io_error(&folders.out, e))?;
        pause("renamed");
        return fs::rename(staging_record, &folders.live_record)
            .map_err(|e| io_error(&folders.live_record, e));
    }
    let old = exchange(staging, &folders.out, folders)?;
    pause("exchanged");
    if folders.live_record.is_file() {
        fs::rename(&folders.live_record, &folders.spare_record)
            .map_err(|e| io_error(&folders.spare_record, e))?;
    }
    fs::rename(staging_record, &folders.live_record)
        .map_err(|e| io_error(&folders.live_record, e))?;
    pause("recorded");
    // The site replaced becomes the spare, which the next build brings up to date.
    fs::rename(&old, &folders.spare).map_err(|e| io_error(&folders.spare, e))
}

/// Brings the site's folders and records to a state the build can trust, after builds that
/// were killed at any point: each record is matched to the folder it describes by identity,
/// a live site moved aside and not put back is put back, and what no record describes is
/// removed. Only folders of this site's unfinished builds and its spare are ever removed.
fn recover(folders: &Folders) -> Result<(), Diagnostic> {
    let unfinished = folders.unfinished();
    let mut records: Vec<(PathBuf, Record)> = folders
        .all_records()
        .into_iter()
        .filter_map(|path| Some((path.clone(), Record::read(&path)?)))
        .collect();
    // An earlier version's marker inside the live site becomes its record.
    let legacy = folders.out.join(MARKER);
    if legacy.is_file() {
        if !folders.live_record.is_file()
            && let Some(mut record) = Record::read(&legacy)
        {
            record.folder = FolderId::of(&folders.out);
            records.push((folders.live_record.clone(), record));
        }
        fs::remove_file(&legacy).map_err(|e| io_error(&legacy, e))?;
    }
    let mut live = FolderId::of(&folders.out);
    let mut spare = FolderId::of(&folders.spare);
    // The live site moved aside by a swap that could not exchange, and not put back.
    if live.is_none() {
        let moved = records.iter().find_map(|(path, record)| {
            let folder = record.folder?;
            let found = unfinished.iter().find(|(_, id)| *id == Some(folder))?;
            (*path == folders.live_record).then(|| found.0.clone())
        });
        if let Some(moved) = moved {
            fs::rename(&moved, &folders.out).map_err(|e| io_error(&folders.out, e))?;
            live = FolderId::of(&folders.out);
        }
    }
    let (mut live_record, mut spare_record, mut unmatched_live) = (None, None, None);
    for (path, record) in records {
        match record.folder {
            None if path == folders.live_record && live.is_some() => {
                live_record = Some(Record {
                    folder: live,
                    ..record
                })
            }
            Some(id) if Some(id) == live => live_record = Some(record),
            Some(id) if Some(id) == spare => spare_record = Some(record),
            // The site an exchange replaced, left where the new one was staged.
            Some(id) if spare.is_none() && unfinished.iter().any(|(_, f)| *f == Some(id)) => {
                if let Some((old, _)) = unfinished.iter().find(|(_, f)| *f == Some(id)) {
                    fs::rename(old, &folders.spare).map_err(|e| io_error(&folders.spare, e))?;
                    spare = Some(id);
                    spare_record = Some(record);
                }
            }
            _ if path == folders.live_record => unmatched_live = Some(record),
            _ => {}
        }
    }
    // A live site whose folder was replaced by hand (copied back from a backup) keeps the
    // record of its name, as records of earlier versions do.
    if live_record.is_none() && live.is_some() {
        live_record = unmatched_live.map(|record| Record {
            folder: live,
            ..record
        });
    }
    // Each record kept is written over its place in one step before any other goes, so a
    // recovery killed half way leaves records the next one can still match.
    let mut kept = Vec::new();
    for (record, path) in [
        (live_record, &folders.live_record),
        (spare_record, &folders.spare_record),
    ] {
        if let Some(record) = record {
            record.save(path)?;
            kept.push(path.clone());
        }
    }
    pause("recovering");
    for path in folders.all_records() {
        if !kept.contains(&path) {
            fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
        }
    }
    if !kept.contains(&folders.spare_record) {
        remove_if_exists(&folders.spare).map_err(|e| io_error(&folders.spare, e))?;
    }
    for (path, _) in folders.unfinished() {
        remove_if_exists(&path).map_err(|e| io_error(&path, e))?;
    }
    // Records a killed build was still writing.
    let half_written = format!(".{}.", folders.name);
    for entry in fs::read_dir(&folders.records)
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&half_written) && name.ends_with(TEMPORARY) {
            fs::remove_file(entry.path()).map_err(|e| io_error(&entry.path(), e))?;
        }
    }
    Ok(())
}

/// Puts `staging` where `live` is, in one step where the system can; returns where the site
/// it replaced now is.
fn exchange(staging: &Path, live: &Path, folders: &Folders) -> Result<PathBuf, Diagnostic> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, staging, CWD, live, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(staging.to_path_buf()),
            // File systems without the exchange (some network ones) take the two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(io_error(live, e.into())),
        }
    }
    // Two renames: a build killed between them leaves the live site aside, under a name the
    // next build's recovery finds by its record and puts back.
    let aside = folders.parent.join(format!(
        ".{}.clapboard-old-{}",
        folders.name,
        std::process::id()
    ));
    fs::rename(live, &aside).map_err(|e| io_error(live, e))?;
    pause("aside");
    if let Err(e) = fs::rename(staging, live) {
        let _ = fs::rename(&aside, live);
        return Err(io_error(live, e));
    }
    Ok(aside)
}

/// Whether something that is not clapboard's stands where `path` would be written in `out`: a
/// file of someone else's at the path, or a link or file where a folder on the way should be.
fn foreign_on_the_way(out: &Path, path: &str) -> Option<Diagnostic> {
    let mut at = out.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let Ok(metadata) = fs::symlink_metadata(&at) else {
            return None;
        };
        let last = i + 1 == parts.len();
        if last || !metadata.is_dir() {
            return Some(
                Diagnostic::error(Code::UnsafeOutput, format!(
                    "the site has a page at {path}, but {} already holds {} there that clapboard did not write",
                    out.display(),
                    if metadata.is_symlink() { "a link" } else if metadata.is_dir() { "a folder" } else { "a file" }
                ))
                .hint("move it away, or choose another output folder; clapboard never overwrites files it did not write"),
            );
        }
    }
    None
}

/// Removes the files a build killed while writing in place left half written.
fn remove_temporaries(out: &Path) -> Result<(), Diagnostic> {
    for entry in walkdir::WalkDir::new(out).follow_links(false) {
        let entry = entry.map_err(|e| io_error(out, e.into()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.starts_with('.') && name.ends_with(TEMPORARY) {
            fs::remove_file(entry.path()).map_err(|e| io_error(entry.path(), e))?;
        }
    }
    Ok(())
}

/// The bytes to write for `file`: its own, or a kept file's, read from the live site.
fn bytes_of<'f>(
    file: &'f OutputFile,
    live: Option<&crate::folder::ProjectFolder>,
) -> Result<std::borrow::Cow<'f, [u8]>, Diagnostic> {
    let Some(hash) = file.kept else {
        return Ok(std::borrow::Cow::Borrowed(file.bytes.as_slice()));
    };
    live.and_then(|live| {
        live.read(Path::new(&file.path), crate::folder::MAX_FILE_BYTES)
            .ok()
    })
    .filter(|bytes| crate::cache::hash_of(bytes.as_slice()) == hash)
    .map(std::borrow::Cow::Owned)
    .ok_or_else(|| {
        Diagnostic::error(
            Code::Io,
            format!(
                "the page {} of the site changed while the site was being built",
                file.path
            ),
        )
        .hint("build again; a page of the site changed by hand is made again")
    })
}

fn modified_nanos(metadata: &fs::Metadata) -> u128 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Which files an update removes from the folder it brings up to date.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stale {
    /// Everything but clapboard's own files still in the site: a staging folder, into which
    /// the live site's other files are linked again afterwards.
    AllButOurs,
    /// Only clapboard's own files the site no longer has: a folder that is not clapboard's.
    OursOnly,
}

/// Removes from `dir`, holding the files `previous` describes, what `stale` says for a site of
/// the files at `wanted`.
fn remove_stale(
    dir: &Path,
    wanted: &HashSet<String>,
    previous: &HashMap<String, Option<Written>>,
    stale: Stale,
) -> Result<(), Diagnostic> {
    let mut gone = Vec::new();
    match stale {
        Stale::AllButOurs if !previous.is_empty() => {
            for entry in walkdir::WalkDir::new(dir).follow_links(false).min_depth(1) {
                let entry = entry.map_err(|e| io_error(dir, e.into()))?;
                if entry.file_type().is_dir() {
                    continue;
                }
                let relative = relative_to(dir, entry.path());
                if !(previous.contains_key(&relative) && wanted.contains(&relative)) {
                    gone.push(relative);
                }
            }
        }
        Stale::AllButOurs => {}
        Stale::OursOnly => {
            gone.extend(
                previous
                    .keys()
                    .filter(|p| !wanted.contains(*p))
                    .filter(|p| {
                        fs::symlink_metadata(dir.join(p.as_str())).is_ok_and(|m| m.is_file())
                    })
                    .cloned(),
            );
        }
    }
    let mut emptied = std::collections::BTreeSet::new();
    for path in &gone {
        let target = dir.join(path);
        match fs::remove_file(&target) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_error(&target, e)),
            _ => {}
        }
        let mut parent = Path::new(path.as_str()).parent();
        while let Some(d) = parent.filter(|d| !d.as_os_str().is_empty()) {
            emptied.insert(d.to_path_buf());
            parent = d.parent();
        }
    }
    // Deepest first; a folder that still holds something stays. Folders of a site that is
    // not clapboard's are the owner's, empty or not.
    if stale == Stale::AllButOurs {
        for emptied in emptied.iter().rev() {
            let _ = fs::remove_dir(dir.join(emptied));
        }
    }
    Ok(())
}

/// Writes `file` into `dir`, unless `dir` already holds it as `previous` describes. A kept
/// file's bytes are read from `live`, the live site.
fn put_file(
    (dir, live): (&Path, Option<&crate::folder::ProjectFolder>),
    file: &OutputFile,
    previous: &HashMap<String, Option<Written>>,
    stale: Stale,
) -> Result<(String, Written), Diagnostic> {
    let hash = file.content_hash();
    let target = dir.join(&file.path);
    let before = previous.get(&file.path).copied().flatten();
    if let Some(before) = before.filter(|b| b.hash == hash) {
        let unchanged = fs::symlink_metadata(&target).is_ok_and(|m| {
            m.is_file() && m.len() == before.len && modified_nanos(&m) == before.modified
        });
        if unchanged {
            return Ok((file.path.clone(), before));
        }
    }
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    }
    let bytes = bytes_of(file, live)?;
    // A staging folder is seen by nobody until it is swapped in: a file it does not hold yet
    // is created in place. Anything already there (which may be a link to a file elsewhere)
    // is replaced by a file written beside it and renamed over it, never written into.
    let created = match (stale, before) {
        (Stale::AllButOurs, None) => {
            write_new(&target, &bytes).map_err(|e| io_error(&target, e))?
        }
        _ => None,
    };
    let metadata = match created {
        Some(metadata) => metadata,
        None => {
            replace_file(&target, &bytes).map_err(|e| io_error(&target, e))?;
            fs::symlink_metadata(&target).map_err(|e| io_error(&target, e))?
        }
    };
    Ok((
        file.path.clone(),
        Written {
            hash,
            len: metadata.len(),
            modified: modified_nanos(&metadata),
        },
    ))
}

/// The key salt of the locked site last written to `out`, if any.
pub fn previous_salt(out: &Path) -> Option<String> {
    let folders = Folders::of(out);
    std::iter::once(folders.live_record.clone())
        .chain(folders.all_records())
        .chain(std::iter::once(out.join(MARKER)))
        .find_map(|path| Record::read(&path)?.salt)
}

/// Links every file of `out` that clapboard did not write (`ours`) into `staging`, so the
/// swap keeps it. A generated file in its place is an error: someone else's file is never
/// overwritten.
fn carry_over(
    out: &Path,
    staging: &Path,
    generated: &HashSet<String>,
    ours: &HashSet<String>,
) -> Result<(), Diagnostic> {
    if !out.is_dir() {
        return Ok(());
    }
    // The owner's empty folders are kept too; clapboard never leaves one behind. A folder is
    // listed before what it holds, so one is empty when the next entry listed is not in it.
    let mut folder: Option<PathBuf> = None;
    let keep_if_empty = |folder: Option<PathBuf>, next: Option<&Path>| match folder {
        Some(folder) if next.is_none_or(|next| !next.starts_with(&folder)) => {
            let target = staging.join(relative_to(out, &folder));
            fs::create_dir_all(&target).map_err(|e| io_error(&target, e))
        }
        _ => Ok(()),
    };
    for entry in walkdir::WalkDir::new(out).follow_links(false).min_depth(1) {
        let entry = entry.map_err(|e| io_error(out, e.into()))?;
        keep_if_empty(folder.take(), Some(entry.path()))?;
        if entry.file_type().is_dir() {
            folder = Some(entry.path().to_path_buf());
            continue;
        }
        let relative = relative_to(out, entry.path());
        if ours.contains(&relative) {
            continue;
        }
        if generated.contains(&relative) {
            return Err(Diagnostic::error(Code::UnsafeOutput, format!(
                "the site has a page at {relative}, but {} already holds a file there that clapboard did not write",
                out.display()
            ))
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
    keep_if_empty(folder, None)
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
    Diagnostic::error(
        Code::Io,
        format!("cannot write {}: {error}", path.display()),
    )
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

    #[test]
    fn a_site_copied_back_by_hand_is_still_clapboard_s() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let files = [OutputFile::bytes("index.html", "built")];
        write_site(&out, &files, None).unwrap();
        fs::write(out.join("CNAME"), "video.example.com").unwrap();
        write_site(&out, &files, None).unwrap();
        // A new folder with the same files: another identity.
        let backup = dir.path().join("backup");
        fs::create_dir(&backup).unwrap();
        for name in ["index.html", "CNAME"] {
            fs::copy(out.join(name), backup.join(name)).unwrap();
        }
        fs::remove_dir_all(&out).unwrap();
        fs::rename(&backup, &out).unwrap();
        write_site(&out, &[OutputFile::bytes("index.html", "again")], None).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "again");
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "video.example.com"
        );
    }

    #[test]
    fn a_link_planted_in_the_spare_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let outside = dir.path().join("outside.html");
        fs::write(&outside, "not clapboard's").unwrap();
        write_site(&out, &[OutputFile::bytes("a.html", "one")], None).unwrap();
        write_site(&out, &[OutputFile::bytes("a.html", "two")], None).unwrap();
        // The spare now holds the first site; a new page's path in it is a link elsewhere.
        let spare = dir.path().join(".site.clapboard-spare");
        assert!(spare.join("a.html").is_file());
        std::os::unix::fs::symlink(&outside, spare.join("b.html")).unwrap();
        let files = [
            OutputFile::bytes("a.html", "three"),
            OutputFile::bytes("b.html", "new page"),
        ];
        write_site(&out, &files, None).unwrap();
        assert_eq!(fs::read_to_string(&outside).unwrap(), "not clapboard's");
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "new page");
        assert!(
            !fs::symlink_metadata(out.join("b.html"))
                .unwrap()
                .is_symlink()
        );
    }

    #[test]
    fn the_owner_s_empty_folders_are_kept_through_swaps() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let files = [
            OutputFile::bytes("a/index.html", "one"),
            OutputFile::bytes("m/n/index.html", "two"),
        ];
        write_site(&out, &files, None).unwrap();
        for folder in ["a/inner", "keep/deep", "m/n/o", "zz"] {
            fs::create_dir_all(out.join(folder)).unwrap();
        }
        for _ in 0..3 {
            write_site(&out, &files, None).unwrap();
            for folder in ["a/inner", "keep/deep", "m/n/o", "zz"] {
                assert!(out.join(folder).is_dir(), "{folder}");
            }
        }
        write_site(&out, &[OutputFile::bytes("b.html", "three")], None).unwrap();
        assert!(!out.join("m/n/index.html").exists());
        assert!(
            out.join("m/n/o").is_dir(),
            "the owner's folder, and the way to it"
        );
    }

    #[test]
    fn a_folder_clapboard_did_not_create_is_written_in_place() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir_all(out.join("empty")).unwrap();
        fs::write(out.join("CNAME"), "video.example.com").unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(0o700)).unwrap();
        let identity = fs::metadata(&out).unwrap().ino();
        write_site(&out, &[OutputFile::bytes("a/index.html", "one")], None).unwrap();
        write_site(&out, &[OutputFile::bytes("b/index.html", "two")], None).unwrap();
        let metadata = fs::metadata(&out).unwrap();
        assert_eq!(metadata.ino(), identity);
        assert_eq!(metadata.mode() & 0o777, 0o700);
        assert!(out.join("empty").is_dir());
        assert!(!out.join("a/index.html").exists(), "its own old file goes");
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "two");
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "video.example.com"
        );
        assert!(
            write_site(&out, &[OutputFile::bytes("CNAME", "mine")], None).is_err(),
            "never overwrites the owner's file"
        );
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "video.example.com"
        );
        assert!(!dir.path().join(".site.clapboard-spare").exists());
    }
}
