//! Fault injection on every production of the repository: builds killed at each step of the
//! write stage and at random moments, builds run side by side, a full disk, links swapped in
//! while a build runs, a folder that is not clapboard's (`--force`), and a corrupted cache.
//! After each, the site is the old one or the new one, whole, with the owner's files kept, and
//! nothing from outside the project is published. Every loop is bounded in count and time.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{NOW, clapboard_command, productions, snapshot, unlocked_copy};

/// The steps of the write stage a build can be stopped at (see `write::pause`), in order.
const STEPS: [&str; 5] = ["locked", "staging", "staged", "exchanged", "recorded"];

/// A file the owner of the site keeps in it, which no build may lose.
const OWNER_FILE: (&str, &str) = ("CNAME", "video.example.com\n");

/// The folder name of a production, for messages.
fn name_of(production: &Path) -> String {
    production
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Starts a build of `project`'s public site into `out`, stopped at `step` if one is given.
fn start_build(project: &Path, out: &Path, step: Option<&str>) -> Child {
    let mut command = clapboard_command();
    command
        .args(["build", project.to_str().unwrap(), "--now", NOW])
        .args(["--audience", "public", "--out", out.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(step) = step {
        command.env("CLAPBOARD_TEST_PAUSE", step);
    }
    command.spawn().expect("the clapboard binary starts")
}

fn build_ok(project: &Path, out: &Path) {
    let output = start_build(project, out, None).wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Waits until the build says it has stopped at `step`, then kills it.
fn kill_at(mut child: Child, step: &str) {
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("paused at") {
                let _ = sender.send(line);
                return;
            }
        }
    });
    let line = receiver.recv_timeout(Duration::from_secs(120));
    child.kill().unwrap();
    child.wait().unwrap();
    let line = line.unwrap_or_else(|_| panic!("the build never reached {step}"));
    assert!(line.ends_with(step), "{line}");
}

/// Adds a paragraph to the production's first journal note, which changes its page.
fn edit_a_note(project: &Path, text: &str) {
    let note = &common::first_note(project);
    let mut body = fs::read_to_string(note).unwrap();
    if let Some(at) = body.find("\nFault line") {
        body.truncate(at);
    }
    body.push_str(&format!("\nFault line {text}.\n"));
    fs::write(note, body).unwrap();
}

/// What a site must be after a fault: one of the whole versions, with the owner's file.
fn assert_whole(site: &Path, versions: &[&BTreeMap<PathBuf, Vec<u8>>], context: &str) {
    let now = snapshot(site);
    assert_eq!(
        now.get(Path::new(OWNER_FILE.0)).map(Vec::as_slice),
        Some(OWNER_FILE.1.as_bytes()),
        "{context}: the owner's file is gone"
    );
    if !versions.iter().any(|v| **v == now) {
        let differing: Vec<_> = now
            .keys()
            .chain(versions[0].keys())
            .filter(|k| versions.iter().all(|v| v.get(*k) != now.get(*k)))
            .take(5)
            .collect();
        panic!("{context}: the site is neither the old one nor the new one: {differing:?}");
    }
}

/// Folders or records of builds that did not finish, left beside the sites.
fn leftovers(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for dir in [out.to_path_buf(), out.join(".clapboard")] {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.contains("clapboard-new-")
                || name.contains("clapboard-old-")
                || name.contains(".new-")
                || name.ends_with(".clapboard-tmp")
            {
                found.push(name);
            }
        }
    }
    found
}

/// The site as built whole from `project` as it is now, into a folder of its own.
fn expected(project: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    build_ok(project, out.path());
    let mut files = snapshot(&out.path().join("public"));
    files.insert(OWNER_FILE.0.into(), OWNER_FILE.1.as_bytes().to_vec());
    files
}

/// A small random number generator, seeded and printed, so a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn new() -> Dice {
        let seed = std::env::var("CLAPBOARD_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("fault seed: {seed} (CLAPBOARD_FAULT_SEED replays it)");
        Dice(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn a_build_killed_at_any_step_leaves_the_old_site_or_the_new_one() {
    for production in productions() {
        let name = name_of(&production);
        let project = unlocked_copy(&production);
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("public");
        edit_a_note(project.path(), "one");
        let old = expected(project.path());
        build_ok(project.path(), out.path());
        fs::write(site.join(OWNER_FILE.0), OWNER_FILE.1).unwrap();
        edit_a_note(project.path(), "two");
        let new = expected(project.path());
        assert_ne!(old, new, "{name}: the edit changes the site");

        for (i, step) in STEPS.iter().enumerate() {
            // From the third build on, the spare is taken and brought up to date.
            for round in 0..2 {
                edit_a_note(project.path(), "two");
                kill_at(start_build(project.path(), out.path(), Some(step)), step);
                let context = format!("{name}: killed at {step} (round {round})");
                let want = if i < 3 { &old } else { &new };
                assert_whole(&site, &[want], &context);
                // The next build's recovery, killed half way, is recovered in turn.
                kill_at(
                    start_build(project.path(), out.path(), Some("recovering")),
                    "recovering",
                );
                assert_whole(&site, &[want], &format!("{context}, recovery killed"));
                build_ok(project.path(), out.path());
                assert_whole(&site, &[&new], &format!("{context}, then built"));
                assert_eq!(leftovers(out.path()), Vec::<String>::new(), "{context}");
                edit_a_note(project.path(), "one");
                build_ok(project.path(), out.path());
                assert_whole(&site, &[&old], &format!("{context}, then built back"));
            }
        }

        // Killed at moments nobody chose: the site is always one of the two, whole.
        let mut dice = Dice::new();
        let started = Instant::now();
        build_ok(project.path(), out.path());
        let build_time = started.elapsed().as_millis() as u64;
        let mut version = "one";
        for round in 0..12 {
            version = if version == "one" { "two" } else { "one" };
            edit_a_note(project.path(), version);
            let mut child = start_build(project.path(), out.path(), None);
            std::thread::sleep(Duration::from_millis(dice.below(build_time + 20)));
            let _ = child.kill();
            child.wait().unwrap();
            assert_whole(
                &site,
                &[&old, &new],
                &format!("{name}: random kill {round}"),
            );
        }
        build_ok(project.path(), out.path());
        let last = if version == "one" { &old } else { &new };
        assert_whole(&site, &[last], &format!("{name}: after random kills"));
        assert_eq!(leftovers(out.path()), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn builds_side_by_side_wait_for_each_other() {
    for production in productions() {
        let name = name_of(&production);
        let project = unlocked_copy(&production);
        let out = tempfile::tempdir().unwrap();
        build_ok(project.path(), out.path());
        fs::write(out.path().join("public").join(OWNER_FILE.0), OWNER_FILE.1).unwrap();
        let want = expected(project.path());
        for round in 0..3 {
            let children: Vec<Child> = (0..3)
                .map(|_| start_build(project.path(), out.path(), None))
                .collect();
            for child in children {
                let output = child.wait_with_output().unwrap();
                assert!(
                    output.status.success(),
                    "{name} round {round}: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            assert_whole(&out.path().join("public"), &[&want], &name);
            assert_eq!(leftovers(out.path()), Vec::<String>::new(), "{name}");
        }
    }
}

/// A tmpfs of `kib` KiB mounted at `at`, unmounted when dropped; `None` where the test may not
/// mount one (not root, or in a container without the right).
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path, kib: u64) -> Option<SmallDisk> {
        fs::create_dir_all(at).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| SmallDisk(at.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_the_build_and_keeps_the_old_site() {
    for production in productions() {
        let name = name_of(&production);
        let project = unlocked_copy(&production);
        let size: u64 = expected(project.path())
            .values()
            .map(|v| v.len() as u64)
            .sum();
        let kib = size * 3 / 1024 + 512;
        let scratch = tempfile::tempdir().unwrap();
        let Some(disk) = SmallDisk::mount(&scratch.path().join("disk"), kib) else {
            eprintln!(
                "SKIPPED: a_full_disk_fails_the_build_and_keeps_the_old_site cannot mount a tmpfs here (it needs root)"
            );
            assert!(
                std::env::var("CI").is_err(),
                "under CI the full-disk test must run: mount a tmpfs as root"
            );
            return;
        };
        let out = disk.0.clone();
        build_ok(project.path(), &out);
        fs::write(out.join("public").join(OWNER_FILE.0), OWNER_FILE.1).unwrap();
        let old = snapshot(&out.join("public"));
        // A static file larger than the disk has room for beside the live site.
        fs::create_dir_all(project.path().join("static")).unwrap();
        let big: Vec<u8> = (0..size * 2 + 1024 * 1024)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        fs::write(project.path().join("static/trailer.bin"), big).unwrap();
        let output = start_build(project.path(), &out, None)
            .wait_with_output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("space"), "{name}: {stderr}");
        assert!(stderr.contains("disk is not full"), "{name}: {stderr}");
        assert_eq!(
            snapshot(&out.join("public")),
            old,
            "{name}: the old site stays"
        );
        assert_eq!(leftovers(&out), Vec::<String>::new(), "{name}");
        fs::remove_file(project.path().join("static/trailer.bin")).unwrap();
        build_ok(project.path(), &out);
        assert_eq!(
            snapshot(&out.join("public")),
            old,
            "{name}: and builds again"
        );
    }
}

/// Pages are written as they are rendered, so a page that fails to render comes after others
/// were written: the live site stays as it was, nothing staged is left behind, and a folder
/// that is not clapboard's (`--force`) gets none of the new pages.
#[test]
fn a_page_that_fails_to_render_leaves_the_site_as_it_was() {
    for production in productions() {
        let name = name_of(&production);
        let project = unlocked_copy(&production);
        let out = tempfile::tempdir().unwrap();
        build_ok(project.path(), out.path());
        let site = out.path().join("public");
        fs::write(site.join(OWNER_FILE.0), OWNER_FILE.1).unwrap();
        let old = snapshot(&site);
        // The owner's folder, written in place.
        let owners = tempfile::tempdir().unwrap();
        let in_place = owners.path().join("public");
        fs::create_dir_all(&in_place).unwrap();
        fs::write(in_place.join(OWNER_FILE.0), OWNER_FILE.1).unwrap();

        // Every other page renders; each journal note's page fails.
        edit_a_note(project.path(), "a change the failed build never publishes");
        let templates = project.path().join("templates");
        fs::create_dir_all(&templates).unwrap();
        fs::write(
            templates.join("journal-note.html"),
            "{% extends \"base.html\" %}{% block content %}{{ page.no_such_field.at_all }}{% endblock %}",
        )
        .unwrap();
        for (dir, force) in [(out.path(), false), (owners.path(), true)] {
            let mut command = clapboard_command();
            command
                .args(["build", project.path().to_str().unwrap(), "--now", NOW])
                .args(["--audience", "public", "--out", dir.to_str().unwrap()]);
            if force {
                command.arg("--force");
            }
            let output = command.output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
            assert!(stderr.contains("journal-note.html"), "{name}: {stderr}");
            assert_eq!(leftovers(dir), Vec::<String>::new(), "{name}");
        }
        assert_eq!(snapshot(&site), old, "{name}: the live site is as it was");
        let untouched: BTreeMap<PathBuf, Vec<u8>> =
            [(OWNER_FILE.0.into(), OWNER_FILE.1.as_bytes().to_vec())].into();
        assert_eq!(
            snapshot(&in_place),
            untouched,
            "{name}: the owner's folder got nothing"
        );

        fs::remove_file(templates.join("journal-note.html")).unwrap();
        build_ok(project.path(), out.path());
        assert_whole(&site, &[&expected(project.path())], &name);
    }
}

/// Every file under `dir` (sites, records and all) that holds `needle`.
fn holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            fs::read(e.path()).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// Replaces `path` (a file or a folder) with a symbolic link to `target`.
fn swap_for_link(path: &Path, target: &Path) {
    if path.is_dir() && !path.is_symlink() {
        fs::remove_dir_all(path).unwrap();
    } else {
        let _ = fs::remove_file(path);
    }
    std::os::unix::fs::symlink(target, path).unwrap();
}

#[test]
fn links_swapped_in_during_a_build_are_never_followed() {
    let outside = tempfile::tempdir().unwrap();
    let secret = b"CLAPBOARD-OUTSIDE-SECRET-7f3a";
    let mut svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><text>".to_vec();
    svg.extend_from_slice(secret);
    svg.extend_from_slice(b"</text></svg>\n");
    fs::write(outside.path().join("secret.svg"), &svg).unwrap();
    fs::create_dir_all(outside.path().join("folder")).unwrap();
    fs::write(outside.path().join("folder/notes.txt"), secret).unwrap();
    let mut dice = Dice::new();
    for production in productions() {
        let name = name_of(&production);
        let pristine = unlocked_copy(&production);
        fs::create_dir_all(pristine.path().join("static")).unwrap();
        fs::write(pristine.path().join("static/notes.txt"), "Our notes.\n").unwrap();
        let out = tempfile::tempdir().unwrap();
        build_ok(pristine.path(), out.path());
        // An image of the project the public site publishes at its own path, to swap for a
        // link.
        let image = snapshot(&out.path().join("public"))
            .into_keys()
            .map(|p| p.to_string_lossy().into_owned())
            .find(|p| {
                let image = [".svg", ".png", ".jpg", ".jpeg", ".webp"]
                    .iter()
                    .any(|e| p.ends_with(e));
                p.starts_with("assets/") && image && pristine.path().join(p).is_file()
            })
            .unwrap_or_else(|| panic!("{name}: the public site publishes a project image"));
        let started = Instant::now();
        build_ok(pristine.path(), out.path());
        let build_time = started.elapsed().as_millis() as u64;
        let swaps: [(&str, PathBuf); 4] = [
            ("static/notes.txt", outside.path().join("folder/notes.txt")),
            ("static", outside.path().join("folder")),
            (image.as_str(), outside.path().join("secret.svg")),
            ("assets", outside.path().to_path_buf()),
        ];
        for round in 0..16 {
            let (path, target) = &swaps[round % swaps.len()];
            let project = tempfile::tempdir().unwrap();
            copy_tree(pristine.path(), project.path());
            let mut child = start_build(project.path(), out.path(), None);
            std::thread::sleep(Duration::from_millis(dice.below(build_time + 10)));
            swap_for_link(&project.path().join(path), target);
            let _ = child.wait();
            let found = holding(out.path(), secret);
            assert!(
                found.is_empty(),
                "{name}: {path} swapped for a link, and the build published {found:?}"
            );
        }
        // Swapped before the build starts: refused with a clear message, nothing published.
        let project = tempfile::tempdir().unwrap();
        copy_tree(pristine.path(), project.path());
        swap_for_link(
            &project.path().join(&image),
            &outside.path().join("secret.svg"),
        );
        let output = start_build(project.path(), out.path(), None)
            .wait_with_output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("symbolic-link"), "{name}: {stderr}");
        assert!(holding(out.path(), secret).is_empty(), "{name}");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn force_writes_into_the_owner_s_folder_in_place() {
    for production in productions() {
        let name = name_of(&production);
        let project = unlocked_copy(&production);
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("public");
        fs::create_dir_all(site.join("drafts/empty")).unwrap();
        fs::write(site.join(OWNER_FILE.0), OWNER_FILE.1).unwrap();
        fs::set_permissions(&site, fs::Permissions::from_mode(0o700)).unwrap();
        let identity = fs::metadata(&site).unwrap().ino();

        let refused = start_build(project.path(), out.path(), None)
            .wait_with_output()
            .unwrap();
        assert_eq!(
            refused.status.code(),
            Some(1),
            "{name}: not without --force"
        );
        assert!(!site.join("index.html").exists(), "{name}");

        for round in 0..3 {
            let mut command = clapboard_command();
            command
                .args(["build", project.path().to_str().unwrap(), "--now", NOW])
                .args([
                    "--audience",
                    "public",
                    "--out",
                    out.path().to_str().unwrap(),
                ]);
            if round == 0 {
                command.arg("--force");
            }
            edit_a_note(project.path(), &format!("round {round}"));
            let output = command.output().unwrap();
            assert!(
                output.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let metadata = fs::metadata(&site).unwrap();
            assert_eq!(
                metadata.ino(),
                identity,
                "{name}: the folder is the owner's"
            );
            assert_eq!(
                metadata.mode() & 0o777,
                0o700,
                "{name}: its permissions stay"
            );
            assert!(
                site.join("drafts/empty").is_dir(),
                "{name}: empty folders stay"
            );
            assert_eq!(
                fs::read_to_string(site.join(OWNER_FILE.0)).unwrap(),
                OWNER_FILE.1
            );
            let mut want = expected(project.path());
            want.remove(Path::new(OWNER_FILE.0));
            let mut now = snapshot(&site);
            now.remove(Path::new(OWNER_FILE.0));
            assert_eq!(now, want, "{name}: round {round}, the site is whole");
        }
        assert_eq!(leftovers(out.path()), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn a_corrupted_or_planted_cache_entry_is_made_again_with_a_warning() {
    for production in productions() {
        let name = name_of(&production);
        let project = unlocked_copy(&production);
        let cache = tempfile::tempdir().unwrap();
        let build = |out: &Path| {
            let output = clapboard_command()
                .env("CLAPBOARD_CACHE", cache.path())
                .args(["build", project.path().to_str().unwrap(), "--now", NOW])
                .args(["--audience", "public", "--out", out.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(output.status.success(), "{name}");
            String::from_utf8_lossy(&output.stderr).into_owned()
        };
        let clean = tempfile::tempdir().unwrap();
        build(clean.path());
        let want = snapshot(&clean.path().join("public"));
        // The made files (image copies, the zip); the highlighted code and the page indexes
        // are tested in tests/incremental.rs.
        let mut entries: Vec<PathBuf> = walkdir::WalkDir::new(cache.path())
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter(|e| e.file_name() != "highlighted-code")
            .filter(|e| !e.path().starts_with(cache.path().join("pages")))
            .map(|e| e.path().to_path_buf())
            .collect();
        entries.sort();
        if entries.len() < 2 {
            eprintln!("{name}: publishes no image copies; nothing cached to corrupt");
            continue;
        }
        // One entry cut short, one replaced by a picture of someone else's.
        let cut = fs::read(&entries[0]).unwrap();
        fs::write(&entries[0], &cut[..cut.len() / 2]).unwrap();
        let planted = fs::read(&entries[1]).unwrap();
        let mut other = planted.clone();
        let last = other.len() - 1;
        other[last] ^= 0xff;
        fs::write(&entries[1], &other).unwrap();

        let out = tempfile::tempdir().unwrap();
        let stderr = build(out.path());
        assert_eq!(
            stderr.matches("bad-cache").count(),
            2,
            "{name}: a warning for each entry: {stderr}"
        );
        assert_eq!(snapshot(&out.path().join("public")), want, "{name}");
        assert_eq!(
            fs::read(&entries[1]).unwrap(),
            planted,
            "{name}: made again"
        );
        let again = build(out.path());
        assert!(!again.contains("bad-cache"), "{name}: {again}");
    }
}
