//! A small cache, per thread, of first-name levels.
//!
//! Linking a million contacts against a million gives 42 million pairs
//! to blocking's first-name check and 21 million to the comparisons,
//! and each works out the level of two first names up to three times
//! (straight, then each crossed with the other's surname). Yet a list
//! holds a few thousand first names: `marie` against `michel` comes back
//! millions of times, and working it out (nickname table, Jaro–Winkler)
//! was a tenth of the run. Blocking's check crosses first names with
//! surnames too, and a block's pairs share a surname: those levels have
//! a table of their own, so that neither pushes the other's out.
//!
//! Each thread keeps the levels it last worked out in a table indexed by
//! a hash of the two names, and each slot holds the names themselves: a
//! slot answers only for the very names it holds, so the cache cannot
//! change a level, whichever thread saw which pair first. Names longer
//! than a key are worked out every time.

use std::cell::RefCell;

/// Slots per thread of first names against first names: 8,192 of 32
/// bytes (256 KiB), with [`CROSSED_SLOTS`] 384 KiB, within a core's
/// 512 KiB second-level cache on the machines crmrecon is measured on.
///
/// With 32,768 slots in each table (2 MiB a thread), 86 % of blocking's
/// lookups found their slot at a million contacts against a million, but
/// each lookup waited on the third-level cache. With these sizes, over
/// four alternated runs each, blocking's first-name check took 4.4–5.7 s
/// against 4.9–6.6 s, and comparing 9.9–12.7 s against 11.9–13.2 s.
const SLOTS: usize = 1 << 13;
/// Slots per thread of first names against surnames (128 KiB): half as
/// many, so that both tables fit in the second-level cache beside the
/// records being compared.
const CROSSED_SLOTS: usize = 1 << 12;
/// The longest name a key holds (its last byte is the length).
const MAX_KEY_LEN: usize = 15;
/// The level is kept in the top bits of the second key, above the
/// length byte's four bits.
const LEVEL_SHIFT: u32 = 124;

/// Two names and their level; all zero when empty (levels start at 1).
#[derive(Clone, Copy, Default)]
struct Slot {
    a: u128,
    b_and_level: u128,
}

thread_local! {
    /// First names against first names.
    static CACHE: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
    /// First names against surnames.
    static CROSSED: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
}

/// The name's bytes and length in one number, or none if too long.
fn key(name: &str) -> Option<u128> {
    let bytes = name.as_bytes();
    if bytes.len() > MAX_KEY_LEN {
        return None;
    }
    let mut k = [0u8; 16];
    k[..bytes.len()].copy_from_slice(bytes);
    k[15] = bytes.len() as u8;
    Some(u128::from_le_bytes(k))
}

/// The slot of two keys in a table of `size` slots (a power of two).
fn slot_of(a: u128, b: u128, size: usize) -> usize {
    let fold = |k: u128| (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
    let h = (fold(a) ^ fold(b).rotate_left(17)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - size.trailing_zeros())) as usize
}

/// `work_out(a, b)`, from the cache when this thread has it. `work_out`
/// must be the one function every caller passes (the first-name level)
/// and give levels from 1 to 15.
pub(super) fn level(a: &str, b: &str, work_out: fn(&str, &str) -> u8) -> u8 {
    level_in(&CACHE, SLOTS, a, b, work_out)
}

/// [`level`] from a cache of its own, for the one function of a first
/// name against a surname.
pub(super) fn crossed_level(a: &str, b: &str, work_out: fn(&str, &str) -> u8) -> u8 {
    level_in(&CROSSED, CROSSED_SLOTS, a, b, work_out)
}

fn level_in(
    cache: &'static std::thread::LocalKey<RefCell<Vec<Slot>>>,
    size: usize,
    a: &str,
    b: &str,
    work_out: fn(&str, &str) -> u8,
) -> u8 {
    let (Some(ka), Some(kb)) = (key(a), key(b)) else {
        return work_out(a, b);
    };
    cache.with_borrow_mut(|slots| {
        if slots.is_empty() {
            slots.resize(size, Slot::default());
        }
        let slot = &mut slots[slot_of(ka, kb, size)];
        let cached = (slot.b_and_level >> LEVEL_SHIFT) as u8;
        if cached != 0 && slot.a == ka && slot.b_and_level & !(0xF << LEVEL_SHIFT) == kb {
            return cached;
        }
        let level = work_out(a, b);
        debug_assert!((1..16).contains(&level), "levels from 1 to 15");
        *slot = Slot { a: ka, b_and_level: kb | u128::from(level & 0xF) << LEVEL_SHIFT };
        level
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_length(a: &str, b: &str) -> u8 {
        1 + ((a.len() + 2 * b.len()) % 15) as u8
    }

    #[test]
    fn each_pair_gets_its_own_level_in_its_order() {
        // More pairs than either table's slots, twice over: every answer,
        // cached or not, is the function's for those very names.
        assert!(200 * 100 > 2 * SLOTS.max(CROSSED_SLOTS));
        let names: Vec<String> =
            (0..200).map(|i| "x".repeat(1 + i % 15) + &i.to_string()).collect();
        for _ in 0..2 {
            for a in &names {
                for b in names.iter().take(100) {
                    assert_eq!(level(a, b, by_length), by_length(a, b), "{a} / {b}");
                    assert_eq!(crossed_level(b, a, by_length), by_length(b, a), "{b} / {a}");
                }
            }
        }
    }

    #[test]
    fn first_names_and_crossed_names_keep_their_own_levels() {
        fn other(a: &str, b: &str) -> u8 {
            16 - by_length(a, b)
        }
        for _ in 0..2 {
            assert_eq!(level("marie", "martin", by_length), by_length("marie", "martin"));
            assert_eq!(crossed_level("marie", "martin", other), other("marie", "martin"));
        }
    }

    #[test]
    fn names_too_long_for_a_key_are_worked_out() {
        let long = "marie christine laure";
        assert!(key(long).is_none());
        assert_eq!(level(long, "marie", by_length), by_length(long, "marie"));
        // A shorter name and its zero-padded twin are two keys.
        assert_ne!(key("ab"), key("ab\0"));
    }
}
