//! The model of the injected data store: what it holds, the calls a store must make to
//! it, and which of them fail.

use std::collections::BTreeMap;

use storage_traits::RecordValue;

use crate::doubles::{DataStoreCall, Method};

/// A data-store call failed (an injected fault); the operation must return `Err`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failed;

/// A value the data store holds, and when it stops serving it (0 = never).
#[derive(Debug, Clone)]
struct Persisted {
    value: RecordValue,
    expiration_time: i64,
}

/// What the kit's data store holds and has been asked, as the contract predicts.
#[derive(Debug, Clone)]
pub struct ModelDataStore {
    map: String,
    persists: bool,
    /// Primary entries only: backup entries are never loaded back.
    primary: BTreeMap<String, Persisted>,
    failing: BTreeMap<Method, u32>,
    calls: Vec<DataStoreCall>,
}

impl ModelDataStore {
    /// An empty store for `map`; with `persists` false, nothing written is kept.
    pub fn new(map: &str, persists: bool) -> Self {
        Self {
            map: map.to_string(),
            persists,
            primary: BTreeMap::new(),
            failing: BTreeMap::new(),
            calls: Vec::new(),
        }
    }

    /// The calls expected so far, in order, failed ones included.
    pub fn calls(&self) -> &[DataStoreCall] {
        &self.calls
    }

    /// The next `n` calls of `method` fail.
    pub fn fail_next(&mut self, method: Method, n: u32) {
        *self.failing.entry(method).or_default() += n;
    }

    /// No call fails any more.
    pub fn heal(&mut self) {
        self.failing.clear();
    }

    /// Records a call of `method` about `key` and says whether it fails.
    fn call(
        &mut self,
        method: Method,
        key: Option<&str>,
        fill: impl FnOnce(&mut DataStoreCall),
    ) -> Result<(), Failed> {
        let mut call = DataStoreCall {
            method,
            map: if key.is_some() {
                self.map.clone()
            } else {
                String::new()
            },
            key: key.map(str::to_string),
            keys: Vec::new(),
            value: None,
            expiration_time: 0,
            now: 0,
            is_backup: matches!(method, Method::AddBackup | Method::RemoveBackup),
        };
        fill(&mut call);
        self.calls.push(call);
        match self.failing.get_mut(&method) {
            Some(n) if *n > 0 => {
                *n -= 1;
                Err(Failed)
            }
            _ => Ok(()),
        }
    }

    /// `add` (or `add_backup`) of `value` under `key`.
    pub fn add(
        &mut self,
        backup: bool,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        now: i64,
    ) -> Result<(), Failed> {
        let method = if backup {
            Method::AddBackup
        } else {
            Method::Add
        };
        self.call(method, Some(key), |call| {
            call.value = Some(value.clone());
            call.expiration_time = expiration_time;
            call.now = now;
        })?;
        if self.persists && !backup {
            let persisted = Persisted {
                value: value.clone(),
                expiration_time,
            };
            self.primary.insert(key.to_string(), persisted);
        }
        Ok(())
    }

    /// `remove` (or `remove_backup`) of `key`.
    pub fn remove(&mut self, backup: bool, key: &str, now: i64) -> Result<(), Failed> {
        let method = if backup {
            Method::RemoveBackup
        } else {
            Method::Remove
        };
        self.call(method, Some(key), |call| call.now = now)?;
        if !backup {
            self.primary.remove(key);
        }
        Ok(())
    }

    /// `load(key)` at `now`: the primary value unless it has expired.
    pub fn load(&mut self, key: &str, now: i64) -> Result<Option<RecordValue>, Failed> {
        self.call(Method::Load, Some(key), |_| {})?;
        Ok(self
            .primary
            .get(key)
            .filter(|p| p.expiration_time == 0 || p.expiration_time > now)
            .map(|p| p.value.clone()))
    }

    /// `soft_flush()`.
    pub fn soft_flush(&mut self) -> Result<(), Failed> {
        self.call(Method::SoftFlush, None, |_| {})
    }
}

/// Whether two calls are the same, values compared bit for bit.
pub fn same_data_store_call(expected: &DataStoreCall, actual: &DataStoreCall) -> bool {
    let values = match (&expected.value, &actual.value) {
        (Some(e), Some(a)) => e.same_as(a),
        (None, None) => true,
        _ => false,
    };
    values
        && expected.method == actual.method
        && expected.map == actual.map
        && expected.key == actual.key
        && expected.keys == actual.keys
        && expected.expiration_time == actual.expiration_time
        && expected.now == actual.now
        && expected.is_backup == actual.is_backup
}
