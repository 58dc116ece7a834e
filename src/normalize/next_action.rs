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

use chrono::NaiveDate;

use super::{Locale, Normalized, date};
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
    let date = find_date(&text, locale);
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

/// The date the action is due, read in its text by the date module's one
/// sentence finder (written dates, then `demain`, `lundi`, `dans 3 jours`).
fn find_date(text: &str, locale: &Locale) -> Option<NaiveDate> {
    date::find_date_in_text(text, locale.date_order, locale).map(|(d, _)| d)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::DateOrder;
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

    /// Dates read by the date module's sentence finder, as sales teams
    /// write next actions (today is Friday 20 November 2026).
    #[test]
    fn dates_in_actions() {
        let l = locale();
        let mdy = Locale { date_order: DateOrder::Mdy, country: "US".into(), ..locale() };
        let cases: &[(&str, &Locale, Option<NaiveDate>)] = &[
            ("Rappeler le 12/12", &l, ymd(2026, 12, 12)),
            ("relancer lundi", &l, ymd(2026, 11, 23)),
            ("Relancer lundi prochain", &l, ymd(2026, 11, 23)),
            ("Relancer vendredi", &l, ymd(2026, 11, 27)),
            ("RDV mardi 14h30", &l, ymd(2026, 11, 24)),
            ("RDV 3 déc.", &l, ymd(2026, 12, 3)),
            ("RDV le 3 décembre 2027 à 10h", &l, ymd(2027, 12, 3)),
            ("Rappeler le 12/12 ou demain", &l, ymd(2026, 12, 12)),
            ("Rappeler dans 3 jours", &l, ymd(2026, 11, 23)),
            ("Relance dans 2 semaines", &l, ymd(2026, 12, 4)),
            ("Point dans 1 mois", &l, ymd(2026, 12, 20)),
            ("Relance le 15/09", &l, ymd(2026, 9, 15)),
            ("Relance le 15/06", &l, ymd(2027, 6, 15)),
            ("envoyer devis fin mars", &l, None),
            ("Relancer semaine prochaine", &l, None),
            ("Relancer en mars", &l, None),
            ("Rappeler Sam Dupont", &l, None),
            ("Relance T4", &l, None),
            ("ASAP", &l, None),
            ("Rappeler le 31/11", &l, None),
            ("Devis 12.500 € à envoyer", &l, None),
            ("call back 12/15", &mdy, ymd(2026, 12, 15)),
            ("Call back 03/12", &mdy, ymd(2027, 3, 12)),
            ("Call back next Monday", &mdy, ymd(2026, 11, 23)),
            ("Call back the day after tomorrow", &mdy, ymd(2026, 11, 22)),
            ("Follow up in 2 weeks", &mdy, ymd(2026, 12, 4)),
            ("Send proposal today", &mdy, ymd(2026, 11, 20)),
            ("Follow up in Q1", &mdy, None),
        ];
        for (raw, locale, date) in cases {
            let n = normalize_next_action(raw, locale);
            assert!(n.problems.is_empty(), "{raw:?}");
            let v = n.value.expect(raw);
            assert_eq!(v.text, *raw, "{raw:?}");
            assert_eq!(v.date, *date, "{raw:?}");
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
        let range = |t: &'static str| {
            let (_, r) = date::find_date_in_text(t, l.date_order, &l).unwrap();
            &t[r]
        };
        assert_eq!(range("Envoyer devis avant le 30 novembre svp"), "30 novembre");
        assert_eq!(range("Rappeler le 12/12/2026."), "12/12/2026");
        assert_eq!(range("Call back on Dec 3, 2026"), "Dec 3, 2026");
        assert_eq!(range("Rappeler après-demain matin"), "après-demain");
        assert_eq!(range("Relancer lundi prochain"), "lundi prochain");
        assert_eq!(range("call back next Monday"), "next Monday");
        assert_eq!(range("Relancer aujourd'hui"), "aujourd'hui");
        assert_eq!(range("Relancer dans 3 jours"), "dans 3 jours");
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
