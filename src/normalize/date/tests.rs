use proptest::prelude::*;

use super::*;
use crate::model::IssueKind::{AmbiguousDate as Amb, ImplausibleDate as Impl, NotADate as Not};

fn locale(country: &str, order: DateOrder) -> Locale {
    Locale { country: country.into(), date_order: order, today: ymd(2026, 6, 15) }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn kinds(n: &Normalized<NaiveDate>) -> Vec<IssueKind> {
    n.problems.iter().map(|p| p.kind).collect()
}

/// (input, country, column order, expected ISO date, issues)
type Case = (&'static str, &'static str, DateOrder, Option<&'static str>, &'static [IssueKind]);

#[test]
fn dates_as_sales_teams_write_them() {
    use DateOrder::{Auto as A, Dmy, Mdy};
    #[rustfmt::skip]
    let cases: &[Case] = &[
        ("2026-11-26", "FR", A, Some("2026-11-26"), &[]),
        ("2026-11-26T10:00:00Z", "FR", A, Some("2026-11-26"), &[]),
        ("2026-11-26T23:30:00.000-05:00", "US", A, Some("2026-11-26"), &[]),
        ("2026-11-26 10:00:00", "FR", A, Some("2026-11-26"), &[]),
        ("2026/11/26", "FR", A, Some("2026-11-26"), &[]),
        ("26/11/2026", "FR", A, Some("2026-11-26"), &[]),
        ("26/11/26", "FR", A, Some("2026-11-26"), &[]),
        ("26.11.2026", "CH", A, Some("2026-11-26"), &[]),
        ("26-11-2026", "BE", A, Some("2026-11-26"), &[]),
        ("11/26/2026", "FR", A, Some("2026-11-26"), &[]),
        ("11/26/2026 3:45 PM", "US", A, Some("2026-11-26"), &[]),
        ("26/11/2026 14h30", "FR", A, Some("2026-11-26"), &[]),
        ("26/11/2026 à 10h", "FR", A, Some("2026-11-26"), &[]),
        ("26-nov-2026", "FR", A, Some("2026-11-26"), &[]),
        ("26 nov. 2026", "FR", A, Some("2026-11-26"), &[]),
        ("26 novembre 2026", "FR", A, Some("2026-11-26"), &[]),
        ("lundi 26 novembre 2026", "FR", A, Some("2026-11-26"), &[]),
        ("Mar. 3 mars 2026", "FR", A, Some("2026-03-03"), &[]),
        ("1er décembre 2026", "FR", A, Some("2026-12-01"), &[]),
        ("1ᵉʳ février 2027", "FR", A, Some("2027-02-01"), &[]),
        ("15 août 2026", "FR", A, Some("2026-08-15"), &[]),
        ("Nov 26, 2026", "US", A, Some("2026-11-26"), &[]),
        ("November 26th, 2026", "US", A, Some("2026-11-26"), &[]),
        ("Thursday, November 26, 2026", "US", A, Some("2026-11-26"), &[]),
        ("26 Nov 2026", "GB", A, Some("2026-11-26"), &[]),
        ("26th of November 2026", "GB", A, Some("2026-11-26"), &[]),
        ("23-Sep-11", "US", A, Some("2011-09-23"), &[]),
        ("20261126", "FR", A, Some("2026-11-26"), &[]),
        ("45000", "FR", A, Some("2023-03-15"), &[]),
        // Day/month order: the value, the column, the locale.
        ("03/04/2026", "FR", A, Some("2026-04-03"), &[]),
        ("03/04/2026", "US", A, Some("2026-03-04"), &[]),
        ("03/04/2026", "FR", Mdy, Some("2026-03-04"), &[]),
        ("03/04/2026", "US", Dmy, Some("2026-04-03"), &[]),
        ("03/04/2026", "CA", A, Some("2026-04-03"), &[Amb]),
        ("26/11/2026", "US", Mdy, Some("2026-11-26"), &[]),
        ("05/05/2026", "CA", A, Some("2026-05-05"), &[]),
        // Implausible years are kept, flagged.
        ("26/11/2062", "FR", A, Some("2062-11-26"), &[Impl]),
        ("26/11/0226", "FR", A, Some("0226-11-26"), &[Impl]),
        ("1926-11-26", "FR", A, Some("1926-11-26"), &[Impl]),
        ("26/11/46", "FR", A, Some("2046-11-26"), &[]),
        ("26/11/47", "FR", A, Some("1947-11-26"), &[Impl]),
        // Not dates: kept raw by the caller.
        ("31/02/2026", "FR", A, None, &[Not]),
        ("31/04/2026", "FR", A, None, &[Not]),
        ("29/02/2027", "FR", A, None, &[Not]),
        ("13/13/2026", "FR", A, None, &[Not]),
        ("2026-13-01", "FR", A, None, &[Not]),
        ("fin mars", "FR", A, None, &[Not]),
        ("ASAP", "FR", A, None, &[Not]),
        ("T4", "FR", A, None, &[Not]),
        ("Q4 2026", "US", A, None, &[Not]),
        ("semaine prochaine", "FR", A, None, &[Not]),
        ("à voir", "FR", A, None, &[Not]),
        ("déc. 2026", "FR", A, None, &[Not]),
        ("11/2026", "FR", A, None, &[Not]),
        ("Nov-26", "US", A, None, &[Not]),
        ("2026", "FR", A, None, &[Not]),
        ("12/12", "FR", A, None, &[Not]),
        ("26 nov.", "FR", A, None, &[Not]),
        ("26/11/2026 ou 27/11/2026", "FR", A, None, &[Not]),
        ("1/2/3", "FR", A, None, &[Not]),
        ("", "FR", A, None, &[]),
        ("   ", "FR", A, None, &[]),
    ];
    for &(input, country, order, want, issues) in cases {
        let l = locale(country, DateOrder::Auto);
        let got = normalize_date(&Cell::text(input), order, &l);
        assert_eq!(got.value.map(|d| d.to_string()).as_deref(), want, "{input:?}: {got:?}");
        assert_eq!(kinds(&got), issues, "{input:?}: {:?}", got.problems);
    }
}

#[test]
fn messages_say_what_was_understood() {
    let l = locale("FR", DateOrder::Auto);
    let msg =
        |s: &str| normalize_date(&Cell::text(s), DateOrder::Auto, &l).problems[0].message.clone();
    assert!(msg("31/02/2026").contains("no day 31 in February 2026"), "{}", msg("31/02/2026"));
    assert!(msg("déc. 2026").contains("2026-12"), "{}", msg("déc. 2026"));
    assert!(msg("2026").contains("year"));
    let ca = locale("CA", DateOrder::Auto);
    let m = &normalize_date(&Cell::text("03/04/2026"), DateOrder::Auto, &ca).problems[0].message;
    assert!(m.contains("2026-04-03") && m.contains("2026-03-04"), "{m}");
}

#[test]
fn typed_cells() {
    let l = locale("FR", DateOrder::Auto);
    let d = |c: Cell| normalize_date(&c, DateOrder::Auto, &l);
    let dt = ymd(2026, 11, 26).and_hms_opt(10, 0, 0).unwrap();
    assert_eq!(d(Cell::Date(dt)), Normalized::ok(ymd(2026, 11, 26)));
    assert_eq!(d(Cell::Number(45000.0)).value, Some(ymd(2023, 3, 15)));
    assert_eq!(d(Cell::Number(45000.75)).value, Some(ymd(2023, 3, 15)));
    assert_eq!(d(Cell::Number(1.0)).value, Some(ymd(1900, 1, 1)));
    assert_eq!(kinds(&d(Cell::Number(1.0))), [Impl]);
    assert_eq!(d(Cell::Number(61.0)).value, Some(ymd(1900, 3, 1)));
    assert_eq!(kinds(&d(Cell::Number(60.0))), [Not]);
    assert_eq!(kinds(&d(Cell::Number(2026.0))), [Not]);
    assert_eq!(d(Cell::Number(20261126.0)).value, Some(ymd(2026, 11, 26)));
    assert_eq!(kinds(&d(Cell::Number(-5.0))), [Not]);
    assert_eq!(kinds(&d(Cell::Number(f64::NAN))), [Not]);
    assert_eq!(kinds(&d(Cell::Bool(true))), [Not]);
    assert_eq!(d(Cell::Empty), Normalized::none());
    assert_eq!(kinds(&d(Cell::Date(ymd(2062, 1, 1).and_hms_opt(0, 0, 0).unwrap()))), [Impl]);
}

#[test]
fn the_column_settles_the_order() {
    let fr = locale("FR", DateOrder::Auto);
    let us = locale("US", DateOrder::Auto);
    assert_eq!(infer_date_order(["03/04/2026", "26/11/2026"], &us), DateOrder::Dmy);
    assert_eq!(infer_date_order(["03/04/2026", "11/26/2026"], &fr), DateOrder::Mdy);
    assert_eq!(infer_date_order(["03/04/2026", "2026-11-26", "ASAP"], &fr), DateOrder::Auto);
    let l = locale("FR", DateOrder::Mdy);
    assert_eq!(infer_date_order(["03/04/2026"], &l), DateOrder::Mdy);
    let ev = date_order_evidence(["26/11/2026", "11/26/2026", "27/11/2026", "12/12/2026"]);
    assert_eq!(ev, DateOrderEvidence { day_first: 2, month_first: 1 });
    assert!(ev.is_mixed());
    assert_eq!(ev.order(&us), DateOrder::Dmy);
    assert!(!date_order_evidence(["26/11/2026"]).is_mixed());
    assert_eq!(country_date_order("FR"), Some(DateOrder::Dmy));
    assert_eq!(country_date_order("GB"), Some(DateOrder::Dmy));
    assert_eq!(country_date_order("US"), Some(DateOrder::Mdy));
    assert_eq!(country_date_order("CA"), None);
}

#[test]
fn whole_text_with_days_without_year() {
    let l = locale("FR", DateOrder::Auto);
    let p = |s| parse_date_text(s, DateOrder::Auto, &l);
    assert_eq!(p("12/12"), Some(ymd(2026, 12, 12)));
    // From three months before today (15 June 2026) on: a day of May is
    // this year's, overdue; one of March or January next year's.
    assert_eq!(p("3 mars"), Some(ymd(2027, 3, 3)));
    assert_eq!(p("20/05"), Some(ymd(2026, 5, 20)));
    assert_eq!(p("15/03"), Some(ymd(2026, 3, 15)));
    assert_eq!(p("14/03"), Some(ymd(2027, 3, 14)));
    assert_eq!(p("3 septembre"), Some(ymd(2026, 9, 3)));
    assert_eq!(p("20/01"), Some(ymd(2027, 1, 20)));
    assert_eq!(p("20/12"), Some(ymd(2026, 12, 20)));
    assert_eq!(p("15/06"), Some(ymd(2026, 6, 15)));
    assert_eq!(p("29/02"), Some(ymd(2028, 2, 29)));
    assert_eq!(p("26/11/2026"), Some(ymd(2026, 11, 26)));
    assert_eq!(p("Nov 26"), Some(ymd(2026, 11, 26)));
    assert_eq!(p("déc. 2026"), None);
    assert_eq!(p("ASAP"), None);
    assert_eq!(p("31/02"), None);
}

#[test]
fn dates_inside_sentences() {
    let l = locale("FR", DateOrder::Auto);
    let f = |s: &'static str| {
        find_date_in_text(s, DateOrder::Auto, &l).map(|(d, r)| (d.to_string(), &s[r]))
    };
    let cases: &[(&str, Option<(&str, &str)>)] = &[
        ("Rappeler le 12/12", Some(("2026-12-12", "12/12"))),
        ("Relance 26/11/2026 pour devis", Some(("2026-11-26", "26/11/2026"))),
        ("RDV lundi 26 novembre 2026 à 10h", Some(("2026-11-26", "lundi 26 novembre 2026"))),
        ("Démo le 3 mars à 14h", Some(("2027-03-03", "3 mars"))),
        ("Relance le 2 juin", Some(("2026-06-02", "2 juin"))),
        ("Démo le 3 octobre à 14h", Some(("2026-10-03", "3 octobre"))),
        // Said relative to today, a Monday.
        ("RDV lundi à 10h", Some(("2026-06-22", "lundi"))),
        ("Rappeler demain", Some(("2026-06-16", "demain"))),
        ("Relancer mercredi prochain", Some(("2026-06-17", "mercredi prochain"))),
        ("call back on Friday", Some(("2026-06-19", "Friday"))),
        ("lundi 12/01 puis mardi", Some(("2027-01-12", "lundi 12/01"))),
        ("Relance Sam ou Dim", None),
        ("semaine prochaine", None),
        ("Call back on Nov 26, 2026", Some(("2026-11-26", "Nov 26, 2026"))),
        ("Envoyer devis avant le 1er juillet", Some(("2026-07-01", "1er juillet"))),
        ("relance 26.11", Some(("2026-11-26", "26.11"))),
        ("kick-off 2026-11-26T10:00", Some(("2026-11-26", "2026-11-26"))),
        ("Appeler au 06.12.34.56.78", None),
        ("Appeler au 06 12 34 56 78", None),
        ("Devis 12.500 € à envoyer", None),
        ("version 1.2.3", None),
        ("remise 1.5 %", None),
        ("semaines 3-4", None),
        ("fin mars", None),
        ("ASAP", None),
        ("à 10:30", None),
        ("", None),
    ];
    for &(s, want) in cases {
        assert_eq!(f(s), want.map(|(d, r)| (d.to_string(), r)), "{s:?}");
    }
}

proptest! {
    #[test]
    fn no_input_panics(s in "\\PC{0,40}") {
        let l = locale("FR", DateOrder::Auto);
        let _ = normalize_date(&Cell::text(s.as_str()), DateOrder::Auto, &l);
        let _ = parse_date_text(&s, DateOrder::Mdy, &l);
        let _ = find_date_in_text(&s, DateOrder::Auto, &l);
        let _ = infer_date_order([s.as_str()], &l);
    }

    #[test]
    fn date_like_inputs_do_not_panic(s in "(lundi )?[0-9]{1,4}[-/. ]{1,2}([0-9]{1,4}|nov|mars|déc)[-/., ]{0,2}[0-9]{0,5}( ?T?[0-9]{1,2}[:h][0-9]{2})?") {
        let l = locale("US", DateOrder::Auto);
        let _ = normalize_date(&Cell::text(s.as_str()), DateOrder::Auto, &l);
        let _ = find_date_in_text(&s, DateOrder::Auto, &l);
    }

    #[test]
    fn iso_output_is_a_fixed_point(y in 1900i32..2100, m in 1u32..=12, d in 1u32..=31, fmt in 0usize..4) {
        prop_assume!(NaiveDate::from_ymd_opt(y, m, d).is_some());
        let l = locale("US", DateOrder::Auto);
        let text = match fmt {
            0 => format!("{d:02}/{m:02}/{y}"),
            1 => format!("{d} {} {y}", MONTH_NAMES[m as usize - 1]),
            2 => format!("{y}-{m}-{d}"),
            _ => format!("{y}{m:02}{d:02}"),
        };
        let first = normalize_date(&Cell::text(text.as_str()), DateOrder::Dmy, &l);
        let date = first.value.expect("parses");
        prop_assert_eq!(date, NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let again = normalize_date(&Cell::text(date.to_string()), DateOrder::Mdy, &l);
        prop_assert_eq!(again.value, Some(date));
        prop_assert_eq!(again.problems, first.problems);
    }

    #[test]
    fn serials_match_chrono(n in 61u32..80000) {
        let l = locale("FR", DateOrder::Auto);
        let d = normalize_date(&Cell::Number(f64::from(n)), DateOrder::Auto, &l).value;
        if !(1900..=2100).contains(&n) {
            prop_assert_eq!(d, Some(ymd(1899, 12, 30) + chrono::Days::new(u64::from(n))));
        }
    }
}
