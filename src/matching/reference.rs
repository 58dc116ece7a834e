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
//! auto threshold, or a cluster of its own. References with equal features
//! (the forty contacts of one company naming it alike) are looked up once
//! and share the outcome.

use std::collections::BTreeSet;

use compact_str::CompactString;
use rayon::prelude::*;

use super::compare::{FieldKind, compare};
use super::features::Features;
use super::weights::Model;
use super::{RULE_PROBABILITY, Settings, rules};
use crate::fxhash::FxHashMap;
use crate::model::{Entity, Origin, Role};
use crate::normalize::record::Record;

/// Which records are references: records of an entity that carries no
/// record id in a table where another entity does (the company of a
/// contacts export, the contact of a deals export). A table without any
/// id column (most side files) has no references: every record in it
/// counts.
pub fn references(records: &[Record]) -> Vec<bool> {
    // Reading each record's fields is the cost (millions of records):
    // both cores do it.
    let has_id: Vec<bool> = records.par_iter().map(|r| r.value(Role::RecordId).is_some()).collect();
    let mut with_id: FxHashMap<(Origin, u32), BTreeSet<Entity>> = FxHashMap::default();
    for (r, _) in records.iter().zip(&has_id).filter(|(_, id)| **id) {
        with_id.entry((r.origin, r.link.table)).or_default().insert(r.entity);
    }
    records
        .par_iter()
        .map(|r| with_id.get(&(r.origin, r.link.table)).is_some_and(|es| !es.contains(&r.entity)))
        .collect()
}

/// The records of an entity reordered so that references with equal
/// features are looked up once: core records, then one reference of each
/// kind (`distinct` of them), then the other references, each a copy of
/// the one at `copies[k]`. Only core records and the distinct references
/// keep features: a copy's are its model's. Forty contacts of `Écovia SAS` in a CRM export
/// name it alike; looking each up would pair forty times over.
pub struct Distinct {
    pub records: Vec<usize>,
    pub features: Vec<Features>,
    pub distinct: usize,
    pub copies: Vec<u32>,
}

/// See [`Distinct`]; `features[core..]` are the references.
pub fn distinct_first(
    mut records: Vec<usize>,
    mut features: Vec<Features>,
    core: usize,
) -> Distinct {
    if core == features.len() {
        return Distinct { records, features, distinct: 0, copies: Vec::new() };
    }
    let n = features.len();
    // The reference each one copies (itself for the first of its kind).
    let model_of: Vec<usize> = super::identical::first_of_each_kind(&features[core..])
        .into_iter()
        .map(|m| core + m as usize)
        .collect();
    let copied: Vec<usize> = (core..n).filter(|&i| model_of[i - core] != i).collect();
    if copied.is_empty() {
        return Distinct { records, features, distinct: n - core, copies: Vec::new() };
    }
    // Only the references move: models first, then their copies.
    let mut order: Vec<usize> = (core..n).filter(|&i| model_of[i - core] == i).collect();
    let distinct = order.len();
    let mut position = vec![0u32; n - core];
    for (p, &i) in order.iter().enumerate() {
        position[i - core] = (core + p) as u32;
    }
    let copies = copied.iter().map(|&i| position[model_of[i - core] - core]).collect();
    // The copies' features are dropped: a copy reads its model's (see
    // `EntityMatches::features_of`). At a million CRM contacts, two thirds
    // of the company column repeats a name already seen. The models move
    // down in place (each to a slot at or before its own, holding a copy
    // by then): a second vector for them was a gigabyte of fresh pages.
    for (p, &i) in order.iter().enumerate() {
        features.swap(core + p, i);
    }
    features.par_drain(core + distinct..).for_each(drop);
    order.extend(copied);
    let moved: Vec<usize> = order.iter().map(|&i| records[i]).collect();
    records.truncate(core);
    records.extend(moved);
    Distinct { records, features, distinct, copies }
}

/// The references resolved by their CRM id: the core record bearing it
/// when exactly one does and `score` accepts the pair.
fn by_record_id(
    features: &[Features],
    core: usize,
    score: &(impl Fn(u32, u32) -> Option<f64> + Sync),
) -> Vec<Option<(u32, f64)>> {
    if core == features.len() {
        return Vec::new();
    }
    // `None`: several core records bear the id (a side row carrying the
    // CRM id of a record, besides the record itself).
    let mut bearer: FxHashMap<&str, Option<u32>> =
        FxHashMap::with_capacity_and_hasher(core, Default::default());
    for (a, f) in features[..core].iter().enumerate() {
        if let Some(id) = f.record_id.as_deref() {
            bearer.entry(id).and_modify(|b| *b = None).or_insert(Some(a as u32));
        }
    }
    (core..features.len())
        .into_par_iter()
        .map(|r| {
            let id = features[r].record_id.as_deref()?;
            let a = (*bearer.get(id)?)?;
            score(a, r as u32).map(|p| (a, p))
        })
        .collect()
}

/// For each reference `found` leaves open, the candidate `score` rates
/// highest among `lookups`: those of the same name first, the others
/// only for the references none of those took (at a million contact
/// rows, 4,000 of 520,000).
fn take_best(
    entity: Entity,
    features: &[Features],
    core: usize,
    lookups: &[(u32, u32)],
    found: &mut [Option<(u32, f64)>],
    score: impl Fn(u32, u32) -> Option<f64> + Sync,
) {
    for same in [true, false] {
        let scored: Vec<(u32, u32, f64)> = lookups
            .par_iter()
            .filter(|&&(a, r)| {
                found[r as usize - core].is_none()
                    && same_name(entity, &features[a as usize], &features[r as usize]) == same
            })
            .filter_map(|&(a, r)| score(a, r).map(|p| (r, a, p)))
            .collect();
        for (r, a, p) in scored {
            let slot = &mut found[r as usize - core];
            // Strongest first; on a tie the earlier record, so runs agree.
            if slot.is_none_or(|(b, q)| p > q || (p == q && a < b)) {
                *slot = Some((a, p));
            }
        }
    }
}

/// The same name, written alike once normalized: the company key, a
/// person's first and last name, a deal's name.
fn same_name(entity: Entity, x: &Features, y: &Features) -> bool {
    let same = |a: &Option<CompactString>, b: &Option<CompactString>| a.is_some() && a == b;
    match entity {
        Entity::Company => same(&x.company, &y.company),
        Entity::Contact => same(&x.first, &y.first) && same(&x.last, &y.last),
        Entity::Deal => same(&x.deal_name, &y.deal_name),
    }
}

/// Give each reference (`cluster.len()..features.len()`) a cluster: that
/// of the core record it matches best among `lookups` (pairs `(core,
/// reference)`), or a new one.
///
/// A reference that carries the CRM id of exactly one core record (a deal
/// row's `Associated Contact IDs`) takes that record, unless their names
/// cannot link: the id is the export's own association, where the name
/// may be one of many namesakes. Its other candidates are then not scored
/// (on a large CRM export, the contacts of half a million deal rows
/// skipped 13 million lookups).
///
/// Otherwise the records that bear the reference's very name are scored
/// first, and one of them at or above the auto threshold is taken even if
/// a record of a near name would score higher: a row that writes `Écovia`
/// means an Écovia (the namesakes among them are told apart by the
/// score, town and domain), not an `Ecobia` of the same town. Only the
/// references none of them took are scored against the near names: a
/// company written alike on thousands of contact rows is looked up among
/// five records, not thirty.
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
    let score = |a: u32, r: u32| {
        let (x, y) = (&features[a as usize], &features[r as usize]);
        if rules::cannot_link(entity, x, y) {
            return None;
        }
        let levels = compare(fields, x, y);
        let ruled = rules::rule(entity, x, y).is_some();
        // Most pairs (a reference against the namesakes of its company)
        // fall short whatever they agree on: their term frequencies,
        // which hash each record's values, are not looked up.
        if !ruled && model.cannot_reach(&levels, settings.auto) {
            return None;
        }
        let p = model.probability(&levels, x, y);
        let p = if ruled { p.max(RULE_PROBABILITY) } else { p };
        (p >= settings.auto).then_some(p)
    };
    let mut found = by_record_id(features, core, &score);
    take_best(entity, features, core, lookups, &mut found, score);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn named(company: &str) -> Features {
        Features { company: Some(company.into()), ..Features::default() }
    }

    #[test]
    fn a_reference_takes_a_record_of_its_very_name_before_a_near_one() {
        let features = [
            named("ecovia"),
            named("ecobia"),
            named("optiline"),
            named("optilime"),
            named("ecovia"),
        ];
        let core = 4;
        // References: `ecovia`, whose namesake passes; `optiline`, whose
        // namesake the scorer refuses.
        let features: Vec<Features> = features.into_iter().chain([named("optiline")]).collect();
        let lookups = [(0, 4), (1, 4), (2, 5), (3, 5)];
        let score = |a: u32, _| match a {
            0 => Some(0.95),
            1 => Some(0.99),
            2 => None,
            _ => Some(0.97),
        };
        let mut found = vec![None; features.len() - core];
        take_best(Entity::Company, &features, core, &lookups, &mut found, score);
        assert_eq!(found, [Some((0, 0.95)), Some((3, 0.97))]);
    }

    #[test]
    fn a_reference_with_the_crm_id_of_one_core_record_takes_it() {
        let with_id =
            |company: &str, id: &str| Features { record_id: Some(id.into()), ..named(company) };
        let features = [
            with_id("optiline", "11"),
            // Namesakes: the name cannot tell which one a row means.
            with_id("ecovia", "12"),
            with_id("ecovia", "13"),
            // A side row carrying the CRM id of record 11.
            with_id("optiline", "11"),
            // References: by id; by an id two core records bear; by an
            // unknown id; by a pair the scorer refuses; without an id.
            with_id("ecovia", "13"),
            with_id("optiline", "11"),
            with_id("ecovia", "99"),
            with_id("ecovia", "12"),
            named("ecovia"),
        ];
        let refused = (1, 7);
        let found = by_record_id(&features, 4, &|a, r| ((a, r) != refused).then_some(0.5));
        assert_eq!(found, [Some((2, 0.5)), None, None, None, None]);
    }

    #[test]
    fn equal_references_are_looked_up_once_and_copied() {
        let features = vec![
            named("ecovia"),   // core
            named("ecovia"),   // core: never merged with a reference
            named("optiline"), // reference
            named("ecovia"),   // reference
            named("optiline"), // copy of 2
            named("ecovia"),   // copy of 3
            named("néotis"),   // reference
        ];
        let records: Vec<usize> = (100..107).collect();
        let d = distinct_first(records, features, 2);
        assert_eq!(d.distinct, 3);
        assert_eq!(d.records, vec![100, 101, 102, 103, 106, 104, 105]);
        // The copies point at their model's new place.
        assert_eq!(d.copies, vec![2, 3]);
        assert_eq!(d.features.len(), 2 + d.distinct);
        assert_eq!(d.features[d.copies[0] as usize], named("optiline"));
        assert_eq!(d.features[d.copies[1] as usize], named("ecovia"));
    }

    #[test]
    fn blocking_pairs_references_with_core_records_only() {
        use crate::matching::blocking::candidates;
        // Two core records and three references, all of one name.
        let features: Vec<Features> = (0..5).map(|_| named("ecovia")).collect();
        let pairs = candidates(Entity::Company, &[], &features, 2).pairs;
        assert!(pairs.contains(&(0, 1)));
        assert!(pairs.iter().all(|&(a, _)| a < 2), "{pairs:?}");
        assert_eq!(pairs.len(), 1 + 2 * 3);
    }
}
