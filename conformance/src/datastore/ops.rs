//! The calls of a data store case, and the case itself as a [`Scenario`].

use storage_traits::RecordValue;

use crate::generators::simplest_record;
use crate::render::ToRust;
use crate::scenario::Scenario;

/// The expiration time a write passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiration {
    /// `clock.now()` plus this many milliseconds.
    In(i64),
    /// This absolute time (never 0, which means no expiry): the extremes of `i64`,
    /// and times around the epoch.
    At(i64),
}

impl Expiration {
    /// The absolute expiration time when the clock reads `now`.
    pub fn at(self, now: i64) -> i64 {
        match self {
            Expiration::In(offset) => now.saturating_add(offset),
            Expiration::At(time) => time,
        }
    }
}

/// One step of a data store case: a trait method call.
#[derive(Debug, Clone)]
pub enum DataStoreOp {
    /// `add` (or `add_backup` when `backup`) with `expiration`, or 0 (no expiry) when
    /// it is `None`.
    Add {
        /// `add_backup` instead of `add`.
        backup: bool,
        /// The map name.
        map: String,
        /// The key.
        key: String,
        /// The value.
        value: RecordValue,
        /// The expiration time; `None` for none.
        expiration: Option<Expiration>,
    },
    /// `remove` (or `remove_backup` when `backup`).
    Remove {
        /// `remove_backup` instead of `remove`.
        backup: bool,
        /// The map name.
        map: String,
        /// The key.
        key: String,
    },
    /// The manual clock moves forward by `after` milliseconds, then `load`. (Moving the
    /// clock is part of the load so that an entry expiring later and one written expired
    /// give counterexamples of the same length.)
    Load {
        /// The map name.
        map: String,
        /// The key.
        key: String,
        /// How far the clock moves first.
        after: i64,
    },
    /// `load_all` (keys may repeat).
    LoadAll {
        /// The map name.
        map: String,
        /// The keys asked for.
        keys: Vec<String>,
    },
    /// `remove_all`.
    RemoveAll {
        /// The map name.
        map: String,
        /// The keys removed.
        keys: Vec<String>,
    },
    /// `soft_flush`.
    SoftFlush,
    /// `hard_flush`.
    HardFlush,
    /// `flush_key`.
    FlushKey {
        /// The map name.
        map: String,
        /// The key.
        key: String,
        /// The value.
        value: RecordValue,
        /// Whether the entry is a backup.
        is_backup: bool,
    },
    /// `reset`.
    Reset,
    /// Closes the store and opens it again over the same storage: `hard_flush`, then
    /// the caller's reopen function, which takes the store (to drop it) and returns the
    /// new one. Generated only for persistent stores.
    Reopen,
    /// A crash: the store is abandoned without `hard_flush` and the caller's reopen
    /// function opens a new one over the same storage. Generated only by
    /// `datastore_crash_durable`.
    Crash,
}

fn keys_to_rust(keys: &[String]) -> String {
    if keys.is_empty() {
        return "&[]".to_string();
    }
    let keys: Vec<String> = keys.iter().map(ToRust::to_rust).collect();
    format!("&[{}].map(String::from)", keys.join(", "))
}

/// An expiration time as code; 0 without one.
fn expiration_to_rust(expiration: Option<Expiration>) -> String {
    match expiration {
        None => "0".to_string(),
        Some(Expiration::In(0)) => "clock.now()".to_string(),
        Some(Expiration::In(d)) if d < 0 => format!("clock.now() - {}", d.unsigned_abs()),
        Some(Expiration::In(d)) => format!("clock.now() + {d}"),
        Some(Expiration::At(i64::MAX)) => "i64::MAX".to_string(),
        Some(Expiration::At(i64::MIN)) => "i64::MIN".to_string(),
        Some(Expiration::At(t)) => t.to_string(),
    }
}

impl DataStoreOp {
    /// The `(map, key)` of a primary entry the op writes or loads alone (`add`,
    /// `remove`, `load`); `None` for backup entries and for the other calls.
    pub fn primary_entry(&self) -> Option<(&str, &str)> {
        match self {
            DataStoreOp::Add {
                backup: false,
                map,
                key,
                ..
            }
            | DataStoreOp::Remove {
                backup: false,
                map,
                key,
            }
            | DataStoreOp::Load { map, key, .. } => Some((map, key)),
            _ => None,
        }
    }

    /// Simpler versions of the op, for the minimality pass: a primary call for a backup
    /// one, no expiry, the clock not moving, one key fewer, and the address `("m", "a")`
    /// and the simplest value (each change alone).
    pub fn simpler(&self) -> Vec<DataStoreOp> {
        let mut simpler = Vec::new();
        let mut push = |candidate: DataStoreOp| {
            if format!("{candidate:?}") != format!("{self:?}") {
                simpler.push(candidate);
            }
        };
        let simplest = || simplest_record().value;
        match self.clone() {
            DataStoreOp::Add {
                backup,
                map,
                key,
                value,
                expiration,
            } => {
                let add = |backup, map: &str, key: &str, value, expiration| DataStoreOp::Add {
                    backup,
                    map: map.to_string(),
                    key: key.to_string(),
                    value,
                    expiration,
                };
                push(add(false, &map, &key, value.clone(), expiration));
                push(add(backup, &map, &key, value.clone(), None));
                push(add(backup, "m", "a", value, expiration));
                push(add(backup, &map, &key, simplest(), expiration));
            }
            DataStoreOp::Remove { backup, map, key } => {
                push(DataStoreOp::Remove {
                    backup: false,
                    map: map.clone(),
                    key: key.clone(),
                });
                push(DataStoreOp::Remove {
                    backup,
                    map: "m".to_string(),
                    key: "a".to_string(),
                });
            }
            DataStoreOp::Load { map, key, after } => {
                push(DataStoreOp::Load {
                    map: map.clone(),
                    key: key.clone(),
                    after: 0,
                });
                push(DataStoreOp::Load {
                    map: "m".to_string(),
                    key: "a".to_string(),
                    after,
                });
            }
            DataStoreOp::LoadAll { map, keys } | DataStoreOp::RemoveAll { map, keys } => {
                for index in 0..keys.len() {
                    let mut fewer = keys.clone();
                    fewer.remove(index);
                    push(match self {
                        DataStoreOp::LoadAll { .. } => DataStoreOp::LoadAll {
                            map: map.clone(),
                            keys: fewer,
                        },
                        _ => DataStoreOp::RemoveAll {
                            map: map.clone(),
                            keys: fewer,
                        },
                    });
                }
            }
            DataStoreOp::FlushKey {
                map,
                key,
                value,
                is_backup,
            } => {
                let flush = |map: &str, key: &str, value, is_backup| DataStoreOp::FlushKey {
                    map: map.to_string(),
                    key: key.to_string(),
                    value,
                    is_backup,
                };
                push(flush(&map, &key, value.clone(), false));
                push(flush("m", "a", value, is_backup));
                push(flush(&map, &key, simplest(), is_backup));
            }
            DataStoreOp::SoftFlush
            | DataStoreOp::HardFlush
            | DataStoreOp::Reset
            | DataStoreOp::Reopen
            | DataStoreOp::Crash => {}
        }
        simpler
    }

    /// The op as Rust code acting on the store `s` and the manual clock `clock`, inside
    /// an async block.
    pub fn to_rust(&self) -> String {
        match self {
            DataStoreOp::Add {
                backup,
                map,
                key,
                value,
                expiration,
            } => format!(
                "s.{}({}, {}, &{}, {}, clock.now()).await.unwrap();",
                if *backup { "add_backup" } else { "add" },
                map.to_rust(),
                key.to_rust(),
                value.to_rust(),
                expiration_to_rust(*expiration)
            ),
            DataStoreOp::Remove { backup, map, key } => format!(
                "s.{}({}, {}, clock.now()).await.unwrap();",
                if *backup { "remove_backup" } else { "remove" },
                map.to_rust(),
                key.to_rust()
            ),
            DataStoreOp::Load { map, key, after } => format!(
                "{}println!(\"{{:?}}\", s.load({}, {}).await);",
                if *after == 0 {
                    String::new()
                } else {
                    format!("clock.advance({after}); ")
                },
                map.to_rust(),
                key.to_rust()
            ),
            DataStoreOp::LoadAll { map, keys } => format!(
                "println!(\"{{:?}}\", s.load_all({}, {}).await);",
                map.to_rust(),
                keys_to_rust(keys)
            ),
            DataStoreOp::RemoveAll { map, keys } => format!(
                "s.remove_all({}, {}).await.unwrap();",
                map.to_rust(),
                keys_to_rust(keys)
            ),
            DataStoreOp::SoftFlush => "println!(\"{:?}\", s.soft_flush().await);".to_string(),
            DataStoreOp::HardFlush => "s.hard_flush().await.unwrap();".to_string(),
            DataStoreOp::FlushKey {
                map,
                key,
                value,
                is_backup,
            } => format!(
                "s.flush_key({}, {}, &{}, {is_backup}).await.unwrap();",
                map.to_rust(),
                key.to_rust(),
                value.to_rust()
            ),
            DataStoreOp::Reset => "s.reset();".to_string(),
            DataStoreOp::Reopen => {
                "s.hard_flush().await.unwrap(); let s = reopen(s, clock.clone()).unwrap();"
                    .to_string()
            }
            DataStoreOp::Crash => {
                "let s = reopen(s, clock.clone()).unwrap(); // a crash: no hard_flush".to_string()
            }
        }
    }
}

/// A generated data store case: the ops, run in order on one fresh store.
#[derive(Debug, Clone)]
pub struct DataStoreScenario {
    /// The steps.
    pub ops: Vec<DataStoreOp>,
    /// The source of the caller's reopen function, printed in the counterexample of a
    /// case that reopens the store.
    pub reopen: Option<String>,
}

impl Scenario for DataStoreScenario {
    fn step_count(&self) -> usize {
        self.ops.len()
    }

    fn without_step(&self, index: usize) -> Self {
        let mut ops = self.ops.clone();
        ops.remove(index);
        Self {
            ops,
            reopen: self.reopen.clone(),
        }
    }

    fn simpler_at(&self, index: usize) -> Vec<Self> {
        let Some(op) = self.ops.get(index) else {
            return Vec::new();
        };
        op.simpler()
            .into_iter()
            .map(|simpler| {
                let mut ops = self.ops.clone();
                ops[index] = simpler;
                Self {
                    ops,
                    reopen: self.reopen.clone(),
                }
            })
            .collect()
    }

    fn describe_step(&self, index: usize) -> String {
        match self.ops.get(index) {
            Some(op) => format!("step {index}: {}", op.to_rust()),
            None => format!("step {index}"),
        }
    }

    fn to_rust(&self, subject: &str, failing_step: Option<usize>) -> String {
        let mut code = vec![
            "use std::sync::Arc;".to_string(),
            "use storage_conformance::doubles::ManualClock;".to_string(),
            "use storage_conformance::replay::*;".to_string(),
            "use storage_traits::MapDataStore;".to_string(),
            "let rt = tokio::runtime::Runtime::new().unwrap();".to_string(),
            "rt.block_on(async {".to_string(),
            "let clock = Arc::new(ManualClock::default());".to_string(),
            format!("let s = ({subject})(clock.clone());"),
        ];
        if self
            .ops
            .iter()
            .any(|op| matches!(op, DataStoreOp::Reopen | DataStoreOp::Crash))
        {
            let reopen = self
                .reopen
                .as_deref()
                .unwrap_or("/* the reopen function */");
            code.push(format!("let reopen = {reopen};"));
        }
        for (index, op) in self.ops.iter().enumerate() {
            let mut line = op.to_rust();
            if failing_step == Some(index) {
                line.push_str(" // <- the rule breaks here");
            }
            code.push(line);
        }
        code.push(
            "println!(\"pending {}, null {}\", s.pending_operation_count(), s.is_null());"
                .to_string(),
        );
        code.push("});".to_string());
        code.join("\n")
    }
}
