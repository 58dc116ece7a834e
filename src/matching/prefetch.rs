//! Walking candidate pairs with the next pairs' records already on their
//! way from memory.
//!
//! Pairs come sorted by their first record, so their second records are
//! read at random among millions, and each one waits for main memory. At
//! a million contacts against a million, the first-name check of
//! blocking (42 million pairs) and the comparisons spent most of their
//! time in those waits. Asking for the record a few pairs ahead lets the
//! loads overlap the work on the pairs before it.

use rayon::prelude::*;

/// How many items ahead `prefetch` is called.
const AHEAD: usize = 8;
/// Items each core takes at a time, walked in order.
const PIECE: usize = 4096;

/// `f` of each item, in order, on all cores; `prefetch` is called on the
/// item [`AHEAD`] places later before each item is worked on.
pub fn map<'a, P: Sync, T: Send>(
    items: &'a [P],
    prefetch: &'a (impl Fn(&P) + Sync),
    f: &'a (impl Fn(&P) -> T + Sync),
) -> impl ParallelIterator<Item = T> + 'a {
    items.par_chunks(PIECE).flat_map_iter(move |piece| {
        piece.iter().enumerate().map(move |(i, item)| {
            if let Some(later) = piece.get(i + AHEAD) {
                prefetch(later);
            }
            f(item)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn items_come_back_in_order_and_later_ones_are_prefetched() {
        let items: Vec<u32> = (0..(3 * PIECE as u32 + 17)).collect();
        let prefetched = AtomicUsize::new(0);
        let out: Vec<u64> = map(
            &items,
            &|_| {
                prefetched.fetch_add(1, Ordering::Relaxed);
            },
            &|&x| u64::from(x) * 3,
        )
        .collect();
        assert_eq!(out, items.iter().map(|&x| u64::from(x) * 3).collect::<Vec<_>>());
        // Every item but the last AHEAD of each piece prefetches one.
        let pieces = items.len().div_ceil(PIECE);
        assert_eq!(prefetched.into_inner(), items.len() - pieces * AHEAD);
    }
}
