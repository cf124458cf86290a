//! Every property of every suite, for reports and for the check that CONTRACT.md and the
//! code list the same properties.

use crate::property::PropertyInfo;

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
