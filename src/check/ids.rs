//! No two items of a kind share an id.

use std::collections::HashMap;

use super::{Checker, Problem};
use crate::diagnostics::Code;
use crate::model::{FileId, Id, Pos};

pub(super) fn check(c: &mut Checker) {
    let p = c.production;
    let lists: Vec<(&str, Vec<(FileId, &Id)>)> = vec![
        ("shot", p.shots.iter().map(|s| (s.file, &s.id)).collect()),
        (
            "storyboard panel",
            p.storyboard
                .panels
                .iter()
                .map(|s| (s.file, &s.id))
                .collect(),
        ),
        ("scene", p.scenes.iter().map(|s| (s.file, &s.id)).collect()),
        (
            "location",
            p.locations.iter().map(|s| (s.file, &s.id)).collect(),
        ),
        (
            "person",
            p.cast
                .iter()
                .map(|s| (s.file, &s.id))
                .chain(p.crew.iter().map(|s| (s.file, &s.id)))
                .collect(),
        ),
        ("cut", p.cuts.iter().map(|s| (s.file, &s.version)).collect()),
    ];
    for (what, items) in lists {
        let mut seen: HashMap<&str, (FileId, Pos)> = HashMap::new();
        for (file, id) in items {
            match seen.get(id.value.as_str()) {
                Some((first_file, first_at)) => {
                    let first = format!(
                        "{}:{}",
                        c.sources.path(*first_file).display(),
                        first_at.line
                    );
                    c.error(
                        file,
                        id.at,
                        Problem::new(
                            Code::DuplicateId,
                            "",
                            format!("two {} have the id `{}`", plural(what), id.value),
                        )
                        .hint(format!(
                            "the first is at {first}; give each {what} its own id"
                        )),
                    );
                }
                None => {
                    seen.insert(&id.value, (file, id.at));
                }
            }
        }
    }
    let mut days: HashMap<u32, ()> = HashMap::new();
    for day in &p.days {
        if days.insert(day.day.value, ()).is_some() {
            c.error(
                day.file,
                day.day.at,
                Problem::new(
                    Code::DuplicateId,
                    "",
                    format!("there are two shoot days numbered {}", day.day.value),
                )
                .hint("number shoot days 1, 2, 3 ... in order"),
            );
        }
    }
}

fn plural(what: &str) -> String {
    match what {
        "person" => "people".to_string(),
        other => format!("{other}s"),
    }
}
