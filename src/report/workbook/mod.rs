//! `reconciliation.xlsx`: the workbook a sales manager opens, reads and
//! acts on (DESIGN.md, "The workbook"; issue #6).
//!
//! | sheet | one line per |
//! |---|---|
//! | Summary | what to do first, counts, KPIs in words, owners, charts, index |
//! | New | golden record to create, each value with its source cell |
//! | Updates | empty CRM field a side file fills |
//! | Conflicts | field where the CRM and a side file disagree |
//! | Review | possible match a person decides |
//! | Duplicates | member of a cluster of two or more records |
//! | Quality | missing critical field, invalid value, overdue deal |
//! | Sources | file and sheet read |
//!
//! # Decisions read back by `--decisions`
//!
//! The sheets `Conflicts`, `Review` and `Duplicates` keep their English
//! names, and these headers stay in English whatever `--lang` (the other
//! headers are translated):
//!
//! - `Decision`: what the person chose. Conflicts: `keep CRM`, `take side`,
//!   or a typed value (the drop-down only warns); Review: `same`,
//!   `different`; Duplicates: `split` (take this member out of its cluster).
//!   The choices are English words in both languages.
//! - `Key A`, `Key B` (Conflicts: the CRM record, then the side record;
//!   Review: the two records of the pair) and `Key` (Duplicates: the
//!   member): stable identities from [`crate::reconcile::identity::of`],
//!   which survive rows being sorted or inserted in the side files.
//! - `Field` (Conflicts, Updates): the role name as in DESIGN.md (`email`).
//!
//! Records that are references (the company column of a CRM contacts
//! export) are not records of their own and appear on no sheet.
//!
//! Nothing is computed here that reconcile did not decide: the sheets lay
//! out records, outcomes, changes, golden records, findings and KPIs.

mod conflicts;
mod duplicates;
mod list;
mod new;
mod quality;
mod review;
pub mod sources;
mod style;
mod summary;
pub mod text;
mod updates;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

pub use self::list::{EXCEL_MAX_ROWS, Limits};
pub use self::sources::SourceSheet;
use self::style::Styles;
use crate::matching::Matches;
use crate::normalize::record::Record;
use crate::reconcile::Outcome;
use crate::reconcile::kpi::{Kpis, Lang};
use crate::reconcile::plan::Reconciliation;
use crate::reconcile::quality::Quality;

/// Records from which the workbook may pass ZIP's 4 GB limits.
const LARGE_FILE_RECORDS: usize = 500_000;

/// The file name in the output folder.
pub const FILE_NAME: &str = "reconciliation.xlsx";

/// Headers `--decisions` reads; never translated.
pub const DECISION: &str = "Decision";
pub const KEY_A: &str = "Key A";
pub const KEY_B: &str = "Key B";
pub const KEY: &str = "Key";
pub const FIELD: &str = "Field";

/// Sheet names (English in both languages: `--decisions` finds them).
pub const SUMMARY: &str = "Summary";
pub const NEW: &str = "New";
pub const UPDATES: &str = "Updates";
pub const CONFLICTS: &str = "Conflicts";
pub const REVIEW: &str = "Review";
pub const DUPLICATES: &str = "Duplicates";
pub const QUALITY: &str = "Quality";
pub const SOURCES: &str = "Sources";

/// Everything a run hands the workbook. `reconciliation`, `quality` and
/// `kpis` are `None` for `dedupe` (no CRM): its workbook has Summary,
/// Review, Duplicates and Sources.
pub struct Run<'a> {
    pub lang: Lang,
    pub command: &'static str,
    pub version: &'static str,
    /// When the run happened (local time).
    pub started: NaiveDateTime,
    /// The reference date of "overdue".
    pub today: NaiveDate,
    /// `--target` (reconcile only).
    pub target: Option<&'static str>,
    pub sources: &'a [SourceSheet],
    /// CRM records first, then side records.
    pub records: &'a [Record],
    /// One per record.
    pub outcomes: &'a [Outcome],
    /// From [`crate::matching::reference::references`]: left out everywhere.
    pub references: &'a [bool],
    pub matches: &'a Matches,
    pub reconciliation: Option<&'a Reconciliation>,
    pub quality: Option<&'a Quality>,
    pub kpis: Option<&'a Kpis>,
    /// The KPIs of the last runs (`--history`).
    pub trend: Option<&'a crate::reconcile::history::Trend>,
    pub limits: Limits,
    /// The output folder, for links to the source files (`None`: no links).
    pub out: Option<&'a Path>,
}

impl Run<'_> {
    /// Whether record `i` has a line of its own.
    fn shown(&self, i: usize) -> bool {
        !self.references.get(i).copied().unwrap_or(false)
    }

    /// The field changes of one kind (updates or conflicts) between
    /// records that have lines of their own.
    fn changes(
        &self,
        kind: crate::reconcile::diff::ChangeKind,
    ) -> Vec<&crate::reconcile::diff::FieldChange> {
        let Some(rec) = self.reconciliation else { return Vec::new() };
        rec.classification
            .changes
            .iter()
            .filter(|c| c.kind == kind && self.shown(c.side) && self.shown(c.crm))
            .collect()
    }
}

/// The sheets one writer has written (one per data sheet kind, so that
/// kinds can be written on both cores and added in their order), with what
/// the Summary's index and counts need.
pub struct Sheets<'w> {
    /// A new worksheet from the workbook (constant memory or not).
    new_sheet: &'w (dyn Fn(bool) -> Result<Worksheet, XlsxError> + Sync),
    styles: Styles,
    limits: Limits,
    worksheets: Vec<Worksheet>,
    /// `(sheet base name, sheets written, data rows)`.
    written: Vec<(&'static str, Vec<String>, usize)>,
    /// Clusters on the Duplicates sheet.
    duplicate_clusters: usize,
}

impl<'w> Sheets<'w> {
    fn new(
        new_sheet: &'w (dyn Fn(bool) -> Result<Worksheet, XlsxError> + Sync),
        styles: &Styles,
        limits: Limits,
    ) -> Sheets<'w> {
        Sheets {
            new_sheet,
            styles: styles.clone(),
            limits,
            worksheets: Vec::new(),
            written: Vec::new(),
            duplicate_clusters: 0,
        }
    }

    fn list(
        &mut self,
        list: &list::List,
        rows: impl Iterator<Item = list::Row>,
        count: usize,
    ) -> anyhow::Result<()> {
        let mut n = 0usize;
        let counted = rows.inspect(|_| n += 1);
        let sheets =
            list::write(self.new_sheet, &mut self.styles, list, counted, count, self.limits)
                .with_context(|| format!("cannot write the {} sheet", list.name))?;
        self.written.push((list.name, sheets.iter().map(|w| w.name()).collect(), n));
        self.worksheets.extend(sheets);
        Ok(())
    }
}

/// Write `DIR/reconciliation.xlsx`; returns its path.
pub fn write(run: &Run<'_>, out: &Path) -> anyhow::Result<PathBuf> {
    let path = out.join(FILE_NAME);
    let mut wb = build(run)?;
    wb.save(&path).with_context(|| format!("{}: cannot write the workbook", path.display()))?;
    Ok(path)
}

/// The workbook in memory (tests read it from a buffer).
pub fn build(run: &Run<'_>) -> anyhow::Result<Workbook> {
    let mut wb = Workbook::new();
    let title = match run.lang {
        Lang::Fr => "Rapprochement CRM et fichiers commerciaux",
        Lang::En => "Reconciliation of the CRM and the sales spreadsheets",
    };
    wb.set_properties(
        &DocProperties::new().set_title(title).set_author(format!("crmrecon {}", run.version)),
    );
    // Summary first (its tab opens), filled last: it links to the others.
    wb.add_worksheet().set_name(SUMMARY)?;
    // Deflate's fastest level: the XML compresses well anyway, and at a
    // million rows the default level costs more than writing the rows.
    wb.set_zip_compression_level(1);
    // ZIP64 once a sheet may pass 4 GB uncompressed (a million rows).
    if run.records.len() > LARGE_FILE_RECORDS {
        wb.use_zip_large_file(true);
    }
    let mut styles = Styles::new();
    styles.register(&mut wb);
    let limits = run.limits;
    // The data sheets are written on both cores: the Quality sheet (about
    // half of the XML at a million records) on one, the others on the
    // other, each kind into worksheets of its own, added below in the
    // order of the tabs. Only creating a worksheet needs the workbook.
    let parts = {
        let shared = std::sync::Mutex::new(&mut wb);
        let new_sheet = |constant| list::new_sheet(&shared, constant);
        let sheets = || Sheets::new(&new_sheet, &styles, limits);
        let (mut new, mut updates, mut conflicts, mut review, mut duplicates, mut sources) =
            (sheets(), sheets(), sheets(), sheets(), sheets(), sheets());
        let mut quality = sheets();
        let (others, quality_done) = rayon::join(
            || -> anyhow::Result<()> {
                if run.reconciliation.is_some() {
                    new::write(run, &mut new)?;
                    updates::write(run, &mut updates)?;
                    conflicts::write(run, &mut conflicts)?;
                }
                review::write(run, &mut review)?;
                duplicates::write(run, &mut duplicates)?;
                sources::write(run, &mut sources)
            },
            || -> anyhow::Result<()> {
                if run.quality.is_some() {
                    quality::write(run, &mut quality)?;
                }
                Ok(())
            },
        );
        others?;
        quality_done?;
        [new, updates, conflicts, review, duplicates, quality, sources]
            .map(|p| (p.written, p.worksheets, p.duplicate_clusters))
    };
    let mut written = Vec::new();
    let mut dup_clusters = 0;
    for (names, worksheets, clusters) in parts {
        written.extend(names);
        dup_clusters += clusters;
        for sheet in worksheets {
            wb.push_worksheet(sheet);
        }
    }
    summary::write(run, &mut wb, &mut styles, &written, dup_clusters)?;
    Ok(wb)
}
