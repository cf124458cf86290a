//! Values printed as Rust source code, so that a shrunk counterexample can be pasted
//! into a regression test as it is.
//!
//! The code calls the short constructors of [`crate::replay`] (`ts`, `lww`, `meta`, …)
//! and names `Value`, `ExpiryPolicy`, `CallerProvenance` and `BTreeMap`; the pasted code
//! needs `use storage_conformance::replay::*;`, which brings all of them into scope,
//! including the `use std::collections::BTreeMap;` that rendered maps rely on.
//!
//! Rendering is faithful: evaluating the printed code gives back a value that is
//! bitwise the same as the one printed (`same_as`), NaN payloads and `-0.0` included.

pub mod constructors;
mod numbers;
mod strings;
mod types;

/// A value that can print itself as a Rust expression which rebuilds it.
///
/// ```
/// use storage_conformance::render::ToRust;
/// use storage_conformance::replay::*;
///
/// let fresh = record(lww(Value::Float(-0.0), ts(1, 2, "n")), meta_new(0, 8));
/// let code = r#"record(lww(Value::Float(-0.0), ts(1, 2, "n")), meta_new(0, 8))"#;
/// assert_eq!(fresh.to_rust(), code);
/// ```
pub trait ToRust {
    /// The Rust expression, valid with `use storage_conformance::replay::*;` in scope.
    fn to_rust(&self) -> String;
}

/// Items rendered and separated by commas, for the inside of `vec![…]` and calls.
fn comma_separated<'a, T: ToRust + 'a>(items: impl IntoIterator<Item = &'a T>) -> String {
    items
        .into_iter()
        .map(ToRust::to_rust)
        .collect::<Vec<_>>()
        .join(", ")
}
