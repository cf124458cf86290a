//! The record-store suite on the reference `DefaultRecordStore` (over both reference
//! engines; the kit draws the data store of each case: in-memory, null or write-behind,
//! as each property allows) and on the fault-free control: all must pass. The reference
//! also runs with every reading pinned to its own option (the first of each), on a
//! quarter of the cases.

use storage_conformance::config::RunConfig;
use storage_conformance::controls::record_store::FaultyRecordStore;
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
