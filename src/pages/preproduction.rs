//! Pre-production pages: treatment, storyboard, shot list, locations, people, from their
//! sheets.

use super::{Env, Page, to_value};
use crate::model;
use crate::sheets::{self, LocationList, People, Pictures, ShotList, Storyboard, Treatment};

impl Pictures for Env<'_> {
    fn picture(&self, relative: &str, alt: &str) -> sheets::Picture {
        Env::picture(self, relative, alt)
    }

    fn image<'i>(&self, image: &'i model::Image) -> sheets::Image<'i> {
        Env::image(self, image)
    }
}

pub fn treatment(env: &Env) -> Page {
    let p = &env.view.production;
    let body = p.treatment.as_ref().map(|t| env.markdown(&t.body));
    let title = p
        .treatment
        .as_ref()
        .and_then(|t| t.meta.title.clone())
        .unwrap_or_else(|| "Treatment".to_string());
    let sheet = Treatment::new(p, env, body);
    Page::new("/treatment/", "treatment.html", title, to_value(&sheet))
}

pub fn storyboard(env: &Env) -> Page {
    let sheet = Storyboard::new(env.view, &env.urls, env);
    Page::new(
        "/storyboard/",
        "storyboard.html",
        "Storyboard",
        to_value(&sheet),
    )
}

pub fn shots(env: &Env) -> Page {
    let sheet = ShotList::new(env.view, &env.urls);
    Page::new("/shots/", "shots.html", "Shot list", to_value(&sheet))
}

pub fn locations(env: &Env) -> Page {
    let sheet = LocationList::new(&env.view.production, &env.urls, env);
    Page::new(
        "/locations/",
        "locations.html",
        "Locations",
        to_value(&sheet),
    )
}

pub fn people(env: &Env) -> Page {
    let sheet = People::new(&env.view.production, &env.urls);
    Page::new(
        "/people/",
        "people.html",
        "Cast, crew and credits",
        to_value(&sheet),
    )
}
