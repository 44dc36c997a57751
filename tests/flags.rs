//! The options people reach for in their first ten minutes: `--drafts` to preview a draft,
//! `--base-url` for a staging deploy, and `--color`, `-q` and `-v` for what is printed. Each
//! runs on every production in the repository.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Builds `project` with the test clock and `extra` options.
fn build_with(project: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", project.to_str().unwrap(), "--now", NOW];
    args.extend(extra);
    clapboard(&args)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn drafts_are_published_only_when_asked_and_say_so() {
    for production in productions() {
        let name = production.display().to_string();
        let copy = unlocked_copy(&production);
        let marker = "PREVIEW-MARKER-7741";
        let slug = documents::write_draft(copy.path(), marker);
        let dist = build(copy.path());
        let found = mentions(&dist, &[marker.to_string()]);
        assert!(found.is_empty(), "{name}: a draft was published: {found:?}");

        let out = build_with(copy.path(), &["--drafts"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("drafts are published"),
            "{name}: the build does not say it is a preview: {}",
            stderr(&out)
        );
        let public = dist.join("public");
        let base = base_path(copy.path(), "public");
        let page = html(&public, &format!("journal/{slug}/index.html"));
        assert!(
            text_of(&page, "h1").contains(marker),
            "{name}: the draft's page lacks its title"
        );
        assert!(
            text_of(&page, "h1 .badge-draft").contains("Draft"),
            "{name}: the draft's page does not say it is a draft"
        );
        let index = html(&public, "journal/index.html");
        let listed = hrefs(&index, "h2 a")
            .iter()
            .any(|href| href == &format!("{base}/journal/{slug}/"));
        assert!(listed, "{name}: the journal does not list the draft");
        assert!(
            text_of(&index, ".badge-draft").contains("Draft"),
            "{name}: the journal does not mark the draft"
        );
    }
}

/// Where `audience`'s site lives according to clapboard.yaml alone.
fn configured_base(project: &Path, audience: &str) -> Option<String> {
    let config = yaml(&project.join("clapboard.yaml"));
    config["audiences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == audience)
        .and_then(|a| a["base_url"].as_str())
        .map(str::to_string)
}

#[test]
fn base_url_moves_every_address_and_one_audience_s_on_its_own() {
    let staging = "https://staging.example.net/preview/";
    let crew_staging = "https://crew-staging.example.net/call/";
    for production in productions() {
        let name = production.display().to_string();
        let copy = unlocked_copy(&production);
        let config_before = fs::read(copy.path().join("clapboard.yaml")).unwrap();
        let audiences: Vec<String> = yaml(&copy.path().join("clapboard.yaml"))["audiences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect();
        let before: Vec<(String, String)> = audiences
            .iter()
            .map(|a| (a.clone(), base_url(copy.path(), a)))
            .collect();
        let crew = format!("crew={crew_staging}");
        let out = build_with(copy.path(), &["--base-url", staging, "--base-url", &crew]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        for audience in &audiences {
            let expected = if audience == "crew" {
                crew_staging.to_string()
            } else {
                configured_base(copy.path(), audience).unwrap_or_else(|| staging.to_string())
            };
            let found = addresses_in(&copy.path().join("dist").join(audience));
            assert!(
                found.iter().any(|(_, url)| url.starts_with(&expected)),
                "{name}: the {audience} site never names {expected}"
            );
            // No address is left pointing where the site used to live, unless it still lives
            // there.
            let (_, old) = before.iter().find(|(a, _)| a == audience).unwrap();
            if *old != expected {
                let stale: Vec<_> = found
                    .iter()
                    .filter(|(_, url)| url.starts_with(old.as_str()))
                    .collect();
                assert!(
                    stale.is_empty(),
                    "{name}: the {audience} site still points at {old}: {stale:?}"
                );
            }
        }
        assert_eq!(
            fs::read(copy.path().join("clapboard.yaml")).unwrap(),
            config_before,
            "{name}: --base-url changed clapboard.yaml"
        );

        let out = build_with(copy.path(), &["--base-url", "cerw=https://x.example/"]);
        assert_eq!(out.status.code(), Some(1), "{name}: an unknown audience");
        assert!(
            stderr(&out).contains("no audience `cerw`") && stderr(&out).contains("crew"),
            "{name}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn color_quiet_and_verbose_change_only_what_is_printed() {
    for production in productions() {
        let name = production.display().to_string();
        // Its locked audiences have no password here: the build skips them with a warning.
        let copy = protected_copy(&production);
        let dir = copy.path().to_str().unwrap();
        let plain = build_with(copy.path(), &[]);
        assert!(plain.status.success(), "{name}: {}", stderr(&plain));
        assert!(stderr(&plain).contains("warning"), "{name}: no warning");
        assert!(
            !stderr(&plain).contains('\u{1b}'),
            "{name}: colour on a pipe"
        );
        assert!(stdout(&plain).contains("built the public site"), "{name}");

        let coloured = build_with(copy.path(), &["--color", "always"]);
        assert!(
            stderr(&coloured).contains("\u{1b}["),
            "{name}: --color always printed no colour"
        );
        let never = clapboard_command()
            .args(["--color", "never", "check", dir])
            .env("CLICOLOR_FORCE", "1")
            .output()
            .unwrap();
        assert!(!stderr(&never).contains('\u{1b}'), "{name}: --color never");

        let quiet = build_with(copy.path(), &["-q"]);
        assert!(quiet.status.success(), "{name}");
        assert_eq!(stdout(&quiet), "", "{name}: -q printed progress");
        assert_eq!(stderr(&quiet), "", "{name}: -q printed warnings");

        let verbose = build_with(copy.path(), &["-v"]);
        assert!(
            stdout(&verbose).contains("render") && stdout(&verbose).contains("total"),
            "{name}: -v printed no timings: {}",
            stdout(&verbose)
        );
        let both = clapboard(&["build", dir, "-q", "-v"]);
        assert_eq!(both.status.code(), Some(2), "{name}: -q with -v");

        // Errors are printed even when quiet.
        fs::write(copy.path().join("shots.yaml"), "scenes: [\n").unwrap();
        let broken = clapboard(&["check", dir, "-q"]);
        assert_eq!(broken.status.code(), Some(1), "{name}");
        assert!(stderr(&broken).contains("error"), "{name}: -q hid an error");
    }
}
