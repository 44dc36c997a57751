//! A dev-server session: the same pipeline as `clapboard build` (load, check, view, render),
//! keeping what it can between rebuilds, and keeping the site in its store (`super::store`)
//! instead of writing it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::NaiveDateTime;

use crate::assets::DerivedCache;
use crate::build::Overrides;
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

use super::store::{Store, Stored};

/// A built site: each file, as the session's store holds it, by its path in the site
/// (`shots/index.html`).
#[derive(Default)]
pub struct Site {
    pub files: foldhash::HashMap<String, Stored>,
    /// Which audience this is.
    pub audience: String,
    /// Whether the audience's built site would be locked (here it is served unencrypted).
    pub protected: bool,
    /// The path the site lives under, from `base_url`, without its trailing slash: the dev
    /// server serves it there, as the host will, so its links work.
    pub base_path: String,
}

/// Every site the dev server shows: the first at its own address, the others (when several
/// audiences are served) under `/_/<audience>/`.
#[derive(Default)]
pub struct Sites {
    pub sites: Vec<Site>,
    /// Where the bytes of the sites' files are kept.
    pub store: Option<Arc<Store>>,
}

/// The folder of the dev server's own addresses, where the other audiences' sites are served.
pub const OTHER_SITES: &str = "_";

impl Sites {
    /// The bytes of a file of one of the sites.
    pub fn read(&self, stored: Stored) -> std::io::Result<Vec<u8>> {
        match &self.store {
            Some(store) => store.read(stored),
            None => Err(std::io::ErrorKind::NotFound.into()),
        }
    }

    /// The first site: the one served at its own address.
    pub fn first(&self) -> Option<&Site> {
        self.sites.first()
    }

    /// The site a request for `path` (decoded, without its leading slash) is for: the one
    /// whose folder is the longest start of the path, else the first.
    pub fn site_for(&self, path: &str) -> Option<&Site> {
        let inside = |site: &&Site| {
            let base = site.base_path.trim_matches('/');
            base.is_empty()
                || path == base
                || path
                    .strip_prefix(base)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        self.sites
            .iter()
            .filter(inside)
            .max_by_key(|site| site.base_path.len())
            .or_else(|| self.first())
    }
}

pub struct Session {
    root: PathBuf,
    /// The audience asked for, or `None` to serve every audience, the one that sees the most
    /// first.
    wanted: Option<String>,
    /// The first audience once picked: it stays first for the session.
    first: Option<String>,
    /// Whether sites with a password are served when no audience is asked for (not when
    /// other machines can reach the server: they would be served unencrypted).
    locked_sites: bool,
    now: Option<NaiveDateTime>,
    overrides: Overrides,
    load_cache: LoadCache,
    /// Each audience's rendered pages.
    render_caches: HashMap<String, RenderCache>,
    highlighter: Highlighter,
    /// The theme, with what it was loaded from: the stamps of the project's templates and
    /// static files, and the `ignore:` patterns.
    theme: Option<(ThemeKey, Theme)>,
    /// Copies of images and zips made by earlier rebuilds.
    derived: DerivedCache,
    /// The bytes of every file served, made when the first rebuild needs it.
    store: Option<Arc<Store>>,
    /// The files of the sites the last rebuild made, by hash: the store keeps them one more
    /// rebuild, while the server may still be answering from those sites.
    last_served: foldhash::HashSet<u64>,
    /// Whether the folder has been watched since before the last rebuild read it: only then
    /// are the watcher's changes all the changes since.
    watched: bool,
    /// Where the last rebuild spent its time.
    pub timings: Timings,
}

/// A site's files, put in the store as they are made.
struct Collected<'s> {
    store: &'s Store,
    files: std::sync::Mutex<foldhash::HashMap<String, Stored>>,
}

impl crate::render::Output for Collected<'_> {
    fn begin(&mut self, paths: &[&str]) -> Result<(), Diagnostic> {
        self.files
            .get_mut()
            .expect("unpoisoned files")
            .reserve(paths.len());
        Ok(())
    }

    fn put(&self, file: crate::write::OutputFile) -> Result<(), Diagnostic> {
        // A page unchanged since an earlier rebuild is in the store already.
        let stored = match file.kept {
            Some(hash) => self.store.held(hash).ok_or_else(|| {
                Diagnostic::error(
                    Code::Io,
                    format!("the dev server no longer holds the page {}", file.path),
                )
                .hint("save a file of the production to build it again")
            }),
            None => (self.store.put_hashed(file.content_hash(), &file.bytes)).map_err(|e| {
                Diagnostic::error(
                    Code::Io,
                    format!("cannot keep the page {} for the dev server: {e}", file.path),
                )
                .hint("the system's temporary folder (TMPDIR) must be writable and not full")
            }),
        }?;
        self.files
            .lock()
            .expect("unpoisoned files")
            .insert(file.path, stored);
        Ok(())
    }
}

/// What a session serves.
pub struct Serving {
    /// The audience asked for, or `None` for every audience.
    pub audience: Option<String>,
    /// Whether every audience includes those with a password.
    pub locked_sites: bool,
    pub now: Option<NaiveDateTime>,
    pub overrides: Overrides,
}

impl Session {
    pub fn new(root: &Path, serving: Serving) -> Session {
        Session {
            root: root.to_path_buf(),
            wanted: serving.audience,
            first: None,
            locked_sites: serving.locked_sites,
            now: serving.now,
            overrides: serving.overrides,
            load_cache: LoadCache::default(),
            render_caches: HashMap::new(),
            derived: DerivedCache::default(),
            store: None,
            last_served: Default::default(),
            highlighter: Highlighter::new(),
            theme: None,
            watched: false,
            timings: Timings::default(),
        }
    }

    /// The folder of the session's store, once a rebuild made it.
    pub fn store_folder(&self) -> Option<PathBuf> {
        self.store
            .as_ref()
            .map(|store| store.folder().to_path_buf())
    }

    /// [`Session::rebuild`] after the folder's watcher saw `change`: when it has been watching
    /// since the last rebuild read the folder and missed nothing, only the files it names (or
    /// that are in the folders it names) are looked at again for changes; the folder is still
    /// walked for new and removed files.
    pub fn rebuild_after(
        &mut self,
        change: &super::watch::Change,
    ) -> Result<(Sites, Vec<Diagnostic>), Failure> {
        if self.watched && change.complete {
            let relative = (change.paths.iter())
                .map(|path| path.strip_prefix(&self.root).map(Path::to_path_buf))
                .collect::<Result<Vec<_>, _>>();
            if let Ok(relative) = relative {
                self.load_cache.changed_only(relative);
            }
        }
        let rebuilt = self.rebuild();
        // The watcher was running all through this rebuild's reading of the folder, if it
        // read it; if it did not, the changes seen are still to be read, and the next
        // rebuild looks at every file.
        self.watched = !self.load_cache.forget_changes();
        rebuilt
    }

    /// Builds the sites again, re-reading and re-rendering only what changed. Warnings come
    /// with the sites; errors instead of them.
    pub fn rebuild(&mut self) -> Result<(Sites, Vec<Diagnostic>), Failure> {
        let mut timings = Timings::default();
        let checked =
            crate::check_cached(&self.root, self.now, &mut timings, &mut self.load_cache)?;
        let now = checked.now;
        let mut found = checked.warnings;
        let mut checked_production = checked.production;
        self.overrides.apply(&mut checked_production)?;
        let folder = checked.folder;
        let loaded = (checked.documents, checked.sources);
        let audiences =
            self.audiences(&checked_production.config.audiences, &loaded.0, &loaded.1)?;
        self.refresh_theme(&folder, &checked_production.config.ignore)?;
        let theme = &self.theme.as_ref().expect("a theme was just loaded").1;
        let store = match &self.store {
            Some(store) => store.clone(),
            None => {
                let store = Store::new().map_err(|e| {
                    Diagnostic::error(
                        Code::Io,
                        format!("cannot make a folder for the dev server's files: {e}"),
                    )
                    .hint("the system's temporary folder (TMPDIR) must be writable")
                })?;
                self.store.insert(Arc::new(store)).clone()
            }
        };
        let mut sites = Sites {
            sites: Vec::new(),
            store: Some(store.clone()),
        };
        let mut views = Vec::new();
        for (i, mut audience) in audiences.into_iter().enumerate() {
            let name = audience.name.value.clone();
            if i > 0 {
                // Served beside the first site: its links must lead into its own folder.
                let address = checked_production
                    .config
                    .base_url_of(&audience)
                    .value
                    .clone();
                let mut located = checked_production.config.base_url.clone();
                located.value = beside(&address, &name);
                audience.base_url = Some(located);
            }
            let view = timings.time(
                |t| &mut t.view,
                || {
                    let production = load::production_for(&loaded.0, &loaded.1, &name)
                        .expect("the configuration read when the production was checked");
                    View::new(production, &checked_production, audience.clone(), now)
                },
            );
            let maker = crate::build::Maker {
                folder: &folder,
                theme,
                highlighter: &self.highlighter,
                now,
                derived: &self.derived,
                render_cache: Some(self.render_caches.entry(name.clone()).or_default()),
                progress: crate::progress::Progress::hidden(),
            };
            // The dev server shows protected sites unlocked: only this machine is served them.
            let mut output = Collected {
                store: &store,
                files: Default::default(),
            };
            let made = maker.site(&view, None, &mut output, &mut timings)?;
            for warning in made.warnings {
                if !found.contains(&warning) {
                    found.push(warning);
                }
            }
            let site = Site {
                files: output.files.into_inner().expect("unpoisoned files"),
                audience: name,
                protected: audience.is_protected(),
                base_path: crate::urls::Urls::new(view.base_url())
                    .base_path()
                    .to_string(),
            };
            sites.sites.push(site);
            views.push(view);
        }
        // Files neither these sites nor the last ones have are removed, and forgotten by the
        // page caches, which must find every page they give back in the store.
        let served: foldhash::HashSet<u64> = (sites.sites.iter())
            .flat_map(|site| site.files.values().map(|stored| stored.hash))
            .collect();
        let mut kept = served.clone();
        kept.extend(std::mem::replace(&mut self.last_served, served));
        store.keep_only(&kept);
        for cache in self.render_caches.values() {
            cache.forget_unless(|hash| kept.contains(&hash));
        }
        self.timings = timings;
        // The sites are ready: what this rebuild read and made is not waited for.
        crate::free_aside((views, loaded, checked_production));
        Ok((sites, found))
    }

    /// The audiences to serve, the first served at its own address: the one asked for; or
    /// else the one whose site has the most documents, then the others in clapboard.yaml's
    /// order (without those with a password, unless locked sites may be served).
    fn audiences(
        &mut self,
        audiences: &[AudienceConfig],
        documents: &load::Documents,
        sources: &diagnostics::Sources,
    ) -> Result<Vec<AudienceConfig>, Failure> {
        if self.wanted.is_some() {
            return Ok(vec![self.audience(audiences, documents, sources)?]);
        }
        let servable: Vec<AudienceConfig> = audiences
            .iter()
            .filter(|a| self.locked_sites || !a.is_protected())
            .cloned()
            .collect();
        if servable.is_empty() && !audiences.is_empty() {
            return Err(Diagnostic::error(
                Code::BadAudience,
                "every audience has a password, and other machines can reach this server: their sites would be served to them unencrypted",
            )
            .hint("name one with --audience to serve it anyway, or serve on 127.0.0.1")
            .into());
        }
        let first = match self
            .first
            .as_ref()
            .and_then(|name| servable.iter().find(|a| a.name.value == *name))
        {
            Some(first) => first.clone(),
            None => self.audience(&servable, documents, sources)?,
        };
        self.first = Some(first.name.value.clone());
        let mut chosen = vec![first.clone()];
        chosen.extend(
            servable
                .into_iter()
                .filter(|a| a.name.value != first.name.value),
        );
        Ok(chosen)
    }

    /// The audience asked for, or the one whose site has the most documents.
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

/// The address of an audience's site served beside the first: `address`'s scheme and host, in
/// the dev server's folder for it (`https://crew.example.com/_/crew/`).
fn beside(address: &str, audience: &str) -> String {
    let urls = crate::urls::Urls::new(address);
    let origin = if urls.is_absolute() {
        urls.origin()
    } else {
        ""
    };
    format!(
        "{origin}/{OTHER_SITES}/{}/",
        crate::urls::encode_path(audience)
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn productions() -> Vec<PathBuf> {
        let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = vec![repository.join("example-project")];
        for entry in std::fs::read_dir(repository.join("examples"))
            .into_iter()
            .flatten()
        {
            let path = entry.expect("a readable folder").path();
            if path.join("clapboard.yaml").is_file() {
                found.push(path);
            }
        }
        found
    }

    fn served(root: &Path, audience: Option<&str>, locked_sites: bool) -> Vec<(String, bool)> {
        let serving = Serving {
            audience: audience.map(str::to_string),
            locked_sites,
            now: None,
            overrides: Overrides::default(),
        };
        let (sites, _) = Session::new(root, serving)
            .rebuild()
            .expect("the production builds");
        sites
            .sites
            .iter()
            .map(|site| (site.audience.clone(), site.protected))
            .collect()
    }

    /// Served where other machines can reach it, a session leaves out every site with a
    /// password unless it is asked for by name: the dev server never encrypts.
    #[test]
    fn other_machines_are_served_no_locked_site_unasked() {
        for root in productions() {
            let everything = served(&root, None, true);
            let locked: Vec<&String> = everything
                .iter()
                .filter(|(_, protected)| *protected)
                .map(|(name, _)| name)
                .collect();
            assert!(!locked.is_empty(), "{}: no locked audience", root.display());
            let reachable = served(&root, None, false);
            assert!(
                reachable.iter().all(|(_, protected)| !protected),
                "{}: {reachable:?}",
                root.display()
            );
            assert_eq!(
                reachable.len(),
                everything.len() - locked.len(),
                "{}",
                root.display()
            );
            let named = served(&root, Some(locked[0]), false);
            assert_eq!(named, vec![(locked[0].clone(), true)], "{}", root.display());
        }
    }

    #[test]
    fn a_request_goes_to_the_site_whose_folder_it_is_in() {
        let site = |audience: &str, base_path: &str| Site {
            audience: audience.to_string(),
            base_path: base_path.to_string(),
            ..Site::default()
        };
        let sites = Sites {
            sites: vec![site("client", "/videos/a"), site("crew", "/_/crew")],
            store: None,
        };
        let to = |path: &str| sites.site_for(path).map(|s| s.audience.as_str());
        assert_eq!(to("videos/a/shots/"), Some("client"));
        assert_eq!(to("_/crew/shots/"), Some("crew"));
        assert_eq!(to("_/crew"), Some("crew"));
        assert_eq!(to("_/crewmen/"), Some("client"));
        assert_eq!(to(""), Some("client"));
    }
}
