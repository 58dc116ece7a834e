use super::*;
use crate::matching::features::EmailKey;

fn person(i: usize, first: &str, last: &str, email: Option<String>) -> Features {
    let _ = i;
    Features {
        first: Some(first.into()),
        last: Some(last.into()),
        emails: email
            .map(|e| {
                vec![EmailKey {
                    at: e.find('@').unwrap() as u8,
                    address: e.into(),
                    role: false,
                    free: false,
                }]
            })
            .unwrap_or_default(),
        ..Features::default()
    }
}

/// A contact model trained on the records' blocking candidates.
fn train(fields: &[FieldKind], records: &[Features]) -> Model {
    train_on_candidates(Entity::Contact, fields, records, None, None)
}

/// 400 distinct people with varied names (few homonyms), and a
/// duplicate of every tenth one.
fn population() -> Vec<Features> {
    const FIRST: [&str; 12] = [
        "jean", "marie", "pierre", "sophie", "luc", "anne", "paul", "julie", "marc", "emma",
        "hugo", "lea",
    ];
    const LAST: [&str; 40] = [
        "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy",
        "moreau", "simon", "laurent", "lefebvre", "michel", "garcia", "david", "bertrand", "roux",
        "vincent", "fournier", "morel", "girard", "andre", "lefevre", "mercier", "dupont",
        "lambert", "bonnet", "francois", "martinez", "legrand", "garnier", "faure", "rousseau",
        "blanc", "guerin", "muller", "henry", "roussel", "nicolas",
    ];
    let mut records = Vec::new();
    for i in 0..400 {
        let (f, l) = (FIRST[i % 12], LAST[(i / 12) % 40]);
        records.push(person(i, f, l, Some(format!("{f}.{l}{i}@x{}.fr", i % 50))));
    }
    for i in (0..400).step_by(10) {
        let (f, l) = (FIRST[i % 12], LAST[(i / 12) % 40]);
        records.push(person(i, f, l, Some(format!("{f}.{l}{i}@x{}.fr", i % 50))));
    }
    records
}

#[test]
fn exact_email_weighs_more_than_a_shared_first_name() {
    let records = population();
    let fields = [FieldKind::FirstName, FieldKind::LastName, FieldKind::Email];
    let model = train(&fields, &records);
    let w = |f: usize, l: usize| model.fields[f].levels[l].weight;
    assert!(w(2, 1) > w(0, 1), "email same {} vs first same {}", w(2, 1), w(0, 1));
    assert!(w(2, 1) > 5.0);
    assert!(w(0, 5) < 0.0, "different first names count against");
    assert!(model.lambda > 0.0 && model.lambda < 1.0);
    // Duplicates score high, homonyms with other emails low.
    let dup = (records[0].clone(), records[400].clone());
    let l = compare(&fields, &dup.0, &dup.1);
    assert!(model.probability(&l, &dup.0, &dup.1) > 0.95);
    let homonym = person(0, "jean", "martin", Some("jm@other.fr".into()));
    let l = compare(&fields, &records[0], &homonym);
    assert!(model.probability(&l, &records[0], &homonym) < 0.5);
}

#[test]
fn training_is_deterministic() {
    let records = population();
    let fields = [FieldKind::FirstName, FieldKind::LastName, FieldKind::Email];
    let a = train(&fields, &records);
    let b = train(&fields, &records);
    assert_eq!(format!("{:?}", a.fields), format!("{:?}", b.fields));
    assert_eq!(a.lambda, b.lambda);
}

/// 300 Martins of different first names (records 0–299), a Kowalczyk
/// (300) written again as `kowalczyk_again` (301), and Martin 1 written
/// again as `martin_again` (302), with a model trained on their first and
/// last names.
fn martins_and_a_kowalczyk(
    kowalczyk_again: &str,
    martin_again: &str,
) -> (Vec<Features>, [FieldKind; 2], Model) {
    let mut records: Vec<Features> =
        (0..300).map(|i| person(i, &format!("p{i}"), "martin", None)).collect();
    records.push(person(0, "zoe", "kowalczyk", None));
    records.push(person(0, "zoe", kowalczyk_again, None));
    records.push(person(0, "p1", martin_again, None));
    let fields = [FieldKind::FirstName, FieldKind::LastName];
    let model = train(&fields, &records);
    (records, fields, model)
}

#[test]
fn a_common_value_weighs_less_than_a_rare_one() {
    let (records, fields, model) = martins_and_a_kowalczyk("kowalczyk", "martin");
    let rare = compare(&fields, &records[300], &records[301]);
    let common = compare(&fields, &records[1], &records[302]);
    let w_rare = model.weights(&rare, &records[300], &records[301])[1];
    let w_common = model.weights(&common, &records[1], &records[302])[1];
    assert!(w_rare > w_common + 3.0, "rare {w_rare} common {w_common}");
}

#[test]
fn a_typo_of_a_rare_name_weighs_more_than_a_typo_of_a_common_one() {
    let (records, fields, model) = martins_and_a_kowalczyk("kowalczik", "martinn");
    let rare = compare(&fields, &records[300], &records[301]);
    let common = compare(&fields, &records[1], &records[302]);
    assert_eq!((rare[1], common[1]), (2, 2), "both within a typo");
    let w_rare = model.weights(&rare, &records[300], &records[301])[1];
    let w_common = model.weights(&common, &records[1], &records[302])[1];
    let level = model.fields[1].levels[2].weight;
    assert!(w_rare > level && level > w_common, "rare {w_rare} level {level} common {w_common}");
    // Training records by index weigh alike.
    let at = model.weights_at(&rare, 300, 301, &records)[1];
    assert!((at - w_rare).abs() < 1e-9, "{at} / {w_rare}");
    // A level other fields keep unadjusted.
    assert_eq!(FieldKind::FirstName.tf_close_level(), None);
}

/// Scoring skips the pairs whose levels cannot reach review: no pair may
/// weigh more than its levels allow, rare or common, typo or not.
#[test]
fn no_pair_weighs_more_than_its_levels_allow() {
    for (kowalczyk_again, martin_again) in [("kowalczyk", "martin"), ("kowalczik", "martinn")] {
        let (records, fields, model) = martins_and_a_kowalczyk(kowalczyk_again, martin_again);
        for a in 0..records.len() {
            for b in a + 1..records.len() {
                let levels = compare(&fields, &records[a], &records[b]);
                let w = model.prior()
                    + model.weights_at(&levels, a as u32, b as u32, &records).iter().sum::<f64>();
                let best = model.best_log_odds(&levels);
                assert!(w <= best + 1e-9, "{a}/{b} {levels:?}: {w} above {best}");
            }
        }
    }
    // Different on both names, a pair can only count against.
    let (records, fields, model) = martins_and_a_kowalczyk("kowalczyk", "martin");
    let strangers = compare(&fields, &records[1], &records[300]);
    assert!(model.best_log_odds(&strangers) < model.prior(), "{strangers:?}");
}

/// 300 CRM deals of 200 contacts (a hundred with two), rows about 120
/// of them (a third with the amount updated by 10 %), and rows about 30
/// contacts' new deals.
fn deals() -> Vec<Features> {
    use crate::normalize::stage::CanonicalStage as S;
    let stages = [S::Lead, S::Qualified, S::Proposal, S::Won];
    let deal = crate::matching::features::deal_of_contact;
    let mut records: Vec<Features> = (0..300)
        .map(|i| Features {
            record_id: Some(format!("184000{i}").into()),
            ..deal(
                i % 200,
                1000.0 + 1370.0 * i as f64,
                739_000 + 11 * i as i32,
                stages[i as usize % 4],
            )
        })
        .collect();
    for i in 0..120 {
        let crm = &records[i];
        let amount = crm.amount.unwrap() * if i % 3 == 0 { 1.1 } else { 1.0 };
        records.push(deal(i as u32, amount, crm.close_date.unwrap(), crm.stage.unwrap()));
    }
    for i in 0..30 {
        records.push(deal(150 + i, 999_000.0 + i as f64, 738_000, S::Lead));
    }
    crate::matching::features::count_crm_deals_of_contacts(&mut records, 450);
    records
}

#[test]
fn a_row_about_a_contact_is_weighed_by_the_share_of_its_session() {
    let records = deals();
    let fields = [FieldKind::Contact, FieldKind::Amount, FieldKind::CloseDate, FieldKind::Stage];
    let model = train_on_candidates(Entity::Deal, &fields, &records, None, None);

    // Each row with its contact's CRM deals, in two sessions: contacts
    // with one CRM deal (20 rows about it, 30 about a new deal) and
    // contacts with two (100 rows, each a match with one of the two).
    // Two CRM deals of one contact are in neither.
    let sessions: Vec<&Session> =
        model.sessions.iter().filter(|s| s.on == FieldKind::Contact).collect();
    assert_eq!(sessions.len(), 2, "{sessions:?}");
    assert_eq!((sessions[0].level_index, sessions[0].pairs), (1, 50));
    assert_eq!((sessions[1].level_index, sessions[1].pairs), (2, 200));
    for s in sessions {
        assert!((0.3..0.7).contains(&s.matches), "{s:?}");
        let logit = (s.matches / (1.0 - s.matches)).log2();
        let weight = model.fields[0].levels[s.level_index as usize].weight;
        assert!((model.prior() + weight - logit).abs() < 1e-9);
    }

    let p = |a: usize, b: usize| {
        let l = compare(&fields, &records[a], &records[b]);
        model.probability(&l, &records[a], &records[b])
    };
    // A row whose amount was updated is its deal, not the contact's
    // other deal; two CRM deals of one contact stay apart.
    assert!(p(0, 300) >= 0.92, "{}", p(0, 300));
    assert!(p(200, 300) < 0.5, "{}", p(200, 300));
    assert!(p(0, 200) < 0.5, "{}", p(0, 200));
    // A new deal of a contact with a CRM deal is not that deal.
    assert!(p(150, 420) < 0.5, "{}", p(150, 420));
}

#[test]
fn prior_m_sums_to_one() {
    for n in 3..7 {
        let s: f64 = prior_m(n).iter().sum();
        assert!((s - 1.0).abs() < 1e-9);
    }
}
