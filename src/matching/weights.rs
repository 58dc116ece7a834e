//! Fellegi–Sunter weights: how much each level of each field says about
//! "same entity", learnt from the data itself, without labels.
//!
//! - **u** (how often two *different* records fall in a level) is counted
//!   on random pairs, which are almost all non-matches.
//! - **m** (how often two records of the *same* entity do) and the share
//!   of matches among candidate pairs (λ) are estimated by
//!   expectation–maximisation over the candidate pairs, with u held fixed
//!   (as Splink does), which keeps EM from drifting to a "same company"
//!   class instead of "same person". Priors (pseudo-counts) keep small
//!   inputs sensible.
//! - **Term frequency**: the "same" level of a name, company, city, email
//!   or phone is weighed by how common the shared value is: two `Martin`
//!   agree less than two `Kowalczyk`; a switchboard number shared by forty
//!   contacts says little.
//!
//! The score of a pair is the sum of the log₂ Bayes factors of its levels
//! plus the prior log-odds, turned into a probability.

use rayon::prelude::*;
use serde::Serialize;

use super::colleagues::ColleagueSample;
use super::compare::{FieldKind, Levels, MISSING, compare};
use super::features::Features;
use super::term_frequency::{self, TermFrequencies};
use crate::model::Entity;

/// A learnt model for one entity.
#[derive(Clone, Debug, Serialize)]
pub struct Model {
    pub fields: Vec<FieldModel>,
    /// Probability that two records drawn at random are a match (the
    /// prior of every pair: u is measured on random pairs too).
    pub lambda: f64,
    pub sessions: Vec<Session>,
    pub random_pairs: usize,
    /// What each field weighs at most between two records of one company
    /// (see [`super::colleagues`]), when there were enough colleagues to
    /// tell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_same_company: Option<GivenCompany>,
    /// How rows about a contact with several CRM deals were weighed
    /// against those deals (see [`super::contest`]), for deals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contest: Option<super::contest::ContestSummary>,
    #[serde(skip)]
    tf: Vec<Option<TermFrequencies>>,
    /// Per field, u of "same" among non-matches over u among random
    /// pairs: the same correction applies to term frequencies.
    #[serde(skip)]
    u_ratio: Vec<f64>,
    /// The term-frequency share of each training record's value, per
    /// field (records × fields, NaN where none): scoring tens of millions
    /// of pairs looked each up in a table of a million values, two cache
    /// misses a pair. Email and phone shares depend on the pair.
    #[serde(skip)]
    shares: Vec<f64>,
}

/// One EM run: the candidate pairs that agree exactly on `on` (which is
/// then left out, its agreement being given), with what it estimated.
#[derive(Clone, Debug, Serialize)]
pub struct Session {
    pub on: FieldKind,
    /// The level of `on` the session's pairs are at (its first, "same",
    /// but for a deal's contact; see [`session_levels`]).
    pub level: &'static str,
    #[serde(skip)]
    level_index: u8,
    pub pairs: u64,
    pub iterations: usize,
    /// Share of the session's pairs EM found to be matches.
    pub matches: f64,
}

/// u and weights among colleagues, per field (the company field itself
/// left as it is).
#[derive(Clone, Debug, Serialize)]
pub struct GivenCompany {
    #[serde(skip)]
    company: usize,
    /// The levels of `company` at which two records are colleagues.
    #[serde(skip)]
    agreeing: &'static [u8],
    pub colleague_pairs: usize,
    pub fields: Vec<FieldModel>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FieldModel {
    pub field: FieldKind,
    pub levels: Vec<LevelModel>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelModel {
    pub label: &'static str,
    pub m: f64,
    pub u: f64,
    /// log₂(m / u): what this level adds to a pair's score.
    pub weight: f64,
}

/// A deterministic 64-bit generator (SplitMix64) for sampling random pairs.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The correction of u for the matches among random pairs never divides
/// it by more than 1 / this (4 = two bits): past that, a wrong λ would
/// feed on itself.
const U_CORRECTION_FLOOR: f64 = 0.25;
/// Random pairs sampled to estimate u.
const RANDOM_PAIRS: usize = 400_000;
/// Pseudo-counts given to the prior m of each field.
const PRIOR_WEIGHT: f64 = 5.0;
const EM_MAX_ITERATIONS: usize = 60;

/// A prior m for each level: most matches agree exactly, fewer closely,
/// few are different. Only a starting point and a pseudo-count: the data
/// moves it.
fn prior_m(n_levels: usize) -> Vec<f64> {
    // levels 1..n-1; the last is "different".
    let k = n_levels - 1;
    let mut m = vec![0.0; n_levels];
    if k <= 2 {
        m[1] = 0.9;
        m[k] = 0.1;
        return m;
    }
    m[1] = 0.75;
    m[k] = 0.05;
    let middle = k - 2;
    for slot in &mut m[2..k] {
        *slot = 0.20 / middle as f64;
    }
    m
}

impl Model {
    /// Learn a model from the records and their candidate pairs.
    ///
    /// `clusters`, from a first pass, make a second one better: random
    /// pairs inside a cluster are matches and do not count towards u, and
    /// term frequencies count clusters rather than records. Without them,
    /// data where each entity appears many times (a company on every row
    /// of its contacts) makes every agreement look common.
    ///
    /// `patterns` are the distinct levels of the candidate pairs with
    /// their numbers of pairs, sorted: EM runs over a few thousand patterns,
    /// not millions of pairs.
    pub fn train(
        entity: Entity,
        fields: &[FieldKind],
        records: &[Features],
        patterns: &[(Levels, u64)],
        random: &RandomSample,
        colleagues: Option<&ColleagueSample>,
        clusters: Option<&[u32]>,
    ) -> Model {
        // One field per core: each count is a pass over every record.
        let tf: Vec<Option<TermFrequencies>> =
            fields.par_iter().map(|&f| TermFrequencies::of(f, records, clusters)).collect();
        let (u, random_pairs) = random.u(fields, clusters);

        let prior: Vec<Vec<f64>> = fields.iter().map(|f| prior_m(f.n_levels())).collect();
        let session_on: Vec<FieldKind> =
            fields.iter().copied().filter(|&f| is_session_field(entity, f)).collect();
        let (mut m, sessions) = estimate_m(entity, fields, &session_on, patterns, &u, &prior);
        cap_disagreement(fields, &mut m);
        let n = records.len() as f64;
        let all_pairs = n * (n - 1.0) / 2.0;
        // Random pairs hold matches too, at rate λ: u among non-matches is
        // (u_random − λ·m) / (1 − λ). λ and u are solved together; where
        // entities repeat a lot (a company on each of its contacts' rows)
        // this is what keeps a shared name from looking common.
        let u_random = u;
        let mut u = u_random.clone();
        let mut lambda = estimate_lambda(fields, patterns, &m, &u, all_pairs);
        // Only for fields that name the entity: a deal's company or
        // contact is shared by its other deals, so strangers agreeing on
        // it are not rare and its u must not be corrected towards zero.
        let corrected: Vec<bool> = fields.iter().map(|f| session_on.contains(f)).collect();
        for _ in 0..30 {
            for (i, field) in u.iter_mut().enumerate() {
                if !corrected[i] {
                    continue;
                }
                for level in 1..field.len() {
                    let raw = u_random[i][level];
                    field[level] = ((raw - lambda * m[i][level]) / (1.0 - lambda))
                        .clamp(raw * U_CORRECTION_FLOOR, 1.0);
                }
            }
            let next = estimate_lambda(fields, patterns, &m, &u, all_pairs);
            let done = (next - lambda).abs() <= 1e-3 * lambda;
            lambda = next;
            if done {
                break;
            }
        }
        let u_ratio: Vec<f64> = (0..fields.len()).map(|i| u[i][1] / u_random[i][1]).collect();

        let given_same_company = colleagues.and_then(|c| {
            let (u_c, pairs) = c.u(fields, &u, clusters)?;
            Some(GivenCompany {
                company: c.company_field(),
                agreeing: c.agreeing(),
                colleague_pairs: pairs,
                fields: field_models(fields, &m, &u_c),
            })
        });
        let mut model = Model {
            fields: field_models(fields, &m, &u),
            lambda,
            sessions,
            random_pairs,
            given_same_company,
            contest: None,
            tf,
            u_ratio,
            shares: Vec::new(),
        };
        model.shares = model.record_shares(records);
        model.weigh_by_sessions(entity);
        model
    }

    /// See [`weighed_by_its_session`]: the level a session agrees on
    /// weighs what takes the prior to the session's share of matches.
    fn weigh_by_sessions(&mut self, entity: Entity) {
        let prior = self.prior();
        for s in &self.sessions {
            if !weighed_by_its_session(entity, s.on) {
                continue;
            }
            let Some(fm) = self.fields.iter_mut().find(|f| f.field == s.on) else { continue };
            let share = s.matches.clamp(1e-6, 1.0 - 1e-6);
            let level = &mut fm.levels[s.level_index as usize];
            level.weight = (share / (1.0 - share)).log2() - prior;
            level.u = level.m / level.weight.exp2();
        }
    }

    /// See [`Model::shares`].
    fn record_shares(&self, records: &[Features]) -> Vec<f64> {
        let n = self.fields.len();
        let mut shares = vec![f64::NAN; records.len() * n];
        shares.par_chunks_mut(n).zip(records).for_each(|(out, f)| {
            for (i, fm) in self.fields.iter().enumerate() {
                if let Some(tf) = &self.tf[i] {
                    out[i] = tf.record_share(fm.field, f).unwrap_or(f64::NAN);
                }
            }
        });
        shares
    }

    pub fn field_kinds(&self) -> Vec<FieldKind> {
        self.fields.iter().map(|f| f.field).collect()
    }

    /// The weight (log₂ Bayes factor) of each field of a compared pair,
    /// with the term-frequency adjustment of "same" levels and of the
    /// "within a typo" level of names (see [`FieldKind::tf_close_level`]).
    pub fn weights(
        &self,
        levels: &Levels,
        a: &Features,
        b: &Features,
    ) -> [f64; super::compare::MAX_FIELDS] {
        self.weights_by(levels, |i, tf, close| {
            let field = self.fields[i].field;
            if close {
                let share = |f| tf.record_share(field, f);
                share(a).into_iter().chain(share(b)).reduce(f64::max)
            } else {
                tf.pair_share(field, a, b)
            }
        })
    }

    /// [`Model::weights`] of two training records by index, `records`
    /// being those the model was trained on.
    pub fn weights_at(
        &self,
        levels: &Levels,
        a: u32,
        b: u32,
        records: &[Features],
    ) -> [f64; super::compare::MAX_FIELDS] {
        let n = self.fields.len();
        let share = |r: u32, i: usize| {
            let s = self.shares[r as usize * n + i];
            (!s.is_nan()).then_some(s)
        };
        // The records themselves are read only for the shared email or
        // phone: scoring tens of millions of pairs, reading each pair's
        // records for a name's share (already in `shares`) was most of
        // the time.
        self.weights_by(levels, |i, tf, close| {
            let field = self.fields[i].field;
            if close {
                share(a, i).into_iter().chain(share(b, i)).reduce(f64::max)
            } else if term_frequency::is_record_valued(field) {
                share(a, i)
            } else {
                tf.pair_share(field, &records[a as usize], &records[b as usize])
            }
        })
    }

    /// Match probability of two training records by index.
    pub fn probability_at(&self, levels: &Levels, a: u32, b: u32, records: &[Features]) -> f64 {
        let w = self.weights_at(levels, a, b, records);
        probability(self.prior() + w.iter().sum::<f64>())
    }

    /// The weights, `share_of(field, table, close)` giving the share of
    /// the value two records agree on, when the field weighs by
    /// frequency, or with `close` the larger share of the two records'
    /// values (within a typo of each other).
    fn weights_by(
        &self,
        levels: &Levels,
        share_of: impl Fn(usize, &TermFrequencies, bool) -> Option<f64>,
    ) -> [f64; super::compare::MAX_FIELDS] {
        let mut w = [0.0; super::compare::MAX_FIELDS];
        for (i, fm) in self.fields.iter().enumerate() {
            let l = levels[i] as usize;
            let level = &fm.levels[l];
            w[i] = level.weight;
            let Some(tf) = &self.tf[i] else { continue };
            // Never below the chance of two unique values colliding.
            let floor = 1.0 / tf.total.max(1) as f64;
            // The first level of a TF field is exact agreement on a value.
            if l == 1
                && let Some(share) = share_of(i, tf, false)
            {
                // u for "both have this value" is the value's share.
                let u = share.max(floor) * self.u_ratio[i];
                w[i] = (level.m / u).log2();
            } else if fm.field.tf_close_level() == Some(l as u8)
                && let Some(share) = share_of(i, tf, true)
            {
                // Two spellings of a rare name are as telling, next to two
                // of a common one, as the same rare name is next to the
                // same common one: the level's weight moves by how much
                // rarer than an average agreeing value the name is (u of
                // "same" over the name's share, both before correction).
                let average = fm.levels[1].u / self.u_ratio[i];
                w[i] += (average / share.max(floor)).log2();
            }
        }
        if let Some(given) = &self.given_same_company
            && given.agreeing.contains(&levels[given.company])
        {
            for (i, fm) in given.fields.iter().enumerate() {
                let l = levels[i] as usize;
                if i != given.company && l != MISSING as usize {
                    w[i] = w[i].min(fm.levels[l].weight);
                }
            }
        }
        w
    }

    /// The most a pair at these levels can weigh (log₂ odds, prior
    /// included), whatever values it agrees on: a term frequency moves a
    /// level by its value's share, which is never below one value in the
    /// table, and the weights among colleagues only ever lower a field.
    /// Scoring skips the pairs whose best is below review without reading
    /// their records.
    pub fn best_log_odds(&self, levels: &Levels) -> f64 {
        let mut best = self.prior();
        for (i, fm) in self.fields.iter().enumerate() {
            let l = levels[i] as usize;
            let level = &fm.levels[l];
            let mut w = level.weight;
            if let Some(tf) = &self.tf[i] {
                let floor = 1.0 / tf.total.max(1) as f64;
                if l == 1 {
                    w = w.max((level.m / (floor * self.u_ratio[i])).log2());
                } else if fm.field.tf_close_level() == Some(l as u8) {
                    let average = fm.levels[1].u / self.u_ratio[i];
                    w += (average / floor).log2().max(0.0);
                }
            }
            best += w;
        }
        best
    }

    /// Whether no pair at these levels can reach probability `p`,
    /// whatever values it agrees on (see [`Model::best_log_odds`]).
    pub fn cannot_reach(&self, levels: &Levels, p: f64) -> bool {
        probability(self.best_log_odds(levels)) < p
    }

    /// Prior log₂ odds of a match among candidate pairs.
    pub fn prior(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    /// Match probability of a compared pair.
    pub fn probability(&self, levels: &Levels, a: &Features, b: &Features) -> f64 {
        let w = self.weights(levels, a, b);
        probability(self.prior() + w.iter().sum::<f64>())
    }
}

/// Each field's levels with their m, u and weight.
fn field_models(fields: &[FieldKind], m: &[Vec<f64>], u: &[Vec<f64>]) -> Vec<FieldModel> {
    fields
        .iter()
        .enumerate()
        .map(|(i, &field)| FieldModel {
            field,
            levels: field
                .levels()
                .iter()
                .enumerate()
                .map(|(level, &label)| {
                    let (mm, uu) = (m[i][level], u[i][level]);
                    let weight = if level == MISSING as usize { 0.0 } else { (mm / uu).log2() };
                    LevelModel { label, m: mm, u: uu, weight }
                })
                .collect(),
        })
        .collect()
}

/// The most a field may disagree between two records of one entity, what
/// EM learnt notwithstanding. A company has one SIREN (a typo fails its
/// Luhn check) and one or two web domains; but EM's sessions on a shared
/// name hold namesakes (two `Chaudronnerie Lucas` in one town), and would
/// learn that a third of matches have another SIREN or domain — which
/// then cannot tell the namesakes apart.
fn disagreement_cap(field: FieldKind) -> Option<f64> {
    match field {
        FieldKind::Siren => Some(0.01),
        FieldKind::Domain => Some(0.05),
        _ => None,
    }
}

/// Move the "different" mass above the cap to the agreeing levels, in
/// proportion to what they hold.
fn cap_disagreement(fields: &[FieldKind], m: &mut [Vec<f64>]) {
    for (i, &field) in fields.iter().enumerate() {
        let Some(cap) = disagreement_cap(field) else { continue };
        let last = m[i].len() - 1;
        let excess = m[i][last] - cap;
        if excess <= 0.0 {
            continue;
        }
        let agreeing: f64 = m[i][1..last].iter().sum();
        if agreeing <= 0.0 {
            continue;
        }
        for share in &mut m[i][1..last] {
            *share += excess * *share / agreeing;
        }
        m[i][last] = cap;
    }
}

/// log₂ odds → probability.
pub fn probability(log2_odds: f64) -> f64 {
    1.0 / (1.0 + (-log2_odds).exp2())
}

/// Fields whose exact agreement makes a training session: those that
/// name the entity itself, so that the pairs agreeing on one are mostly
/// matches. A session on a city, a company shared by colleagues or a last
/// name (homonyms) would hold many non-matches, and EM, free to make m
/// copy u, drifts into calling them all matches.
///
/// A deal has no such field. Its sessions are on its contact, at the
/// levels that leave out two deals both in the CRM (see `compare_field`
/// and [`session_levels`]): a row about a contact against each deal of
/// that contact, most often one of them. The CRM's own deals of one
/// contact are left out because they are almost never one deal, and with
/// them in, EM called every pair a match.
///
/// - Not on a deal's amount: amounts such as 5,000 are shared by deals of
///   other customers that the deal-name key brings together, and EM
///   called all 1,157 such pairs of a 10k set matches, learning that 28 %
///   of matches have another contact. Rows updated by 10 % then came out
///   new deals.
/// - Nor a deal's name: once its company's words are removed, what is
///   left is a topic (`annual subscription`, `renouvellement parc`) that
///   thousands of deals share. At 659,000 deals that session held 6.2M
///   pairs and concluded almost none matched.
pub fn session_fields(entity: Entity) -> &'static [FieldKind] {
    match entity {
        Entity::Contact => &[FieldKind::Email, FieldKind::Phone],
        Entity::Company => {
            &[FieldKind::Company, FieldKind::Domain, FieldKind::Siren, FieldKind::Phone]
        }
        Entity::Deal => &[FieldKind::Contact],
    }
}

/// A session field that does not name the entity, so that agreeing on it
/// has no m and u worth the name: a deal's contact. The pairs of its
/// session (a row about a contact and each deal of that contact) are
/// matches at the share EM found in them, and that share, not a global
/// prior times a Bayes factor, is the prior of such a pair: it is what
/// "same contact" says about two deals.
fn weighed_by_its_session(entity: Entity, field: FieldKind) -> bool {
    entity == Entity::Deal && field == FieldKind::Contact
}

/// The levels of a session field that each make a session: "same", and
/// for a deal's contact "same contact, who has several CRM deals" too,
/// whose pairs are matches far less often (a row is one of those deals
/// at best).
fn session_levels(entity: Entity, field: FieldKind) -> &'static [u8] {
    if weighed_by_its_session(entity, field) { super::compare::ROW_ABOUT_THE_CONTACT } else { &[1] }
}

/// A built-in session field, or a declared column the user blocks on: a
/// column worth blocking on names the entity (a member number, a birth
/// date among namesakes).
fn is_session_field(entity: Entity, field: FieldKind) -> bool {
    session_fields(entity).contains(&field) || matches!(field, FieldKind::Custom(c) if c.block)
}

/// Fewer pairs than this agreeing on a field: no session on it.
const MIN_SESSION_PAIRS: u64 = 20;

/// m per field and level by EM, in sessions (as Splink trains): EM over
/// all candidate pairs would call "match" whatever the blocking keys made
/// common among candidates (same last name), since u, measured on random
/// pairs, makes that agreement look rare. A session keeps only the pairs
/// that agree on one field and estimates m for the others, for which the
/// session's non-matches are as random as any. Each field's m is the
/// average of its sessions' estimates, weighted by their matches; a
/// field no session could estimate keeps its prior.
fn estimate_m(
    entity: Entity,
    fields: &[FieldKind],
    session_on: &[FieldKind],
    patterns: &[(Levels, u64)],
    u: &[Vec<f64>],
    prior: &[Vec<f64>],
) -> (Vec<Vec<f64>>, Vec<Session>) {
    let mut sums: Vec<Vec<f64>> = fields.iter().map(|f| vec![0.0; f.n_levels()]).collect();
    let mut weights = vec![0.0; fields.len()];
    let mut sessions = Vec::new();
    let runs =
        fields.iter().enumerate().filter(|(_, on)| session_on.contains(on)).flat_map(|(s, &on)| {
            session_levels(entity, on).iter().map(move |&level| (s, on, level))
        });
    for (s, on, level) in runs {
        let pats: Vec<&(Levels, u64)> = patterns.iter().filter(|(l, _)| l[s] == level).collect();
        let total: u64 = pats.iter().map(|p| p.1).sum();
        if total < MIN_SESSION_PAIRS {
            continue;
        }
        let mut m = prior.to_vec();
        let mut lambda = 0.5_f64;
        let mut iterations = 0;
        let mut matches = 0.0;
        for _ in 0..EM_MAX_ITERATIONS {
            iterations += 1;
            let mut counts: Vec<Vec<f64>> =
                fields.iter().map(|f| vec![0.0; f.n_levels()]).collect();
            matches = 0.0;
            for (levels, n) in &pats {
                let mut log_bf = (lambda / (1.0 - lambda)).ln();
                for (i, &l) in levels.iter().take(fields.len()).enumerate() {
                    if i != s && l != MISSING {
                        log_bf += (m[i][l as usize] / u[i][l as usize]).ln();
                    }
                }
                let p = 1.0 / (1.0 + (-log_bf).exp());
                let w = p * *n as f64;
                matches += w;
                for (i, &l) in levels.iter().take(fields.len()).enumerate() {
                    counts[i][l as usize] += w;
                }
            }
            let mut change: f64 = 0.0;
            for (i, field_counts) in counts.iter().enumerate() {
                if i == s {
                    continue;
                }
                let present: f64 = field_counts[1..].iter().sum();
                for level in 1..field_counts.len() {
                    let new = ((field_counts[level] + PRIOR_WEIGHT * prior[i][level])
                        / (present + PRIOR_WEIGHT))
                        .max(1e-6);
                    change = change.max((new - m[i][level]).abs());
                    m[i][level] = new;
                }
            }
            let new_lambda = (matches / total as f64).clamp(1e-6, 1.0 - 1e-6);
            change = change.max((new_lambda - lambda).abs());
            lambda = new_lambda;
            if change < 1e-6 {
                break;
            }
        }
        for i in 0..fields.len() {
            if i == s {
                continue;
            }
            for level in 1..fields[i].n_levels() {
                sums[i][level] += matches * m[i][level];
            }
            weights[i] += matches;
        }
        sessions.push(Session {
            on,
            level: on.levels()[level as usize],
            level_index: level,
            pairs: total,
            iterations,
            matches: matches / total as f64,
        });
    }
    let m = fields
        .iter()
        .enumerate()
        .map(|(i, _)| {
            if weights[i] > 0.0 {
                let mut m: Vec<f64> = sums[i].iter().map(|x| x / weights[i]).collect();
                m[0] = 0.0;
                m
            } else {
                prior[i].clone()
            }
        })
        .collect();
    (m, sessions)
}

/// λ, the probability that two random records match, from the candidate
/// pairs: the fixed point of λ = Σ posterior / all pairs, taking pairs no
/// blocking key brought together as non-matches. Solved by bisection on
/// Σ BF / (λ·BF + 1 − λ) = N, whose left side falls as λ grows.
fn estimate_lambda(
    fields: &[FieldKind],
    patterns: &[(Levels, u64)],
    m: &[Vec<f64>],
    u: &[Vec<f64>],
    all_pairs: f64,
) -> f64 {
    let floor = 1.0 / all_pairs.max(2.0);
    if patterns.is_empty() {
        return floor;
    }
    let bfs: Vec<(f64, f64)> = patterns
        .iter()
        .map(|(levels, n)| {
            let log2: f64 = levels
                .iter()
                .take(fields.len())
                .enumerate()
                .filter(|(_, l)| **l != MISSING)
                .map(|(i, &l)| (m[i][l as usize] / u[i][l as usize]).log2())
                .sum();
            (log2.clamp(-200.0, 200.0).exp2(), *n as f64)
        })
        .collect();
    let lhs =
        |lambda: f64| bfs.iter().map(|(bf, n)| n * bf / (lambda * bf + 1.0 - lambda)).sum::<f64>();
    if lhs(floor) <= all_pairs {
        return floor;
    }
    let (mut lo, mut hi) = (floor.ln(), 0.5_f64.ln());
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if lhs(mid.exp()) > all_pairs {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    ((lo + hi) / 2.0).exp()
}

/// Random pairs and their levels, drawn and compared once; each pass
/// counts them again leaving out the pairs its clusters call matches.
pub struct RandomSample {
    pairs: Vec<(u32, u32)>,
    levels: Vec<Levels>,
}

impl RandomSample {
    /// Up to [`RANDOM_PAIRS`] pairs drawn with a fixed seed (every pair
    /// when there are fewer).
    pub fn draw(fields: &[FieldKind], records: &[Features]) -> RandomSample {
        let n = records.len() as u64;
        let pairs: Vec<(u32, u32)> = if n < 2 {
            Vec::new()
        } else if n * (n - 1) / 2 <= RANDOM_PAIRS as u64 {
            (0..n as u32).flat_map(|a| (a + 1..n as u32).map(move |b| (a, b))).collect()
        } else {
            let mut rng = SplitMix(0x5eed_c0ff_ee00_0001 ^ n);
            (0..RANDOM_PAIRS)
                .map(|_| {
                    let a = rng.next() % n;
                    let mut b = rng.next() % (n - 1);
                    if b >= a {
                        b += 1;
                    }
                    (a as u32, b as u32)
                })
                .collect()
        };
        let levels = pairs
            .par_iter()
            .map(|&(a, b)| compare(fields, &records[a as usize], &records[b as usize]))
            .collect();
        RandomSample { pairs, levels }
    }

    /// u per field and level, with add-one smoothing so no level is
    /// impossible, and the number of pairs it counted.
    fn u(&self, fields: &[FieldKind], clusters: Option<&[u32]>) -> (Vec<Vec<f64>>, usize) {
        let mut counts: Vec<Vec<f64>> = fields.iter().map(|f| vec![0.0; f.n_levels()]).collect();
        let mut sampled = 0;
        for (&(a, b), l) in self.pairs.iter().zip(&self.levels) {
            if clusters.is_some_and(|c| c[a as usize] == c[b as usize]) {
                continue;
            }
            sampled += 1;
            for (i, &level) in l.iter().take(fields.len()).enumerate() {
                counts[i][level as usize] += 1.0;
            }
        }
        (smooth_u(counts), sampled)
    }
}

fn smooth_u(counts: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    counts
        .into_iter()
        .map(|c| {
            let present: f64 = c[1..].iter().sum();
            let k = (c.len() - 1) as f64;
            let mut u: Vec<f64> = c.iter().map(|&x| (x + 1.0) / (present + k)).collect();
            u[0] = 1.0;
            u
        })
        .collect()
}

/// A model trained on `records` and their blocking candidates, as
/// `match_entity` trains one (for tests of what it learns).
#[cfg(test)]
pub(crate) fn train_on_candidates(
    entity: Entity,
    fields: &[FieldKind],
    records: &[Features],
    colleagues: Option<&ColleagueSample>,
    clusters: Option<&[u32]>,
) -> Model {
    let pairs = super::blocking::candidates(entity, fields, records, records.len()).pairs;
    let compared: Vec<Levels> = pairs
        .iter()
        .map(|&(a, b)| compare(fields, &records[a as usize], &records[b as usize]))
        .collect();
    let patterns = super::patterns::count(&compared);
    let random = RandomSample::draw(fields, records);
    Model::train(entity, fields, records, &patterns, &random, colleagues, clusters)
}

#[cfg(test)]
mod tests;
