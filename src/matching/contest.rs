//! A row about a contact who has several CRM deals is one of those deals
//! at most: its pairs with them are weighed together, not one by one.
//!
//! Scored alone, such a pair starts from the share of matches among all
//! pairs of its kind (about 0.42: with two CRM deals, a row is at best
//! one of the two), whatever the contact's other deals look like. A row
//! that agrees with one deal on the close date and amount and with the
//! other on nothing is still only "probably" the first: 0.81 for
//! `Société Générale de Travaux Simon, 51 600 €, 05/01/2027` against the
//! CRM's 44 500 € deal closing that day, beside a won deal of 27 000 €
//! closed a year before. Weighed together, the hypotheses are "the row is
//! deal j" (prior q/k each, the contact having k CRM deals) and "the row
//! is none of them" (1 − q):
//!
//! P(deal j) = (q/k)·Lⱼ / ((1 − q) + Σᵢ (q/k)·Lᵢ)
//!
//! where Lⱼ is the Bayes factor of the pair's other fields. A deal that
//! fits no better than its rivals gets less than before, one that stands
//! out gets more. q, the share of such rows that are one of their
//! contact's deals, is estimated by EM over the rows themselves, as m is
//! over pairs. CRM deals that are copies of one another (a CRM duplicate)
//! are one hypothesis, so that a row about that deal is not split between
//! its copies.

use rayon::prelude::*;
use serde::Serialize;

use super::compare::{FieldKind, Levels, SEVERAL_CRM_DEALS};
use super::features::Features;
use super::patterns::Compared;
use super::weights::Model;
use crate::model::Entity;

/// More CRM deals than this for one row: their copies are not looked for
/// (each check scores a pair of CRM deals).
const MAX_COPIES_CHECKED: usize = 16;

/// The contested pairs of one entity's candidates, found once (they
/// depend on the levels, not on the weights).
#[derive(Debug, Default)]
pub struct Contests {
    /// (row, pair number), sorted: each row's pairs with its contact's
    /// CRM deals, side by side.
    entries: Vec<(u32, u32)>,
    /// The pair numbers of `entries`, sorted, to tell a contested pair.
    pairs: Vec<u32>,
    /// The index of the customer field.
    contact: usize,
}

/// What report.json says of the contests.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContestSummary {
    /// Rows weighed against their contact's CRM deals.
    pub rows: usize,
    /// Their pairs with those deals.
    pub pairs: usize,
    /// q: the share of those rows that are one of their contact's CRM
    /// deals, as EM estimated it.
    pub one_of_the_deals: f64,
    pub iterations: usize,
}

impl Contests {
    /// The pairs of a deal row without a record id and a CRM deal (with
    /// one) whose contact is the row's and has several CRM deals.
    pub fn find(
        entity: Entity,
        fields: &[FieldKind],
        features: &[Features],
        pairs: &[(u32, u32)],
        levels: &Compared,
    ) -> Contests {
        let contact = fields.iter().position(|&f| f == FieldKind::Contact);
        let Some(contact) = contact.filter(|_| entity == Entity::Deal) else {
            return Contests::default();
        };
        let contested: Vec<bool> =
            levels.patterns().iter().map(|l| l[contact] == SEVERAL_CRM_DEALS).collect();
        let mut entries: Vec<(u32, u32)> = pairs
            .par_iter()
            .zip(levels.numbers())
            .enumerate()
            .filter(|&(_, (_, &n))| contested[n as usize])
            .filter_map(|(k, (&(a, b), _))| {
                row_of(&features[a as usize], &features[b as usize])
                    .map(|first| (if first { a } else { b }, k as u32))
            })
            .collect();
        entries.par_sort_unstable();
        let mut numbers: Vec<u32> = entries.iter().map(|&(_, k)| k).collect();
        numbers.par_sort_unstable();
        Contests { entries, pairs: numbers, contact }
    }

    /// Whether pair number `k` is weighed by [`Contests::weigh`].
    pub fn contains(&self, k: u32) -> bool {
        self.pairs.binary_search(&k).is_ok()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The probability of each contested pair (pair number, probability),
    /// in pair order, and what EM found. `copies(a, b)` says whether two
    /// CRM deals are one deal.
    pub fn weigh(
        &self,
        model: &Model,
        features: &[Features],
        pairs: &[(u32, u32)],
        levels: &Compared,
        copies: &(impl Fn(u32, u32) -> bool + Sync),
    ) -> (Vec<(u32, f64)>, ContestSummary) {
        let rows: Vec<&[(u32, u32)]> = self.entries.chunk_by(|x, y| x.0 == y.0).collect();
        // Each row's hypotheses: per CRM deal (or group of copies), the
        // log₂ Bayes factor of the fields besides the customer, and the
        // pairs that stand for it.
        let hypotheses: Vec<Row> = rows
            .par_iter()
            .map(|entries| {
                let row = entries[0].0;
                let bits: Vec<f64> = entries
                    .iter()
                    .map(|&(_, k)| {
                        let (a, b) = pairs[k as usize];
                        let l = &levels.patterns()[levels.numbers()[k as usize] as usize];
                        self.other_fields(model, l, a, b, features)
                    })
                    .collect();
                let partner = |k: u32| {
                    let (a, b) = pairs[k as usize];
                    if a == row { b } else { a }
                };
                let group = copy_groups(entries.len(), |i, j| {
                    entries.len() <= MAX_COPIES_CHECKED
                        && copies(partner(entries[i].1), partner(entries[j].1))
                });
                let groups = group.iter().copied().max().map_or(0, |g| g + 1);
                let mut best = vec![f64::NEG_INFINITY; groups];
                for (&g, &b) in group.iter().zip(&bits) {
                    best[g] = best[g].max(b);
                }
                // The deals no pair stands for (refused outright) are
                // hypotheses too, that nothing supports.
                let merged = entries.len() - groups;
                let deals = usize::from(features[row as usize].contact_crm_deals)
                    .max(entries.len())
                    - merged;
                Row { deals: deals as f64, best, group }
            })
            .collect();
        let (q, iterations) = estimate_share(&hypotheses);
        let mut probabilities: Vec<(u32, f64)> = rows
            .par_iter()
            .zip(&hypotheses)
            .flat_map_iter(|(entries, h)| {
                let p = h.posteriors(q);
                entries.iter().zip(&h.group).map(move |(&(_, k), &g)| (k, p[g]))
            })
            .collect();
        probabilities.par_sort_unstable_by_key(|&(k, _)| k);
        let summary = ContestSummary {
            rows: rows.len(),
            pairs: self.entries.len(),
            one_of_the_deals: q,
            iterations,
        };
        (probabilities, summary)
    }

    /// The log₂ Bayes factor of a pair's fields other than the customer,
    /// whose level is the contest itself.
    fn other_fields(&self, model: &Model, levels: &Levels, a: u32, b: u32, f: &[Features]) -> f64 {
        let w = model.weights_at(levels, a, b, f);
        (0..model.fields.len()).filter(|&i| i != self.contact).map(|i| w[i]).sum()
    }
}

/// Whether a deal pair at these levels is weighed against the contact's
/// other CRM deals (see [`Contests::find`]); `fields` are the model's.
pub fn is_contested(fields: &[FieldKind], levels: &Levels, a: &Features, b: &Features) -> bool {
    fields
        .iter()
        .position(|&f| f == FieldKind::Contact)
        .is_some_and(|c| levels[c] == SEVERAL_CRM_DEALS && row_of(a, b).is_some())
}

/// Of a pair of deals, whether the first is the row about the contact
/// (true) or the second (false), when exactly one is a CRM deal.
fn row_of(a: &Features, b: &Features) -> Option<bool> {
    match (a.record_id.is_some(), b.record_id.is_some()) {
        (false, true) => Some(true),
        (true, false) => Some(false),
        _ => None,
    }
}

/// One contested row: its CRM deals as hypotheses.
struct Row {
    /// k: the contact's CRM deals, copies counted once.
    deals: f64,
    /// Per hypothesis (group of copies), the best log₂ Bayes factor of
    /// its pairs.
    best: Vec<f64>,
    /// Per pair of the row, its hypothesis.
    group: Vec<usize>,
}

impl Row {
    /// P(the row is deal j) per hypothesis j, and P(none of them) last,
    /// given the share q of rows that are one of their contact's deals.
    fn posteriors(&self, q: f64) -> Vec<f64> {
        let each = (q / self.deals).log2();
        let none = (1.0 - q).log2();
        let top = self.best.iter().map(|b| each + b).fold(none, f64::max);
        let mut terms: Vec<f64> = self.best.iter().map(|b| (each + b - top).exp2()).collect();
        terms.push((none - top).exp2());
        let total: f64 = terms.iter().sum();
        terms.iter().map(|t| t / total).collect()
    }
}

/// The share q of contested rows that are one of their contact's CRM
/// deals, by EM: each row's chance of being none of them, given q, gives
/// the next q. Kept within [`Q_BOUNDS`], so that neither hypothesis is
/// ever ruled out by the prior alone.
fn estimate_share(rows: &[Row]) -> (f64, usize) {
    if rows.is_empty() {
        return (Q_START, 0);
    }
    let mut q = Q_START;
    for iteration in 1..=MAX_ITERATIONS {
        let none: f64 = rows.par_iter().map(|r| *r.posteriors(q).last().expect("none")).sum();
        let next = (1.0 - none / rows.len() as f64).clamp(Q_BOUNDS.0, Q_BOUNDS.1);
        let done = (next - q).abs() < 1e-6;
        q = next;
        if done {
            return (q, iteration);
        }
    }
    (q, MAX_ITERATIONS)
}

/// Where EM starts: no view either way.
const Q_START: f64 = 0.5;
/// q never leaves these, whatever the rows say: at 0.99 a row that fits
/// one deal poorly and the others not at all still has "none of them"
/// at odds of 1 to 99 before its evidence.
const Q_BOUNDS: (f64, f64) = (0.01, 0.99);
/// EM converged in 13–14 iterations on the generator's sets.
const MAX_ITERATIONS: usize = 200;

/// Groups of the items `0..n` that `same` joins, numbered from 0 in
/// order of their first item.
fn copy_groups(n: usize, same: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut group: Vec<usize> = (0..n).collect();
    for i in 0..n {
        for j in 0..i {
            if group[j] == j && same(j, i) {
                group[i] = j;
                break;
            }
        }
    }
    // Renumber the group leaders 0, 1, 2…
    let mut number = vec![usize::MAX; n];
    let mut next = 0;
    for g in group.iter_mut() {
        if number[*g] == usize::MAX {
            number[*g] = next;
            next += 1;
        }
        *g = number[*g];
    }
    group
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(deals: f64, best: &[f64]) -> Row {
        Row { deals, best: best.to_vec(), group: (0..best.len()).collect() }
    }

    #[test]
    fn a_deal_that_stands_out_gains_and_look_alikes_share() {
        // Alone, at the session's share 0.42 and 2.45 bits of evidence:
        // 0.81. Against a rival deal that agrees on nothing: far more.
        let q = 0.9;
        let p = row(2.0, &[2.45, -16.0]).posteriors(q);
        assert!(p[0] > 0.95, "{p:?}");
        assert!(p[1] < 1e-4, "{p:?}");
        // Two deals that fit the row alike: neither is it for sure.
        let p = row(2.0, &[6.0, 6.0]).posteriors(q);
        assert!((p[0] - p[1]).abs() < 1e-12 && p[0] < 0.5, "{p:?}");
        // Nothing fits: most likely none of them.
        let p = row(3.0, &[-8.0, -9.0, -12.0]).posteriors(q);
        assert!(p[3] > 0.9, "{p:?}");
        // Probabilities of all hypotheses sum to 1.
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_deal_no_pair_stands_for_still_takes_its_share_of_the_prior() {
        // Three CRM deals, one pair (the others refused): the lone pair is
        // one of three, not one of one.
        let alone = row(1.0, &[1.0]).posteriors(0.9)[0];
        let one_of_three = row(3.0, &[1.0]).posteriors(0.9)[0];
        assert!(one_of_three < alone);
    }

    #[test]
    fn em_finds_the_share_of_rows_that_are_one_of_the_deals() {
        // 80 rows that clearly are their first deal, 20 that fit none.
        let mut rows: Vec<Row> = (0..80).map(|_| row(2.0, &[20.0, -20.0])).collect();
        rows.extend((0..20).map(|_| row(2.0, &[-20.0, -20.0])));
        let (q, iterations) = estimate_share(&rows);
        assert!((q - 0.8).abs() < 1e-3, "{q}");
        assert!(iterations < MAX_ITERATIONS);
        // Every row a clear match: q stops at its bound.
        let rows: Vec<Row> = (0..10).map(|_| row(2.0, &[20.0, -20.0])).collect();
        assert_eq!(estimate_share(&rows).0, Q_BOUNDS.1);
        assert_eq!(estimate_share(&[]).0, Q_START);
    }

    #[test]
    fn copies_make_one_group() {
        // 0 ~ 2, 1 alone, 3 ~ 1.
        let same = |i: usize, j: usize| matches!((i.min(j), i.max(j)), (0, 2) | (1, 3));
        assert_eq!(copy_groups(4, same), [0, 1, 0, 1]);
        assert_eq!(copy_groups(3, |_, _| false), [0, 1, 2]);
        assert_eq!(copy_groups(0, |_, _| true), Vec::<usize>::new());
    }
}
