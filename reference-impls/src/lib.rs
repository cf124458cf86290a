//! Simple, correct reference implementations of every storage trait.
