//! The run's settings as the report shows them: the distinct settings its cells ran
//! with (one for the bundled report; an implementer's tests may differ) and its seeds.

use storage_conformance::records::{CellRecord, Settings, Status};

/// The distinct settings of `records`, in first-seen order.
pub fn distinct_settings(records: &[CellRecord]) -> Vec<&Settings> {
    let mut found: Vec<&Settings> = Vec::new();
    for record in records {
        if !found.contains(&&record.settings) {
            found.push(&record.settings);
        }
    }
    found
}

/// The seed every cell ran with, or `None` when the cells' seeds differ (each test of
/// an implementer's crate draws its own).
pub fn common_seed(records: &[CellRecord]) -> Option<&str> {
    let first = records.first()?;
    records
        .iter()
        .all(|r| r.seed == first.seed)
        .then_some(first.seed.as_str())
}

/// `settings`, item by item.
pub fn describe(settings: &Settings) -> Vec<String> {
    vec![
        format!("{} cases per property", settings.cases),
        format!(
            "watchdog {} ms ({} ms while shrinking a hang)",
            settings.watchdog_ms, settings.shrink_watchdog_ms
        ),
        format!(
            "shrinking at most {} ms or {} steps",
            settings.max_shrink_ms, settings.max_shrink_iters
        ),
        format!(
            "concurrent properties: {} cases × {} runs on {} threads",
            settings.concurrent_cases, settings.repetitions, settings.threads
        ),
    ]
}

/// The settings and seed of `records`, item by item, for the text report.
pub fn settings_items(records: &[CellRecord]) -> Vec<String> {
    let mut items: Vec<String> = distinct_settings(records)
        .into_iter()
        .flat_map(describe)
        .collect();
    items.push(common_seed(records).map_or_else(
        || "each cell's seed in the JSON and HTML".to_string(),
        |seed| format!("seed {seed}"),
    ));
    items
}

/// How many cells passed, failed, were skipped and could not run: `12 passed, …`.
pub fn tally(records: &[CellRecord]) -> String {
    let of = |status: Status| records.iter().filter(|r| r.status == status).count();
    let errors = match of(Status::Error) {
        0 => String::new(),
        errors => format!(", {errors} not run (errors)"),
    };
    format!(
        "{} passed, {} failed, {} skipped{errors}",
        of(Status::Pass),
        of(Status::Fail),
        of(Status::Skipped)
    )
}
