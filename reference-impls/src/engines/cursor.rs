//! Cursor positions and page assembly shared by every engine.
//!
//! A cursor's state is empty at the start; afterwards it is [`TAG`] followed by the
//! UTF-8 bytes of the last key returned. The tag keeps the empty key's position apart
//! from the start. A page holds the keys strictly greater, in byte order, than that
//! position, so a walk stays complete however the map is reordered between pages: a key
//! present for the whole walk is greater than every position until it is returned.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::ops::Bound;

use storage_traits::{FetchResult, IterationCursor, Record};

/// First byte of every non-start cursor state.
const TAG: u8 = 1;

/// Where a walk stands: before every key, or after a given key.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Position<'a> {
    /// Before every key, the empty key included.
    Start,
    /// After the key with these bytes.
    After(&'a [u8]),
}

impl<'a> Position<'a> {
    /// Decodes a cursor's state. The state is opaque to callers, so a foreign one is
    /// still read as a byte position rather than rejected: a walk never fails.
    fn decode(state: &'a [u8]) -> Self {
        match state.split_first() {
            None => Position::Start,
            Some((_tag, key)) => Position::After(key),
        }
    }

    /// Whether `key` comes after this position.
    pub(crate) fn admits(self, key: &str) -> bool {
        match self {
            Position::Start => true,
            Position::After(last) => key.as_bytes() > last,
        }
    }

    /// A lower bound for a range over an ordered map of `String` keys. It is the
    /// longest valid UTF-8 prefix of the position, so it may admit a few keys that
    /// [`Position::admits`] rejects; callers filter with `admits`.
    pub(crate) fn range_start(self) -> Bound<&'a str> {
        match self {
            Position::Start => Bound::Unbounded,
            Position::After(last) => Bound::Excluded(match std::str::from_utf8(last) {
                Ok(key) => key,
                // `valid_up_to` marks a char boundary, so the prefix is valid UTF-8.
                Err(e) => std::str::from_utf8(&last[..e.valid_up_to()]).unwrap_or_default(),
            }),
        }
    }
}

/// A page being assembled: the smallest `limit` admitted keys seen so far, and
/// whether any admitted key was left out.
pub(crate) struct Page<T> {
    limit: usize,
    kept: BinaryHeap<Candidate<T>>,
    overflowed: bool,
    position: Vec<u8>,
}

impl<T> Page<T> {
    /// An empty page for a fetch of `size` items from `cursor`, or `None` when the
    /// cursor is already finished. A `size` of 0 is read as 1, so a walk always makes
    /// progress.
    pub(crate) fn new(cursor: &IterationCursor, size: usize) -> Option<Self> {
        (!cursor.finished).then(|| Self {
            limit: size.max(1),
            kept: BinaryHeap::new(),
            overflowed: false,
            position: cursor.state.clone(),
        })
    }

    /// The position the page starts after.
    pub(crate) fn position(&self) -> Position<'_> {
        Position::decode(&self.position)
    }

    /// Offers one stored entry, in any order; `item` builds the page item only when
    /// the key is kept. Returns `true` once a key beyond the page has been seen, which
    /// lets a source that offers keys in ascending order stop there.
    pub(crate) fn offer(&mut self, key: &str, item: impl FnOnce() -> T) -> bool {
        if !self.position().admits(key) {
            return self.overflowed;
        }
        if self.kept.len() < self.limit {
            self.kept.push(Candidate::new(key, item()));
        } else {
            self.overflowed = true;
            if self
                .kept
                .peek()
                .is_some_and(|largest| key < largest.key.as_str())
            {
                self.kept.pop();
                self.kept.push(Candidate::new(key, item()));
            }
        }
        self.overflowed
    }

    /// The finished page: items in ascending key order, and a cursor after the last
    /// one, finished when no admitted key was left out.
    pub(crate) fn into_result<U>(self, mut map: impl FnMut(String, T) -> U) -> FetchResult<U> {
        let kept = self.kept.into_sorted_vec();
        let state = match kept.last() {
            Some(last) => [&[TAG], last.key.as_bytes()].concat(),
            None => self.position,
        };
        FetchResult {
            items: kept.into_iter().map(|c| map(c.key, c.item)).collect(),
            next_cursor: IterationCursor {
                state,
                finished: !self.overflowed,
            },
        }
    }
}

/// An engine whose entries can be offered to a [`Page`].
pub(crate) trait PageSource {
    /// Offers the entries after `page`'s position (others may be offered too; the page
    /// filters them) until every one was offered or `offer` returned `true`.
    fn fill<T>(&self, page: &mut Page<T>, item: impl Fn(&Record) -> T);
}

/// `StorageEngine::fetch_keys` for any [`PageSource`].
pub(crate) fn fetch_keys(
    source: &impl PageSource,
    cursor: &IterationCursor,
    size: usize,
) -> FetchResult<String> {
    fetch(source, cursor, size, |_| (), |key, ()| key)
}

/// `StorageEngine::fetch_entries` for any [`PageSource`].
pub(crate) fn fetch_entries(
    source: &impl PageSource,
    cursor: &IterationCursor,
    size: usize,
) -> FetchResult<(String, Record)> {
    fetch(source, cursor, size, Record::clone, |key, record| {
        (key, record)
    })
}

fn fetch<T, U>(
    source: &impl PageSource,
    cursor: &IterationCursor,
    size: usize,
    item: impl Fn(&Record) -> T,
    output: impl FnMut(String, T) -> U,
) -> FetchResult<U> {
    match Page::new(cursor, size) {
        // A finished cursor stays finished and gets an empty page.
        None => FetchResult {
            items: Vec::new(),
            next_cursor: cursor.clone(),
        },
        Some(mut page) => {
            source.fill(&mut page, item);
            page.into_result(output)
        }
    }
}

/// A kept key with its item, ordered by key alone so the heap's top is the largest.
struct Candidate<T> {
    key: String,
    item: T,
}

impl<T> Candidate<T> {
    fn new(key: &str, item: T) -> Self {
        Self {
            key: key.to_owned(),
            item,
        }
    }
}

impl<T> PartialEq for Candidate<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<T> Eq for Candidate<T> {}

impl<T> PartialOrd for Candidate<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Candidate<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key)
    }
}
