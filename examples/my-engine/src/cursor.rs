//! Cursors of [`MyEngine`](crate::MyEngine): where a walk stands, in the cursor's bytes.
//!
//! A fresh cursor has empty state and stands before every key. After a page, the state is
//! [`TAG`] followed by the last key returned, and the next page starts strictly after
//! that key. The tag matters: without it, the cursor after the empty key `""` would have
//! empty state too, read as the start, and the walk would return `""` forever. Holding a
//! key rather than an offset keeps a walk complete when keys are added or removed between
//! pages.

use std::collections::BTreeMap;
use std::ops::Bound;

use storage_traits::{FetchResult, IterationCursor, Record};

/// First byte of the state of every cursor that is past the start.
const TAG: u8 = b'>';

/// One page of `size` items (at least one) after `cursor`, made by `item` from each entry.
pub(crate) fn page<T>(
    map: &BTreeMap<String, Record>,
    cursor: &IterationCursor,
    size: usize,
    item: impl Fn(&String, &Record) -> T,
) -> FetchResult<T> {
    if cursor.finished {
        return FetchResult {
            items: Vec::new(),
            next_cursor: cursor.clone(),
        };
    }
    let after = last_key(cursor);
    let start = match &after {
        Some(key) => Bound::Excluded(key.as_str()),
        None => Bound::Unbounded,
    };
    let mut entries = map.range::<str, _>((start, Bound::Unbounded));
    let chosen: Vec<(&String, &Record)> = entries.by_ref().take(size.max(1)).collect();
    let finished = entries.next().is_none();
    let state = match chosen.last() {
        Some((key, _)) => [&[TAG], key.as_bytes()].concat(),
        None => cursor.state.clone(),
    };
    FetchResult {
        items: chosen.into_iter().map(|(k, r)| item(k, r)).collect(),
        next_cursor: IterationCursor { state, finished },
    }
}

/// The last key a cursor returned, or `None` at the start.
fn last_key(cursor: &IterationCursor) -> Option<String> {
    cursor
        .state
        .split_first()
        .map(|(_tag, key)| String::from_utf8_lossy(key).into_owned())
}
