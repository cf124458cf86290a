//! How reliably the kit catches each engine, record-store, data-store and observer control, and how often
//! shrinking reaches the control's known minimal counterexample, over many random run
//! seeds. For the engine faults that only a large store shows, it also prints the sizes
//! of the bulk puts the counterexamples shrank to.
//!
//! `cargo run --release -p conformance-selftest --example control_minimality [runs] [only]`
//!
//! `only`, when given, runs the controls whose name contains it.

use conformance_selftest::controls::data_store::{ControlDataStore, DataStoreFault};
use conformance_selftest::controls::engine::{EngineFault, FaultyEngine};
use conformance_selftest::controls::observer::{FaultyComposite, ObserverFault};
use conformance_selftest::controls::record_store::{FaultyRecordStore, RecordStoreFault};
use storage_conformance::config::RunConfig;
use storage_conformance::datastore::check_persistent_data_store_property;
use storage_conformance::engine::check_engine_property;
use storage_conformance::failure::Failure;
use storage_conformance::observer::check_observer_property;
use storage_conformance::outcome::Outcome;
use storage_conformance::property::PropertyInfo;
use storage_conformance::recordstore::{RecordStoreParts, check_record_store_property};

fn main() {
    let runs: u32 = std::env::args()
        .nth(1)
        .map_or(Ok(20), |arg| arg.parse())
        .unwrap_or_else(|e| {
            eprintln!("the argument is a number of runs: {e}");
            std::process::exit(2);
        });
    let only = std::env::args().nth(2).unwrap_or_default();
    let wanted = |name: &str| name.contains(&only);
    println!(
        "{:<34} {:>8} {:>10} {:>12}",
        "fault", "caught", "minimal", "steps seen"
    );
    for fault in EngineFault::ALL
        .into_iter()
        .filter(|f| wanted(&format!("{f:?}")))
    {
        let (property, minimal) = fault.target();
        let failures = measure(&format!("{fault:?}"), runs, property, minimal, |config| {
            check_engine_property(property.id, config, "FaultyEngine::new", move || {
                FaultyEngine::new(fault)
            })
        });
        if !fault.minimal_stores().is_empty() {
            let mut stores: Vec<usize> = failures.iter().filter_map(bulk_size).collect();
            stores.sort_unstable();
            stores.dedup();
            println!(
                "{:<34} bulk puts of {stores:?} keys (smallest failing: {:?})",
                "",
                fault.minimal_stores()
            );
        }
    }
    for fault in DataStoreFault::ALL
        .into_iter()
        .filter(|f| wanted(&format!("{f:?}")))
    {
        let (property, minimal) = fault.target();
        measure(&format!("{fault:?}"), runs, property, minimal, |config| {
            check_persistent_data_store_property(
                property.id,
                config,
                "ControlDataStore::new",
                fault.kind(),
                move |clock| ControlDataStore::new(fault, clock),
                ("ControlDataStore::reopen", ControlDataStore::reopen),
            )
        });
    }
    for fault in ObserverFault::ALL
        .into_iter()
        .filter(|f| wanted(&format!("{f:?}")))
    {
        let (property, minimal) = fault.target();
        measure(&format!("{fault:?}"), runs, property, minimal, |config| {
            check_observer_property(
                property.id,
                config,
                "FaultyComposite::new",
                move |observers| FaultyComposite::new(fault, observers),
                Some((FaultyComposite::add, "FaultyComposite::add")),
            )
        });
    }
    for fault in RecordStoreFault::ALL
        .into_iter()
        .filter(|f| wanted(&format!("{f:?}")))
    {
        let (property, minimal) = fault.target();
        measure(&format!("{fault:?}"), runs, property, minimal, |config| {
            check_record_store_property(
                property.id,
                config,
                "FaultyRecordStore::new",
                move |parts: RecordStoreParts| Box::new(FaultyRecordStore::new(fault, parts)),
            )
        });
    }
}

/// The number of keys of the bulk put in `failure`'s counterexample, if it has one.
fn bulk_size(failure: &Failure) -> Option<usize> {
    let after = failure.counterexample.split("for i in 0..").nth(1)?;
    after.split("usize").next()?.parse().ok()
}

/// Runs one control `runs` times on fresh seeds, prints how often `property` caught it
/// and how often the counterexample had `minimal` steps, and returns the failures.
fn measure(
    name: &str,
    runs: u32,
    property: PropertyInfo,
    minimal: usize,
    check: impl Fn(&RunConfig) -> Result<Outcome, String>,
) -> Vec<Failure> {
    let (mut caught, mut at_minimum, mut lengths) = (0, 0, Vec::new());
    let mut failures = Vec::new();
    for _ in 0..runs {
        let Ok(outcome) = check(&RunConfig::default()) else {
            continue;
        };
        if let Some(failure) = outcome.failure().filter(|f| f.property == property.id) {
            caught += 1;
            at_minimum += u32::from(failure.steps == minimal);
            lengths.push(failure.steps);
            failures.push(failure.clone());
        }
    }
    lengths.sort_unstable();
    lengths.dedup();
    println!(
        "{name:<34} {caught:>5}/{runs} {at_minimum:>7}/{runs} {:>12}",
        format!("{lengths:?}")
    );
    failures
}
