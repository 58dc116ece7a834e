//! Money amounts, exact.
//!
//! Sales sheets write amounts every way a keyboard allows: `12 500 €` (with
//! the NBSP or narrow NBSP French Excel puts between thousands), `12.500,50`
//! (Belgium, Germany), `12,500.50` (UK, US), `CHF 1'200.50` (Switzerland),
//! `12,5 k€`, `$1.2M`, `3 000 € HT`, `(1 200)` for a negative. This module
//! reads them into a [`Decimal`] (never a float: a pipeline sum must add up to
//! the cent) plus the ISO 4217 currency and the tax basis when written.
//!
//! The one real ambiguity is a single `.` or `,` followed by exactly three
//! digits: `12.500` is twelve thousand five hundred in Paris and twelve and a
//! half in London. It is settled, in this order, by the column
//! ([`infer_amount_style`]: any value that shows which separator is the
//! decimal one), by a `$`/`£` written before the number (English convention
//! everywhere those symbols lead), and otherwise by the locale's reading,
//! flagged [`IssueKind::AmbiguousAmount`] with both readings.
//!
//! Canonical text ([`Amount`]'s `Display`): plain decimal, dot, no thousands
//! separator, the scale as written (`12 500,50` → `12500.50`, `12 500` →
//! `12500`, `12 500,00` → `12500.00`: the cents a person wrote are kept);
//! values scaled by `k`/`M` drop the trailing zeros the multiplication adds
//! (`12,5 k€` → `12500`, not `12500.0`). Reading the canonical text back
//! gives the same amount.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::{Locale, Normalized};
use crate::ingest::Cell;
use crate::model::IssueKind;

#[cfg(test)]
mod tests;

/// An exact amount and its currency when one was written or implied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amount {
    pub value: Decimal,
    /// ISO 4217 (`EUR`).
    pub currency: Option<&'static str>,
    /// `HT`/`TTC` when written: a TTC amount is about 20 % above the HT one
    /// in France, so a pipeline that mixes them should know.
    pub tax: Option<TaxBasis>,
}

impl Amount {
    pub fn new(value: Decimal, currency: Option<&'static str>) -> Amount {
        Amount { value, currency, tax: None }
    }
}

/// Whether an amount was written with or without sales tax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaxBasis {
    /// `HT`, `HTVA`, `hors taxes`, `excl. VAT`.
    Excluded,
    /// `TTC`, `TVAC`, `incl. VAT`.
    Included,
}

/// The canonical text, without currency: `12500.50`, `-1200`.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

/// How a column writes its numbers, learnt from all its values: whether
/// `12.500` is twelve thousand five hundred or twelve and a half.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AmountStyle {
    /// `Some(true)`: `,` is the decimal separator; `None`: not settled.
    pub decimal_comma: Option<bool>,
    /// The column shows both conventions (`1.250,50` and `1,250.50`):
    /// `decimal_comma` then holds the majority, if any, and ambiguous values
    /// are still flagged. The caller may report the column.
    pub conflicting: bool,
}

/// Learn a column's style from its text values.
///
/// A value proves the decimal comma when its comma can only be a decimal
/// separator (`1.250,50`, `12,5`, `0,500`, `1 250,50`) or when dots group
/// thousands (`1.250.000`); symmetrically for the decimal dot. Without such
/// proof, two or more values with one separator followed by exactly three
/// digits, all with the same separator (`12.500`, `3.000`), lean to that
/// separator grouping thousands: amounts with three decimals are rare, round
/// thousands are not. One such value alone settles nothing.
pub fn infer_amount_style<'a>(
    values: impl IntoIterator<Item = &'a str>,
    locale: &Locale,
) -> AmountStyle {
    let _ = locale;
    let (mut comma_votes, mut dot_votes) = (0usize, 0usize);
    let (mut amb_comma, mut amb_dot) = (0usize, 0usize);
    for v in values {
        let Ok(scan) = scan(v.trim()) else { continue };
        let Some(layout) = scan.layout() else { continue };
        match layout {
            Layout::Settled { evidence: Some(true), .. } => comma_votes += 1,
            Layout::Settled { evidence: Some(false), .. } => dot_votes += 1,
            Layout::Ambiguous { sep } if scan.multiplier == 0 => match sep {
                Sep::Comma => amb_comma += 1,
                _ => amb_dot += 1,
            },
            _ => {}
        }
    }
    let decimal_comma = match (comma_votes, dot_votes) {
        (0, 0) => match (amb_comma, amb_dot) {
            (0, d) if d >= 2 => Some(true),
            (c, 0) if c >= 2 => Some(false),
            _ => None,
        },
        (c, d) if c > d => Some(true),
        (c, d) if d > c => Some(false),
        _ => None,
    };
    AmountStyle { decimal_comma, conflicting: comma_votes > 0 && dot_votes > 0 }
}

/// Normalize an amount cell: numbers as they are, text read by
/// [`normalize_amount`]; a date or a boolean is not an amount.
pub fn normalize_amount_cell(
    cell: &Cell,
    style: &AmountStyle,
    locale: &Locale,
) -> Normalized<Amount> {
    match cell {
        Cell::Empty => Normalized::none(),
        Cell::Text(s) => normalize_amount(s, style, locale),
        Cell::Number(n) if n.is_finite() && n.abs() < 7.9e28 => {
            Normalized::ok(amount_from_number(*n))
        }
        Cell::Number(n) => {
            Normalized::invalid(IssueKind::InvalidAmount, format!("{n} is out of range"))
        }
        other => Normalized::invalid(
            IssueKind::InvalidAmount,
            format!("`{}` is not an amount", other.to_text()),
        ),
    }
}

/// An exact amount from a numeric cell: the decimal of the shortest text
/// that reads back as the same float, which is what the spreadsheet shows
/// (0.1 → `0.1`, not `0.1000000000000000055511151231257827`).
///
/// Never panics: NaN gives 0 and values beyond ±7.9e28 (beyond any
/// [`Decimal`]) saturate; [`normalize_amount_cell`] flags both.
pub fn amount_from_number(n: f64) -> Amount {
    // The common case, integral amounts, without formatting.
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        return Amount::new(Decimal::from(n as i64), None);
    }
    let mut buf = StackBuf::default();
    let value = if fmt::Write::write_fmt(&mut buf, format_args!("{n}")).is_ok() {
        Decimal::from_str(buf.as_str()).ok()
    } else {
        None
    };
    let value = value.unwrap_or_else(|| {
        use rust_decimal::prelude::FromPrimitive;
        Decimal::from_f64(n).unwrap_or(if n.is_nan() {
            Decimal::ZERO
        } else if n > 0.0 {
            Decimal::MAX
        } else {
            Decimal::MIN
        })
    });
    Amount::new(value, None)
}

/// Normalize an amount written as text.
pub fn normalize_amount(raw: &str, style: &AmountStyle, locale: &Locale) -> Normalized<Amount> {
    let s = raw.trim();
    if s.is_empty() {
        return Normalized::none();
    }
    let scan = match scan(s) {
        Ok(scan) => scan,
        Err(why) => {
            return Normalized::invalid(
                IssueKind::InvalidAmount,
                format!("`{s}` is not an amount ({why})"),
            );
        }
    };
    let currency = scan.currency.map(|c| resolve_currency(c, locale));
    let Some(run) = scan.run else {
        // A dash alone is a placeholder for nothing; a dash with a currency
        // is how Excel's accounting format writes zero (` - € `).
        return match currency {
            Some(_) if scan.negative => {
                Normalized::ok(Amount { value: Decimal::ZERO, currency, tax: scan.tax })
            }
            None if scan.negative && scan.tax.is_none() => Normalized::none(),
            _ => Normalized::invalid(IssueKind::InvalidAmount, format!("`{s}` has no number")),
        };
    };
    let mut ambiguity = None;
    let decimal = match scan.layout().unwrap_or(Layout::Invalid("no number")) {
        Layout::Invalid(why) => {
            return Normalized::invalid(
                IssueKind::InvalidAmount,
                format!("`{s}` is not an amount ({why})"),
            );
        }
        Layout::Settled { decimal, .. } => decimal,
        Layout::Ambiguous { sep } => {
            let is_comma = sep == Sep::Comma;
            let (decimal_reading, flag) = match style.decimal_comma {
                Some(dc) if !style.conflicting => (dc == is_comma, None),
                _ if scan.english_prefix => (!is_comma, None),
                Some(dc) => (dc == is_comma, Some("the column's majority")),
                None if scan.multiplier > 0 => (true, Some("a multiplier suggests a decimal")),
                None => {
                    let dc = decimal_comma_country(&locale.country);
                    let why = if dc == is_comma {
                        "the locale's decimal separator"
                    } else {
                        "the locale's thousands separator"
                    };
                    (dc == is_comma, Some(why))
                }
            };
            ambiguity = flag.map(|why| (decimal_reading, why));
            decimal_reading.then_some(run.last_sep)
        }
    };
    let Some(mut value) = run.value(s, decimal) else {
        return Normalized::invalid(
            IssueKind::InvalidAmount,
            format!("`{s}` has too many digits for an exact amount"),
        );
    };
    if scan.multiplier > 0 {
        match value.checked_mul(Decimal::from(10i64.pow(scan.multiplier))) {
            Some(v) => value = v.normalize(),
            None => {
                return Normalized::invalid(
                    IssueKind::InvalidAmount,
                    format!("`{s}` is out of range"),
                );
            }
        }
    }
    if scan.negative {
        value.set_sign_negative(true);
    }
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    let mut out = Normalized::ok(Amount { value, currency, tax: scan.tax });
    if let Some((decimal_reading, why)) = ambiguity {
        let other = run.value(s, (!decimal_reading).then_some(run.last_sep)).map(|mut v| {
            if scan.multiplier > 0 {
                v = v.checked_mul(Decimal::from(10i64.pow(scan.multiplier))).unwrap_or(v);
            }
            if scan.negative {
                v.set_sign_negative(true);
            }
            v.normalize()
        });
        let other = other.map(|v| v.to_string()).unwrap_or_default();
        out = out.with(
            IssueKind::AmbiguousAmount,
            format!(
                "`{s}` is {chosen} or {other}; read as {chosen} ({why})",
                chosen = value.normalize()
            ),
        );
    }
    out
}

/// Whether a country writes `12,5` (most of continental Europe, Latin
/// America, francophone Africa) rather than `12.5`. Switzerland writes
/// amounts with a dot (`CHF 1'200.50`) even in French.
fn decimal_comma_country(country: &str) -> bool {
    !DECIMAL_DOT_COUNTRIES.contains(&country)
}

/// Countries whose amounts are written `12,500.50`; everything else reads
/// `12.500,50`/`12 500,50` (a French-first default).
const DECIMAL_DOT_COUNTRIES: &[&str] = &[
    "US", "GB", "IE", "CH", "LI", "CA", "AU", "NZ", "IN", "JP", "CN", "KR", "TW", "HK", "SG", "MY",
    "PH", "TH", "IL", "MX", "MT", "CY", "NG", "KE", "GH", "AE", "SA", "EG",
];

/// `$` is the locale's dollar: a Canadian sheet's `$` is CAD.
fn resolve_currency(c: Currency, locale: &Locale) -> &'static str {
    match c {
        Currency::Code(code) => code,
        Currency::Dollar => match locale.country.as_str() {
            "CA" => "CAD",
            "AU" => "AUD",
            "NZ" => "NZD",
            "HK" => "HKD",
            "SG" => "SGD",
            _ => "USD",
        },
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Currency {
    Code(&'static str),
    /// A bare `$` or the word `dollars`: which dollar depends on the locale.
    Dollar,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    /// Space, NBSP, narrow NBSP, thin space: thousands only.
    Space,
    /// Swiss `'` or `’`: thousands only.
    Apos,
    Dot,
    Comma,
}

fn sep_class(c: char) -> Option<Sep> {
    match c {
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' => Some(Sep::Space),
        '\'' | '\u{2019}' => Some(Sep::Apos),
        '.' => Some(Sep::Dot),
        ',' => Some(Sep::Comma),
        _ => None,
    }
}

const MAX_GROUPS: usize = 12;

/// The digits of an amount and the separators between them, as written.
#[derive(Clone, Copy, Debug)]
struct Run {
    start: usize,
    end: usize,
    /// Digits in each group; `groups[0]` may be 0 (`,5`).
    groups: [u8; MAX_GROUPS],
    seps: [Sep; MAX_GROUPS],
    n: usize,
    /// Byte offset of the last separator (the decimal one when there is one).
    last_sep: usize,
    first_digit_zero: bool,
}

enum Layout {
    /// `decimal`: byte offset of the decimal separator, if any. `evidence`:
    /// what the text proves about the column (`Some(true)`: decimal comma).
    Settled {
        decimal: Option<usize>,
        evidence: Option<bool>,
    },
    /// One `.` or `,` followed by exactly three digits.
    Ambiguous {
        sep: Sep,
    },
    Invalid(&'static str),
}

impl Run {
    fn layout(&self) -> Layout {
        let n = self.n;
        if n == 1 {
            return Layout::Settled { decimal: None, evidence: None };
        }
        let seps = &self.seps[..n - 1];
        let groups = &self.groups[..n];
        let last = seps[n - 2];
        let thousands_ok = |gs: &[u8]| gs[0] >= 1 && gs[0] <= 3 && gs[1..].iter().all(|&g| g == 3);
        let count = |c: Sep| seps.iter().filter(|&&s| s == c).count();
        if matches!(last, Sep::Space | Sep::Apos) {
            if seps.iter().any(|&s| s != last) || !thousands_ok(groups) {
                return Layout::Invalid("digit groups are not thousands");
            }
            return Layout::Settled { decimal: None, evidence: None };
        }
        let as_comma = last == Sep::Comma;
        if count(last) > 1 {
            // `1.234.567`: repeated, so thousands.
            if seps.iter().any(|&s| s != last) || !thousands_ok(groups) {
                return Layout::Invalid("digit groups are not thousands");
            }
            return Layout::Settled { decimal: None, evidence: Some(!as_comma) };
        }
        // The last separator appears once: decimal unless it is the only
        // one and followed by exactly three digits.
        if n > 2 {
            let t = seps[0];
            if seps[..n - 2].iter().any(|&s| s != t) || !thousands_ok(&groups[..n - 1]) {
                return Layout::Invalid("digit groups are not thousands");
            }
            return Layout::Settled { decimal: Some(self.last_sep), evidence: Some(as_comma) };
        }
        let (int, frac) = (groups[0], groups[1]);
        if frac != 3 || int == 0 || int > 3 || self.leading_zero() {
            return Layout::Settled { decimal: Some(self.last_sep), evidence: Some(as_comma) };
        }
        Layout::Ambiguous { sep: last }
    }

    /// The integer part starts with 0 (`0,500`, `012.500`): never grouped.
    fn leading_zero(&self) -> bool {
        self.groups[0] > 0 && self.first_digit_zero
    }

    /// The exact value when the separator at byte `decimal` is the decimal
    /// one; `None` beyond 28 significant digits.
    fn value(&self, s: &str, decimal: Option<usize>) -> Option<Decimal> {
        let mut mantissa: i128 = 0;
        let mut scale = 0u32;
        let mut after = false;
        for (i, b) in s.as_bytes()[self.start..self.end].iter().enumerate() {
            if b.is_ascii_digit() {
                mantissa = mantissa * 10 + i128::from(b - b'0');
                if mantissa >= 10i128.pow(28) {
                    return None;
                }
                if after {
                    scale += 1;
                }
            } else if Some(self.start + i) == decimal {
                after = true;
            }
        }
        Decimal::try_from_i128_with_scale(mantissa, scale).ok()
    }
}

/// What the text around the digits says.
#[derive(Debug, Default)]
struct Scan {
    run: Option<Run>,
    negative: bool,
    currency: Option<Currency>,
    /// `$` or `£` written before the digits: the English convention.
    english_prefix: bool,
    /// Power of ten (`k` → 3, `M` → 6, `Md` → 9).
    multiplier: u32,
    tax: Option<TaxBasis>,
    /// The `.` of `1'200.-` or the `,` of `1.250,-`: the decimal separator,
    /// with no decimals written.
    whole_marker: Option<Sep>,
}

impl Scan {
    /// The run's layout, settled by a `.-` marker when there is one.
    fn layout(&self) -> Option<Layout> {
        let run = self.run?;
        let layout = run.layout();
        let Some(marker) = self.whole_marker else { return Some(layout) };
        let evidence = Some(marker == Sep::Comma);
        Some(match layout {
            Layout::Settled { decimal: None, .. } => Layout::Settled { decimal: None, evidence },
            Layout::Ambiguous { sep } if sep != marker => {
                Layout::Settled { decimal: None, evidence }
            }
            Layout::Invalid(why) => Layout::Invalid(why),
            _ => Layout::Invalid("decimals before `.-`"),
        })
    }

    fn set_currency(&mut self, c: Currency) -> Result<(), &'static str> {
        match self.currency {
            Some(prev) if prev != c => Err("two currencies"),
            _ => {
                self.currency = Some(c);
                Ok(())
            }
        }
    }

    fn set_multiplier(&mut self, m: u32) -> Result<(), &'static str> {
        if self.run.is_none() {
            return Err("multiplier before the number");
        }
        if self.multiplier != 0 {
            return Err("two multipliers");
        }
        self.multiplier = m;
        Ok(())
    }

    fn set_tax(&mut self, t: Option<TaxBasis>) -> Result<(), &'static str> {
        match (self.tax, t) {
            (_, None) => Ok(()),
            (Some(a), Some(b)) if a != b => Err("both HT and TTC"),
            _ => {
                self.tax = t;
                Ok(())
            }
        }
    }
}

/// Read the sign, currency, multiplier, tax words and the one run of
/// digits; anything else (`à définir`, `~10k?`, `entre 5 et 10k`) rejects.
fn scan(s: &str) -> Result<Scan, &'static str> {
    let mut sc = Scan::default();
    let mut s = s;
    // `(1 200)`, `(1 200 €)`: accounting negatives.
    let mut shift = 0;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        s = inner;
        shift = 1;
        sc.negative = true;
    }
    let bytes = s.as_bytes();
    let mut sign_seen = sc.negative;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        match c {
            c if c.is_whitespace() => {}
            '0'..='9' => {
                if sc.run.is_some() {
                    return Err("two numbers");
                }
                let run = read_run(s, i)?;
                while chars.peek().is_some_and(|&(j, _)| j < run.end) {
                    chars.next();
                }
                sc.run = Some(run);
                // `1'200.-`, `12,–`: Swiss and German "no cents".
                if let Some(&(_, m @ ('.' | ','))) = chars.peek() {
                    let rest = &s[run.end + 1..];
                    if rest.starts_with(['-', '–', '—']) {
                        sc.whole_marker = sep_class(m);
                        chars.next();
                        chars.next();
                    }
                }
            }
            '.' | ',' if sc.run.is_none() && next.is_some_and(|n| n.is_ascii_digit()) => {
                let run = read_run(s, i)?;
                while chars.peek().is_some_and(|&(j, _)| j < run.end) {
                    chars.next();
                }
                sc.run = Some(run);
            }
            '-' | '\u{2212}' | '\u{2013}' => {
                if sign_seen {
                    return Err("two signs");
                }
                sign_seen = true;
                sc.negative = true;
                if sc.run.is_some() {
                    // `1200-` (trailing minus of accounting exports): nothing
                    // but a currency or spaces may follow.
                    if s[i + c.len_utf8()..].bytes().any(|b| b.is_ascii_digit()) {
                        return Err("unexpected `-`");
                    }
                }
            }
            '+' => {
                if sign_seen || sc.run.is_some() {
                    return Err("unexpected `+`");
                }
                sign_seen = true;
            }
            '€' => sc.set_currency(Currency::Code("EUR"))?,
            '£' => {
                sc.set_currency(Currency::Code("GBP"))?;
                sc.english_prefix |= sc.run.is_none();
            }
            '$' => {
                sc.set_currency(Currency::Dollar)?;
                sc.english_prefix |= sc.run.is_none();
            }
            '¥' => sc.set_currency(Currency::Code("JPY"))?,
            '₹' => sc.set_currency(Currency::Code("INR"))?,
            c if c.is_alphabetic() => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, n)) = chars.peek() {
                    if n.is_alphabetic()
                        || (n == '.' && !bytes[j.saturating_sub(1)].is_ascii_digit())
                    {
                        end = j + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let word = &s[i..end];
                let mut key = StackBuf::default();
                for w in word.chars() {
                    if w == '.' {
                        continue;
                    }
                    if !w.is_ascii_alphabetic() || key.len >= key.buf.len() {
                        return Err("unknown word");
                    }
                    key.push(w.to_ascii_lowercase() as u8);
                }
                // `US$`, `CA$`, `A$`: a dollar with its country.
                if let Some(&(_, '$')) = chars.peek() {
                    let code = match key.as_str() {
                        "us" => "USD",
                        "ca" | "c" | "can" => "CAD",
                        "a" | "au" => "AUD",
                        "nz" => "NZD",
                        "hk" => "HKD",
                        "s" | "sg" => "SGD",
                        "k" | "m" => {
                            sc.set_multiplier(if key.as_str() == "k" { 3 } else { 6 })?;
                            continue;
                        }
                        _ => return Err("unknown word"),
                    };
                    chars.next();
                    sc.set_currency(Currency::Code(code))?;
                    sc.english_prefix |= sc.run.is_none();
                    continue;
                }
                apply_word(&mut sc, key.as_str())?;
            }
            _ => return Err("unexpected character"),
        }
    }
    if let Some(run) = &mut sc.run {
        run.start += shift;
        run.end += shift;
        run.last_sep += shift;
    }
    Ok(sc)
}

fn apply_word(sc: &mut Scan, w: &str) -> Result<(), &'static str> {
    if let Some(c) = currency_word(w) {
        return sc.set_currency(c);
    }
    if let Some(m) = multiplier_word(w) {
        return sc.set_multiplier(m);
    }
    match w {
        "ht" | "htva" | "hors" | "excl" | "ex" | "exc" => {
            return sc.set_tax(Some(TaxBasis::Excluded));
        }
        "ttc" | "tvac" | "incl" | "inc" | "tvc" => return sc.set_tax(Some(TaxBasis::Included)),
        "tva" | "vat" | "taxe" | "taxes" | "tax" => return sc.set_tax(None),
        _ => {}
    }
    // `k€` written as one word: `kEUR`, `KE`, `MEUR`, `kCHF`.
    let (m, rest) = match w.as_bytes().first() {
        Some(b'k') => (3, &w[1..]),
        Some(b'm') => (6, &w[1..]),
        _ => return Err("unknown word"),
    };
    let c = match rest {
        "e" => Currency::Code("EUR"),
        _ => currency_word(rest).ok_or("unknown word")?,
    };
    sc.set_multiplier(m)?;
    sc.set_currency(c)
}

fn multiplier_word(w: &str) -> Option<u32> {
    Some(match w {
        "k" | "mille" => 3,
        "m" | "mm" | "mn" | "mio" | "mios" | "million" | "millions" => 6,
        "b" | "bn" | "md" | "mds" | "mrd" | "mrds" | "milliard" | "milliards" | "billion"
        | "billions" => 9,
        _ => return None,
    })
}

/// Currency words and the ISO 4217 codes a European sales team meets.
fn currency_word(w: &str) -> Option<Currency> {
    let code = match w {
        "eur" | "euro" | "euros" => "EUR",
        "dollar" | "dollars" => return Some(Currency::Dollar),
        "usd" => "USD",
        "gbp" | "pound" | "pounds" | "sterling" => "GBP",
        "chf" | "fr" | "sfr" | "frs" => "CHF",
        "cad" => "CAD",
        "aud" => "AUD",
        "nzd" => "NZD",
        "jpy" | "yen" => "JPY",
        "cny" | "rmb" | "yuan" => "CNY",
        "hkd" => "HKD",
        "sgd" => "SGD",
        "sek" => "SEK",
        "nok" => "NOK",
        "dkk" => "DKK",
        "pln" => "PLN",
        "czk" => "CZK",
        "huf" => "HUF",
        "ron" => "RON",
        "bgn" => "BGN",
        "try" => "TRY",
        "mad" => "MAD",
        "tnd" => "TND",
        "dzd" => "DZD",
        "xof" => "XOF",
        "xaf" => "XAF",
        "inr" => "INR",
        "brl" => "BRL",
        "mxn" => "MXN",
        "zar" => "ZAR",
        "aed" => "AED",
        "sar" => "SAR",
        "ils" => "ILS",
        "krw" => "KRW",
        _ => return None,
    };
    Some(Currency::Code(code))
}

/// The run of digits and separators starting at byte `start`: a separator
/// belongs to it only when a digit follows at once (`12 500 €` stops before
/// ` €`).
fn read_run(s: &str, start: usize) -> Result<Run, &'static str> {
    let b = s.as_bytes();
    let mut run = Run {
        start,
        end: start,
        groups: [0; MAX_GROUPS],
        seps: [Sep::Space; MAX_GROUPS],
        n: 1,
        last_sep: start,
        first_digit_zero: b.get(start) == Some(&b'0'),
    };
    let mut i = start;
    while let Some(c) = s[i..].chars().next() {
        if c.is_ascii_digit() {
            run.groups[run.n - 1] = run.groups[run.n - 1].saturating_add(1);
            i += 1;
            continue;
        }
        let Some(sep) = sep_class(c) else { break };
        let after = i + c.len_utf8();
        if !b.get(after).is_some_and(u8::is_ascii_digit) {
            break;
        }
        if run.n == MAX_GROUPS {
            return Err("too many digit groups");
        }
        if run.n == 1 && run.groups[0] == 0 && !matches!(sep, Sep::Dot | Sep::Comma) {
            break;
        }
        run.seps[run.n - 1] = sep;
        run.last_sep = i;
        run.n += 1;
        i = after;
    }
    run.end = i;
    if run.groups[..run.n].iter().map(|&g| usize::from(g)).sum::<usize>() > 40 {
        return Err("too many digits");
    }
    Ok(run)
}

/// A small fixed buffer: formatting a float or folding a word without
/// allocating.
struct StackBuf {
    buf: [u8; 40],
    len: usize,
}

impl Default for StackBuf {
    fn default() -> StackBuf {
        StackBuf { buf: [0; 40], len: 0 }
    }
}

impl StackBuf {
    fn push(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}
