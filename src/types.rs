//! The dynamically typed [`Value`] stored in records.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A dynamically typed value, as carried by LWW and OR-Map records.
///
/// Serde representation: externally tagged with the variant names as written
/// (`{"Int": 1}`, `"Null"`), so every variant, including `Bytes` versus `Array`,
/// survives a round trip through self-describing and compact formats alike.
///
/// `PartialEq` follows IEEE 754 for floats (`Float(NaN) != Float(NaN)`,
/// `Float(0.0) == Float(-0.0)`); use [`Value::same_as`] for bitwise identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// The absent value.
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed 64-bit integer.
    Int(i64),
    /// A 64-bit float; NaN and infinities are legal.
    Float(f64),
    /// A UTF-8 string.
    String(String),
    /// Raw bytes.
    Bytes(Vec<u8>),
    /// An ordered list of values.
    Array(Vec<Value>),
    /// A map with string keys, ordered by key.
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// Bitwise identity: like `==`, except that floats compare by their bit patterns,
    /// so a NaN is the same as itself and `0.0` is not the same as `-0.0`.
    pub fn same_as(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
            }
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.same_as(vb))
            }
            _ => self == other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_treats_nan_as_itself_and_signed_zeros_apart() {
        let nan = Value::Float(f64::NAN);
        assert_ne!(nan, nan.clone());
        assert!(nan.same_as(&nan.clone()));
        assert_eq!(Value::Float(0.0), Value::Float(-0.0));
        assert!(!Value::Float(0.0).same_as(&Value::Float(-0.0)));
    }

    #[test]
    fn same_as_recurses_into_arrays_and_maps() {
        let nested = |x: f64| {
            Value::Map(BTreeMap::from([(
                "k".to_string(),
                Value::Array(vec![Value::Int(1), Value::Float(x)]),
            )]))
        };
        assert!(nested(f64::NAN).same_as(&nested(f64::NAN)));
        assert!(!nested(1.0).same_as(&nested(2.0)));
        assert!(!Value::Array(vec![]).same_as(&Value::Array(vec![Value::Null])));
        assert!(!Value::Int(1).same_as(&Value::Bool(true)));
    }
}
