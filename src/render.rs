//! Render: pages -> files in memory, with tera. Templates come from the default theme
//! compiled into the binary; a project's `templates/` and `static/` override it file by file.

use std::error::Error as _;
use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostic};
use crate::embedded::THEME_FILES;
use crate::folder::{MAX_FILE_BYTES, ProjectFolder, Unreadable};
use crate::load::ignore::Ignored;
use crate::pages::{self, Env, Page};
use crate::sheets::{
    AudienceSheet, LockSheet, LockedPage, LockedSite, PageInfo, Robots, SiteSheet, Sitemap,
    SitemapUrl, SongSheet,
};
use crate::write::OutputFile;

/// The theme's templates and static files, with the project's overrides applied.
pub struct Theme {
    tera: Tera,
    statics: Vec<OutputFile>,
    /// The paths of the static files that come from the project's `static/`.
    own_statics: std::collections::HashSet<String>,
    /// Per template, a hash of its text and of the templates every page shares (the base
    /// layout, the partials): a page is re-rendered when its template's fingerprint changes.
    fingerprints: foldhash::HashMap<String, u64>,
}

impl Theme {
    /// The default theme, overridden by `root/templates/` and `root/static/` but for their
    /// `ignored` files.
    pub fn load(folder: &ProjectFolder, ignored: &Ignored) -> Result<Theme, Vec<Diagnostic>> {
        let root = folder.root();
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut statics: Vec<OutputFile> = Vec::new();
        for (path, bytes) in THEME_FILES {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(bytes).into_owned();
                templates.push((name.to_string(), text));
            } else if let Some(name) = path.strip_prefix("static/") {
                statics.push(OutputFile::bytes(name, *bytes));
            }
        }
        let mut problems = Vec::new();
        // Read once each, through the folder: a link swapped in is refused, never followed.
        let read = |folder_name: &str, relative: &str| {
            let path = format!("{folder_name}/{relative}");
            folder.read(Path::new(&path), MAX_FILE_BYTES).map_err(|e| {
                Diagnostic::error(
                    if e == Unreadable::Link {
                        Code::SymbolicLink
                    } else {
                        Code::UnreadableFile
                    },
                    format!("cannot read this file: {e}"),
                )
                .in_file(&path)
                .hint("clapboard reads only real files inside the production folder")
            })
        };
        for relative in project_files(root, "templates", ignored) {
            match read("templates", &relative).and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| {
                    Diagnostic::error(Code::NotUtf8, "this template is not UTF-8 text")
                        .in_file(format!("templates/{relative}"))
                        .hint("save it as UTF-8 in your editor")
                })
            }) {
                Ok(text) => {
                    templates.retain(|(name, _)| *name != relative);
                    templates.push((relative, text));
                }
                Err(problem) => problems.push(problem),
            }
        }
        let mut own_statics = std::collections::HashSet::new();
        for relative in project_files(root, "static", ignored) {
            match read("static", &relative) {
                Ok(bytes) => {
                    statics.retain(|f| f.path != relative);
                    own_statics.insert(relative.clone());
                    statics.push(OutputFile::bytes(relative, bytes));
                }
                Err(problem) => problems.push(problem),
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Escapes what HTML and XML need (`& < > "`), leaving `/` readable in URLs.
        tera.set_escape_fn(crate::text::escape);
        let shared = crate::cache::hash_of(
            templates
                .iter()
                .filter(|(name, _)| name == "base.html" || name.starts_with("partials/"))
                .collect::<Vec<_>>(),
        );
        let fingerprints = templates
            .iter()
            .map(|(name, text)| (name.clone(), crate::cache::hash_of((text, shared))))
            .collect();
        if let Err(e) = add_templates(&mut tera, templates) {
            problems.push(
                Diagnostic::error(
                    Code::Template,
                    format!("a template is broken: {}", error_chain(&e)),
                )
                .hint("check the template's syntax; templates use Tera (tera.netlify.app)"),
            );
        }
        if problems.is_empty() {
            Ok(Theme {
                tera,
                statics,
                own_statics,
                fingerprints,
            })
        } else {
            Err(problems)
        }
    }
}

/// The files under `root/folder`, as paths relative to the folder. Symbolic links are
/// reported by the load stage and skipped, never followed.
fn project_files(root: &Path, folder: &str, ignored: &Ignored) -> Vec<String> {
    let base = root.join(folder);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&base).follow_links(false).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let relative = entry
            .path()
            .strip_prefix(&base)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        // Links are reported by the load stage and never followed or copied.
        if entry.path_is_symlink() {
            continue;
        }
        let is_ignored = ignored.matches(&Path::new(folder).join(&relative), false);
        if entry.file_type().is_file()
            && !relative.split('/').any(|part| part.starts_with('.'))
            && !is_ignored
        {
            files.push(relative);
        }
    }
    files
}

fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

/// Where the files of a site go as they are made.
pub trait Output: Sync {
    /// Told every path of the site once, before any file is put.
    fn begin(&mut self, paths: &[&str]) -> Result<(), Diagnostic>;
    /// Takes one file of the site; called from several threads at once.
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
}

/// Every file of the site, put into `output` as it is made: its pages (and feed, sitemap
/// and robots.txt), the code stylesheet, the theme's static files, `assets` (the project files
/// its view refers to) and `downloads`; each locked when `locked` gives the site's lock.
/// Returns how many pages the site has, counted before locking: a locked page is still the
/// page. Nothing is put when two files would take one path.
pub fn render(
    env: &Env,
    theme: &Theme,
    (assets, downloads): (Vec<OutputFile>, Vec<OutputFile>),
    locked: Option<(&crate::protect::Lock, &Private)>,
    (output, progress): (&mut dyn Output, crate::progress::Progress),
) -> Result<usize, Vec<Diagnostic>> {
    let p = &env.view.production;
    let mut pages = pages::pages(env);
    let config = &p.config;
    let site = SiteSheet {
        title: &config.title,
        artist: &config.artist,
        song: SongSheet {
            title: &config.song.title,
            duration: config.song.duration.to_string(),
            label: config.song.label.as_deref(),
        },
        director: config.director.as_deref(),
        company: config.production_company.as_deref(),
        description: config.description.as_deref(),
        language: &config.language,
        base_url: env.view.base_url(),
        home: env.urls.page("/"),
        root: env.urls.page(""),
        stylesheet: env.urls.page("/style.css"),
        code_stylesheet: env.urls.page("/code.css"),
        favicon: env.urls.page("/favicon.svg"),
        video_script: env.urls.page("/video.js"),
        feed: (!env.protected && p.journal.iter().any(|n| p.publishes(n)))
            .then(|| env.urls.page(crate::urls::JOURNAL_FEED)),
        nav: pages::navigation(&pages, &env.urls),
        audience: audience_sheet(env),
        indexable: env.view.indexable(),
        locked: env.protected,
    };
    let site = serde_json::to_value(&site).expect("sheets serialize to JSON");

    // Only the public site is for search engines: the others say so and list nothing. The
    // sitemap is a function of the listed pages' paths and the site's address: they make its
    // key, and its addresses are written only when it is rendered again.
    if env.view.indexable() {
        let listed: Vec<String> = (pages.iter())
            .filter(|page| page.listed)
            .map(|page| page.path.clone())
            .collect();
        let key = (env.cache).map_or(0, |_| {
            crate::cache::hash_of(("sitemap", env.urls.absolute(""), &listed))
        });
        let urls = &env.urls;
        let sitemap = Page::made_by("/sitemap.xml", "Sitemap", key, move || Sitemap {
            urls: (listed.iter())
                .map(|path| SitemapUrl {
                    url: urls.absolute(path),
                })
                .collect(),
        });
        pages.push(sitemap.unlisted());
    }
    let robots = Robots {
        sitemap: env
            .view
            .indexable()
            .then(|| env.urls.absolute("/sitemap.xml")),
    };
    pages.push(Page::new("/robots.txt", "robots.txt", &robots).unlisted());

    // The files that are not pages, and what made each file, to name both when two would be
    // written to one path.
    let mut others = Vec::with_capacity(theme.statics.len() + assets.len() + downloads.len() + 1);
    let mut made_by: Vec<MadeBy> = Vec::with_capacity(pages.len() + others.capacity());
    // A project's own `static/code.css` replaces the generated one, as it replaces the theme's
    // stylesheet.
    if !theme.own_statics.contains(CODE_CSS) {
        others.push(OutputFile::bytes(CODE_CSS, env.highlighter.css()));
        made_by.push(MadeBy::CodeStylesheet);
    }
    for file in &theme.statics {
        made_by.push(if theme.own_statics.contains(&file.path) {
            MadeBy::ProjectStatic
        } else {
            MadeBy::ThemeStatic
        });
    }
    others.extend(theme.statics.iter().cloned());
    made_by.extend(assets.iter().map(|_| MadeBy::ProjectFile));
    others.extend(assets);
    made_by.extend(downloads.iter().map(|_| MadeBy::Download));
    others.extend(downloads);
    let page_paths: Vec<String> = (pages.iter().map(|page| page.path.as_str()))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(pages::output_path)
        .collect();
    made_by.extend(pages.iter().map(MadeBy::Page));
    let paths: Vec<&str> = (others.iter().map(|f| f.path.as_str()))
        .chain(page_paths.iter().map(String::as_str))
        .collect();
    let collisions = path_collisions(&paths, &made_by);
    if !collisions.is_empty() {
        return Err(collisions);
    }
    output.begin(&paths).map_err(|e| vec![e])?;
    let page_count = paths.iter().filter(|p| p.ends_with(".html")).count();
    let locker = locked.map(|(lock, private)| Locker::new(env, theme, lock, private, &others));
    let output = &*output;
    let put = |file: OutputFile| match &locker {
        Some(locker) => output.put(locker.lock(file)?),
        None => output.put(file),
    };
    others
        .into_par_iter()
        .try_for_each(put)
        .map_err(|e| vec![e])?;

    let site_hash = crate::cache::hash_json(&site);
    // Link previews and structured data are for the public site only.
    let default_image = env
        .view
        .indexable()
        .then(|| pages::meta::default_image(env))
        .flatten();
    // Each page's data moves into its template context: nothing is copied per page but the
    // small `site` value. Each page is put as soon as it is made, and dropped.
    // What every page shows of the site, hashed once for the pages' keys.
    let shared = crate::cache::hash_of((
        site_hash,
        default_image.as_ref().map(crate::cache::hash_json),
    ));
    // The sitemap and the feed list much of the site: each is the slowest page to make, and
    // they are begun first, so that no core is left making one alone at the end. (They are
    // swapped to the front: the order of the rest does not matter.)
    let mut page_paths = page_paths;
    let mut front = 0;
    for i in 0..pages.len() {
        if pages[i].path.ends_with(".xml") {
            pages.swap(front, i);
            page_paths.swap(front, i);
            front += 1;
        }
    }
    let stage = progress.stage("pages", pages.len());
    let problems: Vec<Diagnostic> = (pages.into_par_iter().zip(page_paths))
        .filter_map(|page| {
            let put = render_page(theme, (&site, shared), env, page, &default_image).and_then(put);
            stage.step();
            put.err()
        })
        .collect();
    drop(stage);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(page_count)
}

/// Whom the site is for, as templates read it.
fn audience_sheet<'a>(env: &Env<'a>) -> AudienceSheet<'a> {
    AudienceSheet {
        name: env.view.name(),
        title: env.view.audience.title.as_deref(),
    }
}

/// The generated stylesheet of highlighted code.
const CODE_CSS: &str = "code.css";

/// What made a file of a site.
enum MadeBy<'p> {
    /// A page: its address, title and template name it.
    Page(&'p Page<'p>),
    CodeStylesheet,
    ThemeStatic,
    ProjectStatic,
    ProjectFile,
    /// A calendar or the press kit's zip.
    Download,
}

impl MadeBy<'_> {
    fn describe(&self, path: &str) -> String {
        match self {
            MadeBy::Page(page) => format!(
                "the page {} (\"{}\", {})",
                page.path, page.title, page.template
            ),
            MadeBy::CodeStylesheet => "the stylesheet of highlighted code".to_string(),
            MadeBy::ThemeStatic => format!("the theme's static/{path}"),
            MadeBy::ProjectStatic => format!("the project's static/{path}"),
            MadeBy::ProjectFile => format!("the project's {path}"),
            MadeBy::Download => format!("the download {path}"),
        }
    }
}

/// Two files at one path, or a file where another needs a folder (`journal/atom.xml` and
/// `journal/atom.xml/index.html`): one would overwrite or block the other, so the site is
/// not written. `made_by[i]` made the file at `paths[i]`.
fn path_collisions(paths: &[&str], made_by: &[MadeBy]) -> Vec<Diagnostic> {
    let mut first: foldhash::HashMap<&str, usize> =
        foldhash::HashMap::with_capacity_and_hasher(paths.len(), Default::default());
    // (the earlier file, the later one, whether the later needs the earlier's path as a folder)
    let mut clashes: Vec<(usize, usize, bool)> = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        match first.get(path) {
            Some(&earlier) => clashes.push((earlier, i, false)),
            None => {
                first.insert(path, i);
            }
        }
    }
    // Each path's folders are looked up on every core, and the clashes kept in order.
    let first = &first;
    clashes.par_extend((paths.par_iter().enumerate()).flat_map_iter(|(i, path)| {
        (path.match_indices('/'))
            .filter_map(move |(at, _)| first.get(&path[..at]).map(|&blocking| (blocking, i, true)))
    }));
    let what = |i: usize| {
        made_by
            .get(i)
            .map_or_else(|| "a file".to_string(), |m| m.describe(paths[i]))
    };
    clashes
        .into_iter()
        .map(|(a, b, folder)| {
            let message = if folder {
                format!(
                    "/{} cannot be written: /{} is a file, {}, and {} needs it as a folder",
                    paths[b],
                    paths[a],
                    what(a),
                    what(b)
                )
            } else {
                format!(
                    "two files would be written to /{}: {} and {}",
                    paths[b],
                    what(a),
                    what(b)
                )
            };
            let diagnostic = Diagnostic::error(Code::PathCollision, message);
            let from_static = [a, b]
                .into_iter()
                .find(|&i| matches!(made_by.get(i), Some(MadeBy::ProjectStatic)));
            match from_static {
                Some(i) => diagnostic
                    .in_file(Path::new("static").join(paths[i]))
                    .hint("a file in static/ cannot take the address of a page clapboard makes: rename or delete it (to change a page, override its template in templates/)"),
                None => diagnostic.hint(
                    "each page needs its own address: if a journal note or tag made one of them, give it another `slug:` or name",
                ),
            }
        })
        .collect()
}

/// Renders `page` into its file at `path`, or takes its rendering from the cache; `shared`
/// hashes what every page shows of the site (`site` and `default_image`).
fn render_page(
    theme: &Theme,
    (site, shared): (&Value, u64),
    env: &Env,
    (mut page, path): (Page, String),
    default_image: &Option<Value>,
) -> Result<OutputFile, Diagnostic> {
    let Some(cache) = env.cache else {
        make_deferred(&mut page);
        return render_page_uncached(&theme.tera, site, env, (page, path), default_image);
    };
    let inputs = match &page.deferred {
        Some((key, _)) => *key,
        None => crate::cache::hash_of((
            crate::cache::hash_json(&page.data),
            crate::cache::hash_json(&page.head),
        )),
    };
    let key = crate::cache::hash_of((
        theme.fingerprints.get(page.template),
        shared,
        inputs,
        &page.title,
        &page.path,
    ));
    if let Some(file) = cache.page(&path, key) {
        return Ok(file);
    }
    make_deferred(&mut page);
    let file = render_page_uncached(&theme.tera, site, env, (page, path), default_image)?;
    cache.keep_page(&file, key);
    Ok(file)
}

/// Makes the data and head of a page that defers them.
fn make_deferred(page: &mut Page) {
    if let Some((_, make)) = page.deferred.take() {
        (page.data, page.head) = make();
    }
}

fn render_page_uncached(
    tera: &Tera,
    site: &Value,
    env: &Env,
    (mut page, path): (Page, String),
    default_image: &Option<Value>,
) -> Result<OutputFile, Diagnostic> {
    // One object, moved into the context: `Context::insert` would copy each value again by
    // serializing it.
    let mut data = match std::mem::take(&mut page.data) {
        Value::Object(map) => map,
        _ => Default::default(),
    };
    data.insert("site".into(), site.clone());
    let public = env.view.indexable();
    let jsonld = page.head.get("jsonld").filter(|v| !v.is_null());
    let info = PageInfo {
        title: &page.title,
        path: &page.path,
        url: env.urls.page(&page.path),
        canonical: env.urls.absolute(&page.path),
        section: page.path.trim_matches('/').split('/').next().unwrap_or(""),
        description: page.head["description"].as_str().or(env
            .view
            .production
            .config
            .description
            .as_deref()),
        social: public.then(|| pages::meta::social(env, &page, default_image)),
        jsonld: jsonld.filter(|_| public).map(pages::meta::script_json),
    };
    data.insert(
        "page".into(),
        serde_json::to_value(&info).expect("sheets serialize to JSON"),
    );
    let context = Context::from_value(Value::Object(data)).unwrap_or_default();
    tera.render(page.template, &context)
        .map(|html| OutputFile::bytes(path, html))
        .map_err(|e| {
            Diagnostic::error(
                Code::Template,
                format!("cannot render {}: {}", page.path, error_chain(&e)),
            )
            .in_file(Path::new("templates").join(page.template))
            .hint("a template in templates/ may use a variable this page does not have")
        })
}

/// Adds `templates` to `tera`, parsing them in parallel: parsing is most of what loading a
/// theme costs. The same checks as `Tera::add_raw_templates` follow.
fn add_templates(tera: &mut Tera, templates: Vec<(String, String)>) -> tera::Result<()> {
    let parsed: Vec<(String, tera::Template)> = templates
        .into_par_iter()
        .map(|(name, text)| {
            tera::Template::new(&name, None, &text)
                .map(|template| (name.clone(), template))
                .map_err(|e| tera::Error::chain(format!("Failed to parse '{name}'"), e))
        })
        .collect::<tera::Result<_>>()?;
    tera.templates.extend(parsed);
    tera.build_inheritance_chains()?;
    tera.check_macro_files()
}

/// The files of a locked site that hold the production (images and their copies, calendars,
/// the zip), by their path in the site, with the name a download of each is saved under.
pub type Private = std::collections::HashMap<String, String>;

/// Locks a site's files: each page becomes a small page that asks for the password and holds
/// the page encrypted; each of its private files becomes opaque bytes. The theme's own files
/// (styles, fonts, scripts) stay as they are: the password page needs them, and they hold
/// nothing of the production.
///
/// In the encrypted pages, the addresses of private files move from `src`, `srcset` and
/// `href` to `data-locked-*` attributes, so the browser never fetches a ciphertext as an image:
/// once the page is unlocked, its script fetches, decrypts and shows each one.
struct Locker<'a> {
    theme: &'a Theme,
    lock: &'a crate::protect::Lock,
    private: &'a Private,
    site: LockedSite<'a>,
    remember_days: u32,
    /// Each private file's media type.
    types: std::collections::HashMap<String, &'static str>,
}

impl<'a> Locker<'a> {
    /// The locker of a site whose files other than pages are `files`.
    fn new(
        env: &'a Env,
        theme: &'a Theme,
        lock: &'a crate::protect::Lock,
        private: &'a Private,
        files: &[OutputFile],
    ) -> Locker<'a> {
        let config = &env.view.production.config;
        let site = LockedSite {
            title: &config.title,
            language: &config.language,
            audience: audience_sheet(env),
            stylesheet: env.urls.page("/style.css"),
            favicon: env.urls.page("/favicon.svg"),
            unlock_script: env.urls.page("/unlock.js"),
            root: env.urls.page(""),
        };
        let remember_days = env
            .view
            .audience
            .remember_days
            .unwrap_or(crate::protect::REMEMBER_DAYS);
        let types = files
            .iter()
            .filter(|f| private.contains_key(&f.path))
            .map(|f| (f.path.clone(), media_type(f)))
            .collect();
        Locker {
            theme,
            lock,
            private,
            site,
            remember_days,
            types,
        }
    }

    /// `file` as the locked site has it.
    fn lock(&self, file: OutputFile) -> Result<OutputFile, Diagnostic> {
        let bytes = &file.bytes;
        let address = format!("/{}", file.path);
        if self.private.contains_key(&file.path) {
            return Ok(OutputFile::bytes(
                file.path.clone(),
                self.lock.seal_file(&address, bytes)?,
            ));
        }
        if !file.path.ends_with(".html") {
            return Ok(file);
        }
        let private_files = PrivateFiles {
            root: &self.site.root,
            names: self.private,
            types: &self.types,
        };
        let html = private_files.hide(&String::from_utf8_lossy(bytes), &file.path)?;
        let sealed = self
            .lock
            .seal(&crate::protect::page_address(&file.path), html.as_bytes())?;
        let locked = LockedPage {
            site: &self.site,
            lock: LockSheet {
                salt: self.lock.salt_text(),
                iterations: self.lock.iterations,
                nonce: sealed.nonce,
                data: sealed.ciphertext,
                remember_days: self.remember_days,
                not_found: file.path == "404.html",
            },
        };
        let context = Context::from_serialize(&locked).unwrap_or_default();
        self.theme
            .tera
            .render("locked.html", &context)
            .map(|html| OutputFile::bytes(file.path.clone(), html))
            .map_err(|e| {
                Diagnostic::error(
                    Code::Template,
                    format!("cannot render the locked page: {}", error_chain(&e)),
                )
                .in_file("templates/locked.html")
            })
    }
}

/// The private files of a locked site, as its pages address them.
struct PrivateFiles<'a> {
    /// The site's root path (`` or `/videos/hikari`), which every URL of a page starts with.
    root: &'a str,
    names: &'a Private,
    types: &'a std::collections::HashMap<String, &'static str>,
}

impl PrivateFiles<'_> {
    /// The file a URL of a page points at, when it is a private one: its path in the site.
    fn file<'u>(&self, url: &'u str) -> Option<&'u str> {
        let path = url.strip_prefix(self.root)?.strip_prefix('/')?;
        let path = path.split(['?', '#']).next()?;
        self.names.contains_key(path).then_some(path)
    }

    fn is_private_srcset(&self, srcset: &str) -> bool {
        srcset
            .split(',')
            .filter_map(|candidate| candidate.split_whitespace().next())
            .any(|url| self.file(url).is_some())
    }

    /// `html` with every address of a private file moved into `data-locked-*` attributes.
    fn hide(&self, html: &str, page: &str) -> Result<String, Diagnostic> {
        use lol_html::{RewriteStrSettings, element, rewrite_str};
        let attribute =
            |e: lol_html::errors::AttributeNameError| -> Box<dyn std::error::Error + Send + Sync> {
                Box::new(e)
            };
        rewrite_str(
            html,
            RewriteStrSettings::new()
                .append_element_content_handler(element!(
                    "img[src], img[srcset], source[srcset]",
                    |el| {
                        if let Some(src) = el.get_attribute("src")
                            && let Some(path) = self.file(&src)
                        {
                            el.remove_attribute("src");
                            el.set_attribute("data-locked-src", &src)
                                .map_err(attribute)?;
                            if let Some(kind) = self.types.get(path) {
                                el.set_attribute("data-locked-type", kind)
                                    .map_err(attribute)?;
                            }
                        }
                        if let Some(srcset) = el.get_attribute("srcset")
                            && self.is_private_srcset(&srcset)
                        {
                            el.remove_attribute("srcset");
                            el.set_attribute("data-locked-srcset", &srcset)
                                .map_err(attribute)?;
                        }
                        Ok(())
                    }
                ))
                .append_element_content_handler(element!("a[href]", |el| {
                    if let Some(href) = el.get_attribute("href")
                        && let Some(path) = self.file(&href)
                    {
                        el.set_attribute("data-locked-href", &href)
                            .map_err(attribute)?;
                        el.set_attribute("data-locked-name", &self.names[path])
                            .map_err(attribute)?;
                        if let Some(kind) = self.types.get(path) {
                            el.set_attribute("data-locked-type", kind)
                                .map_err(attribute)?;
                        }
                    }
                    Ok(())
                })),
        )
        .map_err(|e| Diagnostic::error(Code::Template, format!("cannot lock the page {page}: {e}")))
    }
}

/// The media type a browser needs to show or save a file of the site.
fn media_type(file: &OutputFile) -> &'static str {
    let bytes = &file.bytes;
    if file.path.ends_with(".ics") {
        return "text/calendar";
    }
    if file.path.ends_with(".zip") {
        return "application/zip";
    }
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Png) => "image/png",
        Ok(image::ImageFormat::Jpeg) => "image/jpeg",
        Ok(image::ImageFormat::WebP) => "image/webp",
        Ok(image::ImageFormat::Gif) => "image/gif",
        _ if is_svg(bytes) => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    String::from_utf8_lossy(head).contains("<svg")
}
