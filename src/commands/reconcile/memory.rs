//! The parts of a run that reach across runs: decisions read back from an
//! earlier workbook or CSV (applied, then carried forward to a decisions
//! file) and the history file (compared with, then appended to).
//! Orchestration only: the logic is in `reconcile::decisions`,
//! `reconcile::history` and `report::history`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Memory, Reconciled};
use crate::config::Config;
use crate::ingest;
use crate::matching::Matches;
use crate::normalize::record::Record;
use crate::reconcile::classify::Classification;
use crate::reconcile::decisions::{self, Decisions, Identities, Summary};
use crate::reconcile::history::{self, InputHash, Runs};
use crate::report::history as history_file;

/// The file decisions are carried forward to, beside the config.
pub const DECISIONS_FILE: &str = "crmrecon-decisions.csv";

pub fn read_decisions(memory: &Memory) -> anyhow::Result<Option<Decisions>> {
    if memory.decisions.is_empty() {
        return Ok(None);
    }
    Ok(Some(decisions::read(&memory.decisions)?))
}

/// Every input file with the FNV-1a hash of its bytes. A file that cannot
/// be read again gets an empty hash (its error is reported by ingest).
pub fn input_hashes(crm: &ingest::Inputs, side: &ingest::Inputs) -> Vec<InputHash> {
    [("crm", crm), ("side", side)]
        .into_iter()
        .flat_map(|(origin, inputs)| {
            inputs.files.iter().map(move |(f, _)| {
                let bytes = std::fs::read(&f.path).unwrap_or_default();
                InputHash {
                    origin: origin.into(),
                    path: f.display.clone(),
                    bytes: bytes.len() as u64,
                    fnv1a64: if bytes.is_empty() {
                        String::new()
                    } else {
                        history::fnv1a64(&bytes)
                    },
                }
            })
        })
        .collect()
}

/// Decisions on their way through one run.
pub struct Decided {
    decisions: Option<Decisions>,
    ids: Option<Identities>,
    summary: Summary,
}

impl Decided {
    pub fn new(records: &[Record], decisions: Option<Decisions>) -> Decided {
        let ids = decisions.as_ref().map(|_| Identities::new(records));
        Decided { decisions, ids, summary: Summary::default() }
    }

    pub fn apply_to_matches(&mut self, matches: &mut Matches) {
        if let (Some(d), Some(ids)) = (&self.decisions, &self.ids) {
            decisions::apply_to_matches(ids, matches, d, &mut self.summary);
        }
    }

    pub fn apply_to_conflicts(&mut self, c: &mut Classification) {
        if let (Some(d), Some(ids)) = (&self.decisions, &self.ids) {
            decisions::apply_to_conflicts(ids, c, d, &mut self.summary);
        }
    }
}

/// Carry the decisions forward and compare with, then append to, the
/// history. Returns report.json's `runs` and the files written.
pub fn remember(
    memory: &Memory,
    config: &Config,
    done: &Reconciled,
    references: &[bool],
    hashes: Option<Vec<InputHash>>,
    decided: Decided,
) -> anyhow::Result<(Runs, Vec<PathBuf>)> {
    let mut runs = Runs::default();
    let mut written = Vec::new();
    if let Some(d) = decided.decisions {
        let mut summary = decided.summary;
        summary.read = d.list.len();
        summary.not_understood = d.not_understood.clone();
        let out = memory.decisions_out.clone().unwrap_or_else(|| beside_config(config));
        let carried = decisions::carried(&d, &summary, done.errors.is_empty());
        std::fs::write(&out, carried.to_csv())
            .with_context(|| format!("{}: cannot write the decisions", out.display()))?;
        summary.written = Some(out.display().to_string());
        written.push(out);
        runs.decisions = Some(summary);
    }
    if let Some(path) = &memory.history {
        let (previous, _skipped) = history_file::read(path)?;
        let current = history::snapshot(
            config.locale.today,
            &done.records,
            references,
            &done.reconciliation.classification,
            &done.report.kpis,
            hashes.unwrap_or_default(),
        );
        runs.trend = Some(history::trend(&previous, &current));
        runs.deltas = previous.last().map(|p| history::deltas(p, &current));
        history_file::append(path, &current)?;
        written.push(path.clone());
    }
    Ok((runs, written))
}

fn beside_config(config: &Config) -> PathBuf {
    let dir = config.path.as_deref().and_then(Path::parent).unwrap_or(Path::new(""));
    dir.join(DECISIONS_FILE)
}
