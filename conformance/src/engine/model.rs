//! The reference model of an engine: an ordered map, obviously correct.

use std::collections::BTreeMap;

use storage_traits::Record;

/// What an engine must hold after the same operations.
#[derive(Debug, Clone, Default)]
pub struct EngineModel {
    /// The stored records by key.
    pub entries: BTreeMap<String, Record>,
}

impl EngineModel {
    /// Stores `record`, returning the previous one.
    pub fn put(&mut self, key: &str, record: Record) -> Option<Record> {
        self.entries.insert(key.to_string(), record)
    }

    /// Removes `key`, returning its record.
    pub fn remove(&mut self, key: &str) -> Option<Record> {
        self.entries.remove(key)
    }

    /// The sum of the stored costs, wide enough never to overflow.
    pub fn cost(&self) -> u128 {
        self.entries
            .values()
            .map(|r| u128::from(r.metadata.cost))
            .sum()
    }
}
