//! The correct engine controls: a [`FaultyEngine`](super::engine::FaultyEngine) without
//! a fault that does one thing the unusual way. Each of the spec's open points has one
//! that follows an option the reference engines do not take; it passes every property
//! by default and under its own pin, and fails under the pin of an option it does not
//! follow.

use storage_conformance::engine::properties as p;
use storage_conformance::engine::readings as r;
use storage_conformance::property::PropertyInfo;
use storage_conformance::readings::Choice;

/// One unusual but correct way of doing one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineVariant {
    /// Pages of `2 * size + 1` items: more than asked, which "at least `size`" allows.
    LargePages,
    /// Cursor bytes that are not a key: a cursor is opaque.
    OpaqueCursors,
    /// A page at size 0 holds no item and is not finished unless the engine is empty.
    LiteralSizeZero,
    /// A walk is finished only by an empty page, one call after its last keys.
    EndInEmptyPage,
    /// The cursor is an offset into a hash map's iteration order, which writes between
    /// pages shift (the old `EngineFault::OffsetCursorOverHashMap`).
    OffsetCursor,
    /// `fetch_entries` returns each page in the reverse of `fetch_keys`' order (the old
    /// `EngineFault::EntriesPagesReversed`).
    EntriesPagesReversed,
    /// `random_samples(n)` draws `n` entries one by one, repeats allowed.
    SamplesWithReplacement,
    /// `estimated_cost` is the engine's own estimate of each entry: key bytes, value
    /// bytes and a fixed overhead, whatever `metadata.cost` says.
    OwnCostEstimate,
    /// After `destroy`, writes are ignored and reads find nothing (the old
    /// `EngineFault::DeadAfterDestroy`).
    InertAfterDestroy,
    /// After `destroy`, every call panics.
    PanicsAfterDestroy,
}

impl EngineVariant {
    /// Every variant.
    pub const ALL: [EngineVariant; 10] = [
        EngineVariant::LargePages,
        EngineVariant::OpaqueCursors,
        EngineVariant::LiteralSizeZero,
        EngineVariant::EndInEmptyPage,
        EngineVariant::OffsetCursor,
        EngineVariant::EntriesPagesReversed,
        EngineVariant::SamplesWithReplacement,
        EngineVariant::OwnCostEstimate,
        EngineVariant::InertAfterDestroy,
        EngineVariant::PanicsAfterDestroy,
    ];

    /// The option it follows (to pin), when it follows an option of a reading.
    pub fn follows(self) -> Option<Choice> {
        match self {
            EngineVariant::LargePages | EngineVariant::OpaqueCursors => None,
            EngineVariant::LiteralSizeZero => Some(r::ZERO_LITERAL),
            EngineVariant::EndInEmptyPage => Some(r::END_IN_EMPTY_PAGE),
            EngineVariant::OffsetCursor => Some(r::WALKS_NO_PROMISE),
            EngineVariant::EntriesPagesReversed => Some(r::INDEPENDENT_ORDER),
            EngineVariant::SamplesWithReplacement => Some(r::SAMPLES_WITH_REPLACEMENT),
            EngineVariant::OwnCostEstimate => Some(r::COST_OWN_ESTIMATE),
            EngineVariant::InertAfterDestroy | EngineVariant::PanicsAfterDestroy => {
                Some(r::DESTROY_TERMINAL)
            }
        }
    }

    /// An option it does not follow, the property that then fails, and the length of
    /// that failure's minimal counterexample (the sequence in the comment).
    pub fn fails_under(self) -> Option<(Choice, PropertyInfo, usize)> {
        let failure = match self {
            EngineVariant::LargePages | EngineVariant::OpaqueCursors => return None,
            // put a; walk at size 0
            EngineVariant::LiteralSizeZero => (r::ZERO_AS_ONE, p::CURSOR_COMPLETE, 2),
            // put a; walk at size 2: one item, not finished
            EngineVariant::EndInEmptyPage => (r::END_IN_SHORT_PAGE, p::CURSOR_COMPLETE, 2),
            // put a; put b; a page of one (a); remove a: finishing the walk skips b
            EngineVariant::OffsetCursor => (r::WALKS_COMPLETE, p::CURSOR_INTERLEAVED, 4),
            // put a; put b; walk both ways at size 2
            EngineVariant::EntriesPagesReversed => (r::SAME_ORDER, p::FETCH_AGREE, 3),
            // put a; samples(2): a twice
            EngineVariant::SamplesWithReplacement => (r::SAMPLES_DISTINCT, p::RANDOM_SAMPLES, 2),
            // put a
            EngineVariant::OwnCostEstimate => (r::COST_OF_RECORDS, p::COST_ACCOUNTING, 1),
            // destroy; put a; get a
            EngineVariant::InertAfterDestroy => (r::DESTROY_REUSABLE, p::CLEAR_DESTROY, 3),
            // destroy (the emptiness check after it panics)
            EngineVariant::PanicsAfterDestroy => (r::DESTROY_REUSABLE, p::CLEAR_DESTROY, 1),
        };
        Some(failure)
    }
}
