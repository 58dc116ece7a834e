//! Scorer tests: tiny truth/matches files whose pair counts are worked out
//! by hand in the comments, and a property test against brute-force pair
//! enumeration.

use proptest::prelude::*;

use super::*;

const TRUTH_HEADER: &str = "entity,origin,source,sheet,row,entity_id\n";
const MATCHES_HEADER: &str = "entity,origin,source,sheet,row,crm_id,cluster,status,score\n";

fn run(truth: &str, matches: &str) -> Report {
    score(
        format!("{TRUTH_HEADER}{truth}").as_bytes(),
        format!("{MATCHES_HEADER}{matches}").as_bytes(),
    )
    .unwrap()
}

fn close(x: Option<f64>, want: f64) -> bool {
    x.is_some_and(|v| (v - want).abs() < 1e-9)
}

/// Truth: A = {crm 2, crm 3, side 2}, B = {crm 4, side 3}, side 4 invalid
/// (empty id, its own entity). Prediction: c1 = {crm 2, crm 3, side 2}
/// (right), c2 = {crm 4, side 3, side 4} (the invalid row merged wrongly).
///
/// True pairs: A gives 1 CRM–CRM + 2 side–CRM, B gives 1 side–CRM: 4.
/// Predicted: c1 gives 1 CC + 2 SC; c2 gives 1 SS (side 3–side 4) + 2 SC:
/// 6. Correct: c1∩A 3 pairs, c2∩B 1 pair: 4.
/// P = 4/6, R = 4/4, F1 = 2·4/(4+6) = 0.8; side–side P = 0/1, F1 = 0;
/// side–CRM P = 3/4, R = 3/3, F1 = 6/7; CRM–CRM all 1.
#[test]
fn hand_counted_contacts_with_an_invalid_row_merged() {
    let truth = "contact,crm,crm/contacts.csv,,2,contact-1\n\
                 contact,crm,crm/contacts.csv,,3,contact-1\n\
                 contact,crm,crm/contacts.csv,,4,contact-2\n\
                 contact,side,side/a.xlsx,Prospects,2,contact-1\n\
                 contact,side,side/a.xlsx,Prospects,3,contact-2\n\
                 contact,side,side/a.xlsx,Prospects,4,\n";
    let matches = "contact,crm,crm/contacts.csv,,2,101,c1,crm,\n\
                   contact,crm,crm/contacts.csv,,3,102,c1,crm,\n\
                   contact,crm,crm/contacts.csv,,4,103,c2,crm,\n\
                   contact,side,side/a.xlsx,Prospects,2,101,c1,unchanged,0.99\n\
                   contact,side,side/a.xlsx,Prospects,3,103,c2,update,0.97\n\
                   contact,side,side/a.xlsx,Prospects,4,,c2,invalid,\n";
    let r = run(truth, matches);
    assert_eq!(r.entities.len(), 1);
    let e = &r.entities[0];
    assert_eq!((e.entity.as_str(), e.rows), ("contact", 6));
    assert_eq!(e.all, Pairs { true_pairs: 4, predicted_pairs: 6, correct_pairs: 4 });
    assert!(close(e.all.precision(), 4.0 / 6.0));
    assert!(close(e.all.recall(), 1.0));
    assert!(close(e.all.f1(), 0.8));
    assert_eq!(e.side_side, Pairs { true_pairs: 0, predicted_pairs: 1, correct_pairs: 0 });
    assert!(close(e.side_side.precision(), 0.0));
    assert_eq!(e.side_side.recall(), None);
    assert!(close(e.side_side.f1(), 0.0));
    assert_eq!(e.side_crm, Pairs { true_pairs: 3, predicted_pairs: 4, correct_pairs: 3 });
    assert!(close(e.side_crm.f1(), 6.0 / 7.0));
    assert_eq!(e.crm_crm, Pairs { true_pairs: 1, predicted_pairs: 1, correct_pairs: 1 });
    assert_eq!(r.missing_from_matches.count + r.not_in_truth.count, 0);
    let table = render(&r);
    assert!(table.contains("0.6667") && table.contains("0.8000"), "{table}");
}

/// Truth: company X = {crm 2, crm 3, side a.xlsx›S 5, side a.xlsx›S 6}.
/// Matches: crm 2, crm 3 and side 5 (given with the path as typed on the
/// command line) in cluster k; crm 3 a second time in cluster z (ignored);
/// side 6 missing (a predicted singleton); a row of b.csv the truth does
/// not know (not scored).
///
/// True pairs: C(4,2) = 6. Predicted: C(3,2) = 3, all correct.
/// P = 1, R = 3/6, F1 = 2·3/(6+3) = 2/3.
#[test]
fn missing_unknown_and_repeated_rows_are_listed_and_paths_are_resolved() {
    let truth = "company,crm,crm/companies.csv,,2,company-7\n\
                 company,crm,crm/companies.csv,,3,company-7\n\
                 company,side,side/a.xlsx,S,5,company-7\n\
                 company,side,side/a.xlsx,S,6,company-7\n";
    let matches = "company,crm,crm/companies.csv,,2,1,k,crm,\n\
                   company,crm,crm/companies.csv,,3,2,k,crm,\n\
                   company,crm,crm/companies.csv,,3,2,z,crm,\n\
                   company,side,fixtures/demo/side/a.xlsx,S,5,1,k,unchanged,1\n\
                   company,side,side/b.csv,,2,,q,new,\n";
    let r = run(truth, matches);
    let e = &r.entities[0];
    assert_eq!(e.all, Pairs { true_pairs: 6, predicted_pairs: 3, correct_pairs: 3 });
    assert!(close(e.all.precision(), 1.0));
    assert!(close(e.all.recall(), 0.5));
    assert!(close(e.all.f1(), 2.0 / 3.0));
    assert_eq!(e.side_side, Pairs { true_pairs: 1, predicted_pairs: 0, correct_pairs: 0 });
    assert_eq!(e.side_side.precision(), None);
    assert_eq!(r.missing_from_matches.count, 1);
    assert_eq!(r.missing_from_matches.rows[0].row, "6");
    assert_eq!(r.not_in_truth.count, 1);
    assert_eq!(r.not_in_truth.rows[0].source, "side/b.csv");
    assert_eq!(r.duplicate_in_matches.count, 1);
    let table = render(&r);
    assert!(table.contains("1 rows in truth but not in matches"), "{table}");
    assert!(table.contains("company side side/a.xlsx › S row 6"), "{table}");
}

/// Empty clusters are singletons: two rows of one deal, both unclustered,
/// give 1 true pair, 0 predicted: P undefined, R = 0, F1 = 0. A second
/// entity is scored apart: a deal cluster never pairs with a contact.
#[test]
fn empty_clusters_are_singletons_and_entities_are_apart() {
    let truth = "deal,crm,crm/deals.csv,,2,deal-1\n\
                 deal,side,side/a.csv,,2,deal-1\n\
                 contact,side,side/a.csv,,2,contact-1\n";
    let matches = "deal,crm,crm/deals.csv,,2,9,,crm,\n\
                   deal,side,side/a.csv,,2,,,new,\n\
                   contact,side,side/a.csv,,2,,same,new,\n";
    let r = run(truth, matches);
    let deal = r.entities.iter().find(|e| e.entity == "deal").unwrap();
    assert_eq!(deal.all, Pairs { true_pairs: 1, predicted_pairs: 0, correct_pairs: 0 });
    assert_eq!(deal.all.precision(), None);
    assert!(close(deal.all.recall(), 0.0));
    assert!(close(deal.all.f1(), 0.0));
    let contact = r.entities.iter().find(|e| e.entity == "contact").unwrap();
    assert_eq!(contact.all, Pairs::default());
}

#[test]
fn bad_input_is_an_error_with_the_line() {
    let e = score(
        format!("{TRUTH_HEADER}contact,crm,c.csv,,two,contact-1\n").as_bytes(),
        MATCHES_HEADER.as_bytes(),
    )
    .unwrap_err();
    assert!(e.contains("line 2"), "{e}");
    let e =
        score(TRUTH_HEADER.as_bytes(), "entity,origin,source,sheet,row\n".as_bytes()).unwrap_err();
    assert!(e.contains("cluster"), "{e}");
    let e = score(
        format!("{TRUTH_HEADER}contact,CRMX,c.csv,,2,contact-1\n").as_bytes(),
        MATCHES_HEADER.as_bytes(),
    )
    .unwrap_err();
    assert!(e.contains("neither side nor crm"), "{e}");
}

/// Brute force: every pair of rows, counted one by one.
fn brute(rows: &[(bool, Option<u8>, Option<u8>)]) -> [Pairs; 3] {
    let mut out = [Pairs::default(); 3];
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            let (a, b) = (rows[i], rows[j]);
            let t = match (a.0, b.0) {
                (true, true) => 0,
                (false, false) => 2,
                _ => 1,
            };
            let same_truth = a.1.is_some() && a.1 == b.1;
            let same_pred = a.2.is_some() && a.2 == b.2;
            out[t].true_pairs += u64::from(same_truth);
            out[t].predicted_pairs += u64::from(same_pred);
            out[t].correct_pairs += u64::from(same_truth && same_pred);
        }
    }
    out
}

proptest! {
    #[test]
    fn contingency_counts_equal_brute_force(
        rows in proptest::collection::vec(
            (any::<bool>(), proptest::option::of(0u8..5), proptest::option::of(0u8..5)),
            0..40,
        )
    ) {
        let mut truth = String::new();
        let mut matches = String::new();
        for (i, (side, t, p)) in rows.iter().enumerate() {
            let origin = if *side { "side" } else { "crm" };
            let t = t.map(|t| format!("contact-{t}")).unwrap_or_default();
            let p = p.map(|p| format!("k{p}")).unwrap_or_default();
            truth.push_str(&format!("contact,{origin},f.csv,,{},{t}\n", i + 2));
            matches.push_str(&format!("contact,{origin},f.csv,,{},,{p},new,\n", i + 2));
        }
        let r = run(&truth, &matches);
        let want = brute(&rows);
        let got = r.entities.first().map_or([Pairs::default(); 3], |e| [e.side_side, e.side_crm, e.crm_crm]);
        prop_assert_eq!(got, want);
    }
}
