//! Header-row detection and row accounting.
//!
//! Side spreadsheets rarely start with their header: a title, a logo row,
//! blank lines, a `Date : 12/01/2026` block often come first. The header is
//! the row among the first [`SCAN_ROWS`] non-blank rows that looks most like
//! labels (short text, known synonyms, no emails, phones, dates or amounts)
//! and is followed by rows of a similar width that look like data. When the
//! first row already looks like data, the sheet is read without a header.
//!
//! Every row below the header then ends up in exactly one place: a data row
//! in `Table::rows`, or a skipped row with its reason (blank, repeated
//! header, total line, footer note). Blank rows after the last non-blank row
//! are not listed. The pass over the rows is linear, allocates nothing per
//! row, and moves the rows (their cells are never copied).
//!
//! Merged header cells spread their text over every column they cover. When
//! a merged group label sits in the row right above the header (`Contact`
//! over `Nom | Prénom | Email`), the columns it covers are named
//! `Contact - Nom`, `Contact - Prénom`…: the group often carries meaning
//! (`Société - Nom` is a company, `Contact - Nom` a person), and role
//! detection understands such prefixes.

use std::collections::HashMap;

use super::roles::shape::{self, Shape};
use super::{
    Cell, Column, RawRow, RawSheet, SheetOverride, SheetStatus, SkipReason, SkippedRow, Table,
    letter_of, synonyms,
};
use crate::model::{Issue, IssueKind, Role};

/// How many non-blank rows at the top of a sheet may hold the header.
pub const SCAN_ROWS: usize = 30;
/// At most this many `ExtraCells` issues per sheet (then one warning).
const MAX_ROW_ISSUES: usize = 200;
/// Sample values are cut to this many characters.
const SAMPLE_CHARS: usize = 60;
/// Samples are looked for in this many data rows at most.
const SAMPLE_ROWS: usize = 2000;

/// Find the header row, build the columns, and sort the rows below it into
/// data rows and skipped rows (blank, repeated header, total line, note).
pub fn detect(mut sheet: RawSheet, settings: &SheetOverride) -> Table {
    let rows = std::mem::take(&mut sheet.rows);
    let mut table = Table::unused(sheet.meta, SheetStatus::Used, None);
    table.issues = std::mem::take(&mut sheet.issues);
    if rows.iter().all(row_is_blank) {
        table.status = SheetStatus::Empty;
        table.warnings.push("sheet is empty: no cell holds a value".into());
        return table;
    }
    let first_col = sheet.first_col;

    let choice = match settings.header_row {
        Some(n) => match rows.binary_search_by_key(&n, |r| r.number) {
            Ok(i) => Choice::Row(i),
            Err(_) => Choice::BlankRow(n),
        },
        None => find_header(&rows),
    };

    // Header texts by position, as written (for repeated-header detection),
    // and as shown (merged cells spread, group labels combined).
    let (header_number, raw_header, data_start) = match choice {
        Choice::Row(i) => (Some(rows[i].number), row_texts(&rows[i]), i + 1),
        Choice::BlankRow(n) => (Some(n), Vec::new(), rows.partition_point(|r| r.number <= n)),
        Choice::Headerless => (None, Vec::new(), 0),
    };
    let mut header = raw_header.clone();
    if let (Some(hn), Choice::Row(i)) = (header_number, choice) {
        spread_merged(&mut header, &sheet.merged, &rows[..i], hn, first_col);
        combine_group_row(&mut header, &raw_header, &sheet.merged, &rows[..i], hn, first_col);
    }
    match choice {
        Choice::Row(_) => {}
        Choice::BlankRow(n) => table.warnings.push(format!(
            "the configured header row {n} is blank or past the end of the sheet: columns are named column_A, column_B…"
        )),
        Choice::Headerless => table.warnings.push(format!(
            "no header row found in the first {SCAN_ROWS} rows (the first row already looks like data): \
             every row is read as data and columns are named column_A, column_B…; \
             set `header_row` in a [[mapping]] entry to choose the header"
        )),
    }
    table.header_row = header_number;

    // One linear pass: every row below the header is data or skipped.
    let raw_nonblank = raw_header.iter().filter(|h| !h.is_empty()).count();
    let mut prev = header_number.unwrap_or_else(|| rows[0].number.saturating_sub(1));
    let mut data: Vec<RawRow> = Vec::with_capacity(rows.len().saturating_sub(data_start));
    let mut skipped: Vec<SkippedRow> = Vec::new();
    for row in rows.into_iter().skip(data_start) {
        for missing in prev.saturating_add(1)..row.number {
            skipped.push(SkippedRow { row: missing, reason: SkipReason::Blank });
        }
        prev = row.number;
        let reason = if row_is_blank(&row) {
            Some(SkipReason::Blank)
        } else if is_repeated_header(&row, &raw_header, raw_nonblank) {
            Some(SkipReason::RepeatedHeader)
        } else if is_total_line(&row) {
            Some(SkipReason::TotalLine)
        } else {
            None
        };
        match reason {
            Some(reason) => skipped.push(SkippedRow { row: row.number, reason }),
            None => data.push(row),
        }
    }

    let span = column_span(&header, &data);
    let (first_pos, last_pos) = span.unwrap_or((0, 0));

    // Footer notes after the last data row. Notes come in blocks, so a
    // sparse row right above a note is part of it; a sparse row with no
    // note below it (a contact with only a name) stays data.
    if span.is_some_and(|(a, b)| b > a) {
        let typed = typed_columns(&data);
        let typical = typical_width(&data);
        let mut in_block = false;
        while let Some(last) = data.last() {
            let note = is_note(last, first_pos, &header)
                || contradicts_types(last, &typed)
                || (in_block && filled(last) * 3 <= typical);
            if !note {
                break;
            }
            in_block = true;
            if let Some(row) = data.pop() {
                skipped.push(SkippedRow { row: row.number, reason: SkipReason::Note });
            }
        }
    }
    skipped.sort_by_key(|s| s.row);
    // Blank rows after the last non-blank row are not counted.
    let last_filled = data
        .last()
        .map_or(0, |r| r.number)
        .max(skipped.iter().rev().find(|s| s.reason != SkipReason::Blank).map_or(0, |s| s.row));
    while skipped.last().is_some_and(|s| s.reason == SkipReason::Blank && s.row > last_filled) {
        skipped.pop();
    }

    if span.is_some() {
        table.columns = build_columns(
            &mut table,
            &header,
            &data,
            first_col,
            first_pos,
            last_pos,
            header_number,
        );
    }
    fill_samples(&mut table.columns, &data);
    table.rows = data;
    table.skipped = skipped;
    table
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Choice {
    /// Index into the sheet's rows.
    Row(usize),
    /// A configured header row that holds no cell.
    BlankRow(u32),
    Headerless,
}

/// True when every cell of the row is blank.
fn row_is_blank(row: &RawRow) -> bool {
    row.cells.iter().all(Cell::is_blank)
}

/// Header text: trimmed, inner newlines and runs of whitespace collapsed.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => clean(s),
        Cell::Empty => String::new(),
        other => other.to_text().into_owned(),
    }
}

fn row_texts(row: &RawRow) -> Vec<String> {
    let mut texts: Vec<String> = row.cells.iter().map(cell_text).collect();
    while texts.last().is_some_and(String::is_empty) {
        texts.pop();
    }
    texts
}

/// What the header scan needs to know about one row.
#[derive(Clone, Copy, Debug)]
struct RowFeatures {
    /// Index into the sheet's rows.
    index: usize,
    /// Non-blank cells.
    filled: usize,
    /// Short text cells that could be labels.
    label_like: usize,
    /// Cells that look like values: numbers, dates, emails, phones, long text.
    value_like: usize,
    /// Label-like cells that are known header synonyms.
    known: usize,
}

impl RowFeatures {
    fn of(index: usize, row: &RawRow) -> RowFeatures {
        let mut f = RowFeatures { index, filled: 0, label_like: 0, value_like: 0, known: 0 };
        for cell in &row.cells {
            let Some(shape) = shape::of_cell(cell) else { continue };
            f.filled += 1;
            match shape {
                Shape::Text => {
                    let text = match cell {
                        Cell::Text(t) => t.trim(),
                        _ => "",
                    };
                    if is_label_text(text) {
                        f.label_like += 1;
                        if synonyms::lookup(text).is_some() {
                            f.known += 1;
                        }
                    } else if text.chars().count() > 80 {
                        f.value_like += 1;
                    }
                }
                // `Oui`/`Non` are neither labels nor telling values.
                Shape::Bool => {}
                // Years head the columns of yearly tables (`Année | 2024 | 2025`).
                Shape::Number if is_year(cell) => f.label_like += 1,
                _ => f.value_like += 1,
            }
        }
        f
    }

    /// Could this row be a header at all: mostly labels, few values.
    fn plausible(&self) -> bool {
        self.label_like >= 1
            && self.label_like * 10 >= self.filled * 6
            && self.value_like * 4 <= self.filled
    }
}

fn is_year(cell: &Cell) -> bool {
    let year = match cell {
        Cell::Number(n) if n.fract() == 0.0 => *n,
        Cell::Text(t) => t.trim().parse::<f64>().unwrap_or(0.0),
        _ => 0.0,
    };
    (1900.0..=2100.0).contains(&year)
}

/// Short text with letters, not a `Key: value` pair, not mostly digits.
fn is_label_text(s: &str) -> bool {
    let chars = s.chars().count();
    if chars == 0 || chars > 60 || !s.chars().any(char::is_alphabetic) {
        return false;
    }
    if s.ends_with(':') {
        return false;
    }
    if let Some((_, after)) = s.split_once(':')
        && !after.trim().is_empty()
        && !after.starts_with('/')
    {
        return false;
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    digits * 2 <= chars
}

/// Score the first non-blank rows and pick the most header-like, or decide
/// the sheet has no header.
fn find_header(rows: &[RawRow]) -> Choice {
    let feats: Vec<RowFeatures> = rows
        .iter()
        .enumerate()
        .take(SCAN_ROWS * 20)
        .filter(|(_, r)| !row_is_blank(r))
        .take(SCAN_ROWS + 6)
        .map(|(i, r)| RowFeatures::of(i, r))
        .collect();
    let widest = feats.iter().take(SCAN_ROWS).map(|f| f.filled).max().unwrap_or(0);
    let mut best: Option<(f32, usize)> = None;
    for (k, f) in feats.iter().enumerate().take(SCAN_ROWS) {
        // A lone unknown label above wider rows is a title, not a header.
        if !f.plausible() || (f.filled == 1 && widest > 1 && f.known == 0) {
            continue;
        }
        let score = score(k, &feats, widest);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, f.index));
        }
    }
    match best {
        Some((_, index)) => Choice::Row(index),
        None => Choice::Headerless,
    }
}

/// Labels and known synonyms count for a row, values against it; a header
/// is followed by rows of about its width that hold values, and is not
/// directly above another row of known labels (that row is the header, this
/// one a group label or a title).
fn score(k: usize, feats: &[RowFeatures], widest: usize) -> f32 {
    let f = &feats[k];
    let mut s = f.label_like as f32 + 1.5 * f.known as f32 - 2.0 * f.value_like as f32;
    if f.filled == 1 && widest > 1 {
        s -= 3.0;
    }
    let next = &feats[k + 1..(k + 6).min(feats.len())];
    if let Some(first) = next.first() {
        let avg = next.iter().map(|n| n.filled as f32).sum::<f32>() / next.len() as f32;
        let width = f.filled as f32;
        s += 3.0 * avg.min(width) / avg.max(width);
        let values = next.iter().map(|n| n.value_like as f32 / n.filled.max(1) as f32).sum::<f32>()
            / next.len() as f32;
        s += 2.0 * values;
        if first.known >= 2 && first.known >= f.known && first.plausible() {
            s -= 1.5 * first.known as f32 + 2.0;
        }
    }
    s
}

/// Position in `cells` of a 0-based sheet column.
fn pos_of(col: u32, first_col: u32) -> Option<usize> {
    col.checked_sub(first_col).map(|p| p as usize)
}

/// Give each column covered by a merged cell that crosses the header row the
/// merged cell's text (held by its top-left cell, possibly in a row above).
fn spread_merged(
    header: &mut Vec<String>,
    merged: &[super::MergedRange],
    above: &[RawRow],
    hn: u32,
    first_col: u32,
) {
    for m in merged.iter().filter(|m| m.first_row <= hn && hn <= m.last_row) {
        let Some(src) = pos_of(m.first_col, first_col) else { continue };
        let text = if m.first_row == hn {
            header.get(src).cloned().unwrap_or_default()
        } else {
            match above.binary_search_by_key(&m.first_row, |r| r.number) {
                Ok(i) => above[i].cells.get(src).map(cell_text).unwrap_or_default(),
                Err(_) => String::new(),
            }
        };
        if text.is_empty() {
            continue;
        }
        let last = pos_of(m.last_col, first_col).unwrap_or(src);
        if header.len() <= last {
            header.resize(last + 1, String::new());
        }
        for h in &mut header[src..=last] {
            if h.is_empty() {
                h.clone_from(&text);
            }
        }
    }
}

/// Name the columns under a merged group label in the row just above the
/// header `Group - Sub`. A merged cell as wide as the whole header is a
/// title, not a group, and is left out.
fn combine_group_row(
    header: &mut [String],
    raw_header: &[String],
    merged: &[super::MergedRange],
    above: &[RawRow],
    hn: u32,
    first_col: u32,
) {
    let Some(group_row) = above.last().filter(|r| r.number + 1 == hn) else { return };
    let header_width = raw_header.iter().filter(|h| !h.is_empty()).count();
    let groups: Vec<&super::MergedRange> = merged
        .iter()
        .filter(|m| m.first_row == hn - 1 && m.last_row == hn - 1 && m.last_col > m.first_col)
        .collect();
    // A single merged cell alone on its row is a title over part of the
    // table, not a group: groups come in rows with other labels.
    // Loose words beside a merged cell (`or | merging | cells`) are notes
    // above the table, not group labels: every non-blank cell of a group
    // row is covered by a merged range.
    let loose_cells = group_row
        .cells
        .iter()
        .enumerate()
        .filter(|(pos, c)| {
            !c.is_blank()
                && !merged.iter().any(|m| {
                    m.first_row < hn
                        && hn - 1 <= m.last_row
                        && pos_of(m.first_col, first_col).is_some_and(|a| a <= *pos)
                        && pos_of(m.last_col, first_col).is_some_and(|b| *pos <= b)
                })
        })
        .count();
    let vertical = merged.iter().any(|m| m.first_row == hn - 1 && m.last_row >= hn);
    if loose_cells > 0 || (groups.len() < 2 && !vertical) {
        return;
    }
    for m in groups {
        let (Some(a), Some(b)) = (pos_of(m.first_col, first_col), pos_of(m.last_col, first_col))
        else {
            continue;
        };
        let span = b - a + 1;
        if span >= header_width {
            continue;
        }
        let group = group_row.cells.get(a).map(cell_text).unwrap_or_default();
        if group.is_empty() || !is_label_text(&group) || group.split(' ').count() > 4 {
            continue;
        }
        for pos in a..=b.min(header.len().saturating_sub(1)) {
            let sub = &header[pos];
            header[pos] = if sub.is_empty() || *sub == group {
                group.clone()
            } else {
                format!("{group} - {sub}")
            };
        }
    }
}

/// Same text, ignoring ASCII case and whitespace differences, without
/// allocating.
fn same_text(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
            _ => return false,
        }
    }
}

/// A copy of the header row further down (pasted blocks, page breaks):
/// every non-blank cell equals the header cell above it, and they cover most
/// of the header.
fn is_repeated_header(row: &RawRow, header: &[String], header_filled: usize) -> bool {
    if header_filled == 0 {
        return false;
    }
    let mut matches = 0;
    for (pos, cell) in row.cells.iter().enumerate() {
        if cell.is_blank() {
            continue;
        }
        match (cell, header.get(pos)) {
            (Cell::Text(t), Some(h)) if !h.is_empty() && same_text(t, h) => matches += 1,
            _ => return false,
        }
    }
    matches >= header_filled.min(2) && matches * 10 >= header_filled * 7
}

/// A row whose only text is a total label (`Total`, `Sous-total`, `TOTAL
/// GÉNÉRAL`, `Somme`) and whose other cells are numbers.
fn is_total_line(row: &RawRow) -> bool {
    let mut label = false;
    for cell in &row.cells {
        match cell {
            Cell::Empty | Cell::Number(_) | Cell::Duration(_) => {}
            Cell::Bool(_) | Cell::Date(_) => return false,
            Cell::Text(t) => {
                let t = t.trim();
                if t.is_empty() {
                    continue;
                }
                if is_total_label(t) {
                    if label {
                        return false;
                    }
                    label = true;
                } else if !shape::is_number(t) {
                    return false;
                }
            }
        }
    }
    label
}

/// Fold a short label into ASCII lowercase words in a stack buffer (no
/// allocation: this runs on rows of million-row sheets).
fn is_total_label(t: &str) -> bool {
    let t = t.trim().trim_end_matches(':').trim();
    if t.is_empty() || t.len() > 40 || !matches!(t.as_bytes()[0] | 0x20, b't' | b's' | b'g' | b'm')
    {
        return false;
    }
    let mut buf = [0u8; 48];
    let mut n = 0;
    for c in t.chars() {
        let b = match c {
            'a'..='z' | '0'..='9' => c as u8,
            'A'..='Z' => c.to_ascii_lowercase() as u8,
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b'e',
            'à' | 'â' | 'À' | 'Â' => b'a',
            'ô' | 'Ô' => b'o',
            'î' | 'ï' | 'Î' | 'Ï' => b'i',
            'û' | 'ù' | 'Û' | 'Ù' => b'u',
            'ç' | 'Ç' => b'c',
            _ => b' ',
        };
        if b == b' ' && (n == 0 || buf[n - 1] == b' ') {
            continue;
        }
        if n == buf.len() {
            return false;
        }
        buf[n] = b;
        n += 1;
    }
    while n > 0 && buf[n - 1] == b' ' {
        n -= 1;
    }
    let Ok(s) = std::str::from_utf8(&buf[..n]) else { return false };
    const EXACT: [&str; 14] = [
        "total",
        "totaux",
        "totals",
        "sous total",
        "sous totaux",
        "total general",
        "grand total",
        "somme",
        "sum",
        "subtotal",
        "sub total",
        "total ht",
        "total ttc",
        "montant total",
    ];
    const PREFIXES: [&str; 6] =
        ["total ", "totaux ", "sous total ", "grand total ", "somme ", "subtotal "];
    let words = s.split(' ').count();
    EXACT.contains(&s) || (words <= 4 && PREFIXES.iter().any(|p| s.starts_with(p)))
}

/// A footer note after the data: the row's only cell, text, either opening
/// with a note marker (`Source :`, `* `, `(1)`, `NB`, `Mise à jour`…) or a
/// sentence of six words or more in the first column or under no header.
/// A lone name or email is never a note.
fn is_note(row: &RawRow, first_pos: usize, header: &[String]) -> bool {
    let mut filled = row.cells.iter().enumerate().filter(|(_, c)| !c.is_blank());
    let Some((pos, Cell::Text(t))) = filled.next() else { return false };
    let t = t.trim();
    if let Some((_, second)) = filled.next() {
        // `Teilnahmestatus: | Ab 1999 werden …`: a label and its explanation.
        let explained = filled.next().is_none()
            && t.ends_with(':')
            && matches!(second, Cell::Text(s) if s.split_whitespace().count() >= 6);
        return explained;
    }
    // Rule lines (`*****`, `-----`) and lone labels ending with a colon.
    if !t.chars().any(char::is_alphanumeric) || (t.ends_with(':') && t.len() > 1) {
        return true;
    }
    if shape::is_email(t) || shape::phone(t).is_some() || shape::is_url(t) {
        return false;
    }
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next().unwrap_or(' ');
    if matches!(first, '*' | '†' | '©' | '¹' | '²' | '³')
        || (first == '(' && (second.is_ascii_digit() || second == '*'))
    {
        return true;
    }
    let folded = synonyms::fold(t);
    const MARKERS: [&str; 20] = [
        "source",
        "sources",
        "note",
        "notes",
        "nb",
        "n b",
        "remarque",
        "attention",
        "mise a jour",
        "maj",
        "updated",
        "last updated",
        "genere",
        "generated",
        "exporte",
        "exported",
        "extrait",
        "extraction",
        "copyright",
        "donnees",
    ];
    let words = folded.split(' ').count();
    if words >= 2
        && MARKERS.iter().any(|m| folded.starts_with(m) && folded[m.len()..].starts_with(' '))
    {
        return true;
    }
    let headerless = header.get(pos).is_none_or(String::is_empty);
    t.split_whitespace().count() >= 6 && t.chars().count() >= 40 && (pos == first_pos || headerless)
}

/// Rows sampled to learn the type of each column.
const TYPE_SAMPLE: usize = 200;

fn filled(row: &RawRow) -> usize {
    row.cells.iter().filter(|c| !c.is_blank()).count()
}

/// Columns whose sampled values are typed (numbers, dates, booleans), with
/// at most one text in ten (the notes themselves are in the sample): text
/// in such a column below the data is not a record.
fn typed_columns(data: &[RawRow]) -> Vec<bool> {
    let width = data.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let (mut typed, mut text) = (vec![0u32; width], vec![0u32; width]);
    let step = (data.len() / TYPE_SAMPLE).max(1);
    for row in data.iter().step_by(step) {
        for (pos, cell) in row.cells.iter().enumerate() {
            match cell {
                Cell::Number(_) | Cell::Date(_) | Cell::Bool(_) | Cell::Duration(_) => {
                    typed[pos] += 1
                }
                Cell::Text(_) if !cell.is_blank() => text[pos] += 1,
                _ => {}
            }
        }
    }
    typed.iter().zip(&text).map(|(&n, &t)| n >= 3 && t * 10 <= n).collect()
}

/// The median number of filled cells in the sampled rows.
fn typical_width(data: &[RawRow]) -> usize {
    let step = (data.len() / TYPE_SAMPLE).max(1);
    let mut widths: Vec<usize> = data.iter().step_by(step).map(filled).collect();
    widths.sort_unstable();
    widths.get(widths.len() / 2).copied().unwrap_or(0)
}

/// A row whose every value is text sitting in a typed column (`bottom,`
/// under `Age`, `too!` under `Date of death`).
fn contradicts_types(row: &RawRow, typed: &[bool]) -> bool {
    let mut values = row.cells.iter().enumerate().filter(|(_, c)| !c.is_blank()).peekable();
    values.peek().is_some()
        && values.all(|(pos, c)| matches!(c, Cell::Text(_)) && typed.get(pos) == Some(&true))
}

/// First and last positions holding a header or a value.
fn column_span(header: &[String], data: &[RawRow]) -> Option<(usize, usize)> {
    let mut first = header.iter().position(|h| !h.is_empty());
    let mut last = header.iter().rposition(|h| !h.is_empty());
    for row in data {
        if let Some(l) = row.cells.iter().rposition(|c| !c.is_blank()) {
            last = Some(last.map_or(l, |x| x.max(l)));
            // Leading cells are usually filled: this stops at once.
            if first.is_none_or(|f| f > 0)
                && let Some(p) = row.cells.iter().position(|c| !c.is_blank())
            {
                first = Some(first.map_or(p, |x| x.min(p)));
            }
        }
    }
    Some((first?, last?))
}

/// One column per position in the span, with issues for blank, duplicate
/// and missing headers, and for values past the header's last column.
fn build_columns(
    table: &mut Table,
    header: &[String],
    data: &[RawRow],
    first_col: u32,
    first_pos: usize,
    last_pos: usize,
    header_number: Option<u32>,
) -> Vec<Column> {
    let width = last_pos + 1;
    let header_first = header.iter().position(|h| !h.is_empty());
    let header_last = header.iter().rposition(|h| !h.is_empty());
    // Per position: values count and the first row holding one.
    let mut counts = vec![0usize; width];
    let mut first_row = vec![0u32; width];
    let mut extra_rows = 0usize;
    for row in data {
        let mut extra_at: Option<usize> = None;
        for (pos, cell) in row.cells.iter().enumerate().take(width) {
            if cell.is_blank() {
                continue;
            }
            if counts[pos] == 0 {
                first_row[pos] = row.number;
            }
            counts[pos] += 1;
            if header_last.is_some_and(|l| pos > l) && extra_at.is_none() {
                extra_at = Some(pos);
            }
        }
        if let Some(pos) = extra_at {
            extra_rows += 1;
            if extra_rows <= MAX_ROW_ISSUES {
                let beyond = row.cells.iter().skip(pos).filter(|c| !c.is_blank()).count();
                table.issues.push(Issue::new(
                    table.meta.provenance(row.number, first_col + pos as u32),
                    IssueKind::ExtraCells,
                    format!(
                        "row {} has {beyond} value(s) past the header's last column ({}); kept in headerless column(s)",
                        row.number,
                        header_last.map_or_else(String::new, |l| letter_of(first_col, l)),
                    ),
                ));
            }
        }
    }
    if extra_rows > MAX_ROW_ISSUES {
        table.warnings.push(format!(
            "{extra_rows} rows have values past the header's last column; the first {MAX_ROW_ISSUES} are listed as issues"
        ));
    }

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut columns = Vec::with_capacity(width - first_pos);
    for pos in first_pos..width {
        let letter = letter_of(first_col, pos);
        let text = header.get(pos).map(String::as_str).unwrap_or("");
        let within_header =
            header_first.is_some_and(|a| a <= pos) && header_last.is_some_and(|b| pos <= b);
        let name = if text.is_empty() {
            let generated = format!("column_{letter}");
            if counts[pos] > 0 {
                match header_number {
                    Some(hn) if within_header || header_first.is_none() => table.issues.push(Issue::new(
                        table.meta.provenance(hn, first_col + pos as u32),
                        IssueKind::BlankHeader,
                        format!("column {letter} has values but a blank header; named {generated}"),
                    )),
                    Some(_) => table.issues.push(Issue::new(
                        table.meta.provenance(first_row[pos], first_col + pos as u32),
                        IssueKind::HeaderlessValue,
                        format!(
                            "{} value(s) in column {letter} have no header above them (first at {letter}{}); kept as {generated}",
                            counts[pos], first_row[pos]
                        ),
                    )),
                    None => {}
                }
            }
            generated
        } else {
            let key = text.to_lowercase();
            if let Some(&first) = seen.get(&key) {
                if let Some(hn) = header_number {
                    table.issues.push(Issue::new(
                        table.meta.provenance(hn, first_col + pos as u32),
                        IssueKind::DuplicateHeader,
                        format!(
                            "header {text:?} appears in columns {} and {letter}; both are kept, told apart by their letter",
                            letter_of(first_col, first)
                        ),
                    ));
                }
            } else {
                seen.insert(key, pos);
            }
            text.to_string()
        };
        columns.push(Column {
            pos,
            index: first_col + pos as u32,
            letter,
            header: name,
            role: Role::Custom,
            confidence: 0.0,
            samples: Vec::new(),
        });
    }
    columns
}

/// Up to three non-blank values per column, from the first data rows.
fn fill_samples(columns: &mut [Column], data: &[RawRow]) {
    for row in data.iter().take(SAMPLE_ROWS) {
        let mut missing = false;
        for col in columns.iter_mut() {
            if col.samples.len() >= 3 {
                continue;
            }
            if let Some(text) = row.cells.get(col.pos).and_then(Cell::non_blank_text) {
                let mut sample: String = text.chars().take(SAMPLE_CHARS).collect();
                if text.chars().nth(SAMPLE_CHARS).is_some() {
                    sample.push('…');
                }
                col.samples.push(sample);
            }
            missing |= col.samples.len() < 3;
        }
        if !missing {
            break;
        }
    }
}

#[cfg(test)]
mod tests;
