//! Writes a large production for benchmarks: N journal notes (each with front matter, headings,
//! a list, a table and a fenced code block) and M shots, storyboard panels and shoot days.
//! The same seed gives the same production, byte for byte.
//!
//! ```sh
//! cargo run --release --example generate -- --notes 2000 --shots 300 --out /tmp/big
//! cargo run --release --example generate -- --notes 2000 --out /tmp/big --hugo /tmp/big-hugo
//! ```
//!
//! `--hugo <dir>` also writes the same notes as a Hugo site, for side-by-side timing.

#[path = "../benches/support/generator.rs"]
mod generator;

use std::path::PathBuf;

use generator::Options;

fn options() -> Options {
    let mut options = Options {
        notes: 2000,
        shots: 200,
        days: 10,
        seed: 7,
        out: PathBuf::from("generated-production"),
        hugo: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        let number = |name: &str| {
            value
                .parse()
                .unwrap_or_else(|_| usage(&format!("{name} takes a number, not `{value}`")))
        };
        match args[i].as_str() {
            "--notes" => options.notes = number("--notes"),
            "--shots" => options.shots = number("--shots"),
            "--days" => options.days = number("--days"),
            "--seed" => options.seed = number("--seed") as u64,
            "--out" => options.out = PathBuf::from(value),
            "--hugo" => options.hugo = Some(PathBuf::from(value)),
            "--help" | "-h" => usage(""),
            other => usage(&format!("unknown option `{other}`")),
        }
        i += 2;
    }
    options
}

/// Prints how to call the generator (after `problem`, if any) and exits.
fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!(
        "usage: generate [--notes N] [--shots N] [--days N] [--seed N] [--out DIR] [--hugo DIR]"
    );
    std::process::exit(if problem.is_empty() { 0 } else { 2 });
}

fn main() {
    let options = options();
    generator::generate(&options);
    println!(
        "wrote {} notes, {} shots and {} shoot days into {}",
        options.notes,
        options.shots,
        options.days,
        options.out.display()
    );
}
