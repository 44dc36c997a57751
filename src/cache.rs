//! What one build can hand the next: rendered pages, keyed by a hash of
//! everything they were made from. The dev server keeps a cache between rebuilds, so an edit
//! re-renders only the pages whose inputs changed; `clapboard build` starts with none.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::sync::{Arc, Mutex};

/// A rendered page and the hash of the inputs it was rendered from.
type RenderedPage = (u64, Arc<Vec<u8>>);

#[derive(Default)]
pub struct RenderCache {
    pages: Mutex<HashMap<String, RenderedPage>>,
}

impl RenderCache {
    /// The page at `path` as rendered from inputs hashing to `key`, if it was.
    pub fn page(&self, path: &str, key: u64) -> Option<Arc<Vec<u8>>> {
        let pages = self.pages.lock().expect("an unpoisoned cache");
        pages
            .get(path)
            .filter(|(k, _)| *k == key)
            .map(|(_, b)| b.clone())
    }

    pub fn keep_page(&self, path: &str, key: u64, bytes: Arc<Vec<u8>>) {
        self.pages
            .lock()
            .expect("an unpoisoned cache")
            .insert(path.to_string(), (key, bytes));
    }
}

/// A hash of anything hashable.
pub fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A hash of a JSON value, computed while writing it out, without keeping the text.
pub fn hash_json(value: &serde_json::Value) -> u64 {
    struct HashWriter(DefaultHasher);
    impl io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut writer = HashWriter(DefaultHasher::new());
    let _ = serde_json::to_writer(&mut writer, value);
    writer.0.finish()
}
