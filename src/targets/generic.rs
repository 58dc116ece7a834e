//! `generic`: crmrecon's own import layout, for a CRM crmrecon has no
//! preset for or for a person to read. Values are in the canonical forms
//! of DESIGN.md (emails lowercase, E.164 phones, ISO 8601 dates, amounts
//! as plain decimals with a dot and the currency in its own `currency`
//! column, names and companies as display text), headers are role names
//! (`first_name`, ...), and each row says what to do with it (`action`:
//! `create` | `update`), the CRM id of an update (`crm_id`), crmrecon's
//! stable key (`key`) and the company and contact it is linked to, by CRM
//! id when that record exists and by key when the same import creates it.
//!
//! Stages are the configured CRM stage id when `[stages]` maps the label,
//! else crmrecon's canonical stage id (`proposal`, `won`), else the label.

use super::{Column, Fill, assoc_crm_id, assoc_new_key};
use crate::model::{Entity, Role};
use crate::reconcile::{ImportAction, ImportRecord};

/// A role column; its header is the role's name (`Role::as_str`, checked
/// by a test: `as_str` is not a `const fn`).
const fn role(header: &'static str, role: Role) -> Column {
    Column { header, fill: Fill::Canonical(role), updates_only: false }
}

fn action(r: &ImportRecord) -> Option<String> {
    Some(match r.action {
        ImportAction::Create => "create".into(),
        ImportAction::Update => "update".into(),
    })
}

fn crm_id(r: &ImportRecord) -> Option<String> {
    r.crm_id.clone()
}

fn key(r: &ImportRecord) -> Option<String> {
    Some(r.key.clone())
}

/// Columns every entity starts with.
const HEAD: [Column; 3] =
    [Column::new("action", action), Column::new("crm_id", crm_id), Column::new("key", key)];

const COMPANY_LINK: [Column; 2] = [
    Column::new("company_key", |r| assoc_new_key(r.company.as_ref())),
    Column::new("company_crm_id", |r| assoc_crm_id(r.company.as_ref())),
];

const CONTACT_LINK: [Column; 2] = [
    Column::new("contact_key", |r| assoc_new_key(r.contact.as_ref())),
    Column::new("contact_crm_id", |r| assoc_crm_id(r.contact.as_ref())),
];

static COMPANIES: [Column; 22] = [
    HEAD[0],
    HEAD[1],
    HEAD[2],
    role("company", Role::Company),
    role("website", Role::Website),
    role("siren", Role::Siren),
    role("siret", Role::Siret),
    role("vat_number", Role::VatNumber),
    role("phone", Role::Phone),
    role("email", Role::Email),
    role("address", Role::Address),
    role("postal_code", Role::PostalCode),
    role("city", Role::City),
    role("country", Role::Country),
    role("owner", Role::Owner),
    role("last_activity", Role::LastActivity),
    role("created_at", Role::CreatedAt),
    role("updated_at", Role::UpdatedAt),
    role("next_action", Role::NextAction),
    role("next_action_date", Role::NextActionDate),
    role("notes", Role::Notes),
    role("custom", Role::Custom),
];

static CONTACTS: [Column; 25] = [
    HEAD[0],
    HEAD[1],
    HEAD[2],
    role("first_name", Role::FirstName),
    role("last_name", Role::LastName),
    role("full_name", Role::FullName),
    role("email", Role::Email),
    role("phone", Role::Phone),
    role("mobile", Role::Mobile),
    role("job_title", Role::JobTitle),
    role("company", Role::Company),
    role("website", Role::Website),
    role("address", Role::Address),
    role("postal_code", Role::PostalCode),
    role("city", Role::City),
    role("country", Role::Country),
    role("owner", Role::Owner),
    role("last_activity", Role::LastActivity),
    role("created_at", Role::CreatedAt),
    role("updated_at", Role::UpdatedAt),
    role("next_action", Role::NextAction),
    role("notes", Role::Notes),
    role("custom", Role::Custom),
    COMPANY_LINK[0],
    COMPANY_LINK[1],
];

static DEALS: [Column; 20] = [
    HEAD[0],
    HEAD[1],
    HEAD[2],
    role("deal_name", Role::DealName),
    role("amount", Role::Amount),
    role("currency", Role::Currency),
    role("stage", Role::Stage),
    role("close_date", Role::CloseDate),
    role("next_action", Role::NextAction),
    role("next_action_date", Role::NextActionDate),
    role("owner", Role::Owner),
    role("last_activity", Role::LastActivity),
    role("created_at", Role::CreatedAt),
    role("updated_at", Role::UpdatedAt),
    role("notes", Role::Notes),
    role("custom", Role::Custom),
    COMPANY_LINK[0],
    COMPANY_LINK[1],
    CONTACT_LINK[0],
    CONTACT_LINK[1],
];

pub fn columns(entity: Entity) -> &'static [Column] {
    match entity {
        Entity::Company => &COMPANIES,
        Entity::Contact => &CONTACTS,
        Entity::Deal => &DEALS,
    }
}
