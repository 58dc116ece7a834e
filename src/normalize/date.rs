//! Dates, as a [`NaiveDate`].
//!
//! A date column of a sales sheet holds real dates (typed cells), Excel
//! serials that lost their format (`45000`), and text: `26/11/2026`,
//! `11/26/2026`, `26-nov-2026`, `lundi 26 novembre 2026`, `1er décembre`,
//! `Nov 26, 2026`, `2026-11-26T10:00:00Z`, and things that are not dates at
//! all (`fin mars`, `ASAP`, `T4`). This module reads the dates and says why
//! the rest is not one.
//!
//! Rules, and why:
//! - **Day/month order** is learnt per column ([`infer_date_order`]: a first
//!   part above 12 proves day-first, a second part above 12 month-first),
//!   then taken from `[locale] date_order`, where `auto` means the country's
//!   habit (FR, BE, CH, GB… day first; US month first). A value whose own
//!   parts settle the order (`26/11/2026`) is read that way whatever the
//!   column says. [`IssueKind::AmbiguousDate`] is raised only when neither
//!   the column nor the locale answers (`auto` with a country without one
//!   habit, such as CA, or no country): flagging every `03/04/2026` of a
//!   French team would drown the report in noise it cannot act on.
//! - **No date part is invented**: a year alone (`2026`), a month
//!   (`déc. 2026`, `11/2026`) or a day without a year (`12/12`) is
//!   [`IssueKind::NotADate`] in a date column, with what was understood in
//!   the message; a made-up day would silently become data in the CRM. The
//!   sentence helpers ([`parse_date_text`], [`find_date_in_text`]) do resolve
//!   a day without a year, to its first occurrence from three months before
//!   `locale.today` on: actions are planned ahead, so in June `Rappeler le
//!   12/12` is this December and `3 mars` next March, but a date a few
//!   weeks past is an action the team has not done yet, overdue (`02/11`
//!   written in late November is this year's), not one a year away. A
//!   quarter is how long a forgotten action plausibly stays in a pipeline
//!   sheet unchanged.
//! - **Two-digit years** fall in `today - 79 ..= today + 20` years.
//! - **Implausible years** (before 1900, more than 20 years after
//!   `locale.today`, or more than 50 years before it) keep the date and add
//!   [`IssueKind::ImplausibleDate`]: `2062` for `2026` or `0226` is a typo, but
//!   the person fixing it needs to see what was read. Fifty years back
//!   leaves room for the creation dates of an old CRM.
//! - **Numbers in a date column** are Excel serials in the 1900 system
//!   (ingest already converted 1904 workbooks' typed dates); an integer from
//!   1900 to 2100 is a year, and `20261126` is read as `yyyymmdd`.
//! - **Time and time zone** are dropped: the date is the one written
//!   (`2026-11-26T23:30:00-05:00` is 2026-11-26).

use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::{DateOrder, Locale, Normalized};
use crate::ingest::Cell;
use crate::model::IssueKind;

#[cfg(test)]
mod tests;

/// Learn a column's day/month order from its text values (any first part
/// above 12 settles it), falling back on the locale.
pub fn infer_date_order<'a>(
    values: impl IntoIterator<Item = &'a str>,
    locale: &Locale,
) -> DateOrder {
    date_order_evidence(values).order(locale)
}

/// What a column's values prove about their day/month order; the caller
/// reports a column where both kinds of evidence appear
/// ([`DateOrderEvidence::is_mixed`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateOrderEvidence {
    /// Values such as `26/11/2026`: only day-first reads them.
    pub day_first: usize,
    /// Values such as `11/26/2026`: only month-first reads them.
    pub month_first: usize,
}

impl DateOrderEvidence {
    /// The column's order: the only kind of evidence, or the majority when
    /// both appear; the locale's `date_order` (maybe `Auto`) otherwise.
    pub fn order(&self, locale: &Locale) -> DateOrder {
        if self.day_first > self.month_first {
            DateOrder::Dmy
        } else if self.month_first > self.day_first {
            DateOrder::Mdy
        } else {
            locale.date_order
        }
    }

    /// Both day-first and month-first values: someone pasted dates from
    /// another system, and the ambiguous ones cannot be trusted.
    pub fn is_mixed(&self) -> bool {
        self.day_first > 0 && self.month_first > 0
    }
}

/// Count the column's values whose own parts settle the day/month order.
pub fn date_order_evidence<'a>(values: impl IntoIterator<Item = &'a str>) -> DateOrderEvidence {
    let mut ev = DateOrderEvidence::default();
    for v in values {
        let mut toks = Toks::default();
        if !toks.fill(v) {
            continue;
        }
        if let Some((Shape::Numeric { a, b, .. }, _)) = match_cell(toks.as_slice()) {
            match (a > 12, b > 12) {
                (true, false) => ev.day_first += 1,
                (false, true) => ev.month_first += 1,
                _ => {}
            }
        }
    }
    ev
}

/// The habit of a country for dates written with numbers only: `None` when
/// it has none (Canada writes both) or the country is unknown.
pub fn country_date_order(country: &str) -> Option<DateOrder> {
    match country {
        "US" | "PH" | "FM" | "MH" | "PW" => Some(DateOrder::Mdy),
        "CA" | "" => None,
        "CN" | "JP" | "KR" | "TW" | "HU" | "LT" | "MN" => Some(DateOrder::Ymd),
        c if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(DateOrder::Dmy),
        _ => None,
    }
}

/// Normalize a date cell: a date-typed cell, an Excel serial number, or
/// text in one of the many ways people write dates.
pub fn normalize_date(cell: &Cell, order: DateOrder, locale: &Locale) -> Normalized<NaiveDate> {
    match cell {
        Cell::Empty => Normalized::none(),
        Cell::Date(dt) => plausible(Normalized::ok(dt.date()), dt.date(), locale),
        Cell::Number(n) => from_number(*n, locale),
        Cell::Text(s) => normalize_date_text(s, order, locale),
        Cell::Bool(_) | Cell::Duration(_) => {
            Normalized::invalid(IssueKind::NotADate, format!("`{}` is not a date", cell.to_text()))
        }
    }
}

/// Normalize a date written as text (see [`normalize_date`]).
pub fn normalize_date_text(raw: &str, order: DateOrder, locale: &Locale) -> Normalized<NaiveDate> {
    let s = raw.trim();
    if s.is_empty() {
        return Normalized::none();
    }
    let not_a_date =
        |why: &str| Normalized::invalid(IssueKind::NotADate, format!("`{s}` is not a date{why}"));
    let mut toks = Toks::default();
    if !toks.fill(s) {
        return not_a_date("");
    }
    let Some((shape, _)) = match_cell(toks.as_slice()) else {
        return not_a_date("");
    };
    let (y, m, d, ambiguous) = match shape {
        Shape::YearOnly(y) => return not_a_date(&format!(": a year ({y}), no day")),
        Shape::MonthYear { y, m } => {
            let y = expand_year(y, locale.today);
            return not_a_date(&format!(": a month ({y}-{m:02}), no day"));
        }
        Shape::DayMonth { .. } | Shape::Numeric { y: None, .. } => {
            return not_a_date(": no year");
        }
        Shape::Serial(n) => return from_number(f64::from(n), locale),
        Shape::Full { y, m, d } => (expand_year(y, locale.today), m, d, None),
        Shape::Numeric { a, b, y: Some(y) } => {
            let y = expand_year(y, locale.today);
            match settle(a, b, order, locale) {
                Settled::Dmy => (y, b, a, None),
                Settled::Mdy => (y, a, b, None),
                Settled::Neither => {
                    return not_a_date(": neither day/month nor month/day");
                }
                Settled::Guess => (y, b, a, Some((y, a, b))),
            }
        }
    };
    let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else {
        return not_a_date(&no_such_day(y, m, d));
    };
    let mut out = Normalized::ok(date);
    if let Some((y, m2, d2)) = ambiguous {
        let other = NaiveDate::from_ymd_opt(y, m2, d2);
        out = out.with(
            IssueKind::AmbiguousDate,
            format!(
                "`{s}` is {date} (day first) or {} (month first); read day first",
                other.map(|o| o.to_string()).unwrap_or_default()
            ),
        );
    }
    plausible(out, date, locale)
}

/// Parse a whole text as a date, as a next-action column or sentence
/// helper needs it: like [`normalize_date_text`], but a day without a year
/// (`12/12`, `3 mars`) is its first occurrence from three months before
/// `locale.today` on (see the module's notes), and
/// whatever is not a full date (a month, a year, a serial) is `None`.
/// Ambiguous day/month order follows `order`, then the country's habit, then
/// day first. Implausible years are returned as read.
pub fn parse_date_text(s: &str, order: DateOrder, locale: &Locale) -> Option<NaiveDate> {
    let mut toks = Toks::default();
    if !toks.fill(s) {
        return None;
    }
    let (shape, _) = match_cell(toks.as_slice())?;
    resolve_loose(shape, order, locale)
}

/// Find the first date inside a sentence (`Rappeler le 12/12`, `RDV lundi
/// 26 novembre 2026 à 10h`, `Call back on Dec 3rd`) and the byte range it
/// spans (a leading weekday included, a time after it not). Days without a
/// year resolve as in [`parse_date_text`]. Numbers that only look like dates
/// inside longer runs (`06.12.34.56.78`, `v1.2.3`) are skipped.
///
/// Without a written date, a date said in words relative to
/// `locale.today` counts (see [`relative_at`]): `demain`, `après-demain`,
/// `aujourd'hui`, `tomorrow`, `today`, `dans 3 jours`, `in 2 weeks`, and a
/// weekday alone (`relancer lundi`, `lundi prochain`, `next Monday`: the
/// first such day after today). A written date anywhere wins over those
/// (`lundi 12/01` is the 12th of January). Vague words (`fin mars`, `ASAP`,
/// `semaine prochaine`) are no date.
pub fn find_date_in_text(
    s: &str,
    order: DateOrder,
    locale: &Locale,
) -> Option<(NaiveDate, Range<usize>)> {
    let toks: Vec<Tok> = Lexer::new(s).collect();
    let t = toks.as_slice();
    let mut relative: Option<(NaiveDate, usize, usize)> = None;
    for i in 0..t.len() {
        if relative.is_none() {
            relative = relative_at(t, i, locale.today);
        }
        if glued_to_previous(t, i) {
            continue;
        }
        let mut tries = [Some(i), None];
        if is_weekday(&t[i]) {
            let mut j = i + 1;
            if j < t.len() && matches!(t[j].kind, Kind::Punct(',' | '.')) {
                j += 1;
            }
            tries[1] = Some(j);
        }
        for j in tries.into_iter().flatten() {
            let Some((shape, next)) = match_at(t, j, false) else { continue };
            if glued_to_next(t, next) {
                continue;
            }
            if let Some(date) = resolve_loose(shape, order, locale) {
                return Some((date, t[i].start as usize..t[next - 1].end as usize));
            }
        }
    }
    relative.map(|(date, first, next)| (date, t[first].start as usize..t[next - 1].end as usize))
}

/// A date said relative to `today` whose last word is token `i` or starts
/// there: the date, its first token and the token after it.
///
/// Only words that name one day count: a weekday is its next occurrence
/// strictly after today (`lundi` written on a Monday is next week's, as
/// people mean it), `prochain` after it or `next` before it change nothing
/// but the range. Weekday abbreviations are left out: `mar`, `sam`, `dim`,
/// `mon` are also a month, names and words.
fn relative_at(t: &[Tok], i: usize, today: NaiveDate) -> Option<(NaiveDate, usize, usize)> {
    let word = |k: usize| t.get(k).filter(|x| x.kind == Kind::Word).map(Tok::key);
    let days = |n: u64| today.checked_add_days(Days::new(n));
    let key = word(i)?;
    match key {
        b"demain" => {
            // `après-demain`, `après demain`.
            let apres = if i >= 1 && word(i - 1) == Some(b"apres") {
                Some(i - 1)
            } else if i >= 2 && t[i - 1].kind == Kind::Punct('-') && word(i - 2) == Some(b"apres") {
                Some(i - 2)
            } else {
                None
            };
            match apres {
                Some(first) => Some((days(2)?, first, i + 1)),
                None => Some((days(1)?, i, i + 1)),
            }
        }
        b"tomorrow" => {
            // `after tomorrow`, `the day after tomorrow`.
            if i >= 1 && word(i - 1) == Some(b"after") {
                let first = if i >= 2 && word(i - 2) == Some(b"day") { i - 2 } else { i - 1 };
                return Some((days(2)?, first, i + 1));
            }
            Some((days(1)?, i, i + 1))
        }
        b"today" => Some((today, i, i + 1)),
        b"aujourd" => {
            let apostrophe = matches!(t.get(i + 1).map(|x| x.kind), Some(Kind::Punct('\'' | '’')));
            (apostrophe && word(i + 2) == Some(b"hui")).then_some((today, i, i + 3))
        }
        b"dans" | b"in" => {
            let n = t.get(i + 1).filter(|x| x.kind == Kind::Num && x.len <= 3)?.num;
            let date = match word(i + 2)? {
                b"jour" | b"jours" | b"day" | b"days" => days(u64::from(n))?,
                b"semaine" | b"semaines" | b"week" | b"weeks" => days(7 * u64::from(n))?,
                b"mois" | b"month" | b"months" => today.checked_add_months(Months::new(n))?,
                _ => return None,
            };
            Some((date, i, i + 3))
        }
        b"next" => Some((next_weekday(weekday_of(word(i + 1)?)?, today)?, i, i + 2)),
        _ => {
            let wd = weekday_of(key)?;
            let next =
                if matches!(word(i + 1), Some(b"prochain" | b"prochaine")) { i + 2 } else { i + 1 };
            Some((next_weekday(wd, today)?, i, next))
        }
    }
}

/// A weekday written in full, in French or English.
fn weekday_of(key: &[u8]) -> Option<Weekday> {
    Some(match key {
        b"lundi" | b"monday" => Weekday::Mon,
        b"mardi" | b"tuesday" => Weekday::Tue,
        b"mercredi" | b"wednesday" => Weekday::Wed,
        b"jeudi" | b"thursday" => Weekday::Thu,
        b"vendredi" | b"friday" => Weekday::Fri,
        b"samedi" | b"saturday" => Weekday::Sat,
        b"dimanche" | b"sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The first `wd` strictly after `today`.
fn next_weekday(wd: Weekday, today: NaiveDate) -> Option<NaiveDate> {
    let ahead = (7 + wd.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    today.checked_add_days(Days::new(if ahead == 0 { 7 } else { u64::from(ahead) }))
}

fn resolve_loose(shape: Shape, order: DateOrder, locale: &Locale) -> Option<NaiveDate> {
    let (y, m, d) = match shape {
        Shape::Full { y, m, d } => (expand_year(y, locale.today), m, d),
        Shape::Numeric { a, b, y } => {
            let (m, d) = match settle(a, b, order, locale) {
                Settled::Dmy | Settled::Guess => (b, a),
                Settled::Mdy => (a, b),
                Settled::Neither => return None,
            };
            match y {
                Some(y) => (expand_year(y, locale.today), m, d),
                None => return day_month_from(m, d, locale.today),
            }
        }
        Shape::DayMonth { d, m } => return day_month_from(m, d, locale.today),
        Shape::MonthYear { .. } | Shape::YearOnly(_) | Shape::Serial(_) => return None,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The first `d/m` from three months before `today` on (a 29 February
/// waits for a leap year).
fn day_month_from(m: u32, d: u32, today: NaiveDate) -> Option<NaiveDate> {
    let from = today.checked_sub_months(Months::new(3))?;
    (from.year()..from.year() + 9)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .find(|&date| date >= from)
}

enum Settled {
    Dmy,
    Mdy,
    /// Nothing settles it: read day first, and flag.
    Guess,
    Neither,
}

/// Which of `a/b` is the day: the value's own parts, then the column's or
/// configured order, then the country's habit.
fn settle(a: u32, b: u32, order: DateOrder, locale: &Locale) -> Settled {
    match (a > 12, b > 12) {
        (true, true) => return Settled::Neither,
        (true, false) => return Settled::Dmy,
        (false, true) => return Settled::Mdy,
        _ if a == b => return Settled::Dmy,
        _ => {}
    }
    // `Ymd` only concerns dates that start with the year, always read
    // year first; for `a/b/y` it says nothing, like `Auto`.
    let order = match order {
        DateOrder::Dmy | DateOrder::Mdy => order,
        DateOrder::Auto | DateOrder::Ymd => match locale.date_order {
            DateOrder::Dmy | DateOrder::Mdy => locale.date_order,
            _ => country_date_order(&locale.country).unwrap_or(DateOrder::Auto),
        },
    };
    match order {
        DateOrder::Dmy => Settled::Dmy,
        DateOrder::Mdy => Settled::Mdy,
        // A Ymd country writing `a/b/y`: day first is the world's habit.
        DateOrder::Ymd => Settled::Dmy,
        DateOrder::Auto => Settled::Guess,
    }
}

fn from_number(n: f64, locale: &Locale) -> Normalized<NaiveDate> {
    if n.fract() == 0.0 && (1900.0..=2100.0).contains(&n) {
        return Normalized::invalid(IssueKind::NotADate, format!("`{n}` is a year, no day"));
    }
    if n.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(&n) {
        let v = n as u32;
        return match NaiveDate::from_ymd_opt((v / 10_000) as i32, v / 100 % 100, v % 100) {
            Some(d) => Normalized::ok(d),
            None => Normalized::invalid(IssueKind::NotADate, format!("`{v}` is not a date")),
        };
    }
    match excel_serial(n) {
        Some(date) => plausible(Normalized::ok(date), date, locale),
        None => Normalized::invalid(
            IssueKind::NotADate,
            format!("`{}` is not a date serial", crate::ingest::cell::format_number(n)),
        ),
    }
}

/// A day number of Excel's 1900 system (1 = 1900-01-01, with Lotus's
/// fictitious 1900-02-29 at 60); the fraction is the time of day.
pub fn excel_serial(n: f64) -> Option<NaiveDate> {
    if !n.is_finite() || !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    let days = n.floor() as i64;
    if days == 60 {
        return None;
    }
    let base = if days < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    base.checked_add_days(chrono::Days::new(days as u64))
}

fn plausible(
    out: Normalized<NaiveDate>,
    date: NaiveDate,
    locale: &Locale,
) -> Normalized<NaiveDate> {
    let (y, now) = (date.year(), locale.today.year());
    if y < 1900 || y > now + 20 || y < now - 50 {
        out.with(IssueKind::ImplausibleDate, format!("{date}: year {y} is implausible in {now}"))
    } else {
        out
    }
}

fn no_such_day(y: i32, m: u32, d: u32) -> String {
    if !(1..=12).contains(&m) {
        return format!(": there is no month {m}");
    }
    format!(": there is no day {d} in {} {y}", MONTH_NAMES[m as usize - 1])
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A year as written: `26` and `2026` differ until [`expand_year`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Year {
    v: u32,
    digits: u8,
}

/// Two-digit years fall within `today - 79 ..= today + 20`.
fn expand_year(y: Year, today: NaiveDate) -> i32 {
    if y.digits != 2 {
        return y.v as i32;
    }
    let top = today.year() + 20;
    let year = top - top.rem_euclid(100) + y.v as i32;
    if year > top { year - 100 } else { year }
}

/// What the tokens say, before the day/month order and the year's century
/// are settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Year, month and day known: ISO, or a month written as a word.
    Full {
        y: Year,
        m: u32,
        d: u32,
    },
    /// `a/b/y` or `a/b`: which of `a`, `b` is the day is the question.
    Numeric {
        a: u32,
        b: u32,
        y: Option<Year>,
    },
    /// `26 nov.`, `Nov 26`: no year.
    DayMonth {
        d: u32,
        m: u32,
    },
    /// `déc. 2026`, `11/2026`, `Nov-26` (Excel's `mmm-yy`).
    MonthYear {
        y: Year,
        m: u32,
    },
    YearOnly(u32),
    /// `45000` as text: an Excel serial that lost its cell type.
    Serial(u32),
}

/// Match a whole cell: an optional weekday, the date, an optional time.
fn match_cell(t: &[Tok]) -> Option<(Shape, usize)> {
    let full = |start: usize| -> Option<(Shape, usize)> {
        let (shape, next) = match_at(t, start, true)?;
        (skip_time(t, next)? == t.len()).then_some((shape, next))
    };
    if let Some(m) = full(0) {
        return Some(m);
    }
    if t.first().is_some_and(is_weekday) {
        let j =
            if matches!(t.get(1).map(|x| x.kind), Some(Kind::Punct(',' | '.'))) { 2 } else { 1 };
        return full(j);
    }
    None
}

/// The date shape starting at token `i`, and the index after it. `cell`:
/// the whole cell is a date, so looser forms are allowed (a 2-digit year
/// after a month name, a lone year, a serial); in a sentence they would
/// catch numbers that are not dates.
fn match_at(t: &[Tok], i: usize, cell: bool) -> Option<(Shape, usize)> {
    let tok = t.get(i)?;
    match tok.kind {
        Kind::Num => {}
        Kind::Word => return match_month_first(t, i, cell),
        Kind::Punct(_) => return None,
    }
    let (a, alen) = (tok.num, tok.len);
    let sep_num = |k: usize, seps: &[char]| -> Option<(char, u32, u8)> {
        let p = t.get(k)?;
        let n = t.get(k + 1)?;
        match (p.kind, n.kind) {
            (Kind::Punct(c), Kind::Num)
                if seps.contains(&c) && !p.space_before && !n.space_before =>
            {
                Some((c, n.num, n.len))
            }
            _ => None,
        }
    };
    match alen {
        4 => {
            if let Some((p, m, mlen)) = sep_num(i + 1, &['-', '/', '.']) {
                if mlen > 2 {
                    return None;
                }
                if let Some((_, d, dlen)) = sep_num(i + 3, &[p]) {
                    return (dlen <= 2)
                        .then_some((Shape::Full { y: Year { v: a, digits: 4 }, m, d }, i + 5));
                }
                return (cell && (1..=12).contains(&m))
                    .then_some((Shape::MonthYear { y: Year { v: a, digits: 4 }, m }, i + 3));
            }
            if cell && t.len() == i + 1 {
                return Some((Shape::YearOnly(a), i + 1));
            }
            if cell && let Some(m) = t.get(i + 1).and_then(month_of) {
                // `2026 nov. 26`? Rare; but `2026 novembre` is a month.
                if t.len() == i + 2 {
                    return Some((Shape::MonthYear { y: Year { v: a, digits: 4 }, m }, i + 2));
                }
            }
            None
        }
        5 if cell && t.len() == i + 1 && a >= 10_000 => Some((Shape::Serial(a), i + 1)),
        8 if cell && t.len() == i + 1 => {
            let (y, m, d) = (a / 10_000, a / 100 % 100, a % 100);
            ((1900..=2100).contains(&y) && NaiveDate::from_ymd_opt(y as i32, m, d).is_some())
                .then_some((Shape::Full { y: Year { v: y, digits: 4 }, m, d }, i + 1))
        }
        1 | 2 => {
            // `1er`, `26th`.
            let mut j = i + 1;
            if t.get(j).is_some_and(|w| !w.space_before && is_ordinal(w)) {
                j += 1;
            }
            if let Some(found) = match_day_first_word(t, j, a, cell) {
                return Some(found);
            }
            if j != i + 1 {
                return None;
            }
            let (p, b, blen) = sep_num(i + 1, &['/', '-', '.'])?;
            if blen > 2 {
                if blen == 4 && cell && (1..=12).contains(&a) && p != '.' {
                    return Some((Shape::MonthYear { y: Year { v: b, digits: 4 }, m: a }, i + 3));
                }
                return None;
            }
            if let Some((_, y, ylen)) = sep_num(i + 3, &[p]) {
                return matches!(ylen, 2 | 4).then_some((
                    Shape::Numeric { a, b, y: Some(Year { v: y, digits: ylen }) },
                    i + 5,
                ));
            }
            // Day and month only. In a sentence, `3-4` is a range and `1.5`
            // a number: only `12/12` and `26.11` count.
            let ok = cell || p == '/' || (p == '.' && alen == 2 && blen == 2);
            ok.then_some((Shape::Numeric { a, b, y: None }, i + 3))
        }
        _ => None,
    }
}

/// `26 nov. 2026`, `26-nov-2026`, `1er décembre`, `26th of November 2026`.
fn match_day_first_word(t: &[Tok], mut k: usize, d: u32, cell: bool) -> Option<(Shape, usize)> {
    let mut sep = false;
    if let Some(Kind::Punct('-' | '.' | '/')) = t.get(k).map(|x| x.kind) {
        k += 1;
        sep = true;
    }
    if t.get(k).is_some_and(|w| word_is(w, b"of") || word_is(w, b"de")) {
        k += 1;
    }
    let m = month_of(t.get(k)?)?;
    k += 1;
    if t.get(k).is_some_and(|p| p.kind == Kind::Punct('.') && !p.space_before) {
        k += 1;
    }
    let after_month = k;
    let mut ysep = false;
    if let Some(Kind::Punct('-' | '/' | ',' | '.')) = t.get(k).map(|x| x.kind) {
        k += 1;
        ysep = true;
    }
    if let Some(y) = t.get(k).filter(|y| y.kind == Kind::Num && !is_time_at(t, k)) {
        let two_ok = cell || (sep && ysep);
        if y.len == 4 || (y.len == 2 && two_ok) {
            return Some((Shape::Full { y: Year { v: y.num, digits: y.len }, m, d }, k + 1));
        }
    }
    Some((Shape::DayMonth { d, m }, after_month))
}

/// `Nov 26, 2026`, `November 26th, 2026`, `déc. 2026`, `Nov-26`.
fn match_month_first(t: &[Tok], i: usize, cell: bool) -> Option<(Shape, usize)> {
    let m = month_of(&t[i])?;
    let mut k = i + 1;
    if t.get(k).is_some_and(|p| p.kind == Kind::Punct('.') && !p.space_before) {
        k += 1;
    }
    let dash = matches!(t.get(k).map(|x| x.kind), Some(Kind::Punct('-' | '/')));
    if dash {
        k += 1;
    }
    let n = t.get(k).filter(|n| n.kind == Kind::Num)?;
    if n.len == 4 {
        return cell.then_some((Shape::MonthYear { y: Year { v: n.num, digits: 4 }, m }, k + 1));
    }
    if n.len > 2 {
        return None;
    }
    if dash && cell && n.len == 2 && t.len() == k + 1 {
        // Excel's `mmm-yy`: `Nov-26` is November 2026.
        return Some((Shape::MonthYear { y: Year { v: n.num, digits: 2 }, m }, k + 1));
    }
    let d = n.num;
    k += 1;
    if t.get(k).is_some_and(|w| !w.space_before && is_ordinal(w)) {
        k += 1;
    }
    let after_day = k;
    if let Some(Kind::Punct(',')) = t.get(k).map(|x| x.kind) {
        k += 1;
    }
    if let Some(y) = t.get(k).filter(|y| {
        y.kind == Kind::Num && !is_time_at(t, k) && (y.len == 4 || (y.len == 2 && cell))
    }) {
        return Some((Shape::Full { y: Year { v: y.num, digits: y.len }, m, d }, k + 1));
    }
    Some((Shape::DayMonth { d, m }, after_day))
}

/// A number that starts a time (`14h`, `14:30`), not a year.
fn is_time_at(t: &[Tok], k: usize) -> bool {
    t.get(k + 1).is_some_and(|n| {
        !n.space_before
            && (n.kind == Kind::Punct(':')
                || word_is(n, b"h")
                || word_is(n, b"am")
                || word_is(n, b"pm"))
    })
}

/// Skip a time after a date: `T10:00:00Z`, ` 10:00`, ` à 10h30`, `, 3 pm`,
/// `+01:00`. Returns the index after it (unchanged when there is none).
fn skip_time(t: &[Tok], i: usize) -> Option<usize> {
    if i == t.len() {
        return Some(i);
    }
    let mut k = i;
    let is = |k: usize, w: &[u8]| t.get(k).is_some_and(|x| word_is(x, w));
    let punct = |k: usize| match t.get(k).map(|x| x.kind) {
        Some(Kind::Punct(c)) => Some(c),
        _ => None,
    };
    let num = |k: usize| t.get(k).filter(|x| x.kind == Kind::Num).map(|x| x.len);
    if is(k, b"t") || is(k, b"a") || is(k, b"at") || matches!(punct(k), Some(',' | '-' | '@')) {
        k += 1;
    }
    if !matches!(num(k), Some(1 | 2)) {
        return None;
    }
    k += 1;
    if punct(k) == Some(':') && num(k + 1) == Some(2) {
        k += 2;
        if punct(k) == Some(':') && num(k + 1) == Some(2) {
            k += 2;
            if matches!(punct(k), Some('.' | ',')) && num(k + 1).is_some() {
                k += 2;
            }
        }
    } else if is(k, b"h") {
        k += 1;
        if num(k) == Some(2) {
            k += 1;
        }
    } else if !(is(k, b"am") || is(k, b"pm")) {
        return None;
    }
    if is(k, b"am") || is(k, b"pm") {
        k += 1;
    }
    if is(k, b"z") || is(k, b"utc") || is(k, b"gmt") || is(k, b"cet") || is(k, b"cest") {
        k += 1;
    }
    if matches!(punct(k), Some('+' | '-')) && matches!(num(k + 1), Some(2 | 4)) {
        k += 2;
        if punct(k) == Some(':') && num(k + 1) == Some(2) {
            k += 2;
        }
    }
    Some(k)
}

fn glued_to_previous(t: &[Tok], i: usize) -> bool {
    if i == 0 || t[i].space_before {
        return false;
    }
    match t[i - 1].kind {
        Kind::Num | Kind::Word => true,
        Kind::Punct(c) => {
            matches!(c, '/' | '.' | '-' | ':' | ',')
                && i >= 2
                && !t[i - 1].space_before
                && t[i - 2].kind == Kind::Num
        }
    }
}

fn glued_to_next(t: &[Tok], next: usize) -> bool {
    let Some(n) = t.get(next) else { return false };
    if n.space_before {
        return false;
    }
    let num_follows = t.get(next + 1).is_some_and(|x| x.kind == Kind::Num && !x.space_before);
    match n.kind {
        Kind::Num => true,
        // ISO's `T10:00` is a time, not more of a longer word.
        Kind::Word => !(word_is(n, b"t") && num_follows),
        Kind::Punct(c) => matches!(c, '/' | '.' | '-' | ':' | ',') && num_follows,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Num,
    Word,
    Punct(char),
}

/// A token: a run of ASCII digits, a run of letters (folded to ASCII lower
/// case, accents dropped), or one other character.
#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    /// Digits of a number; bytes of a word's key (0: a word no table knows).
    len: u8,
    num: u32,
    key: [u8; 10],
    start: u32,
    end: u32,
    space_before: bool,
}

impl Tok {
    fn key(&self) -> &[u8] {
        &self.key[..usize::from(self.len)]
    }
}

fn word_is(t: &Tok, w: &[u8]) -> bool {
    t.kind == Kind::Word && t.key() == w
}

fn is_ordinal(t: &Tok) -> bool {
    t.kind == Kind::Word
        && matches!(t.key(), b"er" | b"re" | b"e" | b"eme" | b"st" | b"nd" | b"rd" | b"th")
}

fn is_weekday(t: &Tok) -> bool {
    t.kind == Kind::Word
        && matches!(
            t.key(),
            b"lundi"
                | b"mardi"
                | b"mercredi"
                | b"jeudi"
                | b"vendredi"
                | b"samedi"
                | b"dimanche"
                | b"lun"
                | b"mar"
                | b"mer"
                | b"jeu"
                | b"ven"
                | b"sam"
                | b"dim"
                | b"monday"
                | b"tuesday"
                | b"wednesday"
                | b"thursday"
                | b"friday"
                | b"saturday"
                | b"sunday"
                | b"mon"
                | b"tue"
                | b"tues"
                | b"wed"
                | b"thu"
                | b"thur"
                | b"thurs"
                | b"fri"
                | b"sat"
                | b"sun"
        )
}

/// French and English month names and their usual abbreviations.
fn month_of(t: &Tok) -> Option<u32> {
    if t.kind != Kind::Word {
        return None;
    }
    Some(match t.key() {
        b"janvier" | b"janv" | b"jan" | b"january" => 1,
        b"fevrier" | b"fevr" | b"fev" | b"february" | b"feb" => 2,
        b"mars" | b"mar" | b"march" => 3,
        b"avril" | b"avr" | b"april" | b"apr" => 4,
        b"mai" | b"may" => 5,
        b"juin" | b"june" | b"jun" => 6,
        b"juillet" | b"juil" | b"july" | b"jul" => 7,
        b"aout" | b"august" | b"aug" => 8,
        b"septembre" | b"sept" | b"sep" | b"september" => 9,
        b"octobre" | b"oct" | b"october" => 10,
        b"novembre" | b"nov" | b"november" => 11,
        b"decembre" | b"dec" | b"december" => 12,
        _ => return None,
    })
}

fn fold_letter(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_lowercase() as u8);
    }
    Some(match c {
        'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => b'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' | 'ᵉ' => b'e',
        'î' | 'ï' | 'Î' | 'Ï' => b'i',
        'ô' | 'ö' | 'Ô' | 'Ö' => b'o',
        'û' | 'ù' | 'ü' | 'Û' | 'Ù' | 'Ü' => b'u',
        'ç' | 'Ç' => b'c',
        'ʳ' => b'r',
        _ => return None,
    })
}

struct Lexer<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a str) -> Lexer<'a> {
        Lexer { s, pos: 0 }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        let rest = &self.s[self.pos..];
        let trimmed = rest.trim_start();
        let space_before = trimmed.len() != rest.len();
        let start = self.pos + (rest.len() - trimmed.len());
        let c = trimmed.chars().next()?;
        let mut tok = Tok {
            kind: Kind::Punct(c),
            len: 0,
            num: 0,
            key: [0; 10],
            start: start as u32,
            end: (start + c.len_utf8()) as u32,
            space_before,
        };
        if c.is_ascii_digit() {
            let n = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            tok.kind = Kind::Num;
            tok.len = n.min(255) as u8;
            tok.num = trimmed.as_bytes()[..n]
                .iter()
                .fold(0u32, |acc, b| acc.saturating_mul(10).saturating_add(u32::from(b - b'0')));
            tok.end = (start + n) as u32;
        } else if c.is_alphabetic() {
            tok.kind = Kind::Word;
            let mut len = 0usize;
            let mut known = true;
            let mut end = start;
            for ch in trimmed.chars() {
                if !ch.is_alphabetic() {
                    break;
                }
                end += ch.len_utf8();
                match fold_letter(ch) {
                    Some(b) if len < tok.key.len() => {
                        tok.key[len] = b;
                        len += 1;
                    }
                    _ => known = false,
                }
            }
            tok.len = if known { len as u8 } else { 0 };
            tok.end = end as u32;
        }
        self.pos = tok.end as usize;
        Some(tok)
    }
}

const MAX_CELL_TOKENS: usize = 24;

/// A cell's tokens on the stack: a date cell has a handful, and one
/// allocation per cell would cost more than the parsing.
struct Toks {
    toks: [Tok; MAX_CELL_TOKENS],
    n: usize,
}

impl Default for Toks {
    fn default() -> Toks {
        let blank = Tok {
            kind: Kind::Punct(' '),
            len: 0,
            num: 0,
            key: [0; 10],
            start: 0,
            end: 0,
            space_before: false,
        };
        Toks { toks: [blank; MAX_CELL_TOKENS], n: 0 }
    }
}

impl Toks {
    /// `false` when the text has too many tokens to be a date.
    fn fill(&mut self, s: &str) -> bool {
        if s.len() > 200 {
            return false;
        }
        for tok in Lexer::new(s) {
            if self.n == MAX_CELL_TOKENS {
                return false;
            }
            self.toks[self.n] = tok;
            self.n += 1;
        }
        true
    }

    fn as_slice(&self) -> &[Tok] {
        &self.toks[..self.n]
    }
}
