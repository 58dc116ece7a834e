//! The levels of the candidate pairs, held once per distinct pattern.
//!
//! Blocking a million contacts against a million more yields some forty
//! million candidate pairs, but their levels fall into a few thousand
//! distinct patterns. Each pair keeps the number of its pattern (4 bytes)
//! rather than its levels (12): 330 MB less held while the pairs are
//! scored and clustered, which took the peak of a 1M + 1M linking down by
//! 173 MB (6,452,136 to 6,278,980 KiB). Training counts the
//! pairs of each pattern once, where it hashed every pair's levels on each
//! pass.

use rayon::prelude::*;

use super::compare::Levels;
use crate::fxhash::{FxHashMap, FxHashSet};

/// Pairs compared at a time: the levels of one chunk (13 MB) are all that
/// is held in full.
const CHUNK: usize = 1 << 20;

/// Each candidate pair's levels, as a number into a table of patterns.
#[derive(Debug, Default)]
pub struct Compared {
    patterns: Vec<Levels>,
    of_pair: Vec<u32>,
}

impl Compared {
    /// Compare every pair (on all cores), keeping what `compare` returns
    /// beside the levels, pair by pair, in a vector of its own.
    ///
    /// `prefetch` is called on a pair a few places ahead of the one
    /// compared (see [`super::prefetch`]).
    pub fn build<P: Sync, T: Send>(
        pairs: &[P],
        prefetch: &[&(dyn Fn(&P) + Sync)],
        compare: impl Fn(&P) -> (Levels, T) + Sync,
    ) -> (Compared, Vec<T>) {
        let mut compared =
            Compared { patterns: Vec::new(), of_pair: Vec::with_capacity(pairs.len()) };
        let mut extra = Vec::with_capacity(pairs.len());
        let mut number: FxHashMap<Levels, u32> = FxHashMap::default();
        for chunk in pairs.chunks(CHUNK) {
            let (levels, more): (Vec<Levels>, Vec<T>) =
                super::prefetch::map(chunk, prefetch, &compare).unzip();
            let seen: FxHashSet<Levels> = levels
                .par_iter()
                .fold(FxHashSet::default, |mut set, l| {
                    set.insert(*l);
                    set
                })
                .reduce(FxHashSet::default, |mut a, b| {
                    a.extend(b);
                    a
                });
            // Sorted, so that the numbering does not depend on hashing.
            let mut new: Vec<Levels> =
                seen.into_iter().filter(|l| !number.contains_key(l)).collect();
            new.sort_unstable();
            for l in new {
                let n = u32::try_from(compared.patterns.len()).expect("fewer than 2³² patterns");
                number.insert(l, n);
                compared.patterns.push(l);
            }
            compared.of_pair.par_extend(levels.par_iter().map(|l| number[l]));
            extra.extend(more);
        }
        (compared, extra)
    }

    /// Every pair's levels, in pair order (scoring reads pattern numbers,
    /// [`Compared::numbers`]).
    #[cfg(test)]
    pub fn iter(&self) -> impl IndexedParallelIterator<Item = &Levels> {
        self.of_pair.par_iter().map(|&n| &self.patterns[n as usize])
    }

    /// The distinct patterns, by number.
    pub fn patterns(&self) -> &[Levels] {
        &self.patterns
    }

    /// Every pair's pattern number, in pair order.
    pub fn numbers(&self) -> &[u32] {
        &self.of_pair
    }

    /// Whether some pair has levels that `f` accepts.
    pub fn any(&self, f: impl Fn(&Levels) -> bool) -> bool {
        self.patterns.iter().any(f)
    }

    /// Keep the pairs whose levels `keep` accepts, in order, and say which
    /// were kept, so that arrays beside the pairs can follow.
    pub fn retain(&mut self, keep: impl Fn(&Levels) -> bool) -> Vec<bool> {
        let kept: Vec<bool> = self.patterns.iter().map(keep).collect();
        let by_pair: Vec<bool> = self.of_pair.par_iter().map(|&n| kept[n as usize]).collect();
        self.of_pair.retain(|&n| kept[n as usize]);
        by_pair
    }

    /// The distinct patterns with their number of pairs, sorted.
    pub fn counts(&self) -> Vec<(Levels, u64)> {
        self.counts_weighted(|_| 1)
    }

    /// [`Compared::counts`] with pair `k` (in pair order) counting
    /// `weight(k)` times: a pair of records that stand for several
    /// identical ones (see [`super::identical`]).
    pub fn counts_weighted(&self, weight: impl Fn(usize) -> u64 + Sync) -> Vec<(Levels, u64)> {
        let counts = self
            .of_pair
            .par_chunks(CHUNK)
            .enumerate()
            .fold(
                || vec![0u64; self.patterns.len()],
                |mut acc, (c, chunk)| {
                    for (j, &n) in chunk.iter().enumerate() {
                        acc[n as usize] += weight(c * CHUNK + j);
                    }
                    acc
                },
            )
            .reduce(
                || vec![0u64; self.patterns.len()],
                |mut a, b| {
                    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    a
                },
            );
        let mut out: Vec<(Levels, u64)> =
            self.patterns.iter().copied().zip(counts).filter(|&(_, n)| n > 0).collect();
        out.sort_unstable();
        out
    }
}

/// The distinct patterns of some levels with their counts, sorted: what
/// [`Compared::counts`] gives, for tests that hold their few levels in full.
#[cfg(test)]
pub fn count(levels: &[Levels]) -> Vec<(Levels, u64)> {
    let mut counts: FxHashMap<Levels, u64> = FxHashMap::default();
    for l in levels {
        *counts.entry(*l).or_insert(0) += 1;
    }
    let mut out: Vec<(Levels, u64)> = counts.into_iter().collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::compare::MAX_FIELDS;

    fn pattern(first: u8, second: u8) -> Levels {
        let mut l = [0; MAX_FIELDS];
        l[0] = first;
        l[1] = second;
        l
    }

    #[test]
    fn pairs_keep_their_levels_across_chunks() {
        // More pairs than a chunk, so that numbering spans chunks.
        let pairs: Vec<u32> = (0..(CHUNK as u32 + 5000)).collect();
        let levels_of = |&p: &u32| pattern((p % 7) as u8, (p % 3) as u8);
        let (compared, extra) = Compared::build(&pairs, &[], |p| (levels_of(p), *p * 2));
        assert_eq!(extra.len(), pairs.len());
        let held: Vec<Levels> = compared.iter().copied().collect();
        for (i, p) in pairs.iter().enumerate().step_by(997) {
            assert_eq!(&held[i], &levels_of(p));
            assert_eq!(extra[i], p * 2);
        }
        let full: Vec<Levels> = pairs.iter().map(levels_of).collect();
        assert_eq!(held, full);
        assert_eq!(compared.counts(), count(&full));
        assert_eq!(compared.counts().len(), 21);
    }

    #[test]
    fn retain_drops_the_pairs_and_their_counts() {
        let pairs = [0u8, 1, 2, 1, 0, 2, 2];
        let (mut compared, units) = Compared::build(&pairs, &[], |&p| (pattern(p, 0), ()));
        assert_eq!(units.len(), 7);
        assert!(compared.any(|l| l[0] == 2));
        let kept = compared.retain(|l| l[0] != 2);
        assert_eq!(kept, [true, true, false, true, true, false, false]);
        let held: Vec<u8> = compared.iter().map(|l| l[0]).collect();
        assert_eq!(held, [0, 1, 1, 0]);
        assert_eq!(compared.counts(), vec![(pattern(0, 0), 2), (pattern(1, 0), 2)]);
    }
}
