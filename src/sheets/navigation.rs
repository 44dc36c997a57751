//! The site's navigation: its sections in stage order.

use schemars::JsonSchema;
use serde::Serialize;

use crate::urls::Urls;

/// A section of the site in the navigation.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Section {
    pub path: &'static str,
    pub url: String,
    pub title: &'static str,
    /// The stage it belongs to: `pre-production`, `production`, `post-production`, `release`.
    pub stage: &'static str,
}

/// Every section a site may have, in stage order. The press release is reached from the press
/// kit, not the navigation.
const SECTIONS: [(&str, &str, &str); 11] = [
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
];

impl Section {
    /// The sections whose page `exists`.
    pub fn all(urls: &Urls, exists: impl Fn(&str) -> bool) -> Vec<Section> {
        SECTIONS
            .iter()
            .filter(|(path, _, _)| exists(path))
            .map(|&(path, title, stage)| Section {
                path,
                url: urls.page(path),
                title,
                stage,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sections_that_exist_in_stage_order() {
        let urls = Urls::new("https://t.example.com/sub/");
        let nav = Section::all(&urls, |p| {
            ["/post/", "/shots/", "/press/release/"].contains(&p)
        });
        let paths: Vec<&str> = nav.iter().map(|s| s.path).collect();
        assert_eq!(paths, ["/shots/", "/post/"]);
        assert_eq!(nav[0].url, "/sub/shots/");
        assert_eq!(nav[1].stage, "post-production");
    }
}
