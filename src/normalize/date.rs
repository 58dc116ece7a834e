//! Dates. STUB: contract only, being written.

use chrono::NaiveDate;

use super::{DateOrder, Locale, Normalized};
use crate::ingest::Cell;

/// Learn a column's day/month order from its text values (any first part
/// above 12 settles it), falling back on the locale.
pub fn infer_date_order<'a>(
    values: impl IntoIterator<Item = &'a str>,
    locale: &Locale,
) -> DateOrder {
    let _ = values.into_iter().count();
    locale.date_order
}

/// Normalize a date cell: a date-typed cell, an Excel serial number, or
/// text in one of the many ways people write dates.
pub fn normalize_date(cell: &Cell, order: DateOrder, locale: &Locale) -> Normalized<NaiveDate> {
    let _ = (cell, order, locale);
    Normalized::none()
}
