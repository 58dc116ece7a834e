//! Sorting blocking's pairs, tens of millions of them, on both cores.
//!
//! A general parallel sort splits the whole vector around a pivot on one
//! core before the halves go to both; sorting the 50 million pairs of a
//! million contacts against a million took 1.9 s that way. Pairs are
//! small numbers, though: they are first dealt into a couple of thousand
//! buckets by the high bits of their first record (each core deals its
//! half into its own share of every bucket), and each bucket, small
//! enough for the cache, is then sorted on its own.

use rayon::prelude::*;

use super::Pair;

/// Buckets are numbered by this many high bits of a pair's first record.
const BUCKET_BITS: u32 = 11;
/// Fewer pairs are sorted directly.
const DIRECT: usize = 1 << 16;

/// The pairs sorted and without repeats; `records` bounds the indices.
pub fn sorted_unique(mut pairs: Vec<Pair>, records: usize) -> Vec<Pair> {
    if pairs.len() < DIRECT {
        pairs.sort_unstable();
        pairs.dedup();
        return pairs;
    }
    let bits = usize::BITS - records.saturating_sub(1).leading_zeros();
    let shift = bits.saturating_sub(BUCKET_BITS);
    let buckets = (records.saturating_sub(1) >> shift) + 1;
    let bucket = |&(a, _): &Pair| (a >> shift) as usize;

    // Each part's count of pairs per bucket.
    let parts: Vec<&[Pair]> =
        pairs.chunks(pairs.len().div_ceil(4 * rayon::current_num_threads())).collect();
    let counts: Vec<Vec<usize>> = parts
        .par_iter()
        .map(|part| {
            let mut n = vec![0usize; buckets];
            part.iter().for_each(|p| n[bucket(p)] += 1);
            n
        })
        .collect();

    // The output cut into one slice per (bucket, part), then handed to
    // each part as its slices of every bucket.
    let mut out = vec![(0, 0); pairs.len()];
    let mut slices: Vec<Vec<&mut [Pair]>> = (0..parts.len()).map(|_| Vec::new()).collect();
    let lengths = (0..buckets).flat_map(|b| counts.iter().map(move |n| n[b]));
    for (k, slice) in cut(&mut out, lengths).into_iter().enumerate() {
        slices[k % parts.len()].push(slice);
    }
    parts.par_iter().zip(slices).for_each(|(part, mut slices)| {
        let mut at = vec![0usize; buckets];
        for p in part.iter() {
            let b = bucket(p);
            slices[b][at[b]] = *p;
            at[b] += 1;
        }
    });
    drop(pairs);

    let sizes = (0..buckets).map(|b| counts.iter().map(|n| n[b]).sum());
    cut(&mut out, sizes).into_par_iter().for_each(|b| b.sort_unstable());
    out.dedup();
    out
}

/// `items` cut into consecutive slices of the given lengths.
fn cut<T>(items: &mut [T], lengths: impl Iterator<Item = usize>) -> Vec<&mut [T]> {
    let mut rest = items;
    lengths
        .map(|n| {
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(n);
            rest = tail;
            head
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random pairs `(a, b)`, `a < b < records`, with repeats.
    fn pairs(n: usize, records: u32) -> Vec<Pair> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let (a, b) =
                    ((x % u64::from(records)) as u32, ((x >> 32) % u64::from(records)) as u32);
                (a.min(b), a.max(b).max(a.min(b) + 1).min(records - 1))
            })
            .filter(|&(a, b)| a < b)
            .collect()
    }

    #[test]
    fn sorts_and_removes_repeats_like_a_plain_sort() {
        // Small and large inputs, few records (repeats everywhere) and
        // many (thousands of buckets), and a record count not a power of
        // two.
        for (n, records) in [(1_000, 50), (200_000, 300), (300_000, 1_000_003), (100_000, 2)] {
            let input = pairs(n, records);
            let mut expected = input.clone();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(sorted_unique(input, records as usize), expected, "{n} pairs of {records}");
        }
        assert!(sorted_unique(Vec::new(), 0).is_empty());
    }
}
