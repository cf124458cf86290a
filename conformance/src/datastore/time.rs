//! The time a data store expires entries by, as the model knows it: a range, since a
//! store may go by a clock the kit does not read ([`super::readings::EXPIRY_CLOCK`]).

use super::readings::{EXPIRY_BOUNDARY, EXPIRY_CLOCK};
use crate::readings::Stop;

use super::ask::Ask;

/// The earliest time a wall clock may read: 2017-07-14. Every time the kit writes near
/// its manual clock (which starts at 1,000,000 ms, in January 1970) is before it, so a
/// wall-clock store has expired every such entry; `i64::MAX` is after any wall clock.
pub const WALL_CLOCK_FLOOR: i64 = 1_500_000_000_000;

/// The store's time lies in `lo..=hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    /// The earliest the store's time may be.
    pub lo: i64,
    /// The latest.
    pub hi: i64,
}

impl TimeRange {
    /// Exactly `t`.
    pub fn at(t: i64) -> Self {
        Self { lo: t, hi: t }
    }

    /// Before any caller passed a `now`: the store has no time, so nothing has expired.
    pub const NONE_PASSED: Self = Self {
        lo: i64::MIN,
        hi: i64::MIN,
    };

    /// The range of a store that goes by the newest `now` its callers passed, after a
    /// call passed `now`.
    pub fn passed(self, now: i64) -> Self {
        Self {
            lo: self.lo.max(now),
            hi: self.hi.max(now),
        }
    }

    /// The range of a store that may have forgotten the `now`s passed so far (a
    /// reopened or reset store): anywhere from none passed to what it knew.
    pub fn forgettable(self) -> Self {
        Self {
            lo: i64::MIN,
            hi: self.hi,
        }
    }
}

/// Whether an entry has expired, as far as the model knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Not expired: it must be loaded.
    Live,
    /// Expired: it must not be loaded once persisted.
    Expired,
    /// The model cannot tell (the store's time may be on either side).
    Either,
}

/// Whether an entry with `expiration_time` has expired at a store whose time, by each
/// clock it may go by, is `factory` (the kit's clock) or `callers` (the `now`s passed).
/// Asks [`EXPIRY_CLOCK`] only for an entry that expires at all, and
/// [`EXPIRY_BOUNDARY`] only when the store's time may equal the expiration time.
pub fn expiry(
    expiration_time: i64,
    factory: i64,
    callers: TimeRange,
    ask: &Ask<'_>,
) -> Result<Expiry, Stop> {
    if expiration_time == 0 {
        return Ok(Expiry::Live);
    }
    let time = match ask.of(&EXPIRY_CLOCK)? {
        "callers_now" => callers,
        "wall_clock" => TimeRange {
            lo: WALL_CLOCK_FLOOR,
            hi: i64::MAX - 1,
        },
        _ => TimeRange::at(factory),
    };
    let at_deadline = if (time.lo..=time.hi).contains(&expiration_time) {
        ask.is(&EXPIRY_BOUNDARY, "at_deadline")?
    } else {
        true
    };
    // Expired at time t: t >= E at the deadline, t > E after it.
    let expired_at = |t: i64| {
        if at_deadline {
            t >= expiration_time
        } else {
            t > expiration_time
        }
    };
    Ok(match (expired_at(time.lo), expired_at(time.hi)) {
        (true, _) => Expiry::Expired,
        (false, false) => Expiry::Live,
        (false, true) => Expiry::Either,
    })
}
