//! Match: decide which records are the same real-world company, contact or
//! deal, within side files, within the CRM export and between the two.
//!
//! For each entity, in order companies → contacts → deals (a contact's
//! company cluster is evidence for the contact, a deal's company and
//! contact clusters for the deal):
//!
//! 1. [`features`]: the compact keys of each record;
//! 2. [`blocking`]: candidate pairs from shared keys;
//! 3. [`compare`]: a level per field per pair;
//! 4. [`weights`]: Fellegi–Sunter weights (u from random pairs, m by EM,
//!    term-frequency adjustment) → a match probability;
//! 5. [`rules`]: deterministic matches (same CRM id, same personal email…);
//! 6. [`cluster`]: groups without chaining;
//! 7. [`explain`]: why, per field and in words.
//!
//! Deterministic: same input and settings, same output, whatever the
//! thread timing (pairs are sorted, sampling is seeded, ties broken by
//! index). This stage never decides what to import (that is reconcile).

pub mod blocking;
pub mod cluster;
pub mod colleagues;
pub mod compare;
pub mod contest;
pub mod context;
pub mod explain;
pub mod features;
pub mod identical;
pub mod locality;
pub mod nicknames;
pub mod own_features;
pub mod pair_sort;
pub mod patterns;
pub mod phonetic;
pub mod prefetch;
pub mod reference;
pub mod row_map;
pub mod rules;
pub mod schema;
pub mod similarity;
pub mod term_frequency;
pub mod trades;
pub mod weights;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use self::blocking::KeyStats;
use self::compare::{FieldKind, Levels, compare};
use self::features::Features;
use self::identical::Identical;
use self::patterns::Compared;
use self::row_map::RowMap;
use self::rules::Rule;
use self::schema::Schema;
use self::weights::Model;
use crate::model::{Entity, Role};
use crate::normalize::record::{Record, Value};

/// The score given to a pair a deterministic rule decided, when the
/// weights alone say less.
pub const RULE_PROBABILITY: f64 = 0.999;

/// Thresholds from `[matching]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// At or above: same entity.
    pub auto: f64,
    /// Between review and auto: a person decides.
    pub review: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { auto: 0.92, review: 0.70 }
    }
}

/// A scored pair of records (indices into the entity's records).
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub a: u32,
    pub b: u32,
    pub probability: f64,
    pub levels: Levels,
    pub rule: Option<Rule>,
}

/// Where the time went, per stage.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Timings {
    pub features: Duration,
    pub blocking: Duration,
    pub training: Duration,
    pub scoring: Duration,
    pub clustering: Duration,
}

/// The matching result for one entity.
pub struct EntityMatches {
    pub entity: Entity,
    /// Index in the input records of each matched record.
    pub records: Vec<usize>,
    /// Features of the core records and of one reference of each kind;
    /// read them through [`EntityMatches::features_of`], which also
    /// answers for the other references (copies).
    pub features: Vec<Features>,
    /// Records `copies_from..` are copies of a reference: each reads the
    /// features of the record at `copies[k]`.
    pub copies_from: usize,
    pub copies: Vec<u32>,
    /// Records `core..` are references (see [`reference`]): they take a
    /// cluster but no part in making them, and are no input records of
    /// their own in the outputs.
    pub core: usize,
    pub model: Model,
    /// Once matching is over ([`EntityMatches::release_features`]), the
    /// features of the records review pairs name, for their explanations;
    /// `features` is then empty.
    pub review_features: HashMap<u32, Features>,
    /// Cluster of each record (dense per entity).
    pub cluster: Vec<u32>,
    /// The strongest accepted link of each record inside its cluster.
    pub best: Vec<Option<(u32, f64)>>,
    /// Links that made the clusters.
    pub links: Vec<Link>,
    /// Pairs a person should decide: between the thresholds, or above
    /// auto but refused by the no-chaining check.
    pub review: Vec<Link>,
    pub candidate_pairs: usize,
    pub blocking: Vec<KeyStats>,
    pub timings: Timings,
}

impl EntityMatches {
    /// Drop the features (a few hundred bytes per record, 2 GB on a
    /// million-contact CRM) once no stage needs them, keeping those of
    /// the records review pairs name, which the Review sheet explains.
    pub fn release_features(&mut self) {
        let mut features = std::mem::take(&mut self.features);
        for l in &self.review {
            for i in [l.a, l.b] {
                if let Some(f) = features.get_mut(i as usize) {
                    self.review_features.entry(i).or_insert_with(|| std::mem::take(f));
                }
            }
        }
        // Millions of small frees: both cores.
        features.into_par_iter().for_each(drop);
    }

    /// The features of record `i` (its model's for a copy): all of them
    /// during matching, those of review pairs after
    /// [`EntityMatches::release_features`].
    pub fn features_of(&self, i: u32) -> Option<&Features> {
        let i = self.model_of(i)?;
        self.features.get(i as usize).or_else(|| self.review_features.get(&i))
    }

    /// The record whose features record `i` reads: itself, or the model
    /// of a copy.
    pub fn model_of(&self, i: u32) -> Option<u32> {
        match (i as usize).checked_sub(self.copies_from) {
            Some(k) => self.copies.get(k).copied(),
            None => Some(i),
        }
    }

    /// Clusters with more than one record.
    pub fn duplicate_clusters(&self) -> usize {
        // Cluster numbers are dense: a count per number.
        let clusters = self.cluster.iter().max().map_or(0, |&c| c as usize + 1);
        let mut sizes = vec![0u8; clusters];
        for &c in &self.cluster {
            let n = &mut sizes[c as usize];
            *n = n.saturating_add(1);
        }
        sizes.iter().filter(|&&n| n > 1).count()
    }
}

/// All three entities.
pub struct Matches {
    pub entities: Vec<EntityMatches>,
}

/// Match probability of any pair, for the clustering's cross checks
/// (pairs no blocking key brought together included).
fn score_pair(
    entity: Entity,
    model: &Model,
    fields: &[FieldKind],
    features: &[Features],
    a: u32,
    b: u32,
) -> f64 {
    let (x, y) = (&features[a as usize], &features[b as usize]);
    let Some(levels) = compared(entity, fields, x, y) else {
        return 0.0;
    };
    let p = model.probability_at(&levels, a, b, features);
    if rules::rule(entity, x, y).is_some() { p.max(RULE_PROBABILITY) } else { p }
}

/// The levels of a pair, unless it can never link: `cannot_link` refuses
/// it, or a declared column with `veto` differs.
fn compared(entity: Entity, fields: &[FieldKind], x: &Features, y: &Features) -> Option<Levels> {
    if rules::cannot_link(entity, x, y) {
        return None;
    }
    Some(compare(fields, x, y)).filter(|levels| !schema::vetoed(fields, levels))
}

/// Match the records of one entity. The first `core` records are matched
/// with each other; the rest are references (see [`reference`]), each
/// given the cluster of the core record it matches best once the core is
/// clustered, or a cluster of its own.
pub fn match_entity(
    entity: Entity,
    records: Vec<usize>,
    features: Vec<Features>,
    core: usize,
    fields: &[FieldKind],
    settings: Settings,
    features_time: Duration,
) -> EntityMatches {
    let mut timings = Timings { features: features_time, ..Timings::default() };
    let t = Instant::now();
    let reference::Distinct { records, mut features, distinct, copies } =
        reference::distinct_first(records, features, core);
    // Companies only (see `identical`): rows repeat their company, not
    // their person.
    let identical = match entity {
        Entity::Company => Identical::find(&features[..core]),
        _ => Identical::none(),
    };
    // Blocking and comparing read the records in an order that puts
    // likely pairs side by side (see `locality`), and number the pairs
    // back in input order once compared.
    let order = locality::Order::of(entity, &features[..core]);
    order.apply(&mut features);
    // Core records and one reference of each kind.
    let looked_up = &features[..core + distinct];
    let mut candidates = blocking::candidates_skipping(
        entity,
        fields,
        looked_up,
        core,
        |i| identical.is_copy(order.old(i as u32) as usize),
        &|i| order.old(i),
    );
    order.orient(&mut candidates.pairs);
    // In place: at a million contacts the pairs take hundreds of MB.
    let lookups: Vec<Pair> = candidates
        .pairs
        .par_iter()
        .filter(|&&(_, b)| b as usize >= core)
        .map(|&(a, b)| (order.old(a), b))
        .collect();
    let names = |&(_, b): &Pair| features[b as usize].prefetch_names();
    let keep: Vec<bool> = prefetch::map(&candidates.pairs, &[&names], &|&(a, b)| {
        (b as usize) < core
            && !rules::cannot_link(entity, &features[a as usize], &features[b as usize])
    })
    .collect();
    retain_by(&mut candidates.pairs, &keep);
    candidates.pairs.shrink_to_fit();
    timings.blocking = t.elapsed();

    // Every candidate pair is compared once; passes only reweigh.
    let t = Instant::now();
    let own = |&(_, b): &Pair| features[b as usize].prefetch();
    let pointed = |&(_, b): &Pair| features[b as usize].prefetch_pointed();
    let email = |&(_, b): &Pair| features[b as usize].prefetch_email();
    let (mut levels, mut rules) =
        Compared::build(&candidates.pairs, &[&own, &pointed, &email], |&(a, b)| {
            let (x, y) = (&features[a as usize], &features[b as usize]);
            (compare(fields, x, y), rules::rule(entity, x, y))
        });
    // A declared column with `veto` that differs rules the pair out, as
    // `cannot_link` does for the built-in fields.
    if levels.any(|l| schema::vetoed(fields, l)) {
        let keep = levels.retain(|l| !schema::vetoed(fields, l));
        retain_by(&mut candidates.pairs, &keep);
        retain_by(&mut rules, &keep);
    }
    order.undo(&mut features);
    order.number_back(&mut candidates.pairs);
    let looked_up = &features[..core + distinct];
    let patterns = identical.counts(&levels, &candidates.pairs, |a| {
        let x = &features[a as usize];
        compared(entity, fields, x, x)
    });
    let contests =
        contest::Contests::find(entity, fields, &features[..core], &candidates.pairs, &levels);
    let random = weights::RandomSample::draw(fields, &features[..core]);
    let colleagues = match entity {
        Entity::Company => None,
        _ => colleagues::ColleagueSample::draw(fields, &features[..core]),
    };
    timings.scoring += t.elapsed();

    // Several passes: each learns u and term frequencies without the
    // matches the one before found (see `Model::train`).
    let mut pass: Option<Pass> = None;
    for _ in 0..PASSES {
        let t = Instant::now();
        let clusters_so_far = pass.as_ref().map(|p| p.clusters.as_slice());
        let model = Model::train(
            entity,
            fields,
            &features[..core],
            &patterns,
            &random,
            colleagues.as_ref(),
            clusters_so_far,
        );
        timings.training += t.elapsed();
        pass = Some(score_and_cluster(
            entity,
            model,
            fields,
            &features[..core],
            &candidates.pairs,
            &levels,
            &rules,
            &contests,
            &identical,
            settings,
            &mut timings,
        ));
    }
    let Pass { model, clusters: mut cluster, mut best, links, review } =
        pass.expect("at least one pass");

    let t = Instant::now();
    reference::resolve(
        entity,
        &model,
        fields,
        looked_up,
        &lookups,
        settings,
        &mut cluster,
        &mut best,
    );
    let copies_from = features.len();
    for &model in &copies {
        cluster.push(cluster[model as usize]);
        best.push(best[model as usize]);
    }
    timings.clustering += t.elapsed();

    EntityMatches {
        entity,
        records,
        features,
        copies_from,
        copies,
        core,
        model,
        review_features: HashMap::new(),
        cluster,
        best,
        links,
        review,
        candidate_pairs: candidates.pairs.len(),
        blocking: candidates.stats,
        timings,
    }
}

/// Two records by index, the lower first.
type Pair = (u32, u32);

/// Keep the items whose `keep` is true (same length), in order.
fn retain_by<T>(items: &mut Vec<T>, keep: &[bool]) {
    let mut kept = keep.iter();
    items.retain(|_| kept.next().copied().unwrap_or(false));
}

/// One record is a CRM company (it has a record id), the other a row
/// without one, and nothing they give contradicts the other.
fn names_a_crm_company(x: &Features, y: &Features) -> bool {
    x.record_id.is_some() != y.record_id.is_some()
        && !rules::identifiers_contradict(x, y)
        && !compare::other_legal_forms(x, y)
}

/// Pairs to review kept per record (see [`cap_review`]).
const MAX_REVIEW_PER_RECORD: u8 = 3;

/// A person decides a record against its few best candidates, not against
/// every namesake a large block brought: the strongest pairs first, each
/// kept while one of its records has fewer than [`MAX_REVIEW_PER_RECORD`]
/// (a CRM company many rows name keeps a pair with each of them).
fn cap_review(review: &mut Vec<Link>, n: usize) {
    review
        .sort_by(|x, y| y.probability.total_cmp(&x.probability).then((x.a, x.b).cmp(&(y.a, y.b))));
    let mut shown = vec![0u8; n];
    review.retain(|l| {
        let (a, b) = (l.a as usize, l.b as usize);
        let keep = shown[a] < MAX_REVIEW_PER_RECORD || shown[b] < MAX_REVIEW_PER_RECORD;
        if keep {
            shown[a] = shown[a].saturating_add(1);
            shown[b] = shown[b].saturating_add(1);
        }
        keep
    });
}

/// Passes of training, scoring and clustering.
const PASSES: usize = 2;

/// The outcome of one pass.
struct Pass {
    model: Model,
    clusters: Vec<u32>,
    best: Vec<Option<(u32, f64)>>,
    links: Vec<Link>,
    review: Vec<Link>,
}

/// What scoring a pair needs besides the pair.
struct Scorer<'a> {
    entity: Entity,
    model: &'a Model,
    fields: &'a [FieldKind],
    features: &'a [Features],
    settings: Settings,
    /// The company field, for companies.
    company: Option<usize>,
}

impl Scorer<'_> {
    /// Whether no pair at these levels can score at review or above,
    /// whatever values it agrees on (see [`Model::cannot_reach`]); a
    /// pair a rule decides is scored anyway. A row that names a CRM
    /// company goes to review below it (see [`Scorer::link`]), so a
    /// company pair agreeing on the name is never hopeless.
    fn cannot_reach_review(&self, levels: &Levels) -> bool {
        self.company.is_none_or(|i| levels[i] != 1)
            && self.model.cannot_reach(levels, self.settings.review)
    }

    /// The link of a compared pair, when at least to review or decided by
    /// a rule.
    fn link(&self, a: u32, b: u32, levels: &Levels, rule: Option<Rule>) -> Option<Link> {
        let p = self.model.probability_at(levels, a, b, self.features);
        self.decide(a, b, levels, rule, p)
    }

    /// The link of a pair the weights give probability `p`.
    fn decide(&self, a: u32, b: u32, levels: &Levels, rule: Option<Rule>, p: f64) -> Option<Link> {
        let Scorer { entity, features, settings, company, .. } = *self;
        let (x, y) = (&features[a as usize], &features[b as usize]);
        let p = if rule.is_some() { p.max(RULE_PROBABILITY) } else { p };
        // A row that gives a CRM company's very name, and nothing
        // against it, is that company or a namesake: never a company
        // to create without a person looking (a namesake elsewhere
        // keeps the weights from deciding it).
        let p = match company {
            Some(i) if levels[i] == 1 && p < settings.review && names_a_crm_company(x, y) => {
                settings.review
            }
            // Read only for the few pairs it may change: the records'
            // features are not otherwise read here, and loading them
            // for every candidate pair doubled scoring at a million.
            _ if p > settings.review && rule.is_none() && rules::left_to_a_person(entity, x, y) => {
                settings.review
            }
            _ => p,
        };
        (p >= settings.review || rule.is_some()).then_some(Link {
            a,
            b,
            probability: p,
            levels: *levels,
            rule,
        })
    }

    /// [`Scorer::link`] of a pair not compared yet.
    fn compare_and_link(&self, a: u32, b: u32) -> Option<Link> {
        let (x, y) = (&self.features[a as usize], &self.features[b as usize]);
        let levels = compared(self.entity, self.fields, x, y)?;
        self.link(a, b, &levels, rules::rule(self.entity, x, y))
    }
}

#[allow(clippy::too_many_arguments)]
fn score_and_cluster(
    entity: Entity,
    model: Model,
    fields: &[FieldKind],
    features: &[Features],
    pairs: &[(u32, u32)],
    levels: &Compared,
    rules: &[Option<Rule>],
    contests: &contest::Contests,
    identical: &Identical,
    settings: Settings,
    timings: &mut Timings,
) -> Pass {
    let t = Instant::now();
    let company =
        fields.iter().position(|&f| f == FieldKind::Company).filter(|_| entity == Entity::Company);
    let scorer = Scorer { entity, model: &model, fields, features, settings, company };
    // Most candidate pairs cannot reach review whatever names they
    // share (80 % of them linking a million contacts): their pattern
    // says so without reading their records.
    let hopeless: Vec<bool> =
        levels.patterns().iter().map(|l| scorer.cannot_reach_review(l)).collect();
    let mut scored: Vec<Link> = pairs
        .par_iter()
        .zip(levels.numbers())
        .zip(rules)
        .enumerate()
        .filter(|&(_, ((_, &n), rule))| rule.is_some() || !hopeless[n as usize])
        .filter(|&(k, _)| contests.is_empty() || !contests.contains(k as u32))
        .filter_map(|(_, ((&(a, b), &n), &rule))| {
            scorer.link(a, b, &levels.patterns()[n as usize], rule)
        })
        .collect();
    // Rows weighed against all their contact's CRM deals at once.
    let mut contest = None;
    if !contests.is_empty() {
        let copies =
            |a: u32, b: u32| score_pair(entity, &model, fields, features, a, b) >= settings.auto;
        let (weighed, summary) = contests.weigh(&model, features, pairs, levels, &copies);
        scored.par_extend(weighed.par_iter().filter_map(|&(k, p)| {
            let (a, b) = pairs[k as usize];
            let l = &levels.patterns()[levels.numbers()[k as usize] as usize];
            scorer.decide(a, b, l, rules[k as usize], p)
        }));
        contest = Some(summary);
    }
    let scored = identical.rejoin(scored, settings.auto, |a, b| scorer.compare_and_link(a, b));
    timings.scoring += t.elapsed();

    let t = Instant::now();
    let (strong, weak): (Vec<Link>, Vec<Link>) =
        scored.into_iter().partition(|l| l.probability >= settings.auto || l.rule.is_some());
    let veto =
        if entity == Entity::Company { cluster::Veto::AnyPair } else { cluster::Veto::Outweighed };
    let clusters = cluster::cluster(features.len(), &strong, veto, |a, b| {
        score_pair(entity, &model, fields, features, a, b)
    });
    let mut best: Vec<Option<(u32, f64)>> = vec![None; features.len()];
    let mut links = Vec::new();
    for l in strong {
        if clusters.of[l.a as usize] != clusters.of[l.b as usize] {
            continue;
        }
        for (x, y) in [(l.a, l.b), (l.b, l.a)] {
            let slot = &mut best[x as usize];
            // On a tie the lower index, whatever the order of the links.
            if slot.is_none_or(|(z, p)| l.probability > p || (l.probability == p && y < z)) {
                *slot = Some((y, l.probability));
            }
        }
        links.push(l);
    }
    let mut review: Vec<Link> = weak
        .into_iter()
        .filter(|l| clusters.of[l.a as usize] != clusters.of[l.b as usize])
        .chain(clusters.refused)
        .collect();
    cap_review(&mut review, features.len());
    review.sort_by_key(|l| (l.a, l.b));
    links.par_sort_unstable_by_key(|l| (l.a, l.b));
    timings.clustering += t.elapsed();
    let mut model = model;
    model.contest = contest;
    Pass { model, clusters: clusters.of, best, links, review }
}

/// The web domain of each row's contact email (`alain@cave-mathieu.fr` →
/// `cave-mathieu.fr`; none for free mail), for the company of the row that
/// gives no website: a contact list names the company and the person's
/// work address, and that domain tells `Cave Mathieu SAS` of Marseille
/// from its namesakes as a website column would.
fn email_domains_of_rows(records: &[Record]) -> RowMap<compact_str::CompactString> {
    RowMap::first_of(
        records
            .par_iter()
            .filter(|r| r.entity == Entity::Contact)
            .filter_map(|r| {
                r.fields.iter().find_map(|f| match (&f.value, f.derived_from) {
                    (Some(Value::Domain(d)), Some(Role::Email)) => Some((r.link, d.clone())),
                    _ => None,
                })
            })
            .collect(),
    )
}

/// The company key of record `k` of an entity's matches.
fn company_of(m: &EntityMatches, k: usize) -> Option<compact_str::CompactString> {
    m.features_of(k as u32).and_then(|f| f.company.clone())
}

/// What becomes of the records' fields once matching has read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fields {
    /// Kept: the caller writes values (a workbook, import files).
    Keep,
    /// Dropped before any entity is matched, a range of records at a time
    /// as each record's own features are built (see [`own_features`] and
    /// [`Record::keep_provenance_only`]): linking a million contacts
    /// against a million, the records' fields held 2 GiB that only a
    /// workbook would read again.
    Drop,
}

/// Match every record: companies, then contacts (with their company's
/// cluster as evidence), then deals (with their company's and contact's),
/// each on the fields the schema gives it.
pub fn match_records(
    records: &mut [Record],
    settings: Settings,
    schema: &Schema,
    fields: Fields,
) -> Matches {
    let is_reference = reference::references(records);
    let mut entities = Vec::new();
    // Per row: the cluster of its company or contact, and the company key.
    let mut company_of_row: RowMap<(u32, Option<compact_str::CompactString>)> = RowMap::default();
    let mut contact_of_row: RowMap<(u32, Option<compact_str::CompactString>)> = RowMap::default();
    let mut domain_of_row = email_domains_of_rows(records);
    // What joining companies through contacts needs of the companies,
    // once their features are released (before contacts are matched).
    let mut company_facts = context::CompanyRecords::default();
    const ENTITIES: [Entity; 3] = [Entity::Company, Entity::Contact, Entity::Deal];
    // Without the fields kept, every record becomes its own features at
    // once; else entity by entity, so that the features of contacts are
    // not held while companies are matched.
    let mut built = match fields {
        Fields::Drop => crate::memory::releasing_freed_memory_at_once(|| {
            own_features::build_all_dropping_fields(records, &is_reference, &ENTITIES, schema)
        }),
        Fields::Keep => Vec::new(),
    }
    .into_iter();
    for entity in ENTITIES {
        // Built before the loop, or now; each timed as it was built.
        let own_features::OwnFeatures { indices, core, features: mut feats, time: built_in } =
            built
                .next()
                .unwrap_or_else(|| own_features::build(records, &is_reference, entity, schema));
        let t = Instant::now();
        // Read-only lookups in the row maps: both cores.
        feats.par_iter_mut().zip(&indices).for_each(|(f, &i)| {
            let link = records[i].link;
            if entity == Entity::Company && f.domain.is_none() {
                f.domain = domain_of_row.get(&link).cloned();
            }
            f.company_ref = company_of_row.get(&link).map(|c| c.0);
            if entity == Entity::Contact && f.company.is_none() {
                f.company = company_of_row.get(&link).and_then(|c| c.1.clone());
            }
            if entity == Entity::Deal {
                f.contact_ref = contact_of_row.get(&link).map(|c| c.0);
                if let (Some(name), Some((_, Some(company)))) =
                    (&f.deal_name, company_of_row.get(&link))
                {
                    f.deal_name = Some(features::without_words_of(name, company));
                }
            }
        });
        if entity == Entity::Company {
            domain_of_row = RowMap::default();
        }
        match entity {
            Entity::Contact => features::mark_shared(&mut feats),
            Entity::Company => features::mark_ambiguous_names(&mut feats),
            Entity::Deal => features::count_crm_deals_of_contacts(&mut feats, core),
        }
        let mut m = match_entity(
            entity,
            indices,
            feats,
            core,
            schema.fields(entity),
            settings,
            built_in + t.elapsed(),
        );
        let of_row = || {
            RowMap::first_of(
                m.records
                    .par_iter()
                    .enumerate()
                    .map(|(k, &i)| (records[i].link, (m.cluster[k], company_of(&m, k))))
                    .collect(),
            )
        };
        match entity {
            Entity::Company => company_of_row = of_row(),
            Entity::Contact => contact_of_row = of_row(),
            Entity::Deal => {}
        }
        if entity == Entity::Company {
            company_facts = context::CompanyRecords::of(&m);
            m.release_features();
        }
        entities.push(m);
        if entity == Entity::Contact
            && let [companies, contacts] = &mut entities[..]
        {
            // The people tie name-only companies to the right namesake;
            // deals then see the joined companies.
            let t = Instant::now();
            if context::join_companies_through_contacts(
                companies,
                &company_facts,
                contacts,
                records,
            ) > 0
            {
                let (companies, facts) = (&*companies, &company_facts);
                company_of_row = RowMap::first_of(
                    companies
                        .records
                        .par_iter()
                        .enumerate()
                        .map(|(k, &i)| {
                            let key = facts.key(companies, k as u32).cloned();
                            (records[i].link, (companies.cluster[k], key))
                        })
                        .collect(),
                );
            }
            companies.timings.clustering += t.elapsed();
            drop(std::mem::take(&mut company_facts));
            contacts.release_features();
        }
    }
    if let Some(deals) = entities.last_mut() {
        deals.release_features();
    }
    Matches { entities }
}

#[cfg(test)]
mod tests;
