//! View: the production as one audience may see it, made once and used for every output.
//!
//! Every page, feed, sitemap and file of a site is rendered from its [`View`], never from the
//! loaded production, so what a view leaves out cannot reach that site. The production in a
//! view was assembled from the documents with the audience's filter (see
//! [`crate::load::audience`]): hidden documents, items and fields are simply not in it. Then
//! privacy follows references: what exists only for an item the audience may not see goes
//! with it, and references to such items are dropped (see [`follow_references`]).

use std::collections::HashSet;

use chrono::NaiveDateTime;

use crate::index::Index;
use crate::model::config::AudienceConfig;
use crate::model::{Production, Sourced};

pub struct View {
    /// The audience this view is for.
    pub audience: AudienceConfig,
    pub production: Production,
    pub index: Index,
}

impl View {
    /// The view of `production` (as the audience's filter left it) for `audience` at the
    /// moment `now` (in the production's time zone), judged against `whole`, the production
    /// as everyone sees it: the public site leaves out a press release still under embargo.
    pub fn new(
        mut production: Production,
        whole: &Production,
        audience: AudienceConfig,
        now: NaiveDateTime,
    ) -> View {
        production.adopt_readings(whole);
        adopt_overrides(&mut production, whole);
        // The currency is not private: every amount an audience sees, a budget line or a
        // location fee, is written in it, even where the budget itself is hidden.
        production.budget.currency = whole.budget.currency.clone();
        let public = audience.name.value == crate::load::audience::PUBLIC;
        if public
            && production
                .press_release
                .as_ref()
                .is_some_and(|r| embargoed(r, now))
        {
            production.press_release = None;
        }
        // A note dated after the build's clock is scheduled: it is published by the first build
        // on or after its date, and until then no site has it.
        production
            .journal
            .retain(|note| note.meta.date.0 <= now.date());
        follow_references(&mut production, whole);
        let index = Index::new(&production);
        View {
            audience,
            production,
            index,
        }
    }

    /// Where this audience's site lives: the address its absolute URLs start with.
    pub fn base_url(&self) -> &str {
        &self.production.config.base_url_of(&self.audience).value
    }

    /// The audience's name, which is also its site's folder.
    pub fn name(&self) -> &str {
        &self.audience.name.value
    }

    /// Whether search engines may index the site: only the public one.
    pub fn indexable(&self) -> bool {
        self.name() == crate::load::audience::PUBLIC
    }
}

/// Whether the press release may not be published yet at `now`.
pub fn embargoed(release: &crate::model::PressRelease, now: NaiveDateTime) -> bool {
    release
        .meta
        .embargo
        .as_ref()
        .is_some_and(|e| e.value.0 > now)
}

/// The ids of the items of one kind that `whole` has and the audience's `seen` does not.
fn hidden<T>(
    whole: &[Sourced<T>],
    seen: &[Sourced<T>],
    id: impl Fn(&T) -> &str,
) -> HashSet<String> {
    let seen: HashSet<&str> = seen.iter().map(|item| id(item)).collect();
    whole
        .iter()
        .map(|item| id(item))
        .filter(|item| !seen.contains(item))
        .map(str::to_string)
        .collect()
}

/// Privacy follows references, in one pass before any page is made, so that every page,
/// feed, calendar and count of the site agrees. An item that exists for another is left out
/// with it: a shot of a hidden scene, a VFX task of a hidden shot, a review note or
/// deliverable of a hidden cut, a cast call or crew call of a hidden person. An item that
/// stands on its own stays and loses only its reference: a panel's shot, a shot's panel,
/// location and cast, a shoot day's shots and locations.
fn follow_references(p: &mut Production, whole: &Production) {
    let scenes = hidden(&whole.scenes, &p.scenes, |s| &s.id.value);
    p.shots.retain(|s| !scenes.contains(&s.scene.value));

    // After the shots of hidden scenes are gone, so that their dependants go too.
    let shots = hidden(&whole.shots, &p.shots, |s| &s.id.value);
    p.vfx.retain(|v| !shots.contains(&v.shot.value));
    for panel in &mut p.storyboard.panels {
        if panel
            .shot
            .as_ref()
            .is_some_and(|s| shots.contains(&s.value))
        {
            panel.inner.shot = None;
        }
    }

    let panels = hidden(&whole.storyboard.panels, &p.storyboard.panels, |s| {
        &s.id.value
    });
    let locations = hidden(&whole.locations, &p.locations, |l| &l.id.value);
    let cast = hidden(&whole.cast, &p.cast, |c| &c.id.value);
    for shot in &mut p.shots {
        let shot = &mut shot.inner;
        if shot
            .panel
            .as_ref()
            .is_some_and(|id| panels.contains(&id.value))
        {
            shot.panel = None;
        }
        if shot
            .location
            .as_ref()
            .is_some_and(|id| locations.contains(&id.value))
        {
            shot.location = None;
        }
        shot.cast.0.retain(|id| !cast.contains(&id.value));
    }

    let crew = hidden(&whole.crew, &p.crew, |c| &c.id.value);
    for day in &mut p.days {
        let day = &mut day.inner;
        day.shots.retain(|id| !shots.contains(&id.value));
        day.locations.retain(|id| !locations.contains(&id.value));
        day.cast_calls
            .retain(|call| !cast.contains(&call.person.value));
        // A crew call may name anyone, cast or crew.
        day.crew_calls.retain(|call| {
            !cast.contains(&call.person.value) && !crew.contains(&call.person.value)
        });
    }

    let cuts = hidden(&whole.cuts, &p.cuts, |c| &c.version.value);
    p.reviews.retain(|r| !cuts.contains(&r.version.value));
    p.deliverables
        .retain(|d| d.cut.as_ref().is_none_or(|c| !cuts.contains(&c.value)));
}

/// The folder at `dir` as `audience` sees it, with the clock at the start of 2030 (every note
/// published, every embargo lifted); for unit tests that build a small production on disk.
/// What the command line changed in the whole production (`--drafts`, `--base-url`), made in
/// an audience's production too, which is read again from the documents.
fn adopt_overrides(production: &mut Production, whole: &Production) {
    production.drafts_shown = whole.drafts_shown;
    let config = &mut production.config.inner;
    config.base_url = whole.config.base_url.clone();
    for audience in &mut config.audiences {
        if let Some(changed) = whole
            .config
            .audiences
            .iter()
            .find(|a| a.name.value == audience.name.value)
        {
            audience.base_url = changed.base_url.clone();
        }
    }
}

#[cfg(test)]
pub(crate) fn view_of_folder(dir: &std::path::Path, audience: &str) -> View {
    let loaded = crate::load::load(dir);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let whole = loaded.production.expect("the production loads");
    let config = whole
        .config
        .audiences
        .iter()
        .find(|a| a.name.value == audience)
        .expect("the audience exists")
        .clone();
    let production = crate::load::production_for(&loaded.documents, &loaded.sources, audience)
        .expect("the audience's production");
    let now = chrono::NaiveDate::from_ymd_opt(2030, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a valid clock");
    View::new(production, &whole, config, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A production in which the crew alone sees scene 2, shot 1B, panel 2, the depot, Mara
    /// and cut v2; each of them has something that exists for it or refers to it.
    const FILES: [(&str, &str); 9] = [
        (
            "clapboard.yaml",
            "title: T\nartist: A\nsong: {title: S, duration: 60}\nbase_url: https://t.example.com/\n",
        ),
        (
            "shots.yaml",
            "scenes:\n  - {id: 1, name: One}\n  - {id: 2, name: Two, audience: crew}\nshots:\n  - {id: 1A, scene: 1, description: a, panel: 2, location: depot, cast: [mara, joel]}\n  - {id: 1B, scene: 1, description: b, audience: crew}\n  - {id: 2A, scene: 2, description: c}\n",
        ),
        (
            "storyboard.yaml",
            "panels:\n  - {id: 1, action: x, shot: 1B}\n  - {id: 2, action: y, audience: crew}\n",
        ),
        (
            "locations.yaml",
            "locations:\n  - {id: depot, name: Depot, audience: crew}\n  - {id: roof, name: Roof}\n",
        ),
        (
            "people.yaml",
            "cast:\n  - {id: mara, name: Mara, audience: crew}\n  - {id: joel, name: Joel}\ncrew:\n  - {id: kit, name: Kit, department: Grip, position: Key grip}\n",
        ),
        (
            "schedule.yaml",
            "audience: [client, crew]\ndays:\n  - day: 1\n    date: 2026-09-19\n    general_call: \"08:00\"\n    locations: [depot, roof]\n    shots: [1A, 1B, 2A]\n    cast_calls: [{person: mara}, {person: joel}]\n    crew_calls: [{person: mara, call: \"07:00\"}, {person: kit, call: \"07:00\"}]\n",
        ),
        (
            "post/vfx.yaml",
            "vfx:\n  - {shot: 1A, task: keep, status: done}\n  - {shot: 1B, task: of the hidden shot, status: done}\n  - {shot: 2A, task: of the hidden scene, status: done}\n",
        ),
        (
            "post/cuts.yaml",
            "cuts:\n  - {version: v1, date: 2026-10-01, status: approved}\n  - {version: v2, date: 2026-10-02, status: approved, audience: crew}\n",
        ),
        (
            "post/reviews.yaml",
            "reviews:\n  - {version: v1, timecode: 1, author: L, note: keep}\n  - {version: v2, timecode: 1, author: L, note: gone}\n",
        ),
    ];

    fn views() -> (View, View) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in FILES {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::write(
            dir.path().join("post/deliverables.yaml"),
            "deliverables:\n  - {name: Master, cut: v2, status: done}\n  - {name: Stills, status: done}\n",
        )
        .unwrap();
        let view = |name: &str| view_of_folder(dir.path(), name);
        (view("client"), view("crew"))
    }

    fn ids<T>(items: &[T], id: impl Fn(&T) -> String) -> Vec<String> {
        items.iter().map(id).collect()
    }

    #[test]
    fn what_exists_for_a_hidden_item_goes_with_it() {
        let (client, crew) = views();
        let p = &client.production;
        assert_eq!(ids(&p.shots, |s| s.id.value.clone()), ["1A"]);
        assert_eq!(ids(&p.vfx, |v| v.task.clone()), ["keep"]);
        assert_eq!(ids(&p.reviews, |r| r.note.clone()), ["keep"]);
        assert_eq!(ids(&p.deliverables, |d| d.name.clone()), ["Stills"]);
        let day = &p.days[0];
        assert_eq!(ids(&day.cast_calls, |c| c.person.value.clone()), ["joel"]);
        assert_eq!(ids(&day.crew_calls, |c| c.person.value.clone()), ["kit"]);
        // The crew sees it all.
        let q = &crew.production;
        assert_eq!(q.shots.len(), 3);
        assert_eq!(q.vfx.len(), 3);
        assert_eq!(q.reviews.len(), 2);
        assert_eq!(q.deliverables.len(), 2);
        assert_eq!(q.days[0].cast_calls.len(), 2);
        assert_eq!(q.days[0].crew_calls.len(), 2);
    }

    #[test]
    fn what_stands_on_its_own_loses_only_its_reference() {
        let (client, crew) = views();
        let p = &client.production;
        let panel = &p.storyboard.panels[0];
        assert_eq!(panel.action, "x");
        assert!(panel.shot.is_none(), "the panel names a hidden shot");
        let shot = &p.shots[0];
        assert!(shot.panel.is_none() && shot.location.is_none());
        assert_eq!(ids(&shot.cast, |c| c.value.clone()), ["joel"]);
        let day = &p.days[0];
        assert_eq!(ids(&day.shots, |s| s.value.clone()), ["1A"]);
        assert_eq!(ids(&day.locations, |l| l.value.clone()), ["roof"]);
        let q = &crew.production;
        assert_eq!(q.storyboard.panels[0].shot.as_ref().unwrap().value, "1B");
        assert_eq!(q.shots[0].cast.len(), 2);
        assert_eq!(q.days[0].shots.len(), 3);
    }
}
