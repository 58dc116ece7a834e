//! The nouns every stage shares: what a record is about (`Entity`), what a
//! column means (`Role`), where a value came from (`Provenance`) and what went
//! wrong with it (`Issue`).
//!
//! This module holds no logic beyond naming and converting these values, so
//! that every stage can depend on it without depending on each other.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The three kinds of real-world things a CRM tracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Contact,
    Company,
    Deal,
}

impl Entity {
    pub const ALL: [Entity; 3] = [Entity::Contact, Entity::Company, Entity::Deal];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Contact => "contact",
            Entity::Company => "company",
            Entity::Deal => "deal",
        }
    }

    /// Accepts the singular and plural forms users type in a config.
    pub fn parse(s: &str) -> Option<Entity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "contact" | "contacts" | "person" | "persons" | "people" => Some(Entity::Contact),
            "company" | "companies" | "organization" | "organisation" | "account" => {
                Some(Entity::Company)
            }
            "deal" | "deals" | "opportunity" | "opportunities" => Some(Entity::Deal),
            _ => None,
        }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a column means. Names follow DESIGN.md; `Custom` keeps every column
/// nobody recognised (its header travels with the column, not the role).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    FirstName,
    LastName,
    FullName,
    Email,
    Phone,
    Mobile,
    Company,
    JobTitle,
    Address,
    PostalCode,
    City,
    Country,
    Website,
    Siren,
    Siret,
    VatNumber,
    Owner,
    DealName,
    Amount,
    Currency,
    Stage,
    CloseDate,
    NextAction,
    NextActionDate,
    LastActivity,
    CreatedAt,
    UpdatedAt,
    RecordId,
    /// The CRM id of the company a row is associated with (`Associated
    /// Company IDs`, `AccountId`): in a contacts or deals export, the exact
    /// link to a record of the companies export.
    CompanyId,
    /// The CRM id of the contact a row is associated with.
    ContactId,
    Notes,
    Custom,
}

impl Role {
    pub const ALL: [Role; 32] = [
        Role::FirstName,
        Role::LastName,
        Role::FullName,
        Role::Email,
        Role::Phone,
        Role::Mobile,
        Role::Company,
        Role::JobTitle,
        Role::Address,
        Role::PostalCode,
        Role::City,
        Role::Country,
        Role::Website,
        Role::Siren,
        Role::Siret,
        Role::VatNumber,
        Role::Owner,
        Role::DealName,
        Role::Amount,
        Role::Currency,
        Role::Stage,
        Role::CloseDate,
        Role::NextAction,
        Role::NextActionDate,
        Role::LastActivity,
        Role::CreatedAt,
        Role::UpdatedAt,
        Role::RecordId,
        Role::CompanyId,
        Role::ContactId,
        Role::Notes,
        Role::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::FirstName => "first_name",
            Role::LastName => "last_name",
            Role::FullName => "full_name",
            Role::Email => "email",
            Role::Phone => "phone",
            Role::Mobile => "mobile",
            Role::Company => "company",
            Role::JobTitle => "job_title",
            Role::Address => "address",
            Role::PostalCode => "postal_code",
            Role::City => "city",
            Role::Country => "country",
            Role::Website => "website",
            Role::Siren => "siren",
            Role::Siret => "siret",
            Role::VatNumber => "vat_number",
            Role::Owner => "owner",
            Role::DealName => "deal_name",
            Role::Amount => "amount",
            Role::Currency => "currency",
            Role::Stage => "stage",
            Role::CloseDate => "close_date",
            Role::NextAction => "next_action",
            Role::NextActionDate => "next_action_date",
            Role::LastActivity => "last_activity",
            Role::CreatedAt => "created_at",
            Role::UpdatedAt => "updated_at",
            Role::RecordId => "record_id",
            Role::CompanyId => "company_id",
            Role::ContactId => "contact_id",
            Role::Notes => "notes",
            Role::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_ascii_lowercase();
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Roles whose values are dates.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Role::CloseDate
                | Role::NextActionDate
                | Role::LastActivity
                | Role::CreatedAt
                | Role::UpdatedAt
        )
    }

    /// The entity whose record a value of this role describes. Roles shared
    /// by several entities (owner, notes, ids, dates, custom) return `None`:
    /// they belong to the sheet's main entity.
    pub fn entity(self) -> Option<Entity> {
        match self {
            Role::FirstName
            | Role::LastName
            | Role::FullName
            | Role::Email
            | Role::Phone
            | Role::Mobile
            | Role::JobTitle => Some(Entity::Contact),
            Role::Company
            | Role::Website
            | Role::Siren
            | Role::Siret
            | Role::VatNumber
            | Role::CompanyId => Some(Entity::Company),
            Role::ContactId => Some(Entity::Contact),
            Role::DealName
            | Role::Amount
            | Role::Currency
            | Role::Stage
            | Role::CloseDate
            | Role::NextAction
            | Role::NextActionDate => Some(Entity::Deal),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a record comes from the CRM export or from a side file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Crm,
    Side,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Crm => "crm",
            Origin::Side => "side",
        }
    }
}

/// Where a value came from, so every output line can send a person back to
/// the exact cell. `row` is 1-based as a spreadsheet program shows it;
/// `column` is the 0-based sheet column (A = 0), `None` for a whole row.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Provenance {
    pub source: Arc<str>,
    pub sheet: Arc<str>,
    pub row: u32,
    pub column: Option<u32>,
}

impl Provenance {
    pub fn cell(source: &Arc<str>, sheet: &Arc<str>, row: u32, column: u32) -> Provenance {
        Provenance { source: source.clone(), sheet: sheet.clone(), row, column: Some(column) }
    }

    pub fn row(source: &Arc<str>, sheet: &Arc<str>, row: u32) -> Provenance {
        Provenance { source: source.clone(), sheet: sheet.clone(), row, column: None }
    }

    /// `C14`, or `14` for a whole row.
    pub fn cell_ref(&self) -> String {
        match self.column {
            Some(c) => format!("{}{}", column_letter(c), self.row),
            None => self.row.to_string(),
        }
    }
}

impl fmt::Display for Provenance {
    /// `side/jean.xlsx › Prospects › C14` (the sheet is left out for CSV).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet.is_empty() {
            write!(f, "{} › {}", self.source, self.cell_ref())
        } else {
            write!(f, "{} › {} › {}", self.source, self.sheet, self.cell_ref())
        }
    }
}

/// Spreadsheet column letters: 0 → `A`, 25 → `Z`, 26 → `AA`, 16383 → `XFD`.
pub fn column_letter(index: u32) -> String {
    let mut n = index as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// What kind of problem an `Issue` reports. Serialized in snake_case for
/// report.json and the Quality sheet; later stages add their own kinds here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// A spreadsheet error value (`#N/A`, `#REF!`) read as an empty cell.
    CellError,
    /// A formula without a cached value (never recalculated), read as empty.
    FormulaWithoutValue,
    /// A row with more cells than the header has columns.
    ExtraCells,
    /// A value below the header with no header above it.
    HeaderlessValue,
    /// Two columns with the same header.
    DuplicateHeader,
    /// A header cell left blank; the column got a generated name.
    BlankHeader,
    /// The text encoding was guessed with low confidence.
    EncodingGuess,
    /// The text already contains U+FFFD replacement characters.
    ReplacementCharacters,
    /// A NUL byte inside a cell, removed.
    NulByte,
    /// A quoted field that is not RFC 4180 (backslash escapes, stray quotes).
    MalformedQuoting,
    /// A date serial that does not exist (Excel's 1900-02-29) or is out of range.
    InvalidDate,
    /// A numeric cell too large to keep every digit.
    PrecisionLoss,
    /// A cell longer than the limit kept in outputs.
    HugeCell,
    /// Not a valid email address (`jean@`, `jean.dupont`, two `@`).
    InvalidEmail,
    /// A valid address whose domain looks like a typo (`gmial.com`).
    EmailTypo,
    /// Several values in one cell (two emails, two phones): the first is
    /// used, the others are kept.
    MultipleValues,
    /// Not a valid phone number for its region (too short, wrong digits).
    InvalidPhone,
    /// A name cell that holds no name (only a civility, digits, an email).
    InvalidName,
    /// A SIREN whose length or check digit is wrong.
    InvalidSiren,
    /// A SIRET whose length or check digit is wrong.
    InvalidSiret,
    /// An intra-EU VAT number whose format or key is wrong.
    InvalidVatNumber,
    /// A website that is not a web address.
    InvalidWebsite,
    /// Text in an amount column that is not an amount.
    InvalidAmount,
    /// An amount whose separators can be read two ways (`12.500`).
    AmbiguousAmount,
    /// Text in a date column that is not a date (`fin mars`, `ASAP`).
    NotADate,
    /// A date whose day and month could be swapped and nothing settles it.
    AmbiguousDate,
    /// A date far in the past or the future (`2062` for `2026`).
    ImplausibleDate,
    /// A deal stage label that maps to no pipeline stage.
    UnknownStage,
    /// An owner that matches no owner of the CRM export.
    UnknownOwner,
}

impl IssueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::CellError => "cell_error",
            IssueKind::FormulaWithoutValue => "formula_without_value",
            IssueKind::ExtraCells => "extra_cells",
            IssueKind::HeaderlessValue => "headerless_value",
            IssueKind::DuplicateHeader => "duplicate_header",
            IssueKind::BlankHeader => "blank_header",
            IssueKind::EncodingGuess => "encoding_guess",
            IssueKind::ReplacementCharacters => "replacement_characters",
            IssueKind::NulByte => "nul_byte",
            IssueKind::MalformedQuoting => "malformed_quoting",
            IssueKind::InvalidDate => "invalid_date",
            IssueKind::PrecisionLoss => "precision_loss",
            IssueKind::HugeCell => "huge_cell",
            IssueKind::InvalidEmail => "invalid_email",
            IssueKind::EmailTypo => "email_typo",
            IssueKind::MultipleValues => "multiple_values",
            IssueKind::InvalidPhone => "invalid_phone",
            IssueKind::InvalidName => "invalid_name",
            IssueKind::InvalidSiren => "invalid_siren",
            IssueKind::InvalidSiret => "invalid_siret",
            IssueKind::InvalidVatNumber => "invalid_vat_number",
            IssueKind::InvalidWebsite => "invalid_website",
            IssueKind::InvalidAmount => "invalid_amount",
            IssueKind::AmbiguousAmount => "ambiguous_amount",
            IssueKind::NotADate => "not_a_date",
            IssueKind::AmbiguousDate => "ambiguous_date",
            IssueKind::ImplausibleDate => "implausible_date",
            IssueKind::UnknownStage => "unknown_stage",
            IssueKind::UnknownOwner => "unknown_owner",
        }
    }
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the input, pointing at the cell (or row) behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub provenance: Provenance,
    pub field: Option<Role>,
    pub kind: IssueKind,
    pub message: String,
}

impl Issue {
    pub fn new(provenance: Provenance, kind: IssueKind, message: impl Into<String>) -> Issue {
        Issue { provenance, field: None, kind, message: message.into() }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.provenance, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_match_spreadsheet_programs() {
        let cases = [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA")];
        for (index, letter) in cases {
            assert_eq!(column_letter(index), letter, "index {index}");
        }
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        assert_eq!(column_letter(966), "AKE");
        assert_eq!(column_letter(16383), "XFD");
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("not_a_role"), None);
    }

    #[test]
    fn provenance_displays_as_a_person_reads_it() {
        let src: Arc<str> = Arc::from("side/jean.xlsx");
        let sheet: Arc<str> = Arc::from("Prospects");
        assert_eq!(
            Provenance::cell(&src, &sheet, 14, 2).to_string(),
            "side/jean.xlsx › Prospects › C14"
        );
        let csv: Arc<str> = Arc::from("");
        assert_eq!(Provenance::cell(&src, &csv, 3, 0).to_string(), "side/jean.xlsx › A3");
    }
}
