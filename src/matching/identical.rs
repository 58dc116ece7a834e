//! Identical records, blocked and compared once.
//!
//! A contact list repeats the company on the row of each of its people:
//! linking a million side rows, the million company records held 545,000
//! distinct ones, and the block of a name paired every copy with every
//! namesake (17.9M candidate pairs, of which a third said nothing the
//! copies' models had not said already).
//!
//! Records with equal features compare alike with any record, so only the
//! first of each kind (its model) is blocked and compared, for all:
//! - training counts each pair of models as often as the pairs of their
//!   copies would have counted, and the pairs among each model's copies
//!   besides ([`Identical::counts`]), so the model learnt is the one the
//!   copies would have given;
//! - before clustering, the copies take their model's place
//!   ([`Identical::rejoin`]): when the model's pair with itself is a link,
//!   each copy links to its model; when it is not (two rows giving only
//!   `Garage Martin`, a name many garages bear), each copy takes each
//!   pair of its model as its own, as if it had been paired alone.
//!
//! Only for companies: their clustering vetoes a merge on any one clearly
//! different pair (`cluster::Veto::AnyPair`), which copies cannot add to,
//! while people's clustering counts the pairs that agree, which copies
//! would.

use std::collections::hash_map::Entry;

use rayon::prelude::*;

use super::Link;
use super::compare::Levels;
use super::features::Features;
use super::patterns::Compared;
use crate::fxhash::FxHashMap;

/// Pairs to review given among the records of one group whose pair with
/// itself is to review: each with its next few, enough for each to be
/// `review` without a pair for every two of hundreds of copies.
const REVIEW_NEIGHBOURS: usize = 3;

/// The models and copies of a set of records.
#[derive(Debug, Default)]
pub struct Identical {
    /// Each record's model: itself for a model; empty when no record has
    /// a copy.
    model_of: Vec<u32>,
    /// The copies of each model that has some, models in index order.
    groups: Vec<(u32, Vec<u32>)>,
}

impl Identical {
    /// No record stands for another.
    pub fn none() -> Identical {
        Identical::default()
    }

    /// The first record of each kind stands for the later ones.
    pub fn find(features: &[Features]) -> Identical {
        let copies = copies_of_kinds(features);
        if copies.is_empty() {
            return Identical::none();
        }
        let mut model_of: Vec<u32> = (0..features.len() as u32).collect();
        for &(model, copy) in &copies {
            model_of[copy as usize] = model;
        }
        let groups = copies
            .chunk_by(|x, y| x.0 == y.0)
            .map(|group| (group[0].0, group.iter().map(|&(_, copy)| copy).collect()))
            .collect();
        Identical { model_of, groups }
    }

    /// Whether record `i` is a copy of an earlier one.
    pub fn is_copy(&self, i: usize) -> bool {
        self.model_of.get(i).is_some_and(|&m| m as usize != i)
    }

    /// How many records each record stands for, itself included (a copy
    /// counts once, its model standing for it too). By record, not a
    /// search of the groups for each of 8 million pairs, which took 1.5 s
    /// linking a million company rows.
    fn stands_for(&self) -> Vec<u32> {
        let mut weight = vec![1u32; self.model_of.len()];
        for (model, copies) in &self.groups {
            weight[*model as usize] += copies.len() as u32;
        }
        weight
    }

    /// The copies of model `i` (none for any other record).
    fn copies_of(&self, i: u32) -> &[u32] {
        match self.groups.binary_search_by_key(&i, |(m, _)| *m) {
            Ok(g) => &self.groups[g].1,
            Err(_) => &[],
        }
    }

    /// The patterns of the candidate pairs of models with their counts,
    /// as the pairs of all the records would have counted them: each
    /// pair once per pair of the records its two models stand for, and
    /// per model the pairs among its records, at the levels `with_itself`
    /// gives the model against itself (none: a pair never compared, as
    /// one `cannot_link` refuses).
    pub fn counts(
        &self,
        compared: &Compared,
        pairs: &[(u32, u32)],
        with_itself: impl Fn(u32) -> Option<Levels> + Sync,
    ) -> Vec<(Levels, u64)> {
        if self.groups.is_empty() {
            return compared.counts();
        }
        let weight = self.stands_for();
        let weights: Vec<u64> = pairs
            .par_iter()
            .map(|&(a, b)| u64::from(weight[a as usize]) * u64::from(weight[b as usize]))
            .collect();
        let mut counts = compared.counts_weighted(|k| weights[k]);
        let within: Vec<(Levels, u64)> = self
            .groups
            .par_iter()
            .filter_map(|(m, copies)| {
                let n = 1 + copies.len() as u64;
                with_itself(*m).map(|levels| (levels, n * (n - 1) / 2))
            })
            .collect();
        let mut at: FxHashMap<Levels, usize> =
            counts.iter().enumerate().map(|(k, (l, _))| (*l, k)).collect();
        for (levels, n) in within {
            match at.entry(levels) {
                Entry::Occupied(k) => counts[*k.get()].1 += n,
                Entry::Vacant(slot) => {
                    slot.insert(counts.len());
                    counts.push((levels, n));
                }
            }
        }
        counts.sort_unstable();
        counts
    }

    /// The links of the models (`scored`), with the copies put back in:
    /// `link_of(a, b)` scores any pair (`a < b`, or a model with itself)
    /// and gives it when it is at least to review. A group whose model
    /// links to itself at `auto` or by a rule links each copy to the
    /// model; any other group's copies take each pair of their model as
    /// their own, and pairs to review among them when the model's pair
    /// with itself is one.
    pub fn rejoin(
        &self,
        mut scored: Vec<Link>,
        auto: f64,
        link_of: impl Fn(u32, u32) -> Option<Link> + Sync,
    ) -> Vec<Link> {
        if self.groups.is_empty() {
            return scored;
        }
        let with_itself: Vec<Option<Link>> =
            self.groups.par_iter().map(|(m, _)| link_of(*m, *m)).collect();
        let mut added = Vec::new();
        // The models whose copies are scored apart from them.
        let mut apart = vec![false; self.model_of.len()];
        for ((model, copies), itself) in self.groups.iter().zip(&with_itself) {
            match itself {
                Some(l) if l.probability >= auto || l.rule.is_some() => {
                    added.extend(copies.iter().map(|&c| Link { a: *model, b: c, ..l.clone() }));
                }
                _ => apart[*model as usize] = true,
            }
            if let Some(l) = itself.as_ref().filter(|_| apart[*model as usize]) {
                let group: Vec<u32> =
                    std::iter::once(*model).chain(copies.iter().copied()).collect();
                for (i, &a) in group.iter().enumerate() {
                    for &b in group.iter().skip(i + 1).take(REVIEW_NEIGHBOURS) {
                        added.push(Link { a, b, ..l.clone() });
                    }
                }
            }
        }
        // Each copy of a model scored apart takes each pair of its model.
        let taken: Vec<Link> = scored
            .par_iter()
            .filter(|l| apart[l.a as usize] || apart[l.b as usize])
            .flat_map_iter(|l| {
                let side = |x: u32| {
                    let copies = if apart[x as usize] { self.copies_of(x) } else { &[] };
                    std::iter::once(x).chain(copies.iter().copied())
                };
                let pairs: Vec<(u32, u32)> = side(l.a)
                    .flat_map(|x| side(l.b).map(move |y| (x.min(y), x.max(y))))
                    .filter(|&p| p != (l.a, l.b))
                    .collect();
                pairs.into_iter().filter_map(|(a, b)| link_of(a, b))
            })
            .collect();
        scored.extend(added);
        scored.extend(taken);
        scored
    }
}

/// For each record, the first record with equal features (itself for the
/// first of its kind). Equal hashes of different features (never seen,
/// but possible) keep both as firsts.
pub fn first_of_each_kind(features: &[Features]) -> Vec<u32> {
    let mut model_of: Vec<u32> = (0..features.len() as u32).collect();
    for (model, copy) in copies_of_kinds(features) {
        model_of[copy as usize] = model;
    }
    model_of
}

/// Each record equal to an earlier one, as (first of its kind, record),
/// sorted.
///
/// Sorted by (signature, record), the records of a kind sit together,
/// first one first, and a record of a kind of its own is never compared:
/// a hash map from signature to first record, filled on one core, read
/// a far record for every repeat (about a second for the million
/// companies of a million CRM contacts).
fn copies_of_kinds(features: &[Features]) -> Vec<(u32, u32)> {
    let mut keyed: Vec<(u64, u32)> =
        features.par_iter().enumerate().map(|(i, f)| (f.signature(), i as u32)).collect();
    keyed.par_sort_unstable();
    let mut copies: Vec<(u32, u32)> = keyed
        .par_chunk_by(|x, y| x.0 == y.0)
        .filter(|run| run.len() > 1)
        .flat_map_iter(|run| {
            let first = run[0].1;
            run[1..]
                .iter()
                .filter(move |&&(_, i)| features[first as usize] == features[i as usize])
                .map(move |&(_, i)| (first, i))
        })
        .collect();
    copies.par_sort_unstable();
    copies
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::blocking::{candidates, candidates_skipping};
    use crate::matching::compare::{MAX_FIELDS, MISSING, compare, default_fields};
    use crate::model::Entity;

    fn company(name: &str, city: Option<&str>, domain: Option<&str>) -> Features {
        Features {
            company: Some(name.into()),
            city: city.map(Into::into),
            domain: domain.map(Into::into),
            ..Features::default()
        }
    }

    /// Rows naming companies, most of them several times over.
    fn rows() -> Vec<Features> {
        let mut rows = Vec::new();
        for copy in 0..4 {
            rows.push(company("optiline", Some("lyon"), Some("optiline.fr")));
            rows.push(company("optiline", Some("nantes"), None));
            rows.push(company("garage martin", None, None));
            if copy % 2 == 0 {
                rows.push(company("optilyne", Some("lyon"), Some("optiline.fr")));
            }
        }
        rows.push(company("garage martin", Some("caen"), None));
        rows
    }

    #[test]
    fn the_first_of_each_kind_stands_for_the_later_ones() {
        let rows = rows();
        let identical = Identical::find(&rows);
        assert_eq!(&identical.model_of[..8], &[0, 1, 2, 3, 0, 1, 2, 0]);
        assert!(!identical.is_copy(3) && identical.is_copy(4) && !identical.is_copy(14));
        let stands_for = identical.stands_for();
        assert_eq!((stands_for[0], stands_for[3], stands_for[14]), (4, 2, 1));
        assert_eq!(identical.copies_of(2), &[6, 9, 13]);
        assert!(Identical::find(&rows[12..]).groups.is_empty());
    }

    #[test]
    fn training_counts_the_pairs_all_the_records_would_have_given() {
        let rows = rows();
        let fields = default_fields(Entity::Company);
        let levels_of = |pairs: &[(u32, u32)]| -> Vec<Levels> {
            pairs
                .iter()
                .map(|&(a, b)| compare(&fields, &rows[a as usize], &rows[b as usize]))
                .collect()
        };
        let all = candidates(Entity::Company, &fields, &rows, rows.len()).pairs;
        let expected = crate::matching::patterns::count(&levels_of(&all));

        let identical = Identical::find(&rows);
        let pairs = candidates_skipping(
            Entity::Company,
            &fields,
            &rows,
            rows.len(),
            |i| identical.is_copy(i),
            &|i| i,
        )
        .pairs;
        assert!(pairs.len() * 4 < all.len(), "{} of {} pairs", pairs.len(), all.len());
        let (compared, _) = Compared::build(&pairs, &[], |&(a, b)| {
            (compare(&fields, &rows[a as usize], &rows[b as usize]), ())
        });
        let counts = identical.counts(&compared, &pairs, |m| {
            Some(compare(&fields, &rows[m as usize], &rows[m as usize]))
        });
        assert_eq!(counts, expected);
    }

    fn link(a: u32, b: u32, probability: f64) -> Link {
        Link { a, b, probability, levels: [MISSING; MAX_FIELDS], rule: None }
    }

    #[test]
    fn copies_link_to_their_model_or_take_its_pairs() {
        // 0 (copies 2, 3) is sure of itself; 1 (copy 4) only to review,
        // as a bare name is; 5 has no copy.
        let identical = Identical {
            model_of: vec![0, 1, 0, 0, 1, 5],
            groups: vec![(0, vec![2, 3]), (1, vec![4])],
        };
        let kind = |x: u32| identical.model_of[x as usize];
        let link_of = |a: u32, b: u32| match (kind(a), kind(b)) {
            (0, 0) => Some(link(a, b, 0.999)),
            (1, 1) => Some(link(a, b, 0.8)),
            (1, 5) => Some(link(a, b, 0.95)),
            (0, 5) => Some(link(a, b, 0.75)),
            _ => None,
        };
        let scored = vec![link(0, 5, 0.75), link(1, 5, 0.95)];
        let mut out: Vec<(u32, u32, f64)> = identical
            .rejoin(scored, 0.92, link_of)
            .iter()
            .map(|l| (l.a, l.b, l.probability))
            .collect();
        out.sort_by_key(|&(a, b, _)| (a, b));
        assert_eq!(
            out,
            [(0, 2, 0.999), (0, 3, 0.999), (0, 5, 0.75), (1, 4, 0.8), (1, 5, 0.95), (4, 5, 0.95)]
        );
    }
}
