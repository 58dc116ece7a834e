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

/// Ask for the cache line holding `at` (a hint: it never faults).
#[inline]
pub fn line(at: *const u8) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of x86_64, and a prefetch never faults nor
        // reads into the program: it is a hint.
        #[allow(unsafe_code)]
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(at.cast());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// Ask for every cache line of a value.
#[inline]
pub fn value<T>(v: &T) {
    bytes((v as *const T).cast(), std::mem::size_of::<T>());
}

/// Ask for every cache line of `len` bytes from `start`.
#[inline]
pub fn bytes(start: *const u8, len: usize) {
    let misalignment = start as usize % 64;
    let first = start.wrapping_sub(misalignment);
    for offset in (0..misalignment + len).step_by(64) {
        line(first.wrapping_add(offset));
    }
}

/// How many items ahead the first stage of prefetching is called.
const AHEAD: usize = 12;
/// Items each core takes at a time, walked in order.
const PIECE: usize = 4096;

/// `f` of each item, in order, on all cores. Before each item is worked
/// on, each stage of `prefetch` is called on a later item: with stages
/// `[own, pointed]`, the first on the item [`AHEAD`] places later (its
/// record's own bytes), the second on the one half as far (what that
/// record points to, its bytes having arrived meanwhile).
pub fn map<'a, P: Sync, T: Send>(
    items: &'a [P],
    prefetch: &'a [&'a (dyn Fn(&P) + Sync)],
    f: &'a (impl Fn(&P) -> T + Sync),
) -> impl ParallelIterator<Item = T> + 'a {
    let stages = prefetch.len().max(1);
    items.par_chunks(PIECE).flat_map_iter(move |piece| {
        piece.iter().enumerate().map(move |(i, item)| {
            for (s, stage) in prefetch.iter().enumerate() {
                if let Some(later) = piece.get(i + AHEAD * (stages - s) / stages) {
                    stage(later);
                }
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
        let (own, pointed) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let first = |later: &u32| {
            own.fetch_add(1, Ordering::Relaxed);
            assert!(*later as usize >= AHEAD);
        };
        let second = |_: &u32| {
            pointed.fetch_add(1, Ordering::Relaxed);
        };
        let out: Vec<u64> = map(&items, &[&first, &second], &|&x| u64::from(x) * 3).collect();
        assert_eq!(out, items.iter().map(|&x| u64::from(x) * 3).collect::<Vec<_>>());
        // Every item but the last AHEAD of each piece prefetches one for
        // the first stage; for the second, all but the last AHEAD / 2.
        let pieces = items.len().div_ceil(PIECE);
        assert_eq!(own.into_inner(), items.len() - pieces * AHEAD);
        assert_eq!(pointed.into_inner(), items.len() - pieces * (AHEAD / 2));
    }
}
