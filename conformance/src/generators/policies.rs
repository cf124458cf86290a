//! `ExpiryPolicy` and `CallerProvenance`.

use proptest::prelude::*;
use proptest::sample::select;
use storage_traits::{CallerProvenance, ExpiryPolicy};

use super::numbers::spread;

/// A TTL or max idle in millis: 0 (off) or small, or huge enough to overflow a
/// careless `now + ttl`.
fn any_duration() -> impl Strategy<Value = u64> + Clone {
    spread(0u64..10_000, &[u64::MAX, i64::MAX as u64, 1])
}

/// Any [`ExpiryPolicy`]: `ExpiryPolicy::NONE` (the shrink target) more than half the
/// time, otherwise TTL and max idle each off, small or huge.
pub fn any_expiry_policy() -> impl Strategy<Value = ExpiryPolicy> + Clone {
    prop_oneof![
        4 => Just(ExpiryPolicy::NONE),
        3 => (any_duration(), any_duration()).prop_map(|(ttl_millis, max_idle_millis)| {
            ExpiryPolicy { ttl_millis, max_idle_millis }
        }),
    ]
}

/// Any of the five [`CallerProvenance`]s; shrinks toward `Client`.
pub fn any_provenance() -> impl Strategy<Value = CallerProvenance> + Clone {
    select(vec![
        CallerProvenance::Client,
        CallerProvenance::Backup,
        CallerProvenance::Replication,
        CallerProvenance::Load,
        CallerProvenance::CrdtMerge,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::sampling::{fully_shrunk, sample};

    #[test]
    fn any_expiry_policy_mixes_none_small_and_huge() {
        let policies = sample(&any_expiry_policy(), 1000);
        let none = policies
            .iter()
            .filter(|p| **p == ExpiryPolicy::NONE)
            .count();
        assert!(none > 400, "NONE is not common: {none} of 1000");
        assert!(policies.iter().any(|p| (1..10_000).contains(&p.ttl_millis)));
        assert!(
            policies
                .iter()
                .any(|p| (1..10_000).contains(&p.max_idle_millis))
        );
        assert!(policies.iter().any(|p| p.ttl_millis == u64::MAX));
        assert!(policies.iter().any(|p| p.max_idle_millis == u64::MAX));
        assert!(
            fully_shrunk(&any_expiry_policy(), 100)
                .iter()
                .all(|p| *p == ExpiryPolicy::NONE)
        );
    }

    #[test]
    fn any_provenance_reaches_all_five() {
        let drawn = sample(&any_provenance(), 200);
        for provenance in [
            CallerProvenance::Client,
            CallerProvenance::Backup,
            CallerProvenance::Replication,
            CallerProvenance::Load,
            CallerProvenance::CrdtMerge,
        ] {
            assert!(drawn.contains(&provenance), "no {provenance:?}");
        }
        assert!(
            fully_shrunk(&any_provenance(), 50)
                .iter()
                .all(|p| *p == CallerProvenance::Client)
        );
    }
}
