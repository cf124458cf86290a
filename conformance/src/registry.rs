//! Every property and every reading of every suite, for reports and for the check that
//! CONTRACT.md and the code list the same properties, rules and readings.

use crate::property::PropertyInfo;
use crate::readings::Reading;

/// Every property the kit checks, suite by suite.
pub fn all_properties() -> Vec<PropertyInfo> {
    [
        crate::engine::properties::ALL,
        crate::datastore::properties::ALL,
        crate::observer::properties::ALL,
        crate::recordstore::properties::ALL,
    ]
    .concat()
}

/// Every reading the kit accepts options on, suite by suite.
pub fn all_readings() -> Vec<Reading> {
    [
        crate::engine::readings::ALL,
        crate::datastore::readings::ALL,
        crate::observer::readings::ALL,
        crate::recordstore::readings::ALL,
    ]
    .concat()
}
