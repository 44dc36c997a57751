//! The journal's index and each tag's page list fifty notes a page, newest first: the first
//! page keeps its address (`/journal/`, `/journal/tags/<tag>/`) and the others follow under
//! it (`/journal/page/2/`, `/journal/tags/<tag>/page/2/`), linked by an accessible nav. A
//! journal that fits on one page has no other, and no note may take `/journal/page/`. Each
//! test runs on every production in the repository, read back as a reader's browser would.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use scraper::Html;

/// The notes a page lists.
const PER_PAGE: usize = 50;
/// Notes added to each production: with its own, more than two pages' worth.
const ADDED: usize = 120;
/// The tag every added note has: named like the index's folder of later pages, which a tag
/// may be, as tags live under `/journal/tags/`.
const TAG: &str = "page";
/// What the nav between a list's pages is called.
const NAV: &str = r#"nav[aria-label="Journal pages"]"#;

/// Writes `count` notes to `project`'s journal, in the front matter its own notes use, dated a
/// day apart from 2025-01-01 (before any note of the productions), each tagged [`TAG`].
fn add_notes(project: &Path, count: usize) {
    for i in 0..count {
        let (month, day) = (i / 28 + 1, i % 28 + 1);
        let text = format!(
            "---\ntitle: Added note {i:03}\ndate: 2025-{month:02}-{day:02}\nstage: pre-production\n\
             tags: [{TAG}]\nauthor: Test Writer\nsummary: Added to fill the journal.\n---\n\
             A note to make the journal long.\n"
        );
        fs::write(
            project
                .join("journal")
                .join(format!("added-note-{i:03}.md")),
            text,
        )
        .unwrap();
    }
}

/// The audiences of `project`, by name.
fn audiences(project: &Path) -> Vec<String> {
    yaml(&project.join("clapboard.yaml"))["audiences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect()
}

/// The addresses (under the site's `base`) of the notes `audience`'s site publishes, newest
/// first, with their dates.
fn expected_notes(project: &Path, audience: &str, base: &str) -> Vec<(String, String)> {
    let mut notes: Vec<(String, String)> = documents::published_notes(project, audience)
        .iter()
        .map(|(path, front)| {
            let date = front["date"].as_str().unwrap()[..10].to_string();
            (
                format!("{base}/journal/{}/", documents::note_slug(path, front)),
                date,
            )
        })
        .collect();
    notes.sort_by(|a, b| b.1.cmp(&a.1));
    notes
}

/// One page of a list as read back: its file, the notes it links and their dates, in order.
struct ListPage {
    file: PathBuf,
    document: Html,
    notes: Vec<String>,
    dates: Vec<String>,
}

impl ListPage {
    fn read(file: PathBuf) -> ListPage {
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let document = Html::parse_document(&text);
        let notes = hrefs(&document, ".note-list h2 a");
        let dates = select(&document, ".note-list time")
            .iter()
            .map(|t| t.value().attr("datetime").unwrap().to_string())
            .collect();
        ListPage {
            file,
            document,
            notes,
            dates,
        }
    }

    /// The `href` of the nav's one link with `rel`, if it has one.
    fn rel(&self, rel: &str) -> Option<String> {
        let found = hrefs(&self.document, &format!(r#"{NAV} a[rel="{rel}"]"#));
        assert!(found.len() <= 1, "{}: {found:?}", self.file.display());
        found.into_iter().next()
    }
}

/// The pages of the list whose first page is `first` (a file of `site`), following each
/// page's `rel="next"` link, and checking that each page's `rel="prev"` leads back and that
/// it marks itself as the current page.
fn follow(site: &Path, base: &str, first: &Path, name: &str) -> Vec<ListPage> {
    let mut pages = vec![ListPage::read(first.to_path_buf())];
    assert_eq!(
        pages[0].rel("prev"),
        None,
        "{name}: the first page has a newer one"
    );
    while let Some(next) = pages.last().unwrap().rel("next") {
        let file = file_of(site, base, &next);
        assert!(file.is_file(), "{name}: {next} leads to no page");
        let page = ListPage::read(file);
        let previous = pages.last().unwrap();
        let back = page
            .rel("prev")
            .unwrap_or_else(|| panic!("{name}: {next} has no link to the page before"));
        assert_eq!(
            file_of(site, base, &back),
            previous.file,
            "{name}: {next}'s rel=prev does not lead back"
        );
        assert!(pages.len() < 1000, "{name}: the pages never end");
        pages.push(page);
    }
    for (i, page) in pages.iter().enumerate() {
        let current = hrefs(&page.document, &format!(r#"{NAV} a[aria-current="page"]"#));
        if pages.len() == 1 {
            assert!(
                select(&page.document, NAV).is_empty(),
                "{name}: a list of one page links to others"
            );
            continue;
        }
        assert_eq!(current.len(), 1, "{name}: page {} marks {current:?}", i + 1);
        assert_eq!(
            file_of(site, base, &current[0]),
            page.file,
            "{name}: page {} marks another as current",
            i + 1
        );
        let numbers = text_of(&page.document, &format!("{NAV} ol"));
        assert!(
            numbers.contains(&pages.len().to_string()),
            "{name}: page {} does not link the last page: {numbers}",
            i + 1
        );
    }
    pages
}

/// Checks a paged list: fifty notes a page but the last, each note once, newest first.
fn check_pages(pages: &[ListPage], expected: &[(String, String)], name: &str) {
    let count = expected.len();
    assert_eq!(
        pages.len(),
        count.div_ceil(PER_PAGE),
        "{name}: {count} notes in {} pages",
        pages.len()
    );
    for (i, page) in pages.iter().enumerate() {
        let size = PER_PAGE.min(count - i * PER_PAGE);
        assert_eq!(page.notes.len(), size, "{name}: page {} lists", i + 1);
    }
    let listed: Vec<&String> = pages.iter().flat_map(|p| &p.notes).collect();
    let unique: BTreeSet<&String> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "{name}: a note is listed twice");
    let wanted: BTreeSet<&String> = expected.iter().map(|(url, _)| url).collect();
    assert_eq!(
        unique, wanted,
        "{name}: the pages do not list the published notes"
    );
    let newest: BTreeSet<&String> = expected[..PER_PAGE].iter().map(|(url, _)| url).collect();
    let first: BTreeSet<&String> = pages[0].notes.iter().collect();
    assert_eq!(
        first, newest,
        "{name}: the first page is not the newest notes"
    );
    let dates: Vec<&String> = pages.iter().flat_map(|p| &p.dates).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "{name}: the pages are not newest first"
    );
}

#[test]
fn a_journal_that_fits_on_one_page_has_no_other() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let dist = build(copy.path());
        for audience in audiences(copy.path()) {
            let name = format!("{} ({audience})", production.display());
            let site = dist.join(&audience);
            let journal = site.join("journal");
            if !journal.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&journal) {
                let entry = entry.unwrap();
                assert!(
                    entry.file_name() != "page",
                    "{name}: {} exists with few notes",
                    entry.path().display()
                );
            }
            let base = base_path(copy.path(), &audience);
            let pages = follow(&site, &base, &journal.join("index.html"), &name);
            assert_eq!(pages.len(), 1, "{name}: the journal has more than one page");
            let expected = expected_notes(copy.path(), &audience, &base);
            assert!(expected.len() <= PER_PAGE, "{name}: the production grew");
            assert_eq!(pages[0].notes.len(), expected.len(), "{name}: the index");
        }
    }
}

#[test]
fn a_long_journal_and_its_tags_are_paged_fifty_notes_at_a_time() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        add_notes(copy.path(), ADDED);
        let dist = build(copy.path());
        for audience in audiences(copy.path()) {
            let name = format!("{} ({audience})", production.display());
            let site = dist.join(&audience);
            let base = base_path(copy.path(), &audience);
            let expected = expected_notes(copy.path(), &audience, &base);
            assert!(expected.len() > 2 * PER_PAGE, "{name}: too few notes");

            let index = follow(&site, &base, &site.join("journal/index.html"), &name);
            check_pages(&index, &expected, &format!("{name} /journal/"));
            for (i, page) in index.iter().enumerate().skip(1) {
                let file = site.join(format!("journal/page/{}/index.html", i + 1));
                assert_eq!(page.file, file, "{name}: page {} is elsewhere", i + 1);
            }
            assert!(
                !site.join("journal/page/1").exists()
                    && !site.join("journal/page/index.html").exists(),
                "{name}: the first page has a second address"
            );

            let tagged: Vec<(String, String)> = expected
                .iter()
                .filter(|(url, _)| url.contains("/added-note-"))
                .cloned()
                .collect();
            assert_eq!(tagged.len(), ADDED, "{name}: the added notes");
            let first = site.join(format!("journal/tags/{TAG}/index.html"));
            let tag = follow(&site, &base, &first, &format!("{name} tag"));
            check_pages(&tag, &tagged, &format!("{name} /journal/tags/{TAG}/"));
            let second = site.join(format!("journal/tags/{TAG}/page/2/index.html"));
            assert_eq!(
                tag[1].file, second,
                "{name}: the tag's second page is elsewhere"
            );

            // A note's own page is not paged, nor the list of tags.
            let tags = html(&site, "journal/tags/index.html");
            assert!(
                select(&tags, NAV).is_empty(),
                "{name}: the list of tags is paged"
            );

            if audience == "public" {
                let sitemap = read(&site, "sitemap.xml");
                let root = base_url(copy.path(), "public");
                for page in ["journal/", "journal/page/2/", "journal/page/3/"] {
                    assert!(
                        sitemap.contains(&format!("<loc>{root}{page}</loc>")),
                        "{name}: the sitemap lacks {page}"
                    );
                }
                let tag_page = format!("<loc>{root}journal/tags/{TAG}/page/3/</loc>");
                assert!(
                    sitemap.contains(&tag_page),
                    "{name}: the sitemap lacks {tag_page}"
                );
            }
        }
    }
}

#[test]
fn a_note_cannot_take_the_folder_of_the_later_pages() {
    let cases = [
        (
            "journal/page.md",
            "",
            vec!["journal/page.md", "/journal/page/"],
        ),
        (
            "journal/paging-through.md",
            "slug: page\n",
            vec![
                "journal/paging-through.md:",
                "the slug `page`",
                "/journal/page/",
            ],
        ),
    ];
    for production in productions() {
        for (file, front, says) in &cases {
            let copy = unlocked_copy(&production);
            fs::write(
                copy.path().join(file),
                format!("---\ntitle: Turning the page\ndate: 2026-09-21\n{front}---\nA note.\n"),
            )
            .unwrap();
            let out = clapboard_command()
                .args(["check", copy.path().to_str().unwrap(), "--now", NOW])
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let name = format!("{} {file}", production.display());
            assert_eq!(out.status.code(), Some(1), "{name}:\n{stderr}");
            assert!(stderr.contains("error[reserved-slug]"), "{name}:\n{stderr}");
            for needle in says {
                assert!(
                    stderr.contains(needle),
                    "{name}: `{needle}` not said:\n{stderr}"
                );
            }
        }
    }
}
