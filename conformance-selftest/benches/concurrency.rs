//! The linearizability checker's time against history size, and how often the
//! concurrent properties catch the concurrency controls against thread count and case
//! count.
//!
//! `cargo bench -p conformance-selftest --bench concurrency [-- runs]`

use std::sync::Arc;
use std::time::{Duration, Instant};

use conformance_selftest::controls::concurrent_engine::{ConcurrentEngineFault, RacyEngine};
use conformance_selftest::controls::concurrent_record_store::{
    ConcurrentStoreFault, RacyRecordStore,
};
use storage_conformance::concurrent::clock::LogicalClock;
use storage_conformance::concurrent::scenario::ConcurrentScenario;
use storage_conformance::config::RunConfig;
use storage_conformance::engine::concurrent::checks::linearizable;
use storage_conformance::engine::concurrent::run::run_threads;
use storage_conformance::engine::{EngineOp, check_engine_property};
use storage_conformance::generators::simplest_record;
use storage_conformance::recordstore::RecordStoreParts;
use storage_conformance::recordstore::concurrent::check_concurrent_record_store_property;
use storage_conformance::scenario::StepTracker;
use storage_reference::HashMapEngine;

/// A deterministic mix of puts, gets, removes and contains_key over `keys` keys on 4
/// threads: `ops` steps in all.
fn scenario(ops: usize, keys: usize) -> ConcurrentScenario<EngineOp> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let steps = (0..ops)
        .map(|i| {
            let key = format!("k{}", next() % keys as u64);
            let mut record = simplest_record();
            record.metadata.cost = i as u64;
            let op = match next() % 8 {
                0..=3 => EngineOp::Put(key, record),
                4 | 5 => EngineOp::Get(key),
                6 => EngineOp::Remove(key),
                _ => EngineOp::ContainsKey(key),
            };
            (i % 4, op)
        })
        .collect();
    ConcurrentScenario { threads: 4, steps }
}

fn checker_times() {
    println!("| operations | keys | run (4 threads) | check | verdict |");
    println!("|---:|---:|---:|---:|---|");
    for (ops, keys) in [
        (1_000, 1),
        (1_000, 8),
        (10_000, 8),
        (100_000, 8),
        (100_000, 64),
    ] {
        let scenario = scenario(ops, keys);
        let engine = Arc::new(HashMapEngine::new());
        let start = Instant::now();
        let history = run_threads(
            &engine,
            &scenario,
            &StepTracker::default(),
            &LogicalClock::new(),
        );
        let ran = start.elapsed();
        let start = Instant::now();
        let verdict = linearizable(&history, Duration::from_secs(120));
        let checked = start.elapsed();
        let verdict = match verdict {
            Ok(_) => "linearizable".to_string(),
            Err(v) => v.rule,
        };
        println!("| {ops} | {keys} | {ran:.1?} | {checked:.1?} | {verdict} |");
    }
}

/// Whether one run of a control's targeted property at `config` caught it.
type Detect = fn(&RunConfig) -> bool;

fn engine_caught(fault: ConcurrentEngineFault, config: &RunConfig) -> bool {
    let property = fault.target();
    check_engine_property(property.id, config, "RacyEngine::new", move || {
        RacyEngine::new(fault)
    })
    .ok()
    .and_then(|o| o.failure().map(|f| f.property == property.id))
    .unwrap_or(false)
}

fn store_caught(fault: ConcurrentStoreFault, config: &RunConfig) -> bool {
    let property = fault.target();
    check_concurrent_record_store_property(
        &property,
        config,
        "RacyRecordStore::new",
        move |parts: RecordStoreParts| Box::new(RacyRecordStore::new(fault, parts)),
    )
    .ok()
    .flatten()
    .and_then(|o| o.failure().map(|f| f.property == property.id))
    .unwrap_or(false)
}

fn detection(runs: u32) {
    let controls: [(&str, Detect); 4] = [
        ("RacyPut", |c| {
            engine_caught(ConcurrentEngineFault::RacyPut, c)
        }),
        ("NonAtomicLen", |c| {
            engine_caught(ConcurrentEngineFault::NonAtomicLen, c)
        }),
        ("EventFromStaleRead", |c| {
            store_caught(ConcurrentStoreFault::EventFromStaleRead, c)
        }),
        ("TouchWritesBackStaleRecord", |c| {
            store_caught(ConcurrentStoreFault::TouchWritesBackStaleRecord, c)
        }),
    ];
    println!("\n| control | threads | cases | repetitions | caught | mean time per run |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, detect) in controls {
        for threads in [2, 4, 8] {
            for (cases, repetitions) in [(1, 1), (1, 4), (4, 4), (32, 4)] {
                let start = Instant::now();
                let caught = (0..runs)
                    .filter(|_| {
                        detect(
                            &RunConfig::default()
                                .threads(threads)
                                .concurrent_cases(cases)
                                .repetitions(repetitions),
                        )
                    })
                    .count();
                let mean = start.elapsed() / runs.max(1);
                println!(
                    "| `{name}` | {threads} | {cases} | {repetitions} | {caught}/{runs} | {mean:.2?} |"
                );
            }
        }
    }
}

fn main() {
    let runs: u32 = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(20);
    checker_times();
    detection(runs);
}
