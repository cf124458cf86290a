//! The data store suite's controls over many random run seeds at the default budget:
//! how often each faulty control is caught by its property and at which shrunk
//! lengths, and that every correct control (the reference options' and one per other
//! option of every reading) passes every property.
//!
//! `cargo run --release -p conformance-selftest --example data_store_controls [runs] [filter]`
//!
//! `filter` keeps the controls whose name contains it (`Null`, `one_table`, …).

use conformance_selftest::controls::data_store::options::option_controls;
use conformance_selftest::controls::data_store::{ControlDataStore, DataStoreFault};
use storage_conformance::config::RunConfig;
use storage_conformance::datastore::{
    DataStoreKind, check_persistent_data_store_property, properties,
};
use storage_conformance::outcome::Outcome;
use storage_conformance::readings::Choice;

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: u32 = args
        .next()
        .map_or(Ok(20), |a| a.parse())
        .unwrap_or_else(|e| {
            eprintln!("the first argument is a number of runs: {e}");
            std::process::exit(2);
        });
    let filter = args.next().unwrap_or_default();
    println!("faulty controls, {runs} runs each:");
    println!(
        "{:<32} {:<36} {:>8} {:>8} {:>14}",
        "fault", "property", "caught", "minimal", "lengths seen"
    );
    for fault in DataStoreFault::ALL {
        let name = format!("{fault:?}");
        if name.contains(&filter) {
            faulty(&name, fault, runs);
        }
    }
    println!("\ncorrect controls, {runs} runs of every property each:");
    let mut correct = vec![
        ("null_control".to_string(), DataStoreKind::Null, Vec::new()),
        (
            "write_through_control".to_string(),
            DataStoreKind::WriteThrough,
            Vec::new(),
        ),
        (
            "write_behind_control".to_string(),
            DataStoreKind::WriteBehind,
            Vec::new(),
        ),
    ];
    correct.extend(
        option_controls()
            .into_iter()
            .map(|c| (c.name, c.kind, c.follows)),
    );
    for (name, kind, follows) in correct {
        if name.contains(&filter) {
            passing(&name, kind, &follows, runs);
        }
    }
}

fn check(
    id: &str,
    kind: DataStoreKind,
    factory: impl Fn(std::sync::Arc<storage_conformance::doubles::ManualClock>) -> ControlDataStore
    + Send
    + Sync
    + 'static,
) -> Outcome {
    check_persistent_data_store_property(
        id,
        &RunConfig::default(),
        "control",
        kind,
        factory,
        ("ControlDataStore::reopen", ControlDataStore::reopen),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `fault`'s property `runs` times on fresh seeds and prints how often it caught
/// the fault, how often at the documented minimal length, and the lengths seen.
fn faulty(name: &str, fault: DataStoreFault, runs: u32) {
    let (property, minimal) = fault.target();
    let (mut caught, mut at_minimum, mut lengths) = (0, 0, Vec::new());
    for _ in 0..runs {
        let outcome = check(property.id, fault.kind(), move |clock| {
            ControlDataStore::new(fault, clock)
        });
        if let Some(failure) = outcome.failure().filter(|f| f.property == property.id) {
            caught += 1;
            at_minimum += u32::from(failure.steps == minimal);
            lengths.push(failure.steps);
        }
    }
    lengths.sort_unstable();
    lengths.dedup();
    println!(
        "{name:<32} {:<36} {caught:>5}/{runs} {at_minimum:>5}/{runs} {:>14}",
        property.id,
        format!("{lengths:?}")
    );
}

/// Runs every property on a correct control `runs` times on fresh seeds and prints how
/// many runs failed (which must be none), with the first failure.
fn passing(name: &str, kind: DataStoreKind, follows: &[Choice], runs: u32) {
    let mut failed = 0;
    let mut first = None;
    for _ in 0..runs {
        for property in properties::ALL {
            let follows = follows.to_vec();
            let outcome = check(property.id, kind, move |clock| {
                ControlDataStore::following(kind, &follows, clock)
            });
            if let Some(failure) = outcome.failure() {
                failed += 1;
                first.get_or_insert_with(|| failure.to_string());
            }
        }
    }
    let cells = runs as usize * properties::ALL.len();
    println!("{name:<72} {failed:>3} of {cells} failed");
    if let Some(first) = first {
        println!("{first}");
    }
}
