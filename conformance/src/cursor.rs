//! Cursor walks and their rules, shared by every suite whose subject has
//! `fetch_keys`/`fetch_entries`: a walk tracker is told every modification made between
//! pages, records what each page shows ([`PageFacts`]), and judges it, either by the
//! strict rules of the reference implementations ([`WalkTracker::page`]) or by the rules
//! of the cursor readings a run accepts ([`PageFacts::judge`]).

use std::collections::{BTreeMap, BTreeSet};

use storage_traits::{FetchResult, IterationCursor, Record};

use crate::failure::Violation;
use crate::readings::{Reading, Stop};

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
    /// Page size rule of the strict judge: `size == 0` read as 1, and a short page ends
    /// the walk.
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
    /// Pages of a walk over an unchanged store: what "at least `size`" requires.
    pub const PAGE_FULL: &str = "a page that is not finished holds at least size items, or every key the walk has not yet returned";
    /// The end of a walk at a size of 1 or more.
    pub const EMPTY_PAGE_FINISHES: &str = "a page at size 1 or more that holds no item is finished";
    /// The end of a walk, under the option that a short page ends it.
    pub const SHORT_PAGE_FINISHES: &str = "a page with fewer than size items is finished";
    /// Progress at size 0, under the option that reads it as 1.
    pub const ZERO_AS_ONE: &str = "a page at size 0 that is not finished holds at least one item";
    /// Termination at a size of 1 or more, writes between pages allowed for.
    pub const FINISHES_WITHIN_BOUND: &str = "a walk at size 1 or more finishes within keys / size + 2 calls, plus one per write made during it";
}

/// The option ids the cursor readings of a suite must have (the first of each is the
/// strict judge's).
pub mod options {
    /// `size == 0` is read as 1.
    pub const AS_ONE: &str = "as_one";
    /// `size == 0` is "at least 0": an empty unfinished page is allowed.
    pub const LITERAL: &str = "literal";
    /// A page with fewer than `size` items is finished.
    pub const SHORT_PAGE_FINISHES: &str = "short_page_finishes";
    /// The end may be reported one call later, by an empty finished page.
    pub const EMPTY_PAGE_FINISHES: &str = "empty_page_finishes";
    /// A walk returns every key present throughout it, whatever is written between pages.
    pub const COMPLETE: &str = "complete";
    /// Writes between pages may make a walk skip keys or return them again.
    pub const NO_PROMISE: &str = "no_promise";
}

/// The readings a suite's walks are judged by: what a page at size 0 holds
/// ([`options::AS_ONE`] or [`options::LITERAL`]), how a walk reports its end
/// ([`options::SHORT_PAGE_FINISHES`] or [`options::EMPTY_PAGE_FINISHES`]) and what
/// writes between pages may do ([`options::COMPLETE`] or [`options::NO_PROMISE`]).
#[derive(Debug, Clone, Copy)]
pub struct CursorReadings {
    /// The reading of `size == 0`.
    pub zero: &'static Reading,
    /// The reading of the walk's end.
    pub end: &'static Reading,
    /// The reading of writes between pages.
    pub writes: &'static Reading,
}

/// What one page showed, for a judge: everything the cursor readings decide on.
#[derive(Debug, Clone)]
pub struct PageFacts {
    step: usize,
    size: usize,
    items: usize,
    finished: bool,
    exact: bool,
    /// A broken rule that every reading shares: a key never present, a record its key
    /// never held, a key returned twice by a walk over an unchanged store.
    unsound: Option<Violation>,
    /// In a walk over an unchanged store: every key has now been returned.
    all_returned: bool,
    /// The walk has made as many calls as it may and is not finished.
    over_bound: bool,
    /// The keys present throughout that a finished walk did not return.
    missing: Vec<String>,
    /// The bound on calls, for the message.
    bound: usize,
}

impl PageFacts {
    /// Judges the page by the cursor readings: `is(reading, option)` says whether the
    /// run (or the branch) reads `reading` as `option`, splitting a branch that has not
    /// chosen yet ([`crate::readings::Options::is`]).
    pub fn judge(
        &self,
        readings: &CursorReadings,
        mut is: impl FnMut(&'static Reading, &str) -> Result<bool, Stop>,
    ) -> Result<(), Stop> {
        if let Some(violation) = &self.unsound {
            return Err(violation.clone().into());
        }
        let step = self.step;
        if self.size == 0 && is(readings.zero, options::LITERAL)? {
            // "At least 0": any page, and no promise that the walk ends; what it
            // returns was checked above, and completeness below if it does end.
            return self.judge_missing(readings, is);
        }
        let size = self.size.max(1);
        if !self.finished {
            if self.items == 0 {
                let rule = if self.size == 0 {
                    rules::ZERO_AS_ONE
                } else {
                    rules::EMPTY_PAGE_FINISHES
                };
                return Err(Violation::at(
                    step,
                    rule,
                    "items or finished",
                    "0 items, not finished",
                )
                .into());
            }
            if self.items < size {
                if self.exact && !self.all_returned {
                    return Err(Violation::at(
                        step,
                        rules::PAGE_FULL,
                        format!("at least {size} items, every key left, or finished"),
                        format!("{} items, keys left, not finished", self.items),
                    )
                    .into());
                }
                if is(readings.end, options::SHORT_PAGE_FINISHES)? {
                    return Err(Violation::at(
                        step,
                        rules::SHORT_PAGE_FINISHES,
                        format!("at least {size} items, or finished"),
                        format!("{} items, not finished", self.items),
                    )
                    .into());
                }
            }
            if self.over_bound {
                return Err(Violation::at(
                    step,
                    rules::FINISHES_WITHIN_BOUND,
                    format!("finished within {} calls", self.bound),
                    "not finished",
                )
                .into());
            }
        }
        self.judge_missing(readings, is)
    }

    /// The walk is finished without a key present throughout it.
    fn judge_missing(
        &self,
        readings: &CursorReadings,
        mut is: impl FnMut(&'static Reading, &str) -> Result<bool, Stop>,
    ) -> Result<(), Stop> {
        if !self.finished || self.missing.is_empty() {
            return Ok(());
        }
        let rule = if self.exact {
            rules::EXACTLY_ONCE
        } else if is(readings.writes, options::COMPLETE)? {
            rules::COMPLETE
        } else {
            return Ok(());
        };
        Err(Violation::at(
            self.step,
            rule,
            "every key present throughout",
            format!("missing {}", crate::failure::few(&self.missing)),
        )
        .into())
    }

    /// Whether the walk may be abandoned: it made as many calls as it may without
    /// finishing (at size 0 under the literal reading, which never requires it to).
    pub fn over_bound(&self) -> bool {
        self.over_bound
    }
}

/// One walk in progress: the cursor, and what the store held while it ran.
#[derive(Debug, Clone)]
pub struct WalkTracker {
    size: usize,
    cursor: IterationCursor,
    calls: usize,
    exact: bool,
    /// Calls allowed beyond the bound: one per write made during the walk, since a
    /// write between pages can leave one more page to fetch.
    extra_calls: usize,
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
            extra_calls: 0,
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

    /// The most calls the walk may make without finishing.
    fn bound(&self) -> usize {
        walk_call_bound(self.held.len(), self.size) + self.extra_calls
    }

    /// Whether the walk has made more calls than it may.
    pub fn over_bound(&self) -> bool {
        self.calls >= self.bound()
    }

    /// Tells the walk that `key` now holds `record`.
    pub fn on_put(&mut self, key: &str, record: &Record) {
        self.held
            .entry(key.to_string())
            .or_default()
            .push(record.clone());
        self.extra_calls += 1;
    }

    /// Tells the walk that `key` was removed.
    pub fn on_remove(&mut self, key: &str) {
        self.present_throughout.remove(key);
        self.extra_calls += 1;
    }

    /// Tells the walk that every key was removed.
    pub fn on_clear(&mut self) {
        self.present_throughout.clear();
        self.extra_calls += 1;
    }

    /// Allows `calls` more calls: writes ran beside the walk.
    pub fn allow_calls(&mut self, calls: usize) {
        self.extra_calls += calls;
    }

    /// Records the page returned by the next call, made at `step`, and returns what it
    /// showed, for [`PageFacts::judge`].
    pub fn observe(&mut self, step: usize, page: Page) -> PageFacts {
        self.calls += 1;
        let items = page.items.len();
        let unsound = self.soundness(step, &page);
        self.cursor = page.next_cursor;
        let missing = if self.cursor.finished {
            self.present_throughout
                .iter()
                .filter(|k| !self.returned.contains_key(*k))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        PageFacts {
            step,
            size: self.size,
            items,
            finished: self.cursor.finished,
            exact: self.exact,
            unsound,
            all_returned: self
                .present_throughout
                .iter()
                .all(|k| self.returned.contains_key(k)),
            over_bound: !self.cursor.finished && self.over_bound(),
            missing,
            bound: self.bound(),
        }
    }

    /// The first item of `page` that breaks a rule every reading shares, counting
    /// every item as returned.
    fn soundness(&mut self, step: usize, page: &Page) -> Option<Violation> {
        let mut broken = None;
        for (key, record) in &page.items {
            let count = self.returned.entry(key.clone()).or_default();
            *count += 1;
            if broken.is_some() {
                continue;
            }
            let Some(held) = self.held.get(key) else {
                broken = Some(Violation::at(
                    step,
                    rules::NEVER_PRESENT,
                    "a key the store held",
                    key,
                ));
                continue;
            };
            if let Some(record) = record
                && !held.iter().any(|h| h.same_as(record))
            {
                broken = Some(Violation::at(
                    step,
                    rules::RECORD_HELD,
                    format!("one of {held:?} for key {key:?}"),
                    record,
                ));
            } else if self.exact && *count > 1 {
                broken = Some(Violation::at(
                    step,
                    rules::EXACTLY_ONCE,
                    format!("{key:?} once"),
                    format!("{key:?} {count} times"),
                ));
            }
        }
        broken
    }

    /// Checks the page returned by the next call, made at `step`, by the strict rules of
    /// the reference implementations: `size == 0` read as 1, a short page ends the walk,
    /// and a walk returns every key present throughout it whatever is written between
    /// pages.
    pub fn page(&mut self, step: usize, page: Page) -> Result<(), Violation> {
        let facts = self.observe(step, page);
        if let Some(violation) = facts.unsound {
            return Err(violation);
        }
        let size = facts.size.max(1);
        if !facts.finished && facts.items < size {
            return Err(Violation::at(
                step,
                rules::PAGE_SIZE,
                format!("at least {size} items or finished"),
                format!("{} items, not finished", facts.items),
            ));
        }
        if !facts.missing.is_empty() {
            let rule = if facts.exact {
                rules::EXACTLY_ONCE
            } else {
                rules::COMPLETE
            };
            return Err(Violation::at(
                step,
                rule,
                "every key present throughout",
                format!("missing {:?}", facts.missing),
            ));
        }
        if facts.over_bound {
            return Err(Violation::at(
                step,
                rules::FINISHES,
                format!("finished within {} calls", facts.bound),
                "not finished",
            ));
        }
        Ok(())
    }
}
