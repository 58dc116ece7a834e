//! Stable identities of records, for decisions a person takes in the
//! workbook (`same` / `different` / `keep CRM`…) and that later runs must
//! find again: a CRM record by its id, a side record by its file and its
//! most identifying normalized value, so that a decision survives rows
//! being sorted, inserted or deleted in the side file.

use crate::model::{Origin, Role};
use crate::normalize::record::{Record, Value};

/// `crm:contact:9870000012`, `side:contact:side/jean.xlsx:jean.dupont@acme.fr`,
/// `side:company:side/jean.xlsx:dupont conseil`. Two rows of one file with
/// the same identifying value share an identity: they are the same entity
/// written twice, and a decision about one is a decision about the other.
pub fn of(record: &Record) -> String {
    let entity = record.entity.as_str();
    if record.origin == Origin::Crm
        && let Some(id) = record.value(Role::RecordId)
    {
        return format!("crm:{entity}:{}", id.canonical());
    }
    let origin = record.origin.as_str();
    let source = &record.provenance.source;
    format!("{origin}:{entity}:{source}:{}", identifying_value(record))
}

/// The most identifying normalized value of a record, lowercase; several
/// joined by `|` when none identifies alone (a name and a company).
fn identifying_value(record: &Record) -> String {
    let text = |role: Role| record.value(role).map(|v| folded(v));
    let unique = [Role::Email, Role::Siret, Role::Siren, Role::Website, Role::Mobile, Role::Phone];
    if let Some(v) = unique.into_iter().find_map(text) {
        return v;
    }
    let parts: Vec<String> = [
        Role::FirstName,
        Role::LastName,
        Role::FullName,
        Role::DealName,
        Role::Company,
        Role::Amount,
        Role::CloseDate,
        Role::City,
    ]
    .into_iter()
    .filter_map(text)
    .collect();
    if parts.is_empty() { format!("row{}", record.provenance.row) } else { parts.join("|") }
}

fn folded(value: &Value) -> String {
    value.canonical().to_lowercase()
}
