//! The status of every record, as `matches.csv` and the workbook give it.
//!
//! DESIGN.md's statuses. `dedupe` (no CRM) uses `new`, `duplicate`,
//! `review` and `invalid`; `reconcile` adds the CRM ones.

use crate::matching::EntityMatches;
use crate::model::{Entity, Origin, Role};
use crate::normalize::record::Record;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Duplicate,
    Unchanged,
    Update,
    Conflict,
    Review,
    Invalid,
    Crm,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::New,
        Status::Duplicate,
        Status::Unchanged,
        Status::Update,
        Status::Conflict,
        Status::Review,
        Status::Invalid,
        Status::Crm,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Duplicate => "duplicate",
            Status::Unchanged => "unchanged",
            Status::Update => "update",
            Status::Conflict => "conflict",
            Status::Review => "review",
            Status::Invalid => "invalid",
            Status::Crm => "crm",
        }
    }
}

/// Why a record cannot be imported, if it cannot: nothing that identifies
/// it. (The configurable critical-field rules are reported apart; a record
/// missing a critical field can still be imported.)
pub fn invalid_reason(record: &Record) -> Option<&'static str> {
    let has = |roles: &[Role]| roles.iter().any(|&r| record.value(r).is_some());
    match record.entity {
        Entity::Contact
            if !has(&[Role::FirstName, Role::LastName, Role::Email, Role::Phone, Role::Mobile]) =>
        {
            Some("no name, no email and no phone")
        }
        Entity::Contact
            if !has(&[Role::FirstName, Role::LastName])
                && !has(&[Role::Email, Role::Phone, Role::Mobile]) =>
        {
            Some("no name")
        }
        Entity::Company
            if !has(&[Role::Company, Role::Website, Role::Siren, Role::Siret, Role::VatNumber]) =>
        {
            Some("no company name, website or SIREN")
        }
        Entity::Deal if !has(&[Role::DealName, Role::Amount, Role::RecordId]) => {
            Some("no deal name and no amount")
        }
        _ => None,
    }
}

/// Statuses of one entity's records when deduplicating without a CRM: in
/// each cluster the first record (CRM first, then input order) is `new`
/// and carries the cluster, the others are `duplicate`; a record alone in
/// its cluster with a pair to review is `review`; a record that cannot be
/// imported is `invalid` whatever its links. `invalid` holds, per record,
/// whether [`invalid_reason`] gave one (read before matching, which may
/// drop the fields).
pub fn dedupe_statuses(records: &[Record], invalid: &[bool], m: &EntityMatches) -> Vec<Status> {
    let mut in_review = vec![false; m.records.len()];
    for l in &m.review {
        in_review[l.a as usize] = true;
        in_review[l.b as usize] = true;
    }
    let mut seen = vec![false; m.cluster.iter().map(|&c| c as usize + 1).max().unwrap_or(0)];
    let mut size = vec![0u32; seen.len()];
    for &c in &m.cluster {
        size[c as usize] += 1;
    }
    m.records
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let record = &records[i];
            if invalid[i] {
                return Status::Invalid;
            }
            if record.origin == Origin::Crm {
                return Status::Crm;
            }
            let c = m.cluster[k] as usize;
            if size[c] > 1 {
                if std::mem::replace(&mut seen[c], true) { Status::Duplicate } else { Status::New }
            } else if in_review[k] {
                Status::Review
            } else {
                Status::New
            }
        })
        .collect()
}
