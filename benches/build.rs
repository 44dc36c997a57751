//! The build benchmark: generates productions of several sizes (journal notes with front
//! matter, headings, a list, a table and a code block each) and builds their public site with
//! the release binary, reporting wall time, pages per second and peak memory; and, where
//! Debian's `hugo` is installed, Hugo building the same notes, timed the same way.
//!
//! ```sh
//! cargo bench --bench build                                  # 200, 2,000 and 20,000 notes
//! cargo bench --bench build -- --sizes 2000 --runs 10 --work /dev/shm/clapboard-bench
//! ```
//!
//! Each tool runs once to warm the file cache, then `--runs` times (5 by default); the table
//! gives the median, the fastest and the slowest run, and the highest peak resident memory
//! (from `wait4`). Rebuilds write over the previous output, as a user's rebuild does.

#[path = "support/generator.rs"]
mod generator;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Settings {
    sizes: Vec<usize>,
    runs: usize,
    work: PathBuf,
}

fn settings() -> Settings {
    let mut settings = Settings {
        sizes: vec![200, 2000, 20_000],
        runs: 5,
        work: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench"),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--sizes" => {
                settings.sizes = value
                    .split(',')
                    .map(|s| s.trim().parse().expect("--sizes takes numbers: 200,2000"))
                    .collect();
            }
            "--runs" => settings.runs = value.parse().expect("--runs takes a number"),
            "--work" => settings.work = PathBuf::from(value),
            // cargo bench passes `--bench`; it needs no value.
            "--bench" => {
                i += 1;
                continue;
            }
            other => panic!("unknown option {other}; see benches/build.rs"),
        }
        i += 2;
    }
    settings
}

/// One run's wall time and peak resident memory.
struct Run {
    wall: Duration,
    peak_kib: i64,
}

/// Runs `command` to its end, measuring it; panics if it fails.
// The child is reaped by `wait4`, which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn measure(command: &mut Command) -> Run {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; the pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert_eq!(waited, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed: run it by hand to see why"
    );
    Run {
        wall,
        peak_kib: usage.ru_maxrss,
    }
}

fn pages_in(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

fn report(notes: usize, tool: &str, runs: &[Run], pages: usize) {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    let median = walls[walls.len() / 2];
    let peak = runs.iter().map(|r| r.peak_kib).max().unwrap_or(0) as f64 / 1024.0;
    println!(
        "{notes:>7}  {tool:<14} {:>8.3} s {:>8.3} s {:>8.3} s {pages:>7} {:>10.0} {peak:>9.1}",
        median.as_secs_f64(),
        walls[0].as_secs_f64(),
        walls[walls.len() - 1].as_secs_f64(),
        pages as f64 / median.as_secs_f64(),
    );
}

fn hugo_version() -> Option<String> {
    let out = Command::new("hugo").arg("version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text
        .split_whitespace()
        .nth(1)?
        .split('+')
        .next()?
        .to_string();
    Some(format!("hugo {version}"))
}

fn main() {
    let settings = settings();
    let clapboard = env!("CARGO_BIN_EXE_clapboard");
    let hugo = hugo_version();
    if hugo.is_none() {
        eprintln!("hugo is not installed (apt-get install hugo): timing clapboard alone");
    }
    std::fs::create_dir_all(&settings.work).unwrap();
    println!(
        "work folder {}; {} runs each after one warm-up; {} cores",
        settings.work.display(),
        settings.runs,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>7}  {:<14} {:>10} {:>10} {:>10} {:>7} {:>10} {:>9}",
        "notes", "tool", "median", "fastest", "slowest", "pages", "pages/s", "peak MiB"
    );
    for &notes in &settings.sizes {
        let production = settings.work.join(format!("notes-{notes}"));
        let hugo_site = settings.work.join(format!("hugo-{notes}"));
        if !production.join("clapboard.yaml").is_file() {
            generator::generate(&generator::Options {
                notes,
                shots: 300,
                days: 10,
                seed: 7,
                out: production.clone(),
                hugo: Some(hugo_site.clone()),
            });
        }
        let out = settings.work.join(format!("out-{notes}"));
        let mut build = Command::new(clapboard);
        build
            .arg("build")
            .arg(&production)
            .args(["--audience", "public", "--now", "2026-11-23T12:00", "--out"])
            .arg(&out);
        measure(&mut build);
        let runs: Vec<Run> = (0..settings.runs).map(|_| measure(&mut build)).collect();
        report(notes, "clapboard", &runs, pages_in(&out.join("public")));

        if let Some(version) = &hugo {
            let hugo_out = settings.work.join(format!("hugo-out-{notes}"));
            let mut build = Command::new("hugo");
            build
                .args(["--quiet", "--source"])
                .arg(&hugo_site)
                .arg("--destination")
                .arg(&hugo_out);
            measure(&mut build);
            let runs: Vec<Run> = (0..settings.runs).map(|_| measure(&mut build)).collect();
            report(notes, version, &runs, pages_in(&hugo_out));
        }
    }
}
