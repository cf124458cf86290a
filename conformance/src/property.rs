//! What a property is: an id, the rule it checks, and the capability that enables it.

/// A capability: optional behaviour an implementation may lack. A property that
/// requires a capability the caller turned off is skipped, and the skip says why.
pub type Capability = &'static str;

/// The capability every implementation has; properties that require it always run.
pub const CORE: Capability = "core";

/// Where a rule a property checks comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// An assertion of the spec: the words it comes from, quoted verbatim from
    /// `spec/storage-traits-spec.md`.
    Spec(&'static str),
    /// What every option of a reading shares, or what one pinned option requires: the
    /// reading's id ([`crate::readings::Reading::id`]).
    Reading(&'static str),
}

/// A rule a property checks: its text, as a failure states it, and its basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The rule in one sentence, without case data (shrinking compares rule texts).
    pub text: &'static str,
    /// Where it comes from.
    pub basis: Basis,
}

impl Rule {
    /// A rule the spec asserts, in the words of `quote`.
    pub const fn spec(text: &'static str, quote: &'static str) -> Self {
        Self {
            text,
            basis: Basis::Spec(quote),
        }
    }

    /// A rule of the reading `id`: what its options share, or what one of them requires.
    pub const fn reading(text: &'static str, id: &'static str) -> Self {
        Self {
            text,
            basis: Basis::Reading(id),
        }
    }
}

impl From<Rule> for String {
    fn from(rule: Rule) -> Self {
        rule.text.to_string()
    }
}

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
    /// Every rule the property checks, each an assertion of the spec or a reading.
    /// A failure of the property breaks one of them (or is a panic or a hang).
    pub rules: &'static [Rule],
}
