//! Cursor walks and their rules, shared by every suite whose subject has
//! `fetch_keys`/`fetch_entries`: a walk tracker is told every modification made between
//! pages and checks each page and the finished walk.

use std::collections::{BTreeMap, BTreeSet};

use storage_traits::{FetchResult, IterationCursor, Record};

use crate::failure::Violation;

/// A fetched page, keys with their records when the walk fetches entries.
pub type Page = FetchResult<(String, Option<Record>)>;

/// A page of `fetch_keys`, in the common shape.
pub fn keys_page(page: FetchResult<String>) -> Page {
    FetchResult {
        items: page.items.into_iter().map(|k| (k, None)).collect(),
        next_cursor: page.next_cursor,
    }
}

/// A page of `fetch_entries`, in the common shape.
pub fn entries_page(page: FetchResult<(String, Record)>) -> Page {
    FetchResult {
        items: page.items.into_iter().map(|(k, r)| (k, Some(r))).collect(),
        next_cursor: page.next_cursor,
    }
}

/// The upper bound on cursor calls of a walk over `len` keys at page size `size`: one
/// call per full page, one for a short last page and one to learn that it has finished.
pub fn walk_call_bound(len: usize, size: usize) -> usize {
    len / size.max(1) + 2
}

/// Rules of a walk.
pub mod rules {
    /// Page size rule.
    pub const PAGE_SIZE: &str = "a page that is not the last holds at least max(size, 1) items";
    /// No phantom keys.
    pub const NEVER_PRESENT: &str = "a walk returns no key that was never present during it";
    /// Records returned are real.
    pub const RECORD_HELD: &str = "every record a walk returns is one its key held during the walk";
    /// Exactly once when nothing changes.
    pub const EXACTLY_ONCE: &str = "a walk over an unchanged store returns every key exactly once";
    /// Completeness.
    pub const COMPLETE: &str = "a finished walk has returned every key present throughout it";
    /// Termination.
    pub const FINISHES: &str = "a walk finishes within len / max(size, 1) + 2 calls";
}

/// One walk in progress: the cursor, and what the store held while it ran.
#[derive(Debug, Clone)]
pub struct WalkTracker {
    size: usize,
    cursor: IterationCursor,
    calls: usize,
    exact: bool,
    present_throughout: BTreeSet<String>,
    held: BTreeMap<String, Vec<Record>>,
    returned: BTreeMap<String, usize>,
}

impl WalkTracker {
    /// Starts a walk at page size `size` over a store holding `state`. With `exact`, no
    /// modification will happen and every key must come back exactly once.
    pub fn start(state: &BTreeMap<String, Record>, size: usize, exact: bool) -> Self {
        Self {
            size,
            cursor: IterationCursor::start(),
            calls: 0,
            exact,
            present_throughout: state.keys().cloned().collect(),
            held: state
                .iter()
                .map(|(k, r)| (k.clone(), vec![r.clone()]))
                .collect(),
            returned: BTreeMap::new(),
        }
    }

    /// The cursor for the next call.
    pub fn cursor(&self) -> &IterationCursor {
        &self.cursor
    }

    /// The page size of the walk.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Whether the walk has finished.
    pub fn finished(&self) -> bool {
        self.cursor.finished
    }

    /// Whether the walk has made more calls than it may.
    pub fn over_bound(&self) -> bool {
        self.calls >= walk_call_bound(self.held.len(), self.size)
    }

    /// Tells the walk that `key` now holds `record`.
    pub fn on_put(&mut self, key: &str, record: &Record) {
        self.held
            .entry(key.to_string())
            .or_default()
            .push(record.clone());
    }

    /// Tells the walk that `key` was removed.
    pub fn on_remove(&mut self, key: &str) {
        self.present_throughout.remove(key);
    }

    /// Tells the walk that every key was removed.
    pub fn on_clear(&mut self) {
        self.present_throughout.clear();
    }

    /// Checks the page returned by the next call, made at `step`.
    pub fn page(&mut self, step: usize, page: Page) -> Result<(), Violation> {
        self.calls += 1;
        if !page.next_cursor.finished && page.items.len() < self.size.max(1) {
            return Err(Violation::at(
                step,
                rules::PAGE_SIZE,
                format!("at least {} items or finished", self.size.max(1)),
                format!("{} items, not finished", page.items.len()),
            ));
        }
        for (key, record) in &page.items {
            let Some(held) = self.held.get(key) else {
                return Err(Violation::at(
                    step,
                    rules::NEVER_PRESENT,
                    "a key the store held",
                    key,
                ));
            };
            if let Some(record) = record
                && !held.iter().any(|h| h.same_as(record))
            {
                return Err(Violation::at(
                    step,
                    rules::RECORD_HELD,
                    format!("one of {held:?} for key {key:?}"),
                    record,
                ));
            }
            let count = self.returned.entry(key.clone()).or_default();
            *count += 1;
            if self.exact && *count > 1 {
                return Err(Violation::at(
                    step,
                    rules::EXACTLY_ONCE,
                    format!("{key:?} once"),
                    format!("{key:?} {count} times"),
                ));
            }
        }
        self.cursor = page.next_cursor;
        if self.cursor.finished {
            let missing: Vec<&String> = self
                .present_throughout
                .iter()
                .filter(|k| !self.returned.contains_key(*k))
                .collect();
            if !missing.is_empty() {
                let rule = if self.exact {
                    rules::EXACTLY_ONCE
                } else {
                    rules::COMPLETE
                };
                return Err(Violation::at(
                    step,
                    rule,
                    "every key present throughout",
                    format!("missing {missing:?}"),
                ));
            }
        } else if self.over_bound() {
            return Err(Violation::at(
                step,
                rules::FINISHES,
                format!("finished within {} calls", self.calls),
                "not finished",
            ));
        }
        Ok(())
    }
}
