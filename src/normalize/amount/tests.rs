use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::model::IssueKind::{AmbiguousAmount as Amb, InvalidAmount as Inv};
use crate::normalize::DateOrder;

fn locale(country: &str) -> Locale {
    Locale {
        country: country.into(),
        date_order: DateOrder::Auto,
        today: NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
    }
}

fn kinds(n: &Normalized<Amount>) -> Vec<IssueKind> {
    n.problems.iter().map(|p| p.kind).collect()
}

/// (input, country, expected canonical text, currency, issues)
type Case =
    (&'static str, &'static str, Option<&'static str>, Option<&'static str>, &'static [IssueKind]);

#[test]
fn amounts_as_sales_teams_write_them() {
    let none = AmountStyle::default();
    #[rustfmt::skip]
    let cases: &[Case] = &[
        ("12\u{a0}500\u{a0}€", "FR", Some("12500"), Some("EUR"), &[]),
        ("12\u{202f}500\u{202f}€", "FR", Some("12500"), Some("EUR"), &[]),
        ("12 500 €", "FR", Some("12500"), Some("EUR"), &[]),
        ("12 500,50", "FR", Some("12500.50"), None, &[]),
        ("12.500,50", "BE", Some("12500.50"), None, &[]),
        ("12,500.50", "FR", Some("12500.50"), None, &[]),
        ("12500", "FR", Some("12500"), None, &[]),
        ("12,5 k€", "FR", Some("12500"), Some("EUR"), &[]),
        ("1,2 M€", "FR", Some("1200000"), Some("EUR"), &[]),
        ("1.2M", "US", Some("1200000"), None, &[]),
        ("€1.2k", "FR", Some("1200"), Some("EUR"), &[]),
        ("EUR 3000", "FR", Some("3000"), Some("EUR"), &[]),
        ("3000 EUR", "FR", Some("3000"), Some("EUR"), &[]),
        ("3 000 € HT", "FR", Some("3000"), Some("EUR"), &[]),
        ("3000 HT", "FR", Some("3000"), None, &[]),
        ("3 600 € TTC", "FR", Some("3600"), Some("EUR"), &[]),
        ("3 000 euros H.T.", "FR", Some("3000"), Some("EUR"), &[]),
        ("2.500 € HTVA", "BE", Some("2500"), Some("EUR"), &[Amb]),
        ("$1,200.00", "US", Some("1200.00"), Some("USD"), &[]),
        ("$1,200", "FR", Some("1200"), Some("USD"), &[]),
        ("$1,200", "CA", Some("1200"), Some("CAD"), &[]),
        ("US$ 1,200", "FR", Some("1200"), Some("USD"), &[]),
        ("£950", "GB", Some("950"), Some("GBP"), &[]),
        ("CHF 1'200.50", "CH", Some("1200.50"), Some("CHF"), &[]),
        ("Fr. 1’200.–", "CH", Some("1200"), Some("CHF"), &[]),
        ("1.250,- €", "DE", Some("1250"), Some("EUR"), &[]),
        ("12,50.-", "CH", None, None, &[Inv]),
        ("-1 200 €", "FR", Some("-1200"), Some("EUR"), &[]),
        ("(1 200)", "FR", Some("-1200"), None, &[]),
        ("(1 200,00 €)", "FR", Some("-1200.00"), Some("EUR"), &[]),
        ("1200-", "FR", Some("-1200"), None, &[]),
        ("−350,00 €", "FR", Some("-350.00"), Some("EUR"), &[]),
        ("+500", "FR", Some("500"), None, &[]),
        ("12 500,00 €", "FR", Some("12500.00"), Some("EUR"), &[]),
        ("150 KE", "FR", Some("150000"), Some("EUR"), &[]),
        ("45 kEUR", "FR", Some("45000"), Some("EUR"), &[]),
        ("2,5 Mds €", "FR", Some("2500000000"), Some("EUR"), &[]),
        ("1,5 Mio. CHF", "CH", Some("1500000"), Some("CHF"), &[]),
        ("0,5", "FR", Some("0.5"), None, &[]),
        ("0.500", "US", Some("0.500"), None, &[]),
        (",75", "FR", Some("0.75"), None, &[]),
        ("1.234.567,89 €", "FR", Some("1234567.89"), Some("EUR"), &[]),
        ("1,234,567", "US", Some("1234567"), None, &[]),
        ("1234.567", "FR", Some("1234.567"), None, &[]),
        (" - € ", "FR", Some("0"), Some("EUR"), &[]),
        ("-", "FR", None, None, &[]),
        ("", "FR", None, None, &[]),
        // The ambiguous `12.500`: the locale's reading, flagged.
        ("12.500", "FR", Some("12500"), None, &[Amb]),
        ("12,500", "FR", Some("12.500"), None, &[Amb]),
        ("12,500", "US", Some("12500"), None, &[Amb]),
        ("12.500", "GB", Some("12.500"), None, &[Amb]),
        ("1,250 k€", "FR", Some("1250"), Some("EUR"), &[Amb]),
        // Not amounts: kept raw by the caller.
        ("à définir", "FR", None, None, &[Inv]),
        ("TBD", "US", None, None, &[Inv]),
        ("~10k?", "FR", None, None, &[Inv]),
        ("entre 5 et 10k", "FR", None, None, &[Inv]),
        ("5-10k", "FR", None, None, &[Inv]),
        ("TTC", "FR", None, None, &[Inv]),
        ("3000 4000", "FR", None, None, &[Inv]),
        ("12 50", "FR", None, None, &[Inv]),
        ("1,00,000", "FR", None, None, &[Inv]),
        ("20 %", "FR", None, None, &[Inv]),
        ("$ 1200 €", "FR", None, None, &[Inv]),
        ("k12", "FR", None, None, &[Inv]),
        ("12/11/2026", "FR", None, None, &[Inv]),
        ("1 200 HT TTC", "FR", None, None, &[Inv]),
        ("99999999999999999999999999999999", "FR", None, None, &[Inv]),
    ];
    for &(input, country, want, currency, issues) in cases {
        let got = normalize_amount(input, &none, &locale(country));
        assert_eq!(
            got.value.as_ref().map(|a| a.to_string()).as_deref(),
            want,
            "{input:?} ({country}): {got:?}"
        );
        if want.is_some() {
            assert_eq!(got.value.as_ref().unwrap().currency, currency, "{input:?}");
        }
        assert_eq!(kinds(&got), issues, "{input:?} ({country}): {:?}", got.problems);
    }
}

#[test]
fn tax_basis_is_kept() {
    let l = locale("FR");
    let st = AmountStyle::default();
    let tax = |s| normalize_amount(s, &st, &l).value.unwrap().tax;
    assert_eq!(tax("3 000 € HT"), Some(TaxBasis::Excluded));
    assert_eq!(tax("3000 hors taxes"), Some(TaxBasis::Excluded));
    assert_eq!(tax("3 600 € TTC"), Some(TaxBasis::Included));
    assert_eq!(tax("1 000 € TVAC"), Some(TaxBasis::Included));
    assert_eq!(tax("£900 excl. VAT"), Some(TaxBasis::Excluded));
    assert_eq!(tax("3000"), None);
}

#[test]
fn the_ambiguous_message_gives_both_readings() {
    let got = normalize_amount("12.500", &AmountStyle::default(), &locale("FR"));
    let msg = &got.problems[0].message;
    assert!(msg.contains("12500") && msg.contains("12.5"), "{msg}");
}

#[test]
fn the_column_settles_the_ambiguous_values() {
    let fr = locale("FR");
    // A decimal comma elsewhere in the column: `12.500` groups thousands.
    let style = infer_amount_style(["12.500", "1.250,50", "300"], &fr);
    assert_eq!(style, AmountStyle { decimal_comma: Some(true), conflicting: false });
    let got = normalize_amount("12.500", &style, &fr);
    assert_eq!(got.value.unwrap().to_string(), "12500");
    assert!(got.problems.is_empty());

    // Decimal dot proven by `0.5`: even in France `12,500` is 12500.
    let style = infer_amount_style(["12,500", "0.5"], &fr);
    assert_eq!(style.decimal_comma, Some(false));
    let got = normalize_amount("12,500", &style, &fr);
    assert_eq!(got.value.unwrap().to_string(), "12500");
    assert!(got.problems.is_empty());

    // `12,5` proves the decimal comma: `12,500` is twelve and a half, even in the US.
    let us = locale("US");
    let style = infer_amount_style(["12,5", "12,500"], &us);
    assert_eq!(style.decimal_comma, Some(true));
    assert_eq!(normalize_amount("12,500", &style, &us).value.unwrap().to_string(), "12.500");

    // Several `x.000` values and nothing else: thousands.
    let style = infer_amount_style(["12.500", "3.000", "150.000", "800"], &us);
    assert_eq!(style.decimal_comma, Some(true));
    // One alone settles nothing.
    assert_eq!(infer_amount_style(["12.500", "800"], &us).decimal_comma, None);
    // `1.234.567` proves dots group thousands.
    assert_eq!(infer_amount_style(["1.234.567"], &us).decimal_comma, Some(true));
    // Mixed styles: majority, flagged as conflicting, values still flagged.
    let style = infer_amount_style(["1.250,50", "2.000,00", "1,250.50", "12.500"], &fr);
    assert_eq!(style, AmountStyle { decimal_comma: Some(true), conflicting: true });
    let got = normalize_amount("12.500", &style, &fr);
    assert_eq!(kinds(&got), [Amb]);
    // Nothing to learn from.
    assert_eq!(infer_amount_style(["TBD", "", "12 500 €"], &fr), AmountStyle::default());
}

#[test]
fn numbers_from_cells_are_exact() {
    let cases: [(f64, &str); 8] = [
        (0.1, "0.1"),
        (12500.5, "12500.5"),
        (12500.0, "12500"),
        (-1200.25, "-1200.25"),
        (0.30000000000000004, "0.30000000000000004"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (-0.0, "0"),
    ];
    for (n, want) in cases {
        assert_eq!(amount_from_number(n).to_string(), want, "{n}");
    }
    let st = AmountStyle::default();
    let l = locale("FR");
    assert!(normalize_amount_cell(&Cell::Number(f64::NAN), &st, &l).value.is_none());
    assert_eq!(kinds(&normalize_amount_cell(&Cell::Number(1e40,), &st, &l)), [Inv]);
    assert_eq!(kinds(&normalize_amount_cell(&Cell::Bool(true), &st, &l)), [Inv]);
    assert_eq!(normalize_amount_cell(&Cell::Empty, &st, &l), Normalized::none());
    assert_eq!(
        normalize_amount_cell(&Cell::text("12 500 €"), &st, &l).value.unwrap().to_string(),
        "12500"
    );
}

proptest! {
    #[test]
    fn no_input_panics(s in "\\PC{0,30}") {
        let _ = normalize_amount(&s, &AmountStyle::default(), &locale("FR"));
        let _ = infer_amount_style([s.as_str()], &locale("US"));
    }

    #[test]
    fn amount_like_inputs_do_not_panic(s in "[-+($€£ ]{0,2}[0-9]{0,7}([ .,'\u{a0}][0-9]{1,4}){0,3}( ?(k|M|Mds|€|EUR|HT|TTC|-)){0,2}\\)?") {
        for c in ["FR", "US", "CH"] {
            let _ = normalize_amount(&s, &AmountStyle::default(), &locale(c));
        }
    }

    #[test]
    fn canonical_text_is_a_fixed_point(s in "[-+]?[0-9]{1,9}([.,][0-9]{1,4})?( ?(k€|M|€|CHF|\\$))?") {
        for c in ["FR", "US"] {
            let l = locale(c);
            let first = normalize_amount(&s, &AmountStyle::default(), &l);
            if let Some(a) = first.value {
                let text = a.to_string();
                let again = normalize_amount(&text, &AmountStyle { decimal_comma: Some(false), conflicting: false }, &l);
                let b = again.value.expect("canonical text parses");
                prop_assert_eq!(&b.value, &a.value);
                prop_assert_eq!(b.to_string(), text);
                prop_assert!(again.problems.is_empty());
            }
        }
    }

    #[test]
    fn floats_round_trip(m in -1e6f64..1e6, e in -6i32..20) {
        let n = m * 10f64.powi(e);
        let a = amount_from_number(n);
        let back: f64 = a.to_string().parse().unwrap();
        prop_assert_eq!(back, n);
    }
}
