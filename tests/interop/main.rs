//! The kit's interop: every shared type through proptest and through quickcheck, checked
//! against the same laws.

mod laws;
mod with_proptest;
mod with_quickcheck;
