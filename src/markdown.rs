//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task lists, heading
//! anchors and smart punctuation; fenced code highlighted by syntect with CSS classes; and
//! internal references (`[the rooftop](location:rooftop)`, `<shot:1A>`) turned into links.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::highlight::Highlighter;
use crate::index::{RefKind, did_you_mean};
use crate::text::{escape, slugify};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Where internal references lead, for one site.
pub trait Links {
    /// The URL and label of `kind:id`, or `None` when there is no such item.
    fn resolve(&self, kind: RefKind, id: &str) -> Option<Target>;

    /// Whether `kind:id` leads anywhere: [`Links::resolve`] without making its URL and label.
    fn exists(&self, kind: RefKind, id: &str) -> bool {
        self.resolve(kind, id).is_some()
    }

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
#[derive(Clone, Debug, PartialEq, Eq)]
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
    read(text).render(links, highlighter)
}

/// Opens a hole in a [`Document`]'s HTML: a noncharacter, which the text cannot bring in
/// (see [`read`]), then the hole's number and [`HOLE_END`].
const HOLE_START: char = '\u{FDD0}';
const HOLE_END: char = '\u{FDD1}';

/// A Markdown text read once: its HTML, with holes where the site or the highlighter has a
/// say, and what the check needs of it. Reading is the costly part; filling the holes for a
/// site is a copy.
#[derive(Debug)]
pub struct Document {
    html: String,
    holes: Vec<Hole>,
    /// Links and images, for the check.
    pub scan: Scan,
    /// Links whose scheme looks like a misspelt reference (`shots:1A`): plain text on every
    /// site.
    misspelt: Vec<BrokenReference>,
}

#[derive(Debug)]
enum Hole {
    /// A fenced or indented code block.
    Code { language: String, code: String },
    /// The start of a link to an internal reference, which may lead nowhere on some site.
    LinkStart {
        reference: String,
        title: String,
        range: Range<usize>,
        autolink: bool,
    },
    /// The end of the link opened by hole `start`.
    LinkEnd { start: usize },
    /// An autolink's text (`shot:1A`), replaced by its item's label when it resolves.
    AutolinkText { start: usize, text: String },
    /// The address of a project file shown as an image.
    Image { path: String },
}

/// Reads `text` once: parses it, gives headings their ids, and writes the HTML of everything
/// that does not depend on the site. The noncharacters U+FDD0 and U+FDD1 in `text` are read as
/// U+FFFD, so they cannot be taken for holes.
pub fn read(text: &str) -> Document {
    let cleaned;
    let text = if text.contains([HOLE_START, HOLE_END]) {
        cleaned = text.replace([HOLE_START, HOLE_END], "\u{FFFD}");
        cleaned.as_str()
    } else {
        text
    };
    let mut reader = Reader::default();
    // A line break waits, with the markup after it, for the next text: between two
    // characters of a script written without spaces it is dropped.
    let mut held: Vec<(Event, Range<usize>)> = Vec::new();
    let mut last_char = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let next_char = match &event {
            Event::Text(t) | Event::Code(t) => t.chars().next(),
            _ => None,
        };
        match (&event, held.is_empty()) {
            (Event::SoftBreak, true) if last_char.is_some_and(unspaced) => {
                held.push((event, range));
                continue;
            }
            (Event::Start(_) | Event::End(_), false) => {
                held.push((event, range));
                continue;
            }
            (_, false) => {
                let mut held = std::mem::take(&mut held).into_iter();
                if next_char.is_some_and(unspaced) {
                    held.next();
                }
                held.for_each(|(event, range)| reader.event(event, range));
            }
            _ => {}
        }
        if let Event::Text(t) | Event::Code(t) = &event {
            last_char = t.chars().next_back();
        } else if !matches!(event, Event::Start(_) | Event::End(_)) {
            last_char = None;
        }
        reader.event(event, range);
    }
    held.into_iter()
        .for_each(|(event, range)| reader.event(event, range));
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, reader.events.into_iter());
    Document {
        html,
        holes: reader.holes,
        scan: reader.scan,
        misspelt: reader.misspelt,
    }
}

/// Whether `c` belongs to a script written without spaces between words (Chinese,
/// Japanese): East Asian wide, and not Hangul, since Korean spaces its words. A line break in
/// the Markdown between two such characters joins the lines with nothing, where a browser
/// would show a space in the middle of a sentence (the rule of CSS Text 3 for segment breaks,
/// which browsers do not apply).
fn unspaced(c: char) -> bool {
    let hangul =
        matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}');
    !hangul && unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// The state of [`read`] between events.
#[derive(Default)]
struct Reader<'a> {
    events: Vec<Event<'a>>,
    holes: Vec<Hole>,
    scan: Scan,
    misspelt: Vec<BrokenReference>,
    used_ids: HashSet<String>,
    code: Option<(String, String)>,
    /// The open links: the hole of a reference, `None` for a link kept as it is, or a
    /// misspelt reference whose end is dropped.
    links: Vec<OpenLink>,
    /// The open heading: where its start event is, its explicit id, and its text so far.
    heading: Option<(usize, Option<String>, String)>,
    /// The open images, outermost first: source, alt text, range, and whether it is a project
    /// file written by the reader itself.
    images: Vec<(String, String, Range<usize>, Option<String>)>,
}

enum OpenLink {
    Kept,
    Reference(usize),
    Misspelt,
}

impl<'a> Reader<'a> {
    fn hole(&mut self, hole: Hole) -> usize {
        self.holes.push(hole);
        self.holes.len() - 1
    }

    fn push_hole(&mut self, hole: Hole) -> usize {
        let n = self.hole(hole);
        self.events.push(Event::InlineHtml(
            format!("{HOLE_START}{n}{HOLE_END}").into(),
        ));
        n
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some((_, alt, _, _)) = self.images.last_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        if let (Some((_, _, text)), Event::Text(t) | Event::Code(t)) =
            (self.heading.as_mut(), &event)
        {
            text.push_str(t);
        }
        if let Event::Start(Tag::Link { dest_url, .. }) = &event {
            self.scan.links.push((dest_url.to_string(), range.clone()));
        }
        // Inside an image written by the reader, events only give the alt text.
        let writing_image = self.images.iter().any(|(_, _, _, own)| own.is_some());
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((language, String::new()));
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, body)) = self.code.as_mut() {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, code)) = self.code.take() {
                    let n = self.hole(Hole::Code { language, code });
                    // The line break is the highlighted block's own, so the writer knows
                    // that the next block starts on a new line.
                    self.events
                        .push(Event::Html(format!("{HOLE_START}{n}{HOLE_END}\n").into()));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let own = (!writing_image && is_project_path(&dest_url)).then(|| title.to_string());
                self.images
                    .push((dest_url.to_string(), String::new(), range, own.clone()));
                if own.is_none() && !writing_image {
                    self.events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Image) => {
                let Some((source, alt, range, own)) = self.images.pop() else {
                    return;
                };
                match own {
                    Some(title) => {
                        let n = self.hole(Hole::Image {
                            path: source.clone(),
                        });
                        let mut tag = format!("<img src=\"{HOLE_START}{n}{HOLE_END}\" alt=\"");
                        tag.push_str(&escape(&alt));
                        tag.push('"');
                        if !title.is_empty() {
                            tag.push_str(" title=\"");
                            tag.push_str(&escape(&title));
                            tag.push('"');
                        }
                        tag.push_str(" />");
                        self.events.push(Event::InlineHtml(tag.into()));
                    }
                    None if !writing_image => self.events.push(Event::End(TagEnd::Image)),
                    None => {}
                }
                self.scan.images.push((source, alt, range));
            }
            _ if writing_image => {}
            Event::Start(Tag::Heading { ref id, .. }) => {
                let explicit = id.as_ref().map(|i| i.to_string());
                self.heading = Some((self.events.len(), explicit, String::new()));
                self.events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, explicit, text)) = self.heading.take() {
                    let base = explicit.unwrap_or_else(|| slugify(&text));
                    let id = unique_id(&base, &mut self.used_ids);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[start] {
                        *slot = Some(CowStr::from(id));
                    }
                }
                self.events.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if parse_reference(&dest_url).is_some() && self.images.is_empty() {
                    let n = self.push_hole(Hole::LinkStart {
                        reference: dest_url.to_string(),
                        title: title.to_string(),
                        range,
                        autolink: link_type == LinkType::Autolink,
                    });
                    self.links.push(OpenLink::Reference(n));
                } else if let Some(hint) = misspelt_scheme(&dest_url) {
                    self.misspelt.push(BrokenReference {
                        reference: dest_url.to_string(),
                        range,
                        hint: Some(hint),
                    });
                    self.links.push(OpenLink::Misspelt);
                } else {
                    self.links.push(OpenLink::Kept);
                    self.events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::Text(text) if self.autolink_open().is_some() => {
                // A heading's id is made from the reference as written, the same on every
                // site.
                if let Some(start) = self.autolink_open() {
                    self.push_hole(Hole::AutolinkText {
                        start,
                        text: text.to_string(),
                    });
                }
            }
            Event::End(TagEnd::Link) => match self.links.pop() {
                Some(OpenLink::Reference(start)) => {
                    self.push_hole(Hole::LinkEnd { start });
                }
                Some(OpenLink::Misspelt) => {}
                Some(OpenLink::Kept) | None => self.events.push(event),
            },
            other => self.events.push(other),
        }
    }

    /// The hole of the innermost open link, when it is an autolink to a reference.
    fn autolink_open(&self) -> Option<usize> {
        match self.links.last() {
            Some(OpenLink::Reference(n)) => match self.holes[*n] {
                Hole::LinkStart { autolink: true, .. } => Some(*n),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Document {
    /// Feeds `hasher` with what [`Document::render`] takes from `links` for this text: where
    /// each internal reference leads and what it is called, and each image's address. With a
    /// hash of the text, this keys the HTML rendered for a site.
    pub fn feed_links(&self, links: &dyn Links, hasher: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        for hole in &self.holes {
            match hole {
                Hole::LinkStart { reference, .. } => {
                    let target = parse_reference(reference)
                        .and_then(|(kind, id)| links.resolve(kind, id))
                        .map(|t| (t.url, t.label));
                    target.hash(hasher);
                }
                Hole::Image { path } => links.asset(path).hash(hasher),
                Hole::Code { .. } | Hole::LinkEnd { .. } | Hole::AutolinkText { .. } => {}
            }
        }
    }

    /// The HTML for one site: references linked through `links` (or left as plain text when
    /// they lead nowhere), project images addressed through it, and code highlighted.
    pub fn render(&self, links: &dyn Links, highlighter: &Highlighter) -> Rendered {
        let mut html = String::with_capacity(self.html.len() + self.holes.len() * 48);
        let mut broken = self.misspelt.clone();
        let mut targets: Vec<Option<Target>> = Vec::new();
        targets.resize_with(self.holes.len(), || None);
        let mut rest = self.html.as_str();
        while let Some(at) = rest.find(HOLE_START) {
            html.push_str(&rest[..at]);
            let after = &rest[at + HOLE_START.len_utf8()..];
            let end = after.find(HOLE_END).unwrap_or(after.len());
            rest = after.get(end + HOLE_END.len_utf8()..).unwrap_or("");
            let Some(hole) = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.holes.get(n).map(|hole| (n, hole)))
            else {
                continue;
            };
            match hole {
                (_, Hole::Code { language, code }) => {
                    let block = highlighter.highlight(language, code);
                    html.push_str(block.strip_suffix('\n').unwrap_or(&block));
                }
                (_, Hole::Image { path }) => {
                    pulldown_cmark_escape::escape_href(&mut html, &links.asset(path))
                        .expect("writing to a String cannot fail");
                }
                (
                    n,
                    Hole::LinkStart {
                        reference,
                        title,
                        range,
                        ..
                    },
                ) => {
                    let target =
                        parse_reference(reference).and_then(|(kind, id)| links.resolve(kind, id));
                    match &target {
                        Some(target) => {
                            html.push_str("<a href=\"");
                            pulldown_cmark_escape::escape_href(&mut html, &target.url)
                                .expect("writing to a String cannot fail");
                            if !title.is_empty() {
                                html.push_str("\" title=\"");
                                html.push_str(&escape(title));
                            }
                            html.push_str("\">");
                        }
                        None => broken.push(BrokenReference {
                            reference: reference.clone(),
                            range: range.clone(),
                            hint: None,
                        }),
                    }
                    targets[n] = target;
                }
                (_, Hole::LinkEnd { start }) => {
                    if targets[*start].is_some() {
                        html.push_str("</a>");
                    }
                }
                (_, Hole::AutolinkText { start, text }) => match &targets[*start] {
                    Some(target) => html.push_str(&escape(&target.label)),
                    None => html.push_str(&escape(text)),
                },
            }
        }
        html.push_str(rest);
        broken.sort_by_key(|b| b.range.start);
        Rendered { html, broken }
    }
}

/// What the check needs of a Markdown text, read in one pass: its links and its images.
#[derive(Debug, Default)]
pub struct Scan {
    /// Link destinations, with the link's byte range.
    pub links: Vec<(String, Range<usize>)>,
    /// Image sources and alt texts, with the image's byte range.
    pub images: Vec<(String, String, Range<usize>)>,
}

/// The broken references among `links` (from [`scan`]), resolved against `resolver`.
pub fn broken_among(
    links: &[(String, Range<usize>)],
    resolver: &dyn Links,
) -> Vec<BrokenReference> {
    let mut broken = Vec::new();
    for (url, range) in links {
        if let Some((kind, id)) = parse_reference(url) {
            if !resolver.exists(kind, id) {
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
    fn a_line_break_inside_japanese_or_chinese_joins_without_a_space() {
        let out = html(
            "夜は看板の色を残して、\n夜明けはピンクを少し強めに。\n\n中文的\n句子。\n\nミオは[商店街](shot:1A)から\n*隅田川*まで。\n",
        );
        assert!(out.html.contains("残して、夜明けは"), "{}", out.html);
        assert!(out.html.contains("から<em>隅田川</em>"), "{}", out.html);
        assert!(out.html.contains("中文的句子。"), "{}", out.html);
        // Between Latin words, and where Korean spaces its words, the break stays a space.
        let out = html("Alexa 35 の LogC4\nfrom the night.\n\n한국어\n문장\n\n夜\nnight\n");
        assert!(out.html.contains("LogC4\nfrom"), "{}", out.html);
        assert!(out.html.contains("한국어\n문장"), "{}", out.html);
        assert!(out.html.contains("夜\nnight"), "{}", out.html);
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
        let scan = &read("[a](shot:9Z) [b](https://example.com)").scan;
        assert_eq!(broken_among(&scan.links, &TestLinks).len(), 1);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let out = html("```sh\nffmpeg -i in.mov -vf lut3d=film.cube out.mov\n```\n");
        assert!(
            out.html
                .contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"sh\">"),
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
        let images = read("![a](assets/a.svg) ![b](mailto:x)").scan.images;
        assert_eq!(images.len(), 2);
        assert!(is_project_path(&images[0].0) && !is_project_path(&images[1].0));
    }

    struct Nowhere;
    impl Links for Nowhere {
        fn resolve(&self, _: RefKind, _: &str) -> Option<Target> {
            None
        }
        fn asset(&self, path: &str) -> String {
            format!("https://cdn.example.com/{path}")
        }
    }

    #[test]
    fn one_reading_serves_every_site() {
        let document = read("## At <shot:1A>\n\nSee [the *wide*](shot:1A \"Wide\").\n");
        let linked = document.render(&TestLinks, &Highlighter::new());
        assert!(
            linked
                .html
                .contains("<h2 id=\"at-shot-1a\">At <a href=\"/shots/#shot-1a\">shot 1A</a></h2>"),
            "{}",
            linked.html
        );
        assert!(
            linked
                .html
                .contains("<a href=\"/shots/#shot-1a\" title=\"Wide\">the <em>wide</em></a>"),
            "{}",
            linked.html
        );
        assert!(linked.broken.is_empty());
        let unlinked = document.render(&Nowhere, &Highlighter::new());
        assert!(
            unlinked
                .html
                .contains("<h2 id=\"at-shot-1a\">At shot:1A</h2>"),
            "{}",
            unlinked.html
        );
        assert!(
            unlinked.html.contains("See the <em>wide</em>."),
            "{}",
            unlinked.html
        );
        assert_eq!(unlinked.broken.len(), 2);
    }

    #[test]
    fn project_images_are_written_as_the_markdown_writer_would() {
        let own = render(
            "![a \"still\" & *more*](assets/s.jpg \"The <roof>\")",
            &Nowhere,
            &Highlighter::new(),
        );
        let remote = render(
            "![a \"still\" & *more*](https://cdn.example.com/assets/s.jpg \"The <roof>\")",
            &Nowhere,
            &Highlighter::new(),
        );
        assert_eq!(own.html, remote.html);
    }

    #[test]
    fn references_inside_an_image_s_alt_text_are_still_checked() {
        let document = read("![the [wide](shot:9Z) frame](assets/still.jpg)");
        assert_eq!(document.scan.links.len(), 1);
        assert_eq!(broken_among(&document.scan.links, &TestLinks).len(), 1);
        let out = document.render(&TestLinks, &Highlighter::new());
        assert!(out.html.contains("alt=\"the wide frame\""), "{}", out.html);
    }

    #[test]
    fn noncharacters_in_the_text_cannot_open_holes() {
        let out = html("a \u{FDD0}0\u{FDD1} b\n\n```sh\nls\n```\n");
        assert!(out.html.contains("a \u{FFFD}0\u{FFFD} b"), "{}", out.html);
        assert_eq!(out.html.matches("<pre").count(), 1, "{}", out.html);
    }
}
