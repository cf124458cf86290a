//! The macros that turn a factory into a test module with one `#[test]` per property.

mod tally;

pub use tally::{ModuleTally, finish_test};

/// Builds the run settings of a generated test module: environment first, then the
/// regression directory of the invoking crate, then the caller's `configure` function.
#[doc(hidden)]
pub fn module_config(
    manifest_dir: &str,
    module: &str,
    configure: fn(crate::config::RunConfig) -> crate::config::RunConfig,
) -> Result<crate::config::RunConfig, String> {
    let base = crate::config::RunConfig::from_env()
        .map_err(|e| format!("invalid conformance settings in the environment: {e}"))?;
    // Set explicitly from the invoking crate's manifest directory: proptest's own search
    // for `lib.rs` finds the wrong place for tests in a workspace's `tests/`.
    let dir = std::path::Path::new(manifest_dir)
        .join("conformance-regressions")
        .join(module);
    Ok(configure(base.regressions(dir)))
}

/// Generates `mod $name { #[test] fn <property_id>() … }` with one test per
/// `StorageEngine` property, each run on fresh engines from `$factory`.
///
/// ```ignore
/// storage_engine_conformance!(my_engine, || MyEngine::new());
/// // Options: any change to the run settings, as a function of them.
/// storage_engine_conformance!(my_engine_quick, || MyEngine::new(),
///     configure = |c| c.cases(32).skip("engine_random_samples", "sampling not supported yet"));
/// ```
///
/// `cargo test my_engine::` runs the suite; `cargo test my_engine::engine_snapshot` one
/// property. Failing seeds are kept in `conformance-regressions/my_engine/` of the crate
/// and replayed first.
#[macro_export]
macro_rules! storage_engine_conformance {
    ($name:ident, $factory:expr $(,)?) => {
        $crate::storage_engine_conformance!($name, $factory, configure = |c| c);
    };
    ($name:ident, $factory:expr, configure = $configure:expr $(,)?) => {
        $crate::__suite_module!(
                $name, $configure,
                |id, config| $crate::engine::check_engine_property(id, &config, stringify!($factory), $factory);
                $crate::engine::properties::ALL;
                engine_model_equivalence,
                engine_cursor_complete,
                engine_cursor_interleaved,
                engine_fetch_keys_entries_agree,
                engine_snapshot,
                engine_random_samples,
                engine_cost_accounting,
                engine_clear_destroy,
                engine_concurrent_linearizable,
                engine_concurrent_snapshot_tolerance,
                engine_concurrent_snapshot_point_in_time,
                engine_concurrent_cursor,
                engine_concurrent_quiescent
        );
    };
}

/// Generates `mod $name { #[test] fn <property_id>() … }` with one test per
/// `MutationObserver` property, each run on composites built by `$factory` from the
/// observers the kit registers (`Fn(Vec<Arc<dyn MutationObserver>>) -> C`).
///
/// ```ignore
/// mutation_observer_conformance!(composite, CompositeMutationObserver::new,
///     add = CompositeMutationObserver::add);
/// // Without `add` (a composite fixed at construction), `observer_add_registers` is skipped.
/// mutation_observer_conformance!(fixed, MyComposite::new, configure = |c| c.cases(32));
/// ```
///
/// `add` is a `fn(&mut C, Arc<dyn MutationObserver>)` that registers one more observer.
#[macro_export]
macro_rules! mutation_observer_conformance {
    ($name:ident, $factory:expr $(,)?) => {
        $crate::mutation_observer_conformance!(@module $name, $factory, None, |c| c);
    };
    ($name:ident, $factory:expr, configure = $configure:expr $(,)?) => {
        $crate::mutation_observer_conformance!(@module $name, $factory, None, $configure);
    };
    ($name:ident, $factory:expr, add = $add:expr $(,)?) => {
        $crate::mutation_observer_conformance!($name, $factory, add = $add, configure = |c| c);
    };
    ($name:ident, $factory:expr, add = $add:expr, configure = $configure:expr $(,)?) => {
        $crate::mutation_observer_conformance!(
            @module $name, $factory, Some(($add, stringify!($add))), $configure
        );
    };
    (@module $name:ident, $factory:expr, $adder:expr, $configure:expr) => {
        $crate::__suite_module!(
                $name, $configure,
                |id, config| {
                    let adder: Option<($crate::observer::Adder<_>, &str)> = $adder;
                    $crate::observer::check_observer_property(id, &config, stringify!($factory), $factory, adder)
                };
                $crate::observer::properties::ALL;
                observer_fan_out,
                observer_registered_twice,
                observer_empty_noop,
                observer_panicking_observer,
                observer_add_registers
        );
    };
}

/// Generates `mod $name { #[test] fn <property_id>() … }` with one test per
/// `MapDataStore` property, each run on fresh stores from `$factory`
/// (`Fn(Arc<ManualClock>) -> D`), built inside the property's tokio runtime.
///
/// Options, in any order:
/// - `kind` is one of `Null`, `WriteThrough` (the default) and `WriteBehind`
///   ([`DataStoreKind`](crate::datastore::DataStoreKind)); the properties of the other
///   kinds are not applicable (never a failure, strict mode included), and each says why.
/// - `reopen` makes the store persistent
///   ([`PERSISTENT`](crate::datastore::PERSISTENT)): a
///   `Fn(D, Arc<ManualClock>) -> anyhow::Result<D>` that closes the store it is given
///   (by dropping it) and opens a new one over the same storage. Without it the
///   durability property is skipped.
/// - `configure` changes the run settings, as a function of them.
///
/// ```ignore
/// map_data_store_conformance!(in_memory, |clock| InMemoryDataStore::with_clock(clock));
/// map_data_store_conformance!(null, |_| NullDataStore::new(), kind = Null);
/// map_data_store_conformance!(behind, |clock| my_write_behind(clock), kind = WriteBehind,
///     configure = |c| c.cases(64));
/// // Each store owns a fresh temporary directory; `MyStore::reopen` drops the store
/// // and opens the same directory again.
/// map_data_store_conformance!(on_disk, MyStore::in_temp_dir, reopen = MyStore::reopen);
/// ```
#[macro_export]
macro_rules! map_data_store_conformance {
    ($name:ident, $factory:expr $(, $($option:tt)*)?) => {
        $crate::map_data_store_conformance!(
            @options $name, [$factory], WriteThrough, [check_data_store_property], [|c| c];
            $($($option)*)?
        );
    };
    // `$check` is the check function and the argument it takes after the factory.
    (@options $name:ident, $factory:tt, $kind:ident, $check:tt, $configure:tt;
        kind = $new:ident $(, $($rest:tt)*)?) => {
        $crate::map_data_store_conformance!(
            @options $name, $factory, $new, $check, $configure; $($($rest)*)?
        );
    };
    (@options $name:ident, $factory:tt, $kind:ident, $check:tt, $configure:tt;
        reopen = $new:expr $(, $($rest:tt)*)?) => {
        $crate::map_data_store_conformance!(
            @options $name, $factory, $kind,
            [check_persistent_data_store_property, (stringify!($new), $new)], $configure;
            $($($rest)*)?
        );
    };
    (@options $name:ident, $factory:tt, $kind:ident, $check:tt, $configure:tt;
        configure = $new:expr $(, $($rest:tt)*)?) => {
        $crate::map_data_store_conformance!(
            @options $name, $factory, $kind, $check, [$new]; $($($rest)*)?
        );
    };
    (@options $name:ident, [$factory:expr], $kind:ident,
        [$check:ident $(, $reopen:expr)?], [$configure:expr];) => {
        $crate::map_data_store_conformance!(@module $name, $configure, |id, config|
            $crate::datastore::$check(
                id,
                &config,
                stringify!($factory),
                $crate::datastore::DataStoreKind::$kind,
                $factory,
                $($reopen)?
            )
        );
    };
    (@module $name:ident, $configure:expr, |$id:ident, $config:ident| $check:expr) => {
        $crate::__suite_module!(
                $name, $configure,
                |$id, $config| $check;
                $crate::datastore::properties::ALL;
                datastore_model_equivalence,
                datastore_expiration,
                datastore_write_through,
                datastore_null,
                datastore_write_behind_hard_flush,
                datastore_write_behind_pending,
                datastore_write_behind_soft_flush,
                datastore_write_behind_flush_key,
                datastore_write_behind_reset,
                datastore_persistent_reopen,
                datastore_concurrent_linearizable,
                datastore_crash_durable
        );
    };
}

/// The test module of one suite: the run settings (environment, the invoking crate's
/// regression directory, then the caller's `configure`), one `#[test]` per listed
/// property id running `$check`, each ending through [`finish_test`] (strict mode, and
/// the module's summary line once its last selected test has finished), and a test
/// that the list is the suite's.
#[doc(hidden)]
#[macro_export]
macro_rules! __suite_module {
    (
        $name:ident, $configure:expr,
        |$id:ident, $config:ident| $check:expr;
        $all:expr; $($property:ident),+ $(,)?
    ) => {
        #[allow(unused_imports)]
        mod $name {
            use super::*;

            const PROPERTIES: &[&str] = &[$(stringify!($property)),+];

            static TALLY: $crate::macros::ModuleTally = $crate::macros::ModuleTally::new();

            fn config() -> ::std::result::Result<$crate::config::RunConfig, String> {
                $crate::macros::module_config(env!("CARGO_MANIFEST_DIR"), stringify!($name), $configure)
            }

            fn check($id: &str) {
                let result = config().and_then(|$config| {
                    let strict = $config.strict;
                    // Writes the cell's record when the report directory is set (the
                    // report for the implementer's own implementation).
                    let outcome = $crate::records::recorded(stringify!($name), $id, &$config, || $check);
                    outcome.map(|outcome| (outcome, strict))
                });
                $crate::macros::finish_test(&TALLY, module_path!(), PROPERTIES, result);
            }

            $(
                #[test]
                fn $property() {
                    check(stringify!($property));
                }
            )+

            #[test]
            fn every_property_of_the_suite_has_a_test() {
                let suite: Vec<&str> = $all.iter().map(|p| p.id).collect();
                assert_eq!(PROPERTIES.to_vec(), suite, "the macro's list and the suite differ");
            }
        }
    };
}
