//! The Fx hash (rustc's): a rotate, a xor and a multiply per 8 bytes.
//!
//! The standard `HashMap` hashes with SipHash, whose resistance to chosen
//! collisions buys nothing here: keys are short names and 64-bit value
//! hashes, and a hostile spreadsheet could at worst slow down its own run.
//! On these keys SipHash cost more than the rest of a lookup.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with the Fx hash.
pub type FxHashMap<K, V> = HashMap<K, V, FxBuild>;
/// A `HashSet` with the Fx hash.
pub type FxHashSet<K> = HashSet<K, FxBuild>;
/// Builds [`FxHasher`]s, for `HashMap::with_hasher`.
pub type FxBuild = BuildHasherDefault<FxHasher>;

#[derive(Clone, Copy, Default)]
pub struct FxHasher(u64);

impl FxHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, mut bytes: &[u8]) {
        while let Some((word, rest)) = bytes.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*word));
            bytes = rest;
        }
        if !bytes.is_empty() {
            // Byte by byte: a `copy_from_slice` of a variable length is a
            // `memcpy` call, as long as the whole hash of a short name.
            let word = bytes.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b));
            self.add(word);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// The multiply mixes upwards only: the low bits of the state depend
    /// on the low bits of the last word alone. hashbrown picks buckets by
    /// the low bits, so keys that differ late in their last word (cluster
    /// names `contact-1234567`) piled into a few buckets: 2.5 µs per insert
    /// at a million keys. Rotating brings the well-mixed high bits down
    /// (as rustc-hash 2 does).
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_keys_hash_alike_and_close_ones_apart() {
        let b = FxBuild::default();
        assert_eq!(b.hash_one("jean-pierre"), b.hash_one("jean-pierre"));
        assert_ne!(b.hash_one("jean"), b.hash_one("jeanne"));
        // The tail bytes count: 9 and 10 bytes differ only past the word.
        assert_ne!(b.hash_one("abcdefgh1"), b.hash_one("abcdefgh2"));
        assert_ne!(b.hash_one(1u64), b.hash_one(2u64));
    }

    #[test]
    fn keys_differing_late_in_a_word_spread_over_the_low_bits() {
        // Cluster names like the ones reconcile keys its tallies by: with
        // the state as the hash, their low 16 bits took a few hundred
        // values.
        let b = FxBuild::default();
        let mut low: Vec<u64> =
            (0..100_000).map(|i| b.hash_one(format!("contact-{i}")) & 0xffff).collect();
        low.sort_unstable();
        low.dedup();
        assert!(low.len() > 40_000, "{} distinct low halves", low.len());
    }

    #[test]
    fn maps_work_with_it() {
        let mut m: FxHashMap<&str, u32> = FxHashMap::default();
        m.insert("dupont", 1);
        m.insert("martin", 2);
        assert_eq!(m.get("martin"), Some(&2));
        assert_eq!(m.get("durand"), None);
    }
}
