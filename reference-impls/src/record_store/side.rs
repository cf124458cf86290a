//! [`Side`]: whether an operation writes the primary or the backup copy of a key.

/// Which copy of a key an operation writes. It picks the data-store calls
/// (`add`/`remove` or `add_backup`/`remove_backup`) and the `is_backup` flag observers
/// receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// `put` and `remove`.
    Primary,
    /// `put_backup` and `remove_backup`.
    Backup,
}

impl Side {
    pub(super) fn is_backup(self) -> bool {
        self == Self::Backup
    }

    /// The record-store operation that writes a value on this side.
    pub(super) fn put_operation(self) -> &'static str {
        match self {
            Self::Primary => "put",
            Self::Backup => "put_backup",
        }
    }

    /// The data-store call that persists a value on this side.
    pub(super) fn add_call(self) -> &'static str {
        match self {
            Self::Primary => "add",
            Self::Backup => "add_backup",
        }
    }

    /// The record-store operation, and data-store call, that removes a key on this side.
    pub(super) fn remove_operation(self) -> &'static str {
        match self {
            Self::Primary => "remove",
            Self::Backup => "remove_backup",
        }
    }
}
