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

/// Environment variable turning strict mode on (`1`, `true`) or off (`0`, `false`):
/// under it a skipped property fails ([`RunConfig::strict`]).
pub const STRICT_ENV: &str = "CONFORMANCE_STRICT";

/// Environment variable overriding the most distinct broken rules a failing property
/// reports ([`DistinctConfig::max_rules`]); `1` stops at the first.
pub const DISTINCT_RULES_ENV: &str = "CONFORMANCE_DISTINCT_RULES";

/// Environment variable overriding the time budget, in milliseconds, of the search for
/// further broken rules after a failure ([`DistinctConfig::budget`]).
pub const DISTINCT_BUDGET_ENV: &str = "CONFORMANCE_DISTINCT_BUDGET_MS";

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

/// The search for further broken rules once a property has failed: the runner goes on
/// through the run's remaining cases with every rule found so far set aside, and shrinks
/// each new broken rule to its own counterexample. A passing run never searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistinctConfig {
    /// The most distinct broken rules reported, the first included; 1 stops at the
    /// first failure.
    pub max_rules: u32,
    /// Time the search may take after the first failure is shrunk, its own shrinking
    /// included; the rules found by then are reported.
    pub budget: Duration,
}

impl Default for DistinctConfig {
    fn default() -> Self {
        Self {
            max_rules: 8,
            budget: Duration::from_secs(20),
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
    /// Strict mode: a skipped property fails instead of passing with a printed reason
    /// (a property that does not apply still passes).
    pub strict: bool,
    /// Capabilities that do not apply to the implementation: their properties are
    /// reported as not applicable, never as skipped.
    pub not_applicable: Vec<Capability>,
    /// The search for further broken rules after a failure.
    pub distinct: DistinctConfig,
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
            strict: false,
            not_applicable: Vec::new(),
            distinct: DistinctConfig::default(),
        }
    }
}

impl RunConfig {
    /// The defaults, overridden by `PROPTEST_CASES`, [`SEED_ENV`], [`WATCHDOG_ENV`],
    /// [`THREADS_ENV`], [`STRICT_ENV`], [`DISTINCT_RULES_ENV`] and
    /// [`DISTINCT_BUDGET_ENV`].
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
        if let Some(strict) = env_flag(STRICT_ENV)? {
            config.strict = strict;
        }
        if let Some(rules) = env_number(DISTINCT_RULES_ENV)? {
            config.distinct.max_rules = u32::try_from(rules)
                .map_err(|_| format!("{DISTINCT_RULES_ENV}={rules} is too large"))?
                .max(1);
        }
        if let Some(millis) = env_number(DISTINCT_BUDGET_ENV)? {
            config.distinct.budget = Duration::from_millis(millis);
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

impl RunConfig {
    /// Turns strict mode on or off: under it a skipped property fails. Set after the
    /// environment ([`STRICT_ENV`]), so a module's `configure` has the last word.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Declares that `capability` does not apply to the implementation (the
    /// write-behind properties to a write-through store): its properties are reported
    /// as not applicable, and strict mode does not fail them. For a capability the
    /// implementation lacks but should have, use [`RunConfig::without`].
    pub fn not_applicable(mut self, capability: Capability) -> Self {
        self.not_applicable.push(capability);
        self
    }

    /// Sets the most distinct broken rules a failing property reports (at least 1).
    pub fn distinct_rules(mut self, max_rules: u32) -> Self {
        self.distinct.max_rules = max_rules.max(1);
        self
    }

    /// Sets the time budget of the search for further broken rules after a failure.
    pub fn distinct_budget(mut self, budget: Duration) -> Self {
        self.distinct.budget = budget;
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

/// A yes/no setting from the environment (see [`parse_flag`]).
fn env_flag(name: &str) -> Result<Option<bool>, String> {
    match std::env::var(name) {
        Ok(text) => parse_flag(&text)
            .map(Some)
            .map_err(|e| format!("{name}: {e}")),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(e) => Err(format!("{name}: {e}")),
    }
}

/// A yes/no setting: `1`, `true`, `yes`, `on`, or `0`, `false`, `no`, `off` and the empty
/// text, in any case.
pub fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        other => Err(format!("{other:?} is neither 1/true nor 0/false")),
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
    fn flags_parse_as_yes_or_no() {
        for yes in ["1", "true", "YES", " on "] {
            assert_eq!(parse_flag(yes), Ok(true), "{yes}");
        }
        for no in ["0", "False", "no", "off", ""] {
            assert_eq!(parse_flag(no), Ok(false), "{no}");
        }
        assert!(parse_flag("strict").is_err());
    }

    #[test]
    fn the_new_settings_have_bounded_defaults_and_builders() {
        let config = RunConfig::default();
        assert!(!config.strict);
        assert_eq!(config.distinct.max_rules, 8);
        assert_eq!(config.distinct.budget, Duration::from_secs(20));
        let config = config
            .strict(true)
            .distinct_rules(0)
            .distinct_budget(Duration::from_secs(1))
            .not_applicable("x");
        assert!(config.strict);
        assert_eq!(config.distinct.max_rules, 1);
        assert_eq!(config.distinct.budget, Duration::from_secs(1));
        assert_eq!(config.not_applicable, ["x"]);
    }

    #[test]
    fn fresh_seeds_differ() {
        assert_ne!(fresh_seed(), fresh_seed());
    }
}
