//! The macros that turn a factory into a test module with one `#[test]` per property.

/// Builds the run settings of a generated test module: environment first, then the
/// regression directory of the invoking crate, then the caller's `configure` function.
#[doc(hidden)]
pub fn module_config(
    manifest_dir: &str,
    module: &str,
    configure: fn(crate::config::RunConfig) -> crate::config::RunConfig,
) -> crate::config::RunConfig {
    let base = crate::config::RunConfig::from_env()
        .unwrap_or_else(|e| panic!("invalid conformance settings in the environment: {e}"));
    // Set explicitly from the invoking crate's manifest directory: proptest's own search
    // for `lib.rs` finds the wrong place for tests in a workspace's `tests/`.
    let dir = std::path::Path::new(manifest_dir)
        .join("conformance-regressions")
        .join(module);
    configure(base.regressions(dir))
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
        #[allow(unused_imports)]
        mod $name {
            use super::*;

            fn config() -> $crate::config::RunConfig {
                $crate::macros::module_config(env!("CARGO_MANIFEST_DIR"), stringify!($name), $configure)
            }

            fn check(id: &str) {
                $crate::engine::check_engine_property(id, &config(), stringify!($factory), $factory)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .assert_ok();
            }

            $crate::__property_tests!(
                $crate::engine::properties::ALL;
                engine_model_equivalence,
                engine_cursor_complete,
                engine_cursor_interleaved,
                engine_fetch_keys_entries_agree,
                engine_snapshot,
                engine_random_samples,
                engine_cost_accounting,
                engine_clear_destroy
            );
        }
    };
}

/// One `#[test]` per listed property id, plus a test that the list is the suite's.
#[doc(hidden)]
#[macro_export]
macro_rules! __property_tests {
    ($all:expr; $($id:ident),+ $(,)?) => {
        $(
            #[test]
            fn $id() {
                check(stringify!($id));
            }
        )+

        #[test]
        fn every_property_of_the_suite_has_a_test() {
            let listed = [$(stringify!($id)),+];
            let suite: Vec<&str> = $all.iter().map(|p| p.id).collect();
            assert_eq!(listed.to_vec(), suite, "the macro's list and the suite differ");
        }
    };
}
