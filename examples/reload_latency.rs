//! Measures the dev server: the time from saving a file to the reload message that open pages
//! receive. Run it against a generated production with a release build:
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example generate -- --notes 2000 --out /tmp/big
//! cargo run --release --example reload_latency -- /tmp/big
//! ```
//!
//! The release binary is looked for in `$CARGO_TARGET_DIR/release`, or `target/release`.
//! `cargo bench --bench build` times the same saves (with benches/support/reload.rs, as here)
//! beside full builds and rebuilds.

#[path = "../benches/support/reload.rs"]
mod reload;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reload::{Server, Spread};

fn report(what: &str, times: &[Duration]) {
    let spread = Spread::of(times);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.1} ms, min {:.1} ms, max {:.1} ms over {} saves",
        ms(spread.median),
        ms(spread.fastest),
        ms(spread.slowest),
        spread.count
    );
}

fn main() {
    let project = PathBuf::from(std::env::args().nth(1).expect("the production folder"));
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    let binary = target.join("release/clapboard");
    assert!(
        binary.is_file(),
        "build the release binary first: cargo build --release"
    );
    let mut server = Server::start(&binary, &project, &[]);
    for line in &server.banner {
        println!("{line}");
    }

    let note = fs::read_dir(project.join("journal"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let original = fs::read_to_string(&note).unwrap();
    let mut note_times = Vec::new();
    for i in 0..15 {
        note_times.push(server.timed_save(&note, &format!("{original}\nEdit number {i}.\n")));
        std::thread::sleep(Duration::from_millis(100));
    }
    // Putting the note back is a change too; its reload is not counted.
    server.timed_save(&note, &original);
    std::thread::sleep(Duration::from_millis(300));

    let template = project.join("templates/journal-note.html");
    fs::create_dir_all(template.parent().unwrap()).unwrap();
    let theme = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/journal-note.html"),
    )
    .unwrap();
    let mut template_times = Vec::new();
    for i in 0..10 {
        template_times.push(server.timed_save(&template, &format!("{theme}\n{{# edit {i} #}}\n")));
        std::thread::sleep(Duration::from_millis(200));
    }
    fs::remove_dir_all(project.join("templates")).unwrap();
    let peak = server.peak_kib();
    drop(server);
    report("saving a journal note", &note_times);
    report("saving the journal note template", &template_times);
    if let Some(kib) = peak {
        println!("the server's peak memory: {:.1} MiB", kib as f64 / 1024.0);
    }
}
