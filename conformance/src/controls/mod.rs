//! Positive and correct controls: deliberately faulty implementations that each break
//! exactly one rule, so the kit can prove it catches that rule's violation, and unusual
//! but correct implementations that must pass.

pub mod engine;
