//! What one build can hand the next: rendered pages, keyed by a hash of everything they were
//! made from, so an edit re-renders only the pages whose inputs changed.
//!
//! The dev server keeps each page's hashes between rebuilds; its store holds the bytes
//! (`serve::store`). `clapboard build` keeps, in its
//! cache folder, an index of each open site it wrote (each page's path, the hash of its inputs
//! and the hash of its bytes). An unchanged page stays where it is: the site's record says
//! which bytes were written there, and the file is taken as it is while it keeps the length
//! and modification time it was written with. Its bytes are read back, and checked against
//! the hash, only when the folder the build brings up to date lacks them. The cache holds no
//! second copy of the site, and a rebuild holds no copy of its unchanged pages.

use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::write::OutputFile;

/// For the dev server, a rendered page: the hash of the inputs it was rendered from, and the
/// hash of its bytes, which the server's store holds.
type RenderedPage = (u64, u64);

#[derive(Default)]
pub struct RenderCache {
    pages: Mutex<foldhash::HashMap<String, RenderedPage>>,
    /// For `build`: the pages of the site as the last build wrote it, and this build's.
    written: Option<WrittenPages>,
}

/// The pages of a site on disk, as its index describes them, and what this build renders.
struct WrittenPages {
    site: PathBuf,
    /// What the site's record says of each file written there: the hash of its bytes, its
    /// length and its modification time.
    live: foldhash::HashMap<String, (u64, u64, u128)>,
    before: PageIndex,
    now: Mutex<PageIndex>,
}

impl RenderCache {
    /// A cache for one build of the site at `site`, knowing the pages the last build wrote
    /// there from the index at `index` (none when it is missing, damaged or from another
    /// clapboard).
    pub fn for_site(site: &Path, index: &Path) -> RenderCache {
        let live = crate::write::live_files(site);
        let before = match live.is_empty() {
            false => PageIndex::read(index).unwrap_or_default(),
            true => PageIndex::default(),
        };
        RenderCache {
            pages: Mutex::default(),
            written: Some(WrittenPages {
                site: site.to_path_buf(),
                live,
                before,
                now: Mutex::default(),
            }),
        }
    }

    /// The page at `path` as rendered from inputs hashing to `key`, if it was. For `build`, a
    /// page of the live site is taken only if the site's record says the bytes written there
    /// are those the index describes, and the file still has the length and modification time
    /// they were written with (a page changed by hand is made again). Its bytes stay on disk:
    /// see [`OutputFile::kept`].
    pub fn page(&self, path: &str, key: u64) -> Option<OutputFile> {
        let pages = self.pages.lock().expect("an unpoisoned cache");
        if let Some((_, content)) = pages.get(path).filter(|(k, _)| *k == key) {
            return Some(OutputFile::kept(path, *content));
        }
        drop(pages);
        let written = self.written.as_ref()?;
        let (_, content) = written.before.pages.get(path).filter(|(k, _)| *k == key)?;
        let (hash, len, modified) = written.live.get(path)?;
        if hash != content
            || !crate::write::stamp_matches(&written.site.join(path), *len, *modified)
        {
            return None;
        }
        self.note_written(path, key, *content);
        Some(OutputFile::kept(path, *content))
    }

    /// Notes the page `file`, rendered from inputs hashing to `key`.
    pub fn keep_page(&self, file: &OutputFile, key: u64) {
        let (path, content) = (file.path.as_str(), file.content_hash());
        if self.written.is_some() {
            self.note_written(path, key, content);
            return;
        }
        self.pages
            .lock()
            .expect("an unpoisoned cache")
            .insert(path.to_string(), (key, content));
    }

    /// Forgets the dev server's pages whose bytes `held` says are no longer kept.
    pub fn forget_unless(&self, held: impl Fn(u64) -> bool) {
        self.pages
            .lock()
            .expect("an unpoisoned cache")
            .retain(|_, (_, content)| held(*content));
    }

    fn note_written(&self, path: &str, key: u64, content: u64) {
        if let Some(written) = &self.written {
            written
                .now
                .lock()
                .expect("an unpoisoned cache")
                .pages
                .insert(path.to_string(), (key, content));
        }
    }

    /// Saves the index of the pages this build rendered or reused, once they are written.
    pub fn save_index(&self, index: &Path) -> io::Result<()> {
        match &self.written {
            Some(written) => written
                .now
                .lock()
                .expect("an unpoisoned cache")
                .write(index),
            None => Ok(()),
        }
    }

    /// How many pages were taken from the last build, and how many rendered.
    pub fn counts(&self) -> (usize, usize) {
        let Some(written) = &self.written else {
            return (0, 0);
        };
        let now = written.now.lock().expect("an unpoisoned cache");
        let reused = now
            .pages
            .iter()
            .filter(|(path, entry)| written.before.pages.get(*path) == Some(entry))
            .count();
        (reused, now.pages.len() - reused)
    }
}

/// Where the index of the site written to `site` is kept in the cache folder `cache`: a file
/// named by the site's folder, so sites built into different folders never share one.
pub fn page_index_path(cache: &Path, site: &Path) -> PathBuf {
    let site = site.canonicalize().unwrap_or_else(|_| site.to_path_buf());
    cache
        .join("pages")
        .join(format!("{:016x}.index", hash_of(site)))
}

/// Each page of a site: its path, the hash of what it was rendered from and of its bytes.
#[derive(Default)]
struct PageIndex {
    pages: foldhash::HashMap<String, (u64, u64)>,
}

/// The first line of a page index; an index from another format or build of clapboard is not
/// read (the hash of a page's inputs leaves out the code that renders them).
fn index_header() -> String {
    format!("clapboard page index 1 {}\n", binary_stamp())
}

impl PageIndex {
    /// The index at `path`, if it is whole: its last line is a hash of the lines before.
    fn read(path: &Path) -> Option<PageIndex> {
        let text = std::fs::read_to_string(path).ok()?;
        let body = text.strip_prefix(&index_header())?;
        let (lines, check) = body.rsplit_once("check ")?;
        let check = u64::from_str_radix(check.trim_end(), 16).ok()?;
        if hash_of(lines) != check {
            return None;
        }
        let mut pages = foldhash::HashMap::default();
        for line in lines.lines() {
            let mut parts = line.splitn(3, '\t');
            let key = u64::from_str_radix(parts.next()?, 16).ok()?;
            let content = u64::from_str_radix(parts.next()?, 16).ok()?;
            pages.insert(parts.next()?.to_string(), (key, content));
        }
        Some(PageIndex { pages })
    }

    /// Writes the index to `path` whole or not at all.
    fn write(&self, path: &Path) -> io::Result<()> {
        use std::fmt::Write as _;
        let mut sorted: Vec<(&String, &(u64, u64))> = self.pages.iter().collect();
        sorted.sort();
        let mut lines = String::with_capacity(sorted.len() * 64);
        for (page, (key, content)) in sorted {
            let _ = writeln!(lines, "{key:016x}\t{content:016x}\t{page}");
        }
        let text = format!("{}{lines}check {:016x}\n", index_header(), hash_of(&lines));
        write_whole(path, text.as_bytes())
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, so a reader finds the old
/// file or the new one, never half of one.
pub fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_whole_with(path, |out| out.write_all(bytes))
}

/// [`write_whole`], the file's bytes written by `write` through a buffer.
pub fn write_whole_with(
    path: &Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temporary).and_then(|file| {
        let mut out = io::BufWriter::new(file);
        write(&mut out)?;
        io::Write::flush(&mut out)
    });
    written
        .and_then(|()| std::fs::rename(&temporary, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
}

/// What tells one build of clapboard from another: its version and the size and time of its
/// executable, so a cache written by another build is never trusted.
pub fn binary_stamp() -> String {
    static STAMP: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    STAMP
        .get_or_init(|| {
            let executable = std::env::current_exe()
                .and_then(std::fs::metadata)
                .ok()
                .map(|m| {
                    let modified = m
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_nanos());
                    hash_of((m.len(), modified))
                })
                .unwrap_or(0);
            format!("{}-{executable:016x}", env!("CARGO_PKG_VERSION"))
        })
        .clone()
}

/// The hasher of every hash clapboard keeps or compares: XXH3, fast on long texts and the
/// same from one run to the next.
pub type StableHasher = xxhash_rust::xxh3::Xxh3Default;

/// A hash of anything hashable.
pub fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = StableHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A hash of anything serializable, as its JSON, written out into the hasher without keeping
/// the text.
pub fn hash_serialized(value: &impl serde::Serialize) -> u64 {
    struct HashWriter(StableHasher);
    impl io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut writer = HashWriter(StableHasher::new());
    let _ = serde_json::to_writer(&mut writer, value);
    writer.0.finish()
}

/// A hash of a JSON value, walking it: each value's kind, then its content (a string's
/// bytes, an object's keys and values in order). Two values hash alike only when they are
/// equal, but for collisions of the hash itself.
pub fn hash_json(value: &serde_json::Value) -> u64 {
    fn feed(value: &serde_json::Value, hasher: &mut StableHasher) {
        use serde_json::Value;
        match value {
            Value::Null => hasher.write_u8(0),
            Value::Bool(b) => {
                hasher.write_u8(1);
                hasher.write_u8(u8::from(*b));
            }
            Value::Number(n) => {
                hasher.write_u8(2);
                n.to_string().hash(hasher);
            }
            Value::String(s) => {
                hasher.write_u8(3);
                s.hash(hasher);
            }
            Value::Array(items) => {
                hasher.write_u8(4);
                hasher.write_usize(items.len());
                items.iter().for_each(|item| feed(item, hasher));
            }
            Value::Object(map) => {
                hasher.write_u8(5);
                hasher.write_usize(map.len());
                for (key, item) in map {
                    key.hash(hasher);
                    feed(item, hasher);
                }
            }
        }
    }
    let mut hasher = StableHasher::new();
    feed(value, &mut hasher);
    hasher.finish()
}
