//! The cursor of a chained hash table pre-sized to 1,024 buckets: a bucket index. The
//! table doubles when it passes three quarters full (769 keys), and a walk ends at
//! `INITIAL_BUCKETS` instead of at the table's current size: once the table has grown,
//! every walk misses the keys in the upper buckets. Small stores never show it.

use std::collections::BTreeMap;

use storage_traits::{FetchResult, IterationCursor, Record};

/// The buckets of a new table.
pub const INITIAL_BUCKETS: usize = 1024;

/// The number of buckets of a table that has held at most `peak` keys: 1,024, doubled
/// while `peak` exceeds three quarters of it.
pub fn buckets_for(peak: usize) -> usize {
    let mut buckets = INITIAL_BUCKETS;
    while peak > buckets / 4 * 3 {
        buckets *= 2;
    }
    buckets
}

/// FNV-1a: a fixed hash, so the control fails alike on every run.
fn bucket_of(key: &str, buckets: usize) -> usize {
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    usize::try_from(hash % buckets as u64).unwrap_or_default()
}

/// A page of whole buckets from the bucket the cursor holds, until it has at least
/// `max(size, 1)` items; finished once the next bucket is past `INITIAL_BUCKETS` (the
/// bug) rather than past `buckets`.
pub fn bucket_page<T>(
    entries: &BTreeMap<String, Record>,
    buckets: usize,
    cursor: &IterationCursor,
    size: usize,
    item: impl Fn(&String, &Record) -> T,
) -> FetchResult<T> {
    let from = <[u8; 8]>::try_from(cursor.state.as_slice()).map_or(0, |b| {
        usize::try_from(u64::from_le_bytes(b)).unwrap_or(usize::MAX)
    });
    let mut by_bucket: BTreeMap<usize, Vec<(&String, &Record)>> = BTreeMap::new();
    for (key, record) in entries {
        let bucket = bucket_of(key, buckets);
        if bucket >= from {
            by_bucket.entry(bucket).or_default().push((key, record));
        }
    }
    let mut items = Vec::new();
    let mut next = buckets;
    for (bucket, chain) in by_bucket {
        if items.len() >= size.max(1) {
            next = bucket;
            break;
        }
        items.extend(chain.into_iter().map(|(k, r)| item(k, r)));
    }
    FetchResult {
        items,
        next_cursor: IterationCursor {
            state: (next as u64).to_le_bytes().to_vec(),
            finished: next >= INITIAL_BUCKETS,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_doubles_past_three_quarters() {
        assert_eq!(buckets_for(0), 1024);
        assert_eq!(buckets_for(768), 1024);
        assert_eq!(buckets_for(769), 2048);
        assert_eq!(buckets_for(1537), 4096);
    }
}
