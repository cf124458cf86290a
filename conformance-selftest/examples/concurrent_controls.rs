//! How reliably the concurrent engine, record-store and data-store properties catch the
//! concurrency controls at the default settings, over many random run seeds, and how
//! small the counterexamples get.
//!
//! `cargo run --release -p conformance-selftest --example concurrent_controls [runs] [deadlock watchdog ms] [only]`
//!
//! `only`, when given, runs the controls whose name contains it.
//!
//! Everything runs at the default settings, except that the deadlock control's
//! watchdog may be shortened with the second argument: a deadlock is permanent, so the
//! watchdog's length changes how long a caught run takes, not whether it is caught.

use std::time::{Duration, Instant};

use conformance_selftest::controls::concurrent_engine::{ConcurrentEngineFault, RacyEngine};
use conformance_selftest::controls::concurrent_record_store::{
    ConcurrentStoreFault, RacyRecordStore,
};
use conformance_selftest::controls::data_store::{ControlDataStore, DataStoreFault};
use conformance_selftest::controls::sharded_engine::ShardedEngine;
use conformance_selftest::reference::write_behind_over_memory;
use storage_conformance::config::RunConfig;
use storage_conformance::datastore::properties::CONCURRENT_LINEARIZABLE as DATA_STORE_PROPERTY;
use storage_conformance::datastore::{
    DataStoreKind, check_data_store_property, check_persistent_data_store_property,
};
use storage_conformance::engine::check_engine_property;
use storage_conformance::outcome::Outcome;
use storage_conformance::property::PropertyInfo;
use storage_conformance::recordstore::RecordStoreParts;
use storage_conformance::recordstore::concurrent::{
    ALL as CONCURRENT_STORE_PROPERTIES, check_concurrent_record_store_property,
};

fn arg<T: std::str::FromStr>(index: usize, default: T) -> T {
    std::env::args()
        .nth(index)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let runs: u32 = arg(1, 100);
    let default_watchdog = RunConfig::default().watchdog;
    let deadlock_watchdog = Duration::from_millis(arg(
        2,
        u64::try_from(default_watchdog.as_millis()).unwrap_or(u64::MAX),
    ));
    println!("| fault | property | caught | steps seen | mean time per run |");
    println!("|---|---|---:|---|---:|");
    let only: String = arg(3, String::new());
    let wanted = |name: String| name.contains(&only);
    for fault in ConcurrentEngineFault::ALL {
        if !wanted(format!("{fault:?}")) {
            continue;
        }
        let property = fault.target();
        let mut config = RunConfig::default();
        if fault == ConcurrentEngineFault::LockOrderDeadlock {
            config = config.watchdog(deadlock_watchdog);
        }
        row(&format!("{fault:?}"), &property, runs, || {
            check_engine_property(property.id, &config, "RacyEngine::new", move || {
                RacyEngine::new(fault)
            })
            .ok()
        });
    }
    if wanted("ShardedSnapshot".to_string()) {
        let property = ShardedEngine::target();
        row("ShardedSnapshot", &property, runs, || {
            check_engine_property(
                property.id,
                &RunConfig::default(),
                "ShardedEngine::shard_by_shard",
                ShardedEngine::shard_by_shard,
            )
            .ok()
        });
    }
    record_store(runs, &wanted);
    data_store(runs, &wanted);
}

/// The record-store controls, and the correct wrapper that must pass.
fn record_store(runs: u32, wanted: &dyn Fn(String) -> bool) {
    let run = |fault: Option<ConcurrentStoreFault>, property: &PropertyInfo| -> Option<Outcome> {
        check_concurrent_record_store_property(
            property,
            &RunConfig::default(),
            "RacyRecordStore::new",
            move |parts: RecordStoreParts| {
                Box::new(match fault {
                    Some(fault) => RacyRecordStore::new(fault, parts),
                    None => RacyRecordStore::correct(parts),
                })
            },
        )
        .ok()
        .flatten()
    };
    for fault in ConcurrentStoreFault::ALL {
        if !wanted(format!("{fault:?}")) {
            continue;
        }
        let property = fault.target();
        row(&format!("{fault:?}"), &property, runs, || {
            run(Some(fault), &property)
        });
    }
    if !wanted("correct".to_string()) {
        return;
    }
    for property in CONCURRENT_STORE_PROPERTIES {
        let passed = (0..runs.min(10))
            .filter(|_| matches!(run(None, property), Some(Outcome::Passed { .. })))
            .count();
        println!(
            "correct wrapper, `{}`: passed {passed}/{}",
            property.id,
            runs.min(10)
        );
    }
}

/// Prints one row of the table: how often `run` was caught by `property`, the shrunk
/// lengths seen and the mean time per run.
fn row(name: &str, property: &PropertyInfo, runs: u32, run: impl Fn() -> Option<Outcome>) {
    let (mut caught, mut lengths) = (0, Vec::new());
    let start = Instant::now();
    for _ in 0..runs {
        if let Some(failure) = run()
            .as_ref()
            .and_then(Outcome::failure)
            .filter(|f| f.property == property.id)
        {
            caught += 1;
            lengths.push(failure.steps);
        }
    }
    let mean = start.elapsed() / runs.max(1);
    lengths.sort_unstable();
    lengths.dedup();
    println!(
        "| `{name}` | `{}` | {caught}/{runs} | {lengths:?} | {mean:.2?} |",
        property.id
    );
}

/// The data-store controls whose target is the concurrent property, and the correct
/// stores that must pass it.
fn data_store(runs: u32, wanted: &dyn Fn(String) -> bool) {
    let faults = DataStoreFault::ALL
        .into_iter()
        .filter(|fault| fault.target().0.id == DATA_STORE_PROPERTY.id);
    for fault in faults.filter(|fault| wanted(format!("{fault:?}"))) {
        row(
            &format!("DataStoreFault::{fault:?}"),
            &DATA_STORE_PROPERTY,
            runs,
            || {
                check_persistent_data_store_property(
                    DATA_STORE_PROPERTY.id,
                    &RunConfig::default(),
                    "ControlDataStore::new",
                    fault.kind(),
                    move |clock| ControlDataStore::new(fault, clock),
                    ("ControlDataStore::reopen", ControlDataStore::reopen),
                )
                .ok()
            },
        );
    }
    if !wanted("correct".to_string()) {
        return;
    }
    let passes = |name: &str, check: &dyn Fn() -> Result<Outcome, String>| {
        let passed = (0..runs.min(10))
            .filter(|_| matches!(check(), Ok(Outcome::Passed { .. })))
            .count();
        println!(
            "{name}, `{}`: passed {passed}/{}",
            DATA_STORE_PROPERTY.id,
            runs.min(10)
        );
    };
    let id = DATA_STORE_PROPERTY.id;
    let config = RunConfig::default();
    passes("write-through control", &|| {
        check_data_store_property(id, &config, "c", DataStoreKind::WriteThrough, |clock| {
            ControlDataStore::write_through(clock)
        })
    });
    passes("write-behind control", &|| {
        check_data_store_property(id, &config, "c", DataStoreKind::WriteBehind, |clock| {
            ControlDataStore::write_behind(clock)
        })
    });
    passes("reference write-behind store", &|| {
        check_data_store_property(
            id,
            &config,
            "write_behind_over_memory",
            DataStoreKind::WriteBehind,
            write_behind_over_memory,
        )
    });
}
