//! Formats, built once per workbook (rust_xlsxwriter's advice: a `Format`
//! is a value, not a handle), and the typed cell every sheet writes.
//!
//! Amounts are written as numbers with a currency format, dates as Excel
//! dates: a person must be able to sum a pipeline and sort by date, which
//! text cannot do.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ColNum, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError};

use crate::normalize::record::Value;

/// One cell of a list sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A whole number (rows, counts, days).
    Int(i64),
    /// An amount with its ISO 4217 currency (`None`: written without one).
    Amount(f64, Option<&'static str>),
    Date(NaiveDate),
    /// A match probability 0..1, shown as a percentage.
    Score(f64),
    /// A hyperlink: `internal:'Conflicts'!A1` or `file:///…`.
    Link {
        url: String,
        text: String,
    },
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() { Cell::Empty } else { Cell::Text(s) }
    }

    pub fn opt(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    /// A normalized value as a person wants to read it: amounts and dates
    /// typed, everything else as its canonical text.
    pub fn of_value(value: &Value) -> Cell {
        match value {
            Value::Amount(a) => match a.value.to_f64() {
                Some(x) => Cell::Amount(x, a.currency),
                None => Cell::text(value.canonical()),
            },
            Value::Date(d) => Cell::Date(*d),
            _ => Cell::text(value.canonical()),
        }
    }

    /// How wide the cell's content is, in pixels, for column widths.
    pub fn width(&self) -> u32 {
        match self {
            Cell::Empty => 0,
            Cell::Text(s) | Cell::Link { text: s, .. } => {
                // A wrapped multi-line cell is as wide as its longest line.
                s.lines().map(rust_xlsxwriter::utility::cell_autofit_width).max().unwrap_or(0)
            }
            Cell::Int(n) => 8 * n.to_string().len() as u32 + 8,
            Cell::Amount(x, _) => 8 * format!("{x:.2}").len() as u32 + 40,
            Cell::Date(_) => 80,
            Cell::Score(_) => 48,
        }
    }
}

/// Which look a column has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Plain,
    /// Long text (explanations, mappings): wrapped, capped width.
    Wrap,
    /// Where a person acts: highlighted, a drop-down.
    Decision,
    /// Stable identities: small and grey, read by `--decisions`.
    Key,
}

/// The shade of every other cluster on the Duplicates sheet.
const BAND_COLOR: u32 = 0xEEF3F8;

/// Every format of the workbook.
#[derive(Clone)]
pub struct Styles {
    pub header: Format,
    pub title: Format,
    pub subtitle: Format,
    pub plain: Format,
    pub wrap: Format,
    pub key: Format,
    pub decision: Format,
    pub date: Format,
    pub score: Format,
    pub link: Format,
    /// The shading of every other cluster on the Duplicates sheet.
    pub band: Format,
    pub band_date: Format,
    pub band_score: Format,
    /// The conditional format of what is late (red).
    pub bad: Format,
    amounts: HashMap<String, Format>,
}

impl Default for Styles {
    fn default() -> Styles {
        Styles::new()
    }
}

impl Styles {
    pub fn new() -> Styles {
        let header = Format::new()
            .set_bold()
            .set_font_color(0xFFFFFF)
            .set_background_color(0x1F4E79)
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border_bottom(FormatBorder::Thin);
        let date = Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left);
        let score = Format::new().set_num_format("0%");
        Styles {
            header,
            title: Format::new().set_bold().set_font_size(16).set_font_color(0x1F4E79),
            subtitle: Format::new().set_bold().set_font_size(12).set_font_color(0x1F4E79),
            plain: Format::new(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            key: Format::new().set_font_color(0x808080).set_font_size(9),
            decision: Format::new()
                .set_background_color(0xFFF2CC)
                .set_border(FormatBorder::Thin)
                .set_border_color(0xBF9000)
                .set_unlocked(),
            band: Format::new().set_background_color(BAND_COLOR),
            band_date: date.clone().set_background_color(BAND_COLOR),
            band_score: score.clone().set_background_color(BAND_COLOR),
            date,
            score,
            link: Format::new()
                .set_font_color(0x0563C1)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            bad: Format::new().set_background_color(0xFFC7CE).set_font_color(0x9C0006),
            amounts: HashMap::new(),
        }
    }

    /// Number the formats in the workbook in a fixed order before sheets
    /// are written on two cores: a format takes its number where it is
    /// first used, and two sheets written at once would otherwise number
    /// them in whichever order the cores reach them. The sheets look the
    /// same either way; this keeps the file's style table the same from
    /// run to run. (Amounts in a currency other than the euro are numbered
    /// as they come.)
    pub fn register(&mut self, wb: &mut rust_xlsxwriter::Workbook) {
        let fixed = [
            &self.header,
            &self.plain,
            &self.wrap,
            &self.key,
            &self.decision,
            &self.date,
            &self.score,
            &self.link,
            &self.band,
            &self.band_date,
            &self.band_score,
        ];
        for f in fixed {
            wb.register_format(f);
        }
        for currency in [Some("EUR"), None] {
            let f = self.amount(currency).clone();
            wb.register_format(&f);
            wb.register_format(&f.set_background_color(BAND_COLOR));
        }
    }

    /// The number format of an amount: `12 500,00 €` in a French Excel,
    /// `€12,500.00`-like elsewhere; the currency is always visible so that
    /// a Swiss team's francs are never read as euros.
    pub fn amount(&mut self, currency: Option<&str>) -> &Format {
        let key = currency.unwrap_or_default().to_string();
        self.amounts.entry(key).or_insert_with(|| {
            let num = match currency {
                Some("EUR") => "#,##0.00\\ \"€\"".to_string(),
                Some("USD") => "\"$\"#,##0.00".to_string(),
                Some("GBP") => "\"£\"#,##0.00".to_string(),
                Some(code) if code != crate::reconcile::kpi::NO_CURRENCY => {
                    format!("#,##0.00\\ \"{code}\"")
                }
                _ => "#,##0.00".to_string(),
            };
            Format::new().set_num_format(num)
        })
    }

    /// Write one cell; `base` is the column's look, `band` shades the row.
    pub fn write(
        &mut self,
        ws: &mut Worksheet,
        row: RowNum,
        col: ColNum,
        cell: &Cell,
        look: Look,
        band: bool,
    ) -> Result<(), XlsxError> {
        let base = match (look, band) {
            (Look::Decision, _) => &self.decision,
            (Look::Key, _) => &self.key,
            (Look::Wrap, _) => &self.wrap,
            (Look::Plain, true) => &self.band,
            (Look::Plain, false) => &self.plain,
        };
        match cell {
            Cell::Empty => {
                if look == Look::Decision || band {
                    ws.write_blank(row, col, base)?;
                }
            }
            Cell::Text(s) => {
                ws.write_string_with_format(row, col, s, base)?;
            }
            Cell::Int(n) => {
                ws.write_number_with_format(row, col, *n as f64, base)?;
            }
            Cell::Amount(x, currency) => {
                let f = if band {
                    self.amount(*currency).clone().set_background_color(BAND_COLOR)
                } else {
                    self.amount(*currency).clone()
                };
                ws.write_number_with_format(row, col, *x, &f)?;
            }
            Cell::Date(d) => {
                let f = if band { &self.band_date } else { &self.date };
                ws.write_datetime_with_format(row, col, d, f)?;
            }
            Cell::Score(x) => {
                let f = if band { &self.band_score } else { &self.score };
                ws.write_number_with_format(row, col, *x, f)?;
            }
            Cell::Link { url, text } => {
                ws.write_url_with_options(row, col, url.as_str(), text, "", Some(&self.link))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::amount::Amount;
    use rust_decimal::Decimal;

    #[test]
    fn amounts_and_dates_stay_typed() {
        let a = Value::Amount(Box::new(Amount::new(Decimal::new(1_250_050, 2), Some("EUR"))));
        assert_eq!(Cell::of_value(&a), Cell::Amount(12500.50, Some("EUR")));
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(Cell::of_value(&Value::Date(d)), Cell::Date(d));
        assert_eq!(Cell::of_value(&Value::Text("Lyon".into())), Cell::Text("Lyon".into()));
    }

    #[test]
    fn empty_text_is_an_empty_cell_and_widths_follow_the_longest_line() {
        assert_eq!(Cell::text(""), Cell::Empty);
        let one = Cell::text("email → E-mail").width();
        let two = Cell::text("email → E-mail\nC → company").width();
        assert_eq!(one, two);
        assert!(Cell::text("a much longer line than the others").width() > one);
    }

    #[test]
    fn every_currency_gets_a_format_that_names_it() {
        let mut s = Styles::new();
        let eur = s.amount(Some("EUR")).clone();
        let chf = s.amount(Some("CHF")).clone();
        let none = s.amount(None).clone();
        let xxx = s.amount(Some(crate::reconcile::kpi::NO_CURRENCY)).clone();
        assert_ne!(eur, chf);
        assert_ne!(eur, none);
        assert_eq!(none, xxx);
        assert_eq!(s.amounts.len(), 4);
    }
}
