//! The status of every record once CRM and side records are matched
//! together (DESIGN.md, "Statuses of a side record").
//!
//! A CRM record that carries a record id is an *anchor*: what an import can
//! update. Other CRM records are the company or contact a CRM row names
//! (the `Associated Company` of a deal export): status `crm`, tied to the
//! anchor of their cluster when there is one. A side record is:
//! - `invalid` when it cannot be imported (nothing identifies it), whatever
//!   its links;
//! - matched, when its cluster holds an anchor: to the anchor reached by
//!   its strongest chain of links (the weakest link of a chain is its
//!   score, so a direct 0.99 link beats a 0.99 → 0.93 chain), then
//!   `unchanged`, `update` or `conflict` from the field [`diff`]: a
//!   conflict wins over an update;
//! - `review` when its cluster has no anchor and a pair to review joins it
//!   to a cluster that has one (creating it could duplicate a CRM record),
//!   or when it is alone with a pair to review;
//! - otherwise `new` for the first valid side record of its cluster (input
//!   order) and `duplicate` for the others.
//!
//! Two anchors with different record ids in one cluster are a CRM
//! duplicate: returned, never silently resolved.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use rayon::prelude::*;
use serde::Serialize;

use super::Outcome;
use super::diff::{self, ChangeKind, FieldChange};
use super::recency::Recency;
use super::status::{Status, invalid_reason};
use crate::fxhash::FxHashMap;
use crate::matching::{EntityMatches, Matches};
use crate::model::{Entity, Origin, Role};
use crate::normalize::record::Record;

/// Several CRM records believed to be one entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrmDuplicate {
    pub entity: Entity,
    pub cluster: String,
    pub crm_ids: Vec<String>,
    /// Their record indices, in the order of `crm_ids`.
    #[serde(skip)]
    pub records: Vec<usize>,
    /// The strongest link between two of them, else the weakest of their
    /// strongest links inside the cluster.
    pub score: Option<f64>,
}

/// Statuses, field changes and CRM duplicates of every record.
#[derive(Clone, Debug, Default)]
pub struct Classification {
    /// One per record, indexed like the records.
    pub outcomes: Vec<Outcome>,
    /// The dense cluster of each record within its entity (`Outcome::cluster`
    /// as a number, for grouping without parsing).
    pub clusters: Vec<u32>,
    /// Every update and conflict, by side record then role.
    pub changes: Vec<FieldChange>,
    pub crm_duplicates: Vec<CrmDuplicate>,
}

/// The record id of a CRM anchor.
pub fn crm_id(record: &Record) -> Option<String> {
    if record.origin != Origin::Crm {
        return None;
    }
    record.value(Role::RecordId).map(|v| v.canonical()).filter(|s| !s.is_empty())
}

pub fn classify(records: &[Record], matches: &Matches, recency: &Recency) -> Classification {
    let mut out: Vec<Option<Outcome>> = vec![None; records.len()];
    let mut clusters = vec![u32::MAX; records.len()];
    let mut changes = Vec::new();
    let mut crm_duplicates = Vec::new();
    for m in &matches.entities {
        classify_entity(records, m, recency, &mut out, &mut changes, &mut crm_duplicates);
        for (k, &i) in m.records.iter().enumerate() {
            clusters[i] = m.cluster[k];
        }
    }
    // Every record is in its entity's matches; a record that is not (never
    // expected) still gets a status and a cluster of its own.
    let outcomes = out
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            o.unwrap_or_else(|| Outcome {
                status: if records[i].origin == Origin::Crm { Status::Crm } else { Status::New },
                cluster: format!("{}-unmatched-{}", records[i].entity.as_str(), i + 1),
                crm: None,
                score: None,
                reason: invalid_reason(&records[i]),
            })
        })
        .collect();
    changes.sort_by_key(|c: &FieldChange| (c.side, c.role));
    Classification { outcomes, clusters, changes, crm_duplicates }
}

fn classify_entity(
    records: &[Record],
    m: &EntityMatches,
    recency: &Recency,
    out: &mut [Option<Outcome>],
    changes: &mut Vec<FieldChange>,
    crm_duplicates: &mut Vec<CrmDuplicate>,
) {
    let n = m.records.len();
    let n_clusters = m.cluster.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let anchor: Vec<bool> = m.records.par_iter().map(|&i| crm_id(&records[i]).is_some()).collect();
    let mut anchored = vec![false; n_clusters];
    let mut size = vec![0u32; n_clusters];
    for k in 0..n {
        size[m.cluster[k] as usize] += 1;
        anchored[m.cluster[k] as usize] |= anchor[k];
    }
    let reach = strongest_anchor(m, &anchor);

    // Pairs to review: per record the strongest, and per unanchored
    // cluster whether one reaches an anchored cluster.
    let mut review_score: Vec<Option<f64>> = vec![None; n];
    let mut review_to_crm = vec![false; n_clusters];
    for l in &m.review {
        let (a, b) = (l.a as usize, l.b as usize);
        for x in [a, b] {
            review_score[x] = Some(review_score[x].map_or(l.probability, |p| p.max(l.probability)));
        }
        let (ca, cb) = (m.cluster[a] as usize, m.cluster[b] as usize);
        if anchored[ca] && !anchored[cb] {
            review_to_crm[cb] = true;
        }
        if anchored[cb] && !anchored[ca] {
            review_to_crm[ca] = true;
        }
    }

    // Each record on its own (the field diff is most of the work, on both
    // cores); then, in input order, the first valid side record of an
    // unanchored cluster is its `new` one and the others duplicates.
    let decided: Vec<(Outcome, Vec<FieldChange>)> = (0..n)
        .into_par_iter()
        .map(|k| {
            let i = m.records[k];
            let record = &records[i];
            let c = m.cluster[k] as usize;
            let cluster = format!("{}-{}", m.entity.as_str(), c + 1);
            let best = m.best[k].map(|(_, p)| p);
            let matched = reach[k].map(|(a, p)| (m.records[a], p));
            let outcome =
                |status, crm, score, reason| Outcome { status, cluster, crm, score, reason };
            let mut found = Vec::new();
            let o = if record.origin == Origin::Crm {
                if anchor[k] {
                    outcome(Status::Crm, Some(i), None, None)
                } else {
                    outcome(Status::Crm, matched.map(|x| x.0), matched.map(|x| x.1), None)
                }
            } else if let Some(reason) = invalid_reason(record) {
                outcome(Status::Invalid, matched.map(|x| x.0), best, Some(reason))
            } else if let Some((crm, score)) = matched {
                found = diff::diff(records, i, crm, recency);
                let status = if found.iter().any(|ch| ch.kind == ChangeKind::Conflict) {
                    Status::Conflict
                } else if found.is_empty() {
                    Status::Unchanged
                } else {
                    Status::Update
                };
                outcome(status, Some(crm), Some(score), None)
            } else if review_to_crm[c] || (size[c] == 1 && review_score[k].is_some()) {
                outcome(Status::Review, None, review_score[k], None)
            } else {
                outcome(Status::New, None, best, None)
            };
            (o, found)
        })
        .collect();
    let mut carried = vec![false; n_clusters];
    for (k, (mut o, found)) in decided.into_iter().enumerate() {
        if o.status == Status::New && std::mem::replace(&mut carried[m.cluster[k] as usize], true) {
            o.status = Status::Duplicate;
        }
        changes.extend(found);
        out[m.records[k]] = Some(o);
    }
    crm_duplicates.extend(duplicates(records, m, &anchor));
}

/// For each record of a cluster with anchors: the anchor its strongest
/// chain of accepted links reaches (an index into the entity's records)
/// and that chain's score, its weakest link. Anchors reach themselves.
///
/// A widest-path search from every anchor at once: each record is settled
/// once, with the best chain found; ties go to the earlier anchor.
fn strongest_anchor(m: &EntityMatches, anchor: &[bool]) -> Vec<Option<(usize, f64)>> {
    let n = m.records.len();
    let mut adjacent: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for l in &m.links {
        adjacent[l.a as usize].push((l.b, l.probability));
        adjacent[l.b as usize].push((l.a, l.probability));
    }
    let mut reach: Vec<Option<(usize, f64)>> = vec![None; n];
    let mut settled = vec![false; n];
    let mut heap = BinaryHeap::new();
    for (k, _) in anchor.iter().enumerate().filter(|(_, a)| **a) {
        reach[k] = Some((k, 1.0));
        heap.push(Entry { score: 1.0, anchor: Reverse(k), node: Reverse(k) });
    }
    while let Some(Entry { score, anchor: Reverse(a), node: Reverse(x) }) = heap.pop() {
        if std::mem::replace(&mut settled[x], true) {
            continue;
        }
        for &(y, p) in &adjacent[x] {
            let y = y as usize;
            let s = score.min(p);
            if !settled[y] && reach[y].is_none_or(|(_, best)| s > best) {
                reach[y] = Some((a, s));
                heap.push(Entry { score: s, anchor: Reverse(a), node: Reverse(y) });
            }
        }
    }
    reach
}

#[derive(PartialEq)]
struct Entry {
    score: f64,
    anchor: Reverse<usize>,
    node: Reverse<usize>,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.anchor.cmp(&other.anchor))
            .then(self.node.cmp(&other.node))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Clusters holding anchors with two or more different record ids.
fn duplicates(records: &[Record], m: &EntityMatches, anchor: &[bool]) -> Vec<CrmDuplicate> {
    // Anchors by cluster, in cluster then record order.
    let mut by_cluster: Vec<(u32, usize)> =
        (0..m.records.len()).filter(|&k| anchor[k]).map(|k| (m.cluster[k], k)).collect();
    by_cluster.sort_unstable();
    // The strongest link between two anchors of each cluster, in one pass
    // over the links (per cluster, the scan was quadratic: 18 s of CPU on
    // a million-contact CRM).
    let mut direct: FxHashMap<u32, f64> = FxHashMap::default();
    for l in m.links.iter().filter(|l| anchor[l.a as usize] && anchor[l.b as usize]) {
        let best = direct.entry(m.cluster[l.a as usize]).or_insert(l.probability);
        *best = best.max(l.probability);
    }
    let mut found = Vec::new();
    for group in by_cluster.chunk_by(|x, y| x.0 == y.0).filter(|g| g.len() > 1) {
        let c = group[0].0;
        let ks = group.iter().map(|&(_, k)| k);
        let mut ids: Vec<(String, usize)> = Vec::new();
        for k in ks.clone() {
            let id = crm_id(&records[m.records[k]]).unwrap_or_default();
            if !ids.iter().any(|(x, _)| *x == id) {
                ids.push((id, k));
            }
        }
        if ids.len() < 2 {
            continue;
        }
        let score = direct
            .get(&c)
            .copied()
            .or_else(|| ks.filter_map(|k| m.best[k].map(|(_, p)| p)).min_by(f64::total_cmp));
        found.push(CrmDuplicate {
            entity: m.entity,
            cluster: format!("{}-{}", m.entity.as_str(), c + 1),
            crm_ids: ids.iter().map(|(id, _)| id.clone()).collect(),
            records: ids.iter().map(|&(_, k)| m.records[k]).collect(),
            score,
        });
    }
    found
}

#[cfg(test)]
pub(crate) mod tests;
