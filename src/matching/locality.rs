//! Records reordered so that likely pairs sit side by side in memory.
//!
//! Blocking's first-name check and the comparisons read two records per
//! candidate pair, and in input order the second is anywhere among
//! millions: linking a million contacts against a million, most pairs
//! waited on main memory. Most candidate pairs share a surname or its
//! sound (people), a name (companies), a contact (deals): with the
//! records sorted on it for those two steps, both records of a pair are
//! near each other, mostly in cache.
//!
//! The order is internal to blocking and comparing: [`Order::apply`]
//! before, then [`Order::orient`] (each pair's records in input order,
//! since not every comparison is symmetric), [`Order::undo`] and
//! [`Order::number_back`] after. Large blocks break ties in input order
//! too, so the pairs, their levels and everything after are those of the
//! records unmoved: the outputs are byte for byte the same.

use rayon::prelude::*;

use super::features::{Features, stable_hash};
use super::prefetch;
use crate::model::Entity;

/// A permutation of records: position `p` of the new order holds record
/// `old[p]` of the input order.
#[derive(Debug, Default)]
pub struct Order {
    old: Vec<u32>,
    new: Vec<u32>,
}

impl Order {
    /// Records by the key their likely pairs share (see [`locality_key`]),
    /// then in input order.
    pub fn of(entity: Entity, features: &[Features]) -> Order {
        let mut keyed: Vec<(u64, u64, u32)> = features
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let (a, b) = locality_key(entity, f);
                (a, b, i as u32)
            })
            .collect();
        keyed.par_sort_unstable();
        let old: Vec<u32> = keyed.into_iter().map(|(_, _, i)| i).collect();
        let mut new = vec![0u32; old.len()];
        for (p, &i) in old.iter().enumerate() {
            new[i as usize] = p as u32;
        }
        Order { old, new }
    }

    /// The input index of the record now at `p` (indices past the order
    /// are unchanged).
    pub fn old(&self, p: u32) -> u32 {
        self.old.get(p as usize).copied().unwrap_or(p)
    }

    /// Each pair (numbered in the new order) with its records in input
    /// order, as they would have been compared had they not moved: not
    /// every comparison is symmetric (a first name read against a
    /// surname, which record's names are swapped).
    pub fn orient(&self, pairs: &mut [(u32, u32)]) {
        pairs.par_iter_mut().for_each(|p| {
            if self.old(p.0) > self.old(p.1) {
                *p = (p.1, p.0);
            }
        });
    }

    /// Pairs numbered in the new order, [`Order::orient`]ed, numbered back
    /// in input order (lower index first). They are not sorted again: at
    /// a million contacts that took seconds, and nothing after comparing
    /// depends on the order of the pairs (ties are broken by index).
    pub fn number_back(&self, pairs: &mut [(u32, u32)]) {
        pairs.par_iter_mut().for_each(|p| *p = (self.old(p.0), self.old(p.1)));
    }

    /// Put the items the order covers (the first ones) in the new order, in place (a copy of a
    /// million records' features would be a gigabyte of fresh pages).
    pub fn apply<T>(&self, items: &mut [T]) {
        permute(&mut items[..self.old.len()], &self.old);
    }

    /// Put the items the order covers back in input order.
    pub fn undo<T>(&self, items: &mut [T]) {
        permute(&mut items[..self.new.len()], &self.new);
    }
}

/// `items[p] = items[from[p]]` for every `p` at once, by following each
/// cycle of the permutation with swaps.
///
/// Each swap reads an item at random (a record's features: seven cache
/// lines), and the cycle says which a few swaps ahead: asking for those
/// early took putting a million contacts against a million in order from
/// 1.4 s to 0.9 s, and back from 1.5 s to 1.2 s.
fn permute<T>(items: &mut [T], from: &[u32]) {
    /// Swaps between asking for an item and moving it.
    const AHEAD: usize = 6;
    let mut done = vec![false; items.len()];
    for start in 0..items.len() {
        if done[start] {
            continue;
        }
        let mut ahead = start;
        for _ in 0..AHEAD {
            ahead = from[ahead] as usize;
            prefetch::value(&items[ahead]);
        }
        let mut at = start;
        loop {
            done[at] = true;
            let next = from[at] as usize;
            if next == start {
                break;
            }
            ahead = from[ahead] as usize;
            prefetch::value(&items[ahead]);
            items.swap(at, next);
            at = next;
        }
    }
}

/// What the likely pairs of a record share: a person's surname sound and
/// surname (email, phone and name keys mostly pair namesakes), a
/// company's name, a deal's contact and company.
fn locality_key(entity: Entity, f: &Features) -> (u64, u64) {
    let hash = |s: Option<&str>| s.map_or(0, |s| stable_hash(0, s));
    match entity {
        Entity::Contact => (hash(f.last_sound.as_deref()), hash(f.last.as_deref())),
        Entity::Company => (hash(f.company.as_deref()), hash(f.city.as_deref())),
        Entity::Deal => {
            (f.contact_ref.map_or(u64::MAX, u64::from), f.company_ref.map_or(u64::MAX, u64::from))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(last: &str) -> Features {
        Features { last: Some(last.into()), last_sound: Some(last.into()), ..Features::default() }
    }

    #[test]
    fn namesakes_end_side_by_side_and_undo_restores_the_input_order() {
        let names = ["martin", "durand", "martin", "petit", "durand", "martin"];
        let mut features: Vec<Features> = names.iter().map(|n| person(n)).collect();
        let order = Order::of(Entity::Contact, &features);
        order.apply(&mut features);
        let sorted: Vec<&str> = features.iter().map(|f| f.last.as_deref().unwrap()).collect();
        // Each name's records are one run, in input order within it.
        let runs = sorted.chunk_by(|a, b| a == b).count();
        assert_eq!(runs, 3, "{sorted:?}");
        for p in 0..names.len() as u32 {
            assert_eq!(sorted[p as usize], names[order.old(p) as usize]);
            assert_eq!(order.new[order.old(p) as usize], p);
        }
        let martins: Vec<u32> =
            (0..6).filter(|&p| sorted[p as usize] == "martin").map(|p| order.old(p)).collect();
        assert_eq!(martins, [0, 2, 5]);
        order.undo(&mut features);
        let back: Vec<&str> = features.iter().map(|f| f.last.as_deref().unwrap()).collect();
        assert_eq!(back, names);
    }

    #[test]
    fn records_past_the_order_keep_their_place() {
        let order = Order::of(Entity::Contact, &[person("b"), person("a")]);
        let mut items = vec![10, 11, 12, 13];
        order.apply(&mut items);
        assert_eq!(&items[2..], &[12, 13]);
        assert_eq!(order.old(3), 3);
        order.undo(&mut items);
        assert_eq!(items, [10, 11, 12, 13]);
    }

    #[test]
    fn blocking_in_the_new_order_finds_the_pairs_of_the_input_order() {
        use crate::matching::blocking::{MAX_FULL_BLOCK, candidates, candidates_skipping};
        use crate::matching::compare::default_fields;
        // A block of one company name larger than is paired in full, its
        // records alike but for their town: ties in the block's order,
        // which the new order (by name and town) puts otherwise.
        let towns = ["lyon", "nantes", "caen", "brest", "sète"];
        let mut features: Vec<Features> = (0..3 * MAX_FULL_BLOCK)
            .map(|i| Features {
                company: Some(if i % 7 == 0 { "durand sa" } else { "optiline" }.into()),
                city: Some(towns[i % 5].into()),
                ..Features::default()
            })
            .collect();
        let fields = default_fields(Entity::Company);
        let n = features.len();
        let mut expected = candidates(Entity::Company, &fields, &features, n).pairs;
        expected.sort_unstable();

        let order = Order::of(Entity::Company, &features);
        order.apply(&mut features);
        let mut pairs =
            candidates_skipping(Entity::Company, &fields, &features, n, |_| false, &|i| {
                order.old(i)
            })
            .pairs;
        order.orient(&mut pairs);
        assert!(pairs.iter().all(|&(a, b)| order.old(a) < order.old(b)));
        order.number_back(&mut pairs);
        pairs.sort_unstable();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn any_permutation_is_applied_and_undone() {
        // A permutation with cycles of several lengths and fixed points.
        let old: Vec<u32> = vec![3, 0, 1, 2, 4, 7, 5, 6, 9, 8];
        let mut new = vec![0; old.len()];
        for (p, &i) in old.iter().enumerate() {
            new[i as usize] = p as u32;
        }
        let order = Order { old: old.clone(), new };
        let mut items: Vec<u32> = (100..110).collect();
        order.apply(&mut items);
        let expected: Vec<u32> = old.iter().map(|&i| 100 + i).collect();
        assert_eq!(items, expected);
        order.undo(&mut items);
        assert_eq!(items, (100..110).collect::<Vec<u32>>());
    }
}
