//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task lists, heading
//! anchors and smart punctuation; fenced code highlighted by syntect with CSS classes; and
//! internal references (`[the rooftop](location:rooftop)`, `<shot:1A>`) turned into links.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use syntect::highlighting::{Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::index::{RefKind, did_you_mean};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntect theme the code CSS is generated from.
const CODE_THEME: &str = "base16-ocean.dark";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Syntax definitions and the code theme, loaded once per process run and shared.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    theme: Theme,
    /// Code blocks already highlighted, by a hash of their language and text: notes repeat
    /// the same commands and scripts.
    done: std::sync::Mutex<std::collections::HashMap<u64, std::sync::Arc<str>>>,
}

/// How many highlighted blocks are kept; past that the memory starts again.
const HIGHLIGHTED_KEPT: usize = 20_000;

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

impl Highlighter {
    pub fn new() -> Highlighter {
        let mut themes = ThemeSet::load_defaults();
        let theme = themes
            .themes
            .remove(CODE_THEME)
            .expect("syntect ships the base16-ocean.dark theme");
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            theme,
            done: Default::default(),
        }
    }

    /// The stylesheet for highlighted code, generated from the theme.
    pub fn css(&self) -> String {
        let css = css_for_theme_with_class_style(&self.theme, CLASS_STYLE).unwrap_or_default();
        format!("/* Code highlighting, generated from the {CODE_THEME} theme. */\n{css}")
    }

    /// `code` as HTML with a class on every token; plain escaped text for unknown languages.
    /// A block highlighted before is not highlighted again.
    pub fn highlight(&self, language: &str, code: &str) -> String {
        let key = crate::cache::hash_of((language, code));
        if let Some(html) = self
            .done
            .lock()
            .ok()
            .and_then(|done| done.get(&key).cloned())
        {
            return html.to_string();
        }
        let html = self.highlight_uncached(language, code);
        if let Ok(mut done) = self.done.lock() {
            if done.len() >= HIGHLIGHTED_KEPT {
                done.clear();
            }
            done.insert(key, html.as_str().into());
        }
        html
    }

    fn highlight_uncached(&self, language: &str, code: &str) -> String {
        let language = language.split([' ', ',']).next().unwrap_or("").trim();
        let syntax = (!language.is_empty())
            .then(|| self.syntaxes.find_syntax_by_token(language))
            .flatten();
        let mut html = String::with_capacity(code.len() * 2);
        let escaped_language = escape(language);
        if language.is_empty() {
            html.push_str("<pre class=\"code\"><code>");
        } else {
            html.push_str(&format!(
                "<pre class=\"code\" data-lang=\"{escaped_language}\"><code class=\"language-{escaped_language}\">"
            ));
        }
        match syntax {
            Some(syntax) => {
                let mut generator =
                    ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
                let mut ok = true;
                for line in LinesWithEndings::from(code) {
                    if generator
                        .parse_html_for_line_which_includes_newline(line)
                        .is_err()
                    {
                        ok = false;
                        break;
                    }
                }
                if ok {
                    html.push_str(&generator.finalize());
                } else {
                    html.push_str(&escape(code));
                }
            }
            None => html.push_str(&escape(code)),
        }
        html.push_str("</code></pre>\n");
        html
    }
}

/// Where internal references lead, for one site.
pub trait Links {
    /// The URL and label of `kind:id`, or `None` when there is no such item.
    fn resolve(&self, kind: RefKind, id: &str) -> Option<Target>;

    /// The URL of a project file named by a relative path, such as `assets/still.jpg`.
    fn asset(&self, path: &str) -> String {
        path.to_string()
    }
}

/// Whether `url` is a path inside the project (`assets/x.jpg`) rather than an address.
pub fn is_project_path(url: &str) -> bool {
    !url.is_empty()
        && !url.starts_with('/')
        && !url.starts_with('#')
        && !url.starts_with('?')
        && !url.contains("://")
        && !url.split('/').next().unwrap_or("").contains(':')
}

pub struct Target {
    pub url: String,
    /// What an autolink (`<shot:1A>`) shows: "shot 1A", "the Rooftop".
    pub label: String,
}

/// A reference in Markdown that leads nowhere.
#[derive(Debug, PartialEq, Eq)]
pub struct BrokenReference {
    /// The reference as written, `shot:9Z`.
    pub reference: String,
    /// Byte range in the Markdown text.
    pub range: Range<usize>,
    pub hint: Option<String>,
}

pub struct Rendered {
    pub html: String,
    pub broken: Vec<BrokenReference>,
}

/// Parses `text` as an internal reference: `shot:1A` -> (Shot, "1A").
pub fn parse_reference(url: &str) -> Option<(RefKind, &str)> {
    let (scheme, id) = url.split_once(':')?;
    let kind = RefKind::from_scheme(scheme)?;
    let id = id.trim();
    (!id.is_empty() && !id.starts_with('/')).then_some((kind, id))
}

/// A hint for a link whose scheme looks like a misspelt internal reference (`shots:1A`).
fn misspelt_scheme(url: &str) -> Option<String> {
    let (scheme, id) = url.split_once(':')?;
    if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphabetic()) || id.starts_with("//")
    {
        return None;
    }
    if matches!(
        scheme,
        "http" | "https" | "mailto" | "tel" | "ftp" | "data" | "sms"
    ) {
        return None;
    }
    let known = RefKind::ALL.map(RefKind::scheme);
    did_you_mean(scheme, known).map(|s| format!("did you mean `{s}:{id}`?"))
}

/// Renders Markdown to HTML. Broken references are reported and rendered as plain text.
pub fn render(text: &str, links: &dyn Links, highlighter: &Highlighter) -> Rendered {
    let mut broken = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut used_ids = HashSet::new();
    let mut code: Option<(String, String)> = None;
    // Link ends to drop, for references rendered as plain text.
    let mut skip_link_end = Vec::new();
    let mut heading: Option<(usize, Option<String>)> = None;

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, body)) = code.take() {
                    events.push(Event::Html(highlighter.highlight(&language, &body).into()));
                }
            }
            Event::Start(Tag::Heading { ref id, .. }) => {
                heading = Some((events.len(), id.as_ref().map(|i| i.to_string())));
                events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, explicit)) = heading.take() {
                    let text = plain_text(&events[start + 1..]);
                    let base = explicit.unwrap_or_else(|| slugify(&text));
                    let id = unique_id(&base, &mut used_ids);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
                        *slot = Some(CowStr::from(id));
                    }
                }
                events.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some((kind, item)) = parse_reference(&dest_url) {
                    match links.resolve(kind, item) {
                        Some(target) => {
                            events.push(Event::Start(Tag::Link {
                                link_type,
                                dest_url: target.url.into(),
                                title,
                                id,
                            }));
                            if link_type == LinkType::Autolink {
                                events.push(Event::Text(target.label.into()));
                                skip_link_end.push(SkipText::Autolink);
                            } else {
                                skip_link_end.push(SkipText::Keep);
                            }
                            continue;
                        }
                        None => {
                            broken.push(BrokenReference {
                                reference: dest_url.to_string(),
                                range: range.clone(),
                                hint: None,
                            });
                            skip_link_end.push(SkipText::DropEnd);
                            continue;
                        }
                    }
                }
                if let Some(hint) = misspelt_scheme(&dest_url) {
                    broken.push(BrokenReference {
                        reference: dest_url.to_string(),
                        range: range.clone(),
                        hint: Some(hint),
                    });
                    skip_link_end.push(SkipText::DropEnd);
                    continue;
                }
                skip_link_end.push(SkipText::Keep);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_project_path(&dest_url) => {
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: links.asset(&dest_url).into(),
                    title,
                    id,
                }));
            }
            Event::Text(_) if matches!(skip_link_end.last(), Some(SkipText::Autolink)) => {
                // The autolink's own text (`shot:1A`) is replaced by the item's label.
            }
            Event::End(TagEnd::Link) => match skip_link_end.pop() {
                Some(SkipText::DropEnd) => {}
                _ => events.push(event),
            },
            other => events.push(other),
        }
    }

    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, broken }
}

enum SkipText {
    /// A resolved link: keep its text and end.
    Keep,
    /// A resolved autolink: its text was replaced, keep the end.
    Autolink,
    /// A broken reference: keep the text, drop the end (the start was dropped).
    DropEnd,
}

/// The internal references in `text`, for checking without rendering.
pub fn references(text: &str) -> Vec<(String, Range<usize>)> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((dest_url.to_string(), range)),
            _ => None,
        })
        .collect()
}

/// The alt text of every image in `text`, with the image's range.
pub fn image_alts(text: &str) -> Vec<(String, Range<usize>)> {
    let mut alts = Vec::new();
    let mut current: Option<(String, Range<usize>)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => current = Some((String::new(), range)),
            Event::Text(t) | Event::Code(t) => {
                if let Some((alt, _)) = current.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => alts.extend(current.take()),
            _ => {}
        }
    }
    alts
}

/// The images in `text` that name files of the project, for checking that they exist.
pub fn project_images(text: &str) -> Vec<(String, Range<usize>)> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Image { dest_url, .. }) if is_project_path(&dest_url) => {
                Some((dest_url.to_string(), range))
            }
            _ => None,
        })
        .collect()
}

/// What the check needs of a Markdown text, read in one pass: its links and its images.
#[derive(Debug, Default)]
pub struct Scan {
    /// Link destinations, with the link's byte range.
    pub links: Vec<(String, Range<usize>)>,
    /// Image sources and alt texts, with the image's byte range.
    pub images: Vec<(String, String, Range<usize>)>,
}

/// Reads `text` once for its links and images.
pub fn scan(text: &str) -> Scan {
    let mut found = Scan::default();
    let mut image: Option<(String, String, Range<usize>)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                found.links.push((dest_url.to_string(), range))
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new(), range))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt, _)) = image.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => found.images.extend(image.take()),
            _ => {}
        }
    }
    found
}

/// The broken references among `links` (from [`scan`]), resolved against `resolver`.
pub fn broken_among(
    links: &[(String, Range<usize>)],
    resolver: &dyn Links,
) -> Vec<BrokenReference> {
    let mut broken = Vec::new();
    for (url, range) in links {
        if let Some((kind, id)) = parse_reference(url) {
            if resolver.resolve(kind, id).is_none() {
                broken.push(BrokenReference {
                    reference: url.clone(),
                    range: range.clone(),
                    hint: None,
                });
            }
        } else if let Some(hint) = misspelt_scheme(url) {
            broken.push(BrokenReference {
                reference: url.clone(),
                range: range.clone(),
                hint: Some(hint),
            });
        }
    }
    broken
}

/// Checks `text`'s internal references against `links`, without highlighting anything.
pub fn broken_references(text: &str, links: &dyn Links) -> Vec<BrokenReference> {
    let mut broken = Vec::new();
    for (url, range) in references(text) {
        if let Some((kind, id)) = parse_reference(&url) {
            if links.resolve(kind, id).is_none() {
                broken.push(BrokenReference {
                    reference: url,
                    range,
                    hint: None,
                });
            }
        } else if let Some(hint) = misspelt_scheme(&url) {
            broken.push(BrokenReference {
                reference: url,
                range,
                hint: Some(hint),
            });
        }
    }
    broken
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() { "section" } else { base };
    let mut id = base.to_string();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// A URL-safe name: lower-case letters and digits joined by hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else if c != '\'' && c != '’' {
            pending_dash = true;
        }
    }
    slug
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// [`escape`] with the signature tera's autoescape wants.
pub fn escape_str(text: &str) -> String {
    escape(text)
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TestLinks;
    impl Links for TestLinks {
        fn resolve(&self, kind: RefKind, id: &str) -> Option<Target> {
            (kind == RefKind::Shot && id == "1A").then(|| Target {
                url: "/shots/#shot-1a".to_string(),
                label: "shot 1A".to_string(),
            })
        }
    }

    fn html(text: &str) -> Rendered {
        render(text, &TestLinks, &Highlighter::new())
    }

    #[test]
    fn extensions_are_on() {
        let out = html(
            "# A \"quoted\" title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ and [^1]\n\n- [x] done\n\n[^1]: note\n",
        );
        assert!(
            out.html
                .contains("<h1 id=\"a-quoted-title\">A “quoted” title</h1>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("<del>gone</del>"));
        assert!(out.html.contains("footnote-definition"));
        assert!(out.html.contains("checkbox"));
    }

    #[test]
    fn heading_ids_are_unique() {
        let out = html("## Notes\n\n## Notes\n");
        assert!(out.html.contains("id=\"notes\""));
        assert!(out.html.contains("id=\"notes-1\""));
    }

    #[test]
    fn references_become_links() {
        let out = html("See [the wide](shot:1A) and <shot:1A>.");
        assert!(
            out.html
                .contains("<a href=\"/shots/#shot-1a\">the wide</a>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<a href=\"/shots/#shot-1a\">shot 1A</a>"),
            "{}",
            out.html
        );
        assert!(out.broken.is_empty());
    }

    #[test]
    fn broken_references_are_reported_and_kept_as_text() {
        let out = html("See [the wide](shot:9Z) and [x](shots:1A).");
        assert_eq!(out.broken.len(), 2);
        assert_eq!(out.broken[0].reference, "shot:9Z");
        assert_eq!(
            out.broken[1].hint.as_deref(),
            Some("did you mean `shot:1A`?")
        );
        assert!(out.html.contains("See the wide and x."), "{}", out.html);
        assert_eq!(
            broken_references("[a](shot:9Z) [b](https://example.com)", &TestLinks).len(),
            1
        );
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let out = html("```sh\nffmpeg -i in.mov -vf lut3d=film.cube out.mov\n```\n");
        assert!(
            out.html.contains("<pre class=\"code\" data-lang=\"sh\">"),
            "{}",
            out.html
        );
        assert!(out.html.contains("class=\"hl-"), "{}", out.html);
        assert!(Highlighter::new().css().contains(".hl-"));
    }

    #[test]
    fn project_images_are_addressed_from_the_site_root() {
        struct Rooted;
        impl Links for Rooted {
            fn resolve(&self, _: RefKind, _: &str) -> Option<Target> {
                None
            }
            fn asset(&self, path: &str) -> String {
                format!("/{path}")
            }
        }
        let out = render(
            "![a still](assets/still.svg) ![remote](https://example.com/x.png)",
            &Rooted,
            &Highlighter::new(),
        );
        assert!(
            out.html.contains("src=\"/assets/still.svg\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("src=\"https://example.com/x.png\""));
        assert_eq!(project_images("![a](assets/a.svg) ![b](mailto:x)").len(), 1);
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Day 1: The Rooftop!"), "day-1-the-rooftop");
        assert_eq!(slugify("Director's cut"), "directors-cut");
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
    }
}
