//! Watching the production folder: which changes matter, gathered over a short quiet moment so
//! that an editor's save (often a temporary file, a rename and a delete) is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// How long to wait after a change for the others of the same save.
const QUIET: Duration = Duration::from_millis(15);

pub struct FolderWatch {
    root: PathBuf,
    /// Folders whose changes are the server's own or nobody's business: the output, `.git`.
    ignored: Vec<PathBuf>,
    events: Receiver<notify::Result<notify::Event>>,
    watcher: RecommendedWatcher,
    /// Whether the watcher may have missed a change since the last one was given: it
    /// reported an error, or that its queue overflowed.
    lost: bool,
}

/// What changed in the production folder.
pub struct Change {
    /// The paths reported changed: files and folders, created, changed, removed or renamed.
    pub paths: Vec<PathBuf>,
    /// Whether every change since the last one given is among `paths`: `false` when the
    /// watcher may have missed some, and every file must be looked at.
    pub complete: bool,
}

impl FolderWatch {
    pub fn new(root: &Path, ignored: Vec<PathBuf>) -> notify::Result<FolderWatch> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        Ok(FolderWatch {
            root: root.to_path_buf(),
            ignored,
            events,
            watcher,
            lost: false,
        })
    }

    /// Waits for the next change that matters.
    pub fn next_change(&mut self) -> Change {
        let paths = self.next_paths();
        Change {
            paths,
            complete: !std::mem::take(&mut self.lost),
        }
    }

    fn next_paths(&mut self) -> Vec<PathBuf> {
        loop {
            let Ok(first) = self.events.recv() else {
                return Vec::new();
            };
            let mut changed = self.relevant(first);
            // Gather the rest of the save.
            loop {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => changed.extend(self.relevant(event)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return changed,
                }
            }
            if !self.root.exists() {
                // The folder itself was replaced: wait for it to come back and watch it again.
                for _ in 0..50 {
                    std::thread::sleep(Duration::from_millis(20));
                    if self.root.exists() {
                        break;
                    }
                }
                let _ = self.watcher.watch(&self.root, RecursiveMode::Recursive);
                changed.push(self.root.clone());
                self.lost = true;
            }
            changed.sort();
            changed.dedup();
            if !changed.is_empty() {
                return changed;
            }
        }
    }

    fn relevant(&mut self, event: notify::Result<notify::Event>) -> Vec<PathBuf> {
        let Ok(event) = event else {
            self.lost = true;
            return Vec::new();
        };
        if event.need_rescan() {
            self.lost = true;
        }
        if event.kind.is_access() {
            return Vec::new();
        }
        event
            .paths
            .into_iter()
            .filter(|path| !self.ignored.iter().any(|ignored| path.starts_with(ignored)))
            .filter(|path| !is_scratch(path))
            .collect()
    }
}

/// Files editors and tools write beside the real ones: swap, backup and lock files.
pub fn is_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let components_hidden = path
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with(".git"));
    components_hidden
        || name.ends_with('~')
        || name.starts_with(".#")
        // A spreadsheet's lock files beside an open workbook.
        || name.starts_with("~$")
        || name.starts_with(".~lock.")
        || name.starts_with('#') && name.ends_with('#')
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ending| name.ends_with(ending))
        || name == "4913"
        || name == ".DS_Store"
        || name.starts_with(".clapboard")
        || name.contains(".clapboard-new-")
        || name.contains(".clapboard-old-")
        || name.contains(".clapboard-spare")
        || name.ends_with(".clapboard-tmp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_scratch_files_are_ignored() {
        for scratch in [
            "journal/.a.md.swp",
            "journal/a.md~",
            "journal/.#a.md",
            "journal/#a.md#",
            "4913",
            ".git/index",
            "shots.yaml.tmp",
            "shots/~$shots.xlsx",
            "shots/.~lock.shots.xlsx#",
        ] {
            assert!(is_scratch(Path::new(scratch)), "{scratch}");
        }
        for real in ["journal/a.md", "shots.yaml", "templates/base.html"] {
            assert!(!is_scratch(Path::new(real)), "{real}");
        }
    }
}
