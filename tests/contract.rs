//! CONTRACT.md and the code list the same properties: no property without an entry, no
//! entry without a property.

use std::collections::BTreeSet;

use storage_conformance::registry::all_properties;

fn contract_entries() -> BTreeSet<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/CONTRACT.md"))
        .unwrap_or_else(|e| panic!("CONTRACT.md: {e}"));
    text.lines()
        .filter_map(|line| line.strip_prefix("### `"))
        .filter_map(|rest| rest.strip_suffix('`'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_property_has_a_contract_entry_and_every_entry_a_property() {
    let code: BTreeSet<String> = all_properties().iter().map(|p| p.id.to_string()).collect();
    let contract = contract_entries();
    let undocumented: Vec<&String> = code.difference(&contract).collect();
    let unimplemented: Vec<&String> = contract.difference(&code).collect();
    assert!(
        undocumented.is_empty(),
        "properties without a CONTRACT.md entry: {undocumented:?}"
    );
    assert!(
        unimplemented.is_empty(),
        "CONTRACT.md entries without a property: {unimplemented:?}"
    );
}

#[test]
fn every_entry_names_its_source_capability_and_control() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/CONTRACT.md")).unwrap();
    for section in text.split("\n### `").skip(1) {
        let section = section.split("\n## ").next().unwrap_or(section);
        let id = section.split('`').next().unwrap_or_default();
        for field in [
            "**Statement**",
            "**Source**",
            "**Capability**",
            "**Positive control**",
        ] {
            assert!(section.contains(field), "the entry of `{id}` lacks {field}");
        }
    }
}

#[test]
fn property_ids_are_unique_and_prefixed_by_their_suite() {
    let properties = all_properties();
    let ids: BTreeSet<&str> = properties.iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), properties.len(), "duplicate property ids");
    for id in ids {
        let suite = id.split('_').next().unwrap_or_default();
        assert!(
            [
                "engine",
                "datastore",
                "recordstore",
                "observer",
                "concurrent"
            ]
            .contains(&suite),
            "{id}"
        );
    }
}
