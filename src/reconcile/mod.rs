//! Reconcile: decide what each record is (new, duplicate, update, conflict,
//! review, invalid), build golden records, compute quality rules and KPIs.
//! Uses the matching result; never formats output.
//!
//! The types below are what the later stage (report: matches.csv, import
//! files, workbook, report.json) reads. They hold record indices into the
//! `&[Record]` slice that normalize produced, never copies of records, so
//! every line of every output can point back to its cell.

pub mod classify;
pub mod decisions;
pub mod diff;
pub mod golden;
pub mod history;
pub mod identity;
pub mod kpi;
pub mod plan;
pub mod quality;
pub mod recency;
pub mod status;

use crate::model::{Entity, Role};
use crate::normalize::record::Value;

use self::status::Status;

/// What reconcile decided for one record (indexed like the records).
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub status: Status,
    /// Cluster identifier, shared by every record (CRM or side) believed to
    /// be the same entity: `contact-12`.
    pub cluster: String,
    /// For a side record matched to the CRM: the index of that CRM record.
    pub crm: Option<usize>,
    /// Match probability of the link that decided the status.
    pub score: Option<f64>,
    /// Why an `invalid` record cannot be imported.
    pub reason: Option<&'static str>,
}

/// One line of an import file: a golden record to create, or the fields to
/// fill in an existing CRM record.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRecord {
    pub entity: Entity,
    pub action: ImportAction,
    /// The CRM record id, for an update.
    pub crm_id: Option<String>,
    /// A stable external id for a new record (`crmrecon-contact-12`), so
    /// that associations and re-imports can refer to it.
    pub key: String,
    /// Canonical values, one per role, in role order.
    pub values: Vec<(Role, Value)>,
    /// The company of a contact or deal; the contact of a deal.
    pub company: Option<Association>,
    pub contact: Option<Association>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportAction {
    Create,
    Update,
}

/// A link from one imported record to another, in every form a target CRM
/// may want it: the CRM id when the other record already exists, the
/// external key of a record created by the same import, and the natural
/// keys some CRMs associate by (HubSpot: company domain, contact email).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Association {
    pub crm_id: Option<String>,
    pub key: Option<String>,
    pub name: Option<String>,
    pub domain: Option<String>,
    pub email: Option<String>,
}
