//! References: records that name an entity without being a record of it.
//!
//! A CRM export is one object per file: the `Company` column of a contacts
//! export is the contact's association, not a company record (the company
//! record is a row of the companies export, with its own id). Such a
//! reference must find its company, but taking part in clustering would
//! let it bridge real records (a hundred contacts of `Écovia SAS` in Paris
//! chaining to the `Écovia` of Boulogne through one name-only deal) and
//! would multiply the candidate pairs by the number of contacts per
//! company. So a reference is looked up once the records are clustered:
//! it takes the cluster of the record it matches best, at or above the
//! auto threshold, or a cluster of its own.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::compare::{FieldKind, compare};
use super::features::Features;
use super::weights::Model;
use super::{RULE_PROBABILITY, Settings, rules};
use crate::model::{Entity, Origin, Role};
use crate::normalize::record::Record;

/// Which records are references: records of an entity that carries no
/// record id in a table where another entity does (the company of a
/// contacts export, the contact of a deals export). A table without any
/// id column (most side files) has no references: every record in it
/// counts.
pub fn references(records: &[Record]) -> Vec<bool> {
    let mut with_id: HashMap<(Origin, u32), BTreeSet<Entity>> = HashMap::new();
    for r in records {
        if r.value(Role::RecordId).is_some() {
            with_id.entry((r.origin, r.link.table)).or_default().insert(r.entity);
        }
    }
    records
        .iter()
        .map(|r| with_id.get(&(r.origin, r.link.table)).is_some_and(|es| !es.contains(&r.entity)))
        .collect()
}

/// Give each reference (`cluster.len()..features.len()`) a cluster: that
/// of the core record it matches best among `lookups` (pairs `(core,
/// reference)`), or a new one.
#[allow(clippy::too_many_arguments)]
pub fn resolve(
    entity: Entity,
    model: &Model,
    fields: &[FieldKind],
    features: &[Features],
    lookups: &[(u32, u32)],
    settings: Settings,
    cluster: &mut Vec<u32>,
    best: &mut Vec<Option<(u32, f64)>>,
) {
    let core = cluster.len();
    let scored: Vec<(u32, u32, f64)> = lookups
        .par_iter()
        .filter_map(|&(a, r)| {
            let (x, y) = (&features[a as usize], &features[r as usize]);
            if rules::cannot_link(entity, x, y) {
                return None;
            }
            let p = model.probability(&compare(fields, x, y), x, y);
            let p = if rules::rule(entity, x, y).is_some() { p.max(RULE_PROBABILITY) } else { p };
            (p >= settings.auto).then_some((r, a, p))
        })
        .collect();
    let mut found: Vec<Option<(u32, f64)>> = vec![None; features.len() - core];
    for (r, a, p) in scored {
        let slot = &mut found[r as usize - core];
        // Strongest first; on a tie the earlier record, so runs agree.
        if slot.is_none_or(|(b, q)| p > q || (p == q && a < b)) {
            *slot = Some((a, p));
        }
    }
    let mut next = cluster.iter().map(|&c| c + 1).max().unwrap_or(0);
    for f in found {
        match f {
            Some((a, p)) => {
                cluster.push(cluster[a as usize]);
                best.push(Some((a, p)));
            }
            None => {
                cluster.push(next);
                next += 1;
                best.push(None);
            }
        }
    }
}
