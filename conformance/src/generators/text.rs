//! Text shared by keys, strings, node ids, tags and map keys.

use proptest::prelude::*;
use proptest::sample::select;

/// Non-ASCII text with the traps of Unicode: Cyrillic, Japanese, an emoji outside the
/// BMP, a combining mark, and the precomposed form of the same letter.
pub(crate) const NON_ASCII: [&str; 6] = ["ключ", "キー", "🔑", "e\u{301}", "é", "ß"];

/// A few non-ASCII texts from [`NON_ASCII`].
pub(crate) fn non_ascii() -> impl Strategy<Value = String> + Clone {
    select(NON_ASCII.map(str::to_string).to_vec())
}

/// Short text: lowercase ASCII (shrinks to `"a"`), empty, non-ASCII, or any printable
/// Unicode.
pub(crate) fn short_text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        4 => "[a-z]{1,6}",
        2 => Just(String::new()),
        2 => non_ascii(),
        1 => "\\PC{1,6}",
    ]
}

/// Any string: empty first, short text of every kind including control characters,
/// and rarely a large one of up to 4 KiB.
pub(crate) fn any_text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => Just(String::new()),
        6 => short_text(),
        2 => "(?s).{1,16}",
        1 => prop::collection::vec(prop::char::range(' ', '~'), 1024..=4096)
            .prop_map(String::from_iter),
    ]
}

/// Any bytes: empty first, a few, or rarely up to 4 KiB.
pub(crate) fn any_bytes() -> impl Strategy<Value = Vec<u8>> + Clone {
    prop_oneof![
        3 => Just(Vec::new()),
        6 => prop::collection::vec(any::<u8>(), 1..16),
        1 => prop::collection::vec(any::<u8>(), 1024..=4096),
    ]
}
