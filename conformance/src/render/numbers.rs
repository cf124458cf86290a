//! Number literals: integer extremes by their constant names, floats with their exact
//! bits, and long numbers digit-grouped so that pasted code passes pedantic clippy
//! (`unreadable_literal`, `inconsistent_digit_grouping`) in the implementer's crate.

use super::ToRust;

impl ToRust for u8 {
    /// Plain digits: byte vectors read better as `vec![0, 255]` than with `u8::MAX`.
    fn to_rust(&self) -> String {
        self.to_string()
    }
}

/// Integers print their extremes by name (`i64::MIN`), which says more in a
/// counterexample than twenty digits, and digits otherwise.
macro_rules! integer_to_rust {
    ($($int:ident: $($constant:ident),+;)+) => {$(
        impl ToRust for $int {
            fn to_rust(&self) -> String {
                $(
                    if *self == $int::$constant {
                        return concat!(stringify!($int), "::", stringify!($constant)).to_string();
                    }
                )+
                readable_number(&self.to_string())
            }
        }
    )+};
}

integer_to_rust! {
    i64: MIN, MAX;
    u32: MAX;
    u64: MAX;
    usize: MAX;
}

impl ToRust for f64 {
    /// An `f64` expression with the same bits. `Debug` prints the shortest digits that
    /// parse back exactly, always with a `.` or an exponent (`1.0`, `-0.0`, `1e300`), so
    /// the literal is a float; NaN and the infinities have no literal, so they print as
    /// constants, and a NaN whose bits are not `f64::NAN`'s prints its bits.
    fn to_rust(&self) -> String {
        if self.is_nan() {
            if self.to_bits() == f64::NAN.to_bits() {
                "f64::NAN".to_string()
            } else {
                let hex = format!("{:016x}", self.to_bits());
                format!("f64::from_bits(0x{})", grouped(&hex, 4, true))
            }
        } else if *self == f64::INFINITY {
            "f64::INFINITY".to_string()
        } else if *self == f64::NEG_INFINITY {
            "f64::NEG_INFINITY".to_string()
        } else {
            readable_number(&format!("{self:?}"))
        }
    }
}

/// A decimal number as Rust or `Debug` prints it (`-1234567.125e-5`), digit-grouped
/// when a part is longer than four digits: then the integer part by threes from the
/// right and the fraction from the left, both, as `inconsistent_digit_grouping` wants:
/// `-1_234_567.125e-5`.
fn readable_number(text: &str) -> String {
    let (sign, unsigned) = text
        .strip_prefix('-')
        .map_or(("", text), |rest| ("-", rest));
    let (mantissa, exponent) = unsigned
        .split_once('e')
        .map_or((unsigned, None), |(mantissa, exponent)| {
            (mantissa, Some(exponent))
        });
    let (integer, fraction) = mantissa
        .split_once('.')
        .map_or((mantissa, None), |(integer, fraction)| {
            (integer, Some(fraction))
        });
    let long = integer.len() > 4 || fraction.is_some_and(|fraction| fraction.len() > 4);
    let group = |digits: &str, from_end: bool| {
        if long {
            grouped(digits, 3, from_end)
        } else {
            digits.to_string()
        }
    };
    let mut number = format!("{sign}{}", group(integer, true));
    if let Some(fraction) = fraction {
        number.push('.');
        number.push_str(&group(fraction, false));
    }
    if let Some(exponent) = exponent {
        number.push('e');
        number.push_str(exponent);
    }
    number
}

/// ASCII `digits` with `_` between groups of `width`, counted from the end (integer
/// parts) or from the start (fractions).
fn grouped(digits: &str, width: usize, from_end: bool) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / width);
    for (index, digit) in digits.char_indices() {
        let offset = if from_end {
            digits.len() - index
        } else {
            index
        };
        if index > 0 && offset % width == 0 {
            out.push('_');
        }
        out.push(digit);
    }
    out
}
