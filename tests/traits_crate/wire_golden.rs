//! Golden MessagePack bytes (named encoding, the persisted one), one file per
//! `RecordValue` variant under `tests/golden/`. A change to the wire format fails here.
//! After a deliberate change, regenerate with `UPDATE_GOLDEN=1 cargo test --test traits_crate`.

use std::fmt::Write as _;
use std::path::PathBuf;

use storage_traits::RecordValue;

use crate::samples::golden_record_values;

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("record_value_{name}.msgpack.hex"))
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn from_hex(text: &str) -> Vec<u8> {
    let text = text.trim();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn every_variant_encodes_to_its_golden_bytes_and_decodes_back() {
    for (name, value) in golden_record_values() {
        let bytes = rmp_serde::to_vec_named(&value).unwrap();
        let path = golden_path(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, to_hex(&bytes) + "\n").unwrap();
        }
        let golden =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            to_hex(&bytes),
            golden.trim(),
            "{name}: the wire format changed"
        );
        let decoded: RecordValue = rmp_serde::from_slice(&from_hex(&golden)).unwrap();
        assert!(
            decoded.same_as(&value),
            "{name}: golden bytes decode to {decoded:?}"
        );
    }
}
