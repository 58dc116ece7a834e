//! Companies: names, match keys, web domains, SIREN/SIRET/VAT. STUB.

use super::Normalized;

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

pub fn normalize_company(raw: &str) -> Normalized<CompanyName> {
    let _ = raw;
    Normalized::none()
}

/// A website cell → its bare domain (`https://www.Acme.fr/contact` →
/// `acme.fr`).
pub fn normalize_website(raw: &str) -> Normalized<String> {
    let _ = raw;
    Normalized::none()
}

/// SIREN: 9 digits with a valid Luhn key.
pub fn normalize_siren(raw: &str) -> Normalized<String> {
    let _ = raw;
    Normalized::none()
}

/// SIRET: 14 digits with a valid Luhn key (La Poste's exception included).
pub fn normalize_siret(raw: &str) -> Normalized<String> {
    let _ = raw;
    Normalized::none()
}

/// Intra-EU VAT number, FR checked: `FR` + 2-digit key + SIREN.
pub fn normalize_vat_number(raw: &str) -> Normalized<String> {
    let _ = raw;
    Normalized::none()
}

/// The company's web domain from a non-free-mail email (none for gmail.com
/// and the like).
pub fn company_domain(email: &super::Email) -> Option<String> {
    (!email.free_mail && !email.domain().is_empty()).then(|| email.domain().to_string())
}
