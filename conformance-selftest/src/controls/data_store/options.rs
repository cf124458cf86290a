//! The correct controls of the suite's readings: a [`super::ControlDataStore`] that
//! follows one option of one reading (and the reference option of every other), for
//! every option the reference stores do not follow.

use storage_conformance::datastore::DataStoreKind;
use storage_conformance::datastore::readings::{self as r, ALL};
use storage_conformance::readings::{Choice, Reading};

/// The kinds of store a reading concerns: the write-behind readings only write-behind
/// stores, the others every store that persists.
pub fn kinds_of(reading: &Reading) -> &'static [DataStoreKind] {
    const BOTH: &[DataStoreKind] = &[DataStoreKind::WriteThrough, DataStoreKind::WriteBehind];
    const BEHIND: &[DataStoreKind] = &[DataStoreKind::WriteBehind];
    let write_behind_only = [
        r::WRITE_BEHIND_BACKUPS.id,
        r::PENDING_COUNT.id,
        r::SOFT_FLUSH_NUMBER.id,
        r::RESET_SEQUENCE.id,
        r::QUEUED_LOADS.id,
        r::REMOVE_ALL_WRITE_BEHIND.id,
    ];
    if write_behind_only.contains(&reading.id) {
        BEHIND
    } else {
        BOTH
    }
}

/// A correct control: the options it follows (the reference option of every reading
/// not listed) and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionControl {
    /// Its name in the report.
    pub name: String,
    /// The options it follows beyond the reference ones.
    pub follows: Vec<Choice>,
    /// Its kind.
    pub kind: DataStoreKind,
}

/// One correct control per option that is not a reference option, on the first kind
/// the reading concerns (write-through where it concerns both), and a write-behind
/// store that takes the other options the outside store took together: one
/// table, backups straight through, the callers' `now`.
pub fn option_controls() -> Vec<OptionControl> {
    let mut controls: Vec<OptionControl> = ALL
        .iter()
        .flat_map(|reading| {
            let kind = kinds_of(reading)[0];
            // The reading's short name before the option's, so that options of two
            // readings named alike (`queued`) stay apart.
            let short = reading.id.trim_start_matches("datastore_");
            (1..reading.options.len()).map(move |index| {
                let choice = reading.choice(index);
                OptionControl {
                    name: format!("{}_control_{short}_{}", kind_name(kind), choice.option),
                    follows: vec![choice],
                    kind,
                }
            })
        })
        .collect();
    controls.push(OptionControl {
        name: "write_behind_control_one_table_backups_straight_through_callers_now".to_string(),
        follows: vec![
            r::BACKUPS_ONE_TABLE,
            r::BACKUP_WRITES_STRAIGHT_THROUGH,
            r::EXPIRY_BY_CALLERS_NOW,
        ],
        kind: DataStoreKind::WriteBehind,
    });
    controls
}

fn kind_name(kind: DataStoreKind) -> &'static str {
    match kind {
        DataStoreKind::Null => "null",
        DataStoreKind::WriteThrough => "write_through",
        DataStoreKind::WriteBehind => "write_behind",
    }
}

/// Whether a store that follows `follows` (the reference option of every other
/// reading) reads `choice.reading` as `choice.option`.
pub fn reads(follows: &[Choice], choice: Choice) -> bool {
    match follows.iter().find(|c| c.reading == choice.reading) {
        Some(followed) => *followed == choice,
        None => ALL
            .iter()
            .find(|r| r.id == choice.reading)
            .is_some_and(|r| r.options[0].id == choice.option),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_has_a_control_and_names_are_unique() {
        let controls = option_controls();
        for reading in ALL {
            for (index, option) in reading.options.iter().enumerate() {
                let choice = reading.choice(index);
                let followed = index == 0 || controls.iter().any(|c| c.follows.contains(&choice));
                assert!(followed, "{} = {} has no control", reading.id, option.id);
            }
        }
        let names: std::collections::BTreeSet<&str> =
            controls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names.len(), controls.len());
    }

    #[test]
    fn a_store_reads_the_reference_option_unless_it_follows_another() {
        assert!(reads(&[], r::BACKUPS_SEPARATE));
        assert!(!reads(&[], r::BACKUPS_ONE_TABLE));
        assert!(reads(&[r::BACKUPS_ONE_TABLE], r::BACKUPS_ONE_TABLE));
        assert!(!reads(&[r::BACKUPS_ONE_TABLE], r::BACKUPS_SEPARATE));
    }
}
