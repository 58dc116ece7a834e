//! `odoo`: files for Odoo's import tool (Contacts for companies and
//! persons, both `res.partner`; CRM for deals, `crm.lead` opportunities),
//! with technical field names as headers, the form Odoo's
//! "import-compatible" export writes (odoo/odoo `addons/web/controllers/
//! export.py`) and its importer maps without help.
//!
//! - Identity: the `id` column is the External ID and the upsert key
//!   (odoo/documentation `export_import_data.rst`). A new record gets
//!   crmrecon's key as a bare name (`crmrecon_company_12`), which Odoo
//!   stores as `__import__.crmrecon_company_12`; keys name their entity,
//!   so they are unique across models as Odoo requires. An update carries
//!   the record's External ID as exported (`__export__.res_partner_42_…`)
//!   in `id`, or, when the export gave a database id (digits), in `.id`.
//! - Companies before persons: a person's company is `parent_id/id`, the
//!   company's External ID, so the company must exist first. A deal's
//!   customer `partner_id/id` is its contact when known, else its company.
//!   An associated record known only by a database id cannot be written
//!   in an `…/id` column (Odoo allows one form per field in a file): Odoo
//!   then reports the id it cannot find instead of linking a wrong record.
//! - An empty cell sets the field EMPTY in Odoo, on existing records too.
//!   Updates are therefore written apart (see
//!   [`super::UpdateLayout::OwnFilePerColumns`]), each file holding only
//!   the columns its rows fill. On new records, an empty stage or
//!   salesperson stays empty; `type` and `active` are always written.
//! - Dates `YYYY-MM-DD` (the ISO form Odoo's options offer and its server
//!   format), amounts plain with a dot, booleans `True`/`False` as Odoo
//!   exports them, relations by name for `country_id`, `user_id` and
//!   `stage_id` (Odoo's name search). UTF-8 without BOM: Odoo would read a
//!   BOM into the `id` header and miss the External ID column.
//! - `expected_revenue` is in the company's currency: Odoo has no
//!   per-opportunity currency to import.
//! - Stages: Odoo's default CRM stages (`New`, `Qualified`, `Proposition`,
//!   `Won`) or the configured one; a lost opportunity is archived
//!   (`active` = `False`), as Odoo marks it lost.

use super::{
    Column, assoc_crm_id, assoc_email, assoc_name, company_name, configured_stage, domain, email,
    full_name, iso_date, owner_name, phone, stage, stage_state, text,
};
use crate::model::{Entity, Role};
use crate::normalize::stage::{CanonicalStage, StageState};
use crate::reconcile::{Association, ImportAction, ImportRecord};

/// Odoo's default CRM pipeline. Lost is an archived opportunity, not a
/// stage; the other canonical stages have no default stage (the label is
/// written).
pub fn default_stage(s: CanonicalStage) -> Option<&'static str> {
    Some(match s {
        CanonicalStage::Lead => "New",
        CanonicalStage::Qualified => "Qualified",
        CanonicalStage::Proposal => "Proposition",
        CanonicalStage::Won => "Won",
        _ => return None,
    })
}

/// crmrecon's key as an External ID name: Odoo reads a dot as the module
/// separator, so every character outside `[A-Za-z0-9_]` becomes `_`.
pub fn xml_id(key: &str) -> String {
    key.trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
        .collect()
}

/// A database id (digits only), as opposed to an External ID.
fn is_database_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

/// `id`: the new record's key, or the updated record's External ID.
fn external_id(r: &ImportRecord) -> Option<String> {
    match r.action {
        ImportAction::Create => Some(xml_id(&r.key)).filter(|k| !k.is_empty()),
        ImportAction::Update => {
            r.crm_id.as_deref().map(str::trim).filter(|id| !is_database_id(id)).map(str::to_string)
        }
    }
    .filter(|s| !s.is_empty())
}

/// `.id`: the updated record's database id, when that is what the CRM
/// export gave.
fn database_id(r: &ImportRecord) -> Option<String> {
    match r.action {
        ImportAction::Update => {
            r.crm_id.as_deref().map(str::trim).filter(|id| is_database_id(id)).map(str::to_string)
        }
        ImportAction::Create => None,
    }
}

/// An associated record's External ID: its CRM id when it exists, else the
/// key of the record this import creates.
fn relation(a: Option<&Association>) -> Option<String> {
    assoc_crm_id(a).or_else(|| a?.key.as_deref().map(xml_id).filter(|k| !k.is_empty()))
}

const fn identity() -> [Column; 2] {
    [
        Column::new("id", external_id),
        Column { updates_only: true, ..Column::new(".id", database_id) },
    ]
}

const ID: [Column; 2] = identity();

fn street(r: &ImportRecord) -> Option<String> {
    text(r, Role::Address)
}

/// The French company registry number: the SIRET (an establishment), else
/// the SIREN (the company), as Odoo's French localisation fills it.
fn registry(r: &ImportRecord) -> Option<String> {
    text(r, Role::Siret).or_else(|| text(r, Role::Siren))
}

static COMPANIES: [Column; 15] = [
    ID[0],
    ID[1],
    Column::new("name", company_name),
    Column::new("is_company", |_| Some("True".into())),
    Column::new("website", domain),
    Column::new("email", email),
    Column::new("phone", |r| phone(r, Role::Phone)),
    Column::new("street", street),
    Column::new("zip", |r| text(r, Role::PostalCode)),
    Column::new("city", |r| text(r, Role::City)),
    Column::new("country_id", |r| text(r, Role::Country)),
    Column::new("vat", |r| text(r, Role::VatNumber)),
    Column::new("company_registry", registry),
    Column::new("user_id", owner_name),
    Column::new("comment", |r| text(r, Role::Notes)),
];

static PERSONS: [Column; 15] = [
    ID[0],
    ID[1],
    Column::new("name", full_name),
    Column::new("is_company", |_| Some("False".into())),
    Column::new("parent_id/id", |r| relation(r.company.as_ref())),
    Column::new("function", |r| text(r, Role::JobTitle)),
    Column::new("email", email),
    Column::new("phone", |r| phone(r, Role::Phone)),
    Column::new("mobile", |r| phone(r, Role::Mobile)),
    Column::new("street", street),
    Column::new("zip", |r| text(r, Role::PostalCode)),
    Column::new("city", |r| text(r, Role::City)),
    Column::new("country_id", |r| text(r, Role::Country)),
    Column::new("user_id", owner_name),
    Column::new("comment", |r| text(r, Role::Notes)),
];

/// A won deal's stage is `Won`; a lost one keeps no stage unless
/// configured (it is archived instead).
fn deal_stage(r: &ImportRecord) -> Option<String> {
    match stage_state(r)? {
        StageState::Lost => configured_stage(r),
        _ => stage(r, default_stage),
    }
}

/// `False` for a lost deal, `True` otherwise. Always written on a new
/// record (an empty cell would archive it); on an update only when the
/// stage changes.
fn active(r: &ImportRecord) -> Option<String> {
    let lost = stage_state(r) == Some(StageState::Lost);
    match (r.action, lost) {
        (_, true) => Some("False".into()),
        (ImportAction::Create, false) => Some("True".into()),
        (ImportAction::Update, false) => stage_state(r).map(|_| "True".into()),
    }
}

static DEALS: [Column; 14] = [
    ID[0],
    ID[1],
    Column::new("name", |r| text(r, Role::DealName)),
    Column::new("type", |r| match r.action {
        ImportAction::Create => Some("opportunity".into()),
        ImportAction::Update => None,
    }),
    Column::new("partner_id/id", |r| {
        relation(r.contact.as_ref()).or_else(|| relation(r.company.as_ref()))
    }),
    Column::new("partner_name", |r| assoc_name(r.company.as_ref())),
    Column::new("contact_name", |r| assoc_name(r.contact.as_ref())),
    Column::new("email_from", |r| assoc_email(r.contact.as_ref())),
    Column::new("expected_revenue", super::amount),
    Column::new("date_deadline", |r| iso_date(r, Role::CloseDate)),
    Column::new("stage_id", deal_stage),
    Column::new("user_id", owner_name),
    Column::new("description", |r| text(r, Role::Notes)),
    Column::new("active", active),
];

pub fn columns(entity: Entity) -> &'static [Column] {
    match entity {
        Entity::Company => &COMPANIES,
        Entity::Contact => &PERSONS,
        Entity::Deal => &DEALS,
    }
}
