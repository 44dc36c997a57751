//! The production folder, read without ever following a link.
//!
//! Every file of the project is opened through a handle on the production folder, with
//! `openat2` and `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS` on Linux (elsewhere, or where the
//! kernel refuses `openat2`, one component at a time with `O_NOFOLLOW`), and checked on the
//! open handle to be a regular file. Its bytes are read once and kept: the check, the images
//! and the published copies all use those bytes, and nothing is ever copied by path. A link
//! swapped in for a file, or for a folder on its way, while a build runs is refused, never
//! followed.

use std::collections::HashMap;
use std::io::Read;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustix::fs::{FileType, Mode, OFlags};
use rustix::io::Errno;

/// Why a file of the project could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Nothing is there (or a folder on the way is a file).
    Missing,
    /// The path, or a folder on its way, is a symbolic link, or leads outside the folder.
    Link,
    /// A folder, a device or a pipe, not a file.
    NotAFile,
    /// Larger than the limit given, in bytes.
    TooLarge(u64),
    /// Any other error, as the system words it.
    Failed(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Missing => f.write_str("it does not exist"),
            Unreadable::Link => f.write_str("it is, or goes through, a symbolic link"),
            Unreadable::NotAFile => f.write_str("it is not a regular file"),
            Unreadable::TooLarge(size) => write!(f, "it is {size} bytes long"),
            Unreadable::Failed(error) => f.write_str(error),
        }
    }
}

/// What reading one file gave: its bytes, shared, or why it could not be read.
type Reading = Result<Arc<Vec<u8>>, Unreadable>;

/// The production folder, open; the files read through it, by path.
pub struct ProjectFolder {
    root: PathBuf,
    handle: OwnedFd,
    files: Mutex<HashMap<String, Reading>>,
}

/// No image or static file is read past this size.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

impl ProjectFolder {
    /// Opens the folder at `root` (itself found and resolved by the load stage).
    pub fn open(root: &Path) -> std::io::Result<ProjectFolder> {
        let handle = rustix::fs::open(
            root,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(ProjectFolder {
            root: root.to_path_buf(),
            handle,
            files: Mutex::new(HashMap::new()),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The bytes of the file at `relative` (`assets/stills/roof.jpg`), read the first time it
    /// is asked for and the same bytes every time after.
    pub fn file(&self, relative: &str) -> Reading {
        if let Some(read) = self
            .files
            .lock()
            .ok()
            .and_then(|f| f.get(relative).cloned())
        {
            return read;
        }
        let read = self.read(Path::new(relative), MAX_FILE_BYTES).map(Arc::new);
        if let Ok(mut files) = self.files.lock() {
            // Two threads asking at once both read; the first reading kept is everyone's.
            return files.entry(relative.to_string()).or_insert(read).clone();
        }
        read
    }

    /// Reads the file at `relative`, up to `limit` bytes, without keeping it.
    pub fn read(&self, relative: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
        let handle = open_beneath(&self.handle, relative)?;
        let stat = rustix::fs::fstat(&handle).map_err(failed)?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return Err(Unreadable::NotAFile);
        }
        let size = u64::try_from(stat.st_size).unwrap_or(0);
        if size > limit {
            return Err(Unreadable::TooLarge(size));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        std::fs::File::from(handle)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Unreadable::Failed(e.to_string()))?;
        if bytes.len() as u64 > limit {
            return Err(Unreadable::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }
}

fn failed(errno: Errno) -> Unreadable {
    Unreadable::Failed(std::io::Error::from(errno).to_string())
}

fn unreadable(errno: Errno) -> Unreadable {
    match errno {
        Errno::NOENT | Errno::NOTDIR => Unreadable::Missing,
        Errno::LOOP | Errno::XDEV => Unreadable::Link,
        other => failed(other),
    }
}

/// Opens `relative` beneath `folder` for reading, refusing every symbolic link on the way.
/// `O_NONBLOCK` keeps a pipe planted as a file from blocking the open.
fn open_beneath(folder: &OwnedFd, relative: &Path) -> Result<OwnedFd, Unreadable> {
    let inside = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside || relative.as_os_str().is_empty() {
        return Err(Unreadable::Link);
    }
    let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW | OFlags::NONBLOCK;
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::ResolveFlags;
        let resolve =
            ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
        match rustix::fs::openat2(folder, relative, flags, Mode::empty(), resolve) {
            Ok(handle) => return Ok(handle),
            // Kernels before 5.6, and sandboxes that filter the call, take the walk below.
            Err(Errno::NOSYS | Errno::PERM | Errno::INVAL) => {}
            Err(errno) => return Err(unreadable(errno)),
        }
    }
    let parts: Vec<_> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect();
    let (last, folders) = parts.split_last().ok_or(Unreadable::Missing)?;
    let mut current: Option<OwnedFd> = None;
    for part in folders {
        let at = current.as_ref().map_or(folder.as_fd(), |f| f.as_fd());
        let next = rustix::fs::openat(
            at,
            *part,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(unreadable)?;
        current = Some(next);
    }
    let at = current.as_ref().map_or(folder.as_fd(), |f| f.as_fd());
    rustix::fs::openat(at, *last, flags, Mode::empty()).map_err(unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_and_refuses_links_pipes_folders_and_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        std::fs::create_dir_all(root.join("assets/sub")).unwrap();
        std::fs::write(root.join("assets/a.svg"), "<svg/>").unwrap();
        std::fs::write(dir.path().join("secret"), "secret").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("assets/link.svg"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("linked")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("assets/pipe.svg"))
            .status();
        let folder = ProjectFolder::open(&root).unwrap();
        assert_eq!(folder.file("assets/a.svg").unwrap().as_slice(), b"<svg/>");
        assert_eq!(folder.file("assets/link.svg"), Err(Unreadable::Link));
        assert_eq!(folder.file("linked/secret"), Err(Unreadable::Link));
        assert_eq!(folder.file("../secret"), Err(Unreadable::Link));
        assert_eq!(folder.file("/etc/passwd"), Err(Unreadable::Link));
        assert_eq!(folder.file("assets/none.svg"), Err(Unreadable::Missing));
        assert_eq!(folder.file("assets/a.svg/x"), Err(Unreadable::Missing));
        assert_eq!(folder.file("assets/sub"), Err(Unreadable::NotAFile));
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(folder.file("assets/pipe.svg"), Err(Unreadable::NotAFile));
        }
        assert_eq!(
            folder.read(Path::new("assets/a.svg"), 3),
            Err(Unreadable::TooLarge(6))
        );
    }

    #[test]
    fn a_file_read_once_keeps_its_bytes_when_swapped_for_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::write(root.join("assets/a.svg"), "<svg/>").unwrap();
        let folder = ProjectFolder::open(&root).unwrap();
        assert!(folder.file("assets/a.svg").is_ok());
        std::fs::remove_file(root.join("assets/a.svg")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("assets/a.svg")).unwrap();
        assert_eq!(folder.file("assets/a.svg").unwrap().as_slice(), b"<svg/>");
        assert_eq!(
            folder.read(Path::new("assets/a.svg"), 1024),
            Err(Unreadable::Link)
        );
    }
}
