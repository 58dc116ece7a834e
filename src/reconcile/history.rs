//! Memory across runs (`--history FILE`): what one run leaves for the next
//! ([`Run`], one JSON line), and what this run learns from the earlier
//! ones: each KPI over the last runs ([`Trend`]) and what changed since the
//! previous run ([`Deltas`]): side-only records now in the CRM, new
//! side-only records, conflicts resolved and new.
//!
//! Records are named by their stable identity ([`super::identity::of`]) so
//! that a row moving inside a side file is not a change. KPIs are kept as
//! a flat map of named numbers ([`flatten`]), the form `check` evaluates
//! and a chart plots; a KPI with nothing to measure (no deals) is absent,
//! never 0. Reading and appending the file is the report stage's.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::Outcome;
use super::classify::Classification;
use super::decisions::Summary;
use super::diff::ChangeKind;
use super::kpi::{Kpis, Ratio};
use super::status::Status;
use crate::model::{Entity, Origin};
use crate::normalize::record::Record;

/// How many runs the trend shows (the current one included).
pub const TREND_RUNS: usize = 12;

/// One line of the history file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Run {
    pub date: Option<NaiveDate>,
    pub version: String,
    pub inputs: Vec<InputHash>,
    pub kpis: BTreeMap<String, f64>,
    /// Per entity, per status.
    pub counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// Identities of the side records no CRM record holds (sorted, once).
    pub side_only: Vec<String>,
    pub conflicts: Vec<ConflictId>,
    /// Side records matched to a CRM record: what "moved to the CRM" is
    /// measured against. Not written: the next run only needs its own.
    #[serde(skip)]
    pub matched: BTreeSet<String>,
}

/// An input file and a stable hash of its bytes: FNV-1a 64 in hex. Not a
/// cryptographic hash: it tells whether a file changed between runs, not
/// whether someone forged it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InputHash {
    pub origin: String,
    pub path: String,
    pub bytes: u64,
    pub fnv1a64: String,
}

/// One conflicting field, by identities.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(default)]
pub struct ConflictId {
    pub crm: String,
    pub side: String,
    pub field: String,
}

/// report.json's `trend`: one value per KPI per run, oldest first (`null`
/// where a run had nothing to measure).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Trend {
    pub dates: Vec<Option<NaiveDate>>,
    pub kpis: BTreeMap<String, Vec<Option<f64>>>,
}

/// report.json's `deltas`: since the previous run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Deltas {
    pub previous_date: Option<NaiveDate>,
    /// Side-only last time, matched to a CRM record now.
    pub moved_to_crm: Vec<String>,
    /// Side-only now, not last time.
    pub new_side_only: Vec<String>,
    /// Side-only last time, no longer found in any side file.
    pub gone_side_only: Vec<String>,
    pub resolved_conflicts: Vec<ConflictId>,
    pub new_conflicts: Vec<ConflictId>,
    /// KPIs that changed: previous and current value.
    pub kpis: BTreeMap<String, KpiDelta>,
    /// Inputs whose content changed (or appeared) since the previous run.
    pub changed_inputs: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct KpiDelta {
    pub previous: Option<f64>,
    pub current: Option<f64>,
}

/// What report.json says about earlier runs and decisions; every part is
/// absent when its option was not given.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Runs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deltas: Option<Deltas>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions: Option<Summary>,
}

/// FNV-1a, 64 bits, in 16 hex digits.
pub fn fnv1a64(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The KPIs as named numbers. Names are stable: history files and CI
/// configs refer to them.
pub fn flatten(k: &Kpis) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let mut put = |name: String, r: Option<f64>| {
        if let Some(v) = r.filter(|v| v.is_finite()) {
            out.insert(name, v);
        }
    };
    let rate = |r: &Ratio| r.rate;
    let d = &k.duplicates.all;
    put("duplicate_rate.side".into(), rate(&d.side));
    put("duplicate_rate.crm".into(), rate(&d.crm));
    put("duplicate_rate.across".into(), rate(&d.across));
    for (entity, m) in &k.missing_critical {
        put(format!("missing_critical_rate.{}", entity.as_str()), rate(&m.any.all));
        for (field, r) in &m.fields {
            put(format!("missing_critical_rate.{}.{field}", entity.as_str()), rate(&r.all));
        }
    }
    for (origin, na) in [("crm", &k.next_action.crm), ("side", &k.next_action.side)] {
        put(format!("next_action_rate.{origin}"), rate(&na.with_next_action));
        put(format!("overdue_next_action_rate.{origin}"), rate(&na.overdue));
    }
    let p = &k.pipeline;
    put("side_only_deals".into(), Some(p.side_only.deals as f64));
    for (cur, side, crm) in pipeline_by_currency(p) {
        put(format!("side_only_pipeline.{cur}"), Some(side));
        let total = side + crm;
        put(format!("side_only_pipeline_share.{cur}"), (total > 0.0).then(|| side / total));
    }
    put("crm_lag_rate".into(), rate(&k.crm_lag.all.lagging));
    put("crm_lag_median_days".into(), k.crm_lag.all.median_days);
    put("active_owner_rate".into(), rate(&k.active_owners.active));
    out
}

/// Side-only and CRM open pipeline per currency. Amounts written without
/// a currency (`XXX`) join the one real currency when there is exactly
/// one: a CRM export often drops the `€` that the side files keep, and
/// comparing 120 000 "no currency" with 80 000 € as two pipelines would
/// say all the euros live only in spreadsheets. With several real
/// currencies nothing is merged (a Swiss team's francs are not euros).
fn pipeline_by_currency(p: &super::kpi::Pipeline) -> Vec<(String, f64, f64)> {
    use super::kpi::NO_CURRENCY;
    let real: BTreeSet<&String> = p
        .crm
        .amounts
        .keys()
        .chain(p.side_only.amounts.keys())
        .filter(|c| c.as_str() != NO_CURRENCY)
        .collect();
    let single = (real.len() == 1).then(|| real.iter().next().map(|c| (*c).clone())).flatten();
    let mut by: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for (amounts, is_side) in [(&p.side_only.amounts, true), (&p.crm.amounts, false)] {
        for (cur, d) in amounts {
            let cur = match &single {
                Some(one) if cur == NO_CURRENCY => one.clone(),
                _ => cur.clone(),
            };
            let e = by.entry(cur).or_default();
            let v = d.to_f64().unwrap_or(0.0);
            if is_side { e.0 += v } else { e.1 += v }
        }
    }
    by.into_iter().map(|(c, (s, k))| (c, s, k)).collect()
}

/// This run's line. `refs` marks the records that are references (no
/// records of their own, see `matching::reference`).
pub fn snapshot(
    date: NaiveDate,
    records: &[Record],
    refs: &[bool],
    c: &Classification,
    kpis: &Kpis,
    inputs: Vec<InputHash>,
) -> Run {
    let ids = super::identity::all(records);
    let with_crm: HashSet<(Entity, &str)> = records
        .iter()
        .zip(&c.outcomes)
        .enumerate()
        .filter(|(i, (r, _))| r.origin == Origin::Crm && !refs.get(*i).copied().unwrap_or(false))
        .map(|(_, (r, o))| (r.entity, o.cluster.as_str()))
        .collect();
    let mut side_only = BTreeSet::new();
    let mut matched = BTreeSet::new();
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (i, (r, o)) in records.iter().zip(&c.outcomes).enumerate() {
        if refs.get(i).copied().unwrap_or(false) {
            continue;
        }
        *counts
            .entry(r.entity.as_str().into())
            .or_default()
            .entry(o.status.as_str().into())
            .or_default() += 1;
        if r.origin != Origin::Side {
            continue;
        }
        if is_side_only(r, o, &with_crm) {
            side_only.insert(ids[i].clone());
        } else if o.crm.is_some()
            && matches!(o.status, Status::Unchanged | Status::Update | Status::Conflict)
        {
            matched.insert(ids[i].clone());
        }
    }
    let mut conflicts: Vec<ConflictId> = c
        .changes
        .iter()
        .filter(|ch| ch.kind == ChangeKind::Conflict)
        .map(|ch| ConflictId {
            crm: ids[ch.crm].clone(),
            side: ids[ch.side].clone(),
            field: ch.role.as_str().into(),
        })
        .collect();
    conflicts.sort();
    conflicts.dedup();
    Run {
        date: Some(date),
        version: env!("CARGO_PKG_VERSION").into(),
        inputs,
        kpis: flatten(kpis),
        counts,
        side_only: side_only.into_iter().collect(),
        conflicts,
        matched,
    }
}

/// New or duplicate with no CRM record in its cluster: what lives only in
/// spreadsheets. Invalid and review records are not counted: the first
/// cannot be imported, the second may well be in the CRM.
fn is_side_only(r: &Record, o: &Outcome, with_crm: &HashSet<(Entity, &str)>) -> bool {
    matches!(o.status, Status::New | Status::Duplicate)
        && o.crm.is_none()
        && !with_crm.contains(&(r.entity, o.cluster.as_str()))
}

/// Each KPI over the earlier runs (at most `TREND_RUNS - 1`, the latest)
/// and this one.
pub fn trend(previous: &[Run], current: &Run) -> Trend {
    let start = previous.len().saturating_sub(TREND_RUNS - 1);
    let runs: Vec<&Run> = previous[start..].iter().chain([current]).collect();
    let names: BTreeSet<&String> = runs.iter().flat_map(|r| r.kpis.keys()).collect();
    Trend {
        dates: runs.iter().map(|r| r.date).collect(),
        kpis: names
            .into_iter()
            .map(|n| (n.clone(), runs.iter().map(|r| r.kpis.get(n).copied()).collect()))
            .collect(),
    }
}

/// What changed since `previous`.
pub fn deltas(previous: &Run, current: &Run) -> Deltas {
    let before: BTreeSet<&String> = previous.side_only.iter().collect();
    let now: BTreeSet<&String> = current.side_only.iter().collect();
    let moved_to_crm: Vec<String> =
        before.iter().filter(|id| current.matched.contains(**id)).map(|s| (*s).clone()).collect();
    let gone_side_only = before
        .iter()
        .filter(|id| !now.contains(*id) && !current.matched.contains(**id))
        .map(|s| (*s).clone())
        .collect();
    let new_side_only = now.difference(&before).map(|s| (*s).clone()).collect();
    let (pc, cc): (BTreeSet<&ConflictId>, BTreeSet<&ConflictId>) =
        (previous.conflicts.iter().collect(), current.conflicts.iter().collect());
    let names: BTreeSet<&String> = previous.kpis.keys().chain(current.kpis.keys()).collect();
    let kpis = names
        .into_iter()
        .filter_map(|n| {
            let (p, c) = (previous.kpis.get(n).copied(), current.kpis.get(n).copied());
            let same = match (p, c) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-12,
                (None, None) => true,
                _ => false,
            };
            (!same).then(|| (n.clone(), KpiDelta { previous: p, current: c }))
        })
        .collect();
    let old_hashes: HashSet<(&str, &str)> =
        previous.inputs.iter().map(|i| (i.path.as_str(), i.fnv1a64.as_str())).collect();
    Deltas {
        previous_date: previous.date,
        moved_to_crm,
        new_side_only,
        gone_side_only,
        resolved_conflicts: pc.difference(&cc).map(|c| (*c).clone()).collect(),
        new_conflicts: cc.difference(&pc).map(|c| (*c).clone()).collect(),
        kpis,
        changed_inputs: current
            .inputs
            .iter()
            .filter(|i| !old_hashes.contains(&(i.path.as_str(), i.fnv1a64.as_str())))
            .map(|i| i.path.clone())
            .collect(),
    }
}

/// The terminal lines about earlier runs and decisions.
pub fn lines(runs: &Runs) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = &runs.deltas {
        let since = d.previous_date.map(|x| format!(" (run of {x})")).unwrap_or_default();
        out.push(format!(
            "since the previous run{since}: {} side-only record(s) now in the CRM, {} new side-only, {} conflict(s) resolved, {} new",
            d.moved_to_crm.len(),
            d.new_side_only.len(),
            d.resolved_conflicts.len(),
            d.new_conflicts.len()
        ));
        for name in ["duplicate_rate.side", "next_action_rate.side", "side_only_deals"] {
            if let Some(k) = d.kpis.get(name) {
                out.push(format!("  {name}: {} -> {}", number(k.previous), number(k.current)));
            }
        }
    } else if runs.trend.is_some() {
        out.push("first run in the history file: deltas start next run".into());
    }
    if let Some(t) = runs.trend.as_ref().filter(|t| t.dates.len() > 1) {
        out.extend(trend_table(t));
    }
    if let Some(s) = &runs.decisions {
        out.push(format!(
            "decisions: {} in force, {} applied, {} stale (records not found)",
            s.read,
            s.applied,
            s.stale.len()
        ));
        for st in &s.stale {
            out.push(format!(
                "  stale {} decision {:?} on {} {} {}: {}",
                st.kind.as_str(),
                st.decision,
                st.key_a,
                st.key_b,
                st.field,
                st.reason
            ));
        }
        for n in &s.not_understood {
            out.push(format!("  not a decision: {n}"));
        }
        if let Some(w) = &s.written {
            out.push(format!("decisions in force written to {w}"));
        }
    }
    out
}

/// The KPIs the terminal follows run after run, as a small table: one
/// line per KPI, one column per run (oldest first), rates in percent.
const TREND_LINES: &[&str] = &[
    "duplicate_rate.side",
    "next_action_rate.side",
    "next_action_rate.crm",
    "overdue_next_action_rate.crm",
    "missing_critical_rate.contact",
    "missing_critical_rate.deal",
];

fn trend_table(t: &Trend) -> Vec<String> {
    let width = TREND_LINES.iter().map(|n| n.len()).max().unwrap_or(0);
    let dates: Vec<String> = t
        .dates
        .iter()
        .map(|d| d.map_or_else(|| "?".into(), |d| d.format("%m-%d").to_string()))
        .collect();
    let mut out = vec![format!(
        "  {:width$} {}",
        "trend",
        dates.iter().map(|d| format!("{d:>6}")).collect::<String>()
    )];
    for name in TREND_LINES {
        let Some(values) = t.kpis.get(*name) else { continue };
        let cells: String = values
            .iter()
            .map(|v| v.map_or_else(|| format!("{:>6}", "n/a"), |v| format!("{:>5.1}%", v * 100.0)))
            .collect();
        out.push(format!("  {name:width$} {cells}"));
    }
    out
}

fn number(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".into(), |v| format!("{}", (v * 10_000.0).round() / 10_000.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_known_values() {
        // Reference values of the FNV-1a 64-bit hash.
        assert_eq!(fnv1a64(b""), "cbf29ce484222325");
        assert_eq!(fnv1a64(b"a"), "af63dc4c8601ec8c");
        assert_eq!(fnv1a64(b"foobar"), "85944171f73967e8");
    }

    fn run(date: &str, side_only: &[&str], matched: &[&str], conflicts: &[&str]) -> Run {
        Run {
            date: Some(date.parse().unwrap()),
            side_only: side_only.iter().map(|s| s.to_string()).collect(),
            matched: matched.iter().map(|s| s.to_string()).collect(),
            conflicts: conflicts
                .iter()
                .map(|f| ConflictId {
                    crm: "crm:contact:1".into(),
                    side: "s".into(),
                    field: (*f).into(),
                })
                .collect(),
            kpis: [("duplicate_rate.side".to_string(), side_only.len() as f64)].into(),
            ..Run::default()
        }
    }

    #[test]
    fn deltas_between_two_runs() {
        let a = run("2026-11-16", &["x", "y", "z"], &[], &["email", "phone"]);
        let b = run("2026-11-23", &["z", "w"], &["x"], &["phone", "city"]);
        let d = deltas(&a, &b);
        assert_eq!(d.moved_to_crm, ["x"]);
        assert_eq!(d.gone_side_only, ["y"]);
        assert_eq!(d.new_side_only, ["w"]);
        assert_eq!(d.resolved_conflicts[0].field, "email");
        assert_eq!(d.new_conflicts[0].field, "city");
        assert_eq!(d.kpis["duplicate_rate.side"].previous, Some(3.0));
        assert_eq!(d.previous_date, a.date);
    }

    #[test]
    fn the_terminal_shows_the_trend_as_a_table() {
        let t = Trend {
            dates: vec![
                NaiveDate::from_ymd_opt(2026, 11, 19),
                NaiveDate::from_ymd_opt(2026, 11, 26),
            ],
            kpis: [("next_action_rate.side".to_string(), vec![Some(0.5), Some(0.625)])].into(),
        };
        let lines = trend_table(&t);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains(" 11-19") && lines[0].contains(" 11-26"), "{lines:?}");
        assert!(lines[1].starts_with("  next_action_rate.side"), "{lines:?}");
        assert!(lines[1].ends_with(" 50.0% 62.5%"), "{lines:?}");
    }

    #[test]
    fn the_trend_keeps_the_last_twelve_runs() {
        let previous: Vec<Run> =
            (1..=20).map(|d| run(&format!("2026-10-{d:02}"), &[], &[], &[])).collect();
        let t = trend(&previous, &run("2026-11-23", &["a"], &[], &[]));
        assert_eq!(t.dates.len(), TREND_RUNS);
        assert_eq!(t.dates[0], Some("2026-10-10".parse().unwrap()));
        assert_eq!(t.kpis["duplicate_rate.side"].last(), Some(&Some(1.0)));
    }

    #[test]
    fn a_history_line_round_trips_and_tolerates_unknown_keys() {
        let r = run("2026-11-23", &["a"], &["b"], &["email"]);
        let line = serde_json::to_string(&r).unwrap();
        assert!(!line.contains("matched"), "{line}");
        let back: Run = serde_json::from_str(&line).unwrap();
        assert_eq!(back.side_only, r.side_only);
        let future: Run = serde_json::from_str(r#"{"date":"2026-11-30","new_key":1}"#).unwrap();
        assert!(future.side_only.is_empty());
    }
}
