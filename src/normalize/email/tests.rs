use super::domains::FUZZY_BRANDS;
use super::*;
use IssueKind::*;
use proptest::prelude::*;

/// (cell, primary address or "" for none, other addresses, problem kinds)
type Case = (&'static str, &'static str, &'static [&'static str], &'static [IssueKind]);

const CASES: &[Case] = &[
    // Plain addresses and padding from exports.
    ("jean.dupont@acme.fr", "jean.dupont@acme.fr", &[], &[]),
    ("  Jean.Dupont@ACME.fr ", "jean.dupont@acme.fr", &[], &[]),
    ("\u{a0}marie.curie@cnrs.fr\u{a0}", "marie.curie@cnrs.fr", &[], &[]),
    ("\u{3000}\u{3000}sales.ops@contoso.com\u{3000}", "sales.ops@contoso.com", &[], &[]),
    ("\u{feff}\u{200b}p.martin@sncf.fr", "p.martin@sncf.fr", &[], &[]),
    ("john.o'neil@example.co.uk", "john.o'neil@example.co.uk", &[], &[]),
    ("jean+crm@acme.fr", "jean+crm@acme.fr", &[], &[]),
    // mailto links, display names, quotes and punctuation.
    ("mailto:jean@acme.fr", "jean@acme.fr", &[], &[]),
    ("MAILTO:Jean@Acme.fr?subject=Devis", "jean@acme.fr", &[], &[]),
    ("Jean Dupont <jean.dupont@acme.fr>", "jean.dupont@acme.fr", &[], &[]),
    ("\"Dupont, Jean\" <jean.dupont@acme.fr>", "jean.dupont@acme.fr", &[], &[]),
    ("'jean@acme.fr'", "jean@acme.fr", &[], &[]),
    ("(jean@acme.fr)", "jean@acme.fr", &[], &[]),
    ("jean@acme.fr.", "jean@acme.fr", &[], &[]),
    ("jean@acme.fr (bureau)", "jean@acme.fr", &[], &[]),
    ("Jean Dupont (jean.dupont@acme.fr)", "jean.dupont@acme.fr", &[], &[]),
    ("Mail : jean@acme.fr", "jean@acme.fr", &[], &[]),
    ("perso jean@wanadoo.fr", "jean@wanadoo.fr", &[], &[]),
    ("[jean@acme.fr]", "jean@acme.fr", &[], &[]),
    // Several addresses in one cell.
    ("jean@acme.fr; marie@acme.fr", "jean@acme.fr", &["marie@acme.fr"], &[MultipleValues]),
    ("jean@acme.fr, marie@acme.fr", "jean@acme.fr", &["marie@acme.fr"], &[MultipleValues]),
    (
        "jean@acme.fr / jean.dupont@gmail.com",
        "jean@acme.fr",
        &["jean.dupont@gmail.com"],
        &[MultipleValues],
    ),
    ("jean@acme.fr\nmarie@acme.fr", "jean@acme.fr", &["marie@acme.fr"], &[MultipleValues]),
    ("jean@acme.fr marie@acme.fr", "jean@acme.fr", &["marie@acme.fr"], &[MultipleValues]),
    ("jean@acme.fr et marie@acme.fr", "jean@acme.fr", &["marie@acme.fr"], &[MultipleValues]),
    ("jean@acme.fr ou jean@free.fr", "jean@acme.fr", &["jean@free.fr"], &[MultipleValues]),
    (
        "Jean Dupont <jean@acme.fr>; \"Martin, Marie\" <marie@acme.fr>",
        "jean@acme.fr",
        &["marie@acme.fr"],
        &[MultipleValues],
    ),
    ("jean@acme.fr; JEAN@ACME.FR", "jean@acme.fr", &[], &[]),
    ("jean@; marie@acme.fr", "marie@acme.fr", &[], &[InvalidEmail]),
    ("jean@acme.fr; marie.dupont", "jean@acme.fr", &[], &[InvalidEmail]),
    ("jean@acme.fr (voir Marie)", "jean@acme.fr", &[], &[]),
    // Invalid syntax.
    ("jean@", "", &[], &[InvalidEmail]),
    ("jean.dupont", "", &[], &[InvalidEmail]),
    ("jean.dupont.acme.fr", "", &[], &[InvalidEmail]),
    ("@acme.fr", "", &[], &[InvalidEmail]),
    ("jean dupont@acme.fr", "", &[], &[InvalidEmail]),
    ("jean @acme.fr", "", &[], &[InvalidEmail]),
    ("jean@acme .fr", "", &[], &[InvalidEmail]),
    ("jean@@acme.fr", "", &[], &[InvalidEmail]),
    ("jean@acme@fr", "", &[], &[InvalidEmail]),
    ("jean@acme", "", &[], &[InvalidEmail]),
    ("jean..dupont@acme.fr", "", &[], &[InvalidEmail]),
    ("jean@acme..fr", "", &[], &[InvalidEmail]),
    (".jean@acme.fr", "", &[], &[InvalidEmail]),
    ("élodie@acme.fr", "", &[], &[InvalidEmail]),
    ("jean#dupont@acme_corp.fr", "", &[], &[InvalidEmail]),
    ("jean@192.168.1.10", "", &[], &[InvalidEmail]),
    ("voir avec Marie", "", &[], &[InvalidEmail]),
    ("Jean Dupont <>", "", &[], &[InvalidEmail]),
    ("jean@gmailcom", "", &[], &[InvalidEmail]),
    // Typos: kept as typed, flagged with a suggestion.
    ("jean@gmial.com", "jean@gmial.com", &[], &[EmailTypo]),
    ("jean@hotmial.fr", "jean@hotmial.fr", &[], &[EmailTypo]),
    ("jean@gmail.con", "jean@gmail.con", &[], &[EmailTypo]),
    ("jean@gmail.fr", "jean@gmail.fr", &[], &[EmailTypo]),
    ("jean@orange.fe", "jean@orange.fe", &[], &[EmailTypo]),
    ("jean@yahoo.f", "jean@yahoo.f", &[], &[EmailTypo]),
    ("jean@wanado.fr", "jean@wanado.fr", &[], &[EmailTypo]),
    ("jean@hotmail.cm", "jean@hotmail.cm", &[], &[EmailTypo]),
    ("jean@gmaill.com", "jean@gmaill.com", &[], &[EmailTypo]),
    ("jean@acme.con", "jean@acme.con", &[], &[EmailTypo]),
    ("jean@acme.frr", "jean@acme.frr", &[], &[EmailTypo]),
    ("jean@orange,fr", "jean@orange.fr", &[], &[EmailTypo]),
    // Known domains and unknown company domains are never typos.
    ("jean@wanadoo.fr", "jean@wanadoo.fr", &[], &[]),
    ("jean@laposte.fr", "jean@laposte.fr", &[], &[]),
    ("jean@laposte.net", "jean@laposte.net", &[], &[]),
    ("jean@orange.com", "jean@orange.com", &[], &[]),
    ("jean@grange.fr", "jean@grange.fr", &[], &[]),
    ("jean@tree.fr", "jean@tree.fr", &[], &[]),
    ("jean@mairie-lyon.fr", "jean@mairie-lyon.fr", &[], &[]),
    ("jean@atelier.paris", "jean@atelier.paris", &[], &[]),
    ("jean@dept.univ-lille.fr", "jean@dept.univ-lille.fr", &[], &[]),
    ("jean@gmx.ch", "jean@gmx.ch", &[], &[]),
    // Placeholders and blanks: no value, no problem.
    ("", "", &[], &[]),
    ("   ", "", &[], &[]),
    ("N/A", "", &[], &[]),
    ("néant", "", &[], &[]),
    ("-", "", &[], &[]),
    ("xxx", "", &[], &[]),
    ("pas d'email", "", &[], &[]),
];

#[test]
fn real_world_cells() {
    for &(raw, primary, others, kinds) in CASES {
        let got = normalize_email(raw);
        let got_primary = got.value.as_ref().map(|v| v.primary.address.as_str()).unwrap_or("");
        let got_others: Vec<&str> =
            got.value.iter().flat_map(|v| v.others.iter().map(|e| e.address.as_str())).collect();
        let got_kinds: Vec<IssueKind> = got.problems.iter().map(|p| p.kind).collect();
        assert_eq!(got_primary, primary, "primary of {raw:?}: {got:?}");
        assert_eq!(got_others, others, "others of {raw:?}");
        assert_eq!(got_kinds, kinds, "problems of {raw:?}: {:?}", got.problems);
    }
}

#[test]
fn messages_say_what_is_wrong() {
    let cases = [
        ("jean@", "no domain"),
        ("jean.dupont", "no @"),
        ("jean dupont@acme.fr", "space"),
        ("jean@@acme.fr", "2 @"),
        ("jean@acme", "no dot"),
        ("jean@acme_corp.fr", "`_`"),
        ("jean..dupont@acme.fr", "two dots"),
        ("élodie@acme.fr", "`é`"),
        ("jean@gmailcom", "did you mean gmail.com"),
        ("jean@gmial.com", "jean@gmail.com"),
        ("jean@hotmial.fr", "hotmail.fr"),
        ("jean@gmail.con", "gmail.com"),
        ("jean@gmail.fr", "gmail.com"),
        ("jean@orange.fe", "orange.fr"),
        ("jean@yahoo.f", "yahoo.fr"),
        ("jean@acme.con", "acme.com"),
        ("jean@a.fr; marie@b.fr", "marie@b.fr"),
    ];
    for (raw, needle) in cases {
        let got = normalize_email(raw);
        assert!(
            got.problems.iter().any(|p| p.message.contains(needle)),
            "{raw:?}: no message with {needle:?} in {:?}",
            got.problems
        );
    }
}

#[test]
fn role_accounts_and_free_mail() {
    // (address, role account, free mail)
    let cases = [
        ("contact@acme.fr", true, false),
        ("info@acme.fr", true, false),
        ("commercial@acme.fr", true, false),
        ("sales@contoso.com", true, false),
        ("accueil@mairie-lyon.fr", true, false),
        ("bonjour@startup.io", true, false),
        ("hello@startup.io", true, false),
        ("comptabilite@acme.fr", true, false),
        ("service.client@acme.fr", true, false),
        ("service-client@acme.fr", true, false),
        ("no-reply@acme.fr", true, false),
        ("noreply@acme.fr", true, false),
        ("contact.lyon@acme.fr", true, false),
        ("contact2@acme.fr", true, false),
        ("commandes@acme.fr", true, false),
        ("rh@acme.fr", true, false),
        ("contact+crm@acme.fr", true, false),
        ("jean.dupont@acme.fr", false, false),
        ("marie.contact@acme.fr", false, false),
        ("jean@gmail.com", false, true),
        ("jean@orange.fr", false, true),
        ("jean@wanadoo.fr", false, true),
        ("jean@free.fr", false, true),
        ("jean@laposte.net", false, true),
        ("jean@laposte.fr", false, false),
        ("jean@sfr.fr", false, true),
        ("jean@proton.me", false, true),
        ("jean@skynet.be", false, true),
        ("jean@bluewin.ch", false, true),
        ("jean@gmial.com", false, true),
        ("contact@gmail.com", true, true),
    ];
    for (raw, role, free) in cases {
        let e = normalize_email(raw).value.expect(raw).primary;
        assert_eq!((e.role_account, e.free_mail), (role, free), "{raw}");
    }
}

#[test]
fn suggestions() {
    let cases = [
        ("gmial.com", Some("gmail.com")),
        ("gamil.com", Some("gmail.com")),
        ("gmai.com", Some("gmail.com")),
        ("gmail.co", Some("gmail.com")),
        ("hotmial.fr", Some("hotmail.fr")),
        ("hotmai.fr", Some("hotmail.fr")),
        ("hotmail.frr", Some("hotmail.fr")),
        ("otmail.fr", Some("hotmail.fr")),
        ("yahou.fr", None),
        ("yaho.fr", Some("yahoo.fr")),
        ("wanadoo.fr", None),
        ("wanado.fr", Some("wanadoo.fr")),
        ("lapost.net", Some("laposte.net")),
        ("laposte.fr", None),
        ("outlok.fr", Some("outlook.fr")),
        ("orange.com", None),
        ("free.fe", Some("free.fr")),
        ("free.com", None),
        ("sfr.com", None),
        ("icloud.fr", Some("icloud.com")),
        ("cloud.fr", None),
        ("alive.fr", None),
        ("acme.cpm", Some("acme.com")),
        ("acme.ocm", Some("acme.com")),
        ("acme.cm", None),
        ("acme.bzh", None),
        ("acme.consulting", None),
        ("acme.fr", None),
    ];
    for (domain, want) in cases {
        assert_eq!(suggest_domain(domain).as_deref(), want, "{domain}");
    }
}

#[test]
fn normalized_addresses_are_fixed_points() {
    for &(raw, ..) in CASES {
        let Some(cell) = normalize_email(raw).value else { continue };
        for e in std::iter::once(&cell.primary).chain(&cell.others) {
            let again = normalize_email(&e.address).value.expect(&e.address);
            assert_eq!(&again.primary, e, "{raw:?}");
            assert!(again.others.is_empty());
        }
    }
}

proptest! {
    /// The one-pass check and the worded checks agree.
    #[test]
    fn fast_and_worded_checks_agree(s in "[a-zA-Z0-9@._+ é-]{0,20}(\\.[a-z]{0,3})?") {
        let worded = check_syntax(&s);
        let one_letter = worded.as_ref().err().is_some_and(|w| w.contains("one-letter"));
        prop_assert_eq!(looks_valid(&s), worded.is_ok() || one_letter, "{:?}: {:?}", s, worded);
    }

    /// The bucketed bag distance never exceeds the edit distance, so the
    /// filter in `near` never turns a real near miss away.
    #[test]
    fn bag_distance_is_a_lower_bound(a in "[a-z0-9.-]{0,14}", b in "[a-z0-9.-]{0,14}") {
        prop_assert!(bag_distance(&a, &b) <= strsim::osa_distance(&a, &b), "{:?} {:?}", a, b);
    }

    /// `near` with the filter says what the edit distance alone says, on
    /// brands typed with up to three random slips.
    #[test]
    fn near_agrees_with_the_plain_distance(
        brand in 0..FUZZY_BRANDS.len(),
        edits in proptest::collection::vec((0usize..16, 0u8..3, "[a-z0-9-]"), 0..4),
    ) {
        let brand = FUZZY_BRANDS[brand];
        let mut name: Vec<u8> = brand.bytes().collect();
        for (at, op, c) in &edits {
            let at = at % (name.len() + 1);
            match op {
                0 => name.insert(at, c.as_bytes()[0]),
                1 if at < name.len() => { name.remove(at); }
                _ if at < name.len() => name[at] = c.as_bytes()[0],
                _ => {}
            }
        }
        let name = String::from_utf8(name).unwrap_or_default();
        let long = brand.len() >= 9;
        let spread = if long { 2 } else { 1 };
        let plain = name.len().abs_diff(brand.len()) <= spread
            && (is_slip(&name, brand, name.len() >= 6)
                || (long && strsim::osa_distance(&name, brand) <= 2));
        prop_assert_eq!(near(&name, brand), plain, "{:?} {:?}", name, brand);
    }

    #[test]
    fn never_panics(s in "\\PC{0,60}") {
        let _ = normalize_email(&s);
    }

    #[test]
    fn never_panics_on_address_like_text(
        s in "[ a-zA-Z0-9@.,;<>\"'()é\u{a0}\u{3000}_+/-]{0,50}"
    ) {
        let got = normalize_email(&s);
        if let Some(cell) = got.value {
            for e in std::iter::once(&cell.primary).chain(&cell.others) {
                let again = normalize_email(&e.address);
                let again = again.value.expect("a normalized address stays valid");
                prop_assert_eq!(&again.primary, e);
                prop_assert!(again.others.is_empty());
            }
        }
    }

    #[test]
    fn idempotent_on_generated_addresses(
        local in "[a-z][a-z0-9._+-]{0,15}[a-z0-9]",
        domain in "[a-z][a-z0-9-]{0,10}[a-z]\\.(fr|com|net|be|ch|co\\.uk)",
        upper in any::<bool>(),
    ) {
        let addr = format!("{local}@{domain}");
        let raw = if upper { addr.to_uppercase() } else { addr.clone() };
        let got = normalize_email(&raw);
        if let Some(cell) = got.value {
            let again = normalize_email(&cell.primary.address).value.expect("stays valid");
            prop_assert_eq!(again.primary, cell.primary);
        }
    }
}

/// Throughput on 1M generated cells, as a sales file holds them (mostly
/// plain addresses, some padded, cased, with display names, typos, several
/// addresses, or invalid). Run with
/// `cargo test --release --lib normalize::email::tests::throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let firsts = ["jean", "marie", "pierre", "sophie", "karim", "élodie", "thomas", "claire"];
    let lasts = ["dupont", "martin", "bernard", "petit", "durand", "leroy", "moreau", "nguyen"];
    let domains = [
        "acme.fr",
        "gmail.com",
        "orange.fr",
        "wanadoo.fr",
        "boulangerie-martin.fr",
        "contoso.com",
        "free.fr",
        "hotmail.fr",
        "gmial.com",
        "sncf.fr",
        "laposte.net",
        "agence-immo.paris",
    ];
    let cells: Vec<String> = (0..1_000_000usize)
        .map(|i| {
            let f = firsts[i % firsts.len()];
            let l = lasts[(i / 8) % lasts.len()];
            let d = domains[(i / 64) % domains.len()];
            match i % 20 {
                0 => format!(" {}.{}@{} ", f.to_uppercase(), l, d),
                1 => format!("{f} {l} <{f}.{l}@{d}>"),
                2 => format!("{f}.{l}@{d}; contact@{d}"),
                3 => format!("{f}.{l}@"),
                4 => format!("contact@{d}"),
                5 => format!("\u{a0}{f}{l}{i}@{d}\u{a0}"),
                _ => format!("{f}.{l}@{d}"),
            }
        })
        .collect();
    let start = std::time::Instant::now();
    let mut valid = 0usize;
    for c in &cells {
        valid += usize::from(normalize_email(c).value.is_some());
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "normalize_email: {} cells in {secs:.3} s, {:.0} cells/s, {valid} valid",
        cells.len(),
        cells.len() as f64 / secs
    );
}
