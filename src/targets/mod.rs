//! Targets: the column layout of each CRM's import files, and how each
//! column is filled from an [`ImportRecord`] (its roles and associations).
//!
//! One file per target: [`generic`] (crmrecon's own canonical form),
//! [`hubspot`], [`salesforce`], [`pipedrive`], [`odoo`]. A target says, per
//! entity, which headers its importer expects (spelt as that importer
//! auto-maps them), which column carries the upsert id, how associations are
//! written, and how dates, amounts and stages are formatted. Writing the
//! files is the report stage's job (`report::import`); nothing here touches
//! the file system.
//!
//! Every header list is fixed per target and entity, whatever the records
//! hold, so that an empty file still shows the user what the CRM will get
//! and two runs give the same header.

pub mod generic;
pub mod hubspot;
pub mod odoo;
pub mod pipedrive;
pub mod salesforce;

use std::cmp::Ordering;

use crate::config::TargetCrm;
use crate::model::{Entity, Role};
use crate::normalize::record::Value;
use crate::normalize::stage::{CanonicalStage, StageState};
use crate::reconcile::{Association, ImportAction, ImportRecord};

/// The order in which the import files must be loaded: a contact refers to
/// its company and a deal to both, so the referenced records must exist
/// first.
pub const LOAD_ORDER: [Entity; 3] = [Entity::Company, Entity::Contact, Entity::Deal];

/// One column of an import file.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The header, exactly as the target's importer expects it.
    pub header: &'static str,
    /// The cell for a record; `None` leaves it empty.
    pub fill: Fill,
    /// Written only in files that hold updates (Odoo's `.id` database id:
    /// an empty `.id` cell is an error for Odoo, not "no id").
    pub updates_only: bool,
}

impl Column {
    pub const fn new(header: &'static str, fill: fn(&ImportRecord) -> Option<String>) -> Column {
        Column { header, fill: Fill::With(fill), updates_only: false }
    }

    pub fn cell(&self, record: &ImportRecord) -> String {
        match self.fill {
            Fill::With(f) => f(record),
            Fill::Canonical(role) => canonical(record, role),
        }
        .unwrap_or_default()
    }
}

/// How a column is filled.
#[derive(Clone, Copy, Debug)]
pub enum Fill {
    /// Computed by the target (formats, fallbacks, associations).
    With(fn(&ImportRecord) -> Option<String>),
    /// The role's canonical text (DESIGN.md), as the generic target writes
    /// every role; custom values are joined with ` | `.
    Canonical(Role),
}

/// How a target wants updates laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateLayout {
    /// Creates and updates share one file per entity: the importer ignores
    /// an empty cell on an existing record (HubSpot, Salesforce Data
    /// Loader with "Insert null values" off, which is its default,
    /// Pipedrive), so an update row may leave every other column empty.
    SameFile,
    /// Odoo sets a field EMPTY when its cell is empty, on existing records
    /// too (odoo/documentation `export_import_data.rst`: "a missing column
    /// gets the field's default; an empty cell sets the field empty"). An
    /// update row with empty cells would erase what the CRM holds, so
    /// updates go into their own files, one per set of filled columns, and
    /// each file has only those columns.
    OwnFilePerColumns,
}

/// Everything a writer needs to know about a target.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub columns: &'static [Column],
    /// Whether the file starts with a UTF-8 byte order mark. No target
    /// wants one: Odoo and Salesforce read the BOM into the first header
    /// (`\u{feff}id`, `\u{feff}Id`) and then miss the id column, HubSpot
    /// and Pipedrive ask for UTF-8 and do not need it, and crmrecon's own
    /// files (`clean`) have none.
    pub bom: bool,
    pub updates: UpdateLayout,
}

/// The layout of `target`'s import file for `entity`.
pub fn layout(target: TargetCrm, entity: Entity) -> Layout {
    let columns = match target {
        TargetCrm::Generic => generic::columns(entity),
        TargetCrm::Hubspot => hubspot::columns(entity),
        TargetCrm::Salesforce => salesforce::columns(entity),
        TargetCrm::Pipedrive => pipedrive::columns(entity),
        TargetCrm::Odoo => odoo::columns(entity),
    };
    let updates = match target {
        TargetCrm::Odoo => UpdateLayout::OwnFilePerColumns,
        _ => UpdateLayout::SameFile,
    };
    Layout { columns, bom: false, updates }
}

/// The file name of an entity's import file.
pub fn file_name(entity: Entity) -> &'static str {
    match entity {
        Entity::Contact => "contacts.csv",
        Entity::Company => "companies.csv",
        Entity::Deal => "deals.csv",
    }
}

/// The order of rows in a file: creates first (by key), then updates (by
/// CRM id, then key). Keys and ids compare with their digit runs read as
/// numbers (`contact-2` before `contact-10`), so the order is the one a
/// person expects and never depends on the order reconcile produced them
/// in.
pub fn row_order(a: &ImportRecord, b: &ImportRecord) -> Ordering {
    let rank = |r: &ImportRecord| match r.action {
        ImportAction::Create => 0,
        ImportAction::Update => 1,
    };
    rank(a)
        .cmp(&rank(b))
        .then_with(|| {
            natural_cmp(a.crm_id.as_deref().unwrap_or(""), b.crm_id.as_deref().unwrap_or(""))
        })
        .then_with(|| natural_cmp(&a.key, &b.key))
        .then_with(|| a.key.cmp(&b.key))
}

/// Compare two strings with runs of ASCII digits compared as numbers.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let o = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if o != Ordering::Equal {
                    return o;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let z = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[z..]
}

// ------------------------------------------------- helpers shared by targets

/// The first value of a role.
pub fn value(r: &ImportRecord, role: Role) -> Option<&Value> {
    r.values.iter().find(|(ro, _)| *ro == role).map(|(_, v)| v)
}

/// Non-empty text, or `None`.
fn some(s: String) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        None
    } else if t.len() == s.len() {
        Some(s)
    } else {
        Some(t.to_string())
    }
}

/// The canonical text of a role (DESIGN.md): emails lowercase, phones
/// E.164, dates ISO 8601, amounts with a dot. Custom values, which can be
/// several, are joined with ` | ` as `clean` does.
pub fn canonical(r: &ImportRecord, role: Role) -> Option<String> {
    if role == Role::Custom {
        let all: Vec<String> = r
            .values
            .iter()
            .filter(|(ro, _)| *ro == Role::Custom)
            .map(|(_, v)| v.canonical())
            .filter(|s| !s.trim().is_empty())
            .collect();
        return some(all.join(" | "));
    }
    if role == Role::Currency {
        return currency(r);
    }
    value(r, role).map(Value::canonical).and_then(some)
}

/// Display text for free-text roles (names, city, job title, notes).
pub fn text(r: &ImportRecord, role: Role) -> Option<String> {
    canonical(r, role)
}

/// An ISO 8601 date (`2026-11-26`). Every target takes this form: it is
/// the format of Salesforce's CSV data flows and Data Loader (`yyyy-MM-dd`),
/// of HubSpot's API and of Odoo's server, and the only one no importer can
/// read with day and month swapped.
pub fn iso_date(r: &ImportRecord, role: Role) -> Option<String> {
    match value(r, role)? {
        Value::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
        Value::NextAction(n) => n.date.map(|d| d.format("%Y-%m-%d").to_string()),
        other => some(other.canonical()),
    }
}

/// The deal amount as a plain decimal with a dot and no thousands
/// separator or currency symbol (`12500.50`): what every importer reads
/// without a locale guess (Pipedrive: "no currency symbols in numeric
/// columns").
pub fn amount(r: &ImportRecord) -> Option<String> {
    match value(r, Role::Amount)? {
        Value::Amount(a) => Some(a.to_string()),
        other => some(other.canonical()),
    }
}

/// The ISO 4217 currency: the currency column, else the one written with
/// the amount (`12 500 €`).
pub fn currency(r: &ImportRecord) -> Option<String> {
    match value(r, Role::Currency) {
        Some(Value::Currency(c)) => some(c.to_string()),
        Some(other) => some(other.canonical()),
        None => match value(r, Role::Amount)? {
            Value::Amount(a) => a.currency.map(str::to_string),
            _ => None,
        },
    }
}

/// A phone for a CRM field: E.164, and the extension after ` ext. ` when
/// one was written (`+33123456789 ext. 12`), which HubSpot parses as an
/// extension and the others keep as text.
pub fn phone(r: &ImportRecord, role: Role) -> Option<String> {
    match value(r, role)? {
        Value::Phone(p) => Some(match &p.primary.extension {
            Some(ext) => format!("{} ext. {ext}", p.primary.e164),
            None => p.primary.e164.to_string(),
        }),
        other => some(other.canonical()),
    }
}

/// The email address, lowercase.
pub fn email(r: &ImportRecord) -> Option<String> {
    canonical(r, Role::Email)
}

/// A person's full name: the full-name field, else first and last name.
pub fn full_name(r: &ImportRecord) -> Option<String> {
    if let Some(full) = text(r, Role::FullName) {
        return Some(full);
    }
    let parts: Vec<String> =
        [Role::FirstName, Role::LastName].into_iter().filter_map(|ro| text(r, ro)).collect();
    some(parts.join(" "))
}

/// The last name, or the full name when the name was never split: for
/// CRMs that require a last name (Salesforce `LastName`), a whole name in
/// the last-name field beats a rejected row.
pub fn last_name_or_full(r: &ImportRecord) -> Option<String> {
    text(r, Role::LastName).or_else(|| match text(r, Role::FirstName) {
        Some(_) => None,
        None => text(r, Role::FullName),
    })
}

/// The owner's email (HubSpot and Salesforce identify users by it), else
/// the owner as written when that is an address.
pub fn owner_email(r: &ImportRecord) -> Option<String> {
    match value(r, Role::Owner)? {
        Value::Owner(o) => o.email.clone().and_then(some),
        other => some(other.canonical()).filter(|s| s.contains('@')),
    }
}

/// The owner's name as the CRM writes it (Pipedrive, Odoo match users by
/// name).
pub fn owner_name(r: &ImportRecord) -> Option<String> {
    value(r, Role::Owner).map(Value::canonical).and_then(some)
}

/// The company name of a company record.
pub fn company_name(r: &ImportRecord) -> Option<String> {
    text(r, Role::Company)
}

/// The web domain of a company record.
pub fn domain(r: &ImportRecord) -> Option<String> {
    text(r, Role::Website)
}

/// A stage as the target writes it. A CRM value from the config's
/// `[stages]` is written as configured (the user named the target's own
/// stage); otherwise the canonical stage goes through `map`, the target's
/// default pipeline; a stage the target has no default for, or a label
/// nobody recognised, is written as the label so a person sees it (and the
/// importer names it) rather than a wrong stage being guessed.
pub fn stage(r: &ImportRecord, map: fn(CanonicalStage) -> Option<&'static str>) -> Option<String> {
    if let Some(k) = configured_stage(r) {
        return Some(k);
    }
    match value(r, Role::Stage)? {
        Value::Stage(s) => match s.canonical.and_then(map) {
            Some(v) => Some(v.to_string()),
            None => some(s.label.clone()),
        },
        other => some(other.canonical()),
    }
}

/// The CRM stage the config's `[stages]` mapped the label to, if any: a
/// key that is not the canonical stage's own generic id.
pub fn configured_stage(r: &ImportRecord) -> Option<String> {
    let Some(Value::Stage(s)) = value(r, Role::Stage) else { return None };
    let k = s.key.as_ref()?;
    match s.canonical {
        Some(c) if k == c.id() => None,
        _ => some(k.clone()),
    }
}

/// Open, won or lost, when the record has a stage.
pub fn stage_state(r: &ImportRecord) -> Option<StageState> {
    match value(r, Role::Stage)? {
        Value::Stage(s) => Some(s.state),
        _ => None,
    }
}

/// The record's own CRM id, for updates only.
pub fn crm_id(r: &ImportRecord) -> Option<String> {
    match r.action {
        ImportAction::Update => r.crm_id.clone().and_then(some),
        ImportAction::Create => None,
    }
}

/// crmrecon's key, for new records only (an update is found by its CRM id).
pub fn new_key(r: &ImportRecord) -> Option<String> {
    match r.action {
        ImportAction::Create => some(r.key.clone()),
        ImportAction::Update => None,
    }
}

/// The CRM id of an associated record that already exists.
pub fn assoc_crm_id(a: Option<&Association>) -> Option<String> {
    a?.crm_id.clone().and_then(some)
}

/// The crmrecon key of an associated record created by the same import
/// (only when it has no CRM id: an existing record is referred to by id).
pub fn assoc_new_key(a: Option<&Association>) -> Option<String> {
    let a = a?;
    match &a.crm_id {
        Some(id) if !id.trim().is_empty() => None,
        _ => a.key.clone().and_then(some),
    }
}

pub fn assoc_name(a: Option<&Association>) -> Option<String> {
    a?.name.clone().and_then(some)
}

pub fn assoc_domain(a: Option<&Association>) -> Option<String> {
    a?.domain.clone().and_then(some)
}

pub fn assoc_email(a: Option<&Association>) -> Option<String> {
    a?.email.clone().and_then(|e| some(e.to_lowercase()))
}

#[cfg(test)]
mod tests;
