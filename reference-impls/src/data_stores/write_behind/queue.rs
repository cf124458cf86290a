//! The coalescing queue of operations not yet written to the delegate.

use std::collections::{BTreeMap, HashMap};

use storage_traits::RecordValue;

use crate::data_stores::entry_key::EntryKey;

/// An operation waiting to be written to the delegate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PendingOp {
    /// `add` or `add_backup`, with the arguments it was queued with.
    Add {
        /// The value to store.
        value: RecordValue,
        /// Absolute expiry in millis, 0 for none.
        expiration_time: i64,
        /// The caller's time when the write was queued.
        now: i64,
    },
    /// `remove` or `remove_backup`.
    Remove {
        /// The caller's time when the removal was queued.
        now: i64,
    },
}

impl PendingOp {
    /// The add this operation becomes when `value` replaces its value (keeping its
    /// expiration time), or `None` for a remove.
    pub(crate) fn with_value(&self, value: &RecordValue) -> Option<PendingOp> {
        match *self {
            PendingOp::Add {
                expiration_time,
                now,
                ..
            } => Some(PendingOp::Add {
                value: value.clone(),
                expiration_time,
                now,
            }),
            PendingOp::Remove { .. } => None,
        }
    }

    /// The value a read sees while this operation is queued.
    pub(crate) fn into_visible_value(self) -> Option<RecordValue> {
        match self {
            PendingOp::Add { value, .. } => Some(value),
            PendingOp::Remove { .. } => None,
        }
    }
}

/// Queued operations, at most one per entry, ordered by sequence number.
///
/// Queuing an operation for an entry replaces the one already queued (the last write
/// wins, a removal included) and moves the entry to the back with a new number.
#[derive(Debug, Default)]
pub(crate) struct WriteQueue {
    last_seq: u64,
    by_entry: HashMap<EntryKey, (u64, PendingOp)>,
    order: BTreeMap<u64, EntryKey>,
}

impl WriteQueue {
    /// Queues `op` for `entry` and returns its sequence number.
    pub(crate) fn push(&mut self, entry: EntryKey, op: PendingOp) -> u64 {
        // Saturating: 2^64 operations cannot happen, and wrapping would break the
        // promise that sequence numbers never go backwards.
        self.last_seq = self.last_seq.saturating_add(1);
        let seq = self.last_seq;
        if let Some((old_seq, _)) = self.by_entry.insert(entry.clone(), (seq, op)) {
            self.order.remove(&old_seq);
        }
        self.order.insert(seq, entry);
        seq
    }

    /// The operation queued for `entry`, with its sequence number.
    pub(crate) fn get(&self, entry: &EntryKey) -> Option<(u64, &PendingOp)> {
        self.by_entry.get(entry).map(|(seq, op)| (*seq, op))
    }

    /// A copy of the oldest queued operation numbered at most `up_to`.
    pub(crate) fn oldest(&self, up_to: u64) -> Option<(u64, EntryKey, PendingOp)> {
        let (&seq, entry) = self.order.range(..=up_to).next()?;
        let (_, op) = self.by_entry.get(entry)?;
        Some((seq, entry.clone(), op.clone()))
    }

    /// Drops the operation queued for `entry` if it is still number `seq`, that is if
    /// no newer operation replaced it while `seq` was being written.
    pub(crate) fn complete(&mut self, entry: &EntryKey, seq: u64) {
        if self
            .by_entry
            .get(entry)
            .is_some_and(|(queued, _)| *queued == seq)
        {
            self.by_entry.remove(entry);
            self.order.remove(&seq);
        }
    }

    /// How many entries have a queued operation.
    pub(crate) fn len(&self) -> usize {
        self.by_entry.len()
    }

    /// Whether nothing is queued.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_entry.is_empty()
    }

    /// The number of the last operation ever queued (0 if none); `clear` keeps it.
    pub(crate) fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// Drops every queued operation.
    pub(crate) fn clear(&mut self) {
        self.by_entry.clear();
        self.order.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::lww;

    fn add(n: i64) -> PendingOp {
        PendingOp::Add {
            value: lww(n),
            expiration_time: 0,
            now: 0,
        }
    }

    fn entry(key: &str) -> EntryKey {
        EntryKey::primary("m", key)
    }

    #[test]
    fn last_write_wins_and_moves_to_the_back() {
        let mut queue = WriteQueue::default();
        assert_eq!(queue.push(entry("a"), add(1)), 1);
        assert_eq!(queue.push(entry("b"), add(2)), 2);
        assert_eq!(queue.push(entry("a"), PendingOp::Remove { now: 0 }), 3);
        assert_eq!(queue.len(), 2);
        assert_eq!(queue.oldest(u64::MAX), Some((2, entry("b"), add(2))));
        assert_eq!(
            queue.get(&entry("a")),
            Some((3, &PendingOp::Remove { now: 0 }))
        );
        assert_eq!(queue.oldest(1), None, "a's first write was replaced");
    }

    #[test]
    fn complete_keeps_a_newer_operation() {
        let mut queue = WriteQueue::default();
        let first = queue.push(entry("a"), add(1));
        queue.push(entry("a"), add(2));
        queue.complete(&entry("a"), first);
        assert_eq!(queue.get(&entry("a")), Some((2, &add(2))));
        queue.complete(&entry("a"), 2);
        assert!(queue.is_empty());
        assert_eq!(queue.oldest(u64::MAX), None);
    }

    #[test]
    fn clear_keeps_the_sequence() {
        let mut queue = WriteQueue::default();
        queue.push(entry("a"), add(1));
        queue.clear();
        assert!(queue.is_empty());
        assert_eq!(queue.last_seq(), 1);
        assert_eq!(queue.push(entry("a"), add(1)), 2);
    }
}
