//! Term frequencies: how common the value two records agree on is. Two
//! `Martin` agree less than two `Kowalczyk`; a switchboard number shared
//! by forty contacts says little. The "same" level of a name, company,
//! city, email or phone weighs by the share of its value (see
//! [`super::weights`]).

use super::compare::FieldKind;
use super::features::{Features, PhoneKey, stable_hash};
use rayon::prelude::*;

use crate::fxhash::FxHashMap;

/// How often each value of a field occurs.
#[derive(Clone, Debug, Default)]
pub struct TermFrequencies {
    counts: FxHashMap<u64, u32>,
    /// Values counted (once per cluster).
    pub total: u64,
}

impl TermFrequencies {
    fn share(&self, hash: u64) -> Option<f64> {
        let n = *self.counts.get(&hash)?;
        Some(f64::from(n) / self.total.max(1) as f64)
    }

    /// Value frequencies of a field. Once a first pass has clustered the
    /// records, a value counts once per cluster: a company named on forty
    /// contact rows is one company, and its name is no more common for that.
    ///
    /// Counted as sorted (value, cluster) pairs on both cores: inserting
    /// two million of them one by one into a set and a table took 1.3–1.6 s
    /// of each training pass at a million contacts against a million.
    pub fn of(
        field: FieldKind,
        records: &[Features],
        clusters: Option<&[u32]>,
    ) -> Option<TermFrequencies> {
        if !field.term_frequency() {
            return None;
        }
        let mut values: Vec<(u64, u32)> = records
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, f)| {
                let cluster = clusters.map_or(i as u32, |c| c[i]);
                value_hashes(field, f).map(move |h| (h, cluster))
            })
            .collect();
        values.par_sort_unstable();
        values.dedup();
        let mut t = TermFrequencies { counts: FxHashMap::default(), total: values.len() as u64 };
        for run in values.chunk_by(|x, y| x.0 == y.0) {
            t.counts.insert(run[0].0, run.len() as u32);
        }
        Some(t)
    }

    /// The share of the value two records agree on.
    pub fn pair_share(&self, field: FieldKind, a: &Features, b: &Features) -> Option<f64> {
        self.share(pair_hash(field, a, b)?)
    }

    /// The share of a record's own value (see [`record_valued`]).
    pub fn record_share(&self, field: FieldKind, f: &Features) -> Option<f64> {
        self.share(hash_str(record_valued(field, f)?))
    }
}

/// The hashes of a record's values of a field: its emails, its phones,
/// or its one value.
fn value_hashes(field: FieldKind, f: &Features) -> impl Iterator<Item = u64> + '_ {
    let (emails, phones, one) = match field {
        FieldKind::Email => (&f.emails[..], &[][..], None),
        FieldKind::Phone => (&[][..], &f.phones[..], None),
        _ => (&[][..], &[][..], field.tf_value(f).map(hash_str)),
    };
    emails.iter().map(|e| hash_str(&e.address)).chain(phones.iter().map(|p| p.digits)).chain(one)
}

fn hash_str(s: &str) -> u64 {
    stable_hash(0, s)
}

/// The value whose frequency weighs a "same" level, as a hash.
fn pair_hash(field: FieldKind, a: &Features, b: &Features) -> Option<u64> {
    match field {
        FieldKind::Email => {
            let shared =
                a.emails.iter().find(|x| b.emails.iter().any(|y| y.address == x.address))?;
            Some(hash_str(&shared.address))
        }
        FieldKind::Phone => {
            // The number that made the level: a shared mobile before a
            // shared switchboard, which forty colleagues may give.
            let shared = |x: &&PhoneKey| {
                b.phones.iter().any(|y| y.digits == x.digits && y.mobile == x.mobile)
            };
            let first = a.phones.iter().filter(|x| x.mobile).find(shared);
            Some(first.or_else(|| a.phones.iter().find(shared))?.digits)
        }
        _ => field.tf_value(a).map(hash_str),
    }
}

/// Whether a "same" level of the field is about the record's own value (a
/// name, a company, a town), not the pair's (the shared one of several
/// emails or phones).
pub fn is_record_valued(field: FieldKind) -> bool {
    !matches!(field, FieldKind::Email | FieldKind::Phone)
}

/// The value of a record a "same" level is about, for fields where it is
/// the record's own (see [`is_record_valued`]).
pub fn record_valued(field: FieldKind, f: &Features) -> Option<&str> {
    if is_record_valued(field) { field.tf_value(f) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(last: &str, phones: &[u64]) -> Features {
        Features {
            last: Some(last.into()),
            phones: phones.iter().map(|&digits| PhoneKey { digits, mobile: false }).collect(),
            ..Features::default()
        }
    }

    fn share(t: &TermFrequencies, field: FieldKind, f: &Features) -> f64 {
        t.pair_share(field, f, f).expect("a counted value")
    }

    #[test]
    fn a_value_counts_once_per_record_then_once_per_cluster() {
        let records = [
            person("martin", &[33_140_000_001]),
            person("martin", &[33_140_000_001, 33_612_345_678]),
            person("martin", &[]),
            person("kowalczyk", &[33_140_000_001]),
        ];
        let alone = TermFrequencies::of(FieldKind::LastName, &records, None).unwrap();
        assert_eq!(alone.total, 4);
        assert_eq!(share(&alone, FieldKind::LastName, &records[0]), 0.75);
        assert_eq!(share(&alone, FieldKind::LastName, &records[3]), 0.25);
        // The first two records are one person: one Martin among three.
        let clusters = [0, 0, 2, 3];
        let clustered =
            TermFrequencies::of(FieldKind::LastName, &records, Some(&clusters)).unwrap();
        assert_eq!(clustered.total, 3);
        assert_eq!(share(&clustered, FieldKind::LastName, &records[2]), 2.0 / 3.0);
        // A record counts each of its numbers; the switchboard is given
        // by one cluster twice and by another once.
        let phones = TermFrequencies::of(FieldKind::Phone, &records, Some(&clusters)).unwrap();
        assert_eq!(phones.total, 3);
        assert_eq!(share(&phones, FieldKind::Phone, &records[3]), 2.0 / 3.0);
        assert_eq!(share(&phones, FieldKind::Phone, &records[1]), 2.0 / 3.0);
        assert!(TermFrequencies::of(FieldKind::JobTitle, &records, None).is_none());
    }
}
