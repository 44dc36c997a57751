//! Embeds the default theme, the example project and the blank production into the binary, so
//! that one file is the whole program. Build output (`dist/`) is never embedded, nor the blank's
//! `schemas/`, which `clapboard new` writes fresh from the model.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn collect(root: &Path, dir: &Path, skip_top: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let top_level = dir == root;
        if name.starts_with('.') || (top_level && skip_top.contains(&name.as_str())) {
            continue;
        }
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            collect(root, &path, skip_top, out);
        } else if file_type.is_file() {
            out.push(path);
        }
    }
}

fn embed(name: &str, root: &Path, skip_top: &[&str], code: &mut String) {
    let mut files = Vec::new();
    collect(root, root, skip_top, &mut files);
    // A folder is watched whole (cargo scans it), so the root is watched only when nothing in
    // it is skipped: a build writing `example-project/dist/` must not make clapboard compile
    // again. Otherwise each folder at its top is watched, besides each file.
    if skip_top.is_empty() {
        println!("cargo:rerun-if-changed={}", root.display());
    } else if let Ok(entries) = fs::read_dir(root) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !skip_top.contains(&name.as_str()) {
                println!("cargo:rerun-if-changed={}", entry.path().display());
            }
        }
    }
    writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({relative:?}, include_bytes!({:?})),",
            file.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    embed(
        "THEME_FILES",
        &manifest.join("themes/default"),
        &[],
        &mut code,
    );
    embed(
        "EXAMPLE_FILES",
        &manifest.join("example-project"),
        &["dist", "target"],
        &mut code,
    );
    embed(
        "BLANK_FILES",
        &manifest.join("templates/blank"),
        &["dist", "target", "schemas"],
        &mut code,
    );
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(out, code).unwrap();
}
