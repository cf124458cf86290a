//! [`RecordingObserver`]: a [`MutationObserver`] that logs every notification into an
//! [`EventLog`] shared with other observers.

use std::sync::Arc;

use parking_lot::Mutex;
use storage_traits::{MutationObserver, Record, RecordValue};

/// One notification with its arguments, owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    /// `on_put(key, record, old_value, is_backup)`.
    Put {
        /// The key.
        key: String,
        /// The record as passed.
        record: Record,
        /// The replaced value, if any.
        old_value: Option<RecordValue>,
        /// Whether the write was a backup write.
        is_backup: bool,
    },
    /// `on_update(key, record, old_value, new_value, is_backup)`.
    Update {
        /// The key.
        key: String,
        /// The record as passed.
        record: Record,
        /// The replaced value.
        old_value: RecordValue,
        /// The new value.
        new_value: RecordValue,
        /// Whether the write was a backup write.
        is_backup: bool,
    },
    /// `on_remove(key, record, is_backup)`.
    Remove {
        /// The key.
        key: String,
        /// The removed record.
        record: Record,
        /// Whether the removal was a backup removal.
        is_backup: bool,
    },
    /// `on_evict(key, record, is_backup)`.
    Evict {
        /// The key.
        key: String,
        /// The evicted record.
        record: Record,
        /// Whether the record was a backup.
        is_backup: bool,
    },
    /// `on_load(key, record, is_backup)`.
    Load {
        /// The key.
        key: String,
        /// The loaded record.
        record: Record,
        /// Whether the record was a backup.
        is_backup: bool,
    },
    /// `on_replication_put(key, record, populate_index)`.
    ReplicationPut {
        /// The key.
        key: String,
        /// The replicated record.
        record: Record,
        /// Whether indexes are to be populated.
        populate_index: bool,
    },
    /// `on_clear()`.
    Clear,
    /// `on_reset()`.
    Reset,
    /// `on_destroy(is_shutdown)`.
    Destroy {
        /// Whether the node is shutting down.
        is_shutdown: bool,
    },
}

impl Call {
    /// The trait method this call is a notification of (`"on_put"`, …).
    pub fn method(&self) -> &'static str {
        match self {
            Call::Put { .. } => "on_put",
            Call::Update { .. } => "on_update",
            Call::Remove { .. } => "on_remove",
            Call::Evict { .. } => "on_evict",
            Call::Load { .. } => "on_load",
            Call::ReplicationPut { .. } => "on_replication_put",
            Call::Clear => "on_clear",
            Call::Reset => "on_reset",
            Call::Destroy { .. } => "on_destroy",
        }
    }

    /// The key the notification is about; `None` for `on_clear`, `on_reset` and
    /// `on_destroy`.
    pub fn key(&self) -> Option<&str> {
        self.arguments().key
    }

    /// The record the notification carries; `None` for `on_clear`, `on_reset` and
    /// `on_destroy`.
    pub fn record(&self) -> Option<&Record> {
        self.arguments().record
    }

    /// Equality with floats compared bit for bit (`Record::same_as`,
    /// `RecordValue::same_as`), so a NaN argument is the same as itself.
    pub fn same_as(&self, other: &Call) -> bool {
        let (mine, theirs) = (self.arguments(), other.arguments());
        let same_record = match (mine.record, theirs.record) {
            (Some(a), Some(b)) => a.same_as(b),
            (a, b) => a.is_none() && b.is_none(),
        };
        let same_values = mine
            .values
            .iter()
            .zip(&theirs.values)
            .all(|pair| match pair {
                (Some(a), Some(b)) => a.same_as(b),
                (a, b) => a.is_none() && b.is_none(),
            });
        self.method() == other.method()
            && mine.key == theirs.key
            && mine.flag == theirs.flag
            && same_record
            && same_values
    }

    /// The arguments of the call, by role.
    fn arguments(&self) -> Arguments<'_> {
        let mut arguments = Arguments::default();
        match self {
            Call::Put {
                key,
                record,
                old_value,
                is_backup,
            } => {
                arguments = Arguments::keyed(key, record, *is_backup);
                arguments.values[0] = old_value.as_ref();
            }
            Call::Update {
                key,
                record,
                old_value,
                new_value,
                is_backup,
            } => {
                arguments = Arguments::keyed(key, record, *is_backup);
                arguments.values = [Some(old_value), Some(new_value)];
            }
            Call::Remove {
                key,
                record,
                is_backup,
            }
            | Call::Evict {
                key,
                record,
                is_backup,
            }
            | Call::Load {
                key,
                record,
                is_backup,
            }
            | Call::ReplicationPut {
                key,
                record,
                populate_index: is_backup,
            } => arguments = Arguments::keyed(key, record, *is_backup),
            Call::Destroy { is_shutdown } => arguments.flag = Some(*is_shutdown),
            Call::Clear | Call::Reset => {}
        }
        arguments
    }
}

/// The arguments of a [`Call`] by role, for comparisons.
#[derive(Default)]
struct Arguments<'a> {
    key: Option<&'a str>,
    record: Option<&'a Record>,
    values: [Option<&'a RecordValue>; 2],
    flag: Option<bool>,
}

impl<'a> Arguments<'a> {
    fn keyed(key: &'a str, record: &'a Record, flag: bool) -> Self {
        Self {
            key: Some(key),
            record: Some(record),
            values: [None, None],
            flag: Some(flag),
        }
    }
}

/// A notification as logged: its place in the log, the observer that got it, the call.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Position in the log, counted from 0 across every observer of the log.
    pub seq: u64,
    /// The id the observer was given by [`EventLog::observer`].
    pub observer: usize,
    /// The notification and its arguments.
    pub call: Call,
}

/// The log that a set of [`RecordingObserver`]s write to, in the order the notifications
/// arrive (a mutex orders concurrent ones).
#[derive(Debug, Default)]
pub struct EventLog {
    events: Mutex<Vec<Event>>,
}

impl EventLog {
    /// An empty log, shared.
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// A new observer writing to this log under `id`. Several observers may share an id;
    /// the same observer may be registered several times.
    pub fn observer(self: &Arc<Self>, id: usize) -> Arc<RecordingObserver> {
        Arc::new(RecordingObserver {
            id,
            log: Arc::clone(self),
        })
    }

    /// Every event so far, in order.
    pub fn events(&self) -> Vec<Event> {
        self.events.lock().clone()
    }

    /// Forgets every event; numbering starts again at 0.
    pub fn clear(&self) {
        self.events.lock().clear();
    }

    fn record(&self, observer: usize, call: Call) {
        let mut events = self.events.lock();
        let seq = events.len() as u64;
        events.push(Event {
            seq,
            observer,
            call,
        });
    }
}

/// A [`MutationObserver`] that logs every notification into its [`EventLog`], under the
/// id it was created with. It never panics and never calls back.
#[derive(Debug)]
pub struct RecordingObserver {
    id: usize,
    log: Arc<EventLog>,
}

impl RecordingObserver {
    /// The id this observer logs under.
    pub fn id(&self) -> usize {
        self.id
    }

    /// The log it writes to.
    pub fn log(&self) -> &Arc<EventLog> {
        &self.log
    }

    fn record(&self, call: Call) {
        self.log.record(self.id, call);
    }
}

impl MutationObserver for RecordingObserver {
    fn on_put(&self, key: &str, record: &Record, old_value: Option<&RecordValue>, is_backup: bool) {
        self.record(Call::Put {
            key: key.to_string(),
            record: record.clone(),
            old_value: old_value.cloned(),
            is_backup,
        });
    }

    fn on_update(
        &self,
        key: &str,
        record: &Record,
        old_value: &RecordValue,
        new_value: &RecordValue,
        is_backup: bool,
    ) {
        self.record(Call::Update {
            key: key.to_string(),
            record: record.clone(),
            old_value: old_value.clone(),
            new_value: new_value.clone(),
            is_backup,
        });
    }

    fn on_remove(&self, key: &str, record: &Record, is_backup: bool) {
        self.record(Call::Remove {
            key: key.to_string(),
            record: record.clone(),
            is_backup,
        });
    }

    fn on_evict(&self, key: &str, record: &Record, is_backup: bool) {
        self.record(Call::Evict {
            key: key.to_string(),
            record: record.clone(),
            is_backup,
        });
    }

    fn on_load(&self, key: &str, record: &Record, is_backup: bool) {
        self.record(Call::Load {
            key: key.to_string(),
            record: record.clone(),
            is_backup,
        });
    }

    fn on_replication_put(&self, key: &str, record: &Record, populate_index: bool) {
        self.record(Call::ReplicationPut {
            key: key.to_string(),
            record: record.clone(),
            populate_index,
        });
    }

    fn on_clear(&self) {
        self.record(Call::Clear);
    }

    fn on_reset(&self) {
        self.record(Call::Reset);
    }

    fn on_destroy(&self, is_shutdown: bool) {
        self.record(Call::Destroy { is_shutdown });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::{lww, meta_new, record, ts};
    use storage_traits::Value;

    #[test]
    fn events_are_numbered_across_observers_and_keep_their_arguments() {
        let log = EventLog::new();
        let (first, second) = (log.observer(0), log.observer(7));
        let rec = record(lww(Value::Float(f64::NAN), ts(1, 0, "n")), meta_new(5, 1));
        first.on_put("k", &rec, None, true);
        second.on_clear();
        first.on_destroy(false);
        let events = log.events();
        assert_eq!(events.len(), 3);
        assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(
            events.iter().map(|e| e.observer).collect::<Vec<_>>(),
            [0, 7, 0]
        );
        let expected = Call::Put {
            key: "k".to_string(),
            record: rec,
            old_value: None,
            is_backup: true,
        };
        assert!(events[0].call.same_as(&expected));
        assert_eq!(events[1].call, Call::Clear);
        assert_eq!(events[2].call.method(), "on_destroy");
        log.clear();
        assert!(log.events().is_empty());
        second.on_reset();
        assert_eq!(log.events()[0].seq, 0);
    }
}
