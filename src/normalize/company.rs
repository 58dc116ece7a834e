//! Companies: a display name and a match key, the web domain, and the
//! French registry identifiers (SIREN, SIRET) and intra-EU VAT numbers.
//!
//! The same company is written `DUPONT ET FILS`, `Dupont & Fils SAS` and
//! `Sté Dupont et Fils` in three files: the match key (`dupont et fils`)
//! makes them equal while the display keeps what a person wants to read.
//! Identifiers are checked with their check digits because a wrong SIREN
//! merges two companies in a CRM just as surely as a right one joins them.
//! The web domain (from a website column, or from a non-free-mail email)
//! is the other strong company key.

mod abbreviation;
mod ids;
mod name;
mod web;

pub use self::ids::{normalize_siren, normalize_siret, normalize_vat_number, siren_of_siret};
pub use self::name::normalize_company;
pub use self::web::{company_domain, normalize_website};

/// A company name for display and its match key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyName {
    /// `Dupont & Fils` (legal form kept out of the key, not of the display).
    pub display: String,
    /// `dupont et fils`: folded, legal forms removed, `&`/`et`/`and`
    /// unified, punctuation dropped.
    pub key: String,
    /// `SAS`, `SARL`, `GmbH`… when one was written.
    pub legal_form: Option<&'static str>,
}

/// Text people put in a company column to say there is none (folded with
/// [`crate::ingest::synonyms::fold`]). `particulier` is a private customer:
/// the contact legitimately has no company.
fn is_placeholder(folded: &str) -> bool {
    const ALSO: &[&str] = &[
        "0",
        "particulier",
        "particuliers",
        "individual",
        "private",
        "prive",
        "perso",
        "personnel",
        "divers",
        "autre",
        "autres",
        "sans objet",
        "en cours",
    ];
    super::placeholder::says_nothing(folded, ALSO)
}

/// Whitespace of any kind and invisible characters trimmed from both ends.
fn trim_invisible(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
    })
}

#[cfg(test)]
mod tests;
