//! The persisted form of a value: its named MessagePack encoding.

use anyhow::Context;
use storage_traits::RecordValue;

/// The bytes stored for `value`.
pub(crate) fn encode(value: &RecordValue) -> anyhow::Result<Vec<u8>> {
    rmp_serde::to_vec_named(value).context("the value could not be encoded as MessagePack")
}

/// The value stored as `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> anyhow::Result<RecordValue> {
    rmp_serde::from_slice(bytes).context("the stored value is not a MessagePack RecordValue")
}
