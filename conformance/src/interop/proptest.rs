//! proptest: [`arbitrary::<T>()`](arbitrary) gives the kit's strategy for a shared type,
//! and [`Arb<T>`] implements proptest's `Arbitrary`, so `any::<Arb<T>>()` and
//! `proptest!` arguments typed `Arb<T>` work too.

use ::proptest::arbitrary::Arbitrary;
use ::proptest::strategy::{BoxedStrategy, Strategy};

use super::{Arb, Generate};

/// The kit's strategy for `T`, the same one its suites draw from (see
/// [`generators`](crate::generators)): `arbitrary::<Value>()`, `arbitrary::<Record>()`, …
pub fn arbitrary<T: Generate>() -> BoxedStrategy<T> {
    T::strategy()
}

impl<T: Generate> Arbitrary for Arb<T> {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        T::strategy().prop_map(Arb).boxed()
    }
}
