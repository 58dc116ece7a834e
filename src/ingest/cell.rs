//! A raw cell as a reader found it, before any interpretation.
//!
//! Readers keep the type the file gave (text, number, date) because later
//! stages need it: a phone stored as the number 612345678 must become the text
//! `612345678` with every digit, and a date cell is a date whatever its format.

use std::borrow::Cow;

use chrono::NaiveDateTime;
use compact_str::CompactString;

/// One cell of a sheet or CSV record.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    /// Text up to 24 bytes is stored inline: most cells are short, and a
    /// million-row file would otherwise make ten million small allocations.
    Text(CompactString),
    Number(f64),
    Bool(bool),
    /// A cell typed as a date or date-time, already corrected for the
    /// workbook's 1900/1904 date system.
    Date(NaiveDateTime),
    /// A duration such as `[hh]:mm:ss` 255:10:10, in days.
    Duration(f64),
}

impl Cell {
    pub fn text(s: impl Into<CompactString>) -> Cell {
        Cell::Text(s.into())
    }

    /// Empty, or text made only of whitespace (including NBSP and U+3000).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }
    }

    /// The cell as a person sees it in a spreadsheet program, without
    /// formatting: integral numbers without `.0` and never in scientific
    /// notation (so identifiers keep all their digits), dates in ISO 8601.
    pub fn to_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Number(n) => Cow::Owned(format_number(*n)),
            Cell::Bool(true) => Cow::Borrowed("TRUE"),
            Cell::Bool(false) => Cow::Borrowed("FALSE"),
            Cell::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    Cow::Owned(d.date().format("%Y-%m-%d").to_string())
                } else {
                    Cow::Owned(d.format("%Y-%m-%d %H:%M:%S").to_string())
                }
            }
            Cell::Duration(days) => {
                let total = (days * 86_400.0).round() as i64;
                let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
                Cow::Owned(format!("{h}:{m:02}:{s:02}"))
            }
        }
    }

    /// The trimmed text, or `None` when the cell is blank.
    pub fn non_blank_text(&self) -> Option<Cow<'_, str>> {
        if self.is_blank() {
            return None;
        }
        Some(match self.to_text() {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
        })
    }
}

/// Plain decimal rendering of a float: `612345678` for 612345678.0,
/// `12345678901234` for 1.2345678901234E13, `0.5` for 0.5.
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e17 {
        format!("{}", n as i64)
    } else if n.is_finite() {
        // Rust's `Display` for f64 never uses scientific notation and prints
        // the shortest representation that round-trips.
        format!("{n}")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_render_as_a_person_typed_them() {
        let cases: [(f64, &str); 6] = [
            (612345678.0, "612345678"),
            (1.2345678901234e13, "12345678901234"),
            (0.5, "0.5"),
            (-12500.5, "-12500.5"),
            (2147483648.0, "2147483648"),
            (1e-7, "0.0000001"),
        ];
        for (n, want) in cases {
            assert_eq!(format_number(n), want);
        }
    }

    #[test]
    fn blank_cells_include_unicode_spaces() {
        assert!(Cell::Empty.is_blank());
        assert!(Cell::text("  \u{a0}\u{3000}").is_blank());
        assert!(!Cell::text(" x ").is_blank());
        assert!(!Cell::Number(0.0).is_blank());
        assert_eq!(Cell::text(" x ").non_blank_text().as_deref(), Some("x"));
    }

    #[test]
    fn durations_render_as_hours() {
        // 255:10:10 as Excel stores it.
        let days = (255.0 * 3600.0 + 10.0 * 60.0 + 10.0) / 86_400.0;
        assert_eq!(Cell::Duration(days).to_text(), "255:10:10");
    }
}
