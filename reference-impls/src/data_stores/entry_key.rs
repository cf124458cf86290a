//! Keys that keep every map's primary and backup entries apart.

use std::fmt;

/// Which copy of an entry a key addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Namespace {
    /// Entries written by `add` and `remove`.
    Primary,
    /// Entries written by `add_backup` and `remove_backup`.
    Backup,
}

impl Namespace {
    /// The namespace a `flush_key` call with `is_backup` addresses.
    pub(crate) fn of(is_backup: bool) -> Self {
        if is_backup {
            Namespace::Backup
        } else {
            Namespace::Primary
        }
    }
}

/// One entry's address. Structured rather than a joined string, so no map name can
/// collide with another map's keys or with a backup space.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct EntryKey {
    /// Primary or backup.
    pub(crate) namespace: Namespace,
    /// The map's name.
    pub(crate) map: String,
    /// The key within the map.
    pub(crate) key: String,
}

impl EntryKey {
    /// The address of `key` in `map`'s `namespace`.
    pub(crate) fn new(namespace: Namespace, map: &str, key: &str) -> Self {
        Self {
            namespace,
            map: map.to_owned(),
            key: key.to_owned(),
        }
    }

    /// A primary entry's address.
    pub(crate) fn primary(map: &str, key: &str) -> Self {
        Self::new(Namespace::Primary, map, key)
    }
}

impl fmt::Display for EntryKey {
    /// Names the key, the map and the namespace, for error messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let space = match self.namespace {
            Namespace::Primary => "",
            Namespace::Backup => "backup ",
        };
        write!(f, "{space}key '{}' of map '{}'", self.key, self.map)
    }
}
