//! What a step of the model asks of its branch's readings, remembered so that a check
//! whose expectation a reading decided reports that reading's rule.

use std::cell::Cell;

use super::rules;
use crate::property::Rule;
use crate::readings::{Options, Reading, Stop};

/// The readings of one branch, as a step asks them.
#[derive(Debug)]
pub struct Ask<'a> {
    options: &'a Options<'a>,
    last: Cell<Option<&'static Reading>>,
}

impl<'a> Ask<'a> {
    /// Asks `options`, remembering nothing yet.
    pub fn new(options: &'a Options<'a>) -> Self {
        Self {
            options,
            last: Cell::new(None),
        }
    }

    /// Asks `options`, remembering what `earlier` asked last (the part of a step that
    /// set up what a check expects).
    pub fn after(earlier: &Ask<'a>) -> Self {
        Self {
            options: earlier.options,
            last: Cell::new(earlier.last.get()),
        }
    }

    /// Asks the same branch afresh, remembering nothing (a check whose expectation only
    /// its own questions decide).
    pub fn anew(&self) -> Self {
        Self::new(self.options)
    }

    /// The option this branch reads `reading` with ([`Options::of`]).
    pub fn of(&self, reading: &'static Reading) -> Result<&'static str, Stop> {
        let option = self.options.of(reading)?;
        self.last.set(Some(reading));
        Ok(option)
    }

    /// Whether this branch reads `reading` as `option`.
    pub fn is(&self, reading: &'static Reading, option: &str) -> Result<bool, Stop> {
        Ok(self.of(reading)? == option)
    }

    /// The rule a broken check reports: that of the reading asked last, or `spec` when
    /// no reading was asked.
    pub fn rule(&self, spec: Rule) -> Rule {
        self.last.get().map_or(spec, rules::of_reading)
    }
}
