//! References between documents (`location: rooftop`) and from Markdown (`[x](shot:1A)`).

use foldhash::HashMap;

use super::{Checker, Problem, known_ids};
use crate::diagnostics::Code;
use crate::index::{Index, RefKind, did_you_mean_id};
use crate::links::SiteLinks;
use crate::load::Kind;
use crate::markdown;
use rayon::prelude::*;

use crate::model::{FileId, Id, Located, Markdown, Pos, Production};
use crate::urls::Urls;

pub(super) fn check(c: &mut Checker) {
    documents(c);
    markdown_bodies(c);
}

/// Reports `reference` (found in `field`) if it names no item of `kind` in `ids`.
fn reference(
    c: &mut Checker,
    file: FileId,
    field: String,
    kind: RefKind,
    reference: &Id,
    ids: &HashMap<String, usize>,
) {
    if ids.contains_key(&reference.value) || c.incomplete(kind) {
        return;
    }
    let what = kind.item().name;
    let hint = match did_you_mean_id(&reference.value, ids.keys().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None if ids.is_empty() => {
            format!(
                "no {} are listed yet; add them to {}",
                kind.item().plural,
                c.home_of(kind.item().document)
            )
        }
        None => match known_ids(ids.keys().map(String::as_str)) {
            Some(list) => format!(
                "the {} in {} are: {list}",
                kind.item().plural,
                c.home_of(kind.item().document)
            ),
            None => format!(
                "the {what} ids are listed in {}",
                c.home_of(kind.item().document)
            ),
        },
    };
    c.error(
        file,
        reference.at,
        Problem::new(
            Code::UnknownId,
            field,
            format!("there is no {what} `{}`", reference.value),
        )
        .hint(hint),
    );
}

/// A name of a day's `crew` (a crew id or a department) or of the people document's
/// `departments` (a department only, `ids` false), as the crew list gives them.
fn crew_name(c: &mut Checker, file: FileId, field: String, name: &Located<String>, ids: bool) {
    let p = c.production;
    if c.incomplete(RefKind::Person) {
        return;
    }
    let departments = p.crew.iter().map(|m| m.department.as_str());
    let known: Vec<&str> = match ids {
        true => departments
            .chain(p.crew.iter().map(|m| m.id.value.as_str()))
            .collect(),
        false => departments.collect(),
    };
    if known
        .iter()
        .any(|k| *k == name.value || crate::model::same_department(k, &name.value))
    {
        return;
    }
    let what = if ids {
        "crew member or department"
    } else {
        "department"
    };
    let mut unique = known.clone();
    unique.sort_unstable();
    unique.dedup();
    let hint = match did_you_mean_id(&name.value, unique.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "name a department as crew members give it in `department`{}, in {}",
            if ids { ", or a crew member's id" } else { "" },
            c.home_of(Kind::People)
        ),
    };
    let problem = Problem::new(
        Code::UnknownId,
        field,
        format!("there is no {what} `{}` in the crew list", name.value),
    )
    .hint(hint);
    // A day calling nobody it names is wrong; a department listed before anyone joins it
    // is only worth a look.
    if ids {
        c.error(file, name.at, problem);
    } else {
        c.warning(file, name.at, problem);
    }
}

fn documents(c: &mut Checker) {
    let p = c.production;
    let ix: &Index = c.index;
    let people: HashMap<String, usize> = ix
        .cast
        .iter()
        .chain(ix.crew.iter())
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    for (i, shot) in p.shots.iter().enumerate() {
        if !p.scenes.is_empty() && !ix.scenes.contains_key(&shot.scene.value) {
            let hint =
                match did_you_mean_id(&shot.scene.value, ix.scenes.keys().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "scenes are listed under `scenes:` in shots.yaml".to_string(),
                };
            c.error(
                shot.file,
                shot.scene.at,
                Problem::new(
                    Code::UnknownId,
                    format!("shots[{i}].scene"),
                    format!("there is no scene `{}`", shot.scene.value),
                )
                .hint(hint),
            );
        }
        if let Some(panel) = &shot.panel {
            reference(
                c,
                shot.file,
                format!("shots[{i}].panel"),
                RefKind::Panel,
                panel,
                &ix.panels,
            );
        }
        if let Some(location) = &shot.location {
            reference(
                c,
                shot.file,
                format!("shots[{i}].location"),
                RefKind::Location,
                location,
                &ix.locations,
            );
        }
        for (j, person) in shot.cast.iter().enumerate() {
            reference(
                c,
                shot.file,
                format!("shots[{i}].cast[{j}]"),
                RefKind::Person,
                person,
                &ix.cast,
            );
        }
    }
    for (i, panel) in p.storyboard.panels.iter().enumerate() {
        if let Some(shot) = &panel.shot {
            reference(
                c,
                panel.file,
                format!("panels[{i}].shot"),
                RefKind::Shot,
                shot,
                &ix.shots,
            );
        }
    }
    for (i, day) in p.days.iter().enumerate() {
        for (j, location) in day.locations.iter().enumerate() {
            reference(
                c,
                day.file,
                format!("days[{i}].locations[{j}]"),
                RefKind::Location,
                location,
                &ix.locations,
            );
        }
        for (j, shot) in day.shots.iter().enumerate() {
            reference(
                c,
                day.file,
                format!("days[{i}].shots[{j}]"),
                RefKind::Shot,
                shot,
                &ix.shots,
            );
        }
        for (j, call) in day.cast_calls.iter().enumerate() {
            reference(
                c,
                day.file,
                format!("days[{i}].cast_calls[{j}].person"),
                RefKind::Person,
                &call.person,
                &ix.cast,
            );
        }
        for (j, extras) in day.extras.iter().enumerate() {
            let group = &extras.group;
            if c.incomplete(RefKind::Person) || p.extras.iter().any(|g| g.group == group.value) {
                continue;
            }
            let hint =
                match did_you_mean_id(&group.value, p.extras.iter().map(|g| g.group.as_str())) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "name a group of the people document's `extras` exactly, in {}",
                        c.home_of(Kind::People)
                    ),
                };
            c.error(
                day.file,
                group.at,
                Problem::new(
                    Code::UnknownId,
                    format!("days[{i}].extras[{j}].group"),
                    format!("there is no group of extras `{}`", group.value),
                )
                .hint(hint),
            );
        }
        for (j, company_move) in day.moves.iter().enumerate() {
            let field = format!("days[{i}].moves[{j}].to");
            let to = &company_move.to;
            if !ix.locations.contains_key(&to.value) {
                reference(c, day.file, field, RefKind::Location, to, &ix.locations);
            } else if !day.locations.iter().any(|l| l.value == to.value) {
                c.error(
                    day.file,
                    to.at,
                    Problem::new(
                        Code::UnknownId,
                        field,
                        format!(
                            "the day moves to `{}`, which is not among its locations",
                            to.value
                        ),
                    )
                    .hint(format!("add `{}` to the day's `locations`", to.value)),
                );
            }
        }
        for (j, name) in day.crew.iter().flatten().enumerate() {
            crew_name(c, day.file, format!("days[{i}].crew[{j}]"), name, true);
        }
        for (j, call) in day.crew_calls.iter().enumerate() {
            reference(
                c,
                day.file,
                format!("days[{i}].crew_calls[{j}].person"),
                RefKind::Person,
                &call.person,
                &people,
            );
        }
    }
    for (i, department) in p.departments.iter().enumerate() {
        crew_name(
            c,
            department.file,
            format!("departments[{i}].name"),
            &department.name,
            false,
        );
    }
    for (i, review) in p.reviews.iter().enumerate() {
        cut(
            c,
            review.file,
            format!("reviews[{i}].version"),
            &review.version,
        );
    }
    for (i, deliverable) in p.deliverables.iter().enumerate() {
        if let Some(version) = &deliverable.cut {
            cut(
                c,
                deliverable.file,
                format!("deliverables[{i}].cut"),
                version,
            );
        }
    }
    for (i, vfx) in p.vfx.iter().enumerate() {
        reference(
            c,
            vfx.file,
            format!("vfx[{i}].shot"),
            RefKind::Shot,
            &vfx.shot,
            &ix.shots,
        );
    }
}

/// Reports `version` (found in `field`) if it names no cut of post/cuts.yaml.
fn cut(c: &mut Checker, file: FileId, field: String, version: &Id) {
    let cuts = &c.index.cuts;
    if cuts.contains_key(&version.value) || c.production.incomplete.has(Kind::Cuts) {
        return;
    }
    let hint = match did_you_mean_id(&version.value, cuts.keys().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("cut versions are listed in {}", c.home_of(Kind::Cuts)),
    };
    c.error(
        file,
        version.at,
        Problem::new(
            Code::UnknownId,
            field,
            format!("there is no cut `{}`", version.value),
        )
        .hint(hint),
    );
}

/// A Markdown body, its file, and what it links to and shows.
pub(super) struct BodyScan<'a> {
    pub file: FileId,
    pub body: &'a Markdown,
    pub scan: &'a markdown::Scan,
    /// A published journal note: its images are public.
    pub public_note: bool,
}

/// Every Markdown body of the production, each read once, in parallel.
pub(super) fn scans(p: &Production) -> Vec<BodyScan<'_>> {
    p.bodies()
        .into_par_iter()
        .map(|b| BodyScan {
            file: b.file,
            body: b.markdown,
            scan: &b.markdown.document().scan,
            public_note: b.journal && !b.draft,
        })
        .collect()
}

/// The file position of byte `offset` of a Markdown body.
pub(super) fn body_position(body: &Markdown, offset: usize) -> Pos {
    let (line, column) = crate::text::line_column(&body.text, offset);
    Pos {
        line: line + body.first_line - 1,
        column,
    }
}

fn markdown_bodies(c: &mut Checker) {
    let links = SiteLinks::new(c.production, c.index, Urls::new("/"));
    // Every body's links are looked up on every core; what leads nowhere is reported in order.
    let found: Vec<(FileId, &Markdown, markdown::BrokenReference)> = (c.scans.par_iter())
        .flat_map_iter(|s| {
            markdown::broken_among(&s.scan.links, &links)
                .into_iter()
                .map(move |b| (s.file, s.body, b))
        })
        .collect();
    for (file, body, broken) in found {
        let target = markdown::parse_reference(&broken.reference).map(|(kind, _)| kind);
        if target.is_some_and(|kind| c.incomplete(kind)) {
            continue;
        }
        let hint = broken
            .hint
            .unwrap_or_else(|| reference_hint(&broken.reference, c));
        c.error(
            file,
            body_position(body, broken.range.start),
            Problem::new(
                Code::BrokenReference,
                "",
                format!("the reference `{}` leads nowhere", broken.reference),
            )
            .hint(hint)
            .length(body.text[broken.range.clone()].chars().count()),
        );
    }
}

fn reference_hint(reference: &str, c: &Checker) -> String {
    let index = c.index;
    match markdown::parse_reference(reference) {
        Some((kind, id)) => match did_you_mean_id(id, index.ids(kind)) {
            Some(close) => format!("did you mean `{}:{close}`?", kind.scheme()),
            None => match known_ids(index.ids(kind)) {
                Some(list) => format!("no {} has the id `{id}`; the ids are: {list}", kind.item().name),
                None => format!("no {} has the id `{id}`; the ids are in {}", kind.item().name, c.home_of(kind.item().document)),
            },
        },
        None => "internal references look like shot:1A, panel:3, location:rooftop, person:mara, day:2, journal:<slug>".to_string(),
    }
}
