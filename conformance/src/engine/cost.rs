//! Judging `estimated_cost` under the cost reading
//! ([`ESTIMATED_COST`](super::readings::ESTIMATED_COST)).
//!
//! Both options make the cost a sum of one cost per stored entry that depends on that
//! entry alone: its record's `metadata.cost`, or the engine's own estimate of the key
//! and record. The own estimate is unknown to the kit, so it is learnt: when every
//! stored entry but one has a known cost, an answer tells the last one's; once every
//! entry's cost is known, an answer must equal their sum.

use std::collections::BTreeMap;

use storage_traits::Record;

use super::model::EngineModel;
use super::readings::ESTIMATED_COST;
use super::rules;
use crate::failure::Violation;
use crate::readings::{Options, Stop};

/// The cost each entry (key and record) showed under the own-estimate option.
#[derive(Debug, Clone, Default)]
pub struct CostLearning {
    learned: BTreeMap<String, Vec<(Record, u128)>>,
}

impl CostLearning {
    /// The cost `record` under `key` showed, if it did.
    fn cost_of(&self, key: &str, record: &Record) -> Option<u128> {
        self.learned
            .get(key)?
            .iter()
            .find(|(r, _)| r.same_as(record))
            .map(|(_, cost)| *cost)
    }

    /// Remembers that `record` under `key` costs `cost`.
    fn learn(&mut self, key: &str, record: &Record, cost: u128) {
        if self.cost_of(key, record).is_none() {
            self.learned
                .entry(key.to_string())
                .or_default()
                .push((record.clone(), cost));
        }
    }
}

fn broken(step: usize, rule: crate::property::Rule, expected: String, actual: u64) -> Stop {
    Stop::Broken(Violation::at(step, rule, expected, actual))
}

/// Judges `observed`, an `estimated_cost` answer at `step`, against what `model` holds:
/// first by what every option shares (each branch checks it, so that a case that breaks
/// it fails with the same rule whichever options remain, and shrinks alike), learning
/// entry costs as it goes; then, under the record-costs option, against the records'
/// costs.
pub fn judge_cost(
    step: usize,
    observed: u64,
    model: &EngineModel,
    learning: &mut CostLearning,
    options: &Options<'_>,
) -> Result<(), Stop> {
    judge_per_entry(step, observed, model, learning)?;
    if options.is(&ESTIMATED_COST, "record_costs")? {
        let sum = model.cost();
        if u128::from(observed) != sum {
            return Err(broken(
                step,
                rules::COST_RECORD_SUM,
                format!("{sum}, the sum of the stored records' costs"),
                observed,
            ));
        }
    }
    Ok(())
}

/// What both options share: the answer is the sum of one cost per stored entry that
/// depends on the entry alone. Learns the cost of the one entry whose cost is unknown.
fn judge_per_entry(
    step: usize,
    observed: u64,
    model: &EngineModel,
    learning: &mut CostLearning,
) -> Result<(), Stop> {
    let mut known: u128 = 0;
    let mut unknown = Vec::new();
    for (key, record) in &model.entries {
        match learning.cost_of(key, record) {
            Some(cost) => known += cost,
            None => unknown.push((key, record)),
        }
    }
    let observed_wide = u128::from(observed);
    let consistent = match unknown.as_slice() {
        [] => observed_wide == known,
        _ => observed_wide >= known,
    };
    if !consistent {
        let expected = if model.entries.is_empty() {
            "0 (no entry)".to_string()
        } else if unknown.is_empty() {
            format!("{known}, the sum of the costs these entries showed before")
        } else {
            format!(
                "at least {known}, the costs the entries other than {:?} showed before",
                unknown.iter().map(|(k, _)| k).collect::<Vec<_>>()
            )
        };
        return Err(broken(step, rules::COST_PER_ENTRY, expected, observed));
    }
    if let [(key, record)] = unknown.as_slice() {
        learning.learn(key, record, observed_wide - known);
    }
    Ok(())
}
