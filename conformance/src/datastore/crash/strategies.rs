//! The op mix of the in-process crash property.

use proptest::prelude::*;

use crate::datastore::DataStoreOp;
use crate::datastore::DataStoreScenario;
use crate::datastore::strategies::{add, flush_key, never, remove, remove_all, scenario};

/// Writes of every kind (no expiry: the reopen property checks expiration times), the
/// flushes that make them durable, resets, and crashes; no `soft_flush`, whose
/// background flush would leave the model not knowing what is durable.
pub fn crashes() -> impl Strategy<Value = DataStoreScenario> {
    scenario(
        prop_oneof![
            6 => add(never()),
            3 => remove(),
            1 => remove_all(),
            1 => flush_key(),
            2 => Just(DataStoreOp::HardFlush).boxed(),
            1 => Just(DataStoreOp::Reset).boxed(),
            3 => Just(DataStoreOp::Crash).boxed(),
        ]
        .boxed(),
    )
}
