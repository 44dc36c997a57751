//! The pages of a site, each computed from the [`View`]: Rust works out the data (totals,
//! coverage, day X of Y) and hands templates values ready to print.

mod home;
mod journal;
pub mod meta;
mod post;
mod preproduction;
mod release;
mod schedule;

use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;
use serde_json::Value;

use crate::assets::{Picture, Published};
use crate::highlight::Highlighter;
use crate::links::SiteLinks;
use crate::model::{Image, Markdown};
use crate::sheets;
use crate::urls::Urls;
use crate::view::View;

pub use crate::sheets::TopSheet;

/// One output of the site made from a template.
pub struct Page<'a> {
    /// The page's address inside the site: `/`, `/shots/`, `/journal/atom.xml`.
    pub path: String,
    pub template: &'static str,
    pub title: String,
    /// The page's own data; the renderer adds `site` and `page`.
    pub data: Value,
    /// Whether the page is listed in the sitemap.
    pub listed: bool,
    /// What the page says of itself to platforms: `description`, `type` (Open Graph),
    /// `image` and `video` for link previews, `jsonld` for search engines.
    pub head: Value,
    /// For a page whose data is made only when it must be rendered: a hash of everything its
    /// data and head are made from, and what makes them.
    pub deferred: Option<(u64, Deferred<'a>)>,
}

/// What makes a page's data and head, when its rendering is not found in the cache.
pub type Deferred<'a> = Box<dyn FnOnce() -> (Value, Value) + Send + 'a>;

impl Page<'_> {
    /// The page at `path` printing `sheet` with its template.
    pub(crate) fn new<S: sheets::PageData>(
        path: impl Into<String>,
        title: impl Into<String>,
        sheet: &S,
    ) -> Page<'static> {
        Page {
            path: path.into(),
            template: S::TEMPLATE,
            title: title.into(),
            data: to_value(sheet),
            listed: true,
            head: Value::Null,
            deferred: None,
        }
    }

    /// The page at `path`, printed with `template` from the data and head `make` gives, made
    /// only if no rendering from inputs hashing to `key` is at hand.
    pub(crate) fn deferred<'a>(
        path: impl Into<String>,
        title: impl Into<String>,
        template: &'static str,
        key: u64,
        make: impl FnOnce() -> (Value, Value) + Send + 'a,
    ) -> Page<'a> {
        Page {
            path: path.into(),
            template,
            title: title.into(),
            data: Value::Null,
            listed: true,
            head: Value::Null,
            deferred: Some((key, Box::new(make))),
        }
    }

    /// The page at `path` printing `sheet` with its template, like [`Page::new`], but for a
    /// list that grows with the production: its data is made from the sheet only when no
    /// rendering of a sheet serializing alike is at hand (the key hashes the sheet's JSON as
    /// it is written, without building it).
    pub(crate) fn keyed<'a, S: sheets::PageData + Send + 'a>(
        env: &Env,
        path: impl Into<String>,
        title: impl Into<String>,
        sheet: S,
    ) -> Page<'a> {
        let key = env
            .cache
            .map_or(0, |_| crate::cache::hash_serialized(&sheet));
        Page::made_by(path, title, key, move || sheet)
    }

    /// The page at `path` printing the sheet `make` makes, made only if no rendering from
    /// inputs hashing to `key` (everything the sheet is made from) is at hand.
    pub(crate) fn made_by<'a, S: sheets::PageData>(
        path: impl Into<String>,
        title: impl Into<String>,
        key: u64,
        make: impl FnOnce() -> S + Send + 'a,
    ) -> Page<'a> {
        Page::deferred(path, title, S::TEMPLATE, key, move || {
            (to_value(&make()), Value::Null)
        })
    }

    fn with_head(mut self, head: sheets::Head) -> Self {
        self.head = to_value(&head);
        self
    }

    pub(crate) fn unlisted(mut self) -> Self {
        self.listed = false;
        self
    }
}

/// The file a page at `path` is written to: `/shots/` -> `shots/index.html`.
pub fn output_path(path: &str) -> String {
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// What every page builder needs besides the view.
pub struct Env<'a> {
    pub view: &'a View,
    pub urls: Urls,
    pub links: SiteLinks<'a>,
    pub highlighter: &'a Highlighter,
    /// The build's date, for what is done, due and late.
    pub today: NaiveDate,
    /// The build's clock, in the production's time zone, for embargoes.
    pub now: NaiveDateTime,
    /// Each image's size and responsive copies, by project path.
    pictures: std::collections::HashMap<String, Picture>,
    /// Where downloads made for this site (calendars, the press kit) are published, by their
    /// usual path: worked out from the view, as the downloads are.
    pub downloads: std::collections::HashMap<String, String>,
    /// Whether the site is password-protected: it then has no feed, as feed readers could not
    /// unlock it.
    pub protected: bool,
    /// Rendered Markdown and pages from an earlier build, when there was one.
    pub cache: Option<&'a crate::cache::RenderCache>,
    /// The journal as its pages list it, made once: its list pages and its notes' pages
    /// borrow from it until they are rendered.
    journal: std::sync::OnceLock<sheets::Journal<'a>>,
}

impl<'a> Env<'a> {
    /// `published` says where the site publishes project files, and what copies of images it
    /// has.
    pub fn new(
        view: &'a View,
        highlighter: &'a Highlighter,
        now: NaiveDateTime,
        published: &Published,
        protected: bool,
    ) -> Env<'a> {
        let assets = published.names.clone();
        let urls = Urls::new(view.base_url()).with_assets(assets.clone());
        Env {
            view,
            links: SiteLinks::new(&view.production, &view.index, urls.clone()),
            urls,
            highlighter,
            today: now.date(),
            now,
            pictures: published.pictures.clone(),
            downloads: crate::downloads::addresses(view),
            protected,
            cache: None,
            journal: std::sync::OnceLock::new(),
        }
    }

    /// Frees what was made for the site's pages, on every core: the journal's summaries are
    /// many small values, one for each note.
    pub fn free(mut self) {
        use rayon::prelude::*;
        if let Some(journal) = self.journal.take() {
            journal.notes.into_par_iter().for_each(drop);
        }
    }

    /// The journal of `notes` (the published notes) as its pages list it, made the first time
    /// it is asked for.
    pub(crate) fn journal(&self, notes: &[&'a crate::model::JournalNote]) -> &sheets::Journal<'a> {
        self.journal.get_or_init(|| {
            sheets::Journal::new(
                notes,
                &self.urls,
                |cover, alt| self.picture(cover, alt),
                self.protected,
            )
        })
    }

    /// Markdown as HTML, with internal references linked: the body's reading with its holes
    /// filled for this site.
    pub fn markdown(&self, body: &Markdown) -> String {
        body.document().render(&self.links, self.highlighter).html
    }

    /// A project image with its caption and credit.
    pub fn image<'i>(&self, image: &'i Image) -> sheets::Image<'i> {
        let found = self.pictures.get(image.file.value.trim_start_matches("./"));
        sheets::Image::new(&self.urls, image, found)
    }

    /// A project image ready for `partials/picture.html`.
    pub fn picture(&self, relative: &str, alt: &str) -> sheets::Picture {
        let found = self.pictures.get(relative.trim_start_matches("./"));
        sheets::Picture::new(&self.urls, relative, alt, found)
    }

    /// Where a download made for this site is published: `/schedule/day-1.ics`.
    pub fn download(&self, path: &str) -> Option<String> {
        self.downloads
            .get(path)
            .map(|published| self.urls.page(published))
    }
}

impl<'a> Env<'a> {
    /// This environment, using (and filling) `cache`.
    pub fn with_cache(mut self, cache: &'a crate::cache::RenderCache) -> Env<'a> {
        self.cache = Some(cache);
        self
    }
}

/// Every page of the site.
pub fn pages<'e>(env: &'e Env) -> Vec<Page<'e>> {
    let p = &env.view.production;
    let mut pages = vec![home::page(env)];
    if p.treatment.is_some() || !p.moodboard.is_empty() {
        pages.push(preproduction::treatment(env));
    }
    if !p.storyboard.panels.is_empty() {
        pages.push(preproduction::storyboard(env));
    }
    if !p.shots.is_empty() {
        pages.push(preproduction::shots(env));
    }
    if !p.locations.is_empty() {
        pages.push(preproduction::locations(env));
    }
    if !p.cast.is_empty()
        || !p.crew.is_empty()
        || p.press_kit.as_ref().is_some_and(|k| !k.credits.is_empty())
    {
        pages.push(preproduction::people(env));
    }
    if !p.days.is_empty() {
        pages.push(schedule::schedule(env));
        pages.extend(schedule::call_sheet_pages(env));
    }
    if !p.budget.lines.is_empty() {
        pages.push(budget_page(env));
    }
    if !(p.cuts.is_empty()
        && p.reviews.is_empty()
        && p.vfx.is_empty()
        && p.deliverables.is_empty()
        && p.post_notes.is_empty())
    {
        pages.push(post::page(env));
    }
    journal::pages(env, &mut pages);
    if p.press_kit.is_some() {
        pages.push(release::press_kit(env));
    }
    if p.press_release.is_some() {
        pages.push(release::press_release(env));
    }
    pages.push(release::release(env));
    pages.push(Page::new("/404.html", "Page not found", &sheets::NotFound {}).unlisted());
    pages
}

fn budget_page(env: &Env) -> Page<'static> {
    let budget = TopSheet::new(&env.view.production.budget);
    Page::new("/budget/", "Budget", &sheets::BudgetPage { budget })
}

/// The sections of the site that exist, for navigation, in stage order.
pub fn navigation(pages: &[Page<'_>], urls: &Urls) -> Vec<sheets::Section> {
    let exists = |path: &str| pages.iter().any(|p| p.path == path);
    sheets::Section::all(urls, exists)
}

/// A sheet as the renderer (and its cache) takes page data.
pub(crate) fn to_value(sheet: &impl serde::Serialize) -> Value {
    serde_json::to_value(sheet).expect("sheets serialize to JSON")
}

/// Renders Markdown for many items in parallel, keeping their order.
fn markdown_all<'a>(env: &Env, bodies: impl IntoIterator<Item = &'a Markdown>) -> Vec<String> {
    let bodies: Vec<&Markdown> = bodies.into_iter().collect();
    bodies.par_iter().map(|b| env.markdown(b)).collect()
}
