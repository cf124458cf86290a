//! The record-store suite on the reference `DefaultRecordStore` (over both reference
//! engines; the kit draws the data store of each case: in-memory, null or write-behind,
//! as each property allows) and on the fault-free control: all must pass. The reference
//! also runs with every reading pinned to its own option (the first of each), on a
//! quarter of the cases.

use conformance_selftest::controls::record_store::FaultyRecordStore;
use conformance_selftest::reference::ReferenceParts;
use storage_conformance::config::RunConfig;
use storage_conformance::record_store_conformance;
use storage_conformance::recordstore::{RecordStoreParts, readings};
use storage_reference::BTreeEngine;

/// The reference's options, every one pinned, on a quarter of the cases: a change that
/// moves the reference to another accepted option (mutation testing found one, at the
/// cost limit) fails here, not only under the default that accepts every option.
fn reference_options(config: RunConfig) -> RunConfig {
    let (cases, concurrent) = (config.cases / 4, config.concurrency.cases / 4);
    let config = config
        .cases(cases.max(1))
        .concurrent_cases(concurrent.max(1));
    readings::ALL
        .iter()
        .fold(config, |config, reading| config.pin(reading.choice(0)))
}

record_store_conformance!(default_over_hash_map, |parts: RecordStoreParts| Box::new(
    parts.into_default_record_store()
));
record_store_conformance!(default_over_btree, |parts: RecordStoreParts| Box::new(
    parts
        .with_engine(Box::new(BTreeEngine::new()))
        .into_default_record_store()
));
record_store_conformance!(
    default_reference_options,
    |parts: RecordStoreParts| Box::new(parts.into_default_record_store()),
    configure = reference_options
);
record_store_conformance!(fault_free_control, |parts: RecordStoreParts| Box::new(
    FaultyRecordStore::correct(parts)
));

/// A store that cannot take a part turns its capability off: the properties that need
/// it are skipped, and the skip names the capability.
#[test]
fn a_missing_capability_skips_its_properties_and_says_why() {
    use storage_conformance::config::RunConfig;
    use storage_conformance::outcome::Outcome;
    use storage_conformance::recordstore::{capabilities, check_record_store_property, properties};

    let config = RunConfig::default()
        .cases(4)
        .without(capabilities::INJECTED_CLOCK)
        .without(capabilities::MAX_COST);
    let outcome = |id: &str| {
        check_record_store_property(id, &config, "default", |parts: RecordStoreParts| {
            Box::new(parts.into_default_record_store())
        })
        .unwrap_or_else(|e| panic!("{e}"))
    };
    // recordstore_expiry_defaults requires the config defaults, and compares times the
    // store reads from its clock too: off without the kit's clock, saying so.
    for (property, capability) in [
        (properties::METADATA, capabilities::INJECTED_CLOCK),
        (properties::SHOULD_EVICT, capabilities::MAX_COST),
        (properties::EXPIRY_DEFAULTS, capabilities::INJECTED_CLOCK),
    ] {
        match outcome(property.id) {
            Outcome::Skipped { reason } => assert!(reason.contains(capability), "{reason}"),
            other => panic!("{} not skipped: {other}", property.id),
        }
    }
    assert!(matches!(
        outcome(properties::MODEL_EQUIVALENCE.id),
        Outcome::Passed { .. }
    ));
}

/// A pin that is not an option of the suite's readings is refused, and the error lists
/// the readings with their options.
#[test]
fn an_unknown_pin_is_refused_with_the_readings_listed() {
    use storage_conformance::config::{Choice, RunConfig};
    use storage_conformance::recordstore::{check_record_store_property, properties};

    let config = RunConfig::default().cases(1).pin(Choice {
        reading: "recordstore_new_key_version",
        option: "two",
    });
    let error = check_record_store_property(
        properties::METADATA.id,
        &config,
        "default",
        |parts: RecordStoreParts| Box::new(parts.into_default_record_store()),
    )
    .expect_err("an unknown option must be refused");
    assert!(
        error.contains("recordstore_new_key_version (zero | one)"),
        "{error}"
    );
    assert!(
        error.contains("recordstore_unsaved_eviction (keep | flush)"),
        "{error}"
    );
}
