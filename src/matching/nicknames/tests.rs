use proptest::prelude::*;

use super::{Compat, GROUPS, canonical_first_name, first_names_compatible};
use crate::normalize::name::name_key;

fn compat(a: &str, b: &str) -> Compat {
    first_names_compatible(&name_key(a), &name_key(b))
}

#[test]
fn canonical_forms() {
    let cases: &[(&str, &str)] = &[
        ("bob", "robert"),
        ("bobby", "robert"),
        ("bill", "william"),
        ("kathryn", "catherine"),
        ("kate", "catherine"),
        ("geoffroy", "geoffrey"),
        ("jeff", "geoffrey"),
        ("frederick", "frederic"),
        ("nicholas", "nicolas"),
        ("seb", "sebastien"),
        ("mickael", "michael"),
        ("mohammed", "mohamed"),
        ("thibaut", "thibault"),
        ("elizabeth", "elisabeth"),
        ("robert", "robert"),
        // Ambiguous diminutives stay as they are.
        ("alex", "alex"),
        ("chris", "chris"),
        ("sam", "sam"),
        ("max", "max"),
        ("dom", "dominique"),
        ("fred", "fred"),
        ("steph", "steph"),
        // Unknown names and compounds stay as they are.
        ("jean pierre", "jean pierre"),
        ("gwendoline", "gwendoline"),
        ("", ""),
    ];
    for &(name, canonical) in cases {
        assert_eq!(canonical_first_name(name), canonical, "{name}");
    }
}

#[test]
fn compatibility_levels() {
    use Compat::{CompoundPart, Different, InitialOnly, Nickname, Same};
    let cases: &[(&str, &str, Compat)] = &[
        ("Jean-Pierre", "jean pierre", Same),
        ("Bob", "Robert", Nickname),
        ("Bobby", "Rob", Nickname),
        ("Bill", "William", Nickname),
        ("Will", "William", Nickname),
        ("Kate", "Catherine", Nickname),
        ("Katie", "Katherine", Nickname),
        ("Catherine", "Kathryn", Nickname),
        ("Alex", "Alexandre", Nickname),
        ("Alex", "Alexandra", Nickname),
        ("Alexander", "Alexandre", Nickname),
        ("Fred", "Frédéric", Nickname),
        ("Frederick", "Frédéric", Nickname),
        ("Nico", "Nicolas", Nickname),
        ("Nicholas", "Nicolas", Nickname),
        ("Seb", "Sébastien", Nickname),
        ("Chris", "Christophe", Nickname),
        ("Christopher", "Christophe", Nickname),
        ("Jeff", "Geoffrey", Nickname),
        ("Geoffroy", "Jeffrey", Nickname),
        ("Steph", "Stéphane", Nickname),
        ("Steph", "Stéphanie", Nickname),
        ("Mike", "Michael", Nickname),
        ("Mickaël", "Michael", Nickname),
        ("Liz", "Élisabeth", Nickname),
        ("Elizabeth", "Elisabeth", Nickname),
        ("Peggy", "Margaret", Nickname),
        ("Dick", "Richard", Nickname),
        ("Jim", "James", Nickname),
        ("Tony", "Antoine", Nickname),
        ("Tony", "Anthony", Nickname),
        ("Henry", "Henri", Nickname),
        ("Edward", "Édouard", Nickname),
        ("Mohammed", "Mohamed", Nickname),
        ("Youcef", "Youssef", Nickname),
        ("Jean-Chris", "Jean-Christophe", Nickname),
        ("Abdel Kader", "Abdelkader", Nickname),
        ("Jean", "Jean-Pierre", CompoundPart),
        ("Pierre", "Jean-Pierre", CompoundPart),
        ("Marie", "Marie-Claire", CompoundPart),
        ("Anne", "Anne-Sophie", CompoundPart),
        ("Chris", "Jean-Christophe", CompoundPart),
        ("J.", "Jean", InitialOnly),
        ("J", "Jean-Pierre", InitialOnly),
        ("JP", "Jean-Pierre", InitialOnly),
        ("J.-P.", "Jean-Pierre", InitialOnly),
        ("J.M.", "Jean-Michel", InitialOnly),
        ("Jean P.", "Jean-Pierre", InitialOnly),
        ("Py", "Pierre-Yves", InitialOnly),
        ("MA", "Marie-Anne", InitialOnly),
        ("Ac", "Anne-Claire", InitialOnly),
        ("Jo", "Jean Olivier", InitialOnly),
        ("Py", "Pierre", Different),
        ("Ma", "Anne-Marie", Different),
        ("Ac", "Anne-Claire-Sophie", Different),
        ("Alexandre", "Alexandra", Different),
        ("Christophe", "Christine", Different),
        ("Frédéric", "Frédérique", Different),
        ("Daniel", "Danielle", Different),
        ("Michel", "Michael", Different),
        ("Jean", "John", Different),
        ("Guillaume", "William", Different),
        ("Jacques", "James", Different),
        ("Pierre", "Peter", Different),
        ("Marie-Anne", "Anne-Marie", Different),
        ("Jean-Pierre", "Jean-Paul", Different),
        ("Alexis", "Alexander", Different),
        ("Bob", "Bill", Different),
        ("Jean", "Jeanne", Different),
        ("Louis", "Louise", Different),
        ("Christian", "Christiane", Different),
        ("Gabriel", "Gabrielle", Different),
        ("Sam", "Max", Different),
        ("M.", "Jean", Different),
        ("JP", "Jean-Marc", Different),
        ("Karen", "Catherine", Different),
        ("", "Jean", Different),
        ("", "", Different),
    ];
    for &(a, b, level) in cases {
        assert_eq!(compat(a, b), level, "{a} / {b}");
        assert_eq!(compat(b, a), level, "{b} / {a}");
    }
}

/// The table is folded text, and every group's first name is its own
/// canonical form (so no canonical name sits in two groups).
#[test]
fn table_is_clean() {
    let mut seen = 0;
    for group in GROUPS {
        assert!(group.len() >= 2, "{group:?}");
        for name in *group {
            assert!(
                !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_lowercase() || b == b' ')
                    && !name.starts_with(' ')
                    && !name.ends_with(' ')
                    && !name.contains("  "),
                "{name:?}"
            );
            assert_eq!(name_key(name), *name);
            seen += 1;
        }
        assert_eq!(canonical_first_name(group[0]), group[0], "{group:?}");
    }
    assert!(seen > 600, "{seen} names");
}

proptest! {
    #[test]
    fn never_panics_and_is_symmetric(a in any::<String>(), b in any::<String>()) {
        prop_assert_eq!(first_names_compatible(&a, &b), first_names_compatible(&b, &a));
        let _ = canonical_first_name(&a);
    }

    #[test]
    fn symmetric_on_real_names(
        a in proptest::sample::select(table_names()),
        b in proptest::sample::select(table_names()),
        i in "[a-z]",
    ) {
        prop_assert_eq!(first_names_compatible(&a, &b), first_names_compatible(&b, &a));
        let ab = format!("{a} {b}");
        prop_assert_eq!(first_names_compatible(&ab, &a), first_names_compatible(&a, &ab));
        prop_assert_eq!(first_names_compatible(&i, &ab), first_names_compatible(&ab, &i));
        prop_assert_eq!(first_names_compatible(&a, &a), Compat::Same);
        let c = canonical_first_name(&a);
        prop_assert_eq!(canonical_first_name(c), c);
        prop_assert_ne!(first_names_compatible(c, &a), Compat::Different);
    }

    #[test]
    fn long_input(s in "[a-z ]{200,2000}") {
        let _ = first_names_compatible(&s, "jean pierre");
        let _ = canonical_first_name(&s);
    }
}

fn table_names() -> Vec<String> {
    GROUPS.iter().flat_map(|g| g.iter().map(|n| (*n).to_owned())).collect()
}

/// Run with
/// `cargo test --release --lib matching::nicknames -- --ignored --nocapture`.
#[test]
#[ignore = "timing, run in release"]
fn speed() {
    use std::hint::black_box;
    use std::time::Instant;
    let names = table_names();
    let n = 1_000_000;
    let start = Instant::now();
    let mut hits = 0usize;
    for i in 0..n {
        let (a, b) = (&names[i % names.len()], &names[(i * 7 + 3) % names.len()]);
        hits += usize::from(
            black_box(first_names_compatible(black_box(a), black_box(b))) != Compat::Different,
        );
    }
    let per = start.elapsed().as_nanos() as f64 / f64::from(n as u32);
    let start = Instant::now();
    for i in 0..n {
        hits += black_box(canonical_first_name(black_box(&names[i % names.len()]))).len();
    }
    let per_canon = start.elapsed().as_nanos() as f64 / f64::from(n as u32);
    println!(
        "first_names_compatible: {per:.1} ns/pair, canonical_first_name: {per_canon:.1} ns ({hits})"
    );
}
