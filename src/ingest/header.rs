//! Header-row detection and row accounting.
//!
//! STUB: replaced by the header/roles helper.

use super::{RawSheet, SheetOverride, SheetStatus, Table};

/// Find the header row, build the columns, and sort the rows below it into
/// data rows and skipped rows (blank, repeated header, total line).
pub fn detect(sheet: RawSheet, settings: &SheetOverride) -> Table {
    let _ = settings;
    Table::unused(sheet.meta, SheetStatus::NoHeader, None)
}
