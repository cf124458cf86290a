//! Short descriptions of large expected and actual contents: a failure over a store of
//! a thousand keys names what differs, not every entry.

use std::collections::BTreeMap;

use storage_traits::Record;

use crate::failure::few;

/// Above this many entries, contents are described by what differs.
const SHOWN_IN_FULL: usize = 8;

/// The expected and actual contents, in full when both are small, otherwise as their
/// sizes and the keys missing, unexpected or holding another record.
pub fn contents(
    expected: &BTreeMap<String, Record>,
    actual: &[(String, Record)],
) -> (String, String) {
    if expected.len() <= SHOWN_IN_FULL && actual.len() <= SHOWN_IN_FULL {
        return (format!("{expected:?}"), format!("{actual:?}"));
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut different = Vec::new();
    for (key, record) in actual {
        *seen.entry(key).or_default() += 1;
        match expected.get(key) {
            None => unexpected.push(key),
            Some(held) if !held.same_as(record) => different.push(key),
            Some(_) => {}
        }
    }
    let missing: Vec<&String> = expected
        .keys()
        .filter(|k| !seen.contains_key(k.as_str()))
        .collect();
    let repeated: Vec<&&str> = seen
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(k, _)| k)
        .collect();
    (
        format!("{} entries", expected.len()),
        format!(
            "{} entries: missing {}, unexpected {}, other records for {}, repeated {}",
            actual.len(),
            few(&missing),
            few(&unexpected),
            few(&different),
            few(&repeated)
        ),
    )
}
