//! calamine's cell values → [`Cell`], with an [`Issue`] for everything that
//! could not be kept as the file typed it.
//!
//! Choices, and why:
//! - error values (`#N/A`) become empty cells plus an issue: a `#N/A` in a
//!   phone column must not become the phone number "#N/A";
//! - integers beyond ±2^53 stay text with every digit (an f64 would round
//!   an 18-digit identifier);
//! - Excel's fictitious 1900-02-29 (serial 60) and serials outside Excel's
//!   range keep their number plus an `InvalidDate` issue, never a silently
//!   shifted date;
//! - a time of day without a date (serial in `[0, 1)`) is a
//!   [`Cell::Duration`] since midnight: there is no time-only cell, and
//!   `1899-12-31 06:34` would be a date nobody wrote;
//! - NUL bytes are removed (readers of UTF-16 strings decoded as 8-bit leave
//!   one after each character), with an issue.

use std::borrow::Cow;
use std::sync::Arc;

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime};
use chrono::{NaiveDate, NaiveDateTime};

use crate::ingest::Cell;
use crate::model::{Issue, IssueKind, Provenance};

/// The largest integer an f64 holds exactly.
const MAX_EXACT_INT: i64 = 1 << 53;

/// Excel's last date, 9999-12-31, as a 1900-system serial (exclusive).
const MAX_SERIAL_1900: f64 = 2_958_466.0;
/// Days between the 1900 and 1904 epochs.
const DAYS_1900_TO_1904: f64 = 1462.0;

/// A cell value from either calamine type, strings borrowed when possible.
pub(super) enum Value<'a> {
    Text(Cow<'a, str>),
    Float(f64),
    Int(i64),
    Bool(bool),
    DateTime(ExcelDateTime),
    DateTimeIso(String),
    DurationIso(String),
    Error(CellErrorType),
    Empty,
}

impl From<Data> for Value<'static> {
    fn from(d: Data) -> Self {
        match d {
            Data::String(s) => Value::Text(Cow::Owned(s)),
            Data::Float(f) => Value::Float(f),
            Data::Int(i) => Value::Int(i),
            Data::Bool(b) => Value::Bool(b),
            Data::DateTime(d) => Value::DateTime(d),
            Data::DateTimeIso(s) => Value::DateTimeIso(s),
            Data::DurationIso(s) => Value::DurationIso(s),
            Data::Error(e) => Value::Error(e),
            Data::Empty => Value::Empty,
        }
    }
}

impl<'a> From<DataRef<'a>> for Value<'a> {
    fn from(d: DataRef<'a>) -> Self {
        match d {
            DataRef::String(s) => Value::Text(Cow::Owned(s)),
            DataRef::SharedString(s) => Value::Text(Cow::Borrowed(s)),
            DataRef::Float(f) => Value::Float(f),
            DataRef::Int(i) => Value::Int(i),
            DataRef::Bool(b) => Value::Bool(b),
            DataRef::DateTime(d) => Value::DateTime(d),
            DataRef::DateTimeIso(s) => Value::DateTimeIso(s),
            DataRef::DurationIso(s) => Value::DurationIso(s),
            DataRef::Error(e) => Value::Error(e),
            DataRef::Empty => Value::Empty,
        }
    }
}

/// Where cells come from, and the issues found so far in one sheet.
pub(super) struct Ctx {
    source: Arc<str>,
    sheet: Arc<str>,
    /// The workbook's date system (calamine applies it in `as_datetime`;
    /// the range checks need it too).
    is_1904: bool,
    /// ods saves an error result as a string whose text is the error code
    /// (`calcext:value-type="error"`, not exposed by calamine).
    error_codes_as_text: bool,
    pub(super) issues: Vec<crate::model::Issue>,
}

impl Ctx {
    pub(super) fn new(source: Arc<str>, sheet: Arc<str>, is_1904: bool) -> Ctx {
        Ctx { source, sheet, is_1904, error_codes_as_text: false, issues: Vec::new() }
    }

    /// Treat text that is exactly a spreadsheet error code as an error (ods).
    pub(super) fn with_error_codes_as_text(mut self) -> Ctx {
        self.error_codes_as_text = true;
        self
    }

    /// `row` and `col` are calamine's 0-based positions.
    fn issue(&mut self, row: u32, col: u32, kind: IssueKind, message: String) {
        let provenance = Provenance::cell(&self.source, &self.sheet, row.saturating_add(1), col);
        self.issues.push(Issue::new(provenance, kind, message));
    }

    fn cell_ref(row: u32, col: u32) -> String {
        format!("{}{}", crate::model::column_letter(col), row as u64 + 1)
    }

    pub(super) fn formula_without_value(&mut self, row: u32, col: u32) {
        let at = Self::cell_ref(row, col);
        let message = format!(
            "formula in {at} has no saved value (the file was never recalculated) and was read as empty; \
             open and save it in Excel or LibreOffice to compute it"
        );
        self.issue(row, col, IssueKind::FormulaWithoutValue, message);
    }

    pub(super) fn convert(&mut self, row: u32, col: u32, value: Value<'_>) -> Cell {
        match value {
            Value::Empty => Cell::Empty,
            Value::Text(s) => self.text(row, col, s),
            Value::Float(f) => Cell::Number(f),
            Value::Int(i) if (-MAX_EXACT_INT..=MAX_EXACT_INT).contains(&i) => {
                Cell::Number(i as f64)
            }
            Value::Int(i) => Cell::text(i.to_string()),
            Value::Bool(b) => Cell::Bool(b),
            Value::DateTime(d) => self.excel_date(row, col, d),
            Value::DateTimeIso(s) => match parse_iso_datetime(&s) {
                Some(d) => Cell::Date(d),
                None => self.text(row, col, Cow::Owned(s)),
            },
            Value::DurationIso(s) => match parse_iso_duration(&s) {
                Some(days) => Cell::Duration(days),
                None => self.text(row, col, Cow::Owned(s)),
            },
            Value::Error(e) => self.error(row, col, &e.to_string()),
        }
    }

    fn error(&mut self, row: u32, col: u32, code: &str) -> Cell {
        let at = Self::cell_ref(row, col);
        self.issue(row, col, IssueKind::CellError, format!("{code} in {at} read as empty"));
        Cell::Empty
    }

    fn text(&mut self, row: u32, col: u32, s: Cow<'_, str>) -> Cell {
        if s.is_empty() {
            return Cell::Empty;
        }
        if self.error_codes_as_text && is_error_code(&s) {
            return self.error(row, col, &s);
        }
        if !s.contains('\0') {
            // From `&str`, short text is stored inline without allocating.
            return Cell::text(&*s);
        }
        let cleaned: String = s.chars().filter(|&c| c != '\0').collect();
        let at = Self::cell_ref(row, col);
        let removed = s.len() - cleaned.len();
        let message = format!("{removed} NUL byte(s) removed from the text in {at}");
        self.issue(row, col, IssueKind::NulByte, message);
        if cleaned.is_empty() { Cell::Empty } else { Cell::text(cleaned) }
    }

    fn excel_date(&mut self, row: u32, col: u32, d: ExcelDateTime) -> Cell {
        let serial = d.as_f64();
        if d.is_duration() {
            return Cell::Duration(serial);
        }
        let serial_1900 = if self.is_1904 { serial + DAYS_1900_TO_1904 } else { serial };
        let at = || Self::cell_ref(row, col);
        if !self.is_1904 && (60.0..61.0).contains(&serial) {
            let message = format!(
                "{} holds 1900-02-29, a date that does not exist (Excel's 1900 leap-year bug); kept as the number {serial}",
                at()
            );
            self.issue(row, col, IssueKind::InvalidDate, message);
            return Cell::Number(serial);
        }
        if !serial.is_finite() || serial < 0.0 || serial_1900 >= MAX_SERIAL_1900 {
            let message = format!(
                "{} is formatted as a date but {serial} is not a valid Excel date; kept as a number",
                at()
            );
            self.issue(row, col, IssueKind::InvalidDate, message);
            return Cell::Number(serial);
        }
        if serial < 1.0 {
            return Cell::Duration(serial);
        }
        match d.as_datetime() {
            Some(dt) => Cell::Date(dt),
            None => {
                let message = format!(
                    "{} is formatted as a date but {serial} could not be converted; kept as a number",
                    at()
                );
                self.issue(row, col, IssueKind::InvalidDate, message);
                Cell::Number(serial)
            }
        }
    }
}

/// Excel's error codes, and LibreOffice's own `Err:502` style.
fn is_error_code(s: &str) -> bool {
    const CODES: [&str; 9] = [
        "#N/A",
        "#NAME?",
        "#DIV/0!",
        "#REF!",
        "#VALUE!",
        "#NUM!",
        "#NULL!",
        "#DATA!",
        "#GETTING_DATA",
    ];
    CODES.contains(&s)
        || s.strip_prefix("Err:")
            .is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// ODS dates: `2021-01-01`, `2021-01-01T10:30:00`, with optional fraction
/// and time zone.
fn parse_iso_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.and_time(chrono::NaiveTime::MIN));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, format) {
            return Some(d);
        }
    }
    chrono::DateTime::parse_from_rfc3339(s).ok().map(|d| d.naive_local())
}

/// ODS durations (`PT27H17M54S`, `P1DT2H`, `-PT0.5S`) in days. Years and
/// months have no fixed length: such values stay text.
fn parse_iso_duration(s: &str) -> Option<f64> {
    let s = s.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let s = s.strip_prefix('P')?;
    let (date_part, time_part) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut seconds = 0.0;
    let mut any = false;
    let mut parse_units = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            let factor = units.iter().find(|(u, _)| *u == c)?.1;
            seconds += number.parse::<f64>().ok()? * factor;
            number.clear();
            any = true;
        }
        number.is_empty().then_some(())
    };
    parse_units(date_part, &[('D', 86_400.0), ('W', 7.0 * 86_400.0)])?;
    if let Some(t) = time_part {
        parse_units(t, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    if !any {
        return None;
    }
    let days = seconds / 86_400.0;
    Some(if negative { -days } else { days })
}

#[cfg(test)]
mod tests {
    use calamine::ExcelDateTimeType::{DateTime, TimeDelta};

    use super::*;

    fn ctx() -> Ctx {
        Ctx::new(Arc::from("side/jean.xlsx"), Arc::from("Prospects"), false)
    }

    fn ctx_1904() -> Ctx {
        Ctx::new(Arc::from("mac.xlsx"), Arc::from("Feuil1"), true)
    }

    fn date(y: i32, m: u32, d: u32) -> Cell {
        Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap().and_time(chrono::NaiveTime::MIN))
    }

    #[test]
    fn plain_values_keep_their_type() {
        let mut c = ctx();
        let cases: Vec<(Value, Cell)> = vec![
            (Value::Text(Cow::Borrowed("Société Générale")), Cell::text("Société Générale")),
            (Value::Text(Cow::Borrowed("")), Cell::Empty),
            (Value::Float(612345678.0), Cell::Number(612345678.0)),
            (Value::Float(12500.5), Cell::Number(12500.5)),
            (Value::Int(42), Cell::Number(42.0)),
            (Value::Int(9_007_199_254_740_992), Cell::Number(9_007_199_254_740_992.0)),
            // 18-digit identifiers keep every digit.
            (Value::Int(310_101_195_608_231_123), Cell::text("310101195608231123")),
            (Value::Int(-9_007_199_254_740_993), Cell::text("-9007199254740993")),
            (Value::Bool(true), Cell::Bool(true)),
            (Value::Empty, Cell::Empty),
        ];
        for (value, want) in cases {
            assert_eq!(c.convert(0, 0, value), want);
        }
        assert!(c.issues.is_empty());
    }

    #[test]
    fn errors_become_empty_cells_with_an_issue_at_the_exact_cell() {
        let mut c = ctx();
        assert_eq!(c.convert(13, 2, Value::Error(CellErrorType::NA)), Cell::Empty);
        assert_eq!(c.convert(0, 27, Value::Error(CellErrorType::Div0)), Cell::Empty);
        assert_eq!(c.issues.len(), 2);
        assert_eq!(c.issues[0].kind, IssueKind::CellError);
        assert_eq!(c.issues[0].message, "#N/A in C14 read as empty");
        assert_eq!(c.issues[0].provenance.to_string(), "side/jean.xlsx › Prospects › C14");
        assert_eq!(c.issues[1].message, "#DIV/0! in AB1 read as empty");
    }

    #[test]
    fn ods_error_codes_stored_as_text_are_errors() {
        let mut ods = ctx().with_error_codes_as_text();
        assert_eq!(ods.convert(2, 1, Value::Text(Cow::Borrowed("#NAME?"))), Cell::Empty);
        assert_eq!(ods.convert(3, 1, Value::Text(Cow::Borrowed("Err:502"))), Cell::Empty);
        assert_eq!(
            ods.convert(4, 1, Value::Text(Cow::Borrowed("#1 client"))),
            Cell::text("#1 client")
        );
        assert_eq!(ods.issues.len(), 2);
        assert_eq!(ods.issues[1].message, "Err:502 in B4 read as empty");
        // In xlsx a text cell "#N/A" is text someone typed.
        let mut xlsx = ctx();
        assert_eq!(xlsx.convert(0, 0, Value::Text(Cow::Borrowed("#N/A"))), Cell::text("#N/A"));
    }

    #[test]
    fn nul_bytes_are_removed_with_an_issue() {
        let mut c = ctx();
        let cell = c.convert(0, 0, Value::Text(Cow::Borrowed("B\0a\0r\0c\0l\0a\0y\0")));
        assert_eq!(cell, Cell::text("Barclay"));
        assert_eq!(c.issues[0].kind, IssueKind::NulByte);
        assert_eq!(c.issues[0].message, "7 NUL byte(s) removed from the text in A1");
        assert_eq!(c.convert(1, 0, Value::Text(Cow::Borrowed("\0\0"))), Cell::Empty);
    }

    #[test]
    fn excel_dates_honour_both_date_systems() {
        let mut c = ctx();
        let cases = [
            (ExcelDateTime::new(1.0, DateTime, false), date(1900, 1, 1)),
            (ExcelDateTime::new(59.0, DateTime, false), date(1900, 2, 28)),
            (ExcelDateTime::new(61.0, DateTime, false), date(1900, 3, 1)),
            (ExcelDateTime::new(46352.0, DateTime, false), date(2026, 11, 26)),
        ];
        for (value, want) in cases {
            assert_eq!(c.convert(0, 0, Value::DateTime(value)), want, "{value:?}");
        }
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        // 1904 system: 2021-01-01 is serial 42735, not 2016-12-31; serial
        // 60 is an ordinary day there.
        let mut mac = ctx_1904();
        let cases_1904 = [
            (ExcelDateTime::new(42735.0, DateTime, true), date(2021, 1, 1)),
            (ExcelDateTime::new(1.0, DateTime, true), date(1904, 1, 2)),
            (ExcelDateTime::new(60.0, DateTime, true), date(1904, 3, 1)),
        ];
        for (value, want) in cases_1904 {
            assert_eq!(mac.convert(0, 0, Value::DateTime(value)), want, "{value:?}");
        }
        assert!(mac.issues.is_empty(), "{:?}", mac.issues);
        let dt = c.convert(0, 0, Value::DateTime(ExcelDateTime::new(46352.75, DateTime, false)));
        assert_eq!(dt.to_text(), "2026-11-26 18:00:00");
    }

    #[test]
    fn durations_and_times_of_day_are_durations() {
        let mut c = ctx();
        let hours = (255.0 * 3600.0 + 10.0 * 60.0 + 10.0) / 86_400.0;
        let cell =
            ctx_1904().convert(2, 0, Value::DateTime(ExcelDateTime::new(hours, TimeDelta, true)));
        assert_eq!(cell.to_text(), "255:10:10");
        let time = c.convert(0, 0, Value::DateTime(ExcelDateTime::new(0.2736111, DateTime, false)));
        assert_eq!(time.to_text(), "6:34:00");
    }

    #[test]
    fn impossible_dates_keep_their_number_and_get_an_issue() {
        let mut c = ctx();
        let leap = c.convert(4, 1, Value::DateTime(ExcelDateTime::new(60.0, DateTime, false)));
        assert_eq!(leap, Cell::Number(60.0));
        let huge = c.convert(5, 1, Value::DateTime(ExcelDateTime::new(3.101e17, DateTime, false)));
        assert_eq!(huge, Cell::Number(3.101e17));
        let negative = c.convert(6, 1, Value::DateTime(ExcelDateTime::new(-5.0, DateTime, false)));
        assert_eq!(negative, Cell::Number(-5.0));
        let kinds: Vec<_> = c.issues.iter().map(|i| (i.kind, i.provenance.cell_ref())).collect();
        assert_eq!(
            kinds,
            [
                (IssueKind::InvalidDate, "B5".into()),
                (IssueKind::InvalidDate, "B6".into()),
                (IssueKind::InvalidDate, "B7".into())
            ]
        );
        assert!(c.issues[0].message.contains("1900-02-29"));
    }

    #[test]
    fn ods_iso_values_are_parsed_or_kept_as_text() {
        let mut c = ctx();
        let d = c.convert(0, 0, Value::DateTimeIso("2026-11-26".into()));
        assert_eq!(d, date(2026, 11, 26));
        let dt = c.convert(0, 0, Value::DateTimeIso("2026-11-26T09:30:00".into()));
        assert_eq!(dt.to_text(), "2026-11-26 09:30:00");
        let dur = c.convert(0, 0, Value::DurationIso("PT27H17M54S".into()));
        assert_eq!(dur.to_text(), "27:17:54");
        let day = c.convert(0, 0, Value::DurationIso("P1DT2H".into()));
        assert_eq!(day, Cell::Duration(26.0 / 24.0));
        assert_eq!(c.convert(0, 0, Value::DurationIso("P1Y".into())), Cell::text("P1Y"));
        assert_eq!(
            c.convert(0, 0, Value::DateTimeIso("le 26 novembre".into())),
            Cell::text("le 26 novembre")
        );
        assert_eq!(parse_iso_duration("-PT0.5S"), Some(-0.5 / 86_400.0));
        assert_eq!(parse_iso_duration("PT"), None);
        assert_eq!(parse_iso_duration("P"), None);
    }
}
