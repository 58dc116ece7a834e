//! `salesforce`: files for Data Loader (or Bulk API 2.0) upserts into
//! Account, Contact and Opportunity, with API field names as headers (the
//! names Data Loader's auto-match and the Bulk API read; `forcedotcom/
//! dataloader` writes the same names on export).
//!
//! - Upsert: "upsert needs `Id` or an external ID field". Run each file as
//!   an upsert matched on `Id`: updates carry the record's `Id` (15/18
//!   characters, case-sensitive: written exactly as exported), new rows
//!   have none and are inserted. New rows also carry crmrecon's key in the
//!   external id field [`EXTERNAL_ID`], a custom text field the user
//!   creates once on the three objects, flagged External ID and Unique, so
//!   that later rows can point at a record this import creates and a
//!   re-run upserted on it does not duplicate.
//! - Associations: `AccountId` / `ContactId` when the related record
//!   exists, else the relationship by external id
//!   (`Account.Crmrecon_Key__c`, the Bulk API 2.0 `RelationshipName.
//!   IndexedFieldName` header form). Accounts must therefore be loaded
//!   first. `Opportunity.ContactId` sets the primary contact.
//! - Owners by `Owner.Email`, the relationship Salesforce's own Bulk API
//!   sample uses (it fails the row if no single user has that email).
//! - Dates `yyyy-MM-dd` (Data Loader and Salesforce's CSV flows; the
//!   European `dd/MM/yyyy` is only an option), amounts plain with a dot,
//!   UTF-8 without BOM (a BOM would glue itself to the `Id` header).
//! - `CurrencyIsoCode` only exists in multi-currency orgs: leave it
//!   unmapped otherwise.
//! - Stages: `StageName` values of the default sales process, or the
//!   configured stage.

use super::{
    Column, assoc_crm_id, assoc_new_key, company_name, crm_id, currency, domain, email, iso_date,
    last_name_or_full, new_key, owner_email, phone, stage, text,
};
use crate::model::{Entity, Role};
use crate::normalize::stage::CanonicalStage;
use crate::reconcile::ImportRecord;

/// The external id field crmrecon's keys go in.
pub const EXTERNAL_ID: &str = "Crmrecon_Key__c";

/// The default sales process's `StageName` picklist. Salesforce has no
/// default "contract" or "on hold" stage: the label is written.
pub fn default_stage(s: CanonicalStage) -> Option<&'static str> {
    Some(match s {
        CanonicalStage::Lead => "Prospecting",
        CanonicalStage::Qualified => "Qualification",
        CanonicalStage::Meeting => "Value Proposition",
        CanonicalStage::Proposal => "Proposal/Price Quote",
        CanonicalStage::Negotiation => "Negotiation/Review",
        CanonicalStage::Won => "Closed Won",
        CanonicalStage::Lost => "Closed Lost",
        CanonicalStage::Contract | CanonicalStage::OnHold => return None,
    })
}

fn street(r: &ImportRecord) -> Option<String> {
    text(r, Role::Address)
}

/// A website as Salesforce shows it: the bare domain is a valid URL field
/// value.
fn website(r: &ImportRecord) -> Option<String> {
    domain(r)
}

static ACCOUNTS: [Column; 11] = [
    Column::new("Id", crm_id),
    Column::new(EXTERNAL_ID, new_key),
    Column::new("Name", company_name),
    Column::new("Website", website),
    Column::new("Phone", |r| phone(r, Role::Phone)),
    Column::new("BillingStreet", street),
    Column::new("BillingPostalCode", |r| text(r, Role::PostalCode)),
    Column::new("BillingCity", |r| text(r, Role::City)),
    Column::new("BillingCountry", |r| text(r, Role::Country)),
    Column::new("Owner.Email", owner_email),
    Column::new("Description", |r| text(r, Role::Notes)),
];

static CONTACTS: [Column; 16] = [
    Column::new("Id", crm_id),
    Column::new(EXTERNAL_ID, new_key),
    Column::new("FirstName", |r| text(r, Role::FirstName)),
    Column::new("LastName", last_name_or_full),
    Column::new("Email", email),
    Column::new("Phone", |r| phone(r, Role::Phone)),
    Column::new("MobilePhone", |r| phone(r, Role::Mobile)),
    Column::new("Title", |r| text(r, Role::JobTitle)),
    Column::new("MailingStreet", street),
    Column::new("MailingPostalCode", |r| text(r, Role::PostalCode)),
    Column::new("MailingCity", |r| text(r, Role::City)),
    Column::new("MailingCountry", |r| text(r, Role::Country)),
    Column::new("Owner.Email", owner_email),
    Column::new("Description", |r| text(r, Role::Notes)),
    Column::new("AccountId", |r| assoc_crm_id(r.company.as_ref())),
    Column::new("Account.Crmrecon_Key__c", |r| assoc_new_key(r.company.as_ref())),
];

static OPPORTUNITIES: [Column; 14] = [
    Column::new("Id", crm_id),
    Column::new(EXTERNAL_ID, new_key),
    Column::new("Name", |r| text(r, Role::DealName)),
    Column::new("StageName", |r| stage(r, default_stage)),
    Column::new("Amount", super::amount),
    Column::new("CurrencyIsoCode", currency),
    Column::new("CloseDate", |r| iso_date(r, Role::CloseDate)),
    Column::new("NextStep", |r| text(r, Role::NextAction)),
    Column::new("Owner.Email", owner_email),
    Column::new("Description", |r| text(r, Role::Notes)),
    Column::new("AccountId", |r| assoc_crm_id(r.company.as_ref())),
    Column::new("Account.Crmrecon_Key__c", |r| assoc_new_key(r.company.as_ref())),
    Column::new("ContactId", |r| assoc_crm_id(r.contact.as_ref())),
    Column::new("Contact.Crmrecon_Key__c", |r| assoc_new_key(r.contact.as_ref())),
];

pub fn columns(entity: Entity) -> &'static [Column] {
    match entity {
        Entity::Company => &ACCOUNTS,
        Entity::Contact => &CONTACTS,
        Entity::Deal => &OPPORTUNITIES,
    }
}
