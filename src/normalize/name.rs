//! Person names. STUB: contract only, being written.

use super::Normalized;

/// A person's name in display case (`Jean-Pierre`, `de la Fontaine`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonName {
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Clean one name part (a first-name or last-name cell): civilities
/// removed, spaces collapsed, case restored from ALL CAPS or all lower.
pub fn normalize_name_part(raw: &str) -> Normalized<String> {
    let _ = raw;
    Normalized::none()
}

/// Split a full-name cell (`DUPONT Jean`, `Jean Dupont`, `Dupont, Jean`).
pub fn split_full_name(raw: &str) -> Normalized<PersonName> {
    let _ = raw;
    Normalized::none()
}

/// The folded match key of a name part: no accents, lowercase, hyphens
/// and spaces unified (`Jean-Pierre` and `JEAN PIERRE` → `jean pierre`).
pub fn name_key(display: &str) -> String {
    display.to_lowercase()
}
