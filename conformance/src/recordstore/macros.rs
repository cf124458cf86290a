//! [`record_store_conformance!`](crate::record_store_conformance).

/// Generates `mod $name { #[test] fn <property_id>() … }` with one test per
/// `RecordStore` property, each run on fresh stores from `$factory`, a function from
/// the kit's [`RecordStoreParts`](crate::recordstore::RecordStoreParts) to a
/// `Box` of the store under test. The kit calls `init()` once on each store before its
/// first operation. The factory may be called twice in a case: some
/// `recordstore_should_evict` cases first build a probe store, over fresh parts, to
/// measure the cost limit of the store under test.
///
/// ```ignore
/// record_store_conformance!(my_store, |parts: RecordStoreParts| Box::new(MyStore::new(parts)));
/// // A store that reads the wall clock: the properties that need the kit's clock are
/// // skipped, and each skip says why.
/// record_store_conformance!(my_store_wall_clock, |parts: RecordStoreParts| Box::new(MyStore::new(parts)),
///     configure = |c| c.without(storage_conformance::recordstore::capabilities::INJECTED_CLOCK));
/// // A store that follows given options of the spec's open points: pinned, they are
/// // checked strictly; every other reading still accepts all its options.
/// use storage_conformance::recordstore::readings::{NEW_KEY_VERSION_ONE, UNSAVED_EVICTION_FLUSH};
/// record_store_conformance!(my_store_pinned, |parts: RecordStoreParts| Box::new(MyStore::new(parts)),
///     configure = |c| c.pin(NEW_KEY_VERSION_ONE).pin(UNSAVED_EVICTION_FLUSH));
/// ```
///
/// The readings and their options are [`crate::recordstore::readings`]; by default the
/// suite accepts every option of every reading.
///
/// `cargo test my_store::` runs the suite; failing seeds are kept in
/// `conformance-regressions/my_store/` of the crate and replayed first.
#[macro_export]
macro_rules! record_store_conformance {
    ($name:ident, $factory:expr $(,)?) => {
        $crate::record_store_conformance!($name, $factory, configure = |c| c);
    };
    ($name:ident, $factory:expr, configure = $configure:expr $(,)?) => {
        $crate::__suite_module!(
                $name, $configure,
                |id, config| $crate::recordstore::check_record_store_property(id, &config, stringify!($factory), $factory);
                $crate::recordstore::properties::ALL;
                recordstore_model_equivalence,
                recordstore_metadata,
                recordstore_observer_events,
                recordstore_provenance,
                recordstore_dirty_tracking,
                recordstore_faults,
                recordstore_eviction,
                recordstore_should_evict,
                recordstore_expiry,
                recordstore_expiry_defaults,
                recordstore_cost,
                recordstore_cursor,
                recordstore_init,
                recordstore_identity,
                recordstore_concurrent_events,
                recordstore_concurrent_metadata,
                recordstore_concurrent_linearizable,
                recordstore_concurrent_write_through
        );
    };
}
