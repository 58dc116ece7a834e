use std::time::Duration;

use super::*;
use crate::matching::compare::{MAX_FIELDS, MISSING, default_fields};
use crate::matching::{Link, Settings, match_entity};
use crate::normalize::email::normalize_email;
use crate::normalize::record::Value;
use crate::reconcile::recency::tests::record;

/// A matching result built by hand: `cluster` per record, accepted links
/// and pairs to review as `(a, b, probability)`.
pub(crate) fn matches_of(
    entity: Entity,
    records: Vec<usize>,
    cluster: Vec<u32>,
    links: &[(u32, u32, f64)],
    review: &[(u32, u32, f64)],
) -> EntityMatches {
    let mut m = match_entity(
        entity,
        Vec::new(),
        Vec::new(),
        0,
        &default_fields(entity),
        Settings::default(),
        Duration::ZERO,
    );
    let link = |&(a, b, probability): &(u32, u32, f64)| Link {
        a,
        b,
        probability,
        levels: [MISSING; MAX_FIELDS],
        rule: None,
    };
    m.best = vec![None; records.len()];
    for &(a, b, p) in links {
        for (x, y) in [(a, b), (b, a)] {
            if m.best[x as usize].is_none_or(|(_, q)| p > q) {
                m.best[x as usize] = Some((y, p));
            }
        }
    }
    m.core = records.len();
    m.records = records;
    m.cluster = cluster;
    m.links = links.iter().map(link).collect();
    m.review = review.iter().map(link).collect();
    m
}

fn email(s: &str) -> Value {
    Value::Email(Box::new(normalize_email(s).value.unwrap()))
}

fn contact(origin: Origin, table: u32, row: u32, id: Option<&str>, mail: &str) -> Record {
    let mut fields =
        vec![(Role::LastName, 1, Value::Name("Dupont".into())), (Role::Email, 2, email(mail))];
    if let Some(id) = id {
        fields.push((Role::RecordId, 0, Value::Identifier(id.into())));
    }
    record(Entity::Contact, origin, table, row, fields)
}

fn statuses(c: &Classification) -> Vec<Status> {
    c.outcomes.iter().map(|o| o.status).collect()
}

#[test]
fn every_status_from_one_matching_result() {
    let mut records = vec![
        contact(Origin::Crm, 0, 0, Some("101"), "a@acme.fr"), // 0 anchor
        contact(Origin::Crm, 0, 1, Some("102"), "b@acme.fr"), // 1 anchor
        contact(Origin::Side, 1, 0, None, "a@acme.fr"),       // 2 → 0 unchanged
        contact(Origin::Side, 1, 1, None, "x@acme.fr"),       // 3 → 1 conflict (email)
        contact(Origin::Side, 1, 2, None, "n@new.fr"),        // 4 new
        contact(Origin::Side, 1, 3, None, "n@new.fr"),        // 5 duplicate of 4
        contact(Origin::Side, 1, 4, None, "r@maybe.fr"),      // 6 alone, review pair
        record(Entity::Contact, Origin::Side, 1, 5, vec![]),  // 7 invalid
        contact(Origin::Side, 1, 6, None, "a@acme.fr"),       // 8 → 0 update (job title)
    ];
    records[8].fields.push(crate::normalize::record::Field {
        role: Role::JobTitle,
        column: 5,
        header: None,
        raw: "Gérant".into(),
        value: Some(Value::Text("Gérant".into())),
        derived_from: None,
    });
    let m = matches_of(
        Entity::Contact,
        (0..9).collect(),
        vec![0, 1, 0, 1, 2, 2, 3, 4, 0],
        &[(0, 2, 0.99), (1, 3, 0.95), (4, 5, 0.97), (2, 8, 0.98)],
        &[(6, 4, 0.8)],
    );
    let c = classify(&records, &Matches { entities: vec![m] }, &Recency::default());
    use Status::*;
    assert_eq!(
        statuses(&c),
        [Crm, Crm, Unchanged, Conflict, New, Duplicate, Review, Invalid, Update]
    );
    // The side record 8 reaches the anchor through 2: score = weakest link.
    assert_eq!(c.outcomes[8].crm, Some(0));
    assert_eq!(c.outcomes[8].score, Some(0.98));
    assert_eq!(c.outcomes[3].crm, Some(1));
    assert_eq!(c.outcomes[0].crm, Some(0), "an anchor is its own CRM record");
    assert_eq!(c.outcomes[7].reason, Some("no name, no email and no phone"));
    assert_eq!(c.outcomes[6].score, Some(0.8));
    assert_eq!(c.outcomes[2].cluster, c.outcomes[0].cluster);
    assert!(c.crm_duplicates.is_empty());
    let kinds: Vec<(usize, Role, ChangeKind)> =
        c.changes.iter().map(|ch| (ch.side, ch.role, ch.kind)).collect();
    assert_eq!(
        kinds,
        [(3, Role::Email, ChangeKind::Conflict), (8, Role::JobTitle, ChangeKind::Update)]
    );
}

#[test]
fn the_strongest_chain_decides_the_crm_record_not_the_first_link() {
    // Cluster of two anchors (a CRM duplicate) and one side record linked
    // weakly to 0 directly and strongly to 1 through another side record.
    let records = vec![
        contact(Origin::Crm, 0, 0, Some("101"), "a@acme.fr"),
        contact(Origin::Crm, 0, 1, Some("102"), "a@acme.fr"),
        contact(Origin::Side, 1, 0, None, "a@acme.fr"),
        contact(Origin::Side, 1, 1, None, "a@acme.fr"),
    ];
    let m = matches_of(
        Entity::Contact,
        vec![0, 1, 2, 3],
        vec![0, 0, 0, 0],
        &[(0, 2, 0.93), (2, 3, 0.99), (3, 1, 0.98), (0, 1, 0.96)],
        &[],
    );
    let c = classify(&records, &Matches { entities: vec![m] }, &Recency::default());
    assert_eq!((c.outcomes[2].crm, c.outcomes[2].score), (Some(1), Some(0.98)));
    assert_eq!((c.outcomes[3].crm, c.outcomes[3].score), (Some(1), Some(0.98)));
    assert_eq!(c.crm_duplicates.len(), 1);
    let d = &c.crm_duplicates[0];
    assert_eq!(d.crm_ids, ["101", "102"]);
    assert_eq!(d.records, [0, 1]);
    assert_eq!(d.score, Some(0.96));
    assert_eq!(d.cluster, "contact-1");
}

#[test]
fn a_side_cluster_with_a_pair_to_review_against_the_crm_is_not_created() {
    let records = vec![
        contact(Origin::Crm, 0, 0, Some("101"), "a@acme.fr"),
        contact(Origin::Side, 1, 0, None, "n@acme.fr"),
        contact(Origin::Side, 1, 1, None, "n@acme.fr"),
        // A CRM record without an id (a contact named on a deal row) does
        // not make its cluster matched: the side records stay new.
        contact(Origin::Crm, 2, 0, None, "z@zeta.fr"),
        contact(Origin::Side, 1, 2, None, "z@zeta.fr"),
    ];
    let m = matches_of(
        Entity::Contact,
        (0..5).collect(),
        vec![0, 1, 1, 2, 2],
        &[(1, 2, 0.99), (3, 4, 0.99)],
        &[(0, 2, 0.75)],
    );
    let c = classify(&records, &Matches { entities: vec![m] }, &Recency::default());
    use Status::*;
    assert_eq!(statuses(&c), [Crm, Review, Review, Crm, New]);
    assert_eq!(c.outcomes[3].crm, None);
    assert!(crm_id(&records[3]).is_none());
}

#[test]
fn outcomes_are_indexed_like_the_records_across_entities() {
    let company = |origin, id: Option<&str>| {
        let mut f = vec![(
            Role::Company,
            0,
            Value::Company(std::sync::Arc::new(
                crate::normalize::company::normalize_company("Acme SAS").value.unwrap(),
            )),
        )];
        if let Some(id) = id {
            f.push((Role::RecordId, 1, Value::Identifier(id.into())));
        }
        record(Entity::Company, origin, 0, 0, f)
    };
    let records = vec![
        contact(Origin::Side, 1, 0, None, "n@acme.fr"),
        company(Origin::Crm, Some("9")),
        company(Origin::Side, None),
    ];
    let companies = matches_of(Entity::Company, vec![1, 2], vec![0, 0], &[(0, 1, 0.99)], &[]);
    let contacts = matches_of(Entity::Contact, vec![0], vec![0], &[], &[]);
    let c =
        classify(&records, &Matches { entities: vec![companies, contacts] }, &Recency::default());
    assert_eq!(statuses(&c), [Status::New, Status::Crm, Status::Unchanged]);
    assert_eq!(c.outcomes[2].crm, Some(1));
    assert_eq!(c.outcomes[0].cluster, "contact-1");
    assert_eq!(c.outcomes[2].cluster, "company-1");
    assert_eq!(c.clusters, [0, 0, 0]);
}
