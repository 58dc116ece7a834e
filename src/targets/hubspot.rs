//! `hubspot`: import files HubSpot's import tool maps by itself, following
//! knowledge.hubspot.com "Set up your import files" and "Import and
//! associate multiple objects".
//!
//! - Headers are the labels of HubSpot's default properties (`First Name`,
//!   `Company Domain Name`, `Deal Stage`), which the tool auto-maps. Only
//!   default properties are written: a column HubSpot cannot map stops the
//!   import until someone maps or skips it. SIREN, SIRET, VAT numbers,
//!   notes and custom columns are in the `generic` files.
//! - Upsert: "updating an existing record requires its identifier in the
//!   file; otherwise a new record is created". Updates carry `Record ID`;
//!   new contacts are deduplicated by HubSpot on `Email`, new companies on
//!   `Company Domain Name`; deals have no natural key, so a new deal has an
//!   empty `Record ID` and is created.
//! - Associations ride in the same row, by the associated record's unique
//!   identifier: `Company Domain Name` (a company created by this import
//!   or an existing one that has a domain), `Email` for a deal's contact,
//!   and the associated record's HubSpot id in `Company Record ID` /
//!   `Contact Record ID` when it already exists (map those two to the
//!   company's or contact's `Record ID` in the mapping step).
//! - A name that was never split into first and last name goes whole into
//!   `Last Name` rather than being lost.
//! - Owners are given by the user's email ("include an [Object] owner
//!   header and add the email address of the user").
//! - Dates `YYYY-MM-DD` (choose "year-month-day" in the import screen; the
//!   API's own date form), amounts plain with a dot, UTF-8 without BOM.
//! - Stages: the internal ids of the default pipeline (`Pipeline` =
//!   `default`), or the CRM stage configured in `[stages]`.

use super::{
    Column, assoc_crm_id, assoc_domain, assoc_email, assoc_name, company_name, crm_id, currency,
    domain, email, iso_date, last_name_or_full, owner_email, phone, stage, text,
};
use crate::model::{Entity, Role};
use crate::normalize::stage::CanonicalStage;
use crate::reconcile::ImportRecord;

/// HubSpot's default sales pipeline, by internal stage id. "On hold" has
/// no default stage: the label is written instead.
pub fn default_stage(s: CanonicalStage) -> Option<&'static str> {
    Some(match s {
        CanonicalStage::Lead => "appointmentscheduled",
        CanonicalStage::Qualified => "qualifiedtobuy",
        // A quote follows the presentation and precedes the decision; the
        // example config maps "devis envoyé" here too.
        CanonicalStage::Meeting | CanonicalStage::Proposal => "presentationscheduled",
        CanonicalStage::Negotiation => "decisionmakerboughtin",
        CanonicalStage::Contract => "contractsent",
        CanonicalStage::Won => "closedwon",
        CanonicalStage::Lost => "closedlost",
        CanonicalStage::OnHold => return None,
    })
}

fn deal_stage(r: &ImportRecord) -> Option<String> {
    stage(r, default_stage)
}

/// The pipeline of the stage: required with a stage, and the default
/// pipeline's internal id is `default`.
fn pipeline(r: &ImportRecord) -> Option<String> {
    deal_stage(r).map(|_| "default".to_string())
}

fn street(r: &ImportRecord) -> Option<String> {
    text(r, Role::Address)
}

static COMPANIES: [Column; 9] = [
    Column::new("Record ID", crm_id),
    Column::new("Company name", company_name),
    Column::new("Company Domain Name", domain),
    Column::new("Phone Number", |r| phone(r, Role::Phone)),
    Column::new("Street Address", street),
    Column::new("City", |r| text(r, Role::City)),
    Column::new("Postal Code", |r| text(r, Role::PostalCode)),
    Column::new("Country/Region", |r| text(r, Role::Country)),
    Column::new("Company owner", owner_email),
];

static CONTACTS: [Column; 15] = [
    Column::new("Record ID", crm_id),
    Column::new("Email", email),
    Column::new("First Name", |r| text(r, Role::FirstName)),
    Column::new("Last Name", last_name_or_full),
    Column::new("Phone Number", |r| phone(r, Role::Phone)),
    Column::new("Mobile Phone Number", |r| phone(r, Role::Mobile)),
    Column::new("Job Title", |r| text(r, Role::JobTitle)),
    Column::new("Street Address", street),
    Column::new("City", |r| text(r, Role::City)),
    Column::new("Postal Code", |r| text(r, Role::PostalCode)),
    Column::new("Country/Region", |r| text(r, Role::Country)),
    Column::new("Contact owner", owner_email),
    Column::new("Company Name", |r| assoc_name(r.company.as_ref()).or_else(|| company_name(r))),
    Column::new("Company Domain Name", |r| assoc_domain(r.company.as_ref())),
    Column::new("Company Record ID", |r| assoc_crm_id(r.company.as_ref())),
];

static DEALS: [Column; 13] = [
    Column::new("Record ID", crm_id),
    Column::new("Deal Name", |r| text(r, Role::DealName)),
    Column::new("Pipeline", pipeline),
    Column::new("Deal Stage", deal_stage),
    Column::new("Amount", super::amount),
    Column::new("Currency", currency),
    Column::new("Close Date", |r| iso_date(r, Role::CloseDate)),
    Column::new("Next step", |r| text(r, Role::NextAction)),
    Column::new("Deal owner", owner_email),
    Column::new("Email", |r| assoc_email(r.contact.as_ref())),
    Column::new("Contact Record ID", |r| assoc_crm_id(r.contact.as_ref())),
    Column::new("Company Domain Name", |r| assoc_domain(r.company.as_ref())),
    Column::new("Company Record ID", |r| assoc_crm_id(r.company.as_ref())),
];

pub fn columns(entity: Entity) -> &'static [Column] {
    match entity {
        Entity::Company => &COMPANIES,
        Entity::Contact => &CONTACTS,
        Entity::Deal => &DEALS,
    }
}
