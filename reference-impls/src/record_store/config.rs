//! [`RecordStoreConfig`]: the per-map settings of a [`DefaultRecordStore`](super::DefaultRecordStore).

use storage_traits::ExpiryPolicy;

/// Per-map settings of a [`DefaultRecordStore`](super::DefaultRecordStore).
///
/// The default is all zeros: no default TTL, no default max idle, and `should_evict`
/// never true.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordStoreConfig {
    /// TTL, in milliseconds, of a record whose expiry policy gives none. 0 = no TTL.
    pub default_ttl_millis: u64,
    /// Max idle time, in milliseconds, of a record whose expiry policy gives none.
    /// 0 = no max idle.
    pub default_max_idle_millis: u64,
    /// `should_evict` is true once the owned entry cost exceeds this. 0 = never.
    pub max_cost: u64,
}

impl RecordStoreConfig {
    /// The expiry policy of a record that was given none.
    pub fn default_expiry(&self) -> ExpiryPolicy {
        ExpiryPolicy {
            ttl_millis: self.default_ttl_millis,
            max_idle_millis: self.default_max_idle_millis,
        }
    }
}
