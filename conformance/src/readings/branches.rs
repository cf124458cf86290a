//! A model that carries every combination of reading options the observations so far
//! allow: the idea of the linearizability checker, applied to choices instead of
//! interleavings.
//!
//! A case starts with one branch that has chosen nothing. A step runs on every branch;
//! when it needs to know how a branch reads an open point ([`Options::of`]) and the
//! branch has not chosen yet, the branch is split into one branch per accepted option
//! (the pinned one, or all) and the step runs again on each, from the state before it.
//! Branches whose step breaks a rule are dropped; the case fails only when none is
//! left, with the rule their steps broke.

use std::collections::BTreeMap;
use std::fmt;

use super::{Choice, Reading};
use crate::config::RunConfig;
use crate::failure::Violation;

/// How many branches a case may carry at once. Readings split only when a step asks
/// about them, and observations drop the branches they rule out, so cases stay far below
/// this; a case above it fails with [`TOO_MANY_BRANCHES`] rather than dropping a branch
/// (which could turn a correct store into a false alarm).
pub const BRANCH_LIMIT: usize = 4096;

/// The rule of a case that opened more than [`BRANCH_LIMIT`] combinations of options.
pub const TOO_MANY_BRANCHES: &str =
    "the kit follows at most 4096 combinations of open readings at once (pin some readings)";

/// The options one branch has chosen so far: reading id → option id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chosen(BTreeMap<&'static str, &'static str>);

impl Chosen {
    /// The option chosen on `reading`, if one was.
    pub fn get(&self, reading: &str) -> Option<&'static str> {
        self.0.get(reading).copied()
    }

    /// Every choice made, by reading id.
    pub fn choices(&self) -> impl Iterator<Item = Choice> + '_ {
        self.0
            .iter()
            .map(|(&reading, &option)| Choice { reading, option })
    }

    fn with(&self, choice: Choice) -> Self {
        let mut chosen = self.clone();
        chosen.0.insert(choice.reading, choice.option);
        chosen
    }
}

impl fmt::Display for Chosen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let choices: Vec<String> = self.choices().map(|c| c.to_string()).collect();
        write!(f, "{}", choices.join(", "))
    }
}

/// One combination of options and the model that follows it.
#[derive(Debug, Clone)]
pub struct Branch<M> {
    /// The options this branch has chosen.
    pub chosen: Chosen,
    /// The model under those options.
    pub model: M,
}

/// Why a step stopped on a branch.
#[derive(Debug, Clone)]
pub enum Stop {
    /// The branch's model and the implementation disagree.
    Broken(Violation),
    /// The step needs an option of this reading, which the branch has not chosen.
    Undecided(&'static Reading),
}

impl From<Violation> for Stop {
    fn from(violation: Violation) -> Self {
        Stop::Broken(violation)
    }
}

/// What a step may ask about the branch it runs on.
#[derive(Debug)]
pub struct Options<'a> {
    chosen: &'a Chosen,
}

impl Options<'_> {
    /// The option this branch reads `reading` with. When it has not chosen one yet, the
    /// `Err` makes [`Branches::step`] split the branch and run the step again on each
    /// part: return it with `?`, before changing anything that outlives the step.
    pub fn of(&self, reading: &'static Reading) -> Result<&'static str, Stop> {
        self.chosen.get(reading.id).ok_or(Stop::Undecided(reading))
    }

    /// Whether this branch reads `choice.reading` as `choice.option` (splitting as
    /// [`Options::of`] does).
    pub fn is(&self, reading: &'static Reading, option: &str) -> Result<bool, Stop> {
        Ok(self.of(reading)? == option)
    }

    /// The options chosen so far.
    pub fn chosen(&self) -> &Chosen {
        self.chosen
    }
}

/// Where a branch stands in the stable order: the index of the option it took at each
/// split, so that the reference options' branch sorts first.
type Path = Vec<usize>;

/// The branches a case still allows, and those it dropped (for the report when none is
/// left).
#[derive(Debug, Clone)]
pub struct Branches<M> {
    live: Vec<Branch<M>>,
    /// The path of each live branch, in the same order.
    paths: Vec<Path>,
    /// Every branch dropped so far, with the violation that dropped it.
    dropped: Vec<(Path, Chosen, Violation)>,
    pins: Vec<Choice>,
}

impl<M: Clone> Branches<M> {
    /// One branch over `model` that has chosen nothing; readings `config` pins split
    /// into their pinned option only.
    pub fn new(model: M, config: &RunConfig) -> Self {
        Self {
            live: vec![Branch {
                chosen: Chosen::default(),
                model,
            }],
            paths: vec![Path::new()],
            dropped: Vec::new(),
            pins: config.pins.clone(),
        }
    }

    /// The live branches, in a stable order (the reference options first).
    pub fn live(&self) -> &[Branch<M>] {
        &self.live
    }

    /// The first live branch's model (there is always one between steps).
    pub fn first(&self) -> &M {
        &self.live[0].model
    }

    /// Runs `step` on every live branch, splitting those that meet an undecided
    /// reading, and keeps the branches it leaves unbroken. When none is left, returns
    /// the violation of the first branch in the stable order (the reference options
    /// first), whichever step dropped it: so a case reports the same rule however its
    /// branches died, and shrinks alike. The violation lists what the other branches
    /// expected when they broke the same rule.
    pub fn step<F>(&mut self, mut step: F) -> Result<(), Violation>
    where
        F: FnMut(&mut M, &Options<'_>) -> Result<(), Stop>,
    {
        let mut survivors = Vec::new();
        let mut paths = Vec::new();
        let mut pending: Vec<(Chosen, Path)> = Vec::new();
        // While the runner searches for further broken rules, a step whose every branch
        // broke a rule set aside goes on with those branches as the step left them (a
        // model follows the store before it judges it, so that is the nearest state).
        let searching = crate::failure::any_set_aside();
        let dropped_before = self.dropped.len();
        let mut broken_now: Vec<(Branch<M>, Path)> = Vec::new();
        let live = std::mem::take(&mut self.live);
        let live_paths = std::mem::take(&mut self.paths);
        for (branch, path) in live.into_iter().zip(live_paths) {
            // Depth first, options in order, so the order of branches is stable.
            pending.push((branch.chosen.clone(), path));
            while let Some((chosen, path)) = pending.pop() {
                let mut model = branch.model.clone();
                match step(&mut model, &Options { chosen: &chosen }) {
                    Ok(()) => {
                        survivors.push(Branch { chosen, model });
                        paths.push(path);
                    }
                    Err(Stop::Broken(violation)) => {
                        if searching {
                            broken_now.push((
                                Branch {
                                    chosen: chosen.clone(),
                                    model,
                                },
                                path.clone(),
                            ));
                        }
                        self.dropped.push((path, chosen, violation));
                    }
                    Err(Stop::Undecided(reading)) => {
                        let accepted = self.accepted(reading);
                        pending.extend(accepted.iter().enumerate().rev().map(|(i, &option)| {
                            let mut path = path.clone();
                            path.push(i);
                            let choice = Choice {
                                reading: reading.id,
                                option,
                            };
                            (chosen.with(choice), path)
                        }));
                    }
                }
                if survivors.len() + pending.len() > BRANCH_LIMIT {
                    return Err(Violation {
                        step: self.dropped.first().and_then(|(_, _, v)| v.step),
                        ..Violation::at(0, TOO_MANY_BRANCHES, BRANCH_LIMIT, "more")
                    });
                }
            }
        }
        if survivors.is_empty() {
            let mut sorted = self.dropped.clone();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            let dropped: Vec<(Chosen, Violation)> = sorted
                .iter()
                .map(|(_, chosen, violation)| (chosen.clone(), violation.clone()))
                .collect();
            let violation = merge(&dropped);
            if searching {
                violation.raise()?;
                (self.live, self.paths) = broken_now.into_iter().unzip();
                self.dropped.truncate(dropped_before);
                return Ok(());
            }
            self.dropped = sorted;
            return Err(violation);
        }
        self.live = survivors;
        self.paths = paths;
        Ok(())
    }

    fn accepted(&self, reading: &'static Reading) -> Vec<&'static str> {
        match self.pins.iter().find(|p| p.reading == reading.id) {
            Some(pin) => vec![pin.option],
            None => reading.options.iter().map(|o| o.id).collect(),
        }
    }
}

/// The violation a case reports when every branch broke: the first branch's rule (in
/// the stable order), with what each branch that broke the same rule expected, and the
/// options it had chosen.
fn merge(broken: &[(Chosen, Violation)]) -> Violation {
    let Some((_, first)) = broken.first().cloned() else {
        // Unreachable: a step over at least one branch leaves a survivor or a broken one.
        return Violation::at(0, TOO_MANY_BRANCHES, "a branch", "none");
    };
    let same: Vec<&(Chosen, Violation)> = broken
        .iter()
        .filter(|(_, v)| v.rule == first.rule)
        .collect();
    let mut expected: Vec<String> = Vec::new();
    for (chosen, violation) in &same {
        let line = if chosen.0.is_empty() {
            violation.expected.clone()
        } else {
            format!("{} (under {chosen})", violation.expected)
        };
        if !expected.contains(&line) {
            expected.push(line);
        }
    }
    let others: Vec<String> = broken
        .iter()
        .filter(|(_, v)| v.rule != first.rule)
        .map(|(chosen, v)| format!("under {chosen}: {}", v.rule))
        .collect();
    let mut text = if expected.len() == 1 {
        expected.remove(0)
    } else {
        format!("one of:\n  {}", expected.join("\n  "))
    };
    if !others.is_empty() {
        text.push_str("\n  (other readings broke other rules: ");
        text.push_str(&others.join("; "));
        text.push(')');
    }
    Violation {
        expected: text,
        ..first
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readings::ReadingOption;

    static START: Reading = Reading {
        id: "test_start",
        question: "where a counter starts",
        options: &[
            ReadingOption {
                id: "zero",
                meaning: "at 0",
            },
            ReadingOption {
                id: "one",
                meaning: "at 1",
            },
        ],
        shared: "each step adds 1",
    };

    /// A counter model: starts at the branch's option, adds 1 per step, and must
    /// equal what the implementation reported.
    fn observe(branches: &mut Branches<Option<u32>>, actual: u32) -> Result<(), Violation> {
        branches.step(|model, options| {
            let expected = match model {
                Some(n) => *n + 1,
                None => u32::from(options.is(&START, "one")?),
            };
            if expected != actual {
                return Err(Violation::at(0, "counts by one", expected, actual).into());
            }
            *model = Some(expected);
            Ok(())
        })
    }

    #[test]
    fn observations_drop_the_options_they_rule_out() {
        let mut branches = Branches::new(None, &RunConfig::default());
        observe(&mut branches, 1).expect("a counter starting at 1 is accepted");
        assert_eq!(branches.live().len(), 1);
        assert_eq!(branches.live()[0].chosen.get("test_start"), Some("one"));
        observe(&mut branches, 2).expect("then it counts by one");
        let broken = observe(&mut branches, 4).expect_err("skipping 3 breaks the rule");
        assert_eq!(broken.rule, "counts by one");
        assert!(broken.expected.contains('3'), "{broken:?}");
    }

    #[test]
    fn every_option_broken_names_what_each_expected() {
        let mut branches = Branches::new(None, &RunConfig::default());
        let broken = observe(&mut branches, 7).expect_err("neither 0 nor 1");
        assert!(broken.expected.starts_with("one of"), "{broken:?}");
        assert!(broken.expected.contains("test_start = zero"), "{broken:?}");
        assert!(broken.expected.contains("test_start = one"), "{broken:?}");
    }

    #[test]
    fn the_reference_branch_names_the_rule_whichever_step_dropped_it() {
        // The "zero" branch breaks its own rule at the first step, the "one" branch a
        // rule of its own at the second: the case reports the reference branch's rule,
        // as it would had both broken at once, so that shrinking sees one rule.
        let mut branches = Branches::new((), &RunConfig::default());
        let judge = |at: usize| {
            move |(): &mut (), options: &Options<'_>| -> Result<(), Stop> {
                match (options.of(&START)?, at) {
                    ("zero", 0) => Err(Violation::at(0, "zero's rule", "", "").into()),
                    ("one", 1) => Err(Violation::at(1, "one's rule", "", "").into()),
                    _ => Ok(()),
                }
            }
        };
        branches.step(judge(0)).expect("the one branch survives");
        let broken = branches.step(judge(1)).expect_err("no branch is left");
        assert_eq!(broken.rule, "zero's rule");
        assert_eq!(broken.step, Some(0));
        assert!(broken.expected.contains("one's rule"), "{broken:?}");
    }

    #[test]
    fn a_pinned_reading_allows_its_option_only() {
        let config = RunConfig::default().pin(START.choice(0));
        let mut branches = Branches::new(None, &config);
        let broken = observe(&mut branches, 1).expect_err("pinned to start at 0");
        assert!(broken.expected.contains("test_start = zero"), "{broken:?}");
    }
}
