//! Blocking: which pairs of records are worth comparing.
//!
//! Comparing all pairs is quadratic; instead every record gets a few keys
//! (its email, its phones, its last name with a first initial, a
//! sound-alike key, name prefixes that survive a typo further on…) and
//! only records sharing a key are compared. The keys of an entity are
//! chosen so that a true duplicate shares at least one with its twin
//! whatever single corruption it went through: a typo in the last name
//! keeps the email, the phone and the first-name + company key; a changed
//! email keeps the name keys; swapped name columns keep the
//! order-independent name key.
//!
//! A key shared by very many records (a switchboard number, `Martin J`) is
//! not skipped, which would lose the duplicates inside it, and not fully
//! paired, which is quadratic: its records are sorted by name and each is
//! paired with its neighbours (sorted neighbourhood). Such blocks are
//! reported with their size.
//!
//! Keys are hashed to 64 bits with their kind, sorted in parallel, and
//! pairs are collected as sorted, deduplicated `(lower, higher)` indices,
//! so the result does not depend on thread timing.

use compact_str::CompactString;
use rayon::prelude::*;
use serde::Serialize;

use super::compare::FieldKind;
use super::features::{Features, stable_hash, stable_hash_pieces};
use super::phonetic::{company_phonetic_key, phonetic_key};
use super::{Pair, pair_sort};
use crate::model::Entity;

/// Blocks up to this size are paired completely.
pub const MAX_FULL_BLOCK: usize = 64;
/// In a larger block, each record is paired with this many neighbours on
/// each side in name order.
pub const WINDOW: usize = 12;

/// A blocking key's kind, named in reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    RecordId,
    Email,
    EmailUserName,
    Phone,
    LastNameInitial,
    SoundsAlikeInitial,
    NamePrefixes,
    FirstNameCompany,
    NameAnyOrder,
    CompanyName,
    CompanySoundsAlike,
    Domain,
    Siren,
    CompanyWordCity,
    DealCompany,
    DealName,
    DealContact,
    /// A column declared with `block = true` in `[[matching.compare]]`.
    Custom,
}

impl KeyKind {
    pub fn name(self) -> &'static str {
        match self {
            KeyKind::RecordId => "record id",
            KeyKind::Email => "email",
            KeyKind::EmailUserName => "email user name",
            KeyKind::Phone => "phone",
            KeyKind::LastNameInitial => "last name + initial",
            KeyKind::SoundsAlikeInitial => "sound-alike last name + initial",
            KeyKind::NamePrefixes => "name prefixes",
            KeyKind::FirstNameCompany => "first name + company",
            KeyKind::NameAnyOrder => "first and last name in any order",
            KeyKind::CompanyName => "company name",
            KeyKind::CompanySoundsAlike => "sound-alike company name",
            KeyKind::Domain => "web domain",
            KeyKind::Siren => "SIREN",
            KeyKind::CompanyWordCity => "company first word + city",
            KeyKind::DealCompany => "deal company",
            KeyKind::DealName => "deal name",
            KeyKind::DealContact => "deal contact",
            KeyKind::Custom => "declared column",
        }
    }
}

/// How many pairs one kind of key produced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyStats {
    pub key: KeyKind,
    pub records: usize,
    pub blocks: usize,
    pub pairs: usize,
    /// Blocks over [`MAX_FULL_BLOCK`] records, paired by neighbourhood.
    pub large_blocks: usize,
    /// The largest block and an example value of its key.
    pub largest_block: usize,
    pub largest_example: String,
}

/// Candidate pairs and how they were found.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    /// `(a, b)` with `a < b`, sorted, unique.
    pub pairs: Vec<(u32, u32)>,
    pub stats: Vec<KeyStats>,
}

/// Every key of one record, with its kind and text.
pub fn keys(entity: Entity, fields: &[FieldKind], f: &Features, out: &mut Vec<(KeyKind, String)>) {
    each_key(entity, fields, f, &mut |kind, pieces| out.push((kind, pieces.concat())));
}

/// Every key of one record, with its kind and the hash of its text
/// ([`hash_key`]), the text never written out: formatting and hashing
/// fourteen million keys at a million contacts against a million took
/// 1.7 s, most of it allocating the strings.
fn key_hashes(
    entity: Entity,
    fields: &[FieldKind],
    f: &Features,
    out: &mut impl FnMut(KeyKind, u64),
) {
    each_key(entity, fields, f, &mut |kind, pieces| {
        out(kind, stable_hash_pieces(kind as u64, pieces))
    });
}

/// Every key of one record, given to `emit` as its kind and the pieces
/// its text is made of, one after the other; empty keys are left out.
fn each_key(
    entity: Entity,
    fields: &[FieldKind],
    f: &Features,
    emit: &mut dyn FnMut(KeyKind, &[&str]),
) {
    let mut push = |kind: KeyKind, pieces: &[&str]| {
        if pieces.iter().any(|p| !p.is_empty()) {
            emit(kind, pieces);
        }
    };
    let mut digits = Decimal::default();
    if let Some(id) = &f.record_id {
        push(KeyKind::RecordId, &[id]);
    }
    match entity {
        Entity::Contact => {
            for e in &f.emails {
                if e.role {
                    continue;
                }
                push(KeyKind::Email, &[&e.address]);
                if e.local().len() >= 5 {
                    push(KeyKind::EmailUserName, &[e.local()]);
                }
            }
            for p in &f.phones {
                push(KeyKind::Phone, &[digits.of(p.digits)]);
            }
            let mut initial = [0u8; 4];
            let ini: &str = match f.initial() {
                Some(c) => c.encode_utf8(&mut initial),
                None => "",
            };
            if let Some(last) = &f.last {
                push(KeyKind::LastNameInitial, &[last, "|", ini]);
                let sound = f.last_sound.clone().unwrap_or_else(|| phonetic_key(last));
                push(KeyKind::SoundsAlikeInitial, &[&sound, "|", ini]);
                if let Some(first) = &f.first {
                    let p = |s: &str, n: usize| {
                        s.chars().filter(|c| *c != ' ').take(n).collect::<CompactString>()
                    };
                    push(KeyKind::NamePrefixes, &[&p(first, 3), "|", &p(last, 3)]);
                    let (x, y) = if first <= last { (first, last) } else { (last, first) };
                    push(KeyKind::NameAnyOrder, &[x, "|", y]);
                }
            }
            if let (Some(first), Some(company)) = (&f.first, &f.company) {
                push(KeyKind::FirstNameCompany, &[first, "|", company]);
            }
        }
        Entity::Company => {
            if let Some(c) = &f.company {
                push(KeyKind::CompanyName, &[c]);
                push(KeyKind::CompanySoundsAlike, &[&company_phonetic_key(c)]);
                if let Some(place) = f.postal_code.as_deref().or(f.city.as_deref()) {
                    let word = c.split(' ').next().unwrap_or_default();
                    push(KeyKind::CompanyWordCity, &[word, "|", place]);
                }
            }
            if let Some(d) = &f.domain {
                push(KeyKind::Domain, &[d]);
            }
            if let Some(s) = f.siren {
                push(KeyKind::Siren, &[digits.of(u64::from(s))]);
            }
            for p in &f.phones {
                push(KeyKind::Phone, &[digits.of(p.digits)]);
            }
        }
        Entity::Deal => {
            match (f.company_ref, &f.company) {
                (Some(c), _) => push(KeyKind::DealCompany, &["#", digits.of(u64::from(c))]),
                (None, Some(c)) => push(KeyKind::DealCompany, &[c]),
                _ => {}
            }
            if let Some(n) = &f.deal_name {
                push(KeyKind::DealName, &[n]);
            }
            if let Some(c) = f.contact_ref {
                push(KeyKind::DealContact, &["#", digits.of(u64::from(c))]);
            }
        }
    }
    for field in fields {
        if let FieldKind::Custom(c) = field
            && c.block
            && let Some(Some(v)) = f.custom.get(c.slot as usize)
        {
            push(KeyKind::Custom, &[digits.of(u64::from(c.slot)), "|", &v.display()]);
        }
    }
}

/// A number's decimal digits, written without allocating.
#[derive(Default)]
struct Decimal([u8; 20]);

impl Decimal {
    fn of(&mut self, mut n: u64) -> &str {
        let mut at = self.0.len();
        loop {
            at -= 1;
            self.0[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        std::str::from_utf8(&self.0[at..]).expect("ASCII digits")
    }
}

/// The order records take inside a large block: similar names side by
/// side, so neighbours are the likely duplicates.
fn neighbourhood_key(f: &Features) -> (&str, &str, &str, &str) {
    (
        f.last.as_deref().unwrap_or(""),
        f.first.as_deref().unwrap_or(""),
        f.company.as_deref().or(f.deal_name.as_deref()).unwrap_or(""),
        f.emails.first().map(|e| e.address.as_str()).unwrap_or(""),
    )
}

fn hash_key(kind: KeyKind, value: &str) -> u64 {
    stable_hash(kind as u64, value)
}

/// Candidate pairs of a set of records of one entity. Records `core..`
/// are references (see [`super::reference`]): they are paired with core
/// records only, since a reference only looks for the record it names.
pub fn candidates(
    entity: Entity,
    fields: &[FieldKind],
    records: &[Features],
    core: usize,
) -> Candidates {
    candidates_skipping(entity, fields, records, core, |_| false, &|i| i)
}

/// [`candidates`] of the records `skip` does not name: copies of another
/// record (see [`super::identical`]), which take their model's pairs.
/// Records that moved (see [`super::locality`]) give their `input_index`,
/// which breaks ties in a large block's order as if they had not.
pub fn candidates_skipping(
    entity: Entity,
    fields: &[FieldKind],
    records: &[Features],
    core: usize,
    skip: impl Fn(usize) -> bool + Sync,
    input_index: &(dyn Fn(u32) -> u32 + Sync),
) -> Candidates {
    // (kind, hash, record)
    let mut entries: Vec<(KeyKind, u64, u32)> = concat(
        records
            .par_iter()
            .enumerate()
            .filter(|(i, _)| !skip(*i))
            .fold(Vec::new, |mut acc, (i, f)| {
                key_hashes(entity, fields, f, &mut |kind, hash| acc.push((kind, hash, i as u32)));
                acc
            })
            .collect(),
    );
    entries.par_sort_unstable();

    // A block's records are in index order: one whose first is a
    // reference holds references only, and yields no pair.
    let paired = |b: &&[(KeyKind, u64, u32)]| b.len() > 1 && (b[0].2 as usize) < core;
    let stats = key_stats(entity, fields, records, &entries, paired);
    let blocks: Vec<&[(KeyKind, u64, u32)]> =
        entries.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1).filter(paired).collect();
    let pairs = all_pairs(&blocks, records, core, input_index);
    drop(blocks);
    drop(entries);
    let pairs = pair_sort::sorted_unique(pairs, records.len());
    Candidates { pairs, stats }
}

/// The pairs of every block, in one vector of the exact size.
///
/// Counted first, then written in place by both cores: collecting
/// per-thread pieces and joining them held the pairs twice, 400 MB more
/// at the peak of a million-contact run (48 million pairs before
/// deduplication). Counting runs the pairing twice, which is cheap next
/// to sorting the pairs.
fn all_pairs(
    blocks: &[&[(KeyKind, u64, u32)]],
    records: &[Features],
    core: usize,
    input_index: &(dyn Fn(u32) -> u32 + Sync),
) -> Vec<Pair> {
    // Large blocks are put in name order once for both passes.
    let sorted: Vec<(usize, Vec<u32>)> = blocks
        .par_iter()
        .enumerate()
        .filter(|(_, block)| block.len() > MAX_FULL_BLOCK)
        .map(|(k, block)| (k, neighbourhood_order(block, records, input_index)))
        .collect();
    let order = |k: usize| {
        let at = sorted.binary_search_by_key(&k, |(j, _)| *j).ok()?;
        Some(sorted[at].1.as_slice())
    };
    let counts: Vec<usize> = blocks
        .par_iter()
        .enumerate()
        .map(|(k, block)| {
            let mut n = Count(0);
            block_pairs(block, order(k), records, core, &mut n);
            n.0
        })
        .collect();
    let total: usize = counts.iter().sum();
    let mut pairs = vec![(0, 0); total];
    // Runs of blocks with about the same number of pairs, one task each
    // (many more than cores, so that a few huge blocks balance out).
    let per_task = total.div_ceil(256).max(1);
    let mut tasks: Vec<(std::ops::Range<usize>, &mut [Pair])> = Vec::new();
    let mut rest: &mut [Pair] = &mut pairs;
    let mut start = 0;
    let mut size = 0;
    for (b, &n) in counts.iter().enumerate() {
        size += n;
        if size >= per_task || b + 1 == counts.len() {
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(size);
            tasks.push((start..b + 1, head));
            rest = tail;
            start = b + 1;
            size = 0;
        }
    }
    tasks.into_par_iter().for_each(|(range, out)| {
        let mut fill = Fill { out, at: 0 };
        for k in range {
            block_pairs(blocks[k], order(k), records, core, &mut fill);
        }
        assert_eq!(fill.at, fill.out.len(), "blocks paired alike twice");
    });
    pairs
}

/// Per key kind: records, blocks, pairs and the largest block.
fn key_stats(
    entity: Entity,
    fields: &[FieldKind],
    records: &[Features],
    entries: &[(KeyKind, u64, u32)],
    paired: impl Fn(&&[(KeyKind, u64, u32)]) -> bool,
) -> Vec<KeyStats> {
    let mut stats: Vec<KeyStats> = Vec::new();
    for group in entries.chunk_by(|x, y| x.0 == y.0) {
        let kind = group[0].0;
        let mut s = KeyStats {
            key: kind,
            records: group.len(),
            blocks: 0,
            pairs: 0,
            large_blocks: 0,
            largest_block: 0,
            largest_example: String::new(),
        };
        for block in group.chunk_by(|x, y| x.1 == y.1).filter(&paired) {
            s.blocks += 1;
            s.pairs += pairs_in_block(block.len());
            if block.len() > MAX_FULL_BLOCK {
                s.large_blocks += 1;
            }
            if block.len() > s.largest_block {
                s.largest_block = block.len();
                let mut ks = Vec::new();
                keys(entity, fields, &records[block[0].2 as usize], &mut ks);
                s.largest_example = ks
                    .into_iter()
                    .find(|(k, v)| *k == kind && hash_key(*k, v) == block[0].1)
                    .map(|(_, v)| v)
                    .unwrap_or_default();
            }
        }
        stats.push(s);
    }
    stats
}

/// Where [`block_pairs`] puts its pairs: a count, or a slice to fill.
trait PairSink {
    fn push(&mut self, pair: Pair);
}

struct Count(usize);

impl PairSink for Count {
    fn push(&mut self, _: Pair) {
        self.0 += 1;
    }
}

struct Fill<'a> {
    out: &'a mut [Pair],
    at: usize,
}

impl PairSink for Fill<'_> {
    fn push(&mut self, pair: Pair) {
        self.out[self.at] = pair;
        self.at += 1;
    }
}

/// The pieces one after the other, each freed once copied: appending
/// them pairwise (rayon's `reduce`) regrows the vector and holds two
/// copies of the pairs at once, hundreds of MB at a million contacts.
fn concat<T: Copy>(pieces: Vec<Vec<T>>) -> Vec<T> {
    let mut out = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    for piece in pieces {
        out.extend_from_slice(&piece);
    }
    out
}

fn pairs_in_block(n: usize) -> usize {
    if n <= MAX_FULL_BLOCK { n * (n - 1) / 2 } else { n * WINDOW - WINDOW * (WINDOW + 1) / 2 }
}

/// A large block's records in name order (then input order), in which
/// each is paired with its neighbours.
fn neighbourhood_order(
    block: &[(KeyKind, u64, u32)],
    records: &[Features],
    input_index: &(dyn Fn(u32) -> u32 + Sync),
) -> Vec<u32> {
    let mut ids: Vec<u32> = block.iter().map(|e| e.2).collect();
    ids.sort_unstable_by(|&a, &b| {
        neighbourhood_key(&records[a as usize])
            .cmp(&neighbourhood_key(&records[b as usize]))
            .then(input_index(a).cmp(&input_index(b)))
    });
    ids
}

/// The pairs of one block: all of them for a block of up to
/// [`MAX_FULL_BLOCK`] records, else those of neighbours in the block's
/// [`neighbourhood_order`] (`sorted`, when the caller has it).
fn block_pairs(
    block: &[(KeyKind, u64, u32)],
    sorted: Option<&[u32]>,
    records: &[Features],
    core: usize,
    out: &mut impl PairSink,
) {
    let is_core = |i: u32| (i as usize) < core;
    if block.len() <= MAX_FULL_BLOCK {
        // In index order: core records first.
        for (i, a) in block.iter().map(|e| e.2).enumerate().take_while(|&(_, a)| is_core(a)) {
            for b in block[i + 1..].iter().map(|e| e.2) {
                out.push((a, b));
            }
        }
        return;
    }
    let owned;
    let sorted = match sorted {
        Some(sorted) => sorted,
        None => {
            owned = neighbourhood_order(block, records, &|i| i);
            &owned
        }
    };
    // Each record meets the next WINDOW core records in the order; a
    // reference also the WINDOW before it (a core record meets those
    // from its own place).
    for (i, &a) in sorted.iter().enumerate() {
        for &b in sorted[i + 1..].iter().filter(|&&b| is_core(b)).take(WINDOW) {
            out.push((a.min(b), a.max(b)));
        }
        if !is_core(a) {
            for &b in sorted[..i].iter().rev().filter(|&&b| is_core(b)).take(WINDOW) {
                out.push((b, a));
            }
        }
    }
    // Hundreds of rows name one company; its CRM records (and a
    // namesake's) are few. Each row meets them directly, whatever its
    // place in the order: the row that gives the town finds the CRM
    // record of that town, and a name-only row sees every namesake, so
    // that it goes to review rather than to whichever was next to it.
    if block[0].0 == KeyKind::CompanyName {
        let anchors: Vec<u32> = sorted
            .iter()
            .copied()
            .filter(|&a| is_core(a) && records[a as usize].record_id.is_some())
            .take(MAX_ANCHORS)
            .collect();
        for &anchor in &anchors {
            for &a in sorted {
                if a != anchor {
                    out.push((a.min(anchor), a.max(anchor)));
                }
            }
        }
    }
}

/// In a large company-name block, the CRM records every row is paired
/// with.
const MAX_ANCHORS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::features::{EmailKey, PhoneKey};

    fn contact(first: &str, last: &str, email: &str) -> Features {
        Features {
            first: Some(first.into()),
            last: Some(last.into()),
            emails: if email.is_empty() {
                vec![]
            } else {
                vec![EmailKey {
                    address: email.into(),
                    at: email.find('@').unwrap() as u8,
                    role: email.starts_with("contact@"),
                    free: false,
                }]
            },
            ..Features::default()
        }
    }

    #[test]
    fn keys_hash_as_their_text_does() {
        // Keys are hashed from their pieces without being written out;
        // the hash must be that of the text, number keys included.
        let mut person = contact("marie laure", "d'almeida", "ml.dalmeida@acme.fr");
        person.company = Some("acme".into());
        person.phones = vec![PhoneKey { digits: 33_612_345_678, mobile: true }];
        person.record_id = Some("0031x000004".into());
        let company = Features {
            company: Some("caves mathieu".into()),
            city: Some("marseille".into()),
            domain: Some("cave-mathieu.fr".into()),
            siren: Some(552_100_554),
            phones: vec![PhoneKey { digits: 33_491_000_000, mobile: false }],
            ..Features::default()
        };
        let deal = Features { company_ref: Some(0), contact_ref: Some(907), ..Features::default() };
        for (entity, f, expected) in [
            (Entity::Contact, &person, 9),
            (Entity::Company, &company, 6),
            (Entity::Deal, &deal, 2),
        ] {
            let mut texts = Vec::new();
            keys(entity, &[], f, &mut texts);
            let mut hashes = Vec::new();
            key_hashes(entity, &[], f, &mut |kind, hash| hashes.push((kind, hash)));
            let from_texts: Vec<(KeyKind, u64)> =
                texts.iter().map(|(kind, text)| (*kind, hash_key(*kind, text))).collect();
            assert_eq!(hashes, from_texts, "{entity:?}");
            assert_eq!(hashes.len(), expected, "{entity:?}: {texts:?}");
        }
        let mut texts = Vec::new();
        keys(Entity::Deal, &[], &deal, &mut texts);
        assert_eq!(texts[0].1, "#0");
        assert_eq!(texts[1].1, "#907");
    }

    #[test]
    fn a_corrupted_twin_shares_a_key() {
        let cases = [
            // typo in the last name, same email
            (
                contact("jean", "dupont", "jean.dupont@acme.fr"),
                contact("jean", "dupnot", "jean.dupont@acme.fr"),
            ),
            // changed email, same name
            (
                contact("jean", "dupont", "jean.dupont@acme.fr"),
                contact("jean", "dupont", "jdupont@newco.fr"),
            ),
            // swapped columns
            (contact("jean", "dupont", ""), contact("dupont", "jean", "")),
            // typo late in the last name and no email
            (contact("sebastien", "lefebvre", ""), contact("sebastien", "lefebre", "")),
            // sound-alike
            (contact("jean", "lefevre", ""), contact("jean", "lefebvre", "")),
        ];
        for (a, b) in cases {
            let c = candidates(Entity::Contact, &[], &[a.clone(), b.clone()], 2);
            assert_eq!(c.pairs, vec![(0, 1)], "{a:?} / {b:?}");
        }
    }

    #[test]
    fn every_row_of_a_large_company_block_meets_its_crm_records() {
        // Two CRM namesakes and 200 rows naming the company, the CRM
        // records far apart in the order.
        let company = |id: Option<&str>| Features {
            company: Some("optiline".into()),
            record_id: id.map(Into::into),
            ..Features::default()
        };
        let mut records: Vec<Features> = (0..200).map(|_| company(None)).collect();
        records[3] = company(Some("987001"));
        records[190] = company(Some("987002"));
        let pairs = candidates(Entity::Company, &[], &records, records.len()).pairs;
        for i in 0..200u32 {
            for anchor in [3u32, 190] {
                if i != anchor {
                    assert!(pairs.binary_search(&(i.min(anchor), i.max(anchor))).is_ok(), "{i}");
                }
            }
        }
        // Still no quadratic pairing: about window + anchors per row.
        assert!(pairs.len() < 200 * (WINDOW + 2 * MAX_ANCHORS), "{}", pairs.len());
    }

    /// Collects, for comparing the exact-size fill with plain pushing.
    impl PairSink for Vec<Pair> {
        fn push(&mut self, pair: Pair) {
            Vec::push(self, pair);
        }
    }

    #[test]
    fn the_exact_size_fill_holds_the_pairs_of_every_block_in_order() {
        // Small blocks, one over MAX_FULL_BLOCK (sorted neighbourhood)
        // and references, so that every branch of the pairing runs.
        let mut records: Vec<Features> = (0..300)
            .map(|i| {
                contact(["jean", "marie", "paul"][i % 3], "martin", &format!("m{}@a.fr", i % 7))
            })
            .collect();
        records.extend((0..40).map(|i| contact("jean", &format!("durand{}", i % 5), "")));
        let core = 320;
        let mut entries: Vec<(KeyKind, u64, u32)> = Vec::new();
        for (i, f) in records.iter().enumerate() {
            let mut ks = Vec::new();
            keys(Entity::Contact, &[], f, &mut ks);
            entries.extend(ks.into_iter().map(|(k, v)| (k, hash_key(k, &v), i as u32)));
        }
        entries.sort_unstable();
        let blocks: Vec<&[(KeyKind, u64, u32)]> = entries
            .chunk_by(|x, y| x.0 == y.0 && x.1 == y.1)
            .filter(|b| b.len() > 1 && (b[0].2 as usize) < core)
            .collect();
        assert!(blocks.iter().any(|b| b.len() > MAX_FULL_BLOCK));
        let mut pushed: Vec<Pair> = Vec::new();
        for block in &blocks {
            block_pairs(block, None, &records, core, &mut pushed);
        }
        assert_eq!(all_pairs(&blocks, &records, core, &|i| i), pushed);
    }

    #[test]
    fn strangers_are_not_paired() {
        let records = [contact("jean", "dupont", "jd@a.fr"), contact("marie", "curie", "mc@b.fr")];
        assert!(candidates(Entity::Contact, &[], &records, records.len()).pairs.is_empty());
    }

    #[test]
    fn a_shared_role_address_is_not_a_key() {
        let records = [
            contact("jean", "dupont", "contact@acme.fr"),
            contact("marie", "curie", "contact@acme.fr"),
        ];
        assert!(candidates(Entity::Contact, &[], &records, records.len()).pairs.is_empty());
    }

    #[test]
    fn a_huge_block_is_paired_by_neighbourhood_and_reported() {
        let line = PhoneKey { digits: 33144556677, mobile: false };
        let records: Vec<Features> = (0..1000)
            .map(|i| Features {
                first: Some(format!("p{i:04}").into()),
                last: Some(format!("n{i:04}").into()),
                phones: vec![line],
                ..Features::default()
            })
            .collect();
        let c = candidates(Entity::Contact, &[], &records, records.len());
        let phone = c.stats.iter().find(|s| s.key == KeyKind::Phone).unwrap();
        assert_eq!(phone.largest_block, 1000);
        assert_eq!(phone.large_blocks, 1);
        assert_eq!(phone.largest_example, "33144556677");
        assert!(c.pairs.len() < 1000 * (WINDOW + 1), "{} pairs", c.pairs.len());
        assert!(c.pairs.len() >= 1000 * WINDOW - WINDOW * WINDOW);
        // Neighbours in name order are paired.
        assert!(c.pairs.contains(&(0, 1)));
    }

    #[test]
    fn pairs_are_sorted_unique_and_deterministic() {
        let records: Vec<Features> = (0..200)
            .map(|i| contact(["jean", "marie"][i % 2], ["dupont", "martin", "durand"][i % 3], ""))
            .collect();
        let a = candidates(Entity::Contact, &[], &records, records.len());
        let b = candidates(Entity::Contact, &[], &records, records.len());
        assert_eq!(a.pairs, b.pairs);
        assert!(a.pairs.windows(2).all(|w| w[0] < w[1]));
        assert!(a.pairs.iter().all(|(x, y)| x < y));
    }
}
