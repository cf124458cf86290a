//! String literals, escaped so that pasted code passes pedantic clippy.

use super::ToRust;

impl ToRust for str {
    /// A string literal. `Debug` escapes what a Rust literal must (quotes, backslashes,
    /// control characters) and also combining marks and unprintable characters; on top
    /// of that, only letters of common scripts stay as they are, and every other
    /// character is escaped too, because some (compatibility ideographs, Hangul jamo,
    /// invisible characters) trip clippy's `unicode_not_nfc` or `invisible_characters`
    /// in the pasted code.
    fn to_rust(&self) -> String {
        let mut literal = String::with_capacity(self.len() + 2);
        for c in format!("{self:?}").chars() {
            if c.is_ascii() || is_plain_letter(c) {
                literal.push(c);
            } else {
                literal.extend(c.escape_unicode());
            }
        }
        literal
    }
}

/// Whether `c` is in a block of letters that are all printable, visible and in NFC,
/// and compose with nothing that `Debug` leaves unescaped: Latin, Greek, Cyrillic,
/// Japanese kana, CJK ideographs, Hangul syllables and emoji.
fn is_plain_letter(c: char) -> bool {
    matches!(
        c,
        '\u{c0}'..='\u{24f}'
            | '\u{388}'..='\u{3ce}'
            | '\u{400}'..='\u{482}'
            | '\u{48a}'..='\u{4ff}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30a1}'..='\u{30fc}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{ac00}'..='\u{d7a3}'
            | '\u{1f300}'..='\u{1faff}'
    )
}

impl ToRust for String {
    /// A `&str` literal, which is what keys and node ids are passed as.
    fn to_rust(&self) -> String {
        self.as_str().to_rust()
    }
}
