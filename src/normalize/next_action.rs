//! A deal's next action, and its date when the same cell carries it
//! (`Rappeler le 12/12`, `Relance 15/01/2027`, `RDV lundi 14h`, `Envoyer
//! devis avant le 30 novembre`, `Call back on Dec 3`).
//!
//! The whole text is the action (spaces collapsed): the date is extracted
//! beside it, never cut out, because "avant le 30 novembre" and "le 30
//! novembre" are different actions. Empty cells and placeholders (`-`, `?`,
//! `RAS`, `aucune`, `none`) are no action. When a separate next-action-date
//! column exists, [`with_date_column`] lets it win over a date read in the
//! text.

use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::{DateOrder, Locale, Normalized};
use crate::ingest::synonyms::fold;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextAction {
    pub text: String,
    pub date: Option<NaiveDate>,
}

pub fn normalize_next_action(raw: &str, locale: &Locale) -> Normalized<NextAction> {
    let text = collapse(raw);
    if !text.chars().any(char::is_alphanumeric) {
        return Normalized::none();
    }
    if text.len() <= 16 && super::placeholder::says_nothing(&fold(&text), ALSO) {
        return Normalized::none();
    }
    let date = find_date(&text, locale).map(|(d, _)| d);
    Normalized::ok(NextAction { text, date })
}

/// Combine the action cell with a separate next-action-date column (already
/// normalized by the date normalizer): the column is explicit, so its date
/// wins over one read in the text; a date without any action text is kept
/// as an action with empty text, so that "has a next action date" KPIs see
/// it.
pub fn with_date_column(
    action: Normalized<NextAction>,
    column_date: Option<NaiveDate>,
) -> Normalized<NextAction> {
    let Some(d) = column_date else { return action };
    let Normalized { value, problems } = action;
    let value = match value {
        Some(a) => NextAction { date: Some(d), ..a },
        None => NextAction { text: String::new(), date: Some(d) },
    };
    Normalized { value: Some(value), problems }
}

/// Folded cells that say "no next action", besides the common placeholders.
const ALSO: &[&str] =
    &["ras", "r a s", "rien", "sans objet", "so", "nothing", "non", "no", "a voir", "pas de suite"];

fn collapse(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for w in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[derive(Debug)]
enum Kind {
    Num(u32, usize),
    Word(String),
    Sep(char),
}

#[derive(Debug)]
struct Tok {
    range: Range<usize>,
    kind: Kind,
}

fn tokenize(s: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                it.next();
            }
            let digits = &s[i..end];
            let n = digits.parse::<u32>().unwrap_or(u32::MAX);
            toks.push(Tok { range: i..end, kind: Kind::Num(n, digits.len()) });
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            toks.push(Tok { range: i..end, kind: Kind::Word(fold(&s[i..end])) });
        } else if !c.is_whitespace() {
            toks.push(Tok { range: i..i + c.len_utf8(), kind: Kind::Sep(c) });
        }
    }
    toks
}

fn month(word: &str) -> Option<u32> {
    Some(match word {
        "janvier" | "janv" | "jan" | "january" => 1,
        "fevrier" | "fevr" | "fev" | "february" | "feb" => 2,
        "mars" | "mar" | "march" => 3,
        "avril" | "avr" | "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juin" | "jun" | "june" => 6,
        "juillet" | "juil" | "jul" | "july" => 7,
        "aout" | "aou" | "aug" | "august" => 8,
        "septembre" | "sept" | "sep" | "september" => 9,
        "octobre" | "oct" | "october" => 10,
        "novembre" | "nov" | "november" => 11,
        "decembre" | "dec" | "december" => 12,
        _ => return None,
    })
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "lundi" | "monday" => Weekday::Mon,
        "mardi" | "tuesday" => Weekday::Tue,
        "mercredi" | "wednesday" => Weekday::Wed,
        "jeudi" | "thursday" => Weekday::Thu,
        "vendredi" | "friday" => Weekday::Fri,
        "samedi" | "saturday" => Weekday::Sat,
        "dimanche" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn is_ordinal_suffix(word: &str) -> bool {
    matches!(word, "er" | "e" | "eme" | "st" | "nd" | "rd" | "th")
}

/// A year as written: four digits 1990–2100, or two digits (20xx).
fn year(n: u32, digits: usize) -> Option<i32> {
    match digits {
        4 if (1990..=2100).contains(&n) => Some(n as i32),
        2 => Some(2000 + n as i32),
        _ => None,
    }
}

/// The year of a day and month written without one: the occurrence nearest
/// to `today` (within six months either way), so `12/12` in late November
/// is this December and `15/01` next January, while a `02/11` written in
/// late November is this year's, overdue.
fn nearest(m: u32, d: u32, today: NaiveDate) -> Option<NaiveDate> {
    let y = today.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .min_by_key(|date| (*date - today).num_days().abs())
}

/// Find the first date in free text: numeric (`12/12`, `15/01/2027`,
/// `2027-01-15`, `12.12.26`), with a month name (`30 novembre`, `1er déc.
/// 2026`, `Dec 3`, `December 3rd, 2026`), relative (`demain`, `après-demain`,
/// `aujourd'hui`, `tomorrow`, `today`), then a weekday (`lundi`: the next
/// such day strictly after `locale.today`, so "lundi" written on a Monday is
/// next week's). An explicit date anywhere beats a weekday (`lundi 12/12`).
///
/// Temporary: this is the small finder next actions need until
/// `date::find_date_in_text(s, order, locale)` lands; replace it then.
fn find_date(text: &str, locale: &Locale) -> Option<(NaiveDate, Range<usize>)> {
    let toks = tokenize(text);
    let today = locale.today;
    let mut relative: Option<(NaiveDate, Range<usize>)> = None;
    for i in 0..toks.len() {
        if let Some(found) = numeric_at(text, &toks, i, locale) {
            return Some(found);
        }
        if let Some(found) = named_at(&toks, i, today) {
            return Some(found);
        }
        if relative.is_none()
            && let Kind::Word(w) = &toks[i].kind
        {
            let r = toks[i].range.clone();
            let next_word = |k: usize| match toks.get(k).map(|t| &t.kind) {
                Some(Kind::Word(w)) => Some(w.as_str()),
                _ => None,
            };
            relative = match w.as_str() {
                "demain" if apres(&toks, i).is_some() => {
                    Some((today + Duration::days(2), apres(&toks, i).unwrap_or(r.start)..r.end))
                }
                "demain" | "tomorrow" => Some((today + Duration::days(1), r)),
                "aujourd" if next_word(i + 2) == Some("hui") => {
                    Some((today, r.start..toks[i + 2].range.end))
                }
                "today" => Some((today, r)),
                _ => weekday(w).map(|wd| {
                    let ahead = (7 + wd.num_days_from_monday() as i64
                        - today.weekday().num_days_from_monday() as i64)
                        % 7;
                    (today + Duration::days(if ahead == 0 { 7 } else { ahead }), r)
                }),
            };
        }
    }
    relative
}

/// Where `après` starts when `demain` at `i` is `après-demain` or `après
/// demain`.
fn apres(toks: &[Tok], i: usize) -> Option<usize> {
    let is_apres = |k: usize| matches!(&toks[k].kind, Kind::Word(w) if w == "apres");
    if i >= 1 && is_apres(i - 1) {
        return Some(toks[i - 1].range.start);
    }
    (i >= 2 && matches!(toks[i - 1].kind, Kind::Sep('-')) && is_apres(i - 2))
        .then(|| toks[i - 2].range.start)
}

/// `d/m/y`, `d/m`, `y-m-d` starting at token `i`.
fn numeric_at(
    text: &str,
    toks: &[Tok],
    i: usize,
    locale: &Locale,
) -> Option<(NaiveDate, Range<usize>)> {
    let Kind::Num(a, da) = toks[i].kind else { return None };
    let Some(Kind::Sep(sep)) = toks.get(i + 1).map(|t| &t.kind) else { return None };
    let sep = *sep;
    if !matches!(sep, '/' | '-' | '.') {
        return None;
    }
    let Some(Kind::Num(b, db)) = toks.get(i + 2).map(|t| &t.kind) else { return None };
    let (b, db) = (*b, *db);
    // Not the middle of a longer number run (`06.12.34.56.78`, `v1.2.3`).
    let start = toks[i].range.start;
    let head = &text[..start];
    if head.ends_with(char::is_alphanumeric)
        || (head.ends_with(['/', '.', '-', ','])
            && head.trim_end_matches(['/', '.', '-', ',']).ends_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let adjacent = |k: usize| toks.get(k).is_some_and(|t| t.range.start == toks[k - 1].range.end);
    if !adjacent(i + 1) || !adjacent(i + 2) {
        return None;
    }
    let third = match (toks.get(i + 3), toks.get(i + 4)) {
        (Some(Tok { kind: Kind::Sep(s), .. }), Some(Tok { kind: Kind::Num(c, dc), .. }))
            if *s == sep && adjacent(i + 3) && adjacent(i + 4) =>
        {
            Some((*c, *dc))
        }
        _ => None,
    };
    let end_tok = if third.is_some() { i + 4 } else { i + 2 };
    // Followed by more of the same run: a phone number, a version, an IP.
    if let (Some(Tok { kind: Kind::Sep(s), .. }), Some(Tok { kind: Kind::Num(..), .. })) =
        (toks.get(end_tok + 1), toks.get(end_tok + 2))
        && matches!(s, '/' | '.' | '-' | ':')
        && adjacent(end_tok + 1)
    {
        return None;
    }
    if toks
        .get(end_tok + 1)
        .is_some_and(|t| adjacent(end_tok + 1) && matches!(t.kind, Kind::Num(..) | Kind::Word(_)))
    {
        return None;
    }
    let range = start..toks[end_tok].range.end;
    let date = match third {
        Some((c, _)) if da == 4 => NaiveDate::from_ymd_opt(year(a, da)?, b, c),
        Some((c, dc)) => {
            let y = year(c, dc)?;
            let (d, m) = day_month(a, b, locale.date_order);
            NaiveDate::from_ymd_opt(y, m, d)
        }
        None => {
            // `12.5` is a decimal, `1-2` a range: a bare day-month needs
            // two digits each with a dot or a dash.
            if sep != '/' && (da != 2 || db != 2) {
                return None;
            }
            if da > 2 || db > 2 {
                return None;
            }
            let (d, m) = day_month(a, b, locale.date_order);
            nearest(m, d, locale.today)
        }
    }?;
    Some((date, range))
}

/// Day and month from two numbers: the locale's order, unless one number
/// only fits as a day.
fn day_month(a: u32, b: u32, order: DateOrder) -> (u32, u32) {
    let mdy = order == DateOrder::Mdy;
    if a <= 12 && (mdy || b > 12) { (b, a) } else { (a, b) }
}

/// `30 novembre [2026]`, `1er déc.`, `Dec 3[, 2026]`, `December 3rd`.
fn named_at(toks: &[Tok], i: usize, today: NaiveDate) -> Option<(NaiveDate, Range<usize>)> {
    let num = |k: usize| match toks.get(k).map(|t| &t.kind) {
        Some(Kind::Num(n, d)) => Some((*n, *d)),
        _ => None,
    };
    let word = |k: usize| match toks.get(k).map(|t| &t.kind) {
        Some(Kind::Word(w)) => Some(w.as_str()),
        _ => None,
    };
    let skip_dot =
        |k: usize| k + usize::from(matches!(toks.get(k).map(|t| &t.kind), Some(Kind::Sep('.'))));
    let skip_comma =
        |k: usize| k + usize::from(matches!(toks.get(k).map(|t| &t.kind), Some(Kind::Sep(','))));
    let finish = |m: u32, d: u32, after: usize, start: usize, last: usize| {
        if let Some((y, dy)) = num(after).filter(|(_, dy)| *dy == 4)
            && let Some(y) = year(y, dy)
        {
            return NaiveDate::from_ymd_opt(y, m, d)
                .map(|date| (date, start..toks[after].range.end));
        }
        nearest(m, d, today).map(|date| (date, start..toks[last].range.end))
    };
    // Day first.
    if let Some((d, dd)) = num(i)
        && dd <= 2
    {
        let mut k = i + 1;
        if word(k).is_some_and(is_ordinal_suffix) && toks[k].range.start == toks[i].range.end {
            k += 1;
        }
        if let Some(m) = word(k).and_then(month) {
            let after = skip_dot(k + 1);
            return finish(m, d, after, toks[i].range.start, k);
        }
    }
    // Month first (English).
    if let Some(m) = word(i).and_then(month) {
        let k = skip_dot(i + 1);
        if let Some((d, dd)) = num(k)
            && dd <= 2
        {
            let mut last = k;
            if word(k + 1).is_some_and(|w| matches!(w, "st" | "nd" | "rd" | "th"))
                && toks[k + 1].range.start == toks[k].range.end
            {
                last = k + 1;
            }
            let after = skip_comma(last + 1);
            return finish(m, d, after, toks[i].range.start, last);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn locale() -> Locale {
        // A Friday.
        Locale { today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), ..Locale::default() }
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn actions() {
        let l = locale();
        let cases: &[(&str, Option<&str>, Option<NaiveDate>)] = &[
            ("Rappeler le 12/12", Some("Rappeler le 12/12"), ymd(2026, 12, 12)),
            ("Relance 15/01/2027", Some("Relance 15/01/2027"), ymd(2027, 1, 15)),
            ("Relance 15/01", Some("Relance 15/01"), ymd(2027, 1, 15)),
            ("Relancer le 02/11", Some("Relancer le 02/11"), ymd(2026, 11, 2)),
            ("RDV lundi 14h", Some("RDV lundi 14h"), ymd(2026, 11, 23)),
            ("rdv vendredi", Some("rdv vendredi"), ymd(2026, 11, 27)),
            ("Envoyer devis avant le 30 novembre", None, ymd(2026, 11, 30)),
            ("Call back on Dec 3", None, ymd(2026, 12, 3)),
            ("Call back on December 3rd, 2027", None, ymd(2027, 12, 3)),
            ("Démo le 1er déc.", None, ymd(2026, 12, 1)),
            ("Démo le 1er déc. 2027", None, ymd(2027, 12, 1)),
            ("Signature 3 janvier", None, ymd(2027, 1, 3)),
            ("Rappeler demain", None, ymd(2026, 11, 21)),
            ("Rappeler après-demain", None, ymd(2026, 11, 22)),
            ("Call tomorrow", None, ymd(2026, 11, 21)),
            ("Relancer aujourd'hui", None, ymd(2026, 11, 20)),
            ("Kick-off 2027-01-15", None, ymd(2027, 1, 15)),
            ("Relance 12.12.26", None, ymd(2026, 12, 12)),
            ("Relance 12-12-2026", None, ymd(2026, 12, 12)),
            ("Relance 12.12", None, ymd(2026, 12, 12)),
            ("lundi 12/01", None, ymd(2027, 1, 12)),
            ("Relance 25/13/2026", None, None),
            ("Appeler au 06.12.34.56.78", None, None),
            ("Appeler au 06 12 34 56 78", None, None),
            ("Remise 12.5 %", None, None),
            ("Envoyer la doc", Some("Envoyer la doc"), None),
            ("  Envoyer   la\n doc ", Some("Envoyer la doc"), None),
            ("Relancer fin mars", None, None),
            ("Relance Q1", None, None),
            ("Mettre à jour v1.2.3", None, None),
        ];
        for (raw, text, date) in cases {
            let n = normalize_next_action(raw, &l);
            assert!(n.problems.is_empty(), "{raw:?}");
            let v = n.value.expect(raw);
            assert_eq!(v.text, text.map_or_else(|| collapse(raw), str::to_string), "{raw:?}");
            assert_eq!(v.date, *date, "{raw:?}");
        }
        for none in ["", "  ", "-", "?", "RAS", "R.A.S.", "aucune", "Aucun", "none", "N/A", "néant"]
        {
            assert_eq!(normalize_next_action(none, &l), Normalized::none(), "{none:?}");
        }
    }

    #[test]
    fn month_day_locale() {
        let l = Locale { date_order: DateOrder::Mdy, ..locale() };
        assert_eq!(normalize_next_action("Call 12/03", &l).value.unwrap().date, ymd(2026, 12, 3));
        assert_eq!(normalize_next_action("Call 12/25", &l).value.unwrap().date, ymd(2026, 12, 25));
        assert_eq!(
            normalize_next_action("Call 25/12", &locale()).value.unwrap().date,
            ymd(2026, 12, 25)
        );
    }

    #[test]
    fn date_range_points_at_the_date() {
        let l = locale();
        let t = "Envoyer devis avant le 30 novembre svp";
        let (_, r) = find_date(t, &l).unwrap();
        assert_eq!(&t[r], "30 novembre");
        let t = "Rappeler le 12/12/2026.";
        let (_, r) = find_date(t, &l).unwrap();
        assert_eq!(&t[r], "12/12/2026");
        let t = "Call back on Dec 3, 2026";
        let (_, r) = find_date(t, &l).unwrap();
        assert_eq!(&t[r], "Dec 3, 2026");
    }

    #[test]
    fn date_column_wins() {
        let l = locale();
        let a = with_date_column(normalize_next_action("Rappeler le 12/12", &l), ymd(2026, 12, 14));
        assert_eq!(a.value.unwrap().date, ymd(2026, 12, 14));
        let a = with_date_column(normalize_next_action("", &l), ymd(2026, 12, 14));
        assert_eq!(a.value.unwrap(), NextAction { text: String::new(), date: ymd(2026, 12, 14) });
        assert_eq!(with_date_column(normalize_next_action("-", &l), None), Normalized::none());
    }

    proptest! {
        #[test]
        fn no_panic_and_idempotent(s in "\\PC{0,40}") {
            let l = locale();
            if let Some(v) = normalize_next_action(&s, &l).value {
                prop_assert_eq!(normalize_next_action(&v.text, &l).value, Some(v));
            }
        }

        #[test]
        fn found_dates_are_round_trips(d in 1u32..=28, m in 1u32..=12, y in 2000i32..2099) {
            let l = locale();
            let text = format!("Relance le {d:02}/{m:02}/{y}");
            prop_assert_eq!(normalize_next_action(&text, &l).value.unwrap().date, ymd(y, m, d));
        }
    }

    #[test]
    #[ignore]
    fn throughput() {
        let l = locale();
        let samples = [
            "Rappeler le 12/12",
            "Relance 15/01/2027",
            "RDV lundi 14h",
            "Envoyer devis avant le 30 novembre",
            "Call back on Dec 3",
            "Envoyer la doc",
            "-",
        ];
        let n = 1_000_000;
        let t = std::time::Instant::now();
        let mut total = 0;
        for i in 0..n {
            total += normalize_next_action(samples[i % samples.len()], &l)
                .value
                .map_or(0, |v| v.text.len());
        }
        eprintln!("normalize_next_action: {:.0}/s ({total})", n as f64 / t.elapsed().as_secs_f64());
    }
}
