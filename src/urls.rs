//! The stable addresses of the sites' pages and items, in one place.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::text::slugify;

/// What a URI's path and fragment may not hold as it is: controls, space, quotes and the
/// characters RFC 3986 excludes; anything beyond ASCII is encoded as UTF-8 too. A `%` already
/// there is kept, so an encoded path is not encoded twice.
const NOT_IN_URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// A root-relative path (and fragment) as a URI's: `/journal/夜明け/` ->
/// `/journal/%E5%A4%9C%E6%98%8E%E3%81%91/`.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, NOT_IN_URI).to_string()
}

/// Builds root-relative URLs under the site's base path (`/` or `/videos/paper-moons/`).
#[derive(Clone, Debug)]
pub struct Urls {
    /// The path part of `base_url` without its trailing slash: `` or `/videos`.
    base_path: String,
    /// `base_url` without its trailing slash, for feeds and the sitemap.
    base_url: String,
    /// Where project files are published, when not at their own path (hashed names).
    assets: std::sync::Arc<std::collections::HashMap<String, String>>,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let trimmed = base_url.trim().trim_end_matches('/');
        let after_scheme = trimmed.split_once("://").map(|(_, rest)| rest);
        let base_path = match after_scheme {
            Some(rest) => rest.find('/').map_or("", |i| &rest[i..]).to_string(),
            None => trimmed.to_string(),
        };
        Urls {
            base_path,
            base_url: trimmed.to_string(),
            assets: Default::default(),
        }
    }

    /// The path of `base_url` the site lives under, without its trailing slash: `` at the
    /// host's root, `/videos/hikari` in a folder.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// These URLs with project files published under other names (`assets/3fa2….jpg`).
    pub fn with_assets(mut self, names: std::collections::HashMap<String, String>) -> Urls {
        self.assets = std::sync::Arc::new(names);
        self
    }

    /// A page's root-relative URL; `path` starts with `/`.
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// A page's absolute URL, where `base_url` is absolute: a URI, with everything but the
    /// host percent-encoded (`/journal/%E5%A4%9C/`), as feeds, sitemaps, calendars and
    /// structured data require.
    pub fn absolute(&self, path: &str) -> String {
        if self.is_absolute() {
            format!("{}{}", self.origin(), encode_path(&self.page(path)))
        } else {
            self.page(path)
        }
    }

    /// `base_url`'s scheme and host: `https://example.com`.
    pub fn origin(&self) -> &str {
        &self.base_url[..self.base_url.len() - self.base_path.len()]
    }

    /// Whether `base_url` is absolute, so that feeds and link previews can point back.
    pub fn is_absolute(&self) -> bool {
        self.base_url.contains("://")
    }

    /// A root-relative URL (`/videos/a/`, as pages link) made absolute, where `base_url` is.
    pub fn absolute_url(&self, root_relative: &str) -> String {
        if !self.is_absolute() || !root_relative.starts_with('/') || root_relative.starts_with("//")
        {
            return root_relative.to_string();
        }
        format!("{}{}", self.origin(), encode_path(root_relative))
    }

    /// HTML made for pages, with its root-relative links (`href="/…"`, `src="/…"`) made
    /// absolute, for places read away from the site: the feed, downloads.
    pub fn absolutize(&self, html: &str) -> String {
        if !self.is_absolute() {
            return html.to_string();
        }
        let origin = self.origin();
        let mut out = String::with_capacity(html.len() + 64);
        let mut rest = html;
        while let Some(at) = ["href=\"/", "src=\"/"]
            .iter()
            .filter_map(|needle| rest.find(needle).map(|i| i + needle.len() - 1))
            .min()
        {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            // `//host/…` already names its host.
            if !rest.starts_with("//") {
                out.push_str(origin);
            }
        }
        out.push_str(rest);
        out
    }

    pub fn shot(&self, id: &str) -> String {
        self.page(&format!("/shots/#{}", shot_anchor(id)))
    }

    pub fn panel(&self, id: &str) -> String {
        self.page(&format!("/storyboard/#{}", panel_anchor(id)))
    }

    pub fn location(&self, id: &str) -> String {
        self.page(&format!("/locations/#{}", location_anchor(id)))
    }

    pub fn person(&self, id: &str) -> String {
        self.page(&format!("/people/#{}", person_anchor(id)))
    }

    pub fn day(&self, day: u32) -> String {
        self.page(&day_path(day))
    }

    pub fn journal(&self, slug: &str) -> String {
        self.page(&journal_path(slug))
    }

    pub fn tag(&self, tag: &str) -> String {
        self.page(&tag_path(tag))
    }

    /// A file from the project's `assets/`, copied to the same path in the site.
    pub fn asset(&self, relative: &str) -> String {
        let relative = relative.trim_start_matches("./");
        let published = self.assets.get(relative).map_or(relative, String::as_str);
        self.page(&format!("/{published}"))
    }
}

pub fn shot_anchor(id: &str) -> String {
    format!("shot-{}", slugify(id))
}

pub fn panel_anchor(id: &str) -> String {
    format!("panel-{}", slugify(id))
}

pub fn location_anchor(id: &str) -> String {
    format!("location-{}", slugify(id))
}

pub fn person_anchor(id: &str) -> String {
    format!("person-{}", slugify(id))
}

pub fn day_path(day: u32) -> String {
    format!("/schedule/day-{day}/")
}

/// The journal's index.
pub const JOURNAL: &str = "/journal/";
/// The index of the journal's tags; each tag's page is inside it.
pub const JOURNAL_TAGS: &str = "/journal/tags/";
/// The journal's Atom feed.
pub const JOURNAL_FEED: &str = "/journal/atom.xml";
/// The folder of the index's later pages, `/journal/page/2/` on (see [`list_page_path`]).
pub const JOURNAL_PAGES: &str = "/journal/page/";

/// The addresses the journal has besides its notes and tags: no note may take one.
pub const JOURNAL_FIXED: [&str; 4] = [JOURNAL, JOURNAL_TAGS, JOURNAL_FEED, JOURNAL_PAGES];

/// The `number`th page (from 1) of a list of notes whose first page is `first`: `first` itself,
/// then `<first>page/2/`, `<first>page/3/`…, so the first page keeps its address however long
/// the list grows. The journal's index (`/journal/page/2/`) and each tag's page
/// (`/journal/tags/night/page/2/`) are paged so.
pub fn list_page_path(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{number}/")
    }
}

/// A note's address: `/journal/<slug>/`.
pub fn journal_path(slug: &str) -> String {
    format!("{JOURNAL}{slug}/")
}

/// The journal's own address that a note with `slug` would take, or hold inside its folder:
/// `tags` takes `/journal/tags/`, `atom.xml` the feed, `page` the folder of the index's later
/// pages, and an empty slug the index.
pub fn journal_fixed_address(slug: &str) -> Option<&'static str> {
    JOURNAL_FIXED.into_iter().find(|fixed| {
        let name = &fixed[JOURNAL.len()..];
        name.split('/').next() == Some(slug)
    })
}

/// The slug of a tag, and so its address: `Night Shoot` is `/journal/tags/night-shoot/`.
pub fn tag_slug(tag: &str) -> String {
    slugify(tag)
}

/// A tag's page, from the tag as written.
pub fn tag_path(tag: &str) -> String {
    tag_slug_path(&tag_slug(tag))
}

/// A tag's page, from its slug.
pub fn tag_slug_path(slug: &str) -> String {
    format!("{JOURNAL_TAGS}{slug}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_are_uris() {
        let urls = Urls::new("https://hikari.example.jp/videos/光/");
        assert_eq!(
            urls.absolute("/journal/夜明け/"),
            "https://hikari.example.jp/videos/%E5%85%89/journal/%E5%A4%9C%E6%98%8E%E3%81%91/"
        );
        assert_eq!(
            urls.absolute("/release/#premiere"),
            "https://hikari.example.jp/videos/%E5%85%89/release/#premiere"
        );
        assert_eq!(
            urls.absolute_url("/videos/a b/c%20d.jpg"),
            "https://hikari.example.jp/videos/a%20b/c%20d.jpg"
        );
        // Pages link with the same path unencoded, as HTML allows.
        assert_eq!(urls.page("/journal/夜明け/"), "/videos/光/journal/夜明け/");
        let plain = Urls::new("https://x.example.com");
        assert_eq!(plain.absolute("/shots/"), "https://x.example.com/shots/");
        assert_eq!(Urls::new("/").absolute("/shots/"), "/shots/");
    }

    #[test]
    fn base_paths() {
        assert_eq!(
            Urls::new("https://x.example.com/").page("/shots/"),
            "/shots/"
        );
        let sub = Urls::new("https://x.example.com/videos/");
        assert_eq!(sub.page("/shots/"), "/videos/shots/");
        assert_eq!(
            sub.absolute("/journal/a/"),
            "https://x.example.com/videos/journal/a/"
        );
        assert_eq!(Urls::new("/").page("/"), "/");
        assert_eq!(sub.shot("1A"), "/videos/shots/#shot-1a");
        assert_eq!(
            sub.absolutize(r#"<a href="/videos/a/">a</a><img src="/videos/b.jpg"><a href="//x.org/">x</a><a href="https://y.org/">y</a>"#),
            r#"<a href="https://x.example.com/videos/a/">a</a><img src="https://x.example.com/videos/b.jpg"><a href="//x.org/">x</a><a href="https://y.org/">y</a>"#
        );
    }

    #[test]
    fn notes_cannot_take_the_journals_own_addresses() {
        assert_eq!(journal_fixed_address("tags"), Some(JOURNAL_TAGS));
        assert_eq!(journal_fixed_address("atom.xml"), Some(JOURNAL_FEED));
        assert_eq!(journal_fixed_address(""), Some(JOURNAL));
        assert_eq!(journal_fixed_address("tags-and-tips"), None);
        assert_eq!(journal_fixed_address("atom-xml"), None);
        assert_eq!(journal_fixed_address("page"), Some(JOURNAL_PAGES));
        assert_eq!(journal_fixed_address("pages"), None);
        for fixed in JOURNAL_FIXED {
            assert!(fixed.starts_with(JOURNAL), "{fixed}");
        }
        assert_eq!(tag_path("Night Shoot"), "/journal/tags/night-shoot/");
    }

    #[test]
    fn later_pages_of_a_list_sit_under_its_first() {
        assert_eq!(list_page_path(JOURNAL, 1), JOURNAL);
        assert_eq!(list_page_path(JOURNAL, 2), "/journal/page/2/");
        assert!(list_page_path(JOURNAL, 3).starts_with(JOURNAL_PAGES));
        let night = tag_path("Night");
        assert_eq!(list_page_path(&night, 1), "/journal/tags/night/");
        assert_eq!(list_page_path(&night, 2), "/journal/tags/night/page/2/");
        // A tag named `page` takes `/journal/tags/page/`, which nothing else claims: the list
        // of tags is never paged.
        let page = tag_path("page");
        assert_eq!(list_page_path(&page, 2), "/journal/tags/page/page/2/");
        assert!(!JOURNAL_FIXED.contains(&page.as_str()));
    }
}
