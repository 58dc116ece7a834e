use super::*;
use crate::matching::features::PhoneKey;

fn person(first: &str, last: &str) -> Features {
    Features {
        first: (!first.is_empty()).then(|| first.into()),
        last: (!last.is_empty()).then(|| last.into()),
        ..Features::default()
    }
}

fn email(address: &str, role: bool) -> EmailKey {
    let at = address.find('@').unwrap() as u8;
    EmailKey { address: address.into(), at, role, free: false }
}

#[test]
fn first_name_typos_are_not_feminine_forms() {
    let cases = [
        ("claude", "clauude", true),
        ("simone", "siomne", true),
        ("virginie", "virinie", true),
        ("paulette", "paullette", true),
        ("sandrine", "sandriine", true),
        ("nathalie", "nathlie", true),
        ("jean", "jeanne", false),
        ("simon", "simone", false),
        ("louis", "louise", false),
        ("daniel", "danielle", false),
        ("anne", "anna", false),
        ("mario", "maria", false),
        ("leo", "lea", false),
        ("marc", "marie", false),
        ("pierre", "pierre", false),
    ];
    for (a, b, typo) in cases {
        assert_eq!(first_name_typo(a, b), typo, "{a} / {b}");
        assert_eq!(first_name_typo(b, a), typo, "{b} / {a}");
    }
}

#[test]
fn name_levels() {
    let cases = [
        ("jean", "dupont", "jean", "dupont", 1, 1),
        ("jean pierre", "dupont", "jean", "dupont", 2, 1),
        ("j", "dupont", "jean", "dupont", 3, 1),
        ("jean", "dupont", "jean", "dupond", 1, 2),
        ("jean", "lefevre", "jean", "lefebvre", 1, 2),
        ("jean", "dupont", "marie", "dupont", 5, 1),
        // A doubled letter near the start: Jaro–Winkler 0.89, one edit.
        ("grregory", "cadault", "gregory", "cadault", 4, 1),
        ("jean", "dupont", "jeanne", "dupont", 4, 1),
        ("jean", "dupont", "jean", "martin", 1, 4),
        ("", "dupont", "jean", "dupont", MISSING, 1),
        // Swapped columns are compared crossed.
        ("dupont", "jean", "jean", "dupont", 1, 1),
        // Swapped, and then mistyped or written as initials.
        // (Either reading: the names of both agree exactly once.)
        ("perrange", "cathrine", "catherine", "perrange", 1, 2),
        ("bourdnat", "emmanuel", "emmanuel", "bourdant", 1, 2),
        ("courtault", "jb", "jean baptiste", "courtault", 3, 1),
        ("servantelle", "j m", "jean michel", "servantelle", 3, 1),
        ("jean baptiste", "courtault", "courtault", "jb", 3, 1),
        // Not swapped: one name agrees straight, or crossed they do not.
        ("martin", "jean", "jean", "moreau", 5, 4),
        ("pierre", "martin", "martin", "dubois", 5, 4),
        ("jean", "martin", "martine", "dupont", 5, 4),
        ("jean", "de la fontaine", "jean", "delafontaine", 1, 1),
    ];
    for (af, al, bf, bl, first, last) in cases {
        let (a, b) = (person(af, al), person(bf, bl));
        let l = compare(&[FieldKind::FirstName, FieldKind::LastName], &a, &b);
        assert_eq!((l[0], l[1]), (first, last), "{af} {al} / {bf} {bl}");
        let l = compare(&[FieldKind::FirstName, FieldKind::LastName], &b, &a);
        assert_eq!((l[0], l[1]), (first, last), "symmetric: {af} {al} / {bf} {bl}");
    }
}

/// `compare` takes the straight first-name level and last-name typo test
/// from the swap test instead of computing them again: the levels must be
/// the ones `compare_field` gives straight.
#[test]
fn levels_reused_from_the_swap_test_are_the_straight_ones() {
    let names = [
        ("jean", "dupont"),
        ("marie", "dupond"),
        ("jeanne", "martin"),
        ("jean", "martine"),
        ("catherine", "lefebvre"),
        ("cathrine", "lefevre"),
        ("claude", "fontaine"),
        ("pierre", "fontenne"),
        ("j", "moreau"),
        ("jean pierre", "moreau"),
        ("martin", "jean"),
        ("emmanuel", "bourdant"),
    ];
    let fields = [FieldKind::FirstName, FieldKind::LastName];
    let mut checked = 0;
    for &(af, al) in &names {
        for &(bf, bl) in &names {
            let (a, mut b) = (person(af, al), person(bf, bl));
            // With and without the sound-alike key features carry.
            for sound in [None, Some(phonetic_key(bl))] {
                b.last_sound = sound;
                if names_swapped(&a, &b).0 != Swap::None {
                    continue;
                }
                let straight = fields.map(|f| compare_field(f, &a, &b, false));
                assert_eq!(compare(&fields, &a, &b)[..2], straight, "{af} {al} / {bf} {bl}");
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "{checked}");
}

#[test]
fn a_user_name_that_spells_the_name_is_no_evidence_at_other_domains() {
    let p = |first: &str, last: &str, email: &str| Features {
        first: Some(first.into()),
        last: Some(last.into()),
        emails: vec![EmailKey {
            address: email.into(),
            at: email.find('@').unwrap() as u8,
            role: false,
            free: false,
        }],
        ..Features::default()
    };
    let level = |a: &Features, b: &Features| compare(&[FieldKind::Email], a, b)[0];
    // Two David Johnsons at two companies.
    let riverside = p("david", "johnson", "d.johnson@riverside-foods.com");
    let henry = p("david", "johnson", "d.johnson@henry-technologies.fr");
    assert_eq!(level(&riverside, &henry), 5);
    // A user name that is not the name still counts.
    let a = p("jean", "dupont", "bigboss75@acme.fr");
    let b = p("jean", "dupont", "bigboss75@gmail.com");
    assert_eq!(level(&a, &b), 4);
    // Same address: same, whatever it spells.
    assert_eq!(level(&riverside, &riverside.clone()), 1);
}

#[test]
fn email_levels() {
    let cases = [
        ("jean.dupont@acme.fr", false, "jean.dupont@acme.fr", false, 1),
        ("contact@acme.fr", true, "contact@acme.fr", true, 2),
        ("jean.dupont@acme.fr", false, "jean.dupnt@acme.fr", false, 3),
        // The second Jean Martin's mailbox, not a typo of the first's.
        ("jean.martin@acme.fr", false, "jean.martin2@acme.fr", false, 5),
        ("j.martin12@acme.fr", false, "j.martin13@acme.fr", false, 5),
        ("jean.dupont@acme.fr", false, "jean.dupont@gmail.com", false, 4),
        ("jean.dupont@acme.fr", false, "marie.durand@acme.fr", false, 5),
        ("contact@acme.fr", true, "jean.dupont@acme.fr", false, 5),
    ];
    for (a, ar, b, br, want) in cases {
        let x = Features { emails: vec![email(a, ar)], ..Features::default() };
        let y = Features { emails: vec![email(b, br)], ..Features::default() };
        assert_eq!(compare(&[FieldKind::Email], &x, &y)[0], want, "{a} / {b}");
    }
    let none = Features::default();
    let x = Features { emails: vec![email("a@b.fr", false)], ..Features::default() };
    assert_eq!(compare(&[FieldKind::Email], &x, &none)[0], MISSING);
}

#[test]
fn phone_levels_tell_mobiles_from_shared_lines() {
    let mobile = PhoneKey { digits: 33612345678, mobile: true };
    let line = PhoneKey { digits: 33144556677, mobile: false };
    let other = PhoneKey { digits: 33699999999, mobile: true };
    let f = |p: Vec<PhoneKey>| Features { phones: p, ..Features::default() };
    let field = [FieldKind::Phone];
    assert_eq!(compare(&field, &f(vec![mobile]), &f(vec![line, mobile]))[0], 1);
    assert_eq!(compare(&field, &f(vec![line]), &f(vec![line]))[0], 2);
    assert_eq!(compare(&field, &f(vec![other]), &f(vec![mobile]))[0], 4);
    assert_eq!(compare(&field, &f(vec![]), &f(vec![mobile]))[0], MISSING);
    // One office line, a mobile each: colleagues as often as one person.
    assert_eq!(compare(&field, &f(vec![line, other]), &f(vec![line, mobile]))[0], 3);
    assert_eq!(compare(&field, &f(vec![line, mobile]), &f(vec![line, mobile]))[0], 1);
    assert_eq!(compare(&field, &f(vec![line]), &f(vec![line, mobile]))[0], 2);
}

#[test]
fn company_and_deal_levels() {
    let c = |k: &str| Features { company: Some(k.into()), ..Features::default() };
    let field = [FieldKind::Company];
    assert_eq!(compare(&field, &c("dupont et fils"), &c("dupont et fils"))[0], 1);
    assert_eq!(compare(&field, &c("dupont conseil"), &c("dupont conseils"))[0], 2);
    assert_eq!(compare(&field, &c("fromagerie petit"), &c("fromagerei petit"))[0], 2);
    assert_eq!(compare(&field, &c("dupont conseil"), &c("dupont immobilier"))[0], 3);
    assert_eq!(compare(&field, &c("ibm"), &c("international business machines"))[0], 3);
    assert_eq!(compare(&field, &c("aximed"), &c("vertnov"))[0], 4);
    let mut a = c("aximed");
    let mut b = c("axi med");
    assert_eq!(compare(&field, &a, &b)[0], 1);
    a.company_ref = Some(4);
    b.company_ref = Some(4);
    b.company = Some("other".into());
    assert_eq!(compare(&field, &a, &b)[0], 1, "same company cluster");
    let linked = |r: u32| Features { company_ref: Some(r), ..Features::default() };
    assert_eq!(compare(&field, &linked(1), &linked(2))[0], 4, "other company cluster");
    // Two company groups whose names agree: namesakes, or a row too vague
    // to join its company; between same and different.
    let named = |r: u32, k: &str| Features { company_ref: Some(r), ..c(k) };
    assert_eq!(compare(&field, &named(1, "neologic"), &named(2, "neologic"))[0], 3);
    assert_eq!(compare(&field, &named(1, "neologic"), &named(2, "neologci"))[0], 3);
    assert_eq!(compare(&field, &named(1, "neologic"), &named(2, "aximed"))[0], 4);
    assert_eq!(compare(&field, &named(1, "neologic"), &named(1, "aximed"))[0], 1);
    assert_eq!(compare(&field, &linked(1), &Features::default())[0], MISSING);

    let d = |amount: f64, day: i32| Features {
        amount: Some(amount),
        close_date: Some(day),
        ..Features::default()
    };
    let fields = [FieldKind::Amount, FieldKind::CloseDate];
    assert_eq!(compare(&fields, &d(12500.0, 100), &d(12500.0, 103))[..2], [1, 1]);
    assert_eq!(compare(&fields, &d(12500.0, 100), &d(14000.0, 150))[..2], [2, 2]);
    assert_eq!(compare(&fields, &d(12500.0, 100), &d(1250.0, 400))[..2], [3, 3]);
}

#[test]
fn job_title_levels() {
    let j = |t: &str| Features { job_title: Some(t.into()), ..Features::default() };
    let field = [FieldKind::JobTitle];
    let l = |a: &str, b: &str| compare(&field, &j(a), &j(b))[0];
    assert_eq!(l("directeur commercial", "directeur commercial"), 1);
    assert_eq!(l("directeur commercial", "directeur commercial france"), 2);
    assert_eq!(l("comptable", "directeur commercial"), 2);
    assert_eq!(compare(&field, &j("comptable"), &Features::default())[0], MISSING);
}

#[test]
fn deal_stage_and_next_action_levels() {
    use crate::normalize::stage::CanonicalStage as S;
    let d = |stage: Option<S>, next: Option<&str>| Features {
        stage,
        next_action: next.map(Into::into),
        ..Features::default()
    };
    let fields = [FieldKind::Stage, FieldKind::NextAction];
    let l = |a: &Features, b: &Features| compare(&fields, a, b)[..2].to_vec();
    let call = Some("rappeler");
    assert_eq!(l(&d(Some(S::Proposal), call), &d(Some(S::Proposal), call)), [1, 1]);
    // One step on, either way; won follows the contract.
    assert_eq!(l(&d(Some(S::Proposal), call), &d(Some(S::Negotiation), Some("devis")))[..], [2, 2]);
    assert_eq!(l(&d(Some(S::Contract), None), &d(Some(S::Won), call)), [2, MISSING]);
    assert_eq!(l(&d(Some(S::Lead), None), &d(Some(S::Proposal), None)), [3, MISSING]);
    // Off the forward path: same or different only.
    assert_eq!(l(&d(Some(S::Contract), None), &d(Some(S::Lost), None)), [3, MISSING]);
    assert_eq!(l(&d(Some(S::OnHold), None), &d(Some(S::OnHold), None)), [1, MISSING]);
    assert_eq!(l(&d(None, None), &d(Some(S::Lead), None)), [MISSING, MISSING]);
}

#[test]
fn a_deal_customer_is_one_comparison() {
    let d = |contact: Option<u32>, company: Option<u32>| Features {
        contact_ref: contact,
        company_ref: company,
        ..Features::default()
    };
    let field = [FieldKind::Contact];
    assert_eq!(compare(&field, &d(Some(1), Some(7)), &d(Some(1), Some(7)))[0], 1);
    assert_eq!(compare(&field, &d(Some(1), Some(7)), &d(Some(2), Some(7)))[0], 4);
    assert_eq!(compare(&field, &d(None, Some(7)), &d(Some(2), Some(7)))[0], 4);
    assert_eq!(compare(&field, &d(Some(1), Some(7)), &d(Some(2), Some(8)))[0], 5);
    assert_eq!(compare(&field, &d(None, None), &d(Some(2), Some(8)))[0], MISSING);
    // A CRM deal with a row about its contact, who has one CRM deal or
    // several; two deals of one contact that the CRM holds apart.
    let crm = |id: &str, deals: u8| Features {
        record_id: Some(id.into()),
        contact_crm_deals: deals,
        ..d(Some(1), Some(7))
    };
    let row = |deals: u8| Features { contact_crm_deals: deals, ..d(Some(1), Some(7)) };
    assert_eq!(compare(&field, &crm("18400001", 1), &row(1))[0], 1);
    assert_eq!(compare(&field, &crm("18400001", 2), &row(2))[0], 2);
    assert_eq!(compare(&field, &crm("18400001", 2), &crm("18400002", 2))[0], 3);
}

#[test]
fn word_overlap_and_acronyms() {
    assert_eq!(token_overlap("dupont conseil", "dupont immobilier"), 0.5);
    assert_eq!(token_overlap("dupont dupont conseil", "dupont"), 1.0);
    assert_eq!(token_overlap("boulangerie du centre", "pharmacie du centre"), 0.5);
    assert_eq!(token_overlap("ab cd", "ab cd"), 0.0, "short words aside");
    assert!(acronym_of("ibm", "international business machines"));
    assert!(!acronym_of("ibm", "international business"));
    assert!(!acronym_of("ib", "ib"));
}

#[test]
fn every_field_has_missing_first_and_different_last() {
    use FieldKind::*;
    for f in [
        FirstName, LastName, Email, Phone, Company, Domain, Siren, City, PostalCode, DealName,
        Amount, CloseDate, Owner, Contact,
    ] {
        assert_eq!(f.levels()[0], "missing");
        assert_eq!(*f.levels().last().unwrap(), "different");
    }
}
