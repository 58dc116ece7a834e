//! How much people of one company agree anyway: u given the same company.
//!
//! Fellegi–Sunter adds up fields as if they were independent, and for
//! people at one company they are not. Colleagues share the switchboard,
//! the generic mailbox, the town, and in family firms the surname
//! (`Martin & Fils`). A shared office line is strong evidence between two
//! strangers (u ≈ 3·10⁻⁶, 17 bits) and little between two people at one
//! company, a quarter of whom give the same switchboard. Counted on random
//! pairs alone, that line came on top of the company's own 18 bits, and
//! two relatives of one family firm, each with a mobile and an address of
//! their own, scored as one person: 6 % of the links in a million CRM
//! contacts.
//!
//! So u is also counted on pairs of records at the same company that are
//! not the same entity (after a first pass has clustered them), and when
//! a pair's companies agree, each other field weighs no more than it does
//! among colleagues. Agreement that colleagues rarely share (one personal
//! address, one mobile) keeps its full weight.
//!
//! Deals are "colleagues" when they are one contact's: such deals share
//! the contact's owner and often a next step whether or not they are one
//! deal.

use rayon::prelude::*;

use super::compare::{FieldKind, Levels, SAME_CONTACT, compare};
use super::features::{Features, stable_hash};

/// Pairs of colleagues sampled at most.
const MAX_PAIRS: usize = 400_000;
/// Colleague pairs below which their counts say too little to use.
const MIN_PAIRS: usize = 500;
/// Pseudo-pairs drawn from u among all pairs: a level no colleague pair
/// showed keeps (nearly) its weight among strangers.
const PRIOR_PAIRS: f64 = 10.0;

/// Pairs of records whose companies agree, with their levels.
pub struct ColleagueSample {
    company: usize,
    agreeing: &'static [u8],
    pairs: Vec<(u32, u32)>,
    levels: Vec<Levels>,
}

impl ColleagueSample {
    /// For people (not companies themselves) compared on their company,
    /// and for deals on their contact: each record paired with the next
    /// one of its company (by company group once companies are clustered,
    /// else by company key) or of its contact (by contact group), up to
    /// [`MAX_PAIRS`] spread evenly over all groups. Deterministic.
    ///
    /// The deals of one contact share their owner (the contact's), often
    /// their next step, and EM's session on the contact gives how often
    /// such a pair is one deal (see `weights::weighed_by_its_session`):
    /// counted on random pairs, a shared owner came on top of that share,
    /// and a row whose amount differs from the contact's only CRM deal
    /// joined it.
    pub fn draw(fields: &[FieldKind], records: &[Features]) -> Option<ColleagueSample> {
        let (company, agreeing): (usize, &'static [u8]) =
            if let Some(contact) = fields.iter().position(|&f| f == FieldKind::Contact) {
                (contact, SAME_CONTACT)
            } else if fields.contains(&FieldKind::FirstName) {
                (fields.iter().position(|&f| f == FieldKind::Company)?, &[1])
            } else {
                return None;
            };
        let by_contact = fields[company] == FieldKind::Contact;
        let mut keyed: Vec<(u64, u32)> = records
            .par_iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let key = match (f.company_ref, &f.company) {
                    _ if by_contact => u64::from(f.contact_ref?),
                    (Some(r), _) => u64::from(r) | 1 << 63,
                    (None, Some(name)) => stable_hash(1, name) & !(1 << 63),
                    (None, None) => return None,
                };
                Some((key, i as u32))
            })
            .collect();
        keyed.par_sort_unstable();
        let mut pairs: Vec<(u32, u32)> = keyed
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| (w[0].1.min(w[1].1), w[0].1.max(w[1].1)))
            .collect();
        if pairs.len() > MAX_PAIRS {
            let step = pairs.len().div_ceil(MAX_PAIRS);
            pairs = pairs.into_iter().step_by(step).collect();
        }
        let levels: Vec<Levels> = pairs
            .par_iter()
            .map(|&(a, b)| compare(fields, &records[a as usize], &records[b as usize]))
            .collect();
        // Names that differ only in spelling fall in one key and may
        // still land in two company groups: only pairs the comparison
        // calls the same company count.
        let (pairs, levels) =
            pairs.into_iter().zip(levels).filter(|(_, l)| agreeing.contains(&l[company])).unzip();
        Some(ColleagueSample { company, agreeing, pairs, levels })
    }

    /// The field that tells whether a pair are colleagues.
    pub fn company_field(&self) -> usize {
        self.company
    }

    /// The levels of [`ColleagueSample::company_field`] at which they are.
    pub fn agreeing(&self) -> &'static [u8] {
        self.agreeing
    }

    /// u per field and level among colleagues who are not one entity
    /// (`clusters` from a first pass), smoothed towards `u_all`; none
    /// without clusters (duplicates would pass for colleagues) or with too
    /// few pairs.
    pub fn u(
        &self,
        fields: &[FieldKind],
        u_all: &[Vec<f64>],
        clusters: Option<&[u32]>,
    ) -> Option<(Vec<Vec<f64>>, usize)> {
        let clusters = clusters?;
        let mut counts: Vec<Vec<f64>> = fields.iter().map(|f| vec![0.0; f.n_levels()]).collect();
        let mut n = 0;
        for (&(a, b), l) in self.pairs.iter().zip(&self.levels) {
            if clusters[a as usize] == clusters[b as usize] {
                continue;
            }
            n += 1;
            for (i, &level) in l.iter().take(fields.len()).enumerate() {
                counts[i][level as usize] += 1.0;
            }
        }
        if n < MIN_PAIRS {
            return None;
        }
        let u = counts
            .iter()
            .zip(u_all)
            .map(|(c, u)| {
                let present: f64 = c[1..].iter().sum();
                let mut out: Vec<f64> = c
                    .iter()
                    .zip(u)
                    .map(|(&x, &u)| (x + PRIOR_PAIRS * u) / (present + PRIOR_PAIRS))
                    .collect();
                out[0] = 1.0;
                out
            })
            .collect();
        Some((u, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::features::PhoneKey;
    use crate::matching::weights::train_on_candidates;
    use crate::model::Entity;

    fn person(first: &str, last: &str, company: usize, phones: &[(u64, bool)]) -> Features {
        Features {
            first: Some(first.into()),
            last: Some(last.into()),
            company: Some(format!("company {company}").into()),
            phones: phones.iter().map(|&(digits, mobile)| PhoneKey { digits, mobile }).collect(),
            ..Features::default()
        }
    }

    /// 400 companies of five people each, all giving the switchboard and
    /// a mobile of their own; every tenth person written twice.
    fn population() -> (Vec<Features>, Vec<u32>) {
        let (mut records, mut entity) = (Vec::new(), Vec::new());
        for c in 0..400 {
            for p in 0..5 {
                let id = c * 5 + p;
                let phones =
                    [(330_100_000_000 + c as u64, false), (330_600_000_000 + id as u64, true)];
                let copies = if id % 10 == 0 { 2 } else { 1 };
                for _ in 0..copies {
                    records.push(person(&format!("first{id}"), &format!("last{id}"), c, &phones));
                    entity.push(id as u32);
                }
            }
        }
        (records, entity)
    }

    #[test]
    fn a_switchboard_shared_by_colleagues_weighs_little_between_them() {
        let (records, clusters) = population();
        let fields =
            [FieldKind::FirstName, FieldKind::LastName, FieldKind::Phone, FieldKind::Company];
        let colleagues = ColleagueSample::draw(&fields, &records).expect("people with companies");
        let train = |clusters: Option<&[u32]>| {
            train_on_candidates(Entity::Contact, &fields, &records, Some(&colleagues), clusters)
        };
        // Without a first pass, duplicates would pass for colleagues.
        assert!(train(None).given_same_company.is_none());
        let model = train(Some(&clusters));
        let given = model.given_same_company.as_ref().expect("enough colleagues");
        assert!(given.colleague_pairs >= 1_500, "{} colleague pairs", given.colleague_pairs);

        // Two colleagues: same company, same line, each their own mobile.
        let (a, b) = (&records[1], &records[2]);
        let l = compare(&fields, a, b);
        assert_eq!(l[2], 3, "same line, other mobiles");
        let w = model.weights(&l, a, b);
        let stranger_weight = model.fields[2].levels[3].weight;
        assert!(w[2] < stranger_weight - 5.0, "{} vs {stranger_weight} among strangers", w[2]);
        assert!(model.probability(&l, a, b) < 0.5);
        // A duplicate (same mobile) keeps the full weight of its mobile.
        let (x, y) = (&records[0], &records[1]);
        let l = compare(&fields, x, y);
        assert_eq!(l[2], 1, "same mobile");
        let mobile = model.weights(&l, x, y)[2];
        assert!(mobile > w[2] + 10.0, "same mobile {mobile}, colleagues' line {}", w[2]);
        assert!(model.probability(&l, x, y) > 0.99);
    }

    #[test]
    fn the_deals_of_one_contact_share_their_owner_which_says_little_between_them() {
        // 300 contacts with three CRM deals each, all owned by the
        // contact's salesperson (one of six), and a row about the first.
        let (mut records, mut entity) = (Vec::new(), Vec::new());
        for c in 0..300u32 {
            let deal = |d: u32, id: Option<String>| Features {
                record_id: id.map(Into::into),
                contact_ref: Some(c),
                amount: Some(f64::from(1000 + 7 * (c * 3 + d))),
                owner: Some(format!("owner {}", c % 6).into()),
                ..Features::default()
            };
            for d in 0..3 {
                records.push(deal(d, Some(format!("184{c}{d}"))));
                entity.push(c * 3 + d);
            }
            records.push(deal(0, None));
            entity.push(c * 3);
        }
        crate::matching::features::count_crm_deals_of_contacts(&mut records, 1200);
        let fields = [FieldKind::Contact, FieldKind::Amount, FieldKind::Owner];
        let colleagues = ColleagueSample::draw(&fields, &records).expect("deals with contacts");
        let model =
            train_on_candidates(Entity::Deal, &fields, &records, Some(&colleagues), Some(&entity));
        assert!(model.given_same_company.is_some());

        // Two deals of one contact, and a row against a deal of the
        // contact it is not: the shared owner adds (almost) nothing.
        let stranger_weight = model.fields[2].levels[1].weight;
        assert!(stranger_weight > 1.5, "{stranger_weight}");
        for (a, b) in [(0, 1), (1, 3)] {
            let (x, y) = (&records[a], &records[b]);
            let l = compare(&fields, x, y);
            assert_eq!(l[2], 1, "same owner");
            let w = model.weights(&l, x, y)[2];
            assert!(w < 0.5, "{w} between deals of one contact, {stranger_weight} otherwise");
        }
    }
}
