//! Rendering is faithful: each value renders as the hand-written code next to it, and
//! that same code, compiled here with `replay::*`, builds a value `same_as` the original.
//! The originals are struct literals, so a mistake in a `replay` constructor (say, two
//! metadata fields swapped) cannot cancel out a mistake in rendering.

use proptest::prelude::*;

use super::*;
use crate::render::ToRust;

/// Bitwise identity for every rendered type: `same_as` where floats can hide inside.
trait Same {
    fn same(&self, other: &Self) -> bool;
}

macro_rules! same_by {
    ($method:ident: $($ty:ty),+) => {$(
        impl Same for $ty {
            fn same(&self, other: &Self) -> bool {
                self.$method(other)
            }
        }
    )+};
}

same_by!(same_as: Value, RecordValue, OrMapEntry, Record);
same_by!(eq: Timestamp, RecordMetadata, ExpiryPolicy, CallerProvenance);

/// `stringify!` text as written on one line: the compiler's printer breaks long
/// expressions over several lines.
fn one_line(code: &str) -> String {
    code.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// `original` renders exactly as `code` is written, and `code` builds the same value.
macro_rules! renders_as {
    ($original:expr, $code:expr) => {{
        let original = $original;
        assert_eq!(original.to_rust(), one_line(stringify!($code)));
        assert!(
            $code.same(&original),
            "{} builds another value",
            stringify!($code)
        );
    }};
}

fn stamp(millis: u64, counter: u32, node_id: &str) -> Timestamp {
    Timestamp {
        millis,
        counter,
        node_id: node_id.to_string(),
    }
}

#[test]
fn scalars_render_as_literals_and_named_constants() {
    renders_as!(Value::Null, Value::Null);
    renders_as!(Value::Bool(false), Value::Bool(false));
    renders_as!(Value::Int(-7), Value::Int(-7));
    renders_as!(Value::Int(i64::MIN), Value::Int(i64::MIN));
    renders_as!(Value::Int(i64::MAX), Value::Int(i64::MAX));
    renders_as!(Value::Float(1.0), Value::Float(1.0));
    renders_as!(Value::Float(-0.0), Value::Float(-0.0));
    renders_as!(Value::Float(1e300), Value::Float(1e300));
    renders_as!(Value::Float(5e-324), Value::Float(5e-324));
    renders_as!(Value::Int(1_700_000_000_000), Value::Int(1_700_000_000_000));
    renders_as!(Value::Int(-12_345), Value::Int(-12_345));
    renders_as!(Value::Float(-123_456.5), Value::Float(-123_456.5));
    renders_as!(Value::Float(0.123_456_789), Value::Float(0.123_456_789));
    renders_as!(Value::Float(1.234_567e-300), Value::Float(1.234_567e-300));
    renders_as!(Value::Float(f64::NAN), Value::Float(f64::NAN));
    renders_as!(Value::Float(f64::INFINITY), Value::Float(f64::INFINITY));
    renders_as!(
        Value::Float(f64::NEG_INFINITY),
        Value::Float(f64::NEG_INFINITY)
    );
    renders_as!(
        Value::Float(f64::from_bits(0x7ff8_0000_0000_0001)),
        Value::Float(f64::from_bits(0x7ff8_0000_0000_0001))
    );
}

#[test]
fn strings_and_bytes_render_escaped() {
    renders_as!(
        Value::String("e\u{301}\"q\n".to_string()),
        Value::String("e\u{301}\"q\n".into())
    );
    renders_as!(Value::String(String::new()), Value::String(String::new()));
    renders_as!(Value::Bytes(vec![0, 255]), Value::Bytes(vec![0, 255]));
    renders_as!(Value::Bytes(Vec::new()), Value::Bytes(vec![]));
}

#[test]
fn nested_values_render_with_vec_and_btreemap() {
    let map = std::collections::BTreeMap::from([
        ("k".to_string(), Value::Bool(true)),
        ("ключ".to_string(), Value::Array(Vec::new())),
    ]);
    renders_as!(
        Value::Array(vec![Value::Null, Value::Map(map)]),
        Value::Array(vec![
            Value::Null,
            Value::Map(BTreeMap::from([
                ("k".into(), Value::Bool(true)),
                ("ключ".into(), Value::Array(vec![]))
            ]))
        ])
    );
    renders_as!(
        Value::Map(std::collections::BTreeMap::new()),
        Value::Map(BTreeMap::new())
    );
}

#[test]
fn crdt_values_render_with_the_replay_constructors() {
    renders_as!(
        stamp(u64::MAX, u32::MAX, "ключ"),
        ts(u64::MAX, u32::MAX, "ключ")
    );
    renders_as!(
        RecordValue::Lww {
            value: Value::Int(1),
            timestamp: stamp(1, 2, "n"),
        },
        lww(Value::Int(1), ts(1, 2, "n"))
    );
    renders_as!(
        RecordValue::OrMap {
            records: vec![OrMapEntry {
                value: Value::Float(f64::NAN),
                tag: "t1".to_string(),
                timestamp: stamp(0, 0, ""),
            }],
        },
        or_map(vec![entry(Value::Float(f64::NAN), "t1", ts(0, 0, ""))])
    );
    renders_as!(RecordValue::OrMap { records: vec![] }, or_map(vec![]));
    renders_as!(
        RecordValue::OrTombstones {
            tags: vec!["t1".to_string(), String::new()],
        },
        tombstones(&["t1", ""])
    );
    renders_as!(RecordValue::OrTombstones { tags: vec![] }, tombstones(&[]));
}

#[test]
fn records_render_fresh_metadata_short_and_other_metadata_in_full() {
    renders_as!(
        Record {
            value: RecordValue::Lww {
                value: Value::Int(0),
                timestamp: stamp(0, 0, "a"),
            },
            metadata: RecordMetadata::new(-5, 10),
        },
        record(lww(Value::Int(0), ts(0, 0, "a")), meta_new(-5, 10))
    );
    // Every field distinct, so a field out of place in `meta` or its rendering shows.
    renders_as!(
        RecordMetadata {
            version: u32::MAX,
            creation_time: i64::MIN,
            last_access_time: i64::MAX,
            last_update_time: 3,
            last_stored_time: -1,
            hits: 4,
            cost: u64::MAX,
        },
        meta(u32::MAX, i64::MIN, i64::MAX, 3, -1, 4, u64::MAX)
    );
    // Fresh but for one field: not `meta_new`.
    let mut stored = RecordMetadata::new(7, 1);
    stored.last_stored_time = 7;
    renders_as!(stored, meta(0, 7, 7, 7, 7, 0, 1));
}

#[test]
fn policies_and_provenance_render_by_name() {
    renders_as!(ExpiryPolicy::NONE, ExpiryPolicy::NONE);
    renders_as!(
        ExpiryPolicy {
            ttl_millis: 10,
            max_idle_millis: u64::MAX,
        },
        expiry(10, u64::MAX)
    );
    renders_as!(
        ExpiryPolicy {
            ttl_millis: 0,
            max_idle_millis: 1,
        },
        expiry(0, 1)
    );
    renders_as!(CallerProvenance::Client, CallerProvenance::Client);
    renders_as!(CallerProvenance::CrdtMerge, CallerProvenance::CrdtMerge);
}

#[test]
fn keys_render_as_str_literals() {
    assert_eq!("a".to_rust(), "\"a\"");
    assert_eq!(String::from("🔑\\\t").to_rust(), "\"🔑\\\\\\t\"");
    // A compatibility ideograph, a Hangul jamo and a zero-width space would trip
    // clippy in the pasted code; common scripts stay readable.
    assert_eq!(
        "\u{f900}\u{1100}\u{200b}ключキー🔑".to_rust(),
        r#""\u{f900}\u{1100}\u{200b}ключキー🔑""#
    );
    assert_eq!(usize::MAX.to_rust(), "usize::MAX");
    assert_eq!(3usize.to_rust(), "3");
    assert_eq!((u64::MAX - 1).to_rust(), "18_446_744_073_709_551_614");
    assert_eq!(1000u32.to_rust(), "1000");
}

/// The value of a float expression as `ToRust` prints it, read back without a compiler.
fn read_float(code: &str) -> Option<f64> {
    match code {
        "f64::NAN" => Some(f64::NAN),
        "f64::INFINITY" => Some(f64::INFINITY),
        "f64::NEG_INFINITY" => Some(f64::NEG_INFINITY),
        _ => match code.strip_prefix("f64::from_bits(0x") {
            Some(hex) => u64::from_str_radix(&hex.strip_suffix(')')?.replace('_', ""), 16)
                .ok()
                .map(f64::from_bits),
            // A float literal needs a `.` or an exponent, or Rust reads an integer.
            None if code.contains(['.', 'e']) => code.replace('_', "").parse().ok(),
            None => None,
        },
    }
}

/// The value of an integer expression as `ToRust` prints it.
fn read_int(code: &str) -> Option<i64> {
    match code {
        "i64::MIN" => Some(i64::MIN),
        "i64::MAX" => Some(i64::MAX),
        _ => code.replace('_', "").parse().ok(),
    }
}

proptest! {
    #[test]
    fn every_float_renders_to_its_own_bits(bits in any::<u64>()) {
        let float = f64::from_bits(bits);
        let read = read_float(&float.to_rust()).map(f64::to_bits);
        prop_assert_eq!(read, Some(bits), "{}", float.to_rust());
    }

    #[test]
    fn generated_floats_render_to_their_own_bits(value in crate::generators::any_value()) {
        if let Value::Float(float) = value {
            prop_assert_eq!(read_float(&float.to_rust()).map(f64::to_bits), Some(float.to_bits()));
        }
    }

    #[test]
    fn every_int_renders_to_itself(int in prop_oneof![Just(i64::MIN), Just(i64::MAX), any::<i64>()]) {
        prop_assert_eq!(read_int(&int.to_rust()), Some(int));
    }
}
