//! The record-store suite on correct stores that read the spec's open points otherwise:
//! [`SpecRecordStore`], written from the spec alone, in three configurations that
//! between them take every option of every reading (profile 0 the reference's options,
//! 1 every second option, 2 every third where a reading has one). Each passes every
//! property by default and with its options pinned, and fails under a pin it does not
//! follow; one runs on the wall clock.

use conformance_selftest::controls::record_store::{Choices, SpecRecordStore};
use storage_conformance::config::{Choice, RunConfig};
use storage_conformance::failure::{Failure, FailureKind};
use storage_conformance::property::PropertyInfo;
use storage_conformance::readings::Reading;
use storage_conformance::record_store_conformance;
use storage_conformance::recordstore::{
    RecordStoreParts, capabilities, check_record_store_property, properties, readings,
};

/// `config` with every choice of `profile` pinned.
fn pinned(config: RunConfig, profile: usize) -> RunConfig {
    Choices::profile(profile)
        .pins()
        .iter()
        .fold(config, |config, choice| config.pin(*choice))
}

/// For each profile, the whole suite by default and with the profile's options pinned.
macro_rules! profile_suites {
    ($($default:ident, $pinned:ident: $profile:literal;)+) => {
        $(
            record_store_conformance!($default, |parts: RecordStoreParts| Box::new(
                SpecRecordStore::new(parts, Choices::profile($profile))
            ));
            record_store_conformance!(
                $pinned,
                |parts: RecordStoreParts| Box::new(SpecRecordStore::new(
                    parts,
                    Choices::profile($profile)
                )),
                configure = |c| pinned(c, $profile)
            );
        )+
    };
}

profile_suites!(
    reference_options, reference_options_pinned: 0;
    second_options, second_options_pinned: 1;
    third_options, third_options_pinned: 2;
);

record_store_conformance!(
    second_options_on_the_wall_clock,
    |parts: RecordStoreParts| Box::new(SpecRecordStore::on_wall_clock(parts, Choices::profile(1))),
    configure = |c| c.without(capabilities::INJECTED_CLOCK)
);

/// Whether a store that follows `option` of `reading` may be pinned to `other`
/// without failing: `other` accepts what `option` does (nothing after destroy is
/// checked under `recordstore_after_destroy = unusable`, so a usable store follows it).
fn subsumed(reading: &Reading, other: &str) -> bool {
    reading.id == readings::AFTER_DESTROY.id && other == "unusable"
}

/// How `property` fails under `config` on a store that follows `follows` and the
/// reference's options elsewhere, if it does.
fn single_option_failure(
    property: &PropertyInfo,
    config: &RunConfig,
    follows: Choice,
) -> Option<Failure> {
    let outcome = check_record_store_property(
        property.id,
        config,
        "spec store",
        move |parts: RecordStoreParts| {
            Box::new(SpecRecordStore::new(parts, Choices::new(&[follows])))
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    outcome.failure().cloned()
}

/// The cases of a single-option store's runs: the profiles above run the full count.
const SINGLE_OPTION_CASES: u32 = 16;

/// A store that follows `follows` and the reference's options elsewhere passes every
/// property with its options pinned (so by default too: a pin only narrows what is
/// accepted, and pins do not change the cases drawn).
fn passes_pinned(follows: Choice) {
    let config = pinned(RunConfig::default(), 0)
        .pin(follows)
        .cases(SINGLE_OPTION_CASES)
        .concurrent_cases(4);
    for property in properties::ALL {
        if let Some(failure) = single_option_failure(property, &config, follows) {
            panic!("a store that follows {follows} fails:\n{failure}");
        }
    }
}

/// For each option of `reading`, a store that follows it and the reference's options
/// elsewhere: it passes every property with its options pinned (the first option's is
/// profile 0, run in full above), and under every pin of another option (its other
/// options pinned too) one of `properties` fails, with a broken rule (not a panic or a
/// hang).
fn fails_under_other_pins(reading: &Reading, properties: &[PropertyInfo]) {
    for (index, option) in reading.options.iter().enumerate() {
        let follows = reading.choice(index);
        if index > 0 {
            passes_pinned(follows);
        }
        for other in reading.options.iter().map(|o| o.id) {
            if other == option.id || subsumed(reading, other) {
                continue;
            }
            let mut config = pinned(RunConfig::default().seed(0x5eed_0b5e), 0).pin(Choice {
                reading: reading.id,
                option: other,
            });
            config.regressions = None;
            config.max_shrink_iters = 0;
            let caught = properties
                .iter()
                .find_map(|property| single_option_failure(property, &config, follows));
            let Some(failure) = caught else {
                panic!(
                    "a store that follows {follows} passes {:?} pinned to {other}",
                    properties.iter().map(|p| p.id).collect::<Vec<_>>()
                );
            };
            assert!(
                matches!(failure.kind, FailureKind::Violation(_)),
                "{failure}"
            );
        }
    }
}

/// One test per reading: the properties that tell its options apart.
macro_rules! fails_under_other_pins {
    ($($test:ident: $reading:ident => [$($property:ident),+]),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                fails_under_other_pins(&readings::$reading, &[$(properties::$property),+]);
            }
        )+
    };
}

fails_under_other_pins!(
    unsaved_eviction: UNSAVED_EVICTION => [EVICTION],
    write_old_value: WRITE_OLD_VALUE => [MODEL_EQUIVALENCE, OBSERVER_EVENTS, METADATA],
    load_put: LOAD_PUT => [DIRTY_TRACKING],
    load_put_event: LOAD_PUT_EVENT => [OBSERVER_EVENTS],
    replication_event: REPLICATION_EVENT => [OBSERVER_EVENTS],
    overwrite_event: OVERWRITE_EVENT => [OBSERVER_EVENTS],
    expired_event: EXPIRED_EVENT => [OBSERVER_EVENTS],
    expired_met: EXPIRED_MET => [EXPIRY],
    expired_read: EXPIRED_READ => [PROVENANCE],
    new_key_version: NEW_KEY_VERSION => [METADATA],
    write_access: WRITE_ACCESS => [METADATA],
    get_all_touch: GET_ALL_TOUCH => [METADATA],
    touch_timing: TOUCH_TIMING => [METADATA],
    dirty_mark: DIRTY_MARK => [METADATA],
    claimed_clean: CLAIMED_CLEAN => [EVICTION],
    backup_write_through: BACKUP_WRITE_THROUGH => [PROVENANCE],
    backup_metadata: BACKUP_METADATA => [METADATA],
    backup_existing: BACKUP_EXISTING => [METADATA],
    backup_provenance: BACKUP_PROVENANCE => [PROVENANCE],
    replication_provenance: REPLICATION_PROVENANCE => [PROVENANCE],
    crdt_merge_provenance: CRDT_MERGE_PROVENANCE => [PROVENANCE],
    failed_write: FAILED_WRITE => [METADATA],
    get_all_loading: GET_ALL_LOADING => [PROVENANCE],
    expiry_boundary: EXPIRY_BOUNDARY => [EXPIRY],
    expiry_reason: EXPIRY_REASON => [EXPIRY],
    evict_expired_count: EVICT_EXPIRED_COUNT => [EXPIRY],
    cost_limit: COST_LIMIT => [SHOULD_EVICT],
    owned_cost: OWNED_COST => [COST],
    clear_data_store: CLEAR_DATA_STORE => [PROVENANCE],
    destroy_flag: DESTROY_FLAG => [OBSERVER_EVENTS],
    after_destroy: AFTER_DESTROY => [OBSERVER_EVENTS],
    default_expiry: DEFAULT_EXPIRY => [EXPIRY_DEFAULTS],
    soft_flush: SOFT_FLUSH => [PROVENANCE],
    expiration_time: EXPIRATION_TIME => [PROVENANCE],
);

/// Every reading has its test above.
#[test]
fn every_reading_is_told_apart() {
    let tested = include_str!("recordstore_readings.rs");
    for reading in readings::ALL {
        let name = reading.id.trim_start_matches("recordstore_");
        assert!(
            tested.contains(&format!("    {name}: ")),
            "no test tells the options of {} apart",
            reading.id
        );
    }
}
