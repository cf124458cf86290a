//! The kit's suites as the report names them, each with its properties and readings.

use crate::property::PropertyInfo;
use crate::readings::Reading;

/// One suite: its name in the report, its properties and the readings they accept.
#[derive(Debug, Clone, Copy)]
pub struct Suite {
    /// The trait it checks (`StorageEngine`, …): the matrix's title.
    pub name: &'static str,
    /// Its properties, in order: the matrix's columns.
    pub properties: &'static [PropertyInfo],
    /// The open points of the spec its properties meet.
    pub readings: &'static [Reading],
}

/// The `StorageEngine` suite.
pub const ENGINE: Suite = Suite {
    name: "StorageEngine",
    properties: crate::engine::properties::ALL,
    readings: crate::engine::readings::ALL,
};

/// The `RecordStore` suite.
pub const RECORD_STORE: Suite = Suite {
    name: "RecordStore",
    properties: crate::recordstore::properties::ALL,
    readings: crate::recordstore::readings::ALL,
};

/// The `MapDataStore` suite.
pub const DATA_STORE: Suite = Suite {
    name: "MapDataStore",
    properties: crate::datastore::properties::ALL,
    readings: crate::datastore::readings::ALL,
};

/// The `MutationObserver` suite (composites).
pub const OBSERVER: Suite = Suite {
    name: "MutationObserver",
    properties: crate::observer::properties::ALL,
    readings: crate::observer::readings::ALL,
};

/// Every suite, in the report's order.
pub const ALL: [Suite; 4] = [ENGINE, RECORD_STORE, DATA_STORE, OBSERVER];

/// The suite a property belongs to.
pub fn of_property(id: &str) -> Option<&'static Suite> {
    ALL.iter()
        .find(|suite| suite.properties.iter().any(|p| p.id == id))
}

/// The suite called `name`.
pub fn named(name: &str) -> Option<&'static Suite> {
    ALL.iter().find(|suite| suite.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_property_belongs_to_exactly_one_suite() {
        for property in crate::registry::all_properties() {
            let owners = ALL
                .iter()
                .filter(|s| s.properties.iter().any(|p| p.id == property.id))
                .count();
            assert_eq!(owners, 1, "{}", property.id);
        }
        let counted: usize = ALL.iter().map(|s| s.properties.len()).sum();
        assert_eq!(counted, crate::registry::all_properties().len());
        let mut readings: Vec<&str> = ALL
            .iter()
            .flat_map(|s| s.readings.iter().map(|r| r.id))
            .collect();
        let mut registered: Vec<&str> = crate::registry::all_readings()
            .iter()
            .map(|r| r.id)
            .collect();
        readings.sort_unstable();
        registered.sort_unstable();
        assert_eq!(readings, registered);
        assert_eq!(
            of_property("engine_snapshot").map(|s| s.name),
            Some("StorageEngine")
        );
        assert_eq!(
            named("RecordStore").map(|s| s.properties.len()),
            Some(RECORD_STORE.properties.len())
        );
    }
}
