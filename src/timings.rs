//! Time spent in each stage of a build, for `clapboard build --timings`.

use std::fmt;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub check: Duration,
    pub view: Duration,
    /// Reading images and making their responsive copies.
    pub images: Duration,
    pub render: Duration,
    pub write: Duration,
    /// Image copies made in this build, and found ready in the cache.
    pub images_made: usize,
    pub images_reused: usize,
    /// Pages taken unchanged from the last build of their site, and pages rendered.
    pub pages_reused: usize,
    pub pages_rendered: usize,
}

impl Timings {
    /// Runs `work`, adding its time to the stage `stage` picks.
    pub fn time<T>(
        &mut self,
        stage: fn(&mut Timings) -> &mut Duration,
        work: impl FnOnce() -> T,
    ) -> T {
        let start = Instant::now();
        let value = work();
        *stage(self) += start.elapsed();
        value
    }

    pub fn total(&self) -> Duration {
        self.load + self.check + self.view + self.images + self.render + self.write
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(f, "load    {:8.1} ms", ms(self.load))?;
        writeln!(f, "check   {:8.1} ms", ms(self.check))?;
        writeln!(f, "view    {:8.1} ms", ms(self.view))?;
        writeln!(
            f,
            "images  {:8.1} ms  ({} copies made, {} from the cache)",
            ms(self.images),
            self.images_made,
            self.images_reused
        )?;
        writeln!(
            f,
            "render  {:8.1} ms  ({} pages rendered, {} from the last build)",
            ms(self.render),
            self.pages_rendered,
            self.pages_reused
        )?;
        writeln!(f, "write   {:8.1} ms", ms(self.write))?;
        write!(f, "total   {:8.1} ms", ms(self.total()))
    }
}
