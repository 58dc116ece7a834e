//! KPIs on a small CRM export and side file whose every figure is computed
//! by hand in the comments.

use super::*;
use crate::config::Config;
use crate::reconcile::quality::evaluate;
use crate::reconcile::quality::tests::{sheet, today, ymd};

/// CRM deals c0..c3 (indices 0..3), side deals s0..s6 (indices 4..10).
fn records() -> Vec<Record> {
    let mut r = sheet(
        "crm/deals.csv",
        Origin::Crm,
        &[
            ("Record ID", Role::RecordId),
            ("Deal", Role::DealName),
            ("Amount", Role::Amount),
            ("Stage", Role::Stage),
            ("Next action date", Role::NextActionDate),
            ("Owner", Role::Owner),
            ("Created", Role::CreatedAt),
            ("Updated", Role::UpdatedAt),
            ("Last activity", Role::LastActivity),
        ],
        &[
            // c0: upcoming action; updated on the reference date.
            &[
                "1",
                "Refonte",
                "10 000 €",
                "Proposition",
                "2026-11-25",
                "Julien",
                "2026-01-10",
                "2026-11-18",
                "2026-11-01",
            ],
            // c1: overdue action; updated on the window's first day.
            &[
                "2",
                "ERP",
                "20 000 €",
                "Négociation",
                "2026-11-10",
                "Claire",
                "2026-02-01",
                "2026-11-12",
                "2026-10-01",
            ],
            // c2: won, out of the pipeline.
            &["3", "Audit", "5 000 €", "Gagné", "", "Julien", "2026-03-01", "2026-11-11", ""],
            // c3: no action; updated the day before the window; no activity.
            &[
                "4",
                "Formation",
                "7 000 USD",
                "Qualifié",
                "",
                "Marc",
                "2026-05-01",
                "2026-11-11",
                "",
            ],
        ],
    );
    r.extend(sheet(
        "side/jean.xlsx",
        Origin::Side,
        &[
            ("Affaire", Role::DealName),
            ("Montant", Role::Amount),
            ("Étape", Role::Stage),
            ("Prochaine action", Role::NextAction),
            ("Commercial", Role::Owner),
            ("Dernier contact", Role::LastActivity),
        ],
        &[
            // s0 → c0; side contact 15/11 vs CRM activity 01/11: 14 days.
            &["Refonte", "10 000 €", "Devis envoyé", "Relance 30/11/2026", "Julien", "15/11/2026"],
            // s1 → c1; 05/11 vs 01/10: 35 days.
            &["ERP", "20 000 €", "Négociation", "", "Claire", "05/11/2026"],
            // s2: new, side only, overdue action.
            &["Nouveau client", "12 500,00 €", "Qualifié", "Rappeler le 02/11/2026", "Julien", ""],
            // s3: duplicate of s2.
            &["Nouveau client", "12 500 €", "Qualifié", "", "Julien", ""],
            // s4: new, side only, lost.
            &["Maintenance", "4 000 €", "Perdu", "", "Claire", ""],
            // s5: new, side only, no stage (open), no owner.
            &["Conseil", "3 000 CHF", "", "", "", ""],
            // s6 → c3; side 01/10 is older than the CRM's update of 11/11.
            &["Formation", "7 000 USD", "Qualifié", "", "Marc", "01/10/2026"],
        ],
    ));
    assert_eq!(r.len(), 11);
    r
}

fn outcome(status: Status, cluster: usize, crm: Option<usize>) -> Outcome {
    Outcome { status, cluster: format!("deal-{cluster}"), crm, score: None, reason: None }
}

/// The classifier's cluster numbers of `outcomes` (`deal-4` is 4).
fn numbers(outcomes: &[Outcome]) -> Vec<u32> {
    outcomes.iter().map(|o| o.cluster.trim_start_matches("deal-").parse().unwrap()).collect()
}

fn outcomes() -> Vec<Outcome> {
    use Status::*;
    vec![
        outcome(Crm, 0, None),
        outcome(Crm, 1, None),
        outcome(Crm, 2, None),
        outcome(Crm, 3, None),
        outcome(Update, 0, Some(0)),
        outcome(Unchanged, 1, Some(1)),
        outcome(New, 4, None),
        outcome(Duplicate, 4, None),
        outcome(New, 5, None),
        outcome(New, 6, None),
        outcome(Unchanged, 3, Some(3)),
    ]
}

fn kpis() -> Kpis {
    let records = records();
    let q = evaluate(&records, &Config::default().critical, today());
    compute(&records, &outcomes(), &numbers(&outcomes()), &q, today())
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn pipeline_in_the_crm_in_side_files_and_only_in_side_files() {
    let k = kpis();
    let p = &k.pipeline;
    // c0 + c1 in EUR, c3 in USD; c2 is won.
    assert_eq!(p.crm.deals, 3);
    assert_eq!(
        p.crm.amounts,
        BTreeMap::from([("EUR".into(), dec("30000")), ("USD".into(), dec("7000"))])
    );
    // Once per cluster: s0, s1, s2 (not its duplicate s3), s5, s6; s4 is lost.
    assert_eq!((p.side.deals, p.side.without_stage), (5, 1));
    assert_eq!(
        p.side.amounts,
        BTreeMap::from([
            ("CHF".into(), dec("3000")),
            ("EUR".into(), dec("42500")),
            ("USD".into(), dec("7000")),
        ])
    );
    // Only s2 and s5 are in no CRM record.
    assert_eq!(p.side_only.deals, 2);
    assert_eq!(
        p.side_only.amounts,
        BTreeMap::from([("CHF".into(), dec("3000")), ("EUR".into(), dec("12500"))])
    );
    let json = serde_json::to_value(p).unwrap();
    assert_eq!(json["side_only"]["amounts"]["EUR"], "12500");
}

#[test]
fn next_actions_and_overdue_ones_against_a_fixed_today() {
    let k = kpis();
    // CRM open deals c0, c1, c3: c0 and c1 have a date; c0's is to come.
    let crm = k.next_action.crm;
    assert_eq!(crm.open_deals, 3);
    assert_eq!(crm.with_next_action, Ratio::new(2, 3));
    assert_eq!(crm.upcoming, Ratio::new(1, 3));
    assert_eq!(crm.overdue, Ratio::new(1, 3));
    // Side s0 (30/11, to come), s1 (none), s2 (02/11, overdue), s5, s6.
    let side = k.next_action.side;
    assert_eq!(side.with_next_action, Ratio::new(2, 5));
    assert_eq!(side.upcoming, Ratio::new(1, 5));
    assert_eq!(side.overdue, Ratio::new(1, 5));
}

#[test]
fn crm_lag_counts_each_crm_record_once_with_the_median_days() {
    let k = kpis();
    let lag = k.crm_lag.all;
    assert_eq!(lag.matched, 3);
    assert_eq!(lag.lagging, Ratio::new(2, 3));
    assert_eq!(lag.median_days, Some(24.5));
    assert_eq!(lag.max_days, Some(35));
    assert_eq!(k.crm_lag.per_entity[&Entity::Deal], lag);
}

#[test]
fn active_owners_window_includes_its_first_day_and_not_the_day_before() {
    let k = kpis();
    let a = &k.active_owners;
    assert_eq!(a.reference_date, Some(ymd(2026, 11, 18)));
    assert_eq!(a.window_start, Some(ymd(2026, 11, 12)));
    // Claire on the window's first day, Julien on its last; Marc a day early.
    assert_eq!(a.names, ["Claire", "Julien"]);
    assert_eq!(a.active, Ratio::new(2, 3));
}

#[test]
fn per_owner_breakdown() {
    let k = kpis();
    let row = |o: &OwnerKpis| {
        (
            o.owner.clone(),
            o.active,
            o.crm_records,
            o.side_only,
            o.open_deals,
            o.deals_without_next_action,
            o.crm_lag,
            o.crm_lag_median_days,
        )
    };
    let s = |x: &str| Some(x.to_string());
    let got: Vec<_> = k.owners.iter().map(row).collect();
    assert_eq!(
        got,
        [
            // c1; s4 (lost, still side only); lag 35.
            (s("Claire"), true, 1, 1, 1, 0, 1, Some(35.0)),
            // c0, c2; s2 once (s3 is its duplicate); open c0 + s2; lag 14.
            (s("Julien"), true, 2, 1, 2, 0, 1, Some(14.0)),
            // c3 without action.
            (s("Marc"), false, 1, 0, 1, 1, 0, None),
            // s5, last.
            (None, false, 0, 1, 1, 1, 0, None),
        ]
    );
}

#[test]
fn duplicate_rates_side_crm_and_across() {
    let k = kpis();
    let d = k.duplicates.per_entity[&Entity::Deal];
    // 4 CRM records in 4 clusters; 7 side records in 6; 11 in 7.
    assert_eq!(d.crm, Ratio::new(0, 4));
    assert_eq!(d.side, Ratio::new(1, 7));
    assert_eq!(d.across, Ratio::new(4, 11));
    assert_eq!(k.duplicates.all, d);
    assert_eq!(k.duplicates.per_entity[&Entity::Contact].across.rate, None);
}

#[test]
fn missing_critical_shares_come_from_the_quality_counts() {
    let k = kpis();
    let m = &k.missing_critical[&Entity::Deal];
    // No close-date column anywhere.
    assert_eq!(m.fields["close_date"].crm, Ratio::new(4, 4));
    // c2, c3 have no next action; s1, s3, s4, s5, s6 neither.
    assert_eq!(m.fields["next_action"].crm, Ratio::new(2, 4));
    assert_eq!(m.fields["next_action"].side, Ratio::new(5, 7));
    assert_eq!(m.any.all, Ratio::new(11, 11));
}

#[test]
fn lines_in_english_and_french() {
    let k = kpis();
    let en = lines(&k, Lang::En);
    let fr = lines(&k, Lang::Fr);
    let expect_en = [
        "CHF 3,000 + €12,500 of open pipeline exists only in spreadsheets (2 deals not in the CRM)",
        "Open pipeline: €30,000 + $7,000 in the CRM (3 deals), CHF 3,000 + €42,500 + $7,000 in side files (5 deals)",
        "33% of open deals in the CRM have no next action; 33% have one coming up (dated today or later)",
        "2 of 3 matched CRM records are behind the side files (a more recent contact, meeting or update): 24.5 days behind (median)",
        "2 of 3 owners created or updated CRM records in the 7 days up to 2026-11-18",
    ];
    for line in expect_en {
        assert!(en.iter().any(|l| l == line), "{line:?} not in {en:#?}");
    }
    let expect_fr = [
        "3 000 CHF + 12 500 € de pipeline ouvert n'existe que dans les tableurs (2 affaires absentes du CRM)",
        "60 % des affaires ouvertes des tableurs n'ont pas de prochaine action ; 20 % en ont une à venir (datée d'aujourd'hui ou après)",
        "2 fiches du CRM sur 3 ont un retard sur les tableurs (contact, rendez-vous ou mise à jour plus récents) : 24,5 jours de retard en médiane",
        "2 propriétaires sur 3 ont créé ou modifié des fiches du CRM dans les 7 jours jusqu'au 18/11/2026",
    ];
    for line in expect_fr {
        assert!(fr.iter().any(|l| l == line), "{line:?} not in {fr:#?}");
    }
    assert!(fr.iter().any(|l| l.starts_with("Doublons : 14 % des lignes des tableurs")), "{fr:#?}");
    assert_eq!(en.len(), fr.len());
}

#[test]
fn no_records_gives_no_rates_and_no_lines() {
    let q = evaluate(&[], &Config::default().critical, today());
    let k = compute(&[], &[], &[], &q, today());
    assert_eq!(k.next_action.crm.with_next_action.rate, None);
    assert_eq!(k.duplicates.all.across.rate, None);
    assert_eq!(k.crm_lag.all.median_days, None);
    assert_eq!(k.active_owners.reference_date, None);
    assert!(k.owners.is_empty());
    assert!(lines(&k, Lang::En).is_empty());
    assert!(lines(&k, Lang::Fr).is_empty());
    let json = serde_json::to_string(&k).unwrap();
    assert!(!json.contains("NaN"), "{json}");
}

#[test]
fn outcomes_shorter_than_records_do_not_panic() {
    let records = records();
    let q = evaluate(&records, &Config::default().critical, today());
    let k = compute(&records, &outcomes()[..3], &numbers(&outcomes()[..3]), &q, today());
    // Without outcomes, side deals stand alone and are side only.
    assert_eq!(k.pipeline.side_only.deals, 6);
}

#[test]
fn formatting_table() {
    let cases: &[(f64, &str, &str)] = &[
        (0.0, "0%", "0 %"),
        (0.017, "1.7%", "1,7 %"),
        (0.02, "2%", "2 %"),
        (0.2345, "23%", "23 %"),
        (1.0, "100%", "100 %"),
    ];
    for &(rate, en, fr) in cases {
        assert_eq!(pct(rate, Lang::En), en);
        assert_eq!(pct(rate, Lang::Fr), fr);
    }
    let m =
        BTreeMap::from([("EUR".to_string(), dec("412000.49")), ("GBP".to_string(), dec("-1500"))]);
    assert_eq!(money(&m, Lang::En), "€412,000 + -£1,500");
    assert_eq!(money(&m, Lang::Fr), "412 000 € + -1 500 GBP");
    let none = BTreeMap::from([(NO_CURRENCY.to_string(), dec("1234567"))]);
    assert_eq!(money(&none, Lang::Fr), "1 234 567 (sans devise)");
    assert_eq!(money(&none, Lang::En), "1,234,567 (no currency written)");
    assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
    assert_eq!(median(&mut []), None);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any statuses, clusters and CRM links: no panic, every rate in 0..=1.
        #[test]
        fn any_outcomes(spec in proptest::collection::vec((0usize..8, 0usize..6, proptest::option::of(0usize..12)), 0..11)) {
            let records = records();
            let outcomes: Vec<Outcome> = spec
                .iter()
                .map(|&(s, c, crm)| outcome(Status::ALL[s], c, crm))
                .collect();
            let q = evaluate(&records, &Config::default().critical, today());
            let k = compute(&records, &outcomes, &numbers(&outcomes), &q, today());
            let json = serde_json::to_value(&k).unwrap();
            fn check(v: &serde_json::Value) {
                match v {
                    serde_json::Value::Object(m) => {
                        if let Some(r) = m.get("rate").and_then(|r| r.as_f64()) {
                            assert!((0.0..=1.0).contains(&r), "{v}");
                        }
                        m.values().for_each(check);
                    }
                    serde_json::Value::Array(a) => a.iter().for_each(check),
                    _ => {}
                }
            }
            check(&json);
            let _ = lines(&k, Lang::Fr);
        }
    }
}
