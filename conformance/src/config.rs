//! How a property is run: case count, seed, time limits, regression files, skips.

use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;
use std::time::Duration;

use crate::property::Capability;

/// Case count used when neither the caller nor `PROPTEST_CASES` sets one.
pub const DEFAULT_CASES: u32 = 128;

/// Environment variable holding a run seed to replay (decimal or `0x` hex).
pub const SEED_ENV: &str = "CONFORMANCE_SEED";

/// Environment variable overriding the watchdog, in milliseconds.
pub const WATCHDOG_ENV: &str = "CONFORMANCE_WATCHDOG_MS";

/// Environment variable overriding the number of threads of concurrent cases.
pub const THREADS_ENV: &str = "CONFORMANCE_THREADS";

/// Settings of the concurrent properties, whose cases run operations on several
/// threads at once against one shared implementation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcurrencyConfig {
    /// Threads (or tasks) per case, each running its own list of operations.
    pub threads: usize,
    /// Cases per property: the smaller of this and [`RunConfig::cases`]. A concurrent
    /// case costs far more than a sequential one, so it gets fewer.
    pub cases: u32,
    /// Runs of each case, each on a fresh implementation: a race shows in some runs
    /// only, so every case is tried several times.
    pub repetitions: u32,
    /// Time the linearizability checker may spend on one history before it gives up
    /// with "unknown" (reported as a failure, never as a pass).
    pub checker_budget: Duration,
}

impl Default for ConcurrencyConfig {
    fn default() -> Self {
        Self {
            threads: 4,
            cases: 32,
            repetitions: 4,
            checker_budget: Duration::from_secs(2),
        }
    }
}

/// An option of a reading, as an implementer pins it: `c.pin(choice)`; a suite's readings
/// ([`crate::readings`]) give one constant per option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Choice {
    /// The reading's id.
    pub reading: &'static str,
    /// The option's id.
    pub option: &'static str,
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {}", self.reading, self.option)
    }
}

/// A property skipped on purpose, with the reason printed whenever it is skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// Id of the skipped property.
    pub property: String,
    /// Why it is skipped.
    pub reason: String,
}

/// Settings of one property run.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// Number of generated cases.
    pub cases: u32,
    /// Seed of the run: the same seed generates the same cases.
    pub seed: u64,
    /// Upper bound on the time spent shrinking one failure.
    pub max_shrink_time: Duration,
    /// Upper bound on the shrink steps for one failure.
    pub max_shrink_iters: u32,
    /// A case that runs longer than this is reported as a hang.
    pub watchdog: Duration,
    /// While a hang is shrunk, a smaller case that runs longer than this (or than
    /// `watchdog`, if shorter) counts as hanging too. Shorter than the watchdog, since
    /// most candidates of a hang hang, and each costs this long.
    pub shrink_watchdog: Duration,
    /// Directory for regression seeds (one file per property), replayed before new
    /// cases and appended to on failure; `None` keeps nothing.
    pub regressions: Option<PathBuf>,
    /// Properties skipped on purpose.
    pub skips: Vec<Skip>,
    /// Capabilities the implementation lacks; properties requiring them are skipped.
    pub without: Vec<Capability>,
    /// Settings of the concurrent properties.
    pub concurrency: ConcurrencyConfig,
    /// The options the implementation follows on open points of the spec, one per
    /// reading at most; every other reading accepts all its options
    /// ([`crate::readings`]).
    pub pins: Vec<Choice>,
}

impl Default for RunConfig {
    fn default() -> Self {
        Self {
            cases: DEFAULT_CASES,
            seed: fresh_seed(),
            max_shrink_time: Duration::from_secs(20),
            max_shrink_iters: 4096,
            watchdog: Duration::from_secs(5),
            shrink_watchdog: Duration::from_millis(250),
            regressions: None,
            skips: Vec::new(),
            without: Vec::new(),
            concurrency: ConcurrencyConfig::default(),
            pins: Vec::new(),
        }
    }
}

impl RunConfig {
    /// The defaults, overridden by `PROPTEST_CASES`, [`SEED_ENV`] and [`WATCHDOG_ENV`].
    pub fn from_env() -> Result<Self, String> {
        let mut config = Self::default();
        if let Some(cases) = env_number("PROPTEST_CASES")? {
            config.cases =
                u32::try_from(cases).map_err(|_| format!("PROPTEST_CASES={cases} is too large"))?;
        }
        if let Some(seed) = env_number(SEED_ENV)? {
            config.seed = seed;
        }
        if let Some(millis) = env_number(WATCHDOG_ENV)? {
            config.watchdog = Duration::from_millis(millis);
        }
        if let Some(threads) = env_number(THREADS_ENV)? {
            config.concurrency.threads = usize::try_from(threads)
                .map_err(|_| format!("{THREADS_ENV}={threads} is too large"))?
                .max(1);
        }
        Ok(config)
    }

    /// Sets the case count.
    pub fn cases(mut self, cases: u32) -> Self {
        self.cases = cases;
        self
    }

    /// Sets the run seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the watchdog.
    pub fn watchdog(mut self, watchdog: Duration) -> Self {
        self.watchdog = watchdog;
        self
    }

    /// Sets the watchdog of the candidates tried while a hang is shrunk.
    pub fn shrink_watchdog(mut self, shrink_watchdog: Duration) -> Self {
        self.shrink_watchdog = shrink_watchdog;
        self
    }

    /// Sets the threads of concurrent cases (at least 1).
    pub fn threads(mut self, threads: usize) -> Self {
        self.concurrency.threads = threads.max(1);
        self
    }

    /// Sets the number of runs of each concurrent case.
    pub fn repetitions(mut self, repetitions: u32) -> Self {
        self.concurrency.repetitions = repetitions.max(1);
        self
    }

    /// Sets the case count of concurrent properties.
    pub fn concurrent_cases(mut self, cases: u32) -> Self {
        self.concurrency.cases = cases;
        self
    }

    /// The case count of a concurrent property: the smaller of the two case counts.
    pub fn concurrent_case_count(&self) -> u32 {
        self.cases.min(self.concurrency.cases)
    }

    /// Keeps regression seeds in `dir`.
    pub fn regressions(mut self, dir: impl Into<PathBuf>) -> Self {
        self.regressions = Some(dir.into());
        self
    }

    /// Skips `property`, printing `reason` whenever it is skipped.
    pub fn skip(mut self, property: &str, reason: &str) -> Self {
        self.skips.push(Skip {
            property: property.to_string(),
            reason: reason.to_string(),
        });
        self
    }

    /// Pins a reading: the implementation follows `choice.option` on the open point
    /// `choice.reading`, and gets the stricter checks of that option. A later pin of the
    /// same reading replaces an earlier one. A suite refuses to run with a pin that is
    /// not one of its readings' options, and lists them.
    pub fn pin(mut self, choice: Choice) -> Self {
        self.pins.retain(|p| p.reading != choice.reading);
        self.pins.push(choice);
        self
    }

    /// The option pinned on `reading`, if one is.
    pub fn pinned(&self, reading: &str) -> Option<&'static str> {
        self.pins
            .iter()
            .find(|p| p.reading == reading)
            .map(|p| p.option)
    }

    /// Declares that the implementation lacks `capability`.
    pub fn without(mut self, capability: Capability) -> Self {
        self.without.push(capability);
        self
    }
}

/// Parses a seed or count written in decimal or `0x` hex.
pub fn parse_number(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|e| format!("{text:?} is not a number: {e}"))
}

fn env_number(name: &str) -> Result<Option<u64>, String> {
    match std::env::var(name) {
        Ok(text) => parse_number(&text)
            .map(Some)
            .map_err(|e| format!("{name}: {e}")),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(e) => Err(format!("{name}: {e}")),
    }
}

fn fresh_seed() -> u64 {
    // RandomState is seeded from the OS once per process and per instance, which is all
    // the entropy a seed needs; it avoids a dependency on a random number crate.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_in_decimal_and_hex() {
        assert_eq!(parse_number("42"), Ok(42));
        assert_eq!(parse_number("0xff"), Ok(255));
        assert_eq!(parse_number(" 0XFF "), Ok(255));
        assert!(parse_number("seven").is_err());
    }

    #[test]
    fn fresh_seeds_differ() {
        assert_ne!(fresh_seed(), fresh_seed());
    }
}
