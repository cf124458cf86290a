//! A linearizability checker: Wing and Gong's search with Lowe's memoisation, as in
//! Lowe's "Testing for linearizability" (2017) and the `porcupine` checker.
//!
//! The history's invocations and responses form a list ordered by time. The search
//! linearizes a call whose invocation is still in the list (so every call that returned
//! before it was invoked is already linearized) when the sequential specification
//! accepts its observed result, removing ("lifting") the call and its response from the
//! list; when it meets a response whose call is not linearized yet, it backtracks. A
//! cache of (linearized set, state) pairs already explored cuts the search from
//! exponential to near-linear on the histories that real threads produce.

use std::collections::HashSet;
use std::hash::Hash;
use std::time::{Duration, Instant};

/// A sequential specification: the state of the object and how each completed call,
/// with the result it observed, moves it.
pub trait SequentialSpec {
    /// The object's state. Hashed into the memo, so it should be small.
    type State: Clone + Eq + Hash;
    /// A completed call: the operation with the result the implementation returned.
    type Call;

    /// The state before any call.
    fn initial(&self) -> Self::State;

    /// The state after `call` runs in `state`, or `None` when `call`'s observed result
    /// is not what the specification returns in `state`.
    fn apply(&self, state: &Self::State, call: &Self::Call) -> Option<Self::State>;
}

/// A completed call with its invocation and response times (`invoked < returned`).
#[derive(Debug, Clone)]
pub struct Timed<C> {
    /// The call and its observed result.
    pub call: C,
    /// Clock tick of the invocation.
    pub invoked: u64,
    /// Clock tick of the response.
    pub returned: u64,
}

/// The checker's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict<S> {
    /// A linearization exists; `final_state` is the state after one of them.
    Linearizable {
        /// The state after every call of the linearization found.
        final_state: S,
    },
    /// No order of the calls that respects real time explains the results.
    NotLinearizable,
    /// The time budget ran out before the search ended: nothing is known. Never a pass.
    Unknown,
}

/// How often the search looks at the clock.
const CLOCK_EVERY: u32 = 1024;

/// One entry of the time-ordered list: a call's invocation or its response.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Index of the call in the history.
    call: usize,
    /// Whether this is the invocation.
    invocation: bool,
    /// Index of the other entry of the same call.
    partner: usize,
}

/// The time-ordered entries as a doubly linked list, with node 0 as the head sentinel.
struct EntryList {
    entries: Vec<Entry>,
    next: Vec<usize>,
    prev: Vec<usize>,
}

/// The end of the list.
const NIL: usize = usize::MAX;

impl EntryList {
    fn new<C>(history: &[Timed<C>]) -> Self {
        let mut events: Vec<(u64, usize, bool)> = history
            .iter()
            .enumerate()
            .flat_map(|(i, t)| [(t.invoked, i, true), (t.returned, i, false)])
            .collect();
        // Ties cannot happen with a logical clock; should they, invocations go first,
        // which only makes more orders legal.
        events.sort_by_key(|&(time, _, invocation)| (time, !invocation));
        let mut node_of = vec![[0usize; 2]; history.len()];
        for (position, &(_, call, invocation)) in events.iter().enumerate() {
            node_of[call][usize::from(!invocation)] = position + 1;
        }
        let mut entries = vec![Entry {
            call: NIL,
            invocation: false,
            partner: NIL,
        }];
        entries.extend(events.iter().map(|&(_, call, invocation)| Entry {
            call,
            invocation,
            partner: node_of[call][usize::from(invocation)],
        }));
        let count = entries.len();
        let next = (1..=count)
            .map(|n| if n == count { NIL } else { n })
            .collect();
        let prev = (0..count).map(|n| n.wrapping_sub(1)).collect();
        Self {
            entries,
            next,
            prev,
        }
    }

    fn unlink(&mut self, node: usize) {
        let (prev, next) = (self.prev[node], self.next[node]);
        self.next[prev] = next;
        if next != NIL {
            self.prev[next] = prev;
        }
    }

    fn relink(&mut self, node: usize) {
        let (prev, next) = (self.prev[node], self.next[node]);
        self.next[prev] = node;
        if next != NIL {
            self.prev[next] = node;
        }
    }

    /// Removes an invocation and its response.
    fn lift(&mut self, invocation: usize) {
        self.unlink(invocation);
        self.unlink(self.entries[invocation].partner);
    }

    /// Puts back the last lifted invocation and its response.
    fn unlift(&mut self, invocation: usize) {
        self.relink(self.entries[invocation].partner);
        self.relink(invocation);
    }
}

/// A set of call indices, hashable for the memo.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Self {
        Self(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, index: usize, on: bool) {
        let (word, bit) = (index / 64, 1u64 << (index % 64));
        if on {
            self.0[word] |= bit;
        } else {
            self.0[word] &= !bit;
        }
    }
}

/// Decides whether `history` is linearizable with respect to `spec`, giving up with
/// [`Verdict::Unknown`] after `budget`.
pub fn check<S: SequentialSpec>(
    spec: &S,
    history: &[Timed<S::Call>],
    budget: Duration,
) -> Verdict<S::State> {
    let deadline = Instant::now() + budget;
    let mut list = EntryList::new(history);
    let mut linearized = Bits::new(history.len());
    let mut memo: HashSet<(Bits, S::State)> = HashSet::new();
    let mut stack: Vec<(usize, S::State)> = Vec::new();
    let mut state = spec.initial();
    let mut node = list.next[0];
    let mut steps = 0u32;
    while list.next[0] != NIL {
        steps = steps.wrapping_add(1);
        if steps.is_multiple_of(CLOCK_EVERY) && Instant::now() >= deadline {
            return Verdict::Unknown;
        }
        let entry = list.entries[node];
        if entry.invocation {
            if let Some(after) = spec.apply(&state, &history[entry.call].call) {
                linearized.set(entry.call, true);
                if memo.insert((linearized.clone(), after.clone())) {
                    stack.push((node, std::mem::replace(&mut state, after)));
                    list.lift(node);
                    node = list.next[0];
                    continue;
                }
                linearized.set(entry.call, false);
            }
            node = list.next[node];
        } else {
            // A response whose call is not linearized yet: every order from here fails.
            let Some((lifted, before)) = stack.pop() else {
                return Verdict::NotLinearizable;
            };
            state = before;
            linearized.set(list.entries[lifted].call, false);
            list.unlift(lifted);
            node = list.next[lifted];
        }
    }
    Verdict::Linearizable { final_state: state }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A register: write(v) and read() -> v.
    struct Register;

    #[derive(Debug)]
    enum Call {
        Write(u8),
        Read(u8),
    }

    impl SequentialSpec for Register {
        type State = u8;
        type Call = Call;

        fn initial(&self) -> u8 {
            0
        }

        fn apply(&self, state: &u8, call: &Call) -> Option<u8> {
            match call {
                Call::Write(v) => Some(*v),
                Call::Read(v) => (v == state).then_some(*state),
            }
        }
    }

    fn timed(call: Call, invoked: u64, returned: u64) -> Timed<Call> {
        Timed {
            call,
            invoked,
            returned,
        }
    }

    fn verdict(history: &[Timed<Call>]) -> Verdict<u8> {
        check(&Register, history, Duration::from_secs(5))
    }

    #[test]
    fn an_overlapping_read_may_see_either_value() {
        let history = [timed(Call::Write(1), 0, 3), timed(Call::Read(0), 1, 2)];
        assert!(matches!(verdict(&history), Verdict::Linearizable { .. }));
        let history = [timed(Call::Write(1), 0, 3), timed(Call::Read(1), 1, 2)];
        assert_eq!(verdict(&history), Verdict::Linearizable { final_state: 1 });
    }

    #[test]
    fn a_read_after_a_write_returned_must_see_it() {
        let history = [timed(Call::Write(1), 0, 1), timed(Call::Read(0), 2, 3)];
        assert_eq!(verdict(&history), Verdict::NotLinearizable);
    }

    #[test]
    fn reads_that_disagree_on_the_order_of_writes_are_caught() {
        // Two writes overlap; reads see 2, then 1, then 2 again after both returned.
        let history = [
            timed(Call::Write(1), 0, 10),
            timed(Call::Write(2), 1, 11),
            timed(Call::Read(2), 2, 3),
            timed(Call::Read(1), 4, 5),
            timed(Call::Read(2), 12, 13),
        ];
        assert_eq!(verdict(&history), Verdict::NotLinearizable);
    }

    #[test]
    fn an_exhausted_budget_is_unknown() {
        let history: Vec<Timed<Call>> = (0..5_000u64)
            .map(|i| timed(Call::Write(1), 2 * i, 2 * i + 1))
            .collect();
        assert_eq!(check(&Register, &history, Duration::ZERO), Verdict::Unknown);
    }

    #[test]
    fn long_histories_are_decided() {
        // 4 threads, each writing then reading its own value, overlapping in rounds.
        // The checker's speed is measured by the concurrency bench, not asserted here.
        let mut history = Vec::new();
        for round in 0..2_000u64 {
            let base = round * 20;
            for thread in 0..4u64 {
                let value = (thread + 1) as u8;
                history.push(timed(Call::Write(value), base + thread, base + 8 + thread));
            }
            history.push(timed(Call::Read(4), base + 13, base + 14));
        }
        assert!(matches!(verdict(&history), Verdict::Linearizable { .. }));
    }
}
