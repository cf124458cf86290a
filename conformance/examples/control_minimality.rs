//! How reliably the kit catches each engine, record-store, data-store and observer control, and how often
//! shrinking reaches the control's known minimal counterexample, over many random run
//! seeds.
//!
//! `cargo run --release -p storage-conformance --example control_minimality [runs]`

use storage_conformance::config::RunConfig;
use storage_conformance::controls::data_store::{ControlDataStore, DataStoreFault};
use storage_conformance::controls::engine::{EngineFault, FaultyEngine};
use storage_conformance::controls::observer::{FaultyComposite, ObserverFault};
use storage_conformance::controls::record_store::{FaultyRecordStore, RecordStoreFault};
use storage_conformance::datastore::check_persistent_data_store_property;
use storage_conformance::engine::check_engine_property;
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
    println!(
        "{:<34} {:>8} {:>10} {:>12}",
        "fault", "caught", "minimal", "steps seen"
    );
    for fault in EngineFault::ALL {
        let (property, minimal) = fault.target();
        measure(&format!("{fault:?}"), runs, property, minimal, |config| {
            check_engine_property(property.id, config, "FaultyEngine::new", move || {
                FaultyEngine::new(fault)
            })
        });
    }
    for fault in DataStoreFault::ALL {
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
    for fault in ObserverFault::ALL {
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
    for fault in RecordStoreFault::ALL {
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

/// Runs one control `runs` times on fresh seeds and prints how often `property` caught
/// it and how often the counterexample had `minimal` steps.
fn measure(
    name: &str,
    runs: u32,
    property: PropertyInfo,
    minimal: usize,
    check: impl Fn(&RunConfig) -> Result<Outcome, String>,
) {
    let (mut caught, mut at_minimum, mut lengths) = (0, 0, Vec::new());
    for _ in 0..runs {
        let Ok(outcome) = check(&RunConfig::default()) else {
            continue;
        };
        if let Some(failure) = outcome.failure().filter(|f| f.property == property.id) {
            caught += 1;
            at_minimum += u32::from(failure.steps == minimal);
            lengths.push(failure.steps);
        }
    }
    lengths.sort_unstable();
    lengths.dedup();
    println!(
        "{name:<34} {caught:>5}/{runs} {at_minimum:>7}/{runs} {:>12}",
        format!("{lengths:?}")
    );
}
