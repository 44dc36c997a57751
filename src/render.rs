//! Render: pages -> files in memory, with tera. Templates come from the default theme
//! compiled into the binary; a project's `templates/` and `static/` override it file by file.

use std::error::Error as _;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{Value, json};
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::embedded::THEME_FILES;
use crate::pages::{self, Env, Page};
use crate::write::{Content, OutputFile};

/// The theme's templates and static files, with the project's overrides applied.
pub struct Theme {
    tera: Tera,
    statics: Vec<OutputFile>,
    /// Per template, a hash of its text and of the templates every page shares (the base
    /// layout, the partials): a page is re-rendered when its template's fingerprint changes.
    fingerprints: std::collections::HashMap<String, u64>,
}

impl Theme {
    /// The default theme, overridden by `root/templates/` and `root/static/`.
    pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
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
        for (relative, full) in project_files(root, "templates") {
            match std::fs::read_to_string(&full) {
                Ok(text) => {
                    templates.retain(|(name, _)| *name != relative);
                    templates.push((relative, text));
                }
                Err(e) => problems.push(
                    Diagnostic::error(format!("cannot read this template: {e}"))
                        .code("unreadable-file")
                        .in_file(Path::new("templates").join(&relative)),
                ),
            }
        }
        for (relative, full) in project_files(root, "static") {
            statics.retain(|f| f.path != relative);
            statics.push(OutputFile {
                path: relative,
                content: Content::Copy(full),
            });
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Escapes what HTML and XML need (`& < > "`), leaving `/` readable in URLs.
        tera.set_escape_fn(crate::markdown::escape);
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
                Diagnostic::error(format!("a template is broken: {}", error_chain(&e)))
                    .code("template")
                    .hint("check the template's syntax; templates use Tera (tera.netlify.app)"),
            );
        }
        if problems.is_empty() {
            Ok(Theme {
                tera,
                statics,
                fingerprints,
            })
        } else {
            Err(problems)
        }
    }
}

/// The files under `root/folder`, as (path relative to the folder, full path). Symbolic
/// links are reported and skipped, never followed.
fn project_files(root: &Path, folder: &str) -> Vec<(String, std::path::PathBuf)> {
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
        if entry.file_type().is_file() && !relative.split('/').any(|part| part.starts_with('.')) {
            files.push((relative, entry.path().to_path_buf()));
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

/// Every file of the site: pages, feed, sitemap, robots.txt, code CSS, static files and the
/// project's assets.
/// Every file of the site: its pages (and feed, sitemap and robots.txt), the code stylesheet,
/// the theme's static files and `assets`, the project files its view refers to.
pub fn render(
    env: &Env,
    theme: &Theme,
    assets: Vec<OutputFile>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let p = &env.view.production;
    let mut pages = pages::pages(env);
    let config = &p.config;
    let site = json!({
        "title": config.title,
        "artist": config.artist,
        "song": { "title": config.song.title, "duration": config.song.duration.to_string(), "label": config.song.label },
        "director": config.director,
        "company": config.production_company,
        "description": config.description,
        "language": config.language,
        "base_url": config.base_url.value,
        "home": env.urls.page("/"),
        // Where the site's root is, without the trailing slash: themes address their own
        // static files from it (`{{ site.root }}/fonts/title.woff2`).
        "root": env.urls.page(""),
        "stylesheet": env.urls.page("/style.css"),
        "code_stylesheet": env.urls.page("/code.css"),
        "favicon": env.urls.page("/favicon.svg"),
        "video_script": env.urls.page("/video.js"),
        "feed": (!env.protected && p.journal.iter().any(|n| !n.meta.draft))
            .then(|| env.urls.page("/journal/atom.xml")),
        "nav": pages::navigation(&pages, &env.urls),
        "audience": { "name": env.view.name(), "title": env.view.audience.title },
        "indexable": env.view.indexable(),
    });

    let listed: Vec<Value> = pages
        .iter()
        .filter(|page| page.listed)
        .map(|page| json!({ "url": env.urls.absolute(&page.path) }))
        .collect();
    // Only the public site is for search engines: the others say so and list nothing.
    if env.view.indexable() {
        pages.push(Page {
            path: "/sitemap.xml".into(),
            template: "sitemap.xml",
            title: "Sitemap".into(),
            data: json!({ "urls": listed }),
            listed: false,
            head: Value::Null,
        });
    }
    pages.push(Page {
        path: "/robots.txt".into(),
        template: "robots.txt",
        title: "robots.txt".into(),
        data: json!({
            "sitemap": env.view.indexable().then(|| env.urls.absolute("/sitemap.xml")),
        }),
        listed: false,
        head: Value::Null,
    });

    let site_hash = crate::cache::hash_json(&site);
    // Link previews and structured data are for the public site only.
    let default_image = env
        .view
        .indexable()
        .then(|| pages::meta::default_image(env))
        .flatten();
    // Each page's data moves into its template context: nothing is copied per page but the
    // small `site` value.
    let rendered: Vec<Result<OutputFile, Diagnostic>> = pages
        .into_par_iter()
        .map(|page| render_page(theme, &site, site_hash, env, page, &default_image))
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + theme.statics.len());
    let mut problems = Vec::new();
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    files.push(OutputFile::bytes("code.css", env.highlighter.css()));
    files.extend(theme.statics.iter().cloned());
    files.extend(assets);
    // Later files (the project's own) win over earlier ones at the same path.
    let mut seen = std::collections::HashSet::new();
    files.reverse();
    files.retain(|f| seen.insert(f.path.clone()));
    files.reverse();
    Ok(files)
}

fn render_page(
    theme: &Theme,
    site: &Value,
    site_hash: u64,
    env: &Env,
    page: Page,
    default_image: &Option<Value>,
) -> Result<OutputFile, Diagnostic> {
    let Some(cache) = env.cache else {
        return render_page_uncached(&theme.tera, site, env, page, default_image);
    };
    let key = crate::cache::hash_of((
        theme.fingerprints.get(page.template),
        site_hash,
        crate::cache::hash_json(&page.data),
        crate::cache::hash_json(&page.head),
        default_image.as_ref().map(crate::cache::hash_json),
        &page.title,
        &page.path,
    ));
    let path = page.output_path();
    if let Some(bytes) = cache.page(&path, key) {
        return Ok(OutputFile {
            path,
            content: Content::Bytes(bytes),
        });
    }
    let file = render_page_uncached(&theme.tera, site, env, page, default_image)?;
    if let Content::Bytes(bytes) = &file.content {
        cache.keep_page(&path, key, bytes.clone());
    }
    Ok(file)
}

fn render_page_uncached(
    tera: &Tera,
    site: &Value,
    env: &Env,
    mut page: Page,
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
    data.insert(
        "page".into(),
        json!({
            "title": page.title,
            "path": page.path,
            "url": env.urls.page(&page.path),
            "canonical": env.urls.absolute(&page.path),
            "section": page.path.trim_matches('/').split('/').next().unwrap_or(""),
            "description": page.head["description"].as_str().or(env.view.production.config.description.as_deref()),
            "social": public.then(|| pages::meta::social(env, &page, default_image)),
            "jsonld": public
                .then(|| page.head.get("jsonld").filter(|v| !v.is_null()).map(pages::meta::script_json))
                .flatten(),
        }),
    );
    let context = Context::from_value(Value::Object(data)).unwrap_or_default();
    tera.render(page.template, &context)
        .map(|html| OutputFile::bytes(page.output_path(), html))
        .map_err(|e| {
            Diagnostic::error(format!("cannot render {}: {}", page.path, error_chain(&e)))
                .code("template")
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

/// Replaces every page of a protected site by its locked form: the page encrypted, inside a
/// small page that asks for the password. Other files (styles, hashed images) stay as they are.
pub fn lock(
    env: &Env,
    theme: &Theme,
    lock: &crate::protect::Lock,
    files: Vec<OutputFile>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let config = &env.view.production.config;
    let site = json!({
        "title": config.title,
        "language": config.language,
        "audience": { "name": env.view.name(), "title": env.view.audience.title },
        "stylesheet": env.urls.page("/style.css"),
        "favicon": env.urls.page("/favicon.svg"),
    });
    files
        .into_par_iter()
        .map(|file| {
            let Content::Bytes(bytes) = &file.content else {
                return Ok(file);
            };
            if !file.path.ends_with(".html") {
                return Ok(file);
            }
            let sealed = lock.seal(bytes)?;
            let mut context = Context::new();
            context.insert("site", &site);
            context.insert(
                "lock",
                &json!({
                    "salt": lock.salt_text(),
                    "iterations": lock.iterations,
                    "nonce": sealed.nonce,
                    "data": sealed.ciphertext,
                }),
            );
            theme
                .tera
                .render("locked.html", &context)
                .map(|html| OutputFile::bytes(file.path.clone(), html))
                .map_err(|e| {
                    Diagnostic::error(format!(
                        "cannot render the locked page: {}",
                        error_chain(&e)
                    ))
                    .code("template")
                    .in_file("templates/locked.html")
                })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()
        .map_err(|e| vec![e])
}
