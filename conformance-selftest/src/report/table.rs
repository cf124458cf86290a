//! The records laid out as one matrix per suite: a row per implementation (grouped by
//! role), a column per property. The text and HTML views both draw from it.

use storage_conformance::records::{CellRecord, ReadingRecord, RoleName};
use storage_conformance::suites;

/// One implementation's row.
#[derive(Debug)]
pub struct Row<'a> {
    /// The implementation.
    pub implementation: &'a str,
    /// What is expected of it.
    pub role: RoleName,
    /// Its cells, one per column; `None` where the property did not run.
    pub cells: Vec<Option<&'a CellRecord>>,
}

impl Row<'_> {
    /// How the implementation's runs read the suite's open points (from its first cell).
    pub fn readings(&self) -> &[ReadingRecord] {
        self.cells
            .iter()
            .flatten()
            .next()
            .map_or(&[], |c| c.readings.as_slice())
    }
}

/// One suite's matrix.
#[derive(Debug)]
pub struct SuiteTable<'a> {
    /// The suite's name.
    pub name: &'a str,
    /// The columns: the suite's properties that ran, in suite order.
    pub properties: Vec<&'a str>,
    /// The rows, references first, then correct controls, implementations under test
    /// and faulty ones; in record order within a role.
    pub rows: Vec<Row<'a>>,
}

impl SuiteTable<'_> {
    /// Every cell of the suite, row by row.
    pub fn cells(&self) -> impl Iterator<Item = &CellRecord> {
        self.rows
            .iter()
            .flat_map(|r| r.cells.iter().flatten().copied())
    }
}

fn role_rank(role: RoleName) -> u8 {
    match role {
        RoleName::Reference => 0,
        RoleName::CorrectControl => 1,
        RoleName::UnderTest => 2,
        RoleName::Faulty => 3,
    }
}

/// The matrices of `records`, suite by suite in record order.
pub fn tables(records: &[CellRecord]) -> Vec<SuiteTable<'_>> {
    let mut names: Vec<&str> = Vec::new();
    for record in records {
        if !names.contains(&record.suite.as_str()) {
            names.push(&record.suite);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let of_suite: Vec<&CellRecord> = records.iter().filter(|r| r.suite == name).collect();
            let mut properties: Vec<&str> = Vec::new();
            for record in &of_suite {
                if !properties.contains(&record.property.as_str()) {
                    properties.push(&record.property);
                }
            }
            if let Some(suite) = suites::named(name) {
                let position = |id: &str| suite.properties.iter().position(|p| p.id == id);
                properties.sort_by_key(|id| position(id));
            }
            let mut rows: Vec<Row> = Vec::new();
            for record in &of_suite {
                if !rows
                    .iter()
                    .any(|r| r.implementation == record.implementation)
                {
                    rows.push(Row {
                        implementation: &record.implementation,
                        role: record.role,
                        cells: properties
                            .iter()
                            .map(|p| {
                                of_suite
                                    .iter()
                                    .find(|c| {
                                        c.implementation == record.implementation
                                            && c.property == *p
                                    })
                                    .copied()
                            })
                            .collect(),
                    });
                }
            }
            rows.sort_by_key(|r| role_rank(r.role));
            SuiteTable {
                name,
                properties,
                rows,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::verdict::tests::cell;
    use storage_conformance::outcome::Outcome;

    #[test]
    fn rows_group_by_role_and_columns_follow_the_suite() {
        let passed = || Outcome::Passed { cases: 1 };
        let records = [
            cell(
                "bad",
                RoleName::Faulty,
                Some("engine_snapshot"),
                "engine_snapshot",
                passed(),
            ),
            cell(
                "ref",
                RoleName::Reference,
                None,
                "engine_snapshot",
                passed(),
            ),
            cell(
                "ref",
                RoleName::Reference,
                None,
                "engine_model_equivalence",
                passed(),
            ),
            cell(
                "obs",
                RoleName::Reference,
                None,
                "observer_fan_out",
                passed(),
            ),
        ];
        let tables = tables(&records);
        assert_eq!(tables.len(), 2);
        let engine = &tables[0];
        assert_eq!(
            engine.properties,
            ["engine_model_equivalence", "engine_snapshot"]
        );
        let rows: Vec<&str> = engine.rows.iter().map(|r| r.implementation).collect();
        assert_eq!(rows, ["ref", "bad"]);
        assert!(
            engine.rows[1].cells[0].is_none(),
            "bad did not run the first property"
        );
        assert_eq!(engine.cells().count(), 3);
    }
}
