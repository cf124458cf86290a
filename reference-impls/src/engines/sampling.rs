//! Uniform sampling without replacement, shared by every engine.

use rand::Rng;

/// Picks `min(n, count)` distinct items from `items`, uniformly (reservoir sampling,
/// algorithm R). `keep` turns an item into the output only when it enters the
/// reservoir, so copying costs O(n log(count / n)) rather than O(count).
pub(crate) fn reservoir<T, U>(
    items: impl Iterator<Item = T>,
    n: usize,
    mut keep: impl FnMut(T) -> U,
) -> Vec<U> {
    if n == 0 {
        return Vec::new();
    }
    let mut rng = rand::rng();
    let mut chosen = Vec::with_capacity(n);
    for (seen, item) in items.enumerate() {
        if seen < n {
            chosen.push(keep(item));
        } else {
            let slot = rng.random_range(0..=seen);
            if let Some(place) = chosen.get_mut(slot) {
                *place = keep(item);
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_min_of_n_and_count_distinct_items() {
        for (count, n) in [(0, 3), (2, 3), (3, 3), (100, 7), (5, 0)] {
            let mut picked = reservoir(0..count, n, |i| i);
            assert_eq!(picked.len(), n.min(count));
            picked.sort_unstable();
            picked.dedup();
            assert_eq!(picked.len(), n.min(count));
            assert!(picked.iter().all(|i| *i < count));
        }
    }

    #[test]
    fn every_item_can_be_picked() {
        let mut hits = [0_u32; 10];
        for _ in 0..2_000 {
            for i in reservoir(0..10, 2, |i| i) {
                hits[i] += 1;
            }
        }
        assert!(hits.iter().all(|h| *h > 0), "{hits:?}");
    }
}
