use super::*;
use crate::normalize::record::RowLink;

fn company(name: &str, id: Option<&str>, siren: Option<u32>, city: Option<&str>) -> Features {
    Features {
        company: Some(name.into()),
        legal_form: Some("SA"),
        record_id: id.map(Into::into),
        siren,
        city: city.map(Into::into),
        ..Features::default()
    }
}

#[test]
fn a_record_is_reviewed_against_its_three_best_candidates() {
    let link = |a: u32, b: u32, probability: f64| Link {
        a,
        b,
        probability,
        levels: [compare::MISSING; compare::MAX_FIELDS],
        rule: None,
    };
    // Record 0 has five candidates, each of which has three better
    // ones of its own; record 9 is a CRM company six rows name.
    let mut review = vec![
        link(0, 1, 0.80),
        link(0, 2, 0.90),
        link(0, 3, 0.75),
        link(0, 4, 0.85),
        link(0, 5, 0.71),
    ];
    for c in 1..=5 {
        review.extend((0..3).map(|k| link(c, 20 + 3 * c + k, 0.95)));
    }
    review.extend((10..16).map(|i| link(9, i, 0.8)));
    cap_review(&mut review, 40);
    let of = |x: u32| review.iter().filter(|l| l.a == x || l.b == x).count();
    assert_eq!(of(0), 3);
    let best: Vec<u32> = review.iter().filter(|l| l.a == 0).map(|l| l.b).collect();
    assert!(best.contains(&2) && best.contains(&4) && best.contains(&1), "{best:?}");
    // A candidate a record alone needs stays: each row keeps its pair
    // with the CRM company.
    assert_eq!(of(9), 6);
}

#[test]
fn a_company_on_a_contact_row_takes_the_domain_of_the_work_email() {
    use crate::model::{Origin, Provenance};
    use crate::normalize::record::Field;
    let (src, sheet): (std::sync::Arc<str>, std::sync::Arc<str>) = ("a.csv".into(), "".into());
    let field = |role: Role, value: Value, derived_from: Option<Role>| Field {
        role,
        column: 0,
        header: None,
        raw: "x".into(),
        value: Some(value),
        derived_from,
    };
    let record = |entity: Entity, row: u32, fields: Vec<Field>| Record {
        entity,
        origin: Origin::Side,
        provenance: Provenance::row(&src, &sheet, row),
        link: RowLink { table: 0, row },
        fields,
        issues: Vec::new(),
    };
    let domain = |d: &str| Value::Domain(d.into());
    let records = vec![
        // A work address: its domain is the company's.
        record(
            Entity::Contact,
            1,
            vec![field(Role::Website, domain("cave-mathieu.fr"), Some(Role::Email))],
        ),
        record(
            Entity::Company,
            1,
            vec![field(Role::Company, Value::Text("Cave Mathieu".into()), None)],
        ),
        // A contact's own website column is not an email's.
        record(Entity::Contact, 2, vec![field(Role::Website, domain("blog.example"), None)]),
        // A company's website is its own already.
        record(
            Entity::Company,
            3,
            vec![field(Role::Website, domain("acme.fr"), Some(Role::Email))],
        ),
    ];
    let domains = email_domains_of_rows(&records);
    assert_eq!(domains.len(), 1);
    assert_eq!(domains.get(&RowLink { table: 0, row: 1 }).unwrap(), "cave-mathieu.fr");
}

/// Eighty CRM companies of Paris, each of its own name and SIREN: a
/// population for the weights to learn from.
fn crm_companies_in_paris() -> Vec<Features> {
    (0..80)
        .map(|i| {
            let id = format!("98700{i:03}");
            company(&format!("societe {i} alpha"), Some(&id), Some(100_000_000 + i), Some("paris"))
        })
        .collect()
}

/// The CRM companies plus two CRM namesakes, `optiline` of Saint-Étienne
/// and of Lyon (at `len() - 1`).
fn crm_optilines() -> Vec<Features> {
    let mut companies = crm_companies_in_paris();
    companies.push(company("optiline", Some("987901"), Some(337_872_980), Some("saint etienne")));
    companies.push(company("optiline", Some("987902"), Some(552_100_554), Some("lyon")));
    companies
}

/// [`match_entity`] of one entity's records, all of them core records,
/// compared on the entity's default fields.
fn match_all(entity: Entity, records: Vec<Features>) -> EntityMatches {
    let n = records.len();
    match_entity(
        entity,
        (0..n).collect(),
        records,
        n,
        &compare::default_fields(entity),
        Settings::default(),
        Duration::ZERO,
    )
}

fn match_companies(records: Vec<Features>) -> EntityMatches {
    match_all(Entity::Company, records)
}

#[test]
fn a_row_giving_only_the_name_of_crm_namesakes_goes_to_review_with_each() {
    let mut records = crm_optilines();
    records.push(company("optiline", None, None, None));
    features::mark_ambiguous_names(&mut records);
    let n = records.len();
    let (side, a, b) = (n as u32 - 1, n as u32 - 3, n as u32 - 2);
    let m = match_companies(records);
    let cluster = |i: u32| m.cluster[i as usize];
    assert_ne!(cluster(side), cluster(a));
    assert_ne!(cluster(side), cluster(b));
    let reviewed = |x: u32| {
        m.review.iter().any(|l| (l.a.min(l.b), l.a.max(l.b)) == (x.min(side), x.max(side)))
    };
    assert!(reviewed(a) && reviewed(b), "{:?}", m.review);
}

#[test]
fn two_people_sharing_name_and_address_but_not_mobile_or_title_go_to_review() {
    use features::{EmailKey, PhoneKey};
    let person = |i: u64, first: &str, last: &str, mobile: u64, title: &str| {
        let email = format!("{}.{last}@acme{}.fr", &first[..1], i % 40);
        Features {
            first: Some(first.into()),
            last: Some(last.into()),
            company: Some(format!("acme {}", i % 40).into()),
            emails: vec![EmailKey {
                at: email.find('@').unwrap() as u8,
                address: email.into(),
                role: false,
                free: false,
            }],
            phones: vec![PhoneKey { digits: mobile, mobile: true }],
            job_title: Some(title.into()),
            ..Features::default()
        }
    };
    // 400 people, every tenth typed in twice; then Jean Martin père et
    // fils at one address, each with their own mobile and title.
    let mut records: Vec<Features> = (0..400)
        .map(|i| person(i, &format!("first{i}"), &format!("last{i}"), 33_600_000_000 + i, "dg"))
        .collect();
    for i in (0..400).step_by(10) {
        let twice = person(i, &format!("first{i}"), &format!("last{i}"), 33_600_000_000 + i, "dg");
        records.push(twice);
    }
    records.push(person(7, "jean", "martin", 33_612_345_678, "gerant"));
    records.push(person(7, "jean", "martin", 33_698_765_432, "artisan"));
    let n = records.len();
    let (father, son) = (n as u32 - 2, n as u32 - 1);
    let m = match_entity(
        Entity::Contact,
        (0..n).collect(),
        records,
        n,
        &[
            FieldKind::FirstName,
            FieldKind::LastName,
            FieldKind::Email,
            FieldKind::Phone,
            FieldKind::Company,
            FieldKind::JobTitle,
        ],
        Settings::default(),
        Duration::ZERO,
    );
    assert_eq!(m.cluster[0], m.cluster[400], "a person typed in twice is one");
    assert_ne!(m.cluster[father as usize], m.cluster[son as usize]);
    assert!(m.review.iter().any(|l| (l.a, l.b) == (father, son)), "{:?}", m.review);
}

#[test]
fn a_company_named_on_many_rows_is_compared_once_and_each_row_joins_it() {
    let mut records = crm_companies_in_paris();
    let crm = records.len() as u32;
    records.push(company("optiline", Some("987901"), Some(337_872_980), Some("lyon")));
    let rows = crm + 1..crm + 31;
    records
        .extend(rows.clone().map(|_| company("optiline", None, Some(337_872_980), Some("lyon"))));
    let without_rows = match_companies(records[..=crm as usize].to_vec()).candidate_pairs;
    let m = match_companies(records);
    // The CRM record and the first row: the other rows are its copies.
    assert!(
        m.candidate_pairs <= without_rows + 3,
        "{} pairs, {without_rows} without the rows",
        m.candidate_pairs
    );
    for r in rows.clone() {
        assert_eq!(m.cluster[r as usize], m.cluster[crm as usize], "row {r}");
        assert!(m.best[r as usize].is_some_and(|(_, p)| p >= Settings::default().auto));
    }
    let linked = |r: u32| m.links.iter().any(|l| l.a == r || l.b == r);
    assert!(rows.clone().all(linked));
}

/// Companies matched, then one person on the rows of `person_on` (the
/// company of row k is company record k), then the companies joined
/// through that person: the companies and how many clusters joined.
fn join_through_one_person(
    companies: Vec<Features>,
    person_on: &[usize],
) -> (EntityMatches, usize) {
    use crate::model::{Origin, Provenance};
    let n = companies.len();
    let mut m = match_companies(companies);
    let (src, sheet): (std::sync::Arc<str>, std::sync::Arc<str>) = ("a.csv".into(), "".into());
    let record = |entity: Entity, row: usize| Record {
        entity,
        origin: Origin::Side,
        provenance: Provenance::row(&src, &sheet, row as u32),
        link: RowLink { table: 0, row: row as u32 },
        fields: Vec::new(),
        issues: Vec::new(),
    };
    let mut records: Vec<Record> = (0..n).map(|k| record(Entity::Company, k)).collect();
    records.extend(person_on.iter().map(|&row| record(Entity::Contact, row)));
    let email = "jean.dupont@gmail.com";
    let person = Features {
        first: Some("jean".into()),
        last: Some("dupont".into()),
        emails: vec![features::EmailKey {
            address: email.into(),
            at: email.find('@').unwrap() as u8,
            role: false,
            free: true,
        }],
        ..Features::default()
    };
    let contacts = match_entity(
        Entity::Contact,
        (n..n + person_on.len()).collect(),
        vec![person; person_on.len()],
        person_on.len(),
        &compare::default_fields(Entity::Contact),
        Settings::default(),
        Duration::ZERO,
    );
    assert!(contacts.cluster.iter().all(|&c| c == contacts.cluster[0]), "one person");
    let facts = context::CompanyRecords::of(&m);
    let joined = context::join_companies_through_contacts(&mut m, &facts, &contacts, &records);
    (m, joined)
}

#[test]
fn a_person_on_two_rows_ties_a_name_only_company_to_the_namesake_of_the_other() {
    let mut companies = crm_optilines();
    let lyon = companies.len() - 1;
    // Three rows of one person: Optiline of Lyon, Optiline alone, and
    // another company.
    companies.push(company("optiline", None, None, Some("lyon")));
    companies.push(company("optiline", None, None, None));
    companies.push(company("acme", None, None, None));
    features::mark_ambiguous_names(&mut companies);
    let n = companies.len();
    let (with_town, name_only, other) = (n - 3, n - 2, n - 1);
    let alone = match_companies(companies.clone());
    assert_eq!(alone.cluster[with_town], alone.cluster[lyon]);
    assert_ne!(alone.cluster[name_only], alone.cluster[lyon], "alone, the name says not which");

    let (m, joined) = join_through_one_person(companies, &[with_town, name_only, other]);
    assert_eq!(joined, 1);
    assert_eq!(m.cluster[name_only], m.cluster[lyon]);
    assert_ne!(m.cluster[other], m.cluster[lyon], "another name is another company");
    assert_eq!(m.best[name_only].map(|(to, _)| to as usize), Some(with_town));
}

#[test]
fn a_row_without_a_company_name_does_not_stop_the_person_joining_the_others() {
    let mut companies = crm_optilines();
    let lyon = companies.len() - 1;
    // The person's first row gives no company name, only Lyon's SIREN;
    // it joins Lyon's cluster and, coming first, used to be taken as the
    // name to compare the name-only row with.
    companies.push(Features { company: None, ..company("", None, Some(552_100_554), None) });
    companies.push(company("optiline", None, Some(552_100_554), Some("lyon")));
    companies.push(company("optiline", None, None, None));
    features::mark_ambiguous_names(&mut companies);
    let n = companies.len();
    let (nameless, with_siren, name_only) = (n - 3, n - 2, n - 1);
    let alone = match_companies(companies.clone());
    assert_eq!(alone.cluster[nameless], alone.cluster[lyon]);
    assert_eq!(alone.cluster[with_siren], alone.cluster[lyon]);
    assert_ne!(alone.cluster[name_only], alone.cluster[lyon]);

    let (m, joined) = join_through_one_person(companies, &[nameless, with_siren, name_only]);
    assert_eq!(joined, 1);
    assert_eq!(m.cluster[name_only], m.cluster[lyon]);
}

/// 400 contacts with two CRM deals each (a deal in progress and a deal
/// won long before), and a row about the first deal of each of the
/// first 300: a third with the amount updated by 15 %, half with the
/// stage moved on.
fn contacts_with_two_crm_deals() -> Vec<Features> {
    use crate::normalize::stage::CanonicalStage as S;
    let deal = features::deal_of_contact;
    let mut records = Vec::new();
    for c in 0..400u32 {
        let id = |k: u32| Some(format!("18400{}", 2 * c + k).into());
        let open = deal(c, 1000.0 + 97.0 * c as f64, 739_500 + c as i32, S::Proposal);
        let won = deal(c, 50_000.0 + 31.0 * c as f64, 739_000 - 3 * c as i32, S::Won);
        records.push(Features { record_id: id(0), ..open });
        records.push(Features { record_id: id(1), ..won });
    }
    for c in 0..300u32 {
        let crm = &records[2 * c as usize];
        let amount = crm.amount.unwrap() * if c % 3 == 0 { 1.15 } else { 1.0 };
        let stage = if c % 2 == 0 { S::Proposal } else { S::Contract };
        records.push(deal(c, amount, crm.close_date.unwrap(), stage));
    }
    let core = records.len();
    features::count_crm_deals_of_contacts(&mut records, core);
    records
}

fn match_deals(records: Vec<Features>) -> EntityMatches {
    match_all(Entity::Deal, records)
}

#[test]
fn a_row_is_the_one_of_its_contacts_crm_deals_it_fits_best() {
    let records = contacts_with_two_crm_deals();
    let m = match_deals(records.clone());
    let contest = m.model.contest.clone().expect("rows about contacts with two deals");
    assert_eq!((contest.rows, contest.pairs), (300, 600));
    assert!(contest.one_of_the_deals > 0.9, "{contest:?}");
    let fields = m.model.field_kinds();
    for c in 0..300 {
        let (open, won, row) = (2 * c, 2 * c + 1, 800 + c);
        assert_eq!(m.cluster[row], m.cluster[open], "row {row}");
        assert_ne!(m.cluster[row], m.cluster[won], "row {row}");
        // Alone, the pair would have scored less: the won deal, which the
        // row fits in nothing, leaves the open deal as the only candidate.
        let levels = compare::compare(&fields, &records[open], &records[row]);
        let alone = m.model.probability(&levels, &records[open], &records[row]);
        let (_, linked) = m.best[row].expect("linked");
        assert!(linked >= alone, "{linked} vs {alone}");
        if c % 3 == 0 {
            assert!(linked > alone, "{linked} vs {alone}");
        }
        // The explanation's waterfall adds up to the link's score.
        let e =
            explain::explain(&m.model, &levels, &records[open], &records[row], None, Some(linked));
        assert!((e.probability - linked).abs() < 1e-9, "{} vs {linked}", e.probability);
        assert!(e.text.contains("fits best of the contact's 2 CRM deals"), "{}", e.text);
    }
    // The contacts without a row keep their two deals apart.
    for c in 300..400 {
        assert_ne!(m.cluster[2 * c], m.cluster[2 * c + 1]);
    }
}

#[test]
fn a_row_that_fits_two_crm_deals_alike_is_neither_and_copies_are_one() {
    use crate::normalize::stage::CanonicalStage as S;
    let mut records = contacts_with_two_crm_deals();
    // Contact 300's two deals differ only by their close date, and a row
    // about them gives none: it cannot tell them apart.
    let close = records[600].close_date.unwrap() + 200;
    records[601] = Features {
        close_date: Some(close),
        stage: Some(S::Proposal),
        amount: records[600].amount,
        ..records[601].clone()
    };
    let row = Features { close_date: None, stage: Some(S::Proposal), ..records[600].clone() };
    // Contact 301's two deals are one deal entered twice (name, owner,
    // amount, date and stage): a row about it is both.
    records[602].deal_name = Some("migration erp".into());
    records[602].owner = Some("claire morel".into());
    records[603] = Features { record_id: records[603].record_id.clone(), ..records[602].clone() };
    let copy_row = Features { record_id: None, ..records[602].clone() };
    records.push(Features { record_id: None, ..row });
    records.push(copy_row);
    let n = records.len();
    features::count_crm_deals_of_contacts(&mut records, n);
    let m = match_deals(records);
    let (alike, copies) = (n - 2, n - 1);
    assert_ne!(m.cluster[alike], m.cluster[600]);
    assert_ne!(m.cluster[alike], m.cluster[601]);
    assert_eq!(m.cluster[copies], m.cluster[602]);
    assert_eq!(m.cluster[copies], m.cluster[603]);
}
