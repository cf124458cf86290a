//! How reliably the kit catches each engine control, and how often shrinking reaches the
//! control's known minimal counterexample, over many random run seeds.
//!
//! `cargo run --release -p storage-conformance --example control_minimality [runs]`

use storage_conformance::config::RunConfig;
use storage_conformance::controls::engine::{EngineFault, FaultyEngine};
use storage_conformance::engine::check_engine_property;

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
        let (mut caught, mut at_minimum, mut lengths) = (0, 0, Vec::new());
        for _ in 0..runs {
            let config = RunConfig::default();
            let Ok(outcome) =
                check_engine_property(property.id, &config, "FaultyEngine::new", move || {
                    FaultyEngine::new(fault)
                })
            else {
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
            "{:<34} {:>5}/{runs} {:>7}/{runs} {:>12}",
            format!("{fault:?}"),
            caught,
            at_minimum,
            format!("{lengths:?}")
        );
    }
}
