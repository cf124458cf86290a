//! What the search for every distinct broken rule costs a failing run, and what it
//! finds: every faulty control of the report's catalog, run on the property that
//! targets it with the search off (`distinct_rules(1)`) and on (the default), at the
//! same run seed.
//!
//! `cargo run --release -p conformance-selftest --example distinct_search [seed] [only]`
//!
//! `only`, when given, runs the controls whose name contains it.

use std::time::{Duration, Instant};

use conformance_selftest::report::{Role, catalog};
use storage_conformance::config::RunConfig;
use storage_conformance::failure::Failures;
use storage_conformance::outcome::Outcome;

fn timed(run: impl FnOnce() -> Result<Outcome, String>) -> (Outcome, Duration) {
    let start = Instant::now();
    let outcome = run().unwrap_or_else(|e| panic!("{e}"));
    (outcome, start.elapsed())
}

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| storage_conformance::config::parse_number(&s).ok())
        .unwrap_or(0x5eed);
    let only = std::env::args().nth(2).unwrap_or_default();
    let on = RunConfig::default().seed(seed);
    let off = on.clone().distinct_rules(1);
    println!("| control | property | search off | search on | rules found |");
    println!("|---|---|---:|---:|---:|");
    let (mut total_off, mut total_on) = (Duration::ZERO, Duration::ZERO);
    let (mut controls, mut several, mut longest) = (0, 0, Duration::ZERO);
    for subject in catalog() {
        let Role::Faulty { target } = subject.role else {
            continue;
        };
        if !subject.name.contains(&only) {
            continue;
        }
        let (_, time_off) = timed(|| (subject.check)(target, &off));
        let (outcome, time_on) = timed(|| (subject.check)(target, &on));
        let rules = outcome.failures().map_or(0, Failures::count);
        println!(
            "| `{}` | `{target}` | {time_off:.2?} | {time_on:.2?} | {rules} |",
            subject.name
        );
        total_off += time_off;
        total_on += time_on;
        controls += 1;
        several += usize::from(rules > 1);
        longest = longest.max(time_on.saturating_sub(time_off));
    }
    println!(
        "\n{controls} faulty controls at seed {seed:#x}: search off {total_off:.1?}, on {total_on:.1?} (ratio {:.2}); {several} reported more than one rule; the most the search added to one run: {longest:.2?}",
        total_on.as_secs_f64() / total_off.as_secs_f64().max(f64::EPSILON)
    );
}
