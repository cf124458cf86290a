//! The skips, summarised: implementations that skip the same properties for the same
//! reasons share one entry, each reason once with its count. With `verbose`, every
//! skipped cell.

use std::fmt::Write as _;

use super::{TextOptions, count, wrap};
use storage_conformance::records::{CellRecord, Status};

/// Why `cell` was skipped, without the property's name, so that the properties skipped
/// for one reason (a capability the implementation lacks) share it.
fn cause(cell: &CellRecord) -> String {
    let reason = cell.skip_reason.as_deref().unwrap_or("no reason given");
    reason
        .strip_prefix(&format!("`{}` ", cell.property))
        .unwrap_or(reason)
        .to_string()
}

/// One implementation's skips: each cause with the properties it skipped.
type Signature = Vec<(String, Vec<String>)>;

fn signature(cells: &[&CellRecord]) -> Signature {
    let mut causes: Signature = Vec::new();
    for cell in cells {
        let cause = cause(cell);
        match causes.iter_mut().find(|(c, _)| *c == cause) {
            Some((_, properties)) => properties.push(cell.property.clone()),
            None => causes.push((cause, vec![cell.property.clone()])),
        }
    }
    causes
}

/// Renders the skips into `out`.
pub fn render(out: &mut String, records: &[CellRecord], options: TextOptions) {
    let skipped: Vec<&CellRecord> = records
        .iter()
        .filter(|r| r.status == Status::Skipped)
        .collect();
    if skipped.is_empty() {
        return;
    }
    let style = options.style;
    if options.verbose {
        let _ = writeln!(
            out,
            "\n{}",
            style.bold(&format!("Skipped ({})", skipped.len()))
        );
        for cell in skipped {
            let _ = writeln!(
                out,
                "  {} · {}: {}",
                cell.implementation,
                cell.property,
                cause(cell)
            );
        }
        return;
    }
    let mut groups: Vec<(Signature, Vec<&str>)> = Vec::new();
    let mut implementations: Vec<&str> =
        skipped.iter().map(|c| c.implementation.as_str()).collect();
    implementations.dedup();
    for implementation in implementations {
        let own: Vec<&CellRecord> = skipped
            .iter()
            .filter(|c| c.implementation == implementation)
            .copied()
            .collect();
        let signature = signature(&own);
        match groups.iter_mut().find(|(s, _)| *s == signature) {
            Some((_, names)) => names.push(implementation),
            None => groups.push((signature, vec![implementation])),
        }
    }
    let _ = writeln!(
        out,
        "\n{} {}",
        style.bold(&format!("Skipped ({}):", count(skipped.len(), "cell"))),
        style.dim("each reason once per implementation; --verbose lists every cell")
    );
    for (signature, names) in groups {
        let names: Vec<String> = names.iter().map(|n| (*n).to_string()).collect();
        for (i, line) in wrap(&names, ", ", 96).iter().enumerate() {
            // Continuation lines indented, so that each entry starts at the margin.
            let _ = writeln!(out, "{}{line}", if i == 0 { "  " } else { "    " });
        }
        for (cause, properties) in signature {
            let which = match properties.as_slice() {
                [one] => one.clone(),
                many => count(many.len(), "property"),
            };
            let _ = writeln!(out, "        {} {}", style.dim(&format!("{which}:")), cause);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::text::Style;
    use crate::report::verdict::tests::cell;
    use storage_conformance::outcome::Outcome;
    use storage_conformance::records::RoleName;

    fn skip(implementation: &str, property: &str, capability: &str) -> CellRecord {
        let reason = format!("`{property}` needs the capability `{capability}`, which is off");
        cell(
            implementation,
            RoleName::Reference,
            None,
            property,
            Outcome::Skipped { reason },
        )
    }

    #[test]
    fn implementations_with_the_same_skips_share_one_entry_with_each_reason_once() {
        let records = [
            skip(
                "a",
                "datastore_write_behind_reset",
                "datastore_write_behind",
            ),
            skip(
                "a",
                "datastore_write_behind_pending",
                "datastore_write_behind",
            ),
            skip("a", "datastore_null", "datastore_null"),
            skip(
                "b",
                "datastore_write_behind_reset",
                "datastore_write_behind",
            ),
            skip(
                "b",
                "datastore_write_behind_pending",
                "datastore_write_behind",
            ),
            skip("b", "datastore_null", "datastore_null"),
        ];
        let mut out = String::new();
        let options = TextOptions {
            verbose: false,
            style: Style { colour: false },
        };
        render(&mut out, &records, options);
        assert_eq!(
            out.lines().collect::<Vec<_>>(),
            [
                "",
                "Skipped (6 cells): each reason once per implementation; --verbose lists every cell",
                "  a, b",
                "        2 properties: needs the capability `datastore_write_behind`, which is off",
                "        datastore_null: needs the capability `datastore_null`, which is off",
            ]
        );
    }
}
