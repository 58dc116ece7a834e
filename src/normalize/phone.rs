//! Phone numbers. STUB: contract only, being written.

use super::Normalized;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    Mobile,
    FixedLine,
    /// Toll-free, shared-cost, VoIP, premium…
    Other,
    /// The numbering plan cannot tell (e.g. fixed or mobile in the US).
    Unknown,
}

/// A valid number in E.164 form.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone {
    /// `+33612345678`
    pub e164: String,
    pub kind: PhoneKind,
    /// `poste 123`, `ext. 12` → `123`, `12`.
    pub extension: Option<String>,
}

/// A cell may hold several numbers: the first is the primary one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneCell {
    pub primary: Phone,
    pub others: Vec<Phone>,
}

/// Normalize a phone cell; `region` (ISO 3166 alpha-2, `FR`) is used for
/// numbers written without a country code.
pub fn normalize_phone(raw: &str, region: &str) -> Normalized<PhoneCell> {
    let _ = (raw, region);
    Normalized::none()
}
