//! The conformance kit's self-tests: what proves the kit right, kept out of the kit an
//! implementer depends on.
//!
//! - [`controls`]: deliberately faulty implementations (each caught by the property that
//!   targets it) and unusual but correct ones (each must pass), over the reference
//!   implementations of `storage-reference`;
//! - [`report`]: the conformance report, every suite against every bundled
//!   implementation, in text, JSON, HTML and JUnit XML, with its verdict;
//! - [`reference`]: the reference implementations as the suites run them.
//!
//! Not published: implementers use `storage-conformance` alone.

pub mod controls;
pub mod reference;
pub mod report;
