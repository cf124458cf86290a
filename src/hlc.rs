//! Hybrid logical clock timestamps.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A hybrid logical clock timestamp.
///
/// Totally ordered by `(millis, counter, node_id)`, in that order (the derived order
/// follows field declaration order). Displayed as `millis:counter:node_id`.
/// Serialized with camelCase field names (`nodeId`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timestamp {
    /// Physical time in milliseconds since the Unix epoch.
    pub millis: u64,
    /// Logical counter that orders events within the same millisecond.
    pub counter: u32,
    /// Identifier of the node that issued the timestamp; breaks remaining ties.
    pub node_id: String,
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.millis, self.counter, self.node_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(millis: u64, counter: u32, node_id: &str) -> Timestamp {
        Timestamp {
            millis,
            counter,
            node_id: node_id.to_string(),
        }
    }

    #[test]
    fn orders_by_millis_then_counter_then_node() {
        assert!(ts(1, 9, "z") < ts(2, 0, "a"));
        assert!(ts(2, 0, "z") < ts(2, 1, "a"));
        assert!(ts(2, 1, "a") < ts(2, 1, "b"));
        assert_eq!(ts(2, 1, "a").cmp(&ts(2, 1, "a")), std::cmp::Ordering::Equal);
    }

    #[test]
    fn displays_as_millis_counter_node() {
        assert_eq!(
            ts(1_700_000_000_000, 7, "node-1").to_string(),
            "1700000000000:7:node-1"
        );
        assert_eq!(ts(0, 0, "").to_string(), "0:0:");
    }
}
