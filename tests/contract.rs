//! CONTRACT.md and the code list the same properties, rules and readings: no property
//! without an entry, no entry without a property, every rule a property declares tagged
//! in its entry as an assertion (with its spec quote, found verbatim in
//! `spec/storage-traits-spec.md`) or a reading, and every reading described.

use std::collections::BTreeSet;

use storage_conformance::property::Basis;
use storage_conformance::registry::{all_properties, all_readings};

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

/// Whitespace runs folded to one space, so that quotes may wrap differently.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The entry of property `id` in CONTRACT.md, up to the next heading.
fn entry<'a>(contract: &'a str, id: &str) -> Option<&'a str> {
    let start = contract.find(&format!("\n### `{id}`\n"))? + 1;
    let rest = &contract[start..];
    let end = rest[4..].find("\n#").map_or(rest.len(), |i| i + 5);
    Some(&rest[..end])
}

#[test]
fn every_rule_a_property_declares_is_tagged_in_its_entry() {
    let contract = read("CONTRACT.md");
    let spec = folded(&read("spec/storage-traits-spec.md"));
    let readings: BTreeSet<&str> = all_readings().iter().map(|r| r.id).collect();
    for property in all_properties() {
        let Some(entry) = entry(&contract, property.id) else {
            continue; // the entry's absence is the first test's failure
        };
        let entry = folded(entry);
        for rule in property.rules {
            let text = folded(rule.text);
            match rule.basis {
                Basis::Spec(quote) => {
                    let quote = folded(quote);
                    assert!(
                        spec.contains(&quote),
                        "`{}`: the quote {quote:?} is not in the spec",
                        property.id
                    );
                    let tagged = format!("assertion: {text} — spec: \"{quote}\"");
                    assert!(
                        entry.contains(&tagged),
                        "`{}`: CONTRACT.md lacks the rule line `- {tagged}`",
                        property.id
                    );
                }
                Basis::Reading(reading) => {
                    assert!(
                        readings.contains(reading),
                        "`{}`: the rule {text:?} names the unknown reading `{reading}`",
                        property.id
                    );
                    let tagged = format!("reading `{reading}`: {text}");
                    assert!(
                        entry.contains(&tagged),
                        "`{}`: CONTRACT.md lacks the rule line `- {tagged}`",
                        property.id
                    );
                }
            }
        }
    }
}

#[test]
fn every_reading_has_an_entry_with_its_question_options_and_what_they_share() {
    let contract = read("CONTRACT.md");
    let mut ids = BTreeSet::new();
    for reading in all_readings() {
        assert!(
            ids.insert(reading.id),
            "duplicate reading id {}",
            reading.id
        );
        let heading = format!("\n### Reading `{}`\n", reading.id);
        let start = contract
            .find(&heading)
            .unwrap_or_else(|| panic!("CONTRACT.md has no `### Reading `{}``", reading.id));
        let rest = &contract[start + 1..];
        let section = &rest[..rest[4..].find("\n#").map_or(rest.len(), |i| i + 5)];
        for field in ["**Question**", "**Options**", "**Shared**", "**Controls**"] {
            assert!(
                section.contains(field),
                "the reading `{}` lacks {field}",
                reading.id
            );
        }
        assert!(
            reading.options.len() >= 2,
            "`{}` has one option",
            reading.id
        );
        for option in reading.options {
            assert!(
                section.contains(&format!("- `{}`", option.id)),
                "the reading `{}` does not list its option `{}`",
                reading.id,
                option.id
            );
        }
    }
}
