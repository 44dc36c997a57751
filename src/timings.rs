//! Time spent in each stage of a build, for `clapboard build --timings`.

use std::fmt;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub check: Duration,
    pub view: Duration,
    pub render: Duration,
    pub write: Duration,
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
        self.load + self.check + self.view + self.render + self.write
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(f, "load    {:8.1} ms", ms(self.load))?;
        writeln!(f, "check   {:8.1} ms", ms(self.check))?;
        writeln!(f, "view    {:8.1} ms", ms(self.view))?;
        writeln!(f, "render  {:8.1} ms", ms(self.render))?;
        writeln!(f, "write   {:8.1} ms", ms(self.write))?;
        write!(f, "total   {:8.1} ms", ms(self.total()))
    }
}
