//! Term frequencies: how common the value two records agree on is. Two
//! `Martin` agree less than two `Kowalczyk`; a switchboard number shared
//! by forty contacts says little. The "same" level of a name, company,
//! city, email or phone weighs by the share of its value (see
//! [`super::weights`]).

use super::compare::FieldKind;
use super::features::{Features, PhoneKey, stable_hash};
use crate::fxhash::{FxHashMap, FxHashSet};

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
    pub fn of(
        field: FieldKind,
        records: &[Features],
        clusters: Option<&[u32]>,
    ) -> Option<TermFrequencies> {
        if !field.term_frequency() {
            return None;
        }
        let mut seen: FxHashSet<(u64, u32)> = FxHashSet::default();
        let mut t = TermFrequencies::default();
        for (i, f) in records.iter().enumerate() {
            let cluster = clusters.map_or(i as u32, |c| c[i]);
            let mut add = |h: u64| {
                if seen.insert((h, cluster)) {
                    *t.counts.entry(h).or_insert(0) += 1;
                    t.total += 1;
                }
            };
            match field {
                FieldKind::Email => f.emails.iter().for_each(|e| add(hash_str(&e.address))),
                FieldKind::Phone => f.phones.iter().for_each(|p| add(p.digits)),
                _ => {
                    if let Some(v) = field.tf_value(f) {
                        add(hash_str(v))
                    }
                }
            }
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

/// The value of a record a "same" level is about, for fields where it is
/// the record's own (a name, a company, a town), not the pair's (the
/// shared one of several emails or phones).
pub fn record_valued(field: FieldKind, f: &Features) -> Option<&str> {
    match field {
        FieldKind::Email | FieldKind::Phone => None,
        _ => field.tf_value(f),
    }
}
