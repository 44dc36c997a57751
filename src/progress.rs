//! Progress on long work: a bar for the image and render stages of a build that has taken
//! more than a second, on a terminal only. Short builds, pipes, CI logs and `--quiet` see
//! nothing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before it shows its progress.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// Where a build's progress is shown, if anywhere.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    shown: bool,
    started: Instant,
}

impl Progress {
    /// Progress shown on standard error once the build has run a second, if `shown`.
    pub fn new(shown: bool) -> Progress {
        Progress {
            shown,
            started: Instant::now(),
        }
    }

    /// Progress never shown: for the dev server and the library's callers.
    pub fn hidden() -> Progress {
        Progress::new(false)
    }

    /// A stage of `total` steps, such as the pages of one site to render.
    pub fn stage(&self, name: &str, total: usize) -> Stage {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{prefix:>7} [{bar:30}] {pos}/{len}")
                .expect("a valid progress template")
                .progress_chars("=> "),
        );
        bar.set_prefix(name.to_string());
        Stage {
            bar,
            progress: *self,
            drawn: AtomicBool::new(false),
        }
    }
}

/// One stage's bar: hidden until the build has run a second.
pub struct Stage {
    bar: ProgressBar,
    progress: Progress,
    drawn: AtomicBool,
}

impl Stage {
    /// One more step done; callable from any thread.
    pub fn step(&self) {
        if self.progress.shown
            && !self.drawn.load(Ordering::Relaxed)
            && self.progress.started.elapsed() >= QUIET_FOR
            && !self.drawn.swap(true, Ordering::Relaxed)
        {
            // indicatif draws nothing when standard error is not a terminal.
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.inc(1);
    }
}

impl Drop for Stage {
    /// A finished stage leaves no bar behind: the build's own report follows.
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started_ago(shown: bool, ago: Duration) -> Progress {
        Progress {
            shown,
            started: Instant::now() - ago,
        }
    }

    #[test]
    fn a_bar_is_drawn_only_when_asked_and_after_a_second() {
        let cases = [
            (true, Duration::from_secs(2), true),
            (true, Duration::ZERO, false),
            (false, Duration::from_secs(2), false),
        ];
        for (shown, ago, drawn) in cases {
            let stage = started_ago(shown, ago).stage("pages", 3);
            stage.step();
            assert_eq!(
                stage.drawn.load(Ordering::Relaxed),
                drawn,
                "shown {shown}, started {ago:?} ago"
            );
            assert_eq!(stage.bar.position(), 1);
        }
    }
}
