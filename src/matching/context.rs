//! Evidence from the row: a company record that only says `Écovia SAS`
//! cannot tell the Écovia of Paris from the Écovia of Boulogne, but the
//! person on the same row can. When a contact's cluster (same personal
//! email, same mobile and name…) spans rows whose companies landed in
//! different clusters, and those companies' names agree (same key or one
//! typo) with nothing contradicting (other SIREN, domain, postal code or
//! city), they are one company: the weaker clusters join the strongest.
//!
//! Two clusters that each hold a record with a record id are never joined
//! here: that would be a CRM duplicate, which only the company records
//! themselves may show. A person who moved keeps rows at both companies;
//! their names differ, so nothing is joined.

use compact_str::CompactString;

use rayon::prelude::*;

use super::EntityMatches;
use super::compare::{FieldKind, compare_field};
use super::features::Features;
use super::rules::identifiers_contradict;
use crate::normalize::record::{Record, RowLink};

/// A company level at or below this is "the same name" here: same key or
/// one typo.
const SAME_NAME: u8 = 2;

/// What joining reads of one company record: its name and identifiers.
///
/// Taken when the companies are matched, so that their features can be
/// released before the contacts are: a `Features` is 448 bytes and this
/// about a third of it, which at a million contact rows is 600 MB less at
/// the peak of contact blocking.
#[derive(Clone, Debug, Default)]
struct CompanyFacts {
    key: Option<CompactString>,
    legal_form: Option<&'static str>,
    domain: Option<CompactString>,
    city: Option<CompactString>,
    postal_code: Option<CompactString>,
    siren: Option<u32>,
    siret: Option<u64>,
    record_id: bool,
}

impl CompanyFacts {
    fn of(f: &Features) -> CompanyFacts {
        CompanyFacts {
            key: f.company.clone(),
            legal_form: f.legal_form,
            domain: f.domain.clone(),
            city: f.city.clone(),
            postal_code: f.postal_code.clone(),
            siren: f.siren,
            siret: f.siret,
            record_id: f.record_id.is_some(),
        }
    }

    /// Features holding these facts only, for the comparators, which read
    /// nothing else of a company.
    fn features(&self) -> Features {
        Features {
            company: self.key.clone(),
            legal_form: self.legal_form,
            domain: self.domain.clone(),
            city: self.city.clone(),
            postal_code: self.postal_code.clone(),
            siren: self.siren,
            siret: self.siret,
            ..Features::default()
        }
    }
}

/// The [`CompanyFacts`] of every company record, kept from the company
/// features ([`CompanyRecords::of`]) through contact matching.
#[derive(Debug, Default)]
pub struct CompanyRecords {
    /// By index in the company features: a copy reads its model's
    /// ([`EntityMatches::model_of`]).
    facts: Vec<CompanyFacts>,
}

impl CompanyRecords {
    /// Read before the companies' features are released.
    pub fn of(companies: &EntityMatches) -> CompanyRecords {
        CompanyRecords { facts: companies.features.iter().map(CompanyFacts::of).collect() }
    }

    fn facts(&self, companies: &EntityMatches, k: u32) -> Option<&CompanyFacts> {
        self.facts.get(companies.model_of(k)? as usize)
    }

    /// The company key of record `k` (`CompanyName.key`).
    pub fn key(&self, companies: &EntityMatches, k: u32) -> Option<&CompactString> {
        self.facts(companies, k).and_then(|f| f.key.as_ref())
    }
}

/// Join company clusters that one contact cluster ties together; returns
/// how many clusters were joined. `best` of a moved record points at the
/// record it joined, with the contact link's strength as its score.
pub fn join_companies_through_contacts(
    companies: &mut EntityMatches,
    facts: &CompanyRecords,
    contacts: &EntityMatches,
    records: &[Record],
) -> usize {
    // Sorted by row, looked up by both cores: a table of a million rows
    // filled and read on one core took seconds at a million contacts.
    let mut company_at: Vec<(RowLink, u32)> = companies
        .records
        .par_iter()
        .enumerate()
        .map(|(k, &i)| (records[i].link, k as u32))
        .collect();
    company_at.par_sort_unstable();
    // One company record per row; were there more, the last would count.
    company_at.dedup_by(|later, kept| {
        later.0 == kept.0 && {
            kept.1 = later.1;
            true
        }
    });
    let clusters = companies.cluster.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut size = vec![0u32; clusters];
    let mut has_id = vec![false; clusters];
    for (k, &c) in companies.cluster.iter().enumerate() {
        size[c as usize] += 1;
        has_id[c as usize] |= facts.facts(companies, k as u32).is_some_and(|f| f.record_id);
    }

    // Company records on the rows of each contact cluster, with the
    // strength of the contact's own link, in contact order within each.
    let mut on_rows: Vec<(u32, u32, f64)> = contacts
        .records
        .par_iter()
        .enumerate()
        .filter_map(|(k, &i)| {
            let link = records[i].link;
            let at = company_at.binary_search_by_key(&link, |&(l, _)| l).ok()?;
            let strength = contacts.best[k].map_or(1.0, |(_, p)| p);
            Some((contacts.cluster[k], company_at[at].1, strength))
        })
        .collect();
    drop(company_at);
    on_rows.par_sort_by_key(|&(cluster, _, _)| cluster);
    let groups = on_rows
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|g| g.len() > 1)
        .map(|g| g.iter().map(|&(_, c, strength)| (c, strength)).collect::<Vec<_>>());

    let mut parent: Vec<u32> = (0..clusters as u32).collect();
    let mut joined = 0;
    for members in groups {
        let root = |parent: &mut Vec<u32>, c: u32| find(parent, companies.cluster[c as usize]);
        // The anchor: the company of the largest cluster, an id first,
        // among those that name it (a row may give only the domain of
        // the person's email, or a SIREN).
        let named = |k: u32| facts.facts(companies, k).is_some_and(|f| f.key.is_some());
        let Some(&(anchor, _)) =
            members.iter().filter(|&&(k, _)| named(k)).max_by_key(|&&(k, _)| {
                let c = root(&mut parent, k) as usize;
                (has_id[c], size[c], std::cmp::Reverse(k))
            })
        else {
            continue;
        };
        for &(k, strength) in &members {
            let (a, b) = (root(&mut parent, anchor), root(&mut parent, k));
            if a == b || (has_id[a as usize] && has_id[b as usize]) {
                continue;
            }
            let (Some(x), Some(y)) = (facts.facts(companies, anchor), facts.facts(companies, k))
            else {
                continue;
            };
            let (x, y) = (x.features(), y.features());
            let (x, y) = (&x, &y);
            let level = compare_field(FieldKind::Company, x, y, false);
            if level == 0 || level > SAME_NAME || identifiers_contradict(x, y) {
                continue;
            }
            parent[b as usize] = a;
            size[a as usize] += size[b as usize];
            has_id[a as usize] |= has_id[b as usize];
            companies.best[k as usize].get_or_insert((anchor, strength));
            joined += 1;
        }
    }
    if joined > 0 {
        for c in companies.cluster.iter_mut() {
            *c = find(&mut parent, *c);
        }
    }
    joined
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        parent[x as usize] = parent[parent[x as usize] as usize];
        x = parent[x as usize];
    }
    x
}
