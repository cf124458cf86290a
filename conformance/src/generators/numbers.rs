//! Numbers that favour small values and still reach the extremes.

use std::fmt::Debug;

use proptest::arbitrary::Arbitrary;
use proptest::prelude::*;
use proptest::sample::select;

/// Mostly `typical` (listed first, so shrinking ends there), often one of `extremes`,
/// and now and then anything at all of the type.
pub(crate) fn spread<T, S>(typical: S, extremes: &[T]) -> impl Strategy<Value = T> + Clone
where
    T: Arbitrary + Clone + Debug + 'static,
    T::Strategy: Clone,
    S: Strategy<Value = T> + Clone + 'static,
{
    prop_oneof![
        6 => typical,
        2 => select(extremes.to_vec()),
        1 => any::<T>(),
    ]
}

/// An `i64` near zero, an extreme or anything; shrinks toward 0.
pub(crate) fn any_i64() -> impl Strategy<Value = i64> + Clone {
    spread(-100i64..100, &[i64::MIN, i64::MAX, -1])
}

/// A `u32` counter: small, `u32::MAX` (where saturation shows) or anything.
pub(crate) fn any_u32() -> impl Strategy<Value = u32> + Clone {
    spread(0u32..16, &[u32::MAX, u32::MAX - 1])
}

/// A `u64`: below 1000, an extreme or anything; shrinks toward 0.
pub(crate) fn any_u64() -> impl Strategy<Value = u64> + Clone {
    spread(0u64..1000, &[u64::MAX, u64::MAX - 1, i64::MAX as u64])
}

/// Wall-clock millis as an `i64`: near zero (negative too), around today, or extreme.
pub(crate) fn any_time() -> impl Strategy<Value = i64> + Clone {
    prop_oneof![
        3 => any_i64(),
        1 => 1_600_000_000_000i64..1_900_000_000_000,
    ]
}

/// An `f64`, including the values that break naive code: NaN (the canonical one, one
/// with a payload and a negative one), ±infinity, `-0.0`, subnormals and the extremes.
/// Small whole numbers come first, so shrinking ends at `0.0`.
pub(crate) fn any_f64() -> impl Strategy<Value = f64> + Clone {
    let special = vec![
        f64::NAN,
        f64::from_bits(0x7ff8_0000_0000_0001),
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        f64::from_bits(1),
        f64::MIN_POSITIVE / 2.0,
        f64::MIN_POSITIVE,
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
    ];
    prop_oneof![
        4 => (-1000i32..1000).prop_map(f64::from),
        2 => -1e6..1e6f64,
        3 => select(special),
        1 => any::<f64>(),
    ]
}
