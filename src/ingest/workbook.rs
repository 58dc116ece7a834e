//! Spreadsheet files through calamine: xlsx, xlsm, xlsb, xls, ods.
//!
//! The reader lists every sheet in workbook order and turns the cells of the
//! ones worth reading into [`RawSheet`]s: cells keep the type the file gave
//! them, rows keep their sheet numbers, and whatever could not be kept as is
//! (error cells, NUL bytes, impossible dates, formulas never calculated)
//! becomes an [`Issue`] pointing at the exact cell.
//!
//! calamine is fast but panics on some damaged files, so every call into it
//! runs under [`guard`]: a panic becomes [`IngestError::Corrupt`] and prints
//! nothing. xlsx sheets are streamed cell by cell (no dense `Range`, shared
//! strings borrowed until a cell keeps them), which is both the common case
//! and the one that must stay fast on 200,000-row exports.

mod convert;
mod guard;
mod sheet;

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};
use indicatif::ProgressBar;

use self::convert::{Ctx, Value};
use self::sheet::SheetBuilder;
use super::{Format, IngestError, IngestOptions, MergedRange, RawSheet, SheetMeta};

pub use self::guard::{guard, panic_message};

type Workbook = Sheets<BufReader<File>>;

/// Read every sheet of a workbook. Hidden sheets are returned with
/// `meta.hidden = true` (and no rows unless the options include them);
/// chart and dialog sheets with `meta.worksheet = false` and no rows.
pub fn read_workbook(
    path: &Path,
    source: Arc<str>,
    format: Format,
    options: &IngestOptions,
    progress: &ProgressBar,
) -> Result<Vec<RawSheet>, IngestError> {
    guard(path, format, || read_unguarded(path, source, format, options, progress))?
}

fn read_unguarded(
    path: &Path,
    source: Arc<str>,
    format: Format,
    options: &IngestOptions,
    progress: &ProgressBar,
) -> Result<Vec<RawSheet>, IngestError> {
    let mut workbook = open(path, format)?;
    let is_1904 = match &workbook {
        Sheets::Xlsx(x) => x.has_1904_epoch(),
        Sheets::Xls(x) => x.has_1904_epoch(),
        Sheets::Xlsb(x) => x.has_1904_epoch(),
        Sheets::Ods(_) => false,
    };
    let notes: Vec<String> = if is_1904 { vec!["1904 date system".into()] } else { Vec::new() };
    let sheets = workbook.sheets_metadata().to_vec();
    progress.set_length(sheets.len() as u64);

    let mut out = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let name: Arc<str> = Arc::from(sheet.name.as_str());
        let meta = SheetMeta {
            source: source.clone(),
            sheet: name.clone(),
            format,
            encoding: None,
            delimiter: None,
            // Hidden and very hidden alike.
            hidden: sheet.visible != SheetVisible::Visible,
            // Macro sheets hold formulas for old XLM macros, not data.
            worksheet: sheet.typ == SheetType::WorkSheet,
            notes: notes.clone(),
        };
        let settings = options.for_sheet(&source, &name);
        let wanted = meta.worksheet && !settings.skip && (!meta.hidden || settings.include);
        let raw = if wanted {
            read_sheet(&mut workbook, path, format, is_1904, meta)?
        } else {
            RawSheet {
                meta,
                first_col: 0,
                rows: Vec::new(),
                merged: Vec::new(),
                issues: Vec::new(),
            }
        };
        out.push(raw);
        progress.inc(1);
    }
    Ok(out)
}

/// Open with the reader the content calls for (never by extension: a
/// workbook named `.csv` was sniffed as xlsx).
fn open(path: &Path, format: Format) -> Result<Workbook, IngestError> {
    use calamine::{Error, open_workbook};
    let opened = match format {
        Format::Xlsx | Format::Xlsm => open_workbook(path).map(Sheets::Xlsx).map_err(Error::Xlsx),
        Format::Xlsb => open_workbook(path).map(Sheets::Xlsb).map_err(Error::Xlsb),
        Format::Xls => open_workbook(path).map(Sheets::Xls).map_err(Error::Xls),
        Format::Ods => open_workbook(path).map(Sheets::Ods).map_err(Error::Ods),
        Format::Csv => {
            return Err(IngestError::UnknownFormat {
                path: path.to_path_buf(),
                detail: "a text file, not a workbook".into(),
            });
        }
    };
    opened.map_err(|e| guard::map_error(path, format, None, &e))
}

fn read_sheet(
    workbook: &mut Workbook,
    path: &Path,
    format: Format,
    is_1904: bool,
    meta: SheetMeta,
) -> Result<RawSheet, IngestError> {
    let name = meta.sheet.clone();
    let mut ctx = Ctx::new(meta.source.clone(), name.clone(), is_1904);
    if format == Format::Ods {
        ctx = ctx.with_error_codes_as_text();
    }
    let mut builder = SheetBuilder::default();
    let fail = |e: calamine::Error| guard::map_error(path, format, Some(&name), &e);

    let merged = match workbook {
        Sheets::Xlsx(xlsx) => {
            // calamine finds merged cells with a second full parse of the
            // sheet's XML: run it on the other core, from a second handle.
            let (streamed, merged) = rayon::join(
                || stream_xlsx(xlsx, &name, &mut ctx, &mut builder),
                || merged_cells_xlsx(path, &name),
            );
            match streamed {
                Ok(()) => {}
                // Listed as a worksheet, stored as something else (a chart or
                // dialog sheet some writers declare wrongly): nothing to read.
                Err(calamine::XlsxError::NotAWorksheet(_)) => {
                    let meta = SheetMeta { worksheet: false, ..meta };
                    let (rows, merged, issues) = (Vec::new(), Vec::new(), Vec::new());
                    return Ok(RawSheet { meta, first_col: 0, rows, merged, issues });
                }
                Err(e) => return Err(fail(calamine::Error::Xlsx(e))),
            }
            merged
        }
        Sheets::Xls(xls) => {
            let range = xls.worksheet_range(&name).map_err(|e| fail(calamine::Error::Xls(e)))?;
            fill_from_range(range, &mut ctx, &mut builder);
            xls.merge_cells_by_sheet_name(&name).unwrap_or_default()
        }
        // No merged-cell API for xlsb and ods in calamine 0.38.
        Sheets::Xlsb(xlsb) => {
            let range = xlsb.worksheet_range(&name).map_err(|e| fail(calamine::Error::Xlsb(e)))?;
            fill_from_range(range, &mut ctx, &mut builder);
            Vec::new()
        }
        Sheets::Ods(ods) => {
            let range = ods.worksheet_range(&name).map_err(|e| fail(calamine::Error::Ods(e)))?;
            fill_from_range(range, &mut ctx, &mut builder);
            Vec::new()
        }
    };
    let (first_col, rows) = builder.finish();
    let merged = merged
        .into_iter()
        .map(|d| MergedRange {
            first_row: d.start.0.saturating_add(1),
            first_col: d.start.1,
            last_row: d.end.0.saturating_add(1),
            last_col: d.end.1,
        })
        .collect();
    Ok(RawSheet { meta, first_col, rows, merged, issues: ctx.issues })
}

/// Stream an xlsx sheet: no dense `Range` is built, and shared strings are
/// only copied for the cells that keep them. Formula metadata comes in the
/// same pass, to flag formulas saved without a cached value.
fn stream_xlsx(
    xlsx: &mut calamine::Xlsx<BufReader<File>>,
    name: &str,
    ctx: &mut Ctx,
    builder: &mut SheetBuilder,
) -> Result<(), calamine::XlsxError> {
    let mut cells = xlsx.worksheet_cells_reader(name)?;
    while let Some(record) = cells.next_cell_with_formula_metadata()? {
        let (row, col) = record.pos;
        if record.formula.is_some() && record.value == calamine::DataRef::Empty {
            ctx.formula_without_value(row, col);
            continue;
        }
        let cell = ctx.convert(row, col, Value::from(record.value));
        builder.push(row, col, cell);
    }
    Ok(())
}

/// The merged ranges of an xlsx sheet, read through a handle of its own so
/// that it can run beside the cell stream. Merged cells only help header
/// detection: when they cannot be read, the sheet is read without them.
fn merged_cells_xlsx(path: &Path, name: &str) -> Vec<calamine::Dimensions> {
    calamine::open_workbook::<calamine::Xlsx<_>, _>(path)
        .and_then(|mut xlsx| xlsx.merge_cells_by_sheet_name(name))
        .unwrap_or_default()
}

/// Move the cells out of a calamine `Range` (xls, xlsb, ods), skipping the
/// empty ones: a range is dense from its first used cell to its last.
fn fill_from_range(mut range: calamine::Range<Data>, ctx: &mut Ctx, builder: &mut SheetBuilder) {
    let Some((row0, col0)) = range.start() else { return };
    for i in 0..range.height() {
        let row = row0.saturating_add(i as u32);
        for (j, data) in range[i].iter_mut().enumerate() {
            if matches!(data, Data::Empty) {
                continue;
            }
            let col = col0.saturating_add(j as u32);
            let cell = ctx.convert(row, col, Value::from(std::mem::take(data)));
            builder.push(row, col, cell);
        }
    }
}

#[cfg(test)]
mod tests;
