//! `ignore:` in `clapboard.yaml`: files a production keeps beside its documents (a helper
//! script, a folder of old drafts, a layered source image in `static/`) are left alone, with
//! no warning, instead of failing `--deny-warnings` as unknown files.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Files that are not documents, a draft note that would be published, and a layered image
/// in `static/` that would be: what a production folder collects.
fn clutter(project: &Path) {
    let write = |path: &str, text: &str| {
        let path = project.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "make-contact-sheet.sh",
        "#!/bin/sh\nmontage assets/stills/*.jpg contact.jpg\n",
    );
    write(
        "people/crew-2025.numbers.txt",
        "an export of last year's crew\n",
    );
    write(
        "journal/old drafts/an-abandoned-note.md",
        "---\ntitle: An abandoned note\ndate: 2026-09-01\nstage: production\nsummary: Never meant to be read.\n---\n\nAbandoned.\n",
    );
    write("static/sources/poster-layers.psd", "layers");
}

fn clapboard_in(project: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec![args[0], project.to_str().unwrap()];
    all.extend(&args[1..]);
    all.extend(["--now", NOW]);
    clapboard(&all)
}

#[test]
fn ignored_files_are_neither_read_nor_warned_about_nor_published() {
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let root = copy.path();
        clutter(root);

        // Without `ignore:`, each is a problem: unknown files, and a note nobody meant to publish.
        let before = clapboard_in(root, &["check", "--deny-warnings"]);
        let text = String::from_utf8_lossy(&before.stderr);
        assert_eq!(before.status.code(), Some(1), "{what}: {text}");
        assert!(text.contains("make-contact-sheet.sh"), "{what}: {text}");
        assert!(text.contains("crew-2025.numbers.txt"), "{what}: {text}");
        let dist = build(root);
        assert!(
            dist.join("public/journal/an-abandoned-note/index.html")
                .is_file()
        );
        assert!(dist.join("public/sources/poster-layers.psd").is_file());

        let config = root.join("clapboard.yaml");
        let text = fs::read_to_string(&config).unwrap();
        let entries =
            "  - \"*.sh\"\n  - people/*.txt\n  - journal/old drafts/\n  - /static/sources/\n";
        // Added to the production's own list where it has one.
        let text = match text.find("\nignore:\n") {
            Some(at) => {
                let after = at + "\nignore:\n".len();
                format!("{}{entries}{}", &text[..after], &text[after..])
            }
            None => format!("{text}ignore:\n{entries}"),
        };
        fs::write(&config, text).unwrap();
        fs::remove_dir_all(&dist).unwrap();
        let after = clapboard_in(root, &["check", "--deny-warnings"]);
        let text = String::from_utf8_lossy(&after.stderr);
        assert_eq!(after.status.code(), Some(0), "{what}: {text}");
        assert!(!text.contains("warning"), "{what}: {text}");
        let dist = build(root);
        for audience in ["public", "client", "crew"] {
            let site = dist.join(audience);
            assert!(site.join("index.html").is_file());
            assert!(!site.join("journal/an-abandoned-note").exists(), "{what}");
            assert!(!site.join("sources").exists(), "{what}: {audience}");
            for (path, bytes) in snapshot(&site) {
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    !text.contains("An abandoned note") && !text.contains("poster-layers"),
                    "{what}: {audience}/{} names an ignored file",
                    path.display()
                );
            }
        }
    }
}
