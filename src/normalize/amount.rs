//! Money amounts, exact. STUB: contract only, being written.

use rust_decimal::Decimal;

use super::{Locale, Normalized};

/// An exact amount and its currency when one was written or implied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amount {
    pub value: Decimal,
    /// ISO 4217 (`EUR`).
    pub currency: Option<&'static str>,
}

/// How a column writes its numbers, learnt from all its values: whether
/// `12.500` is twelve thousand five hundred or twelve and a half.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AmountStyle {
    /// `Some(true)`: `,` is the decimal separator; `None`: not settled.
    pub decimal_comma: Option<bool>,
}

/// Learn a column's style from its text values.
pub fn infer_amount_style<'a>(
    values: impl IntoIterator<Item = &'a str>,
    locale: &Locale,
) -> AmountStyle {
    let _ = (values.into_iter().count(), locale);
    AmountStyle::default()
}

/// Normalize an amount written as text.
pub fn normalize_amount(raw: &str, style: &AmountStyle, locale: &Locale) -> Normalized<Amount> {
    let _ = (raw, style, locale);
    Normalized::none()
}

/// An amount from a numeric cell, exact to the digits the cell shows.
pub fn amount_from_number(n: f64) -> Amount {
    let value = crate::ingest::cell::format_number(n).parse().unwrap_or_default();
    Amount { value, currency: None }
}
