//! KPIs: the handful of numbers an SME manager reads to see whether the CRM
//! is alive (DESIGN.md, "KPIs"; issue #5 item 5): duplicates, missing
//! critical fields, next actions, pipeline that lives only in spreadsheets,
//! how far the CRM lags behind the side files, who still updates it.
//!
//! Everything is computed from the records, the outcomes reconcile decided
//! and the quality counts; nothing is estimated. Every share is a
//! [`Ratio`] whose rate is `None` when there is nothing to divide by (no
//! deals → no next-action share), never NaN. Amounts are exact decimals,
//! summed per currency, written as strings in report.json.
//!
//! [`lines`] says each KPI in a sentence, in French or English, for the
//! terminal summary and the workbook's Summary sheet.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::Outcome;
use super::quality::{self, Quality, dated, has_in_row, is_open, row_group_of};
use super::status::Status;
use crate::model::{Entity, Origin, Role};
use crate::normalize::record::{Record, Value};

/// The language of the plain-language lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    Fr,
    #[default]
    En,
}

/// `count` out of `total`. `rate` is `None` when `total` is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Ratio {
    pub count: u64,
    pub total: u64,
    pub rate: Option<f64>,
}

impl Ratio {
    pub fn new(count: u64, total: u64) -> Ratio {
        let rate = (total > 0).then(|| count as f64 / total as f64);
        Ratio { count, total, rate }
    }
}

/// All KPIs of one run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpis {
    /// The reference date of "overdue" and "past".
    pub today: NaiveDate,
    pub duplicates: Duplicates,
    /// Per entity: records missing a critical field, per rule and overall.
    pub missing_critical: BTreeMap<Entity, MissingCritical>,
    pub next_action: NextActions,
    pub pipeline: Pipeline,
    pub crm_lag: CrmLag,
    pub active_owners: ActiveOwners,
    /// One line per owner (records with no owner under `owner: null`, last).
    pub owners: Vec<OwnerKpis>,
}

/// Duplicate rates. A record "is a duplicate" when it is not the first
/// record of its cluster within the population considered, so each rate is
/// `(records − distinct clusters) / records`:
///
/// - `side`: among side records, how many repeat another side record;
/// - `crm`: among CRM records, how many repeat another CRM record;
/// - `across`: among all records, CRM and side together, how many repeat
///   another record (a side row already in the CRM counts: it is what a
///   naive import would duplicate).
///
/// Records that cannot be imported (`invalid`) are left out: nothing
/// identifies them, so they cannot be compared.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Duplicates {
    pub all: DuplicateRates,
    pub per_entity: BTreeMap<Entity, DuplicateRates>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DuplicateRates {
    pub side: Ratio,
    pub crm: Ratio,
    pub across: Ratio,
}

/// Records missing a critical field: CRM records out of CRM records, side
/// records out of side records, and all together (each record counted, as
/// in the Quality sheet).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MissingCritical {
    /// Records missing at least one rule.
    pub any: OriginRatios,
    /// Per rule (`email|phone`).
    pub fields: BTreeMap<String, OriginRatios>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct OriginRatios {
    pub crm: Ratio,
    pub side: Ratio,
    pub all: Ratio,
}

/// Next actions of open deals: the CRM's deals, and the side files' deals
/// counted once per cluster (see [`Pipeline`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct NextActions {
    pub crm: NextActionShare,
    pub side: NextActionShare,
}

/// Shares of open deals. A next action is an action text or a date;
/// `upcoming` needs a date, today or later (DESIGN.md: "a next action date
/// not in the past"), so an undated action is neither upcoming nor overdue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct NextActionShare {
    pub open_deals: u64,
    pub with_next_action: Ratio,
    pub upcoming: Ratio,
    pub overdue: Ratio,
}

/// Open pipeline value (sum of the amounts of open deals, see
/// [`quality::is_open`]):
///
/// - `crm`: every open CRM deal;
/// - `side`: open side deals, once per cluster: the cluster's `new` record
///   (the golden record's carrier) or else its first side record;
/// - `side_only`: those of `side` whose cluster has no CRM record and that
///   no CRM record matched: the pipeline a manager cannot see in the CRM.
///   A `review` record with no CRM candidate counts; one whose candidate is
///   a CRM record does not (reconcile sets `crm` for it).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Pipeline {
    pub crm: PipelineValue,
    pub side: PipelineValue,
    pub side_only: PipelineValue,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PipelineValue {
    /// Open deals counted.
    pub deals: u64,
    /// Of them, with an amount.
    pub with_amount: u64,
    /// Of them, without any stage (counted as open).
    pub without_stage: u64,
    /// Per ISO 4217 currency; `XXX` (ISO 4217's "no currency") for amounts
    /// written without one. Exact, as strings (`"412000.50"`).
    #[serde(serialize_with = "decimals_as_strings")]
    pub amounts: BTreeMap<String, Decimal>,
}

/// ISO 4217's code for "no currency involved", used for amounts written
/// without a currency: guessing one from the country would mix a Swiss
/// team's francs with euros.
pub const NO_CURRENCY: &str = "XXX";

/// How far the CRM lags behind the side files. For each CRM record that
/// side records matched: the side date is the most recent last-activity or
/// updated-at date of those side rows (dates after `today` are typos, not
/// contacts, and are ignored); the CRM date is the record's last activity,
/// or its updated-at date when it has none. The CRM lags when the side date
/// is later; by that many days. Counted once per CRM record, however many
/// side rows matched it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CrmLag {
    pub all: LagStats,
    pub per_entity: BTreeMap<Entity, LagStats>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LagStats {
    /// CRM records matched by at least one side record.
    pub matched: u64,
    /// Lagging records out of those with a date on both sides.
    pub lagging: Ratio,
    pub median_days: Option<f64>,
    pub max_days: Option<i64>,
}

/// Owners with CRM records created or updated in the 7 days before the
/// export's most recent created/updated date (that date included, so
/// `reference − 6 days ..= reference`). The reference is the export's own
/// latest date, not `today`: an export pulled a week ago still says who
/// worked in the week before it. Dates after `today` are ignored.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ActiveOwners {
    pub reference_date: Option<NaiveDate>,
    pub window_start: Option<NaiveDate>,
    /// Active owners out of the distinct owners of CRM records.
    pub active: Ratio,
    pub names: Vec<String>,
}

/// Days in the active-owner window, the reference day included.
pub const ACTIVE_WINDOW_DAYS: u64 = 7;

/// Per owner. An owner is the resolved owner of a record (side spellings
/// are mapped onto CRM owners by normalize), or the cell as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OwnerKpis {
    pub owner: Option<String>,
    /// Active in the window of [`ActiveOwners`].
    pub active: bool,
    pub crm_records: u64,
    /// Side records in no CRM record, once per cluster (invalid left out).
    pub side_only: u64,
    /// Open deals: the CRM's, plus side-only ones (the pipeline after import).
    pub open_deals: u64,
    pub deals_without_next_action: u64,
    /// CRM records of this owner that lag behind the side files.
    pub crm_lag: u64,
    pub crm_lag_median_days: Option<f64>,
}

/// Compute every KPI. `outcomes` is indexed like `records` (a record
/// without an outcome is treated as alone in its cluster); `quality` is
/// [`quality::evaluate`]'s result on the same records.
pub fn compute(
    records: &[Record],
    outcomes: &[Outcome],
    clusters: &[u32],
    quality: &Quality,
    today: NaiveDate,
) -> Kpis {
    // References (the company column of a CRM contacts export) are no
    // records of their own: they count nowhere.
    let refs = crate::matching::reference::references(records);
    let groups = row_group_of(records);
    let clusters = Clusters::new(records, outcomes, clusters, &refs);
    let owners: Vec<Option<String>> = {
        use rayon::prelude::*;
        groups.par_iter().map(|g| owner_of(records, g.clone())).collect()
    };

    let mut per_owner: BTreeMap<Option<String>, OwnerKpis> = BTreeMap::new();
    let mut owner_lags: BTreeMap<Option<String>, Vec<i64>> = BTreeMap::new();

    // Deals: next actions and pipeline.
    let mut next_action = NextActions::default();
    let mut pipeline = Pipeline::default();
    let mut na = [NaCount::default(), NaCount::default()];
    for (i, r) in records.iter().enumerate() {
        if refs[i] {
            continue;
        }
        let side_rep = r.origin == Origin::Side && clusters.is_side_representative(i);
        let side_only = side_rep && clusters.is_side_only(i);
        if r.origin == Origin::Crm {
            owner_entry(&mut per_owner, &owners[i]).crm_records += 1;
        }
        if side_only && clusters.status(i) != Some(Status::Invalid) {
            owner_entry(&mut per_owner, &owners[i]).side_only += 1;
        }
        if r.entity != Entity::Deal || !is_open(r) {
            continue;
        }
        let counted = match r.origin {
            Origin::Crm => true,
            Origin::Side => side_rep,
        };
        if !counted {
            continue;
        }
        let has_action = has_in_row(records, groups[i].clone(), i, Role::NextAction);
        let date = dated(r, Role::NextActionDate).map(|(d, _)| d);
        let n = &mut na[usize::from(r.origin == Origin::Side)];
        n.open += 1;
        n.with += u64::from(has_action);
        n.upcoming += u64::from(date.is_some_and(|d| d >= today));
        n.overdue += u64::from(date.is_some_and(|d| d < today));
        let value = match r.origin {
            Origin::Crm => &mut pipeline.crm,
            Origin::Side => &mut pipeline.side,
        };
        value.add(r);
        if side_only {
            pipeline.side_only.add(r);
        }
        if r.origin == Origin::Crm || side_only {
            let o = owner_entry(&mut per_owner, &owners[i]);
            o.open_deals += 1;
            o.deals_without_next_action += u64::from(!has_action);
        }
    }
    next_action.crm = na[0].share();
    next_action.side = na[1].share();

    // CRM lag.
    let mut side_dates: BTreeMap<usize, Option<NaiveDate>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.origin != Origin::Side {
            continue;
        }
        let Some(c) = outcomes.get(i).and_then(|o| o.crm) else { continue };
        if records.get(c).is_none_or(|crm| crm.origin != Origin::Crm) {
            continue;
        }
        let d = latest(records, groups[i].clone(), &[Role::LastActivity, Role::UpdatedAt], today);
        let slot = side_dates.entry(c).or_default();
        *slot = (*slot).max(d);
    }
    let mut lag_days: BTreeMap<Entity, (u64, u64, Vec<i64>)> = BTreeMap::new();
    for (&c, &side) in &side_dates {
        let crm = &records[c];
        let g = groups[c].clone();
        let crm_date = latest(records, g.clone(), &[Role::LastActivity], NaiveDate::MAX)
            .or_else(|| latest(records, g, &[Role::UpdatedAt], NaiveDate::MAX));
        let e = lag_days.entry(crm.entity).or_default();
        e.0 += 1;
        let (Some(side), Some(crm_date)) = (side, crm_date) else { continue };
        e.1 += 1;
        if side > crm_date {
            let days = (side - crm_date).num_days();
            e.2.push(days);
            owner_entry(&mut per_owner, &owners[c]).crm_lag += 1;
            owner_lags.entry(owners[c].clone()).or_default().push(days);
        }
    }
    let mut crm_lag = CrmLag::default();
    let mut all = (0, 0, Vec::new());
    for (&entity, (matched, comparable, days)) in &mut lag_days {
        crm_lag.per_entity.insert(entity, LagStats::new(*matched, *comparable, days));
        all.0 += *matched;
        all.1 += *comparable;
        all.2.extend_from_slice(days);
    }
    crm_lag.all = LagStats::new(all.0, all.1, &mut all.2);
    for (owner, mut days) in owner_lags {
        owner_entry(&mut per_owner, &owner).crm_lag_median_days = median(&mut days);
    }

    // Active owners.
    let crm_dates = |i: usize| {
        let g = groups[i].clone();
        records[g].iter().flat_map(|r| {
            r.fields.iter().filter_map(|f| match (&f.value, f.role) {
                (Some(Value::Date(d)), Role::CreatedAt | Role::UpdatedAt) if *d <= today => {
                    Some(*d)
                }
                _ => None,
            })
        })
    };
    let crm_records =
        || (0..records.len()).filter(|&i| records[i].origin == Origin::Crm && !refs[i]);
    let reference = crm_records().flat_map(crm_dates).max();
    let window_start =
        reference.and_then(|d| d.checked_sub_days(Days::new(ACTIVE_WINDOW_DAYS - 1)));
    let mut known: BTreeSet<&str> = BTreeSet::new();
    let mut active: BTreeSet<&str> = BTreeSet::new();
    for i in crm_records() {
        let Some(owner) = owners[i].as_deref() else { continue };
        known.insert(owner);
        if let (Some(start), Some(end)) = (window_start, reference)
            && crm_dates(i).any(|d| (start..=end).contains(&d))
        {
            active.insert(owner);
        }
    }
    for o in per_owner.values_mut() {
        o.active = o.owner.as_deref().is_some_and(|n| active.contains(n));
    }
    let active_owners = ActiveOwners {
        reference_date: reference,
        window_start,
        active: Ratio::new(active.len() as u64, known.len() as u64),
        names: active.iter().map(|s| s.to_string()).collect(),
    };

    // Named owners first, in order; records without an owner last.
    let mut owners_out: Vec<OwnerKpis> = per_owner.into_values().collect();
    owners_out.sort_by(|a, b| (a.owner.is_none(), &a.owner).cmp(&(b.owner.is_none(), &b.owner)));

    Kpis {
        today,
        duplicates: clusters.duplicates(records),
        missing_critical: missing_critical(quality),
        next_action,
        pipeline,
        crm_lag,
        active_owners,
        owners: owners_out,
    }
}

fn owner_entry<'a>(
    per_owner: &'a mut BTreeMap<Option<String>, OwnerKpis>,
    owner: &Option<String>,
) -> &'a mut OwnerKpis {
    per_owner
        .entry(owner.clone())
        .or_insert_with(|| OwnerKpis { owner: owner.clone(), ..OwnerKpis::default() })
}

#[derive(Default)]
struct NaCount {
    open: u64,
    with: u64,
    upcoming: u64,
    overdue: u64,
}

impl NaCount {
    fn share(&self) -> NextActionShare {
        NextActionShare {
            open_deals: self.open,
            with_next_action: Ratio::new(self.with, self.open),
            upcoming: Ratio::new(self.upcoming, self.open),
            overdue: Ratio::new(self.overdue, self.open),
        }
    }
}

impl PipelineValue {
    fn add(&mut self, deal: &Record) {
        self.deals += 1;
        if deal.value(Role::Stage).is_none() {
            self.without_stage += 1;
        }
        let Some(Value::Amount(a)) = deal.value(Role::Amount) else { return };
        self.with_amount += 1;
        let currency = match (a.currency, deal.value(Role::Currency)) {
            (Some(c), _) => c.to_string(),
            (None, Some(Value::Currency(c))) => c.to_string(),
            _ => NO_CURRENCY.to_string(),
        };
        *self.amounts.entry(currency).or_default() += a.value;
    }
}

impl LagStats {
    fn new(matched: u64, comparable: u64, days: &mut [i64]) -> LagStats {
        LagStats {
            matched,
            lagging: Ratio::new(days.len() as u64, comparable),
            median_days: median(days),
            max_days: days.iter().copied().max(),
        }
    }
}

/// The median of whole days; the mean of the two middle values for an even
/// count. `None` for no values.
fn median(days: &mut [i64]) -> Option<f64> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let n = days.len();
    Some(if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] as f64 + days[n / 2] as f64) / 2.0
    })
}

/// The latest date of the given roles in a row's records, not after `max`.
fn latest(
    records: &[Record],
    group: Range<usize>,
    roles: &[Role],
    max: NaiveDate,
) -> Option<NaiveDate> {
    records[group]
        .iter()
        .flat_map(|r| r.fields.iter())
        .filter(|f| roles.contains(&f.role))
        .filter_map(|f| match &f.value {
            Some(Value::Date(d)) if *d <= max => Some(*d),
            _ => None,
        })
        .max()
}

/// The owner of a row: the resolved owner (a CRM owner's name), else the
/// cell as written.
fn owner_of(records: &[Record], group: Range<usize>) -> Option<String> {
    let field = records[group].iter().find_map(|r| r.field(Role::Owner))?;
    let name = match &field.value {
        Some(v) => v.canonical(),
        None => field.raw.trim().to_string(),
    };
    (!name.is_empty()).then_some(name)
}

fn missing_critical(quality: &Quality) -> BTreeMap<Entity, MissingCritical> {
    let ratios = |c: &quality::Count, of: &quality::Count| OriginRatios {
        crm: Ratio::new(c.crm, of.crm),
        side: Ratio::new(c.side, of.side),
        all: Ratio::new(c.total, of.total),
    };
    quality
        .counts
        .iter()
        .map(|(&e, q)| {
            let fields =
                q.missing.iter().map(|(k, c)| (k.clone(), ratios(c, &q.records))).collect();
            (e, MissingCritical { any: ratios(&q.missing_any, &q.records), fields })
        })
        .collect()
}

/// Per record, its cluster as one number across entities (`NONE` for
/// references and records without an outcome): the classifier numbers
/// each entity's clusters from 0, so each entity gets a range of its own.
/// A record no entity's matches held (never expected; its cluster is
/// `u32::MAX`) is a cluster of its own.
fn number_clusters(records: &[Record], clusters: &[u32], refs: &[bool], n: usize) -> Vec<u32> {
    let slot = |e: Entity| Entity::ALL.iter().position(|&x| x == e).unwrap_or(0);
    let mut count = [0u32; Entity::ALL.len()];
    for (r, &c) in records.iter().zip(clusters).filter(|(_, c)| **c != u32::MAX) {
        let k = &mut count[slot(r.entity)];
        *k = (*k).max(c + 1);
    }
    let mut offset = [0u32; Entity::ALL.len()];
    for e in 1..offset.len() {
        offset[e] = offset[e - 1] + count[e - 1];
    }
    let mut next = offset[offset.len() - 1] + count[count.len() - 1];
    (0..records.len())
        .map(|i| match clusters.get(i) {
            _ if refs[i] || i >= n => NONE,
            Some(&c) if c != u32::MAX => offset[slot(records[i].entity)] + c,
            _ => {
                next += 1;
                next - 1
            }
        })
        .collect()
}

/// What the KPIs need to know about clusters.
struct Clusters<'a> {
    outcomes: &'a [Outcome],
    refs: &'a [bool],
    /// Per record, its cluster as a dense number (`NONE` for references
    /// and records without an outcome): the cluster names are hashed once
    /// here, not once per question (they are millions of strings).
    id: Vec<u32>,
    /// Per cluster number, its facts. Clusters are told apart by entity
    /// and name: a contact cluster and a deal cluster never share a name,
    /// but nothing requires the classifier to prefix them.
    info: Vec<ClusterInfo>,
}

const NONE: u32 = u32::MAX;

#[derive(Default)]
struct ClusterInfo {
    has_crm: bool,
    /// The side record standing for the cluster: its `new` record, else
    /// its first side record.
    side_rep: Option<usize>,
    side_rep_is_new: bool,
}

impl<'a> Clusters<'a> {
    fn new(
        records: &[Record],
        outcomes: &'a [Outcome],
        clusters: &[u32],
        refs: &'a [bool],
    ) -> Clusters<'a> {
        let id = number_clusters(records, clusters, refs, outcomes.len());
        let n = id.iter().filter(|&&c| c != NONE).map(|&c| c as usize + 1).max().unwrap_or(0);
        let mut info: Vec<ClusterInfo> = Vec::new();
        info.resize_with(n, ClusterInfo::default);
        for (i, r) in records.iter().enumerate() {
            if id[i] == NONE {
                continue;
            }
            let o = &outcomes[i];
            let c = &mut info[id[i] as usize];
            match r.origin {
                Origin::Crm => c.has_crm = true,
                Origin::Side => {
                    c.has_crm |= o.crm.is_some();
                    let is_new = o.status == Status::New;
                    if c.side_rep.is_none() || (is_new && !c.side_rep_is_new) {
                        c.side_rep = Some(i);
                        c.side_rep_is_new = is_new;
                    }
                }
            }
        }
        Clusters { outcomes, refs, id, info }
    }

    fn status(&self, i: usize) -> Option<Status> {
        self.outcomes.get(i).map(|o| o.status)
    }

    fn cluster(&self, i: usize) -> Option<&ClusterInfo> {
        self.info.get(*self.id.get(i)? as usize)
    }

    /// Whether side record `i` stands for its cluster among side records.
    /// A side record with no outcome stands alone for itself.
    fn is_side_representative(&self, i: usize) -> bool {
        match self.outcomes.get(i) {
            None => true,
            Some(_) => self.cluster(i).is_some_and(|c| c.side_rep == Some(i)),
        }
    }

    /// Whether side record `i` is in no CRM record: no CRM match, and no
    /// CRM record in its cluster.
    fn is_side_only(&self, i: usize) -> bool {
        match self.outcomes.get(i) {
            None => true,
            Some(o) => o.crm.is_none() && self.cluster(i).is_none_or(|c| !c.has_crm),
        }
    }

    fn duplicates(&self, records: &[Record]) -> Duplicates {
        // Per entity and origin: records and distinct clusters; and across
        // origins. Records without an outcome are singletons.
        #[derive(Default)]
        struct Tally {
            n: [u64; 3],
            distinct: [u64; 3],
        }
        let mut tallies: BTreeMap<Entity, Tally> = BTreeMap::new();
        // Per origin (CRM, side, both): the clusters counted so far. A
        // cluster number belongs to one entity, so counting them per
        // entity needs no more.
        let mut counted = [0, 1, 2].map(|_| vec![false; self.info.len()]);
        for (i, r) in records.iter().enumerate() {
            if self.refs[i] {
                continue;
            }
            let t = tallies.entry(r.entity).or_default();
            let origin = usize::from(r.origin == Origin::Side);
            match self.outcomes.get(i) {
                Some(o) if o.status == Status::Invalid => continue,
                Some(_) => {
                    let c = self.id[i] as usize;
                    for k in [origin, 2] {
                        t.n[k] += 1;
                        if !std::mem::replace(&mut counted[k][c], true) {
                            t.distinct[k] += 1;
                        }
                    }
                }
                None => {
                    for k in [origin, 2] {
                        t.n[k] += 1;
                        t.distinct[k] += 1;
                    }
                }
            }
        }
        let rates = |n: [u64; 3], distinct: [u64; 3]| DuplicateRates {
            crm: Ratio::new(n[0] - distinct[0], n[0]),
            side: Ratio::new(n[1] - distinct[1], n[1]),
            across: Ratio::new(n[2] - distinct[2], n[2]),
        };
        let mut out = Duplicates::default();
        let (mut n_all, mut d_all) = ([0u64; 3], [0u64; 3]);
        for e in Entity::ALL {
            let (n, d) = tallies.get(&e).map_or(([0; 3], [0; 3]), |t| (t.n, t.distinct));
            for k in 0..3 {
                n_all[k] += n[k];
                d_all[k] += d[k];
            }
            out.per_entity.insert(e, rates(n, d));
        }
        out.all = rates(n_all, d_all);
        out
    }
}

// ------------------------------------------------------------------ lines

/// Each KPI as a sentence, for the terminal summary and the workbook's
/// Summary sheet. KPIs with nothing to say (no deals, no match with the
/// CRM) give no line rather than a "0 %" that would read as a finding.
pub fn lines(k: &Kpis, lang: Lang) -> Vec<String> {
    let fr = lang == Lang::Fr;
    let mut out = Vec::new();

    let p = &k.pipeline;
    if p.side.deals > 0 {
        let n = p.side_only.deals;
        out.push(if n == 0 {
            if fr {
                "Toutes les affaires ouvertes des tableurs sont dans le CRM".to_string()
            } else {
                "Every open deal of the side files is in the CRM".to_string()
            }
        } else if fr {
            format!(
                "{} de pipeline ouvert n'existe que dans les tableurs ({} absente{} du CRM)",
                money(&p.side_only.amounts, lang),
                count(n, "affaire", "affaires", lang),
                if n > 1 { "s" } else { "" }
            )
        } else {
            format!(
                "{} of open pipeline exists only in spreadsheets ({} not in the CRM)",
                money(&p.side_only.amounts, lang),
                count(n, "deal", "deals", lang)
            )
        });
    }
    if p.crm.deals > 0 || p.side.deals > 0 {
        out.push(if fr {
            format!(
                "Pipeline ouvert : {} dans le CRM ({}), {} dans les tableurs ({})",
                money(&p.crm.amounts, lang),
                count(p.crm.deals, "affaire", "affaires", lang),
                money(&p.side.amounts, lang),
                count(p.side.deals, "affaire", "affaires", lang)
            )
        } else {
            format!(
                "Open pipeline: {} in the CRM ({}), {} in side files ({})",
                money(&p.crm.amounts, lang),
                count(p.crm.deals, "deal", "deals", lang),
                money(&p.side.amounts, lang),
                count(p.side.deals, "deal", "deals", lang)
            )
        });
    }

    for (share, en_where, fr_where) in [
        (&k.next_action.crm, "in the CRM", "du CRM"),
        (&k.next_action.side, "in side files", "des tableurs"),
    ] {
        let without = Ratio::new(share.open_deals - share.with_next_action.count, share.open_deals);
        let (Some(no), Some(up)) = (without.rate, share.upcoming.rate) else { continue };
        out.push(if fr {
            format!(
                "{} des affaires ouvertes {fr_where} n'ont pas de prochaine action ; {} en ont une à venir (datée d'aujourd'hui ou après)",
                pct(no, lang),
                pct(up, lang)
            )
        } else {
            format!(
                "{} of open deals {en_where} have no next action; {} have one coming up (dated today or later)",
                pct(no, lang),
                pct(up, lang)
            )
        });
    }

    let d = &k.duplicates.all;
    if let (Some(side), Some(across)) = (d.side.rate, d.across.rate) {
        let crm = d.crm.rate.map(|r| pct(r, lang));
        out.push(match (fr, crm) {
            (true, Some(crm)) => format!(
                "Doublons : {} des lignes des tableurs en répètent une autre, {crm} des fiches du CRM, {} de toutes les fiches CRM et tableurs ensemble",
                pct(side, lang),
                pct(across, lang)
            ),
            (true, None) => format!(
                "Doublons : {} des lignes des tableurs en répètent une autre",
                pct(side, lang)
            ),
            (false, Some(crm)) => format!(
                "Duplicates: {} of side-file rows repeat another, {crm} of CRM records, {} of all records, CRM and side files together",
                pct(side, lang),
                pct(across, lang)
            ),
            (false, None) => {
                format!("Duplicates: {} of side-file rows repeat another", pct(side, lang))
            }
        });
    }

    for (&entity, m) in &k.missing_critical {
        let Some(any) = m.any.all.rate else { continue };
        let worst = m
            .fields
            .iter()
            .filter_map(|(f, r)| Some((f, r.all.rate?)))
            .filter(|(_, r)| *r > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(a.0)));
        let name = entity_plural(entity, lang);
        out.push(match (fr, worst) {
            (true, Some((f, r))) => format!(
                "{} des {name} n'ont pas tous leurs champs obligatoires (le plus souvent {f} : {})",
                pct(any, lang),
                pct(r, lang)
            ),
            (true, None) => {
                format!("{} des {name} n'ont pas tous leurs champs obligatoires", pct(any, lang))
            }
            (false, Some((f, r))) => format!(
                "{} of {name} miss a critical field (most often {f}: {})",
                pct(any, lang),
                pct(r, lang)
            ),
            (false, None) => format!("{} of {name} miss a critical field", pct(any, lang)),
        });
    }

    let lag = &k.crm_lag.all;
    if lag.lagging.total > 0 {
        let n = lag.lagging.count;
        out.push(match (fr, lag.median_days) {
            (true, Some(m)) => format!(
                "{} du CRM sur {} ont un retard sur les tableurs (contact, rendez-vous ou mise à jour plus récents) : {} de retard en médiane",
                count(n, "fiche", "fiches", lang),
                number(lag.lagging.total, lang),
                days(m, lang)
            ),
            (false, Some(m)) => format!(
                "{} of {} matched CRM records are behind the side files (a more recent contact, meeting or update): {} behind (median)",
                number(n, lang),
                number(lag.lagging.total, lang),
                days(m, lang)
            ),
            (true, None) => "Le CRM est à jour de toutes les activités des tableurs".to_string(),
            (false, None) => "The CRM is up to date with every activity in the side files".to_string(),
        });
    }

    let a = &k.active_owners;
    if let (Some(reference), true) = (a.reference_date, a.active.total > 0) {
        out.push(if fr {
            format!(
                "{} propriétaire{} sur {} {} créé ou modifié des fiches du CRM dans les 7 jours jusqu'au {}",
                number(a.active.count, lang),
                if a.active.count > 1 { "s" } else { "" },
                number(a.active.total, lang),
                if a.active.count > 1 { "ont" } else { "a" },
                reference.format("%d/%m/%Y")
            )
        } else {
            format!(
                "{} of {} owners created or updated CRM records in the 7 days up to {}",
                number(a.active.count, lang),
                number(a.active.total, lang),
                reference.format("%Y-%m-%d")
            )
        });
    }
    out
}

fn entity_plural(e: Entity, lang: Lang) -> &'static str {
    match (e, lang) {
        (Entity::Contact, _) => "contacts",
        (Entity::Company, Lang::En) => "companies",
        (Entity::Company, Lang::Fr) => "entreprises",
        (Entity::Deal, Lang::En) => "deals",
        (Entity::Deal, Lang::Fr) => "affaires",
    }
}

/// `1 deal`, `37 deals`; French uses the singular for 0 and 1.
fn count(n: u64, one: &str, many: &str, lang: Lang) -> String {
    let word = match lang {
        Lang::Fr if n <= 1 => one,
        Lang::En if n == 1 => one,
        _ => many,
    };
    format!("{} {word}", number(n, lang))
}

/// `12 day(s)` for a median that may end in .5.
fn days(d: f64, lang: Lang) -> String {
    let text = if d.fract() == 0.0 {
        format!("{d:.0}")
    } else {
        let s = format!("{d:.1}");
        if lang == Lang::Fr { s.replace('.', ",") } else { s }
    };
    match lang {
        Lang::Fr if d <= 1.0 => format!("{text} jour"),
        Lang::Fr => format!("{text} jours"),
        Lang::En if d == 1.0 => format!("{text} day"),
        Lang::En => format!("{text} days"),
    }
}

/// A share as people write it: `23%` / `23 %`; one decimal below 10 %
/// (a 1.7 % duplicate rate against a 2 % limit matters), none above.
fn pct(rate: f64, lang: Lang) -> String {
    let p = rate * 100.0;
    let mut s = if p < 10.0 { format!("{p:.1}") } else { format!("{p:.0}") };
    if let Some(stripped) = s.strip_suffix(".0") {
        s = stripped.to_string();
    }
    match lang {
        Lang::Fr => format!("{} %", s.replace('.', ",")),
        Lang::En => format!("{s}%"),
    }
}

/// Whole numbers with thousands separators: `412,000` / `412 000`.
fn number(n: u64, lang: Lang) -> String {
    group_digits(&n.to_string(), lang)
}

fn group_digits(digits: &str, lang: Lang) -> String {
    let sep = match lang {
        Lang::Fr => ' ',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Amounts per currency, rounded to whole units for reading (report.json
/// keeps them exact): `€412,000 + CHF 12,000` / `412 000 € + 12 000 CHF`.
fn money(amounts: &BTreeMap<String, Decimal>, lang: Lang) -> String {
    if amounts.is_empty() {
        // Deals without amounts: nothing to add up, in any currency.
        return "0".to_string();
    }
    let parts: Vec<String> = amounts
        .iter()
        .map(|(code, value)| {
            let rounded = value.round();
            let negative = rounded.is_sign_negative() && !rounded.is_zero();
            let digits = group_digits(&rounded.abs().trunc().to_string(), lang);
            let sign = if negative { "-" } else { "" };
            let symbol = match code.as_str() {
                "EUR" => Some("€"),
                "GBP" => Some("£"),
                "USD" => Some("$"),
                _ => None,
            };
            match (lang, symbol, code.as_str()) {
                (Lang::En, _, NO_CURRENCY) => format!("{sign}{digits} (no currency written)"),
                (Lang::Fr, _, NO_CURRENCY) => format!("{sign}{digits} (sans devise)"),
                (Lang::En, Some(sym), _) => format!("{sign}{sym}{digits}"),
                (Lang::En, None, _) => format!("{sign}{code} {digits}"),
                (Lang::Fr, Some("€"), _) => format!("{sign}{digits} €"),
                (Lang::Fr, _, _) => format!("{sign}{digits} {code}"),
            }
        })
        .collect();
    parts.join(" + ")
}

fn decimals_as_strings<S: Serializer>(
    amounts: &BTreeMap<String, Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(amounts.iter().map(|(k, v)| (k, v.normalize().to_string())))
}

#[cfg(test)]
mod tests;
