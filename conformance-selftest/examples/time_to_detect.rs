//! Time to detect: every faulty control of the report's catalog, run on the property
//! that targets it with fresh random run seeds at the default settings (the search for
//! further rules off, as in the report): the median number of cases run up to and
//! including the first failing one, and the median time spent shrinking it.
//!
//! `cargo run --release -p conformance-selftest --example time_to_detect [runs] [only]`
//!
//! `runs` defaults to 20; `only`, when given, runs the controls whose name contains it.
//! The shrink time of a run is its wall time less that of the same run (same seed, so
//! the same cases) with no shrink time at all, which stops at the first failure.

use std::time::{Duration, Instant};

use conformance_selftest::report::{Role, Subject, catalog};
use storage_conformance::config::RunConfig;
use storage_conformance::outcome::Outcome;

/// A control whose median exceeds this many cases is listed as slow to detect.
const SLOW_DETECTION: u32 = 20;

/// The first failure's case count (none if the run passed) and the run's wall time.
fn timed(subject: &Subject, target: &str, config: &RunConfig) -> (Option<u32>, Duration) {
    let start = Instant::now();
    let outcome = (subject.check)(target, config).unwrap_or_else(|e| panic!("{e}"));
    let cases = match &outcome {
        Outcome::Failed(failures) => Some(failures.first().cases_run),
        _ => None,
    };
    (cases, start.elapsed())
}

fn median<T: Ord + Copy>(mut values: Vec<T>) -> Option<T> {
    values.sort_unstable();
    values.get(values.len() / 2).copied()
}

fn main() {
    let runs: u32 = std::env::args()
        .nth(1)
        .map_or(Ok(20), |arg| arg.parse())
        .unwrap_or_else(|e| {
            eprintln!("the first argument is a number of runs: {e}");
            std::process::exit(2);
        });
    let only = std::env::args().nth(2).unwrap_or_default();
    println!("| control | property | caught | median cases | most cases | median shrink time |");
    println!("|---|---|---:|---:|---:|---:|");
    let mut slow = Vec::new();
    for subject in catalog() {
        let Role::Faulty { target } = subject.role else {
            continue;
        };
        if !subject.name.contains(&only) {
            continue;
        }
        let (mut cases, mut shrink_times) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let config = RunConfig::default().distinct_rules(1);
            let mut unshrunk = config.clone();
            unshrunk.max_shrink_time = Duration::ZERO;
            let (caught, whole) = timed(&subject, target, &config);
            let (_, detection) = timed(&subject, target, &unshrunk);
            if let Some(count) = caught {
                cases.push(count);
                shrink_times.push(whole.saturating_sub(detection));
            }
        }
        let caught = cases.len();
        let most = cases.iter().max().copied();
        let median_cases = median(cases);
        let show = |n: Option<u32>| n.map_or_else(|| "—".to_string(), |n| n.to_string());
        println!(
            "| `{}` | `{target}` | {caught}/{runs} | {} | {} | {} |",
            subject.name,
            show(median_cases),
            show(most),
            median(shrink_times).map_or_else(|| "—".to_string(), |t| format!("{t:.2?}")),
        );
        if median_cases.is_none_or(|n| n > SLOW_DETECTION) {
            slow.push(format!("{} ({target})", subject.name));
        }
    }
    println!(
        "\ncontrols whose median exceeds {SLOW_DETECTION} cases, or never caught: {}",
        if slow.is_empty() {
            "none".to_string()
        } else {
            slow.join(", ")
        }
    );
}
