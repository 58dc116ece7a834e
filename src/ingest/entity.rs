//! Which entity (or entities) a sheet's rows describe.
//!
//! STUB: replaced by the header/roles helper.

use super::{SheetOverride, Table};

/// Set `table.entity` and `table.entities` from its column roles.
pub fn assign(table: &mut Table, settings: &SheetOverride) {
    let _ = (table, settings);
}
