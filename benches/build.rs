//! The build benchmark: generates productions of several sizes (journal notes with front
//! matter, headings, a list, a table and a code block each) and, for each size, times with the
//! release binary:
//!
//! - **full build (cold)**: the public site built into an output folder and a build cache
//!   (`CLAPBOARD_CACHE`, a folder of the benchmark's own) that are both removed before each
//!   run; the file cache is warm (one unmeasured build comes first);
//! - **rebuild, nothing changed**: building again over the previous output and cache;
//! - **rebuild, one note changed**: a line appended to one note's body before each build;
//! - **serve, one note saved**: `clapboard serve <dir> --port 0 --audience public`, with one
//!   page listening to `/__clapboard/events`; one note saved `--saves` times, 100 ms apart,
//!   each timed from the write to the `event: reload` line (benches/support/reload.rs, shared
//!   with examples/reload_latency.rs). The server's store (`TMPDIR`) is in the work folder;
//! - **hugo full build**, where Debian's `hugo` is installed: the same notes as a Hugo site,
//!   its output folder removed before each run, after one unmeasured run;
//!
//! and the ratios of the cold build and the one-note rebuild to Hugo's full build.
//!
//! ```sh
//! cargo bench --bench build                                  # 200, 2,000 and 20,000 notes
//! cargo bench --bench build -- --sizes 200,2000 --runs 5 --work /dev/shm/clapboard-bench
//! ```
//!
//! Options:
//!
//! - `--sizes 200,2000`: the numbers of notes (200, 2,000 and 20,000 by default);
//! - `--runs N`: measured builds of each kind (5 by default);
//! - `--saves N`: measured saves under `clapboard serve` (15 by default);
//! - `--work DIR`: where productions, outputs and caches go (`$CARGO_TARGET_TMPDIR/bench` by
//!   default). A folder in memory, such as `/dev/shm/clapboard-bench`, keeps the disk out of
//!   the figures. Generated productions are kept there and reused by later runs;
//! - `--no-serve`, `--no-hugo`: leave out the dev server or Hugo.
//!
//! For each size the report gives each measurement's median, fastest and slowest time, its
//! peak resident memory (the highest `ru_maxrss` from `wait4` over a build kind's runs; the
//! server's `VmHWM` from /proc just before it is stopped), and where a target is set for that
//! size, the target and whether the median (or peak) `meets` or `misses` it:
//!
//! - serve, one note saved: ≤ 50 ms at 2,000 notes, ≤ 80 ms at 20,000;
//! - rebuild, one note changed: ≤ 0.15 s at 2,000 notes;
//! - full build (cold) / Hugo's full build: ≤ 0.20 at 2,000 notes;
//! - peak memory of every clapboard build and of the server: ≤ 300 MiB at 20,000 notes.
//!
//! The last line counts the targets met and names those missed.

#[path = "support/generator.rs"]
mod generator;
#[path = "support/reload.rs"]
mod reload;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reload::{Server, Spread};

/// The environment variable naming the build cache's folder (clapboard's `CACHE_VARIABLE`).
const CACHE_VARIABLE: &str = "CLAPBOARD_CACHE";
/// What the benchmark appends to a note; a production left with it by an interrupted run is
/// cut back at it.
const EDIT_MARK: &str = "\nBenchmark edit ";

struct Settings {
    sizes: Vec<usize>,
    runs: usize,
    saves: usize,
    work: PathBuf,
    serve: bool,
    hugo: bool,
}

fn settings() -> Settings {
    let mut settings = Settings {
        sizes: vec![200, 2000, 20_000],
        runs: 5,
        saves: 15,
        work: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench"),
        serve: true,
        hugo: true,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        let number = |name: &str| -> usize {
            match value.parse() {
                Ok(n) if n > 0 => n,
                _ => panic!("{name} takes a number above 0, not `{value}`"),
            }
        };
        match args[i].as_str() {
            "--sizes" => {
                settings.sizes = value
                    .split(',')
                    .map(|s| s.trim().parse().expect("--sizes takes numbers: 200,2000"))
                    .collect();
            }
            "--runs" => settings.runs = number("--runs"),
            "--saves" => settings.saves = number("--saves"),
            "--work" => settings.work = PathBuf::from(value),
            // Flags without a value; cargo bench passes `--bench`.
            flag @ ("--no-serve" | "--no-hugo" | "--bench") => {
                settings.serve &= flag != "--no-serve";
                settings.hugo &= flag != "--no-hugo";
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

/// Removes `dir` and everything in it, if it is there.
fn remove(dir: &Path) {
    match fs::remove_dir_all(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => panic!("cannot remove {}: {e}", dir.display()),
    }
}

fn pages_in(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
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

/// 20000 as `20,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut text = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// A time in milliseconds under a second, in seconds from there.
fn show(time: Duration) -> String {
    if time < Duration::from_secs(1) {
        format!("{:.1} ms", time.as_secs_f64() * 1000.0)
    } else {
        format!("{:.3} s", time.as_secs_f64())
    }
}

/// A target: what it is, and whether the figure meets it.
struct Verdict {
    target: String,
    meets: bool,
}

impl Verdict {
    fn text(&self) -> String {
        let word = if self.meets { "meets" } else { "misses" };
        format!("{}: {word}", self.target)
    }
}

/// The targets met and missed so far.
#[derive(Default)]
struct Tally {
    met: usize,
    missed: Vec<String>,
}

impl Tally {
    fn count(&mut self, notes: usize, what: &str, verdicts: &[Verdict]) {
        for verdict in verdicts {
            if verdict.meets {
                self.met += 1;
            } else {
                self.missed.push(format!(
                    "{what} at {} notes ({})",
                    thousands(notes),
                    verdict.target
                ));
            }
        }
    }
}

/// The target for a time, where one is set for this measurement at this size.
fn time_target(notes: usize, what: Kind, median: Duration) -> Option<Verdict> {
    let (limit, target) = match (what, notes) {
        (Kind::Saved, 2000) => (Duration::from_millis(50), "≤ 50 ms"),
        (Kind::Saved, 20_000) => (Duration::from_millis(80), "≤ 80 ms"),
        (Kind::OneNote, 2000) => (Duration::from_millis(150), "≤ 0.15 s"),
        _ => return None,
    };
    Some(Verdict {
        target: target.to_string(),
        meets: median <= limit,
    })
}

/// The target for clapboard's peak memory, where one is set at this size.
fn memory_target(notes: usize, peak_mib: f64) -> Option<Verdict> {
    (notes == 20_000).then(|| Verdict {
        target: "≤ 300 MiB".to_string(),
        meets: peak_mib <= 300.0,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Cold,
    Unchanged,
    OneNote,
    Saved,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Cold => "full build (cold)",
            Kind::Unchanged => "rebuild, nothing changed",
            Kind::OneNote => "rebuild, one note changed",
            Kind::Saved => "serve, one note saved",
        }
    }
}

/// Prints one measurement's line, and counts its targets.
fn row(
    notes: usize,
    what: &str,
    times: &Spread,
    peak_mib: Option<f64>,
    verdicts: Vec<Verdict>,
    tally: &mut Tally,
) {
    let peak = peak_mib.map_or_else(|| "-".to_string(), |mib| format!("{mib:.1}"));
    let targets: Vec<String> = verdicts.iter().map(Verdict::text).collect();
    let line = format!(
        "  {what:<27} {:>10} {:>10} {:>10} {:>5} {peak:>9}  {}",
        show(times.median),
        show(times.fastest),
        show(times.slowest),
        times.count,
        targets.join("; ")
    );
    println!("{}", line.trim_end());
    tally.count(notes, what, &verdicts);
}

/// Prints a ratio of medians, in the median's column.
fn ratio_row(what: &str, ratio: f64, verdicts: &[Verdict]) {
    let targets: Vec<String> = verdicts.iter().map(Verdict::text).collect();
    let ratio = format!("{ratio:.2}×");
    let line = format!("  {what:<27} {ratio:>10}{:38}  {}", "", targets.join("; "));
    println!("{}", line.trim_end());
}

/// A build kind's times and its highest peak memory, in MiB.
fn summary(runs: &[Run]) -> (Spread, f64) {
    let walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    let peak = runs.iter().map(|r| r.peak_kib).max().unwrap_or(0) as f64 / 1024.0;
    (Spread::of(&walls), peak)
}

/// Prints clapboard's line for a build kind.
fn build_row(notes: usize, kind: Kind, runs: &[Run], tally: &mut Tally) -> Duration {
    let (spread, peak) = summary(runs);
    let mut verdicts: Vec<Verdict> = time_target(notes, kind, spread.median)
        .into_iter()
        .collect();
    verdicts.extend(memory_target(notes, peak));
    let median = spread.median;
    row(notes, kind.label(), &spread, Some(peak), verdicts, tally);
    median
}

/// `note` with whatever the benchmark appended to it cut off.
fn restore(note: &Path) -> String {
    let text = fs::read_to_string(note).unwrap();
    let original = match text.find(EDIT_MARK) {
        Some(at) => text[..at].to_string(),
        None => text.clone(),
    };
    if original != text {
        fs::write(note, &original).unwrap();
    }
    original
}

/// Appends one line to `note`'s body.
fn append_line(note: &Path, n: usize) {
    let mut file = fs::OpenOptions::new().append(true).open(note).unwrap();
    writeln!(file, "{EDIT_MARK}{n}.").unwrap();
}

/// What `clapboard serve` measured.
struct Saves {
    times: Vec<Duration>,
    /// The server's peak memory, in MiB.
    peak_mib: Option<f64>,
    /// The time of the server's first build, as it printed it ("1234 ms").
    first_build: Option<String>,
}

/// Times saves of `note` under `clapboard serve`.
fn serve_saves(
    clapboard: &Path,
    production: &Path,
    cache: &Path,
    note: &Path,
    saves: usize,
) -> Saves {
    remove(cache);
    let original = restore(note);
    // The server keeps its files in a store in the temporary folder: it goes in the work
    // folder too, on the same disk as the builds' output.
    let temporary = cache.with_extension("tmp");
    fs::create_dir_all(&temporary).expect("a temporary folder for the server");
    let envs = [(CACHE_VARIABLE, cache), ("TMPDIR", temporary.as_path())];
    let mut server = Server::start(clapboard, production, &envs);
    let first_build = server.banner.iter().find_map(|line| {
        let after = &line[line.find("(built in ")? + "(built in ".len()..];
        Some(after[..after.find(')')?].to_string())
    });
    // One unmeasured save first, as the builds have their warm-up.
    server.timed_save(note, &format!("{original}{EDIT_MARK}warm-up.\n"));
    std::thread::sleep(Duration::from_millis(100));
    let mut times = Vec::new();
    for i in 0..saves {
        times.push(server.timed_save(note, &format!("{original}{EDIT_MARK}{i}.\n")));
        std::thread::sleep(Duration::from_millis(100));
    }
    // Putting the note back is a change too; its reload is not counted.
    server.timed_save(note, &original);
    let peak_mib = server.peak_kib().map(|kib| kib as f64 / 1024.0);
    drop(server);
    Saves {
        times,
        peak_mib,
        first_build,
    }
}

fn main() {
    let settings = settings();
    let clapboard = Path::new(env!("CARGO_BIN_EXE_clapboard"));
    let hugo = if settings.hugo {
        let version = hugo_version();
        if version.is_none() {
            eprintln!("hugo is not installed (apt-get install hugo): timing clapboard alone");
        }
        version
    } else {
        None
    };
    fs::create_dir_all(&settings.work).unwrap();
    println!(
        "{}; {}; work folder {}; {} cores",
        clapboard.display(),
        hugo.as_deref().unwrap_or("no hugo"),
        settings.work.display(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "each build kind: 1 unmeasured run, then {} measured; serve: 1 unmeasured save, then {} measured, 100 ms apart",
        settings.runs, settings.saves
    );
    let mut tally = Tally::default();
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
        let note = production.join(format!("journal/note-{:05}.md", notes / 2));
        restore(&note);

        let out = settings.work.join(format!("out-{notes}"));
        let cache = settings.work.join(format!("cache-{notes}"));
        // Without the variable the cache would be `.clapboard-cache` in `out`, removed with it.
        let clear = || {
            remove(&out);
            remove(&cache);
        };
        let mut build = Command::new(clapboard);
        build
            .arg("build")
            .arg(&production)
            .args(["--audience", "public", "--now", "2026-11-23T12:00", "--out"])
            .arg(&out)
            .env(CACHE_VARIABLE, &cache);

        clear();
        measure(&mut build);
        let cold: Vec<Run> = (0..settings.runs)
            .map(|_| {
                clear();
                measure(&mut build)
            })
            .collect();
        let pages = pages_in(&out.join("public"));
        let unchanged: Vec<Run> = (0..settings.runs).map(|_| measure(&mut build)).collect();
        append_line(&note, 0);
        measure(&mut build);
        let one_note: Vec<Run> = (1..=settings.runs)
            .map(|n| {
                append_line(&note, n);
                measure(&mut build)
            })
            .collect();
        restore(&note);

        let saves = settings.serve.then(|| {
            serve_saves(
                clapboard,
                &production,
                &settings.work.join(format!("serve-cache-{notes}")),
                &note,
                settings.saves,
            )
        });

        let hugo_runs = hugo.as_ref().map(|_| {
            let hugo_out = settings.work.join(format!("hugo-out-{notes}"));
            let mut build = Command::new("hugo");
            build
                .args(["--quiet", "--source"])
                .arg(&hugo_site)
                .arg("--destination")
                .arg(&hugo_out);
            remove(&hugo_out);
            measure(&mut build);
            let runs: Vec<Run> = (0..settings.runs)
                .map(|_| {
                    remove(&hugo_out);
                    measure(&mut build)
                })
                .collect();
            (runs, pages_in(&hugo_out))
        });

        println!();
        match &hugo_runs {
            Some((_, hugo_pages)) => println!(
                "{} notes: {} clapboard pages, {} hugo pages",
                thousands(notes),
                thousands(pages),
                thousands(*hugo_pages)
            ),
            None => println!(
                "{} notes: {} clapboard pages",
                thousands(notes),
                thousands(pages)
            ),
        }
        println!(
            "  {:<27} {:>10} {:>10} {:>10} {:>5} {:>9}  target",
            "clapboard", "median", "fastest", "slowest", "runs", "peak MiB"
        );
        let cold = build_row(notes, Kind::Cold, &cold, &mut tally);
        build_row(notes, Kind::Unchanged, &unchanged, &mut tally);
        let one_note = build_row(notes, Kind::OneNote, &one_note, &mut tally);
        if let Some(saves) = saves {
            let (times, peak) = (saves.times, saves.peak_mib);
            let spread = Spread::of(&times);
            let mut verdicts: Vec<Verdict> = time_target(notes, Kind::Saved, spread.median)
                .into_iter()
                .collect();
            verdicts.extend(peak.and_then(|mib| memory_target(notes, mib)));
            row(
                notes,
                Kind::Saved.label(),
                &spread,
                peak,
                verdicts,
                &mut tally,
            );
            if let Some(time) = saves.first_build {
                println!("  {:<27} {time:>10}", "serve, first build");
            }
        }
        if let (Some(version), Some((runs, _))) = (&hugo, &hugo_runs) {
            let (spread, peak) = summary(runs);
            row(
                notes,
                &format!("{version} full build"),
                &spread,
                Some(peak),
                Vec::new(),
                &mut tally,
            );
            let hugo = spread.median.as_secs_f64();
            let cold_ratio = cold.as_secs_f64() / hugo;
            let verdicts: Vec<Verdict> = (notes == 2000)
                .then(|| Verdict {
                    target: "≤ 0.20×".to_string(),
                    meets: cold_ratio <= 0.20,
                })
                .into_iter()
                .collect();
            ratio_row("full build (cold) / hugo", cold_ratio, &verdicts);
            tally.count(notes, "full build (cold) / hugo", &verdicts);
            ratio_row(
                "one note changed / hugo",
                one_note.as_secs_f64() / hugo,
                &[],
            );
        }
    }
    println!();
    if tally.missed.is_empty() {
        println!("targets: {} met, none missed", tally.met);
    } else {
        println!(
            "targets: {} met, {} missed: {}",
            tally.met,
            tally.missed.len(),
            tally.missed.join("; ")
        );
    }
}
