//! What a property is: an id, the rule it checks, and the capability that enables it.

/// A capability: optional behaviour an implementation may lack. A property that
/// requires a capability the caller turned off is skipped, and the skip says why.
pub type Capability = &'static str;

/// The capability every implementation has; properties that require it always run.
pub const CORE: Capability = "core";

/// A property of a suite: the unit the kit checks, reports and skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropertyInfo {
    /// Stable identifier, a Rust identifier that starts with the suite's name
    /// (`engine_model_equivalence`); the macros name each generated test after it.
    pub id: &'static str,
    /// The rule in one sentence, as a failure states it.
    pub rule: &'static str,
    /// The capability that enables the property ([`CORE`] when always enabled).
    pub requires: Capability,
}
