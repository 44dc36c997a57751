//! Two pages never claim one address. A journal note's address comes from its `slug:` or its
//! file name, a tag's from the tag: each must have letters or digits, a note must not take one
//! of the journal's own pages (`/journal/tags/`, the feed, the index's later pages under
//! `/journal/page/`), and no two notes, nor two tags, may make the same one. Tags written alike but for case (`Light`, `light`) are one tag.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::{Checker, Problem};
use crate::diagnostics::Code;
use crate::model::{FileId, Pos};
use crate::urls::{
    JOURNAL, JOURNAL_FEED, JOURNAL_PAGES, JOURNAL_TAGS, journal_fixed_address, journal_path,
    list_page_path, tag_slug_path,
};

pub(super) fn check(c: &mut Checker) {
    notes(c);
    tags(c);
}

/// Where a note's address comes from.
struct NoteAddress<'a> {
    file: FileId,
    slug: &'a str,
    /// The `slug:` field, when the note sets one, else the file name.
    field: Option<(&'a str, Pos)>,
    /// The journal's own address the slug would take.
    fixed: Option<&'static str>,
}

impl NoteAddress<'_> {
    /// The file, with the line of `slug:` when the address comes from it.
    fn source(&self, c: &Checker) -> String {
        let path = display(c.sources.path(self.file));
        match self.field {
            Some((_, at)) => format!("{path}:{}", at.line),
            None => path,
        }
    }
}

fn notes(c: &mut Checker) {
    let p = c.production;
    // Each note's address is found on every core; the notes are then compared in order.
    let notes: Vec<NoteAddress> = (p.journal.par_iter())
        .map(|note| NoteAddress {
            file: note.file,
            slug: &note.slug,
            field: (note.meta.slug.as_ref()).map(|slug| (slug.value.as_str(), slug.at)),
            fixed: journal_fixed_address(&note.slug),
        })
        .collect();
    // The first note to make each address, and every address more than one makes.
    let mut first: foldhash::HashMap<&str, &NoteAddress> = foldhash::HashMap::default();
    let mut shared: BTreeMap<&str, Vec<&NoteAddress>> = BTreeMap::new();
    for note in &notes {
        if note.slug.is_empty() {
            empty_note_slug(c, note);
        } else if let Some(fixed) = note.fixed {
            reserved_note_slug(c, note, fixed);
        } else {
            match first.entry(note.slug) {
                Entry::Vacant(entry) => {
                    entry.insert(note);
                }
                Entry::Occupied(entry) => (shared.entry(note.slug))
                    .or_insert_with(|| vec![*entry.get()])
                    .push(note),
            }
        }
    }
    for (slug, mut claimants) in shared {
        claimants.sort_by_key(|note| c.sources.path(note.file));
        let first = claimants[0];
        for other in &claimants[1..] {
            let (a, b) = (c.sources.path(first.file), c.sources.path(other.file));
            let hint = if a != b && nfc(&a.to_string_lossy()) == nfc(&b.to_string_lossy()) {
                "the two file names are one name written in two Unicode forms (an accent typed \
                 apart, as macOS may save it, or joined): keep one of the files"
            } else {
                "set a different `slug:` in the front matter of one of them, or rename one of the \
                 files"
            };
            let message = format!(
                "`{}` and `{}` both make the address {}",
                first.source(c),
                other.source(c),
                journal_path(slug)
            );
            let at = other.field.map_or(Pos::default(), |(_, at)| at);
            c.error(
                other.file,
                at,
                Problem::new(Code::PathCollision, field_of(other), message).hint(hint),
            );
        }
    }
}

fn empty_note_slug(c: &mut Checker, note: &NoteAddress) {
    let (message, hint, at) = match note.field {
        Some((value, at)) => (
            format!("the slug `{value}` has no letters or digits, so the note has no address"),
            "write a slug with letters or digits, such as `slug: first-day`".to_string(),
            at,
        ),
        None => (
            format!(
                "the file name `{}` has no letters or digits, so the note has no address (it would take {JOURNAL}, the journal's index)",
                file_name(c.sources.path(note.file))
            ),
            "set `slug:` in the front matter (`slug: first-day`), or rename the file".to_string(),
            Pos::default(),
        ),
    };
    c.error(
        note.file,
        at,
        Problem::new(Code::EmptySlug, field_of(note), message).hint(hint),
    );
}

fn reserved_note_slug(c: &mut Checker, note: &NoteAddress, fixed: &str) {
    let what = match fixed {
        JOURNAL => "the journal's index".to_string(),
        JOURNAL_TAGS => "the list of the journal's tags".to_string(),
        JOURNAL_FEED => "the journal's feed".to_string(),
        JOURNAL_PAGES => format!(
            "the folder of the index's later pages ({} and on, once the journal has more notes \
             than one page holds)",
            list_page_path(JOURNAL, 2)
        ),
        _ => "one of the journal's own pages".to_string(),
    };
    let taken = journal_path(note.slug);
    let (made_by, hint, at) = match note.field {
        Some((value, at)) => (
            format!("the slug `{value}`"),
            format!("choose another slug, such as `slug: {}-note`", note.slug),
            at,
        ),
        None => (
            format!("the file name `{}`", file_name(c.sources.path(note.file))),
            format!(
                "set `slug:` in the front matter (`slug: {}-note`), or rename the file",
                note.slug
            ),
            Pos::default(),
        ),
    };
    let message = if taken == fixed {
        format!("{made_by} gives the note the address {taken}, which is {what}")
    } else {
        format!("{made_by} gives the note the address {taken}, where {what} is ({fixed})")
    };
    c.error(
        note.file,
        at,
        Problem::new(Code::ReservedSlug, field_of(note), message).hint(hint),
    );
}

fn tags(c: &mut Checker) {
    struct Tag<'a> {
        file: FileId,
        name: &'a str,
        at: Pos,
        /// Its place in the note's `tags`.
        index: usize,
        /// The tag as it is compared: two that differ only in case are one tag.
        folded: Cow<'a, str>,
    }
    let p = c.production;
    let slugs: Vec<_> = (p.journal.par_iter())
        .map(|note| note.tag_slugs())
        .collect();
    // First, on every core: whether the tags of a slug fold alike, and whether a tag has no
    // slug. Most tags are written one way everywhere: then nothing more is looked at.
    let (forms, empty) = (p.journal.par_iter().zip(&slugs))
        .fold(
            || (Forms::default(), false),
            |(mut forms, mut empty), (note, slugs)| {
                for (tag, slug) in note.meta.tags.iter().zip(slugs.iter()) {
                    match slug.is_empty() {
                        true => empty = true,
                        false => forms.add(slug, fold(&tag.value), false),
                    }
                }
                (forms, empty)
            },
        )
        .reduce(
            || (Forms::default(), false),
            |(mut forms, empty), (more, more_empty)| {
                for (slug, (folded, differ)) in more.0 {
                    forms.add(slug, folded, differ);
                }
                (forms, empty || more_empty)
            },
        );
    let differing: foldhash::HashSet<&str> = (forms.0.into_iter())
        .filter(|(_, (_, differ))| *differ)
        .map(|(slug, _)| slug)
        .collect();
    if !empty && differing.is_empty() {
        return;
    }
    let mut by_slug: foldhash::HashMap<&str, Vec<Tag>> = foldhash::HashMap::default();
    for (note, slugs) in p.journal.iter().zip(&slugs) {
        for (i, (tag, slug)) in note.meta.tags.iter().zip(slugs.iter()).enumerate() {
            if slug.is_empty() {
                c.error(
                    note.file,
                    tag.at,
                    Problem::new(
                        Code::EmptySlug,
                        format!("tags[{i}]"),
                        format!(
                            "the tag `{}` has no letters or digits, so it has no page",
                            tag.value
                        ),
                    )
                    .hint("give the tag letters or digits, or remove it"),
                );
                continue;
            }
            if !differing.contains(&**slug) {
                continue;
            }
            by_slug.entry(slug).or_default().push(Tag {
                file: note.file,
                name: &tag.value,
                at: tag.at,
                index: i,
                folded: fold(&tag.value),
            });
        }
    }
    let mut differing: Vec<(&str, Vec<Tag>)> = by_slug.into_iter().collect();
    differing.sort_by_key(|(slug, _)| *slug);
    for (slug, mut tags) in differing {
        tags.sort_by_key(|t| (c.sources.path(t.file), t.at));
        let first = &tags[0];
        let mut reported: Vec<&str> = vec![&first.folded];
        for other in &tags[1..] {
            if reported.contains(&other.folded.as_ref()) {
                continue;
            }
            reported.push(&other.folded);
            let source = |t: &Tag| format!("{}:{}", display(c.sources.path(t.file)), t.at.line);
            let message = format!(
                "the tags `{}` ({}) and `{}` ({}) both make the address {}",
                first.name,
                source(first),
                other.name,
                source(other),
                tag_slug_path(slug)
            );
            c.error(
                other.file,
                other.at,
                Problem::new(
                    Code::PathCollision,
                    format!("tags[{}]", other.index),
                    message,
                )
                .hint(format!(
                    "write the tag as `{}` in every note, or choose tags whose addresses differ",
                    first.name
                )),
            );
        }
    }
}

/// Each tag slug, with how its first tag folds and whether another of its tags folds apart.
#[derive(Default)]
struct Forms<'a>(foldhash::HashMap<&'a str, (Cow<'a, str>, bool)>);

impl<'a> Forms<'a> {
    /// Adds a tag of `slug` folding to `folded`, or several, when `differ` says they fold apart.
    fn add(&mut self, slug: &'a str, folded: Cow<'a, str>, differ: bool) {
        match self.0.entry(slug) {
            Entry::Vacant(entry) => {
                entry.insert((folded, differ));
            }
            Entry::Occupied(mut entry) => {
                let (first, differs) = entry.get_mut();
                *differs |= differ || *first != folded;
            }
        }
    }
}

fn field_of(note: &NoteAddress) -> &'static str {
    if note.field.is_some() { "slug" } else { "" }
}

fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// A tag as it is compared: lower case, composed. A tag already so (plain ASCII in lower
/// case, as most are) is taken as it is.
fn fold(tag: &str) -> Cow<'_, str> {
    if tag.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(tag)
    } else {
        Cow::Owned(nfc(&tag.to_lowercase()))
    }
}

fn display(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
