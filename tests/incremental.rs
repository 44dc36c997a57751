//! Rebuilds that reuse earlier work are right: after each kind of edit, a `build` that reuses
//! the previous build's output and cache writes the same bytes as a clean build of the same
//! folder, and a dev server that rebuilds after the edit serves what a new one serves, on
//! every production.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use clapboard::serve::{Change, FolderWatch, Serving, Session};
use common::documents;

/// One kind of edit a user makes between builds.
struct Edit {
    name: &'static str,
    apply: fn(&Path),
    /// Whether pages the edit leaves as they were are taken from the last build (an edit of
    /// what every page shows renders every page).
    reuses: bool,
}

const EDITS: [Edit; 9] = [
    Edit {
        name: "a note's body",
        reuses: true,
        apply: |project| {
            let note = common::first_note(project);
            let text = fs::read_to_string(&note).unwrap();
            fs::write(
                &note,
                format!("{text}\nOne more paragraph, added between builds.\n"),
            )
            .unwrap();
        },
    },
    Edit {
        name: "a note's tags",
        reuses: true,
        apply: |project| {
            edit_front_matter(&common::first_note(project), |front| {
                front["tags"] = serde_json::json!(["rebuilt", "between builds"]);
            });
        },
    },
    Edit {
        name: "a note's date",
        reuses: true,
        apply: |project| {
            edit_front_matter(&common::first_note(project), |front| {
                front["date"] = serde_json::json!("2026-06-01");
            });
        },
    },
    Edit {
        name: "a shot",
        reuses: true,
        apply: |project| {
            let mut first = true;
            documents::edit_items(project, "shots", "shots", |shot| {
                if std::mem::take(&mut first) {
                    shot["description"] = serde_json::json!("A shot described again.");
                }
            });
        },
    },
    Edit {
        name: "a template",
        reuses: true,
        apply: |project| {
            override_template(
                project,
                "journal-note.html",
                "</article>",
                "<p>Edited.</p></article>",
            )
        },
    },
    Edit {
        name: "the shared layout",
        reuses: false,
        apply: |project| {
            override_template(project, "base.html", "</body>", "<!-- edited --></body>")
        },
    },
    Edit {
        name: "clapboard.yaml",
        reuses: false,
        apply: |project| {
            let config = project.join("clapboard.yaml");
            let text = fs::read_to_string(&config).unwrap();
            let edited: String = text
                .lines()
                .map(|line| match line.strip_prefix("title: ") {
                    Some(title) => format!("title: {title} (recut)\n"),
                    None => format!("{line}\n"),
                })
                .collect();
            assert_ne!(edited, text, "clapboard.yaml has a title line");
            fs::write(config, edited).unwrap();
        },
    },
    Edit {
        name: "a deleted note",
        reuses: true,
        apply: |project| fs::remove_file(common::first_note(project)).unwrap(),
    },
    Edit {
        name: "a renamed note",
        reuses: true,
        apply: |project| {
            let note = common::first_note(project);
            let renamed = note.with_file_name("renamed-between-builds.md");
            fs::rename(note, renamed).unwrap();
        },
    },
];

/// Overrides the theme's template `name` in `project`, with `from` replaced by `to`.
fn override_template(project: &Path, name: &str, from: &str, to: &str) {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let text = fs::read_to_string(theme.join(name)).unwrap();
    assert!(text.contains(from), "{name} holds {from}");
    let ours = project.join("templates").join(name);
    fs::create_dir_all(ours.parent().unwrap()).unwrap();
    fs::write(ours, text.replace(from, to)).unwrap();
}

/// Rewrites a note's front matter as JSON (which is YAML), keeping its body.
fn edit_front_matter(note: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let text = fs::read_to_string(note).unwrap();
    let mut front = documents::front_matter(note);
    edit(&mut front);
    let body = text
        .strip_prefix("---")
        .and_then(|rest| rest.split_once("\n---"))
        .map(|(_, body)| body)
        .expect("a note with front matter");
    fs::write(
        note,
        format!("---\n{}\n---{body}", serde_json::to_string(&front).unwrap()),
    )
    .unwrap();
}

/// Builds `project` into `out`, with its build cache in `cache`; returns how many pages it took
/// from the last build, as `--timings` says.
fn build(project: &Path, out: &Path, cache: &Path) -> usize {
    let output = common::clapboard_command()
        .env("CLAPBOARD_CACHE", cache)
        .args(["build", project.to_str().unwrap(), "--now", common::NOW])
        .arg("--timings")
        .arg("--out")
        .arg(out)
        .output()
        .expect("the clapboard binary runs");
    assert!(
        output.status.success(),
        "build of {} failed:\n{}",
        project.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let reused = printed
        .split_once(" from the last build")
        .and_then(|(before, _)| before.rsplit(", ").next()?.trim().parse().ok());
    reused.unwrap_or_else(|| panic!("--timings says how many pages were reused:\n{printed}"))
}

/// Every file of every site in `out`, by its path; the folders clapboard keeps beside the sites
/// (records, spares) left out.
fn sites(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(out).unwrap().flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        for (path, bytes) in common::snapshot(&entry.path()) {
            files.insert(Path::new(&name).join(path), bytes);
        }
    }
    files
}

/// The paths on which two builds differ.
fn differences(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<&PathBuf> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|path| a.get(*path) != b.get(*path))
        .map(|path| match (a.get(path), b.get(path)) {
            (Some(_), None) => format!("{} only in the rebuild", path.display()),
            (None, Some(_)) => format!("{} only in the clean build", path.display()),
            _ => format!("{} differs", path.display()),
        })
        .collect()
}

#[test]
fn every_rebuild_writes_what_a_clean_build_writes() {
    for production in common::productions() {
        // Without passwords: a locked page is sealed with a new nonce each build, so only open
        // sites can be compared byte for byte.
        let (copy, kept) = (
            common::unlocked_copy(&production),
            tempfile::tempdir().unwrap(),
        );
        let (project, (out, cache)) = (copy.path(), out_and_cache(&kept));
        // The clean builds share a cache of their own, for the copies of images (made the
        // same in every build, and slow to make): each builds into a new folder, so none
        // finds a page of another's to take.
        let clean_cache = kept.path().join("clean-cache");
        build(project, &out, &cache);
        for edit in &EDITS {
            (edit.apply)(project);
            let reused = build(project, &out, &cache);
            assert!(
                reused > 0 || !edit.reuses,
                "{}: after changing {}, the rebuild took no page from the last build",
                production.display(),
                edit.name
            );
            let rebuilt = sites(&out);

            let clean = tempfile::tempdir().unwrap();
            build(project, &clean.path().join("out"), &clean_cache);
            let fresh = sites(&clean.path().join("out"));
            assert!(
                fresh.len() > 20,
                "{}: the clean build wrote too little",
                production.display()
            );
            let differing = differences(&rebuilt, &fresh);
            assert!(
                differing.is_empty(),
                "{}: after changing {}, the rebuild differs from a clean build:\n{}",
                production.display(),
                edit.name,
                differing.join("\n")
            );
        }
    }
}

/// Every file of every site a dev-server session serves, by `<audience>/<path>`.
fn served(session: &mut Session) -> BTreeMap<PathBuf, Vec<u8>> {
    let rebuilt = session.rebuild();
    files_of(rebuilt)
}

/// [`served`], rebuilding after a change a watcher of the folder saw.
fn served_after(session: &mut Session, change: &Change) -> BTreeMap<PathBuf, Vec<u8>> {
    let rebuilt = session.rebuild_after(change);
    files_of(rebuilt)
}

fn files_of(
    rebuilt: Result<
        (
            clapboard::serve::Sites,
            Vec<clapboard::diagnostics::Diagnostic>,
        ),
        clapboard::Failure,
    >,
) -> BTreeMap<PathBuf, Vec<u8>> {
    let (sites, _) = rebuilt.unwrap_or_else(|e| panic!("the session rebuilds: {e:?}"));
    let mut files = BTreeMap::new();
    for site in &sites.sites {
        for (path, stored) in &site.files {
            let bytes = sites
                .read(*stored)
                .expect("the store holds every file served");
            files.insert(Path::new(&site.audience).join(path), bytes);
        }
    }
    files
}

fn session(project: &Path) -> Session {
    Session::new(
        project,
        Serving {
            audience: None,
            locked_sites: true,
            now: Some(
                chrono::NaiveDateTime::parse_from_str(common::NOW, "%Y-%m-%dT%H:%M").unwrap(),
            ),
            overrides: Default::default(),
        },
    )
}

#[test]
fn every_dev_server_rebuild_serves_what_a_new_session_serves() {
    for production in common::productions() {
        let copy = common::protected_copy(&production);
        let project = copy.path();
        let mut kept = session(project);
        let first = served(&mut kept);
        assert!(first.len() > 60, "{}: too few files", production.display());
        for edit in &EDITS {
            (edit.apply)(project);
            let rebuilt = served(&mut kept);
            let fresh = served(&mut session(project));
            let differing = differences(&rebuilt, &fresh);
            assert!(
                differing.is_empty(),
                "{}: after changing {}, the dev server serves what a new session does not:\n{}",
                production.display(),
                edit.name,
                differing.join("\n")
            );
        }
    }
}

/// A dev server looks again only at the files its watcher saw change: after each kind of
/// edit, seen by a real watcher of the folder, it serves what a new session serves.
#[test]
fn a_rebuild_after_what_the_watcher_saw_serves_what_a_new_session_serves() {
    for production in common::productions() {
        let copy = common::protected_copy(&production);
        let project = copy.path().canonicalize().unwrap();
        let mut watch = FolderWatch::new(&project, Vec::new()).expect("a watcher");
        let mut kept = session(&project);
        served(&mut kept);
        for edit in &EDITS {
            (edit.apply)(&project);
            // Every event of the edit is queued before the change is taken.
            std::thread::sleep(std::time::Duration::from_millis(200));
            let change = watch.next_change();
            assert!(change.complete, "{}: {}", production.display(), edit.name);
            let rebuilt = served_after(&mut kept, &change);
            let fresh = served(&mut session(&project));
            let differing = differences(&rebuilt, &fresh);
            assert!(
                differing.is_empty(),
                "{}: after changing {} ({:?}), the dev server serves what a new session does not:\n{}",
                production.display(),
                edit.name,
                change.paths,
                differing.join("\n")
            );
        }
    }
}

/// What a change names is what is looked at again; a change the watcher may have missed
/// part of makes the next rebuild look at every file.
#[test]
fn a_change_the_watcher_may_have_missed_part_of_looks_at_every_file() {
    let production = &common::productions()[0];
    let copy = common::unlocked_copy(production);
    let project = copy.path().canonicalize().unwrap();
    let note = common::first_note(&project);
    let mut kept = session(&project);
    let unseen = Change {
        paths: vec![project.join("clapboard.yaml")],
        complete: true,
    };
    // The first rebuild after the watcher starts looks at every file.
    let before = served_after(&mut kept, &unseen);
    let text = fs::read_to_string(&note).unwrap();
    fs::write(&note, format!("{text}\nA paragraph no watcher saw.\n")).unwrap();
    let fresh = served(&mut session(&project));
    assert_eq!(
        served_after(&mut kept, &unseen),
        before,
        "a file the change does not name is taken as it was"
    );
    let missed = Change {
        paths: unseen.paths.clone(),
        complete: false,
    };
    let differing = differences(&served_after(&mut kept, &missed), &fresh);
    assert!(differing.is_empty(), "{}", differing.join("\n"));
    let named = Change {
        paths: vec![note.parent().unwrap().to_path_buf()],
        complete: true,
    };
    fs::write(&note, format!("{text}\nAnother one.\n")).unwrap();
    let fresh = served(&mut session(&project));
    let differing = differences(&served_after(&mut kept, &named), &fresh);
    assert!(
        differing.is_empty(),
        "a change naming the note's folder: {}",
        differing.join("\n")
    );
}

/// Where a test builds into, inside `kept`, and where it keeps the build cache.
fn out_and_cache(kept: &tempfile::TempDir) -> (PathBuf, PathBuf) {
    (kept.path().join("out"), kept.path().join("cache"))
}

/// The folder of a note's page in the public site built into `out`.
fn note_folder(out: &Path) -> PathBuf {
    fs::read_dir(out.join("public/journal"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.join("index.html").is_file())
        .expect("a note page")
}

#[test]
fn a_damaged_cache_or_a_page_changed_by_hand_is_not_trusted() {
    for production in common::productions() {
        let (copy, kept) = (
            common::unlocked_copy(&production),
            tempfile::tempdir().unwrap(),
        );
        let (project, (out, cache)) = (copy.path(), out_and_cache(&kept));
        build(project, &out, &cache);
        let want = sites(&out);

        // A page changed by hand, another replaced by one of the same length, the code cut
        // short, and an index whose lines were edited.
        let home = out.join("public/index.html");
        fs::write(&home, "<p>changed by hand</p>").unwrap();
        let note = note_folder(&out).join("index.html");
        let mut bytes = fs::read(&note).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] = if bytes[middle] == b'x' { b'y' } else { b'x' };
        fs::write(&note, bytes).unwrap();
        let highlighted = cache.join("highlighted-code");
        let code = fs::read(&highlighted).expect("the code highlighted by the first build");
        fs::write(&highlighted, &code[..code.len() * 2 / 3]).unwrap();
        for index in fs::read_dir(cache.join("pages")).unwrap().flatten() {
            let text = fs::read_to_string(index.path()).unwrap();
            fs::write(index.path(), text.replacen("index.html", "other.html", 1)).unwrap();
        }

        build(project, &out, &cache);
        let differing = differences(&sites(&out), &want);
        assert!(
            differing.is_empty(),
            "{}: a rebuild over a damaged cache or site:\n{}",
            production.display(),
            differing.join("\n")
        );
        // A page changed by hand with the index intact is rendered again too.
        fs::write(&home, "<p>changed by hand again</p>").unwrap();
        build(project, &out, &cache);
        assert_eq!(
            fs::read(&home).unwrap(),
            want[Path::new("public/index.html")],
            "{}",
            production.display()
        );
    }
}

/// A page of the site swapped for a link, or a folder of pages swapped for a link to a copy
/// elsewhere: nothing is ever read through the link into the site.
#[test]
fn a_page_swapped_for_a_link_is_never_read_through_it() {
    for production in common::productions() {
        let (copy, kept) = (
            common::unlocked_copy(&production),
            tempfile::tempdir().unwrap(),
        );
        let (project, (out, cache)) = (copy.path(), out_and_cache(&kept));
        // Two builds: the second leaves the first's site beside the live one as its spare.
        build(project, &out, &cache);
        build(project, &out, &cache);
        let want = sites(&out);
        let secret = kept.path().join("secret.html");
        fs::write(&secret, "SECRET of another folder").unwrap();

        // The home page, a link to a file elsewhere.
        let home = out.join("public/index.html");
        fs::remove_file(&home).unwrap();
        std::os::unix::fs::symlink(&secret, &home).unwrap();
        // A note's folder, a link to a folder elsewhere holding a page with the same length
        // and time, whose copy in the spare is gone.
        let note = note_folder(&out);
        let page = fs::read(note.join("index.html")).unwrap();
        let time = fs::metadata(note.join("index.html"))
            .unwrap()
            .modified()
            .unwrap();
        let elsewhere = kept.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        let mut forged = b"SECRET ".to_vec();
        forged.extend_from_slice(&page[7..]);
        fs::write(elsewhere.join("index.html"), &forged).unwrap();
        let file = fs::File::options()
            .write(true)
            .open(elsewhere.join("index.html"))
            .unwrap();
        file.set_modified(time).unwrap();
        drop(file);
        fs::remove_dir_all(&note).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &note).unwrap();
        let relative = note.strip_prefix(out.join("public")).unwrap();
        let spare = out.join(".public.clapboard-spare").join(relative);
        fs::remove_file(spare.join("index.html")).unwrap();

        let output = common::clapboard_command()
            .env("CLAPBOARD_CACHE", &cache)
            .args(["build", project.to_str().unwrap(), "--now", common::NOW])
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        if output.status.success() {
            let site = sites(&out);
            for (path, bytes) in &site {
                assert!(
                    !String::from_utf8_lossy(bytes).contains("SECRET"),
                    "{}: {} was read through a link",
                    production.display(),
                    path.display()
                );
            }
            let differing = differences(&site, &want);
            assert!(
                differing.is_empty(),
                "{}: {}",
                production.display(),
                differing.join("\n")
            );
        } else {
            // Refused, the live site left as it was: the build wrote nothing.
            let printed = String::from_utf8_lossy(&output.stderr);
            assert!(
                printed.contains("changed while the site was being built"),
                "{}: {printed}",
                production.display()
            );
            assert!(fs::symlink_metadata(&home).unwrap().is_symlink());
        }
    }
}
