//! Sparse cells → the rows of a [`crate::ingest::RawSheet`].
//!
//! Readers push the non-empty cells they find, in stream order; the builder
//! keeps each row sparse until the sheet's first used column is known, then
//! lays rows out from that column. So a sheet whose only column is AKE holds
//! one cell per row, not 967, and styled-but-empty cells (a `<dimension>`
//! claiming 1,024 columns, formatting down to row 1,000) never become rows
//! or columns: they are simply never pushed.

use crate::ingest::{Cell, RawRow};

#[derive(Default)]
pub(super) struct SheetBuilder {
    /// (0-based row, cells as (0-based column, cell)), in push order.
    rows: Vec<(u32, Vec<(u32, Cell)>)>,
    /// Whether rows arrived in ascending order, and columns within each row
    /// too (true for every writer we know; checked, not assumed).
    out_of_order: bool,
}

impl SheetBuilder {
    /// Add a cell; empty cells are ignored.
    pub(super) fn push(&mut self, row: u32, col: u32, cell: Cell) {
        if cell == Cell::Empty {
            return;
        }
        match self.rows.last_mut() {
            Some((last, cells)) if *last == row => {
                if cells.last().is_some_and(|(c, _)| *c >= col) {
                    self.out_of_order = true;
                }
                cells.push((col, cell));
            }
            last => {
                if last.is_some_and(|(r, _)| *r > row) {
                    self.out_of_order = true;
                }
                self.rows.push((row, vec![(col, cell)]));
            }
        }
    }

    /// The sheet's first used column (0-based) and its rows, numbered from 1.
    pub(super) fn finish(mut self) -> (u32, Vec<RawRow>) {
        if self.out_of_order {
            self.sort();
        }
        let first_col = self
            .rows
            .iter()
            .filter_map(|(_, cells)| cells.first().map(|(c, _)| *c))
            .min()
            .unwrap_or(0);
        let rows = self
            .rows
            .into_iter()
            .map(|(row, sparse)| {
                let width = sparse.last().map_or(0, |(c, _)| (c - first_col) as usize + 1);
                let mut cells = Vec::with_capacity(width);
                for (col, cell) in sparse {
                    cells.resize((col - first_col) as usize, Cell::Empty);
                    cells.push(cell);
                }
                RawRow { number: row.saturating_add(1), cells }
            })
            .collect();
        (first_col, rows)
    }

    /// Order rows and columns; when a cell position repeats, the last one
    /// written wins, as in a spreadsheet program.
    fn sort(&mut self) {
        self.rows.sort_by_key(|(row, _)| *row);
        let mut merged: Vec<(u32, Vec<(u32, Cell)>)> = Vec::with_capacity(self.rows.len());
        for (row, cells) in self.rows.drain(..) {
            match merged.last_mut() {
                Some((last, existing)) if *last == row => existing.extend(cells),
                _ => merged.push((row, cells)),
            }
        }
        for (_, cells) in &mut merged {
            cells.sort_by_key(|(col, _)| *col);
            // Keep the last of equal columns: reverse, dedup (keeps first), reverse.
            cells.reverse();
            cells.dedup_by_key(|(col, _)| *col);
            cells.reverse();
        }
        self.rows = merged;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(row: &RawRow) -> Vec<String> {
        row.cells.iter().map(|c| c.to_text().into_owned()).collect()
    }

    #[test]
    fn rows_start_at_the_first_used_column() {
        let mut b = SheetBuilder::default();
        // Block at B3:D4 with a hole in C4.
        b.push(2, 1, Cell::text("Nom"));
        b.push(2, 2, Cell::text("Société"));
        b.push(2, 3, Cell::text("Tél."));
        b.push(3, 1, Cell::text("Dupont"));
        b.push(3, 3, Cell::Number(612345678.0));
        let (first_col, rows) = b.finish();
        assert_eq!(first_col, 1);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, 3);
        assert_eq!(texts(&rows[0]), ["Nom", "Société", "Tél."]);
        assert_eq!(texts(&rows[1]), ["Dupont", "", "612345678"]);
    }

    #[test]
    fn a_far_right_column_is_not_padded_from_a() {
        let mut b = SheetBuilder::default();
        for row in 5..10 {
            b.push(row, 966, Cell::Number(row as f64));
        }
        let (first_col, rows) = b.finish();
        assert_eq!(first_col, 966);
        assert!(rows.iter().all(|r| r.cells.len() == 1));
        assert_eq!(rows[0].number, 6);
    }

    #[test]
    fn empty_cells_make_no_rows_and_no_columns() {
        let mut b = SheetBuilder::default();
        b.push(0, 0, Cell::text("a"));
        b.push(0, 5, Cell::Empty);
        b.push(6, 2, Cell::Empty);
        let (first_col, rows) = b.finish();
        assert_eq!((first_col, rows.len(), rows[0].cells.len()), (0, 1, 1));
        assert_eq!(SheetBuilder::default().finish().1.len(), 0);
    }

    #[test]
    fn out_of_order_cells_are_sorted_and_the_last_write_wins() {
        let mut b = SheetBuilder::default();
        b.push(3, 2, Cell::text("late"));
        b.push(1, 1, Cell::text("x"));
        b.push(1, 0, Cell::text("w"));
        b.push(3, 2, Cell::text("later"));
        let (first_col, rows) = b.finish();
        assert_eq!(first_col, 0);
        assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(texts(&rows[0]), ["w", "x"]);
        assert_eq!(texts(&rows[1]), ["", "", "later"]);
    }
}
