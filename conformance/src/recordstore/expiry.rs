//! When a record expires under the contract: TTL from creation, max idle from the last
//! access, expired once `now >= deadline`, TTL reported first.

use storage_traits::{ExpiryPolicy, ExpiryReason, RecordMetadata};

/// `since + millis`, or `None` when `millis` is 0 (no limit); saturates.
fn deadline(since: i64, millis: u64) -> Option<i64> {
    (millis > 0).then(|| since.saturating_add(i64::try_from(millis).unwrap_or(i64::MAX)))
}

/// Why a record with `metadata` under `policy` has expired at `now`.
pub fn reason(policy: &ExpiryPolicy, metadata: &RecordMetadata, now: i64) -> ExpiryReason {
    let reached = |deadline: Option<i64>| deadline.is_some_and(|deadline| now >= deadline);
    if reached(deadline(metadata.creation_time, policy.ttl_millis)) {
        ExpiryReason::Ttl
    } else if reached(deadline(metadata.last_access_time, policy.max_idle_millis)) {
        ExpiryReason::MaxIdle
    } else {
        ExpiryReason::NotExpired
    }
}

/// The expiration time a data store is given: the TTL deadline, or 0 without a TTL.
pub fn expiration_time(policy: &ExpiryPolicy, creation_time: i64) -> i64 {
    deadline(creation_time, policy.ttl_millis).unwrap_or(0)
}

/// Whether a record under `policy` can expire at all.
pub fn can_expire(policy: &ExpiryPolicy) -> bool {
    policy.ttl_millis > 0 || policy.max_idle_millis > 0
}
