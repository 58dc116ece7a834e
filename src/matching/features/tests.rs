use super::*;
use crate::model::{Entity, Provenance};
use crate::normalize::email::{Email, EmailCell};
use crate::normalize::phone::{Phone, PhoneCell, PhoneKind};
use crate::normalize::record::{Field, RowLink};
use std::sync::Arc;

fn field(role: Role, value: Value) -> Field {
    Field { role, column: 0, header: None, raw: "".into(), value: Some(value), derived_from: None }
}

fn record(entity: Entity, fields: Vec<Field>) -> Record {
    let s: Arc<str> = "f.csv".into();
    Record {
        entity,
        origin: Origin::Side,
        provenance: Provenance::row(&s, &"".into(), 2),
        link: RowLink { table: 0, row: 0 },
        fields,
        issues: vec![],
    }
}

fn email(address: &str, free: bool, role: bool) -> Value {
    let e = Email { address: address.into(), role_account: role, free_mail: free };
    Value::Email(Box::new(EmailCell { primary: e, others: vec![] }))
}

#[test]
fn contact_features_are_folded_keys() {
    let phone = Phone { e164: "+33612345678".into(), kind: PhoneKind::Mobile, extension: None };
    let r = record(
        Entity::Contact,
        vec![
            field(Role::FirstName, Value::Name("Jean-Pierre".into())),
            field(Role::LastName, Value::Name("Lefèvre".into())),
            field(Role::Email, email("jp.lefevre@acme.fr", false, false)),
            // As normalize derives it from a company email.
            Field {
                derived_from: Some(Role::Email),
                ..field(Role::Website, Value::Domain("acme.fr".into()))
            },
            field(
                Role::Mobile,
                Value::Phone(Box::new(PhoneCell { primary: phone, others: vec![] })),
            ),
            field(Role::City, Value::Text("Saint-Étienne".into())),
        ],
    );
    let f = features(&r);
    assert_eq!(f.first.as_deref(), Some("jean pierre"));
    assert_eq!(f.last.as_deref(), Some("lefevre"));
    assert_eq!(f.initial(), Some('j'));
    assert_eq!(f.emails[0].local(), "jp.lefevre");
    assert_eq!(f.emails[0].domain(), "acme.fr");
    assert_eq!(f.domain.as_deref(), Some("acme.fr"), "a company email gives the domain");
    assert_eq!(f.phones, vec![PhoneKey { digits: 33612345678, mobile: true }]);
    assert_eq!(f.city.as_deref(), Some("saint etienne"));
}

#[test]
fn free_mail_and_role_addresses_give_no_domain() {
    let r = record(
        Entity::Contact,
        vec![
            field(Role::Email, email("jean@gmail.com", true, false)),
            field(Role::Email, email("contact@acme.fr", false, true)),
        ],
    );
    let f = features(&r);
    assert_eq!(f.domain, None);
    assert_eq!(f.emails.len(), 2);
}

#[test]
fn an_address_two_people_use_is_shared() {
    let person = |first: &str, email: &str| Features {
        first: Some(first.into()),
        emails: vec![EmailKey {
            address: email.into(),
            at: email.find('@').unwrap() as u8,
            role: false,
            free: false,
        }],
        phones: vec![PhoneKey { digits: 33612345678, mobile: true }],
        ..Features::default()
    };
    let mut records = vec![
        person("jean", "famille.dupont@orange.fr"),
        person("marie", "famille.dupont@orange.fr"),
        person("paul", "paul@acme.fr"),
        person("paul", "paul@acme.fr"),
    ];
    records[2].phones[0].digits = 33600000000;
    records[3].phones[0].digits = 33600000000;
    // The same person with the name columns swapped.
    let mut swapped = [person("jean", "jdupont@acme.fr"), person("dupont", "jdupont@acme.fr")];
    swapped[0].last = Some("dupont".into());
    swapped[1].last = Some("jean".into());
    mark_shared(&mut swapped);
    assert!(!swapped[0].emails[0].role, "swapped columns are one person");
    mark_shared(&mut records);
    assert!(records[0].emails[0].role && records[1].emails[0].role);
    assert!(!records[0].phones[0].mobile, "the mobile both use is a shared line");
    assert!(!records[2].emails[0].role, "one person's address twice stays personal");
    assert!(records[2].phones[0].mobile);
}

#[test]
fn a_company_name_two_places_give_is_ambiguous() {
    let company = |name: &str, city: Option<&str>| Features {
        company: Some(name.into()),
        city: city.map(Into::into),
        ..Features::default()
    };
    let mut records = vec![
        company("boulangerie martin", Some("lyon")),
        company("boulangerie martin", Some("lille")),
        company("boulangerie martin", None),
        company("aximed", Some("paris")),
        company("aximed", Some("paris")),
        company("aximed", None),
    ];
    mark_ambiguous_names(&mut records);
    assert!(records[..3].iter().all(|f| f.ambiguous_name));
    assert!(records[3..].iter().all(|f| !f.ambiguous_name));

    // A postal code on one row and a town on another, or a misspelt
    // town, are no second place.
    let mut records = vec![
        Features { postal_code: Some("13008".into()), ..company("cave renaud", Some("marseille")) },
        company("cave renaud", Some("marseille")),
        Features { postal_code: Some("13008".into()), ..company("cave renaud", None) },
        company("cave renaud", Some("marseile")),
    ];
    mark_ambiguous_names(&mut records);
    assert!(records.iter().all(|f| !f.ambiguous_name));
    let mut records = vec![
        Features { postal_code: Some("13008".into()), ..company("cave renaud", None) },
        Features { postal_code: Some("69003".into()), ..company("cave renaud", None) },
    ];
    mark_ambiguous_names(&mut records);
    assert!(records.iter().all(|f| f.ambiguous_name));
}

/// Deterministic pseudo-random picks for the equivalence tests.
fn picks(seed: u64) -> impl FnMut(usize) -> usize {
    let mut x = seed;
    move |n| {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (x >> 33) as usize % n
    }
}

#[test]
fn shared_values_are_those_one_pass_over_the_records_finds() {
    use super::super::compare::{first_name_typo, one_edit};
    use super::super::nicknames::{Compat, first_names_compatible};
    // The definition, written plainly: each value against the first
    // named record that gives it, in input order.
    fn one_pass(records: &[Features]) -> (Vec<bool>, Vec<bool>) {
        let same = |x: &str, y: &str| {
            first_names_compatible(x, y) != Compat::Different || first_name_typo(x, y)
        };
        type Name<'a> = (&'a str, Option<&'a str>);
        let swapped = |x: &Name, y: &Name| {
            x.1.is_some_and(|l| same(l, y.0)) && y.1.is_some_and(|l| l == x.0 || one_edit(l, x.0))
        };
        let clash = |a: &Name, b: &Name| !same(a.0, b.0) && !swapped(a, b) && !swapped(b, a);
        let (mut emails, mut phones) = (HashMap::new(), HashMap::new());
        let (mut shared_e, mut shared_p) = (HashSet::new(), HashSet::new());
        for f in records {
            let Some(first) = f.first.as_deref() else { continue };
            let name = (first, f.last.as_deref());
            for e in &f.emails {
                if clash(emails.entry(e.address.as_str()).or_insert(name), &name) {
                    shared_e.insert(e.address.as_str());
                }
            }
            for p in f.phones.iter().filter(|p| p.mobile) {
                if clash(phones.entry(p.digits).or_insert(name), &name) {
                    shared_p.insert(p.digits);
                }
            }
        }
        let e =
            records.iter().flat_map(|f| &f.emails).map(|e| shared_e.contains(e.address.as_str()));
        let p = records
            .iter()
            .flat_map(|f| &f.phones)
            .map(|p| p.mobile && shared_p.contains(&p.digits));
        (e.collect(), p.collect())
    }
    use std::collections::{HashMap, HashSet};
    let mut pick = picks(7);
    let firsts = ["jean", "marie", "jean-pierre", "jp", "pierre", "mrie", "dupont"];
    let lasts = ["dupont", "martin", "jean", "pierre"];
    let records: Vec<Features> = (0..5000)
        .map(|_| Features {
            first: (pick(8) > 0).then(|| firsts[pick(firsts.len())].into()),
            last: (pick(4) > 0).then(|| lasts[pick(lasts.len())].into()),
            emails: (0..pick(3))
                .map(|_| {
                    let address = format!("a-rather-long-user-name-{}@acme.fr", pick(900));
                    EmailKey {
                        at: address.find('@').unwrap() as u8,
                        address: address.into(),
                        role: false,
                        free: false,
                    }
                })
                .collect(),
            phones: (0..pick(3))
                .map(|_| PhoneKey {
                    digits: 33_600_000_000 + pick(900) as u64,
                    mobile: pick(4) > 0,
                })
                .collect(),
            ..Features::default()
        })
        .collect();
    let (emails, phones) = one_pass(&records);
    let mut marked = records.clone();
    mark_shared(&mut marked);
    let got_e: Vec<bool> = marked.iter().flat_map(|f| &f.emails).map(|e| e.role).collect();
    let got_p: Vec<bool> = marked
        .iter()
        .zip(&records)
        .flat_map(|(m, r)| m.phones.iter().zip(&r.phones))
        .map(|(m, r)| r.mobile && !m.mobile)
        .collect();
    assert_eq!(got_e, emails);
    assert_eq!(got_p, phones);
    assert!(emails.iter().any(|&x| x) && emails.iter().any(|&x| !x));
    assert!(phones.iter().any(|&x| x) && phones.iter().any(|&x| !x));
}

#[test]
fn ambiguous_names_are_those_one_pass_over_the_records_finds() {
    use std::collections::HashMap;
    // The definition, written plainly: per name (and per name in one
    // town), the first value of each kind against the later ones.
    fn one_pass(records: &[Features]) -> Vec<(bool, bool)> {
        #[derive(Default)]
        struct Seen<'a> {
            postal: Option<&'a str>,
            city: Option<&'a str>,
            domain: Option<&'a str>,
            siren: Option<u32>,
            ambiguous: bool,
        }
        fn differs<T: Copy>(
            slot: &mut Option<T>,
            v: Option<T>,
            same: impl Fn(T, T) -> bool,
        ) -> bool {
            match (*slot, v) {
                (Some(x), Some(y)) => !same(x, y),
                (None, v) => {
                    *slot = v;
                    false
                }
                _ => false,
            }
        }
        fn identifiers<'a>(s: &mut Seen<'a>, f: &'a Features) {
            let d = differs(&mut s.domain, f.domain.as_deref(), |x, y| x == y);
            let n = differs(&mut s.siren, f.siren, |x, y| x == y);
            s.ambiguous |= d || n;
        }
        fn town(f: &Features) -> Option<&str> {
            f.city.as_deref().or(f.postal_code.as_deref())
        }
        let mut by_name: HashMap<&str, Seen> = HashMap::new();
        for f in records {
            let Some(name) = f.company.as_deref() else { continue };
            let s = by_name.entry(name).or_default();
            let p = differs(&mut s.postal, f.postal_code.as_deref(), |x, y| x == y);
            let c = differs(&mut s.city, f.city.as_deref(), |x, y| {
                x == y || crate::matching::compare::jw_at_least(x, y, 0.9)
            });
            s.ambiguous |= p || c;
            identifiers(s, f);
        }
        let mut by_town: HashMap<(&str, &str), Seen> = HashMap::new();
        for f in records {
            let Some(name) = f.company.as_deref() else { continue };
            if let Some(t) = town(f).filter(|_| by_name[name].ambiguous) {
                identifiers(by_town.entry((name, t)).or_default(), f);
            }
        }
        records
            .iter()
            .map(|f| match f.company.as_deref() {
                Some(name) if by_name[name].ambiguous => {
                    (true, town(f).is_some_and(|t| by_town[&(name, t)].ambiguous))
                }
                _ => (false, false),
            })
            .collect()
    }
    let mut pick = picks(11);
    let cities = ["lyon", "lille", "lile", "paris", "marseille"];
    let domains = ["acme.fr", "acme.com", "a-company-domain-longer-than-24.fr"];
    let records: Vec<Features> = (0..5000)
        .map(|_| Features {
            company: (pick(10) > 0)
                .then(|| format!("company of a fairly long name {}", pick(300)).into()),
            city: (pick(2) > 0).then(|| cities[pick(cities.len())].into()),
            postal_code: (pick(3) == 0).then(|| format!("6900{}", pick(3)).into()),
            domain: (pick(4) == 0).then(|| domains[pick(domains.len())].into()),
            siren: (pick(6) == 0).then(|| pick(3) as u32),
            ..Features::default()
        })
        .collect();
    let expected = one_pass(&records);
    let mut marked = records;
    mark_ambiguous_names(&mut marked);
    let got: Vec<(bool, bool)> =
        marked.iter().map(|f| (f.ambiguous_name, f.ambiguous_in_town)).collect();
    assert_eq!(got, expected);
    assert!(got.iter().any(|x| x.0) && got.iter().any(|x| !x.0));
    assert!(got.iter().any(|x| x.1) && got.iter().any(|x| x.0 && !x.1));
}

#[test]
fn deal_names_lose_their_company_words() {
    assert_eq!(
        without_words_of("vertnov groupe annual subscription", "vertnov groupe"),
        "annual subscription"
    );
    assert_eq!(without_words_of("vertnov groupe", "vertnov groupe"), "vertnov groupe");
    assert_eq!(without_words_of("refonte site", "acme"), "refonte site");
}

#[test]
fn postal_codes_compare_as_written_before_a_spreadsheet_read_them() {
    let cases = [
        ("06000", "06000"),
        ("6000", "06000"),
        ("1000", "01000"),
        ("75 008", "75008"),
        ("75008", "75008"),
        ("SW1A 1AA", "SW1A1AA"),
        ("123", "123"),
        ("A123", "A123"),
    ];
    for (written, key) in cases {
        assert_eq!(postal_key(written), key, "{written}");
    }
    let r =
        record(Entity::Company, vec![field(Role::PostalCode, Value::Identifier("6000".into()))]);
    assert_eq!(features(&r).postal_code.as_deref(), Some("06000"));
}

#[test]
fn siret_gives_the_siren() {
    let r = record(
        Entity::Company,
        vec![field(Role::Siret, Value::Identifier("73282932000074".into()))],
    );
    let f = features(&r);
    assert_eq!(f.siret, Some(73282932000074));
    assert_eq!(f.siren, Some(732829320));
}
