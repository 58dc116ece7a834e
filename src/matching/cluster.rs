//! Clustering: from links between pairs to groups of records that are one
//! real-world entity, without chaining.
//!
//! Plain connected components merge A and C when A≈B and B≈C even if A
//! and C are clearly different people (B shares an email with A and a
//! switchboard with C). Here links are taken strongest first, and two
//! groups merge only if their records do not contradict each other: every
//! cross pair is scored (groups are small; a pair that is a link keeps
//! the link's probability), and pairs clearly different (below
//! [`DIFFERENT`]) veto the merge as [`Veto`] says. A vetoed link is
//! returned so that a person can review it instead of it vanishing.
//! Components of the link graph are merged apart, on both cores.
//!
//! Rules decide pairs, not groups: a company name alone may match both
//! `Aximed` in Paris and `Aximed SA` in Ajaccio, and only one of them can
//! have it. So rule links are vetoed like the others; only a shared CRM
//! record id never is.

use rayon::prelude::*;

use super::Link;
use super::rules::Rule;
use crate::fxhash::FxHashMap;

/// A cross pair this unlikely means "clearly two entities".
pub const DIFFERENT: f64 = 0.05;
/// Beyond this many cross pairs, only a deterministic sample is scored.
const MAX_CROSS_PAIRS: usize = 400;

/// When clearly different cross pairs keep two groups apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Veto {
    /// Any one of them: for companies, whose groups hold many copies of a
    /// name that agree with each other by the name alone, while a clearly
    /// different pair has an identifier against it (another SIREN, domain
    /// or town): two `Pharmacie` groups of one street must stay apart
    /// however many name-only rows each has.
    AnyPair,
    /// As many as half the pairs that agree (at even odds or better, the
    /// link itself included): for people and deals, whose odd rows (one
    /// giving only `DAVID`, which reads as a surname) would otherwise keep
    /// every later copy of the person out of the group; a record clearly
    /// unlike a third of the group stays out.
    Outweighed,
}

/// Cluster index per record (dense, numbered in order of first record),
/// and the links the no-chaining check refused.
pub struct Clusters {
    pub of: Vec<u32>,
    pub refused: Vec<Link>,
}

/// Group `n` records from their links (each at or above the auto
/// threshold). `score(a, b)` gives the match probability of any pair.
pub fn cluster(
    n: usize,
    links: &[Link],
    veto: Veto,
    score: impl Fn(u32, u32) -> f64 + Sync,
) -> Clusters {
    // A link's pair is scored already: most pairs the checks below score
    // are links themselves (rows of one company link with each other).
    let known: FxHashMap<(u32, u32), f64> =
        links.iter().map(|l| ((l.a.min(l.b), l.a.max(l.b)), l.probability)).collect();
    let score = |a: u32, b: u32| match known.get(&(a.min(b), a.max(b))) {
        Some(&p) => p,
        None => score(a, b),
    };
    let undecided = undecided_links(links, veto, &score);
    let mut refused: Vec<Link> =
        links.iter().zip(&undecided).filter(|(_, u)| **u).map(|(l, _)| l.clone()).collect();
    let mut order: Vec<&Link> =
        links.iter().zip(&undecided).filter(|(_, u)| !**u).map(|(l, _)| l).collect();
    // Links are distinct pairs, so the order is total: sorted on both cores.
    order.par_sort_unstable_by(|x, y| {
        y.rule
            .is_some()
            .cmp(&x.rule.is_some())
            .then(y.probability.total_cmp(&x.probability))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let (roots, refused_here) = merge_components(n, &order, veto, &score);
    refused.extend(refused_here);
    // Dense ids in order of each cluster's first record.
    let mut id_of_root: Vec<u32> = vec![u32::MAX; n];
    let mut next = 0;
    let mut of = vec![0; n];
    for i in 0..n {
        let r = roots[i] as usize;
        if id_of_root[r] == u32::MAX {
            id_of_root[r] = next;
            next += 1;
        }
        of[i] = id_of_root[r];
    }
    Clusters { of, refused }
}

/// Takes `order`'s links one by one, merging the groups they join unless
/// [`clearly_different`] vetoes it, and returns each record's group (a
/// member's index) and the vetoed links in `order`'s order.
///
/// Links of two connected components of the link graph never meet, so
/// each component is merged on its own, on both cores: at a million
/// companies the merges score about 14 s of cross pairs. Within a
/// component the links keep `order`'s order and the groups keep their
/// members in the same order as one serial loop would, so the outcome is
/// the serial one.
fn merge_components(
    n: usize,
    order: &[&Link],
    veto: Veto,
    score: &(impl Fn(u32, u32) -> f64 + Sync),
) -> (Vec<u32>, Vec<Link>) {
    let mut component: Vec<u32> = (0..n as u32).collect();
    for link in order {
        let (x, y) = (find(&mut component, link.a), find(&mut component, link.b));
        if x != y {
            component[x.max(y) as usize] = x.min(y);
        }
    }
    // (component, position in `order`): each component's links in order.
    let mut keyed: Vec<(u32, u32)> =
        order.iter().enumerate().map(|(i, l)| (find(&mut component, l.a), i as u32)).collect();
    keyed.par_sort_unstable();
    let merged: Vec<Merged> = keyed
        .chunk_by(|x, y| x.0 == y.0)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|links| merge_one_component(links, order, veto, score))
        .collect();
    let mut roots: Vec<u32> = (0..n as u32).collect();
    let mut refused: Vec<(u32, Link)> = Vec::new();
    for merged in merged {
        for (record, root) in merged.group_of {
            roots[record as usize] = root;
        }
        refused.extend(merged.refused);
    }
    refused.sort_unstable_by_key(|(position, _)| *position);
    (roots, refused.into_iter().map(|(_, l)| l).collect())
}

/// What merging one component gives.
struct Merged {
    /// Each record of the component with its group's root.
    group_of: Vec<(u32, u32)>,
    /// The vetoed links, with their positions in the merge order.
    refused: Vec<(u32, Link)>,
}

/// The serial merge loop over one component's links (`(component,
/// position in order)`).
fn merge_one_component(
    links: &[(u32, u32)],
    order: &[&Link],
    veto: Veto,
    score: &impl Fn(u32, u32) -> f64,
) -> Merged {
    let mut records: Vec<u32> =
        links.iter().flat_map(|&(_, i)| [order[i as usize].a, order[i as usize].b]).collect();
    records.sort_unstable();
    records.dedup();
    let local = |r: u32| records.binary_search(&r).expect("a record of the component") as u32;
    let mut parent: Vec<u32> = (0..records.len() as u32).collect();
    let mut members: Vec<Vec<u32>> = records.iter().map(|&r| vec![r]).collect();
    let mut refused = Vec::new();
    for &(_, position) in links {
        let link = order[position as usize];
        let (ra, rb) = (find(&mut parent, local(link.a)), find(&mut parent, local(link.b)));
        if ra == rb {
            continue;
        }
        if link.rule != Some(Rule::SameRecordId)
            && clearly_different(&members[ra as usize], &members[rb as usize], link, veto, score)
        {
            refused.push((position, link.clone()));
            continue;
        }
        // Merge the smaller group into the larger.
        let (big, small) = if members[ra as usize].len() >= members[rb as usize].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let moved = std::mem::take(&mut members[small as usize]);
        members[big as usize].extend(moved);
        parent[small as usize] = big;
    }
    let group_of = (0..records.len() as u32)
        .map(|j| (records[j as usize], records[find(&mut parent, j) as usize]))
        .collect();
    Merged { group_of, refused }
}

/// A record whose two best candidates are clearly two different entities
/// and fit it about equally well (the weaker within [`UNDECIDED_BITS`] of
/// the stronger) cannot be decided: `Alpiline SAS, Nantes` on a side row
/// when the CRM has two companies of that name in Nantes, `J. Martin`
/// beside Jean and Jacques Martin of one company. Taking the stronger
/// link would be a coin toss a person should make instead, so all such
/// links of the record go to review. A shared CRM record id is never
/// undecided.
///
/// For people and deals ([`Veto::Outweighed`]), two candidates that some
/// third candidate fits both (at even odds or better) are two copies of
/// one person with different typos (`Anraud` and `Arnad` Robotot beside
/// the CRM's Arnaud Robotot), not rivals.
fn undecided_links(
    links: &[Link],
    veto: Veto,
    score: &(impl Fn(u32, u32) -> f64 + Sync),
) -> Vec<bool> {
    // (record, bits, partner, link): each record's partners, strongest
    // first, in one sorted vector. A vector per record, filled by one
    // core, took 0.45 s of each pass at two million contacts.
    let mut partners: Vec<(u32, f64, u32, u32)> = links
        .par_iter()
        .enumerate()
        .filter(|(_, l)| l.rule != Some(Rule::SameRecordId))
        .flat_map_iter(|(i, l)| {
            let bits = log2_odds(l.probability);
            [(l.a, bits, l.b, i as u32), (l.b, bits, l.a, i as u32)]
        })
        .collect();
    partners
        .par_sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)).then(x.2.cmp(&y.2)));
    let by_record: Vec<&[(u32, f64, u32, u32)]> =
        partners.chunk_by(|x, y| x.0 == y.0).filter(|p| p.len() > 1).collect();
    let marked: Vec<usize> = by_record
        .into_par_iter()
        .flat_map_iter(|candidates| {
            let candidates = &candidates[..candidates.len().min(MAX_CANDIDATES)];
            let best = candidates[0].1;
            let close = candidates.iter().take_while(|c| c.1 >= best - UNDECIDED_BITS).count();
            let close = &candidates[..close];
            // Each pair of close candidates scored once.
            let k = close.len();
            let mut p = vec![0.0; k * k];
            for i in 0..k {
                for j in i + 1..k {
                    let s = score(close[i].2, close[j].2);
                    (p[i * k + j], p[j * k + i]) = (s, s);
                }
            }
            let bridged = |i: usize, j: usize| {
                veto == Veto::Outweighed
                    && (0..k)
                        .any(|z| z != i && z != j && p[i * k + z] >= 0.5 && p[j * k + z] >= 0.5)
            };
            let rivals =
                (0..k).any(|i| (i + 1..k).any(|j| p[i * k + j] < DIFFERENT && !bridged(i, j)));
            if rivals {
                close.iter().map(|c| c.3 as usize).collect::<Vec<usize>>()
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut undecided = vec![false; links.len()];
    for i in marked {
        undecided[i] = true;
    }
    undecided
}

/// Candidates within this many bits (a factor of 4 in odds) of a record's
/// best are as good as the best.
const UNDECIDED_BITS: f64 = 2.0;
/// The best candidates of a record examined for rivals.
const MAX_CANDIDATES: usize = 8;

/// log₂ odds of a probability; a probability of 1 (weights beyond what a
/// double tells from 1) is as strong as can be.
fn log2_odds(p: f64) -> f64 {
    if p >= 1.0 { f64::INFINITY } else { (p / (1.0 - p)).log2() }
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let p = parent[i as usize];
        parent[i as usize] = parent[p as usize];
        i = p;
    }
    i
}

/// Whether the records of `a` and `b` contradict each other as `veto`
/// says; the pair of `link` (scored already, at or above the auto
/// threshold) counts as one that agrees.
fn clearly_different(
    a: &[u32],
    b: &[u32],
    link: &Link,
    veto: Veto,
    score: &impl Fn(u32, u32) -> f64,
) -> bool {
    let stride_a = (a.len() * b.len()).div_ceil(MAX_CROSS_PAIRS).max(1);
    let mut checked = 0;
    let (mut different, mut agree) = (0usize, 1usize);
    for (i, &x) in a.iter().enumerate() {
        if a.len() > 20 && i % stride_a != 0 {
            continue;
        }
        for &y in b.iter().take(MAX_CROSS_PAIRS / 20) {
            if (x.min(y), x.max(y)) == (link.a.min(link.b), link.a.max(link.b)) {
                continue;
            }
            checked += 1;
            let p = score(x, y);
            if p < DIFFERENT {
                if veto == Veto::AnyPair {
                    return true;
                }
                different += 1;
            } else if p >= 0.5 {
                agree += 1;
            }
            if checked >= MAX_CROSS_PAIRS {
                break;
            }
        }
        if checked >= MAX_CROSS_PAIRS {
            break;
        }
    }
    different > 0 && 2 * different >= agree
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::compare::MISSING;

    fn link(a: u32, b: u32, p: f64) -> Link {
        Link {
            a,
            b,
            probability: p,
            levels: [MISSING; crate::matching::compare::MAX_FIELDS],
            rule: None,
        }
    }

    #[test]
    fn links_make_groups() {
        let c = cluster(5, &[link(0, 1, 0.99), link(3, 4, 0.95)], Veto::AnyPair, |_, _| 0.5);
        assert_eq!(c.of, vec![0, 0, 1, 2, 2]);
        assert!(c.refused.is_empty());
    }

    #[test]
    fn no_chaining_through_a_middle_record() {
        // 0≈1 and 1≈2, but 0 and 2 are clearly different.
        let score =
            |a: u32, b: u32| if (a, b) == (0, 2) || (a, b) == (2, 0) { 0.001 } else { 0.99 };
        for veto in [Veto::AnyPair, Veto::Outweighed] {
            let c = cluster(3, &[link(0, 1, 0.999), link(1, 2, 0.95)], veto, score);
            assert_eq!(c.of[0], c.of[1]);
            assert_ne!(c.of[1], c.of[2]);
            assert_eq!(c.refused.len(), 1);
            assert_eq!((c.refused[0].a, c.refused[0].b), (1, 2));
        }
    }

    #[test]
    fn one_odd_member_of_a_large_group_does_not_keep_a_copy_out() {
        // 0..=3 are one person; 3 gave only a surname and reads as clearly
        // unlike 4, which fits 0, 1 and 2.
        let score = |a: u32, b: u32| if a.max(b) == 4 && a.min(b) == 3 { 0.01 } else { 0.99 };
        let links = [link(0, 1, 0.999), link(1, 2, 0.999), link(2, 3, 0.999), link(0, 4, 0.98)];
        let c = cluster(5, &links, Veto::Outweighed, score);
        assert_eq!(c.of, vec![0, 0, 0, 0, 0]);
        assert!(c.refused.is_empty());
        // Against two of the four, it stays out.
        let score = |a: u32, b: u32| if a.max(b) == 4 && a.min(b) >= 2 { 0.01 } else { 0.99 };
        let c = cluster(5, &links, Veto::Outweighed, score);
        assert_ne!(c.of[4], c.of[0]);
        assert_eq!(c.refused.len(), 1);
        // For companies, the one odd member is enough.
        let score = |a: u32, b: u32| if a.max(b) == 4 && a.min(b) == 3 { 0.01 } else { 0.99 };
        let c = cluster(5, &links, Veto::AnyPair, score);
        assert_ne!(c.of[4], c.of[0]);
    }

    #[test]
    fn a_pair_linked_already_is_not_scored_again() {
        // Three rows of one company, each linked to the others: the links'
        // own probabilities say they agree, whatever `score` would say.
        let links = [link(0, 1, 0.99), link(1, 2, 0.98), link(0, 2, 0.97)];
        let c = cluster(3, &links, Veto::AnyPair, |_, _| 0.0);
        assert_eq!(c.of, vec![0, 0, 0]);
        assert!(c.refused.is_empty());
    }

    #[test]
    fn components_merged_apart_give_what_each_gives_alone() {
        // Two components, each with a veto and a chain, interleaved in
        // record numbering and in link strength.
        let first = |a: u32, b: u32| if a.min(b) == 0 && a.max(b) == 4 { 0.01 } else { 0.9 };
        let second = |a: u32, b: u32| if a.min(b) == 1 && a.max(b) == 5 { 0.01 } else { 0.9 };
        let one = [link(0, 2, 0.999), link(2, 4, 0.97), link(4, 6, 0.96)];
        let two = [link(1, 3, 0.995), link(3, 5, 0.98), link(5, 7, 0.95)];
        let both: Vec<Link> = one.iter().chain(&two).cloned().collect();
        for veto in [Veto::AnyPair, Veto::Outweighed] {
            let score =
                |a: u32, b: u32| if a.is_multiple_of(2) { first(a, b) } else { second(a, b) };
            let together = cluster(8, &both, veto, score);
            let alone_one = cluster(8, &one, veto, first);
            let alone_two = cluster(8, &two, veto, second);
            for (a, b) in [(0, 2), (2, 4), (4, 6), (0, 6)] {
                assert_eq!(
                    together.of[a] == together.of[b],
                    alone_one.of[a] == alone_one.of[b],
                    "{veto:?} {a} {b}"
                );
            }
            for (a, b) in [(1, 3), (3, 5), (5, 7), (1, 7)] {
                assert_eq!(
                    together.of[a] == together.of[b],
                    alone_two.of[a] == alone_two.of[b],
                    "{veto:?} {a} {b}"
                );
            }
            assert_ne!(together.of[0], together.of[1]);
            let pairs = |c: &Clusters| c.refused.iter().map(|l| (l.a, l.b)).collect::<Vec<_>>();
            let mut expected = pairs(&alone_one);
            expected.extend(pairs(&alone_two));
            expected.sort_unstable();
            let mut got = pairs(&together);
            got.sort_unstable();
            assert_eq!(got, expected, "{veto:?}");
            assert!(!got.is_empty(), "{veto:?}: the vetoes were exercised");
        }
    }

    #[test]
    fn a_shared_record_id_is_never_refused() {
        let mut l = link(1, 2, 0.95);
        l.rule = Some(Rule::SameRecordId);
        // Even when every other pair scores "different".
        let c = cluster(3, &[l], Veto::AnyPair, |_, _| 0.0);
        assert_eq!(c.of, vec![0, 1, 1]);
        assert!(c.refused.is_empty());
    }

    #[test]
    fn a_name_alone_does_not_choose_between_two_different_companies() {
        // 1 has only a name, matching both 0 and 2 by rule; 0 and 2 are
        // clearly different: a person decides.
        let mut a = link(0, 1, 0.999);
        let mut b = link(1, 2, 0.999);
        a.rule = Some(Rule::SameCompanyName);
        b.rule = Some(Rule::SameCompanyName);
        let score = |x: u32, y: u32| if x.min(y) == 0 && x.max(y) == 2 { 0.0 } else { 0.999 };
        let c = cluster(3, &[a, b], Veto::AnyPair, score);
        assert_eq!(c.of, vec![0, 1, 2]);
        assert_eq!(c.refused.len(), 2);
    }

    #[test]
    fn a_clearly_better_candidate_is_not_undecided() {
        // 1 fits 0 far better (2^13 against 2^4 odds) than 2.
        let score = |x: u32, y: u32| if x.min(y) == 0 && x.max(y) == 2 { 0.0 } else { 0.99 };
        let c = cluster(3, &[link(0, 1, 0.9999), link(1, 2, 0.95)], Veto::AnyPair, score);
        assert_eq!(c.of[0], c.of[1]);
        assert_ne!(c.of[1], c.of[2]);
        assert_eq!(c.refused.len(), 1);
        // Two candidates that are one entity are no rivals either.
        let c = cluster(3, &[link(0, 1, 0.999), link(1, 2, 0.999)], Veto::AnyPair, |_, _| 0.99);
        assert_eq!(c.of, vec![0, 0, 0]);
    }

    #[test]
    fn two_typos_of_one_person_are_no_rivals() {
        // 3 fits 0 and 4 (the CRM's Arnaud Robotot, twice), 1 (`Anraud`)
        // and 2 (`Arnad`) equally; 1 and 2 read as clearly different
        // first names, but 0 fits both: one person, not a coin toss.
        let score = |x: u32, y: u32| if x.min(y) == 1 && x.max(y) == 2 { 0.0 } else { 0.999 };
        let links = [
            link(0, 3, 0.999),
            link(1, 3, 0.999),
            link(2, 3, 0.999),
            link(3, 4, 0.999),
            link(0, 4, 0.999),
            link(0, 1, 0.999),
        ];
        let c = cluster(5, &links, Veto::Outweighed, score);
        assert_eq!(c.of, vec![0, 0, 0, 0, 0]);
        // For companies, a third record fitting both is no proof: a name
        // alone fits two namesakes.
        let c = cluster(5, &links, Veto::AnyPair, score);
        assert!(!c.refused.is_empty());
    }

    #[test]
    fn strongest_links_first_decide() {
        // 1 could join 0 or 2; the stronger link wins and the weaker is
        // then refused because 0 and 2 are different.
        let score = |a: u32, b: u32| if a.min(b) == 0 && a.max(b) == 2 { 0.0 } else { 0.9 };
        let c = cluster(3, &[link(0, 1, 0.93), link(1, 2, 0.99)], Veto::AnyPair, score);
        assert_eq!(c.of[1], c.of[2]);
        assert_ne!(c.of[0], c.of[1]);
    }
}
