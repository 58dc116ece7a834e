//! `crmrecon dedupe FILE... --out DIR`: find duplicates within files, with
//! no CRM: `matches.csv` (origin `side`) and `report.json` with the
//! blocking statistics, the learnt model and the timings.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::ingest;
use crate::matching::{self, Fields, Matches, Settings};
use crate::model::{Entity, Origin};
use crate::normalize::record::{self, Record};
use crate::progress::Progress;
use crate::reconcile::Outcome;
use crate::reconcile::kpi::Lang;
use crate::reconcile::status::{self, Status};
use crate::report::matches::{self as matches_csv, MatchRow};
use crate::report::workbook::{self, SourceSheet};

/// What `dedupe` found, for the terminal summary and report.json.
#[derive(Serialize)]
pub struct Deduped {
    pub version: &'static str,
    pub inputs: Vec<Input>,
    pub entities: Vec<EntitySummary>,
    pub timings: DedupeTimings,
    #[serde(skip)]
    pub errors: Vec<ingest::IngestError>,
    #[serde(skip)]
    pub written: Vec<PathBuf>,
    /// The run's records and matches, handed back rather than freed here:
    /// the caller decides when (the binary leaves them to the end of the
    /// process).
    #[serde(skip)]
    pub records: Vec<crate::normalize::record::Record>,
    #[serde(skip)]
    pub matches: matching::Matches,
}

#[derive(Serialize)]
pub struct Input {
    pub source: String,
    pub sheet: String,
    pub entity: Option<Entity>,
    pub rows: usize,
}

#[derive(Serialize)]
pub struct EntitySummary {
    pub entity: Entity,
    pub records: usize,
    pub clusters: usize,
    pub duplicate_clusters: usize,
    pub by_status: Vec<(Status, usize)>,
    pub candidate_pairs: usize,
    pub links: usize,
    pub review_pairs: usize,
    pub blocking: Vec<matching::blocking::KeyStats>,
    pub model: matching::weights::Model,
    pub timings: matching::Timings,
}

#[derive(Serialize, Default)]
pub struct DedupeTimings {
    pub reading: Duration,
    pub normalizing: Duration,
    pub matching: Duration,
    pub writing: Duration,
}

/// What reading and matching side files gives: the records, what was
/// read, and per record whether it is invalid.
pub struct ReadAndMatched {
    pub records: Vec<Record>,
    pub inputs: Vec<Input>,
    pub sources: Vec<SourceSheet>,
    pub errors: Vec<ingest::IngestError>,
    pub matches: Matches,
    /// Per record, whether [`status::invalid_reason`] gave one: read
    /// before matching, which may drop the fields.
    pub invalid: Vec<bool>,
}

/// Read, normalize and match `paths` as side files. The tables are
/// dropped once normalized (records keep every raw value and its place):
/// at a million rows, holding both doubles the memory. With
/// [`Fields::Drop`], the records keep only their place once matched.
pub fn read_and_match(
    paths: &[PathBuf],
    config: &Config,
    progress: &Progress,
    timings: &mut DedupeTimings,
    fields: Fields,
) -> ReadAndMatched {
    crate::normalize::phone::load_in_background(&config.locale.country);
    let t = Instant::now();
    let bar = progress.files(0);
    bar.set_prefix("reading");
    let inputs = ingest::read_paths(paths, &config.ingest, &bar);
    timings.reading = t.elapsed();
    let t = Instant::now();
    let ctx = config.normalize_context();
    let summary = inputs
        .tables
        .iter()
        .map(|t| Input {
            source: t.meta.source.to_string(),
            sheet: t.meta.sheet.to_string(),
            entity: t.entity,
            rows: t.rows.len(),
        })
        .collect();
    let sources = inputs.tables.iter().map(|t| SourceSheet::of(t, Origin::Side)).collect();
    let errors = inputs.errors;
    let mut records = record::normalize_tables_freeing(inputs.tables, Origin::Side, &ctx);
    timings.normalizing = t.elapsed();
    let t = Instant::now();
    let settings = Settings { auto: config.matching.auto, review: config.matching.review };
    for warning in config.matching.schema.unused_columns(&records) {
        progress.warn(&warning);
    }
    let invalid = records.par_iter().map(|r| status::invalid_reason(r).is_some()).collect();
    let matches = matching::match_records(&mut records, settings, &config.matching.schema, fields);
    timings.matching = t.elapsed();
    ReadAndMatched { records, inputs: summary, sources, errors, matches, invalid }
}

/// `workbook`: the language of reconciliation.xlsx, `None` for no workbook.
pub fn dedupe(
    paths: &[PathBuf],
    out: &Path,
    config: &Config,
    progress: Progress,
    workbook: Option<Lang>,
) -> anyhow::Result<Deduped> {
    let mut timings = DedupeTimings::default();
    // Without a workbook, only where each row went is written.
    let fields = if workbook.is_some() { Fields::Keep } else { Fields::Drop };
    let ReadAndMatched { records, inputs, sources, errors, matches, invalid } =
        read_and_match(paths, config, &progress, &mut timings, fields);
    let t = Instant::now();
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the output folder", out.display()))?;

    let mut entities = Vec::new();
    // Per entity, per core record: its status and score. Per input record:
    // its entity and place among the entity's records (references keep
    // none: they are no input records of their own).
    let mut place: Vec<Option<(u32, u32)>> = vec![None; records.len()];
    let mut statuses = Vec::with_capacity(matches.entities.len());
    let mut scores = Vec::with_capacity(matches.entities.len());
    for (e, m) in matches.entities.iter().enumerate() {
        let status = status::dedupe_statuses(&records, &invalid, m);
        let mut by_status: Vec<(Status, usize)> = Status::ALL
            .iter()
            .map(|&s| (s, status[..m.core].iter().filter(|&&x| x == s).count()))
            .collect();
        by_status.retain(|(_, n)| *n > 0);
        // The strongest pair to review of each record.
        let mut review_score: Vec<Option<f64>> = vec![None; m.records.len()];
        for l in &m.review {
            for x in [l.a, l.b] {
                let slot = &mut review_score[x as usize];
                *slot = Some(slot.map_or(l.probability, |p: f64| p.max(l.probability)));
            }
        }
        let score: Vec<Option<f64>> = (0..m.core)
            .map(|k| {
                if status[k] == Status::Review {
                    review_score[k]
                } else {
                    m.best[k].map(|(_, p)| p)
                }
            })
            .collect();
        for (k, &i) in m.records.iter().enumerate().take(m.core) {
            place[i] = Some((e as u32, k as u32));
        }
        let clusters = m.cluster.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
        entities.push(EntitySummary {
            entity: m.entity,
            records: m.core,
            clusters,
            duplicate_clusters: m.duplicate_clusters(),
            by_status,
            candidate_pairs: m.candidate_pairs,
            links: m.links.len(),
            review_pairs: m.review.len(),
            blocking: m.blocking.clone(),
            model: m.model.clone(),
            timings: m.timings.clone(),
        });
        statuses.push(status);
        scores.push(score);
    }
    let cluster = |e: usize, k: usize| {
        let m = &matches.entities[e];
        format!("{}-{}", m.entity.as_str(), m.cluster[k] + 1)
    };
    // Input order (file, then row), each row written as made: the rows of
    // a multi-million record run are never all in memory.
    let row = |i: usize| {
        let (e, k) = place[i].map(|(e, k)| (e as usize, k as usize))?;
        let r = &records[i];
        Some(MatchRow {
            entity: r.entity.as_str(),
            origin: r.origin.as_str(),
            source: &r.provenance.source,
            sheet: &r.provenance.sheet,
            row: r.provenance.row,
            crm_id: None,
            cluster: cluster(e, k),
            status: statuses[e][k].as_str(),
            score: scores[e][k],
        })
    };
    let matches_path = out.join("matches.csv");
    matches_csv::write_indexed(place.len(), row, &matches_path)
        .with_context(|| format!("{}: cannot write", matches_path.display()))?;

    let mut written = vec![matches_path];
    if let Some(lang) = workbook {
        // The workbook's view of each record (references keep a
        // placeholder: they are on no sheet).
        let outcomes: Vec<Outcome> = place
            .iter()
            .map(|p| match *p {
                Some((e, k)) => Outcome {
                    status: statuses[e as usize][k as usize],
                    cluster: cluster(e as usize, k as usize),
                    crm: None,
                    score: scores[e as usize][k as usize],
                    reason: None,
                },
                None => Outcome {
                    status: Status::New,
                    cluster: String::new(),
                    crm: None,
                    score: None,
                    reason: None,
                },
            })
            .collect();
        let references = matching::reference::references(&records);
        let run = workbook::Run {
            lang,
            command: "dedupe",
            version: env!("CARGO_PKG_VERSION"),
            started: chrono::Local::now().naive_local(),
            today: config.locale.today,
            target: None,
            sources: &sources,
            records: &records,
            outcomes: &outcomes,
            references: &references,
            matches: &matches,
            reconciliation: None,
            quality: None,
            kpis: None,
            trend: None,
            limits: workbook::Limits::default(),
            out: Some(out),
        };
        written.push(workbook::write(&run, out)?);
    }

    timings.writing = t.elapsed();
    let mut deduped = Deduped {
        version: env!("CARGO_PKG_VERSION"),
        inputs,
        entities,
        timings,
        errors,
        written,
        records,
        matches,
    };
    let report_path = out.join("report.json");
    let json = serde_json::to_string_pretty(&deduped).context("cannot serialize report.json")?;
    std::fs::write(&report_path, json)
        .with_context(|| format!("{}: cannot write", report_path.display()))?;
    deduped.written.push(report_path);
    Ok(deduped)
}
