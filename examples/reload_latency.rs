//! Measures the dev server: the time from saving a file to the reload message that open pages
//! receive. Run it against a generated production with a release build:
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example generate -- --notes 2000 --out /tmp/big
//! cargo run --release --example reload_latency -- /tmp/big
//! ```

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Saves `file` with `text` and waits for the next reload message on `events`.
fn timed_save(events: &mut BufReader<TcpStream>, file: &Path, text: &str) -> Duration {
    let start = Instant::now();
    fs::write(file, text).unwrap();
    let mut line = String::new();
    loop {
        line.clear();
        if events
            .read_line(&mut line)
            .expect("the event stream stays open")
            == 0
        {
            panic!("the event stream closed");
        }
        if std::env::var_os("VERBOSE").is_some() {
            eprint!("{line}");
        }
        if line.starts_with("event: reload") {
            return start.elapsed();
        }
    }
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.1} ms, min {:.1} ms, max {:.1} ms over {} saves",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn main() {
    let project = PathBuf::from(std::env::args().nth(1).expect("the production folder"));
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/clapboard");
    let mut server = Command::new(&binary)
        .args([
            "serve",
            project.to_str().unwrap(),
            "--port",
            "0",
            "--audience",
            "public",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("build the release binary first: cargo build --release");
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().unwrap().unwrap();
        println!("{line}");
        if let Some(at) = line.find("http://") {
            break line[at + 7..].split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "GET /__clapboard/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(stream);

    let note = fs::read_dir(project.join("journal"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let original = fs::read_to_string(&note).unwrap();
    let mut note_times = Vec::new();
    for i in 0..15 {
        note_times.push(timed_save(
            &mut events,
            &note,
            &format!("{original}\nEdit number {i}.\n"),
        ));
        std::thread::sleep(Duration::from_millis(100));
    }
    // Putting the note back is a change too; its reload is not counted.
    timed_save(&mut events, &note, &original);
    std::thread::sleep(Duration::from_millis(300));

    let template = project.join("templates/journal-note.html");
    fs::create_dir_all(template.parent().unwrap()).unwrap();
    let theme = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/journal-note.html"),
    )
    .unwrap();
    let mut template_times = Vec::new();
    for i in 0..10 {
        template_times.push(timed_save(
            &mut events,
            &template,
            &format!("{theme}\n{{# edit {i} #}}\n"),
        ));
        std::thread::sleep(Duration::from_millis(200));
    }
    fs::remove_dir_all(project.join("templates")).unwrap();
    let _ = server.kill();
    let _ = server.wait();
    report("saving a journal note", note_times);
    report("saving the journal note template", template_times);
}
