//! `clapboard build`: load and check once, then for each audience make its view, render its
//! site, lock it when it has a password, and write it to `<out>/<audience>/`.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::Production;

use crate::assets::DerivedCache;
use crate::diagnostics::{Code, Diagnostic};
use crate::highlight::Highlighter;
use crate::index::did_you_mean;
use crate::model::config::AudienceConfig;
use crate::progress::Progress;
use crate::protect::Lock;
use crate::view::View;
use crate::write::OutputFile;
use crate::{Failure, assets, downloads, load, pages, protect, render, write};

/// How to build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The folder the sites are written into, one folder per audience; `<project>/dist` by
    /// default.
    pub out: Option<PathBuf>,
    /// The build's clock, for what is done, due and late, and for embargoes; now by default.
    pub now: Option<NaiveDateTime>,
    /// Write into existing folders clapboard did not create, keeping their files.
    pub force: bool,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// The audiences to build; all of them when empty.
    pub audiences: Vec<String>,
    /// What the command line changes in the production for this build.
    pub overrides: Overrides,
    /// Where the build shows its progress when it runs long.
    pub progress: Progress,
}

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions {
            out: None,
            now: None,
            force: false,
            deny_warnings: false,
            audiences: Vec::new(),
            overrides: Overrides::default(),
            progress: Progress::hidden(),
        }
    }
}

/// What the command line changes in a production for one build or dev-server session, without
/// touching its files.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Publish draft notes too, each marked as a draft (`--drafts`).
    pub drafts: bool,
    /// The production's address (`--base-url URL`): every audience's, but those that give
    /// their own or are named in `audience_base_urls`.
    pub base_url: Option<String>,
    /// An audience's address (`--base-url NAME=URL`).
    pub audience_base_urls: Vec<(String, String)>,
}

impl Overrides {
    /// Reads a `--base-url` value: `URL` for the production, `NAME=URL` for one audience.
    pub fn add_base_url(&mut self, value: &str) {
        match value.split_once('=') {
            Some((name, url)) if !name.contains([':', '/']) => self
                .audience_base_urls
                .push((name.trim().to_string(), url.trim().to_string())),
            _ => self.base_url = Some(value.trim().to_string()),
        }
    }

    /// Changes `production` as asked; an audience named that does not exist is an error.
    pub fn apply(&self, production: &mut Production) -> Result<(), Failure> {
        production.drafts_shown = self.drafts;
        let config = &mut production.config.inner;
        if let Some(url) = &self.base_url {
            config.base_url.value = url.clone();
        }
        let names: Vec<String> = self
            .audience_base_urls
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        selected(&config.audiences, &names)?;
        for (name, url) in &self.audience_base_urls {
            for audience in config
                .audiences
                .iter_mut()
                .filter(|a| a.name.value == *name)
            {
                let mut located = audience
                    .base_url
                    .clone()
                    .unwrap_or_else(|| config.base_url.clone());
                located.value = url.clone();
                audience.base_url = Some(located);
            }
        }
        Ok(())
    }
}

pub use crate::timings::Timings;

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub root: PathBuf,
    pub sites: Vec<SiteReport>,
    /// Warnings; a build with errors does not succeed.
    pub diagnostics: Vec<Diagnostic>,
    /// Time spent in each stage, over all sites.
    pub timings: Timings,
}

/// One audience's site.
#[derive(Debug)]
pub struct SiteReport {
    pub audience: String,
    pub out: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub protected: bool,
}

/// Builds the sites of the production in `dir`.
pub fn build(dir: &Path, options: &BuildOptions) -> Result<BuildReport, Failure> {
    let mut timings = Timings::default();
    let mut checked = crate::load_and_check_timed(dir, options.now, &mut timings)?;
    options.overrides.apply(&mut checked.production)?;
    let now = checked.now;
    let mut warnings = checked.warnings;
    let root = checked.root;
    let config = &checked.production.config;
    let audiences = selected(&config.audiences, &options.audiences)?;
    let out_root = write::check_output_root(
        &options.out.clone().unwrap_or_else(|| root.join("dist")),
        &root,
    )?;

    // Passwords first: a site whose password is missing is not built, and says why.
    let mut plans = Vec::new();
    for audience in audiences {
        let password = match password(audience, &root) {
            Ok(Some(password)) if !audience.accept_weak_password => {
                let context = [
                    config.title.as_str(),
                    config.artist.as_str(),
                    config.song.title.as_str(),
                    audience.name.value.as_str(),
                ];
                protect::check_strength(&audience.name.value, &password, &context)
                    .map_err(|problem| problem.at(audience.name.at))?;
                Some(password)
            }
            Ok(password) => password,
            Err(problem) if options.audiences.is_empty() => {
                warnings.push(problem.severity_warning());
                continue;
            }
            Err(problem) => return Err(problem.into()),
        };
        let out =
            write::check_output_folder(&out_root.join(&audience.name.value), &root, options.force)?;
        plans.push((audience.clone(), password, out));
    }
    if options.deny_warnings && !warnings.is_empty() {
        return Err(warnings.into());
    }

    // Keys are derived from the start, one thread per locked site, beside the rest of the
    // build: each derivation is deliberately slow.
    std::thread::scope(|scope| {
        let keys: Vec<_> = plans
            .iter()
            .map(|(_, password, out)| {
                let (password, out) = (password.clone()?, out.clone());
                Some(scope.spawn(move || {
                    let salt = write::previous_salt(&out).and_then(|s| protect::parse_salt(&s));
                    Lock::new(&password, salt)
                }))
            })
            .collect();
        let read = (&checked.documents, &checked.sources, &checked.production);
        let made = (&mut timings, &mut warnings);
        let how = (now, options.progress);
        make_sites(read, &checked.folder, &out_root, how, plans, keys, made)
    })
    .map(|sites| {
        // The sites are written: what was read is not waited for.
        crate::free_aside((checked.documents, checked.sources, checked.production));
        BuildReport {
            root,
            sites,
            diagnostics: warnings,
            timings,
        }
    })
}

/// A key being derived on its own thread, for a locked site.
type Deriving<'scope> = std::thread::ScopedJoinHandle<'scope, Result<Lock, Diagnostic>>;

/// Makes and writes each planned site, and returns their reports.
fn make_sites(
    (documents, sources, checked): (&load::Documents, &crate::diagnostics::Sources, &Production),
    folder: &crate::folder::ProjectFolder,
    out_root: &Path,
    (now, progress): (NaiveDateTime, Progress),
    plans: Vec<(AudienceConfig, Option<String>, PathBuf)>,
    keys: Vec<Option<Deriving<'_>>>,
    (timings, warnings): (&mut Timings, &mut Vec<Diagnostic>),
) -> Result<Vec<SiteReport>, Failure> {
    let ignored = crate::load::ignore::Ignored::of(folder.root(), &checked.config);
    let cache_dir = std::env::var_os(CACHE_VARIABLE)
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| out_root.join(CACHE_FOLDER), PathBuf::from);
    let derived = DerivedCache::in_dir(cache_dir.clone());
    let highlighted = cache_dir.join(HIGHLIGHTED_FILE);
    let view_of = |audience: &AudienceConfig| {
        let started = std::time::Instant::now();
        let production = load::production_for(documents, sources, &audience.name.value)
            .expect("the configuration read when the production was checked");
        let view = View::new(production, checked, audience.clone(), now);
        (view, started.elapsed())
    };
    // The theme's templates are parsed while the first site's view is made: making a view is
    // one thread's work, parsing templates is spread over the others.
    let ((theme, highlighter), mut first_view) = rayon::join(
        || {
            let highlighter = Highlighter::new();
            highlighter.load(&highlighted);
            (render::Theme::load(folder, &ignored), highlighter)
        },
        || plans.first().map(|(audience, _, _)| view_of(audience)),
    );
    let theme = theme?;

    let mut sites = Vec::new();
    for ((audience, password, out), key) in plans.into_iter().zip(keys) {
        let (view, view_time) = first_view.take().unwrap_or_else(|| view_of(&audience));
        timings.view += view_time;
        let lock = timings.time(
            |t| &mut t.render,
            || {
                key.map(|key| key.join().expect("deriving a key does not panic"))
                    .transpose()
            },
        )?;
        let protected = password.is_some();
        // An open site takes its unchanged pages back from the last build; a locked one is
        // sealed anew each build, so there is nothing to take.
        let index = crate::cache::page_index_path(&cache_dir, &out);
        let pages_before = lock
            .is_none()
            .then(|| crate::cache::RenderCache::for_site(&out, &index));
        let maker = Maker {
            folder,
            theme: &theme,
            highlighter: &highlighter,
            now,
            derived: &derived,
            render_cache: pages_before.as_ref(),
            progress,
        };
        let salt = lock.as_ref().map(Lock::salt_text);
        let mut output = SiteOutput {
            out: &out,
            salt: salt.as_deref(),
            writer: None,
            files: 0,
            write_time: std::time::Duration::ZERO,
        };
        let made = maker.site(&view, lock.as_ref(), &mut output, timings)?;
        let pages = made.pages;
        // Every site publishes the same image: it is reported once.
        for warning in made.warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        let files = output.files;
        let started = std::time::Instant::now();
        let writer = output.writer.take().expect("a site rendered is begun");
        writer.finish()?;
        // Beginning the write happened inside the render stage: it is the write stage's.
        timings.render = timings.render.saturating_sub(output.write_time);
        timings.write += output.write_time + started.elapsed();
        if let Some(pages) = &pages_before {
            let (reused, rendered) = pages.counts();
            timings.pages_reused += reused;
            timings.pages_rendered += rendered;
            // Without its index the next build renders every page again, as a first one does.
            let _ = pages.save_index(&index);
        }
        sites.push(SiteReport {
            audience: audience.name.value.clone(),
            out,
            pages,
            files,
            protected,
        });
    }
    // Without it the next build highlights its code again, as a first one does.
    let _ = highlighter.save(&highlighted);
    (timings.images_made, timings.images_reused) = derived.counts();
    warnings.extend(derived.rejected());
    Ok(sites)
}
/// The folder, beside the sites, where files made from the project (copies of images, the
/// press kit's zip) are kept between builds.
pub const CACHE_FOLDER: &str = ".clapboard-cache";

/// The file of that cache holding highlighted code blocks, by a hash of their language and text.
const HIGHLIGHTED_FILE: &str = "highlighted-code";

/// The environment variable naming another folder for that cache, to share it between
/// output folders (or keep it between CI runs).
pub const CACHE_VARIABLE: &str = "CLAPBOARD_CACHE";

/// What every site of a build is made with, besides its view.
pub(crate) struct Maker<'a> {
    /// The production folder, and the files the check read from it.
    pub folder: &'a crate::folder::ProjectFolder,
    pub theme: &'a render::Theme,
    pub highlighter: &'a Highlighter,
    /// The build's clock, in the production's time zone.
    pub now: NaiveDateTime,
    pub derived: &'a DerivedCache,
    /// Pages from an earlier build or rebuild.
    pub render_cache: Option<&'a crate::cache::RenderCache>,
    pub progress: Progress,
}

/// What making one audience's site gave besides its files.
pub(crate) struct MadeSite {
    /// Its pages, counted before locking: a locked page is still the page.
    pub pages: usize,
    /// What went wrong without stopping the site (an image that could not be turned upright).
    pub warnings: Vec<Diagnostic>,
}

impl Maker<'_> {
    /// Every file of `view`'s site, put into `output` as it is made: its images and their
    /// copies, its downloads, its pages, locked with `lock` when the site has a password.
    /// Pages are written as they are rendered, so the render stage's time includes theirs.
    pub fn site(
        &self,
        view: &View,
        lock: Option<&Lock>,
        output: &mut dyn render::Output,
        timings: &mut Timings,
    ) -> Result<MadeSite, Failure> {
        let published = timings.time(
            |t| &mut t.images,
            || {
                let how = (self.derived, self.progress);
                assets::publish(&view.production, self.folder, lock, how)
            },
        )?;
        timings.time(
            |t| &mut t.render,
            || -> Result<MadeSite, Failure> {
                let mut env =
                    pages::Env::new(view, self.highlighter, self.now, &published, lock.is_some());
                if let Some(cache) = self.render_cache {
                    env = env.with_cache(cache);
                }
                let site = downloads::Site {
                    view,
                    urls: &env.urls,
                    now: env.now,
                    release_html: (view.production.press_release.as_ref())
                        .map(|r| env.markdown(&r.body)),
                };
                let downloads = downloads::make(&site, &published, self.derived)?;
                // What a locked site encrypts besides its pages, and the name each is saved
                // under when downloaded.
                let mut private = render::Private::new();
                if lock.is_some() {
                    for (relative, path) in &published.names {
                        private.insert(path.clone(), file_name(relative));
                    }
                    for file in published.files.iter().chain(&downloads) {
                        private
                            .entry(file.path.clone())
                            .or_insert_with(|| file_name(&file.path));
                    }
                }
                let warnings = published.warnings.clone();
                let locked = lock.map(|lock| (lock, &private));
                let pages = render::render(
                    &env,
                    self.theme,
                    (published.files, downloads),
                    locked,
                    (output, self.progress),
                )?;
                drop(site);
                env.free();
                Ok(MadeSite { pages, warnings })
            },
        )
    }
}

/// A site's files, written into its output folder as they are made.
struct SiteOutput<'a> {
    out: &'a Path,
    salt: Option<&'a str>,
    writer: Option<write::SiteWriter>,
    /// How many files the site has.
    files: usize,
    /// Time spent beginning the write.
    write_time: std::time::Duration,
}

impl render::Output for SiteOutput<'_> {
    fn begin(&mut self, paths: &[&str]) -> Result<(), Diagnostic> {
        let started = std::time::Instant::now();
        self.writer = Some(write::SiteWriter::begin(self.out, paths, self.salt)?);
        self.files = paths.len();
        self.write_time += started.elapsed();
        Ok(())
    }

    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.writer
            .as_ref()
            .expect("files are put once the site is begun")
            .put(file)
    }
}

/// The last part of a path: `press/press-kit.zip` -> `press-kit.zip`.
fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

/// The audiences asked for, in the order of `clapboard.yaml`; all of them when none is named.
fn selected<'a>(
    all: &'a [AudienceConfig],
    wanted: &[String],
) -> Result<Vec<&'a AudienceConfig>, Failure> {
    if wanted.is_empty() {
        return Ok(all.iter().collect());
    }
    let mut problems = Vec::new();
    for name in wanted {
        if !all.iter().any(|a| a.name.value == *name) {
            let names: Vec<&str> = all.iter().map(|a| a.name.value.as_str()).collect();
            let hint = match did_you_mean(name, names.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the audiences in clapboard.yaml are: {}", names.join(", ")),
            };
            problems.push(
                Diagnostic::error(
                    Code::UnknownAudience,
                    format!("there is no audience `{name}`"),
                )
                .in_file(load::CONFIG_FILE)
                .hint(hint),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    Ok(all
        .iter()
        .filter(|a| wanted.contains(&a.name.value))
        .collect())
}

/// The audience's password, if it has one; an error when it should have one and none can be
/// read. The password is never printed.
pub fn password(audience: &AudienceConfig, root: &Path) -> Result<Option<String>, Diagnostic> {
    let name = &audience.name.value;
    if let Some(variable) = &audience.password_env {
        return match std::env::var(variable) {
            Ok(value) if !value.is_empty() => Ok(Some(value)),
            _ => Err(Diagnostic::error(Code::MissingPassword, format!(
                "the {name} site was not built: its password is read from the environment variable {variable}, which is not set"
            ))
            .in_file(load::CONFIG_FILE)
            .hint(format!("set it, for example `export {variable}='a long passphrase'`, then build again"))),
        };
    }
    if let Some(file) = &audience.password_file {
        let path = expand_home(&file.value);
        let path = if path.is_absolute() {
            path
        } else {
            root.join(path)
        };
        let inside = path
            .canonicalize()
            .ok()
            .zip(root.canonicalize().ok())
            .is_some_and(|(p, r)| p.starts_with(r));
        if inside {
            return Err(Diagnostic::error(
                Code::PasswordInProject,
                format!("the {name} site's password file is inside the project"),
            )
            .in_file(load::CONFIG_FILE)
            .at(file.at)
            .hint("keep it outside the project folder, so it is never committed or published"));
        }
        return match std::fs::read_to_string(&path) {
            Ok(text) if !text.trim().is_empty() => {
                Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
            }
            _ => Err(Diagnostic::error(Code::MissingPassword, format!(
                "the {name} site was not built: its password file {} cannot be read or is empty",
                path.display()
            ))
            .in_file(load::CONFIG_FILE)
            .at(file.at)
            .hint("write the password on the file's first line")),
        };
    }
    Ok(None)
}

fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_site_shares_the_check_s_reading_of_every_markdown_body() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-project");
        let checked = crate::load_and_check(&dir, None).expect("the example checks");
        for audience in &checked.production.config.audiences {
            let production =
                load::production_for(&checked.documents, &checked.sources, &audience.name.value)
                    .expect("the audience's production");
            production.adopt_readings(&checked.production);
            let bodies = production.bodies();
            assert!(bodies.len() > 3, "{}", audience.name.value);
            for body in bodies {
                let read_for_check = checked
                    .production
                    .bodies()
                    .into_iter()
                    .find(|b| b.markdown.text == body.markdown.text)
                    .expect("the same body in the checked production");
                assert!(
                    std::ptr::eq(body.markdown.document(), read_for_check.markdown.document()),
                    "a body of the {} site was read again",
                    audience.name.value
                );
            }
        }
    }
}
