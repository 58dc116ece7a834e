//! `crmrecon reconcile --crm EXPORT... --side PATH... --out DIR`: match the
//! side files against the CRM export and decide, for every side record,
//! whether it is new, a duplicate, unchanged, an update, a conflict, to
//! review or invalid. Writes `matches.csv` (every input row once, CRM rows
//! included) and `report.json` (inputs, counts by entity and status, CRM
//! duplicates, what to import, timings).
//!
//! Order of the stages: read the CRM export, learn its owners, read the
//! side files, normalize both (side owners resolved against the CRM's),
//! match CRM and side records together, reconcile. The import files and
//! the workbook are written by the report stage from [`Reconciled`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{Config, TargetCrm};
use crate::ingest::{self, Table};
use crate::matching::{self, Fields, Matches, Settings};
use crate::model::{Entity, Origin, Role};
use crate::normalize::owner::OwnerDirectory;
use crate::normalize::record::{self, Record, Value};
use crate::progress::Progress;
use crate::reconcile::classify::{CrmDuplicate, crm_id};
use crate::reconcile::history::Runs;
use crate::reconcile::kpi::{self, Kpis, Lang};
use crate::reconcile::plan::{self, Reconciliation};
use crate::reconcile::quality::{self, EntityQuality, Quality};
use crate::reconcile::recency::Recency;
use crate::reconcile::status::Status;
use crate::reconcile::{ImportAction, ImportRecord};
use crate::report::import;
use crate::report::matches::{self as matches_csv, MatchRow};
use crate::report::workbook::{self, SourceSheet};

mod memory;

/// What `reconcile` was asked to do.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub crm: &'a [PathBuf],
    pub side: &'a [PathBuf],
    pub out: &'a Path,
    pub target: TargetCrm,
    /// Language of the workbook's labels; `None`: from `[locale] country`.
    pub lang: Option<Lang>,
    /// Write reconciliation.xlsx (`--no-workbook` turns it off).
    pub workbook: bool,
}

/// `report.json`. Later stages add their sections (quality issues, KPIs,
/// checks) as new fields; the ones here keep their meaning.
#[derive(Debug, Serialize)]
pub struct Report {
    pub version: &'static str,
    pub target: &'static str,
    pub inputs: Vec<Input>,
    pub entities: Vec<EntityCounts>,
    /// Clusters holding two or more CRM records: never silently merged.
    pub crm_duplicates: Vec<CrmDuplicate>,
    /// Missing critical fields, invalid values and stale deals, counted per
    /// entity (the findings themselves are in the workbook's Quality sheet).
    pub quality: BTreeMap<Entity, EntityQuality>,
    pub kpis: Kpis,
    /// `trend` and `deltas` (with `--history`), `decisions` (with
    /// `--decisions`); absent otherwise.
    #[serde(flatten)]
    pub runs: Runs,
    /// The import files, in load order.
    pub import_files: Vec<String>,
    pub timings: Timings,
}

#[derive(Debug, Serialize)]
pub struct Input {
    pub origin: Origin,
    pub source: String,
    pub sheet: String,
    pub entity: Option<Entity>,
    pub rows: usize,
}

#[derive(Debug, Serialize)]
pub struct EntityCounts {
    pub entity: Entity,
    pub crm_records: usize,
    pub side_records: usize,
    pub clusters: usize,
    /// Every status, zeros included, so that consumers need no defaults.
    pub by_status: BTreeMap<Status, usize>,
    /// Records the import files create and update.
    pub creates: usize,
    pub updates: usize,
    /// Field changes found: fills of empty CRM fields, and conflicts.
    pub field_updates: usize,
    pub field_conflicts: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct Timings {
    pub reading: Duration,
    pub normalizing: Duration,
    pub matching: Duration,
    pub reconciling: Duration,
    pub writing: Duration,
}

/// Everything a run produced: the report, and what the report stage (import
/// files, workbook) reads.
pub struct Reconciled {
    pub report: Report,
    pub target: TargetCrm,
    /// CRM records first, then side records, in input order.
    pub records: Vec<Record>,
    pub matches: Matches,
    pub reconciliation: Reconciliation,
    pub quality: Quality,
    /// Inputs that could not be read (the others were processed).
    pub errors: Vec<ingest::IngestError>,
    pub written: Vec<PathBuf>,
}

impl Reconciled {
    pub fn imports(&self) -> &[ImportRecord] {
        &self.reconciliation.imports
    }
}

pub fn target_name(target: TargetCrm) -> &'static str {
    match target {
        TargetCrm::Generic => "generic",
        TargetCrm::Hubspot => "hubspot",
        TargetCrm::Salesforce => "salesforce",
        TargetCrm::Pipedrive => "pipedrive",
        TargetCrm::Odoo => "odoo",
    }
}

/// What a run remembers across runs: `--history`, `--decisions`.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    /// The history file to compare with and append to.
    pub history: Option<PathBuf>,
    /// Decision files (workbooks or CSVs), later ones overriding.
    pub decisions: Vec<PathBuf>,
    /// Where to carry the decisions in force forward (default:
    /// `crmrecon-decisions.csv` beside the config).
    pub decisions_out: Option<PathBuf>,
}

/// Read, normalize, match and reconcile; write matches.csv and report.json.
pub fn reconcile(
    request: &Request<'_>,
    config: &Config,
    progress: Progress,
) -> anyhow::Result<Reconciled> {
    reconcile_with(request, &Memory::default(), config, progress)
}

/// [`reconcile`] with the history and decisions of earlier runs.
pub fn reconcile_with(
    request: &Request<'_>,
    memory: &Memory,
    config: &Config,
    progress: Progress,
) -> anyhow::Result<Reconciled> {
    crate::normalize::phone::load_in_background(&config.locale.country);
    let decisions = memory::read_decisions(memory)?;
    let mut timings = Timings::default();
    let t = Instant::now();
    let read = |paths: &[PathBuf], prefix: &'static str| {
        let bar = progress.files(0);
        bar.set_prefix(prefix);
        ingest::read_paths(paths, &config.ingest, &bar)
    };
    // The CRM export is normalized and its tables dropped before the side
    // files are read: the two sets of tables are never held together.
    let mut crm = read(request.crm, "crm");
    timings.reading = t.elapsed();
    let t = Instant::now();
    let mut ctx = config.normalize_context();
    ctx.owners = owners(&crm.tables);
    let crm_records = record::normalize_tables(&crm.tables, Origin::Crm, &ctx);
    let mut inputs = summarize(&crm.tables, Origin::Crm);
    // The Sources sheet outlives the tables.
    let mut sources: Vec<SourceSheet> =
        crm.tables.iter().map(|t| SourceSheet::of(t, Origin::Crm)).collect();
    // Side tables are numbered after the CRM's: records of one row share a
    // (table, row) link, and a CRM row must not look like a side row.
    let offset = crm.tables.len() as u32;
    drop(std::mem::take(&mut crm.tables));
    timings.normalizing = t.elapsed();

    let t = Instant::now();
    let mut side = read(request.side, "side");
    let hashes = memory.history.as_ref().map(|_| memory::input_hashes(&crm, &side));
    timings.reading += t.elapsed();

    let t = Instant::now();
    let mut side_records = record::normalize_tables(&side.tables, Origin::Side, &ctx);
    for r in &mut side_records {
        r.link.table += offset;
    }
    // One allocation at the final size (appending would double the CRM's).
    let mut records = Vec::with_capacity(crm_records.len() + side_records.len());
    records.extend(crm_records);
    records.append(&mut side_records);
    drop(side_records);
    let recency = Recency::new(
        // A CRM export's file date is the export's, not its records'.
        std::iter::repeat_n(None, offset as usize).chain(file_dates(&side)).collect(),
    );
    inputs.extend(summarize(&side.tables, Origin::Side));
    sources.extend(side.tables.iter().map(|t| SourceSheet::of(t, Origin::Side)));
    let mut errors = crm.errors;
    errors.extend(std::mem::take(&mut side.errors));
    drop(std::mem::take(&mut side.tables));
    timings.normalizing += t.elapsed();

    let t = Instant::now();
    let settings = Settings { auto: config.matching.auto, review: config.matching.review };
    for warning in config.matching.schema.unused_columns(&records) {
        progress.warn(&warning);
    }
    let mut matches =
        matching::match_records(&mut records, settings, &config.matching.schema, Fields::Keep);
    timings.matching = t.elapsed();

    let t = Instant::now();
    let mut decided = memory::Decided::new(&records, decisions);
    decided.apply_to_matches(&mut matches);
    let today = config.locale.today;
    // The quality rules read only the records: they run beside the plan.
    let (reconciliation, quality) = rayon::join(
        || {
            plan::reconcile_with(&records, &matches, &recency, &config.survivorship, |c| {
                decided.apply_to_conflicts(c)
            })
        },
        || quality::evaluate(&records, &config.critical, today),
    );
    let c = &reconciliation.classification;
    let kpis = kpi::compute(&records, &c.outcomes, &c.clusters, &quality, today);
    timings.reconciling = t.elapsed();

    let t = Instant::now();
    std::fs::create_dir_all(request.out)
        .with_context(|| format!("{}: cannot create the output folder", request.out.display()))?;
    let references = matching::reference::references(&records);
    let matches_path = request.out.join("matches.csv");
    write_matches(&records, &references, &reconciliation, &matches_path)?;
    let import_files =
        import::write_imports(&reconciliation.imports, request.target, &request.out.join("import"))
            .context("cannot write the import files")?;
    let entities = counts(&records, &references, &matches, &reconciliation);
    let report = Report {
        version: env!("CARGO_PKG_VERSION"),
        target: target_name(request.target),
        inputs,
        entities,
        crm_duplicates: reconciliation.classification.crm_duplicates.clone(),
        quality: quality.counts.clone(),
        kpis,
        runs: Runs::default(),
        import_files: import_files.iter().map(|p| p.display().to_string()).collect(),
        timings,
    };
    let mut written = vec![matches_path];
    written.extend(import_files);
    let mut done = Reconciled {
        report,
        target: request.target,
        records,
        matches,
        reconciliation,
        quality,
        errors,
        written,
    };
    let (runs, remembered) = memory::remember(memory, config, &done, &references, hashes, decided)?;
    done.report.runs = runs;
    done.written.extend(remembered);
    // Written last: its Summary shows the trend the history gave.
    if request.workbook {
        let run = workbook::Run {
            lang: request
                .lang
                .unwrap_or_else(|| workbook::text::lang_of_country(&config.locale.country)),
            command: "reconcile",
            version: env!("CARGO_PKG_VERSION"),
            started: chrono::Local::now().naive_local(),
            today,
            target: Some(target_name(request.target)),
            sources: &sources,
            records: &done.records,
            outcomes: &done.reconciliation.classification.outcomes,
            references: &references,
            matches: &done.matches,
            reconciliation: Some(&done.reconciliation),
            quality: Some(&done.quality),
            kpis: Some(&done.report.kpis),
            trend: done.report.runs.trend.as_ref(),
            limits: workbook::Limits::default(),
            out: Some(request.out),
        };
        let path = workbook::write(&run, request.out)?;
        done.written.push(path);
    }
    done.report.timings.writing = t.elapsed();
    let report_path = request.out.join("report.json");
    let json =
        serde_json::to_string_pretty(&done.report).context("cannot serialize report.json")?;
    std::fs::write(&report_path, json)
        .with_context(|| format!("{}: cannot write", report_path.display()))?;
    done.written.push(report_path);
    Ok(done)
}

/// The owners named in the CRM export, to resolve side spellings (`JL`,
/// `julien`) against.
fn owners(tables: &[Table]) -> OwnerDirectory {
    let cells = tables.iter().flat_map(|t| {
        t.columns
            .iter()
            .filter(|c| c.role == Role::Owner)
            .flat_map(move |c| t.rows.iter().filter_map(move |r| t.cell(r, c).non_blank_text()))
    });
    let names: Vec<_> = cells.collect();
    OwnerDirectory::from_names(names.iter().map(|s| s.as_ref()))
}

/// The modification date of each table's file, in table order.
fn file_dates(inputs: &ingest::Inputs) -> Vec<Option<NaiveDate>> {
    let by_source: HashMap<&str, Option<NaiveDate>> = inputs
        .files
        .iter()
        .map(|(f, _)| {
            let date = std::fs::metadata(&f.path).and_then(|m| m.modified()).ok();
            (f.display.as_str(), date.map(Recency::day_of))
        })
        .collect();
    inputs.tables.iter().map(|t| by_source.get(&*t.meta.source).copied().flatten()).collect()
}

fn summarize(tables: &[Table], origin: Origin) -> Vec<Input> {
    tables
        .iter()
        .map(|t| Input {
            origin,
            source: t.meta.source.to_string(),
            sheet: t.meta.sheet.to_string(),
            entity: t.entity,
            rows: t.rows.len(),
        })
        .collect()
}

/// One row per record, in input order (CRM first): its CRM record's id
/// (its own for a CRM record), cluster, status and score.
/// References (the company column of a CRM contacts export) are left out:
/// their row is listed under its own entity.
fn write_matches(
    records: &[Record],
    references: &[bool],
    r: &Reconciliation,
    path: &Path,
) -> anyhow::Result<()> {
    // The ids are borrowed from the records; only an id whose value is not
    // already its canonical text (none that normalize makes) is computed.
    let computed: HashMap<usize, String> = (0..records.len())
        .filter(|&i| id_text(&records[i]).is_none())
        .filter_map(|i| crm_id(&records[i]).map(|id| (i, id)))
        .collect();
    let id = |c: usize| id_text(&records[c]).or_else(|| computed.get(&c).map(String::as_str));
    // Written as made: the rows of a multi-million record run are never
    // all in memory.
    let outcomes = &r.classification.outcomes;
    let row = |i: usize| {
        let (record, o) = (&records[i], outcomes.get(i)?);
        (!references[i]).then(|| MatchRow {
            entity: record.entity.as_str(),
            origin: record.origin.as_str(),
            source: &record.provenance.source,
            sheet: &record.provenance.sheet,
            row: record.provenance.row,
            crm_id: o.crm.and_then(id),
            cluster: o.cluster.clone(),
            status: o.status.as_str(),
            score: o.score,
        })
    };
    matches_csv::write_indexed(records.len(), row, path)
        .with_context(|| format!("{}: cannot write", path.display()))
}

/// A CRM record's id as [`crm_id`] gives it, borrowed: the text of its
/// record id value when that text is its canonical form. `None` for a side
/// record and for an empty id, and for a value that is not text (then
/// [`crm_id`] says).
fn id_text(record: &Record) -> Option<&str> {
    if record.origin != Origin::Crm {
        return None;
    }
    match record.value(Role::RecordId)? {
        Value::Identifier(s) | Value::Text(s) if !s.is_empty() => Some(s),
        _ => None,
    }
}

fn counts(
    records: &[Record],
    references: &[bool],
    matches: &Matches,
    r: &Reconciliation,
) -> Vec<EntityCounts> {
    let c = &r.classification;
    Entity::ALL
        .iter()
        .map(|&entity| {
            let of = |i: &usize| records[*i].entity == entity && !references[*i];
            let indices: Vec<usize> = (0..records.len()).filter(of).collect();
            let mut by_status: BTreeMap<Status, usize> =
                Status::ALL.iter().map(|&s| (s, 0)).collect();
            for &i in &indices {
                *by_status.entry(c.outcomes[i].status).or_default() += 1;
            }
            let crm_records = indices.iter().filter(|&&i| records[i].origin == Origin::Crm).count();
            let imports = r.imports.iter().filter(|x| x.entity == entity);
            let changes = c.changes.iter().filter(|ch| records[ch.side].entity == entity);
            let clusters = matches
                .entities
                .iter()
                .find(|m| m.entity == entity)
                .map_or(0, |m| m.cluster.iter().map(|&x| x as usize + 1).max().unwrap_or(0));
            EntityCounts {
                entity,
                crm_records,
                side_records: indices.len() - crm_records,
                clusters,
                by_status,
                creates: imports.clone().filter(|x| x.action == ImportAction::Create).count(),
                updates: imports.filter(|x| x.action == ImportAction::Update).count(),
                field_updates: changes
                    .clone()
                    .filter(|ch| ch.kind == crate::reconcile::diff::ChangeKind::Update)
                    .count(),
                field_conflicts: changes
                    .filter(|ch| ch.kind == crate::reconcile::diff::ChangeKind::Conflict)
                    .count(),
            }
        })
        .collect()
}

/// The terminal summary.
pub fn summary(r: &Reconciled) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for e in &r.report.entities {
        if e.crm_records + e.side_records == 0 {
            continue;
        }
        let statuses: Vec<String> = e
            .by_status
            .iter()
            .filter(|(s, n)| **n > 0 && **s != Status::Crm)
            .map(|(s, n)| format!("{n} {}", s.as_str()))
            .collect();
        let _ = writeln!(
            out,
            "{:<8} {:>7} side vs {:>7} CRM records: {}",
            e.entity.as_str(),
            e.side_records,
            e.crm_records,
            if statuses.is_empty() { "nothing on the side".into() } else { statuses.join(", ") }
        );
        if e.creates + e.updates > 0 {
            let _ = writeln!(
                out,
                "         to import: {} new, {} updates ({} fields); {} conflicting fields",
                e.creates, e.updates, e.field_updates, e.field_conflicts
            );
        }
    }
    for line in kpi::lines(&r.report.kpis, Lang::En) {
        let _ = writeln!(out, "{line}");
    }
    for line in crate::reconcile::history::lines(&r.report.runs) {
        let _ = writeln!(out, "{line}");
    }
    let dups = &r.report.crm_duplicates;
    if !dups.is_empty() {
        let _ = writeln!(
            out,
            "{} group(s) of CRM records look like duplicates; see report.json (crm_duplicates)",
            dups.len()
        );
    }
    for w in &r.written {
        let _ = writeln!(out, "wrote {}", w.display());
    }
    out
}
