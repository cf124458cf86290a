//! What the kit saw a store do in one step: what the call returned, the data-store calls
//! it made (each marked failed or not), the notifications it fired, and its engine
//! before and after. The model reads these to tell which option of a reading the store
//! took, and judges them.

use std::collections::{BTreeMap, BTreeSet};

use storage_traits::{ExpiryReason, Record, RecordValue};

use crate::doubles::{Call, DataStoreCall, Method};

/// What an operation returned, `Err` as its message.
#[derive(Debug, Clone)]
pub enum Returned {
    /// `put` and `remove`.
    Value(Result<Option<RecordValue>, String>),
    /// `put_backup`, `remove_backup` and `soft_flush`.
    Done(Result<(), String>),
    /// `get`.
    Record(Result<Option<Record>, String>),
    /// `get_all`.
    Records(Result<Vec<(String, Record)>, String>),
    /// `exists_in_memory` and `is_expirable`.
    Bool(bool),
    /// `evict_all` and `clear`.
    Count(u64),
    /// `size()` and `is_empty()`.
    Size(usize, bool),
    /// `evict`.
    Evicted(Option<RecordValue>),
    /// `has_expired`.
    Reason(ExpiryReason),
    /// `for_each_boxed`: the records visited, by key.
    Visited(Vec<(String, Record)>),
    /// An operation that returns nothing.
    Nothing,
}

impl Returned {
    /// The error message, if the operation returned `Err`.
    pub fn error(&self) -> Option<&str> {
        match self {
            Returned::Value(Err(e))
            | Returned::Done(Err(e))
            | Returned::Record(Err(e))
            | Returned::Records(Err(e)) => Some(e),
            _ => None,
        }
    }
}

/// What a load an operation made gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    /// It made none (or the model does not count it).
    NotMade,
    /// It failed.
    Failed,
    /// The data store served this (or nothing).
    Served(Option<RecordValue>),
}

impl Load {
    /// The value served, if the data store held one.
    pub fn value(&self) -> Option<&RecordValue> {
        match self {
            Load::Served(value) => value.as_ref(),
            Load::NotMade | Load::Failed => None,
        }
    }
}

/// One data-store call made during a step, and whether the kit's data store failed it.
#[derive(Debug, Clone)]
pub struct SeenCall {
    /// The call with its arguments.
    pub call: DataStoreCall,
    /// Whether the call returned an injected error.
    pub failed: bool,
}

impl SeenCall {
    /// Whether the call writes to the data store.
    pub fn writes(&self) -> bool {
        matches!(
            self.call.method,
            Method::Add
                | Method::AddBackup
                | Method::Remove
                | Method::RemoveBackup
                | Method::RemoveAll
                | Method::FlushKey
        )
    }
}

/// The calls the kit's [`FaultyDataStore`](crate::doubles::FaultyDataStore) will fail,
/// as the case asked: it marks each call the store makes failed or not, as the
/// wrapper decides.
#[derive(Debug, Clone, Default)]
pub struct FailureMirror {
    next: BTreeMap<Method, u32>,
}

impl FailureMirror {
    /// The next `n` calls of `method` fail.
    pub fn fail_next(&mut self, method: Method, n: u32) {
        *self.next.entry(method).or_default() += n;
    }

    /// No call fails any more.
    pub fn heal(&mut self) {
        self.next.clear();
    }

    /// `calls`, each marked failed when the wrapper failed it.
    pub fn mark(&mut self, calls: Vec<DataStoreCall>) -> Vec<SeenCall> {
        calls
            .into_iter()
            .map(|call| {
                let failed = match self.next.get_mut(&call.method) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        true
                    }
                    _ => false,
                };
                SeenCall { call, failed }
            })
            .collect()
    }
}

/// Everything the kit saw of one step.
#[derive(Debug, Clone)]
pub struct Observed {
    /// What the operation returned.
    pub returned: Returned,
    /// The data-store calls made during the step, in order.
    pub calls: Vec<SeenCall>,
    /// The notifications fired during the step, as the first observer received them.
    pub events: Vec<Call>,
    /// The engine's records before the step.
    pub before: BTreeMap<String, Record>,
    /// The engine's records after the step.
    pub after: BTreeMap<String, Record>,
}

impl Observed {
    /// Whether a call of the step failed.
    pub fn any_failed(&self) -> bool {
        self.calls.iter().any(|c| c.failed)
    }
}

/// The calls of a step not yet accounted for by the model, which takes them as it
/// meets the operation's decisions.
#[derive(Debug)]
pub struct Calls<'a> {
    seen: &'a [SeenCall],
    used: Vec<bool>,
    /// Keys a `load_all` has served.
    loaded: BTreeSet<(usize, String)>,
}

impl<'a> Calls<'a> {
    /// The calls of a step, none taken.
    pub fn new(calls: &'a [SeenCall]) -> Self {
        Self {
            seen: calls,
            used: vec![false; calls.len()],
            loaded: BTreeSet::new(),
        }
    }

    /// Takes the first call not taken yet for which `wanted` holds.
    pub fn take(&mut self, wanted: impl Fn(&DataStoreCall) -> bool) -> Option<&'a SeenCall> {
        let index = (0..self.seen.len()).find(|&i| !self.used[i] && wanted(&self.seen[i].call))?;
        self.used[index] = true;
        Some(&self.seen[index])
    }

    /// Takes the first writing call not taken yet on `key` (add, add_backup, remove,
    /// remove_backup), whatever its method: the model judges the method.
    pub fn take_write(&mut self, key: &str) -> Option<&'a SeenCall> {
        self.take(|c| {
            c.key.as_deref() == Some(key)
                && matches!(
                    c.method,
                    Method::Add | Method::AddBackup | Method::Remove | Method::RemoveBackup
                )
        })
    }

    /// Takes a `flush_key` of `key`.
    pub fn take_flush(&mut self, key: &str) -> Option<&'a SeenCall> {
        self.take(|c| c.method == Method::FlushKey && c.key.as_deref() == Some(key))
    }

    /// The load that served `key`: a `load(key)` not taken yet, or a `load_all` naming
    /// it (which may serve each of its keys once).
    pub fn take_load(&mut self, key: &str) -> Option<&'a SeenCall> {
        if let Some(load) = self.take(|c| c.method == Method::Load && c.key.as_deref() == Some(key))
        {
            return Some(load);
        }
        let index = (0..self.seen.len()).find(|&i| {
            let call = &self.seen[i].call;
            call.method == Method::LoadAll
                && call.keys.iter().any(|k| k == key)
                && !self.loaded.contains(&(i, key.to_string()))
        })?;
        self.used[index] = true;
        self.loaded.insert((index, key.to_string()));
        Some(&self.seen[index])
    }

    /// The writing calls nobody took: calls the operation had no business making.
    pub fn untaken_writes(&self) -> Vec<&'a SeenCall> {
        (0..self.seen.len())
            .filter(|&i| !self.used[i] && self.seen[i].writes())
            .map(|i| &self.seen[i])
            .collect()
    }
}
