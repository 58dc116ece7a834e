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
    let text = |role: Role| record.value(role).map(folded);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::email::normalize_email;
    use crate::reconcile::recency::tests::record;

    fn email(s: &str) -> Value {
        Value::Email(Box::new(normalize_email(s).value.unwrap()))
    }

    #[test]
    fn identities_of_single_records() {
        let name = |s: &str| Value::Name(s.into());
        let text = |s: &str| Value::Text(s.into());
        let id = |s: &str| Value::Identifier(s.into());
        for (entity, origin, fields, want) in [
            (
                Entity::Contact,
                Origin::Crm,
                vec![(Role::RecordId, 0, id("9870000012")), (Role::Email, 1, email("a@b.fr"))],
                "crm:contact:9870000012",
            ),
            (
                Entity::Contact,
                Origin::Side,
                vec![
                    (Role::LastName, 0, name("Dupont")),
                    (Role::Email, 1, email("Jean.Dupont@Acme.FR")),
                ],
                "side:contact:t1.csv:jean.dupont@acme.fr",
            ),
            (
                Entity::Contact,
                Origin::Side,
                vec![(Role::FirstName, 0, name("Élodie")), (Role::LastName, 1, name("Lefèvre"))],
                "side:contact:t1.csv:élodie|lefèvre",
            ),
            (
                Entity::Company,
                Origin::Side,
                vec![
                    (Role::Company, 0, text("Dupont Conseil")),
                    (Role::Siret, 1, id("73282932000074")),
                ],
                "side:company:t1.csv:73282932000074",
            ),
            // A CRM reference without a record id is named like a side row.
            (
                Entity::Company,
                Origin::Crm,
                vec![(Role::Company, 0, text("Acme SAS")), (Role::City, 1, text("Lyon"))],
                "crm:company:t1.csv:acme sas|lyon",
            ),
            (Entity::Deal, Origin::Side, vec![], "side:deal:t1.csv:row5"),
        ] {
            let r = record(entity, origin, 1, 3, fields);
            assert_eq!(of(&r), want);
        }
    }

    #[test]
    fn deals_are_named_by_their_row_and_tell_apart_equal_ones() {
        let amount = |s: &str| Value::Text(s.into());
        let deal = |row: u32, a: &str| {
            record(Entity::Deal, Origin::Side, 1, row, vec![(Role::Amount, 4, amount(a))])
        };
        let contact = |row: u32, m: &str| {
            record(Entity::Contact, Origin::Side, 1, row, vec![(Role::Email, 1, email(m))])
        };
        let records = vec![
            contact(0, "a@acme.fr"),
            deal(0, "85000"),
            contact(1, "b@acme.fr"),
            deal(1, "85000"),
            deal(2, "12000"),
            deal(3, "12000"),
            contact(4, "c@acme.fr"),
            deal(4, "1"),
            contact(5, "c@acme.fr"),
            deal(5, "1"),
        ];
        let ids = all(&records);
        assert_eq!(ids[1], "side:deal:t1.csv:|a@acme.fr|");
        assert_eq!(ids[3], "side:deal:t1.csv:|b@acme.fr|");
        // No contact, same amount: told apart by order, the first unchanged.
        assert_eq!(ids[4], "side:deal:t1.csv:12000|12000");
        assert_eq!(ids[5], "side:deal:t1.csv:12000|12000|#2");
        // The same contact twice: its rows stay one contact, deals differ.
        assert_eq!(ids[6], ids[8]);
        assert_ne!(ids[7], ids[9]);
        // Moving rows does not change a named deal's identity.
        let mut moved = records.clone();
        moved.swap(0, 2);
        moved.swap(1, 3);
        for r in &mut moved[..4] {
            r.link.row = 1 - r.link.row;
        }
        let again = all(&moved);
        assert_eq!(again[1], ids[3]);
        assert_eq!(again[3], ids[1]);
    }
}
