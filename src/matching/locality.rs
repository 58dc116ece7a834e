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
    pub fn apply<T: Send + Sync>(&self, items: &mut [T]) {
        permute(&mut items[..self.old.len()], &self.old);
    }

    /// Put the items the order covers back in input order.
    pub fn undo<T: Send + Sync>(&self, items: &mut [T]) {
        permute(&mut items[..self.new.len()], &self.new);
    }
}

/// `items[p] = items[from[p]]` for every `p` at once, in place (a copy of
/// a million records' features would be a gigabyte of fresh pages).
///
/// Each cycle of the permutation is a rotation: along the cycle, each
/// position takes the item of the next. Following a cycle with swaps is a
/// walk on one core, and a sorted order makes one cycle of most of the
/// records. So the cycles are cut into segments of at most [`SEGMENT`]
/// positions, on both cores: each segment's first item is moved aside,
/// then each segment shifts its own items down the cycle and takes the
/// moved-aside item of the segment after it into its last position.
///
/// Each move reads an item at random (a record's features: seven cache
/// lines), and the walk says which a few moves ahead, so those are asked
/// for early.
fn permute<T: Send + Sync>(items: &mut [T], from: &[u32]) {
    /// Moves between asking for an item and moving it.
    const AHEAD: usize = 6;
    let n = items.len();
    assert_eq!(from.len(), n, "one source per item");
    let (walk, segments) = segments_of(from);
    /// The items, written by several cores at disjoint positions.
    struct Shared<T>(*mut T);
    // SAFETY: each core reads and writes only the positions of its own
    // segments (below), and `T: Send` lets items move between threads.
    #[allow(unsafe_code)]
    unsafe impl<T: Send> Sync for Shared<T> {}
    let shared = Shared(items.as_mut_ptr());
    let shared = &shared;
    // SAFETY: `walk` lists every position below `n` at most once
    // (`segments_of` checks that `from` is a permutation of `0..n`), so
    // each item is moved out once, by its segment: its first item here,
    // the others in the shifts below, each into the position just left
    // by the one before.
    #[allow(unsafe_code)]
    let aside: Vec<std::mem::ManuallyDrop<T>> = segments
        .par_iter()
        .map(|s| unsafe {
            std::mem::ManuallyDrop::new(std::ptr::read(shared.0.add(walk[s.start] as usize)))
        })
        .collect();
    segments.par_iter().for_each(|s| {
        let at = |j: usize| walk[j] as usize;
        for j in s.start..s.end - 1 {
            if j + 1 + AHEAD < s.end {
                let later = shared.0.wrapping_add(walk[j + 1 + AHEAD] as usize);
                prefetch::bytes(later.cast(), std::mem::size_of::<T>());
            }
            // SAFETY: both positions are this segment's; `at(j)` was
            // moved out (aside, or by the previous shift).
            #[allow(unsafe_code)]
            unsafe {
                std::ptr::copy_nonoverlapping(shared.0.add(at(j + 1)), shared.0.add(at(j)), 1);
            }
        }
        // SAFETY: the last position was moved out by the last shift (or
        // aside, for a segment of one); the item aside is moved once, as
        // each segment is the next of exactly one.
        #[allow(unsafe_code)]
        unsafe {
            std::ptr::write(shared.0.add(at(s.end - 1)), std::ptr::read(&*aside[s.next]));
        }
    });
}

/// Positions a permutation moves, its longest cycles first cut into
/// segments.
const SEGMENT: usize = 1 << 14;

/// One segment of a cycle: `walk[start..end]`, and the segment after it
/// along the cycle (itself for a cycle of one segment).
struct Segment {
    start: usize,
    end: usize,
    next: usize,
}

/// The positions of each cycle of `from` that moves, in cycle order
/// (`from[walk[j]] == walk[j + 1]` within a cycle), and the cycles'
/// segments.
///
/// Panics unless `from` is a permutation of `0..from.len()`: [`permute`]
/// moves items by these positions without further checks.
fn segments_of(from: &[u32]) -> (Vec<u32>, Vec<Segment>) {
    let n = from.len();
    let mut done = vec![false; n];
    let mut walk: Vec<u32> = Vec::new();
    let mut segments = Vec::new();
    for start in 0..n {
        if done[start] || from[start] as usize == start {
            done[start] = true;
            continue;
        }
        let first = walk.len();
        let mut at = start;
        while !done[at] {
            done[at] = true;
            walk.push(at as u32);
            at = from[at] as usize;
        }
        assert_eq!(at, start, "not a permutation: position {at} is the source of two");
        let first_segment = segments.len();
        for seg_start in (first..walk.len()).step_by(SEGMENT) {
            let next = segments.len() + 1;
            segments.push(Segment {
                start: seg_start,
                end: (seg_start + SEGMENT).min(walk.len()),
                next,
            });
        }
        segments.last_mut().expect("a cycle has positions").next = first_segment;
    }
    (walk, segments)
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
    fn cycles_longer_than_a_segment_are_rotated_on_both_cores() {
        // One cycle of three and a half segments (each item takes the
        // next's), a cycle of two segments exactly, swaps, fixed points.
        let long = 3 * SEGMENT + SEGMENT / 2;
        let n = long + 2 * SEGMENT + 10;
        let mut old: Vec<u32> = (0..n as u32).collect();
        for (p, from) in old.iter_mut().enumerate() {
            if p < long {
                *from = ((p + 1) % long) as u32;
            } else if p < long + 2 * SEGMENT {
                *from = (long + (p - long + 7) % (2 * SEGMENT)) as u32;
            }
        }
        old.swap(n - 10, n - 9);
        old.swap(n - 5, n - 2);
        let mut new = vec![0; n];
        for (p, &i) in old.iter().enumerate() {
            new[i as usize] = p as u32;
        }
        let (_, segments) = segments_of(&old);
        assert_eq!(segments.len(), 4 + 2 + 2);
        let order = Order { old: old.clone(), new };
        // Items that own memory: a lost or doubled move shows.
        let mut items: Vec<String> = (0..n).map(|i| format!("item {i}")).collect();
        order.apply(&mut items);
        let expected: Vec<String> = old.iter().map(|&i| format!("item {i}")).collect();
        assert_eq!(items, expected);
        order.undo(&mut items);
        assert_eq!(items, (0..n).map(|i| format!("item {i}")).collect::<Vec<_>>());
    }

    #[test]
    #[should_panic(expected = "not a permutation")]
    fn a_position_twice_is_refused_before_anything_moves() {
        segments_of(&[1, 2, 1]);
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
