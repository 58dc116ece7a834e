//! Owners (salespeople). STUB: contract only, being written.

use super::Normalized;

/// An owner known from the CRM export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// As the CRM writes it (`Julien Lefèvre`).
    pub name: String,
    pub email: Option<String>,
}

/// The owners found in the CRM export, to map side spellings (`JL`,
/// `julien`, `julien.lefevre@…`) onto.
#[derive(Clone, Debug, Default)]
pub struct OwnerDirectory {
    pub owners: Vec<Owner>,
}

pub fn resolve_owner(raw: &str, directory: &OwnerDirectory) -> Normalized<Owner> {
    let _ = (raw, directory);
    Normalized::none()
}
