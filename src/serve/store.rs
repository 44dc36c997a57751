//! The dev server's copy of the files it serves, on disk instead of in memory: a site of
//! 20,000 notes is well over 100 MB of pages, which the server would otherwise hold for as
//! long as it runs.
//!
//! Each file is kept once, named by the hash of its bytes, in a folder of the session's own
//! (made by `tempfile`, readable by its owner only, removed when the server stops). A rebuild
//! stores only the files whose bytes are new; files no site of the last two rebuilds has are
//! removed. A file is read back whole and checked against its length and hash before it is
//! served: a changed or missing copy is an error, never served.

use std::fs;
use std::io::{self, Write as _};
use std::path::PathBuf;
use std::sync::Mutex;

/// A file the store holds: the hash of its bytes, and their length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stored {
    pub hash: u64,
    pub len: u64,
}

pub struct Store {
    dir: tempfile::TempDir,
    /// The length of each file held, by its hash.
    held: Mutex<foldhash::HashMap<u64, u64>>,
}

impl Store {
    /// An empty store, in a new folder of the system's temporary folder. The stores of dev
    /// servers that were killed before they could remove theirs are removed first.
    pub fn new() -> io::Result<Store> {
        remove_abandoned(&std::env::temp_dir());
        // Readable by its owner only: the sites served may be those with a password.
        let dir = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .tempdir()?;
        Ok(Store {
            dir,
            held: Mutex::default(),
        })
    }

    /// The store's folder.
    pub fn folder(&self) -> &std::path::Path {
        self.dir.path()
    }

    fn path(&self, hash: u64) -> PathBuf {
        self.dir.path().join(format!("{hash:016x}"))
    }

    /// Keeps `bytes`, unless a file with the same bytes is already held.
    pub fn put(&self, bytes: &[u8]) -> io::Result<Stored> {
        self.put_hashed(crate::cache::hash_of(bytes), bytes)
    }

    /// [`Store::put`], for bytes whose hash is `hash` (as `cache::hash_of` makes it).
    pub fn put_hashed(&self, hash: u64, bytes: &[u8]) -> io::Result<Stored> {
        let stored = Stored {
            hash,
            len: bytes.len() as u64,
        };
        if self.held(stored.hash) == Some(stored) {
            return Ok(stored);
        }
        // Written under a name of its own, then renamed: a file is whole or absent.
        let mut file = tempfile::NamedTempFile::new_in(self.dir.path())?;
        file.write_all(bytes)?;
        file.persist(self.path(stored.hash)).map_err(|e| e.error)?;
        self.held
            .lock()
            .expect("an unpoisoned store")
            .insert(stored.hash, stored.len);
        Ok(stored)
    }

    /// The file with bytes hashing to `hash`, if the store holds it.
    pub fn held(&self, hash: u64) -> Option<Stored> {
        let held = self.held.lock().expect("an unpoisoned store");
        held.get(&hash).map(|&len| Stored { hash, len })
    }

    /// The bytes of a file held, checked against its length and hash.
    pub fn read(&self, stored: Stored) -> io::Result<Vec<u8>> {
        let bytes = fs::read(self.path(stored.hash))?;
        if bytes.len() as u64 != stored.len
            || crate::cache::hash_of(bytes.as_slice()) != stored.hash
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the dev server's copy of this file was changed",
            ));
        }
        Ok(bytes)
    }

    /// Removes every file whose hash `keep` does not hold.
    pub fn keep_only(&self, keep: &foldhash::HashSet<u64>) {
        let mut held = self.held.lock().expect("an unpoisoned store");
        held.retain(|hash, _| {
            let kept = keep.contains(hash);
            if !kept {
                let _ = fs::remove_file(self.path(*hash));
            }
            kept
        });
    }
}

/// How the name of a store's folder starts; the process's id follows.
const PREFIX: &str = "clapboard-serve-";

/// Removes the stores in `temporary` of this user's dev servers that are no longer running.
fn remove_abandoned(temporary: &std::path::Path) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let me = fs::metadata("/proc/self").map(|m| m.uid()).ok();
        for entry in fs::read_dir(temporary).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = name
                .strip_prefix(PREFIX)
                .and_then(|rest| rest.split('-').next())
                .and_then(|pid| pid.parse::<u32>().ok())
            else {
                continue;
            };
            let ours =
                fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_dir() && Some(m.uid()) == me);
            let running = std::path::Path::new(&format!("/proc/{pid}")).exists();
            if ours && !running {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = temporary;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_are_kept_once_read_back_checked_and_removed_when_unused() {
        let store = Store::new().unwrap();
        let mode = fs::metadata(store.dir.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only its owner may read the folder");
        let page = store.put(b"<p>one</p>").unwrap();
        assert_eq!(store.put(b"<p>one</p>").unwrap(), page);
        let other = store.put(b"<p>two</p>").unwrap();
        assert_eq!(fs::read_dir(store.dir.path()).unwrap().count(), 2);
        assert_eq!(store.read(page).unwrap(), b"<p>one</p>");

        // A copy changed on disk is never served.
        fs::write(store.path(other.hash), b"<p>TWO</p>").unwrap();
        assert!(store.read(other).is_err());
        fs::write(store.path(other.hash), b"<p>two</p> and more").unwrap();
        assert!(store.read(other).is_err());

        store.keep_only(&[page.hash].into_iter().collect());
        assert_eq!(store.held(other.hash), None);
        assert!(store.read(other).is_err());
        assert_eq!(store.read(page).unwrap(), b"<p>one</p>");
        assert_eq!(fs::read_dir(store.dir.path()).unwrap().count(), 1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stores_of_servers_no_longer_running_are_removed() {
        let temporary = tempfile::tempdir().unwrap();
        let abandoned = temporary
            .path()
            .join(format!("{PREFIX}{}-x1", u32::MAX - 7));
        let running = temporary
            .path()
            .join(format!("{PREFIX}{}-x2", std::process::id()));
        let other = temporary.path().join("clapboard-serve-notes");
        for dir in [&abandoned, &running, &other] {
            fs::create_dir(dir).unwrap();
            fs::write(dir.join("0000000000000001"), "page").unwrap();
        }
        remove_abandoned(temporary.path());
        assert!(!abandoned.exists());
        assert!(running.join("0000000000000001").is_file());
        assert!(other.join("0000000000000001").is_file());
    }
}
