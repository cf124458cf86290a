//! Positive controls: every deliberately faulty implementation is caught by the property
//! that targets it, and its counterexample shrinks to the minimal length known for the bug.

mod concurrent;
mod data_store;
mod distinct;
mod engine;
mod observer;
mod record_store;
mod support;
