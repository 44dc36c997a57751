//! The command line's own files: shell completions and manual pages name every command.

mod common;

use std::fs;

use common::*;

/// The subcommands `clapboard --help` lists.
fn subcommands() -> Vec<String> {
    let out = clapboard(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    let names: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .expect("the help lists commands")
        .lines()
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    for expected in [
        "build",
        "check",
        "serve",
        "schema",
        "new",
        "template",
        "completions",
        "man",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    names
}

#[test]
fn completions_name_every_command_in_every_shell() {
    let commands = subcommands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = clapboard(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = String::from_utf8_lossy(&out.stdout);
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell}: no `{command}`");
        }
        // Options of a command are completed too.
        assert!(script.contains("deny-warnings"), "{shell}");
    }
    let out = clapboard(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_manual_names_every_command_and_has_a_page_for_each() {
    let commands = subcommands();
    let out = clapboard(&["man"]);
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH clapboard 1"), "{page}");
    for command in &commands {
        assert!(
            page.contains(&format!("clapboard\\-{command}(1)")),
            "no `{command}` in the manual"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("man1");
    let out = clapboard(&["man", "--out", folder.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    for command in &commands {
        let text = fs::read_to_string(folder.join(format!("clapboard-{command}.1")))
            .unwrap_or_else(|_| panic!("no page for `{command}`"));
        assert!(
            text.contains(&format!(".TH clapboard-{command} 1")),
            "{text}"
        );
    }
    let build = fs::read_to_string(folder.join("clapboard-build.1")).unwrap();
    assert!(
        build.contains("deny\\-warnings"),
        "the build page has its options"
    );
}
