//! The engine suite on the reference engines and on the correct controls: all must pass,
//! by default (every option of every reading accepted) and under the pins of the
//! options they follow. The reference engines and the first controls run the default
//! budget; the controls of the readings run a quarter of it, by default and pinned, to
//! keep a debug run short: the report (`conformance-report`, release) runs each of them
//! at the default budget, and `tests/controls/engine.rs` shows on each that its pin is
//! checked.

use conformance_selftest::controls::concurrent_engine::RacyEngine;
use conformance_selftest::controls::engine::{EngineVariant, FaultyEngine};
use conformance_selftest::controls::sharded_engine::ShardedEngine;
use storage_conformance::engine::readings;
use storage_conformance::storage_engine_conformance;
use storage_reference::{BTreeEngine, HashMapEngine};

use storage_conformance::config::RunConfig;

/// A pinned run's budget: a quarter of the default cases.
fn quarter(config: RunConfig) -> RunConfig {
    let (cases, concurrent) = (config.cases / 4, config.concurrency.cases / 4);
    config
        .cases(cases.max(1))
        .concurrent_cases(concurrent.max(1))
}

/// Pins the option `variant` follows, on a quarter of the cases.
fn pinned(variant: EngineVariant, config: RunConfig) -> RunConfig {
    let choice = variant
        .follows()
        .unwrap_or_else(|| panic!("{variant:?} follows no option of a reading"));
    quarter(config).pin(choice)
}

/// The reference engines' options, every one pinned, on a quarter of the cases.
fn reference_options(config: RunConfig) -> RunConfig {
    readings::ALL
        .iter()
        .fold(quarter(config), |config, reading| {
            config.pin(reading.choice(0))
        })
}

storage_engine_conformance!(hash_map_engine, HashMapEngine::new);
// The hash map follows the same options as the B-tree: pinned, a mutant that breaks one
// of them (a `destroy` that does nothing, say) fails here, not only under the default
// that accepts every option (scripts/mutants.sh, docs/benchmarks.md).
storage_engine_conformance!(
    hash_map_engine_reference_options,
    HashMapEngine::new,
    configure = reference_options
);
storage_engine_conformance!(btree_engine, BTreeEngine::new);
storage_engine_conformance!(
    btree_engine_reference_options,
    BTreeEngine::new,
    configure = reference_options
);
storage_engine_conformance!(fault_free_control, FaultyEngine::correct);
storage_engine_conformance!(racy_engine_without_fault, RacyEngine::correct);
storage_engine_conformance!(
    sharded_engine_locked_snapshot,
    ShardedEngine::locked,
    configure = quarter
);
storage_engine_conformance!(
    racy_engine_offset_cursor,
    RacyEngine::offset_cursor,
    configure = quarter
);
storage_engine_conformance!(
    racy_engine_offset_cursor_pinned,
    RacyEngine::offset_cursor,
    configure = |c| quarter(c).pin(readings::WALKS_NO_PROMISE)
);

/// One module per correct control variant, run by default and under its own pin, each
/// on a quarter of the cases.
macro_rules! variant_suites {
    ($($name:ident, $pinned:ident: $variant:ident;)*) => {$(
        storage_engine_conformance!(
            $name,
            || FaultyEngine::variant(EngineVariant::$variant),
            configure = quarter
        );
        storage_engine_conformance!(
            $pinned,
            || FaultyEngine::variant(EngineVariant::$variant),
            configure = |c| pinned(EngineVariant::$variant, c)
        );
    )*};
}

storage_engine_conformance!(large_pages_control, FaultyEngine::large_pages);
storage_engine_conformance!(opaque_cursor_control, FaultyEngine::opaque_cursors);

variant_suites! {
    literal_size_zero_control, literal_size_zero_control_pinned: LiteralSizeZero;
    end_in_empty_page_control, end_in_empty_page_control_pinned: EndInEmptyPage;
    offset_cursor_control, offset_cursor_control_pinned: OffsetCursor;
    entries_pages_reversed_control, entries_pages_reversed_control_pinned: EntriesPagesReversed;
    samples_with_replacement_control, samples_with_replacement_control_pinned: SamplesWithReplacement;
    own_cost_estimate_control, own_cost_estimate_control_pinned: OwnCostEstimate;
    inert_after_destroy_control, inert_after_destroy_control_pinned: InertAfterDestroy;
    panics_after_destroy_control, panics_after_destroy_control_pinned: PanicsAfterDestroy;
}
