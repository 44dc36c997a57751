//! A dev-server session: the same pipeline as `clapboard build` (load, check, view, render),
//! keeping what it can between rebuilds, and giving the site in memory instead of writing it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::NaiveDateTime;

use crate::assets::DerivedCache;
use crate::cache::RenderCache;
use crate::diagnostics::{Code, Diagnostic};
use crate::folder::ProjectFolder;
use crate::highlight::Highlighter;
use crate::load::{self, LoadCache};
use crate::model::config::AudienceConfig;
use crate::render::Theme;
use crate::timings::Timings;
use crate::view::View;
use crate::{Failure, diagnostics};

/// A built site, in memory: each file's bytes by its path in the site (`shots/index.html`).
#[derive(Default)]
pub struct Site {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// Which audience this is.
    pub audience: String,
    /// Whether the audience's built site would be locked (here it is served unencrypted).
    pub protected: bool,
    /// The path the site lives under, from `base_url`, without its trailing slash: the dev
    /// server serves it there, as the host will, so its links work.
    pub base_path: String,
}

pub struct Session {
    root: PathBuf,
    /// The audience asked for, or `None` to serve the one that sees the most.
    wanted: Option<String>,
    now: Option<NaiveDateTime>,
    load_cache: LoadCache,
    render_cache: RenderCache,
    highlighter: Highlighter,
    /// The theme, with what it was loaded from: the stamps of the project's templates and
    /// static files, and the `ignore:` patterns.
    theme: Option<(ThemeKey, Theme)>,
    /// Copies of images and zips made by earlier rebuilds.
    derived: DerivedCache,
    /// Where the last rebuild spent its time.
    pub timings: Timings,
}

impl Session {
    pub fn new(root: &Path, audience: Option<String>, now: Option<NaiveDateTime>) -> Session {
        Session {
            root: root.to_path_buf(),
            wanted: audience,
            now,
            load_cache: LoadCache::default(),
            render_cache: RenderCache::default(),
            derived: DerivedCache::default(),
            highlighter: Highlighter::new(),
            theme: None,
            timings: Timings::default(),
        }
    }

    /// Builds the site again, re-reading and re-rendering only what changed. Warnings come
    /// with the site; errors instead of it.
    pub fn rebuild(&mut self) -> Result<(Site, Vec<Diagnostic>), Failure> {
        let mut timings = Timings::default();
        let checked =
            crate::check_cached(&self.root, self.now, &mut timings, &mut self.load_cache)?;
        let now = checked.now;
        let mut found = checked.warnings;
        let checked_production = checked.production;
        let folder = checked.folder;
        let loaded = (checked.documents, checked.sources);
        let audience = self.audience(&checked_production.config.audiences, &loaded.0, &loaded.1)?;
        // Once picked, the audience stays for the session.
        self.wanted = Some(audience.name.value.clone());
        let view = timings.time(
            |t| &mut t.view,
            || {
                let production = load::production_for(&loaded.0, &loaded.1, &audience.name.value)
                    .expect("the configuration read when the production was checked");
                View::new(production, &checked_production, audience.clone(), now)
            },
        );
        self.refresh_theme(&folder, &checked_production.config.ignore)?;
        let theme = &self.theme.as_ref().expect("a theme was just loaded").1;
        let maker = crate::build::Maker {
            folder: &folder,
            theme,
            highlighter: &self.highlighter,
            now,
            derived: &self.derived,
            render_cache: Some(&self.render_cache),
        };
        // The dev server shows protected sites unlocked: it only listens on this machine.
        let made = maker.site(&view, None, &mut timings)?;
        found.extend(made.warnings);
        let files = made.files;
        self.timings = timings;
        let mut site = Site {
            files: HashMap::with_capacity(files.len()),
            audience: audience.name.value.clone(),
            protected: audience.is_protected(),
            base_path: crate::urls::Urls::new(view.base_url())
                .base_path()
                .to_string(),
        };
        for file in files {
            site.files.insert(file.path, file.bytes);
        }
        Ok((site, found))
    }

    /// The audience to serve: the one asked for, or the one whose site has the most documents.
    fn audience(
        &self,
        audiences: &[AudienceConfig],
        documents: &load::Documents,
        sources: &diagnostics::Sources,
    ) -> Result<AudienceConfig, Failure> {
        if let Some(name) = &self.wanted {
            return audiences
                .iter()
                .find(|a| a.name.value == *name)
                .cloned()
                .ok_or_else(|| {
                    let names: Vec<&str> =
                        audiences.iter().map(|a| a.name.value.as_str()).collect();
                    Diagnostic::error(
                        Code::UnknownAudience,
                        format!("there is no audience `{name}`"),
                    )
                    .in_file(load::CONFIG_FILE)
                    .hint(format!("the audiences are: {}", names.join(", ")))
                    .into()
                });
        }
        let size = |audience: &AudienceConfig| {
            load::production_for(documents, sources, &audience.name.value)
                .map(|p| {
                    p.shots.len()
                        + p.journal.len()
                        + p.days.len()
                        + p.budget.lines.len()
                        + usize::from(p.treatment.is_some()) * 10
                })
                .unwrap_or(0)
        };
        audiences
            .iter()
            .max_by_key(|a| size(a))
            .cloned()
            .ok_or_else(|| {
                Diagnostic::error(Code::BadAudience, "clapboard.yaml names no audience").into()
            })
    }

    /// Loads the theme again when a template or static file, or what `ignore:` says, changed.
    fn refresh_theme(
        &mut self,
        folder: &ProjectFolder,
        ignore: &[crate::model::Located<String>],
    ) -> Result<(), Failure> {
        let key = (
            stamps(&self.root),
            ignore.iter().map(|p| p.value.clone()).collect(),
        );
        if self.theme.as_ref().is_some_and(|(old, _)| *old == key) {
            return Ok(());
        }
        let ignored = crate::load::ignore::Ignored::new(&self.root, ignore, |_, _, _| {});
        let theme = Theme::load(folder, &ignored)?;
        self.theme = Some((key, theme));
        Ok(())
    }
}

type ThemeKey = (Vec<(PathBuf, SystemTime)>, Vec<String>);

/// The modification times of the project's templates and static files.
fn stamps(root: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut stamps = Vec::new();
    for folder in ["templates", "static"] {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Some(modified) = entry.metadata().ok().and_then(|m| m.modified().ok()) {
                stamps.push((entry.path().to_path_buf(), modified));
            }
        }
    }
    stamps
}
