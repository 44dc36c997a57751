//! Load: the production folder -> the typed [`Production`] and the sources it was read from.
//!
//! Files are found with walkdir and classified by their path alone (`shots.yaml`,
//! `shots/*.yaml`, `journal/*.md` ...; one row each in [`DOCUMENTS`]), so a newcomer can find
//! everything. Each file is parsed on its own; a broken file is reported and the others are
//! still read, so one run reports every problem.

mod assemble;
pub mod audience;
pub mod edl;
mod frontmatter;
pub mod ignore;
pub mod node;
pub mod sheet;
mod yaml;

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use self::audience::Viewer;
use self::node::Node;
use crate::diagnostics::{Code, Diagnostic, SourceFile, Sources};
use crate::folder::{ProjectFolder, Unreadable};
use crate::model::common::SharedText;
use crate::model::{FileId, Markdown, Pos, Production};

pub use yaml::YamlError;

/// The name of the file that marks a production folder.
pub const CONFIG_FILE: &str = "clapboard.yaml";

/// Files larger than this are refused rather than read: no production document is this big.
const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

/// Folders that hold no documents.
const NOT_DOCUMENTS: [&str; 7] = [
    "assets",
    "templates",
    "static",
    "schemas",
    "dist",
    "target",
    "node_modules",
];

/// What the load stage gives: the production (when its `clapboard.yaml` could be read), the
/// text of every file, and every problem found.
pub struct Loaded {
    pub root: PathBuf,
    /// Everything, for the check.
    pub production: Option<Production>,
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// The documents as read, from which each audience's production is made.
    pub documents: Documents,
}

/// The folder holding `clapboard.yaml`: `start` itself or its nearest parent, as cargo finds
/// `Cargo.toml`.
pub fn find_root(start: &Path) -> Result<PathBuf, Diagnostic> {
    let start = start.canonicalize().map_err(|e| {
        Diagnostic::error(
            Code::NoProject,
            format!("cannot open {}: {e}", start.display()),
        )
        .hint("give the path of a production folder, or run clapboard inside one")
    })?;
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            Diagnostic::error(
                Code::NoProject,
                format!(
                    "no {CONFIG_FILE} in {} or any folder above it",
                    start.display()
                ),
            )
            .hint("run `clapboard new <dir>` to start a production, or pass its folder")
        })
}

/// The kinds of document a production folder holds, by where they live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Config,
    Treatment,
    Moodboard,
    Storyboard,
    Shots,
    Locations,
    People,
    Schedule,
    Budget,
    Cuts,
    Reviews,
    Vfx,
    Deliverables,
    PostNote,
    Journal,
    PressKit,
    PressRelease,
    Promo,
}

impl Kind {
    /// This kind's row of [`DOCUMENTS`].
    pub fn document(self) -> &'static DocumentKind {
        &DOCUMENTS[self as usize]
    }

    pub(crate) fn is_markdown(self) -> bool {
        self.document().format != Format::Yaml
    }

    fn needs_front_matter(self) -> bool {
        self.document().format == Format::FrontMatter
    }
}

/// Where a kind of document lives in the production folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// One file at this path.
    File(&'static str),
    /// A list of items: `<stem>.yaml`, or any number of YAML files anywhere under `<stem>/`,
    /// or its lists as spreadsheets (see [`sheet`]).
    List(&'static str),
    /// Markdown notes, one a file, in this folder (and its subfolders when `nested`).
    Notes { folder: &'static str, nested: bool },
}

/// How a document is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Markdown,
    /// Markdown that opens with YAML front matter (`title:`, `date:` ...).
    FrontMatter,
}

/// One kind of document: where it lives, how it is written and who sees it.
#[derive(Clone, Copy, Debug)]
pub struct DocumentKind {
    pub kind: Kind,
    pub place: Place,
    pub format: Format,
    /// Who sees a document of this kind when it does not say.
    pub audience: &'static [&'static str],
    /// The name of its JSON Schema: `shots` for `schemas/shots.schema.json`.
    pub schema: &'static str,
    /// What people call it, as schemas and messages name it: `Shot list`.
    pub title: &'static str,
}

const EVERYONE: &[&str] = &[audience::PUBLIC];
const CLIENT: &[&str] = &["client"];
const CREW: &[&str] = &["crew"];
const CLIENT_AND_CREW: &[&str] = &["client", "crew"];

/// Every kind of document, in the order of [`Kind`]: a new kind is a new row.
#[rustfmt::skip]
pub const DOCUMENTS: [DocumentKind; 18] = {
    use Format::{FrontMatter, Markdown, Yaml};
    use Place::{File, List};
    const FLAT: bool = false;
    const NESTED: bool = true;
    #[allow(non_snake_case)]
    const fn Notes(folder: &'static str, nested: bool) -> Place {
        Place::Notes { folder, nested }
    }
    const fn row(
        kind: Kind,
        place: Place,
        format: Format,
        audience: &'static [&'static str],
        schema: &'static str,
        title: &'static str,
    ) -> DocumentKind {
        DocumentKind { kind, place, format, audience, schema, title }
    }
    [
        //  kind                place                             format       audience         schema           title
        row(Kind::Config,       File(CONFIG_FILE),                Yaml,        EVERYONE,        "clapboard",     "The production"),
        row(Kind::Treatment,    File("concept/treatment.md"),     Markdown,    CLIENT,          "treatment",     "Treatment"),
        row(Kind::Moodboard,    List("concept/moodboard"),        Yaml,        CLIENT,          "moodboard",     "Moodboard"),
        row(Kind::Storyboard,   List("storyboard"),               Yaml,        CLIENT_AND_CREW, "storyboard",    "Storyboard"),
        row(Kind::Shots,        List("shots"),                    Yaml,        CLIENT_AND_CREW, "shots",         "Shot list"),
        row(Kind::Locations,    List("locations"),                Yaml,        CLIENT_AND_CREW, "locations",     "Locations"),
        row(Kind::People,       List("people"),                   Yaml,        CLIENT_AND_CREW, "people",        "Cast, extras and crew"),
        row(Kind::Schedule,     List("schedule"),                 Yaml,        CREW,            "schedule",      "Shoot schedule"),
        row(Kind::Budget,       List("budget"),                   Yaml,        CLIENT,          "budget",        "Budget"),
        row(Kind::Cuts,         List("post/cuts"),                Yaml,        CLIENT_AND_CREW, "cuts",          "Cuts"),
        row(Kind::Reviews,      List("post/reviews"),             Yaml,        CLIENT_AND_CREW, "reviews",       "Review notes"),
        row(Kind::Vfx,          List("post/vfx"),                 Yaml,        CLIENT_AND_CREW, "vfx",           "VFX shots"),
        row(Kind::Deliverables, List("post/deliverables"),        Yaml,        CLIENT_AND_CREW, "deliverables",  "Deliverables"),
        row(Kind::PostNote,     Notes("post", FLAT),              Markdown,    CLIENT_AND_CREW, "post-note",     "Post-production note"),
        row(Kind::Journal,      Notes("journal", NESTED),         FrontMatter, EVERYONE,        "journal",       "Journal note"),
        row(Kind::PressKit,     File("release/press-kit.yaml"),   Yaml,        EVERYONE,        "press-kit",     "Press kit"),
        row(Kind::PressRelease, File("release/press-release.md"), FrontMatter, EVERYONE,        "press-release", "Press release"),
        row(Kind::Promo,        File("release/promo.yaml"),       Yaml,        EVERYONE,        "promo",         "Premiere, platforms and campaign"),
    ]
};

impl Place {
    /// Whether the file at `relative` (with `/` separators) is a document of this place.
    fn holds(self, relative: &str) -> bool {
        let Some((stem, extension)) = relative.rsplit_once('.') else {
            return false;
        };
        match self {
            Place::File(path) => relative == path,
            Place::List(name) => {
                let in_folder = stem
                    .strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix('/'))
                    .is_some_and(|rest| !rest.is_empty());
                let known = extension == "yaml"
                    || extension == "yml"
                    || sheet::is_sheet_extension(extension)
                    || (extension == "edl" && name == REVIEWS_FOLDER && in_folder);
                known && (stem == name || in_folder)
            }
            Place::Notes { folder, nested } => {
                extension == "md"
                    && stem
                        .strip_prefix(folder)
                        .and_then(|rest| rest.strip_prefix('/'))
                        .is_some_and(|name| nested || !name.contains('/'))
            }
        }
    }

    /// Where the documents are, for messages: `shots.yaml`, `journal/`.
    pub fn home(self) -> String {
        match self {
            Place::File(path) => path.to_string(),
            Place::List(name) => format!("{name}.yaml"),
            Place::Notes { folder, .. } => format!("{folder}/"),
        }
    }

    /// The path a producer would write, for "did you mean" hints.
    fn example(self) -> String {
        match self {
            Place::File(path) => path.to_string(),
            Place::List(name) => format!("{name}.yaml"),
            Place::Notes { folder, .. } => format!("{folder}/<slug>.md"),
        }
    }
}

/// The folder of review rounds, where EDLs of markers are read too.
const REVIEWS_FOLDER: &str = "post/reviews";

/// The kind of document at `relative` (with `/` separators), if it is one.
pub fn classify(relative: &str) -> Option<Kind> {
    DOCUMENTS
        .iter()
        .find(|document| document.place.holds(relative))
        .map(|document| document.kind)
}

/// Whether a file at `relative` is one clapboard ignores without a word: notes to self,
/// version control, the output.
fn quietly_ignored(relative: &str) -> bool {
    let file_name = relative.rsplit('/').next().unwrap_or(relative);
    file_name.starts_with('.')
        || file_name.ends_with('~')
        || matches!(
            file_name.to_ascii_lowercase().as_str(),
            "readme.md" | "readme" | "license" | "license.md" | "notes.md" | "todo.md"
        )
}

/// Reads every document of the production at `root`, and makes the production as a whole
/// (every audience's documents, items and fields) for the check.
pub fn load(root: &Path) -> Loaded {
    match crate::folder::ProjectFolder::open(root) {
        Ok(folder) => load_cached(&folder, &mut LoadCache::default()),
        Err(e) => Loaded {
            root: root.to_path_buf(),
            production: None,
            sources: Sources::default(),
            diagnostics: vec![Diagnostic::error(
                Code::NoProject,
                format!("cannot open {}: {e}", root.display()),
            )],
            documents: Documents::default(),
        },
    }
}

/// The most paths a watcher's change may name for the next load to look only at them.
const MAX_CHANGED_PATHS: usize = 256;

/// What was read of each file last time, so that a rebuild reads and parses only the files
/// that changed (the dev server keeps one between rebuilds).
#[derive(Default)]
pub struct LoadCache {
    /// By path from the production folder: compared and hashed as bytes, as walks give them.
    files: foldhash::HashMap<std::ffi::OsString, CachedFile>,
    /// For the next load only, when known: the only paths (files, or folders and everything
    /// in them) that may have changed since the last. The others' stamps are not taken again.
    changed: Option<Vec<PathBuf>>,
    /// How many loads filled the cache: a file read (or taken from the cache) by the last
    /// load is marked with it, and the others are forgotten.
    loads: u64,
    /// What the last walk of the folder found.
    walked: Option<Walked>,
}

impl LoadCache {
    /// Tells the next load that nothing changed since the last but `paths` (relative to the
    /// production folder: files, or folders and everything in them), as a watcher of the
    /// folder that missed nothing saw: the files it holds that are not among them are taken
    /// as they are, without looking at them again.
    pub fn changed_only(&mut self, paths: Vec<PathBuf>) {
        self.changed = Some(paths);
    }

    /// What [`LoadCache::changed_only`] said, for the next load to look only at: not past a
    /// few hundred paths (a checkout, a copied folder), where looking at everything is
    /// quicker than comparing each file with each path.
    fn changed(&self) -> Option<&[PathBuf]> {
        (self.changed.as_deref()).filter(|paths| paths.len() <= MAX_CHANGED_PATHS)
    }

    /// Forgets what [`LoadCache::changed_only`] said if no load took it; returns whether
    /// there was such a thing.
    pub fn forget_changes(&mut self) -> bool {
        self.changed.take().is_some()
    }
}

struct CachedFile {
    stamp: Stamp,
    /// The load that last read it or took it.
    load: std::sync::atomic::AtomicU64,
    source: Option<SourceFile>,
    document: Option<RawDocument>,
    diagnostics: Vec<Diagnostic>,
}

/// A copy of what the cache holds of a file: its source, document and problems.
struct Held {
    source: Option<SourceFile>,
    document: Option<RawDocument>,
    diagnostics: Vec<Diagnostic>,
}

impl CachedFile {
    fn held(&self) -> Held {
        Held {
            source: self.source.clone(),
            document: self.document.clone(),
            diagnostics: self.diagnostics.clone(),
        }
    }
}

/// [`load`], reusing what `cache` holds of files that have not changed since.
pub fn load_cached(folder: &ProjectFolder, cache: &mut LoadCache) -> Loaded {
    let mut loader = Loader {
        folder,
        sources: Sources::default(),
        diagnostics: Vec::new(),
        cache: std::mem::take(cache),
    };
    loader.cache.loads += 1;
    // The configuration comes first: its `ignore:` keeps files from being read at all.
    let config = loader.raw(Kind::Config, Path::new(CONFIG_FILE));
    let ignored = match &config {
        Some(document) => ignore::Ignored::of_config(
            folder.root(),
            document.tree.as_deref(),
            document.file,
            &loader.sources,
            &mut loader.diagnostics,
        ),
        None => ignore::Ignored::default(),
    };
    let files = loader.document_files(&ignored);
    let documents = loader.read_all(config, &files);
    let this_load = loader.cache.loads;
    loader
        .cache
        .files
        .retain(|_, file| *file.load.get_mut() == this_load);
    // What a watcher saw is for this load only.
    loader.cache.changed = None;
    *cache = std::mem::take(&mut loader.cache);
    let mut diagnostics = loader.diagnostics;
    let production = assemble::production(
        &documents,
        &Viewer::Everyone,
        &loader.sources,
        &mut diagnostics,
    );
    Loaded {
        root: folder.root().to_path_buf(),
        production,
        sources: loader.sources,
        diagnostics,
        documents,
    }
}

/// The production as `audience` may see it: hidden documents, items and fields left out.
pub fn production_for(
    documents: &Documents,
    sources: &Sources,
    audience: &str,
) -> Option<Production> {
    // Problems were reported when the whole production was made; they are the same here.
    let mut ignored = Vec::new();
    assemble::production(
        documents,
        &Viewer::Audience(audience),
        sources,
        &mut ignored,
    )
}

/// A document as read: its kind, its YAML tree (or front matter) and its Markdown body.
#[derive(Clone, Debug)]
pub struct RawDocument {
    kind: Kind,
    file: FileId,
    /// The file name without its extension, as a slug: a journal note's address unless its
    /// front matter sets `slug:`. Shared by the document's copies.
    slug: std::sync::Arc<str>,
    /// Shared by the document's copies: the dev server's load cache holds one.
    tree: Option<std::sync::Arc<Node>>,
    body: Option<Markdown>,
    /// What assembling the document gave each viewer, shared by its copies likewise.
    assembled: std::sync::Arc<assemble::Memo>,
}

/// Every document of a production as read.
#[derive(Clone, Debug, Default)]
pub struct Documents {
    config: Option<RawDocument>,
    documents: Vec<RawDocument>,
    /// Kinds of which a document could not be read at all.
    unread: Vec<Kind>,
}

struct Loader<'a> {
    /// Every document is read through it, never following a link.
    folder: &'a ProjectFolder,
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
    cache: LoadCache,
}

impl Loader<'_> {
    /// Every document file, classified and sorted by path so merges are deterministic; what
    /// the walk found is kept, and the next load after a watcher's change looks again only at
    /// the paths it names ([`Walked::patch`]).
    fn document_files(&mut self, ignored: &ignore::Ignored) -> Vec<(Kind, PathBuf)> {
        let mut walked = self.cache.walked.take();
        let patched = match (&mut walked, self.cache.changed()) {
            (Some(walked), Some(changed)) => walked.patch(self.folder.root(), ignored, changed),
            _ => false,
        };
        let walked = if patched {
            walked.expect("a walk was patched")
        } else {
            self.walk(ignored)
        };
        let mut files = Vec::new();
        for (relative, found) in &walked.found {
            match found {
                Found::Document(kind) => files.push((*kind, relative.clone())),
                Found::Told(warning) => self.diagnostics.push((**warning).clone()),
            }
        }
        self.diagnostics.extend(walked.links.iter().cloned());
        // The walk gives them in path order already (each folder's entries sorted by name, a
        // folder's files right after it): a stable sort by kind keeps it within each kind.
        files.sort_by_key(|(kind, _)| *kind);
        if !files.is_sorted() {
            files.sort();
        }
        // A walk that met a folder it could not read is not kept: the next looks again.
        if walked.whole {
            self.cache.walked = Some(walked);
        }
        files
    }

    /// Walks the production folder: what each file is, in the walk's order.
    fn walk(&mut self, ignored: &ignore::Ignored) -> Walked {
        let root = self.folder.root();
        let mut walked = Walked {
            found: BTreeMap::new(),
            links: Vec::new(),
            whole: true,
        };
        let walker = WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                entry.depth() == 0
                    || walked_into(
                        root,
                        ignored,
                        entry.path().strip_prefix(root).unwrap_or(entry.path()),
                        entry.file_type().is_dir(),
                    )
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().map(|p| self.relative(p)).unwrap_or_default();
                    let problem = Diagnostic::error(
                        Code::UnreadableFile,
                        format!("cannot read this folder: {e}"),
                    )
                    .in_file(&path);
                    walked.found.insert(path, Found::Told(Box::new(problem)));
                    walked.whole = false;
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = self.relative(entry.path());
            if let Some(found) = Found::at(&relative, entry.path_is_symlink()) {
                walked.found.insert(relative, found);
            }
        }
        walked.links = links_in(root);
        walked
    }

    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.folder.root())
            .unwrap_or(path)
            .to_path_buf()
    }

    /// Reads a file as UTF-8 text and records it; `None` (with a diagnostic) when it cannot be.
    fn read(&mut self, relative: &Path) -> Option<(FileId, String)> {
        let bytes = self.read_bytes(relative)?;
        self.text(relative, bytes)
    }

    /// Reads a file's bytes, never through a link; `None` (with a diagnostic) when it cannot be.
    fn read_bytes(&mut self, relative: &Path) -> Option<Vec<u8>> {
        match self.folder.read(relative, MAX_DOCUMENT_BYTES) {
            Ok(bytes) => Some(bytes),
            Err(Unreadable::TooLarge(size)) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::FileTooLarge,
                        format!(
                            "this file is {} MiB; documents are limited to {} MiB",
                            size / (1024 * 1024),
                            MAX_DOCUMENT_BYTES / (1024 * 1024)
                        ),
                    )
                    .in_file(relative)
                    .hint("split it into a folder of smaller files of the same kind"),
                );
                None
            }
            Err(Unreadable::Link) => {
                self.diagnostics.push(
                    Diagnostic::error(Code::SymbolicLink, "this file became a symbolic link while it was read")
                        .in_file(relative)
                        .hint("clapboard reads only files inside the production folder; copy the file here instead"),
                );
                None
            }
            Err(e) => {
                self.diagnostics.push(
                    Diagnostic::error(Code::UnreadableFile, format!("cannot read this file: {e}"))
                        .in_file(relative),
                );
                None
            }
        }
    }

    fn text(&mut self, relative: &Path, bytes: Vec<u8>) -> Option<(FileId, String)> {
        if bytes.iter().take(8192).any(|b| *b == 0) {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::BinaryFile,
                    "this is a binary file, not a text document",
                )
                .in_file(relative)
                .hint(
                    "documents are YAML or Markdown text; images and other files belong in assets/",
                ),
            );
            return None;
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                let id = self.sources.add(relative.to_path_buf(), text.clone());
                Some((id, text))
            }
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
                let column = valid.iter().rev().take_while(|b| **b != b'\n').count() as u32 + 1;
                self.diagnostics.push(
                    Diagnostic::error(Code::NotUtf8, "this file is not UTF-8 text")
                        .in_file(relative)
                        .at(Pos { line, column })
                        .hint("save it as UTF-8 in your editor (binary files belong in assets/)"),
                );
                None
            }
        }
    }

    /// Parses YAML `text` (which starts on `first_line` of its file) into its node tree, with
    /// every position a position in the file.
    fn tree(&mut self, id: FileId, text: &str, first_line: u32) -> Option<Node> {
        let only_comments = text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        if only_comments {
            self.diagnostics.push(
                self.sources.diagnostic(
                    Diagnostic::error(Code::EmptyFile, "this document is empty")
                        .hint("write the document's fields, or delete the file"),
                    id,
                    Pos::default(),
                ),
            );
            return None;
        }
        match yaml::parse_tree_at(text, first_line) {
            Ok(tree) => Some(tree),
            Err(error) => {
                let diagnostic = error.into_diagnostic();
                let at = diagnostic.at;
                self.diagnostics
                    .push(self.sources.diagnostic(diagnostic, id, at));
                None
            }
        }
    }

    /// Reads one document into its tree (and Markdown body); `None`, reported, when it cannot
    /// be read at all: [`Loader::raw_uncached`], or what the cache holds of the file if it has
    /// not changed.
    fn raw(&mut self, kind: Kind, relative: &Path) -> Option<RawDocument> {
        let stamp = stamp_of(self.folder, relative);
        self.raw_stamped(kind, relative, stamp, None)
    }

    /// [`Loader::raw`], for a file whose stamp was taken and which may have been read already
    /// (`prepared`, by a loader of its own).
    fn raw_stamped(
        &mut self,
        kind: Kind,
        relative: &Path,
        stamp: Option<Stamp>,
        prepared: Option<Prepared>,
    ) -> Option<RawDocument> {
        let this_load = self.cache.loads;
        if let Some(stamp) = stamp
            && let Some(cached) = self.cache.files.get_mut(relative.as_os_str())
            && cached.stamp == stamp
        {
            *cached.load.get_mut() = this_load;
            let held = cached.held();
            return self.take_held(held);
        }
        let diagnostics_before = self.diagnostics.len();
        let sources_before = self.sources.len();
        let document = match prepared {
            Some(prepared) => self.adopt(prepared),
            None => self.raw_uncached(kind, relative),
        };
        if let Some(stamp) = stamp {
            let source = (self.sources.len() > sources_before)
                .then(|| self.sources.get(FileId(sources_before as u32)).clone());
            self.cache.files.insert(
                relative.as_os_str().to_owned(),
                CachedFile {
                    stamp,
                    load: this_load.into(),
                    source,
                    document: document.clone(),
                    diagnostics: self.diagnostics[diagnostics_before..].to_vec(),
                },
            );
        }
        document
    }

    /// Takes in what the cache held of one file (a [`CachedFile::held`]): its problems, its
    /// source numbered after this loader's, and its document.
    fn take_held(&mut self, held: Held) -> Option<RawDocument> {
        self.diagnostics.extend(held.diagnostics);
        let file = self.sources.add_file(held.source?);
        held.document.map(|mut document| {
            document.file = file;
            document
        })
    }

    /// Takes in what a loader of its own read of one file: its sources (renumbered after this
    /// loader's), its problems and its document.
    fn adopt(&mut self, prepared: Prepared) -> Option<RawDocument> {
        let offset = self.sources.len() as u32;
        for source in prepared.sources.into_files() {
            self.sources.add_file(source);
        }
        self.diagnostics.extend(prepared.diagnostics);
        prepared.document.map(|mut document| {
            document.file = FileId(document.file.0 + offset);
            document
        })
    }

    fn raw_uncached(&mut self, kind: Kind, relative: &Path) -> Option<RawDocument> {
        let extension = relative
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if sheet::is_sheet_extension(extension) {
            return self.sheet_document(kind, relative, extension);
        }
        if extension == "edl" {
            return self.edl_document(kind, relative);
        }
        let (file, text) = self.read(relative)?;
        if !kind.is_markdown() {
            let tree = self.tree(file, &text, 1)?;
            return Some(RawDocument {
                kind,
                file,
                slug: file_slug(relative),
                tree: Some(std::sync::Arc::new(tree)),
                assembled: Default::default(),
                body: None,
            });
        }
        let Some(split) = frontmatter::split(&text) else {
            self.diagnostics.push(
                self.sources.diagnostic(
                    Diagnostic::error(
                        Code::FrontMatter,
                        "the front matter opened on line 1 is never closed",
                    )
                    .hint("end the front matter with a line holding only `---`"),
                    file,
                    Pos { line: 1, column: 1 },
                ),
            );
            return None;
        };
        // The body shares the file's text, which the sources keep for placing problems.
        let start = split.body.as_ptr() as usize - text.as_ptr() as usize;
        let whole = self.sources.get(file).text.clone();
        debug_assert_eq!(&*whole, text.as_str());
        let body = Markdown::new(SharedText::end_of(whole, start), split.body_line);
        let tree = match split.front_matter {
            Some(yaml) => Some(self.tree(file, yaml, split.front_matter_line)?),
            None if kind.needs_front_matter() => {
                self.diagnostics.push(
                    self.sources.diagnostic(
                        Diagnostic::error(Code::FrontMatter, "this file needs front matter")
                            .hint("start the file with `---`, the fields in YAML, then `---`"),
                        file,
                        Pos { line: 1, column: 1 },
                    ),
                );
                return None;
            }
            None => None,
        };
        Some(RawDocument {
            kind,
            file,
            slug: file_slug(relative),
            tree: tree.map(std::sync::Arc::new),
            assembled: Default::default(),
            body: Some(body),
        })
    }

    /// A list kept as a CSV file or a workbook.
    fn sheet_document(
        &mut self,
        kind: Kind,
        relative: &Path,
        extension: &str,
    ) -> Option<RawDocument> {
        let relative_text = relative.to_string_lossy().replace('\\', "/");
        let list = match sheet::list_of(kind, &relative_text) {
            Ok(list) => list,
            Err(hint) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownFile,
                        format!(
                            "clapboard cannot tell which list of the {} this sheet holds",
                            kind.document().title.to_lowercase()
                        ),
                    )
                    .in_file(relative)
                    .hint(hint),
                );
                return None;
            }
        };
        let (file, grid, problems) = if extension == "csv" {
            let (file, text) = self.read(relative)?;
            match sheet::read_csv(&text) {
                Ok(grid) => (file, grid, Vec::new()),
                Err(problem) => {
                    let at = problem.at;
                    self.diagnostics
                        .push(self.sources.diagnostic(problem, file, at));
                    return None;
                }
            }
        } else {
            let bytes = self.read_bytes(relative)?;
            match sheet::read_workbook(bytes, extension, list) {
                Ok((grid, problems)) => (
                    self.sources.add_file(SourceFile {
                        path: relative.into(),
                        text: "".into(),
                        grid: None,
                    }),
                    grid,
                    problems,
                ),
                Err(problem) => {
                    self.diagnostics.push(problem.in_file(relative));
                    return None;
                }
            }
        };
        // A review file in `post/reviews/` names the cut its notes are of.
        let defaults = match relative_text.strip_prefix(REVIEWS_FOLDER) {
            Some(rest) if kind == Kind::Reviews && rest.starts_with('/') => {
                let stem = relative
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned());
                vec![("version", stem.unwrap_or_default())]
            }
            _ => Vec::new(),
        };
        let options = sheet::TreeOptions {
            kind,
            list,
            defaults,
        };
        let (tree, tree_problems) = sheet::tree(&grid, &options);
        // Problems are told at their cells, so the file's positions become the grid's first.
        self.sources.set_grid(file, grid);
        for problem in problems.into_iter().chain(tree_problems) {
            let at = problem.at;
            self.diagnostics
                .push(self.sources.diagnostic(problem, file, at));
        }
        Some(RawDocument {
            kind,
            file,
            slug: file_slug(relative),
            tree: Some(std::sync::Arc::new(tree?)),
            assembled: Default::default(),
            body: None,
        })
    }

    /// A review round as the timeline markers an edit suite exports: each marker a note of the
    /// cut the file is named after, its name the author, green when resolved.
    fn edl_document(&mut self, kind: Kind, relative: &Path) -> Option<RawDocument> {
        let (file, text) = self.read(relative)?;
        let markers = match edl::markers(&text) {
            Ok(markers) => markers,
            Err(error) => {
                let at = Pos {
                    line: error.line,
                    column: error.column,
                };
                let mut diagnostic = self.sources.diagnostic(
                    Diagnostic::error(Code::BadEdl, error.message).hint(error.hint),
                    file,
                    at,
                );
                // The offending word: a timecode, an event number.
                diagnostic.length = diagnostic.source_line.as_deref().map(|line| {
                    let word = line
                        .chars()
                        .skip(at.column.saturating_sub(1) as usize)
                        .take_while(|c| !c.is_whitespace())
                        .count();
                    u32::try_from(word).unwrap_or(1)
                });
                self.diagnostics.push(diagnostic);
                return None;
            }
        };
        let version = relative
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let items = edl::review_notes(&markers, &version);
        let tree = sheet::document("reviews", items, Pos { line: 1, column: 1 });
        Some(RawDocument {
            kind,
            file,
            slug: file_slug(relative),
            tree: Some(std::sync::Arc::new(tree)),
            assembled: Default::default(),
            body: None,
        })
    }

    fn read_all(&mut self, config: Option<RawDocument>, files: &[(Kind, PathBuf)]) -> Documents {
        use rayon::prelude::*;
        // Each file's stamp is taken, and each text file that changed read and parsed, on
        // every core, each by a loader of its own; the results are then taken in path order,
        // so file numbers and problems come out as a one-by-one reading gives them.
        let (folder, cache) = (self.folder, &self.cache);
        // A file held keeps its stamp unless it is among the paths a watcher saw change.
        let changed = cache.changed();
        let seen_changed = |relative: &Path| match changed {
            Some(changed) => changed.iter().any(|path| relative.starts_with(path)),
            None => true,
        };
        let this_load = cache.loads;
        let taken: Vec<Taken> = files
            .par_iter()
            .map(|(kind, relative)| {
                let held = cache.files.get(relative.as_os_str());
                let stamp = match held {
                    Some(held) if !seen_changed(relative) => Some(held.stamp),
                    _ => stamp_of(folder, relative),
                };
                if let Some(held) = held
                    && stamp == Some(held.stamp)
                {
                    // Taken as it was, on this core; numbered in order below.
                    (held.load).store(this_load, std::sync::atomic::Ordering::Relaxed);
                    return Taken::Held(held.held());
                }
                let text = !matches!(
                    relative.extension().and_then(|e| e.to_str()),
                    Some(e) if e == "edl" || sheet::is_sheet_extension(e)
                );
                if !text || *kind == Kind::Config {
                    return Taken::Read(stamp, None);
                }
                let mut own = Loader {
                    folder,
                    sources: Sources::default(),
                    diagnostics: Vec::new(),
                    cache: LoadCache::default(),
                };
                let document = own.raw_uncached(*kind, relative);
                let prepared = Prepared {
                    sources: own.sources,
                    diagnostics: own.diagnostics,
                    document,
                };
                Taken::Read(stamp, Some(prepared))
            })
            .collect();
        let mut documents = Vec::with_capacity(files.len());
        self.sources.reserve(files.len());
        let mut unread = Vec::new();
        for ((kind, relative), taken) in files.iter().zip(taken) {
            if *kind == Kind::Config {
                continue;
            }
            let document = match taken {
                Taken::Held(held) => self.take_held(held),
                Taken::Read(stamp, prepared) => self.raw_stamped(*kind, relative, stamp, prepared),
            };
            match document {
                Some(document) => documents.push(document),
                None => unread.push(*kind),
            }
        }
        Documents {
            config,
            documents,
            unread,
        }
    }
}

/// The folders published as they are, where the walk for documents does not go.
const PUBLISHED_AS_THEY_ARE: [&str; 3] = ["assets", "templates", "static"];

/// Symbolic links in the folders that are published as they are: never followed or copied.
fn links_in(root: &Path) -> Vec<Diagnostic> {
    let mut links = Vec::new();
    for folder in PUBLISHED_AS_THEY_ARE {
        let base = root.join(folder);
        if !base.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&base).follow_links(false).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if entry.path_is_symlink() {
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                links.push(
                    Diagnostic::warning(Code::SymbolicLink, "symbolic link not followed or copied")
                        .in_file(relative)
                        .hint("clapboard publishes only real files inside the project; copy the file here instead"),
                );
            }
        }
    }
    links
}

/// Whether the walk for documents goes into the file or folder at `relative` (from the
/// production folder `root`, not the folder itself), once it got to the folder holding it.
fn walked_into(root: &Path, ignored: &ignore::Ignored, relative: &Path, is_dir: bool) -> bool {
    let name = relative
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    let top_level_skip =
        is_dir && relative.components().count() == 1 && NOT_DOCUMENTS.contains(&name.as_ref());
    // Sites clapboard wrote inside the project (`--out site`) hold no documents.
    let built_site = is_dir && crate::write::holds_sites(&root.join(relative));
    // `~$shots.xlsx`: the lock file a spreadsheet keeps beside an open workbook.
    !(name.starts_with('.')
        || name.starts_with("~$")
        || top_level_skip
        || built_site
        || ignored.matches(relative, is_dir))
}

/// What the walk of the production folder found, kept between loads.
struct Walked {
    /// Each file that is a document or is warned about, by its path from the production
    /// folder: in the walk's order, which is that of paths compared a folder at a time.
    found: BTreeMap<PathBuf, Found>,
    /// The symbolic links in the folders published as they are.
    links: Vec<Diagnostic>,
    /// Whether the walk read every folder.
    whole: bool,
}

/// What a file met on the walk is.
#[derive(Clone)]
enum Found {
    Document(Kind),
    /// Not used, and said so; or a folder that could not be read.
    Told(Box<Diagnostic>),
}

impl Found {
    /// What the file at `relative` is, unless it is ignored without a word.
    fn at(relative: &Path, is_link: bool) -> Option<Found> {
        if is_link {
            return Some(Found::Told(Box::new(
                Diagnostic::warning(Code::SymbolicLink, "symbolic link not followed")
                    .in_file(relative)
                    .hint("clapboard reads only files inside the production folder; copy the file here instead"),
            )));
        }
        let relative_text = relative.to_string_lossy().replace('\\', "/");
        match classify(&relative_text) {
            Some(kind) => Some(Found::Document(kind)),
            None if quietly_ignored(&relative_text) => None,
            None => Some(Found::Told(Box::new(
                Diagnostic::warning(
                    Code::UnknownFile,
                    "clapboard does not know what this file is, so it is not used",
                )
                .in_file(relative)
                .hint(unknown_file_hint(&relative_text)),
            ))),
        }
    }
}

impl Walked {
    /// Whether something was found inside `folder`: paths inside it come right after it.
    fn holds_found(&self, folder: &Path) -> bool {
        (self
            .found
            .range::<Path, _>((Bound::Excluded(folder), Bound::Unbounded)))
        .next()
        .is_some_and(|(found, _)| found.starts_with(folder))
    }

    /// Brings what was found up to date with `changed` (paths from the production folder
    /// `root`: all that changed since, as a watcher that missed nothing saw), looking only
    /// at them. Returns `false`, leaving it half done, when only a new walk can tell: a
    /// folder or `clapboard.yaml` changed, or a path is not where the walk would go and yet
    /// something was found beyond it.
    fn patch(&mut self, root: &Path, ignored: &ignore::Ignored, changed: &[PathBuf]) -> bool {
        let mut links = false;
        for path in changed {
            if path.as_os_str().is_empty() || path == Path::new(CONFIG_FILE) {
                return false;
            }
            let mut components = path.components();
            let first = components.next().map(|c| c.as_os_str());
            if (PUBLISHED_AS_THEY_ARE.iter()).any(|folder| first == Some(folder.as_ref())) {
                links = true;
            }
            let metadata = match std::fs::symlink_metadata(root.join(path)) {
                Ok(metadata) => metadata,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    // A file removed, or a folder with what was found in it.
                    if self.holds_found(path) {
                        return false;
                    }
                    self.found.remove(path);
                    continue;
                }
                Err(_) => return false,
            };
            if metadata.is_dir() {
                return false;
            }
            // The walk goes through each folder holding it, as a real folder, or not at all.
            let mut reached = true;
            for folder in path.ancestors().skip(1) {
                if folder.as_os_str().is_empty() {
                    break;
                }
                let is_folder = std::fs::symlink_metadata(root.join(folder))
                    .is_ok_and(|metadata| metadata.is_dir());
                if !is_folder {
                    return false;
                }
                if !walked_into(root, ignored, folder, true) {
                    if self.holds_found(folder) {
                        return false;
                    }
                    reached = false;
                }
            }
            let found = if reached && walked_into(root, ignored, path, false) {
                Found::at(path, metadata.file_type().is_symlink())
            } else {
                None
            };
            match found {
                Some(found) => self.found.insert(path.clone(), found),
                None => self.found.remove(path),
            };
        }
        if links {
            self.links = links_in(root);
        }
        true
    }
}

/// When a file was last changed, and its length: a file whose stamp is unchanged is not read
/// again.
type Stamp = (std::time::SystemTime, u64);

fn stamp_of(folder: &ProjectFolder, relative: &Path) -> Option<Stamp> {
    std::fs::symlink_metadata(folder.root().join(relative))
        .ok()
        .and_then(|m| Some((m.modified().ok()?, m.len())))
}

/// What a load took of one file, on any core.
enum Taken {
    /// What the cache held of it, unchanged since.
    Held(Held),
    /// Its stamp, and what a loader of its own read of it when it is a text file.
    Read(Option<Stamp>, Option<Prepared>),
}

/// One file as a loader of its own read it.
struct Prepared {
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
    document: Option<RawDocument>,
}

/// The slug of a file: its name without the extension, made a slug (`Café Night.md` ->
/// `café-night`, in the same composed form whichever form the file system gave).
fn file_slug(relative: &Path) -> std::sync::Arc<str> {
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::text::slugify(&stem).into()
}

/// A hint for a file that is not a document: the nearest document name, if any.
fn unknown_file_hint(relative: &str) -> String {
    let best = DOCUMENTS
        .iter()
        .map(|document| document.place.example())
        .map(|known| (strsim::levenshtein(relative, &known), known))
        .min();
    match best {
        Some((distance, known)) if distance <= 3 => format!("did you mean `{known}`?"),
        _ => {
            "documents have fixed names (see the README); images and other files belong in assets/"
                .to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_row() {
        for (i, document) in DOCUMENTS.iter().enumerate() {
            assert_eq!(document.kind as usize, i, "{document:?} is out of order");
            assert_eq!(document.kind.document().kind, document.kind);
        }
        for document in DOCUMENTS {
            let markdown = match document.place {
                Place::File(path) => path.ends_with(".md"),
                Place::List(_) => false,
                Place::Notes { .. } => true,
            };
            assert_eq!(markdown, document.kind.is_markdown(), "{document:?}");
        }
    }

    #[test]
    fn classifies_by_path() {
        assert_eq!(classify("journal/2026/first-day.md"), Some(Kind::Journal));
        assert_eq!(classify("post/2026/colour.md"), None);
        assert_eq!(classify("clapboard.yml"), None);
        assert_eq!(classify("shots.yaml"), Some(Kind::Shots));
        assert_eq!(classify("shots/day-1.yaml"), Some(Kind::Shots));
        assert_eq!(classify("shots/nested/day-1.yml"), Some(Kind::Shots));
        assert_eq!(classify("shotsx.yaml"), None);
        assert_eq!(classify("concept/moodboard.yaml"), Some(Kind::Moodboard));
        assert_eq!(classify("post/cuts.yaml"), Some(Kind::Cuts));
        assert_eq!(classify("post/colour.md"), Some(Kind::PostNote));
        assert_eq!(classify("journal/first-day.md"), Some(Kind::Journal));
        assert_eq!(classify("release/press-kit.yaml"), Some(Kind::PressKit));
        assert_eq!(classify("notes.txt"), None);
    }

    #[test]
    fn file_slugs_are_one_form_of_the_name() {
        let composed = file_slug(Path::new("journal/Caf\u{e9}.md")).to_string();
        let decomposed = file_slug(Path::new("journal/Cafe\u{301}.md"));
        assert_eq!(composed, "caf\u{e9}");
        assert_eq!(&*decomposed, composed);
        assert_eq!(&*file_slug(Path::new("journal/---.md")), "");
        assert_eq!(
            &*file_slug(Path::new("journal/Night Shoot.md")),
            "night-shoot"
        );
    }

    /// Every production in the repository, copied into a folder of its own.
    fn production_copies() -> Vec<tempfile::TempDir> {
        let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = vec![repository.join("example-project")];
        for entry in std::fs::read_dir(repository.join("examples")).unwrap() {
            let path = entry.unwrap().path();
            if path.join(CONFIG_FILE).is_file() {
                found.push(path);
            }
        }
        found
            .iter()
            .map(|production| {
                let copy = tempfile::tempdir().unwrap();
                for entry in WalkDir::new(production) {
                    let entry = entry.unwrap();
                    let to = copy
                        .path()
                        .join(entry.path().strip_prefix(production).unwrap());
                    if entry.file_type().is_dir() {
                        std::fs::create_dir_all(&to).unwrap();
                    } else {
                        std::fs::copy(entry.path(), &to).unwrap();
                    }
                }
                copy
            })
            .collect()
    }

    /// What a load found: each file read, and each problem, in order.
    fn found(loaded: &Loaded) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let files = (0..loaded.sources.len())
            .map(|i| loaded.sources.get(FileId(i as u32)).path.to_path_buf())
            .collect();
        (files, loaded.diagnostics.clone())
    }

    /// A load told which paths changed looks again only at them, and finds what a walk of
    /// the whole folder finds: new, removed, linked and ignored files, and files written
    /// through a linked folder or into one the walk does not go into.
    #[test]
    fn a_load_told_what_changed_finds_what_a_whole_walk_finds() {
        type Step = (&'static str, fn(&Path, &Path) -> Vec<&'static str>);
        const STEPS: [Step; 12] = [
            ("an unknown file", |root, _| {
                std::fs::write(root.join("journal/draft.txt"), "draft").unwrap();
                vec!["journal/draft.txt"]
            }),
            ("a hidden file", |root, _| {
                std::fs::write(root.join("journal/.draft.md"), "---\ntitle: x\n").unwrap();
                vec!["journal/.draft.md"]
            }),
            ("a new note", |root, _| {
                let note = "---\ntitle: Later\ndate: 2026-06-02\n---\nLater.\n";
                std::fs::write(root.join("journal/later-note.md"), note).unwrap();
                vec!["journal/later-note.md"]
            }),
            ("a link among the notes", |root, _| {
                std::os::unix::fs::symlink("../clapboard.yaml", root.join("journal/linked.md"))
                    .unwrap();
                vec!["journal/linked.md"]
            }),
            ("a link among the assets", |root, _| {
                std::fs::create_dir_all(root.join("assets")).unwrap();
                std::os::unix::fs::symlink("../clapboard.yaml", root.join("assets/linked.jpg"))
                    .unwrap();
                vec!["assets/linked.jpg"]
            }),
            ("a linked folder", |root, outside| {
                std::os::unix::fs::symlink(outside, root.join("journal/outside")).unwrap();
                vec!["journal/outside"]
            }),
            ("a note written through the linked folder", |_, outside| {
                let note = "---\ntitle: Outside\ndate: 2026-06-03\n---\nNot ours.\n";
                std::fs::write(outside.join("outside.md"), note).unwrap();
                vec!["journal/outside/outside.md"]
            }),
            ("a folder of built sites", |root, _| {
                std::fs::create_dir_all(root.join("journal/built")).unwrap();
                std::fs::write(root.join("journal/built").join(crate::write::MARKER), "").unwrap();
                vec!["journal/built"]
            }),
            ("a note among built sites", |root, _| {
                let note = "---\ntitle: Built\ndate: 2026-06-04\n---\nBuilt.\n";
                std::fs::write(root.join("journal/built/built.md"), note).unwrap();
                vec!["journal/built/built.md"]
            }),
            ("a folder `ignore:` may name", |root, _| {
                std::fs::create_dir_all(root.join("tools")).unwrap();
                vec!["tools"]
            }),
            ("a file in it", |root, _| {
                std::fs::write(root.join("tools/later.md"), "# tools").unwrap();
                vec!["tools/later.md"]
            }),
            ("removed files and folders", |root, _| {
                std::fs::remove_file(root.join("journal/later-note.md")).unwrap();
                std::fs::remove_dir_all(root.join("journal/built")).unwrap();
                vec![
                    "journal/built",
                    "journal/built/built.md",
                    "journal/later-note.md",
                ]
            }),
        ];
        for copy in production_copies() {
            let root = copy.path().canonicalize().unwrap();
            let outside = tempfile::tempdir().unwrap();
            let folder = ProjectFolder::open(&root).unwrap();
            let mut cache = LoadCache::default();
            load_cached(&folder, &mut cache);
            for (name, step) in STEPS {
                let changed = step(&root, outside.path());
                cache.changed_only(changed.iter().map(PathBuf::from).collect());
                let told = found(&load_cached(&folder, &mut cache));
                let whole = found(&load(&root));
                assert_eq!(told, whole, "{}: after {name}", root.display());
            }
            assert!(
                !found(&load(&root))
                    .0
                    .iter()
                    .any(|path| path.ends_with("outside.md")),
                "a note through a linked folder is never read"
            );
        }
    }

    #[test]
    fn hints_at_misspelt_documents() {
        assert_eq!(unknown_file_hint("shot.yaml"), "did you mean `shots.yaml`?");
    }
}
