//! quickcheck (feature `quickcheck`): [`Arb<T>`] implements `quickcheck::Arbitrary`, with
//! shrinking, for every type that implements [`Generate`] and [`Shrink`].
//!
//! Values are drawn by the kit's own strategies (the same as [`arbitrary`]), seeded from
//! quickcheck's `Gen`, so quickcheck sees the same awkward values as the kit's suites:
//! NaN and `-0.0`, `i64` extremes, `""` and non-ASCII text, `u32::MAX` counters. The
//! size of the `Gen` is not used: the strategies bound their own sizes. Shrinking is
//! quickcheck's, field by field (see [`Shrink`]).
//!
//! [`arbitrary`]: super::proptest::arbitrary

mod shrink;

use ::proptest::strategy::{Strategy, ValueTree};
use ::proptest::test_runner::{Config, TestRunner};
use quickcheck::{Arbitrary, Gen};

use super::{Arb, Generate};
use crate::runner::seeds;

/// quickcheck shrinking for a shared type.
pub trait Shrink: Generate {
    /// Values simpler than `self`, most promising first; none for [`Shrink::simplest`].
    /// Every chain of shrinks is finite.
    fn shrink_value(&self) -> Box<dyn Iterator<Item = Self>>;

    /// The value every chain of shrinks can reach: `Value::Null`, zero numbers, empty
    /// text and lists, `ExpiryPolicy::NONE`, `CallerProvenance::Client`.
    fn simplest() -> Self;
}

impl<T: Shrink> Arbitrary for Arb<T> {
    fn arbitrary(g: &mut Gen) -> Self {
        // Several draws mixed, so quickcheck's bias toward 0 and `u64::MAX` does not
        // make seeds, and so values, repeat.
        let seed = (0..4).fold(0u64, |seed, _| seed.rotate_left(17) ^ u64::arbitrary(g));
        let mut runner = TestRunner::new_with_rng(Config::default(), seeds::rng(seed));
        // The kit's strategies never reject a value; the fallback only keeps this total.
        Arb(T::strategy()
            .new_tree(&mut runner)
            .map_or_else(|_| T::simplest(), |tree| tree.current()))
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        Box::new(self.0.shrink_value().map(Arb))
    }
}

#[cfg(test)]
mod tests;
