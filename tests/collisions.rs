//! Two pages never claim one address: a journal note or tag that would take another page's
//! address is refused by `check` and `build`, with the file and a hint, and the site built
//! before it was added stays as it was.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// A journal note with `front` in its front matter.
fn note(title: &str, front: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2026-09-21\nstage: production\n{front}---\nA night on the roof.\n"
    )
}

/// What a refused change must print: each needle on stderr.
struct Refusal<'a> {
    /// The diagnostic code.
    code: &'a str,
    /// Files and lines named, the address, the hint.
    says: &'a [&'a str],
}

/// For each production of the repository: builds it, adds `files`, and expects `check` and
/// `build` to refuse with `refusal`, leaving what was built before untouched.
fn refused(files: &[(&str, String)], refusal: Refusal) {
    for production in productions() {
        let project = unlocked_copy(&production);
        let dir = project.path();
        let dist = build(dir);
        let before = snapshot(&dist);
        for (path, text) in files {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        for command in ["check", "build"] {
            let out = clapboard_command()
                .args([command, dir.to_str().unwrap(), "--now", NOW])
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{} {command}:\n{stderr}",
                production.display()
            );
            assert!(
                stderr.contains(&format!("error[{}]", refusal.code)),
                "{} {command}: no {}:\n{stderr}",
                production.display(),
                refusal.code
            );
            for needle in refusal.says {
                assert!(
                    stderr.contains(needle),
                    "{} {command}: `{needle}` not said:\n{stderr}",
                    production.display()
                );
            }
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
        assert!(
            snapshot(&dist) == before,
            "{}: the site built before changed",
            production.display()
        );
    }
}

#[test]
fn a_note_named_tags_cannot_take_the_tag_list() {
    refused(
        &[("journal/tags.md", note("Tags on set", "tags: [shoot]\n"))],
        Refusal {
            code: "reserved-slug",
            says: &["journal/tags.md", "/journal/tags/", "set `slug:`"],
        },
    );
}

#[test]
fn a_note_whose_name_has_no_letters_cannot_take_the_journal() {
    refused(
        &[("journal/---.md", note("Dashes", ""))],
        Refusal {
            code: "empty-slug",
            says: &["journal/---.md", "no letters or digits", "set `slug:`"],
        },
    );
}

#[test]
fn a_tag_with_no_letters_is_refused_on_its_line() {
    refused(
        &[(
            "journal/loud-night.md",
            note("A loud night", "tags: [shoot, \"!!!\"]\n"),
        )],
        Refusal {
            code: "empty-slug",
            says: &[
                "journal/loud-night.md:5",
                "the tag `!!!`",
                "give the tag letters",
            ],
        },
    );
}

#[test]
fn a_slug_cannot_take_the_tag_list() {
    refused(
        &[(
            "journal/rooftop-tags.md",
            note("Rooftop tags", "slug: tags\n"),
        )],
        Refusal {
            code: "reserved-slug",
            says: &[
                "journal/rooftop-tags.md:5",
                "the slug `tags`",
                "/journal/tags/",
                "choose another slug",
            ],
        },
    );
}

#[test]
fn one_name_in_two_unicode_forms_is_one_address() {
    let composed = "journal/caf\u{e9}.md";
    let decomposed = "journal/cafe\u{301}.md";
    refused(
        &[
            (composed, note("At the caf\u{e9}", "")),
            (decomposed, note("Back at the caf\u{e9}", "")),
        ],
        Refusal {
            code: "path-collision",
            says: &[
                composed,
                decomposed,
                "/journal/caf\u{e9}/",
                "two Unicode forms",
            ],
        },
    );
}

#[test]
fn two_notes_with_one_slug_are_refused() {
    refused(
        &[
            (
                "journal/night-one.md",
                note("Night one", "slug: the-roof\n"),
            ),
            (
                "journal/night-two.md",
                note("Night two", "slug: The Roof\n"),
            ),
        ],
        Refusal {
            code: "path-collision",
            says: &[
                "`journal/night-one.md:5` and `journal/night-two.md:5` both make the address /journal/the-roof/",
                "set a different `slug:`",
            ],
        },
    );
}

#[test]
fn two_tags_with_one_address_are_refused() {
    // Tags no production uses, so the two notes are the only ones to name them.
    refused(
        &[
            (
                "journal/night-one.md",
                note("Night one", "tags: [zz same tag]\n"),
            ),
            (
                "journal/night-two.md",
                note("Night two", "tags: [zz-same-tag]\n"),
            ),
        ],
        Refusal {
            code: "path-collision",
            says: &[
                "the tags `zz same tag` (journal/night-one.md:5) and `zz-same-tag` (journal/night-two.md:5)",
                "/journal/tags/zz-same-tag/",
                "write the tag as `zz same tag` in every note",
            ],
        },
    );
}

#[test]
fn a_static_file_cannot_replace_a_page() {
    for production in productions() {
        let project = unlocked_copy(&production);
        let dir = project.path();
        let dist = build(dir);
        let before = snapshot(&dist);
        for (path, needle) in [
            (
                "static/journal/index.html",
                "two files would be written to /journal/index.html",
            ),
            // A file where the feed is needs `journal/atom.xml` as a folder.
            (
                "static/journal/atom.xml/index.html",
                "/journal/atom.xml is a file",
            ),
        ] {
            let file = dir.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, "<p>mine</p>").unwrap();
            let out = clapboard_command()
                .args(["build", dir.to_str().unwrap(), "--now", NOW])
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{path}:\n{stderr}");
            assert!(stderr.contains("error[path-collision]"), "{stderr}");
            assert!(stderr.contains(needle), "{path}: `{needle}`:\n{stderr}");
            assert!(stderr.contains(path), "{path} not named:\n{stderr}");
            assert!(snapshot(&dist) == before, "{path}: the site changed");
            fs::remove_dir_all(dir.join("static")).unwrap();
        }
        // The stylesheet of highlighted code is a stylesheet like the theme's: a project may
        // replace it.
        fs::create_dir_all(dir.join("static")).unwrap();
        fs::write(dir.join("static/code.css"), "/* ours */\n").unwrap();
        let site = build(dir).join("public");
        assert_eq!(read(&site, "code.css"), "/* ours */\n");
    }
}

#[test]
fn a_slug_gives_the_note_its_address() {
    for production in productions() {
        let project = unlocked_copy(&production);
        let dir = project.path();
        fs::write(
            dir.join("journal/2026-09-21 notes from the roof.md"),
            note(
                "Notes from the roof",
                "slug: Rooftop Night\ntags: [Lighting, lighting]\n",
            ),
        )
        .unwrap();
        fs::write(
            dir.join("journal/caf\u{e9}-regulars.md"),
            note("The regulars", "tags: [crew]\n")
                + "Read [the roof night](journal:rooftop-night).\n",
        )
        .unwrap();
        let site = build(dir).join("public");
        let page = html(&site, "journal/rooftop-night/index.html");
        assert_eq!(text_of(&page, "h1"), "Notes from the roof");
        assert!(!site.join("journal/2026-09-21-notes-from-the-roof").exists());
        // The file name, in its composed form whatever form the file system gave.
        let regulars = read(&site, "journal/caf\u{e9}-regulars/index.html");
        assert!(regulars.contains("/journal/rooftop-night/"), "{regulars}");
        // Tags written alike but for case are one tag, listing the note once.
        let tag = html(&site, "journal/tags/lighting/index.html");
        let links = select(&tag, ".note-list h2 a")
            .into_iter()
            .filter(|a| {
                a.value()
                    .attr("href")
                    .is_some_and(|href| href.ends_with("/journal/rooftop-night/"))
            })
            .count();
        assert_eq!(links, 1, "{}", tag.html());
        assert!(Path::new(&site.join("journal/tags/index.html")).is_file());
    }
}
