//! The dev server's save-to-reload time: starts `clapboard serve`, listens to its reload events
//! as an open page does, and times each save from the write to the `event: reload` line that
//! follows it. Used by `benches/build.rs` and `examples/reload_latency.rs`.

use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a save may take to reach the page before the measurement gives up.
const PATIENCE: Duration = Duration::from_secs(120);

/// A running `clapboard serve`, with one page listening to its reload events. Dropping it stops
/// the server.
pub struct Server {
    child: Child,
    events: BufReader<TcpStream>,
    /// What the server printed up to and including the line with its address.
    pub banner: Vec<String>,
}

impl Server {
    /// Starts `binary serve <project> --port 0 --audience public`, with `envs` added to its
    /// environment, waits for its address and subscribes to its reload events.
    pub fn start(binary: &Path, project: &Path, envs: &[(&str, &Path)]) -> Server {
        let mut command = Command::new(binary);
        command
            .arg("serve")
            .arg(project)
            .args(["--port", "0", "--audience", "public"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (name, value) in envs {
            command.env(name, value);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", binary.display()));
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut banner = Vec::new();
        let address = loop {
            let line = match lines.next() {
                Some(Ok(line)) => line,
                _ => panic!(
                    "clapboard serve {} stopped before serving: run it by hand to see why",
                    project.display()
                ),
            };
            banner.push(line.clone());
            if let Some(at) = line.find("http://") {
                break line[at + 7..].split('/').next().unwrap().to_string();
            }
        };
        // The server's later lines are read and dropped, so that it never blocks on them.
        std::thread::spawn(move || for _ in lines {});
        let mut stream = TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET /__clapboard/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        Server {
            child,
            events: BufReader::new(stream),
            banner,
        }
    }

    /// Saves `file` with `text` and returns the time until the next reload message.
    pub fn timed_save(&mut self, file: &Path, text: &str) -> Duration {
        self.drain();
        self.events
            .get_ref()
            .set_read_timeout(Some(PATIENCE))
            .unwrap();
        let start = Instant::now();
        fs::write(file, text).unwrap();
        let mut line = String::new();
        loop {
            line.clear();
            match self.events.read_line(&mut line) {
                Ok(0) => panic!("the event stream closed"),
                Ok(_) => {}
                Err(e) => panic!("no reload within {PATIENCE:?} of saving: {e}"),
            }
            if std::env::var_os("VERBOSE").is_some() {
                eprint!("{line}");
            }
            if line.starts_with("event: reload") {
                return start.elapsed();
            }
        }
    }

    /// Reads and drops whatever the server has already sent, such as a second reload for one
    /// save, so that it is not taken for the next save's.
    fn drain(&mut self) {
        self.events
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(1)))
            .unwrap();
        let mut line = String::new();
        loop {
            line.clear();
            match self.events.read_line(&mut line) {
                Ok(0) => panic!("the event stream closed"),
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return;
                }
                Err(e) => panic!("the event stream failed: {e}"),
            }
        }
    }

    /// The server's peak resident memory so far, in KiB (VmHWM), where /proc has it.
    pub fn peak_kib(&self) -> Option<u64> {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The median, fastest and slowest of some times.
pub struct Spread {
    pub median: Duration,
    pub fastest: Duration,
    pub slowest: Duration,
    pub count: usize,
}

impl Spread {
    /// Panics when `times` is empty.
    pub fn of(times: &[Duration]) -> Spread {
        let mut times = times.to_vec();
        times.sort();
        Spread {
            median: times[times.len() / 2],
            fastest: times[0],
            slowest: times[times.len() - 1],
            count: times.len(),
        }
    }
}
