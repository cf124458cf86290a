//! The kit's generators in other property-testing set-ups: proptest's `Arbitrary` and
//! `Strategy` values, and (feature `quickcheck`) quickcheck's `Arbitrary`.
//!
//! The shared types live in `storage-traits`, and both `Arbitrary` traits live in their
//! frameworks, so the orphan rule forbids implementing either trait on the types here.
//! The kit implements them on the wrapper [`Arb<T>`] instead, for each `T` that
//! implements [`Generate`]: [`Value`], [`Timestamp`], [`RecordValue`], [`OrMapEntry`],
//! [`Record`], [`RecordMetadata`], [`ExpiryPolicy`] and [`CallerProvenance`].
//!
//! ```
//! use proptest::prelude::*;
//! use storage_conformance::interop::{Arb, proptest::arbitrary};
//! use storage_traits::{Record, Value};
//!
//! proptest! {
//!     // A plain strategy for the type itself...
//!     fn values_survive_a_clone(value in arbitrary::<Value>()) {
//!         prop_assert!(value.same_as(&value.clone()));
//!     }
//!
//!     // ... or proptest's `Arbitrary`, through the wrapper.
//!     fn records_survive_a_clone(Arb(record) in any::<Arb<Record>>()) {
//!         prop_assert!(record.same_as(&record.clone()));
//!     }
//! }
//! # values_survive_a_clone();
//! # records_survive_a_clone();
//! ```
//!
//! With quickcheck (`storage-conformance = { version = "…", features = ["quickcheck"] }`):
//!
//! ```
//! # #[cfg(feature = "quickcheck")] {
//! use storage_conformance::interop::Arb;
//! use storage_traits::Timestamp;
//!
//! fn order_is_total(a: Arb<Timestamp>, b: Arb<Timestamp>) -> bool {
//!     (a.0 < b.0) ^ (a.0 > b.0) ^ (a.0 == b.0)
//! }
//! quickcheck::quickcheck(order_is_total as fn(Arb<Timestamp>, Arb<Timestamp>) -> bool);
//! # }
//! ```

pub mod proptest;
#[cfg(feature = "quickcheck")]
pub mod quickcheck;

use std::fmt::Debug;

use ::proptest::strategy::{BoxedStrategy, Strategy};
use storage_traits::{
    CallerProvenance, ExpiryPolicy, OrMapEntry, Record, RecordMetadata, RecordValue, Timestamp,
    Value,
};

use crate::generators;

/// A shared type wrapped so that the kit can implement the frameworks' `Arbitrary` on
/// it: proptest's always, quickcheck's with the `quickcheck` feature. Take the value
/// out with `.0`, a pattern (`Arb(value)`) or [`Arb::into_inner`].
#[derive(Debug, Clone, PartialEq)]
pub struct Arb<T>(pub T);

impl<T> Arb<T> {
    /// The wrapped value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Arb<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// A shared type with a kit generator: the strategy behind [`Arb<T>`] in both
/// frameworks. Implemented for the eight types listed in the module docs.
pub trait Generate: Clone + Debug + Sized + 'static + sealed::Sealed {
    /// The kit's strategy for the type, from [`generators`]: the ordinary mixed with the
    /// awkward, shrinking toward the simplest value.
    fn strategy() -> BoxedStrategy<Self>;
}

mod sealed {
    /// Keeps [`super::Generate`] to the types the kit generates.
    pub trait Sealed {}
}

/// Implements [`Generate`] for each `type => generator`.
macro_rules! generate_with {
    ($($ty:ty => $generator:path),+ $(,)?) => {
        $(
            impl sealed::Sealed for $ty {}

            impl Generate for $ty {
                fn strategy() -> BoxedStrategy<Self> {
                    $generator().boxed()
                }
            }
        )+
    };
}

generate_with! {
    Value => generators::any_value,
    Timestamp => generators::any_timestamp,
    RecordValue => generators::any_record_value,
    OrMapEntry => generators::any_or_map_entry,
    Record => generators::any_record,
    RecordMetadata => generators::any_metadata,
    ExpiryPolicy => generators::any_expiry_policy,
    CallerProvenance => generators::any_provenance,
}
