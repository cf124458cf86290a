//! How small the values in shrunk concurrent counterexamples get: the concurrent
//! record-store and data-store controls run several times at fresh random seeds, and
//! for each run the counterexample's length (without whitespace: most of it is the
//! case's frame), its longest line, the shrink steps and the time.
//!
//! `cargo run --release -p conformance-selftest --example counterexample_sizes [runs]`

use std::time::{Duration, Instant};

use conformance_selftest::controls::concurrent_record_store::{
    ConcurrentStoreFault, RacyRecordStore,
};
use conformance_selftest::controls::data_store::{ControlDataStore, DataStoreFault};
use storage_conformance::config::RunConfig;
use storage_conformance::datastore::check_persistent_data_store_property;
use storage_conformance::datastore::properties::CONCURRENT_LINEARIZABLE;
use storage_conformance::outcome::Outcome;
use storage_conformance::recordstore::RecordStoreParts;
use storage_conformance::recordstore::concurrent::check_concurrent_record_store_property;

/// One table row: the runs of one control.
fn row(name: &str, runs: u32, run: impl Fn() -> Option<Outcome>) {
    let (mut lengths, mut longest_lines, mut iters, mut time) =
        (Vec::new(), 0, Vec::new(), Duration::ZERO);
    for _ in 0..runs {
        let start = Instant::now();
        let outcome = run();
        time += start.elapsed();
        if let Some(failure) = outcome.as_ref().and_then(Outcome::failure) {
            let code = &failure.counterexample;
            lengths.push(code.chars().filter(|c| !c.is_whitespace()).count());
            longest_lines = code
                .lines()
                .map(str::len)
                .max()
                .unwrap_or(0)
                .max(longest_lines);
            iters.push(failure.shrink_iters);
        }
    }
    println!(
        "| `{name}` | {}/{runs} | {} to {} | {longest_lines} | {} | {:.2?} |",
        lengths.len(),
        lengths.iter().min().unwrap_or(&0),
        lengths.iter().max().unwrap_or(&0),
        iters.iter().max().unwrap_or(&0),
        time / runs.max(1)
    );
}

fn main() {
    let runs: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let config = RunConfig::default().distinct_rules(1);
    println!(
        "| control | caught | counterexample characters | longest line | most shrink steps | mean time |"
    );
    println!("|---|---:|---|---:|---:|---:|");
    for fault in ConcurrentStoreFault::ALL {
        let property = fault.target();
        row(&format!("{fault:?}"), runs, || {
            check_concurrent_record_store_property(
                &property,
                &config,
                "RacyRecordStore::new",
                move |parts: RecordStoreParts| Box::new(RacyRecordStore::new(fault, parts)),
            )
            .ok()
            .flatten()
        });
    }
    let data_store_faults = DataStoreFault::ALL
        .into_iter()
        .filter(|fault| fault.target().0.id == CONCURRENT_LINEARIZABLE.id);
    for fault in data_store_faults {
        row(&format!("{fault:?}"), runs, || {
            check_persistent_data_store_property(
                CONCURRENT_LINEARIZABLE.id,
                &config,
                "ControlDataStore::new",
                fault.kind(),
                move |clock| ControlDataStore::new(fault, clock),
                ("ControlDataStore::reopen", ControlDataStore::reopen),
            )
            .ok()
        });
    }
}
