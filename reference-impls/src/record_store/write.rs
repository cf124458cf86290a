//! Writes of a value: `put` and `put_backup`.

use anyhow::Context as _;
use storage_traits::{
    CallerProvenance, ExpiryPolicy, MutationObserver as _, Record, RecordMetadata, RecordValue,
};

use super::cost::estimate_cost;
use super::expiry::{ExpiryPolicies, expiration_time};
use super::provenance::Persistence;
use super::side::Side;
use super::store::DefaultRecordStore;

/// The part of a write that differs between `put` and `put_backup`.
pub(super) enum Write {
    /// `put`: a new key gets fresh metadata, and the key gets this expiry policy.
    Primary(ExpiryPolicy),
    /// `put_backup`: a new key gets this metadata (with this store's cost estimate), and
    /// the key keeps the policy it has.
    Backup(RecordMetadata),
}

impl Write {
    fn side(&self) -> Side {
        match self {
            Self::Primary(_) => Side::Primary,
            Self::Backup(_) => Side::Backup,
        }
    }

    /// The metadata of the written record, before it is marked clean or dirty: an
    /// overwrite keeps the stored creation time, access time and hits, and bumps the
    /// version and update time.
    fn metadata(&self, old: Option<&RecordMetadata>, now: i64, cost: u64) -> RecordMetadata {
        let mut metadata = match (old, self) {
            (Some(old), _) => {
                let mut metadata = old.clone();
                metadata.on_update(now);
                metadata
            }
            (None, Self::Primary(_)) => RecordMetadata::new(now, cost),
            (None, Self::Backup(given)) => given.clone(),
        };
        metadata.cost = cost;
        metadata
    }

    /// The policy the key has after the write; `live` is whether it had a live record.
    fn policy(&self, policies: &ExpiryPolicies, key: &str, live: bool) -> ExpiryPolicy {
        match self {
            Self::Primary(given) => policies.resolve(given),
            Self::Backup(_) if live => policies.policy(key).clone(),
            Self::Backup(_) => policies.resolve(&ExpiryPolicy::NONE),
        }
    }
}

impl DefaultRecordStore {
    /// Writes `value` under `key`: the data store first (when `provenance` writes
    /// through), then memory, then the observers. Returns the replaced live value.
    pub(super) async fn write(
        &self,
        key: &str,
        value: RecordValue,
        write: Write,
        provenance: CallerProvenance,
    ) -> anyhow::Result<Option<RecordValue>> {
        let _writes = self.writes.lock().await;
        let now = self.clock.now();
        let side = write.side();
        let cost = estimate_cost(key, &value);
        let persistence = Persistence::of(provenance);
        if persistence.writes_through() {
            let expiration = self.expiration_after(key, &write, now, cost);
            let call = match side {
                Side::Primary => self
                    .data_store
                    .add(&self.name, key, &value, expiration, now),
                Side::Backup => self
                    .data_store
                    .add_backup(&self.name, key, &value, expiration, now),
            };
            call.await
                .with_context(|| self.failure(side.put_operation(), key, side.add_call()))?;
        }

        let mut policies = self.memory.lock();
        // Read again: an eviction or an access may have changed the record meanwhile.
        let old = self.live_record(&mut policies, key, now, side.is_backup());
        let mut metadata = write.metadata(old.as_ref().map(|old| &old.metadata), now, cost);
        persistence.mark(&mut metadata, now);
        let policy = write.policy(&policies, key, old.is_some());
        policies.set(key, policy);
        let record = Record { value, metadata };
        self.engine.put(key, record.clone());
        match &old {
            Some(old) => {
                self.observers
                    .on_update(key, &record, &old.value, &record.value, side.is_backup());
            }
            None => self.observers.on_put(key, &record, None, side.is_backup()),
        }
        Ok(old.map(|old| old.value))
    }

    /// The expiration time the data store is given for the write: the TTL deadline of
    /// the record as it will be stored. Reads memory without changing it, since the
    /// write may still fail.
    fn expiration_after(&self, key: &str, write: &Write, now: i64, cost: u64) -> i64 {
        let policies = self.memory.lock();
        let live = self
            .engine
            .get(key)
            .filter(|record| policies.is_live(key, record, now));
        let metadata = write.metadata(live.as_ref().map(|live| &live.metadata), now, cost);
        expiration_time(
            &write.policy(&policies, key, live.is_some()),
            metadata.creation_time,
        )
    }
}
