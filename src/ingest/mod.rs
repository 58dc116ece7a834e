//! Ingest: turn files into tables of raw cells whose header row, column roles
//! and entity are known, with every row accounted for.
//!
//! The stage runs in three steps, one module each:
//!
//! 1. `format` sniffs what a file really is from its first bytes;
//! 2. `csv` and `workbook` read it into [`RawSheet`]s (cells as the file typed
//!    them, with their sheet row numbers);
//! 3. `header`, `roles` and `entity` find the header row, give each column a
//!    [`Role`] and each sheet an [`Entity`], producing a [`Table`].
//!
//! Ingest never interprets values beyond recognising their shape (a column
//! full of `x@y.z` is an email column): normalization is the next stage.

pub mod cell;
pub mod csv;
pub mod decisions;
pub mod discover;
pub mod entity;
pub mod error;
pub mod format;
pub mod header;
pub mod roles;
pub mod synonyms;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use indicatif::ProgressBar;
use serde::Serialize;

pub use self::cell::Cell;
pub use self::error::IngestError;
pub use self::format::Format;
use crate::model::{Entity, Issue, Provenance, Role, column_letter};

/// One row as read, before header detection.
#[derive(Clone, Debug, PartialEq)]
pub struct RawRow {
    /// 1-based row number as a spreadsheet program shows it. For CSV, the
    /// record's row as Excel shows it when it opens the file (a quoted field
    /// spanning three lines is still one row; a blank line is a row).
    pub number: u32,
    /// Cells from the sheet's first used column (`RawSheet::first_col`) on;
    /// rows may be ragged (shorter or longer than others).
    pub cells: Vec<Cell>,
}

/// A sheet (or a whole CSV file) as a reader found it.
///
/// Contract for readers: `rows` are in ascending `number` order and hold
/// every row between the first and the last row that has a non-blank cell;
/// a reader may omit fully blank rows in between, and `header` counts a gap
/// in the numbers as blank rows. Trailing rows and columns that only carry
/// formatting are not included.
#[derive(Clone, Debug)]
pub struct RawSheet {
    pub meta: SheetMeta,
    /// 0-based sheet column of `cells[0]` (column B → 1).
    pub first_col: u32,
    pub rows: Vec<RawRow>,
    /// Merged cell ranges, 1-based rows and 0-based sheet columns, inclusive.
    pub merged: Vec<MergedRange>,
    /// Problems found while reading (error cells, NUL bytes, ragged rows…).
    pub issues: Vec<Issue>,
}

/// What describes a sheet, whatever happens to its rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SheetMeta {
    /// The input path as given (or as found inside a given folder).
    pub source: Arc<str>,
    /// Sheet name, empty for CSV.
    pub sheet: Arc<str>,
    pub format: Format,
    /// Detected text encoding (CSV only), e.g. `UTF-8`, `windows-1252`.
    pub encoding: Option<&'static str>,
    /// Detected delimiter (CSV only).
    pub delimiter: Option<char>,
    pub hidden: bool,
    /// False for chart sheets and other sheets that cannot hold cells.
    pub worksheet: bool,
    /// Free-text remarks for the Sources sheet (`1904 date system`, `guessed
    /// encoding windows-1252`, …).
    pub notes: Vec<String>,
}

impl SheetMeta {
    pub fn provenance(&self, row: u32, column: u32) -> Provenance {
        Provenance::cell(&self.source, &self.sheet, row, column)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MergedRange {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// Why a row below the header did not become a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    Blank,
    RepeatedHeader,
    TotalLine,
    /// A free-text note below the data (source notes, footnotes).
    Note,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Blank => "blank row",
            SkipReason::RepeatedHeader => "repeated header",
            SkipReason::TotalLine => "total line",
            SkipReason::Note => "note below the data",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkippedRow {
    pub row: u32,
    pub reason: SkipReason,
}

/// A column of a table, with what detection (or the config) decided.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Column {
    /// Index into `RawRow::cells`.
    pub pos: usize,
    /// 0-based sheet column (A = 0), for provenance.
    pub index: u32,
    /// Spreadsheet letter of the column (`C`).
    pub letter: String,
    /// The header as written (merged header cells spread over their columns;
    /// a blank header gets `column_<letter>`).
    pub header: String,
    pub role: Role,
    /// 0..1: how sure detection is (1.0 when the config forced it).
    pub confidence: f32,
    /// Up to three non-blank sample values, as text.
    pub samples: Vec<String>,
}

/// Whether a sheet's rows are used, and why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetStatus {
    Used,
    /// Hidden in the workbook and not asked for in the config.
    Hidden,
    /// No cell at all, or a header with no row below it counts as `Used`.
    Empty,
    /// Skipped on purpose by a `[[mapping]]` entry.
    Excluded,
    /// Cells present but no header row found in the first rows.
    NoHeader,
    /// A chart sheet or another sheet without cells.
    NotAWorksheet,
}

/// A sheet after header detection and role mapping: the input of normalize.
#[derive(Clone, Debug)]
pub struct Table {
    pub meta: SheetMeta,
    pub status: SheetStatus,
    /// 1-based sheet row of the header.
    pub header_row: Option<u32>,
    pub columns: Vec<Column>,
    /// The main entity of the sheet.
    pub entity: Option<Entity>,
    /// Every entity the rows yield (a prospects list yields contact, company
    /// and deal records linked by row).
    pub entities: Vec<Entity>,
    /// Data rows: each becomes one record of each entity in `entities`.
    pub rows: Vec<RawRow>,
    pub skipped: Vec<SkippedRow>,
    pub issues: Vec<Issue>,
    /// Human-readable warnings for inspect and the Sources sheet.
    pub warnings: Vec<String>,
}

impl Table {
    /// A table whose rows are not used (hidden, empty, excluded…).
    pub fn unused(meta: SheetMeta, status: SheetStatus, warning: Option<String>) -> Table {
        Table {
            meta,
            status,
            header_row: None,
            columns: Vec::new(),
            entity: None,
            entities: Vec::new(),
            rows: Vec::new(),
            skipped: Vec::new(),
            issues: Vec::new(),
            warnings: warning.into_iter().collect(),
        }
    }

    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }

    /// The cell of `row` under `column`, `Cell::Empty` past a ragged end.
    pub fn cell<'a>(&self, row: &'a RawRow, column: &Column) -> &'a Cell {
        row.cells.get(column.pos).unwrap_or(&Cell::Empty)
    }
}

/// What the config says about one file or sheet. Built by `config` from
/// `[[mapping]]` entries; ingest only applies it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SheetOverride {
    /// Matches a source whose path equals or ends with this (`/`-separated).
    pub file: Option<String>,
    /// Matches a sheet by exact name; `None` matches every sheet.
    pub sheet: Option<String>,
    pub entity: Option<Entity>,
    /// 1-based sheet row of the header.
    pub header_row: Option<u32>,
    /// Header text (as written in the file) → role.
    pub columns: BTreeMap<String, Role>,
    /// Read this sheet even if it is hidden.
    pub include: bool,
    /// Skip this sheet (or file).
    pub skip: bool,
    /// Force the CSV encoding (`windows-1252`, `iso-8859-7`…).
    pub encoding: Option<String>,
    /// Force the CSV delimiter.
    pub delimiter: Option<char>,
}

impl SheetOverride {
    pub fn matches_file(&self, source: &str) -> bool {
        match &self.file {
            None => true,
            Some(f) => {
                let source = source.replace('\\', "/");
                let f = f.replace('\\', "/");
                let f = f.trim_start_matches("./");
                source == f || source.ends_with(&format!("/{f}"))
            }
        }
    }

    pub fn matches(&self, source: &str, sheet: &str) -> bool {
        self.matches_file(source) && self.sheet.as_deref().is_none_or(|s| s == sheet)
    }
}

/// Everything ingest needs from the config.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    pub overrides: Vec<SheetOverride>,
    /// Read hidden sheets everywhere.
    pub include_hidden: bool,
}

impl IngestOptions {
    /// The settings that apply to one sheet: later `[[mapping]]` entries win
    /// over earlier ones, key by key.
    pub fn for_sheet(&self, source: &str, sheet: &str) -> SheetOverride {
        let mut merged = SheetOverride::default();
        for o in self.overrides.iter().filter(|o| o.matches(source, sheet)) {
            merged.entity = o.entity.or(merged.entity);
            merged.header_row = o.header_row.or(merged.header_row);
            merged.columns.extend(o.columns.iter().map(|(k, v)| (k.clone(), *v)));
            merged.include |= o.include;
            merged.skip |= o.skip;
            merged.encoding = o.encoding.clone().or(merged.encoding);
            merged.delimiter = o.delimiter.or(merged.delimiter);
        }
        merged.include |= self.include_hidden;
        merged
    }

    /// Settings that apply to the file as a whole (CSV encoding, delimiter,
    /// skip): entries without a sheet name, or with the empty CSV sheet name.
    pub fn for_file(&self, source: &str) -> SheetOverride {
        self.for_sheet(source, "")
    }
}

/// Read one file into tables, one per sheet (a CSV file is one sheet with
/// an empty name). `source` is the path as the user gave it or as found in
/// a given folder.
///
/// Panics inside the spreadsheet parser (calamine on some corrupt files) are
/// caught by the workbook reader and reported as a corrupt file.
pub fn read_source(
    path: &Path,
    source: &str,
    options: &IngestOptions,
    progress: &ProgressBar,
) -> Result<Vec<Table>, IngestError> {
    let source: Arc<str> = Arc::from(source);
    let file_settings = options.for_file(&source);
    let format = format::sniff(path)?;
    let sheets = match format {
        Format::Csv => {
            vec![csv::read_csv(path, source.clone(), &file_settings, progress)?]
        }
        _ => workbook::read_workbook(path, source.clone(), format, options, progress)?,
    };
    Ok(sheets
        .into_iter()
        .map(|sheet| {
            let settings = options.for_sheet(&sheet.meta.source, &sheet.meta.sheet);
            build_table(sheet, &settings)
        })
        .collect())
}

/// Header detection, role mapping and entity detection on one sheet.
pub fn build_table(sheet: RawSheet, settings: &SheetOverride) -> Table {
    if settings.skip {
        return Table::unused(
            sheet.meta,
            SheetStatus::Excluded,
            Some("excluded by the config".into()),
        );
    }
    if !sheet.meta.worksheet {
        let warning = "not a worksheet (chart or dialog sheet): nothing to read".to_string();
        return Table::unused(sheet.meta, SheetStatus::NotAWorksheet, Some(warning));
    }
    if sheet.meta.hidden && !settings.include {
        let warning = format!(
            "hidden sheet skipped; add `include = true` to a [[mapping]] with sheet = {:?} to read it",
            &*sheet.meta.sheet
        );
        return Table::unused(sheet.meta, SheetStatus::Hidden, Some(warning));
    }
    let mut table = header::detect(sheet, settings);
    if table.status == SheetStatus::Used {
        roles::assign(&mut table, settings);
        entity::assign(&mut table, settings);
    }
    table
}

/// The letter of a column given the sheet's first used column.
pub fn letter_of(first_col: u32, pos: usize) -> String {
    column_letter(first_col + pos as u32)
}

/// What reading a set of paths gave: the tables of every readable file, in a
/// stable order, and one error per file or path that could not be read.
#[derive(Debug, Default)]
pub struct Inputs {
    pub tables: Vec<Table>,
    pub errors: Vec<IngestError>,
    /// Files read, with the number of sheets each gave.
    pub files: Vec<(discover::SourceFile, usize)>,
}

/// Expand `paths` and read every file, two files at a time or more (rayon),
/// keeping the order of `discover`. One bad file never stops the others.
pub fn read_paths(
    paths: &[std::path::PathBuf],
    options: &IngestOptions,
    progress: &ProgressBar,
) -> Inputs {
    use rayon::prelude::*;

    let (files, mut errors) = discover::discover(paths);
    progress.set_length(files.len() as u64);
    // One file: the bar follows its bytes (or sheets) instead of a 0/1.
    let single = files.len() == 1;
    let results: Vec<_> = files
        .par_iter()
        .map(|file| {
            // A bug on one file must not take the others down with it.
            let bar = if single { progress.clone() } else { ProgressBar::hidden() };
            let read = || read_source(&file.path, &file.display, options, &bar);
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
                .unwrap_or_else(|panic| {
                    let detail = workbook::panic_message(panic.as_ref());
                    Err(IngestError::Internal { path: file.path.clone(), detail })
                });
            if !single {
                progress.inc(1);
            }
            result
        })
        .collect();
    let mut inputs = Inputs::default();
    for (file, result) in files.into_iter().zip(results) {
        match result {
            Ok(tables) => {
                inputs.files.push((file, tables.len()));
                inputs.tables.extend(tables);
            }
            Err(e) => errors.push(e),
        }
    }
    progress.finish_and_clear();
    inputs.errors = errors;
    inputs
}
