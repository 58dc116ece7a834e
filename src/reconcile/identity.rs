//! Stable identities of records, for decisions a person takes in the
//! workbook (`same` / `different` / `keep CRM`…) and that later runs must
//! find again: a CRM record by its id, a side record by its file and its
//! most identifying normalized value, so that a decision survives rows
//! being sorted, inserted or deleted in the side file.
//!
//! [`of`] sees one record; [`all`] sees the rows too, and is what decisions
//! and the history use: a side deal rarely has a name of its own (`85 000
//! €, RDV planifié` on the row of a contact), so it is named by the
//! contact and company of its row, and records that would still share an
//! identity are told apart by their amount, then by their order.

use std::collections::HashMap;

use crate::model::{Entity, Origin, Role};
use crate::normalize::record::{Record, RowLink, Value};

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

/// The identity of every record: deals distinct within a file wherever
/// the rows allow it (see the module documentation); contacts and
/// companies as [`of`] gives them.
pub fn all(records: &[Record]) -> Vec<String> {
    let mut on_row: HashMap<(RowLink, Entity), usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        on_row.entry((r.link, r.entity)).or_insert(i);
    }
    let sibling = |r: &Record, entity: Entity| {
        on_row
            .get(&(r.link, entity))
            .map(|&j| &records[j])
            .filter(|s| s.provenance.source == r.provenance.source)
            .map(identifying_value)
            .filter(|v| !v.starts_with("row"))
    };
    let mut ids: Vec<String> = records
        .iter()
        .map(|r| {
            let own = of(r);
            if r.entity != Entity::Deal || own.starts_with("crm:deal:") && crm_anchor(r) {
                return own;
            }
            let name = r.value(Role::DealName).map(folded);
            let contact = sibling(r, Entity::Contact);
            let company = sibling(r, Entity::Company);
            if name.is_none() && contact.is_none() && company.is_none() {
                return own;
            }
            let parts = [name, contact, company].map(Option::unwrap_or_default);
            format!("{}:deal:{}:{}", r.origin.as_str(), r.provenance.source, parts.join("|"))
        })
        .collect();
    // Still shared: the amount, then the order among equals.
    for step in 0..2 {
        let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            seen.entry(id.clone()).or_default().push(i);
        }
        for (_, group) in seen.into_iter().filter(|(_, g)| g.len() > 1) {
            // Contacts and companies sharing an identity are one entity
            // written twice; one CRM id written twice is one record.
            let first = &records[group[0]];
            if first.entity != Entity::Deal || crm_anchor(first) {
                continue;
            }
            for (n, &i) in group.iter().enumerate() {
                let tag = if step == 0 {
                    records[i].value(Role::Amount).map(folded).unwrap_or_default()
                } else if n == 0 {
                    continue;
                } else {
                    format!("#{}", n + 1)
                };
                ids[i] = format!("{}|{tag}", ids[i]);
            }
        }
    }
    ids
}

fn crm_anchor(r: &Record) -> bool {
    r.origin == Origin::Crm && r.value(Role::RecordId).is_some()
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
