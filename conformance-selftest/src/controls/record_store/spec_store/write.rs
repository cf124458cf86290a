//! Writes and removals of [`SpecRecordStore`]: `put`, `put_backup`, `remove`,
//! `remove_backup`.

use anyhow::Context as _;
use storage_traits::{CallerProvenance, ExpiryPolicy, Record, RecordMetadata, RecordValue};

use super::{KeyState, Saved, SpecRecordStore};
use storage_conformance::recordstore::readings::{
    BACKUP_EXISTING_OVERWRITE, BACKUP_METADATA, BACKUP_PROVENANCE, BACKUP_WRITE_THROUGH_NEVER,
    CRDT_MERGE_PROVENANCE_WRITE_THROUGH, EXPIRATION_TIME_EARLIEST_DEADLINE, EXPIRED_EVENT,
    FAILED_WRITE_KEPT_UNSAVED, LOAD_PUT_EVENT_ON_LOAD, LOAD_PUT_SAVED,
    OVERWRITE_EVENT_ON_PUT_WITH_OLD, REPLICATION_EVENT_ON_REPLICATION_PUT,
    REPLICATION_PROVENANCE_WRITE_THROUGH, WRITE_OLD_VALUE,
};

/// Which copy of a key an operation writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// `put`, `remove`.
    Primary,
    /// `put_backup`, `remove_backup`.
    Backup,
}

/// Which entries of the data store a write goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Primary,
    Backup,
}

/// What memory held for a key when an operation began.
struct Found {
    /// The live record and its state.
    live: Option<(Record, KeyState)>,
    /// The expired record, still in memory.
    expired: Option<Record>,
}

impl SpecRecordStore {
    /// What memory holds for `key` at `now`.
    fn found(&self, key: &str, now: i64) -> Found {
        let keys = self.memory();
        match self.held(&keys, key) {
            Some((record, state)) if self.is_expired(&record, &state, now) => Found {
                live: None,
                expired: Some(record),
            },
            live => Found {
                live,
                expired: None,
            },
        }
    }

    /// The entries a write of `provenance` on `side` goes to, if any.
    fn entry(&self, provenance: CallerProvenance, side: Side) -> Option<Entry> {
        let primary = match provenance {
            CallerProvenance::Client => Some(Entry::Primary),
            CallerProvenance::Load => None,
            CallerProvenance::Backup => match self.choices.of(&BACKUP_PROVENANCE) {
                "backup_entry" => Some(Entry::Backup),
                "primary_entry" => Some(Entry::Primary),
                _ => None,
            },
            CallerProvenance::Replication => self
                .choices
                .takes(REPLICATION_PROVENANCE_WRITE_THROUGH)
                .then_some(Entry::Primary),
            CallerProvenance::CrdtMerge => self
                .choices
                .takes(CRDT_MERGE_PROVENANCE_WRITE_THROUGH)
                .then_some(Entry::Primary),
        };
        match side {
            Side::Primary => primary,
            Side::Backup if self.choices.takes(BACKUP_WRITE_THROUGH_NEVER) => None,
            Side::Backup => primary.map(|_| Entry::Backup),
        }
    }

    /// The expiration time the data store is handed for `metadata` under `policy`.
    fn expiration(&self, policy: &ExpiryPolicy, metadata: &RecordMetadata) -> i64 {
        let deadline = |since: i64, millis: u64| {
            (millis > 0).then(|| since.saturating_add(i64::try_from(millis).unwrap_or(i64::MAX)))
        };
        let ttl = deadline(metadata.creation_time, policy.ttl_millis);
        if !self.choices.takes(EXPIRATION_TIME_EARLIEST_DEADLINE) {
            return ttl.unwrap_or(0);
        }
        let idle = deadline(metadata.last_access_time, policy.max_idle_millis);
        match (ttl, idle) {
            (Some(t), Some(i)) => t.min(i),
            (t, i) => t.or(i).unwrap_or(0),
        }
    }

    /// Writes `value` to the data store as `entry`.
    async fn persist(
        &self,
        entry: Entry,
        key: &str,
        value: &RecordValue,
        expiration: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        let call = match entry {
            Entry::Primary => self.data_store.add(&self.name, key, value, expiration, now),
            Entry::Backup => self
                .data_store
                .add_backup(&self.name, key, value, expiration, now),
        };
        call.await.with_context(|| {
            format!(
                "write of key {key:?} in map {:?}: data store failed",
                self.name
            )
        })
    }

    /// Notifies that an expired record of `key` left memory.
    pub(super) fn notify_expired(&self, key: &str, record: &Record, is_backup: bool) {
        match self.choices.of(&EXPIRED_EVENT) {
            "on_evict" => self.notify(|o| o.on_evict(key, record, is_backup)),
            "on_remove" => self.notify(|o| o.on_remove(key, record, is_backup)),
            _ => {}
        }
    }

    /// Notifies the write of `record` under `key`, over `old` if it replaced a live
    /// value; `loaded` is the old value a write loaded from the data store.
    fn notify_write(
        &self,
        key: &str,
        record: &Record,
        old: Option<&RecordValue>,
        loaded: Option<&RecordValue>,
        provenance: CallerProvenance,
        is_backup: bool,
    ) {
        if provenance == CallerProvenance::Replication
            && self.choices.takes(REPLICATION_EVENT_ON_REPLICATION_PUT)
        {
            self.notify(|o| o.on_replication_put(key, record, false));
            return;
        }
        match old {
            Some(old) if self.choices.takes(OVERWRITE_EVENT_ON_PUT_WITH_OLD) => {
                self.notify(|o| o.on_put(key, record, Some(old), is_backup));
            }
            Some(old) => {
                self.notify(|o| o.on_update(key, record, old, &record.value, is_backup));
            }
            None if provenance == CallerProvenance::Load
                && self.choices.takes(LOAD_PUT_EVENT_ON_LOAD) =>
            {
                self.notify(|o| o.on_load(key, record, is_backup));
            }
            None => self.notify(|o| o.on_put(key, record, loaded, is_backup)),
        }
    }

    /// Stores `record` for `key` under `state`, replacing an expired record (notified
    /// as such), and notifies the write.
    #[allow(clippy::too_many_arguments)]
    fn store(
        &self,
        key: &str,
        record: &Record,
        state: KeyState,
        found: &Found,
        old: Option<&RecordValue>,
        loaded: Option<&RecordValue>,
        provenance: CallerProvenance,
        is_backup: bool,
    ) {
        let mut keys = self.memory();
        if let Some(expired) = &found.expired {
            self.notify_expired(key, expired, is_backup);
        }
        keys.insert(key.to_string(), state);
        self.engine.put(key, record.clone());
        self.notify_write(key, record, old, loaded, provenance, is_backup);
    }

    /// Loads the old value of a key with no live record, where the store reads
    /// `recordstore_write_old_value` so; with `load_through`, a value found enters
    /// memory as a loaded record, notified with `on_load`.
    async fn load_old_value(
        &self,
        key: &str,
        provenance: CallerProvenance,
        found: &mut Found,
        now: i64,
        into_memory: bool,
    ) -> anyhow::Result<Option<Option<RecordValue>>> {
        let reading = self.choices.of(&WRITE_OLD_VALUE);
        if found.live.is_some() || reading == "memory" || provenance != CallerProvenance::Client {
            return Ok(None);
        }
        let loaded = self
            .data_store
            .load(&self.name, key)
            .await
            .with_context(|| format!("load of key {key:?} in map {:?} failed", self.name))?;
        if let (Some(value), "load_through", true) = (&loaded, reading, into_memory) {
            let mut metadata = self.fresh(key, value, now);
            metadata.on_store(now);
            let record = Record {
                value: value.clone(),
                metadata,
            };
            let state = KeyState {
                policy: self.default_expiry.clone(),
                saved: Saved::Yes,
            };
            let mut keys = self.memory();
            if let Some(expired) = found.expired.take() {
                self.notify_expired(key, &expired, false);
            }
            keys.insert(key.to_string(), state.clone());
            self.engine.put(key, record.clone());
            self.notify(|o| o.on_load(key, &record, false));
            found.live = Some((record, state));
        }
        Ok(Some(loaded))
    }

    /// `put(key, value, expiry, provenance)`.
    pub(super) async fn put_value(
        &self,
        key: &str,
        value: RecordValue,
        expiry: ExpiryPolicy,
        provenance: CallerProvenance,
    ) -> anyhow::Result<Option<RecordValue>> {
        let _call = self.calls.lock().await;
        self.usable()?;
        let now = self.now();
        let policy = self.resolve(&expiry);
        let mut found = self.found(key, now);
        let was_live = found.live.as_ref().map(|(r, _)| r.value.clone());
        let loaded = self
            .load_old_value(key, provenance, &mut found, now, true)
            .await?
            .flatten();
        let old = found.live.as_ref().map(|(r, _)| r.value.clone());
        let mut metadata = match &found.live {
            Some((record, _)) => self.overwritten(key, &record.metadata, &value, now),
            None => self.fresh(key, &value, now),
        };
        let entry = self.entry(provenance, Side::Primary);
        let written = match entry {
            Some(entry) => {
                let expiration = self.expiration(&policy, &metadata);
                self.persist(entry, key, &value, expiration, now)
                    .await
                    .map(|()| Saved::Yes)
            }
            None if provenance == CallerProvenance::Load && self.choices.takes(LOAD_PUT_SAVED) => {
                Ok(Saved::Claimed)
            }
            None => Ok(Saved::No),
        };
        let Some(saved) = self.saved_after(&written) else {
            return written.map(|_| None);
        };
        self.mark(&mut metadata, saved != Saved::No, now);
        let record = Record { value, metadata };
        let brand_new = loaded.as_ref().filter(|_| old.is_none());
        let state = KeyState { policy, saved };
        self.store(
            key,
            &record,
            state,
            &found,
            old.as_ref(),
            brand_new,
            provenance,
            false,
        );
        written.map(|_| was_live.or(loaded))
    }

    /// What a write whose data-store outcome is `written` leaves in memory: its saved
    /// state, unsaved after a failure where the store keeps a failed write's value, or
    /// `None` (memory as before).
    fn saved_after(&self, written: &anyhow::Result<Saved>) -> Option<Saved> {
        match written {
            Ok(saved) => Some(*saved),
            Err(_) => self
                .choices
                .takes(FAILED_WRITE_KEPT_UNSAVED)
                .then_some(Saved::No),
        }
    }

    /// The metadata a `put_backup` of `given` stores for a key without a live record
    /// (or replacing one), before it is marked: `None` for metadata kept as given.
    fn backup_metadata(&self, key: &str, given: &Record, now: i64) -> Option<RecordMetadata> {
        match self.choices.of(&BACKUP_METADATA) {
            "as_given" => None,
            "fresh" => Some(self.fresh(key, &given.value, now)),
            _ => Some(RecordMetadata {
                cost: Self::cost(key, &given.value),
                ..given.metadata.clone()
            }),
        }
    }

    /// `put_backup(key, record, provenance)`.
    pub(super) async fn put_backup_record(
        &self,
        key: &str,
        given: Record,
        provenance: CallerProvenance,
    ) -> anyhow::Result<()> {
        let _call = self.calls.lock().await;
        self.usable()?;
        let now = self.now();
        let found = self.found(key, now);
        let policy = found.live.as_ref().map_or_else(
            || self.resolve(&ExpiryPolicy::NONE),
            |(_, s)| s.policy.clone(),
        );
        let overwrite = self.choices.takes(BACKUP_EXISTING_OVERWRITE);
        let marked = match &found.live {
            Some((record, _)) if overwrite => {
                Some(self.overwritten(key, &record.metadata, &given.value, now))
            }
            _ => self.backup_metadata(key, &given, now),
        };
        let entry = self.entry(provenance, Side::Backup);
        let mut metadata = marked.clone().unwrap_or_else(|| given.metadata.clone());
        let written = match entry {
            Some(entry) => {
                let expiration = self.expiration(&policy, &metadata);
                self.persist(entry, key, &given.value, expiration, now)
                    .await
                    .map(|()| Saved::Yes)
            }
            None if provenance == CallerProvenance::Load
                && marked.is_some()
                && self.choices.takes(LOAD_PUT_SAVED) =>
            {
                Ok(Saved::Claimed)
            }
            None => Ok(Saved::No),
        };
        let Some(saved) = self.saved_after(&written) else {
            return written.map(drop);
        };
        if marked.is_some() {
            self.mark(&mut metadata, saved != Saved::No, now);
        }
        // Given times that say clean are the caller's claim.
        let saved = match saved {
            Saved::No if !metadata.is_dirty() && metadata.last_update_time != now => Saved::Claimed,
            saved => saved,
        };
        let old = found.live.as_ref().map(|(r, _)| r.value.clone());
        let record = Record {
            value: given.value,
            metadata,
        };
        let state = KeyState { policy, saved };
        self.store(
            key,
            &record,
            state,
            &found,
            old.as_ref(),
            None,
            provenance,
            true,
        );
        written.map(drop)
    }

    /// `remove(key, provenance)` on `Side::Primary`, `remove_backup` on `Side::Backup`.
    pub(super) async fn delete(
        &self,
        key: &str,
        provenance: CallerProvenance,
        side: Side,
    ) -> anyhow::Result<Option<RecordValue>> {
        let _call = self.calls.lock().await;
        self.usable()?;
        let now = self.now();
        let mut found = self.found(key, now);
        let loaded = match side {
            Side::Primary => {
                self.load_old_value(key, provenance, &mut found, now, false)
                    .await?
            }
            Side::Backup => None,
        };
        let nothing_to_remove =
            matches!(loaded, Some(None)) && self.choices.of(&WRITE_OLD_VALUE) == "load";
        let entry = self.entry(provenance, side);
        if let (Some(entry), false) = (entry, nothing_to_remove) {
            let call = match entry {
                Entry::Primary => self.data_store.remove(&self.name, key, now),
                Entry::Backup => self.data_store.remove_backup(&self.name, key, now),
            };
            call.await.with_context(|| {
                format!(
                    "removal of key {key:?} in map {:?}: data store failed",
                    self.name
                )
            })?;
        }
        let is_backup = side == Side::Backup;
        let mut keys = self.memory();
        keys.remove(key);
        if let Some(expired) = &found.expired {
            self.engine.remove(key);
            self.notify_expired(key, expired, is_backup);
        }
        let removed = match &found.live {
            Some(_) => self.engine.remove(key),
            None => None,
        };
        if let Some(removed) = &removed {
            self.notify(|o| o.on_remove(key, removed, is_backup));
        }
        let loaded = loaded.flatten();
        if let (Some(value), "load_through") = (&loaded, self.choices.of(&WRITE_OLD_VALUE)) {
            let mut metadata = self.fresh(key, value, now);
            metadata.on_store(now);
            let record = Record {
                value: value.clone(),
                metadata,
            };
            self.notify(|o| o.on_load(key, &record, false));
            self.notify(|o| o.on_remove(key, &record, false));
        }
        Ok(removed.map(|r| r.value).or(loaded))
    }
}
