//! When a record expires: TTL from creation, max idle from the last access, at or after
//! the deadline as the branch reads `recordstore_expiry_boundary`; the reasons
//! `has_expired` may give; and the expiration times a data store may be handed.

use storage_traits::{ExpiryPolicy, ExpiryReason, RecordMetadata};

use super::context::Boundary;

/// `since + millis`, or `None` when `millis` is 0 (no limit); saturates.
fn deadline(since: i64, millis: u64) -> Option<i64> {
    (millis > 0).then(|| since.saturating_add(i64::try_from(millis).unwrap_or(i64::MAX)))
}

/// The TTL and max idle deadlines of a record with `metadata` under `policy`.
fn deadlines(policy: &ExpiryPolicy, metadata: &RecordMetadata) -> (Option<i64>, Option<i64>) {
    (
        deadline(metadata.creation_time, policy.ttl_millis),
        deadline(metadata.last_access_time, policy.max_idle_millis),
    )
}

fn reached(deadline: Option<i64>, now: i64, boundary: Boundary) -> bool {
    deadline.is_some_and(|deadline| match boundary {
        Boundary::AtDeadline => now >= deadline,
        Boundary::AfterDeadline => now > deadline,
    })
}

/// Whether a record with `metadata` under `policy` has expired at `now`.
pub fn expired(
    policy: &ExpiryPolicy,
    metadata: &RecordMetadata,
    now: i64,
    boundary: Boundary,
) -> bool {
    let (ttl, idle) = deadlines(policy, metadata);
    reached(ttl, now, boundary) || reached(idle, now, boundary)
}

/// The reasons `has_expired` may report at `now` and the options of
/// `recordstore_expiry_reason` that report each: one reason unless both deadlines
/// passed.
pub fn reasons(
    policy: &ExpiryPolicy,
    metadata: &RecordMetadata,
    now: i64,
    boundary: Boundary,
) -> Vec<(ExpiryReason, &'static str)> {
    let (ttl, idle) = deadlines(policy, metadata);
    match (reached(ttl, now, boundary), reached(idle, now, boundary)) {
        (false, false) => vec![(ExpiryReason::NotExpired, "")],
        (true, false) => vec![(ExpiryReason::Ttl, "")],
        (false, true) => vec![(ExpiryReason::MaxIdle, "")],
        (true, true) => {
            let earliest = if idle < ttl {
                ExpiryReason::MaxIdle
            } else {
                ExpiryReason::Ttl
            };
            vec![
                (ExpiryReason::Ttl, "ttl_first"),
                (ExpiryReason::MaxIdle, "max_idle_first"),
                (earliest, "earliest"),
            ]
        }
    }
}

/// The expiration times a data store may be handed for a record with `metadata` under
/// `policy`, each with the option of `recordstore_expiration_time` that hands it: the
/// TTL deadline, and the earlier of both deadlines; 0 for no deadline.
pub fn expiration_times(
    policy: &ExpiryPolicy,
    metadata: &RecordMetadata,
) -> [(i64, &'static str); 2] {
    let (ttl, idle) = deadlines(policy, metadata);
    let earliest = match (ttl, idle) {
        (Some(t), Some(i)) => Some(t.min(i)),
        (t, i) => t.or(i),
    };
    [
        (ttl.unwrap_or(0), "ttl"),
        (earliest.unwrap_or(0), "earliest_deadline"),
    ]
}

/// Whether a record under `policy` can expire at all.
pub fn can_expire(policy: &ExpiryPolicy) -> bool {
    policy.ttl_millis > 0 || policy.max_idle_millis > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(ttl_millis: u64, max_idle_millis: u64) -> ExpiryPolicy {
        ExpiryPolicy {
            ttl_millis,
            max_idle_millis,
        }
    }

    #[test]
    fn deadlines_are_reached_at_or_after_them_as_the_boundary_says() {
        let mut metadata = RecordMetadata::new(100, 1);
        metadata.last_access_time = 105;
        let at = Boundary::AtDeadline;
        let after = Boundary::AfterDeadline;
        assert!(!expired(&policy(10, 0), &metadata, 109, at));
        assert!(expired(&policy(10, 0), &metadata, 110, at));
        assert!(!expired(&policy(10, 0), &metadata, 110, after));
        assert!(expired(&policy(10, 0), &metadata, 111, after));
        assert!(expired(&policy(0, 5), &metadata, 110, at));
        assert!(!expired(&policy(u64::MAX, 0), &metadata, i64::MAX - 1, at));
    }

    #[test]
    fn both_deadlines_passed_give_every_reason_an_option_reports() {
        let mut metadata = RecordMetadata::new(100, 1);
        metadata.last_access_time = 100;
        let both = reasons(&policy(10, 5), &metadata, 110, Boundary::AtDeadline);
        assert_eq!(
            both,
            vec![
                (ExpiryReason::Ttl, "ttl_first"),
                (ExpiryReason::MaxIdle, "max_idle_first"),
                (ExpiryReason::MaxIdle, "earliest"),
            ]
        );
        let one = reasons(&policy(10, 0), &metadata, 110, Boundary::AtDeadline);
        assert_eq!(one, vec![(ExpiryReason::Ttl, "")]);
    }

    #[test]
    fn a_data_store_is_handed_the_ttl_deadline_or_the_earliest() {
        let mut metadata = RecordMetadata::new(100, 1);
        metadata.last_access_time = 102;
        assert_eq!(
            expiration_times(&policy(10, 5), &metadata),
            [(110, "ttl"), (107, "earliest_deadline")]
        );
        assert_eq!(
            expiration_times(&policy(0, 5), &metadata),
            [(0, "ttl"), (107, "earliest_deadline")]
        );
        assert_eq!(
            expiration_times(&ExpiryPolicy::NONE, &metadata),
            [(0, "ttl"), (0, "earliest_deadline")]
        );
    }
}
