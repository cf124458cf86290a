//! Keys: the whole key space, a small pool, and a mix that keeps hitting the pool.

use proptest::prelude::*;
use proptest::sample::select;

use super::text::non_ascii;

/// Length of the prefix that long keys share: with the last byte they make 200 bytes,
/// enough to defeat implementations that compare or hash only a key's start.
const LONG_PREFIX_LEN: usize = 199;

/// The shared prefix of long keys.
fn long_prefix() -> String {
    "p".repeat(LONG_PREFIX_LEN)
}

/// Any key: short ASCII (first, so shrinking ends at `"a"`), `""`, non-ASCII text
/// (including a combining mark and an emoji), keys that differ only in case, and
/// 200-byte keys that share a 199-byte prefix and differ only in their last byte.
pub fn any_key() -> impl Strategy<Value = String> + Clone {
    let case_variants = ["key", "Key", "KEY", "kEY", "ключ", "КЛЮЧ"].map(str::to_string);
    prop_oneof![
        4 => "[a-z][a-zA-Z0-9_./-]{0,7}",
        2 => Just(String::new()),
        2 => non_ascii(),
        1 => "\\PC{1,8}",
        2 => select(case_variants.to_vec()),
        2 => prop::char::range('a', 'z').prop_map(|last| long_prefix() + &last.to_string()),
    ]
}

/// The keys of [`key_pool`], simplest first: `"a"`, `""`, `"A"` (differs from `"a"`
/// only in case), a non-ASCII key, and two 200-byte keys that differ only in the last
/// byte.
pub fn pool_keys() -> Vec<String> {
    vec![
        "a".to_string(),
        String::new(),
        "A".to_string(),
        "ключ".to_string(),
        long_prefix() + "a",
        long_prefix() + "b",
    ]
}

/// One key of the small fixed pool [`pool_keys`]; shrinks toward `"a"`.
pub fn key_pool() -> impl Strategy<Value = String> + Clone {
    select(pool_keys())
}

/// A key for operation sequences: from [`key_pool`] 85% of the time, so that
/// overwrites, removes of present keys and re-inserts are common, and from [`any_key`]
/// otherwise. The pool comes first, so shrinking prefers its simple keys.
pub fn pooled_key() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        85 => key_pool(),
        15 => any_key(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::sampling::{fully_shrunk, sample};

    fn differ_only_in_case(keys: &[String]) -> bool {
        keys.iter().any(|a| {
            keys.iter()
                .any(|b| a != b && a.to_lowercase() == b.to_lowercase())
        })
    }

    fn has_long_prefix_pair(keys: &[String]) -> bool {
        keys.iter().any(|a| {
            keys.iter().any(|b| {
                a.len() >= 200
                    && a.len() == b.len()
                    && a != b
                    && a[..a.len() - 1] == b[..b.len() - 1]
            })
        })
    }

    #[test]
    fn any_key_reaches_every_kind_of_key() {
        let keys = sample(&any_key(), 2000);
        assert!(keys.iter().any(String::is_empty), "no empty key");
        assert!(keys.iter().any(|k| !k.is_ascii()), "no non-ASCII key");
        assert!(
            keys.iter().any(|k| k.contains('\u{301}')),
            "no combining mark"
        );
        assert!(differ_only_in_case(&keys), "no keys differing only in case");
        assert!(
            has_long_prefix_pair(&keys),
            "no long keys differing in the last byte"
        );
        assert!(
            keys.iter()
                .any(|k| k.len() < 8 && k.is_ascii() && !k.is_empty())
        );
    }

    #[test]
    fn the_pool_holds_the_awkward_keys_simplest_first() {
        let pool = pool_keys();
        assert_eq!(pool[0], "a");
        assert!(pool.len() <= 8);
        assert!(pool.contains(&String::new()) && pool.contains(&"A".to_string()));
        assert!(pool.iter().any(|k| !k.is_ascii()));
        assert!(differ_only_in_case(&pool));
        assert!(has_long_prefix_pair(&pool));
    }

    #[test]
    fn pooled_key_hits_the_pool_most_of_the_time() {
        let pool = pool_keys();
        let keys = sample(&pooled_key(), 1000);
        let pooled = keys.iter().filter(|k| pool.contains(k)).count();
        assert!(pooled > 700, "only {pooled} of 1000 keys from the pool");
        assert!(pooled < 1000, "never a key outside the pool");
    }

    #[test]
    fn keys_shrink_to_a() {
        assert!(fully_shrunk(&pooled_key(), 200).iter().all(|k| k == "a"));
        assert!(fully_shrunk(&any_key(), 200).iter().all(|k| k == "a"));
    }
}
