//! Email addresses. STUB: contract only, being written.

use super::Normalized;

/// A syntactically valid address, lowercase.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email {
    /// `jean.dupont@acme.fr`
    pub address: String,
    /// A shared role address (`contact@`, `info@`, `commercial@`): it
    /// identifies a company, not a person, so matching must not trust it.
    pub role_account: bool,
    /// A free-mail domain (gmail.com, orange.fr, wanadoo.fr…): the domain
    /// says nothing about the company.
    pub free_mail: bool,
}

impl Email {
    pub fn local(&self) -> &str {
        self.address.split('@').next().unwrap_or("")
    }

    pub fn domain(&self) -> &str {
        self.address.rsplit('@').next().unwrap_or("")
    }
}

/// A cell may hold several addresses: the first is the primary one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailCell {
    pub primary: Email,
    pub others: Vec<Email>,
}

/// Normalize an email cell.
pub fn normalize_email(raw: &str) -> Normalized<EmailCell> {
    let _ = raw;
    Normalized::none()
}
