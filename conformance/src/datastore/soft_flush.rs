//! What `soft_flush` may return: "the sequence number of the last queued operation, or
//! 0 if empty", as each option of [`SOFT_FLUSH_NUMBER`] and [`RESET_SEQUENCE`] reads it.
//! Numbers need not be consecutive or start at 1 (a store may share a counter), so the
//! model knows only which numbers came before.

use std::fmt;

use super::ask::Ask;
use super::readings::{RESET_SEQUENCE, SOFT_FLUSH_NUMBER};
use crate::readings::Stop;

/// What the calls since the last `soft_flush` tell of its next result.
#[derive(Debug, Clone, Default)]
pub struct SoftFlushState {
    /// The highest number `soft_flush` returned in the current numbering.
    floor: u64,
    /// A write was queued since the store was new.
    issued_ever: bool,
    /// A write was queued since the last `reset`.
    issued_since_reset: bool,
    /// A write was queued since the last `soft_flush`.
    wrote_since: bool,
    /// `reset` ran since the last `soft_flush`.
    reset_since: bool,
    /// `flush_key` ran since the last `soft_flush` (taking a write out of the queue,
    /// which may have been the last one).
    flush_key_since: bool,
    /// A `soft_flush` ran, so a background flush may have emptied the queue since.
    flushing: bool,
    /// The store was reopened, and may or may not have kept its numbers.
    reopened: bool,
}

impl SoftFlushState {
    /// A write was queued (and took a number).
    pub fn queued_write(&mut self) {
        self.issued_ever = true;
        self.issued_since_reset = true;
        self.wrote_since = true;
    }

    /// `flush_key` ran.
    pub fn flushed_key(&mut self) {
        self.flush_key_since = true;
    }

    /// `reset` ran.
    pub fn reset(&mut self) {
        self.reset_since = true;
        self.issued_since_reset = false;
    }

    /// The store was closed and opened again.
    pub fn reopened(&mut self) {
        *self = Self {
            reopened: true,
            ..Self::default()
        };
    }

    /// Checks `number`, what `soft_flush` returned, on a store whose queue is empty
    /// when `queue_is_empty` (as far as the model knows: a background flush may have
    /// emptied it sooner), and moves on past it. `Err` holds what was allowed.
    pub fn soft_flushed(
        &mut self,
        number: u64,
        queue_is_empty: bool,
        ask: &Ask<'_>,
    ) -> Result<Result<(), Allowed>, Stop> {
        let zero_when_empty = ask.is(&SOFT_FLUSH_NUMBER, "zero_when_empty")?;
        let restarted = self.reset_since && ask.is(&RESET_SEQUENCE, "restarts")?;
        let (floor, issued) = if restarted {
            (0, self.issued_since_reset)
        } else {
            (self.floor, self.issued_ever)
        };
        let after_floor = if self.wrote_since {
            floor + 1
        } else {
            floor.max(1)
        };
        let allowed = if zero_when_empty {
            if queue_is_empty {
                Allowed::Zero
            } else {
                let least = if self.flush_key_since || self.reopened {
                    1
                } else {
                    after_floor
                };
                Allowed::AtLeast {
                    least,
                    or_zero: self.flushing,
                }
            }
        } else if self.reopened && !self.wrote_since {
            Allowed::Any
        } else if !issued && !self.reopened {
            Allowed::Zero
        } else {
            Allowed::AtLeast {
                least: after_floor,
                or_zero: false,
            }
        };
        let holds = allowed.allows(number);
        self.floor = if restarted {
            number
        } else {
            self.floor.max(number)
        };
        if restarted {
            self.issued_ever = self.issued_since_reset;
        }
        self.wrote_since = false;
        self.reset_since = false;
        self.flush_key_since = false;
        self.flushing = true;
        self.reopened = false;
        Ok(if holds { Ok(()) } else { Err(allowed) })
    }
}

/// The results `soft_flush` may return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// Only 0.
    Zero,
    /// Any number from `least`, and 0 too when `or_zero`.
    AtLeast {
        /// The least nonzero number allowed.
        least: u64,
        /// Whether 0 is allowed.
        or_zero: bool,
    },
    /// Any number.
    Any,
}

impl Allowed {
    fn allows(self, number: u64) -> bool {
        match self {
            Allowed::Zero => number == 0,
            Allowed::AtLeast { least, or_zero } => number >= least || (or_zero && number == 0),
            Allowed::Any => true,
        }
    }
}

impl fmt::Display for Allowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Allowed::Zero => write!(f, "0"),
            Allowed::AtLeast {
                least,
                or_zero: false,
            } => write!(f, "at least {least}"),
            Allowed::AtLeast {
                least,
                or_zero: true,
            } => write!(f, "0 or at least {least}"),
            Allowed::Any => write!(f, "any number"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RunConfig;
    use crate::readings::Branches;

    /// A call of a soft-flush case.
    enum Call {
        /// A write was queued.
        Write,
        /// `soft_flush` returned this, with the queue empty or not.
        Flush(u64, bool),
    }

    /// Feeds `calls` to every branch and returns how many branches accept them all.
    fn accepting(calls: &[Call]) -> usize {
        let config = RunConfig::default();
        let mut branches = Branches::new(SoftFlushState::default(), &config);
        for call in calls {
            let step = branches.step(|state, options| {
                match call {
                    Call::Write => state.queued_write(),
                    Call::Flush(n, empty) => {
                        if state.soft_flushed(*n, *empty, &Ask::new(options))?.is_err() {
                            Err(crate::failure::Violation::at(0, "soft_flush", "", ""))?;
                        }
                    }
                }
                Ok(())
            });
            if step.is_err() {
                return 0;
            }
        }
        branches.live().len()
    }

    #[test]
    fn numbers_go_up_after_a_write_under_every_reading() {
        use Call::{Flush, Write};
        assert_eq!(
            accepting(&[Write, Flush(5, false), Write, Flush(5, false)]),
            0
        );
        assert_eq!(
            accepting(&[Write, Flush(5, false), Write, Flush(9, false)]),
            2
        );
    }

    #[test]
    fn zero_is_for_an_empty_queue_or_a_store_that_never_queued() {
        use Call::{Flush, Write};
        assert_eq!(accepting(&[Flush(0, true)]), 2);
        assert_eq!(accepting(&[Write, Flush(0, false)]), 0);
        // Once the queue has emptied, only the zero-when-empty reading says 0.
        assert_eq!(accepting(&[Write, Flush(1, false), Flush(0, true)]), 1);
        assert_eq!(accepting(&[Write, Flush(1, false), Flush(1, true)]), 1);
    }
}
