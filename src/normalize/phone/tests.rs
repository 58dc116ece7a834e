use proptest::prelude::*;

use super::*;
use crate::model::IssueKind::{InvalidPhone, MultipleValues};

use PhoneKind::{FixedLine, Mobile, Other, Unknown};

struct Case {
    raw: &'static str,
    region: &'static str,
    /// Primary number, its kind and extension.
    primary: Option<(&'static str, PhoneKind, Option<&'static str>)>,
    others: &'static [&'static str],
    problems: &'static [IssueKind],
    /// A word the (first) message must contain.
    message: &'static str,
}

const fn ok(raw: &'static str, region: &'static str, e164: &'static str, kind: PhoneKind) -> Case {
    Case { raw, region, primary: Some((e164, kind, None)), others: &[], problems: &[], message: "" }
}

const fn bad(raw: &'static str, region: &'static str, message: &'static str) -> Case {
    Case { raw, region, primary: None, others: &[], problems: &[InvalidPhone], message }
}

const FR_MOBILE: &str = "+33612345678";
const FR_FIXED: &str = "+33144556677";

const CASES: &[Case] = &[
    ok("06 12 34 56 78", "FR", FR_MOBILE, Mobile),
    ok("06.12.34.56.78", "FR", FR_MOBILE, Mobile),
    ok("06-12-34-56-78", "FR", FR_MOBILE, Mobile),
    ok("06/12/34/56/78", "FR", FR_MOBILE, Mobile),
    ok("0612345678", "FR", FR_MOBILE, Mobile),
    ok("  06 12 34 56 78\u{a0}", "FR", FR_MOBILE, Mobile),
    ok("+33 (0)6 12 34 56 78", "FR", FR_MOBILE, Mobile),
    ok("+33 6 12 34 56 78", "FR", FR_MOBILE, Mobile),
    ok("+33 06 12 34 56 78", "FR", FR_MOBILE, Mobile),
    ok("+33612345678", "FR", FR_MOBILE, Mobile),
    ok("0033 6 12 34 56 78", "FR", FR_MOBILE, Mobile),
    ok("0033 (0)6 12 34 56 78", "FR", FR_MOBILE, Mobile),
    ok("33612345678", "FR", FR_MOBILE, Mobile),
    // A number cell that lost its leading zero.
    ok("612345678", "FR", FR_MOBILE, Mobile),
    ok("07 81 23 45 67", "FR", "+33781234567", Mobile),
    ok("01 44 55 66 77", "FR", FR_FIXED, FixedLine),
    ok("04.78.12.34.56", "FR", "+33478123456", FixedLine),
    ok("0 800 123 456", "FR", "+33800123456", Other),
    ok("09 51 23 45 67", "FR", "+33951234567", Other),
    ok("+32 2 234 56 78", "FR", "+3222345678", FixedLine),
    ok("0470 12 34 56", "BE", "+32470123456", Mobile),
    ok("+41 22 123 45 67", "FR", "+41221234567", FixedLine),
    ok("079 123 45 67", "CH", "+41791234567", Mobile),
    ok("+44 20 7946 0958", "FR", "+442079460958", FixedLine),
    ok("+44 (0)20 7946 0958", "FR", "+442079460958", FixedLine),
    ok("020 7946 0958", "GB", "+442079460958", FixedLine),
    ok("07911 123456", "GB", "+447911123456", Mobile),
    ok("(212) 555-0123", "US", "+12125550123", Unknown),
    ok("+1 212-555-0123", "FR", "+12125550123", Unknown),
    ok("+7 912 345 67 89", "FR", "+79123456789", Mobile),
    ok("8 912 345 67 89", "RU", "+79123456789", Mobile),
    // The Russian national prefix `8` is stripped once, not twice.
    bad("+7 888 400 000 000", "FR", "not a valid number"),
    // A leading 8 that belongs to the number (Nizhny Novgorod) is kept.
    ok("+7 831 234 56 78", "FR", "+78312345678", FixedLine),
    ok("1 (416) 555-0123", "US", "+14165550123", Unknown),
    ok("+39 06 1234 5678", "FR", "+390612345678", FixedLine),
    ok("+49 30 1234567", "FR", "+49301234567", FixedLine),
    ok("Tél : 06 12 34 56 78", "FR", FR_MOBILE, Mobile),
    ok("Mob. 06 12 34 56 78", "FR", FR_MOBILE, Mobile),
    ok("standard: 01 44 55 66 77", "FR", FR_FIXED, FixedLine),
    ok("06 12 34 56 78 (perso)", "FR", FR_MOBILE, Mobile),
    ok("tel:+33-6-12-34-56-78", "FR", FR_MOBILE, Mobile),
    ok("06 12 34 56 78", "fr", FR_MOBILE, Mobile),
    Case {
        raw: "01 44 55 66 77 poste 123",
        region: "FR",
        primary: Some((FR_FIXED, FixedLine, Some("123"))),
        others: &[],
        problems: &[],
        message: "",
    },
    Case {
        raw: "+44 20 7946 0958 ext. 12",
        region: "GB",
        primary: Some(("+442079460958", FixedLine, Some("12"))),
        others: &[],
        problems: &[],
        message: "",
    },
    Case {
        raw: "(212) 555-0123 x12",
        region: "US",
        primary: Some(("+12125550123", Unknown, Some("12"))),
        others: &[],
        problems: &[],
        message: "",
    },
    Case {
        raw: "01 44 55 66 77 #12",
        region: "FR",
        primary: Some((FR_FIXED, FixedLine, Some("12"))),
        others: &[],
        problems: &[],
        message: "",
    },
    Case {
        raw: "01 44 55 66 77, p. 4512",
        region: "FR",
        primary: Some((FR_FIXED, FixedLine, Some("4512"))),
        others: &[],
        problems: &[],
        message: "",
    },
    Case {
        raw: "06 12 34 56 78 / 01 44 55 66 77",
        region: "FR",
        primary: Some((FR_MOBILE, Mobile, None)),
        others: &[FR_FIXED],
        problems: &[MultipleValues],
        message: "2 phone numbers",
    },
    Case {
        raw: "06.12.34.56.78 - 07.81.23.45.67",
        region: "FR",
        primary: Some((FR_MOBILE, Mobile, None)),
        others: &["+33781234567"],
        problems: &[MultipleValues],
        message: "",
    },
    Case {
        raw: "0612345678/0144556677",
        region: "FR",
        primary: Some((FR_MOBILE, Mobile, None)),
        others: &[FR_FIXED],
        problems: &[MultipleValues],
        message: "",
    },
    Case {
        raw: "06 12 34 56 78\n01 44 55 66 77\n+32 2 234 56 78",
        region: "FR",
        primary: Some((FR_MOBILE, Mobile, None)),
        others: &[FR_FIXED, "+3222345678"],
        problems: &[MultipleValues],
        message: "3 phone numbers",
    },
    Case {
        raw: "Portable : 06 12 34 56 78 ou bureau 01 44 55 66 77 poste 21",
        region: "FR",
        primary: Some((FR_MOBILE, Mobile, None)),
        others: &[FR_FIXED],
        problems: &[MultipleValues],
        message: "",
    },
    Case {
        raw: "Tel 1: 06 12 34 56 78; Tel 2: 01 44 55 66 77",
        region: "FR",
        primary: Some((FR_MOBILE, Mobile, None)),
        others: &[FR_FIXED],
        problems: &[MultipleValues],
        message: "",
    },
    Case {
        raw: "06 12 34 56 78 / 06 12 34",
        region: "FR",
        primary: Some((FR_MOBILE, Mobile, None)),
        others: &[],
        problems: &[InvalidPhone],
        message: "too short",
    },
    bad("12345", "FR", "too short"),
    bad("06 12 34", "FR", "too short"),
    bad("0000000000", "FR", "not a valid number for FR"),
    bad("07 12 34 56 78", "FR", "not a valid number for FR"),
    bad("06 12 34 56 78 9", "FR", "too long"),
    bad("06 12 34 56 78 01 44 55 66 77", "FR", "too long"),
    // Brussels numbers start 02 2–8: 02 1… is not allocated.
    bad("+32 2 123 45 67", "FR", "not a valid number for BE"),
    bad("+999 123 456 789", "FR", "country calling code"),
    bad("N/A", "FR", "no phone number"),
    bad("-", "FR", "no phone number"),
    bad("à demander", "FR", "no phone number"),
    bad("voir avec Julie", "FR", "no phone number"),
    bad("06 12 34 56 78", "", "not a known region"),
    bad("(212) 555-012", "US", "US"),
];

fn check(case: &Case) {
    let got = normalize_phone(case.raw, case.region);
    let what = format!("{:?} in {}: {got:?}", case.raw, case.region);
    match (&got.value, case.primary) {
        (Some(cell), Some((e164, kind, ext))) => {
            assert_eq!(cell.primary.e164, e164, "{what}");
            assert_eq!(cell.primary.kind, kind, "{what}");
            assert_eq!(cell.primary.extension.as_deref(), ext, "{what}");
            let others: Vec<&str> = cell.others.iter().map(|p| p.e164.as_str()).collect();
            assert_eq!(others, case.others, "{what}");
        }
        (None, None) => {}
        _ => panic!("value: {what}"),
    }
    let kinds: Vec<IssueKind> = got.problems.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, case.problems, "{what}");
    if !case.message.is_empty() {
        assert!(got.problems[0].message.contains(case.message), "{what}");
    }
}

#[test]
fn real_world_cells() {
    assert!(CASES.len() >= 25);
    for case in CASES {
        check(case);
    }
}

#[test]
fn empty_cell_is_no_value_and_no_problem() {
    assert_eq!(normalize_phone("", "FR"), Normalized::none());
    assert_eq!(normalize_phone("  \n ", "FR"), Normalized::none());
}

#[test]
fn idempotent_on_table() {
    for case in CASES {
        let Some(cell) = normalize_phone(case.raw, case.region).value else { continue };
        for p in std::iter::once(&cell.primary).chain(&cell.others) {
            assert_eq!(&again(p, case.region), p, "{:?}", case.raw);
        }
    }
}

/// Normalize a normalized phone again, written as the clean stage writes it.
fn again(p: &Phone, region: &str) -> Phone {
    let text = match &p.extension {
        Some(ext) => format!("{} ext. {ext}", p.e164),
        None => p.e164.to_string(),
    };
    let cell = normalize_phone(&text, region);
    assert!(cell.problems.is_empty(), "{text}: {:?}", cell.problems);
    cell.value.map(|c| c.primary).unwrap_or_else(|| panic!("{text} lost"))
}

/// What the `phonenumber` crate says of a cleaned number: E.164 and type
/// when valid.
fn library(digits: &str, plus: bool, region: &str) -> Option<(String, NumberType)> {
    let id: phonenumber::country::Id = region.parse().ok()?;
    // `00…` is read as `+…` (see `plan::validate`).
    if !plus
        && let Some(rest) =
            plan::region(region).and_then(|p| plan::strip_international_prefix(p, digits))
    {
        return library(rest, true, region);
    }
    let text = if plus { format!("+{digits}") } else { digits.to_owned() };
    let parsed = phonenumber::parse(if plus { None } else { Some(id) }, &text).ok()?;
    if !parsed.is_valid() {
        return None;
    }
    let t = parsed.number_type(&phonenumber::metadata::DATABASE);
    Some((parsed.format().mode(phonenumber::Mode::E164).to_string(), t))
}

/// The crate strips a national prefix twice, and even where the number was
/// valid only with it; `plan::validate` strips it once and keeps a prefix
/// that is part of a valid number, as libphonenumber does. Where the
/// national part starts with the prefix (`+7 831…`, `+7 88…`, `+49 00…`),
/// the two may rightly disagree.
fn starts_with_national_prefix(digits: &str, plus: bool, region: &str) -> bool {
    let db = &phonenumber::metadata::DATABASE;
    if !plus
        && let Some(rest) =
            plan::region(region).and_then(|p| plan::strip_international_prefix(p, digits))
    {
        return starts_with_national_prefix(rest, true, region);
    }
    let starts = |national: &str, meta: &phonenumber::metadata::Metadata| {
        meta.national_prefix().is_some_and(|p| !p.is_empty() && national.starts_with(p))
    };
    if plus {
        (1..=3).any(|n| {
            let Some(cc) = digits.get(..n).and_then(|cc| cc.parse::<u16>().ok()) else {
                return false;
            };
            db.by_code(&cc)
                .and_then(|m| m.into_iter().next())
                .is_some_and(|meta| starts(&digits[n..], meta))
        })
    } else {
        let Some(meta) = db.by_id(region) else { return false };
        // A national number may also start with the region's own code.
        starts(digits, meta)
            || digits
                .strip_prefix(&meta.country_code().to_string())
                .is_some_and(|rest| starts(rest, meta))
    }
}

fn ours(digits: &str, plus: bool, region: &str) -> Option<(String, NumberType)> {
    let plan = plan::region(region);
    plan::validate(digits, plus, plan).ok().map(|v| (v.e164.to_string(), v.number_type))
}

/// The crate drops the leading zeros of a national number (Italy, Gabon…)
/// before finding its type, and so may find none or another: the plan port
/// keeps them (see `plan::validate`), and only the E.164 is compared then.
fn same_type_aside(
    ours: Option<(String, NumberType)>,
    library: Option<(String, NumberType)>,
) -> Option<(String, NumberType)> {
    match (ours, library) {
        (Some((e, _)), Some((l, t))) if e == l && leading_zero(&e) => Some((e, t)),
        (ours, _) => ours,
    }
}

fn leading_zero(e164: &str) -> bool {
    let digits = &e164[1..];
    (1..=3).any(|n| {
        digits.get(..n).and_then(|cc| cc.parse::<u16>().ok()).is_some_and(|cc| {
            phonenumber::metadata::DATABASE.region(&cc).is_some() && digits[n..].starts_with('0')
        })
    })
}

/// Every example number of every region's metadata, national and
/// international, read in its own region and in FR: the plan port agrees
/// with the crate.
#[test]
fn plan_agrees_with_library_on_metadata_examples() {
    let mut n = 0;
    for meta in phonenumber::metadata::DATABASE.iter() {
        let d = meta.descriptors();
        let descs = [
            Some(d.general()),
            d.fixed_line(),
            d.mobile(),
            d.toll_free(),
            d.premium_rate(),
            d.shared_cost(),
            d.personal_number(),
            d.voip(),
            d.pager(),
            d.uan(),
            d.voicemail(),
        ];
        for ex in descs.into_iter().flatten().filter_map(|d| d.example()) {
            let intl = format!("{}{ex}", meta.country_code());
            let national = format!("{}{ex}", meta.national_prefix().unwrap_or(""));
            for region in [meta.id(), "FR", "US"] {
                if region == "001" {
                    continue;
                }
                for (digits, plus) in
                    [(intl.as_str(), true), (national.as_str(), false), (ex, false)]
                {
                    let (ours, lib) = (ours(digits, plus, region), library(digits, plus, region));
                    // Where the crate strips a national prefix twice
                    // (`+375 80…`, `+7 88…`), it loses valid examples the
                    // port keeps (see `starts_with_national_prefix`).
                    let example = format!("+{}{ex}", meta.country_code());
                    if lib.is_none() && ours.as_ref().is_some_and(|(e164, _)| *e164 == example) {
                        continue;
                    }
                    if ours != lib && starts_with_national_prefix(digits, plus, region) {
                        continue;
                    }
                    assert_eq!(
                        same_type_aside(ours, lib.clone()),
                        lib,
                        "{digits} plus={plus} in {region}"
                    );
                    n += 1;
                }
            }
        }
    }
    assert!(n > 3000, "{n}");
}

const REGIONS: &[&str] = &["FR", "BE", "CH", "GB", "US", "DE", "IT", "ES", "NL", "CA", "LU", "MC"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Random numbers that look like phone numbers (a country code or a
    /// trunk prefix, then digits): the plan port agrees with the crate.
    #[test]
    fn plan_agrees_with_library(
        region in prop::sample::select(REGIONS),
        head in prop::sample::select(&["", "0", "00", "33", "32", "41", "44", "1", "49", "39", "0033", "06", "07", "01", "011"][..]),
        tail in "[0-9]{0,13}",
        plus in any::<bool>(),
    ) {
        let digits = format!("{head}{tail}");
        let lib = library(&digits, plus, region);
        prop_assume!(ours(&digits, plus, region) == lib || !starts_with_national_prefix(&digits, plus, region));
        prop_assert_eq!(same_type_aside(ours(&digits, plus, region), lib.clone()), lib, "{} plus={}", digits, plus);
    }

    /// The shortcut for plain cells finds what the general reading finds.
    #[test]
    fn plain_cells_read_as_the_general_reading_does(
        raw in "(\\+33 ?|0033 ?|0|\\+32 ?|\\+41 ?|\\+44 ?|\\+1 ?|\\+?[0-9]{0,3})[1-9]([ ./-]{0,2}[0-9]{1,3}){2,5}",
        region in prop::sample::select(REGIONS),
    ) {
        let text = raw.trim();
        let default = region_plan(region);
        if let Some(phone) = plain_number(text, default) {
            let general = read_cell(text, region, default);
            prop_assert_eq!(general, Normalized::ok(PhoneCell { primary: phone, others: Vec::new() }));
        }
    }

    #[test]
    fn no_input_panics(raw in "\\PC{0,40}", region in prop::sample::select(&["FR", "US", "", "zz", "001"][..])) {
        let _ = normalize_phone(&raw, region);
    }

    #[test]
    fn no_phone_like_input_panics(raw in "[0-9 +()./#xX;,\\n-]{0,40}") {
        let _ = normalize_phone(&raw, "FR");
    }

    /// Whatever a cell gave, giving its numbers back gives the same numbers.
    #[test]
    fn idempotent(raw in "(\\+|00)?[0-9]{1,3}[ .]?[0-9]{2,12}( poste [0-9]{1,4})?", region in prop::sample::select(REGIONS)) {
        if let Some(cell) = normalize_phone(&raw, region).value {
            for p in std::iter::once(&cell.primary).chain(&cell.others) {
                prop_assert_eq!(&again(p, region), p);
            }
        }
    }
}

/// `cargo test --release --lib normalize::phone -- --ignored --nocapture`
#[test]
#[ignore = "benchmark"]
fn throughput() {
    use std::time::Instant;
    const N: usize = 1_000_000;
    let formats: [fn(u32) -> String; 8] = [
        |n| {
            format!(
                "06 {:02} {:02} {:02} {:02}",
                n % 100,
                n / 100 % 100,
                n / 10_000 % 100,
                n / 1_000_000 % 100
            )
        },
        |n| {
            format!(
                "07.{:02}.{:02}.{:02}.{:02}",
                81 + n % 19,
                n / 100 % 100,
                n / 10_000 % 100,
                n / 1_000_000 % 100
            )
        },
        |n| {
            format!(
                "01-{:02}-{:02}-{:02}-{:02}",
                n % 100,
                n / 100 % 100,
                n / 10_000 % 100,
                n / 1_000_000 % 100
            )
        },
        |n| format!("06{:08}", n % 100_000_000),
        |n| {
            format!(
                "+33 6 {:02} {:02} {:02} {:02}",
                n % 100,
                n / 100 % 100,
                n / 10_000 % 100,
                n / 1_000_000 % 100
            )
        },
        |n| {
            format!(
                "+33 (0)4 {:02} {:02} {:02} {:02}",
                n % 100,
                n / 100 % 100,
                n / 10_000 % 100,
                n / 1_000_000 % 100
            )
        },
        |n| format!("6{:08}", n % 100_000_000),
        |n| {
            format!(
                "0033 1 {:02} {:02} {:02} {:02}",
                n % 100,
                n / 100 % 100,
                n / 10_000 % 100,
                n / 1_000_000 % 100
            )
        },
    ];
    let inputs: Vec<String> = (0..N as u32)
        .map(|i| {
            let n = i.wrapping_mul(2_654_435_761) % 100_000_000;
            formats[i as usize % formats.len()](n)
        })
        .collect();

    // The crate alone, on a tenth (it is slow), one thread.
    let m = N / 10;
    let t = Instant::now();
    let mut valid = 0;
    for s in &inputs[..m] {
        if let Ok(p) = phonenumber::parse(Some(phonenumber::country::FR), s)
            && p.is_valid()
        {
            let _ = p.number_type(&phonenumber::metadata::DATABASE);
            let _ = p.format().mode(phonenumber::Mode::E164).to_string();
            valid += 1;
        }
    }
    let lib = t.elapsed();
    println!(
        "phonenumber crate: {m} values in {lib:.2?}, {:.0} values/s (1 thread), {valid} valid",
        m as f64 / lib.as_secs_f64()
    );

    let t = Instant::now();
    let valid = inputs.iter().filter(|s| normalize_phone(s, "FR").value.is_some()).count();
    let ours = t.elapsed();
    println!(
        "normalize_phone: {N} values in {ours:.2?}, {:.0} values/s (1 thread), {valid} valid",
        N as f64 / ours.as_secs_f64()
    );

    use rayon::prelude::*;
    let t = Instant::now();
    let valid = inputs.par_iter().filter(|s| normalize_phone(s, "FR").value.is_some()).count();
    let par = t.elapsed();
    println!(
        "normalize_phone: {N} values in {par:.2?}, {:.0} values/s ({} threads), {valid} valid",
        N as f64 / par.as_secs_f64(),
        rayon::current_num_threads()
    );
}
