//! Pre-production pages: treatment, storyboard, shot list, locations, people, from their
//! sheets.

use super::{Env, Page};
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

pub fn treatment(env: &Env) -> Page<'static> {
    let p = &env.view.production;
    let body = p.treatment.as_ref().map(|t| env.markdown(&t.body));
    let title = p
        .treatment
        .as_ref()
        .and_then(|t| t.meta.title.clone())
        .unwrap_or_else(|| "Treatment".to_string());
    let sheet = Treatment::new(p, env, body);
    Page::new("/treatment/", title, &sheet)
}

pub fn storyboard(env: &Env) -> Page<'static> {
    let sheet = Storyboard::new(env.view, &env.urls, env);
    Page::new("/storyboard/", "Storyboard", &sheet)
}

pub fn shots(env: &Env) -> Page<'static> {
    let sheet = ShotList::new(env.view, &env.urls);
    Page::new("/shots/", "Shot list", &sheet)
}

pub fn locations(env: &Env) -> Page<'static> {
    let sheet = LocationList::new(&env.view.production, &env.urls, env);
    Page::new("/locations/", "Locations", &sheet)
}

pub fn people(env: &Env) -> Page<'static> {
    let sheet = People::new(&env.view.production, &env.urls);
    Page::new("/people/", "Cast, crew and credits", &sheet)
}
