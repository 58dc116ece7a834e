//! A value per table row (the cluster of the row's company, the domain of
//! its contact's email), built and read on both cores.
//!
//! Records of one row share a [`RowLink`]; matching an entity leaves what
//! the next entity's records of the same rows need. At a million contact
//! rows against a million, filling one hash map of two million rows took
//! half a second on one core, three times over. The rows are spread over
//! shards by hash and each shard is filled on its own, its rows in input
//! order: the first value given for a row wins, as in one pass.

use rayon::prelude::*;

use crate::fxhash::{FxBuild, FxHashMap};
use crate::normalize::record::RowLink;

/// Shards: more than cores, so that the work spreads evenly.
const SHARDS: usize = 16;

/// A value per row.
#[derive(Debug)]
pub struct RowMap<V> {
    shards: Vec<FxHashMap<RowLink, V>>,
}

impl<V> Default for RowMap<V> {
    fn default() -> RowMap<V> {
        RowMap { shards: Vec::new() }
    }
}

impl<V: Clone + Send + Sync> RowMap<V> {
    /// The rows of `entries`, in order, each with the first value given
    /// for it.
    pub fn first_of(entries: Vec<(RowLink, V)>) -> RowMap<V> {
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); SHARDS];
        for (k, (link, _)) in entries.iter().enumerate() {
            lists[shard_of(link)].push(k as u32);
        }
        let shards = lists
            .into_par_iter()
            .map(|list| {
                let mut map = FxHashMap::with_capacity_and_hasher(list.len(), FxBuild::default());
                for k in list {
                    let (link, value) = &entries[k as usize];
                    map.entry(*link).or_insert_with(|| value.clone());
                }
                map
            })
            .collect();
        RowMap { shards }
    }

    /// The value of a row, if any.
    pub fn get(&self, link: &RowLink) -> Option<&V> {
        self.shards.get(shard_of(link))?.get(link)
    }

    /// Rows with a value.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The shard of a row: the top bits of a remix of its hash (the maps
/// themselves use the hash's own bits).
fn shard_of(link: &RowLink) -> usize {
    let x = (u64::from(link.table) << 32 | u64::from(link.row)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 60) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(table: u32, row: u32) -> RowLink {
        RowLink { table, row }
    }

    #[test]
    fn each_row_keeps_the_first_value_given() {
        let mut entries = Vec::new();
        for row in 0..10_000 {
            entries.push((link(row % 3, row), row));
        }
        // Later values of rows already given lose.
        for row in (0..10_000).step_by(7) {
            entries.push((link(row % 3, row), u32::MAX));
        }
        let map = RowMap::first_of(entries);
        assert_eq!(map.len(), 10_000);
        for row in 0..10_000 {
            assert_eq!(map.get(&link(row % 3, row)), Some(&row));
        }
        assert_eq!(map.get(&link(5, 1)), None);
        assert!(RowMap::<u32>::default().get(&link(0, 0)).is_none());
        assert!(RowMap::<u32>::default().is_empty());
    }

    #[test]
    fn rows_spread_over_every_shard() {
        let mut seen = [0usize; SHARDS];
        for row in 0..16_000 {
            seen[shard_of(&link(0, row))] += 1;
        }
        assert!(seen.iter().all(|&n| n > 500), "{seen:?}");
    }
}
