//! A control with two independent bugs on two rules of one property: the run reports
//! both broken rules, each with its own minimal counterexample, where a run that
//! stopped at the first failure would show one.

use conformance_selftest::controls::engine::{EngineFault, FaultyEngine};
use storage_conformance::config::{DistinctConfig, RunConfig};
use storage_conformance::engine::check_engine_property;
use storage_traits::{FetchResult, IterationCursor, Record, StorageEngine};

use crate::support;

/// The control settings with the default search for every distinct broken rule.
fn config() -> RunConfig {
    support::config().distinct_rules(DistinctConfig::default().max_rules)
}

/// `FaultyEngine::new(EngineFault::LenCountsOverwrites)` whose `put` also returns
/// `None`, as `EngineFault::PutReturnsNone` does: two bugs that break two rules of
/// `engine_model_equivalence`. An overwrite breaks `put`'s rule at once, so every case
/// that would show the `len` bug shows the `put` bug first.
struct TwoBugs(FaultyEngine);

impl StorageEngine for TwoBugs {
    fn put(&self, key: &str, record: Record) -> Option<Record> {
        self.0.put(key, record);
        None
    }
    fn get(&self, key: &str) -> Option<Record> {
        self.0.get(key)
    }
    fn remove(&self, key: &str) -> Option<Record> {
        self.0.remove(key)
    }
    fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn clear(&self) {
        self.0.clear();
    }
    fn destroy(&self) {
        self.0.destroy();
    }
    fn estimated_cost(&self) -> u64 {
        self.0.estimated_cost()
    }
    fn fetch_keys(&self, cursor: &IterationCursor, size: usize) -> FetchResult<String> {
        self.0.fetch_keys(cursor, size)
    }
    fn fetch_entries(
        &self,
        cursor: &IterationCursor,
        size: usize,
    ) -> FetchResult<(String, Record)> {
        self.0.fetch_entries(cursor, size)
    }
    fn snapshot_iter(&self) -> Vec<(String, Record)> {
        self.0.snapshot_iter()
    }
    fn random_samples(&self, sample_count: usize) -> Vec<(String, Record)> {
        self.0.random_samples(sample_count)
    }
}

/// The broken rule and minimal length a single-bug control of `fault` shows.
fn caught_alone(fault: EngineFault) -> (String, usize) {
    let (property, _) = fault.target();
    let outcome =
        check_engine_property(property.id, &support::config(), "FaultyEngine", move || {
            FaultyEngine::new(fault)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let Some(failure) = outcome.failure() else {
        panic!("{fault:?} not caught: {outcome}");
    };
    (failure.kind.rule(), failure.steps)
}

#[test]
fn two_independent_bugs_are_both_reported_each_with_its_minimal_counterexample() {
    let (property, _) = EngineFault::PutReturnsNone.target();
    assert_eq!(EngineFault::LenCountsOverwrites.target().0, property);
    let outcome = check_engine_property(property.id, &config(), "TwoBugs", || {
        TwoBugs(FaultyEngine::new(EngineFault::LenCountsOverwrites))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let Some(failures) = outcome.failures() else {
        panic!("not caught: {outcome}");
    };
    let found: Vec<(String, usize)> = failures.all().map(|f| (f.kind.rule(), f.steps)).collect();
    for fault in [
        EngineFault::PutReturnsNone,
        EngineFault::LenCountsOverwrites,
    ] {
        let (rule, steps) = caught_alone(fault);
        assert_eq!(steps, fault.target().1);
        assert!(
            found.contains(&(rule.clone(), steps)),
            "{fault:?}'s rule {rule:?} at {steps} steps is not among {found:?}:\n{outcome}"
        );
    }
    assert_eq!(found.len(), 2, "{outcome}");
    // The test fails once, and its message lists both rules.
    let message = outcome.to_string();
    assert!(message.contains("broke 2 distinct rules"), "{message}");
}
