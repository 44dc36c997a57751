//! From documents as read to a typed [`Production`], for one viewer: everyone (for the check)
//! or one audience (for its site).

use std::sync::Mutex;

use serde::de::DeserializeOwned;

use super::audience::{self, Viewer};
use super::node::Node;
use super::yaml;
use super::{Documents, Kind, RawDocument};
use crate::diagnostics::{Diagnostic, Sources};
use crate::model::budget::BudgetFile;
use crate::model::concept::{Moodboard, Treatment, TreatmentMeta};
use crate::model::journal::{JournalMeta, JournalNote, NoteMemo};
use crate::model::locations::LocationsFile;
use crate::model::people::PeopleFile;
use crate::model::post::{
    CutsFile, DeliverablesFile, PostNote, PostNoteMeta, ReviewsFile, VfxFile,
};
use crate::model::release::{PressKit, PressRelease, PressReleaseMeta, Promo};
use crate::model::schedule::ScheduleFile;
use crate::model::shots::ShotsFile;
use crate::model::storyboard::StoryboardFile;
use crate::model::{Config, FileId, Production, Sourced};

/// The production as `viewer` sees it, or `None` when `clapboard.yaml` could not be read.
/// Problems are added to `diagnostics`; for an audience they repeat the check's and are
/// dropped by the caller.
pub fn production(
    documents: &Documents,
    viewer: &Viewer,
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Production> {
    let mut assembler = Assembler::new(viewer, sources, diagnostics);
    let config_document = documents.config.as_ref();
    let config = config_document.and_then(|d| {
        let before = assembler.diagnostics.len();
        let config = assembler.typed::<Config>(d, d.tree.as_deref()?.clone());
        let broken = assembler.diagnostics[before..]
            .iter()
            .any(Diagnostic::is_error);
        Some((d.file, config, broken))
    });
    let (file, config, config_broken) = match config {
        Some((file, Some(config), broken)) => (file, Some(config), broken),
        Some((file, None, _)) => (file, None, true),
        None => (FileId(0), None, true),
    };
    assembler.set_names(
        config
            .as_ref()
            .map(|c| c.audience_names())
            .unwrap_or_else(Config::default_audience_names),
    );
    let found_config = config.is_some();
    // Every other document is still read and checked when the configuration is broken.
    let mut production = Production::new(Sourced {
        file,
        inner: config.unwrap_or_else(placeholder_config),
    });
    if config_broken {
        production.incomplete.mark(Kind::Config);
    }
    for kind in &documents.unread {
        production.incomplete.mark(*kind);
    }
    // The notes are made on every core first, their front matter typed (or taken from each
    // note's memo); the loop below then takes each in order, with its problems.
    let typed: Vec<Option<TypedNote>> = {
        use rayon::prelude::*;
        let (names, memo_key) = (&assembler.names, assembler.memo_key);
        (documents.documents.par_iter())
            .map(|document| {
                if document.kind != Kind::Journal {
                    return None;
                }
                let mut diagnostics = Vec::new();
                let mut own = Assembler {
                    viewer,
                    names: names.clone(),
                    memo_key,
                    sources,
                    diagnostics: &mut diagnostics,
                    lost_items: false,
                };
                let note = match (own.note_meta(document), &document.body) {
                    (Some(meta), Some(body)) => Some(Sourced {
                        file: document.file,
                        inner: JournalNote::new(&document.slug, meta, body.clone()),
                    }),
                    _ => None,
                };
                let lost_items = own.lost_items;
                Some(TypedNote {
                    note,
                    diagnostics,
                    lost_items,
                })
            })
            .collect()
    };
    production.journal.reserve(typed.iter().flatten().count());
    for (document, typed) in documents.documents.iter().zip(typed) {
        assembler.lost_items = false;
        match typed {
            Some(typed) => assembler.add_note(&mut production, typed),
            None => assembler.add(&mut production, document),
        }
        // Items with a broken field are kept without it; only a document or item left out
        // entirely makes references into this kind unjudgeable.
        if assembler.lost_items {
            production.incomplete.mark(document.kind);
        }
    }
    // Newest first, then by slug, then as read. Notes are large: their order is found first,
    // from their keys side by side, then each is moved once.
    let journal = std::mem::take(&mut production.journal);
    let mut keys: Vec<(std::cmp::Reverse<chrono::NaiveDate>, &str, usize)> = (journal.iter())
        .enumerate()
        .map(|(i, note)| (std::cmp::Reverse(note.meta.date.0), &*note.slug, i))
        .collect();
    rayon::slice::ParallelSliceMut::par_sort_unstable(&mut keys[..]);
    let order: Vec<usize> = keys.into_iter().map(|(_, _, i)| i).collect();
    let mut notes: Vec<Option<_>> = journal.into_iter().map(Some).collect();
    production.journal = (order.into_iter())
        .map(|i| notes[i].take().expect("each note is placed once"))
        .collect();
    found_config.then_some(production)
}

/// What assembling a document gave each viewer, kept with the document as read and shared by
/// its copies: the dev server's load cache keeps an unchanged note's, so a rebuild types only
/// the notes that changed.
#[derive(Debug, Default)]
pub struct Memo {
    /// A journal note's front matter, by a hash of the viewer and the audiences' names.
    notes: Mutex<Vec<(u64, AssembledNote)>>,
}

#[derive(Debug)]
struct AssembledNote {
    meta: Option<(std::sync::Arc<JournalMeta>, std::sync::Arc<NoteMemo>)>,
    diagnostics: Vec<Diagnostic>,
    lost_items: bool,
}

/// A journal note as typed for a viewer, with the problems it had.
struct TypedNote {
    note: Option<Sourced<JournalNote>>,
    diagnostics: Vec<Diagnostic>,
    lost_items: bool,
}

struct Assembler<'a> {
    viewer: &'a Viewer<'a>,
    /// The production's audiences, for checking `audience:` values.
    names: std::sync::Arc<[String]>,
    /// What a note's memo is kept under for this viewer and these audiences.
    memo_key: u64,
    sources: &'a Sources,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Whether the document being added lost whole items to errors.
    lost_items: bool,
}

impl<'a> Assembler<'a> {
    fn new(
        viewer: &'a Viewer<'a>,
        sources: &'a Sources,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Assembler<'a> {
        let mut assembler = Assembler {
            viewer,
            names: std::sync::Arc::default(),
            memo_key: 0,
            sources,
            diagnostics,
            lost_items: false,
        };
        assembler.set_names(Vec::new());
        assembler
    }

    /// The production's audiences, and the memo key they make with the viewer.
    fn set_names(&mut self, names: Vec<String>) {
        let viewer = match self.viewer {
            Viewer::Everyone => None,
            Viewer::Audience(name) => Some(*name),
        };
        self.memo_key = crate::cache::hash_of((viewer, &names));
        self.names = names.into();
    }
    /// The document's tree as the viewer sees it, typed; `None` when the viewer may not see the
    /// document or it does not read.
    fn typed<T: DeserializeOwned>(&mut self, document: &RawDocument, tree: Node) -> Option<T> {
        let mut problems = Vec::new();
        let tree = audience::view(tree, document.kind, self.viewer, &self.names, &mut problems);
        for problem in problems {
            let at = problem.at;
            self.diagnostics
                .push(self.sources.diagnostic(problem, document.file, at));
        }
        let tree = tree?;
        let parsed = yaml::parse_node::<T>(tree);
        self.lost_items |= parsed.lost_items || parsed.value.is_none();
        for error in parsed.errors {
            let diagnostic = error.into_diagnostic();
            let at = diagnostic.at;
            self.diagnostics
                .push(self.sources.diagnostic(diagnostic, document.file, at));
        }
        parsed.value
    }

    /// A YAML document, typed.
    fn yaml<T: DeserializeOwned>(&mut self, document: &RawDocument) -> Option<(FileId, T)> {
        let tree = document.tree.as_deref()?.clone();
        self.typed::<T>(document, tree)
            .map(|value| (document.file, value))
    }

    /// A Markdown document's front matter (typed, or the default when it has none) and body.
    fn markdown<T: DeserializeOwned + Default>(
        &mut self,
        document: &RawDocument,
    ) -> Option<(FileId, T, crate::model::Markdown)> {
        let body = document.body.clone()?;
        let tree = document.tree.as_deref().cloned().unwrap_or_else(|| Node {
            value: super::node::Value::Map(Vec::new()),
            at: crate::model::Pos::default(),
        });
        let meta = self.typed::<T>(document, tree)?;
        Some((document.file, meta, body))
    }

    /// A journal note's front matter, typed for this viewer once per note as read: a
    /// rebuild takes an unchanged note's from the memo, with the problems it had.
    fn note_meta(
        &mut self,
        document: &RawDocument,
    ) -> Option<(std::sync::Arc<JournalMeta>, std::sync::Arc<NoteMemo>)> {
        let key = self.memo_key;
        let mut memo = document.assembled.notes.lock().expect("an unpoisoned memo");
        if let Some((_, done)) = memo.iter().find(|(k, _)| *k == key) {
            self.diagnostics.extend(done.diagnostics.iter().cloned());
            self.lost_items |= done.lost_items;
            return done.meta.clone();
        }
        let (before, lost_before) = (self.diagnostics.len(), self.lost_items);
        self.lost_items = false;
        let meta = self
            .markdown::<Option<JournalMeta>>(document)
            .and_then(|(_, meta, _)| meta)
            .map(|meta| (std::sync::Arc::new(meta), Default::default()));
        memo.push((
            key,
            AssembledNote {
                meta: meta.clone(),
                diagnostics: self.diagnostics[before..].to_vec(),
                lost_items: self.lost_items,
            },
        ));
        self.lost_items |= lost_before;
        meta
    }

    /// A journal note, as typed on every core.
    fn add_note(&mut self, p: &mut Production, typed: TypedNote) {
        self.diagnostics.extend(typed.diagnostics);
        self.lost_items |= typed.lost_items;
        p.journal.extend(typed.note);
    }

    fn add(&mut self, p: &mut Production, document: &RawDocument) {
        match document.kind {
            Kind::Config => {}
            Kind::Treatment => {
                if let Some((file, meta, body)) = self.markdown::<TreatmentMeta>(document) {
                    p.treatment = Some(Sourced {
                        file,
                        inner: Treatment { meta, body },
                    });
                }
            }
            Kind::Moodboard => {
                if let Some((file, doc)) = self.yaml::<Moodboard>(document) {
                    p.moodboard.extend(sourced(file, doc.images));
                }
            }
            Kind::Storyboard => {
                if let Some((file, doc)) = self.yaml::<StoryboardFile>(document) {
                    if p.storyboard.aspect_ratio.is_none() {
                        p.storyboard.aspect_ratio = doc.aspect_ratio;
                    }
                    p.storyboard.panels.extend(sourced(file, doc.panels));
                }
            }
            Kind::Shots => {
                if let Some((file, doc)) = self.yaml::<ShotsFile>(document) {
                    p.scenes.extend(sourced(file, doc.scenes));
                    p.shots.extend(sourced(file, doc.shots));
                }
            }
            Kind::Locations => {
                if let Some((file, doc)) = self.yaml::<LocationsFile>(document) {
                    p.locations.extend(sourced(file, doc.locations));
                }
            }
            Kind::People => {
                if let Some((file, doc)) = self.yaml::<PeopleFile>(document) {
                    p.cast.extend(sourced(file, doc.cast));
                    p.extras.extend(sourced(file, doc.extras));
                    p.crew.extend(sourced(file, doc.crew));
                    p.departments.extend(sourced(file, doc.departments));
                }
            }
            Kind::Schedule => {
                if let Some((file, doc)) = self.yaml::<ScheduleFile>(document) {
                    p.days.extend(sourced(file, doc.days));
                }
            }
            Kind::Budget => {
                if let Some((file, doc)) = self.yaml::<BudgetFile>(document) {
                    let budget = &mut p.budget;
                    budget.currency = budget
                        .currency
                        .take()
                        .or(doc.currency.map(|inner| Sourced { file, inner }));
                    budget.contingency_percent =
                        budget.contingency_percent.or(doc.contingency_percent);
                    budget.fees.extend(doc.fees);
                    budget.lines.extend(sourced(file, doc.lines));
                }
            }
            Kind::Cuts => {
                if let Some((file, doc)) = self.yaml::<CutsFile>(document) {
                    p.cuts.extend(sourced(file, doc.cuts));
                }
            }
            Kind::Reviews => {
                if let Some((file, doc)) = self.yaml::<ReviewsFile>(document) {
                    p.reviews.extend(sourced(file, doc.reviews));
                }
            }
            Kind::Vfx => {
                if let Some((file, doc)) = self.yaml::<VfxFile>(document) {
                    p.vfx.extend(sourced(file, doc.vfx));
                }
            }
            Kind::Deliverables => {
                if let Some((file, doc)) = self.yaml::<DeliverablesFile>(document) {
                    p.deliverables.extend(sourced(file, doc.deliverables));
                }
            }
            Kind::PostNote => {
                if let Some((file, meta, body)) = self.markdown::<PostNoteMeta>(document) {
                    let slug = document.slug.clone();
                    let title = meta.title.unwrap_or_else(|| default_post_note_title(&slug));
                    p.post_notes.push(Sourced {
                        file,
                        inner: PostNote {
                            slug: slug.to_string(),
                            title,
                            body,
                        },
                    });
                }
            }
            // Typed on every core first, and added by `add_note`.
            Kind::Journal => {}
            Kind::PressKit => {
                if let Some((file, doc)) = self.yaml::<PressKit>(document) {
                    p.press_kit = Some(Sourced { file, inner: doc });
                }
            }
            Kind::PressRelease => {
                if let Some((file, Some(meta), body)) =
                    self.markdown::<Option<PressReleaseMeta>>(document)
                {
                    p.press_release = Some(Sourced {
                        file,
                        inner: PressRelease { meta, body },
                    });
                }
            }
            Kind::Promo => {
                if let Some((file, doc)) = self.yaml::<Promo>(document) {
                    p.promo = Some(Sourced { file, inner: doc });
                }
            }
        }
    }
}

fn sourced<T>(file: FileId, items: Vec<T>) -> impl Iterator<Item = Sourced<T>> {
    items
        .into_iter()
        .map(move |item| Sourced { file, inner: item })
}

fn default_post_note_title(slug: &str) -> String {
    match slug {
        "edit" => "Edit".to_string(),
        "colour" | "color" => "Colour".to_string(),
        "sound" => "Sound".to_string(),
        other => {
            let mut chars = other.replace('-', " ").chars().collect::<Vec<_>>();
            if let Some(first) = chars.first_mut() {
                *first = first.to_ascii_uppercase();
            }
            chars.into_iter().collect()
        }
    }
}

/// A stand-in so the rest of the folder can be read and checked while `clapboard.yaml` is
/// broken; it is never rendered.
fn placeholder_config() -> Config {
    yaml::parse::<Config>("title: ''\nartist: ''\nsong: {title: '', duration: 0}\n", 1)
        .value
        .expect("the placeholder configuration is valid")
}
