//! The shape every data sheet shares: one header row (frozen, filtered),
//! one line per item, widths that fit, a highlighted Decision column with
//! its drop-down, conditional formats, and numbered continuation sheets
//! (`New (2)`…) past Excel's 1,048,576 rows instead of truncating.
//!
//! Rows arrive as an iterator so that a million-line sheet is never held
//! in memory twice: the first rows set the column widths, then everything
//! streams to a constant-memory worksheet when the sheet is big (such a
//! worksheet ignores writes to earlier rows, so a row is written whole,
//! in order).

use rust_xlsxwriter::{
    ColNum, ConditionalFormat3ColorScale, ConditionalFormatCell, ConditionalFormatCellRule,
    DataValidation, DataValidationErrorStyle, RowNum, Workbook, Worksheet, XlsxError,
};
use std::sync::{Mutex, PoisonError};

use super::style::{Cell, Look, Styles};

/// Excel's last row index (0-based): 1,048,576 rows, the header included.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// One column of a list sheet.
#[derive(Clone, Debug)]
pub struct Column {
    pub header: String,
    pub look: Look,
    /// Colour the column as a score (red low → green high).
    pub score_scale: bool,
    /// Highlight positive numbers (days overdue).
    pub overdue: bool,
    /// Highlight dates before this Excel serial day (past due dates).
    pub past_before: Option<f64>,
}

impl Column {
    pub fn new(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            look: Look::Plain,
            score_scale: false,
            overdue: false,
            past_before: None,
        }
    }

    pub fn look(mut self, look: Look) -> Column {
        self.look = look;
        self
    }

    pub fn score(mut self) -> Column {
        self.score_scale = true;
        self
    }

    pub fn overdue(mut self) -> Column {
        self.overdue = true;
        self
    }

    pub fn past_before(mut self, day: chrono::NaiveDate) -> Column {
        let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
        self.past_before = Some((day - epoch).num_days() as f64);
        self
    }
}

/// A Decision column's drop-down.
#[derive(Clone, Debug)]
pub struct Decision {
    /// The values offered (kept in English in both languages: `--decisions`
    /// reads them back).
    pub choices: &'static [&'static str],
    /// Whether another typed value is accepted (Conflicts: a corrected
    /// value); Excel then only warns.
    pub free: bool,
    pub prompt: String,
}

/// A data sheet.
pub struct List {
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub decision: Option<Decision>,
    /// Shade every other group of rows (clusters on Duplicates): the row
    /// iterator says which rows start a group.
    pub banded: bool,
}

/// Limits, a parameter so that tests can split sheets at a few rows.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Rows per sheet, the header included.
    pub max_rows: u32,
    /// Sheets with more data rows than this (known up front) are written
    /// in constant-memory mode.
    pub constant_memory_from: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_rows: EXCEL_MAX_ROWS, constant_memory_from: 20_000 }
    }
}

/// One row of a list sheet; `group_start` marks the first row of a group
/// when the sheet is banded.
pub struct Row {
    pub cells: Vec<Cell>,
    pub group_start: bool,
}

impl From<Vec<Cell>> for Row {
    fn from(cells: Vec<Cell>) -> Row {
        Row { cells, group_start: false }
    }
}

/// Rows sampled for column widths.
const WIDTH_SAMPLE: usize = 500;
const MIN_WIDTH: u32 = 56;
const MAX_WIDTH: u32 = 420;
const MAX_WRAP_WIDTH: u32 = 520;

/// The names of the sheets written for `list`: `Conflicts`, and for long
/// lists `Conflicts (2)`, `Conflicts (3)`…
pub fn sheet_name(base: &str, part: usize) -> String {
    if part == 0 { base.to_string() } else { format!("{base} ({})", part + 1) }
}

/// A new worksheet for [`write`]: in constant-memory mode it is tied to the
/// workbook (its formats are numbered there), which is locked only while
/// the sheet is made, so that sheets can be written on several cores.
pub fn new_sheet(wb: &Mutex<&mut Workbook>, constant: bool) -> Result<Worksheet, XlsxError> {
    if constant {
        wb.lock().unwrap_or_else(PoisonError::into_inner).new_worksheet_with_constant_memory()
    } else {
        Ok(Worksheet::new())
    }
}

/// Write `list` with `rows` (`count`: how many, when known, to choose the
/// memory mode) into worksheets from `new_sheet` (its argument: constant
/// memory). Returns the worksheets written, named (at least one, with its
/// header, even with no rows), for the caller to add to the workbook.
pub fn write(
    new_sheet: &dyn Fn(bool) -> Result<Worksheet, XlsxError>,
    styles: &mut Styles,
    list: &List,
    rows: impl Iterator<Item = Row>,
    count: usize,
    limits: Limits,
) -> Result<Vec<Worksheet>, XlsxError> {
    let mut rows = rows.peekable();
    let mut sample: Vec<Row> = Vec::new();
    while sample.len() < WIDTH_SAMPLE {
        match rows.next() {
            Some(r) => sample.push(r),
            None => break,
        }
    }
    let widths = widths(list, &sample);
    let per_sheet = limits.max_rows.max(2) - 1;
    let constant = count > limits.constant_memory_from;
    let mut all = sample.into_iter().chain(rows).peekable();
    let mut sheets = Vec::new();
    let mut band = false;
    loop {
        let name = sheet_name(list.name, sheets.len());
        let mut sheet = new_sheet(constant)?;
        let ws = &mut sheet;
        ws.set_name(&name)?;
        header(ws, styles, list, &widths)?;
        let mut last: RowNum = 0;
        while last < per_sheet {
            let Some(row) = all.next() else { break };
            last += 1;
            if list.banded && row.group_start {
                band = !band;
            }
            for (c, cell) in row.cells.iter().enumerate().take(list.columns.len()) {
                let look = list.columns[c].look;
                styles.write(ws, last, c as ColNum, cell, look, list.banded && band)?;
            }
            // A Decision cell is written even when empty: it is highlighted.
            if let Some(c) = list.columns.iter().position(|c| c.look == Look::Decision)
                && row.cells.len() <= c
            {
                styles.write(ws, last, c as ColNum, &Cell::Empty, Look::Decision, false)?;
            }
        }
        finish(ws, styles, list, last)?;
        sheets.push(sheet);
        if all.peek().is_none() {
            break;
        }
    }
    Ok(sheets)
}

fn widths(list: &List, sample: &[Row]) -> Vec<u32> {
    list.columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let header = rust_xlsxwriter::utility::cell_autofit_width(&col.header) + 16;
            let content = sample.iter().filter_map(|r| r.cells.get(c)).map(Cell::width).max();
            let max = if col.look == Look::Wrap { MAX_WRAP_WIDTH } else { MAX_WIDTH };
            let want = header.max(content.unwrap_or(0) + 12);
            let want = if col.look == Look::Decision { want.max(110) } else { want };
            want.clamp(MIN_WIDTH, max)
        })
        .collect()
}

fn header(
    ws: &mut Worksheet,
    styles: &Styles,
    list: &List,
    widths: &[u32],
) -> Result<(), XlsxError> {
    for (c, (col, &w)) in list.columns.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, c as ColNum, &col.header, &styles.header)?;
        ws.set_column_width_pixels(c as ColNum, w)?;
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, 0)?;
    // Printed (or saved as PDF): landscape, one page wide, header repeated.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// What depends on the last row: filter, drop-down, conditional formats.
fn finish(ws: &mut Worksheet, styles: &Styles, list: &List, last: RowNum) -> Result<(), XlsxError> {
    let last_col = list.columns.len().saturating_sub(1) as ColNum;
    ws.autofilter(0, 0, last.max(1), last_col)?;
    if last == 0 {
        return Ok(());
    }
    for (c, col) in list.columns.iter().enumerate() {
        let c = c as ColNum;
        if col.score_scale {
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum_color(0xF8696B)
                .set_midpoint_color(0xFFEB84)
                .set_maximum_color(0x63BE7B);
            ws.add_conditional_format(1, c, last, c, &scale)?;
        }
        if col.overdue {
            let rule = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::GreaterThan(0))
                .set_format(&styles.bad);
            ws.add_conditional_format(1, c, last, c, &rule)?;
        }
        if let Some(day) = col.past_before {
            let rule = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::Between(1.0, day - 1.0))
                .set_format(&styles.bad);
            ws.add_conditional_format(1, c, last, c, &rule)?;
        }
        if col.look == Look::Decision
            && let Some(d) = &list.decision
        {
            let mut v = DataValidation::new()
                .allow_list_strings(d.choices)?
                .set_input_title("Decision")?
                .set_input_message(&d.prompt)?;
            if d.free {
                v = v.set_error_style(DataValidationErrorStyle::Information);
            }
            ws.add_data_validation(1, c, last, c, &v)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_sheets_are_numbered_from_two() {
        assert_eq!(sheet_name("New", 0), "New");
        assert_eq!(sheet_name("New", 1), "New (2)");
        assert_eq!(sheet_name("Quality", 9), "Quality (10)");
    }

    #[test]
    fn a_long_list_is_split_not_truncated() {
        let list = List {
            name: "Quality",
            columns: vec![Column::new("Row"), Column::new("Decision").look(Look::Decision)],
            decision: Some(Decision { choices: &["split"], free: false, prompt: "p".into() }),
            banded: false,
        };
        let mut wb = Workbook::new();
        let mut styles = Styles::new();
        let rows = (0..10).map(|i| Row::from(vec![Cell::Int(i)]));
        let limits = Limits { max_rows: 4, constant_memory_from: 5 };
        let shared = Mutex::new(&mut wb);
        let new_sheet = |constant| new_sheet(&shared, constant);
        let sheets = write(&new_sheet, &mut styles, &list, rows, 10, limits).unwrap();
        let empty = write(
            &new_sheet,
            &mut styles,
            &List { name: "Empty", ..list },
            std::iter::empty(),
            0,
            limits,
        )
        .unwrap();
        let names: Vec<String> = sheets.iter().map(|w| w.name()).collect();
        // 3 data rows per sheet: 3 + 3 + 3 + 1.
        assert_eq!(names, ["Quality", "Quality (2)", "Quality (3)", "Quality (4)"]);
        assert_eq!(empty.iter().map(|w| w.name()).collect::<Vec<_>>(), ["Empty"]);
        for sheet in sheets.into_iter().chain(empty) {
            wb.push_worksheet(sheet);
        }
        // Read back: every row once, in order, each part with its header.
        use calamine::{Reader, Xlsx};
        let buffer = wb.save_to_buffer().unwrap();
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(buffer)).unwrap();
        let mut seen = Vec::new();
        for name in &names {
            let range = x.worksheet_range(name).unwrap();
            let mut rows = range.rows();
            assert_eq!(rows.next().unwrap()[0].to_string(), "Row", "{name}");
            seen.extend(rows.map(|r| r[0].to_string()));
        }
        let want: Vec<String> = (0..10).map(|i| i.to_string()).collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn widths_fit_the_content_within_bounds() {
        let list = List {
            name: "X",
            columns: vec![Column::new("A"), Column::new("Explanation").look(Look::Wrap)],
            decision: None,
            banded: false,
        };
        let long = "x".repeat(500);
        let sample = vec![Row::from(vec![Cell::text("ab"), Cell::text(long)])];
        let w = widths(&list, &sample);
        assert_eq!(w[0], MIN_WIDTH);
        assert_eq!(w[1], MAX_WRAP_WIDTH);
    }
}
