//! The pages of a site, each computed from the [`View`]: Rust works out the data (totals,
//! coverage, day X of Y) and hands templates values ready to print.

mod budget;
mod home;
mod journal;
mod post;
mod preproduction;
mod release;
mod schedule;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::links::SiteLinks;
use crate::markdown::{self, Highlighter};
use crate::model::{Image, Markdown, Seconds};
use crate::urls::Urls;
use crate::view::View;

pub use budget::{TopSheet, format_money};
pub use schedule::call_sheets;

/// One output of the site made from a template.
pub struct Page {
    /// The page's address inside the site: `/`, `/shots/`, `/journal/atom.xml`.
    pub path: String,
    pub template: &'static str,
    pub title: String,
    /// The page's own data; the renderer adds `site` and `page`.
    pub data: Value,
    /// Whether the page is listed in the sitemap.
    pub listed: bool,
}

impl Page {
    fn new(
        path: impl Into<String>,
        template: &'static str,
        title: impl Into<String>,
        data: Value,
    ) -> Page {
        Page {
            path: path.into(),
            template,
            title: title.into(),
            data,
            listed: true,
        }
    }

    fn unlisted(mut self) -> Page {
        self.listed = false;
        self
    }

    /// The file the page is written to: `/shots/` -> `shots/index.html`.
    pub fn output_path(&self) -> String {
        let path = self.path.trim_start_matches('/');
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        }
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
    /// Whether the site is password-protected: it then has no feed, as feed readers could not
    /// unlock it.
    pub protected: bool,
    /// Rendered Markdown and pages from an earlier build, when there was one.
    pub cache: Option<&'a crate::cache::RenderCache>,
    /// A hash of everything internal references resolve against: Markdown rendered under the
    /// same fingerprint links the same way.
    links_fingerprint: u64,
}

impl Env<'_> {
    /// `assets` maps project paths to where the site publishes them.
    pub fn new<'a>(
        view: &'a View,
        highlighter: &'a Highlighter,
        today: NaiveDate,
        assets: std::collections::HashMap<String, String>,
        protected: bool,
    ) -> Env<'a> {
        let mut asset_names: Vec<(&String, &String)> = assets.iter().collect();
        asset_names.sort();
        let links_fingerprint = crate::cache::hash_of((
            view.index.fingerprint(&view.production),
            &view.production.config.base_url,
            asset_names,
        ));
        let urls = Urls::new(&view.production.config.base_url).with_assets(assets.clone());
        Env {
            view,
            links: SiteLinks::new(&view.production, &view.index, urls.clone()),
            urls,
            highlighter,
            today,
            protected,
            cache: None,
            links_fingerprint,
        }
    }

    /// Markdown as HTML, with internal references linked.
    pub fn markdown(&self, body: &Markdown) -> String {
        let render = || markdown::render(&body.text, &self.links, self.highlighter).html;
        match self.cache {
            Some(cache) => {
                let key = crate::cache::hash_of((&body.text, self.links_fingerprint));
                cache.markdown(key, render).to_string()
            }
            None => render(),
        }
    }

    pub fn image(&self, image: &Image) -> Value {
        json!({
            "url": self.urls.asset(&image.file.value),
            "caption": image.caption,
            "alt": image.alt.as_deref().or(image.caption.as_deref()).unwrap_or(""),
            "credit": image.credit,
        })
    }

    pub fn link(&self, label: impl Into<String>, path: &str) -> Value {
        json!({ "label": label.into(), "url": self.urls.page(path) })
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
pub fn pages(env: &Env) -> Vec<Page> {
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
    pages.extend(journal::pages(env));
    if p.press_kit.is_some() {
        pages.push(release::press_kit(env));
    }
    if p.press_release.is_some() {
        pages.push(release::press_release(env));
    }
    pages.push(release::release(env));
    pages.push(Page::new("/404.html", "404.html", "Page not found", json!({})).unlisted());
    pages
}

fn budget_page(env: &Env) -> Page {
    let sheet = TopSheet::new(&env.view.production.budget);
    Page::new(
        "/budget/",
        "budget.html",
        "Budget",
        json!({ "budget": sheet }),
    )
}

/// The sections of the site that exist, for navigation, in stage order.
pub fn navigation(pages: &[Page], urls: &Urls) -> Value {
    const SECTIONS: [(&str, &str, &str); 12] = [
        ("/treatment/", "Treatment", "pre-production"),
        ("/storyboard/", "Storyboard", "pre-production"),
        ("/shots/", "Shot list", "pre-production"),
        ("/locations/", "Locations", "pre-production"),
        ("/people/", "People", "pre-production"),
        ("/budget/", "Budget", "pre-production"),
        ("/schedule/", "Schedule", "production"),
        ("/journal/", "Journal", "production"),
        ("/post/", "Post", "post-production"),
        ("/press/", "Press kit", "release"),
        ("/release/", "Release", "release"),
        ("/press/release/", "Press release", "release"),
    ];
    let items: Vec<Value> = SECTIONS
        .iter()
        .filter(|(path, _, _)| *path != "/press/release/" && pages.iter().any(|p| p.path == *path))
        .map(|(path, title, stage)| json!({ "path": path, "url": urls.page(path), "title": title, "stage": stage }))
        .collect();
    Value::Array(items)
}

/// Renders Markdown for many items in parallel, keeping their order.
fn markdown_all<'a>(env: &Env, bodies: impl IntoIterator<Item = &'a Markdown>) -> Vec<String> {
    let bodies: Vec<&Markdown> = bodies.into_iter().collect();
    bodies.par_iter().map(|b| env.markdown(b)).collect()
}

/// `+0:04` / `−0:12`: a runtime against the song's.
fn difference(runtime: Seconds, song: Seconds) -> String {
    if runtime >= song {
        format!("+{}", Seconds(runtime.0 - song.0))
    } else {
        format!("−{}", Seconds(song.0 - runtime.0))
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
