//! `pipedrive`: files for Pipedrive's spreadsheet import, headers in its
//! `Entity - Field` convention as in Pipedrive's sample import spreadsheet
//! and its "all default fields" list (support.pipedrive.com, "Importing:
//! sample import spreadsheets", "Importing: mandatory fields").
//!
//! - Upsert: "to update existing records map the ID column": updates carry
//!   `<Entity> - Pipedrive System ID`; new rows leave it empty. Deals are
//!   never deduplicated by Pipedrive, so only the id prevents a duplicate.
//! - Associations are by NAME, as Pipedrive links them on import: a
//!   person's `Organization name`, a deal's `Organization` and `Contact
//!   person`. Pipedrive merges a person when the name matches and the
//!   organization, email or phone matches, so a deal row that names the
//!   person and the organization links to the person just imported.
//! - Value and currency are two columns (`Deal - Value` without currency
//!   symbol, "no currency symbols in numeric columns"; `Deal - Currency of
//!   value` as ISO 4217). Status is `Open`, `Won` or `Lost`; a won or lost
//!   deal gets no stage unless the config names one.
//! - Dates `YYYY-MM-DD`, the one form Pipedrive's importer cannot read
//!   with day and month swapped. UTF-8 without BOM.
//! - Pipedrive's address is one geocoded field: street, postal code, city
//!   and country are joined into `Organization - Address`.
//! - Owners by name, as Pipedrive shows its users.
//! - `Person - Job title` is not in the sample's default field list: map
//!   it to the person's job title field (or a custom field) or skip it.

use super::{
    Column, assoc_name, company_name, configured_stage, crm_id, currency, email, full_name,
    iso_date, owner_name, phone, stage, stage_state, text,
};
use crate::model::{Entity, Role};
use crate::normalize::stage::{CanonicalStage, StageState};
use crate::reconcile::ImportRecord;

/// Pipedrive's default pipeline. Won and lost are statuses, not stages;
/// contract and on hold have no default stage (the label is written).
pub fn default_stage(s: CanonicalStage) -> Option<&'static str> {
    Some(match s {
        CanonicalStage::Lead => "Contact Made",
        CanonicalStage::Qualified => "Qualified",
        CanonicalStage::Meeting => "Demo Scheduled",
        CanonicalStage::Proposal => "Proposal Made",
        CanonicalStage::Negotiation => "Negotiations Started",
        CanonicalStage::Contract | CanonicalStage::OnHold => return None,
        CanonicalStage::Won | CanonicalStage::Lost => return None,
    })
}

/// A won or lost deal's label (`Gagné`) is no pipeline stage: the status
/// says it, and only a configured stage is written.
fn deal_stage(r: &ImportRecord) -> Option<String> {
    match stage_state(r)? {
        StageState::Won | StageState::Lost => configured_stage(r),
        StageState::Open => stage(r, default_stage),
    }
}

fn status(r: &ImportRecord) -> Option<String> {
    Some(
        match stage_state(r)? {
            StageState::Open => "Open",
            StageState::Won => "Won",
            StageState::Lost => "Lost",
        }
        .to_string(),
    )
}

/// Street, postal code and city, country: `12 rue de la Paix, 75002
/// Paris, France`.
fn address(r: &ImportRecord) -> Option<String> {
    let town: Vec<String> =
        [Role::PostalCode, Role::City].into_iter().filter_map(|ro| text(r, ro)).collect();
    let town = (!town.is_empty()).then(|| town.join(" "));
    let parts: Vec<String> =
        [text(r, Role::Address), town, text(r, Role::Country)].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

static ORGANIZATIONS: [Column; 4] = [
    Column::new("Organization - Pipedrive System ID", crm_id),
    Column::new("Organization - Name", company_name),
    Column::new("Organization - Address", address),
    Column::new("Organization - Owner", owner_name),
];

static PERSONS: [Column; 10] = [
    Column::new("Person - Pipedrive System ID", crm_id),
    Column::new("Person - Name", full_name),
    Column::new("Person - First name", |r| text(r, Role::FirstName)),
    Column::new("Person - Last name", |r| text(r, Role::LastName)),
    Column::new("Person - Email (Work)", email),
    Column::new("Person - Phone (Work)", |r| phone(r, Role::Phone)),
    Column::new("Person - Phone (Mobile)", |r| phone(r, Role::Mobile)),
    Column::new("Person - Job title", |r| text(r, Role::JobTitle)),
    Column::new("Person - Owner", owner_name),
    Column::new("Organization name", |r| {
        assoc_name(r.company.as_ref()).or_else(|| company_name(r))
    }),
];

static DEALS: [Column; 10] = [
    Column::new("Deal - Pipedrive System ID", crm_id),
    Column::new("Deal - Title", |r| text(r, Role::DealName)),
    Column::new("Deal - Value", super::amount),
    Column::new("Deal - Currency of value", currency),
    Column::new("Deal - Stage", deal_stage),
    Column::new("Deal - Status", status),
    Column::new("Deal - Expected close date", |r| iso_date(r, Role::CloseDate)),
    Column::new("Deal - Owner", owner_name),
    Column::new("Organization", |r| assoc_name(r.company.as_ref())),
    Column::new("Contact person", |r| assoc_name(r.contact.as_ref())),
];

pub fn columns(entity: Entity) -> &'static [Column] {
    match entity {
        Entity::Company => &ORGANIZATIONS,
        Entity::Contact => &PERSONS,
        Entity::Deal => &DEALS,
    }
}
