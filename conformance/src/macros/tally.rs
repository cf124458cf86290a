//! The end of a generated property test: its outcome counted in its module's tally,
//! and one summary line per module once the last of the module's tests that the run
//! selected has finished.
//!
//! libtest has no hook at the end of a run, so the module counts its finished tests and
//! the one that brings the count to the number the run selected prints the line. The
//! selection is read from the test binary's arguments the way libtest reads them
//! (filters, `--exact`, `--skip`), so under a test filter the line counts the selected
//! properties and says how many the module has; nextest runs one test per process and
//! gets one line per test. Should the arguments select more tests than finish (an
//! option the kit does not know, taking a value), no line is printed; should more
//! finish than selected, each later test prints the updated line.

use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Mutex;

use crate::config::STRICT_ENV;
use crate::outcome::Outcome;

/// How the finished property tests of one module ended.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    passed: usize,
    failed: usize,
    skipped: usize,
    not_applicable: usize,
}

impl Counts {
    fn finished(self) -> usize {
        self.passed + self.failed + self.skipped + self.not_applicable
    }
}

/// The outcomes of one generated module's property tests in this process.
#[derive(Debug)]
pub struct ModuleTally {
    counts: Mutex<Counts>,
}

impl ModuleTally {
    /// No test finished yet.
    pub const fn new() -> Self {
        Self {
            counts: Mutex::new(Counts {
                passed: 0,
                failed: 0,
                skipped: 0,
                not_applicable: 0,
            }),
        }
    }

    /// Counts one outcome; the counts after it.
    fn count(&self, verdict: Verdict) -> Counts {
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match verdict {
            Verdict::Passed => counts.passed += 1,
            Verdict::Failed => counts.failed += 1,
            Verdict::Skipped => counts.skipped += 1,
            Verdict::NotApplicable => counts.not_applicable += 1,
        }
        *counts
    }
}

impl Default for ModuleTally {
    fn default() -> Self {
        Self::new()
    }
}

/// How one property test ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Passed,
    Failed,
    Skipped,
    NotApplicable,
}

/// Ends the property test `property` of the module at `module_path` (its
/// `module_path!()`), whose property tests are `properties`: counts the outcome, prints
/// the module's summary line if this is the last selected test to finish, then returns
/// if the property passed (or was skipped outside strict mode, or does not apply) and
/// panics with the report otherwise. `result` is the outcome and whether strict mode
/// was on, or why the property could not run.
pub fn finish_test(
    tally: &ModuleTally,
    module_path: &str,
    properties: &[&str],
    result: Result<(Outcome, bool), String>,
) {
    let (verdict, strict) = match &result {
        Ok((Outcome::Passed { .. }, strict)) => (Verdict::Passed, *strict),
        Ok((Outcome::Skipped { .. }, true)) => (Verdict::Failed, true),
        Ok((Outcome::Skipped { .. }, false)) => (Verdict::Skipped, false),
        Ok((Outcome::NotApplicable { .. }, strict)) => (Verdict::NotApplicable, *strict),
        Ok((Outcome::Failed(_), strict)) => (Verdict::Failed, *strict),
        Err(_) => (Verdict::Failed, false),
    };
    let counts = tally.count(verdict);
    let module = test_path(module_path);
    let names: Vec<String> = properties
        .iter()
        .map(|p| format!("{module}::{p}"))
        .collect();
    let selected = selected_count(&names, std::env::args().skip(1));
    if counts.finished() >= selected {
        let line = summary(&module, counts, selected, properties.len(), strict);
        // Past the harness's capture, like a skip's reason: the line must show.
        let _ = writeln!(std::io::stderr(), "{line}");
    }
    match result {
        Ok((outcome, strict)) => outcome.assert_ok_strict(strict),
        Err(e) => panic!("{e}"),
    }
}

/// A module's path as libtest names its tests: without the crate's name.
fn test_path(module_path: &str) -> String {
    module_path
        .split_once("::")
        .map_or(module_path, |(_, rest)| rest)
        .to_string()
}

fn summary(module: &str, counts: Counts, selected: usize, total: usize, strict: bool) -> String {
    let Counts {
        passed,
        failed,
        skipped,
        not_applicable,
    } = counts;
    let mut line = format!(
        "conformance `{module}`: {passed} passed, {failed} failed, {skipped} skipped, {not_applicable} not applicable"
    );
    if selected < total {
        let _ = write!(
            line,
            " ({selected} of its {total} properties selected by the test filter)"
        );
    } else {
        let _ = write!(line, " ({total} properties)");
    }
    if strict {
        let _ = write!(line, "; strict mode ({STRICT_ENV}): skips fail");
    }
    line
}

/// libtest's options that take a value (`--skip x` or `--skip=x`).
const OPTIONS_WITH_VALUE: [&str; 7] = [
    "--skip",
    "--test-threads",
    "--logfile",
    "--format",
    "--color",
    "-Z",
    "--shuffle-seed",
];

/// How many of the tests `names` libtest runs with the arguments `args`: those that
/// match a filter (contain it, or equal it with `--exact`; every test without
/// filters) and no `--skip`; none with `--list` or `--ignored` (the kit's tests are
/// never ignored).
fn selected_count(names: &[String], args: impl Iterator<Item = String>) -> usize {
    let mut filters = Vec::new();
    let mut skips = Vec::new();
    let (mut exact, mut none) = (false, false);
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        if let Some(skip) = arg.strip_prefix("--skip=") {
            skips.push(skip.to_string());
        } else if arg == "--skip" {
            skips.extend(args.next());
        } else if OPTIONS_WITH_VALUE.contains(&arg.as_str()) {
            args.next();
        } else if arg == "--exact" {
            exact = true;
        } else if arg == "--list" || arg == "--ignored" {
            none = true;
        } else if !arg.starts_with('-') {
            filters.push(arg);
        }
    }
    if none {
        return 0;
    }
    let matches = |name: &str, pattern: &str| {
        if exact {
            name == pattern
        } else {
            name.contains(pattern)
        }
    };
    names
        .iter()
        .filter(|name| filters.is_empty() || filters.iter().any(|f| matches(name, f)))
        .filter(|name| !skips.iter().any(|s| matches(name, s)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        [
            "engine::engine_snapshot",
            "engine::engine_cursor",
            "other::engine_cursor",
        ]
        .iter()
        .map(ToString::to_string)
        .collect()
    }

    fn selected(args: &[&str]) -> usize {
        selected_count(&names(), args.iter().map(ToString::to_string))
    }

    #[test]
    fn the_selection_follows_libtests_filters() {
        assert_eq!(selected(&[]), 3);
        assert_eq!(selected(&["--test-threads", "1", "--nocapture"]), 3);
        assert_eq!(selected(&["engine::"]), 2);
        assert_eq!(selected(&["snapshot", "other"]), 2);
        assert_eq!(selected(&["--exact", "engine::engine_cursor"]), 1);
        assert_eq!(selected(&["--exact", "engine_cursor"]), 0);
        assert_eq!(selected(&["--skip", "cursor"]), 1);
        assert_eq!(selected(&["--skip=other", "engine"]), 2);
        assert_eq!(selected(&["--format", "terse", "--color=never"]), 3);
        assert_eq!(selected(&["--list"]), 0);
        assert_eq!(selected(&["--ignored"]), 0);
    }

    fn finish(tally: &ModuleTally, outcome: Outcome, strict: bool) -> Result<(), String> {
        std::panic::catch_unwind(|| {
            finish_test(tally, "kit::toy", &["toy_a"], Ok((outcome, strict)));
        })
        .map_err(|payload| {
            payload
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_default()
        })
    }

    #[test]
    fn a_skip_passes_with_its_reason_and_fails_in_strict_mode() {
        let tally = ModuleTally::new();
        let skipped = || Outcome::Skipped {
            reason: "no sampling yet".to_string(),
        };
        assert_eq!(finish(&tally, skipped(), false), Ok(()));
        let strict = finish(&tally, skipped(), true);
        assert!(
            strict
                .as_ref()
                .is_err_and(|m| m.contains("strict mode") && m.contains("no sampling yet")),
            "{strict:?}"
        );
        let not_applicable = Outcome::NotApplicable {
            reason: "a write-through store".to_string(),
        };
        assert_eq!(finish(&tally, not_applicable, true), Ok(()));
        assert_eq!(finish(&tally, Outcome::Passed { cases: 1 }, true), Ok(()));
        let counts = tally.count(Verdict::Passed);
        assert_eq!(
            (
                counts.passed,
                counts.failed,
                counts.skipped,
                counts.not_applicable
            ),
            (2, 1, 1, 1)
        );
    }

    #[test]
    fn the_module_path_loses_its_crate() {
        assert_eq!(test_path("engine_suite::engine"), "engine");
        assert_eq!(test_path("engine_suite::outer::engine"), "outer::engine");
        assert_eq!(test_path("engine"), "engine");
    }

    #[test]
    fn the_line_counts_each_outcome_and_names_the_selection() {
        let tally = ModuleTally::new();
        for verdict in [
            Verdict::Passed,
            Verdict::Passed,
            Verdict::Skipped,
            Verdict::Failed,
        ] {
            tally.count(verdict);
        }
        let counts = tally.count(Verdict::NotApplicable);
        assert_eq!(counts.finished(), 5);
        assert_eq!(
            summary("engine", counts, 5, 12, true),
            "conformance `engine`: 2 passed, 1 failed, 1 skipped, 1 not applicable (5 of its 12 properties selected by the test filter); strict mode (CONFORMANCE_STRICT): skips fail"
        );
        assert_eq!(
            summary("engine", counts, 5, 5, false),
            "conformance `engine`: 2 passed, 1 failed, 1 skipped, 1 not applicable (5 properties)"
        );
    }
}
