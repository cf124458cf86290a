//! [`Choices`]: the option a [`SpecRecordStore`](super::SpecRecordStore) takes on each
//! reading of the record-store suite.

use storage_conformance::config::Choice;
use storage_conformance::readings::Reading;
use storage_conformance::recordstore::readings::ALL;

/// The options a store follows: the listed ones, and the first option of every other
/// reading (the reference implementation's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices(Vec<Choice>);

impl Choices {
    /// The store follows `choices`, and the first option of every reading they leave
    /// out.
    pub fn new(choices: &[Choice]) -> Self {
        Self(choices.to_vec())
    }

    /// Option `index` of every reading (its last option where it has fewer): profile 0
    /// is the reference implementation's options, 1 every second option, 2 every third
    /// where there is one.
    pub fn profile(index: usize) -> Self {
        Self(
            ALL.iter()
                .map(|reading| reading.choice(index.min(reading.options.len() - 1)))
                .collect(),
        )
    }

    /// The choices listed, to pin.
    pub fn pins(&self) -> &[Choice] {
        &self.0
    }

    /// The option the store follows on `reading`.
    pub fn of(&self, reading: &Reading) -> &'static str {
        self.0
            .iter()
            .find(|c| c.reading == reading.id)
            .map_or(reading.options[0].id, |c| c.option)
    }

    /// Whether the store follows `choice`.
    pub fn takes(&self, choice: Choice) -> bool {
        ALL.iter()
            .find(|r| r.id == choice.reading)
            .is_some_and(|reading| self.of(reading) == choice.option)
    }
}
