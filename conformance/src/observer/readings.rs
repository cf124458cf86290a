//! The open points of the spec this suite's properties meet, and their options
//! ([`crate::readings`]).

use crate::readings::Reading;

/// Every reading of the suite.
pub const ALL: &[Reading] = &[];
