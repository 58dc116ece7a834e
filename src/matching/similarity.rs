//! String similarity primitives the comparators and rules call on every
//! candidate pair: Jaro–Winkler with a threshold, and "one edit apart".
//!
//! They run tens of millions of times on a million-contact run (a pair's
//! first names alone are compared up to five times: the no-link rule, the
//! swapped-columns check, the level, the deterministic rules), so they
//! avoid allocating and reject strangers early. Results are exactly those
//! of `strsim`: the same arithmetic in the same order, so levels (and the
//! outputs) do not depend on which path ran.

/// Longest strings [`jaro_winkler`] handles with bit masks; longer ones
/// (and non-ASCII ones) go to `strsim`.
const MAX_FAST: usize = 64;

/// Jaro–Winkler similarity, equal to `strsim::jaro_winkler`.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !(a.is_ascii() && b.is_ascii()) || x.len() > MAX_FAST || y.len() > MAX_FAST {
        return strsim::jaro_winkler(a, b);
    }
    let sim = jaro_ascii(x, y);
    if sim > 0.7 {
        let prefix = x.iter().take(4).zip(y).take_while(|(p, q)| p == q).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// `strsim::generic_jaro` on bytes of at most [`MAX_FAST`] each, with the
/// matched flags in two `u64` instead of a vector.
fn jaro_ascii(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    } else if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let range = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_flags, mut b_flags) = (0u64, 0u64);
    let mut matches = 0usize;
    for (i, &c) in a.iter().enumerate() {
        let lo = i.saturating_sub(range);
        let hi = b.len().min(i + range + 1);
        for (j, &d) in b.iter().enumerate().take(hi).skip(lo) {
            if d == c && b_flags & (1 << j) == 0 {
                a_flags |= 1 << i;
                b_flags |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0;
    for (i, &c) in a.iter().enumerate() {
        if a_flags & (1 << i) == 0 {
            continue;
        }
        while b_flags & (1 << j) == 0 {
            j += 1;
        }
        if b[j] != c {
            transpositions += 1;
        }
        j += 1;
    }
    transpositions /= 2;
    ((matches as f64 / a.len() as f64)
        + (matches as f64 / b.len() as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// Jaro–Winkler of at least `threshold`, with a cheap upper bound first:
/// most pairs compared are strangers whose letters barely overlap, and
/// the bound (shared letters as if all matched in order, the longest
/// possible common prefix) rules them out without the full computation.
///
/// Letters are counted modulo 32 (`a`–`z` stay apart; a few punctuation
/// marks share a slot with a letter), which can only overcount shared
/// letters: the bound stays an upper bound.
pub fn jw_at_least(a: &str, b: &str, threshold: f64) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if a.is_ascii() && b.is_ascii() && !x.is_empty() && !y.is_empty() && x.len() < 256 {
        let mut hist = [0u8; 32];
        for &c in x {
            hist[usize::from(c & 31)] += 1;
        }
        let mut common = 0u32;
        for &c in y {
            let slot = &mut hist[usize::from(c & 31)];
            if *slot > 0 {
                *slot -= 1;
                common += 1;
            }
        }
        let (la, lb, m) = (x.len() as f64, y.len() as f64, f64::from(common));
        let jaro_bound = (m / la + m / lb + 1.0) / 3.0;
        let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count() as f64;
        if jaro_bound + prefix * 0.1 * (1.0 - jaro_bound) < threshold {
            return false;
        }
    }
    jaro_winkler(a, b) >= threshold
}

/// At most one insertion, deletion, substitution or transposition of two
/// neighbours apart (bytes).
pub fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix =
        a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (
        a.len() - prefix - suffix.min(a.len() - prefix),
        b.len() - prefix - suffix.min(b.len() - prefix),
    );
    match (ra, rb) {
        (0, 0) | (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => {
            let (x, y) = (&a[prefix..prefix + 2], &b[prefix..prefix + 2]);
            x[0] == y[1] && x[1] == y[0]
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn equals_strsim_on_names() {
        let names = [
            "",
            "x",
            "ab",
            "ba",
            "aaaa",
            "aaab",
            "dupont",
            "dupond",
            "lefebvre",
            "lefevre",
            "martin",
            "martine",
            "bernard",
            "bertrand",
            "jean pierre",
            "jeanpierre",
            "o brien",
            "obrien",
            "marie-anne",
            "anne-marie",
            "dwayne",
            "duane",
            "dixon",
            "dicksonx",
        ];
        for a in names {
            for b in names {
                assert_eq!(jaro_winkler(a, b).to_bits(), strsim::jaro_winkler(a, b).to_bits());
            }
        }
    }

    #[test]
    fn the_bound_never_rejects_a_close_pair() {
        let names = ["dupont", "dupond", "m-a", "-a", "ma", "lefebvre", "lefevre", "o brien"];
        for a in names {
            for b in names {
                for t in [0.8, 0.9, 0.92, 0.95] {
                    assert_eq!(jw_at_least(a, b, t), strsim::jaro_winkler(a, b) >= t);
                }
            }
        }
    }

    #[test]
    fn one_edit_cases() {
        for (a, b, want) in [
            ("dupont", "dupont", true),
            ("dupont", "dupond", true),
            ("dupont", "dupon", true),
            ("dupont", "dupnot", true),
            ("dupont", "udpont", true),
            ("dupont", "dupuis", false),
            ("", "a", true),
            ("ab", "ba", true),
            ("abc", "cba", false),
        ] {
            assert_eq!(one_edit(a, b), want, "{a} / {b}");
            assert_eq!(one_edit(b, a), want, "{b} / {a}");
        }
    }

    proptest! {
        #[test]
        fn equals_strsim(a in "[a-e -]{0,70}", b in "[a-e -]{0,70}") {
            prop_assert_eq!(jaro_winkler(&a, &b).to_bits(), strsim::jaro_winkler(&a, &b).to_bits());
            for t in [0.8, 0.9, 0.95] {
                prop_assert_eq!(jw_at_least(&a, &b, t), strsim::jaro_winkler(&a, &b) >= t);
            }
        }

        #[test]
        fn equals_strsim_beyond_ascii(a in "[aé ]{0,10}", b in "[ae ]{0,10}") {
            prop_assert_eq!(jaro_winkler(&a, &b).to_bits(), strsim::jaro_winkler(&a, &b).to_bits());
        }
    }
}
